/* The statistics of the pattern study (sim/study/patterns.c): Student's t
 * quantiles against published values, the paired comparison and the
 * between-seed SD on data with a known answer, and the verdict rule
 * (1 SD, surviving every ablation). */
#include "study/patterns.h"
#include "unit.h"

TEST(test_t975_matches_tables)
{
    /* two-sided 95% critical values (any statistics table) */
    static const struct {
        int df;
        double t;
    } ref[] = {{1, 12.7062}, {2, 4.3027}, {3, 3.1824}, {4, 2.7764},
               {5, 2.5706},  {9, 2.2622}, {19, 2.0930}, {30, 2.0423},
               {100, 1.9840}, {1000, 1.9623}};
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++)
        CHECK_NEAR(patterns_t975(ref[i].df), ref[i].t, 5e-4);
    CHECK(isinf(patterns_t975(0)));
}

TEST(test_paired_known_answer)
{
    /* differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), se sqrt(0.5) */
    double a[] = {10, 20, 30, 40, 50}, b[] = {11, 22, 33, 44, 55};
    struct paired_stats s;
    patterns_paired(a, b, 5, &s);
    CHECK_EQ_INT(s.n, 5);
    CHECK_NEAR(s.mean_a, 30, 1e-12);
    CHECK_NEAR(s.mean_b, 33, 1e-12);
    CHECK_NEAR(s.effect, 3, 1e-12);
    CHECK_NEAR(s.se, sqrt(0.5), 1e-12);
    CHECK_NEAR(s.lo, 3 - 2.776445 * sqrt(0.5), 1e-6);
    CHECK_NEAR(s.hi, 3 + 2.776445 * sqrt(0.5), 1e-6);
}

TEST(test_paired_removes_common_noise)
{
    /* arms sharing large replicate noise: the paired effect is exact */
    double a[4] = {100, -50, 7, 1e3}, b[4];
    for (int i = 0; i < 4; i++)
        b[i] = a[i] + 0.25;
    struct paired_stats s;
    patterns_paired(a, b, 4, &s);
    CHECK_NEAR(s.effect, 0.25, 1e-12);
    CHECK_NEAR(s.se, 0, 1e-12);
    CHECK(s.lo > 0);
}

TEST(test_paired_skips_nan_pairs)
{
    double a[] = {1, NAN, 3, 4}, b[] = {2, 5, NAN, 6};
    struct paired_stats s;
    patterns_paired(a, b, 4, &s);
    CHECK_EQ_INT(s.n, 2);
    CHECK_NEAR(s.effect, 1.5, 1e-12);
    patterns_paired(a, b, 1, &s); /* one pair: no interval */
    CHECK(isinf(s.se) && isinf(s.hi));
}

TEST(test_between_seed_sd_known_answer)
{
    /* arm A: 1, 2, 3 (variance 1); arm B: 2, 4, 6 (variance 4); pooled
     * sqrt((1 + 4) / 2); effect 2 */
    double a[] = {1, 2, 3}, b[] = {2, 4, 6};
    struct paired_stats s;
    patterns_paired(a, b, 3, &s);
    CHECK_NEAR(s.sd, sqrt(2.5), 1e-12);
    CHECK_NEAR(s.d, 2 / sqrt(2.5), 1e-12);
    /* no seed noise: any effect is infinitely many SDs, none is 0 */
    double c[] = {5, 5, 5}, e[] = {6, 6, 6};
    patterns_paired(c, e, 3, &s);
    CHECK(isinf(s.d) && s.d > 0);
    patterns_paired(c, c, 3, &s);
    CHECK_NEAR(s.d, 0, 0);
    /* the same in every seed up to rounding (a formula of inputs, as
     * admin_burden, summed in another order): the SD is 0, not 2e-16, and
     * d is infinite, not 1e13 */
    double f[] = {0.6712, 0.6712, 0.6712}, g[3];
    for (int i = 0; i < 3; i++)
        g[i] = i == 1 ? nextafter(0.6965, 1) : 0.6965;
    patterns_paired(f, g, 3, &s);
    CHECK(s.sd == 0 && isinf(s.d) && s.d > 0);
    /* and an effect of rounding error is no effect, not an infinite one */
    patterns_paired(g, g, 3, &s);
    CHECK_NEAR(s.d, 0, 0);
    double g2[] = {0.6965, nextafter(0.6965, 1), nextafter(0.6965, 1)};
    patterns_paired(g, g2, 3, &s);
    CHECK(s.effect != 0 && s.d == 0);
    /* a small SD that is not rounding stays (efficacy: 2.6e-4 of 0.33) */
    double h[] = {0.3300, 0.3303, 0.3297}, q[] = {0.38, 0.3803, 0.3797};
    patterns_paired(h, q, 3, &s);
    CHECK_NEAR(s.sd, 3e-4, 1e-9);
    CHECK_NEAR(s.d, 0.05 / 3e-4, 1e-3);
}

/* Stats with effect e, interval [e - h, e + h] and d = e / sd. */
static struct paired_stats st(double e, double h, double sd)
{
    struct paired_stats s = {0};
    s.n = 5;
    s.effect = e;
    s.lo = e - h;
    s.hi = e + h;
    s.sd = sd;
    s.d = e / sd;
    return s;
}

TEST(test_verdict_rule)
{
    int which;
    struct paired_stats big = st(2, 0.5, 1), abl[2];
    /* at least 1 SD, significant, no ablation declared: emerges */
    CHECK(patterns_verdict(+1, &big, NULL, 0, &which) == PV_EMERGES);
    CHECK_EQ_INT(which, -1);
    /* significant but below 1 SD: does not emerge */
    struct paired_stats small = st(0.5, 0.1, 1);
    CHECK(patterns_verdict(+1, &small, NULL, 0, &which) == PV_NOT);
    /* 1 SD but the interval holds 0 */
    struct paired_stats wide = st(2, 3, 1);
    CHECK(patterns_verdict(+1, &wide, NULL, 0, &which) == PV_NOT);
    /* significant against the hypothesis */
    CHECK(patterns_verdict(-1, &big, NULL, 0, &which) == PV_OPPOSITE);
    /* survives the first ablation, not the second: depends on it */
    abl[0] = st(1.5, 0.5, 1);
    abl[1] = st(0.2, 0.5, 1);
    CHECK(patterns_verdict(+1, &big, abl, 2, &which) == PV_DEPENDS);
    CHECK_EQ_INT(which, 1);
    /* an ablation that reverses the sign also fails */
    abl[1] = st(-3, 0.5, 1);
    CHECK(patterns_verdict(+1, &big, abl, 2, &which) == PV_DEPENDS);
    abl[1] = st(1.1, 0.5, 1);
    CHECK(patterns_verdict(+1, &big, abl, 2, &which) == PV_EMERGES);
    struct paired_stats one = big;
    one.n = 1;
    CHECK(patterns_verdict(+1, &one, abl, 2, &which) == PV_TOO_FEW);
}

UNIT_MAIN(test_t975_matches_tables, test_paired_known_answer,
          test_paired_removes_common_noise, test_paired_skips_nan_pairs,
          test_between_seed_sd_known_answer, test_verdict_rule)
