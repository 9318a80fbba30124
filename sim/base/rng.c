/* Non-uniform variates on top of the counter-based streams of
 * include/cogov/rng.h (docs/MODEL.md, design concept "Stochasticity").
 * Every sampler reads only its rng_stream argument: no global or static
 * mutable state, so draws stay pure functions of (seed, purpose, day,
 * entity, index) and safe in any thread. Log-factorials come from a table
 * and a Stirling series rather than lgamma(), which writes the global
 * signgam and so is not thread-safe. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#include "cogov/rng.h"

#define TWO_PI 6.283185307179586476925286766559
#define LOG_SQRT_TWO_PI 0.91893853320467274178032973640562

/* Uniform in (0, 1) with 52 random bits, from two words. 52, not 53: with
 * 53 bits the largest value plus one half rounds to 1.0. Used wherever a
 * logarithm of u reaches into a tail, where 32 bits would cut it at
 * 2^-33. */
static double uniform52(struct rng_stream *s)
{
    uint64_t hi = rng_next_u32(s), lo = rng_next_u32(s);
    uint64_t x = ((hi << 32) | lo) >> 12;
    return ((double)x + 0.5) * (1.0 / 4503599627370496.0);
}

/* ---- log-factorials -------------------------------------------------- */

#define LFACT_TABLE 16

static const double lfact_table[LFACT_TABLE] = {
    0.0,                0.0,                0.6931471805599453,
    1.791759469228055,  3.1780538303479458, 4.787491742782046,
    6.579251212010101,  8.525161361065415,  10.60460290274525,
    12.801827480081469, 15.104412573075516, 17.502307845873887,
    19.987214495661885, 22.552163853123425, 25.19122118273868,
    27.89927138384089};

/* log(k!) - (k log k - k + log(2 pi k) / 2) for k >= 16; the next term of
 * the series is below 1.2e-14. */
