/* Unit tests for the counter-based random numbers (include/cogov/rng.h,
 * sim/base/rng.c): Philox4x32 against the published Random123 known answers,
 * purity of every draw in (seed, purpose, day, entity, index), and each
 * sampler against its analytic moments or pmf. Statistical checks allow
 * NSE standard errors (or a chi-square critical value at the same
 * level), so a correct sampler essentially never fails; seeds are fixed,
 * so the outcome is deterministic. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cogov/rng.h"
#include "unit.h"

#define SEED 0x5EED2024C0C0ABCDull
#define NSE 5.0 /* tolerance, in standard errors */

enum { P_UNIFORM = 1, P_NORMAL, P_POISSON, P_POISSON_INV, P_CATEGORICAL,
       P_TRUNC, P_GAMMA, P_BETA, P_BINOMIAL, P_CHI2 };

/* Name the case of a loop when one of its checks failed. */
#define CONTEXT_BEGIN int ctx_before_ = unit_failed_checks
#define CONTEXT_END(...)                                                   \
    do {                                                                   \
        if (unit_failed_checks != ctx_before_) {                           \
            fprintf(stderr, "  in case: ");                                \
            fprintf(stderr, __VA_ARGS__);                                  \
            fprintf(stderr, "\n");                                         \
        }                                                                  \
    } while (0)

/* ---- helpers ---------------------------------------------------------- */

/* Running mean and central moments (Welford / Terriberry), so that huge
 * means (gamma shape 1e10) do not swamp the variance. */
struct moments {
    double n, mean, m2, m3, m4;
};

static void mom_add(struct moments *m, double x)
{
    double n1 = m->n, n = n1 + 1.0;
    double d = x - m->mean, dn = d / n, dn2 = dn * dn, t = d * dn * n1;
    m->mean += dn;
    m->m4 += t * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m->m2 -
             4.0 * dn * m->m3;
    m->m3 += t * dn * (n - 2.0) - 3.0 * dn * m->m2;
    m->m2 += t;
    m->n = n;
}

static double mom_var(const struct moments *m)
{
    return m->m2 / (m->n - 1.0);
}

/* Sample mean within NSE standard errors of mu, sample variance within
 * NSE standard errors of var; the variance's standard error is
 * sqrt((mu4 - var^2) / n), mu4 the fourth central moment. */
static void check_mean_var(const struct moments *m, double mu, double var,
                           double mu4)
{
    double n = m->n;
    CHECK_NEAR(m->mean, mu, NSE * sqrt(var / n));
    CHECK_NEAR(mom_var(m), var, NSE * sqrt((mu4 - var * var) / n));
}

/* Pearson chi-square of counts obs[0..nb) against probabilities prob[]
 * (summing to 1) for n draws, after pooling neighbouring bins until each
 * expected count is at least 5. The critical value is the Wilson-Hilferty
 * quantile at NSE normal deviates (upper tail ~3e-7; slightly
 * conservative for few degrees of freedom). */
static void check_chi2(const double *obs, const double *prob, int nb,
                       double n)
{
    double *co = malloc(sizeof *co * (size_t)nb);
    double *ce = malloc(sizeof *ce * (size_t)nb);
    CHECK(co && ce);
    if (!co || !ce) {
        free(co);
        free(ce);
        return;
    }
    int cells = 0;
    double eo = 0.0, ee = 0.0;
    for (int i = 0; i < nb; i++) {
        eo += obs[i];
        ee += n * prob[i];
        if (ee >= 5.0) {
            co[cells] = eo;
            ce[cells] = ee;
            cells++;
            eo = ee = 0.0;
        }
    }
    if (cells == 0) {
        co[0] = ce[0] = 0.0;
        cells = 1;
    }
    co[cells - 1] += eo; /* a short remainder joins the last cell */
    ce[cells - 1] += ee;
    double stat = 0.0;
    for (int i = 0; i < cells; i++) {
        double d = co[i] - ce[i];
        stat += d * d / ce[i];
    }
    double df = cells - 1;
    CHECK(df >= 1);
    double h = 2.0 / (9.0 * df);
    double crit = df * pow(1.0 - h + NSE * sqrt(h), 3.0);
    CHECK_NEAR(stat, 0.0, crit); /* prints the statistic on failure */
    free(co);
    free(ce);
}

/* Poisson pmf computed independently of sim/base/rng.c (lgamma is fine in a
 * single-threaded test). */
