/* One-line messages (see msg.h). */
#include <stdarg.h>
#include <stdio.h>

#include "base/msg.h"

int msg_error(const char *fmt, ...)
{
    va_list ap;
    fputs("cogov: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}
