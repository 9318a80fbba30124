/* The strings of cogov's HDF5 files (output, checkpoint): fixed-length,
 * NUL-terminated UTF-8, one type built in one place. */
#ifndef COGOV_H5STR_H
#define COGOV_H5STR_H

#include <stddef.h>

#include <hdf5.h>

/* A string type holding len bytes and the terminating NUL; the caller
 * closes it (H5Tclose). H5I_INVALID_HID on failure. */
hid_t h5str_type(size_t len);

/* A string attribute of loc (file, group or dataset) holding value, of
 * the type above. 0, or -1 (HDF5's error stack says why). */
int h5str_attr_put(hid_t loc, const char *name, const char *value);

/* The fixed-length string attribute name of loc, NUL-terminated, in a
 * malloc'd buffer the caller frees; NULL when it is missing, not such a
 * string, or does not read. */
char *h5str_attr_get(hid_t loc, const char *name);

#endif
