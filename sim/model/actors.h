/* The actors besides residents (docs/MODEL.md 2 and 7.7): initial
 * handlers (handlers.c), social organisations (socorg.c), social workers
 * (socialwork.c), and the funding mechanisms that create and pay them
 * (purchase.c, venture.c, microprojects.c). The *_daily functions run in
 * phase 7 (funding.c). */
#ifndef COGOV_ACTORS_H
#define COGOV_ACTORS_H

#include "model/matter.h"

/* population.c: residents, flags, states and ties of day 0. */
int population_init(struct world *w, char *err, size_t errlen);

/* handlers.c: work-station social workers, mediators, grid workers, the
 * organisations and volunteers of day 0. 0 or -1 with err. */
int handlers_init(struct world *w, char *err, size_t errlen);
/* Mediators and grid workers of every community, from the parameters
 * (at initialisation, and again when a fork changes them). */
void handlers_staff(struct world *w);

int socorg_new(struct world *w, int kind, uint32_t home, double quality,
               double funds, int day);
int socorg_serves(const struct world *w, uint32_t org, uint32_t c, int d);
void socorg_daily(struct world *w, const struct params *p, int day);
void socorg_set_posts(struct world *w, uint32_t org, uint32_t want,
                      int day);
uint32_t socorg_contract_posts(const struct world *w, uint32_t org);
void socialwork_daily(struct world *w, const struct params *p, int day);
/* A post in the lowest free slot at or after *from (from NULL: 0); *from
 * is then past it. Returns the slot. */
int socialwork_add(struct world *w, uint32_t *from, int32_t employer,
                   uint32_t community, int day, int filled, float skill);
/* A count from a quotient of money (posts a budget pays, grants or
 * projects it buys): x truncated, saturated at UINT32_MAX, since casting a
 * double beyond uint32_t is undefined. */
static inline uint32_t whole_count(double x)
{
    return x >= 4294967295.0 ? UINT32_MAX : x > 0 ? (uint32_t)x : 0;
}
/* party.c (7.14): members drawn at day 0 (nothing while the party is
 * off); the hours and the yuan a day the joint meeting pools into the
 * committee's work and the fund of a community of `residents` (0 while
 * off). */
void party_init(struct world *w);
double party_unit_hours(const struct params *p, uint32_t residents);
double party_unit_funds(const struct params *p, uint32_t residents);
/* localunits.c (7.15): units drawn at day 0 (none while off: w->units
 * stays NULL); the council on its days (phase 7); what the units of
 * community c pledged (h/day, yuan/day, venue days a year; 0 while off);
 * `worked` of the `pledged` hours used today; a matter closed (resolved
 * 1 or abandoned 0), counted for the unit that raised it; the
 * district's mean reputation (NaN without units) and pledges. */
int localunits_init(struct world *w, char *err, size_t errlen);
void localunits_daily(struct world *w, const struct params *p, int day);
double localunits_hours(const struct world *w, uint32_t c);
double localunits_funds(const struct world *w, uint32_t c);
double localunits_venue_days(const struct world *w, uint32_t c);
void localunits_worked(struct world *w, uint32_t c, double pledged,
                       double worked);
void localunits_closed(struct world *w, const struct matter *m,
                       int resolved);
void localunits_totals(const struct world *w, double *reputation_mean,
                       double *hours, double *funds);
void purchase_daily(struct world *w, const struct params *p, int day);
void purchase_credit(struct world *w, uint32_t org, const struct matter *m,
                     double quality, int day);
/* The district's purchase budget (yuan a year) in force on `day`, after
 * any budget change of that day. */
double purchase_budget_in_force(const struct params *p, int day);
void venture_daily(struct world *w, const struct params *p, int day);
void microprojects_daily(struct world *w, const struct params *p, int day);
double microproject_factor(const struct world *w, uint32_t c, int d);

#endif
