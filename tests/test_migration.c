/* Migrants who move (docs/MODEL.md 7.19): the switch off carries no
 * arrival days and changes nothing; floating residents leave at the
 * monthly turnover and are replaced in the same slot by non-registered
 * newcomers whose fixed ties are inactive; a leaver's matters are
 * abandoned so the accounting identity stays exact; newcomers gain ties
 * only at community activities, and never before they arrived; with
 * migration.exclude_services non-registered residents never reach the
 * platform, a contracted organisation or an organisation's low price.
 * newcomer_ties_mean counts the newcomers' active ties (NaN when none). */
#include <math.h>
#include <stdio.h>

#include "engine/observe.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* A world of n residents in three communities with migration at the
 * monthly turnover (0: off), or NULL. */
static struct world *district(struct params *p, int64_t n, double turnover)
{
    small_params(p, n, 3);
    p->mechanisms.migration.enabled = turnover > 0;
    p->migration.turnover = turnover;
    return make_world(p);
}

/* The metric newcomer_ties_mean of day `day` (after sim_step of it) and,
 * in *want, the same counted here from the residents: live grown ties
 * (a fixed tie is active only between two residents of day 0), over the
 * residents who arrived after day 0; NaN when there are none. */
static double observed_newcomer_ties(struct world *w, int day,
                                     double *want)
{
    const struct residents *r = &w->r;
    const size_t k = (size_t)w->p->activities.max_ties;
    double n = 0, ties = 0;
    for (uint32_t i = 0; r->arrival && i < w->n_res; i++) {
        if (r->arrival[i] <= 0)
            continue;
        n++;   /* no active fixed tie: i did not arrive on day 0 */
        for (size_t s = i * k; r->grown && s < (i + 1) * k; s++)
            ties += r->grown[s] != GROWN_NONE;
    }
    *want = n > 0 ? ties / n : NAN;
    struct day_metrics dm;
    if (day_metrics_init(&dm, w))
        return -1;
    observe_day(w, day, &dm);
    double v = dm.v[MET_NEWCOMER_TIES_MEAN];
    day_metrics_free(&dm);
    return v;
}

TEST(test_off_carries_no_arrival_days)
{
    struct params p;
    struct world *w = district(&p, 3000, 0);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int d = 0; d < 30; d++)
        sim_step(w, d);
    CHECK(w->r.arrival == NULL);
    CHECK(migration_fixed_ties(&w->r, 0) ==
          w->r.tie_start[1] - w->r.tie_start[0]);
    double nw, nv = observed_newcomer_ties(w, 29, &nw);
    CHECK(isnan(nv) && isnan(nw));   /* no newcomers */
    world_free(w);
}

TEST(test_turnover_replaces_migrants_only)
{
    struct params p;
    struct world *w = district(&p, 6000, 0.1);
    CHECK(w != NULL);
    if (!w)
        return;
    uint8_t *was = malloc(w->n_res);
    for (uint32_t i = 0; i < w->n_res; i++)
        was[i] = w->r.flags[i] & R_MIGRANT;
    const int days = 300;
    int identity = 1;
    for (int d = 0; d < days; d++) {
        sim_step(w, d);
        identity &= identity_holds(w);
    }
    CHECK(identity);
    uint32_t migrants = 0, moved = 0, bad = 0;
    for (uint32_t i = 0; i < w->n_res; i++) {
        int32_t a = w->r.arrival[i];
        migrants += was[i] != 0;
        moved += a > 0;
        /* a registered resident never leaves; a newcomer is a migrant */
        bad += (!was[i] && a != 0) || (a > 0 && !(w->r.flags[i] & R_MIGRANT));
        bad += a < 0 || a >= days;
    }
    CHECK(bad == 0);
    /* the chance that a slot of a day-0 migrant turned over at least once
     * in `days` days at the daily rate of a 10% month */
    double q = 1 - pow(0.9, 1.0 / 30), want = 1 - pow(1 - q, days);
    double got = (double)moved / migrants;
    CHECK(fabs(got - want) < 0.04);
    printf("  turned over %.3f of %u migrant slots (expected %.3f)\n", got,
           migrants, want);
    /* no open matter of a newcomer was raised before it arrived (the
     * leaver's were abandoned) */
    uint32_t stale = 0;
    for (uint32_t s = 0; s < w->n_slots; s++)
        if (w->m[s].status != M_FREE &&
            w->m[s].created < w->r.arrival[w->m[s].owner])
            stale++;
    CHECK(stale == 0);
    /* newcomers have no active fixed tie; a resident of day 0 keeps
     * those to others of day 0 */
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < w->n_res; i++) {
        uint32_t want_k = 0;
        if (!w->r.arrival[i])
            for (uint32_t t = w->r.tie_start[i]; t < w->r.tie_start[i + 1];
                 t++)
                want_k += w->r.arrival[w->r.ties[t]] == 0;
        wrong += migration_fixed_ties(&w->r, i) != want_k;
    }
    CHECK(wrong == 0);
    /* without activities a newcomer has no active tie at all */
    double nw, nv = observed_newcomer_ties(w, days - 1, &nw);
    CHECK(moved > 0 && nv == 0 && nw == 0);
    free(was);
    world_free(w);
}

