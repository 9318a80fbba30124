/* The `cogov` command: subcommands run, config (and, from analysis and
 * sweep modules, more). This file turns every failure into one clear
 * message on stderr and a non-zero exit; the engine below never exits. */
#include <errno.h>
#include <stdint.h>
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
#include "base/waitpolicy.h"
#include "demo/demo.h"
#include "demo/serve.h"
#include "engine/checkpoint.h"
#include "engine/burnin.h"
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
    "  patterns            replicate study of the patterns (MODEL.md 1)\n"
    "  demo [NAME ...]     classroom mode: watch a small district live\n"
    "  serve [NAME ...]    the demo in a web browser, with live what-ifs\n"
    "\n"
    "cogov COMMAND --help or cogov help COMMAND shows a command's options;\n"
    "cogov --version the version and the model identity (a hash of the\n"
    "sources that make a run's results).\n";

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
     "every key, default and range, as a valid commented\nscenario file",
     .target = &config_o.defaults},
    {"markdown", 0, OPT_FLAG, NULL, "the parameter table (docs/MODEL.md)",
     .target = &config_o.markdown},
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
    const char *scenario, *out_path, *restart, *ckpt_path, *seeds;
    const char *burn_in_cache;
    int force, quiet;
    long long threads, every;
} run_o;

static const struct opt run_opts[] = {
    {"output", 'o', OPT_STRING, "FILE",
     "output file (default: NAME-sSEED.h5)", .target = &run_o.out_path},
    {"seed", 0, OPT_CALL, "N", "same as --set seed=N", .call = opt_key},
    {"seeds", 0, OPT_STRING, "LIST",
     "run one replicate per seed, one after the other:\n"
     "LIST is e.g. 1-5 or 1,3,7-9; with -o FILE.h5 the\n"
     "files are FILE-sSEED.h5", .target = &run_o.seeds},
    {"days", 0, OPT_CALL, "N", "same as --set time.days=N", .call = opt_key},
    {"threads", 0, OPT_LLONG, "N",
     "OpenMP threads (default: OMP_NUM_THREADS or all)",
     .target = &run_o.threads, .lo = 1, .hi = 4096},
    SET_OPT,
    {"force", 0, OPT_FLAG, NULL,
     "replace FILE (and the checkpoint) if it exists", .target = &run_o.force},
    {"quiet", 'q', OPT_FLAG, NULL, "print nothing but errors",
     .target = &run_o.quiet},
    {"checkpoint-every", 0, OPT_LLONG, "N",
     "after every N days, save the whole state to a\nrestart file "
     "(replaced each time)", .target = &run_o.every, .lo = 1, .hi = 36500},
    {"checkpoint", 0, OPT_STRING, "CKPT",
     "the restart file (default: FILE.ckpt)", .target = &run_o.ckpt_path},
    {"restart", 0, OPT_STRING, "CKPT",
     "continue the run saved in CKPT (see below)", .target = &run_o.restart},
    {"burn-in-cache", 0, OPT_STRING, "DIR",
     "reuse the burned-in state of an earlier run with\nthe same status quo "
     "and seed from DIR, or keep\nthis run's there (see below)",
     .target = &run_o.burn_in_cache},
    {0}};

