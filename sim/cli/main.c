/* The `cogov` command: subcommands run, config (and, from analysis and
 * sweep modules, more). This file turns every failure into one clear
 * message on stderr and a non-zero exit; the engine below never exits. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <hdf5.h>

#include "base/msg.h"
#include "base/opts.h"
#include "base/scenario.h"
#include "base/versions.h"
#include "demo/demo.h"
#include "demo/serve.h"
#include "engine/checkpoint.h"
#include "engine/sim.h"
#include "post/commands.h"
#include "study/patterns.h"
#include "study/sweep.h"

/* The first SIGINT/SIGTERM/SIGHUP asks the run to stop after the phase
 * it is in; the handler is then reset, so a second one ends the process
 * at once (the output is still only a .partial file). Before the run has
 * created a file (initialising a large population takes a while) there
 * is nothing to flush, and the process ends at once. */
static volatile sig_atomic_t stop_requested, run_writing;
static void on_signal(int sig)
{
    if (!run_writing)
        _exit(128 + sig);
    stop_requested = sig;
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* past a file-size limit (ulimit -f) a write must fail with EFBIG and
     * be reported, not kill the process */
    signal(SIGXFSZ, SIG_IGN);
}

static const char *usage_main =
    "usage: cogov COMMAND [ARGS]\n"
    "\n"
    "Agent-based simulation of urban community co-governance.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO        run a scenario, write one HDF5 file\n"
    "  config              print defaults or a resolved scenario\n"
    "  plot RUN.h5...      figures comparing runs (gnuplot), or a sweep\n"
    "  report RUN.h5...    key metrics per scenario with 95% CIs\n"
    "  export RUN.h5...    time series as CSV (long or wide)\n"
    "  info RUN.h5         what a file holds; --metrics: every metric\n"
    "  check RUN.h5...     verify the output contract and accounting\n"
    "  sweep               parameter sweeps: plan, run (MPI, Slurm), "
    "collect\n"
    "  patterns            replicate study of the patterns P1-P5\n"
    "  demo [NAME ...]     classroom mode: watch a small district live\n"
    "  serve [NAME ...]    the demo in a web browser, with live what-ifs\n"
    "\n"
    "cogov COMMAND --help shows a command's options; cogov --version the "
    "version.\n";

static const char *usage_run =
    "usage: cogov run SCENARIO [options]\n"
    "\n"
    "Run SCENARIO (a libconfig file of overrides of the defaults) and write\n"
    "its trajectories to an HDF5 file, first as FILE.partial, renamed to\n"
    "FILE when the last day is written.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  output file (default: NAME-sSEED.h5)\n"
    "  --seed N           same as --set seed=N\n"
    "  --days N           same as --set time.days=N\n"
    "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or all)\n"
    "  --set KEY=VALUE    override one key (repeatable), checked like the "
    "file\n"
    "  --force            replace FILE (and the checkpoint) if it exists\n"
    "  -q, --quiet        print nothing but errors\n"
    "  --checkpoint-every N  after every N days, save the whole state to a\n"
    "                     restart file (replaced each time)\n"
    "  --checkpoint CKPT  the restart file (default: FILE.ckpt)\n"
    "\n"
    "       cogov run --restart CKPT [options]\n"
    "\n"
    "Continue the run saved in CKPT: the output holds its days, then the\n"
    "new ones, bitwise as if it had never stopped (default output: the\n"
    "saved run's). With --set, --seed or --days the continuation is a fork\n"
    "(a what-if from the saved state), recorded in the output's root\n"
    "attributes restart_* and provenance; keys of the initial population\n"
    "cannot change.\n"
    "\n"
    "Results depend only on the configuration and the seed: any thread\n"
    "count gives bitwise identical datasets. SIGINT/SIGTERM/SIGHUP stop the\n"
    "run within a phase of a day and leave only FILE.partial (complete=0);\n"
    "a second signal ends it at once.\n";

static const char *usage_config =
    "usage: cogov config --defaults       every key, default and range, as "
    "a\n"
    "                                     valid commented scenario file\n"
    "       cogov config --markdown       the parameter table (docs/MODEL.md)"
    "\n"
    "       cogov config SCENARIO [--set KEY=VALUE]...\n"
    "                                     the resolved configuration\n";

/* Parse an integer option value in [lo, hi]. */
static int parse_count(const char *opt, const char *s, long long lo,
                       long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *s == 0 || *end != 0 || v < lo || v > hi)
        return msg_error("%s '%s': expected an integer in [%lld, %lld]", opt,
                         s, lo, hi);
    *out = v;
    return 0;
}

/* Collect --set KEY=VALUE (and the shorthands) into sets; returns the
 * index of the first argument it did not take, or -1 after an error. */
struct set_list {
    const char **v;
    int n;
    char **owned;
    int n_owned;
};

static int add_set(struct set_list *s, const char *a, int own)
{
    s->v[s->n++] = a;
    if (own)
        s->owned[s->n_owned++] = (char *)a;
    return 0;
}

static void free_sets(struct set_list *s)
{
    for (int i = 0; i < s->n_owned; i++)
        free(s->owned[i]);
    free(s->owned);
    free(s->v);
}

