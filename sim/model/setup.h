/* Assembling the model (setup.c): a world allocated, its population
 * drawn, its handlers and organisations of day 0 created, the derived
 * tables built; and, for a fork from a checkpoint, what the engine derives
 * from parameters that the fork may have changed. */
#ifndef COGOV_SETUP_H
#define COGOV_SETUP_H

#include "model/world.h"

/* The world of day 0 for p. Ownership: *w is the caller's, released with
 * world_free(). Returns 0 or -1 with a message in err. */
int setup_world(struct world **w, const struct params *p, char *err,
                size_t errlen);

/* Re-derive what depends on parameters a fork may change (staffing of
 * mediation and grid, the rate table) after days run under other
 * parameters. (The purchase budget in force is a function of the
 * parameters and the day: purchase_budget_in_force.) */
void setup_fork(struct world *w, const struct params *p);

#endif
