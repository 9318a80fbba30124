/* The `cogov sweep` command (docs/CLUSTER.md): plan, run, status,
 * collect and slurm. This is the command-line layer: it parses options,
 * turns failures into one message and an exit status, and leaves the work
 * to the sweep_* modules. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700   /* realpath */
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/opts.h"
#include "study/sweep.h"

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { stop_requested = sig; }

static const char *usage_sweep =
    "usage: cogov sweep plan SWEEP.cfg -o DIR   expand a sweep file into "
    "DIR/index.h5\n"
    "       cogov sweep run DIR [--jobs N] [--task K [--chunk C]] "
    "[--threads T] [-q]\n"
    "             [--allow-mixed-revisions]\n"
    "                                       run the pending tasks (resumes)\n"
    "       mpirun -np P cogov-mpi sweep run DIR   the same as an MPI task "
    "farm\n"
    "       cogov sweep status DIR              pending, running, done, "
    "failed\n"
    "       cogov sweep collect DIR [--window DAYS] [--csv FILE [--force]]\n"
    "                                       final-window means of every run "
    "into the index\n"
    "                                       (and one CSV row per run)\n"
    "       cogov sweep slurm DIR [--array-max M] [--time T] [--cpus C] "
    "[--mem M]\n"
    "             [--partition P] [--account A] [--module M]... [--throttle "
    "N]\n"
    "             [-o FILE] [--force]       an sbatch job-array script "
    "(DIR/sweep.sbatch)\n"
    "       cogov sweep analyze DIR [--metric M]... [--lang zh]\n"
    "                                       Morris / Sobol' sensitivity "
    "(see its --help)\n"
    "\n"
    "A sweep file names a base scenario, the parameters to vary (value "
    "lists,\n"
    "ranges with steps, or a Latin hypercube), the replicates and the seed;"
    "\n"
    "replicate r of every point uses the same seed. Every run is one task "
    "and\n"
    "one file DIR/runs/run_NNNNNN.h5; rerunning skips complete files. See\n"
    "docs/CLUSTER.md.\n";

static int parse_int(const char *opt, const char *s, long long lo,
                     long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || errno || !*s || *end || v < lo || v > hi)
        return msg_error("%s '%s': expected an integer in [%lld, %lld]", opt,
                         s ? s : "", lo, hi);
    *out = v;
    return 0;
}

