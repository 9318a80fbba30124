/* `cogov plot`: the options shared by its three figures, the dashboard
 * comparing runs and the per-community small multiples (plot.c) and the
 * figures of a sweep (plot_sweep.c). */
#ifndef COGOV_PLOT_H
#define COGOV_PLOT_H

#include <stddef.h>

#include "post/gnuplot.h"
#include "post/labels.h"
#include "post/runset.h"

enum { PLOT_MAX_METRICS = 32 };

struct plot_opts {
    char **runs;                 /* run files (argv, not owned) */
    int n_runs;
    const char *out;             /* figure; NULL: a default name */
    const char *metric[PLOT_MAX_METRICS];
    int n_metrics;               /* 0: the defaults of the figure */
    const char *font, *keep, *title;
    const char *sweep, *x, *y, *z;
    enum lang lang;
    int force, by_community;
    int smooth;                  /* trailing mean, days (1: raw) */
    int window;                  /* final window, days */
    int from;                    /* first day drawn (drops a warm-up) */
    double size_w, size_h;       /* figure size in inches; 0: default */
    const char *diff_from;       /* reference scenario of --diff-from */
};

/* The figure of a sweep directory (--sweep). 0, or -1 with err. */
int plot_sweep(const struct plot_opts *o, char *err, size_t errlen);

/* Start a job for o at width x height pixels; out_default when o->out is
 * NULL. Wraps gp_begin. */
int plot_begin(struct gp_job *j, const struct plot_opts *o,
               const char *out_default, int width, int height, char *err,
               size_t errlen);

/* Finish the job with the analysis scripts style and `script`, and say
 * where the figure is. 0, or -1 with err. */
int plot_finish(struct gp_job *j, const char *script, char *err,
                size_t errlen);

/* Format one of the label phrases with an int or a string argument. */
void plot_phrase(char *buf, size_t n, enum phrase ph, enum lang lang,
                 const char *s, int k);

/* Lines of the dashboard (plot_lines.c): the replicate band of a
 * scenario, or its difference from a reference as cogov report computes
 * it, written as gnuplot data; the flatness test of a panel; tick steps
 * that leave room for every label. */
/* The 1-D series of the runs of one group: the day and each metric. */
struct plot_group {
    int n, nm;
    double **v;        /* [run * (nm + 1) + k], k = 0 the day */
    size_t *len;
    size_t rows;       /* of the longest day series */
    const double *day;
};

/* Load group g's day and metric series (smoothed); free with
 * plot_group_free. 0, or -1 with err. */
int plot_group_load(const struct runset *rs, int g,
                    const char *const *metric, int nm, int smooth,
                    struct plot_group *d, char *err, size_t errlen);
void plot_group_free(struct plot_group *d);

/* Write data file `file` of one drawn line (day, then mean, low, high
 * of each metric from day `from` on): group d's band, cut at 0 for
 * metrics that are never negative, or with ref its difference d - ref,
 * paired by seed through order (NULL: Welch). Widens ylo/yhi; keeps each
 * row's mean and band width (-1: a difference whose CI excludes 0) in
 * mean/width[k * rows_max + r]. 0, or -1 with err. */
int plot_write_line(struct gp_job *j, const char *file, const char *title,
                    const struct plot_group *d, const struct plot_group *ref,
                    const int *order, const char *const *metric, int nm,
                    int from, size_t rows_max, double *ylo, double *yhi,
                    double *mean, double *width, char *err, size_t errlen);

/* Is panel k flat: without a reference (diff = 0), the nl lines' means
 * differ on every day by less than the narrowest band; with one, no
 * day's difference CI excludes 0. */
int plot_panel_flat(int k, int nl, int diff, size_t rows_max,
                    double *const *mean, double *const *width);

/* Tick steps (0: gnuplot's own) leaving room for every label: x over days
 * [lo, hi] in panels w_px wide with margins of `margins` characters; y
 * over [lo, hi] in panels h_px high with margins of `margins` lines. */
double plot_x_step(int w_px, double margins, double lo, double hi);
double plot_y_step(int h_px, double margins, double lo, double hi);

#endif
