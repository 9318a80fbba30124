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
#include "base/stopsig.h"
#include "base/versions.h"
#include "demo/demo.h"
#include "engine/checkpoint.h"
#include "engine/sim.h"
#include "post/commands.h"
#include "study/patterns.h"
#include "study/sweep.h"

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
    "collect,\n"
    "                      analyze (Morris, Sobol' sensitivity)\n"
    "  calibrate           fit parameters to observed figures (ABC over "
    "sweeps)\n"
    "  patterns            replicate study of the patterns P1-P5\n"
    "  demo [NAME ...]     classroom mode: watch a small district live\n"
    "\n"
    "cogov COMMAND --help or cogov help COMMAND shows a command's options;\n"
    "cogov --version the version.\n";

/* --set KEY=VALUE (and the shorthands --seed, --days) in the order
 * given, so that a later one wins; the shorthands' pairs are owned */
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

/* Parse argv with cmd, collecting --set and its shorthands into sets
 * (to be freed with free_sets whatever the result). Returns the index of
 * the first operand, or < 0 with *rc the command's exit status. */
static int parse_with_sets(const struct opt_cmd *cmd, int argc, char **argv,
                           struct set_list *sets, int *rc)
{
    sets->v = calloc((size_t)argc + 1, sizeof *sets->v);
    sets->owned = calloc((size_t)argc + 1, sizeof *sets->owned);
    sets->n = sets->n_owned = 0;
    struct opt_cmd c = *cmd;
    c.ctx = sets;
    int first = OPTS_ERROR;
    if (!sets->v || !sets->owned)
        msg_error("out of memory");
    else
        first = opts_parse(&c, argc, argv);
    if (first < 0)
        *rc = opts_status(first);
    return first;
}

static int opt_set(void *ctx, const struct opt *row, const char *val)
{
    return add_set(ctx, val, 0);
}

/* --seed N, --days N: checked here against the key's range, so that the
 * message names the option the user typed */
static int opt_key(void *ctx, const struct opt *row, const char *val)
{
    const struct param_def *r = config_find(
        params_table(), !strcmp(row->name, "seed") ? "seed" : "time.days");
    char opt[32];
    long long x;
    snprintf(opt, sizeof opt, "--%s", row->name);
    if (opts_int(opt, val, r->imin, r->imax, &x))
        return 1;
    char *s = scenario_set_pair(r->key, val);
    return s ? add_set(ctx, s, 1) : 1;
}

#define SET_OPT                                                             \
    {"set", 0, OPT_CALL, "KEY=VALUE",                                       \
     "override one key (repeatable), checked like the file", .call = opt_set}

static struct {
    int defaults, markdown;
} config_o;

static const struct opt config_opts[] = {
    {"defaults", 0, OPT_FLAG, NULL,
     "every key, default and range, as a valid commented\nscenario file", .target = &config_o.defaults},
    {"markdown", 0, OPT_FLAG, NULL, "the parameter table (docs/MODEL.md)", .target = &config_o.markdown},
    SET_OPT,
    {0}};

static const struct opt_cmd config_cmd = {
    "config",
    "usage: cogov config --defaults\n"
    "       cogov config --markdown\n"
    "       cogov config SCENARIO [--set KEY=VALUE]...\n",
    "Print the defaults of every key, the parameter table, or the resolved\n"
    "configuration of SCENARIO (its base chain, then each --set).\n",
    config_opts, NULL, NULL};

