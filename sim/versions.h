/* Versions of the libraries cogov was built with (see versions.c). */
#ifndef COGOV_VERSIONS_H
#define COGOV_VERSIONS_H
#include <stddef.h>
void versions_libs(char *hdf5, size_t nh, char *libconfig, size_t nl);
#endif
