/* Phase 5, handlers work (docs/MODEL.md 7.5). Each handler spends its
 * hours of the day on its queue in priority order (petitions, normal, low
 * priority; then severity, age and id); work is credited in hours and a
 * matter completes when its hours are done. The hours of every handler
 * are set at the start of the day by work_capacity(). */
#include "model/actors.h"
#include "model/phases.h"

/* Effective hours of a social worker of skill s. */
static double worker_hours(const struct params *p, float s)
{
    return p->socialwork.hours_per_day *
           (p->socialwork.skill_base + (1.0 - p->socialwork.skill_base) * s);
}

void work_capacity(struct world *w, const struct params *p, int day)
{
    const double reduce =
        p->mechanisms.triage.enabled ? 1.0 - p->triage.admin_reduction : 1.0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        double admin = (p->government.admin_push +
                        p->community.admin_per_1k * cm->n / 1000.0) * reduce;
        if (p->mechanisms.grid.enabled)
            admin *= grid_collection_factor(p);
        cm->mobilise_hours = cm->relief_cost = 0;
        if (p->mechanisms.station.enabled)
            admin = station_relieve(p, cm, admin);
        double staff = p->community.staff_hours;
        cm->admin_burden = staff > 0 ? admin / staff : 0;
        if (cm->admin_burden > p->community.admin_burden_cap)
            cm->admin_burden = p->community.admin_burden_cap;
        cm->overhead_hours = 0;
        cm->social_workers = 0;
        cm->station_hours = 0;
    }
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        struct socorg *o = &w->orgs[k];
        o->capacity = 0;
        if (o->alive && o->kind == ORG_GRASSROOTS)
            o->capacity = p->socorg.grassroots_hours +
                          (o->funds > 0 ? p->socorg.coordinator_hours : 0);
    }
    for (uint32_t i = 0; i < w->n_workers; i++) {
        const struct social_worker *sw = &w->workers[i];
        if (!sw->alive || sw->vacant_until != SW_FILLED)
            continue;
        double h = worker_hours(p, sw->skill);
        w->comm[sw->community].social_workers++;
        if (sw->employer < 0)
            w->comm[sw->community].station_hours += h;
        else
            w->orgs[sw->employer].capacity += h;
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        cm->vol_capacity = p->volunteer.hours_per_week / DAYS_PER_WEEK *
                           p->volunteer.effectiveness * cm->volunteers;
        cm->vol_worked = 0;
    }
    (void)day;
}

/* Spend `hours` on queue q; resolved matters leave through channel ch with
 * outcome quality `quality`. org >= 0 credits the organisation's contract.
 * Returns the hours worked. */
static double work_queue(struct world *w, struct mqueue *q, double hours,
                         int ch, double quality, int org, int day)
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
            if (org >= 0)
                purchase_credit(w, (uint32_t)org, m, quality, day);
            outcome_resolve(w, s, ch, quality, day);
        } else {
            m->done += (float)hours;
            mqueue_credit(q, hours);
            worked += hours;
            hours = 0;
        }
    }
    return worked;
}

void phase_work(struct world *w, const struct params *p, int day)
{
    w->st.gov_hours_worked +=
        work_queue(w, &w->gov_q, p->government.staff_hours, CH_GOVERNMENT,
                   p->government.quality, -1, day);
    w->st.gov_spending += p->government.staff_hours *
                              p->government.hourly_cost +
                          (double)w->n_comm * p->community.staff_hours *
                              p->community.hourly_cost;

    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        double hours = p->community.staff_hours * (1.0 - cm->admin_burden) -
                       cm->overhead_hours;
        if (hours < 0)
            hours = 0;
        if (cm->mobilise_hours > hours)   /* visits come first (7.16) */
            cm->mobilise_hours = hours;
        hours -= cm->mobilise_hours;
        w->st.gov_spending += cm->relief_cost;
        hours += cm->station_hours + party_unit_hours(p, cm->n);
        work_queue(w, &cm->committee_q, hours, CH_COMMUNITY,
                   p->community.quality, -1, day);
        /* then the hours the local units pledged (7.15) */
        double unit_hours = localunits_hours(w, c);
        if (unit_hours > 0)
            localunits_worked(w, c, unit_hours,
                              work_queue(w, &cm->committee_q, unit_hours,
                                         CH_UNITS, p->community.quality,
                                         -1, day));
        /* the team's effective hours, and the volunteers' own hours */
        double eff = cm->vol_capacity > 0
                         ? cm->vol_capacity /
                               (p->volunteer.hours_per_week / DAYS_PER_WEEK *
                                cm->volunteers)
                         : 0;
        double done = work_queue(w, &cm->volunteer_q, cm->vol_capacity,
                                 CH_VOLUNTEER, p->volunteer.quality, -1, day);
        cm->vol_worked = eff > 0 ? done / eff : 0;
        w->st.vol_hours += cm->vol_worked;
        if (p->mechanisms.mediation.enabled)
            mediation_work(w, c, day);
    }
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        struct socorg *o = &w->orgs[k];
        if (o->alive)
            work_queue(w, &o->q, o->capacity, CH_SOCORG, o->quality, (int)k,
                       day);
    }
    if (p->mechanisms.station.enabled)
        station_visit(w, p, day);
}
