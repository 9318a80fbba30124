/* Visits to residents' doors (docs/MODEL.md 7.2, 重复扰民): over a round of
 * grid.collection_days days every department's collector visits every
 * resident once without the joined grid, and the joined grid replaces the
 * departments it took over with one visit a round; a visit within
 * grid.duplicate_days of the previous one is a duplicate, counted against
 * a direct count from the same schedule; the metrics do not depend on the
 * day the schedule was first asked for (a restart rebuilds it). */
#include <math.h>
#include <stdio.h>

#include "engine/observe.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* Collection visits and duplicates summed over the round's days. */
static void round_totals(struct world *w, uint64_t *visits, uint64_t *dups)
{
    uint32_t T = (uint32_t)llround(w->p->grid.collection_days);
    *visits = *dups = 0;
    for (uint32_t d = 0; d < T; d++) {
        uint64_t v, u;
        grid_visits_today(w, (int)d, &v, &u);
        *visits += v;
        *dups += u;
    }
}

static struct world *district(struct params *p, int grid, double joined)
{
    small_params(p, 3000, 3);
    p->mechanisms.grid.enabled = grid;
    p->grid.joined_share = joined;
    return make_world(p);
}

TEST(test_each_department_visits_once_a_round)
{
    struct params p;
    struct world *w = district(&p, 0, 1);
    CHECK(w != NULL);
    if (!w)
        return;
    uint64_t v, u;
    round_totals(w, &v, &u);
    uint64_t n = w->n_res;
    printf("  grid off: %llu visits, %llu duplicates a round of %u "
           "residents\n", (unsigned long long)v, (unsigned long long)u,
           w->n_res);
    CHECK(v == 5 * n);
    /* 5 schedules on a 90-day circle, a window of 30: each visit has a
     * previous one within 30 days with chance 1 - (2/3)^4 = 0.80 */
    CHECK(u > 0.75 * v && u < 0.85 * v);
    /* the grid switched on with every department joined: one visit */
    p.mechanisms.grid.enabled = 1;
    round_totals(w, &v, &u);
    CHECK(v == n);
    CHECK(u == 0);
    /* three of five joined: two collectors apart plus the grid's */
    p.grid.joined_share = 0.6;
    round_totals(w, &v, &u);
    CHECK(v == 3 * n);
    CHECK(u > 0 && u < v);
    /* a round shorter than the window: every visit is a duplicate */
    p.grid.collection_days = 20;
    round_totals(w, &v, &u);
    CHECK(v == 3 * n && u == v);
    world_free(w);
}

TEST(test_metric_is_the_schedule)
{
    struct params p;
    struct world *w = district(&p, 0, 1);
    CHECK(w != NULL);
    if (!w)
        return;
    struct day_metrics dm;
    CHECK(day_metrics_init(&dm, w) == 0);
    double sum = 0, dsum = 0;
    for (int d = 0; d < 90; d++) {
        sim_step(w, d);
        observe_day(w, d, &dm);
        sum += dm.v[MET_VISITS_PER_RESIDENT];
        dsum += dm.v[MET_DUPLICATE_VISITS_PER_RESIDENT];
    }
    /* grid off: no logging, 5 visits a round of 90 days = 5/3 a month */
    CHECK(fabs(sum / 90 - 5.0 / 3.0) < 1e-9);
    uint64_t v, u;
    round_totals(w, &v, &u);
    CHECK(fabs(dsum / 90 - (double)u * 30.0 / 90.0 / w->n_res) < 1e-9);
    /* rebuilt from nothing (as after a restore) the schedule is the same */
    uint64_t v0, u0, v1, u1;
    grid_visits_today(w, 17, &v0, &u0);
    free(w->visits);
    w->visits = NULL;
    grid_visits_today(w, 17, &v1, &u1);
    CHECK(v0 == v1 && u0 == u1);
    day_metrics_free(&dm);
    world_free(w);
}

UNIT_MAIN(test_each_department_visits_once_a_round,
          test_metric_is_the_schedule)
