/* Minimal unit-test harness shared by every tests/test_*.c program.
 * A test file defines its tests with TEST(name) { ... } and ends with
 * UNIT_MAIN(test_a, test_b, ...). Each program prints one line per failed
 * check and, last, a summary "N passed, N failed" (the contract of
 * `make check`); the exit status is non-zero when anything failed. */
#ifndef COGOV_TESTS_UNIT_H
#define COGOV_TESTS_UNIT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failed_checks;   /* checks failed inside the current test */

#define TEST(name) static void name(void)

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            unit_failed_checks++;                                          \
        }                                                                  \
    } while (0)

/* |a - b| <= tol, with both values printed on failure. */
#define CHECK_NEAR(a, b, tol)                                              \
    do {                                                                   \
        double unit_a_ = (double)(a), unit_b_ = (double)(b);               \
        if (!(fabs(unit_a_ - unit_b_) <= (double)(tol))) {                 \
            fprintf(stderr, "%s:%d: CHECK_NEAR(%s, %s, %s) failed: "       \
                    "%.17g vs %.17g\n", __FILE__, __LINE__, #a, #b, #tol,  \
                    unit_a_, unit_b_);                                     \
            unit_failed_checks++;                                          \
        }                                                                  \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                 \
    do {                                                                   \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);      \
        if (unit_a_ != unit_b_) {                                          \
            fprintf(stderr, "%s:%d: CHECK_EQ_INT(%s, %s) failed: "         \
                    "%lld vs %lld\n", __FILE__, __LINE__, #a, #b,          \
                    unit_a_, unit_b_);                                     \
            unit_failed_checks++;                                          \
        }                                                                  \
    } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                    \
    do {                                                                   \
        const char *unit_h_ = (hay), *unit_n_ = (needle);                  \
        if (!unit_h_ || !strstr(unit_h_, unit_n_)) {                       \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n",     \
                    __FILE__, __LINE__, unit_h_ ? unit_h_ : "(null)",      \
                    unit_n_);                                              \
            unit_failed_checks++;                                          \
        }                                                                  \
    } while (0)

typedef void (*unit_fn)(void);

static int unit_run(const char *prog, unit_fn *fns, const char *names,
                    int n)
{
    int passed = 0, failed = 0;
    char buf[4096];
    const char *filter = getenv("UNIT_FILTER");
    strncpy(buf, names, sizeof buf - 1);
    buf[sizeof buf - 1] = 0;
    char *save = NULL, *tok = strtok_r(buf, ", ", &save);
    for (int i = 0; i < n; i++) {
        const char *name = tok ? tok : "?";
        if (!filter || strstr(name, filter)) {
            unit_failed_checks = 0;
            fns[i]();
            if (unit_failed_checks) {
                fprintf(stderr, "FAIL %s: %s\n", prog, name);
                failed++;
            } else {
                passed++;
            }
        }
        tok = strtok_r(NULL, ", ", &save);
    }
    printf("%s: %d passed, %d failed\n", prog, passed, failed);
    return failed ? 1 : 0;
}

#define UNIT_MAIN(...)                                                     \
    int main(void)                                                         \
    {                                                                      \
        unit_fn unit_fns_[] = {__VA_ARGS__};                               \
        return unit_run(__FILE__, unit_fns_, #__VA_ARGS__,                 \
                        (int)(sizeof unit_fns_ / sizeof unit_fns_[0]));    \
    }

#endif
