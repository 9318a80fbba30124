/* Phase 6, deliberation: 三级议事 (building, group, community) and 一事一议
 * (one item at a time), the heart of 三事分流 (Nan'an, seed 003;
 * docs/MODEL.md 7.6). Under triage, community matters (社区小事) wait on
 * their community's agenda for the weekly meetings. Items are taken in
 * priority order while the community fund (社区基金) can pay for them; each
 * is decided at the level its severity calls for, by the residents of that
 * unit who take part that day. A quorate meeting funds the item, which the
 * residents and the contractors they choose carry out, resolving it
 * triage.execution_days later. An item the fund cannot pay, or whose
 * meeting is not quorate, goes on to the committee (or the platform, or a
 * contracted organisation). A unit decides at most
 * triage.items_per_meeting items a week; the rest wait a week. The share
 * of considered items funded feeds the efficacy of those who took part.
 * With rules on, the community meeting may also adopt a rule (rules.c). */
#include <math.h>
#include <string.h>

#include "model/phases.h"
#include "model/routing.h"

enum { LEVEL_BUILDING, LEVEL_GROUP, LEVEL_COMMUNITY };

static int quorate(uint32_t present, uint32_t residents, double quorum)
{
    double need = ceil(quorum * residents);
    if (need < 1)
        need = 1;
    return present >= need;
}

/* The unit of resident i at level lv: its participants and residents, and
 * its weekly item counter. */
static void unit_of(struct world *w, uint32_t i, int lv, uint32_t *present,
                    uint32_t *size, uint32_t **items)
{
    const uint32_t c = world_community_of(w, i);
    struct community *cm = &w->comm[c];
    uint32_t bs = (uint32_t)w->p->population.building_size;
    uint32_t g = (uint32_t)w->p->triage.group_buildings;
    if (lv == LEVEL_COMMUNITY) {
        *present = cm->participants;
        if (w->choice)   /* without the students who voted against */
            for (uint32_t k = *present = 0; k < cm->n_buildings; k++)
                *present += w->r.unit_count[cm->first_building + k];
        *size = cm->n;
        *items = &cm->agenda_items;
        return;
    }
    uint32_t b = world_building_of(w, c, i) - cm->first_building;
    uint32_t b0 = lv == LEVEL_BUILDING ? b : b / g * g;
    uint32_t b1 = lv == LEVEL_BUILDING ? b + 1 : b0 + g;
    if (b1 > cm->n_buildings)
        b1 = cm->n_buildings;
    *present = 0;
    *size = 0;
    for (uint32_t k = b0; k < b1; k++) {
        uint32_t first = k * bs, last = first + bs;
        if (last > cm->n)
            last = cm->n;
        *present += w->r.unit_count[cm->first_building + k];
        *size += last - first;
    }
    /* building counters first, group counters after them */
    uint32_t nb = w->comm[w->n_comm - 1].first_building +
                  w->comm[w->n_comm - 1].n_buildings;
    *items = &w->r.unit_items[lv == LEVEL_BUILDING
                                  ? cm->first_building + b
                                  : nb + cm->first_building + b0];
}

void phase_deliberate(struct world *w, const struct params *p, int day)
{
    const int every = (int)p->triage.meeting_every_days;
    if (!p->mechanisms.triage.enabled || day % every != every - 1)
        return;
    const struct residents *r = &w->r;
    uint32_t nb = w->comm[w->n_comm - 1].first_building +
                  w->comm[w->n_comm - 1].n_buildings;
    memset(r->unit_items, 0, 2 * (size_t)nb * sizeof *r->unit_items);
    /* participants per building; communities hold disjoint buildings */
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t c = 0; c < w->n_comm; c++) {
        const struct community *cm = &w->comm[c];
        uint32_t *count = r->unit_count + cm->first_building;
        const uint32_t bs = (uint32_t)p->population.building_size;
        const uint8_t *part = r->participating;
        const struct resident_choice *choice = w->choice;
        for (uint32_t k = 0; k < cm->n_buildings; k++) {
            uint32_t i0 = cm->first + k * bs, i1 = i0 + bs;
            if (i1 > cm->first + cm->n)
                i1 = cm->first + cm->n;
            count[k] = 0;
            for (uint32_t i = i0; i < i1; i++)
                count[k] += part[i] && !(choice && !choice[i].vote);
        }
    }

    const uint32_t cap = (uint32_t)p->triage.items_per_meeting;
    int ruled = 0;   /* a rule's force changed: rebuild the rates (7.17) */
    const float building_max = (float)p->triage.building_max_severity;
    const float group_max = (float)p->triage.group_max_severity;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        struct mqueue *q = &cm->agenda_q;
        cm->agenda_items = 0;
        uint32_t considered = 0, funded = 0, held = 0;
        /* items a unit cannot take this week are set aside, then put back
         * (the agenda is a heap: pop in priority order) */
        while (q->n) {
            uint32_t s = mqueue_top(q);
            struct matter *m = &w->m[s];
            double cost = (double)m->hours * p->triage.item_cost;
            mqueue_pop(w, q);
            if (cost > cm->fund) {  /* not on this week's agenda */
                m->flags |= MF_DELIBERATED;
                route_scope(w, s, day);
                continue;
            }
            int lv = m->severity < building_max   ? LEVEL_BUILDING
                     : m->severity < group_max ? LEVEL_GROUP
                                               : LEVEL_COMMUNITY;
            uint32_t present, size, *items;
            unit_of(w, m->owner, lv, &present, &size, &items);
            if (*items >= cap) {
                w->held = world_grow(w->held, &w->cap_held, held + 1,
                                     sizeof *w->held);
                w->held[held++] = s;
                continue;
            }
            (*items)++;
            considered++;
            if (quorate(present, size, p->triage.deliberation_quorum)) {
                cm->fund -= cost;
                transit_push(w, s, HK_DELIBERATION, c,
                             day + (int)p->triage.execution_days);
                funded++;
            } else {
                m->flags |= MF_DELIBERATED;
                route_scope(w, s, day);
            }
        }
        for (uint32_t k = 0; k < held; k++)
            matter_enqueue(w, w->held[k], HK_AGENDA, c);
        if (p->mechanisms.rules.enabled && cm->n) {  /* 7.17 */
            uint32_t present, size, *items;
            unit_of(w, cm->first, LEVEL_COMMUNITY, &present, &size, &items);
            ruled |= rules_meeting(w, c,
                                   quorate(present, size,
                                           p->triage.deliberation_quorum));
        }
        cm->delib_considered = considered;
        cm->delib_funded = funded;
    }
    if (ruled)
        generate_rates(w);

    /* efficacy of those who took part: nothing above reads efficacy, so
     * it is updated after every community's agenda, in parallel */
    const float eta = (float)p->triage.efficacy_learning;
    const uint8_t *part = r->participating;
    float *efficacy = r->efficacy;
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const struct community *cm = &w->comm[w->chunks[k].community];
        if (cm->delib_considered <= 0)
            continue;
        float share = (float)cm->delib_funded / (float)cm->delib_considered;
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++)
            if (part[i])
                efficacy[i] += eta * (share - efficacy[i]);
    }
}
