/* The OpenMP wait policy cogov runs with (docs/PERFORMANCE.md, "Busy
 * machine"). A thread that waits at the end of a parallel region sleeps
 * at once (OMP_WAIT_POLICY=passive) instead of spinning: on a machine
 * where another process holds a core, a spinning thread kept the thread
 * it waited for off the core, and 2 threads ran 2-50x slower than 1.
 *
 * The OpenMP runtime reads its environment when it is loaded, before
 * main, and C cannot reach it earlier (the environment is not yet set up
 * in a .preinit_array function), so the program sets the variable and
 * executes itself again. A policy the user set (OMP_WAIT_POLICY, or
 * libgomp's GOMP_SPINCOUNT) is left alone.
 *
 * With a binding asked for (OMP_PROC_BIND, OMP_PLACES, GOMP_CPU_AFFINITY)
 * the runtime has bound the program's one thread to the first place by
 * then, and a program executed again inherits that one CPU: its runtime
 * finds one place and runs every team there (two threads on one CPU,
 * each phase as slow as on one thread or slower). So the CPUs of all the
 * places are given back to the program before it executes itself. */
#define _GNU_SOURCE   /* sched_setaffinity, CPU_SET */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/waitpolicy.h"

#ifdef _OPENMP
/* The CPUs of every place of the runtime (none without a binding) as the
 * program's own, so that the program executed again finds the places the
 * user asked for. 0, or -1 when they could not be set. */
static int unbind(void)
{
    const int places = omp_get_num_places();
    if (places <= 0)
        return 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    int ids[CPU_SETSIZE];
    for (int p = 0; p < places; p++) {
        const int n = omp_get_place_num_procs(p);
        if (n <= 0 || n > CPU_SETSIZE)
            continue;
        omp_get_place_proc_ids(p, ids);
        for (int k = 0; k < n; k++)
            if (ids[k] >= 0 && ids[k] < CPU_SETSIZE)
                CPU_SET(ids[k], &set);
    }
    return CPU_COUNT(&set) ? sched_setaffinity(0, sizeof set, &set) : -1;
}
#endif

/* set by cogov before it executed itself again */
#define MARK "COGOV_WAIT_POLICY_SET"

void waitpolicy_apply(char **argv)
{
#ifdef _OPENMP
    if (getenv("OMP_WAIT_POLICY") || getenv("GOMP_SPINCOUNT"))
        return;
    /* under valgrind or a profiler (LD_PRELOAD) the program executed
     * again would run without it */
    if (getenv("LD_PRELOAD"))
        return;
    /* the places' CPUs could not be given back: better the runtime's
     * policy than every thread on one CPU */
    if (unbind())
        return;
    if (setenv("OMP_WAIT_POLICY", "passive", 1) || setenv(MARK, "1", 1))
        return;
    execv("/proc/self/exe", argv);
    /* no /proc: go on with the runtime's own policy */
    unsetenv("OMP_WAIT_POLICY");
    unsetenv(MARK);
#else
    (void)argv;
#endif
}

const char *waitpolicy_describe(void)
{
    static char d[128];
    const char *v = getenv("OMP_WAIT_POLICY"), *s = getenv("GOMP_SPINCOUNT");
    if (v && getenv(MARK))
        snprintf(d, sizeof d, "OMP_WAIT_POLICY=%.40s (set by cogov)", v);
    else if (v || s)
        snprintf(d, sizeof d, "%s%.40s%s%s%.40s (from the environment)",
                 v ? "OMP_WAIT_POLICY=" : "", v ? v : "", v && s ? " " : "",
                 s ? "GOMP_SPINCOUNT=" : "", s ? s : "");
    else
        return "the OpenMP runtime's default";
    return d;
}