static int cmd_config(int argc, char **argv)
{
    const struct param_table *t = params_table();
    if (argc < 2) {
        opts_help(&config_cmd, stderr);
        return 1;
    }
    struct set_list sets;
    int rc = 1;
    memset(&config_o, 0, sizeof config_o);
    int first = parse_with_sets(&config_cmd, argc, argv, &sets, &rc);
    if (first < 0)
        goto out;
    if (config_o.defaults || config_o.markdown) {
        if (argc > 2) {
            msg_error("config %s takes no further arguments",
                      config_o.defaults ? "--defaults" : "--markdown");
            goto out;
        }
        struct params p;
        config_defaults(t, &p);
        if (config_o.markdown) {
            rc = config_print_markdown(t, stdout) != 0;
            goto out;
        }
        printf("# cogov %s: every key with its default, units and range.\n"
               "# A scenario file holds only the keys it changes.\n",
               COGOV_VERSION_STRING);
        rc = config_print(t, &p, stdout, 1) != 0;
        goto out;
    }
    if (first == argc) {
        msg_error("config: no scenario file given (see cogov config --help)");
        goto out;
    }
    if (argc - first > 1) {
        msg_error("config: one scenario at a time ('%s' and '%s')",
                  argv[first], argv[first + 1]);
        goto out;
    }
    struct params p;
    char name[PARAM_STRING_MAX];
    if (scenario_load(argv[first], sets.v, sets.n, &p, name, sizeof name))
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

static struct run_args {
    const char *out_path, *restart, *ckpt_path;
    int force, quiet;
    long long threads, every;
} run_o;

static const struct opt run_opts[] = {
    {"output", 'o', OPT_STRING, "FILE",
     "output file (default: NAME-sSEED.h5)", .target = &run_o.out_path},
    {"seed", 0, OPT_CALL, "N", "same as --set seed=N", .call = opt_key},
    {"days", 0, OPT_CALL, "N", "same as --set time.days=N", .call = opt_key},
    {"threads", 0, OPT_LLONG, "N",
     "OpenMP threads (default: OMP_NUM_THREADS or all)", .target = &run_o.threads, .lo = 1, .hi = 4096},
    SET_OPT,
    {"force", 0, OPT_FLAG, NULL,
     "replace FILE (and the checkpoint) if it exists", .target = &run_o.force},
    {"quiet", 'q', OPT_FLAG, NULL, "print nothing but errors", .target = &run_o.quiet},
    {"checkpoint-every", 0, OPT_LLONG, "N",
     "after every N days, save the whole state to a\nrestart file "
     "(replaced each time)", .target = &run_o.every, .lo = 1, .hi = 36500},
    {"checkpoint", 0, OPT_STRING, "CKPT",
     "the restart file (default: FILE.ckpt)", .target = &run_o.ckpt_path},
    {"restart", 0, OPT_STRING, "CKPT",
     "continue the run saved in CKPT (see below)", .target = &run_o.restart},
    {0}};

static const struct opt_cmd run_cmd = {
    "run",
    "usage: cogov run SCENARIO [options]\n"
    "       cogov run --restart CKPT [options]\n",
    "Run SCENARIO (a libconfig file of overrides of the defaults) and write\n"
    "its trajectories to an HDF5 file, first as FILE.partial, renamed to\n"
    "FILE when the last day is written.\n",
    run_opts,
    "With --restart, continue the run saved in CKPT: the output holds its\n"
    "days, then the new ones, bitwise as if it had never stopped (default\n"
    "output: the saved run's). With --set, --seed or --days the\n"
    "continuation is a fork (a what-if from the saved state), recorded in\n"
    "the output's root attributes restart_* and provenance; keys of the\n"
    "initial population cannot change.\n"
    "\n"
    "Results depend only on the configuration and the seed: any thread\n"
    "count gives bitwise identical datasets. SIGINT/SIGTERM/SIGHUP stop the\n"
    "run within a phase of a day and leave only FILE.partial (complete=0);\n"
    "a second signal ends it at once.\n",
    NULL};

static int cmd_run(int argc, char **argv)
{
    if (argc < 2) {
        opts_help(&run_cmd, stderr);
        return 1;
    }
    struct set_list sets;
    const char *scenario = NULL, *out_path, *restart, *ckpt_path;
    int force, quiet, rc = 1;
    long long threads, every;
    char *config_text = NULL, *ckpt_default = NULL;
    struct checkpoint *ck = NULL;
    static volatile sig_atomic_t run_writing;
    volatile sig_atomic_t *stop_requested;
    memset(&run_o, 0, sizeof run_o);
    int first = parse_with_sets(&run_cmd, argc, argv, &sets, &rc);
    if (first < 0)
        goto out;
    if (argc - first > 1) {
        msg_error("run: one scenario at a time ('%s' and '%s')", argv[first],
                  argv[first + 1]);
        goto out;
    }
    if (first < argc)
        scenario = argv[first];
    out_path = run_o.out_path;
    restart = run_o.restart;
    ckpt_path = run_o.ckpt_path;
    force = run_o.force;
    quiet = run_o.quiet;
    threads = run_o.threads;
    every = run_o.every;
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
    if (!config_text) {
        msg_error("out of memory");
        goto out;
    }
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads((int)threads);
#endif

    /* the first signal stops the run after the phase it is in; before
     * the run has created a file (initialising a large population takes
     * a while) there is nothing to flush, and the process ends at once */
    stop_requested = stopsig_catch(STOPSIG_HUP | STOPSIG_ONCE, &run_writing);

    struct run_opts o = {.out_path = out_path,
                         .force = force,
                         .scenario = name,
                         .config_text = config_text,
                         .stop = stop_requested,
                         .writing = &run_writing,
                         .checkpoint_every = (int)every,
                         .checkpoint_path = ckpt_path,
                         .restart = ck};
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
                    "left in %s (complete=0)", (int)*stop_requested, partial);
        else
            fprintf(stderr, "cogov: stopped by signal %d before the first "
                    "day; no output written", (int)*stop_requested);
        if (every && file_exists(ckpt_path))
            fprintf(stderr, "; continue with cogov run --restart %s",
                    ckpt_path);
        fputc('\n', stderr);
        rc = 128 + (int)*stop_requested;
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
    {"sweep", cmd_sweep},
    {"calibrate", cmd_calibrate},
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
    /* cogov help CMD [VERB] is cogov CMD [VERB] --help */
    char *help_argv[5] = {argv[0], NULL, NULL, NULL, NULL};
    if (!strcmp(argv[1], "help")) {
        if (argc < 3 || argc > 4) {
            fputs(usage_main, argc < 3 ? stdout : stderr);
            return argc > 4;
        }
        for (int i = 2; i < argc; i++)
            help_argv[i - 1] = argv[i];
        help_argv[argc - 1] = (char *)"--help";
        argv = help_argv;
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
