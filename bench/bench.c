/* cogov-bench: one timed run, for `make bench` (bench/run.sh runs it once
 * per case and repetition, so that peak memory is the case's own). It runs
 * a scenario exactly as `cogov run` does, through the public interface
 * include/cogov/sim.h (docs/API.md), and prints one line of key=value
 * figures: wall time, start-up (parse + initialise + open the file), the
 * seconds of each daily phase, observation and HDF5 output, the CPU
 * seconds of all its threads, and the peak resident memory (VmHWM).
 * docs/PERFORMANCE.md explains the figures. */
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
#include "base/waitpolicy.h"
#include "cogov/sim.h"

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
    "wall, CPU (all threads) and start-up seconds, seconds per phase,\n"
    "observe and HDF5 write seconds, peak resident memory in bytes.\n",
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

/* CPU seconds (user and system) of every thread of this process so
 * far, -1 if unknown. With the passive wait policy a waiting thread
 * sleeps, so CPU / wall is the mean number of busy threads
 * (docs/PERFORMANCE.md, "Busy threads"). */
static double cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru))
        return -1;
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

int main(int argc, char **argv)
{
    waitpolicy_apply(argv);  /* as cogov does (docs/PERFORMANCE.md) */
    double t_start = wall();
    const char *scenario, *out;
    int threads, rc = 1;
    cogov_params *p = NULL;      /* the run through include/cogov/sim.h */
    cogov_run *r = NULL;
    const char **sets = NULL;
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
    /* The bench times the simulated days it reports: no burn-in (issue
     * 13's status quo before day 0) unless a --set asks for one, which
     * then comes later and wins. */
    sets = calloc((size_t)bo.sets.n + 1, sizeof *sets);
    if (!sets) {
        msg_error("bench: out of memory");
        goto out;
    }
    sets[0] = "time.burn_in_days=0";
    for (int k = 0; k < bo.sets.n; k++)
        sets[k + 1] = bo.sets.v[k];
    int nsets = bo.sets.n + 1;
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads(threads);
    threads = omp_get_max_threads();
#else
    threads = 1;
#endif

    char err[COGOV_ERR_MAX];
    int64_t residents = 0, days = 0;
    double slot_days = 0;
    if (cogov_params_load(&p, scenario, sets, nsets, err, sizeof err) ||
        cogov_param_get_int(p, "population.residents", &residents, err,
                            sizeof err) ||
        cogov_param_get_int(p, "time.days", &days, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    double t_parse = wall() - t_start;
    if (cogov_run_create(&r, p, NULL, out, 1, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    int step;
    while ((step = cogov_run_step(r, err, sizeof err)) == 1)
        slot_days += (double)cogov_run_pool_slots(r);
    if (step < 0) {
        msg_error("%s", err);
        goto out;
    }
    double total = wall() - t_start;
    double cpu = cpu_seconds();
    const char *const *part;
    const double *sec;
    int n_parts = cogov_run_timing(r, &part, &sec), init = 0;
    while (init < n_parts - 1 && strcmp(part[init], "init"))
        init++;
    printf("residents=%lld days=%lld threads=%d wall=%.4f cpu=%.4f "
           "startup=%.4f",
           (long long)residents, (long long)days, threads, total, cpu,
           t_parse + sec[init]);
    for (int k = 0; k < n_parts; k++)
        printf(" %s=%.4f", part[k], sec[k]);
    printf(" slots_mean=%.0f peak_rss=%lld\n",
           days > 0 ? slot_days / (double)days : 0.0, peak_rss());
    rc = 0;
out:
    cogov_run_free(r);
    cogov_params_free(p);
    free(sets);
    opt_list_free(&bo.sets);
    return rc;
}