static double pois_pmf(int k, double lambda)
{
    return exp(-lambda + k * log(lambda) - lgamma(k + 1.0));
}

static double binom_pmf(int k, int n, double p)
{
    return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) +
               k * log(p) + (n - k) * log1p(-p));
}

/* Standard normal cdf and upper tail, accurate in both tails. */
static double Phi(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static double Q(double x)
{
    return 0.5 * erfc(x / sqrt(2.0));
}

static double phi(double x)
{
    return exp(-0.5 * x * x) / sqrt(2.0 * M_PI);
}

/* ---- Philox and the counter layout ------------------------------------ */

struct kat {
    int rounds;
    uint32_t ctr[4], key[2], out[4];
};

/* Random123 tests/kat_vectors, the rows "philox4x32 10" (and "philox4x32
 * 7"): counter, key, expected output, in that order. */
static const struct kat kats[] = {
    {10, {0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {10, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {10, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    {7, {0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48}},
    {7, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662}},
    {7, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a}},
};

#define NKAT ((int)(sizeof kats / sizeof kats[0]))

TEST(test_philox_kat)
{
    for (int i = 0; i < NKAT; i++) {
        CONTEXT_BEGIN;
        uint32_t out[4];
        rng_philox4x32(kats[i].ctr, kats[i].key, kats[i].rounds, out);
        for (int w = 0; w < 4; w++)
            CHECK_EQ_INT(out[w], kats[i].out[w]);
        CONTEXT_END("known-answer vector %d (%d rounds)", i,
                    kats[i].rounds);
    }
}

/* rng_block maps (seed, purpose, day, entity, index) one-to-one onto
 * (key, counter) as documented, so the 10-round vectors replay through
 * it. */
TEST(test_block_kat)
{
    for (int i = 0; i < NKAT; i++) {
        if (kats[i].rounds != 10)
            continue;
        CONTEXT_BEGIN;
        const uint32_t *c = kats[i].ctr, *k = kats[i].key;
        uint64_t seed = (uint64_t)k[1] << 32 | k[0];
        uint64_t entity = (uint64_t)(c[3] & 0xFFFFFFu) << 32 | c[2];
        uint32_t out[4];
        static uint32_t batch[4][RNG_BATCH];
        rng_block(seed, c[3] >> 24, c[1], entity, c[0], out);
        rng_block_batch(seed, c[3] >> 24, c[1], entity, c[0], batch);
        for (int w = 0; w < 4; w++) {
            CHECK_EQ_INT(out[w], kats[i].out[w]);
            CHECK_EQ_INT(batch[w][0], kats[i].out[w]);
        }
        CONTEXT_END("known-answer vector %d through rng_block and "
                    "rng_block_batch", i);
    }
}

/* The batch form is the same function: every lane of every word equals
 * rng_block, including batches whose entities cross a 2^32 boundary
 * (where the entity's high bits move into counter word 3); lane 0 replays
 * the known-answer vectors in test_block_kat. */
TEST(test_block_batch)
{
    static const uint64_t starts[] = {0, 1000003, 0xFFFFFFE0ull,
                                      0x00FFFFFFFFFFFFC0ull};
    static uint32_t out[4][RNG_BATCH];
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        CONTEXT_BEGIN;
        uint64_t seed = SEED ^ (i * 0x9E3779B97F4A7C15ull);
        rng_block_batch(seed, 0xA7, 4321, starts[i], 17, out);
        int bad = 0;
        for (int j = 0; j < RNG_BATCH; j++) {
            uint32_t ref[4];
            rng_block(seed, 0xA7, 4321, starts[i] + (uint64_t)j, 17, ref);
            for (int w = 0; w < 4; w++)
                bad += out[w][j] != ref[w];
        }
        CHECK_EQ_INT(bad, 0);
        CONTEXT_END("batch starting at entity %llu",
                    (unsigned long long)starts[i]);
    }
}

/* ---- purity ----------------------------------------------------------- */

struct tuple {
    uint64_t seed, entity;
    uint32_t purpose, day, index;
};

static void block_of(const struct tuple *t, uint32_t out[4])
{
    rng_block(t->seed, t->purpose, t->day, t->entity, t->index, out);
}

/* 1 if all four words differ, 0 if all are equal, -1 otherwise. */
static int words_differ(const uint32_t a[4], const uint32_t b[4])
{
    int diff = 0;
    for (int w = 0; w < 4; w++)
        diff += a[w] != b[w];
    return diff == 4 ? 1 : diff == 0 ? 0 : -1;
}

TEST(test_purity_block)
{
    const struct tuple base = {0x0123456789ABCDEFull, 0x00A5A5A5DEADBEEFull,
                               0x5A, 0x00001234u, 0x00000042u};
    uint32_t ref[4], again[4], out[4];
    block_of(&base, ref);
    block_of(&base, again);
    CHECK_EQ_INT(words_differ(ref, again), 0);

    /* Flipping any single input bit within the documented ranges changes
     * every output word. */
    for (int bit = 0; bit < 64; bit++) {
        struct tuple t = base;
        t.seed ^= 1ull << bit;
        block_of(&t, out);
        CONTEXT_BEGIN;
        CHECK_EQ_INT(words_differ(ref, out), 1);
        CONTEXT_END("seed bit %d", bit);
    }
    for (int bit = 0; bit < RNG_ENTITY_BITS; bit++) {
        struct tuple t = base;
        t.entity ^= 1ull << bit;
        block_of(&t, out);
        CONTEXT_BEGIN;
        CHECK_EQ_INT(words_differ(ref, out), 1);
        CONTEXT_END("entity bit %d", bit);
    }
    for (int bit = 0; bit < 32; bit++) {
        struct tuple t = base;
        t.day ^= 1u << bit;
        block_of(&t, out);
        CONTEXT_BEGIN;
        CHECK_EQ_INT(words_differ(ref, out), 1);
        t = base;
        t.index ^= 1u << bit;
        block_of(&t, out);
        CHECK_EQ_INT(words_differ(ref, out), 1);
        CONTEXT_END("day or index bit %d", bit);
    }
    for (int bit = 0; bit < RNG_PURPOSE_BITS; bit++) {
        struct tuple t = base;
        t.purpose ^= 1u << bit;
        block_of(&t, out);
        CONTEXT_BEGIN;
        CHECK_EQ_INT(words_differ(ref, out), 1);
        CONTEXT_END("purpose bit %d", bit);
    }
    /* Every pair of the 256 purposes gives distinct words. */
    uint32_t first[256];
    for (int p = 0; p < 256; p++) {
        struct tuple t = base;
        t.purpose = (uint32_t)p;
        block_of(&t, out);
        first[p] = out[0];
    }
    int collisions = 0;
    for (int p = 0; p < 256; p++)
        for (int q = p + 1; q < 256; q++)
            collisions += first[p] == first[q];
    CHECK_EQ_INT(collisions, 0);

    /* The documented limit, pinned so that a change of layout must update
     * RNG_PURPOSE_BITS / RNG_ENTITY_BITS and their comment: higher bits
     * are ignored. */
    struct tuple t = base;
    t.purpose |= 1u << RNG_PURPOSE_BITS;
    t.entity ^= 1ull << RNG_ENTITY_BITS;
    block_of(&t, out);
    CHECK_EQ_INT(words_differ(ref, out), 0);
}

/* A stream is the blocks of index 0, 1, 2, ... in order; samplers depend
 * on nothing but their stream. */
TEST(test_purity_stream)
{
    struct rng_stream s, s2;
    rng_stream_init(&s, SEED, P_UNIFORM, 7, 123456789012ull);
    for (uint32_t i = 0; i < 5; i++) {
        uint32_t blk[4];
        rng_block(SEED, P_UNIFORM, 7, 123456789012ull, i, blk);
        for (int w = 0; w < 4; w++)
            CHECK_EQ_INT(rng_next_u32(&s), blk[w]);
    }

    /* The same tuple replays the same mixed sequence of draws, whatever
     * other streams did in between. */
    double a[64], b[64];
    for (int pass = 0; pass < 2; pass++) {
        double *x = pass ? b : a;
        rng_stream_init(&s, SEED, P_NORMAL, 3, 99);
        rng_stream_init(&s2, SEED + pass, P_NORMAL, 3, 100);
        for (int i = 0; i < 8; i++) {
            x[8 * i + 0] = rng_normal(&s);
            x[8 * i + 1] = rng_trunc_normal(&s, 0, 1, 3, 4);
            x[8 * i + 2] = (double)rng_poisson(&s, 0.5 + 300 * i);
            x[8 * i + 3] = rng_gamma(&s, 0.3 + i);
            x[8 * i + 4] = rng_beta(&s, 0.5, 2 + i);
            x[8 * i + 5] = (double)rng_binomial(&s, 1000, 0.01 * i);
            x[8 * i + 6] = rng_uniform(&s);
            x[8 * i + 7] = (double)rng_below(&s, 1000);
            (void)rng_gamma(&s2, 2.5); /* noise in another stream */
        }
    }
    int same = 0;
    for (int i = 0; i < 64; i++)
        same += a[i] == b[i];
    CHECK_EQ_INT(same, 64);

    /* Another entity gives other numbers. */
    rng_stream_init(&s, SEED, P_NORMAL, 3, 99);
    rng_stream_init(&s2, SEED, P_NORMAL, 3, 98);
    CHECK(rng_normal(&s) != rng_normal(&s2));
}

/* Draws do not depend on the number of threads or the schedule. */
TEST(test_purity_threads)
{
    enum { N = 4000 };
    static double serial[N], parallel[N];
    for (int pass = 0; pass < 2; pass++) {
        double *x = pass ? parallel : serial;
#pragma omp parallel for schedule(dynamic, 7) if (pass)
        for (int e = 0; e < N; e++) {
            struct rng_stream s;
            rng_stream_init(&s, SEED, P_POISSON, 11, (uint64_t)e);
            x[e] = (double)rng_poisson(&s, 50.0 + e) +
                   rng_gamma(&s, 0.7) +
                   (double)rng_binomial(&s, 5000, 0.3);
        }
    }
    int same = 0;
    for (int e = 0; e < N; e++)
        same += serial[e] == parallel[e];
    CHECK_EQ_INT(same, N);
}

/* ---- uniforms ---------------------------------------------------------- */

TEST(test_uniform)
{
    CHECK(rng_u01(0) > 0.0);
    CHECK(rng_u01(0xFFFFFFFFu) < 1.0);
    CHECK_NEAR(rng_u01(0x80000000u), 0.5, 1e-9);

    enum { NBLK = 100000 };
    struct moments m = {0};
    for (uint32_t i = 0; i < NBLK; i++) {
        uint32_t w[4];
        rng_block(SEED, P_UNIFORM, 0, 1, i, w);
        for (int j = 0; j < 4; j++)
            mom_add(&m, rng_u01(w[j]));
    }
    check_mean_var(&m, 0.5, 1.0 / 12.0, 1.0 / 80.0);

    /* rng_below: in range and flat (chi-square). */
    enum { NB = 10, ND = 200000 };
    double obs[NB] = {0}, prob[NB];
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_UNIFORM, 1, 1);
    int out_of_range = 0;
    for (int i = 0; i < ND; i++) {
        uint32_t k = rng_below(&s, NB);
        if (k >= NB)
            out_of_range++;
        else
            obs[k]++;
    }
    CHECK_EQ_INT(out_of_range, 0);
    for (int k = 0; k < NB; k++)
        prob[k] = 1.0 / NB;
    check_chi2(obs, prob, NB, ND);
}

/* ---- normal ------------------------------------------------------------ */

TEST(test_normal)
{
    enum { N = 300000 };
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_NORMAL, 0, 0);
    struct moments m = {0};
    double above2 = 0, below3 = 0;
    for (int i = 0; i < N; i++) {
        double z = rng_normal(&s);
        mom_add(&m, z);
        above2 += z > 2.0;
        below3 += z < -3.0;
    }
    check_mean_var(&m, 0.0, 1.0, 3.0);
    double p2 = Q(2.0), p3 = Q(3.0);
    CHECK_NEAR(above2 / N, p2, NSE * sqrt(p2 * (1 - p2) / N));
    CHECK_NEAR(below3 / N, p3, NSE * sqrt(p3 * (1 - p3) / N));
}

