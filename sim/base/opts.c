/* Command-line option helpers (see opts.h). */
#include <string.h>

#include "base/opts.h"

int opt_is_help(const char *a)
{
    return !strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "help");
}
