/* All model parameters, one field per key of the parameter table in
 * sim/base/params.c (docs/MODEL.md, "Input"). Field paths mirror the dotted
 * keys; the table holds defaults, ranges and descriptions. */
#ifndef COGOV_PARAMS_H
#define COGOV_PARAMS_H

#include <stdint.h>

#include "cogov/config.h"

enum { N_DOMAINS = 9 };

/* Unit conversions, not behaviour: keys given per year or per week (a
 * salary, a budget, a formation rate, volunteer hours) are turned into the
 * day of a step with these, and yearly rounds (grants, micro-project
 * votes) recur every DAYS_PER_YEAR days. */
enum { DAYS_PER_YEAR = 365, DAYS_PER_WEEK = 7 };
enum { SCOPE_PRIVATE, SCOPE_COMMUNITY, SCOPE_GOVERNMENT, N_SCOPES };

struct domain_params {
    double rate;                        /* per eligible resident per day */
    double share[N_SCOPES];             /* true-scope weights */
    double hours;                       /* mean hours of work */
    int volunteer, professional, grassroots; /* who serves the domain */
};

struct params {
    char name[PARAM_STRING_MAX];
    char name_zh[PARAM_STRING_MAX];   /* display name in Chinese figures */
    int64_t seed;
    struct { int64_t days, burn_in_days; } time;
    struct { int64_t snapshot_every, flush_every; } output;
    int64_t patience, max_age;
    double give_up;

    struct {
        int64_t residents, communities, building_size;
        int64_t ties_building, ties_community;
        double community_size_sd;
        double migrant_share, elderly_share, child_share, low_income_share;
        double trust_gov_mean, trust_com_mean, trust_sd;
        double migrant_trust_offset;
        double satisfaction_init, efficacy_mean, efficacy_sd;
    } population;

    struct domain_params domains[N_DOMAINS];
    struct {
        double dispute_grievance_factor, dispute_grievance_cap;
        double admin_migrant_factor;
        int arrival_draws;              /* ARRIVALS_PER_RESIDENT / _THINNED */
        double severity_a, severity_b, hours_shape;
    } matters;

    struct {
        double base, trust_slope, private_factor, severity_growth;
    } report;

    struct {
        double own, tie, elderly_factor, low_income_factor, quality;
    } selfhelp;

    struct {
        double staff_hours, hourly_cost, latency_days, admin_push, quality;
    } government;
    struct {
        double staff_hours, hourly_cost, admin_per_1k, quality;
        double admin_burden_cap, worker_hours_per_week;
    } community;

    struct {
        double satisfaction_weight, trust_weight, timeliness_days;
        double gov_credit;
        double grievance_rate, grievance_decay;
    } outcome;

    struct {
        struct { int enabled; } triage, linkage, purchase, venture,
            microprojects, grid, mediation, party;
        struct { int enabled; } activities;   /* 7.18 */
        struct { int enabled; } fund;         /* 7.7 */
        struct { int enabled; } station;      /* 7.16 */
        struct { int enabled; } rules;        /* 7.17 */
        struct { int enabled; } migration;    /* 7.19 */
        struct { int enabled; } localunits;   /* 7.15 */
    } mechanisms;

    struct {
        double accuracy, transfer_delay, transfer_penalty, admin_reduction;
        double deliberation_quorum, fund_per_resident, donations_per_resident;
        int64_t items_per_meeting, group_buildings;
        double item_cost, execution_days, deliberation_quality;
        double efficacy_learning, intake_hours;
        double building_max_severity, group_max_severity;
        int64_t meeting_every_days;
    } triage;

    struct {
        double foundation_per_resident;
    } fund;

    struct {
        double incubation_rate, incubation_participation, coordination_cost;
        double platform_days, horizon_days;
        int committee_linked;
    } linkage;

