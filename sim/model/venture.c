/* 公益创投, venture philanthropy (Guangzhou's first venture-philanthropy
 * round, seed 000; Pingshan, seed 001; docs/MODEL.md 7.7). Once a year
 * grants of venture.grant_size go to the grassroots organisations whose
 * proposals look best (quality seen with evaluation noise); a grant adds
 * funds and closes part of the quality gap. Grants left over incubate new
 * grassroots organisations where participation is highest. Government
 * books a round's grants evenly over the year they fund. */
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/actors.h"

struct cand {
    double key;
    uint32_t idx;
};

static int by_key_desc(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

void venture_daily(struct world *w, const struct params *p, int day)
{
    /* a round's grants are booked evenly over the year they fund, from
     * the day they are given (7.12); the next round follows on */
    if (day < w->venture_until)
        w->st.gov_spending += w->venture_per_day;
    if (day % DAYS_PER_YEAR != (int)p->venture.day)
        return;
    /* a round gives at most one grant per organisation and community, so
     * a budget of more grants than uint32_t holds is the same as the most
     * it does (never cast a double beyond it) */
    uint32_t grants = whole_count(p->venture.budget_per_year /
                               p->venture.grant_size);
    if (!grants)
        return;
    struct cand *c = malloc((w->n_orgs + w->n_comm + 1) * sizeof *c);
    if (!c)
        world_out_of_memory("venture candidates",
                            (w->n_orgs + w->n_comm + 1) * sizeof *c);
    uint32_t n = 0;
    for (uint32_t k = 0; k < w->n_orgs; k++) {
        if (!w->orgs[k].alive || w->orgs[k].kind != ORG_GRASSROOTS)
            continue;
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_VENTURE, (uint32_t)day, k);
        c[n].key = w->orgs[k].quality + p->purchase.eval_noise *
                                            rng_normal(&s);
        c[n++].idx = k;
    }
    qsort(c, n, sizeof *c, by_key_desc);
    uint32_t given = 0;
    for (uint32_t i = 0; i < n && given < grants; i++, given++) {
        struct socorg *o = &w->orgs[c[i].idx];
        o->funds += p->venture.grant_size;
        o->quality += p->venture.capacity_boost * (1 - o->quality);
    }
    /* the rest incubates, one per community, most participation first */
    n = 0;
    for (uint32_t k = 0; k < w->n_comm; k++) {
        c[n].key = (double)w->comm[k].participants / w->comm[k].n;
        c[n++].idx = k;
    }
    qsort(c, n, sizeof *c, by_key_desc);
    for (uint32_t i = 0; i < n && given < grants; i++, given++) {
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_VENTURE, (uint32_t)day,
                        ((uint64_t)1 << 40) | c[i].idx);
        socorg_new(w, ORG_GRASSROOTS, c[i].idx,
                   rng_beta(&s, p->socorg.quality_a, p->socorg.quality_b),
                   p->venture.grant_size, day);
    }
    free(c);
    w->venture_per_day = given * p->venture.grant_size / DAYS_PER_YEAR;
    w->venture_until = day + DAYS_PER_YEAR;
    w->st.gov_spending += w->venture_per_day;
}
