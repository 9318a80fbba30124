/* The demo as an animated GIF for slides: the frames are written as data
 * files (a CSV of weekly values and a matrix of building values per frame
 * and run), and gnuplot draws them with analysis/demo_gif.gp, one GIF
 * frame per simulated week. The GIF is written as FILE.partial and only
 * renamed to FILE when gnuplot succeeded, so a failure or Ctrl-C never
 * leaves a file that looks complete. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo/demo.h"
#include "io/afile.h"

/* fopen for writing, and fclose, with the reason in err on failure. */
static FILE *open_out(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path, char *err, size_t errlen)
{
    if (fclose(f) == 0)
        return 0;
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
}

static int write_csv(const char *path, const struct demo_run *r, char *err,
                     size_t errlen)
{
    FILE *f = open_out(path, err, errlen);
    if (!f)
        return -1;
    fprintf(f, "frame,day,open");
    for (int s = 0; s < N_SCOPES; s++)
        fprintf(f, ",open_%s", scope_names[s]);
    for (int c = 0; c < N_CHANNELS; c++)
        fprintf(f, ",solved_%s", channel_names[c]);
    fprintf(f, ",satisfaction,trust_gov,trust_com,participation,efficacy\n");
    for (int k = 0; k < r->done; k++) {
        const struct demo_frame *fr = &r->frames[k];
        fprintf(f, "%d,%d,%.17g", k, fr->day, fr->open);
        for (int s = 0; s < N_SCOPES; s++)
            fprintf(f, ",%.17g", fr->open_scope[s]);
        for (int c = 0; c < N_CHANNELS; c++)
            fprintf(f, ",%.17g", fr->solved[c]);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g\n", fr->satisfaction,
                fr->trust_gov, fr->trust_com, fr->participation,
                fr->efficacy);
    }
    return close_out(f, path, err, errlen);
}

static uint32_t max_buildings(const struct demo_run *r)
{
    uint32_t m = 0;
    for (uint32_t c = 0; c < r->n_comm; c++)
        if (r->c_nb[c] > m)
            m = r->c_nb[c];
    return m;
}

/* One matrix a frame (communities x buildings, NaN where a community has
 * fewer buildings), frames separated by two blank lines for gnuplot's
 * `index`. */
static int write_map(const char *path, const struct demo_run *r, char *err,
                     size_t errlen)
{
    FILE *f = open_out(path, err, errlen);
    if (!f)
        return -1;
    uint32_t mb = max_buildings(r);
    for (int k = 0; k < r->done; k++) {
        const float *map = demo_run_map(r, k);
        if (k)
            fputs("\n\n", f);
        for (uint32_t c = 0; c < r->n_comm; c++) {
            for (uint32_t b = 0; b < mb; b++) {
                if (b < r->c_nb[c])
                    fprintf(f, "%s%.9g", b ? " " : "",
                            (double)map[r->c_first[c] + b]);
                else
                    fprintf(f, "%sNaN", b ? " " : "");
            }
            fputc('\n', f);
        }
    }
    return close_out(f, path, err, errlen);
}

int demo_gif_data(const char *dir, const struct demo_run *runs, int n,
                  char *err, size_t errlen)
{
    char path[4096];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/run%d.csv", dir, i + 1);
        if (write_csv(path, &runs[i], err, errlen))
            return -1;
        snprintf(path, sizeof path, "%s/run%d_map.dat", dir, i + 1);
        if (write_map(path, &runs[i], err, errlen))
            return -1;
    }
    return 0;
}

/* A gnuplot string literal: single quotes, a quote doubled. */
static void gp_string(FILE *f, const char *var, const char *s)
{
    fprintf(f, "%s = '", var);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        if (*s != '\n')
            fputc(*s, f);
    }
    fputs("'\n", f);
}

