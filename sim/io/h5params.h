/* Typed parameters of a run file (docs/MODEL.md section 8): the group
 * /parameters holds one attribute per key of the parameter table, named
 * by its dotted key ("population.residents"), as SWIFT writes its
 * parameters. INT keys are 64-bit integers, FLOAT keys doubles, BOOL keys
 * an HDF5 enum {FALSE = 0, TRUE = 1} over int8 (what h5py and R's hdf5r
 * read as booleans), ENUM keys (their choice) and STRING keys UTF-8
 * strings. Readers (cogov info, sweep collect, the Python and R readers)
 * take parameters from here; /config keeps the text for rerunning. */
#ifndef COGOV_H5PARAMS_H
#define COGOV_H5PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "cogov/config.h"

enum h5param_kind { HPAR_INT, HPAR_FLOAT, HPAR_BOOL, HPAR_STRING };

/* One attribute as read back; s (HPAR_STRING) is valid during the
 * callback only. */
struct h5param {
    const char *key;
    enum h5param_kind kind;
    int64_t i;   /* HPAR_INT, HPAR_BOOL (0/1) */
    double f;    /* HPAR_FLOAT */
    const char *s;
};

/* Write /parameters into the open file `file` (an HDF5 identifier, e.g.
 * h5out_hid) from obj, a struct described by t. 0, or -1 with err. */
int h5params_write(int64_t file, const struct param_table *t,
                   const void *obj, char *err, size_t errlen);

/* Call fn for every attribute of /parameters, in the table's order. fn
 * returns 0 to go on, or a value above 1 that stops the walk and is
 * returned. 0 when done, 1 when the file has no /parameters (written
 * before run files carried them), -1 with err. */
int h5params_each(int64_t file, int (*fn)(const struct h5param *v,
                                          void *ctx),
                  void *ctx, char *err, size_t errlen);

#endif