/* ---- Poisson ----------------------------------------------------------- */

TEST(test_poisson_moments)
{
    static const double lambdas[] = {0.001, 0.5, 3, 9.9, 10, 30, 1000,
                                     1e12};
    static const int draws[] = {300000, 100000, 100000, 100000,
                                100000, 100000, 100000, 20000};
    for (int c = 0; c < 8; c++) {
        double lam = lambdas[c];
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_POISSON, (uint32_t)c, 0);
        struct moments m = {0};
        int negative = 0;
        for (int i = 0; i < draws[c]; i++) {
            int64_t k = rng_poisson(&s, lam);
            negative += k < 0;
            mom_add(&m, (double)k);
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(negative, 0);
        check_mean_var(&m, lam, lam, lam + 3.0 * lam * lam);
        CONTEXT_END("rng_poisson lambda %g", lam);
    }
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_POISSON, 99, 0);
    CHECK_EQ_INT(rng_poisson(&s, 0.0), 0);
    CHECK_EQ_INT(rng_poisson(&s, -2.0), 0);
    CHECK_EQ_INT(rng_poisson(&s, NAN), 0);
    CHECK(rng_poisson(&s, INFINITY) == INT64_MAX);
    CHECK(rng_poisson(&s, 1e300) == INT64_MAX);
}

