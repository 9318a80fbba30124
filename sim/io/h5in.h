/* Reading cogov output files back (analysis, sweeps, tests): checks that
 * a file is a cogov output and complete, and reads its attributes and
 * series as doubles. The layout is the one h5out writes. */
#ifndef COGOV_H5IN_H
#define COGOV_H5IN_H

#include <stddef.h>
#include <stdint.h>

struct h5in;

enum { H5IN_REQUIRE_COMPLETE = 1 };

/* Open path read-only. Fails with a message when the file cannot be read,
 * is not HDF5, is not a cogov output (no cogov_version attribute), or,
 * with H5IN_REQUIRE_COMPLETE, is a sweep index (sweep_name attribute) or
 * has complete != 1. */
int h5in_open(struct h5in **f, const char *path, int flags, char *err,
              size_t errlen);
void h5in_close(struct h5in *f);

/* Root string attribute into buf; -1 if missing. */
int h5in_attr_string(struct h5in *f, const char *name, char *buf,
                     size_t n);
/* Root integer attribute; -1 if missing. */
int h5in_attr_int(struct h5in *f, const char *name, int64_t *v);

/* The resolved configuration text (malloc'd, caller frees), or NULL. */
char *h5in_config(struct h5in *f);

/* Names of the datasets in /group (malloc'd array of malloc'd strings in
 * HDF5's name order; free with h5in_free_names). Returns the count, -1 on
 * error. */
int h5in_list(struct h5in *f, const char *group, char ***names);
void h5in_free_names(char **names, int n);

/* Read /group/name as doubles: rows x cols (cols = 1 for 1-D). *data is
 * malloc'd, caller frees. -1 with err if missing. */
int h5in_read(struct h5in *f, const char *group, const char *name,
              double **data, size_t *rows, size_t *cols, char *err,
              size_t errlen);

/* A string attribute of /group/name (e.g. "units"); -1 if missing. For a
 * string-array attribute the elements are joined with commas. */
int h5in_series_attr(struct h5in *f, const char *group, const char *name,
                     const char *attr, char *buf, size_t n);

/* A string attribute of any object (group or dataset, e.g. "code"); -1
 * if missing. */
int h5in_object_attr(struct h5in *f, const char *object, const char *attr,
                     char *buf, size_t n);

/* The open file's HDF5 identifier (io/h5params.c reads /parameters
 * through it); owned by f. */
int64_t h5in_hid(const struct h5in *f);

/* The path the file was opened with. */
const char *h5in_path(const struct h5in *f);

/* 1 when /group/name is a dataset, else 0. */
int h5in_exists(struct h5in *f, const char *group, const char *name);

/* Read the string dataset /group/name (scalar or 1-D) into *out, an array
 * of *count malloc'd strings (free with h5in_free_names). 0, or -1 with
 * err. */
int h5in_read_strings(struct h5in *f, const char *group, const char *name,
                      char ***out, size_t *count, char *err, size_t errlen);

#endif
