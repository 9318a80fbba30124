/* 党建引领, party-building leadership (docs/MODEL.md 7.14; seed 000 part
 * two, seed 001 ch. 3 s. 1 "一核引领、多元协同", seed 002 ch. 1, seed 003
 * Xicheng, Deqing and Xigang, seed 004 part one). Three parts, each a
 * small rule the other phases call while mechanisms.party.enabled is on:
 * party members, a resident flag drawn at day 0 from its own purpose,
 * whose participation threshold is lower and who register as volunteers
 * more readily (先锋模范, participation.c); the joint meeting of
 * 区域化党建, which pools staff hours of the local units into each
 * committee's work (work.c) and their money into the community fund
 * (funding.c; not government's spending); and coordination between handlers, which
 * sends part of the misclassified matters to the right handler without a
 * transfer and shortens government's latency (routing.c). */
#include "cogov/rng.h"
#include "model/actors.h"
#include "model/routing.h"

void party_init(struct world *w)
{
    const struct params *p = w->p;
    if (!p->mechanisms.party.enabled)
        return;  /* no member flag, so snapshots are as without the party */
    const double share = p->party.member_share;
#pragma omp parallel for schedule(static) if (WORLD_PARALLEL(w))
    for (uint32_t i = 0; i < w->n_res; i++) {
        uint32_t u[4];
        rng_block(w->seed, RP_PARTY, 0, i, 0, u);
        if (rng_u01(u[0]) < share)
            w->r.flags[i] |= R_PARTY;
    }
}

/* With local units on (7.15) their council replaces the fixed figures:
 * the joint meeting brokers it instead (localunits.broker = party). */
double party_unit_hours(const struct params *p, uint32_t residents)
{
    if (!p->mechanisms.party.enabled || p->mechanisms.localunits.enabled)
        return 0;
    return p->party.unit_hours / DAYS_PER_WEEK * residents / 10000.0;
}

double party_unit_funds(const struct params *p, uint32_t residents)
{
    if (!p->mechanisms.party.enabled || p->mechanisms.localunits.enabled)
        return 0;
    return p->party.unit_funds * residents / DAYS_PER_YEAR;
}

int party_coordinates(const struct world *w, const struct matter *m,
                      int day)
{
    const struct params *p = w->p;
    if (!p->mechanisms.party.enabled || p->party.coordination <= 0)
        return 0;
    uint32_t u[4];
    rng_block(w->seed, RP_PARTY_COORD, (uint32_t)day, matter_rng_entity(m),
              (uint32_t)m->created, u);
    return rng_u01(u[0]) < p->party.coordination;
}

int party_latency(const struct params *p)
{
    double d = p->government.latency_days;
    if (p->mechanisms.party.enabled)
        d *= p->party.latency_factor;
    return (int)d;
}