/* Chi-square of counts of k in [0, kmax) plus an upper-tail bin against
 * the exact Poisson pmf. */
static void check_poisson_chi2(const double *count, int kmax, double lam,
                               double n)
{
    double *prob = malloc(sizeof *prob * (size_t)(kmax + 1));
    CHECK(prob != NULL);
    if (!prob)
        return;
    double sum = 0.0;
    for (int k = 0; k < kmax; k++) {
        prob[k] = pois_pmf(k, lam);
        sum += prob[k];
    }
    prob[kmax] = fmax(0.0, 1.0 - sum);
    check_chi2(count, prob, kmax + 1, n);
    free(prob);
}

/* The rejection sampler's pmf, not only its moments, on both sides of the
 * switch at lambda 10. */
TEST(test_poisson_pmf)
{
    static const double lambdas[] = {3, 10, 30, 1000};
    enum { N = 100000 };
    for (int c = 0; c < 4; c++) {
        double lam = lambdas[c];
        int kmax = (int)(lam + 12.0 * sqrt(lam) + 20.0);
        double *count = calloc((size_t)kmax + 1, sizeof *count);
        CHECK(count != NULL);
        if (!count)
            return;
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_CHI2, (uint32_t)c, 0);
        for (int i = 0; i < N; i++) {
            int64_t k = rng_poisson(&s, lam);
            count[k < kmax ? k : kmax]++;
        }
        CONTEXT_BEGIN;
        check_poisson_chi2(count, kmax, lam, N);
        CONTEXT_END("rng_poisson pmf, lambda %g", lam);
        free(count);
    }
}

