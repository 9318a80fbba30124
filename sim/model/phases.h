/* The daily phases, in the order of docs/MODEL.md "Process overview".
 * Each takes the parameters it reads, so a parameter's path is visible
 * from the day loop (engine/sim.c) down. */
#ifndef COGOV_PHASES_H
#define COGOV_PHASES_H

#include "model/world.h"

/* work.c: hours of every handler for the day (start of the day). */
void work_capacity(struct world *w, const struct params *p, int day);
void phase_generate(struct world *w, const struct params *p, int day);
void phase_intake(struct world *w, const struct params *p, int day);
void phase_selfhelp(struct world *w, const struct params *p, int day);
void phase_match(struct world *w, const struct params *p, int day);
void phase_work(struct world *w, const struct params *p, int day);
void phase_deliberate(struct world *w, const struct params *p, int day);
void phase_fund(struct world *w, const struct params *p, int day);
void phase_outcomes(struct world *w, const struct params *p, int day);
void phase_escalate(struct world *w, const struct params *p, int day);
void phase_influence(struct world *w, const struct params *p, int day);
void phase_participate(struct world *w, const struct params *p, int day);

/* generate.c: rebuild the rate table after anything that changes rates. */
void generate_rates(struct world *w);
/* participation.c: count each community's participants. */
void participation_count(struct world *w);
/* mediation.c: work the mediation queue of community c (phase 5). */
void mediation_work(struct world *w, uint32_t c, int day);

#endif
