/* Counter-based random numbers (docs/MODEL.md, design concept
 * "Stochasticity"). Every draw is a pure function of (seed, purpose, day,
 * entity, index) through Philox4x32-10 (Salmon et al. 2011, Random123), so
 * results never depend on thread count, schedule or MPI layout: there is
 * no generator state shared between draws.
 *
 * Two ways to draw:
 *   rng_block()  one Philox call, four 32-bit words, for hot loops that
 *                need at most four uniforms per (entity, day, purpose);
 *   rng_stream   a cursor over index = 0, 1, 2, ... of one
 *                (seed, purpose, day, entity) for a variable number of
 *                draws (rejection samplers, Poisson with large mean). */
#ifndef COGOV_RNG_H
#define COGOV_RNG_H

#include <math.h>
#include <stdint.h>

#define RNG_PHILOX_M0 0xD2511F53u
#define RNG_PHILOX_M1 0xCD9E8D57u
#define RNG_PHILOX_W0 0x9E3779B9u
#define RNG_PHILOX_W1 0xBB67AE85u

/* Philox4x32 with R rounds on counter ctr and key key (Random123
 * philox4x32_R); R = 10 is the standard, tested with the published
 * known-answer vectors in tests/test_rng.c. */
static inline void rng_philox4x32(const uint32_t ctr[4],
                                  const uint32_t key[2], int rounds,
                                  uint32_t out[4])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < rounds; r++) {
        if (r) {
            k0 += RNG_PHILOX_W0;
            k1 += RNG_PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)RNG_PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)RNG_PHILOX_M1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c1 = (uint32_t)p1;
        c3 = (uint32_t)p0;
        c0 = n0;
        c2 = n2;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* How many low bits of purpose and entity reach the counter. Higher bits
 * are ignored, so purpose 256 draws the same numbers as purpose 0, and
 * entity ids must stay below 2^56: a caller packing ids (type << 56 | id)
 * would silently share streams. Check enums against these, e.g.
 * _Static_assert(PURPOSE_COUNT <= 1 << RNG_PURPOSE_BITS, "..."). */
#define RNG_PURPOSE_BITS 8
#define RNG_ENTITY_BITS 56

/* The counter layout: word 0 the index, word 1 the day, word 2 the low 32
 * bits of the entity, word 3 the purpose (8 bits) and the entity's next
 * 24 bits. The key is the 64-bit seed. So (seed, purpose, day, entity,
 * index) within the ranges above map one-to-one onto (key, counter), and
 * the published Random123 vectors can be replayed through rng_block. */
static inline void rng_block(uint64_t seed, uint32_t purpose, uint32_t day,
                             uint64_t entity, uint32_t index,
                             uint32_t out[4])
{
    uint32_t ctr[4] = {index, day, (uint32_t)entity,
                       ((purpose & 0xFFu) << 24) |
                           (uint32_t)((entity >> 32) & 0xFFFFFFu)};
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    rng_philox4x32(ctr, key, 10, out);
}

/* rng_block for RNG_BATCH consecutive entities e0, e0 + 1, ...: out[k][j]
 * is word k of entity e0 + j, bitwise what rng_block gives. The lanes are
 * independent plain loops, so the compiler runs them in SIMD registers:
 * hot per-resident loops fill a batch, then use it (docs/PERFORMANCE.md). */
#define RNG_BATCH 64
static inline void rng_block_batch(uint64_t seed, uint32_t purpose,
                                   uint32_t day, uint64_t e0, uint32_t index,
                                   uint32_t out[4][RNG_BATCH])
{
    uint32_t *c0 = out[0], *c1 = out[1], *c2 = out[2], *c3 = out[3];
    for (int j = 0; j < RNG_BATCH; j++) {
        uint64_t e = e0 + (uint64_t)j;
        c0[j] = index;
        c1[j] = day;
        c2[j] = (uint32_t)e;
        c3[j] = ((purpose & 0xFFu) << 24) | (uint32_t)((e >> 32) & 0xFFFFFFu);
    }
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; r++) {
        for (int j = 0; j < RNG_BATCH; j++) {
            uint64_t p0 = (uint64_t)RNG_PHILOX_M0 * c0[j];
            uint64_t p1 = (uint64_t)RNG_PHILOX_M1 * c2[j];
            uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1[j] ^ k0;
            uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3[j] ^ k1;
            c1[j] = (uint32_t)p1;
            c3[j] = (uint32_t)p0;
            c0[j] = n0;
            c2[j] = n2;
        }
        k0 += RNG_PHILOX_W0;
        k1 += RNG_PHILOX_W1;
    }
}

