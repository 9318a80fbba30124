/* Phase 9, escalation (信访; docs/MODEL.md, "Escalation"). A resident
 * whose grievance reaches escalation.threshold and who has no petition
 * open petitions: a new high-priority government matter of
 * escalation.cost hours. The matters behind it stay open; the grievance
 * stays until the petition is settled (outcomes.c), and a petition's own
 * delay adds nothing to it. */
#include "model/phases.h"
#include "model/routing.h"

void phase_escalate(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    const float thr = (float)p->escalation.threshold;

    /* local pointers: a byte store may alias anything, so fields read
     * through r would be reloaded on every resident */
    const float *grievance = r->grievance;
    const uint8_t *flags = r->flags;
    uint8_t *petition = r->arrivals;
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL_LIGHT(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        uint32_t n = 0;
        const uint32_t end = w->chunks[k].end;
        for (uint32_t i = w->chunks[k].first; i < end; i++) {
            uint8_t f = grievance[i] >= thr &&
                        !(flags[i] & R_PETITIONING);
            petition[i] = f;
            n += f;
        }
        w->chunk_count[k] = n;
    }
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        if (!w->chunk_count[k])
            continue;
        const uint32_t end = w->chunks[k].end;
        for (uint32_t i = next_nonzero(r->arrivals, w->chunks[k].first, end);
             i < end; i = next_nonzero(r->arrivals, i + 1, end)) {
            uint32_t s = matter_alloc(w);
            struct matter *m = &w->m[s];
            m->owner = i;
            m->community = w->chunks[k].community;
            m->created = day;
            m->reported = day;
            m->arrival_k = 255;
            m->domain = D_ADMIN;
            m->scope = m->assigned = SCOPE_GOVERNMENT;
            m->severity = 1.0f;
            m->hours = (float)p->escalation.cost;
            m->flags = MF_PETITION;
            r->flags[i] |= R_PETITIONING;
            m->status = M_TRANSIT;
            matter_opened(w, s);
            w->st.escalated++;
            intake_route(w, s, day);
        }
    }
}
