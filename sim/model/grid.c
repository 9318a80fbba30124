/* 网格化, grid management (Huangpu, Guangzhou, seed 000; 织网工程,
 * Pingshan, seed 001; docs/MODEL.md 7.2). Grid workers walk their grid
 * and log matters residents have not reported. Each held matter is found
 * with probability grid.detect_prob a day (drawn in intake.c); each
 * community's workers log at most grid.logs_per_day each, earliest slots
 * first. */
#include "model/routing.h"

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
