/* Social organisations (社会组织; docs/MODEL.md 7.7): professional
 * social-work agencies (专业社工机构) living on purchase contracts and fees,
 * and grassroots community organisations (社区社会组织) living on their
 * members' time and small grants. Their books, staffing, quality growth,
 * birth (spontaneous formation and 孵化 incubation under linkage) and
 * dissolution. Tenders are in purchase.c, grants in venture.c. */
#include <string.h>

#include "cogov/rng.h"
#include "model/actors.h"
#include "model/routing.h"

int socorg_new(struct world *w, int kind, uint32_t home, double quality,
               double funds, int day)
{
    w->orgs = world_grow(w->orgs, &w->cap_orgs, w->n_orgs + 1,
                         sizeof *w->orgs);
    uint32_t k = w->n_orgs++;
    struct socorg *o = &w->orgs[k];
    memset(o, 0, sizeof *o);
    o->alive = 1;
    o->kind = kind;
    o->home = home;
    o->quality = quality;
    o->funds = funds;
    o->reputation = -1;
    o->born = day;
    o->last_hire = day;
    if (kind == ORG_PROFESSIONAL) {
        for (int d = 0; d < N_DOMAINS; d++)
            if (w->p->domains[d].professional)
                o->domains |= 1u << d;
    } else {
        /* one or two domains of community life, drawn for this birth */
        uint32_t u[4];
        rng_block(w->seed, RP_SOCORG, (uint32_t)day, k, 1, u);
        int cand[N_DOMAINS], n = 0;
        for (int d = 0; d < N_DOMAINS; d++)
            if (w->p->domains[d].grassroots)
                cand[n++] = d;
        o->domains = 1u << cand[u[0] % (uint32_t)n];
        if (rng_u01(u[1]) < w->p->socorg.second_domain)
            o->domains |= 1u << cand[u[2] % (uint32_t)n];
    }
    return (int)k;
}

int socorg_serves(const struct world *w, uint32_t k, uint32_t c, int d)
{
    const struct socorg *o = &w->orgs[k];
    if (!o->alive || !(o->domains >> d & 1u))
        return 0;
    if (o->home == c)
        return 1;
    int32_t ct = w->comm[c].contract;
    return ct >= 0 && w->contracts[ct].org == k;
}

uint32_t socorg_contract_posts(const struct world *w, uint32_t k)
{
    const struct params *p = w->p;
    uint32_t posts = 0;
    for (uint32_t i = 0; i < w->n_contracts; i++) {
        const struct contract *ct = &w->contracts[i];
        if (ct->active && ct->org == k)
            posts += (uint32_t)(p->purchase.staff_share * ct->value /
                                p->socialwork.salary);
    }
    return posts;
}

/* Where a new post of organisation k goes: the community of one of its
 * contracts with fewer posts than it funds, else home. */
static uint32_t post_community(const struct world *w, uint32_t k)
{
    const struct params *p = w->p;
    for (uint32_t i = 0; i < w->n_contracts; i++) {
        const struct contract *ct = &w->contracts[i];
        if (!ct->active || ct->org != k)
            continue;
        uint32_t want = (uint32_t)(p->purchase.staff_share * ct->value /
                                   p->socialwork.salary);
        uint32_t have = 0;
        for (uint32_t j = 0; j < w->n_workers; j++)
            have += w->workers[j].alive && w->workers[j].employer ==
                                               (int32_t)k &&
                    w->workers[j].community == ct->community;
        if (have < want)
            return ct->community;
    }
    return w->orgs[k].home;
}

void socorg_set_posts(struct world *w, uint32_t k, uint32_t want, int day)
{
    struct socorg *o = &w->orgs[k];
    while (o->workers < want) {
        socialwork_add(w, (int32_t)k, post_community(w, k), day, 0, 0);
        o->workers++;
    }
    while (o->workers > want) {
        /* a vacant post goes first, else the least skilled */
        int pick = -1;
        for (uint32_t i = 0; i < w->n_workers; i++) {
            const struct social_worker *sw = &w->workers[i];
            if (!sw->alive || sw->employer != (int32_t)k)
                continue;
            if (pick < 0 || (sw->vacant_until != SW_FILLED &&
                             w->workers[pick].vacant_until == SW_FILLED) ||
                ((sw->vacant_until != SW_FILLED) ==
                     (w->workers[pick].vacant_until != SW_FILLED) &&
                 sw->skill < w->workers[pick].skill))
                pick = (int)i;
        }
        if (pick < 0)
            break;
        w->workers[pick].alive = 0;
        o->workers--;
    }
}

