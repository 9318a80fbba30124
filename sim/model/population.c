/* Population initialisation (docs/MODEL.md, "Initialisation"): community
 * sizes, buildings, household flags, initial states and the tie network
 * in compressed rows. Every draw uses a population purpose keyed by the
 * resident, one purpose per attribute, so the population depends only on
 * the seed and the population.* keys, never on mechanisms or thread
 * count, and one attribute's distribution never moves another's draws. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cogov/rng.h"
#include "model/actors.h"

/* Community sizes: weights max(0.05, 1 + sd * N(0,1)), apportioned to the
 * residents by largest remainder; every community gets at least one. */
static int community_sizes(struct world *w, char *err, size_t errlen)
{
    const struct params *p = w->p;
    uint32_t nc = w->n_comm, nr = w->n_res;
    double *wt = malloc(nc * sizeof *wt);
    double *frac = malloc(nc * sizeof *frac);
    if (!wt || !frac) {
        free(wt);
        free(frac);
        snprintf(err, errlen, "out of memory sizing communities");
        return -1;
    }
    double total = 0;
    for (uint32_t c = 0; c < nc; c++) {
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_COMMUNITY_SIZE, 0, c);
        double x = 1.0 + p->population.community_size_sd * rng_normal(&s);
        wt[c] = x < 0.05 ? 0.05 : x;
        total += wt[c];
    }
    uint64_t assigned = 0;
    for (uint32_t c = 0; c < nc; c++) {
        double exact = (double)nr * wt[c] / total;
        double fl = floor(exact);
        w->comm[c].n = (uint32_t)fl;
        frac[c] = exact - fl;
        assigned += w->comm[c].n;
    }
    /* hand out the remainder, largest fraction first (ties: lower index) */
    while (assigned < nr) {
        uint32_t best = 0;
        for (uint32_t c = 1; c < nc; c++)
            if (frac[c] > frac[best])
                best = c;
        w->comm[best].n++;
        frac[best] = -1;
        assigned++;
    }
    /* no empty community: move one resident from the largest */
    for (uint32_t c = 0; c < nc; c++) {
        if (w->comm[c].n)
            continue;
        uint32_t big = 0;
        for (uint32_t k = 1; k < nc; k++)
            if (w->comm[k].n > w->comm[big].n)
                big = k;
        w->comm[big].n--;
        w->comm[c].n = 1;
    }
    uint32_t first = 0;
    for (uint32_t c = 0; c < nc; c++) {
        w->comm[c].first = first;
        first += w->comm[c].n;
    }
    free(wt);
    free(frac);
    return 0;
}

static float clamp01f(double x)
{
    return (float)(x < 0 ? 0 : x > 1 ? 1 : x);
}

/* normal(mean, sd) truncated to [0, 1] (the mean clamped when sd = 0),
 * from resident i's own stream of `purpose`: a pure function of (seed,
 * purpose, resident), so no other attribute's parameters move it. */
static float trunc_normal01(const struct world *w, uint32_t purpose,
                            uint32_t i, double mean, double sd)
{
    if (sd <= 0)
        return clamp01f(mean);
    struct rng_stream s;
    rng_stream_init(&s, w->seed, purpose, 0, i);
    return (float)rng_trunc_normal(&s, mean, sd, 0, 1);
}

/* Resident i's participation threshold (docs/MODEL.md 5): normal(mean,
 * sd) truncated to [0, 1], so no mass piles up at 0, the instigators
 * (threshold 0) being drawn apart; or, with threshold_censored
 * (Granovetter's model, scenarios/granovetter.cfg), censored to [0, 1],
 * the normal's mass below 0 being the instigators. */
static float draw_threshold(const struct world *w, const struct params *p,
                            uint32_t i)
{
    double mean = p->participation.threshold_mean;
    double sd = p->participation.threshold_sd;
    if (!p->participation.threshold_censored || sd <= 0)
        return trunc_normal01(w, RP_THRESHOLD, i, mean, sd);
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_THRESHOLD, 0, i);
    return clamp01f(mean + sd * rng_normal(&s));
}

/* Flags and initial states of residents [a, b). */
static void init_residents(struct world *w, uint32_t a, uint32_t b)
{
    const struct params *p = w->p;
    struct residents *r = &w->r;
    const double sd = p->population.trust_sd;
    for (uint32_t i = a; i < b; i++) {
        uint32_t u[4];
        rng_block(w->seed, RP_RESIDENT_FLAGS, 0, i, 0, u);
        uint8_t f = 0;
        if (rng_u01(u[0]) < p->population.migrant_share)
            f |= R_MIGRANT;
        if (rng_u01(u[1]) < p->population.elderly_share)
            f |= R_ELDERLY;
        if (rng_u01(u[2]) < p->population.child_share)
            f |= R_CHILD;
        if (rng_u01(u[3]) < p->population.low_income_share)
            f |= R_LOW_INCOME;
        r->flags[i] = f;

        double off = (f & R_MIGRANT) ? p->population.migrant_trust_offset : 0;
        r->trust_gov[i] = trunc_normal01(w, RP_TRUST_GOV, i,
                                         p->population.trust_gov_mean + off,
                                         sd);
        r->trust_com[i] = trunc_normal01(w, RP_TRUST_COM, i,
                                         p->population.trust_com_mean + off,
                                         sd);
        r->efficacy[i] = trunc_normal01(w, RP_EFFICACY, i,
                                        p->population.efficacy_mean,
                                        p->population.efficacy_sd);
        r->threshold[i] = draw_threshold(w, p, i); /* instigators below */
        r->satisfaction[i] = (float)p->population.satisfaction_init;
        r->grievance[i] = 0;
        r->volunteer_hours[i] = 0;
        r->overdue[i] = 0;
        uint32_t pw[4];
        rng_block(w->seed, RP_PARTICIPATION_INIT, 0, i, 0, pw);
        r->participating[i] =
            rng_u01(pw[0]) < p->participation.initial_rate;
        if (rng_u01(pw[1]) < p->participation.instigator_share)
            r->threshold[i] = 0;
        r->participated[i] = r->participating[i];
    }
}

