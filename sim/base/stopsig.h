/* One way for a command to be stopped by a signal: SIGINT, SIGTERM (and
 * SIGHUP when asked) set a flag that the long loops below poll (the day
 * loop, the demo, the sweep pool), so a run can finish the phase it is in
 * and leave its output consistent. Shared by `run`, `demo` and `sweep`. */
#ifndef COGOV_STOPSIG_H
#define COGOV_STOPSIG_H

#include <signal.h>

enum {
    STOPSIG_HUP = 1,     /* SIGHUP stops too (a closed terminal) */
    STOPSIG_ONCE = 2,    /* the handler is reset after the first signal,
                            so a second one ends the process at once */
};

/* Catch the stop signals (no SA_RESTART: a blocking call such as waitpid
 * or read returns EINTR, so the loop sees the flag). While busy is given
 * and *busy is 0 (nothing to flush yet), a signal ends the process at
 * once with status 128 + signal. SIGXFSZ is ignored: past a file-size
 * limit a write fails with EFBIG and is reported instead. Returns the
 * flag: 0 until a signal came, then its number. */
volatile sig_atomic_t *stopsig_catch(int flags,
                                     volatile sig_atomic_t *busy);

#endif