TEST(test_newcomers_gain_ties_at_activities_only)
{
    struct params p;
    small_params(&p, 3000, 3);
    p.mechanisms.migration.enabled = 1;
    p.migration.turnover = 0.2;
    p.mechanisms.activities.enabled = 1;
    p.activities.per_year = 120;
    p.activities.first_attend = 0.05;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int d = 0; d < 200; d++)
        sim_step(w, d);
    const uint32_t k = (uint32_t)p.activities.max_ties;
    uint32_t newcomer_ties = 0, before = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        for (uint32_t s = i * k; s < (i + 1) * k; s++) {
            uint32_t j = w->r.grown[s];
            if (j == GROWN_NONE)
                continue;
            newcomer_ties += w->r.arrival[i] > 0;
            /* met on a day both were there */
            before += w->r.grown_day[s] < w->r.arrival[i] ||
                      w->r.grown_day[s] < w->r.arrival[j];
        }
    CHECK(newcomer_ties > 0);
    CHECK(before == 0);
    /* the metric: their grown ties over the newcomers, exactly, and
     * fewer than the mean resident's */
    double nw, nv = observed_newcomer_ties(w, 199, &nw);
    printf("  newcomer_ties_mean %.4f (counted %.4f)\n", nv, nw);
    CHECK(nv > 0 && nv == nw);
    uint64_t all = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        all += migration_fixed_ties(&w->r, i);
    for (size_t s = 0; s < (size_t)w->n_res * k; s++)
        all += w->r.grown[s] != GROWN_NONE;
    CHECK(nv < (double)all / w->n_res);
    world_free(w);
}

TEST(test_switch_on_later_and_off_again)
{
    /* switched on at day 40 (as a change schedule does) the arrival days
     * appear then, all residents present counting as of day 0; switched
     * off, nobody moves any more */
    struct params p;
    struct world *w = district(&p, 3000, 0);
    CHECK(w != NULL);
    if (!w)
        return;
    int d = 0;
    for (; d < 40; d++)
        sim_step(w, d);
    CHECK(w->r.arrival == NULL);
    p.mechanisms.migration.enabled = 1;
    p.migration.turnover = 0.3;
    for (; d < 100; d++)
        sim_step(w, d);
    CHECK(w->r.arrival != NULL);
    uint32_t moved = 0, early = 0;
    for (uint32_t i = 0; i < w->n_res; i++) {
        moved += w->r.arrival[i] > 0;
        early += w->r.arrival[i] > 0 && w->r.arrival[i] < 40;
    }
    CHECK(moved > 0 && early == 0);
    p.mechanisms.migration.enabled = 0;
    for (; d < 130; d++)
        sim_step(w, d);
    uint32_t late = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        late += w->r.arrival[i] >= 100;
    CHECK(late == 0);
    world_free(w);
}

/* Matters of non-registered owners with the platform, a contracted or a
 * selling organisation, over 150 days of linkage and purchase. */
static uint64_t migrants_served(int exclude, uint64_t *others)
{
    struct params p;
    small_params(&p, 3000, 3);
    p.mechanisms.linkage.enabled = 1;
    p.mechanisms.purchase.enabled = 1;
    p.paid.buy_rate = 0.5;
    p.migration.exclude_services = exclude;
    struct world *w = make_world(&p);
    if (!w)
        return UINT64_MAX;
    uint64_t mig = 0;
    *others = 0;
    for (int d = 0; d < 150; d++) {
        sim_step(w, d);
        for (uint32_t s = 0; s < w->n_slots; s++) {
            const struct matter *m = &w->m[s];
            int served = m->status != M_FREE &&
                         (m->status == M_PLATFORM ||
                          m->handler_kind == HK_SOCORG ||
                          (m->flags & MF_PAID));
            if (w->r.flags[m->owner] & R_MIGRANT)
                mig += served;
            else
                *others += served;
        }
    }
    world_free(w);
    return mig;
}

TEST(test_exclusion_shuts_migrants_out_of_services)
{
    uint64_t others_open, others_shut;
    uint64_t open = migrants_served(0, &others_open);
    uint64_t shut = migrants_served(1, &others_shut);
    printf("  migrant matter-days with the platform or an organisation: "
           "%llu equalised, %llu excluded (registered: %llu, %llu)\n",
           (unsigned long long)open, (unsigned long long)shut,
           (unsigned long long)others_open, (unsigned long long)others_shut);
    CHECK(open > 0 && open != UINT64_MAX);
    CHECK(shut == 0);
    CHECK(others_shut > 0);   /* registered residents are still served */
}

UNIT_MAIN(test_off_carries_no_arrival_days,
          test_turnover_replaces_migrants_only,
          test_newcomers_gain_ties_at_activities_only,
          test_switch_on_later_and_off_again,
          test_exclusion_shuts_migrants_out_of_services)
