/* Unit tests of the designs and estimators of global sensitivity
 * (sim/study/design_*.c, sensitivity.c): the Sobol' sequence stratifies,
 * Saltelli's matrix has its structure, Morris trajectories move one
 * factor a step at a time, and the indices of functions with analytic
 * answers (Ishigami a = 7, b = 0.1; Sobol's G function) lie within their
 * bootstrap intervals; Morris ranks factors of known importance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study/design.h"
#include "unit.h"

TEST(test_sobol_stratifies)
{
    /* the first 2^m points put one point in each of 2^m equal intervals
     * of every dimension, and dimensions 1-2 form a (0, m, 2)-net */
    enum { M = 6, N = 1 << M };
    double u[SOBOL_MAX_DIM];
    static int hit[SOBOL_MAX_DIM][N], cell[8][8];
    for (int i = 0; i < N; i++) {
        sobol_point((uint64_t)i, SOBOL_MAX_DIM, 0, u);
        for (int d = 0; d < SOBOL_MAX_DIM; d++) {
            CHECK(u[d] > 0 && u[d] < 1);
            hit[d][(int)(u[d] * N)]++;
        }
        cell[(int)(u[0] * 8)][(int)(u[1] * 8)]++;
    }
    int bad = 0;
    for (int d = 0; d < SOBOL_MAX_DIM; d++)
        for (int c = 0; c < N; c++)
            bad += hit[d][c] != 1;
    CHECK_EQ_INT(bad, 0);
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 8; b++)
            bad += cell[a][b] != 1;
    CHECK_EQ_INT(bad, 0);
    /* points 1 to 3 of dimensions 1-2 (natural order) */
    sobol_point(1, 2, 0, u);
    CHECK_NEAR(u[0], 0.5, 1e-9);
    CHECK_NEAR(u[1], 0.5, 1e-9);
    sobol_point(2, 2, 0, u);
    CHECK_NEAR(u[0], 0.25, 1e-9);
    CHECK_NEAR(u[1], 0.75, 1e-9);
    sobol_point(3, 3, 0, u);
    CHECK_NEAR(u[0], 0.75, 1e-9);
    CHECK_NEAR(u[1], 0.25, 1e-9);
    /* a digital shift keeps the stratification and moves the points */
    double v[SOBOL_MAX_DIM];
    sobol_point(3, 3, 42, v);
    CHECK(v[0] != u[0] || v[1] != u[1]);
    memset(hit, 0, sizeof hit);
    for (int i = 0; i < N; i++) {
        sobol_point((uint64_t)i, 5, 42, u);
        for (int d = 0; d < 5; d++)
            hit[d][(int)(u[d] * N)]++;
    }
    for (int d = 0; d < 5; d++)
        for (int c = 0; c < N; c++)
            bad += hit[d][c] != 1;
    CHECK_EQ_INT(bad, 0);
}

TEST(test_saltelli_structure)
{
    int k = 3, blk = saltelli_block(k, 1);
    CHECK_EQ_INT(blk, 8);
    CHECK_EQ_INT(saltelli_block(k, 0), 5);
    double *u = malloc(4 * (size_t)blk * (size_t)k * sizeof *u);
    saltelli_fill(4, k, 1, 7, u);
    for (int i = 0; i < 4; i++) {
        const double *a = u + i * blk * k, *b = a + (blk - 1) * k;
        for (int j = 0; j < k; j++) {
            const double *ab = a + (1 + j) * k, *ba = a + (1 + k + j) * k;
            for (int l = 0; l < k; l++) {
                CHECK(ab[l] == (l == j ? b[l] : a[l]));
                CHECK(ba[l] == (l == j ? a[l] : b[l]));
            }
        }
    }
    free(u);
}

static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1],
           x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static const double g_a[8] = {0, 1, 4.5, 9, 99, 99, 99, 99};

static double g_function(const double *u)
{
    double g = 1;
    for (int j = 0; j < 8; j++)
        g *= (fabs(4 * u[j] - 2) + g_a[j]) / (1 + g_a[j]);
    return g;
}

/* Indices of f over a Saltelli design of n base points; each analytic
 * value must lie in its interval. Returns the number outside. */
static int check_sobol(double (*f)(const double *), int k, int64_t n,
                       const double *s1_true, const double *st_true)
{
    int blk = saltelli_block(k, 0), outside = 0;
    double *u = malloc((size_t)n * (size_t)blk * (size_t)k * sizeof *u);
    double *y = malloc((size_t)n * (size_t)blk * sizeof *y);
    struct index_ci s1[8], st[8];
    saltelli_fill(n, k, 0, 2024, u);
    for (int64_t i = 0; i < n * blk; i++)
        y[i] = f(u + i * k);
    CHECK_EQ_INT(sobol_indices(y, n, k, 0, 400, 0.95, 5, s1, st, NULL), 0);
    for (int j = 0; j < k; j++) {
        if (!(s1[j].lo <= s1_true[j] && s1_true[j] <= s1[j].hi)) {
            fprintf(stderr, "  S1[%d] = %.4f [%.4f, %.4f], analytic %.4f\n",
                    j, s1[j].value, s1[j].lo, s1[j].hi, s1_true[j]);
            outside++;
        }
        if (!(st[j].lo <= st_true[j] && st_true[j] <= st[j].hi)) {
            fprintf(stderr, "  ST[%d] = %.4f [%.4f, %.4f], analytic %.4f\n",
                    j, st[j].value, st[j].lo, st[j].hi, st_true[j]);
            outside++;
        }
        /* the intervals are informative, not the whole axis */
        CHECK(s1[j].hi - s1[j].lo < 0.15);
        CHECK(st[j].hi - st[j].lo < 0.15);
    }
    free(u);
    free(y);
    return outside;
}