TEST(test_poisson_inv)
{
    /* pmf by chi-square, one uniform per draw, on both sides of the switch
     * to the search from the mode, and past the underflow of exp(-lambda)
     * at 745. */
    static const double lambdas[] = {0.5, 3, 9.9, 30, 100, 1000, 5000};
    enum { N = 60000 };
    for (int c = 0; c < 7; c++) {
        double lam = lambdas[c];
        int kmax = (int)(lam + 12.0 * sqrt(lam) + 20.0);
        double *count = calloc((size_t)kmax + 1, sizeof *count);
        CHECK(count != NULL);
        if (!count)
            return;
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_POISSON_INV, (uint32_t)c, 0);
        int negative = 0;
        for (int i = 0; i < N; i++) {
            int k = rng_poisson_inv(rng_uniform(&s), lam);
            negative += k < 0;
            count[k < kmax ? k : kmax]++;
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(negative, 0);
        check_poisson_chi2(count, kmax, lam, N);
        CONTEXT_END("rng_poisson_inv pmf, lambda %g", lam);
        free(count);
    }

    /* Inversion exactly: k = inv(u) satisfies F(k-1) < u <= F(k), up to
     * rounding, on a grid of u including both extremes of rng_u01. F in
     * long double, summed from where the lower tail is below 1e-300. */
    static const double lams2[] = {3, 29.5, 30.5, 800, 1e6};
    for (int c = 0; c < 5; c++) {
        double lam = lams2[c];
        int lo = (int)fmax(0.0, floor(lam - 40.0 * sqrt(lam) - 10.0));
        int hi = (int)(lam + 40.0 * sqrt(lam) + 40.0);
        long double *F = malloc(sizeof *F * (size_t)(hi - lo + 1));
        CHECK(F != NULL);
        if (!F)
            return;
        long double acc = 0.0L;
        for (int k = lo; k <= hi; k++) {
            acc += expl(-(long double)lam + k * logl(lam) -
                        lgammal(k + 1.0L));
            F[k - lo] = acc;
        }
        CONTEXT_BEGIN;
        int bad = 0;
        for (int i = -1; i <= 400; i++) {
            double u = i < 0     ? rng_u01(0)
                       : i == 400 ? rng_u01(0xFFFFFFFFu)
                                  : (i + 0.5) / 400.0;
            int k = rng_poisson_inv(u, lam);
            long double Fk = k < lo ? 0.0L : k > hi ? 1.0L : F[k - lo];
            long double Fk1 = k - 1 < lo   ? 0.0L
                              : k - 1 > hi ? 1.0L
                                           : F[k - 1 - lo];
            if (!(Fk >= u - 1e-11 && Fk1 < u + 1e-11)) {
                if (bad++ < 3)
                    fprintf(stderr, "  u=%.17g k=%d F(k-1)=%.17Lg "
                            "F(k)=%.17Lg\n", u, k, Fk1, Fk);
            }
        }
        CHECK_EQ_INT(bad, 0);
        CONTEXT_END("rng_poisson_inv inversion, lambda %g", lam);
        free(F);
    }
    CHECK_EQ_INT(rng_poisson_inv(0.5, 0.0), 0);
    CHECK_EQ_INT(rng_poisson_inv(0.5, -1.0), 0);
    CHECK_EQ_INT(rng_poisson_inv(0.5, NAN), 0);
    CHECK_EQ_INT(rng_poisson_inv(0.5, INFINITY), INT_MAX);
}

