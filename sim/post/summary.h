/* Summaries of a run file: the mean of each 1-D time series over the
 * final window of days. Shared by `cogov report`, `cogov sweep collect`
 * and the pattern study, so a "final value" means the same everywhere. */
#ifndef COGOV_SUMMARY_H
#define COGOV_SUMMARY_H

#include <stddef.h>

#include "io/h5in.h"

/* Default final window, in days (the whole run when it is shorter). */
enum { SUMMARY_WINDOW_DAYS = 90 };

struct summary {
    int n;              /* metrics */
    char **names;       /* /timeseries names of the 1-D series, sorted */
    double *mean;       /* final-window mean, NaN days skipped (NaN if all) */
    int window, days;   /* days averaged, days in the file */
};

/* Means over the last `window` days (<= 0: SUMMARY_WINDOW_DAYS) of every
 * 1-D series of /timeseries except `day`. 0, or -1 with err. Ownership:
 * s is the caller's, released with summary_free(). */
int summary_read(struct h5in *f, int window, struct summary *s, char *err,
                 size_t errlen);
void summary_free(struct summary *s);

/* Index of metric name in s, or -1. */
int summary_find(const struct summary *s, const char *name);

#endif
