/* Phase 10 for one resident (docs/MODEL.md, "Social influence"), inline
 * so that phase 11 (participation.c) runs it in its own pass over the
 * residents: influence, participation and the observation's sums of a
 * resident in one visit (docs/PERFORMANCE.md, "Fused pass"). It reads
 * yesterday's values of the ties (the arrays) and returns the resident's
 * of today, which the pass writes into the next_ arrays (double buffer,
 * swapped after the pass), so the order of visits changes nothing. */
#ifndef COGOV_INFLUENCE_H
#define COGOV_INFLUENCE_H

#include "model/world.h"

/* What the walk over the ties reads, hoisted out of the loop. */
struct influence_walk {
    const uint32_t *tie_start, *ties;
    const uint32_t *grown;    /* grown ties (7.18) or NULL */
    const int32_t *arrival;   /* arrival days (7.19) or NULL */
    const uint8_t *took_part; /* participating yesterday */
    const float *trust_gov, *trust_com, *satisfaction; /* yesterday's */
    uint32_t gk;              /* grown slots per resident */
    float wt;                 /* influence.weight; <= 0: no update */
};

/* Resident i's trust and satisfaction of today into v[0..2]; *peers: its
 * active ties that took part yesterday; returns its active ties (fixed
 * and grown). */
static inline uint32_t influence_resident(const struct influence_walk *iw,
                                          uint32_t i, float v[3],
                                          uint32_t *peers)
{
    const int32_t *arrival = iw->arrival;
    const float *trust_gov = iw->trust_gov, *trust_com = iw->trust_com;
    const float *satisfaction = iw->satisfaction;
    const uint8_t *took_part = iw->took_part;
    uint32_t a = iw->tie_start[i], b = iw->tie_start[i + 1];
    if (arrival && arrival[i])
        a = b;   /* a newcomer: no fixed tie is active */
    uint32_t n = 0, deg = b - a;
    float sg = 0, sc = 0, ss = 0;
    for (uint32_t t = a; t < b; t++) {
        uint32_t j = iw->ties[t];
        if (arrival && arrival[j]) {
            deg--;
            continue;
        }
        sg += trust_gov[j];
        sc += trust_com[j];
        ss += satisfaction[j];
        n += took_part[j];
    }
    if (iw->grown) {   /* after the fixed ties: their sums stay */
        const uint32_t *g = iw->grown + (size_t)i * iw->gk;
        for (uint32_t s = 0; s < iw->gk; s++) {
            uint32_t j = g[s];
            if (j == GROWN_NONE)
                continue;
            sg += trust_gov[j];
            sc += trust_com[j];
            ss += satisfaction[j];
            n += took_part[j];
            deg++;
        }
    }
    float tg = trust_gov[i], tc = trust_com[i], sa = satisfaction[i];
    if (iw->wt > 0 && deg > 0) {
        const float wt = iw->wt, inv = 1.0f / (float)deg;
        tg += wt * (sg * inv - tg);
        tc += wt * (sc * inv - tc);
        sa += wt * (ss * inv - sa);
    }
    v[0] = tg;
    v[1] = tc;
    v[2] = sa;
    *peers = n;
    return deg;
}

#endif
