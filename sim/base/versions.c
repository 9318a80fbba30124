/* Library versions for the /code provenance group, kept in one place so
 * the engine's own files need no library headers. */
#include <hdf5.h>
#include <libconfig.h>
#include <stdio.h>

#include "base/versions.h"

void versions_libs(char *hdf5, size_t nh, char *libconfig, size_t nl)
{
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    snprintf(hdf5, nh, "%u.%u.%u", maj, min, rel);
    snprintf(libconfig, nl, "%d.%d.%d", LIBCONFIG_VER_MAJOR,
             LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION);
}
