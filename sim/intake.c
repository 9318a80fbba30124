/* Phase 2, reporting, intake and routing (docs/MODEL.md, "Reporting,
 * intake and routing"). An unreported matter is reported on a day with
 * probability base + slope x the owner's trust in the institution it
 * would go to; while it waits its severity grows. Reported matters are
 * routed by the active mechanisms. Decisions are drawn in parallel per
 * matter and applied serially in slot order, so the outcome does not
 * depend on the thread count. */
#include "cogov/rng.h"
#include "world.h"

enum { ACT_NONE, ACT_REPORT };

/* Matters in transit whose ready day has come join their handler. */
static void arrive(struct world *w, int day)
{
    while (w->transit.n) {
        uint32_t s = mqueue_top(&w->transit);
        if (w->m[s].ready > day)
            break;
        mqueue_pop(w, &w->transit);
        w->m[s].status = M_QUEUED;
        mqueue_push(w, &w->gov_q, s);
    }
}

void intake_route(struct world *w, uint32_t slot, int day)
{
    struct matter *m = &w->m[slot];
    if (m->scope == SCOPE_PRIVATE)
        m->flags |= MF_LOW_PRIORITY;
    m->handler_kind = HK_GOVERNMENT;
    transit_push(w, slot, day + (int)w->p->government.latency_days);
}

void phase_intake(struct world *w, int day)
{
    const struct params *p = w->p;
    const struct residents *r = &w->r;
    arrive(w, day);

#pragma omp parallel for schedule(static, 4096)
    for (uint32_t s = 0; s < w->n_slots; s++) {
        struct matter *m = &w->m[s];
        w->mact[s] = ACT_NONE;
        if (m->status != M_HELD)
            continue;
        uint32_t u[4];
        rng_block(w->seed, RP_REPORT, (uint32_t)day, matter_rng_entity(m),
                  (uint32_t)m->created, u);
        float trust = m->scope == SCOPE_GOVERNMENT ? r->trust_gov[m->owner]
                                                   : r->trust_com[m->owner];
        double pr = p->report.base + p->report.trust_slope * trust;
        if (m->scope == SCOPE_PRIVATE)
            pr *= p->report.private_factor;
        if (rng_u01(u[0]) < pr) {
            w->mact[s] = ACT_REPORT;
        } else {
            float sv = m->severity + (float)p->report.severity_growth;
            m->severity = sv > 1.0f ? 1.0f : sv;
        }
    }

    for (uint32_t s = 0; s < w->n_slots; s++) {
        if (w->mact[s] != ACT_REPORT)
            continue;
        w->m[s].reported = day;
        w->unreported--;
        intake_route(w, s, day);
    }
}