static double stirling_corr(double k)
{
    double r = 1.0 / k, r2 = r * r;
    return r * (1.0 / 12.0 -
                r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
}

static double lfact(double k)
{
    if (k < LFACT_TABLE)
        return lfact_table[(int)k];
    return k * log(k) - k + LOG_SQRT_TWO_PI + 0.5 * log(k) +
           stirling_corr(k);
}

/* log(x!) - log(y!) for integers x, y >= 0. Written with log1p of the
 * relative difference so that nearby huge arguments (the binomial at
 * n = 1e12) do not lose all digits to cancellation of two values near
 * 3e13, as lfact(x) - lfact(y) would. */
static double lfact_diff(double x, double y)
{
    if (x < LFACT_TABLE || y < LFACT_TABLE)
        return lfact(x) - lfact(y);
    double d = y - x;
    return d - d * log(x) - y * log1p(d / x) + 0.5 * log(x / y) +
           stirling_corr(x) - stirling_corr(y);
}

/* log P(X = k) for X ~ Poisson(lambda), stable for large lambda: the
 * terms -lambda and k log(lambda) cancel analytically, not numerically. */
static double poisson_logpmf(double k, double lambda)
{
    if (k < LFACT_TABLE)
        return -lambda + k * log(lambda) - lfact_table[(int)k];
    double d = k - lambda;
    return d - k * log1p(d / lambda) - LOG_SQRT_TWO_PI - 0.5 * log(k) -
           stirling_corr(k);
}

/* ---- normal ---------------------------------------------------------- */

double rng_normal(struct rng_stream *s)
{
    double r = sqrt(-2.0 * log(uniform52(s)));
    return r * cos(TWO_PI * rng_uniform(s));
}

/* Standard normal truncated to [a, b], a < b, either may be infinite.
 * Robert (1995), "Simulation of truncated normal variables": pick the
 * proposal by where the interval lies so that acceptance stays bounded
 * away from zero, and every loop ends with probability one. */
static double std_trunc_normal(struct rng_stream *s, double a, double b)
{
    if (b <= 0.0) /* a left tail: mirror it onto the right */
        return -std_trunc_normal(s, -b, -a);
    if (a <= 0.0) {
        /* The mode is inside: a wide interval holds at least ~0.49 of the
         * mass, a narrow one is well covered by a uniform box. */
        if (b - a >= 2.5066282746310002) {
            for (;;) {
                double z = rng_normal(s);
                if (z >= a && z <= b)
                    return z;
            }
        }
        for (;;) {
            double z = a + (b - a) * rng_uniform(s);
            if (rng_uniform(s) <= exp(-0.5 * z * z))
                return z;
        }
    }
    /* 0 < a < b: a right tail. A short interval: uniform proposal with
     * the density relative to its value at a, exp((a^2 - z^2) / 2),
     * which is at least 1/e when (b - a)(b + a) <= 2. Otherwise Robert's
     * exponential proposal shifted to a, with the optimal rate; hypot
     * keeps it finite for huge a. */
    if ((b - a) * (b + a) <= 2.0) {
        for (;;) {
            double z = a + (b - a) * rng_uniform(s);
            if (rng_uniform(s) <= exp(-0.5 * (z - a) * (z + a)))
                return z;
        }
    }
    double alpha = 0.5 * (a + hypot(a, 2.0));
    for (;;) {
        double z = a - log(uniform52(s)) / alpha;
        if (z > b)
            continue;
        double d = z - alpha;
        if (rng_uniform(s) <= exp(-0.5 * d * d))
            return z;
    }
}

double rng_trunc_normal(struct rng_stream *s, double mean, double sd,
                        double lo, double hi)
{
    if (isnan(mean) || isnan(sd) || isnan(lo) || isnan(hi) || lo > hi ||
        isinf(sd))
        return NAN;
    if (lo == hi)
        return lo;
    /* The limits sd -> 0 and |mean| -> inf put all mass on the point of
     * [lo, hi] nearest the mean. */
    if (!(sd > 0.0) || isinf(mean))
        return fmin(fmax(mean, lo), hi);
    double a = (lo - mean) / sd, b = (hi - mean) / sd;
    double x;
    if (a < b)
        x = mean + sd * std_trunc_normal(s, a, b);
    else if (isfinite(a)) /* interval far narrower than sd: flat */
        x = lo + (hi - lo) * rng_uniform(s);
    else /* both bounds overflowed to the same infinity */
        x = a > 0.0 ? lo : hi;
    /* Rounding in mean + sd * z may step just outside. */
    return fmin(fmax(x, lo), hi);
}

/* ---- Poisson --------------------------------------------------------- */

int rng_poisson_inv_large(double u, double lambda)
{
    if (!(lambda < (double)INT_MAX))
        return INT_MAX;
    double m = floor(lambda);
    double pm = exp(poisson_logpmf(m, lambda));
    /* P(X <= m), summed downward from the mode until the terms no longer
     * matter (about 9 sqrt(lambda) of them). */
    double cdf = pm, p = pm;
    for (double j = m; j > 0.0; j--) {
        p *= j / lambda;
        cdf += p;
        if (p < cdf * 1e-17)
            break;
    }
    double k = m;
    p = pm;
    if (u <= cdf) {
        /* Step down while P(X <= k - 1) still covers u. */
        while (k > 0.0 && cdf - p >= u) {
            cdf -= p;
            p *= k / lambda;
            k--;
        }
    } else {
        while (cdf < u) {
            k++;
            p *= lambda / k;
            cdf += p;
            if (p < cdf * 1e-17) /* rounding left u out of reach */
                break;
        }
    }
    return k < (double)INT_MAX ? (int)k : INT_MAX;
}

/* Above this, k no longer fits int64 comfortably: saturate. */
#define POISSON_MAX 2305843009213693952.0 /* 2^61 */

int64_t rng_poisson(struct rng_stream *s, double lambda)
{
    if (!(lambda > 0.0))
        return 0;
    if (lambda < 10.0)
        return rng_poisson_inv(uniform52(s), lambda);
    if (!(lambda < POISSON_MAX))
        return INT64_MAX;
    /* Hormann (1993), "The transformed rejection method for generating
     * Poisson random variables", algorithm PTRS; the constants are his. */
    double slam = sqrt(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double log_invalpha = log(1.1239 + 1.1328 / (b - 3.4));
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double U = rng_uniform(s) - 0.5;
        double V = rng_uniform(s);
        double us = 0.5 - fabs(U);
        double k = floor((2.0 * a / us + b) * U + lambda + 0.43);
        if (k < 0.0 || k >= 2.0 * POISSON_MAX)
            continue;
        if (us >= 0.07 && V <= vr)
            return (int64_t)k;
        if (us < 0.013 && V > us)
            continue;
        if (log(V) + log_invalpha - log(a / (us * us) + b) <=
            poisson_logpmf(k, lambda))
            return (int64_t)k;
    }
}

/* ---- gamma and beta -------------------------------------------------- */

/* log of a Gamma(shape, 1) draw, shape > 0 finite. Marsaglia & Tsang
 * (2000), "A simple method for generating gamma variables", for shape
 * >= 1; below 1, their boost G(shape) = G(shape + 1) * U^(1/shape), kept
 * in logarithms because U^(1/shape) underflows for small shapes. */
static double log_gamma_draw(struct rng_stream *s, double shape)
{
    if (shape < 1.0)
        return log_gamma_draw(s, shape + 1.0) + log(uniform52(s)) / shape;
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = rng_normal(s);
        double t = c * x;
        if (t <= -1.0)
            continue;
        double lv = 3.0 * log1p(t); /* log v, v = (1 + t)^3 */
        double x2 = x * x;
        double u = rng_uniform(s);
        if (u < 1.0 - 0.0331 * x2 * x2)
            return log(d) + lv;
        /* d (1 - v + log v) with v - 1 = 3t + 3t^2 + t^3, grouped so that
         * huge shapes (t tiny) do not cancel to noise. */
        double w = 3.0 * (log1p(t) - t) - t * t * (3.0 + t);
        if (log(u) < 0.5 * x2 + d * w)
            return log(d) + lv;
    }
}

