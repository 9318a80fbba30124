/* Phase 10 for one resident (docs/MODEL.md, "Social influence"), inline
 * so that phase 11 (participation.c) runs it in its own pass over the
 * residents: influence, participation and the observation's sums of a
 * resident in one visit (docs/PERFORMANCE.md, "Fused pass"). It reads
 * yesterday's values of the ties and returns the resident's of today,
 * so the order of visits changes nothing: either from the arrays, and the
 * pass writes today's into the next_ arrays (double buffer, swapped after
 * the pass) or into its community's buffer (world_community_buffers,
 * copied back when the community is done), or, with tie records
 * (world_tie_records), from the records the pass copied first, and the
 * pass writes today's in place. Both read
 * the same values in the same order: the sums, hence the output, are
 * bitwise the same. */
#ifndef COGOV_INFLUENCE_H
#define COGOV_INFLUENCE_H

#include <string.h>

#include "model/world.h"

/* What the walk over the ties reads, hoisted out of the loop. */
struct influence_walk {
    const uint32_t *tie_start, *ties;
    const uint32_t *grown;    /* grown ties (7.18) or NULL */
    const int32_t *arrival;   /* arrival days (7.19) or NULL */
    const uint8_t *took_part; /* participating yesterday */
    const float *trust_gov, *trust_com, *satisfaction; /* yesterday's */
    const struct tie_view *view; /* yesterday's as records, or NULL */
    uint32_t gk;              /* grown slots per resident */
    float wt;                 /* influence.weight; <= 0: no update */
};

/* The sums over a resident's active ties of yesterday's values. */
struct tie_sums {
    float g, c, s;   /* trust in government, in the community; satisfaction */
    uint32_t n, deg;    /* ties that took part yesterday; active ties */
};

/* The fixed ties t in [a, b), then the grown slots g[0..gk), from the
 * arrays. */
static inline void tie_sums_arrays(const struct influence_walk *iw,
                                   uint32_t a, uint32_t b, const uint32_t *g,
                                   struct tie_sums *x)
{
    const int32_t *arrival = iw->arrival;
    for (uint32_t t = a; t < b; t++) {
        uint32_t j = iw->ties[t];
        if (arrival && arrival[j]) {
            x->deg--;
            continue;
        }
        x->g += iw->trust_gov[j];
        x->c += iw->trust_com[j];
        x->s += iw->satisfaction[j];
        x->n += iw->took_part[j];
    }
    for (uint32_t s = 0; g && s < iw->gk; s++) {
        uint32_t j = g[s];
        if (j == GROWN_NONE)
            continue;
        x->g += iw->trust_gov[j];
        x->c += iw->trust_com[j];
        x->s += iw->satisfaction[j];
        x->n += iw->took_part[j];
        x->deg++;
    }
}

/* A record as four float lanes (GCC's vector extension). */
typedef float tie_lanes __attribute__((vector_size(16)));
typedef uint32_t tie_lane_bits __attribute__((vector_size(16)));

/* The same sums in the same order from the tie records: a record is one
 * 16-byte load and one vector addition, whose lanes 0-2 add in the order
 * of the arrays' walk (each lane an IEEE single addition, as the scalar
 * one: the same bits) and whose lane 3 counts the ties that took part
 * (0 and 1 in a float: exact below 2^24). Two loads a tie instead of
 * five (docs/PERFORMANCE.md, "Session 20"). */
static inline void tie_sums_records(const struct influence_walk *iw,
                                    uint32_t a, uint32_t b,
                                    const uint32_t *g, struct tie_sums *x)
{
    const struct tie_view *view = iw->view;
    tie_lanes acc = {x->g, x->c, x->s, (float)x->n};
    for (uint32_t t = a; t < b; t++) {
        tie_lanes v;
        memcpy(&v, &view[iw->ties[t]], sizeof v);
        if (__builtin_signbit(v[3])) {   /* not present */
            x->deg--;
            continue;
        }
        acc += v;
    }
    /* a grown tie counts whether present or not: lane 3 without its sign */
    const tie_lane_bits keep = {~0u, ~0u, ~0u, 0x7fffffffu};
    for (uint32_t s = 0; g && s < iw->gk; s++) {
        uint32_t j = g[s];
        if (j == GROWN_NONE)
            continue;
        tie_lanes v;
        memcpy(&v, &view[j], sizeof v);
        acc += (tie_lanes)((tie_lane_bits)v & keep);
        x->deg++;
    }
    x->g = acc[0];
    x->c = acc[1];
    x->s = acc[2];
    x->n = (uint32_t)acc[3];
}

/* (float)p / (float)d, d > 0: from a table of the same IEEE divisions
 * (participation.c fills it when the program starts) for p and d below
 * RATIO_MAX, so the bits are the division's. A resident's mean over its
 * ties and its share of them that took part each took a division of
 * about ten cycles on the pass's critical path; the lookup made phase 11
 * 6% faster at 1M (docs/PERFORMANCE.md, "Session 21"). */
enum { RATIO_MAX = 32 };
extern float ratio_table[RATIO_MAX][RATIO_MAX];
static inline float ratio_of(uint32_t p, uint32_t d)
{
    return (p | d) < RATIO_MAX ? ratio_table[p][d] : (float)p / (float)d;
}

/* How many ties ahead the walk over the records asks for the record at
 * a tie's other end (0: not at all). The pass prefetches in its own loop:
 * GCC takes a function that only prefetches for one without effects and
 * drops its calls. 96 ties (about twelve residents) cover a miss to
 * memory: at 16, the load of the record was 45% of phase 11's samples at
 * 10M; 96 made phase 11 37% faster there, and 160 and 256 were no faster
 * (docs/PERFORMANCE.md, "Session 21"). */
#ifndef TIE_PREFETCH
#define TIE_PREFETCH 96
#endif

/* Resident i's trust and satisfaction of today into v[0..2]; *peers: its
 * active ties that took part yesterday; returns its active ties (fixed
 * and grown, after the fixed ones: their sums stay as they were). */
static inline uint32_t influence_resident(const struct influence_walk *iw,
                                          uint32_t i, float v[3],
                                          uint32_t *peers)
{
    uint32_t a = iw->tie_start[i], b = iw->tie_start[i + 1];
    if (iw->arrival && iw->arrival[i])
        a = b;   /* a newcomer: no fixed tie is active */
    const uint32_t *g = iw->grown ? iw->grown + (size_t)i * iw->gk : NULL;
    struct tie_sums x = {0, 0, 0, 0, b - a};
    if (iw->view)
        tie_sums_records(iw, a, b, g, &x);
    else
        tie_sums_arrays(iw, a, b, g, &x);
    float tg = iw->trust_gov[i], tc = iw->trust_com[i];
    float sa = iw->satisfaction[i];
    if (iw->wt > 0 && x.deg > 0) {
        const float wt = iw->wt, inv = ratio_of(1, x.deg);
        tg += wt * (x.g * inv - tg);
        tc += wt * (x.c * inv - tc);
        sa += wt * (x.s * inv - sa);
    }
    v[0] = tg;
    v[1] = tc;
    v[2] = sa;
    *peers = x.n;
    return x.deg;
}

#endif
