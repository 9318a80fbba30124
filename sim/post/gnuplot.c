/* Running gnuplot on a generated script (see gnuplot.h). Figures are
 * written under a temporary name and renamed only after gnuplot exits 0
 * with a non-empty file, so a figure with the final name is complete. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/afile.h"
#include "post/gnuplot.h"

/* Is there an executable `prog` in PATH (or prog itself when it holds a
 * slash)? The full path into out. */
static int which(const char *prog, char *out, size_t n)
{
    if (strchr(prog, '/')) {
        size_t len = strlen(prog);
        if (len >= n)
            return -1;
        memcpy(out, prog, len + 1);
        return access(prog, X_OK) == 0 ? 0 : -1;
    }
    const char *path = getenv("PATH");
    if (!path)
        return -1;
    while (*path) {
        size_t len = strcspn(path, ":");
        snprintf(out, n, "%.*s/%s", (int)len, len ? path : ".", prog);
        struct stat st;
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
            access(out, X_OK) == 0)
            return 0;
        path += len;
        if (*path == ':')
            path++;
    }
    return -1;
}

int gp_find(char *path, size_t n, char *err, size_t errlen)
{
    const char *env = getenv("COGOV_GNUPLOT");
    if (env && *env) {
        if (which(env, path, n) == 0)
            return 0;
        snprintf(err, errlen, "COGOV_GNUPLOT=%s is not an executable "
                 "program", env);
        return -1;
    }
    if (which("gnuplot", path, n) == 0)
        return 0;
    snprintf(err, errlen, "gnuplot not found on PATH; cogov draws figures "
             "with it (Debian: apt-get install gnuplot-nox, or run make "
             "deps), or name the program in COGOV_GNUPLOT");
    return -1;
}

/* Run argv in dir with stdin from /dev/null and stdout and stderr into
 * log (appended). The exit status, or -1 if it could not run. */
static int run_program(char *const argv[], const char *dir, const char *log)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || out < 0 || (dir && chdir(dir) != 0))
            _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A font family must be known to fontconfig, or cairo silently draws
 * boxes for Chinese: ask fc-list when it is there. */
static int font_missing(const char *family)
{
    char fc[4096], log[] = "/tmp/cogov-fc.XXXXXX";
    if (which("fc-list", fc, sizeof fc))
        return 0;
    int fd = mkstemp(log);
    if (fd < 0)
        return 0;
    close(fd);
    char *argv[] = {fc, (char *)family, "family", NULL};
    int st = run_program(argv, NULL, log);
    struct stat s;
    int missing = st == 0 && stat(log, &s) == 0 && s.st_size == 0;
    unlink(log);
    return missing;
}

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

static int remember(struct gp_job *j, const char *name)
{
    char **m = realloc(j->made, (size_t)(j->n_made + 1) * sizeof *m);
    if (!m)
        return -1;
    j->made = m;
    if (!(m[j->n_made] = strdup(name)))
        return -1;
    j->n_made++;
    return 0;
}

