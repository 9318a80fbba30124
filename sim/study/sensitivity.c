/* Estimators of global sensitivity (docs/SENSITIVITY.md): Sobol' first-
 * order indices by Saltelli et al. (2010, Comput. Phys. Commun. 181, table
 * 2 (b)), total indices by Jansen (1999, table 2 (f) there), second-order
 * indices by Saltelli (2002), and the Morris statistics mu, mu* (Campolongo
 * et al. 2007) and sigma; intervals by the percentile bootstrap over base
 * points or trajectories. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cogov/rng.h"
#include "study/design.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Percentile interval of v[0..n) (sorted here) at level conf. */
static void percentile(double *v, int n, double conf, double *lo, double *hi)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double a = (1 - conf) / 2 * (n - 1), b = (1 - (1 - conf) / 2) * (n - 1);
    int ia = (int)floor(a), ib = (int)floor(b);
    *lo = v[ia] + (a - ia) * (ia + 1 < n ? v[ia + 1] - v[ia] : 0);
    *hi = v[ib] + (b - ib) * (ib + 1 < n ? v[ib + 1] - v[ib] : 0);
}

/* Indices from the base points idx[0..n): out holds k S1, k ST and, with
 * second order, k*k S2. -1 when the outputs do not vary. */
static int sobol_once(const double *y, int64_t n, const int64_t *idx, int k,
                      int so, double *out)
{
    int blk = saltelli_block(k, so);
    double mean = 0, var = 0;
    for (int64_t i = 0; i < n; i++) {
        const double *b = y + idx[i] * blk;
        mean += b[0] + b[blk - 1];
    }
    mean /= 2.0 * (double)n;
    for (int64_t i = 0; i < n; i++) {
        const double *b = y + idx[i] * blk;
        var += (b[0] - mean) * (b[0] - mean) +
               (b[blk - 1] - mean) * (b[blk - 1] - mean);
    }
    var /= 2.0 * (double)n;
    if (!(var > 0))
        return -1;
    double *s1 = out, *st = out + k, *s2 = out + 2 * k;
    for (int j = 0; j < k; j++) {
        double f = 0, t = 0;
        for (int64_t i = 0; i < n; i++) {
            const double *b = y + idx[i] * blk;
            double ya = b[0], yb = b[blk - 1], yab = b[1 + j];
            f += yb * (yab - ya);
            t += (ya - yab) * (ya - yab);
        }
        s1[j] = f / (double)n / var;
        st[j] = 0.5 * t / (double)n / var;
    }
    for (int j = 0; so && j < k; j++)
        for (int l = 0; l < k; l++) {
            double v = 0;
            if (l != j)
                for (int64_t i = 0; i < n; i++) {
                    const double *b = y + idx[i] * blk;
                    v += b[1 + k + j] * b[1 + l] - b[0] * b[blk - 1];
                }
            s2[j * k + l] = l == j ? NAN
                                   : v / (double)n / var - s1[j] - s1[l];
        }
    return 0;
}

int sobol_indices(const double *y, int64_t n, int k, int second_order,
                  int nboot, double conf, uint64_t seed, struct index_ci *s1,
                  struct index_ci *st, struct index_ci *s2)
{
    int nv = 2 * k + (second_order ? k * k : 0), rc = -1;
    int64_t *idx = malloc((size_t)n * sizeof *idx);
    double *est = malloc((size_t)nv * sizeof *est);
    double *boot = malloc((size_t)(nboot > 0 ? nboot : 1) * (size_t)nv *
                          sizeof *boot);
    double *col = malloc((size_t)(nboot > 0 ? nboot : 1) * sizeof *col);
    if (!idx || !est || !boot || !col || n < 2)
        goto out;
    for (int64_t i = 0; i < n; i++)
        idx[i] = i;
    if (sobol_once(y, n, idx, k, second_order, est))
        goto out;
    int nb = 0;
    for (int b = 0; b < nboot; b++) {
        struct rng_stream s;
        rng_stream_init(&s, seed, DESIGN_PURPOSE_BOOTSTRAP, 0, (uint64_t)b);
        for (int64_t i = 0; i < n; i++)
            idx[i] = (int64_t)(rng_uniform(&s) * (double)n) % n;
        if (sobol_once(y, n, idx, k, second_order, boot + (size_t)nb * nv) == 0)
            nb++;
    }
    for (int v = 0; v < nv; v++) {
        struct index_ci *c = v < k ? &s1[v] : v < 2 * k ? &st[v - k]
                                                        : &s2[v - 2 * k];
        if (second_order && !s2 && v >= 2 * k)
            break;
        c->value = est[v];
        c->lo = c->hi = NAN;
        if (nb > 1 && !isnan(est[v])) {
            for (int b = 0; b < nb; b++)
                col[b] = boot[(size_t)b * nv + v];
            percentile(col, nb, conf, &c->lo, &c->hi);
        }
    }
    rc = 0;
out:
    free(idx);
    free(est);
    free(boot);
    free(col);
    return rc;
}

int morris_indices(const double *u, const double *y, int64_t r, int k,
                   int nboot, double conf, uint64_t seed, double *mu,
                   struct index_ci *mustar, double *sigma)
{
    double *ee = malloc((size_t)(r ? r : 1) * (size_t)k * sizeof *ee);
    double *col = malloc((size_t)(nboot > 0 ? nboot : 1) * sizeof *col);
    int rc = -1;
    if (!ee || !col || r < 1)
        goto out;
    for (int64_t t = 0; t < r; t++) {
        for (int j = 0; j < k; j++)
            ee[t * k + j] = NAN;
        for (int i = 0; i < k; i++) {
            const double *p = u + ((size_t)t * (size_t)(k + 1) + (size_t)i) *
                                      (size_t)k;
            const double *q = p + k;
            int moved = -1;
            for (int j = 0; j < k; j++)
                if (q[j] != p[j]) {
                    if (moved >= 0)
                        goto out;
                    moved = j;
                }
            if (moved < 0 || !isnan(ee[t * k + moved]))
                goto out;
            double yp = y[t * (k + 1) + i], yq = y[t * (k + 1) + i + 1];
            ee[t * k + moved] = (yq - yp) / (q[moved] - p[moved]);
        }
    }
    for (int j = 0; j < k; j++) {
        double s = 0, sa = 0, ss = 0;
        for (int64_t t = 0; t < r; t++) {
            s += ee[t * k + j];
            sa += fabs(ee[t * k + j]);
        }
        mu[j] = s / (double)r;
        mustar[j].value = sa / (double)r;
        for (int64_t t = 0; t < r; t++)
            ss += (ee[t * k + j] - mu[j]) * (ee[t * k + j] - mu[j]);
        sigma[j] = r > 1 ? sqrt(ss / (double)(r - 1)) : NAN;
        mustar[j].lo = mustar[j].hi = NAN;
        if (nboot > 1 && r > 1) {
            for (int b = 0; b < nboot; b++) {
                struct rng_stream st;
                double m = 0;
                rng_stream_init(&st, seed, DESIGN_PURPOSE_BOOTSTRAP, 1,
                                (uint64_t)b);
                for (int64_t t = 0; t < r; t++)
                    m += fabs(ee[((int64_t)(rng_uniform(&st) * (double)r) % r) *
                                 k + j]);
                col[b] = m / (double)r;
            }
            percentile(col, nboot, conf, &mustar[j].lo, &mustar[j].hi);
        }
    }
    rc = 0;
out:
    free(ee);
    free(col);
    return rc;
}
