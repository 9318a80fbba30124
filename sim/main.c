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

#include "cli.h"
#include "sim.h"

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { stop_requested = sig; }

static const char *usage_main =
    "usage: cogov COMMAND [ARGS]\n"
    "\n"
    "Agent-based simulation of urban community co-governance.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO        run a scenario, write one HDF5 file\n"
    "  config              print defaults or a resolved scenario\n"
    "  export RUN.h5       time series as CSV (long or wide)\n"
    "  patterns            replicate study of the patterns P1-P5\n"
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
    "  --force            replace FILE if it exists\n"
    "  -q, --quiet        print nothing but errors\n"
    "\n"
    "Results depend only on the configuration and the seed: any thread\n"
    "count gives bitwise identical datasets. SIGINT/SIGTERM stop the run\n"
    "and leave only FILE.partial (complete=0).\n";

static const char *usage_config =
    "usage: cogov config --defaults       every key, default and range, as "
    "a\n"
    "                                     valid commented scenario file\n"
    "       cogov config --markdown       the parameter table (docs/MODEL.md)"
    "\n"
    "       cogov config SCENARIO [--set KEY=VALUE]...\n"
    "                                     the resolved configuration\n";

/* Parse a positive integer option value. */
static int parse_count(const char *opt, const char *s, long long lo,
                       long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *s == 0 || *end != 0 || v < lo || v > hi)
        return cli_error("%s '%s': expected an integer in [%lld, %lld]", opt,
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
    if (argc < 2 || cli_is_help(argv[1])) {
        fputs(usage_config, argc < 2 ? stderr : stdout);
        return argc < 2;
    }
    if (!strcmp(argv[1], "--defaults") || !strcmp(argv[1], "--markdown")) {
        if (argc > 2)
            return cli_error("config %s takes no further arguments",
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
                cli_error("--set needs KEY=VALUE");
                goto out;
            }
            add_set(&sets, argv[++i], 0);
        } else if (!strncmp(argv[i], "--set=", 6)) {
            add_set(&sets, argv[i] + 6, 0);
        } else if (argv[i][0] == '-') {
            cli_error("config: unknown option '%s' (see cogov config --help)",
                      argv[i]);
            goto out;
        } else if (scenario) {
            cli_error("config: one scenario at a time ('%s' and '%s')",
                      scenario, argv[i]);
            goto out;
        } else {
            scenario = argv[i];
        }
    }
    struct params p;
    char name[PARAM_STRING_MAX];
    if (cli_load(scenario, sets.v, sets.n, &p, name, sizeof name))
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

static int cmd_run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_run, stderr);
        return 1;
    }
    struct set_list sets = {calloc((size_t)argc, sizeof(char *)), 0,
                            calloc((size_t)argc, sizeof(char *)), 0};
    const char *scenario = NULL, *out_path = NULL;
    int force = 0, quiet = 0, rc = 1;
    long long threads = 0, v;
    char *config_text = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (cli_is_help(a)) {
            fputs(usage_run, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!val) {
                cli_error("%s needs a file name", a);
                goto out;
            }
            out_path = argv[++i];
        } else if (!strcmp(a, "--seed") || !strcmp(a, "--days")) {
            if (!val) {
                cli_error("%s needs a value", a);
                goto out;
            }
            char *s = cli_set_pair(
                !strcmp(a, "--seed") ? "seed" : "time.days", val);
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
                cli_error("--set needs KEY=VALUE");
                goto out;
            }
            add_set(&sets, argv[++i], 0);
        } else if (!strncmp(a, "--set=", 6)) {
            add_set(&sets, a + 6, 0);
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            cli_error("run: unknown option '%s' (see cogov run --help)", a);
            goto out;
        } else if (scenario) {
            cli_error("run: one scenario at a time ('%s' and '%s')", scenario,
                      a);
            goto out;
        } else {
            scenario = a;
        }
    }
    (void)v;
    if (!scenario) {
        cli_error("run: no scenario file given (see cogov run --help)");
        goto out;
    }

    struct params p;
    char name[PARAM_STRING_MAX], default_out[PARAM_STRING_MAX + 64];
    if (cli_load(scenario, sets.v, sets.n, &p, name, sizeof name))
        goto out;
    if (!out_path) {
        snprintf(default_out, sizeof default_out, "%s-s%lld.h5", name,
                 (long long)p.seed);
        out_path = default_out;
    }
    if (!force && file_exists(out_path)) {
        cli_error("%s exists; use --force to replace it or -o for another "
                  "name",
                  out_path);
        goto out;
    }
    if (cli_check_memory(&p))
        goto out;
    config_text = config_to_string(params_table(), &p, 0);
    if (!config_text) {
        cli_error("out of memory");
        goto out;
    }
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads((int)threads);
#endif

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct run_opts o = {.out_path = out_path,
                         .force = force,
                         .scenario = name,
                         .config_text = config_text,
                         .stop = &stop_requested};
    char err[CONFIG_ERR_MAX];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = sim_run(&p, &o, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (r == RUN_STOPPED) {
        fprintf(stderr,
                "cogov: stopped by signal %d; partial output left in "
                "%s.partial (complete=0)\n",
                (int)stop_requested, out_path);
        rc = 128 + (int)stop_requested;
        goto out;
    }
    if (r != RUN_OK) {
        cli_error("%s", err);
        goto out;
    }
    if (!quiet)
        printf("cogov: wrote %s (scenario %s, seed %lld, %lld days, %lld "
               "residents, %.2f s)\n",
               out_path, name, (long long)p.seed, (long long)p.time.days,
               (long long)p.population.residents, secs);
    rc = 0;
out:
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
    {"patterns", cmd_patterns},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 1;
    }
    if (cli_is_help(argv[1])) {
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
    return cli_error("unknown command '%s' (see cogov --help)", argv[1]);
}
