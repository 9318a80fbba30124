/* Migrants' own associations (docs/MODEL.md 7.19): an association forms
 * in a community whose share of migrants with min_ties ties to other
 * migrants reaches form_share, not below it, and its founders are exactly
 * those migrants; it dissolves when turnover takes its members below the
 * floor, and then no one is a member; migrants join through ties to
 * members; with associations migrants take part more (the lower
 * threshold) and newcomers hold more ties (bridging), each effect gone
 * when its parameter is neutral; the metrics count what the residents
 * hold. */
#include <math.h>
#include <stdio.h>

#include "engine/observe.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* n residents in 3 communities, migration on at `turnover` a month,
 * associations on. */
static void assoc_params(struct params *p, int64_t n, double turnover)
{
    small_params(p, n, 3);
    p->mechanisms.migration.enabled = 1;
    p->migration.turnover = turnover;
    p->migration.associations = 1;
}

/* Does migrant i of community c hold >= k active ties to migrants of c?
 * (Counted here from the fixed and grown ties, independently of
 * associations.c.) */
static int connected(const struct world *w, uint32_t i, uint32_t k)
{
    const struct residents *r = &w->r;
    const uint32_t c = world_community_of(w, i);
    uint32_t n = 0;
    for (uint32_t t = r->tie_start[i]; t < r->tie_start[i + 1]; t++) {
        uint32_t j = r->ties[t];
        n += r->arrival[i] == 0 && r->arrival[j] == 0 &&
             (r->flags[j] & R_MIGRANT) && world_community_of(w, j) == c;
    }
    const size_t gk = (size_t)w->p->activities.max_ties;
    for (size_t s = i * gk; r->grown && s < (i + 1) * gk; s++) {
        uint32_t j = r->grown[s];
        n += j != GROWN_NONE && (r->flags[j] & R_MIGRANT) &&
             world_community_of(w, j) == c;
    }
    return n >= k;
}

/* The connected share of community c's migrants. */
static double connected_share(const struct world *w, uint32_t c,
                              uint32_t k)
{
    const struct community *cm = &w->comm[c];
    double mig = 0, con = 0;
    for (uint32_t i = cm->first; i < cm->first + cm->n; i++)
        if (w->r.flags[i] & R_MIGRANT) {
            mig++;
            con += connected(w, i, k);
        }
    return con / mig;
}

TEST(test_forms_above_the_share_not_below)
{
    struct params p;
    assoc_params(&p, 3000, 0);   /* no one moves */
    p.association.form_rate = 1;   /* forms the first day it may */
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    const uint32_t k = (uint32_t)p.association.min_ties;
    double lo = 1, hi = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        double s = connected_share(w, c, k);
        lo = s < lo ? s : lo;
        hi = s > hi ? s : hi;
    }
    printf("  connected share of migrants (>= %u ties): %.3f .. %.3f\n", k,
           lo, hi);
    CHECK(lo > 0.01 && hi < 0.99);
    /* above every community's share: none forms */
    p.association.form_share = hi + 0.001;
    for (int d = 0; d < 10; d++)
        associations_day(w, &p, d);
    for (uint32_t c = 0; c < w->n_comm; c++)
        CHECK(!w->comm[c].association);
    for (uint32_t i = 0; i < w->n_res; i++)
        CHECK(!(w->r.flags[i] & R_ASSOC));
    /* below every community's share: all form, the connected migrants
     * (and only they) are the founders */
    p.association.form_share = lo - 0.001;
    p.association.join_rate = 0;
    associations_day(w, &p, 10);
    for (uint32_t c = 0; c < w->n_comm; c++)
        CHECK(w->comm[c].association);
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < w->n_res; i++) {
        int want = (w->r.flags[i] & R_MIGRANT) && connected(w, i, k);
        wrong += want != ((w->r.flags[i] & R_ASSOC) != 0);
    }
    CHECK_EQ_INT(wrong, 0);
    /* the chance: with form_rate 0 nothing forms however many are tied */
    world_free(w);
    w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    p.association.form_rate = 0;
    for (int d = 0; d < 30; d++)
        associations_day(w, &p, d);
    for (uint32_t c = 0; c < w->n_comm; c++)
        CHECK(!w->comm[c].association);
    world_free(w);
}

/* Members of community c, and its migrants. */
static uint32_t members_of(const struct world *w, uint32_t c,
                           uint32_t *migrants)
{
    const struct community *cm = &w->comm[c];
    uint32_t n = 0;
    *migrants = 0;
    for (uint32_t i = cm->first; i < cm->first + cm->n; i++) {
        *migrants += (w->r.flags[i] & R_MIGRANT) != 0;
        n += (w->r.flags[i] & R_ASSOC) != 0;
    }
    return n;
}

