/* The parameter table: every key a scenario may set, with its default,
 * range, units and a one-line description. Loading, validation, `cogov
 * config --defaults` and the parameter table of docs/MODEL.md are all
 * generated from these rows; docs/MODEL.md and docs/CALIBRATION.md give
 * the source of each default. */
#include <stdio.h>
#include <string.h>

#include "params.h"

const char *const domain_names[N_DOMAINS] = {
    "elder_care", "child_care", "property", "dispute",    "safety",
    "employment", "facilities", "admin",    "integration"};
const char *const scope_names[N_SCOPES] = {"private", "community",
                                           "government"};

#define BIG 1e12
#define DOMAIN_ROWS(i, nm, r_, pp, pc, pg, hrs)                           \
    PFLOAT("domains." nm ".rate", domains[i].rate, r_, 0, 1,              \
           "1/resident/day",                                                \
           "new " nm " matters per eligible resident per day"),             \
    PFLOAT("domains." nm ".private", domains[i].share[SCOPE_PRIVATE], pp,   \
           0, 1, "", "weight of the private scope (居民私事)"),             \
    PFLOAT("domains." nm ".community", domains[i].share[SCOPE_COMMUNITY],   \
           pc, 0, 1, "", "weight of the community scope (社区小事)"),       \
    PFLOAT("domains." nm ".government", domains[i].share[SCOPE_GOVERNMENT], \
           pg, 0, 1, "", "weight of the government scope (政府大事)"),      \
    PFLOAT("domains." nm ".hours", domains[i].hours, hrs, 0.1, 1000, "h",   \
           "mean hours of work a " nm " matter needs")

