/* Versions of the libraries cogov was built with (see versions.c). */
#ifndef COGOV_VERSIONS_H
#define COGOV_VERSIONS_H
#include <stddef.h>

/* Set by the Makefile (DEFS); these stand in when a file is built alone. */
#ifndef COGOV_VERSION
#define COGOV_VERSION "unknown"
#endif
#ifndef COGOV_GIT_REV
#define COGOV_GIT_REV "unknown"
#endif
#define COGOV_VERSION_STRING COGOV_VERSION " (" COGOV_GIT_REV ")"
#ifndef COGOV_CFLAGS
#define COGOV_CFLAGS "unknown"
#endif

void versions_libs(char *hdf5, size_t nh, char *libconfig, size_t nl);
#endif