/* Number of ties of a resident in a building of bn residents and a
 * community of cn residents. */
static void tie_counts(const struct params *p, uint32_t bn, uint32_t cn,
                       uint32_t *kb, uint32_t *kc)
{
    uint32_t want_b = (uint32_t)p->population.ties_building;
    uint32_t want_c = (uint32_t)p->population.ties_community;
    *kb = bn - 1 < want_b ? bn - 1 : want_b;
    uint32_t rest = cn - 1 - *kb;  /* others not already tied */
    *kc = rest < want_c ? rest : want_c;
}

static int chosen(const uint32_t *t, uint32_t n, uint32_t x)
{
    for (uint32_t k = 0; k < n; k++)
        if (t[k] == x)
            return 1;
    return 0;
}

/* Ties of resident i: kb distinct others of its building [b0, b1), then
 * kc distinct others of its community [c0, c1) not tied yet. When a
 * building is small all its others are taken. Rejection sampling ends
 * because at least kb (kc) candidates remain. */
static void draw_ties(struct world *w, uint32_t i, uint32_t b0, uint32_t b1,
                      uint32_t c0, uint32_t c1, uint32_t kb, uint32_t kc)
{
    uint32_t *t = w->r.ties + w->r.tie_start[i];
    uint32_t n = 0;
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_TIES, 0, i);
    if (kb == b1 - b0 - 1) {
        for (uint32_t j = b0; j < b1; j++)
            if (j != i)
                t[n++] = j;
    } else {
        while (n < kb) {
            uint32_t j = b0 + rng_below(&s, b1 - b0);
            if (j != i && !chosen(t, n, j))
                t[n++] = j;
        }
    }
    if (kc == c1 - c0 - 1 - kb) {
        for (uint32_t j = c0; j < c1; j++)
            if (j != i && !chosen(t, kb, j))
                t[n++] = j;
    } else {
        while (n < kb + kc) {
            uint32_t j = c0 + rng_below(&s, c1 - c0);
            if (j != i && !chosen(t, n, j))
                t[n++] = j;
        }
    }
}

static uint32_t building_end(const struct world *w, uint32_t c, uint32_t i)
{
    uint32_t bs = (uint32_t)w->p->population.building_size;
    uint32_t c0 = w->comm[c].first, c1 = c0 + w->comm[c].n;
    uint32_t b0 = c0 + (i - c0) / bs * bs;
    return b0 + bs < c1 ? b0 + bs : c1;
}

int population_init(struct world *w, char *err, size_t errlen)
{
    struct residents *r = &w->r;
    uint32_t bs = (uint32_t)w->p->population.building_size;
    if (community_sizes(w, err, errlen))
        return -1;
    if (world_chunks(w)) {
        snprintf(err, errlen, "out of memory partitioning residents");
        return -1;
    }

    /* buildings are numbered district-wide, in community order */
    uint32_t nb = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        w->comm[c].first_building = nb;
        w->comm[c].n_buildings = (w->comm[c].n + bs - 1) / bs;
        nb += w->comm[c].n_buildings;
    }

    /* tie counts and row offsets */
    r->tie_start[0] = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        uint32_t c0 = w->comm[c].first, c1 = c0 + w->comm[c].n;
        for (uint32_t i = c0; i < c1; i++) {
            uint32_t b0 = c0 + (i - c0) / bs * bs;
            uint32_t kb, kc;
            tie_counts(w->p, building_end(w, c, i) - b0, c1 - c0, &kb, &kc);
            r->tie_start[i + 1] = r->tie_start[i] + kb + kc;
        }
    }
    r->ties = malloc(((size_t)r->tie_start[w->n_res] + 1) * sizeof *r->ties);
    if (!r->ties) {
        snprintf(err, errlen, "out of memory allocating %u ties",
                 r->tie_start[w->n_res]);
        return -1;
    }
    world_huge_pages(r->ties,
                     ((size_t)r->tie_start[w->n_res] + 1) * sizeof *r->ties);

#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const struct chunk *ch = &w->chunks[k];
        uint32_t c = ch->community;
        uint32_t c0 = w->comm[c].first, c1 = c0 + w->comm[c].n;
        init_residents(w, ch->first, ch->end);
        for (uint32_t i = ch->first; i < ch->end; i++) {
            uint32_t b0 = c0 + (i - c0) / bs * bs;
            uint32_t b1 = building_end(w, c, i);
            uint32_t kb, kc;
            tie_counts(w->p, b1 - b0, c1 - c0, &kb, &kc);
            draw_ties(w, i, b0, b1, c0, c1, kb, kc);
        }
    }
    return 0;
}
