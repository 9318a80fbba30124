/* Replicate statistics (see stats.h). The t quantile inverts the t
 * distribution function, written through the regularized incomplete beta
 * function (continued fraction, modified Lentz), so fractional Welch
 * degrees of freedom need no table. */
#include <math.h>

#include "base/stats.h"

/* One step of the modified Lentz method: c and d updated by the partial
 * numerator aa, returning the factor of the convergent. */
static double lentz(double aa, double *c, double *d)
{
    const double tiny = 1e-300;
    *d = 1 + aa * *d;
    if (fabs(*d) < tiny)
        *d = tiny;
    *c = 1 + aa / *c;
    if (fabs(*c) < tiny)
        *c = tiny;
    *d = 1 / *d;
    return *d * *c;
}

/* Continued fraction of the incomplete beta function (x < (a+1)/(a+b+2)
 * for fast convergence; the caller uses the symmetry otherwise). */
static double beta_cf(double a, double b, double x)
{
    double qab = a + b, qap = a + 1, qam = a - 1;
    /* c = inf, d = 1 make the first step the special one (c stays 1) */
    double c = INFINITY, d = 1;
    double h = lentz(-qab * x / qap, &c, &d);
    for (int m = 1; m <= 300; m++) {
        int m2 = 2 * m;
        h *= lentz(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
        double del = lentz(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
                           &c, &d);
        h *= del;
        if (fabs(del - 1) < 1e-15)
            break;
    }
    return h;
}

/* Regularized incomplete beta I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
                 b * log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return exp(lbt) * beta_cf(a, b, x) / a;
    return 1 - exp(lbt) * beta_cf(b, a, 1 - x) / b;
}

/* P(T <= t) for t >= 0. */
static double t_cdf(double t, double df)
{
    return 1 - 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t));
}

double stats_t_quantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0))
        return NAN;
    if (p < 0.5)
        return -stats_t_quantile(1 - p, df);
    if (p == 0.5)
        return 0;
    /* bracket, then bisect: the cdf is monotone and cheap enough */
    double lo = 0, hi = 1;
    while (t_cdf(hi, df) < p && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Mean and sample variance of the non-NaN values. */
static int moments(const double *x, int n, double *mean, double *var)
{
    double s = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i])) {
            s += x[i];
            k++;
        }
    *mean = k ? s / k : NAN;
    double v = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]))
            v += (x[i] - *mean) * (x[i] - *mean);
    *var = k > 1 ? v / (k - 1) : NAN;
    return k;
}

static struct estimate interval(double mean, double se, double df, int n)
{
    struct estimate e = {mean, NAN, NAN, n};
    if (df > 0 && !isnan(se)) {
        double h = se > 0 ? stats_t_quantile(0.975, df) * se : 0;
        e.lo = mean - h;
        e.hi = mean + h;
    }
    return e;
}

struct estimate stats_mean_ci(const double *x, int n)
{
    double m, v;
    int k = moments(x, n, &m, &v);
    return interval(m, k > 1 ? sqrt(v / k) : NAN, k - 1, k);
}

struct estimate stats_band(const double *x, int n)
{
    struct estimate e = stats_mean_ci(x, n);
    if (e.n == 2) {
        e.lo = INFINITY;
        e.hi = -INFINITY;
        for (int i = 0; i < n; i++)
            if (!isnan(x[i])) {
                e.lo = fmin(e.lo, x[i]);
                e.hi = fmax(e.hi, x[i]);
            }
    }
    return e;
}

struct estimate stats_paired_diff(const double *a, const double *b, int n)
{
    double s = 0, v = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(a[i]) && !isnan(b[i])) {
            s += b[i] - a[i];
            k++;
        }
    double m = k ? s / k : NAN;
    for (int i = 0; i < n; i++)
        if (!isnan(a[i]) && !isnan(b[i]))
            v += (b[i] - a[i] - m) * (b[i] - a[i] - m);
    return interval(m, k > 1 ? sqrt(v / (k - 1) / k) : NAN, k - 1, k);
}

struct estimate stats_welch_diff(const double *a, int na, const double *b,
                                 int nb)
{
    double ma, va, mb, vb;
    int ka = moments(a, na, &ma, &va), kb = moments(b, nb, &mb, &vb);
    int k = ka < kb ? ka : kb;
    if (ka < 2 || kb < 2)
        return interval(mb - ma, NAN, 0, k);
    double qa = va / ka, qb = vb / kb, se2 = qa + qb;
    /* Welch-Satterthwaite; both variances zero: a zero-width interval */
    double df = se2 > 0 ? se2 * se2 / (qa * qa / (ka - 1) + qb * qb / (kb - 1))
                        : ka + kb - 2;
    return interval(mb - ma, sqrt(se2), df, k);
}
