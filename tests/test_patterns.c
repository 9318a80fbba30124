/* The statistics of the pattern study (sim/study/patterns.c): Student's t
 * quantiles against published values, and the paired comparison on data
 * with a known answer. */
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

UNIT_MAIN(test_t975_matches_tables, test_paired_known_answer,
          test_paired_removes_common_noise, test_paired_skips_nan_pairs)