static int cmd_config(int argc, char **argv)
{
    const struct param_table *t = params_table();
    if (argc < 2 || opt_is_help(argv[1])) {
        fputs(usage_config, argc < 2 ? stderr : stdout);
        return argc < 2;
    }
    if (!strcmp(argv[1], "--defaults") || !strcmp(argv[1], "--markdown")) {
        if (argc > 2)
            return msg_error("config %s takes no further arguments",
                             argv[1]);
        struct params p;
        config_defaults(t, &p);
        if (!strcmp(argv[1], "--markdown"))
            return config_print_markdown(t, stdout) != 0;
        printf("# cogov %s: every key with its default, units and range.\n"
               "# A scenario file holds only the keys it changes.\n",
               COGOV_VERSION_STRING);
        return config_print(t, &p, stdout, 1) != 0;
    }
    struct set_list sets = {calloc((size_t)argc, sizeof(char *)), 0,
                            calloc((size_t)argc, sizeof(char *)), 0};
    const char *scenario = NULL;
    int rc = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--set")) {
            if (i + 1 >= argc) {
                msg_error("--set needs KEY=VALUE");
                goto out;
            }
            add_set(&sets, argv[++i], 0);
        } else if (!strncmp(argv[i], "--set=", 6)) {
            add_set(&sets, argv[i] + 6, 0);
        } else if (argv[i][0] == '-') {
            msg_error("config: unknown option '%s' (see cogov config --help)",
                      argv[i]);
            goto out;
        } else if (scenario) {
            msg_error("config: one scenario at a time ('%s' and '%s')",
                      scenario, argv[i]);
            goto out;
        } else {
            scenario = argv[i];
        }
    }
    struct params p;
    char name[PARAM_STRING_MAX];
    if (scenario_load(scenario, sets.v, sets.n, &p, name, sizeof name))
        goto out;
    printf("# resolved configuration of scenario \"%s\"\n", name);
    rc = config_print(t, &p, stdout, 0) != 0;
