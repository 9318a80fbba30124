/* 政府购买服务, government purchase of services with 第三方评估
 * third-party evaluation (Guangzhou 家综, seed 000; Pingshan, seed 001;
 * docs/MODEL.md 7.7). One lot per street (街道), a family service centre
 * (家综) of purchase.lot_per_year, serving the street's communities; the
 * district has as many streets as its budget pays whole lots. Tenders score bidders on perceived quality and
 * price; contracts pay evenly, fund social-worker posts, are evaluated
 * every purchase.eval_every_days and renewed when the last score reaches
 * purchase.renew_min_score. A budget change applies to contracts that start
 * after it, so a cut shrinks the sector with a lag. */
#include <math.h>

#include "cogov/rng.h"
#include "model/actors.h"

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

double purchase_budget_in_force(const struct params *p, int day)
{
    double change = p->purchase.budget_change_day;
    return p->purchase.budget_per_year *
           (change > 0 && day >= (int)change ? p->purchase.budget_change_factor
                                             : 1.0);
}

/* Streets: as many as the yearly budget pays whole lots of
 * purchase.lot_per_year (at least one, at most one per community). A
 * street is a run of consecutive communities; community c is in street
 * c * S / n_comm. Fixed for the run: a budget change changes the lots'
 * value, not the streets. */
static uint32_t n_streets(const struct world *w)
{
    double s = floor(w->p->purchase.budget_per_year /
                     w->p->purchase.lot_per_year);
    return s < 1 ? 1 : s > w->n_comm ? w->n_comm : (uint32_t)s;
}

static uint32_t street_of(const struct world *w, uint32_t c)
{
    return (uint32_t)((uint64_t)c * n_streets(w) / w->n_comm);
}

/* The first community of street s and one past its last. */
static void street_span(const struct world *w, uint32_t s, uint32_t *from,
                        uint32_t *to)
{
    uint64_t n = w->n_comm, k = n_streets(w);
    *from = (uint32_t)((s * n + k - 1) / k);
    *to = (uint32_t)(((s + 1) * n + k - 1) / k);
}

/* The lot of the street whose first community is c: its residents' share
 * of the budget in force. */
static double lot_value(const struct world *w, uint32_t c, int day)
{
    uint32_t from, to;
    double n = 0;
    street_span(w, street_of(w, c), &from, &to);
    for (uint32_t k = from; k < to; k++)
        n += w->comm[k].n;
    return purchase_budget_in_force(w->p, day) * n / (double)w->n_res;
}

/* Point every community of the street whose first community is c at
 * contract k. */
static void street_contract(struct world *w, uint32_t c, int32_t k)
{
    uint32_t from, to;
    street_span(w, street_of(w, c), &from, &to);
    for (uint32_t j = from; j < to; j++)
        w->comm[j].contract = k;
}

/* Contract k has ended: no community points at it (cleared by pointer,
 * not by street, so a run forked with another budget stays consistent). */
static void contract_ended(struct world *w, int32_t k)
{
    for (uint32_t j = 0; j < w->n_comm; j++)
        if (w->comm[j].contract == k)
            w->comm[j].contract = -1;
}

static void start_contract(struct world *w, uint32_t org, uint32_t c,
                           double value, int day)
{
    const struct params *p = w->p;
    uint32_t i;
    for (i = 0; i < w->n_contracts; i++)
        if (!w->contracts[i].active)
            break;
    if (i == w->n_contracts) {
        w->contracts = world_grow(w->contracts, &w->cap_contracts,
                                  w->n_contracts + 1, sizeof *w->contracts);
        w->n_contracts++;
    }
    struct contract *ct = &w->contracts[i];
    ct->active = 1;
    ct->org = org;
    ct->community = c;
    ct->value = value;
    ct->start = day;
    ct->end = day + (int32_t)p->purchase.cycle_days;
    ct->next_eval = day + (int32_t)p->purchase.eval_every_days;
    ct->resolved = ct->on_time = 0;
    ct->served = 0;
    ct->last_score = ct->prev_score = -1;
    street_contract(w, c, (int32_t)i);
    w->orgs[org].contracts++;
    socorg_set_posts(w, org, w->orgs[org].workers > socorg_contract_posts(
                                                        w, org)
                                 ? w->orgs[org].workers
                                 : socorg_contract_posts(w, org),
                     day);
}