/* ---- categorical ------------------------------------------------------- */

TEST(test_categorical)
{
    static const double w[] = {1.0, 0.0, 2.5, 0.5, 6.0, 0.0, 3.0, 0.0};
    enum { K = 8, N = 200000 };
    double cum[K], total = 0.0;
    for (int i = 0; i < K; i++)
        cum[i] = total += w[i];
    double count[K] = {0};
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_CATEGORICAL, 0, 0);
    for (int i = 0; i < N; i++) {
        int k = rng_categorical_u(rng_uniform(&s), cum, K);
        CHECK(k >= 0 && k < K);
        if (k >= 0 && k < K)
            count[k]++;
    }
    /* Zero weights are never drawn; the rest by chi-square over the
     * non-zero categories. */
    CHECK_EQ_INT(count[1], 0);
    CHECK_EQ_INT(count[5], 0);
    CHECK_EQ_INT(count[7], 0);
    double obs[K], prob[K];
    int nz = 0;
    for (int i = 0; i < K; i++) {
        if (w[i] > 0.0) {
            obs[nz] = count[i];
            prob[nz] = w[i] / total;
            nz++;
        }
    }
    check_chi2(obs, prob, nz, N);
    /* The extremes of u land on the first and last non-zero weights. */
    CHECK_EQ_INT(rng_categorical_u(rng_u01(0), cum, K), 0);
    CHECK_EQ_INT(rng_categorical_u(rng_u01(0xFFFFFFFFu), cum, K), 6);
}

/* ---- truncated normal -------------------------------------------------- */

