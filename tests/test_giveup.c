/* Tests of giving up (docs/MODEL.md 7.8): the owner of a matter older
 * than `patience` days gives it up with daily chance `give_up`, drawn once
 * a matter as an exponential clock. The ages at which matters leave
 * follow the geometric law of a draw each day, (1 - g)^k g on the k-th
 * overdue day after the first and (1 - g)^(max_age - patience - 1) at
 * max_age; petitions are never given up; give_up 0 gives nothing up and a
 * change of give_up acts from its day; the thread count changes nothing. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "model/actors.h"
#include "model/matter.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

enum { N_RES = 4000, N_MATTERS = 20000, PATIENCE = 10, MAX_AGE = 100 };

/* A world of n residents whose pool holds N_MATTERS matters created on
 * day 0, held by their owners (every other one a petition when
 * `petitions`), with give_up g. */
static struct world *pool_world(struct params *p, uint32_t n, double g,
                                int petitions)
{
    small_params(p, n, 4);
    p->patience = PATIENCE;
    p->max_age = MAX_AGE;
    p->give_up = g;
    struct world *w = make_world(p);
    if (!w)
        return NULL;
    for (uint32_t j = 0; j < N_MATTERS; j++) {
        uint32_t s = matter_alloc(w);
        struct matter *m = &w->m[s];
        m->owner = (uint32_t)((uint64_t)j * n / N_MATTERS);
        m->community = world_community_of(w, m->owner);
        m->created = 0;
        m->arrival_k = (uint8_t)(j % 8);
        m->severity = 0.5f;
        m->hours = 1.0f;
        m->status = M_HELD;
        if (petitions && j % 2)
            m->flags = MF_PETITION;
        matter_opened(w, s);
        matter_with_owner(w, s);
    }
    return w;
}

/* Run phase 8 alone from day 0 to MAX_AGE (give_up set to g_after from
 * day `change` on) and count the matters that left at each age. */
static void leave_ages(struct world *w, struct params *p, double g_after,
                       int change, int64_t left[MAX_AGE + 1])
{
    memset(left, 0, sizeof(int64_t) * (MAX_AGE + 1));
    for (int day = 0; day <= MAX_AGE; day++) {
        if (day == change)
            p->give_up = g_after;
        w->n_abandoned_ages = 0;
        phase_outcomes(w, p, day);
        for (size_t k = 0; k < w->n_abandoned_ages; k++)
            left[w->abandoned_ages[k]]++;
    }
}

/* A binomial count of n trials with chance q: within 4.5 SD. */
static int count_ok(int64_t obs, double n, double q)
{
    double mean = n * q, sd = sqrt(n * q * (1 - q));
    int ok = fabs((double)obs - mean) <= 4.5 * (sd > 1 ? sd : 1);
    if (!ok)
        fprintf(stderr, "  %lld observed, %.1f expected\n", (long long)obs,
                mean);
    return ok;
}

