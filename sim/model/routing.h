/* Where a reported matter goes (routing.c, docs/MODEL.md 7.2): mediation
 * first for disputes, triage classification (triage.c), then by assigned
 * scope to government, the deliberation agenda, the linkage platform, the
 * contracted organisation, the committee or back to its owner. Below the
 * phases and actors that send matters on (intake, mediation, deliberation,
 * linkage, escalation, organisations that dissolve). */
#ifndef COGOV_ROUTING_H
#define COGOV_ROUTING_H

#include "model/actors.h"
#include "model/matter.h"

/* Route a reported matter to its handler: mediation, triage
 * classification, then route_scope by assigned scope. */
void intake_route(struct world *w, uint32_t slot, int day);
/* Route by the matter's assigned scope. */
void route_scope(struct world *w, uint32_t slot, int day);
/* Free hours a provider (HK_SOCORG organisation, HK_VOLUNTEER team or
 * HK_COMMITTEE, the committee's casework hours) can still book on the
 * platform or sell. */
double provider_free(const struct world *w, int kind, uint32_t handler);

/* triage.c: the scope intake assigns (true with triage.accuracy). */
int triage_classify(struct world *w, const struct matter *m, int day);
/* party.c (7.14): 1 when the party's coordination puts misclassified
 * matter m right at intake today; government's latency in days. */
int party_coordinates(const struct world *w, const struct matter *m,
                      int day);
int party_latency(const struct params *p);

/* grid.c: grid workers' daily logging capacity. */
void grid_begin_day(struct world *w);
int grid_log(struct world *w, uint32_t community);

/* Is an owner of flags f shut out of the community's services (7.19:
 * migration.exclude_services and a non-registered owner): the linkage
 * platform, the contracted organisation and the organisations' low
 * price? */
static inline int services_excluded(const struct params *p, uint8_t f)
{
    return p->migration.exclude_services && (f & R_MIGRANT);
}

#endif
