/* Phase 10, social influence (docs/MODEL.md, "Social influence"). Trust
 * in government, trust in the community and satisfaction move toward the
 * mean of a resident's ties by influence.weight, reading yesterday's
 * values and writing today's (double buffer), so the update is
 * independent of the order residents are visited.
 *
 * The same walk over the ties counts, for phase 11, the ties that took
 * part yesterday (r->peers): participation reads nothing this phase
 * writes, and one walk over the ties instead of two saves about a third
 * of their cost (docs/PERFORMANCE.md).
 *
 * With community activities (7.18) the phase begins with the day's
 * activities, and a resident's ties are its fixed ties and its live grown
 * ties (activities.c); without them r->grown is NULL and the walk is the
 * fixed one. With migration (7.19) a fixed tie counts only between two
 * residents present since day 0 (r->arrival; NULL: every one counts). */
#include "model/phases.h"

void phase_influence(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    if (p->mechanisms.activities.enabled || r->grown)
        activities_day(w, p, day);
    const uint32_t *grown = r->grown;
    const int32_t *arrival = r->arrival;
    const uint32_t gk = (uint32_t)p->activities.max_ties;
    const float wt = (float)p->influence.weight;
    const int count =
        p->participation.network == PARTICIPATION_LOCAL;
    /* until phase 11 swaps them, participating holds yesterday's */
    const uint8_t *took_part = r->participating;
    uint8_t *peers = r->peers;
    const uint32_t *tie_start = r->tie_start, *ties = r->ties;
    const float *trust_gov = r->trust_gov, *trust_com = r->trust_com;
    const float *satisfaction = r->satisfaction;
    float *next_gov = r->next_trust_gov, *next_com = r->next_trust_com;
    float *next_sat = r->next_satisfaction;
    if (wt <= 0) {
        if (!count)
            return;
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
        for (uint32_t k = 0; k < w->n_chunks; k++) {
            const uint32_t end = w->chunks[k].end;
            for (uint32_t i = w->chunks[k].first; i < end; i++) {
                uint32_t n = 0;
                if (!arrival || !arrival[i])
                    for (uint32_t t = tie_start[i]; t < tie_start[i + 1];
                         t++)
                        n += took_part[ties[t]] &
                             (!arrival || !arrival[ties[t]]);
                if (grown)
                    for (size_t s = (size_t)i * gk; s < (size_t)(i + 1) * gk;
                         s++)
                        if (grown[s] != GROWN_NONE)
                            n += took_part[grown[s]];
                peers[i] = (uint8_t)n;
            }
        }
        return;
    }
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const uint32_t end = w->chunks[k].end;
        for (uint32_t i = w->chunks[k].first; i < end; i++) {
            uint32_t a = tie_start[i], b = tie_start[i + 1];
            if (arrival && arrival[i])
                a = b;   /* a newcomer: no fixed tie is active */
            float tg = trust_gov[i], tc = trust_com[i];
            float sa = satisfaction[i];
            uint32_t n = 0, deg = b - a;
            float sg = 0, sc = 0, ss = 0;
            for (uint32_t t = a; t < b; t++) {
                uint32_t j = ties[t];
                if (arrival && arrival[j]) {
                    deg--;
                    continue;
                }
                sg += trust_gov[j];
                sc += trust_com[j];
                ss += satisfaction[j];
                n += took_part[j];
            }
            if (grown)  /* after the fixed ties: their sums stay as they were */
                for (size_t s = (size_t)i * gk; s < (size_t)(i + 1) * gk;
                     s++) {
                    uint32_t j = grown[s];
                    if (j == GROWN_NONE)
                        continue;
                    sg += trust_gov[j];
                    sc += trust_com[j];
                    ss += satisfaction[j];
                    n += took_part[j];
                    deg++;
                }
            if (deg > 0) {
                float inv = 1.0f / (float)deg;
                tg += wt * (sg * inv - tg);
                tc += wt * (sc * inv - tc);
                sa += wt * (ss * inv - sa);
            }
            next_gov[i] = tg;
            next_com[i] = tc;
            next_sat[i] = sa;
            if (count)
                peers[i] = (uint8_t)n;  /* at most 128 + 64 (params.c) */
        }
    }
    float *t;
    t = r->trust_gov; r->trust_gov = r->next_trust_gov; r->next_trust_gov = t;
    t = r->trust_com; r->trust_com = r->next_trust_com; r->next_trust_com = t;
    t = r->satisfaction; r->satisfaction = r->next_satisfaction;
    r->next_satisfaction = t;
}