TEST(test_trunc_normal)
{
    /* Each sampler branch: uniform box around the mode, normal rejection,
     * uniform box in a tail, translated exponential, a mirrored left
     * tail, and far tails up to 30 standard deviations. */
    static const double cases[][4] = {
        /* mean, sd, lo, hi */
        {0, 1, -1, 1},       {1, 2, -1, 4},       {0, 1, -3, 3},
        {2, 0.5, -INFINITY, INFINITY},            {0, 1, 0.5, INFINITY},
        {0, 1, 1, 1.5},      {0, 1, -INFINITY, -2},
        {10, 3, 34, 35.5},   {0, 1, 8, 8.01},     {0, 1, 30, 30.1},
        {-5, 2, -INFINITY, -65}};
    enum { NC = sizeof cases / sizeof cases[0], N = 40000 };
    for (int c = 0; c < NC; c++) {
        double mu = cases[c][0], sd = cases[c][1];
        double lo = cases[c][2], hi = cases[c][3];
        double a = (lo - mu) / sd, b = (hi - mu) / sd;
        /* Z = P(a < X < b) from the tail on the interval's side, so that
         * far tails keep their digits. */
        double Z = a > 0 ? Q(a) - Q(b) : Phi(b) - Phi(a);
        double pa = isinf(a) ? 0 : phi(a), pb = isinf(b) ? 0 : phi(b);
        double apa = isinf(a) ? 0 : a * pa, bpb = isinf(b) ? 0 : b * pb;
        double r = (pa - pb) / Z;
        double mean = mu + sd * r;
        double var = sd * sd * (1 + (apa - bpb) / Z - r * r);

        struct rng_stream s;
        rng_stream_init(&s, SEED, P_TRUNC, (uint32_t)c, 0);
        struct moments m = {0};
        int outside = 0;
        for (int i = 0; i < N; i++) {
            double x = rng_trunc_normal(&s, mu, sd, lo, hi);
            outside += !(x >= lo && x <= hi);
            mom_add(&m, x);
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(outside, 0);
        /* The variance's standard error from the sample's own fourth
         * moment. */
        check_mean_var(&m, mean, var, m.m4 / m.n);
        CONTEXT_END("rng_trunc_normal(%g, %g, %g, %g)", mu, sd, lo, hi);
    }

    /* Beyond what erfc can represent: [1e6, inf) has mean a + 1/a - 2/a^3
     * + ... and sd about 1/a. It must not loop or leave the interval. */
    {
        const double a = 1e6;
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_TRUNC, 100, 0);
        struct moments m = {0};
        int outside = 0;
        for (int i = 0; i < 20000; i++) {
            double x = rng_trunc_normal(&s, 0, 1, a, INFINITY);
            outside += !(x >= a);
            mom_add(&m, x - a);
        }
        CHECK_EQ_INT(outside, 0);
        CHECK_NEAR(m.mean, 1.0 / a, NSE * (1.0 / a) / sqrt(m.n));
    }

    struct rng_stream s;
    rng_stream_init(&s, SEED, P_TRUNC, 200, 0);
    CHECK_EQ_INT(rng_trunc_normal(&s, 0, 1, 2, 2) == 2.0, 1);
    CHECK_EQ_INT(rng_trunc_normal(&s, 5, 0, 0, 1) == 1.0, 1);
    CHECK_EQ_INT(rng_trunc_normal(&s, 0.3, 0, 0, 1) == 0.3, 1);
    CHECK_EQ_INT(rng_trunc_normal(&s, INFINITY, 1, 0, 1) == 1.0, 1);
    CHECK(isnan(rng_trunc_normal(&s, 0, 1, 1, 0)));
    CHECK(isnan(rng_trunc_normal(&s, NAN, 1, 0, 1)));
    /* An interval far narrower than sd, and bounds so far out that the
     * standardised ones overflow. */
    double x = rng_trunc_normal(&s, 0, 1e300, 1, 1 + 1e-12);
    CHECK(x >= 1 && x <= 1 + 1e-12);
    CHECK_EQ_INT(rng_trunc_normal(&s, -1e308, 1e-10, 1e308, INFINITY) ==
                     1e308, 1);
}

/* ---- gamma and beta ---------------------------------------------------- */

TEST(test_gamma)
{
    static const double shapes[] = {0.01, 0.3, 1.0, 5.0, 1e10};
    enum { N = 100000 };
    for (int c = 0; c < 5; c++) {
        double k = shapes[c];
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_GAMMA, (uint32_t)c, 0);
        struct moments m = {0};
        int bad = 0;
        for (int i = 0; i < N; i++) {
            double x = rng_gamma(&s, k);
            bad += !(x >= 0.0 && isfinite(x));
            mom_add(&m, x);
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(bad, 0);
        check_mean_var(&m, k, k, 3.0 * k * k + 6.0 * k);
        CONTEXT_END("rng_gamma shape %g", k);
    }
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_GAMMA, 99, 0);
    CHECK(isnan(rng_gamma(&s, 0.0)));
    CHECK(isnan(rng_gamma(&s, -1.0)));
    CHECK(isnan(rng_gamma(&s, NAN)));
    double tiny = rng_gamma(&s, 1e-300); /* underflows, must not be NaN */
    CHECK(tiny >= 0.0 && isfinite(tiny));
}

