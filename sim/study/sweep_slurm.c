/* `cogov sweep slurm`: an sbatch script running the sweep as a Slurm job
 * array (docs/CLUSTER.md, "Slurm"). Element i runs the tasks of chunk i
 * through `cogov sweep run DIR --task i --chunk C`, several runs to an
 * element so that one lasts minutes, not seconds; the array lists only
 * the elements with tasks not done, so writing the script again after a
 * partial run resubmits only those (and elements skip complete tasks
 * anyway). Optionally a collect job waits for the array. */
#define _XOPEN_SOURCE 700   /* timegm is _DEFAULT_SOURCE */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/msg.h"
#include "io/h5in.h"

#include "study/sweep.h"

/* Characters a value may hold on an #SBATCH line, where Slurm does no
 * shell quoting. */
static int plain(const char *s, const char *extra)
{
    if (!s || !*s)
        return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || strchr(extra, *c)))
            return 0;
    return 1;
}

/* Single-quoted for the shell. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (const char *c = s; *c; c++)
        if (*c == '\'')
            fputs("'\\''", f);
        else
            fputc(*c, f);
    fputc('\'', f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median run time of up to 25 done runs: from a run file's created_utc
 * (its start) to its modification time (its end). */
static double run_seconds(const char *dir, const unsigned char *states,
                          int64_t n_runs, int *measured)
{
    double t[25];
    int n = 0;
    for (int64_t k = 0; k < n_runs && n < 25; k++) {
        char path[4200], when[64], why[256];
        struct h5in *f;
        struct stat st;
        struct tm tm;
        if (states[k] != TASK_DONE)
            continue;
        sweep_task_path(dir, k, ".h5", path, sizeof path);
        if (stat(path, &st) || h5in_open(&f, path, 0, why, sizeof why))
            continue;
        int bad = h5in_attr_string(f, "created_utc", when, sizeof when);
        h5in_close(f);
        memset(&tm, 0, sizeof tm);
        if (bad || !strptime(when, "%Y-%m-%dT%H:%M:%SZ", &tm))
            continue;
        double d = difftime(st.st_mtime, timegm(&tm));
        t[n++] = d > 1 ? d : 1;    /* one-second clocks */
    }
    *measured = n;
    if (!n)
        return 0;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return t[n / 2];
}

/* The #SBATCH lines an array and a collect job share. */
static int common_lines(FILE *f, const struct sweep_slurm_opts *o,
                        char *err, size_t errlen)
{
    if (o->time)
        fprintf(f, "#SBATCH --time=%s\n", o->time);
    if (o->mem)
        fprintf(f, "#SBATCH --mem=%s\n", o->mem);
    if (o->partition)
        fprintf(f, "#SBATCH --partition=%s\n", o->partition);
    if (o->account)
        fprintf(f, "#SBATCH --account=%s\n", o->account);
    for (int i = 0; i < o->n_sbatch; i++) {
        const char *x = o->sbatch[i];
        if (strncmp(x, "--", 2) || strpbrk(x, "\n\r")) {
            snprintf(err, errlen, "--sbatch '%s': one line of sbatch options"
                     " starting with --, e.g. --sbatch \"--qos=long\"", x);
            return -1;
        }
        fprintf(f, "#SBATCH %s\n", x);
    }
    for (int i = 0; i < o->n_modules; i++) {
        fputs("module load ", f);
        put_quoted(f, o->modules[i]);
        fputc('\n', f);
    }
    return 0;
}

static int check_opts(const char *dir, const struct sweep_slurm_opts *o,
                      char *err, size_t errlen)
{
    if (!plain(dir, "/._-+")) {
        snprintf(err, errlen, "%s: Slurm's #SBATCH lines cannot quote this "
                 "path; use a sweep directory whose absolute path has only "
                 "letters, digits and / . _ - +", dir);
        return -1;
    }
    if (o->array_max < 1) {
        snprintf(err, errlen, "--array-max must be at least 1");
        return -1;
    }
    if (o->time && !plain(o->time, ":-")) {
        snprintf(err, errlen, "--time '%s': expected Slurm's format, e.g. "
                 "30, 2:00:00 or 1-12:00:00", o->time);
        return -1;
    }
    if (o->mem && !plain(o->mem, "")) {
        snprintf(err, errlen, "--mem '%s': expected e.g. 4G or 2000M",
                 o->mem);
        return -1;
    }
    if ((o->partition && !plain(o->partition, "_.,-")) ||
        (o->account && !plain(o->account, "_.-"))) {
        snprintf(err, errlen, "--partition/--account: letters, digits and "
                 "_ . - only");
        return -1;
    }
    return 0;
}

