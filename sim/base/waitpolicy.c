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
 * libgomp's GOMP_SPINCOUNT) is left alone. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/waitpolicy.h"

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