TEST(test_beta)
{
    static const double ab[][2] = {
        {0.5, 0.5}, {2, 5}, {0.05, 0.2}, {1000, 3000}, {1e-3, 1e-3}};
    enum { N = 60000 };
    for (int c = 0; c < 5; c++) {
        double a = ab[c][0], b = ab[c][1], t = a + b;
        double mean = a / t, var = a * b / (t * t * (t + 1));
        double exkurt = 6.0 * ((a - b) * (a - b) * (t + 1) -
                               a * b * (t + 2)) /
                        (a * b * (t + 2) * (t + 3));
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_BETA, (uint32_t)c, 0);
        struct moments m = {0};
        int outside = 0;
        for (int i = 0; i < N; i++) {
            double x = rng_beta(&s, a, b);
            outside += !(x >= 0.0 && x <= 1.0);
            mom_add(&m, x);
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(outside, 0);
        check_mean_var(&m, mean, var, (exkurt + 3.0) * var * var);
        CONTEXT_END("rng_beta(%g, %g)", a, b);
    }
    struct rng_stream s;
    rng_stream_init(&s, SEED, P_BETA, 99, 0);
    double tiny = rng_beta(&s, 1e-310, 3e-310); /* denormal shapes */
    CHECK(tiny == 0.0 || tiny == 1.0);
    CHECK(isnan(rng_beta(&s, 0.0, 1.0)));
    CHECK(isnan(rng_beta(&s, 1.0, -1.0)));
}

/* ---- binomial ---------------------------------------------------------- */

TEST(test_binomial)
{
    /* Inversion (n p < 10), BTRS, the p > 1/2 mirror, huge n with small
     * and moderate p. */
    static const struct {
        int64_t n;
        double p;
    } cases[] = {{20, 0.3},         {1000, 0.3},     {50, 0.5},
                 {1000000, 0.9},    {1000000000, 9e-9},
                 {1000000000, 1e-8}, {1000000000000ll, 0.4},
                 {7, 0.999}};
    enum { NC = sizeof cases / sizeof cases[0], N = 100000 };
    for (int c = 0; c < NC; c++) {
        double n = (double)cases[c].n, p = cases[c].p;
        double v = n * p * (1 - p);
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_BINOMIAL, (uint32_t)c, 0);
        struct moments m = {0};
        int outside = 0;
        for (int i = 0; i < N; i++) {
            int64_t k = rng_binomial(&s, cases[c].n, p);
            outside += k < 0 || k > cases[c].n;
            mom_add(&m, (double)k);
        }
        CONTEXT_BEGIN;
        CHECK_EQ_INT(outside, 0);
        check_mean_var(&m, n * p, v, 3.0 * v * v + v * (1 - 6 * p * (1 - p)));
        CONTEXT_END("rng_binomial(%lld, %g)", (long long)cases[c].n, p);
    }

    /* pmf by chi-square for the rejection sampler and for inversion. */
    static const struct {
        int n;
        double p;
    } pc[] = {{40, 0.5}, {200, 0.1}, {300, 0.75}, {30, 0.2}};
    for (int c = 0; c < 4; c++) {
        int n = pc[c].n;
        double p = pc[c].p;
        double *count = calloc((size_t)n + 1, sizeof *count);
        double *prob = malloc(sizeof *prob * ((size_t)n + 1));
        CHECK(count && prob);
        if (!count || !prob) {
            free(count);
            free(prob);
            return;
        }
        struct rng_stream s;
        rng_stream_init(&s, SEED, P_CHI2, 100 + (uint32_t)c, 0);
        for (int i = 0; i < N; i++) {
            int64_t k = rng_binomial(&s, n, p);
            if (k >= 0 && k <= n)
                count[k]++;
        }
        for (int k = 0; k <= n; k++)
            prob[k] = binom_pmf(k, n, p);
        CONTEXT_BEGIN;
        check_chi2(count, prob, n + 1, N);
        CONTEXT_END("rng_binomial pmf (%d, %g)", n, p);
        free(count);
        free(prob);
    }

    struct rng_stream s;
    rng_stream_init(&s, SEED, P_BINOMIAL, 99, 0);
    CHECK_EQ_INT(rng_binomial(&s, 0, 0.5), 0);
    CHECK_EQ_INT(rng_binomial(&s, -3, 0.5), 0);
    CHECK_EQ_INT(rng_binomial(&s, 10, 0.0), 0);
    CHECK_EQ_INT(rng_binomial(&s, 10, NAN), 0);
    CHECK_EQ_INT(rng_binomial(&s, 10, 1.0), 10);
    CHECK(rng_binomial(&s, INT64_MAX, 0.5) > 0);
}

UNIT_MAIN(test_philox_kat, test_block_kat, test_block_batch,
          test_purity_block,
          test_purity_stream, test_purity_threads, test_uniform,
          test_normal, test_poisson_moments, test_poisson_pmf,
          test_poisson_inv, test_categorical, test_trunc_normal,
          test_gamma, test_beta, test_binomial)