static const struct param_def rows[] = {
    PSTRING("name", name, "",
            "scenario name recorded in the output; empty: the file name "
            "without .cfg"),
    PINT("seed", seed, 1, 0, INT64_MAX, "",
         "seed of every random draw (64-bit)"),
    PINT("time.days", time.days, 730, 1, 36500, "days",
         "days simulated (one step is one day)"),
    PINT("output.snapshot_every", output.snapshot_every, 0, 0, 36500,
         "days", "per-resident snapshot interval; 0 = no snapshots"),
    PINT("output.flush_every", output.flush_every, 30, 1, 36500, "days",
         "rows buffered before they are written to the HDF5 file"),
    PINT("patience", patience, 30, 1, 3650, "days",
         "age after which an open matter adds to its owner's grievance"),
    PINT("max_age", max_age, 180, 1, 36500, "days",
         "age at which an open matter is abandoned"),

    PINT("population.residents", population.residents, 100000, 10,
         200000000, "residents", "residents of the district"),
    PINT("population.communities", population.communities, 20, 1, 1000000,
         "communities", "communities (社区) in the district"),
    PFLOAT("population.community_size_sd", population.community_size_sd,
           0.3, 0, 2, "", "relative standard deviation of community sizes"),
    PINT("population.building_size", population.building_size, 100, 2,
         1000000, "residents", "residents per building (楼栋)"),
    PINT("population.ties_building", population.ties_building, 4, 0, 64,
         "ties", "ties to neighbours in the same building"),
    PINT("population.ties_community", population.ties_community, 4, 0, 64,
         "ties", "ties to random residents of the same community"),
    PFLOAT("population.migrant_share", population.migrant_share, 0.4, 0, 1,
           "", "share of non-registered residents (流动人口)"),
    PFLOAT("population.elderly_share", population.elderly_share, 0.15, 0, 1,
           "", "share of residents in households with elderly members"),
    PFLOAT("population.child_share", population.child_share, 0.25, 0, 1, "",
           "share of residents in households with children"),
    PFLOAT("population.low_income_share", population.low_income_share, 0.1,
           0, 1, "", "share of low-income residents"),
    PFLOAT("population.trust_gov_mean", population.trust_gov_mean, 0.5, 0, 1,
           "", "mean initial trust in government"),
    PFLOAT("population.trust_com_mean", population.trust_com_mean, 0.5, 0, 1,
           "", "mean initial trust in the community"),
    PFLOAT("population.trust_sd", population.trust_sd, 0.15, 0, 1, "",
           "standard deviation of initial trust (truncated to [0,1])"),
    PFLOAT("population.migrant_trust_offset",
           population.migrant_trust_offset, -0.05, -1, 1, "",
           "added to a migrant's initial trust means"),
    PFLOAT("population.satisfaction_init", population.satisfaction_init, 0.6,
           0, 1, "", "initial satisfaction of every resident"),
    PFLOAT("population.efficacy_mean", population.efficacy_mean, 0.3, 0, 1,
           "", "mean initial political efficacy"),
    PFLOAT("population.efficacy_sd", population.efficacy_sd, 0.1, 0, 1, "",
           "standard deviation of initial efficacy (truncated to [0,1])"),

    DOMAIN_ROWS(0, "elder_care", 0.002, 0.6, 0.4, 0, 6),
    DOMAIN_ROWS(1, "child_care", 0.0015, 0.6, 0.4, 0, 4),
    DOMAIN_ROWS(2, "property", 0.001, 0.1, 0.9, 0, 4),
    DOMAIN_ROWS(3, "dispute", 0.0005, 0.5, 0.5, 0, 4),
    DOMAIN_ROWS(4, "safety", 0.0003, 0, 0.6, 0.4, 5),
    DOMAIN_ROWS(5, "employment", 0.0015, 0.4, 0, 0.6, 5),
    DOMAIN_ROWS(6, "facilities", 0.0004, 0, 0.5, 0.5, 8),
    DOMAIN_ROWS(7, "admin", 0.0006, 0, 0, 1, 2),
    DOMAIN_ROWS(8, "integration", 0.0005, 0.5, 0.5, 0, 4),
    PFLOAT("matters.dispute_grievance_factor",
           matters.dispute_grievance_factor, 1, 0, 100, "1/grievance",
           "dispute rate multiplier is 1 + factor x grievance"),
    PFLOAT("matters.admin_migrant_factor", matters.admin_migrant_factor, 2,
           0, 100, "", "admin-service rate multiplier for migrants"),
    PFLOAT("matters.severity_a", matters.severity_a, 2, 0.01, 100, "",
           "severity ~ Beta(a, b): a"),
    PFLOAT("matters.severity_b", matters.severity_b, 3, 0.01, 100, "",
           "severity ~ Beta(a, b): b"),
    PFLOAT("matters.hours_shape", matters.hours_shape, 2, 0.1, 1000, "",
           "hours ~ Gamma(shape, mean/shape)"),

    PFLOAT("report.base", report.base, 0.05, 0, 1, "1/day",
           "daily reporting probability at zero trust"),
    PFLOAT("report.trust_slope", report.trust_slope, 0.3, 0, 1, "1/day",
           "added to the daily reporting probability per unit trust"),
    PFLOAT("report.private_factor", report.private_factor, 0.3, 0, 1, "",
           "reporting probability multiplier for private matters"),
    PFLOAT("report.severity_growth", report.severity_growth, 0.01, 0, 1,
           "1/day", "severity added per day a matter waits unreported"),

    PFLOAT("selfhelp.own", selfhelp.own, 0.05, 0, 1, "1/day",
           "daily chance an owner solves a private matter alone"),
    PFLOAT("selfhelp.tie", selfhelp.tie, 0.01, 0, 1, "1/day",
           "daily chance each tie helps solve a private matter"),
    PFLOAT("selfhelp.elderly_factor", selfhelp.elderly_factor, 0.5, 0, 1, "",
           "self-help multiplier for households with elderly"),
    PFLOAT("selfhelp.low_income_factor", selfhelp.low_income_factor, 0.7, 0,
           1, "", "self-help multiplier for low-income residents"),
    PFLOAT("selfhelp.quality", selfhelp.quality, 0.7, 0, 1, "",
           "outcome quality of a matter solved by its owner or a tie"),

    PFLOAT("government.staff_hours", government.staff_hours, 600, 0, BIG,
           "h/day", "government staff hours a day for residents' matters"),
    PFLOAT("government.hourly_cost", government.hourly_cost, 80, 0, BIG,
           "yuan/h", "cost of a government staff hour"),
    PFLOAT("government.latency_days", government.latency_days, 3, 0, 3650,
           "days", "days before a matter sent to government can be worked"),
    PFLOAT("government.admin_push", government.admin_push, 20, 0, BIG,
           "h/day", "administrative work pushed onto each community a day"),
    PFLOAT("government.quality", government.quality, 0.6, 0, 1, "",
           "outcome quality of a matter resolved by government"),

    PFLOAT("community.staff_hours", community.staff_hours, 40, 0, BIG,
           "h/day", "committee staff hours a day per community"),
    PFLOAT("community.hourly_cost", community.hourly_cost, 50, 0, BIG,
           "yuan/h", "cost of a committee staff hour"),
    PFLOAT("community.admin_per_1k", community.admin_per_1k, 2, 0, BIG,
           "h/day", "administrative work per 1000 residents a day"),
    PFLOAT("community.quality", community.quality, 0.65, 0, 1, "",
           "outcome quality of a matter resolved by the committee"),

    PFLOAT("outcome.satisfaction_weight", outcome.satisfaction_weight, 0.3,
           0, 1, "", "weight of a new outcome in satisfaction"),
    PFLOAT("outcome.trust_weight", outcome.trust_weight, 0.1, 0, 1, "",
           "weight of a new outcome in trust in the solving institution"),
    PFLOAT("outcome.timeliness_days", outcome.timeliness_days, 14, 0.01,
           3650, "days", "outcome = quality / (1 + days / this)"),
    PFLOAT("outcome.grievance_rate", outcome.grievance_rate, 0.02, 0, 100,
           "1/day", "grievance added per overdue matter per day x severity"),
    PFLOAT("outcome.grievance_decay", outcome.grievance_decay, 0.02, 0, 1,
           "1/day", "share of grievance that fades each day"),

    PFLOAT("escalation.threshold", escalation.threshold, 1.0, 0, BIG, "",
           "grievance at which a resident petitions (信访)"),
    PFLOAT("escalation.cost", escalation.cost, 20, 0, BIG, "h",
           "government hours a petition takes"),
    PFLOAT("escalation.reset", escalation.reset, 0.3, 0, 1, "",
           "share of grievance kept after petitioning"),

    PFLOAT("influence.weight", influence.weight, 0.02, 0, 1, "",
           "daily pull of trust and satisfaction toward the ties' mean"),

    PFLOAT("participation.threshold_mean", participation.threshold_mean,
           0.3, 0, 1, "", "mean participation threshold (Granovetter)"),
    PFLOAT("participation.threshold_sd", participation.threshold_sd, 0.15, 0,
           1, "", "threshold standard deviation (truncated to [0,1])"),
    PFLOAT("participation.initial_rate", participation.initial_rate, 0.05, 0,
           1, "", "share of residents participating on day 0"),
    PFLOAT("participation.gain", participation.gain, 4, 0, 100, "",
           "peer share is scaled by gain x efficacy x trust_com"),
    PENUM("participation.network", participation.network,
          PARTICIPATION_LOCAL, "local|global",
          "peers: own ties (local) or the whole community (global)"),
};

static const struct param_table table = {rows, sizeof rows / sizeof rows[0],
                                         sizeof(struct params)};

const struct param_table *params_table(void) { return &table; }

int params_validate(const struct params *p, char *err, size_t errlen)
{
    for (int d = 0; d < N_DOMAINS; d++) {
        const struct domain_params *dp = &p->domains[d];
        if (dp->share[0] + dp->share[1] + dp->share[2] <= 0) {
            snprintf(err, errlen,
                     "domains.%s: private, community and government weights "
                     "are all 0; at least one must be positive",
                     domain_names[d]);
            return -1;
        }
    }
    if (p->population.communities > p->population.residents) {
        snprintf(err, errlen,
                 "population.communities (%lld) exceeds population.residents "
                 "(%lld): every community needs residents",
                 (long long)p->population.communities,
                 (long long)p->population.residents);
        return -1;
    }
    if (p->patience >= p->max_age) {
        snprintf(err, errlen,
                 "patience (%lld) must be below max_age (%lld): a matter is "
                 "abandoned at max_age",
                 (long long)p->patience, (long long)p->max_age);
        return -1;
    }
    return 0;
}
