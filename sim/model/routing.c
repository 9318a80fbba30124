/* Routing of reported matters (docs/MODEL.md 7.2, "Routing"): disputes to
 * mediation first where it is on, triage classification (a wrong class
 * waits triage.transfer_delay days, then goes by its true scope), then by
 * assigned scope to government (after its latency), the deliberation
 * agenda (triage), the linkage platform, the organisation holding the
 * community's purchase contract while it has free hours, the committee,
 * or back to the owner (a private matter under triage). Under party
 * leadership (7.14) coordination catches part of the wrong classes and
 * shortens government's latency. */
#include "model/routing.h"

double provider_free(const struct world *w, int kind, uint32_t h)
{
    double horizon = w->p->linkage.horizon_days;
    if (kind == HK_SOCORG)
        return w->orgs[h].capacity * horizon - w->orgs[h].q.load;
    if (kind == HK_COMMITTEE) {   /* its casework hours of the day */
        const struct community *cm = &w->comm[h];
        double daily = w->p->community.staff_hours *
                           (1.0 - cm->admin_burden) +
                       cm->station_hours + party_unit_hours(w->p, cm->n);
        return daily * horizon - cm->committee_q.load;
    }
    return w->comm[h].vol_capacity * horizon - w->comm[h].volunteer_q.load;
}

/* The organisation holding community c's purchase contract, if it serves
 * the matter's domain and has the free hours to take it; -1 otherwise
 * (the committee refers work to its contracted provider while the
 * provider can take it). */
static int contracted_org(const struct world *w, const struct matter *m)
{
    int32_t k = w->comm[m->community].contract;
    if (k < 0 || services_excluded(w->p, w->r.flags[m->owner]))
        return -1;
    uint32_t org = w->contracts[k].org;
    const struct socorg *o = &w->orgs[org];
    if (!o->alive || !(o->domains >> m->domain & 1u))
        return -1;
    return provider_free(w, HK_SOCORG, org) >= m->hours ? (int)org : -1;
}

void route_scope(struct world *w, uint32_t slot, int day)
{
    const struct params *p = w->p;
    struct matter *m = &w->m[slot];
    const int linkage = p->mechanisms.linkage.enabled &&
                        !(m->flags & MF_OFFERED) &&
                        !services_excluded(p, w->r.flags[m->owner]);
    int org;
    switch (m->assigned) {
    case SCOPE_GOVERNMENT:
        transit_push(w, slot, HK_GOVERNMENT, 0,
                     day + party_latency(p));
        return;
    case SCOPE_COMMUNITY:
        if (p->mechanisms.triage.enabled && !(m->flags & MF_DELIBERATED)) {
            matter_enqueue(w, slot, HK_AGENDA, m->community);  /* 社区小事 */
        } else if (linkage) {
            platform_add(w, slot, day);
        } else if ((org = contracted_org(w, m)) >= 0) {
            matter_enqueue(w, slot, HK_SOCORG, (uint32_t)org);
        } else {
            matter_enqueue(w, slot, HK_COMMITTEE, m->community);
        }
        return;
    default: /* private */
        if (linkage) {
            platform_add(w, slot, day);
        } else if (p->mechanisms.triage.enabled) {
            m->status = M_RETURNED;  /* 居民私事: the owner's, with help */
            m->handler_kind = HK_NONE;
            m->handler = 0;
            matter_with_owner(w, slot);
        } else if ((org = contracted_org(w, m)) >= 0) {
            matter_enqueue(w, slot, HK_SOCORG, (uint32_t)org);
        } else {
            m->flags |= MF_LOW_PRIORITY;  /* forwarded upward */
            transit_push(w, slot, HK_GOVERNMENT, 0,
                         day + party_latency(p));
        }
        return;
    }
}

void intake_route(struct world *w, uint32_t slot, int day)
{
    const struct params *p = w->p;
    struct matter *m = &w->m[slot];
    if (m->flags & MF_PETITION) {
        transit_push(w, slot, HK_GOVERNMENT, 0,
                     day + party_latency(p));
        return;
    }
    if (p->mechanisms.mediation.enabled && m->domain == D_DISPUTE &&
        !(m->flags & MF_MEDIATED)) {
        matter_enqueue(w, slot, HK_MEDIATION, m->community);
        return;
    }
    if (p->mechanisms.triage.enabled) {
        w->comm[m->community].overhead_hours += p->triage.intake_hours;
        if (triage_classify(w, m, day) != m->scope &&
            !party_coordinates(w, m, day)) {
            transit_push(w, slot, HK_REROUTE, 0,
                         day + (int)p->triage.transfer_delay);
            return;
        }
    }
    m->assigned = m->scope;
    route_scope(w, slot, day);
}
