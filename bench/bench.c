/* cogov-bench: one timed run, for `make bench` (bench/run.sh runs it once
 * per case and repetition, so that peak memory is the case's own). It runs
 * a scenario exactly as `cogov run` does and prints one line of key=value
 * figures: wall time, start-up (parse + initialise + open the file), the
 * seconds of each daily phase, observation and HDF5 output, and the peak
 * resident memory (VmHWM). docs/PERFORMANCE.md explains the figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/msg.h"
#include "base/opts.h"
#include "base/scenario.h"
#include "engine/sim.h"
#include "model/world.h"

static struct {
    const char *out;
    int threads;
    struct opt_list sets;
} bo;

static const struct opt bench_opts[] = {
    {"output", 'o', OPT_STRING, "FILE", "the run's file (replaced)",
     .target = &bo.out},
    {"threads", 0, OPT_INT, "N", "OpenMP threads (default: all)",
     .target = &bo.threads, .lo = 1, .hi = 4096},
    {"set", 0, OPT_LIST, "KEY=VALUE", "override one key (repeatable)",
     .target = &bo.sets},
    {0}};

static const struct opt_cmd bench_cmd = {
    "bench",
    "usage: cogov-bench SCENARIO -o FILE [--threads N] [--set KEY=VALUE]...\n",
    "Run SCENARIO once (replacing FILE) and print its timing on one line:\n"
    "wall and start-up seconds, seconds per phase, observe and HDF5 write\n"
    "seconds, peak resident memory in bytes.\n",
    bench_opts, NULL, NULL};

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident set of this process in bytes (VmHWM), -1 if unknown. */
static long long peak_rss(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long long kb = -1;
    if (f) {
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "VmHWM: %lld kB", &kb) == 1)
                break;
        fclose(f);
    }
    if (kb < 0) {
        struct rusage ru;
        if (getrusage(RUSAGE_SELF, &ru) == 0)
            kb = ru.ru_maxrss;
    }
    return kb < 0 ? -1 : kb * 1024;
}

/* The matter pool's size, summed over days: what outcomes scans daily
 * (for the bandwidth table of bench/run.sh). */
static int count_slots(const struct world *w, const struct day_metrics *dm,
                       void *ctx)
{
    (void)dm;
    *(double *)ctx += w->n_slots;
    return 0;
}

int main(int argc, char **argv)
{
    double t_start = wall();
    const char *scenario, *out;
    int threads, rc = 1;
    char *config_text = NULL;
    int first = opts_parse(&bench_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (argc - first != 1 || !bo.out) {
        if (argc - first > 1)
            msg_error("bench: one scenario at a time ('%s' and '%s')",
                      argv[first], argv[first + 1]);
        else
            opts_help(&bench_cmd, stderr);
        goto out;
    }
    scenario = argv[first];
    out = bo.out;
    threads = bo.threads;
    const char **sets = bo.sets.v;
    int nsets = bo.sets.n;
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads(threads);
    threads = omp_get_max_threads();
#else
    threads = 1;
#endif

    struct params p;
    char name[PARAM_STRING_MAX];
    if (scenario_load(scenario, sets, nsets, &p, name, sizeof name) ||
        sim_check_memory(&p))
        goto out;
    config_text = config_to_string(params_table(), &p, 0);
    if (!config_text) {
        msg_error("out of memory");
        goto out;
    }
    struct run_timing tm;
    memset(&tm, 0, sizeof tm);
    double slot_days = 0;
    struct run_opts o = {.out_path = out,
                         .force = 1,
                         .scenario = name,
                         .config_text = config_text,
                         .on_day = count_slots,
                         .ctx = &slot_days,
                         .timing = &tm};
    char err[CONFIG_ERR_MAX];
    double t_parse = wall() - t_start;
    if (sim_run(&p, &o, err, sizeof err) != RUN_OK) {
        msg_error("%s", err);
        goto out;
    }
    double total = wall() - t_start;
    printf("residents=%lld days=%lld threads=%d wall=%.4f startup=%.4f",
           (long long)p.population.residents, (long long)p.time.days,
           threads, total, t_parse + tm.t[SP_INIT]);
    for (int k = 0; k < N_SIM_PARTS; k++)
        printf(" %s=%.4f", sim_part_names[k], tm.t[k]);
    printf(" slots_mean=%.0f peak_rss=%lld\n",
           p.time.days > 0 ? slot_days / (double)p.time.days : 0.0,
           peak_rss());
    rc = 0;
out:
    free(config_text);
    opt_list_free(&bo.sets);
    return rc;
}
