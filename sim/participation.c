/* Phase 11, participation (docs/MODEL.md, "Participation"). Granovetter's
 * (1978) threshold model: a resident takes part today when the share of
 * its peers who took part yesterday, scaled by gain x efficacy x trust in
 * the community, reaches its threshold. Peers are its ties (local) or its
 * whole community (global, the case with an analytic fixed point
 * r = F(m r)). */
#include "world.h"

/* Today's participants per community, for tomorrow's global share. */
void participation_count(struct world *w)
{
    for (uint32_t c = 0; c < w->n_comm; c++)
        w->comm[c].participants = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        uint32_t n = 0;
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++)
            n += w->r.participating[i];
        w->chunk_count[k] = n;
    }
    for (uint32_t k = 0; k < w->n_chunks; k++)
        w->comm[w->chunks[k].community].participants += w->chunk_count[k];
}

void phase_participate(struct world *w, int day)
{
    (void)day;
    const struct params *p = w->p;
    struct residents *r = &w->r;
    uint8_t *t = r->participated;
    r->participated = r->participating;
    r->participating = t;
    const int global = p->participation.network == PARTICIPATION_GLOBAL;
    const float gain = (float)p->participation.gain;

#pragma omp parallel for schedule(dynamic, 1)
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const struct community *cm = &w->comm[w->chunks[k].community];
        const float gshare = (float)cm->participants / (float)cm->n;
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            float share = gshare;
            if (!global) {
                uint32_t a = r->tie_start[i], b = r->tie_start[i + 1];
                uint32_t n = 0;
                for (uint32_t q = a; q < b; q++)
                    n += r->participated[r->ties[q]];
                share = b > a ? (float)n / (float)(b - a) : 0.0f;
            }
            float m = gain * r->efficacy[i] * r->trust_com[i];
            r->participating[i] = share * m >= r->threshold[i];
        }
    }
    participation_count(w);
}
