/* The Sobol' sequence (Sobol' 1967) with the direction numbers of Joe and
 * Kuo, randomised by a digital shift, and Saltelli's sampling scheme
 * (Saltelli 2002; Saltelli et al. 2010) built on it (docs/SENSITIVITY.md).
 *
 * Direction numbers: S. Joe and F. Y. Kuo, "Constructing Sobol sequences
 * with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008)
 * 2635-2654, table new-joe-kuo-6.21201 (dimensions 2 to 40 below;
 * dimension 1 is van der Corput's and needs none). Published data, kept
 * here as a table; the generator is written from the definition. */
#include <stdlib.h>
#include <string.h>

#include "cogov/rng.h"
#include "study/design.h"

/* s (degree), a (polynomial coefficients), m_1..m_s of dimensions 2..40 */
static const struct {
    unsigned char s;
    unsigned short a;
    unsigned short m[8];
} joe_kuo[SOBOL_MAX_DIM - 1] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},
};

/* Direction numbers v[1..32] of dimension d (0-based), scaled to 32 bits. */
static void directions(int d, uint32_t v[33])
{
    if (d == 0) {
        for (int i = 1; i <= 32; i++)
            v[i] = 1u << (32 - i);
        return;
    }
    int s = joe_kuo[d - 1].s;
    unsigned a = joe_kuo[d - 1].a;
    for (int i = 1; i <= s; i++)
        v[i] = (uint32_t)joe_kuo[d - 1].m[i - 1] << (32 - i);
    for (int i = s + 1; i <= 32; i++) {
        uint32_t x = v[i - s] ^ (v[i - s] >> s);
        for (int k = 1; k < s; k++)
            if ((a >> (s - 1 - k)) & 1u)
                x ^= v[i - k];
        v[i] = x;
    }
}

void sobol_point(uint64_t i, int dim, uint64_t seed, double *u)
{
    for (int d = 0; d < dim; d++) {
        uint32_t v[33], x = 0;
        directions(d, v);
        for (int b = 0; b < 32; b++)
            if ((i >> b) & 1u)
                x ^= v[b + 1];
        if (seed) {
            uint32_t w[4];
            rng_block(seed, DESIGN_PURPOSE_SOBOL_SHIFT, (uint32_t)d, 0, 0, w);
            x ^= w[0];
        }
        /* the centre of the cell: never exactly 0 or 1 */
        u[d] = ((double)x + 0.5) / 4294967296.0;
    }
}

int saltelli_block(int k, int second_order)
{
    return second_order ? 2 * k + 2 : k + 2;
}

void saltelli_fill(int64_t n, int k, int second_order, uint64_t seed,
                   double *u)
{
    int blk = saltelli_block(k, second_order);
    double ab[2 * SOBOL_MAX_DIM];
    for (int64_t i = 0; i < n; i++) {
        sobol_point((uint64_t)i, 2 * k, seed, ab);
        const double *a = ab, *b = ab + k;
        double *row = u + (size_t)i * (size_t)blk * (size_t)k;
        memcpy(row, a, (size_t)k * sizeof *row);
        for (int j = 0; j < k; j++) {
            double *r = row + (size_t)(1 + j) * (size_t)k;
            memcpy(r, a, (size_t)k * sizeof *r);
            r[j] = b[j];
            if (second_order) {
                r = row + (size_t)(1 + k + j) * (size_t)k;
                memcpy(r, b, (size_t)k * sizeof *r);
                r[j] = a[j];
            }
        }
        memcpy(row + (size_t)(blk - 1) * (size_t)k, b,
               (size_t)k * sizeof *row);
    }
}
