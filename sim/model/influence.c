/* Phase 10, social influence (docs/MODEL.md, "Social influence"). Trust
 * in government, trust in the community and satisfaction move toward the
 * mean of a resident's ties by influence.weight, reading yesterday's
 * values and writing today's (double buffer), so the update is
 * independent of the order residents are visited.
 *
 * The walk over the ties runs in phase 11's pass over the residents
 * (influence.h, participation.c): a resident's influence, then its
 * participation (which reads its peers that took part yesterday, counted
 * in the same walk), then its terms of the observation's sums, in one
 * visit instead of three passes (docs/PERFORMANCE.md, "Fused pass"). This
 * phase holds what comes before the walk.
 *
 * With community activities (7.18) the phase begins with the day's
 * activities, and a resident's ties are its fixed ties and its live grown
 * ties (activities.c); without them r->grown is NULL and the walk is the
 * fixed one. With migration (7.19) a fixed tie counts only between two
 * residents present since day 0 (r->arrival; NULL: every one counts). */
#include "model/phases.h"

void phase_influence(struct world *w, const struct params *p, int day)
{
    if (p->mechanisms.activities.enabled || w->r.grown)
        activities_day(w, p, day);
}
