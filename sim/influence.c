/* Phase 10, social influence (docs/MODEL.md, "Social influence"). Trust
 * in government, trust in the community and satisfaction move toward the
 * mean of a resident's ties by influence.weight, reading yesterday's
 * values and writing today's (double buffer), so the update is
 * independent of the order residents are visited. */
#include "world.h"

void phase_influence(struct world *w, int day)
{
    (void)day;
    struct residents *r = &w->r;
    const float wt = (float)w->p->influence.weight;
    if (wt <= 0)
        return;
#pragma omp parallel for schedule(dynamic, 1)
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            uint32_t a = r->tie_start[i], b = r->tie_start[i + 1];
            float tg = r->trust_gov[i], tc = r->trust_com[i];
            float sa = r->satisfaction[i];
            if (b > a) {
                float sg = 0, sc = 0, ss = 0;
                for (uint32_t t = a; t < b; t++) {
                    uint32_t j = r->ties[t];
                    sg += r->trust_gov[j];
                    sc += r->trust_com[j];
                    ss += r->satisfaction[j];
                }
                float inv = 1.0f / (float)(b - a);
                tg += wt * (sg * inv - tg);
                tc += wt * (sc * inv - tc);
                sa += wt * (ss * inv - sa);
            }
            r->next_trust_gov[i] = tg;
            r->next_trust_com[i] = tc;
            r->next_satisfaction[i] = sa;
        }
    }
    float *t;
    t = r->trust_gov; r->trust_gov = r->next_trust_gov; r->next_trust_gov = t;
    t = r->trust_com; r->trust_com = r->next_trust_com; r->next_trust_com = t;
    t = r->satisfaction; r->satisfaction = r->next_satisfaction;
    r->next_satisfaction = t;
}
