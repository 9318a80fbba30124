/* 网格化, grid management (Huangpu, Guangzhou, seed 000; 织网工程,
 * Pingshan, seed 001; docs/MODEL.md 7.2). Grid workers walk their grid
 * and log matters residents have not reported. Each held matter is found
 * with probability grid.detect_prob a day (drawn in intake.c); each
 * community's workers log at most grid.logs_per_day each, earliest slots
 * first. The grid also joins up the departments' own grids (seed 001
 * 绪论 三 (二) 1 (1): collectors under several managers visiting the
 * same residents, 重复扰民): the data collection the committee did once
 * for each department it does once for all, and its collector visits a
 * resident once a round where each department's collector came on a day
 * of its own (grid_visits_today). */
#include <math.h>
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/phases.h"
#include "model/routing.h"

double grid_collection_factor(const struct params *p)
{
    /* with grid.joined_share 1 this is 1 - share + share / departments,
     * bitwise: share * 0.0 adds +0.0 */
    const double share = p->grid.collection_share,
                 join = p->grid.joined_share;
    return 1.0 - share + share * (1.0 - join) +
           share * join / p->grid.departments;
}

/* The departments that still send collectors of their own: all of them
 * without the joined grid, the ones it has not taken over with it. */
static uint32_t departments_apart(const struct params *p, uint32_t *joined)
{
    uint32_t all = (uint32_t)llround(p->grid.departments);
    *joined = p->mechanisms.grid.enabled
                  ? (uint32_t)llround(p->grid.joined_share * all)
                  : 0;
    return all - *joined;
}

/* The visits of a round by day (struct grid_visits). Each department
 * visits each resident once a round of T = grid.collection_days days on a
 * day of the round drawn once for the pair (RP_VISITS, word d of the
 * resident's blocks: its own schedule, the same every round); the joined
 * grid visits once a round on a day of its own (RP_VISITS, day 1). A
 * visit is a duplicate when the resident's previous visit, in this
 * round or the last, came fewer than grid.duplicate_days days before
 * (the same day counts). Serial, residents in index order. */
static void build(struct world *w, const double key[6])
{
    const struct params *p = w->p;
    uint32_t joined, apart = departments_apart(p, &joined);
    uint32_t T = (uint32_t)llround(p->grid.collection_days);
    uint32_t m = apart + (joined > 0);
    size_t bytes = sizeof(struct grid_visits) + 2 * (size_t)T * 8;
    struct grid_visits *v = realloc(w->visits, bytes);
    if (!v)
        world_out_of_memory("the collection visits", bytes);
    w->visits = v;
    for (int k = 0; k < 6; k++)
        v->key[k] = key[k];
    v->days = T;
    for (uint32_t d = 0; d < 2 * T; d++)
        v->count[d] = 0;
    uint32_t *day = world_scratch(w, (m ? m : 1) * sizeof *day);
    for (uint32_t i = 0; i < w->n_res; i++) {
        uint32_t u[4], n = 0;
        for (uint32_t d = joined; d < joined + apart; d++) {
            if (d == joined || d % 4 == 0)
                rng_block(w->seed, RP_VISITS, 0, i, d / 4, u);
            day[n++] = (uint32_t)(rng_u01(u[d % 4]) * T);
        }
        if (joined) {
            rng_block(w->seed, RP_VISITS, 1, i, 0, u);
            day[n++] = (uint32_t)(rng_u01(u[0]) * T);
        }
        for (uint32_t a = 1; a < n; a++) {   /* insertion sort: n small */
            uint32_t x = day[a], b = a;
            for (; b > 0 && day[b - 1] > x; b--)
                day[b] = day[b - 1];
            day[b] = x;
        }
        for (uint32_t a = 0; a < n; a++) {
            uint32_t gap = a > 0 ? day[a] - day[a - 1]
                                 : day[0] + T - day[n - 1];
            v->count[day[a]]++;
            v->count[T + day[a]] += gap < p->grid.duplicate_days;
        }
    }
}

void grid_visits_today(struct world *w, int day, uint64_t *visits,
                       uint64_t *duplicates)
{
    const struct params *p = w->p;
    const double key[6] = {p->mechanisms.grid.enabled, p->grid.departments,
                           p->grid.joined_share, p->grid.collection_days,
                           p->grid.duplicate_days, w->n_res};
    int same = w->visits != NULL;
    for (int k = 0; same && k < 6; k++)
        same = w->visits->key[k] == key[k];
    if (!same)
        build(w, key);
    int64_t T = w->visits->days;
    uint32_t d = (uint32_t)(((int64_t)day % T + T) % T);
    *visits = w->visits->count[d];
    *duplicates = w->visits->count[w->visits->days + d];
}

void grid_begin_day(struct world *w)
{
    for (uint32_t c = 0; c < w->n_comm; c++)
        w->comm[c].grid_logged = 0;
}

int grid_log(struct world *w, uint32_t c)
{
    struct community *cm = &w->comm[c];
    double cap = cm->grid_workers * w->p->grid.logs_per_day;
    if ((double)cm->grid_logged + 1 > cap)
        return 0;
    cm->grid_logged++;
    return 1;
}