/* A 32-bit word as a uniform double in the open interval (0, 1). */
static inline double rng_u01(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* Inversion for lambda above RNG_POISSON_INV_DIRECT, where exp(-lambda)
 * would cost O(lambda) steps and underflows past 745: a search outward
 * from the mode, O(sqrt(lambda)) steps. Defined in sim/rng.c; call
 * rng_poisson_inv. Saturates at INT_MAX. */
#define RNG_POISSON_INV_DIRECT 30.0
int rng_poisson_inv_large(double u, double lambda);

/* Poisson(lambda) by inversion from one uniform u in (0,1): the smallest k
 * with P(X <= k) >= u, so one uniform gives one draw (handy with
 * rng_block in hot loops). Cheap for the small means of per-resident
 * daily rates; correct for any lambda, but rng_poisson() is faster above
 * about 30. lambda <= 0 or NaN gives 0. */
static inline int rng_poisson_inv(double u, double lambda)
{
    if (!(lambda > 0.0))
        return 0;
    if (lambda > RNG_POISSON_INV_DIRECT)
        return rng_poisson_inv_large(u, lambda);
    double p = exp(-lambda), cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
        k++;
        p *= lambda / k;
        cdf += p;
        if (p == 0.0 && cdf < u)  /* underflow guard far in the tail */
            break;
    }
    return k;
}

/* Index i in [0, n) with probability w[i] / sum(w), from one uniform u,
 * given the cumulative weights cum[i] = w[0] + ... + w[i]. */
static inline int rng_categorical_u(double u, const double *cum, int n)
{
    double t = u * cum[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (t < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* A cursor over the draws of one (seed, purpose, day, entity). */
struct rng_stream {
    uint64_t seed, entity;
    uint32_t purpose, day, index;
    uint32_t buf[4];
    int pos;  /* next unused word of buf; 4 = empty */
};

static inline void rng_stream_init(struct rng_stream *s, uint64_t seed,
                                   uint32_t purpose, uint32_t day,
                                   uint64_t entity)
{
    s->seed = seed;
    s->entity = entity;
    s->purpose = purpose;
    s->day = day;
    s->index = 0;
    s->pos = 4;
}

static inline uint32_t rng_next_u32(struct rng_stream *s)
{
    if (s->pos == 4) {
        rng_block(s->seed, s->purpose, s->day, s->entity, s->index++,
                  s->buf);
        s->pos = 0;
    }
    return s->buf[s->pos++];
}

/* Uniform in (0, 1). */
static inline double rng_uniform(struct rng_stream *s)
{
    return rng_u01(rng_next_u32(s));
}

/* Uniform integer in [0, n), n >= 1 (Lemire's multiply-shift; the bias is
 * below n / 2^32 and irrelevant at the sizes used here). */
static inline uint32_t rng_below(struct rng_stream *s, uint32_t n)
{
    return (uint32_t)(((uint64_t)rng_next_u32(s) * n) >> 32);
}

/* The helpers below are defined in sim/rng.c. Each consumes a variable
 * number of words of the stream (rejection), so give a sampler a stream
 * of its own rather than sharing one whose later draws must stay fixed.
 * None of them touches global state, so all are thread-safe. */

/* Standard normal: Box-Muller, with a 52-bit uniform for the radius so the
 * tails are resolved to |z| of about 8.5 (three words of the stream). */
double rng_normal(struct rng_stream *s);

/* Normal(mean, sd) truncated to [lo, hi], exact for any interval, however
 * far in a tail (Robert 1995: normal, uniform or translated-exponential
 * rejection, each accepting with probability above about 0.4). lo or hi
 * may be infinite. The result is always within [lo, hi]. lo == hi gives
 * lo; sd <= 0 or an infinite mean give mean clamped to [lo, hi] (the
 * limiting point mass); lo > hi, a NaN, or an infinite sd give NaN. */
double rng_trunc_normal(struct rng_stream *s, double mean, double sd,
                        double lo, double hi);

/* Poisson(lambda): inversion below 10, Hormann's (1993) PTRS transformed
 * rejection above. lambda <= 0 or NaN gives 0; lambda above 2^61 (or
 * infinite) saturates at INT64_MAX. */
int64_t rng_poisson(struct rng_stream *s, double lambda);

/* Beta(a, b), a, b > 0, as X / (X + Y) of two gamma draws, combined in
 * logarithms so small shapes do not give 0/0. NaN for invalid shapes. */
double rng_beta(struct rng_stream *s, double a, double b);

/* Gamma(shape, 1), shape > 0: Marsaglia-Tsang (2000); for shape < 1,
 * Gamma(shape + 1) * U^(1/shape). Very small shapes can underflow to 0,
 * as the distribution itself does. NaN for shape <= 0 or NaN; an
 * infinite shape gives infinity. */
double rng_gamma(struct rng_stream *s, double shape);

/* Binomial(n, p): inversion when min(p, 1-p) * n < 10, Hormann's (1993)
 * BTRS transformed rejection otherwise; exact for any n (no normal
 * approximation). n <= 0 or p <= 0 (or NaN) give 0, p >= 1 gives n. */
int64_t rng_binomial(struct rng_stream *s, int64_t n, double p);

#endif
