/* Phase 1, matter generation (docs/MODEL.md, "Generate matters"). Each
 * resident draws a Poisson number of new matters with rate = sum over the
 * domains it is eligible for of base rate x modifiers; each new matter
 * then draws its domain, true scope, severity and hours. Draws use the
 * arrival purposes only, keyed by (day, resident, arrival index), so
 * scenarios with equal rates face equal arrivals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cogov/rng.h"
#include "model/actors.h"
#include "model/phases.h"

/* Is a resident with household flags f exposed to domain d? (the "who
 * raises it" column of the domain table) */
static int eligible(int d, unsigned f)
{
    switch (d) {
    case D_ELDER_CARE: return (f & R_ELDERLY) != 0;
    case D_CHILD_CARE: return (f & R_CHILD) != 0;
    case D_EMPLOYMENT: return (f & R_LOW_INCOME) && !(f & R_ELDERLY);
    case D_INTEGRATION: return (f & R_MIGRANT) != 0;
    default: return 1;
    }
}

/* Rate of domain d for flags f in community c, before the resident's own
 * grievance term. */
static double domain_rate(const struct world *w, uint32_t c, int d,
                          unsigned f)
{
    const struct params *p = w->p;
    if (!eligible(d, f))
        return 0;
    double r = p->domains[d].rate * microproject_factor(w, c, d) *
               rules_factor(w, c, d);
    if (d == D_ADMIN && (f & R_MIGRANT))
        r *= p->matters.admin_migrant_factor;
    return r;
}

void generate_rates(struct world *w)
{
    for (uint32_t c = 0; c < w->n_comm; c++)
        for (unsigned f = 0; f < 16; f++) {
            double *cum = w->rate_cum + ((size_t)c * 16 + f) * N_DOMAINS;
            double t = 0;
            for (int d = 0; d < N_DOMAINS; d++) {
                t += domain_rate(w, c, d, f);
                cum[d] = t;
            }
            w->rate_total[c * 16 + f] = t;
        }
}

/* The grievance that drives disputes: a resident's own, up to
 * matters.dispute_grievance_cap (7.1). Without the cap, disputes that go
 * overdue raise grievance, which raises disputes: at a high dispute rate
 * the loop grows geometrically. */
static inline float dispute_grievance(const struct params *p, float g)
{
    const float cap = (float)p->matters.dispute_grievance_cap;
    return g < cap ? g : cap;
}

/* The extra dispute rate per unit of grievance, in community c. */
static double dispute_per_grievance(const struct world *w, uint32_t c)
{
    const struct params *p = w->p;
    return p->domains[D_DISPUTE].rate * p->matters.dispute_grievance_factor *
           microproject_factor(w, c, D_DISPUTE) *
           rules_factor(w, c, D_DISPUTE);
}

/* Domain, scope, severity and hours of the k-th matter of resident i. */
static void draw_details(struct world *w, struct matter *m, int day)
{
    const struct params *p = w->p;
    uint32_t i = m->owner;
    unsigned f = w->r.flags[i] & R_HOUSEHOLD_MASK;
    const double *base = w->rate_cum + ((size_t)m->community * 16 + f) *
                                           N_DOMAINS;
    double cum[N_DOMAINS];
    double extra = dispute_per_grievance(w, m->community) *
                   dispute_grievance(p, w->r.grievance[i]);
    for (int d = 0; d < N_DOMAINS; d++)
        cum[d] = base[d] + (d >= D_DISPUTE ? extra : 0);

    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_ARRIVAL_DETAIL, (uint32_t)day,
                    ((uint64_t)i << 8) | m->arrival_k);
    int d = rng_categorical_u(rng_uniform(&s), cum, N_DOMAINS);
    const struct domain_params *dp = &p->domains[d];
    double sc[N_SCOPES];
    sc[0] = dp->share[0];
    sc[1] = sc[0] + dp->share[1];
    sc[2] = sc[1] + dp->share[2];
    m->domain = (uint8_t)d;
    m->scope = (uint8_t)rng_categorical_u(rng_uniform(&s), sc, N_SCOPES);
    m->assigned = m->scope;
    m->severity = (float)rng_beta(&s, p->matters.severity_a,
                                  p->matters.severity_b);
    double k = p->matters.hours_shape;
    m->hours = (float)(rng_gamma(&s, k) * dp->hours / k);
    if (m->hours < 0.01f)
        m->hours = 0.01f;
}

