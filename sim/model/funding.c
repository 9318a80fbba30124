/* Phase 7, funding cycles (docs/MODEL.md 7.7): community funds, purchase
 * of services, venture grants and micro-projects on their days, then the
 * organisations' books and the social workers' day. Also the running
 * costs government pays for the mechanisms (grid workers, mediators,
 * station social workers). */
#include "model/actors.h"
#include "model/phases.h"

void phase_fund(struct world *w, const struct params *p, int day)
{
    if (p->mechanisms.triage.enabled)
        for (uint32_t c = 0; c < w->n_comm; c++) {
            struct community *cm = &w->comm[c];
            double gov = p->triage.fund_per_resident * cm->n / DAYS_PER_YEAR;
            cm->fund += gov + p->triage.donations_per_resident * cm->n / DAYS_PER_YEAR;
            w->st.gov_spending += gov;
            if (p->mechanisms.party.enabled)  /* 区域化党建 (7.14) */
                cm->fund += party_unit_funds(p, cm->n);
        }
    if (p->mechanisms.purchase.enabled)
        purchase_daily(w, p, day);
    if (p->mechanisms.venture.enabled)
        venture_daily(w, p, day);
    if (p->mechanisms.microprojects.enabled)
        microprojects_daily(w, p, day);
    socorg_daily(w, p, day);
    socialwork_daily(w, p, day);

    for (uint32_t c = 0; c < w->n_comm; c++) {
        const struct community *cm = &w->comm[c];
        if (p->mechanisms.grid.enabled)
            w->st.gov_spending += cm->grid_workers * p->grid.worker_cost;
        if (p->mechanisms.mediation.enabled)
            w->st.gov_spending += cm->mediators * p->mediation.mediator_cost;
    }
}
