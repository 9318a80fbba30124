/* Social workers (社工; docs/MODEL.md 7.7). A post is filled or vacant.
 * Filled posts gain skill with experience and are left with daily
 * probability socialwork.turnover (the case books report high turnover);
 * a vacancy is filled socialwork.hire_days later by a new worker at
 * socialwork.skill_init. Work-station posts are paid by government,
 * organisation posts by their employer (socorg.c). */
#include "cogov/rng.h"
#include "model/actors.h"

int socialwork_add(struct world *w, uint32_t *from, int32_t employer,
                   uint32_t community, int day, int filled, float skill)
{
    /* the lowest free slot (a slot's index draws its turnover); callers
     * adding many posts pass a cursor, since every slot below the last
     * one filled is taken */
    uint32_t i;
    for (i = from ? *from : 0; i < w->n_workers; i++)
        if (!w->workers[i].alive)
            break;
    if (i == w->n_workers) {
        w->workers = world_grow(w->workers, &w->cap_workers,
                                w->n_workers + 1, sizeof *w->workers);
        w->n_workers++;
    }
    if (from)
        *from = i + 1;
    struct social_worker *sw = &w->workers[i];
    sw->alive = 1;
    sw->employer = employer;
    sw->community = community;
    sw->skill = skill;
    sw->caseload = 0;
    sw->vacant_until =
        filled ? SW_FILLED : day + (int32_t)w->p->socialwork.hire_days;
    return (int)i;
}

void socialwork_daily(struct world *w, const struct params *p, int day)
{
    const float learn = (float)p->socialwork.learning;
    double station_pay = 0;
    for (uint32_t i = 0; i < w->n_workers; i++) {
        struct social_worker *sw = &w->workers[i];
        if (!sw->alive)
            continue;
        if (sw->vacant_until != SW_FILLED) {
            if (sw->vacant_until <= day) {
                sw->vacant_until = SW_FILLED;
                sw->skill = (float)p->socialwork.skill_init;
            }
            continue;
        }
        uint32_t u[4];
        rng_block(w->seed, RP_SOCIAL_WORKER, (uint32_t)day, i, 0, u);
        if (rng_u01(u[0]) < p->socialwork.turnover) {
            sw->vacant_until = day + (int32_t)p->socialwork.hire_days;
            continue;
        }
        sw->skill += learn * (1.0f - sw->skill);
        /* caseload, for snapshots and reports */
        const struct community *cm = &w->comm[sw->community];
        if (sw->employer < 0) {
            sw->caseload = cm->social_workers
                               ? (float)cm->committee_q.n / cm->social_workers
                               : 0;
        } else {
            const struct socorg *o = &w->orgs[sw->employer];
            sw->caseload = o->workers ? (float)o->q.n / o->workers : 0;
        }
        if (sw->employer < 0)
            station_pay += p->socialwork.salary / DAYS_PER_YEAR;
    }
    w->st.gov_spending += station_pay;
}