out:
    free_sets(&sets);
    return rc;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    return a && b && stat(a, &x) == 0 && stat(b, &y) == 0 &&
           x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int cmd_run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_run, stderr);
        return 1;
    }
    struct set_list sets = {calloc((size_t)argc, sizeof(char *)), 0,
                            calloc((size_t)argc, sizeof(char *)), 0};
    const char *scenario = NULL, *out_path = NULL, *restart = NULL;
    const char *ckpt_path = NULL;
    int force = 0, quiet = 0, rc = 1;
    long long threads = 0, every = 0;
    char *config_text = NULL, *ckpt_default = NULL;
    struct checkpoint *ck = NULL;
    struct changes changes = {NULL, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (opt_is_help(a)) {
            fputs(usage_run, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!val) {
                msg_error("%s needs a file name", a);
                goto out;
            }
            out_path = argv[++i];
        } else if (!strcmp(a, "--seed") || !strcmp(a, "--days")) {
            /* checked here against the key's range, so that the message
             * names the option the user typed */
            const struct param_def *r = config_find(
                params_table(), !strcmp(a, "--seed") ? "seed" : "time.days");
            long long x;
            if (!val) {
                msg_error("%s needs a value", a);
                goto out;
            }
            if (parse_count(a, val, r->imin, r->imax, &x))
                goto out;
            char *s = scenario_set_pair(r->key, val);
            if (!s)
                goto out;
            add_set(&sets, s, 1);
            i++;
        } else if (!strcmp(a, "--threads")) {
            if (!val || parse_count(a, val, 1, 4096, &threads))
                goto out;
            i++;
        } else if (!strcmp(a, "--set")) {
            if (!val) {
                msg_error("--set needs KEY=VALUE");
                goto out;
            }
            add_set(&sets, argv[++i], 0);
        } else if (!strncmp(a, "--set=", 6)) {
            add_set(&sets, a + 6, 0);
        } else if (!strcmp(a, "--checkpoint-every")) {
            if (!val || parse_count(a, val, 1, 36500, &every))
                goto out;
            i++;
        } else if (!strcmp(a, "--checkpoint") || !strcmp(a, "--restart")) {
            if (!val) {
                msg_error("%s needs a file name", a);
                goto out;
            }
            if (!strcmp(a, "--checkpoint"))
                ckpt_path = argv[++i];
            else
                restart = argv[++i];
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            msg_error("run: unknown option '%s' (see cogov run --help)", a);
            goto out;
        } else if (scenario) {
            msg_error("run: one scenario at a time ('%s' and '%s')", scenario,
                      a);
            goto out;
        } else {
            scenario = a;
        }
    }
    if (!scenario && !restart) {
        msg_error("run: no scenario file given (see cogov run --help)");
        goto out;
    }
    if (scenario && restart) {
        msg_error("run: --restart %s continues the saved run; give no "
                  "scenario ('%s')", restart, scenario);
        goto out;
    }
    if (ckpt_path && !every) {
        msg_error("--checkpoint %s needs --checkpoint-every N", ckpt_path);
        goto out;
    }

    struct params p;
    char name[PARAM_STRING_MAX], default_out[PARAM_STRING_MAX + 64];
    char err[CONFIG_ERR_MAX];
    if (restart) {
        if (checkpoint_open(&ck, restart, err, sizeof err) ||
            checkpoint_params(ck, &p, sets.v, sets.n, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        snprintf(name, sizeof name, "%s",
                 p.name[0] ? p.name : checkpoint_scenario(ck));
        if (!out_path)
            out_path = checkpoint_output(ck);
    } else if (scenario_load(scenario, sets.v, sets.n, &p, name, sizeof name)) {
        goto out;
    } else if (changes_load(&changes, scenario, &p, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (changes.n && every) {
        msg_error("%s has a change schedule: --checkpoint-every is not "
                  "supported with one (fork the checkpoint of a run without "
                  "it instead)", scenario);
        goto out;
    }
    if (!out_path) {
        snprintf(default_out, sizeof default_out, "%s-s%lld.h5", name,
                 (long long)p.seed);
        out_path = default_out;
    }
    if (!force && file_exists(out_path)) {
        msg_error("%s exists; use --force to replace it or -o for another "
                  "name",
                  out_path);
        goto out;
    }
    if (every) {
        if (!ckpt_path) {
            size_t n = strlen(out_path) + sizeof ".ckpt";
            if (!(ckpt_default = malloc(n))) {
                msg_error("out of memory");
                goto out;
            }
            snprintf(ckpt_default, n, "%s.ckpt", out_path);
            ckpt_path = ckpt_default;
        }
        if (!strcmp(ckpt_path, out_path) || same_file(ckpt_path, out_path)) {
            msg_error("--checkpoint %s is the output file; name another",
                      ckpt_path);
            goto out;
        }
        /* continuing a checkpoint may replace it; anything else is a file
         * the user has and would lose */
        if (!force && file_exists(ckpt_path) && !same_file(ckpt_path, restart)) {
            msg_error("checkpoint %s exists; use --force to replace it or "
                      "--checkpoint for another name", ckpt_path);
            goto out;
        }
    }
    if (sim_check_memory(&p))
        goto out;
    config_text = config_to_string(params_table(), &p, 0);
    if (config_text && changes.n) {   /* the file records the schedule too */
        char *c = changes_to_string(&changes), *t = NULL;
        size_t n = c ? strlen(config_text) + strlen(c) + 1 : 0;
        if (c && (t = malloc(n)))
            snprintf(t, n, "%s%s", config_text, c);
        free(c);
        free(config_text);
        config_text = t;
    }
    if (!config_text) {
        msg_error("out of memory");
        goto out;
    }
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads((int)threads);
#endif

    catch_stop_signals();

    struct run_opts o = {.out_path = out_path,
                         .force = force,
                         .scenario = name,
                         .config_text = config_text,
                         .stop = &stop_requested,
                         .writing = &run_writing,
                         .checkpoint_every = (int)every,
                         .checkpoint_path = ckpt_path,
                         .restart = ck,
                         .changes = &changes};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = sim_run(&p, &o, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (r == RUN_STOPPED) {
        char partial[PARAM_STRING_MAX + 4200];
        snprintf(partial, sizeof partial, "%s.partial", out_path);
        if (file_exists(partial))
            fprintf(stderr, "cogov: stopped by signal %d; partial output "
                    "left in %s (complete=0)", (int)stop_requested, partial);
        else
            fprintf(stderr, "cogov: stopped by signal %d before the first "
                    "day; no output written", (int)stop_requested);
        if (every && file_exists(ckpt_path))
            fprintf(stderr, "; continue with cogov run --restart %s",
                    ckpt_path);
        fputc('\n', stderr);
        rc = 128 + (int)stop_requested;
        goto out;
    }
    if (r != RUN_OK) {
        msg_error("%s", err);
        goto out;
    }
    if (!quiet)
        printf("cogov: wrote %s (scenario %s, seed %lld, %lld days, %lld "
               "residents, %.2f s)\n",
               out_path, name, (long long)p.seed, (long long)p.time.days,
               (long long)p.population.residents, secs);
    rc = 0;
out:
    changes_free(&changes);
    checkpoint_close(ck);
    free(ckpt_default);
    free(config_text);
    free_sets(&sets);
    return rc;
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    {"run", cmd_run},
    {"config", cmd_config},
    {"export", cmd_export},
    {"check", cmd_check},
    {"demo", cmd_demo},
    {"serve", cmd_serve},
    {"sweep", cmd_sweep},
    {"plot", cmd_plot},
    {"report", cmd_report},
    {"info", cmd_info},
    {"patterns", cmd_patterns},
};

int main(int argc, char **argv)
{
    /* HDF5 must not close files at exit: after a failed write (disk full)
     * its own clean-up crashes on the file it could not close. Every file
     * is closed explicitly. */
    H5dont_atexit();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 1;
    }
    if (opt_is_help(argv[1])) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("cogov %s\n", COGOV_VERSION_STRING);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    return msg_error("unknown command '%s' (see cogov --help)", argv[1]);
}