    struct {
        double budget_per_year, cycle_days, quality_weight, eval_every_days;
        double renew_min_score, max_discount, eval_noise, eval_cost;
        double staff_share, budget_change_day, budget_change_factor;
        double eval_quality_weight, eval_no_record, eval_memory;
        double eval_resident_weight, lot_per_year;
        int64_t entrants;
    } purchase;

    struct {
        double budget_per_year, grant_size, day, capacity_boost;
    } venture;

    struct {
        double budget_per_community, project_cost, effect, duration_days;
        double lag_days, day, efficacy_gain;
    } microprojects;

    struct {
        double market_price, market_quality, socorg_price;
        double buy_rate, wtp, low_income_wtp;
    } paid;

    struct {
        double residents_per_worker, detect_prob, logs_per_day, worker_cost;
        double departments, collection_share;
        double joined_share, collection_days, duplicate_days;
    } grid;

    struct {
        double mediators_per_10k, success, hours, mediator_hours, quality;
        double mediator_cost;
    } mediation;

    struct {
        int64_t initial_professional;
        double initial_grassroots, initial_funds, initial_workers;
        double quality_a, quality_b, learning, insolvency_days;
        double grassroots_hours, coordinator_hours, coordinator_cost;
        double formation_rate, grassroots_exit;
        double second_domain, fee_memory_days, reserve_years;
    } socorg;

    struct {
        double station_per_10k, salary, hours_per_day, skill_init;
        double skill_base, learning, turnover, hire_days;
        double stock_experience;
    } socialwork;

    struct {
        double initial_share, hours_per_week, effectiveness, quality;
        double join_rate, leave_rate, recognition, recognition_hours;
        double dissatisfaction_leave;
    } volunteer;

    struct {
        double member_share, threshold_factor, join_factor;
        double unit_hours, unit_funds, coordination, latency_factor;
    } party;

    struct {                            /* 7.15: 驻区单位 */
        int64_t per_community, council_days;
        double share_firm, share_school, share_collective, size_sd;
        double hours, funds, venue_days, raised_share;
        double reputation0, response;
        double attend_party, attend_committee, attend_none;
        int broker;                     /* UNITS_BROKER_* */
    } localunits;

    struct { double threshold, cost, reset; } escalation;
    struct { double weight; } influence;
    struct {                            /* 7.16: 居站分设 and 减负 */
        int separate, takeback, outsource;
        double staff_hours, hourly_cost, residual;
        double takeback_share, outsource_share, outsource_cost;
        double mobilise_share, contacts_per_hour, contact_weight;
    } station;
    struct {                            /* 7.17: 三事清单, 自治章程 */
        double accuracy_gain, rate_cut, fade_days, renew_below;
    } rules;
    struct {
        double per_year, first_attend, member_attend, member_days;
        double identification, tie_days;
        int64_t ties_per_activity, max_ties;
    } activities;
    struct {
        double turnover;
        int exclude_services;
        int associations;
    } migration;   /* 7.19 */
    struct {
        int64_t min_ties, bridge_ties;
        double form_share, form_rate, floor_share, join_rate;
        double threshold_factor;
    } association;   /* migrants' associations (7.19) */
    struct {
        double threshold_mean, threshold_sd, initial_rate, gain;
        double instigator_share;
        int threshold_censored;         /* Granovetter's censored normal */
        int network;                    /* PARTICIPATION_LOCAL / _GLOBAL */
    } participation;
};

enum { PARTICIPATION_LOCAL, PARTICIPATION_GLOBAL };
enum { ARRIVALS_PER_RESIDENT, ARRIVALS_THINNED };
/* Who brokers the local units' council (7.15). */
enum { UNITS_BROKER_NONE, UNITS_BROKER_COMMITTEE, UNITS_BROKER_PARTY };

/* The engine's parameter table (static storage). */
const struct param_table *params_table(void);

/* Checks across keys that a single row's range cannot express. Returns 0,
 * or -1 with a message naming the keys in err. */
int params_validate(const struct params *p, char *err, size_t errlen);

extern const char *const domain_names[N_DOMAINS];
extern const char *const scope_names[N_SCOPES];

#endif
