/* 人民调解, people's mediation ("老娘舅" studios in Shanghai, seed 002;
 * 诉前联调 in Tianhe, seed 000; docs/MODEL.md 7.5). Disputes go to their
 * community's mediators before anything else. A case takes mediation.hours
 * of mediator time; it settles with probability mediation.success
 * (resolved through the mediation channel), else the dispute goes on to
 * ordinary routing, flagged so it is not mediated twice. */
#include "cogov/rng.h"
#include "model/phases.h"
#include "model/routing.h"

void mediation_work(struct world *w, uint32_t c, int day)
{
    const struct params *p = w->p;
    struct community *cm = &w->comm[c];
    struct mqueue *q = &cm->mediation_q;
    double hours = cm->mediators * p->mediation.mediator_hours;
    while (hours > 1e-9 && q->n) {
        uint32_t s = mqueue_top(q);
        struct matter *m = &w->m[s];
        double need = p->mediation.hours - (double)m->done;
        if (need > hours) {
            m->done += (float)hours;
            break;
        }
        hours -= need;
        mqueue_pop(w, q);
        m->done = 0;  /* mediation hours are not work on the matter */
        uint32_t u[4];
        rng_block(w->seed, RP_MEDIATION, (uint32_t)day, matter_rng_entity(m),
                  (uint32_t)m->created, u);
        w->st.mediations++;
        if (rng_u01(u[0]) < p->mediation.success) {
            w->st.mediations_settled++;
            outcome_resolve(w, s, CH_MEDIATION, p->mediation.quality, day);
        } else {
            m->flags |= MF_MEDIATED;
            intake_route(w, s, day);
        }
    }
}