static const struct opt_cmd run_cmd = {
    "run",
    "usage: cogov run SCENARIO [options]\n"
    "       cogov run SCENARIO --seeds 1-5 [options]\n"
    "       cogov run --restart CKPT [options]\n",
    "Run SCENARIO (a libconfig file of overrides of the defaults) and write\n"
    "its trajectories to an HDF5 file, first as FILE.partial, renamed to\n"
    "FILE when the last day is written. With --seeds, every output file is\n"
    "checked before the first run starts.\n",
    run_opts,
    "With --restart, continue the run saved in CKPT: the output holds its\n"
    "days, then the new ones, bitwise as if it had never stopped (default\n"
    "output: the saved run's). With --set, --seed or --days the\n"
    "continuation is a fork (a what-if from the saved state), recorded in\n"
    "the output's root attributes restart_* and provenance; keys of the\n"
    "initial population cannot change. A fork that changes more than the\n"
    "seed and the days is named NAME-forkDAY-HASH (HASH of its\n"
    "configuration; or --set name=...), so that `cogov report` takes it\n"
    "and its parent as two scenarios.\n"
    "\n"
    "With --burn-in-cache DIR, a run whose status quo (every parameter\n"
    "but names, days and output, with every mechanism off) and seed equal\n"
    "an earlier run's starts from that run's burned-in state, kept in\n"
    "DIR/KEY.h5, instead of simulating the burn-in again: the same\n"
    "results, bitwise. An entry that does not read back whole is refused\n"
    "and burned in again.\n"
    "\n"
    "Results depend only on the configuration and the seed: any thread\n"
    "count gives bitwise identical datasets. SIGINT/SIGTERM/SIGHUP stop the\n"
    "run within a phase of a day and leave only FILE.partial (complete=0);\n"
    "a second signal ends it at once.\n",
    NULL};

/* Seeds of a --seeds LIST ("1-5", "1,3,7-9") into a malloc'd array. */
static int parse_seeds(const char *list, long long **out, int *n)
{
    enum { MAX_SEEDS = 100000 };
    long long *v = NULL;
    int k = 0, cap = 0;
    const char *p = list;
    char item[64];
    const struct param_def *r = config_find(params_table(), "seed");
    *out = NULL;
    *n = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(len < 63 ? len : 63), p);
        p += len + (p[len] == ',');
        char *dash = strchr(item + 1, '-');
        long long lo, hi;
        if (dash)
            *dash = 0;
        if (opts_int("--seeds", item, r->imin, r->imax, &lo) ||
            opts_int("--seeds", dash ? dash + 1 : item, r->imin, r->imax,
                     &hi))
            goto fail;
        if (hi < lo || hi - lo >= MAX_SEEDS - k) {
            msg_error("--seeds: '%s%s%s' is not a range LO-HI with LO <= HI "
                      "(at most %d seeds)", item, dash ? "-" : "",
                      dash ? dash + 1 : "", MAX_SEEDS);
            goto fail;
        }
        for (long long s = lo; s <= hi; s++) {
            for (int j = 0; j < k; j++)
                if (v[j] == s) {
                    msg_error("--seeds: seed %lld given twice", s);
                    goto fail;
                }
            if (k == cap) {
                cap = cap ? 2 * cap : 16;
                long long *nv = realloc(v, (size_t)cap * sizeof *v);
                if (!nv) {
                    msg_error("out of memory");
                    goto fail;
                }
                v = nv;
            }
            v[k++] = s;
        }
    }
    if (!k) {
        msg_error("--seeds needs a list of seeds, e.g. 1-5");
        goto fail;
    }
    *out = v;
    *n = k;
    return 0;
fail:
    free(v);
    return 1;
}

/* A fork that changes more than seed and days is a new scenario: name it
 * after its parent, the day it forks at and a hash (FNV-1a) of its
 * configuration without seed and days, so that two forks with the same
 * changes share a name (they are replicates) and others do not. An
 * explicit --set name=... wins. */