/* Arrivals by thinning (matters.arrival_draws = "thinned"): a
 * resident's matters are a Poisson process of rate lambda_i; those of
 * community c are one of rate sum_i lambda_i, which thinning draws
 * without a draw per resident. With a bound L >= lambda_i for every
 * resident of c (its largest household rate plus the dispute term at the
 * grievance cap), K ~ Poisson(n_c L) candidates each fall on a resident
 * chosen uniformly and are kept with probability lambda_i / L: the kept
 * ones of resident i are Poisson(lambda_i), independent of the others'
 * (Lewis and Shedler 1979), the distribution of the per-resident draw.
 * The draws are community c's stream of RP_ARRIVAL_THIN, so they do not
 * depend on the thread count; the work is O(candidates), about 2-3 a
 * hundred residents a day at the default rates, instead of a Philox call
 * per resident. Returns the matters of community c (arrivals[] of its
 * residents set). */
static uint32_t thin_community(struct world *w, const struct params *p,
                               int day, uint32_t c)
{
    const struct community *cm = &w->comm[c];
    uint8_t *arrivals = w->r.arrivals + cm->first;
    memset(arrivals, 0, cm->n);
    if (!cm->n)
        return 0;
    const double *tot = w->rate_total + (size_t)c * 16;
    const double dx = dispute_per_grievance(w, c);
    double top = 0;
    for (unsigned f = 0; f < 16; f++)
        top = tot[f] > top ? tot[f] : top;
    const float cap = (float)p->matters.dispute_grievance_cap;
    const double bound = top + dx * (double)cap;
    if (!(bound > 0))
        return 0;
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_ARRIVAL_THIN, (uint32_t)day, c);
    const int64_t k = rng_poisson(&s, bound * (double)cm->n);
    const uint8_t *flags = w->r.flags + cm->first;
    const float *grievance = w->r.grievance + cm->first;
    uint32_t n = 0;
    for (int64_t q = 0; q < k; q++) {
        uint32_t j = (uint32_t)(rng_uniform(&s) * (double)cm->n);
        if (j >= cm->n)
            j = cm->n - 1;
        double lam = tot[flags[j] & R_HOUSEHOLD_MASK] +
                     dx * dispute_grievance(p, grievance[j]);
        if (rng_uniform(&s) * bound < lam && arrivals[j] < 254) {
            arrivals[j]++;   /* arrival index 255: petitions */
            n++;
        }
    }
    return n;
}

/* The arrivals of chunk k (arrival counts summed). */
static uint32_t chunk_arrivals(const struct world *w, uint32_t k)
{
    uint32_t n = 0;
    for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++)
        n += w->r.arrivals[i];
    return n;
}

/* The matters of chunk k, numbers off .. off + count - 1 of today's (in
 * resident order, then arrival order): their slots are those the same
 * number of matter_alloc calls would give in that order, so a chunk's
 * matters can be made on any thread (docs/PERFORMANCE.md, "Session
 * 22"). */
static void chunk_matters(struct world *w, const struct matter_batch *b,
                          uint32_t k, uint32_t off, int day,
                          struct matter_tally *t)
{
    const struct residents *r = &w->r;
    const uint32_t end = w->chunks[k].end;
    uint32_t j = off;
    for (uint32_t i = next_nonzero(r->arrivals, w->chunks[k].first, end);
         i < end; i = next_nonzero(r->arrivals, i + 1, end))
        for (uint32_t a = 0; a < r->arrivals[i]; a++, j++) {
            uint32_t slot;
            struct matter *m = matter_batch_take(w, b, j, &slot);
            m->owner = i;
            m->community = w->chunks[k].community;
            m->created = day;
            m->arrival_k = (uint8_t)a;
            m->status = M_HELD;
            draw_details(w, m, day);
            w->new_slots[j] = slot;
            matter_tally_add(t, m);
        }
}