TEST(test_dissolves_when_members_leave)
{
    struct params p;
    assoc_params(&p, 3000, 0.5);   /* half the migrants leave a month */
    p.association.form_rate = 1;
    p.association.form_share = 0.01;
    p.association.join_rate = 0;   /* no one replaces the leavers */
    p.association.floor_share = 0.05;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    sim_step(w, 0);
    uint32_t formed = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        formed += w->comm[c].association;
    CHECK_EQ_INT(formed, w->n_comm);
    p.association.form_rate = 0;   /* none forms again */
    uint32_t gone = 0, below = 0, orphans = 0;
    int day = 1;
    for (; day < 400 && gone < w->n_comm; day++) {
        sim_step(w, day);
        gone = 0;
        for (uint32_t c = 0; c < w->n_comm; c++) {
            uint32_t mig, n = members_of(w, c, &mig);
            if (!w->comm[c].association) {
                gone++;
                orphans += n;   /* no member without an association */
            } else {
                below += n < p.association.floor_share * mig;
            }
        }
    }
    printf("  every association dissolved by day %d\n", day);
    CHECK_EQ_INT(gone, w->n_comm);
    CHECK_EQ_INT(below, 0);
    CHECK_EQ_INT(orphans, 0);
    CHECK(day > 30);   /* it took members leaving, not the first day */
    world_free(w);
}

TEST(test_migrants_join_through_ties)
{
    struct params p;
    assoc_params(&p, 3000, 0);
    p.association.form_rate = 1;
    p.association.form_share = 0.01;
    p.association.min_ties = 3;
    p.association.join_rate = 0.5;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    associations_day(w, &p, 0);
    uint32_t mig, first = 0, later = 0, untied = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        first += members_of(w, c, &mig);
    for (int d = 1; d < 60; d++)
        associations_day(w, &p, d);
    for (uint32_t c = 0; c < w->n_comm; c++)
        later += members_of(w, c, &mig);
    /* a member who joined holds a tie to a member of its community (the
     * founders are connected to migrants, not necessarily members) */
    for (uint32_t i = 0; i < w->n_res; i++)
        if ((w->r.flags[i] & R_ASSOC) && !connected(w, i, 3)) {
            uint32_t t = 0;
            for (uint32_t q = w->r.tie_start[i]; q < w->r.tie_start[i + 1];
                 q++)
                t += (w->r.flags[w->r.ties[q]] & R_ASSOC) != 0;
            untied += t == 0;
        }
    printf("  members: %u founders, %u after 60 days\n", first, later);
    CHECK(later > first);
    CHECK_EQ_INT(untied, 0);
    world_free(w);
}

/* Mean over days [from, days) of the migrants' participation and the
 * newcomers' ties, with the metrics checked against the residents on
 * the last day. */
static void run_district(const struct params *p, int days, int from,
                         double *part, double *ties)
{
    struct world *w = make_world(p);
    *part = *ties = NAN;
    CHECK(w != NULL);
    if (!w)
        return;
    const size_t k = (size_t)p->activities.max_ties;
    double sp = 0, st = 0;
    for (int d = 0; d < days; d++) {
        sim_step(w, d);
        if (d < from)
            continue;
        double mig = 0, in = 0, nc = 0, nt = 0;
        for (uint32_t i = 0; i < w->n_res; i++) {
            if (!(w->r.flags[i] & R_MIGRANT))
                continue;
            mig++;
            in += w->r.participating[i];
            if (w->r.arrival && w->r.arrival[i] > 0) {
                nc++;
                for (size_t s = i * k; w->r.grown && s < (i + 1) * k; s++)
                    nt += w->r.grown[s] != GROWN_NONE;
            }
        }
        sp += in / mig;
        st += nc > 0 ? nt / nc : 0;
        if (d == days - 1) {
            struct day_metrics dm;
            if (day_metrics_init(&dm, w) == 0) {
                observe_day(w, d, &dm);
                CHECK(dm.v[MET_MIGRANT_PARTICIPATION_RATE] == in / mig);
                uint32_t a = 0, n = 0, mg;
                for (uint32_t c = 0; c < w->n_comm; c++) {
                    a += w->comm[c].association;
                    n += members_of(w, c, &mg);
                }
                CHECK(dm.v[MET_ASSOCIATIONS] == a);
                CHECK(dm.v[MET_ASSOCIATION_MEMBERS] == n / mig);
                day_metrics_free(&dm);
            }
        }
    }
    *part = sp / (days - from);
    *ties = st / (days - from);
    world_free(w);
}

TEST(test_effects_direction)
{
    struct params p;
    assoc_params(&p, 6000, 0.1);
    p.association.form_rate = 1;
    double part_off, ties_off, part_on, ties_on, part_thr1, ties_thr1,
        part_br0, ties_br0;
    p.migration.associations = 0;
    run_district(&p, 240, 120, &part_off, &ties_off);
    p.migration.associations = 1;
    run_district(&p, 240, 120, &part_on, &ties_on);
    p.association.threshold_factor = 1;   /* the threshold effect off */
    run_district(&p, 240, 120, &part_thr1, &ties_thr1);
    p.association.threshold_factor = 0.7;
    p.association.bridge_ties = 0;        /* no bridging */
    run_district(&p, 240, 120, &part_br0, &ties_br0);
    printf("  migrants' participation: off %.4f on %.4f (factor 1: %.4f)\n"
           "  newcomers' ties: off %.4f on %.4f (no bridging: %.4f)\n",
           part_off, part_on, part_thr1, ties_off, ties_on, ties_br0);
    CHECK(part_on > part_off + 0.005);
    CHECK(part_thr1 < part_on);
    CHECK(ties_off == 0);   /* without activities no newcomer has a tie */
    CHECK(ties_on > 0.1);
    CHECK(ties_br0 == 0);
}

UNIT_MAIN(test_forms_above_the_share_not_below,
          test_dissolves_when_members_leave,
          test_migrants_join_through_ties,
          test_effects_direction)
