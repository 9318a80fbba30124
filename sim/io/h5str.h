/* The strings of cogov's HDF5 files (output, checkpoint): fixed-length,
 * NUL-terminated UTF-8, one type built in one place. */
#ifndef COGOV_H5STR_H
#define COGOV_H5STR_H

#include <stddef.h>

#include <hdf5.h>

/* A string type holding len bytes and the terminating NUL; the caller
 * closes it (H5Tclose). H5I_INVALID_HID on failure. */
hid_t h5str_type(size_t len);

#endif