static int cmd_plan(int argc, char **argv)
{
    const char *file = NULL, *dir = NULL;
    char err[CONFIG_ERR_MAX];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc)
                return msg_error("%s needs a directory", argv[i]);
            dir = argv[++i];
        } else if (argv[i][0] == '-') {
            return msg_error("sweep plan: unknown option '%s' (see cogov "
                             "sweep --help)", argv[i]);
        } else if (file) {
            return msg_error("sweep plan: one sweep file at a time ('%s' "
                             "and '%s')", file, argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (!file || !dir)
        return msg_error("usage: cogov sweep plan SWEEP.cfg -o DIR");
    struct sweep_plan pl;
    if (sweep_plan_load(file, &pl, err, sizeof err))
        return msg_error("%s", err);
    for (const char *w = pl.warnings; *w;) {
        const char *nl = strchr(w, '\n');
        int len = nl ? (int)(nl - w) : (int)strlen(w);
        fprintf(stderr, "cogov: warning: %s: %.*s\n", file, len, w);
        w += len + (nl != NULL);
    }
    int rc = 1, existed = 0;
    if (sweep_plan_install(dir, &pl, &existed, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (existed) {
        printf("cogov sweep plan: %s already holds this plan (%lld runs); "
               "nothing to do\n", dir, (long long)pl.n_runs);
        rc = 0;
        goto out;
    }
    printf("cogov sweep plan: %lld runs (%lld points x %lld replicates) in "
           "%s/index.h5\n"
           "  run here:      cogov sweep run %s --jobs N\n"
           "  with MPI:      mpirun -np P cogov-mpi sweep run %s\n"
           "  with Slurm:    cogov sweep slurm %s && sbatch %s/sweep.sbatch"
           "\n",
           (long long)pl.n_runs, (long long)pl.n_points,
           (long long)pl.n_replicates, dir, dir, dir, dir, dir);
    rc = 0;
out:
    sweep_plan_free(&pl);
    return rc;
}

/* The directory argument and the options of run/status/collect/slurm. */
static int one_dir(const char *cmd, const char *a, const char **dir)
{
    if (*dir)
        return msg_error("sweep %s: one directory at a time ('%s' and '%s')",
                         cmd, *dir, a);
    *dir = a;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct sweep_run_opts o = {.task = -1, .chunk = 1, .jobs = 1,
                               .stop = &stop_requested};
    const char *dir = NULL;
    long long v;
    int chunk_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--task")) {
            if (parse_int(a, val, 0, SWEEP_MAX_RUNS, &v))
                return 1;
            o.task = v;
            i++;
        } else if (!strcmp(a, "--chunk")) {
            if (parse_int(a, val, 1, SWEEP_MAX_RUNS, &v))
                return 1;
            o.chunk = v;
            chunk_given = 1;
            i++;
        } else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
            if (parse_int(a, val, 1, 4096, &v))
                return 1;
            o.jobs = (int)v;
            i++;
        } else if (!strcmp(a, "--threads")) {
            if (parse_int(a, val, 1, 4096, &v))
                return 1;
            o.threads = (int)v;
            i++;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(a, "--allow-mixed-revisions")) {
            o.allow_mixed = 1;
        } else if (a[0] == '-') {
            return msg_error("sweep run: unknown option '%s' (see cogov "
                             "sweep --help)", a);
        } else if (one_dir("run", a, &dir)) {
            return 1;
        }
    }
    if (!dir)
        return msg_error("usage: cogov sweep run DIR [--jobs N] [--task K]");
    if (chunk_given && o.task < 0)
        return msg_error("sweep run: --chunk goes with --task (array element"
                         " K runs tasks K*C to K*C+C-1)");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;   /* no SA_RESTART: waitpid must wake up */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    char err[CONFIG_ERR_MAX];
    int rc = sweep_run(dir, &o, err, sizeof err);
    if (rc < 0)
        return msg_error("%s", err);
    return rc;
}

static void progress_bar(int64_t done, int64_t total)
{
    int width = 40, fill = total ? (int)(width * done / total) : width;
    printf("[");
    for (int i = 0; i < width; i++)
        putchar(i < fill ? '#' : '-');
    printf("] %3d%%  %lld/%lld done\n",
           total ? (int)(100 * done / total) : 100, (long long)done,
           (long long)total);
}

static int cmd_status(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            return msg_error("sweep status: unknown option '%s'", argv[i]);
        if (one_dir("status", argv[i], &dir))
            return 1;
    }
    if (!dir)
        return msg_error("usage: cogov sweep status DIR");
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int64_t c[N_TASK_STATES];
    unsigned char *states;
    if (sweep_index_read(dir, &pl, err, sizeof err))
        return msg_error("%s", err);
    if (sweep_count(dir, pl.n_runs, c, &states, err, sizeof err)) {
        sweep_plan_free(&pl);
        return msg_error("%s", err);
    }
    printf("sweep \"%s\" in %s: %lld tasks (%lld points x %lld "
           "replicates)\n", pl.name, dir, (long long)pl.n_runs,
           (long long)pl.n_points, (long long)pl.n_replicates);
    for (int s = 0; s < N_TASK_STATES; s++)
        printf("  %-8s %lld\n", sweep_state_names[s], (long long)c[s]);
    if (isatty(STDOUT_FILENO))
        progress_bar(c[TASK_DONE], pl.n_runs);
    int shown = 0;
    for (int64_t k = 0; k < pl.n_runs && shown < 5; k++) {
        if (states[k] != TASK_FAILED)
            continue;
        char path[4200], line[512];
        sweep_task_path(dir, k, ".failed", path, sizeof path);
        sweep_read_line(path, line, sizeof line);
        printf("%s  task %lld: %s\n", shown ? "" : "failed tasks (rerun "
               "`cogov sweep run` to retry them):\n", (long long)k, line);
        shown++;
    }
    if (c[TASK_FAILED] > shown)
        printf("  ... and %lld more (cogov sweep collect puts every error in"
               " /runs/error)\n", (long long)(c[TASK_FAILED] - shown));
    free(states);
    sweep_plan_free(&pl);
    return 0;
}

