/* Morris trajectories (Morris 1991, "Factorial sampling plans for
 * preliminary computational experiments", Technometrics 33) with the
 * spread-maximising choice among candidates of Campolongo, Cariboni and
 * Saltelli (2007), selected greedily as Ruano, Ripoll and Bonet (2012)
 * propose (docs/SENSITIVITY.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cogov/rng.h"
#include "study/design.h"

/* One random trajectory t of k + 1 points into out (lo: k scratch). */
static void trajectory(int k, int levels, uint64_t seed, uint64_t t,
                       double *out, int *perm, double *lo)
{
    struct rng_stream s;
    double delta = levels / (2.0 * (levels - 1));
    rng_stream_init(&s, seed, DESIGN_PURPOSE_MORRIS, 0, t);
    for (int j = 0; j < k; j++)
        perm[j] = j;
    for (int j = k - 1; j > 0; j--) {
        int m = (int)rng_below(&s, (uint32_t)j + 1);
        int x = perm[j];
        perm[j] = perm[m];
        perm[m] = x;
    }
    for (int j = 0; j < k; j++) {
        /* a low level from which one step up stays in [0, 1]; start at it
         * or one step above, at random */
        lo[j] = rng_below(&s, (uint32_t)(levels / 2)) / (double)(levels - 1);
        out[j] = rng_below(&s, 2) ? lo[j] : lo[j] + delta;
    }
    for (int i = 0; i < k; i++) {
        double *p = out + (size_t)(i + 1) * (size_t)k;
        memcpy(p, p - k, (size_t)k * sizeof *p);
        int j = perm[i];
        p[j] = p[j] == lo[j] ? lo[j] + delta : lo[j];
    }
}

/* Campolongo's distance between trajectories a and b: the sum over their
 * pairs of points of the Euclidean distance. */
static double spread(const double *a, const double *b, int k)
{
    double d = 0;
    for (int i = 0; i <= k; i++)
        for (int l = 0; l <= k; l++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                double x = a[i * k + j] - b[l * k + j];
                s += x * x;
            }
            d += sqrt(s);
        }
    return d;
}

int morris_fill(int64_t r, int k, int levels, int64_t candidates,
                uint64_t seed, double *u)
{
    size_t tk = (size_t)(k + 1) * (size_t)k;
    int *perm = malloc((size_t)(k ? k : 1) * sizeof *perm);
    double *lo = malloc((size_t)(k ? k : 1) * sizeof *lo);
    if (!perm || !lo) {
        free(perm);
        free(lo);
        return -1;
    }
    if (candidates <= r) {
        for (int64_t t = 0; t < r; t++)
            trajectory(k, levels, seed, (uint64_t)t, u + (size_t)t * tk,
                       perm, lo);
        free(perm);
        free(lo);
        return 0;
    }
    int64_t m = candidates;
    int rc = -1;
    double *c = malloc((size_t)m * tk * sizeof *c);
    double *d2 = malloc((size_t)m * (size_t)m * sizeof *d2);
    double *score = malloc((size_t)m * sizeof *score);
    char *gone = calloc((size_t)m, 1);
    if (!c || !d2 || !score || !gone)
        goto out;
    for (int64_t t = 0; t < m; t++)
        trajectory(k, levels, seed, (uint64_t)t, c + (size_t)t * tk, perm,
                   lo);
    for (int64_t a = 0; a < m; a++) {
        d2[a * m + a] = 0;
        for (int64_t b = a + 1; b < m; b++) {
            double d = spread(c + (size_t)a * tk, c + (size_t)b * tk, k);
            d2[a * m + b] = d2[b * m + a] = d * d;
        }
    }
    /* the total spread is the root of the sum of squared distances over
     * pairs: drop, one at a time, the trajectory adding the least to it */
    for (int64_t a = 0; a < m; a++) {
        score[a] = 0;
        for (int64_t b = 0; b < m; b++)
            score[a] += d2[a * m + b];
    }
    for (int64_t left = m; left > r; left--) {
        int64_t worst = -1;
        for (int64_t a = 0; a < m; a++)
            if (!gone[a] && (worst < 0 || score[a] < score[worst]))
                worst = a;
        if (worst < 0)
            break;
        gone[worst] = 1;
        for (int64_t a = 0; a < m; a++)
            score[a] -= d2[a * m + worst];
    }
    int64_t t = 0;
    for (int64_t a = 0; a < m; a++)
        if (!gone[a])
            memcpy(u + (size_t)(t++) * tk, c + (size_t)a * tk,
                   tk * sizeof *u);
    rc = 0;
out:
    free(c);
    free(d2);
    free(score);
    free(gone);
    free(perm);
    free(lo);
    return rc;
}
