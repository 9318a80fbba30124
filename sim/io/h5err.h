/* HDF5 errors for the modules that write and read HDF5 files (h5out,
 * checkpoint): automatic error printing switched off for one call, and the
 * innermost error of HDF5's stack as one line for the caller's message. */
#ifndef COGOV_H5ERR_H
#define COGOV_H5ERR_H

#include <stddef.h>

#include <hdf5.h>

/* Automatic error printing off for the duration of one public call. If the
 * application installed an H5Eset_auto1 handler, H5Eget_auto2 fails and
 * the setting is left alone rather than lost. */
struct h5err_quiet {
    H5E_auto2_t func;
    void *data;
    int saved;
};
void h5err_quiet_on(struct h5err_quiet *q);
void h5err_quiet_off(const struct h5err_quiet *q);

/* The innermost (most specific) record of the current error stack as
 * "function: description" on one line; for a failed system call only its
 * reason ("No space left on device"), not HDF5's multi-line record of the
 * call. "" when the stack is empty. Call right after the failure. */
void h5err_innermost(char *buf, size_t n);

#endif
