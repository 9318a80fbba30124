/* cogov-bench: one timed run, for `make bench` (bench/run.sh runs it once
 * per case and repetition, so that peak memory is the case's own). It runs
 * a scenario exactly as `cogov run` does, through the public interface
 * include/cogov/sim.h (docs/API.md), and prints one line of key=value
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
#include "cogov/sim.h"

static const char *usage =
    "usage: cogov-bench SCENARIO -o FILE [--threads N] [--set KEY=VALUE]...\n"
    "\n"
    "Run SCENARIO once (replacing FILE) and print its timing on one line:\n"
    "wall and start-up seconds, seconds per phase, observe and HDF5 write\n"
    "seconds, peak resident memory in bytes.\n";

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

int main(int argc, char **argv)
{
    double t_start = wall();
    const char *scenario = NULL, *out = NULL;
    const char **sets = calloc((size_t)argc, sizeof *sets);
    int nsets = 0, threads = 0, rc = 1;
    cogov_params *p = NULL;      /* the run through include/cogov/sim.h */
    cogov_run *r = NULL;
    if (!sets)
        return msg_error("out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opt_is_help(a)) {
            fputs(usage, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(a, "--set") && i + 1 < argc) {
            sets[nsets++] = argv[++i];
        } else if (!strcmp(a, "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(a, "--threads") && i + 1 < argc) {
            threads = atoi(argv[++i]);
            if (threads < 1) {
                msg_error("--threads '%s': expected a positive integer",
                          argv[i]);
                goto out;
            }
        } else if (a[0] == '-' || scenario) {
            msg_error("bench: unexpected argument '%s'\n%s", a, usage);
            goto out;
        } else {
            scenario = a;
        }
    }
    if (!scenario || !out) {
        fputs(usage, stderr);
        goto out;
    }
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
    const char *const *part;
    const double *sec;
    int n_parts = cogov_run_timing(r, &part, &sec), init = 0;
    while (init < n_parts - 1 && strcmp(part[init], "init"))
        init++;
    printf("residents=%lld days=%lld threads=%d wall=%.4f startup=%.4f",
           (long long)residents, (long long)days, threads, total,
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
    return rc;
}
