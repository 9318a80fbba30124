/* 居站分设 and 减负: the work station and the ways to lift the committee's
 * administrative load (docs/MODEL.md 7.16). Three relief channels, each a
 * switch: the street service centre takes services back (一收, Nanjing
 * "六个一", seed 003 成果 1), part of the work is contracted out (Wuhou
 * 公益项目外包化, seed 003 成果 5), and a work station of its own takes the
 * rest but a residual (居站分设: Pingshan, seed 001 绪论; Harbin "一分",
 * seed 003 提名 9). The committee hours this frees are split: a share goes
 * to visiting residents (入户走访: the committee back to serving residents,
 * seed 001 绪论 二 (二) 1 (3)), the rest to its queue. A visit moves the
 * resident's trust in the community as a committee service does; whether
 * participation follows is left to the threshold decision (7.11). */
#include "cogov/rng.h"
#include "model/phases.h"

double station_relieve(const struct params *p, struct community *cm,
                       double admin)
{
    const double cap =
        p->community.admin_burden_cap * p->community.staff_hours;
    const double before = admin < cap ? admin : cap;
    double cost = 0;
    if (p->station.takeback) {
        double h = admin * p->station.takeback_share;
        admin -= h;
        cost += h * p->government.hourly_cost;
    }
    if (p->station.outsource) {
        double h = admin * p->station.outsource_share;
        admin -= h;
        cost += h * p->station.outsource_cost;
    }
    if (p->station.separate) {
        double h = admin * (1.0 - p->station.residual);
        if (h > p->station.staff_hours)
            h = p->station.staff_hours;
        admin -= h;
        cost += p->station.staff_hours * p->station.hourly_cost;
    }
    const double after = admin < cap ? admin : cap;
    cm->mobilise_hours = p->station.mobilise_share * (before - after);
    cm->relief_cost = cost;
    return admin;
}

void station_visit(struct world *w, const struct params *p, int day)
{
    const double weight = p->station.contact_weight;
    const double target = p->community.quality;
    const double per_hour = p->station.contacts_per_hour;
    float *trust = w->r.trust_com;
    const uint64_t seed = w->seed;
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const struct community *cm = &w->comm[w->chunks[k].community];
        /* each resident is visited today with the same chance */
        double chance = cm->mobilise_hours * per_hour / cm->n;
        if (chance <= 0 || weight <= 0)
            continue;
        /* each resident's draw is rng_block(.., i, 0)[0], a batch of
         * them at once in SIMD lanes */
        const uint32_t end = w->chunks[k].end;
        for (uint32_t i0 = w->chunks[k].first; i0 < end; i0 += RNG_BATCH) {
            uint32_t u[4][RNG_BATCH];
            rng_block_batch(seed, RP_STATION, (uint32_t)day, i0, 0, u);
            const uint32_t i1 = end - i0 < RNG_BATCH ? end : i0 + RNG_BATCH;
            for (uint32_t i = i0; i < i1; i++)
                if (rng_u01(u[0][i - i0]) < chance)
                    trust[i] = (float)((double)trust[i] +
                                       weight * (target - (double)trust[i]));
        }
    }
}
