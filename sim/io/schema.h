/* The schema of the output files (docs/MODEL.md, "Observation"): the
 * names, units and descriptions of every /timeseries and /communities
 * metric and the channels of resolved_by_channel. Writers (engine/) and
 * readers (post/, study/) both take names from here, so a reader never
 * needs the model. Domain and scope names are configuration keys as well
 * and live with the parameters (base/params.h). Names are the output
 * contract: append, never rename. */
#ifndef COGOV_SCHEMA_H
#define COGOV_SCHEMA_H

#include "base/params.h"

/* Who resolved a matter: the columns of /timeseries/resolved_by_channel. */
enum channel {
    CH_SELF, CH_TIE, CH_MARKET, CH_COMMUNITY, CH_DELIBERATION, CH_SOCORG,
    CH_VOLUNTEER, CH_MEDIATION, CH_GOVERNMENT, CH_UNITS, N_CHANNELS
};
extern const char *const channel_names[N_CHANNELS];

enum metric {
    MET_MATTERS_NEW,
    MET_MATTERS_RESOLVED,
    MET_MATTERS_OPEN,
    MET_MATTERS_UNREPORTED,
    MET_MATTERS_ABANDONED,
    MET_MATTERS_ESCALATED,
    MET_RESOLUTION_DAYS_MEAN,
    MET_RESOLUTION_DAYS_P90,
    MET_SATISFACTION_MEAN,
    MET_TRUST_GOV_MEAN,
    MET_TRUST_COM_MEAN,
    MET_EFFICACY_MEAN,
    MET_GRIEVANCE_MEAN,
    MET_PARTICIPATION_RATE,
    MET_VOLUNTEER_COUNT,
    MET_VOLUNTEER_HOURS,
    MET_GOV_SPENDING,
    MET_GOV_COST_PER_RESOLVED,
    MET_ADMIN_BURDEN,
    MET_SOCORG_COUNT,
    MET_SOCORG_CAPACITY_HOURS,
    MET_SOCIAL_WORKER_COUNT,
    MET_COMMUNITY_FUND_BALANCE,
    MET_MIGRANT_SATISFACTION_GAP,
    MET_TIME_IN_SYSTEM_MEAN,
    MET_TIME_IN_SYSTEM_P90,
    MET_ABANDONED_SHARE,
    MET_PETITIONS_SETTLED,
    MET_MATTERS_RESOLVED_PUBLIC,
    MET_VOLUNTEERS_ACTIVE,
    MET_TIES_PER_RESIDENT,
    MET_ACTIVITY_ATTENDANCES,
    MET_ACTIVITY_MEMBERS,
    MET_MEDIATIONS,
    MET_MEDIATION_SUCCESS,
    MET_COMMITTEE_STAFF,
    MET_MICROPROJECT_LAG_DAYS,
    MET_NEWCOMER_TIES_MEAN,
    MET_VISITS_PER_RESIDENT,
    MET_DUPLICATE_VISITS_PER_RESIDENT,
    MET_FUND_NONGOV_SHARE,
    MET_UNITS_REPUTATION_MEAN,
    MET_UNITS_HOURS,
    MET_UNITS_FUNDS,
    MET_ASSOCIATIONS,
    MET_ASSOCIATION_MEMBERS,
    MET_MIGRANT_PARTICIPATION_RATE,
    N_METRICS
};

enum community_metric {
    CM_MATTERS_OPEN,
    CM_SATISFACTION_MEAN,
    CM_TRUST_GOV_MEAN,
    CM_TRUST_COM_MEAN,
    CM_PARTICIPATION_RATE,
    CM_GRIEVANCE_MEAN,
    N_COMMUNITY_METRICS
};

struct metric_def {
    const char *name, *units, *description;
};
extern const struct metric_def metric_defs[N_METRICS];
extern const struct metric_def community_metric_defs[N_COMMUNITY_METRICS];

#endif
