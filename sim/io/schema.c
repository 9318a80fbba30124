/* Names, units and descriptions of the outputs (see schema.h). */
#include "io/schema.h"

const char *const channel_names[N_CHANNELS] = {
    "self",      "tie",       "market",    "community", "deliberation",
    "socorg",    "volunteer", "mediation", "government", "units"};

const struct metric_def metric_defs[N_METRICS] = {
    {"matters_new", "matters/day", "matters created today (petitions too)"},
    {"matters_resolved", "matters/day", "matters resolved today"},
    {"matters_open", "matters",
     "matters open at the end of the day, unreported ones included"},
    {"matters_unreported", "matters",
     "open matters their owners have not reported (nor grid found)"},
    {"matters_abandoned", "matters/day",
     "matters abandoned today at max_age"},
    {"matters_escalated", "matters/day", "petitions (信访) filed today"},
    {"resolution_days_mean", "days",
     "mean age of the matters resolved today (NaN when none)"},
    {"resolution_days_p90", "days",
     "90th percentile (nearest rank) of the ages of today's resolved "
     "matters (NaN when none)"},
    {"satisfaction_mean", "1", "mean resident satisfaction in [0,1]"},
    {"trust_gov_mean", "1", "mean resident trust in government in [0,1]"},
    {"trust_com_mean", "1", "mean resident trust in the community in [0,1]"},
    {"efficacy_mean", "1", "mean resident efficacy in [0,1]"},
    {"grievance_mean", "1", "mean resident grievance"},
    {"participation_rate", "1",
     "share of residents whose own threshold decision is to take part "
     "today"},
    {"volunteer_count", "residents", "registered volunteers"},
    {"volunteer_hours", "h/day", "hours volunteers worked today"},
    {"gov_spending", "yuan/day",
     "government spending today: staff, purchases, grants, funds, "
     "subsidies; evaluations and grants booked over the period they pay "
     "for"},
    {"gov_cost_per_resolved", "yuan/matter",
     "government spending over matters resolved by public handling "
     "(matters_resolved_public), trailing 30 days"},
    {"admin_burden", "1",
     "mean share of committee staff hours spent on administrative tasks"},
    {"socorg_count", "organisations", "social organisations alive"},
    {"socorg_capacity_hours", "h/day",
     "work hours of all social organisations today"},
    {"social_worker_count", "social workers",
     "filled social-worker posts (work stations and organisations)"},
    {"community_fund_balance", "yuan", "sum of the community funds"},
    {"migrant_satisfaction_gap", "1",
     "mean satisfaction of registered minus non-registered residents"},
    {"time_in_system_mean", "days",
     "mean age of the matters that left the system today, resolved or "
     "abandoned (abandoned ones at their age; petitions too; NaN when "
     "none)"},
    {"time_in_system_p90", "days",
     "90th percentile (nearest rank) of the ages of the matters that left "
     "the system today, resolved or abandoned (NaN when none)"},
    {"abandoned_share", "1",
     "abandoned / (resolved + abandoned) of today's matters: the share of "
     "those that left the system unresolved (NaN when none left)"},
    {"petitions_settled", "matters/day",
     "petitions (信访) government settled today: counted in "
     "matters_resolved and resolved_by_channel[government] too, but they "
     "settle grievance and give no outcome"},
    {"matters_resolved_public", "matters/day",
     "matters resolved today by public handling: government, committee, "
     "deliberation, volunteers, mediation, organisations on referral (not "
     "bought); petitions, self, ties and the market excluded"},
    {"volunteers_active", "residents",
     "volunteers whose team worked today (not counted as participants)"},
    {"ties_per_resident", "ties",
     "mean ties a resident holds: the fixed network plus the live ties "
     "grown at activities (7.18)"},
    {"activity_attendances", "residents/day",
     "residents who came to a community activity today (7.18)"},
    {"activity_members", "residents",
     "residents who came to an activity within activities.member_days "
     "(7.18)"},
    {"mediations", "disputes/day",
     "disputes whose people's mediation ended today, settled or not"},
    {"mediation_success", "1",
     "share of today's ended mediations that settled the dispute (NaN "
     "when none ended)"},
    {"committee_staff", "workers",
     "committee staff of all communities as full-time workers: "
     "community.staff_hours x communities x 7 / "
     "community.worker_hours_per_week"},
    {"microproject_lag_days", "days",
     "mean days from the approving vote to the start of the "
     "micro-projects started today (NaN when none started)"},
    {"newcomer_ties_mean", "ties",
     "mean active ties of the residents who arrived after day 0 (7.19): "
     "grown ties only, as a newcomer's fixed ties are inactive (NaN when "
     "none)"},
    {"visits_per_resident", "1/month",
     "visits to residents' doors today at a monthly rate (x 30 / "
     "residents): the departments' and the joined grid's collection "
     "visits and the grid workers' logging of the matters they found "
     "(7.2)"},
    {"duplicate_visits_per_resident", "1/month",
     "today's collection visits that came within grid.duplicate_days of "
     "the resident's previous one (重复扰民), at a monthly rate (x 30 / "
     "residents; 7.2)"},
    {"fund_nongov_share", "1",
     "share of today's community fund income not paid by government "
     "(donations, the foundation, local units; NaN when no income)"},
    {"units_reputation_mean", "1",
     "mean reputation of the local units (7.15; NaN without units)"},
    {"units_hours", "h/day",
     "staff hours a day the local units pledged at their last council"},
    {"units_funds", "yuan/day",
     "money a day the local units pledged at their last council"},
    {"associations", "associations",
     "communities with a migrants' association today (7.19)"},
    {"association_members", "1",
     "members of the migrants' associations / non-registered residents "
     "(7.19; NaN when there are none)"},
    {"migrant_participation_rate", "1",
     "share of the non-registered residents taking part today (NaN when "
     "there are none)"},
};

const struct metric_def community_metric_defs[N_COMMUNITY_METRICS] = {
    {"matters_open", "matters", "open matters of the community's residents"},
    {"satisfaction_mean", "1", "mean satisfaction in the community"},
    {"trust_gov_mean", "1", "mean trust in government in the community"},
    {"trust_com_mean", "1", "mean trust in the community"},
    {"participation_rate", "1", "share of the community taking part today"},
    {"grievance_mean", "1", "mean grievance in the community"},
};
