/* Library versions and the model identity for the /code provenance group,
 * kept in one place so the engine's own files need no library headers. */
#include <hdf5.h>
#include <libconfig.h>
#include <stdio.h>

#include "base/versions.h"

#ifndef COGOV_MODEL_ID
#define COGOV_MODEL_ID "unknown"
#endif

const char *versions_model_id(void) { return COGOV_MODEL_ID; }

void versions_libs(char *hdf5, size_t nh, char *libconfig, size_t nl)
{
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    snprintf(hdf5, nh, "%u.%u.%u", maj, min, rel);
    snprintf(libconfig, nl, "%d.%d.%d", LIBCONFIG_VER_MAJOR,
             LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION);
}