static void dissolve(struct world *w, uint32_t k, int day)
{
    struct socorg *o = &w->orgs[k];
    socorg_set_posts(w, k, 0, day);
    o->alive = 0;
    /* its matters return to routing, in queue order */
    while (o->q.n) {
        uint32_t s = mqueue_top(&o->q);
        mqueue_pop(w, &o->q);
        w->m[s].done = 0;
        route_scope(w, s, day);
    }
}

/* Participation of community c relative to the level at which grassroots
 * formation reaches its full rate. */
static double participation_factor(const struct world *w, uint32_t c)
{
    const struct community *cm = &w->comm[c];
    double r = (double)cm->participants / cm->n /
               w->p->linkage.incubation_participation;
    return r > 1 ? 1 : r;
}

void socorg_daily(struct world *w, const struct params *p, int day)
{
    const double wage = p->socialwork.salary / DAYS_PER_YEAR;
    const double memory = p->socorg.fee_memory_days;
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        struct socorg *o = &w->orgs[k];
        if (!o->alive)
            continue;
        o->fee_recent *= 1.0 - 1.0 / memory;
        if (o->kind == ORG_GRASSROOTS) {
            if (o->funds > 0)
                o->funds -= p->socorg.coordinator_cost;
            o->quality += p->socorg.learning * (1 - o->quality);
            uint32_t u[4];
            rng_block(w->seed, RP_SOCORG, (uint32_t)day, k, 0, u);
            double exit = p->socorg.grassroots_exit *
                          (1.0 - participation_factor(w, o->home));
            if (rng_u01(u[0]) < exit)
                dissolve(w, k, day);
            continue;
        }
        uint32_t filled = 0;
        for (uint32_t i = 0; i < w->n_workers; i++)
            filled += w->workers[i].alive &&
                      w->workers[i].employer == (int32_t)k &&
                      w->workers[i].vacant_until == SW_FILLED;
        o->funds -= filled * wage;
        if (filled)
            o->quality += p->socorg.learning * (1 - o->quality);
        o->insolvent_days = o->funds < 0 ? o->insolvent_days + 1 : 0;
        if (o->insolvent_days >= p->socorg.insolvency_days &&
            !o->contracts) {
            dissolve(w, k, day);
            continue;
        }
        /* posts: what contracts fund, what fees (annualised from their
         * fee_memory_days sum) would pay for, and what its reserves carry
         * for reserve_years; it grows to that at once (posts open as
         * vacancies) and sheds one post a day above it */
        uint32_t contract = socorg_contract_posts(w, k);
        double reserve = o->funds > 0 ? o->funds : 0;
        uint32_t want =
            contract +
            (uint32_t)((o->fee_recent * DAYS_PER_YEAR / memory +
                        reserve / p->socorg.reserve_years) /
                       p->socialwork.salary);
        if (o->workers > want)
            socorg_set_posts(w, k, o->workers - 1, day);
        else if (want > o->workers && (o->funds > 0 || contract > o->workers))
            socorg_set_posts(w, k, want, day);
    }

    /* grassroots formation; incubation (孵化) under linkage */
    double rate = p->socorg.formation_rate +
                  (p->mechanisms.linkage.enabled ? p->linkage.incubation_rate
                                                 : 0);
    if (rate <= 0)
        return;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        uint32_t u[4];
        rng_block(w->seed, RP_INCUBATION, (uint32_t)day, c, 0, u);
        if (rng_u01(u[0]) < rate / DAYS_PER_YEAR * participation_factor(w, c)) {
            struct rng_stream s;
            rng_stream_init(&s, w->seed, RP_INCUBATION, (uint32_t)day, c);
            s.index = 1;
            socorg_new(w, ORG_GRASSROOTS, c,
                       rng_beta(&s, p->socorg.quality_a, p->socorg.quality_b),
                       0, day);
        }
    }
}