/* The variables demo_gif.gp reads: files, labels, scales, words. */
static int write_vars(const char *path, const char *dir, const char *out,
                      const char *stills, const struct demo_run *runs, int n,
                      double lo, double hi, int lang, char *err,
                      size_t errlen)
{
    FILE *f = open_out(path, err, errlen);
    if (!f)
        return -1;
    int frames = 0, days = 0;
    double open_max = 1, solved_max = 1, part_max = 0.01;
    double m_lo = 1, m_hi = 0;
    for (int i = 0; i < n; i++) {
        const struct demo_run *r = &runs[i];
        if (r->done > frames)
            frames = r->done;
        if (r->done && r->frames[r->done - 1].day + 1 > days)
            days = r->frames[r->done - 1].day + 1;
        for (int k = 0; k < r->done; k++) {
            double tot = 0;
            for (int c = 0; c < N_CHANNELS; c++)
                tot += r->frames[k].solved[c];
            solved_max = tot > solved_max ? tot : solved_max;
            for (int s = 0; s < N_SCOPES; s++)
                if (r->frames[k].open_scope[s] > open_max)
                    open_max = r->frames[k].open_scope[s];
            const struct demo_frame *fr = &r->frames[k];
            double m[3] = {fr->satisfaction, fr->trust_gov, fr->trust_com};
            for (int j = 0; j < 3; j++) {
                m_lo = m[j] < m_lo ? m[j] : m_lo;
                m_hi = m[j] > m_hi ? m[j] : m_hi;
            }
            part_max = fr->participation > part_max ? fr->participation
                                                    : part_max;
        }
    }
    /* shared scales with a margin; at least 0.1 wide so that noise in
     * the third decimal does not look like a trend */
    if (m_hi - m_lo < 0.1) {
        double mid = 0.5 * (m_lo + m_hi);
        m_lo = mid - 0.05;
        m_hi = mid + 0.05;
    }
    const struct demo_state_def *st = &demo_states[runs[0].state];
    fprintf(f, "nruns = %d\nframes = %d\ndays = %d\nframe_days = %d\n", n,
            frames, days, runs[0].frame_days);
    for (int c = 0; c < N_CHANNELS; c++) {
        int used = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < runs[i].done; k++)
                used |= runs[i].frames[k].solved[c] > 0;
        fprintf(f, "chan%d = %d\n", c + 1, used);
    }
    fprintf(f, "open_max = %.17g\nsolved_max = %.17g\n", open_max,
            solved_max);
    fprintf(f, "lo = %.17g\nhi = %.17g\nhigh_is_good = %d\n", lo, hi,
            st->high_is_good);
    fprintf(f, "means_lo = %.17g\nmeans_hi = %.17g\npart_max = %.17g\n",
            m_lo - 0.01, m_hi + 0.01, part_max * 1.15);
    gp_string(f, "dir", dir);
    gp_string(f, "out", out ? out : "");
    gp_string(f, "stills", stills ? stills : "");
    gp_string(f, "state_label", st->label[lang]);
    for (int i = 0; i < n; i++) {
        char var[32];
        snprintf(var, sizeof var, "label%d", i + 1);
        gp_string(f, var, runs[i].label);
        fprintf(f, "ncomm%d = %u\nframes%d = %d\n", i + 1,
                runs[i].n_comm, i + 1, runs[i].done);
    }
    static const char *const keys[] = {
        "backlog", "solved", "satisfaction", "trust_gov", "trust_com",
        "participation", "scope.private", "scope.community",
        "scope.government", "ch.self", "ch.tie", "ch.market",
        "ch.community", "ch.deliberation", "ch.socorg", "ch.volunteer",
        "ch.mediation", "ch.government", "ch.units", "week", "day", "days", "means"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char var[40];
        snprintf(var, sizeof var, "w_%s", keys[k]);
        for (char *p = var; *p; p++)
            if (*p == '.')
                *p = '_';
        gp_string(f, var, demo_view_word(keys[k], lang));
    }
    return close_out(f, path, err, errlen);
}

/* Run gnuplot VARS SCRIPT with its output in log. 0, or -1 with err
 * holding the end of gnuplot's complaint. */
static int run_gnuplot(const char *vars, const char *script, const char *log,
                       char *err, size_t errlen)
{
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot start gnuplot: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        execlp("gnuplot", "gnuplot", vars, script, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            snprintf(err, errlen, "waiting for gnuplot: %s", strerror(errno));
            return -1;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        snprintf(err, errlen, "gnuplot not found: install it with apt-get "
                 "install gnuplot-nox");
        return -1;
    }
    /* the last line gnuplot wrote says what went wrong */
    char last[512] = "", line[512];
    FILE *f = fopen(log, "r");
    while (f && fgets(line, sizeof line, f))
        if (line[0] != '\n')
            snprintf(last, sizeof last, "%s", line);
    if (f)
        fclose(f);
    last[strcspn(last, "\n")] = 0;
    if (WIFSIGNALED(status))
        snprintf(err, errlen, "gnuplot was stopped by signal %d",
                 WTERMSIG(status));
    else
        snprintf(err, errlen, "gnuplot failed (%s): %s", script,
                 last[0] ? last : "no message");
    return -1;
}

