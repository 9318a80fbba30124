/* Social organisations (社会组织; docs/MODEL.md 7.7): professional
 * social-work agencies (专业社工机构) living on purchase contracts and fees,
 * and grassroots community organisations (社区社会组织) living on their
 * members' time and small grants. Their books, staffing, quality growth,
 * birth (spontaneous formation and 孵化 incubation under linkage) and
 * dissolution. Tenders are in purchase.c, grants in venture.c. */
#include <stdlib.h>
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
        if (n) {  /* no domain open to grassroots: it serves none */
            o->domains = 1u << cand[u[0] % (uint32_t)n];
            if (rng_u01(u[1]) < w->p->socorg.second_domain)
                o->domains |= 1u << cand[u[2] % (uint32_t)n];
        }
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
        if (ct->active && ct->org == k) {
            uint32_t n = whole_count(p->purchase.staff_share * ct->value /
                                  p->socialwork.salary);
            posts = n > UINT32_MAX - posts ? UINT32_MAX : posts + n;
        }
    }
    return posts;
}

/* Add n posts to organisation k. Each goes to the community of the first
 * of its contracts (in contract order) with fewer of k's posts than the
 * contract funds, else home; in the lowest free slot. One pass over the
 * posts and the contracts, whatever n (a post at a time, searching both
 * for each, was quadratic: 27 s for a budget of 1.6e10). */
static void add_posts(struct world *w, uint32_t k, uint32_t n, int day)
{
    const struct params *p = w->p;
    uint32_t nc = 0, *have = NULL, *cidx = NULL;
    for (uint32_t i = 0; i < w->n_contracts; i++)
        nc += w->contracts[i].active && w->contracts[i].org == k;
    if (nc) {
        /* k's posts by community, and k's contracts in order */
        have = calloc(w->n_comm, sizeof *have);
        cidx = malloc((size_t)nc * sizeof *cidx);
        if (!have || !cidx)
            world_out_of_memory("the posts of an organisation",
                                (size_t)w->n_comm * sizeof *have);
        nc = 0;
        for (uint32_t i = 0; i < w->n_contracts; i++)
            if (w->contracts[i].active && w->contracts[i].org == k)
                cidx[nc++] = i;
        for (uint32_t j = 0; j < w->n_workers; j++)
            if (w->workers[j].alive && w->workers[j].employer == (int32_t)k)
                have[w->workers[j].community]++;
    }
    uint32_t next = 0, slot = 0;   /* posts only grow: both only advance */
    for (uint32_t a = 0; a < n; a++) {
        uint32_t c = w->orgs[k].home;
        for (; next < nc; next++) {
            const struct contract *ct = &w->contracts[cidx[next]];
            if (have[ct->community] < whole_count(p->purchase.staff_share *
                                               ct->value /
                                               p->socialwork.salary)) {
                c = ct->community;
                break;
            }
        }
        if (nc)
            have[c]++;
        socialwork_add(w, &slot, (int32_t)k, c, day, 0, 0);
    }
    free(have);
    free(cidx);
}

struct shed {
    int vacant;
    float skill;
    uint32_t idx;
};

/* Vacant posts first, then the least skilled, then the lowest slot. */
static int shed_order(const void *a, const void *b)
{
    const struct shed *x = a, *y = b;
    if (x->vacant != y->vacant)
        return y->vacant - x->vacant;
    if (x->skill != y->skill)
        return x->skill < y->skill ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void socorg_set_posts(struct world *w, uint32_t k, uint32_t want, int day)
{
    struct socorg *o = &w->orgs[k];
    if (o->workers < want) {
        add_posts(w, k, want - o->workers, day);
        o->workers = want;
        return;
    }
    if (o->workers == want)
        return;
    /* shed o->workers - want posts: a vacant post goes first, else the
     * least skilled (the order of picking the first such post again and
     * again, sorted once) */
    uint32_t m = 0;
    for (uint32_t i = 0; i < w->n_workers; i++)
        m += w->workers[i].alive && w->workers[i].employer == (int32_t)k;
    struct shed *c = malloc((m ? m : 1) * sizeof *c);
    if (!c)
        world_out_of_memory("the posts of an organisation", m * sizeof *c);
    m = 0;
    for (uint32_t i = 0; i < w->n_workers; i++) {
        const struct social_worker *sw = &w->workers[i];
        if (sw->alive && sw->employer == (int32_t)k)
            c[m++] = (struct shed){sw->vacant_until != SW_FILLED, sw->skill,
                                    i};
    }
    qsort(c, m, sizeof *c, shed_order);
    for (uint32_t j = 0; j < m && o->workers > want; j++) {
        w->workers[c[j].idx].alive = 0;
        o->workers--;
    }
    free(c);
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
    /* filled posts of each organisation, in one pass over the posts (a
     * pass per organisation was orgs x posts a day); only organisation
     * k's own posts change while k is looked at */
    uint32_t *filled_of = calloc(w->n_orgs ? w->n_orgs : 1,
                                 sizeof *filled_of);
    if (!filled_of)
        world_out_of_memory("posts per organisation",
                            w->n_orgs * sizeof *filled_of);
    for (uint32_t i = 0; i < w->n_workers; i++)
        if (w->workers[i].alive && w->workers[i].employer >= 0 &&
            w->workers[i].vacant_until == SW_FILLED)
            filled_of[w->workers[i].employer]++;
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
        uint32_t filled = filled_of[k];
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
        uint32_t extra = whole_count((o->fee_recent * DAYS_PER_YEAR / memory +
                                   reserve / p->socorg.reserve_years) /
                                  p->socialwork.salary);
        uint32_t want = extra > UINT32_MAX - contract ? UINT32_MAX
                                                      : contract + extra;
        /* posts are residents' jobs: no organisation opens more posts
         * than the district has residents, however much money it holds
         * (the same rule that bounds the initial posts, 7.4) */
        if (want > w->n_res)
            want = w->n_res;
        if (o->workers > want)
            socorg_set_posts(w, k, o->workers - 1, day);
        else if (want > o->workers && (o->funds > 0 || contract > o->workers))
            socorg_set_posts(w, k, want, day);
    }
    free(filled_of);

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
