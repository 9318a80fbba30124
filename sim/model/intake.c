/* Phase 2, reporting, intake and routing (docs/MODEL.md 7.2). An
 * unreported matter is reported on a day with probability base + slope x
 * the owner's trust in the institution it would go to; while it waits its
 * severity grows, and grid workers may find it. Reported matters are
 * routed by the active mechanisms (routing.c). Decisions are drawn in parallel
 * per matter and applied serially in slot order, so the outcome does not
 * depend on the thread count. */
#include "cogov/rng.h"
#include "model/phases.h"
#include "model/routing.h"

enum { ACT_NONE, ACT_REPORT, ACT_FOUND };

/* Matters whose ready day has come. */
static void arrive(struct world *w, int day)
{
    const struct params *p = w->p;
    while (w->transit.n) {
        uint32_t s = mqueue_top(&w->transit);
        struct matter *m = &w->m[s];
        if (m->ready > day)
            break;
        mqueue_pop(w, &w->transit);
        switch (m->handler_kind) {
        case HK_REROUTE:  /* a misclassified matter reaches its handler */
            m->assigned = m->scope;
            m->transfers++;
            {
                float *sat = &w->r.satisfaction[m->owner];
                float v = *sat - (float)p->triage.transfer_penalty;
                *sat = v < 0 ? 0 : v;
            }
            route_scope(w, s, day);
            break;
        case HK_DELIBERATION:
            outcome_resolve(w, s, CH_DELIBERATION,
                            p->triage.deliberation_quality, day);
            break;
        default:
            matter_enqueue(w, s, m->handler_kind, m->handler);
        }
    }
}

/* Today's decision on a held matter (other matters with their owners
 * wait): reported, found by a grid worker, or still unreported, its
 * severity growing. */
static uint8_t report_decide(struct world *w, uint32_t s, int day)
{
    const struct params *p = w->p;
    const struct residents *r = &w->r;
    struct matter *m = &w->m[s];
    if (m->status != M_HELD)
        return ACT_NONE;
    uint32_t u[4];
    rng_block(w->seed, RP_REPORT, (uint32_t)day, matter_rng_entity(m),
              (uint32_t)m->created, u);
    float trust = m->scope == SCOPE_GOVERNMENT ? r->trust_gov[m->owner]
                                               : r->trust_com[m->owner];
    double pr = p->report.base + p->report.trust_slope * trust;
    if (m->scope == SCOPE_PRIVATE)
        pr *= p->report.private_factor;
    int report = rng_u01(u[0]) < pr;
    if (w->choice && w->choice[m->owner].report >= 0)   /* a student's */
        report = w->choice[m->owner].report;
    if (report)
        return ACT_REPORT;
    if (p->mechanisms.grid.enabled && rng_u01(u[1]) < p->grid.detect_prob)
        return ACT_FOUND;
    float sv = m->severity + (float)p->report.severity_growth;
    m->severity = sv > 1.0f ? 1.0f : sv;
    return ACT_NONE;
}

/* What report_decide reads of the owner of the matter in slot s. */
static void report_prefetch(const struct world *w, uint32_t s)
{
    const struct matter *m = &w->m[s];
    if (m->owner >= w->n_res)
        return;
    __builtin_prefetch(m->scope == SCOPE_GOVERNMENT
                           ? &w->r.trust_gov[m->owner]
                           : &w->r.trust_com[m->owner]);
}

/* A reported (or found) matter goes to intake, in slot order: grid
 * workers' daily capacity and the handlers' queues are shared. */
static void report_apply(struct world *w, uint32_t s, uint8_t a, int day)
{
    if (a == ACT_FOUND && !grid_log(w, w->m[s].community))
        return;  /* the grid workers are busy: it waits */
    w->m[s].reported = day;
    w->m[s].status = M_TRANSIT;  /* no longer held */
    w->unreported--;
    intake_route(w, s, day);
}

void phase_intake(struct world *w, const struct params *p, int day)
{
    arrive(w, day);
    if (p->mechanisms.grid.enabled)
        grid_begin_day(w);
    owner_matters_visit(w, day, report_decide, report_apply, report_prefetch);
}
