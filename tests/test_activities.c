/* Community activities and the ties they grow (docs/MODEL.md 7.18): the
 * switch off carries no grown-tie storage and changes nothing; grown ties
 * join residents of one community, are formed on both sides and fade
 * after tie_days without contact; the calibration to the first year of
 * 白领驿家 (seed 002) holds; identification raises trust in the
 * community only through attendance. */
#include <stdio.h>

#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

static uint64_t live_grown(const struct world *w)
{
    uint64_t n = 0;
    uint32_t k = (uint32_t)w->p->activities.max_ties;
    for (uint32_t i = 0; i < w->n_res; i++)
        n += activities_grown(&w->r, k, i);
    return n;
}

TEST(test_off_carries_no_grown_ties)
{
    struct params p;
    small_params(&p, 3000, 3);
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int d = 0; d < 30; d++)
        sim_step(w, d);
    CHECK(w->r.grown == NULL && w->r.last_attended == NULL);
    world_free(w);
}

TEST(test_grown_ties_within_community_both_sides_and_fade)
{
    struct params p;
    small_params(&p, 3000, 3);
    p.mechanisms.activities.enabled = 1;
    p.activities.per_year = 120;
    p.activities.first_attend = 0.05;
    p.activities.tie_days = 15;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    const uint32_t k = (uint32_t)p.activities.max_ties;
    int day = 0;
    for (; day < 40; day++)
        sim_step(w, day);
    uint64_t grown = live_grown(w);
    CHECK(grown > 0);
    /* a tie made at the last activity is on both sides, unless the other
     * side holds it as a fixed tie or its slots are all taken by that
     * day's contacts; and every grown tie joins two residents of a
     * community, met on a past day */
    int last = GROWN_NEVER;
    for (uint32_t s = 0; s < w->n_res * k; s++)
        if (w->r.grown[s] != GROWN_NONE && w->r.grown_day[s] > last)
            last = w->r.grown_day[s];
    uint32_t bad = 0, latest = 0, one_sided = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        for (uint32_t s = i * k; s < (i + 1) * k; s++) {
            uint32_t j = w->r.grown[s];
            if (j == GROWN_NONE)
                continue;
            bad += j == i || world_community_of(w, j) != world_community_of(w, i) ||
                   w->r.grown_day[s] > day - 1;
            if (w->r.grown_day[s] != last)
                continue;
            latest++;
            int back = 0, full = 1;
            for (uint32_t t = j * k; t < (j + 1) * k; t++) {
                back |= w->r.grown[t] == i && w->r.grown_day[t] == last;
                full &= w->r.grown_day[t] == last;
            }
            for (uint32_t t = w->r.tie_start[j]; t < w->r.tie_start[j + 1];
                 t++)
                back |= w->r.ties[t] == i;
            one_sided += !back && !full;
        }
    CHECK(latest > 0);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(one_sided, 0);
    /* the switch off: no more activities, and every grown tie fades once
     * tie_days have passed since its last contact */
    p.mechanisms.activities.enabled = 0;
    for (; day <= last + 15; day++)
        sim_step(w, day);
    CHECK(live_grown(w) > 0);   /* the last contacts: 15 days ago */
    sim_step(w, day);
    CHECK(live_grown(w) == 0);
    world_free(w);
}

/* Members at day 364 and year-one attendances per resident: 15% and 0.75
 * in 白领驿家's first year (seed 002). */
TEST(test_first_year_matches_bailing_yijia)
{
    struct params p;
    small_params(&p, 10000, 4);
    p.mechanisms.activities.enabled = 1;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    uint64_t came = 0;
    for (int d = 0; d < 365; d++) {
        sim_step(w, d);
        for (uint32_t i = 0; i < w->n_res; i++)
            came += w->r.last_attended[i] == d;
    }
    uint32_t members = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        members += w->r.last_attended[i] != GROWN_NEVER;
    double share = (double)members / w->n_res;
    double per = (double)came / w->n_res;
    printf("members %.3f, attendances %.3f a resident in year one\n",
           share, per);
    CHECK(share > 0.12 && share < 0.18);
    CHECK(per > 0.6 && per < 0.9);
    world_free(w);
}

/* Identification is the only channel to trust in the community that
 * activities add: with it at 0 and no ties formed, trust in the community
 * is bitwise that of the district without activities; with it, higher. */
TEST(test_identification_moves_trust_only_through_attendance)
{
    struct params a, b;
    small_params(&a, 3000, 3);
    a.time.days = 90;
    b = a;
    b.mechanisms.activities.enabled = 1;
    b.activities.per_year = 60;
    b.activities.identification = 0;
    b.activities.ties_per_activity = 0;
    struct world *wa = make_world(&a), *wb = make_world(&b);
    CHECK(wa && wb);
    if (!wa || !wb)
        return;
    for (int d = 0; d < 90; d++) {
        sim_step(wa, d);
        sim_step(wb, d);
    }
    CHECK(memcmp(wa->r.trust_com, wb->r.trust_com,
                 wa->n_res * sizeof *wa->r.trust_com) == 0);
    world_free(wb);
    b.activities.identification = 0.05;
    wb = make_world(&b);
    CHECK(wb != NULL);
    if (!wb) {
        world_free(wa);
        return;
    }
    for (int d = 0; d < 90; d++)
        sim_step(wb, d);
    double ta = 0, tb = 0;
    for (uint32_t i = 0; i < wa->n_res; i++) {
        ta += wa->r.trust_com[i];
        tb += wb->r.trust_com[i];
    }
    CHECK(tb > ta + 0.001 * wa->n_res);
    world_free(wa);
    world_free(wb);
}

UNIT_MAIN(test_off_carries_no_grown_ties,
          test_grown_ties_within_community_both_sides_and_fade,
          test_first_year_matches_bailing_yijia,
          test_identification_moves_trust_only_through_attendance)