static int cmd_collect(int argc, char **argv)
{
    const char *dir = NULL, *csv = NULL;
    long long window = 0;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--window")) {
            if (parse_int(argv[i], i + 1 < argc ? argv[i + 1] : NULL, 1,
                          36500, &window))
                return 1;
            i++;
        } else if (!strcmp(argv[i], "--csv")) {
            if (i + 1 >= argc)
                return msg_error("--csv needs a file name (- for standard "
                                 "output)");
            csv = argv[++i];
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else if (argv[i][0] == '-') {
            return msg_error("sweep collect: unknown option '%s'", argv[i]);
        } else if (one_dir("collect", argv[i], &dir)) {
            return 1;
        }
    }
    if (!dir)
        return msg_error("usage: cogov sweep collect DIR [--window DAYS] "
                         "[--csv FILE]");
    char err[CONFIG_ERR_MAX], tmp[4200];
    int64_t c[N_TASK_STATES];
    struct sweep_plan pl;
    struct sweep_final fin;
    if (sweep_final_load(dir, (int)window, &pl, &fin, c, err, sizeof err))
        return msg_error("%s", err);
    int rc = 0;
    if (sweep_index_write(dir, &pl, &fin, err, sizeof err)) {
        rc = msg_error("%s", err);
    } else if (csv && !strcmp(csv, "-")) {
        rc = sweep_write_csv(stdout, &pl, &fin) ? 1 : 0;
    } else if (csv) {
        FILE *f = sweep_out_open(csv, force, tmp, sizeof tmp);
        if (!f)
            rc = 1;
        else {
            sweep_write_csv(f, &pl, &fin);
            rc = sweep_out_close(f, tmp, csv);
        }
    }
    if (rc == 0 && !(csv && !strcmp(csv, "-")))
        printf("cogov sweep collect: %s/index.h5%s%s holds the final-window "
               "means of %lld done runs (%lld failed, %lld running, %lld "
               "pending)\n", dir, csv ? " and " : "", csv ? csv : "",
               (long long)c[TASK_DONE], (long long)c[TASK_FAILED],
               (long long)c[TASK_RUNNING], (long long)c[TASK_PENDING]);
    sweep_final_free(&fin, pl.n_runs);
    sweep_plan_free(&pl);
    return rc;
}

