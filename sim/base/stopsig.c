/* Stop signals (see stopsig.h). */
#include <string.h>
#include <unistd.h>

#include "base/stopsig.h"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t *volatile busy_flag;

static void on_signal(int sig)
{
    if (busy_flag && !*busy_flag)
        _exit(128 + sig);
    stop_flag = sig;
}

volatile sig_atomic_t *stopsig_catch(int flags, volatile sig_atomic_t *busy)
{
    busy_flag = busy;
    stop_flag = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = flags & STOPSIG_ONCE ? SA_RESETHAND : 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (flags & STOPSIG_HUP)
        sigaction(SIGHUP, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
    return &stop_flag;
}
