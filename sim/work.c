/* Phase 5, handlers work (docs/MODEL.md, "Handlers work"). Each handler
 * spends its hours of the day on its queue in priority order (severity,
 * then age, then matter id); work is credited in hours and a matter
 * completes when its hours are done. */
#include "world.h"

/* Spend `hours` on queue q; resolved matters go out through channel ch
 * with outcome quality `quality`. Returns the hours actually worked. */
static double work_queue(struct world *w, struct mqueue *q, double hours,
                         int ch, double quality, int day)
{
    double worked = 0;
    while (hours > 1e-9 && q->n) {
        uint32_t s = mqueue_top(q);
        struct matter *m = &w->m[s];
        double need = (double)m->hours - (double)m->done;
        if (need <= hours) {
            hours -= need;
            worked += need;
            mqueue_pop(w, q);
            outcome_resolve(w, s, ch, quality, day);
        } else {
            m->done += (float)hours;
            worked += hours;
            hours = 0;
        }
    }
    return worked;
}

void phase_work(struct world *w, int day)
{
    const struct params *p = w->p;
    w->st.gov_hours_worked += work_queue(w, &w->gov_q,
                                         p->government.staff_hours,
                                         CH_GOVERNMENT, p->government.quality,
                                         day);
    /* staff are salaried: their cost accrues whether or not they work */
    w->st.gov_spending += p->government.staff_hours *
                              p->government.hourly_cost +
                          (double)w->n_comm * p->community.staff_hours *
                              p->community.hourly_cost;
}