/* Move the stills of `frames` frames from tmp into dir. 0 or -1. */
static int move_stills(const char *tmp, const char *dir, int frames,
                       char *err, size_t errlen)
{
    char from[4300], to[4300];
    for (int f = 0; f <= frames; f++) {
        const char *name = f < frames ? "week%02d.png" : "weeks.pdf";
        char base[32];
        snprintf(base, sizeof base, name, f + 1);
        snprintf(from, sizeof from, "%s/%s", tmp, base);
        snprintf(to, sizeof to, "%s/%s", dir, base);
        if (rename(from, to)) {
            snprintf(err, errlen, "cannot move %s to %s: %s", from, to,
                     strerror(errno));
            return -1;
        }
    }
    return 0;
}

int demo_gif_draw(const char *home, const char *out, int force,
                  const char *stills, const struct demo_run *runs, int n,
                  double lo, double hi, int lang, char *err, size_t errlen)
{
    char dir[4096], vars[4200], log[4200], script[4200];
    const char *tmp = getenv("TMPDIR");
    int rc = -1, made_partial = 0, frames = 0;
    struct afile af;
    for (int i = 0; i < n; i++)
        frames = runs[i].done > frames ? runs[i].done : frames;
    /* stills are drawn next to where they go, so that moving them in is
     * a rename */
    snprintf(dir, sizeof dir, "%s/%s.XXXXXX",
             stills ? stills : tmp && *tmp ? tmp : "/tmp",
             stills ? ".cogov-frames" : "cogov-demo");
    if (!mkdtemp(dir)) {
        snprintf(err, errlen, "cannot make a temporary directory %s: %s", dir,
                 strerror(errno));
        return -1;
    }
    snprintf(vars, sizeof vars, "%s/vars.gp", dir);
    snprintf(log, sizeof log, "%s/gnuplot.log", dir);
    snprintf(script, sizeof script, "%s/analysis/demo_gif.gp", home);
    if (access(script, R_OK)) {
        snprintf(err, errlen, "%s: %s (the GIF script of cogov demo)", script,
                 strerror(errno));
        goto done;
    }
    /* gnuplot writes the GIF into our exclusive, locked partial */
    if (out && afile_begin(&af, out, force, err, errlen))
        goto done;
    made_partial = out != NULL;
    if (demo_gif_data(dir, runs, n, err, errlen) ||
        write_vars(vars, dir, out ? af.partial : NULL, out ? NULL : dir, runs,
                   n, lo, hi, lang, err, errlen))
        goto done;
    if (run_gnuplot(vars, script, log, err, errlen))
        goto done;
    if (!out) {
        rc = move_stills(dir, stills, frames, err, errlen);
        goto done;
    }
    struct stat st;
    if (stat(af.partial, &st) || st.st_size == 0) {
        snprintf(err, errlen, "gnuplot wrote no GIF to %s", af.partial);
        goto done;
    }
    /* published, or complete and kept under its partial name */
    rc = afile_publish(&af, err, errlen) ? -1 : 0;
    afile_end(&af, 0);
    made_partial = 0;
done:
    if (made_partial)
        afile_end(&af, 1);
    char path[4300];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/run%d.csv", dir, i + 1);
        remove(path);
        snprintf(path, sizeof path, "%s/run%d_map.dat", dir, i + 1);
        remove(path);
    }
    for (int f = 0; f <= frames && !out; f++) {   /* after a failure */
        if (f < frames)
            snprintf(path, sizeof path, "%s/week%02d.png", dir, f + 1);
        else
            snprintf(path, sizeof path, "%s/weeks.pdf", dir);
        remove(path);
    }
    remove(vars);
    remove(log);
    rmdir(dir);
    return rc;
}