char *sweep_slurm_script(const char *dir, const struct sweep_plan *pl,
                         const struct sweep_slurm_opts *o,
                         struct sweep_slurm_plan *sp, char *err,
                         size_t errlen)
{
    memset(sp, 0, sizeof *sp);
    if (check_opts(dir, o, err, errlen))
        return NULL;
    unsigned char *states = malloc((size_t)pl->n_runs + 1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = NULL;
    if (!states) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (sweep_task_states(dir, pl->n_runs, states, err, errlen))
        goto fail;
    sp->n_runs = pl->n_runs;
    for (int64_t k = 0; k < pl->n_runs; k++)
        sp->left += states[k] != TASK_DONE;
    sp->run_seconds = run_seconds(dir, states, pl->n_runs, &sp->measured);
    int64_t chunk = o->runs_per_task;
    if (chunk <= 0)    /* about ten minutes an element */
        chunk = sp->run_seconds > 0 ? (int64_t)ceil(600 / sp->run_seconds)
                                    : 1;
    int64_t least = (pl->n_runs + o->array_max - 1) / o->array_max;
    if (chunk < least)
        chunk = least;
    if (chunk > pl->n_runs)
        chunk = pl->n_runs > 0 ? pl->n_runs : 1;
    sp->chunk = chunk;
    if (!(f = open_memstream(&text, &len))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    /* the elements with a task to do (not done, not held elsewhere) */
    int64_t n_el = (pl->n_runs + chunk - 1) / chunk, run_start = -1;
    char *list = NULL;
    size_t llen = 0;
    FILE *l = open_memstream(&list, &llen);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    for (int64_t e = 0; e <= n_el; e++) {
        int todo = 0;
        for (int64_t k = e * chunk; e < n_el && k < (e + 1) * chunk &&
                                    k < pl->n_runs; k++)
            todo |= states[k] == TASK_PENDING || states[k] == TASK_FAILED;
        if (todo && run_start < 0)
            run_start = e;
        if (!todo && run_start >= 0) {
            fprintf(l, "%s%lld", sp->elements ? "," : "",
                    (long long)run_start);
            if (e - 1 > run_start)
                fprintf(l, "-%lld", (long long)(e - 1));
            sp->elements += e - run_start;
            run_start = -1;
        }
    }
    fclose(l);
    if (!sp->elements) {
        free(list);
        snprintf(err, errlen, "%s: every task is done or running elsewhere; "
                 "nothing to submit (cogov sweep status %s)", dir, dir);
        goto fail;
    }
    fprintf(f,
            "#!/bin/bash\n"
            "# Sweep \"%s\": %lld of %lld tasks left (%lld points x %lld "
            "replicates), as a Slurm\n"
            "# job array of the %lld elements holding them, %lld task%s an "
            "element.\n"
            "# Written by `cogov sweep slurm`; write it again after a "
            "partial run and submit:\n"
            "# the array then holds only the elements with tasks left.\n",
            pl->name, (long long)sp->left, (long long)pl->n_runs,
            (long long)pl->n_points, (long long)pl->n_replicates,
            (long long)sp->elements, (long long)chunk, chunk == 1 ? "" : "s");
    if (sp->run_seconds > 0)
        fprintf(f, "# Runs take %.1f s (median of %d done): about %.2f core "
                "hours left.\n", sp->run_seconds, sp->measured,
                sp->run_seconds * (double)sp->left *
                    (o->cpus > 0 ? o->cpus : 1) / 3600);
    fprintf(f, "#SBATCH --job-name=cogov-%s\n",
            plain(pl->name, "._-") ? pl->name : "sweep");
    fprintf(f, "#SBATCH --array=%s", list);
    free(list);
    if (o->throttle > 0)
        fprintf(f, "%%%lld", (long long)o->throttle);
    fprintf(f, "\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=%d\n",
            o->cpus > 0 ? o->cpus : 1);
    fprintf(f, "#SBATCH --output=%s/slurm/%%A_%%a.out\n", dir);
    if (common_lines(f, o, err, errlen))
        goto fail;
    fprintf(f,
            "# one OpenMP thread per allocated core; each task writes its "
            "own file and never\n"
            "# the index, so HDF5's own file locks (which NFS and Lustre "
            "often refuse) are\n"
            "# not needed: cogov guards tasks with fcntl record locks.\n"
            "export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n"
            "export HDF5_USE_FILE_LOCKING=FALSE\n"
            "exec ");
    put_quoted(f, o->cogov);
    fputs(" sweep run ", f);
    put_quoted(f, dir);
    fprintf(f, " --task \"$SLURM_ARRAY_TASK_ID\"");
    if (chunk > 1)
        fprintf(f, " --chunk %lld", (long long)chunk);
    fputc('\n', f);
    if (fclose(f) != 0 || !text) {
        f = NULL;
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    free(states);
    return text;
fail:
    if (f)
        fclose(f);
    free(text);
    free(states);
    return NULL;
}

char *sweep_slurm_collect_script(const char *dir,
                                 const struct sweep_slurm_opts *o, char *err,
                                 size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    fprintf(f, "#!/bin/bash\n# Collect the sweep in %s once its array has "
            "ended (submit.sh submits it\n# with --dependency=afterany): the "
            "index and DIR/runs.csv.\n#SBATCH --job-name=cogov-collect\n"
            "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
            "#SBATCH --output=%s/slurm/collect_%%j.out\n", dir, dir);
    if (common_lines(f, o, err, errlen)) {
        fclose(f);
        free(text);
        return NULL;
    }
    fputs("export HDF5_USE_FILE_LOCKING=FALSE\nexec ", f);
    put_quoted(f, o->cogov);
    fputs(" sweep collect ", f);
    put_quoted(f, dir);
    fputs(" --csv ", f);
    fprintf(f, "'%s/runs.csv' --force\n", dir);
    if (fclose(f) != 0) {
        free(text);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return text;
}

/* text without its comment lines and its #SBATCH --array line */
static char *stable_part(const char *text)
{
    char *out = malloc(strlen(text) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *l = text; *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);
        int skip = (l[0] == '#' && l[1] != 'S' && l[1] != '!') ||
                   !strncmp(l, "#SBATCH --array=", 16);
        if (!skip) {
            memcpy(o, l, n);
            o += n;
        }
        l += n;
    }
    *o = 0;
    return out;
}

char *sweep_slurm_submit_script(const char *script, const char *dir)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fprintf(f, "#!/bin/sh\n# Written by cogov sweep slurm --collect: submit "
            "the array, then a collect job\n# that runs when every element "
            "has ended.\nset -e\njid=$(sbatch --parsable '%s')\n"
            "sbatch --dependency=afterany:\"${jid%%%%;*}\" "
            "'%s/collect.sbatch'\n", script, dir);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

int sweep_slurm_keep(const char *path, const char *text, int force,
                     int *exists, int *replaced)
{
    FILE *f = fopen(path, "r");
    *exists = *replaced = 0;
    if (!f)
        return 0;
    *exists = 1;
    size_t cap = 1 << 16, n = 0;
    char *old = malloc(cap + 1);
    n = old ? fread(old, 1, cap, f) : 0;
    fclose(f);
    if (!old)
        return msg_error("out of memory");
    old[n] = 0;
    int rc = 0;
    if (strcmp(old, text)) {
        char *a = stable_part(old), *b = stable_part(text);
        if (a && b && !strcmp(a, b))
            *replaced = 1;
        else if (force)
            *replaced = 1;
        else
            rc = msg_error("%s exists and differs in more than its array; "
                           "use --force to replace it or -o for another "
                           "name", path);
        free(a);
        free(b);
    }
    free(old);
    return rc;
}
