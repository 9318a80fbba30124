/* The lines of `cogov plot`'s dashboard (see plot.h): bands over
 * replicates, paired differences as `cogov report` computes them, the
 * flatness test of a panel and tick steps that keep labels apart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stats.h"
#include "post/plot.h"

/* Widen [lo, hi] to hold the finite ones of v[0..n). */
static void extend(double *lo, double *hi, const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
}


void plot_group_free(struct plot_group *d)
{
    for (int i = 0; d->v && i < d->n * (d->nm + 1); i++)
        free(d->v[i]);
    free(d->v);
    free(d->len);
    memset(d, 0, sizeof *d);
}

int plot_group_load(const struct runset *rs, int g,
                    const char *const *metric, int nm, int smooth,
                    struct plot_group *d, char *err, size_t errlen)
{
    const struct run_group *grp = &rs->groups[g];
    memset(d, 0, sizeof *d);
    d->n = grp->n;
    d->nm = nm;
    d->v = calloc((size_t)d->n * (size_t)(nm + 1), sizeof *d->v);
    d->len = calloc((size_t)d->n * (size_t)(nm + 1), sizeof *d->len);
    if (!d->v || !d->len) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < d->n; i++)
        for (int k = 0; k <= nm; k++) {
            size_t at = (size_t)i * (size_t)(nm + 1) + (size_t)k;
            if (runset_series(rs, grp->run[i], k ? metric[k - 1] : "day",
                              k ? smooth : 1, &d->v[at], &d->len[at], err,
                              errlen))
                return -1;
            if (!k && d->len[at] > d->rows) {
                d->rows = d->len[at];
                d->day = d->v[at];
            }
        }
    return 0;
}

/* metric k (1-based) of run i on row r, NaN past its end */
static double gvalue(const struct plot_group *d, int i, int k, size_t r)
{
    size_t at = (size_t)i * (size_t)(d->nm + 1) + (size_t)k;
    return r < d->len[at] ? d->v[at][r] : NAN;
}

/* What one drawn line shows on row r for metric k: the band of group
 * `d` (mean and 95% CI over its replicates, cut at 0 for metrics that are
 * never negative), or with a reference `ref` the difference d - ref as
 * `cogov report` computes it: paired by seed when order is given, else
 * Welch's interval. */
static struct estimate line_estimate(const struct plot_group *d,
                                     const struct plot_group *ref,
                                     const int *order, int k, size_t r,
                                     int nonneg, double *a, double *b)
{
    if (!ref) {
        for (int i = 0; i < d->n; i++)
            a[i] = gvalue(d, i, k, r);
        struct estimate e = stats_band(a, d->n);
        if (nonneg && e.lo < 0)
            e.lo = 0;
        return e;
    }
    for (int i = 0; i < ref->n; i++) {
        a[i] = gvalue(ref, i, k, r);
        if (order)
            b[i] = gvalue(d, order[i], k, r);
    }
    if (order)
        return stats_paired_diff(a, b, ref->n);
    for (int i = 0; i < d->n; i++)
        b[i] = gvalue(d, i, k, r);
    return stats_welch_diff(a, ref->n, b, d->n);
}

/* The smallest step of 1, 2 or 5 times a power of ten that cuts span
 * into at most max_ticks - 1 intervals, so that at most max_ticks labels
 * are drawn. */
static double nice_step(double span, int max_ticks)
{
    if (max_ticks < 2)
        max_ticks = 2;
    if (!(span > 0) || !isfinite(span))
        return 0;
    double raw = span / (max_ticks - 1), p = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (m[i] * p >= raw * (1 - 1e-12))
            return m[i] * p;
    return 10 * p;
}

/* Room for tick labels: a label is about CHAR_PX wide per character and
 * LINE_PX high (gnuplot's 11-point text; PDF draws 9 points at 100 px an
 * inch, smaller still). */
enum { CHAR_PX = 8, LINE_PX = 16 };

/* x tick step for panels w_px wide with margins of `margins` characters
 * over days [lo, hi]: labels of the widest day apart by 2 characters. */