void phase_generate(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    uint32_t *count = w->chunk_count;
    if (p->mechanisms.migration.enabled || r->arrival)
        migration_day(w, p, day);
    if (w->rates_dirty) {
        generate_rates(w);
        w->rates_dirty = 0;
    }

    /* scratch: the chunks' tallies and first matter numbers, the
     * communities' first chunks */
    const uint32_t nc = w->n_comm, nk = w->n_chunks;
    struct matter_tally *tally = world_scratch(
        w, (size_t)nk * sizeof *tally + ((size_t)nk + nc) * sizeof(uint32_t));
    uint32_t *off = (uint32_t *)(tally + nk), *cfirst = off + nk;
    const int thinned = p->matters.arrival_draws == ARRIVALS_THINNED;
    if (thinned) {
        for (uint32_t c = 0; c < nc; c++)
            cfirst[c] = nk;   /* a community without residents: none */
        for (uint32_t k = nk; k-- > 0;)
            cfirst[w->chunks[k].community] = k;
        /* each community's candidates, then the exact counts of its
         * chunks (skipped below when 0) */
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
        for (uint32_t c = 0; c < nc; c++) {
            const uint32_t some = thin_community(w, p, day, c);
            for (uint32_t k = cfirst[c]; k < nk && w->chunks[k].community == c;
                 k++)
                count[k] = some ? chunk_arrivals(w, k) : 0;
        }
    } else
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < nk; k++) {
        const struct chunk *ch = &w->chunks[k];
        const double *tot = w->rate_total + (size_t)ch->community * 16;
        const double dx = dispute_per_grievance(w, ch->community);
        uint32_t n = 0;
        uint32_t u[4][RNG_BATCH];
        const uint8_t *flags = r->flags;
        const float *grievance = r->grievance;
        uint8_t *arrivals = r->arrivals;
        /* each resident's draw is rng_block(.., i, 0)[0]; a batch of
         * them at once runs in SIMD lanes */
        for (uint32_t i0 = ch->first; i0 < ch->end; i0 += RNG_BATCH) {
            rng_block_batch(w->seed, RP_ARRIVAL, (uint32_t)day, i0, 0, u);
            uint32_t i1 = ch->end - i0 < RNG_BATCH ? ch->end : i0 + RNG_BATCH;
            for (uint32_t i = i0; i < i1; i++) {
                double lam = tot[flags[i] & R_HOUSEHOLD_MASK] +
                             dx * dispute_grievance(p, grievance[i]);
                double v = rng_u01(u[0][i - i0]);
                /* P(N >= 1) = 1 - exp(-lam) < lam: most stop here */
                int a = v >= lam ? 0 : rng_poisson_inv(1.0 - v, lam);
                if (a > 254)
                    a = 254;  /* arrival index 255: petitions */
                arrivals[i] = (uint8_t)a;
                n += (uint32_t)a;
            }
        }
        count[k] = n;
    }

    /* matters numbered in resident order: chunk k's from off[k] */
    uint32_t n = 0;
    for (uint32_t k = 0; k < nk; k++) {
        off[k] = n;
        n += count[k];
    }
    if (n > w->cap_new) {
        free(w->new_slots);
        w->cap_new = n + n / 2;
        w->new_slots = malloc(w->cap_new * sizeof *w->new_slots);
        if (!w->new_slots)
            world_out_of_memory("new matters",
                                w->cap_new * sizeof *w->new_slots);
    }
    const struct matter_batch batch = matter_reserve(w, n);
    /* each chunk's tally kept on its thread's stack and stored once:
     * neighbouring chunks' tallies share cache lines */
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < nk; k++) {
        struct matter_tally t = {0};
        if (count[k])
            chunk_matters(w, &batch, k, off[k], day, &t);
        tally[k] = t;
    }
    for (uint32_t k = 0; k < nk; k++)
        if (count[k])
            matter_opened_tally(w, w->chunks[k].community, &tally[k]);
    for (uint32_t j = 0; j < n; j++)
        matter_with_owner(w, w->new_slots[j]);
    w->n_new = n;
}
