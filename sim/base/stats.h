/* Statistics over replicates for figures and reports: Student-t
 * intervals of a mean, of a paired difference and of a difference of two
 * independent means (Welch). NaN values are skipped everywhere. */
#ifndef COGOV_STATS_H
#define COGOV_STATS_H

/* Quantile p of Student's t with df > 0 degrees of freedom (df may be
 * fractional, as Welch's is); NaN outside 0 < p < 1 or df <= 0. */
double stats_t_quantile(double p, double df);

/* An estimate with its 95% interval [lo, hi]; lo = hi = NaN when the
 * interval is undefined (too few values). n counts the values used. */
struct estimate {
    double mean, lo, hi;
    int n;
};

/* Mean of the non-NaN x[0..n) with the t interval (n >= 2). */
struct estimate stats_mean_ci(const double *x, int n);

/* The band figures draw around a mean: the t interval for 3 or more
 * values, min-max for 2, none (NaN) for 1. */
struct estimate stats_band(const double *x, int n);

/* b - a for pairs (a[i], b[i]), pairs with a NaN skipped: mean difference
 * and its t interval (common random numbers make pairs by seed). */
struct estimate stats_paired_diff(const double *a, const double *b, int n);

/* mean(b) - mean(a) of independent samples with Welch's interval. */
struct estimate stats_welch_diff(const double *a, int na, const double *b,
                                 int nb);

#endif
