/* A set of run files grouped by scenario, for `cogov plot` and `cogov
 * report`. Runs of one scenario (the root attribute `scenario`) are
 * replicates: they must differ only in their seed. Groups keep the order in
 * which their first run was given; the first group is the reference of
 * comparisons. */
#ifndef COGOV_RUNSET_H
#define COGOV_RUNSET_H

#include <stddef.h>
#include <stdint.h>

#include "io/h5in.h"
#include "post/labels.h"

struct run {
    const char *path;      /* as given (not owned) */
    struct h5in *f;        /* open while the set is */
    char scenario[128];
    int64_t seed, days;
    int group;
};

struct run_group {
    char name[128];
    char name_zh[128];     /* name_zh of its configuration, or "" */
    int n;                 /* replicates */
    int *run;              /* indices into runs, in the order given */
};

struct runset {
    int n_runs, n_groups;
    struct run *runs;
    struct run_group *groups;
};

/* Open every path (complete cogov runs only) and group them. Fails with
 * one message when a file is not a complete run, when two files are the
 * same scenario and seed, or when runs of one scenario differ in
 * configuration other than the seed (they are then not replicates: give
 * them distinct names). Ownership: rs is the caller's, released with
 * runset_free (also after a failure). */
int runset_open(struct runset *rs, char *const *paths, int n, char *err,
                size_t errlen);
void runset_free(struct runset *rs);

/* Do groups 0 (the reference) and g hold the same seeds? Then order[i]
 * is the index in group g of the run with the seed of run i of group 0
 * (the pairs of common random numbers). */
int runset_same_seeds(const struct runset *rs, int g, int *order);

/* The name of group g to show in lang: name_zh in Chinese when the
 * scenario file gave one, else its name. */
const char *runset_display_name(const struct runset *rs, int g,
                                enum lang lang);

/* Make the scenario `name` the reference (the first group), the others
 * keeping their order. 0, or -1 with err listing the scenarios. */
int runset_reference(struct runset *rs, const char *name, char *err,
                     size_t errlen);

/* /timeseries/<name> of run i as a 1-D series (malloc'd, *len values),
 * smoothed by a trailing mean over `smooth` days (<= 1: raw; NaN days
 * skipped). 0, or -1 with err naming the file. */
int runset_series(const struct runset *rs, int i, const char *name,
                  int smooth, double **v, size_t *len, char *err,
                  size_t errlen);

/* Trailing mean over `smooth` days (<= 1: none) of each column of the
 * rows x cols array v, in place; NaN values skipped. 0, or -1 when out of
 * memory. */
int runset_smooth(double *v, size_t rows, size_t cols, int smooth);

/* Mean over the last `window` days of each column of the 2-D series
 * /timeseries/<name> of run i: cols values into out (at most max). Returns
 * the column count, or -1 with err. */
int runset_final_columns(const struct runset *rs, int i, const char *name,
                         int window, double *out, int max, char *err,
                         size_t errlen);

#endif