/* The law of a draw each day, over every age. */
TEST(test_give_up_ages_are_geometric)
{
    struct params p;
    const double g = 0.05;
    struct world *w = pool_world(&p, N_RES, g, 0);
    CHECK(w != NULL);
    if (!w)
        return;
    int64_t left[MAX_AGE + 1];
    leave_ages(w, &p, g, -1, left);
    int bad = 0;
    int64_t total = 0;
    for (int age = 0; age <= MAX_AGE; age++) {
        double q = 0;
        if (age > PATIENCE && age < MAX_AGE)
            q = pow(1 - g, age - PATIENCE - 1) * g;
        else if (age == MAX_AGE)
            q = pow(1 - g, MAX_AGE - PATIENCE - 1);
        if (q == 0 ? left[age] != 0 : !count_ok(left[age], N_MATTERS, q)) {
            fprintf(stderr, "age %d: %lld left\n", age, (long long)left[age]);
            bad++;
        }
        total += left[age];
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(total, N_MATTERS);   /* all gone at max_age */
    CHECK(identity_holds(w));
    /* the mean overdue days before giving up, among those given up:
     * the truncated geometric's (a spread of about 19 days over 20 000) */
    double sum = 0, n = 0, e = 0, qs = 0;
    for (int age = PATIENCE + 1; age < MAX_AGE; age++) {
        double q = pow(1 - g, age - PATIENCE - 1) * g;
        sum += (double)left[age] * (age - PATIENCE - 1);
        n += (double)left[age];
        e += q * (age - PATIENCE - 1);
        qs += q;
    }
    CHECK_NEAR(sum / n, e / qs, 4.5 * 19.0 / sqrt(n));
    world_free(w);
}

/* Petitions wait for their answer: none is given up before max_age,
 * while the other matters are given up at the same rate as before. */
TEST(test_petitions_are_not_given_up)
{
    struct params p;
    const double g = 0.05;
    struct world *w = pool_world(&p, N_RES, g, 1);
    CHECK(w != NULL);
    if (!w)
        return;
    int64_t left[MAX_AGE + 1];
    leave_ages(w, &p, g, -1, left);
    int64_t before = 0;
    for (int age = 0; age < MAX_AGE; age++)
        before += left[age];
    /* half are petitions: they all reach max_age, with the ordinary
     * matters still held then */
    double held = pow(1 - g, MAX_AGE - PATIENCE - 1);
    CHECK(count_ok(before, N_MATTERS / 2, 1 - held));
    CHECK(count_ok(left[MAX_AGE] - N_MATTERS / 2, N_MATTERS / 2, held));
    world_free(w);
}

/* give_up 0 starts no clock; set to g on day 40, the matters overdue then
 * are given up from that day with the law of g, as if each had drawn
 * every day (the clock keeps no memory of the days before). */
TEST(test_give_up_change_acts_from_its_day)
{
    struct params p;
    const double g = 0.1;
    const int change = 40;
    struct world *w = pool_world(&p, N_RES, 0, 0);
    CHECK(w != NULL);
    if (!w)
        return;
    int64_t left[MAX_AGE + 1];
    leave_ages(w, &p, g, change, left);
    int64_t early = 0;
    for (int age = 0; age < change; age++)
        early += left[age];
    CHECK_EQ_INT(early, 0);
    int bad = 0;
    for (int age = change; age < MAX_AGE; age++)
        bad += !count_ok(left[age], N_MATTERS,
                         pow(1 - g, age - change) * g);
    CHECK_EQ_INT(bad, 0);
    world_free(w);
}

/* The clock is the matter's, so which thread scans it changes nothing:
 * the same matters leave on the same days on 1 and 2 threads (a world
 * large enough for phase 8 to scan on both). */
TEST(test_give_up_ignores_threads)
{
    struct params p;
    int64_t a[MAX_AGE + 1], b[MAX_AGE + 1];
    float clock_a[N_MATTERS], clock_b[N_MATTERS];
    for (int t = 1; t <= 2; t++) {
        omp_set_num_threads(t);
        struct world *w = pool_world(&p, PAR_MIN_LIGHT, 0.05, 0);
        CHECK(w != NULL);
        if (!w)
            return;
        leave_ages(w, &p, 0.05, -1, t == 1 ? a : b);
        world_free(w);
        /* and the clocks after 30 days, matter by matter */
        w = pool_world(&p, PAR_MIN_LIGHT, 0.05, 0);
        for (int day = 0; day < 30; day++)
            phase_outcomes(w, &p, day);
        for (uint32_t s = 0; s < N_MATTERS; s++)
            (t == 1 ? clock_a : clock_b)[s] = w->m[s].give_up_left;
        world_free(w);
    }
    CHECK(memcmp(a, b, sizeof a) == 0);
    CHECK(memcmp(clock_a, clock_b, sizeof clock_a) == 0);
}

UNIT_MAIN(test_give_up_ages_are_geometric, test_petitions_are_not_given_up,
          test_give_up_change_acts_from_its_day, test_give_up_ignores_threads)