static int cmd_slurm(int argc, char **argv)
{
    struct sweep_slurm_opts o = {.array_max = 1000, .cpus = 1};
    const char *dir = NULL, *out = NULL;
    const char **modules = calloc((size_t)argc, sizeof *modules);
    int force = 0, rc = 1;
    long long v;
    char *text = NULL;
    if (!modules)
        return msg_error("out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--array-max")) {
            if (parse_int(a, val, 1, 100000000, &v))
                goto out;
            o.array_max = v;
        } else if (!strcmp(a, "--throttle")) {
            if (parse_int(a, val, 1, 100000000, &v))
                goto out;
            o.throttle = v;
        } else if (!strcmp(a, "--cpus")) {
            if (parse_int(a, val, 1, 4096, &v))
                goto out;
            o.cpus = (int)v;
        } else if (!strcmp(a, "--time") || !strcmp(a, "--mem") ||
                   !strcmp(a, "--partition") || !strcmp(a, "--account") ||
                   !strcmp(a, "--module") || !strcmp(a, "-o")) {
            if (!val) {
                msg_error("%s needs a value", a);
                goto out;
            }
            if (!strcmp(a, "--time"))
                o.time = val;
            else if (!strcmp(a, "--mem"))
                o.mem = val;
            else if (!strcmp(a, "--partition"))
                o.partition = val;
            else if (!strcmp(a, "--account"))
                o.account = val;
            else if (!strcmp(a, "--module"))
                modules[o.n_modules++] = val;
            else
                out = val;
        } else {
            takes = 0;
            if (!strcmp(a, "--force")) {
                force = 1;
            } else if (a[0] == '-') {
                msg_error("sweep slurm: unknown option '%s' (see cogov sweep"
                          " --help)", a);
                goto out;
            } else if (one_dir("slurm", a, &dir)) {
                goto out;
            }
        }
        i += takes;
    }
    if (!dir) {
        msg_error("usage: cogov sweep slurm DIR [options]");
        goto out;
    }
    o.modules = modules;
    char err[CONFIG_ERR_MAX], absdir[4096], exe[4096], logs[4200],
        def_out[4200];
    struct sweep_plan pl;
    if (sweep_index_read(dir, &pl, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (!realpath(dir, absdir) || !realpath("/proc/self/exe", exe)) {
        msg_error("cannot resolve the absolute path of %s or of cogov: %s",
                  dir, strerror(errno));
        sweep_plan_free(&pl);
        goto out;
    }
    o.cogov = exe;
    int64_t chunk;
    text = sweep_slurm_script(absdir, &pl, &o, &chunk, err, sizeof err);
    int64_t n_runs = pl.n_runs;
    sweep_plan_free(&pl);
    if (!text) {
        msg_error("%s", err);
        goto out;
    }
    snprintf(def_out, sizeof def_out, "%s/sweep.sbatch", dir);
    if (!out)
        out = def_out;
    FILE *f = fopen(out, "r");
    if (f) {
        size_t n = strlen(text);
        char *old = malloc(n + 2);
        size_t got = old ? fread(old, 1, n + 1, f) : 0;
        fclose(f);
        int same = old && got == n && !memcmp(old, text, n);
        free(old);
        if (!same && !force) {
            msg_error("%s exists and differs; use --force to replace it or "
                      "-o for another name", out);
            goto out;
        }
    }
    snprintf(logs, sizeof logs, "%s/slurm", dir);
    if (sweep_make_dirs(logs)) {
        msg_error("cannot create %s (Slurm needs it for the job logs): %s",
                  logs, strerror(errno));
        goto out;
    }
    f = fopen(out, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        msg_error("cannot write %s: %s", out, strerror(errno));
        goto out;
    }
    chmod(out, 0755);
    printf("cogov sweep slurm: wrote %s: %lld tasks in %lld array elements "
           "of %lld; submit with sbatch %s\n", out, (long long)n_runs,
           (long long)((n_runs + chunk - 1) / chunk), (long long)chunk, out);
    rc = 0;
out:
    free(text);
    free(modules);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } subs[] = {{"plan", cmd_plan},
                {"run", cmd_run},
                {"status", cmd_status},
                {"collect", cmd_collect},
                {"slurm", cmd_slurm},
                {"analyze", cmd_sweep_analyze}};
    if (argc < 2 || opt_is_help(argv[1])) {
        fputs(usage_sweep, argc < 2 ? stderr : stdout);
        return argc < 2;
    }
    for (int i = 2; i < argc && strcmp(argv[1], "analyze"); i++)
        if (opt_is_help(argv[i])) {
            fputs(usage_sweep, stdout);
            return 0;
        }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(argc - 1, argv + 1);
    return msg_error("sweep: unknown subcommand '%s' (plan, run, status, "
                     "collect, slurm, analyze; see cogov sweep --help)",
                     argv[1]);
}
