/* Phase 7, funding cycles (docs/MODEL.md 7.7): community funds, purchase
 * of services, venture grants and micro-projects on their days, then the
 * organisations' books and the social workers' day. Also the running
 * costs government pays for the mechanisms (grid workers, mediators,
 * station social workers). */
#include "model/actors.h"
#include "model/phases.h"

/* The community fund's sources (社区基金; MODEL.md 7.7): yuan per
 * resident a year, and whether government pays it (public spending). A
 * short list: a new source is one more row. */
struct fund_source {
    double per_resident;
    int government;
};

enum { MAX_FUND_SOURCES = 8 };

static int fund_sources(const struct params *p, struct fund_source *s)
{
    int n = 0;
    s[n++] = (struct fund_source){p->triage.fund_per_resident, 1};
    s[n++] = (struct fund_source){p->triage.donations_per_resident, 0};
    s[n++] = (struct fund_source){p->fund.foundation_per_resident, 0};
    return n;
}

/* The day's income of every community fund, from each source. */
static void fund_raise(struct world *w, const struct params *p)
{
    struct fund_source src[MAX_FUND_SOURCES];
    int n = fund_sources(p, src);
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        for (int k = 0; k < n; k++) {
            double y = src[k].per_resident * cm->n / DAYS_PER_YEAR;
            cm->fund += y;
            if (src[k].government) {
                w->st.gov_spending += y;
                w->st.fund_gov += y;
            } else {
                w->st.fund_other += y;
            }
        }
        /* local units: the joint meeting's fixed figure (区域化党建,
         * 7.14), or what they pledged at their council (7.15) */
        double units = party_unit_funds(p, cm->n) + localunits_funds(w, c);
        cm->fund += units;
        w->st.fund_other += units;
    }
}

/* The fund supports the community's own organisations (社区基金会 funds
 * community groups; seed 003, 光明新区): after the day's books, a
 * grassroots organisation with no money left for its coordinator gets
 * one day's coordinator cost (and its debt) from its community's fund,
 * while the fund has it, in organisation order. */
static void fund_grants(struct world *w, const struct params *p)
{
    const double cost = p->socorg.coordinator_cost;
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        struct socorg *o = &w->orgs[k];
        if (!o->alive || o->kind != ORG_GRASSROOTS || o->funds > 0)
            continue;
        struct community *cm = &w->comm[o->home];
        double need = cost - o->funds;
        if (cm->fund >= need) {
            cm->fund -= need;
            o->funds += need;
        }
    }
}

void phase_fund(struct world *w, const struct params *p, int day)
{
    localunits_daily(w, p, day);   /* the council, on its days (7.15) */
    if (p->mechanisms.triage.enabled || p->mechanisms.fund.enabled)
        fund_raise(w, p);
    if (p->mechanisms.purchase.enabled)
        purchase_daily(w, p, day);
    if (p->mechanisms.venture.enabled)
        venture_daily(w, p, day);
    if (p->mechanisms.microprojects.enabled)
        microprojects_daily(w, p, day);
    socorg_daily(w, p, day);
    socialwork_daily(w, p, day);
    if (p->mechanisms.fund.enabled)
        fund_grants(w, p);

    for (uint32_t c = 0; c < w->n_comm; c++) {
        const struct community *cm = &w->comm[c];
        if (p->mechanisms.grid.enabled)
            w->st.gov_spending += cm->grid_workers * p->grid.worker_cost;
        if (p->mechanisms.mediation.enabled)
            w->st.gov_spending += cm->mediators * p->mediation.mediator_cost;
    }
}
