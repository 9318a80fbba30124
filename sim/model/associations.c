/* Migrants' own associations (docs/MODEL.md 7.19; 凤阳幸福平安联谊会 and
 * 异地务工人员党组织, seed 000 目录 第一编, 第二编). Run at the end of
 * migration_day (start of phase 1) when migration.associations is set and
 * migration is on.
 *
 * A migrant is "connected" when it holds at least association.min_ties
 * active ties (fixed, 7.19, or grown, 7.18) to other migrants. In a
 * community without an association, one forms on a day with the daily
 * chance of association.form_rate a month once the connected share of
 * its migrants reaches association.form_share; the connected migrants are
 * its founders. Each day a migrant who is not a member joins with the
 * daily chance of association.join_rate a month per tie to a member. An
 * association whose members fall below association.floor_share of the
 * community's migrants (members leave with turnover: a newcomer carries
 * no flag) dissolves and its members are members no more. A newcomer of a
 * community with an association is tied (grown ties, both sides) to
 * association.bridge_ties members drawn at random.
 *
 * A community's day reads and writes only its own residents and its own
 * record: ties_to counts only ties inside the community, and reads
 * nothing of a resident outside it (its range is tested first). So the
 * communities run in parallel, each over its residents in index order,
 * and the result does not depend on the number of threads. Draws:
 * RP_ASSOC, entity (1 << 32) + c for a community, the resident for
 * joining (word block 0) and bridging (blocks 1 ...). */
#include <math.h>

#include "cogov/rng.h"
#include "model/phases.h"

#define COMMUNITY_ENTITY(c) ((UINT64_C(1) << 32) + (c))

/* Active ties of i to residents of its own community, [c0, c1), carrying
 * any of the flags `mask`; nothing of a resident outside is read. */
static uint32_t ties_to(const struct residents *r, uint32_t k, uint32_t i,
                        uint32_t c0, uint32_t c1, uint8_t mask)
{
    uint32_t n = 0;
    for (uint32_t t = r->tie_start[i]; t < r->tie_start[i + 1]; t++) {
        uint32_t j = r->ties[t];
        n += j >= c0 && j < c1 && migration_tie_active(r->arrival, i, j) &&
             (r->flags[j] & mask);
    }
    if (r->grown)
        for (size_t s = (size_t)i * k; s < (size_t)(i + 1) * k; s++) {
            uint32_t j = r->grown[s];
            n += j != GROWN_NONE && j >= c0 && j < c1 &&
                 (r->flags[j] & mask);
        }
    return n;
}

void associations_pool(const struct world *w, const uint8_t *leaving,
                       uint32_t *pool, uint32_t *first)
{
    const struct residents *r = &w->r;
    uint32_t n = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        const struct community *cm = &w->comm[c];
        first[c] = n;
        if (!cm->association)
            continue;
        for (uint32_t j = cm->first; j < cm->first + cm->n; j++)
            if ((r->flags[j] & R_ASSOC) && !leaving[j])
                pool[n++] = j;
    }
    first[w->n_comm] = n;
}

void associations_bridge(struct world *w, const struct params *p,
                         uint32_t i, int day, const uint32_t *pool,
                         uint32_t n)
{
    struct residents *r = &w->r;
    if (!n)   /* no association in i's community, or no member staying */
        return;
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_ASSOC, (uint32_t)day, i);
    s.index = 1;   /* word block 0 is the joining draw */
    const uint32_t k = (uint32_t)p->activities.max_ties;
    for (int64_t b = 0; b < p->association.bridge_ties; b++) {
        const uint32_t j = pool[rng_below(&s, n)];
        activities_tie_touch(r, k, i, j, day);
        activities_tie_touch(r, k, j, i, day);
    }
}

/* Community c's day (the rules above); joins: a byte a resident, today's
 * joiners, written for c's residents only. */
static void community_day(struct world *w, const struct params *p, int day,
                          uint32_t c, uint8_t *joins)
{
    struct residents *r = &w->r;
    const uint32_t k = (uint32_t)p->activities.max_ties;
    const double form =
        1.0 - pow(1.0 - p->association.form_rate, 1.0 / 30.0);
    const double stay = 1.0 - p->association.join_rate;
    const uint32_t min_ties = (uint32_t)p->association.min_ties;
    struct community *cm = &w->comm[c];
    const uint32_t c0 = cm->first, c1 = c0 + cm->n;
    uint32_t migrants = 0, connected = 0, members = 0;
    for (uint32_t i = c0; i < c1; i++) {
        if (!(r->flags[i] & R_MIGRANT))
            continue;
        migrants++;
        members += (r->flags[i] & R_ASSOC) != 0;
        if (!cm->association)
            connected += ties_to(r, k, i, c0, c1, R_MIGRANT) >= min_ties;
    }
    if (cm->association &&
        (double)members < p->association.floor_share * migrants) {
        cm->association = 0;   /* it fades: the members disperse */
        for (uint32_t i = c0; i < c1; i++)
            r->flags[i] &= (uint8_t)~R_ASSOC;
        return;
    }
    if (!cm->association) {
        if (!migrants ||
            (double)connected < p->association.form_share * migrants)
            return;
        uint32_t u[4];
        rng_block(w->seed, RP_ASSOC, (uint32_t)day, COMMUNITY_ENTITY(c), 0,
                  u);
        if (rng_u01(u[0]) >= form)
            return;
        cm->association = 1;   /* the connected migrants found it */
        for (uint32_t i = c0; i < c1; i++)
            if ((r->flags[i] & R_MIGRANT) &&
                ties_to(r, k, i, c0, c1, R_MIGRANT) >= min_ties)
                r->flags[i] |= R_ASSOC;
        return;
    }
    /* joining: today's members (founded or joined before today) */
    for (uint32_t i = c0; i < c1; i++) {
        joins[i] = 0;
        if ((r->flags[i] & (R_MIGRANT | R_ASSOC)) != R_MIGRANT)
            continue;
        uint32_t t = ties_to(r, k, i, c0, c1, R_ASSOC);
        if (!t)
            continue;
        uint32_t u[4];
        rng_block(w->seed, RP_ASSOC, (uint32_t)day, i, 0, u);
        joins[i] = rng_u01(u[0]) < 1.0 - pow(stay, t / 30.0);
    }
    for (uint32_t i = c0; i < c1; i++)
        if (joins[i])
            r->flags[i] |= R_ASSOC;
}

void associations_day(struct world *w, const struct params *p, int day)
{
    uint8_t *joins = world_scratch(w, w->n_res ? w->n_res : 1);
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t c = 0; c < w->n_comm; c++)
        community_day(w, p, day, c, joins);
}
