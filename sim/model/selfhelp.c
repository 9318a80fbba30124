/* Phase 3, self-help and paid services (有偿/低偿; docs/MODEL.md 7.3). A
 * private matter still with its owner (held, or returned by triage) may be
 * solved by the owner, by a tie, or bought: from a social organisation of
 * the community at the low price, else from the market. Willingness to pay
 * against the price sets the chance of buying; the low price of a social
 * organisation's service is what the subsidy buys (低偿, paid through the
 * purchase contract). */
#include <math.h>

#include "cogov/rng.h"
#include "model/actors.h"
#include "model/phases.h"
#include "model/routing.h"

enum { ACT_NONE, ACT_SELF, ACT_TIE, ACT_BUY };

/* Chance a day that the owner buys at `price` yuan an hour. */
static double buy_prob(const struct params *p, uint8_t f, double price)
{
    double wtp = p->paid.wtp * ((f & R_LOW_INCOME) ? p->paid.low_income_wtp
                                                   : 1.0);
    double afford = price <= wtp ? 1.0 : wtp / price;
    return p->paid.buy_rate * afford;
}

/* The lowest price an owner of flags f can buy at: the organisations'
 * (低偿) when lower than the market's and open to it (7.19). */
static double owner_price(const struct params *p, uint8_t f)
{
    return p->paid.socorg_price < p->paid.market_price &&
                   !services_excluded(p, f)
               ? p->paid.socorg_price
               : p->paid.market_price;
}

/* The organisation of community c serving domain d with the most free
 * hours (at least `hours`); -1 if none. */
static int seller(const struct world *w, uint32_t c, int d, double hours)
{
    int best = -1;
    double best_free = 0;
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        if (!socorg_serves(w, k, c, d))
            continue;
        double fr = provider_free(w, HK_SOCORG, k);
        if (fr >= hours && fr > best_free) {
            best = (int)k;
            best_free = fr;
        }
    }
    return best;
}

/* Today's decision on a matter with its owner: if private, solved alone,
 * by a tie, bought, or nothing. A pure function of the state and the
 * draws, so it can be drawn for every matter in parallel. */
static uint8_t decide(struct world *w, uint32_t s, int day)
{
    const struct params *p = w->p;
    const struct residents *r = &w->r;
    const struct matter *m = &w->m[s];
    if (m->scope != SCOPE_PRIVATE)
        return ACT_NONE;
    uint8_t f = r->flags[m->owner];
    uint32_t u[4];
    rng_block(w->seed, RP_SELFHELP, (uint32_t)day, matter_rng_entity(m),
              (uint32_t)m->created, u);
    double own = p->selfhelp.own;
    if (f & R_ELDERLY)
        own *= p->selfhelp.elderly_factor;
    if (f & R_LOW_INCOME)
        own *= p->selfhelp.low_income_factor;
    uint32_t k = migration_fixed_ties(r, m->owner);
    double tie = 1.0 - pow(1.0 - p->selfhelp.tie, (double)k);
    /* the cheaper provider sets the chance; which one sells is settled
     * when applied, as capacity is shared */
    double price = owner_price(p, f);
    if (rng_u01(u[0]) < own)
        return ACT_SELF;
    if (rng_u01(u[1]) < tie)
        return ACT_TIE;
    if (rng_u01(u[2]) < buy_prob(p, f, price))
        return ACT_BUY;
    return ACT_NONE;
}

/* What decide reads of the owner of the matter in slot s. */
static void owner_prefetch(const struct world *w, uint32_t s)
{
    const struct matter *m = &w->m[s];
    if (m->scope != SCOPE_PRIVATE || m->owner >= w->n_res)
        return;
    __builtin_prefetch(&w->r.flags[m->owner]);
    __builtin_prefetch(&w->r.tie_start[m->owner]);
}

/* Carry out decision a on the matter in slot s (in slot order: sellers'
 * capacity is shared). */
static void apply(struct world *w, uint32_t s, uint8_t a, int day)
{
    const struct params *p = w->p;
    struct matter *m = &w->m[s];
    if (a == ACT_SELF) {
        outcome_resolve(w, s, CH_SELF, p->selfhelp.quality, day);
        return;
    }
    if (a == ACT_TIE) {
        outcome_resolve(w, s, CH_TIE, p->selfhelp.quality, day);
        return;
    }
    uint8_t f = w->r.flags[m->owner];
    double low = owner_price(p, f);
    int org = low < p->paid.market_price
                  ? seller(w, m->community, m->domain, m->hours)
                  : -1;
    if (org >= 0) {
        double bill = p->paid.socorg_price * m->hours;
        struct socorg *o = &w->orgs[org];
        o->funds += bill;
        o->fee_recent += bill;
        if (m->status == M_HELD)
            w->unreported--;  /* it is in a provider's hands now */
        m->flags |= MF_PAID;
        matter_enqueue(w, s, HK_SOCORG, (uint32_t)org);
        return;
    }
    /* the market sells only when the owner can afford its price, and
     * delivers the same day */
    uint32_t u[4];
    rng_block(w->seed, RP_MARKET, (uint32_t)day, matter_rng_entity(m),
              (uint32_t)m->created, u);
    double price = p->paid.market_price;
    double base = buy_prob(p, f, low);
    double ratio = base > 0 ? buy_prob(p, f, price) / base : 0;
    if (rng_u01(u[0]) < ratio) {
        outcome_resolve(w, s, CH_MARKET, p->paid.market_quality, day);
    }
}

void phase_selfhelp(struct world *w, const struct params *p, int day)
{
    owner_matters_visit(w, day, decide, apply, owner_prefetch);
}