double rng_gamma(struct rng_stream *s, double shape)
{
    if (!(shape > 0.0))
        return NAN;
    if (isinf(shape))
        return INFINITY;
    return exp(log_gamma_draw(s, shape));
}

double rng_beta(struct rng_stream *s, double a, double b)
{
    if (!(a > 0.0) || !(b > 0.0) || isinf(a) || isinf(b))
        return NAN;
    double lx = log_gamma_draw(s, a), ly = log_gamma_draw(s, b);
    /* Shapes below ~1e-300 can send both logs to -inf; Beta(a, b) is
     * then Bernoulli(a / (a + b)) on {0, 1} to within rounding. */
    if (isinf(lx) && isinf(ly))
        return rng_uniform(s) * (a + b) < a ? 1.0 : 0.0;
    /* X / (X + Y) = 1 / (1 + exp(ly - lx)), evaluated on the side where
     * exp cannot overflow. */
    if (lx >= ly)
        return 1.0 / (1.0 + exp(ly - lx));
    double r = exp(lx - ly);
    return r / (1.0 + r);
}

/* ---- binomial -------------------------------------------------------- */

/* Inversion by sequential search, for n p < 10 with p <= 1/2: about n p
 * steps. If rounding leaves u above the summed pmf, draw again. */
static int64_t binomial_inv(struct rng_stream *s, int64_t n, double p)
{
    double q = 1.0 - p, ratio = p / q, np1 = ((double)n + 1.0) * ratio;
    double p0 = exp((double)n * log1p(-p));
    for (;;) {
        double u = uniform52(s), r = p0;
        for (int64_t k = 0;;) {
            if (u <= r)
                return k;
            u -= r;
            if (k == n || r < DBL_MIN)
                break; /* pmf exhausted before u: redraw */
            k++;
            r *= np1 / (double)k - ratio;
        }
    }
}

/* Hormann (1993), "The generation of binomial random variates", algorithm
 * BTRS, for n p >= 10 with p <= 1/2. The acceptance test compares with
 * log(f(k) / f(m)), m the mode, through lfact_diff. */
static int64_t binomial_btrs(struct rng_stream *s, int64_t n, double p)
{
    double nd = (double)n, q = 1.0 - p;
    double spq = sqrt(nd * p * q);
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = nd * p + 0.5;
    double alpha = (2.83 + 5.1 / b) * spq;
    double vr = 0.92 - 4.2 / b;
    double m = floor((nd + 1.0) * p);
    double lpq = log(p / q);
    for (;;) {
        double U = rng_uniform(s) - 0.5;
        double V = rng_uniform(s);
        double us = 0.5 - fabs(U);
        double k = floor((2.0 * a / us + b) * U + c);
        if (k < 0.0 || k > nd || k >= 9.2e18)
            continue;
        if (us >= 0.07 && V <= vr)
            return (int64_t)k;
        double lhs = log(V * alpha / (a / (us * us) + b));
        double rhs = lfact_diff(m, k) + lfact_diff(nd - m, nd - k) +
                     (k - m) * lpq;
        if (lhs <= rhs)
            return (int64_t)k;
    }
}

int64_t rng_binomial(struct rng_stream *s, int64_t n, double p)
{
    if (n <= 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    if (p > 0.5)
        return n - rng_binomial(s, n, 1.0 - p);
    if ((double)n * p < 10.0)
        return binomial_inv(s, n, p);
    return binomial_btrs(s, n, p);
}
