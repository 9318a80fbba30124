/* Migrants who move (docs/MODEL.md 7.19; 来穗人员, seed 000 序一;
 * Pingshan's 65万 residents of whom 4.2万 registered, seed 001 前言). Run at
 * the start of phase 1 when mechanisms.migration.enabled is set.
 *
 * Each day a floating (non-registered, R_MIGRANT) resident leaves with
 * the daily chance that makes migration.turnover a month (30 days). Its
 * open matters are abandoned through the normal path (outcome_abandon),
 * so the accounting identity stays exact; a newcomer takes its slot (same
 * community and building), non-registered, with fresh attributes from
 * its own random purpose and no tie active: a fixed tie of the network
 * drawn at day 0 counts only between two residents present since day 0
 * (arrival day 0), and grown ties to or from the leaver are dropped, so a
 * newcomer gains ties only at community activities (7.18), or, with
 * migration.associations, from the members its community's migrants'
 * association ties it to (associations.c, run after the moves). The
 * leavers' draws (keyed by day and resident) and the scan of the grown
 * ties (each entry on its own) run on every thread; the matters are
 * abandoned and the newcomers drawn and bridged serially, in slot and
 * index order: the result does not depend on the number of threads. */
#include <math.h>
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/matter.h"
#include "model/phases.h"

void migration_alloc(struct world *w)
{
    w->r.arrival = calloc(w->n_res ? w->n_res : 1, sizeof *w->r.arrival);
    if (!w->r.arrival)
        world_out_of_memory("the arrival days", (double)w->n_res * 4);
    world_huge_pages(w->r.arrival, (size_t)w->n_res * sizeof *w->r.arrival);
}

void migration_free(struct world *w)
{
    free(w->r.arrival);
    w->r.arrival = NULL;
}

uint32_t migration_fixed_ties(const struct residents *r, uint32_t i)
{
    uint32_t a = r->tie_start[i], b = r->tie_start[i + 1];
    if (!r->arrival)
        return b - a;
    if (r->arrival[i])
        return 0;
    uint32_t n = 0;
    for (uint32_t t = a; t < b; t++)
        n += r->arrival[r->ties[t]] == 0;
    return n;
}

static float clamp01f(double x)
{
    return (float)(x < 0 ? 0 : x > 1 ? 1 : x);
}

static float draw01(struct rng_stream *s, double mean, double sd)
{
    if (sd <= 0)
        return clamp01f(mean);
    return (float)rng_trunc_normal(s, mean, sd, 0, 1);
}

/* Resident i is a newcomer from today: the household flags and initial
 * states of docs/MODEL.md 5 for a migrant, drawn from (RP_MIGRATION, day,
 * i) after the word block that decided the leaving. */
static void newcomer(struct world *w, const struct params *p, uint32_t i,
                     int day)
{
    struct residents *r = &w->r;
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_MIGRATION, (uint32_t)day, i);
    s.index = 1;
    uint8_t f = R_MIGRANT;
    if (rng_uniform(&s) < p->population.elderly_share)
        f |= R_ELDERLY;
    if (rng_uniform(&s) < p->population.child_share)
        f |= R_CHILD;
    if (rng_uniform(&s) < p->population.low_income_share)
        f |= R_LOW_INCOME;
    int instigator =
        rng_uniform(&s) < p->participation.instigator_share;
    r->flags[i] = f;
    double off = p->population.migrant_trust_offset;
    const double sd = p->population.trust_sd;
    r->trust_gov[i] = draw01(&s, p->population.trust_gov_mean + off, sd);
    r->trust_com[i] = draw01(&s, p->population.trust_com_mean + off, sd);
    r->efficacy[i] = draw01(&s, p->population.efficacy_mean,
                            p->population.efficacy_sd);
    r->threshold[i] = instigator ? 0.0f
                                 : draw01(&s, p->participation.threshold_mean,
                                          p->participation.threshold_sd);
    r->satisfaction[i] = (float)p->population.satisfaction_init;
    r->grievance[i] = 0;
    r->volunteer_hours[i] = 0;
    r->participating[i] = r->participated[i] = 0;
    r->arrival[i] = day;
    if (r->grown) {
        size_t k = (size_t)p->activities.max_ties;
        for (size_t t = i * k; t < (i + 1) * k; t++) {
            r->grown[t] = GROWN_NONE;
            r->grown_day[t] = GROWN_NEVER;
        }
        r->last_attended[i] = GROWN_NEVER;
    }
}

static void move(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    const double q = 1.0 - pow(1.0 - p->migration.turnover, 1.0 / 30.0);
    if (q <= 0)
        return;
    /* scratch: the bridging pools (associations_pool), then a byte a
     * resident, today's leavers */
    const int bridge = p->migration.associations && r->grown &&
                       p->association.bridge_ties > 0;
    const size_t words = bridge ? (size_t)w->n_res + w->n_comm + 1 : 0;
    uint32_t *pool = world_scratch(w, words * sizeof *pool +
                                          (w->n_res ? w->n_res : 1));
    uint32_t *pool_first = pool + w->n_res;
    uint8_t *leave = (uint8_t *)(pool + words);
    /* each migrant's draw is rng_block(.., i, 0)[0], keyed by day and
     * resident: any order */
    uint32_t n_leave = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : n_leave) \
    if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++)
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            leave[i] = 0;
            if (!(r->flags[i] & R_MIGRANT))
                continue;
            /* one at a time: a batch in SIMD lanes (rng_block_batch)
             * drew for the registered residents too and was slower */
            uint32_t u[4];
            rng_block(w->seed, RP_MIGRATION, (uint32_t)day, i, 0, u);
            leave[i] = rng_u01(u[0]) < q;
            n_leave += leave[i];
        }
    if (!n_leave)
        return;
    for (uint32_t s = 0; s < w->n_slots; s++)
        if (w->m[s].status != M_FREE && leave[w->m[s].owner])
            outcome_abandon(w, s, day);
    if (r->grown) {   /* the others' grown ties to a leaver */
        const size_t nk = (size_t)w->n_res * (size_t)p->activities.max_ties;
        uint32_t *grown = r->grown;
#pragma omp parallel for schedule(static) if (WORLD_PARALLEL(w))
        for (size_t t = 0; t < nk; t++)
            if (grown[t] != GROWN_NONE && leave[grown[t]])
                grown[t] = GROWN_NONE;
    }
    if (bridge)
        associations_pool(w, leave, pool, pool_first);
    for (uint32_t i = 0; i < w->n_res; i++)
        if (leave[i]) {
            /* the leaver takes its part and its place on the team */
            const uint32_t c = world_community_of(w, i);
            struct community *cm = &w->comm[c];
            cm->participants -= r->participating[i];
            cm->volunteers -= (r->flags[i] & R_VOLUNTEER) != 0;
            newcomer(w, p, i, day);
            if (bridge)
                associations_bridge(w, p, i, day, pool + pool_first[c],
                                    pool_first[c + 1] - pool_first[c]);
        }
}

void migration_day(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    if (!r->arrival)   /* switched on after day 0 */
        migration_alloc(w);
    if (!p->mechanisms.migration.enabled)
        return;
    if (p->migration.associations && !r->grown)
        activities_alloc(w, p);   /* bridged ties are grown ties */
    move(w, p, day);
    if (p->migration.associations)
        associations_day(w, p, day);
}