/* Absolute path of a file that may not exist yet (its directory must). */
static int absolute(const char *path, char *out, size_t n)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, real))
        return -1;
    int k = snprintf(out, n, "%s/%s", strcmp(real, "/") ? real : "",
                     slash ? slash + 1 : path);
    if (k < 0 || (size_t)k >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

int gp_begin(struct gp_job *j, const char *out, int force,
             const char *keep_dir, enum lang lang, const char *font,
             int width, int height, char *err, size_t errlen)
{
    return gp_begin_scaled(j, out, force, keep_dir, lang, font, width,
                           height, 1, err, errlen);
}

int gp_begin_scaled(struct gp_job *j, const char *out, int force,
                    const char *keep_dir, enum lang lang, const char *font,
                    int width, int height, double png_scale, char *err,
                    size_t errlen)
{
    memset(j, 0, sizeof *j);
    const char *ext = extension(out);
    const char *term;
    if (!strcmp(ext, "png"))
        term = "pngcairo";
    else if (!strcmp(ext, "svg"))
        term = "svg";
    else if (!strcmp(ext, "pdf"))
        term = "pdfcairo";
    else {
        snprintf(err, errlen, "%s: unknown figure format '.%s' (use .png, "
                 ".svg or .pdf)", out, ext);
        return -1;
    }
    if (gp_find(j->gnuplot, sizeof j->gnuplot, err, errlen))
        return -1;
    if (!font)
        font = lang == LANG_ZH ? "Noto Sans CJK SC" : "Sans";
    if (lang == LANG_ZH && font_missing(font)) {
        snprintf(err, errlen, "--lang zh: font '%s' is not installed (Debian: "
                 "apt-get install fonts-noto-cjk), or name another with "
                 "--font", font);
        return -1;
    }
    struct stat st;
    if (!force && stat(out, &st) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it or -o "
                 "for another name", out);
        return -1;
    }
    if (absolute(out, j->out, sizeof j->out) ||
        strlen(j->out) + sizeof ".partial" > sizeof j->partial) {
        snprintf(err, errlen, "%s: cannot write there: %s", out,
                 strerror(errno));
        return -1;
    }
    snprintf(j->partial, sizeof j->partial, "%s.partial", j->out);
    if (keep_dir) {
        j->keep = 1;
        if (afile_folder(keep_dir, "--keep", err, errlen) != 0)
            return -1;
        snprintf(j->dir, sizeof j->dir, "%s", keep_dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(j->dir, sizeof j->dir, "%s/cogov-plot.XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(j->dir)) {
            snprintf(err, errlen, "cannot create a temporary directory in "
                     "%s: %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
            return -1;
        }
    }
    /* the figure's partial: exclusive, locked, published only if ours */
    if (afile_begin(&j->af, j->out, force, err, errlen)) {
        gp_abort(j);
        return -1;
    }
    j->af_open = 1;
    FILE *f = gp_data(j, "plot.gp", err, errlen);
    if (!f) {
        gp_abort(j);
        return -1;
    }
    j->script = f;
    fputs("# Drawn by cogov plot; redraw with `gnuplot plot.gp` in this "
          "directory.\nset encoding utf8\n", f);
    int png = !strcmp(term, "pngcairo") && png_scale > 1;
    double scale = !strcmp(term, "pdfcairo") ? 0.01 : png ? png_scale : 1;
    fprintf(f, "set terminal %s size %g%s,%g%s font ", term, width * scale,
            scale < 1 ? "in" : "", height * scale, scale < 1 ? "in" : "");
    char fontspec[256];
    snprintf(fontspec, sizeof fontspec, "%s,%d", font,
             !strcmp(term, "pdfcairo") || png ? 9 : 11);
    gp_string(f, fontspec);
    fputs(" noenhanced", f);
    if (png)
        fprintf(f, " fontscale %g linewidth %g", png_scale, png_scale);
    if (strcmp(term, "pdfcairo"))
        fputs(" background rgb \"white\"", f);
    /* cogov passes the temporary name in `out`; by hand, the figure */
    fputs("\nif (!exists(\"out\")) out = ", f);
    gp_string(f, j->out);
    fputs("\nset output out\nset datafile missing NaN\n", f);
    return 0;
}

FILE *gp_data(struct gp_job *j, const char *name, char *err, size_t errlen)
{
    char path[sizeof j->dir + 64];
    snprintf(path, sizeof path, "%s/%s", j->dir, name);
    FILE *f = fopen(path, "w");
    if (!f || remember(j, name)) {
        if (f)
            fclose(f);
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return NULL;
    }
    return f;
}

void gp_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputc('"', f);
}

void gp_set_string(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s = ", name);
    gp_string(f, value);
    fputc('\n', f);
}

void gp_set_array(FILE *f, const char *name, const char *const *v, int n)
{
    fprintf(f, "array %s[%d] = [", name, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        gp_string(f, v[i]);
    }
    fputs(n > 0 ? "]\n" : "\"\"]\n", f);
}

void gp_set_numbers(FILE *f, const char *name, const double *v, int n)
{
    fprintf(f, "array %s[%d] = [", name, n > 0 ? n : 1);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%.9g", i ? ", " : "", v[i]);
    fputs(n > 0 ? "]\n" : "0]\n", f);
}

int gp_append(struct gp_job *j, const char *name, char *err, size_t errlen)
{
    for (int i = 0; i < gp_n_scripts; i++)
        if (!strcmp(gp_scripts[i].name, name)) {
            fprintf(j->script, "\n# ---- analysis/%s.gp ----\n%s", name,
                    gp_scripts[i].text);
            return 0;
        }
    snprintf(err, errlen, "internal: no script analysis/%s.gp in this build",
             name);
    return -1;
}

static void cleanup(struct gp_job *j)
{
    if (j->script)
        fclose(j->script);
    j->script = NULL;
    char path[sizeof j->dir + 64];
    for (int i = 0; i < j->n_made; i++) {
        if (!j->keep) {
            snprintf(path, sizeof path, "%s/%s", j->dir, j->made[i]);
            unlink(path);
        }
        free(j->made[i]);
    }
    free(j->made);
    j->made = NULL;
    j->n_made = 0;
    if (!j->keep && j->dir[0])
        rmdir(j->dir);
    if (j->af_open)
        afile_end(&j->af, 1);
    j->af_open = 0;
}

void gp_abort(struct gp_job *j) { cleanup(j); }

/* Append the first lines of gnuplot's messages to err. */
static void append_log(const char *log, char *err, size_t errlen)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char line[512];
    int k = 0;
    while (k < 8 && fgets(line, sizeof line, f)) {
        size_t used = strlen(err);
        if (line[0] == '\n' || used + 8 >= errlen)
            continue;
        snprintf(err + used, errlen - used, "\n  gnuplot: %s", line);
        used = strlen(err);
        if (used && err[used - 1] == '\n')
            err[used - 1] = 0;
        k++;
    }
    fclose(f);
}

