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

/* The model identity: 16 hex digits of a hash of every source whose
 * change can change a run's results (the Makefile's MODEL_SRC; docs/MODEL.md
 * 8), "unknown" in a build without the Makefile. Unlike the git revision
 * it stays the same across commits that touch only docs or tests, and it
 * changes with uncommitted edits: burned-in states and stored pattern
 * runs are keyed by it. Only versions.c sees the macro, so that only it
 * is rebuilt when the identity changes. */
const char *versions_model_id(void);

void versions_libs(char *hdf5, size_t nh, char *libconfig, size_t nl);
#endif
