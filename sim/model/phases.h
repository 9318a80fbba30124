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

/* activities.c (7.18): the day's activities, run at the start of phase
 * 10 when mechanisms.activities.enabled; the live grown ties of resident
 * i (r->grown not NULL, k = activities.max_ties). */
void activities_day(struct world *w, const struct params *p, int day);
/* The slot arrays of grown ties, empty (setup_world when the mechanism
 * is on at day 0, else its first day): a run with it off carries none. */
void activities_alloc(struct world *w, const struct params *p);
/* Release them (a restored state that holds none). */
void activities_free(struct world *w);
uint32_t activities_grown(const struct residents *r, uint32_t k,
                          uint32_t i);

/* generate.c: rebuild the rate table after anything that changes rates. */
void generate_rates(struct world *w);
/* participation.c: count each community's participants. */
void participation_count(struct world *w);
/* mediation.c: work the mediation queue of community c (phase 5). */
void mediation_work(struct world *w, uint32_t c, int day);

#endif
