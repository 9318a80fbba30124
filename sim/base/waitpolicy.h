/* The OpenMP wait policy, chosen before the runtime starts (waitpolicy.c,
 * docs/PERFORMANCE.md "Busy machine"). */
#ifndef COGOV_WAITPOLICY_H
#define COGOV_WAITPOLICY_H

/* First thing in main, before any OpenMP call: unless OMP_WAIT_POLICY or
 * GOMP_SPINCOUNT is set, set OMP_WAIT_POLICY=passive and execute the
 * program again with ARGV (the OpenMP runtime reads its environment when
 * it is loaded). Returns when it did not (already set, under LD_PRELOAD,
 * no /proc/self/exe, a build without OpenMP). */
void waitpolicy_apply(char **argv);

/* Which wait policy is in force and who chose it, for logs and the
 * benchmark and the run file's /code attributes. */
const char *waitpolicy_describe(void);

#endif