static int name_fork(struct params *p, const char *parent, int day,
                     const struct set_list *sets)
{
    int changed = 0;
    for (int i = 0; i < sets->n; i++) {
        const char *s = sets->v[i];
        if (!strncmp(s, "name=", 5))
            return 0;
        changed |= strncmp(s, "seed=", 5) && strncmp(s, "time.days=", 10);
    }
    if (!changed)
        return 0;
    struct params q = *p;
    q.seed = 0;
    q.time.days = 0;
    q.name[0] = 0;
    char *text = config_to_string(params_table(), &q, 0);
    if (!text)
        return msg_error("out of memory");
    uint32_t h = 2166136261u;
    for (const char *c = text; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    free(text);
    snprintf(p->name, sizeof p->name, "%.*s-fork%d-%06x",
             (int)sizeof p->name - 24, parent, day, (unsigned)(h & 0xffffff));
    return 0;
}

/* One run of a->scenario (or a->restart) with sets; out_path NULL: the
 * default name. check_only: resolve and check the outputs, run nothing.
 * Returns the command's exit status. */
static int run_one(const struct run_args *a, struct set_list *sets,
                   const char *out_path, int check_only)
{
    static volatile sig_atomic_t run_writing;
    volatile sig_atomic_t *stop_requested;
    const char *ckpt_path = a->ckpt_path;
    char *config_text = NULL, *ckpt_default = NULL;
    struct checkpoint *ck = NULL;
    struct changes changes = {NULL, 0};
    int rc = 1;
    struct params p;
    char name[PARAM_STRING_MAX], default_out[PARAM_STRING_MAX + 64];
    char err[CONFIG_ERR_MAX];
    if (a->restart) {
        if (checkpoint_open(&ck, a->restart, err, sizeof err) ||
            checkpoint_params(ck, &p, sets->v, sets->n, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        if (!p.name[0] &&
            name_fork(&p, checkpoint_scenario(ck), checkpoint_days_done(ck),
                      sets))
            goto out;
        snprintf(name, sizeof name, "%s",
                 p.name[0] ? p.name : checkpoint_scenario(ck));
        if (!out_path)
            out_path = checkpoint_output(ck);
    } else if (scenario_load(a->scenario, sets->v, sets->n, &p, name,
                             sizeof name)) {
        goto out;
    } else if (changes_load(&changes, a->scenario, &p, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (changes.n && a->every) {
        msg_error("%s has a change schedule: --checkpoint-every is not "
                  "supported with one (fork the checkpoint of a run without "
                  "it instead)", a->scenario);
        goto out;
    }
    if (!out_path) {
        sim_default_output(default_out, sizeof default_out, name,
                           (long long)p.seed);
        out_path = default_out;
    }
    if (!a->force && file_exists(out_path)) {
        msg_error("%s exists; use --force to replace it or -o for another "
                  "name",
                  out_path);
        goto out;
    }
    if (a->every) {
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
        if (!a->force && file_exists(ckpt_path) &&
            !same_file(ckpt_path, a->restart)) {
            msg_error("checkpoint %s exists; use --force to replace it or "
                      "--checkpoint for another name", ckpt_path);
            goto out;
        }
    }
    if (sim_check_files(out_path, a->every ? ckpt_path : NULL, a->scenario,
                        a->restart, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
#ifdef _OPENMP
    if (a->threads)   /* before the estimate: buffers a thread (world.h) */
        omp_set_num_threads((int)a->threads);
#endif
    if (sim_check_memory(&p))
        goto out;
    if (check_only) {
        rc = 0;
        goto out;
    }
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

    /* the first signal stops the run after the phase it is in; before
     * the run has created a file (initialising a large population takes
     * a while) there is nothing to flush, and the process ends at once */
    run_writing = 0;
    stop_requested = stopsig_catch(STOPSIG_HUP | STOPSIG_ONCE, &run_writing);

    struct run_opts o = {.out_path = out_path,
                         .force = a->force,
                         .scenario = name,
                         .config_text = config_text,
                         .stop = stop_requested,
                         .writing = &run_writing,
                         .checkpoint_every = (int)a->every,
                         .checkpoint_path = ckpt_path,
                         .restart = ck,
                         .changes = &changes};
    struct timespec t0, t1;
    struct burnin_counts b0, b1;
    burnin_counts(&b0);
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
        if (a->every && file_exists(ckpt_path))
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
    if (!a->quiet)
        printf("cogov: wrote %s (scenario %s, seed %lld, %lld days, %lld "
               "residents, %.2f s)\n",
               out_path, name, (long long)p.seed, (long long)p.time.days,
               (long long)p.population.residents, secs);
    burnin_counts(&b1);
    if (!a->quiet && a->burn_in_cache && p.time.burn_in_days > 0)
        printf("cogov: burn-in %s %s\n",
               b1.folder_hits > b0.folder_hits ? "reused from"
               : b1.stored > b0.stored         ? "simulated, kept in"
                                               : "simulated, not kept in",
               a->burn_in_cache);
    rc = 0;
out:
    changes_free(&changes);
    checkpoint_close(ck);
    free(ckpt_default);
    free(config_text);
    return rc;
}

/* The replicates of --seeds: the same sets plus seed=N last, outputs
 * FILE-sN.h5 (or the default names); all checked before the first run. */
static int run_seeds(const struct run_args *a, struct set_list *sets)
{
    long long *seeds;
    int n, rc = 1;
    if (parse_seeds(a->seeds, &seeds, &n))
        return 1;
    const char **v = calloc((size_t)sets->n + 2, sizeof *v);
    size_t olen = a->out_path ? strlen(a->out_path) + 32 : 1;
    char *out = malloc(olen), seed_set[40];
    if (!v || !out) {
        msg_error("out of memory");
        goto done;
    }
    memcpy(v, sets->v, (size_t)sets->n * sizeof *v);
    struct set_list one = {v, sets->n + 1, NULL, 0};
    v[sets->n] = seed_set;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            snprintf(seed_set, sizeof seed_set, "seed=%lld", seeds[i]);
            if (a->out_path) {
                size_t stem = strlen(a->out_path);
                if (stem > 3 && !strcmp(a->out_path + stem - 3, ".h5"))
                    stem -= 3;
                snprintf(out, olen, "%.*s-s%lld.h5", (int)stem, a->out_path,
                         seeds[i]);
            }
            rc = run_one(a, &one, a->out_path ? out : NULL, pass == 0);
            if (rc)
                goto done;
        }
done:
    free(out);
    free(v);
    free(seeds);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    if (argc < 2) {
        opts_help(&run_cmd, stderr);
        return 1;
    }
    struct set_list sets;
    int rc = 1;
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
        run_o.scenario = argv[first];
    if (!run_o.scenario && !run_o.restart) {
        msg_error("run: no scenario file given (see cogov run --help)");
        goto out;
    }
    if (run_o.scenario && run_o.restart) {
        msg_error("run: --restart %s continues the saved run; give no "
                  "scenario ('%s')", run_o.restart, run_o.scenario);
        goto out;
    }
    if (run_o.burn_in_cache) {
        char err[1200];
        if (run_o.restart) {
            msg_error("--burn-in-cache: a restart does not burn in");
            goto out;
        }
        if (burnin_folder(run_o.burn_in_cache, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
    }
    if (run_o.ckpt_path && !run_o.every) {
        msg_error("--checkpoint %s needs --checkpoint-every N",
                  run_o.ckpt_path);
        goto out;
    }
    if (run_o.seeds) {
        for (int i = 0; i < sets.n; i++)
            if (!strncmp(sets.v[i], "seed=", 5)) {
                msg_error("--seeds and --seed (or --set seed=): give one");
                goto out;
            }
        if (run_o.restart || run_o.ckpt_path) {
            msg_error("--seeds runs new replicates: not with %s",
                      run_o.restart ? "--restart" : "--checkpoint (each "
                      "run's is FILE.ckpt)");
            goto out;
        }
        rc = run_seeds(&run_o, &sets);
    } else {
        rc = run_one(&run_o, &sets, run_o.out_path, 0);
    }
out:
    free_sets(&sets);
    return rc;
}

/* A demo runs its two scenarios (and, after a restart key, again) with
 * one seed: those with the same status quo share one burn-in, kept in
 * memory (engine/burnin.h); the frames are bitwise the same. */
static int cmd_demo_shared(int argc, char **argv)
{
    burnin_memory((size_t)256 << 20);
    int rc = cmd_demo(argc, argv);
    burnin_memory(0);
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
    {"demo", cmd_demo_shared},
    {"serve", cmd_serve},
    {"sweep", cmd_sweep},
    {"calibrate", cmd_calibrate},
    {"plot", cmd_plot},
    {"report", cmd_report},
    {"info", cmd_info},
    {"patterns", cmd_patterns},
};

int main(int argc, char **argv)
{
    waitpolicy_apply(argv);  /* may execute cogov again (docs/PERFORMANCE.md) */
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
        printf("cogov %s model %s\n", COGOV_VERSION_STRING,
               versions_model_id());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    return msg_error("unknown command '%s' (see cogov --help)", argv[1]);
}