int gp_finish(struct gp_job *j, char *err, size_t errlen)
{
    int bad = ferror(j->script);
    if (fclose(j->script) != 0 || bad) {
        j->script = NULL;
        snprintf(err, errlen, "cannot write %s/plot.gp", j->dir);
        cleanup(j);
        return -1;
    }
    j->script = NULL;
    char log[sizeof j->dir + 64];
    snprintf(log, sizeof log, "%s/gnuplot.log", j->dir);
    unlink(log);
    remember(j, "gnuplot.log");
    char *set_out = NULL;
    size_t set_len = 0;
    FILE *m = open_memstream(&set_out, &set_len);
    if (m) {
        gp_set_string(m, "out", j->partial);
        fclose(m);
    }
    char *argv[] = {j->gnuplot, "-e", set_out, "plot.gp", NULL};
    int st = set_out ? run_program(argv, j->dir, log) : -1;
    free(set_out);
    struct stat s;
    int rc = -1;
    if (st != 0) {
        if (st == 127 || st < 0)
            snprintf(err, errlen, "could not run %s", j->gnuplot);
        else
            snprintf(err, errlen, "gnuplot failed (exit %d) drawing %s",
                     st, j->out);
        append_log(log, err, errlen);
    } else if (stat(j->partial, &s) != 0 || s.st_size == 0) {
        snprintf(err, errlen, "gnuplot wrote no figure %s", j->partial);
        append_log(log, err, errlen);
    } else {
        /* published, or complete and kept under its partial name */
        rc = afile_publish(&j->af, err, errlen) ? -1 : 0;
        afile_end(&j->af, 0);
        j->af_open = 0;
    }
    cleanup(j);
    return rc;
}
