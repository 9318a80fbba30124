/* HDF5 output of one run (docs/MODEL.md, "Observation"; the layout is the
 * contract of docs/MODEL.md section 8). The file is written while the
 * run goes, rows buffered and appended along an unlimited time axis, under
 * the temporary name "<path>.partial"; h5out_close(o, 1) sets the root
 * attribute complete=1 last, closes, syncs and renames to <path>. A file
 * with the final name is therefore always complete. */
#ifndef COGOV_H5OUT_H
#define COGOV_H5OUT_H

#include <stddef.h>
#include <stdint.h>

enum h5out_dtype { H5OUT_F64, H5OUT_I32, H5OUT_I64, H5OUT_U8, H5OUT_F32 };

struct h5out_meta {
    const char *cogov_version;
    const char *scenario;
    uint64_t seed;
    int64_t n_residents, n_communities, days;
    const char *created_utc;     /* ISO 8601; NULL = now */
    const char *config_text;     /* resolved configuration (libconfig) */
    int n_code;                  /* attributes of /code */
    const char *const *code_keys;
    const char *const *code_values;
    int flush_every;             /* rows buffered per series, >= 1 */
};

struct h5out;

/* Create "<path>.partial" with root attributes (complete = 0), /config and
 * /code. Refuses when <path> exists and force is 0, when the directory is
 * not writable, or when another live process writes "<path>.partial" (it
 * is created exclusively and locked, io/afile.h); a stale one left by a
 * killed process is replaced. On failure returns
 * -1 with a message naming the path in err, and creates nothing. Ownership:
 * *out is owned by the caller until h5out_close().
 * Strings (attributes and the scalar /config dataset) are fixed-length,
 * NUL-terminated UTF-8: read them with H5Tget_size and one H5Aread/H5Dread.
 * /timeseries and /communities are created here, even if left empty. Every
 * function reports through err (when errlen > 0) and never prints: HDF5's
 * automatic error printing is off while an h5out function runs. */
int h5out_open(struct h5out **out, const char *path, int force,
               const struct h5out_meta *meta, char *err, size_t errlen);

/* Can a file be created at path: its folder exists, is a folder and is
 * writable, and path is not a folder (whether path exists is the caller's
 * question: --force). 0, or -1 with err naming the folder or path. Runs
 * ask it before they set up and burn in their district, so a bad -o is
 * told at once (engine/sim.c, sim_check_files). */
int h5out_check_place(const char *path, char *err, size_t errlen);

/* Declare a chunked, deflated, extendible dataset /<group>/<name> of rows
 * of ncols values (ncols == 1 gives a 1-D dataset, otherwise 2-D
 * [row, col]). attr_name/attr_values (comma separated, may be NULL) add a
 * string-array attribute naming the columns, e.g. "channels"; it must name
 * exactly ncols columns. group may be nested ("a/b"); missing groups are
 * created. Returns the series id (>= 0) or -1 (nothing is left behind). */
int h5out_series(struct h5out *o, const char *group, const char *name,
                 const char *units, const char *description, int ncols,
                 enum h5out_dtype dtype, const char *attr_name,
                 const char *attr_values, char *err, size_t errlen);

/* As h5out_series, but always 2-D [row, col], even with one column (per
 * community series of a one-community district). */
int h5out_table(struct h5out *o, const char *group, const char *name,
                const char *units, const char *description, int ncols,
                enum h5out_dtype dtype, const char *attr_name,
                const char *attr_values, char *err, size_t errlen);

/* Append one row (ncols values of the series' dtype). Buffered; written
 * every flush_every rows. Returns 0 or -1. */
int h5out_row(struct h5out *o, int series, const void *values, char *err,
              size_t errlen);

/* Write a 1-D array /snapshots/day_NNNNN/residents/<name> (day >= 0; n may
 * be 0). Writing the same day and name twice is an error. */
int h5out_snapshot(struct h5out *o, int day, const char *name,
                   const char *units, const char *description,
                   enum h5out_dtype dtype, const void *data, size_t n,
                   char *err, size_t errlen);

/* Root string attribute (e.g. provenance added by the driver), replacing
 * one of the same name. The typed attributes seed, n_residents,
 * n_communities, days and complete are refused. */
int h5out_root_attr(struct h5out *o, const char *name, const char *value,
                    char *err, size_t errlen);

/* Write buffered rows and flush the file to disk. */
int h5out_flush(struct h5out *o, char *err, size_t errlen);

/* Finish: with complete = 1, flush, set complete=1, close, fsync and rename
 * to the final name (refusing, unless forced at open, if the final name
 * appeared meanwhile); with complete = 0, flush what is buffered, close and
 * leave the ".partial" file (complete=0). Frees o in every case; o == NULL
 * is a no-op returning 0. If anything fails, -1: a file that could not be
 * finished (a full disk) is removed; a finished one whose rename was
 * refused stays under the ".partial" name. */
int h5out_close(struct h5out *o, int complete, char *err, size_t errlen);

/* Path of the temporary file ("<path>.partial"). */
const char *h5out_partial_path(const struct h5out *o);

/* The open file's HDF5 identifier, for writers of groups of their own
 * (io/h5params.c); owned by o. */
int64_t h5out_hid(const struct h5out *o);

#endif
