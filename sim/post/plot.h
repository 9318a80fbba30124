/* `cogov plot`: the options shared by its three figures, the dashboard
 * comparing runs and the per-community small multiples (plot.c) and the
 * figures of a sweep (plot_sweep.c). */
#ifndef COGOV_PLOT_H
#define COGOV_PLOT_H

#include <stddef.h>

#include "post/gnuplot.h"
#include "post/labels.h"

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

#endif