double plot_x_step(int w_px, double margins, double lo, double hi)
{
    int chars = snprintf(NULL, 0, "%.0f", fmax(fabs(lo), fabs(hi)));
    int room = w_px - (int)(margins * CHAR_PX);
    return nice_step(hi - lo, room / ((chars + 2) * CHAR_PX));
}

/* y tick step for panels h_px high with margins of `margins` lines:
 * labels a line and a half apart. */
double plot_y_step(int h_px, double margins, double lo, double hi)
{
    int room = h_px - (int)(margins * LINE_PX);
    return nice_step(hi - lo, room / (3 * LINE_PX / 2));
}

/* Write scenarioN.dat (day, then mean, low, high of each metric) of one
 * drawn line; widen ylo/yhi; keep row r's mean and band width (for the
 * flatness test) in mean[k * rows_max + r], width[...]. */
int plot_write_line(struct gp_job *j, const char *file, const char *title,
                    const struct plot_group *d, const struct plot_group *ref,
                    const int *order, const char *const *metric, int nm,
                    int from, size_t rows_max, double *ylo, double *yhi,
                    double *mean, double *width, char *err, size_t errlen)
{
    int nmax = d->n > (ref ? ref->n : 0) ? d->n : ref->n;
    double *a = calloc((size_t)nmax + 1, sizeof *a);
    double *b = calloc((size_t)nmax + 1, sizeof *b);
    FILE *f = a && b ? gp_data(j, file, err, errlen) : NULL;
    int rc = -1;
    if (!a || !b)
        snprintf(err, errlen, "out of memory");
    if (!f)
        goto out;
    fprintf(f, "# %s: day, then mean, low, high of:", title);
    for (int k = 0; k < nm; k++)
        fprintf(f, " %s", metric[k]);
    fputc('\n', f);
    size_t rows = ref && ref->rows < d->rows ? ref->rows : d->rows;
    for (size_t r = 0; r < rows && r < rows_max; r++) {
        if (d->day[r] < from)
            continue;
        fprintf(f, "%.0f", d->day[r]);
        for (int k = 1; k <= nm; k++) {
            struct estimate e = line_estimate(
                d, ref, order, k, r, label_nonnegative(metric[k - 1]), a, b);
            fprintf(f, " %.9g %.9g %.9g", e.mean, e.lo, e.hi);
            extend(&ylo[k - 1], &yhi[k - 1], (double[]){e.mean, e.lo, e.hi},
                   3);
            mean[(size_t)(k - 1) * rows_max + r] = e.mean;
            width[(size_t)(k - 1) * rows_max + r] = e.hi - e.lo;
            if (ref && isfinite(e.lo) && isfinite(e.hi) &&
                (e.lo > 0 || e.hi < 0))
                width[(size_t)(k - 1) * rows_max + r] = -1;   /* real */
        }
        fputc('\n', f);
    }
    rc = ferror(f) ? -1 : 0;
    if (rc)
        snprintf(err, errlen, "cannot write %.1000s/%s", j->dir, file);
out:
    if (f)
        fclose(f);
    free(a);
    free(b);
    return rc;
}

/* Is panel k flat: without a reference, on every day the drawn means
 * differ by less than the narrowest band; with one, no day's difference
 * CI excludes 0. mean/width as write_line keeps them, for nl lines. */
int plot_panel_flat(int k, int nl, int diff, size_t rows_max,
                    double *const *mean, double *const *width)
{
    int days = 0;
    for (size_t r = 0; r < rows_max; r++) {
        double lo = INFINITY, hi = -INFINITY, w = INFINITY;
        int n = 0;
        for (int l = 0; l < nl; l++) {
            double m = mean[l][(size_t)k * rows_max + r];
            double x = width[l][(size_t)k * rows_max + r];
            if (!isfinite(m))
                continue;
            if (diff && x < 0)
                return 0;          /* a difference beyond its CI */
            if (!isfinite(x))
                return 0;          /* no band to compare with */
            lo = fmin(lo, m);
            hi = fmax(hi, m);
            w = fmin(w, x);
            n++;
        }
        if (!diff && n >= 2 && !(hi - lo < w))
            return 0;
        days += n >= (diff ? 1 : 2);
    }
    return days > 0;
}
