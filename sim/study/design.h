/* Experimental designs of a sweep in the unit cube [0,1]^k, and the
 * estimators that read them back (docs/SENSITIVITY.md): Morris elementary
 * effects, Saltelli's scheme on a randomised Sobol' sequence, and the
 * indices computed from them. Pure functions of their arguments (the
 * randomisation is keyed by a seed, never a shared state), so a design is
 * reproducible from the sweep file and its seed, and the estimators are
 * tested on functions with known indices (tests/test_sensitivity.c). */
#ifndef COGOV_DESIGN_H
#define COGOV_DESIGN_H

#include <stdint.h>

/* Purposes of the sweep's own draws (keyed by the sweep seed, never a
 * run's seed): append only. */
enum { DESIGN_PURPOSE_SEED = 1, DESIGN_PURPOSE_LHS_ORDER = 2,
       DESIGN_PURPOSE_LHS_JITTER = 3, DESIGN_PURPOSE_SOBOL_SHIFT = 4,
       DESIGN_PURPOSE_MORRIS = 5, DESIGN_PURPOSE_BOOTSTRAP = 6,
       DESIGN_PURPOSE_ABC = 7 };

/* Dimensions the embedded Joe-Kuo direction numbers give. */
#define SOBOL_MAX_DIM 40

/* Point i of the Sobol' sequence in dim dimensions (dim <=
 * SOBOL_MAX_DIM), randomised by a digital shift keyed by seed (seed 0: no
 * shift; then point 0 is the origin). u receives dim values in (0, 1). */
void sobol_point(uint64_t i, int dim, uint64_t seed, double *u);

/* Runs per base point of Saltelli's scheme: k + 2, or 2k + 2 with the
 * second-order terms. */
int saltelli_block(int k, int second_order);

/* Saltelli's matrix from N base points: for each base point the rows A,
 * AB_1..AB_k (A with column j from B), BA_1..BA_k (second order only),
 * B. u holds N * saltelli_block(k, so) rows of k values. */
void saltelli_fill(int64_t n, int k, int second_order, uint64_t seed,
                   double *u);

/* Morris trajectories: r trajectories of k + 1 points on a grid of levels
 * (even, >= 2) with step levels / (2 (levels - 1)); each point differs from
 * the one before in one factor. With candidates > r, r of that many random
 * trajectories are kept that spread the most (Campolongo, Cariboni and
 * Saltelli 2007, with the greedy selection of Ruano et al. 2012). u holds
 * r * (k + 1) rows of k values. 0, or -1 when out of memory. */
int morris_fill(int64_t r, int k, int levels, int64_t candidates,
                uint64_t seed, double *u);

/* ---- estimators (analyze.c) -------------------------------------- */

struct index_ci {
    double value, lo, hi;   /* estimate and bootstrap percentile interval */
};

/* Sobol' indices from outputs y in Saltelli's row order (n base points):
 * first order S1 (Saltelli et al. 2010), total ST (Jansen 1999), and the
 * second order S2[j*k+l] (Saltelli 2002) when asked. Bootstrap over base
 * points (nboot resamples keyed by seed) gives the intervals at level
 * conf. s2 may be NULL. 0, or -1 when the outputs have no variance or
 * memory runs out. */
int sobol_indices(const double *y, int64_t n, int k, int second_order,
                  int nboot, double conf, uint64_t seed, struct index_ci *s1,
                  struct index_ci *st, struct index_ci *s2);

/* Morris statistics from outputs y of r trajectories of k + 1 points
 * whose unit coordinates are u: mu, mu* (with a bootstrap interval over
 * trajectories) and sigma of the elementary effects of each factor.
 * 0, or -1 when a trajectory does not change one factor per step. */
int morris_indices(const double *u, const double *y, int64_t r, int k,
                   int nboot, double conf, uint64_t seed, double *mu,
                   struct index_ci *mustar, double *sigma);

#endif