TEST(test_ishigami)
{
    double a = 7, b = 0.1, pi4 = pow(M_PI, 4), pi8 = pi4 * pi4;
    double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8,
           v13 = 8 * b * b * pi8 / 225, v = v1 + v2 + v13;
    double s1[3] = {v1 / v, v2 / v, 0};
    double st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    CHECK_NEAR(s1[0], 0.3139, 1e-3);
    CHECK_NEAR(st[2], 0.2437, 1e-3);
    CHECK_EQ_INT(check_sobol(ishigami, 3, 4096, s1, st), 0);
}

TEST(test_g_function)
{
    double vi[8], prod = 1, s1[8], st[8];
    for (int j = 0; j < 8; j++) {
        vi[j] = 1 / (3 * (1 + g_a[j]) * (1 + g_a[j]));
        prod *= 1 + vi[j];
    }
    for (int j = 0; j < 8; j++) {
        s1[j] = vi[j] / (prod - 1);
        st[j] = vi[j] * prod / (1 + vi[j]) / (prod - 1);
    }
    CHECK_EQ_INT(check_sobol(g_function, 8, 4096, s1, st), 0);
}

static double linear(const double *u)
{
    return 10 * u[0] - 4 * u[1] + 1 * u[2];
}

TEST(test_morris)
{
    int k = 8, levels = 4;
    int64_t r = 40;
    double *u = malloc((size_t)r * (size_t)(k + 1) * (size_t)k * sizeof *u);
    double *y = malloc((size_t)r * (size_t)(k + 1) * sizeof *y);
    double mu[8], sigma[8];
    struct index_ci ms[8];
    for (int pass = 0; pass < 2; pass++) {
        /* plain random trajectories, then 40 of 200 spread by Campolongo's
         * rule: both move one factor one step of 2/3 at a time */
        CHECK_EQ_INT(morris_fill(r, k, levels, pass ? 200 : 0, 9, u), 0);
        int bad = 0;
        for (int64_t i = 0; i < r * (k + 1); i++)
            for (int j = 0; j < k; j++) {
                double x = u[i * k + j] * 3;
                bad += fabs(x - floor(x + 0.5)) > 1e-9;
            }
        CHECK_EQ_INT(bad, 0);
        for (int64_t i = 0; i < r * (k + 1); i++)
            y[i] = g_function(u + i * k);
        CHECK_EQ_INT(morris_indices(u, y, r, k, 200, 0.95, 3, mu, ms, sigma),
                     0);
        /* importance falls with a_j: 0, 1, 4.5, 9, then 99 four times */
        CHECK(ms[0].value > ms[1].value);
        CHECK(ms[1].value > ms[2].value);
        CHECK(ms[2].value > ms[3].value);
        for (int j = 4; j < 8; j++)
            CHECK(ms[3].value > ms[j].value);
        CHECK(ms[0].lo <= ms[0].value && ms[0].value <= ms[0].hi);
    }
    /* a linear function: each elementary effect is its coefficient */
    CHECK_EQ_INT(morris_fill(r, 3, levels, 0, 9, u), 0);
    for (int64_t i = 0; i < r * 4; i++)
        y[i] = linear(u + i * 3);
    CHECK_EQ_INT(morris_indices(u, y, r, 3, 0, 0.95, 3, mu, ms, sigma), 0);
    CHECK_NEAR(mu[0], 10, 1e-9);
    CHECK_NEAR(mu[1], -4, 1e-9);
    CHECK_NEAR(ms[1].value, 4, 1e-9);
    CHECK_NEAR(mu[2], 1, 1e-9);
    CHECK_NEAR(sigma[0], 0, 1e-9);
    /* a design that moves two factors at once is refused */
    u[3] = u[3] == 0 ? 1.0 / 3 : 0;
    u[4] = u[4] == 0 ? 1.0 / 3 : 0;
    u[5] = u[5] == 0 ? 1.0 / 3 : 0;
    CHECK_EQ_INT(morris_indices(u, y, r, 3, 0, 0.95, 3, mu, ms, sigma), -1);
    free(u);
    free(y);
}

UNIT_MAIN(test_sobol_stratifies, test_saltelli_structure, test_ishigami,
          test_g_function, test_morris)
