/* 网格化, grid management (Huangpu, Guangzhou, seed 000; 织网工程,
 * Pingshan, seed 001; docs/MODEL.md 7.2). Grid workers walk their grid
 * and log matters residents have not reported. Each held matter is found
 * with probability grid.detect_prob a day (drawn in intake.c); each
 * community's workers log at most grid.logs_per_day each, earliest slots
 * first. The grid also joins up the departments' own grids (seed 001
 * 绪论 三 (二) 1 (1): collectors under several managers visiting the
 * same residents, 重复扰民): the data collection the committee did once
 * for each department it does once for all. */
#include "model/phases.h"
#include "model/routing.h"

double grid_collection_factor(const struct params *p)
{
    const double share = p->grid.collection_share;
    return 1.0 - share + share / p->grid.departments;
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
