/* Initial handlers, organisations and volunteers (docs/MODEL.md 5, step
 * 5): work-station social workers, mediators and grid workers per
 * community, the professional and grassroots organisations of day 0 (the
 * registered volunteers are drawn in participation.c, among the residents
 * who take part). They exist in every scenario (switches decide
 * whether they get work), so scenarios that share a seed start alike. */
#include <math.h>
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/actors.h"

static uint32_t per_10k(double rate, uint32_t n)
{
    return (uint32_t)llround(rate * n / 10000.0);
}

void handlers_staff(struct world *w)
{
    const struct params *p = w->p;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        uint32_t med = per_10k(p->mediation.mediators_per_10k, cm->n);
        cm->mediators = med ? med : (p->mediation.mediators_per_10k > 0);
        double g = cm->n / p->grid.residents_per_worker;
        cm->grid_workers = g < 1 ? 1 : (uint32_t)llround(g);
    }
}

int handlers_init(struct world *w, char *err, size_t errlen)
{
    const struct params *p = w->p;
    /* day-0 staff have closed stock_experience of the gap to skill 1 */
    const double e = p->socialwork.stock_experience;
    float stock_skill = (float)((1.0 - e) * p->socialwork.skill_init + e);
    uint32_t nb = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        nb += w->comm[c].n_buildings;
    w->r.unit_count = calloc(nb ? nb : 1, sizeof *w->r.unit_count);
    w->r.unit_items = calloc(2 * (size_t)(nb ? nb : 1),
                             sizeof *w->r.unit_items);
    if (!w->r.unit_count || !w->r.unit_items) {
        snprintf(err, errlen, "out of memory for %u buildings", nb);
        return -1;
    }

    uint32_t slot = 0;   /* no post ends on day 0: every slot below is taken */
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        cm->contract = -1;
        cm->station_posts = per_10k(p->socialwork.station_per_10k, cm->n);
        for (uint32_t k = 0; k < cm->station_posts; k++)
            socialwork_add(w, &slot, -1, c, 0, 1, stock_skill);
    }
    handlers_staff(w);

    for (int64_t k = 0; k < p->socorg.initial_professional; k++) {
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_SOCORG, 0, (1ull << 40) | (uint64_t)k);
        uint32_t home = (uint32_t)((uint64_t)k * w->n_comm /
                                   (uint64_t)p->socorg.initial_professional);
        int o = socorg_new(w, ORG_PROFESSIONAL, home,
                           rng_beta(&s, p->socorg.quality_a,
                                    p->socorg.quality_b),
                           p->socorg.initial_funds, 0);
        uint32_t posts = (uint32_t)p->socorg.initial_workers;
        for (uint32_t j = 0; j < posts; j++)
            socialwork_add(w, &slot, o, home, 0, 1, stock_skill);
        w->orgs[o].workers = posts;
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_SOCORG, 0, (2ull << 40) | c);
        double x = p->socorg.initial_grassroots;
        uint32_t n = (uint32_t)x;
        if (rng_uniform(&s) < x - n)
            n++;
        for (uint32_t k = 0; k < n; k++)
            socorg_new(w, ORG_GRASSROOTS, c,
                       rng_beta(&s, p->socorg.quality_a, p->socorg.quality_b),
                       0, 0);
    }

    return 0;
}
