/* Assembling the model (see setup.h): the order in which the parts of
 * day 0 are made is part of the output (each draws from its own random
 * purposes, docs/MODEL.md 5). */
#include "model/actors.h"
#include "model/phases.h"
#include "model/setup.h"

int setup_world(struct world **out, const struct params *p, char *err,
                size_t errlen)
{
    struct world *w;
    *out = NULL;
    if (world_alloc(&w, p, err, errlen))
        return -1;
    if (population_init(w, err, errlen) || handlers_init(w, err, errlen)) {
        world_free(w);
        return -1;
    }
    if (p->mechanisms.activities.enabled)
        activities_alloc(w, p);
    if (p->mechanisms.migration.enabled)
        migration_alloc(w);
    if (p->mechanisms.migration.enabled && p->migration.associations &&
        !w->r.grown)   /* bridged ties are grown ties (7.19) */
        activities_alloc(w, p);
    party_init(w);
    if (localunits_init(w, err, errlen)) {
        world_free(w);
        return -1;
    }
    participation_initial_volunteers(w);
    participation_count(w);
    generate_rates(w);
    *out = w;
    return 0;
}

void setup_fork(struct world *w, const struct params *p)
{
    handlers_staff(w);
    generate_rates(w);
    w->rates_dirty = 0;
}