static int purchase_tender(struct world *w, uint32_t c, int day)
{
    const struct params *p = w->p;
    double value = lot_value(w, c, day);
    if (value <= 0)
        return -1;
    struct rng_stream s;
    rng_stream_init(&s, w->seed, RP_TENDER, (uint32_t)day, c);
    /* bidders: every professional organisation, then the entrants */
    uint32_t nb = 0;
    for (uint32_t k = 0; k < w->n_orgs; k++)
        nb += w->orgs[k].alive && w->orgs[k].kind == ORG_PROFESSIONAL;
    nb += (uint32_t)p->purchase.entrants;
    if (!nb)
        return -1;
    double best_score = -1, best_price = 0, best_q = 0, min_price = INFINITY;
    int best = -1;
    /* two passes over the same draws: prices first (the price score needs
     * the lowest), then scores */
    struct rng_stream s0 = s;
    for (int pass = 0; pass < 2; pass++) {
        s = s0;
        uint32_t b = 0;
        for (uint32_t k = 0; k < w->n_orgs + (uint32_t)p->purchase.entrants;
             k++) {
            int existing = k < w->n_orgs;
            if (existing && (!w->orgs[k].alive ||
                             w->orgs[k].kind != ORG_PROFESSIONAL))
                continue;
            double q = existing ? w->orgs[k].quality
                                : rng_beta(&s, p->socorg.quality_a,
                                           p->socorg.quality_b);
            double noise = p->purchase.eval_noise * rng_normal(&s);
            double price = value * (1.0 - p->purchase.max_discount *
                                              rng_uniform(&s));
            double seen = existing && w->orgs[k].reputation >= 0
                              ? w->orgs[k].reputation
                              : clamp01(q + noise);
            if (pass == 0) {
                if (price < min_price)
                    min_price = price;
                continue;
            }
            double score = p->purchase.quality_weight * seen +
                           (1.0 - p->purchase.quality_weight) * min_price /
                               price;
            if (score > best_score) {
                best_score = score;
                best = existing ? (int)k : -2 - (int)(k - w->n_orgs);
                best_price = price;
                best_q = q;
            }
            b++;
        }
    }
    if (best == -1)
        return -1;
    uint32_t org = best >= 0 ? (uint32_t)best
                             : (uint32_t)socorg_new(w, ORG_PROFESSIONAL, c,
                                                    best_q, 0, day);
    start_contract(w, org, c, best_price, day);
    return (int)org;
}

void purchase_credit(struct world *w, uint32_t org, const struct matter *m,
                     double quality, int day)
{
    int32_t k = w->comm[m->community].contract;
    if (k < 0 || w->contracts[k].org != org)
        return;
    w->contracts[k].resolved++;
    if (day - m->created <= w->p->patience)
        w->contracts[k].on_time++;
    /* what the served resident got (7.8), for the evaluation's survey */
    w->contracts[k].served += outcome_value(w->p, quality, day - m->created);
}

static void evaluate(struct world *w, uint32_t i, int day)
{
    const struct params *p = w->p;
    struct contract *ct = &w->contracts[i];
    struct socorg *o = &w->orgs[ct->org];
    uint32_t u[4];
    rng_block(w->seed, RP_EVALUATION, (uint32_t)day, i, 0, u);
    /* a normal deviate from two words (Box-Muller) */
    double z = sqrt(-2.0 * log(rng_u01(u[0]))) *
               cos(6.283185307179586 * rng_u01(u[1]));
    /* performance: on-time share and the satisfaction of the residents
     * served (服务成效由居民评判), the mean outcome of the contract's
     * resolved matters */
    double on_time = ct->resolved ? (double)ct->on_time / ct->resolved
                                  : p->purchase.eval_no_record;
    double served = ct->resolved ? ct->served / (double)ct->resolved
                                 : p->purchase.eval_no_record;
    const double wr = p->purchase.eval_resident_weight;
    double perf = wr * served + (1.0 - wr) * on_time;
    const double wq = p->purchase.eval_quality_weight;
    const double mem = p->purchase.eval_memory;
    double score = clamp01(wq * o->quality + (1.0 - wq) * perf +
                           p->purchase.eval_noise * z);
    ct->prev_score = ct->last_score;
    ct->last_score = score;
    o->reputation = ct->prev_score >= 0
                        ? mem * ct->prev_score + (1.0 - mem) * score
                        : score;
    ct->resolved = ct->on_time = 0;
    ct->served = 0;
    ct->next_eval = day + (int32_t)p->purchase.eval_every_days;
}

void purchase_daily(struct world *w, const struct params *p, int day)
{

    for (uint32_t i = 0; i < w->n_contracts; i++) {
        struct contract *ct = &w->contracts[i];
        if (!ct->active)
            continue;
        if (day >= ct->next_eval && day < ct->end)
            evaluate(w, i, day);
        if (day >= ct->end) {
            if (ct->last_score < 0)
                evaluate(w, i, day);  /* never evaluated: evaluate now */
            uint32_t org = ct->org, c = ct->community;
            double score = ct->last_score;
            ct->active = 0;
            contract_ended(w, (int32_t)i);
            w->orgs[org].contracts--;
            double value = lot_value(w, c, day);
            if (value > 0 && score >= p->purchase.renew_min_score &&
                w->orgs[org].alive)
                start_contract(w, org, c, value, day);
        }
    }
    for (uint32_t s = 0, c, to; s < n_streets(w); s++) {
        street_span(w, s, &c, &to);
        if (w->comm[c].contract < 0)
            purchase_tender(w, c, day);
    }
    /* every contract in force today pays its day, the day it starts
     * included (7.12); the evaluations are booked over the interval each
     * covers, not on the day the evaluator is paid */
    for (uint32_t i = 0; i < w->n_contracts; i++) {
        struct contract *ct = &w->contracts[i];
        if (!ct->active)
            continue;
        w->orgs[ct->org].funds += ct->value / DAYS_PER_YEAR;
        w->st.gov_spending += ct->value / DAYS_PER_YEAR +
                              p->purchase.eval_cost /
                                  p->purchase.eval_every_days;
    }
}
