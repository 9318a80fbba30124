/* The parameter table: every key a scenario may set, with its default,
 * range, units and a one-line description. Loading, validation, `cogov
 * config --defaults` and the parameter table of docs/MODEL.md are all
 * generated from these rows; docs/MODEL.md and docs/CALIBRATION.md give
 * the source of each default. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/params.h"

const char *const domain_names[N_DOMAINS] = {
    "elder_care", "child_care", "property", "dispute",    "safety",
    "employment", "facilities", "admin",    "integration"};
const char *const scope_names[N_SCOPES] = {"private", "community",
                                           "government"};

#define BIG 1e12
/* Row properties (include/cogov/config.h): a DAY0 row shapes only the
 * initial state, so a fork of a checkpoint or a change schedule cannot
 * alter it; a PASSIVE row acts on neither the state nor its dynamics. */
#define DAY0(M, ...) PFLAGS(PARAM_FIXED_AFTER_DAY0, M, __VA_ARGS__)
#define PASSIVE(M, ...) PFLAGS(PARAM_PASSIVE, M, __VA_ARGS__)

/* The switches that own rows (include/cogov/config.h, PARAM_OWNED_BY), in
 * the order of their bits: the mechanisms, then switches within them,
 * which count as on only while their mechanism is. Who owns a row was
 * found by reading every use of its field (docs/MODEL.md 9): an owned row
 * is read only while one of its switches is on, or about state only they
 * make (a transferred matter, a contract, a project); a key of a
 * mechanism's section read with the mechanism off has no owner (e.g.
 * grid.residents_per_worker staffs the grid whatever the switch). */
static const char *const switches[] = {
    "mechanisms.triage.enabled",     "mechanisms.linkage.enabled",
    "mechanisms.purchase.enabled",   "mechanisms.venture.enabled",
    "mechanisms.microprojects.enabled", "mechanisms.grid.enabled",
    "mechanisms.mediation.enabled",  "mechanisms.party.enabled",
    "mechanisms.activities.enabled", "mechanisms.fund.enabled",
    "mechanisms.station.enabled",    "mechanisms.rules.enabled",
    "mechanisms.migration.enabled",  "mechanisms.localunits.enabled",
    "migration.associations",        "station.separate",
    "station.takeback",              "station.outsource"};
enum {
    O_TRIAGE = 1u << 0, O_LINKAGE = 1u << 1, O_PURCHASE = 1u << 2,
    O_VENTURE = 1u << 3, O_MICROPROJECTS = 1u << 4, O_GRID = 1u << 5,
    O_MEDIATION = 1u << 6, O_PARTY = 1u << 7, O_ACTIVITIES = 1u << 8,
    O_FUND = 1u << 9, O_STATION = 1u << 10, O_RULES = 1u << 11,
    O_MIGRATION = 1u << 12, O_LOCALUNITS = 1u << 13,
    O_ASSOCIATIONS = 1u << 14, O_SEPARATE = 1u << 15,
    O_TAKEBACK = 1u << 16, O_OUTSOURCE = 1u << 17
};
/* A row owned by the switches of mask `own` (O_* bits, any of them). */
#define OWNED(own, M, ...) PFLAGS(PARAM_OWNED_BY(own), M, __VA_ARGS__)
#define DAY0_OWNED(own, M, ...)                                            \
    PFLAGS(PARAM_FIXED_AFTER_DAY0 | PARAM_OWNED_BY(own), M, __VA_ARGS__)
#define DOMAIN_ROWS(i, nm, r_, pp, pc, pg, hrs, vol, pro, gr)              \
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
           "mean hours of work a " nm " matter needs"),                     \
    PBOOL("domains." nm ".volunteer", domains[i].volunteer, vol,            \
          "volunteer teams take " nm " matters (assumed)"),                 \
    PBOOL("domains." nm ".professional", domains[i].professional, pro,      \
          "professional organisations serve " nm " (assumed)"),             \
    PBOOL("domains." nm ".grassroots", domains[i].grassroots, gr,           \
          "a new grassroots organisation may take up " nm " (assumed)")

static const struct param_def rows[] = {
    PASSIVE(PSTRING, "name", name, "",
            "scenario name recorded in the output; empty: the file name "
            "without .cfg"),
    PASSIVE(PSTRING, "name_zh", name_zh, "",
            "the scenario's name in Chinese figures (cogov plot --lang zh); "
            "empty: name"),
    PINT("seed", seed, 1, 0, INT64_MAX, "",
         "seed of every random draw (64-bit)"),
    PASSIVE(PINT, "time.days", time.days, 730, 1, 36500, "days",
            "days simulated (one step is one day)"),
    DAY0(PINT, "time.burn_in_days", time.burn_in_days, 1095, 0, 36500, "days",
         "days of the status quo (every mechanism off) simulated before "
         "day 0 and not recorded"),
    PASSIVE(PINT, "output.snapshot_every", output.snapshot_every, 0, 0, 36500,
            "days", "per-resident snapshot interval; 0 = no snapshots"),
    PASSIVE(PINT, "output.flush_every", output.flush_every, 30, 1, 36500,
            "days", "rows buffered before they are written to the HDF5 file"),
    PINT("patience", patience, 30, 1, 3650, "days",
         "age after which an open matter adds to its owner's grievance"),
    PINT("max_age", max_age, 180, 1, 36500, "days",
         "age at which an open matter is abandoned"),
    PFLOAT("give_up", give_up, 0.02, 0, 1, "1/day",
           "daily chance an owner gives up a matter older than patience"),

    DAY0(PINT, "population.residents", population.residents, 100000, 10,
         200000000, "residents", "residents of the district"),
    DAY0(PINT, "population.communities", population.communities, 20, 1,
         1000000, "communities", "communities (社区) in the district"),
    DAY0(PFLOAT, "population.community_size_sd", population.community_size_sd,
         0.3, 0, 2, "", "relative standard deviation of community sizes"),
    DAY0(PINT, "population.building_size", population.building_size, 100, 2,
         1000000, "residents", "residents per building (楼栋)"),
    DAY0(PINT, "population.ties_building", population.ties_building, 4, 0, 64,
         "ties", "ties to neighbours in the same building"),
    DAY0(PINT, "population.ties_community", population.ties_community, 4, 0,
         64, "ties", "ties to random residents of the same community"),
    DAY0(PFLOAT, "population.migrant_share", population.migrant_share, 0.4, 0,
         1, "", "share of non-registered residents (流动人口)"),
    DAY0(PFLOAT, "population.elderly_share", population.elderly_share, 0.15, 0,
         1, "", "share of residents in households with elderly members"),
    DAY0(PFLOAT, "population.child_share", population.child_share, 0.25, 0, 1,
         "", "share of residents in households with children"),
    DAY0(PFLOAT, "population.low_income_share", population.low_income_share,
         0.1, 0, 1, "", "share of low-income residents"),
    DAY0(PFLOAT, "population.trust_gov_mean", population.trust_gov_mean, 0.51,
         0, 1, "", "mean initial trust in government"),
    DAY0(PFLOAT, "population.trust_com_mean", population.trust_com_mean, 0.53,
         0, 1, "", "mean initial trust in the community"),
    DAY0(PFLOAT, "population.trust_sd", population.trust_sd, 0.15, 0, 1, "",
         "standard deviation of initial trust (truncated to [0,1])"),
    DAY0(PFLOAT, "population.migrant_trust_offset",
         population.migrant_trust_offset, -0.05, -1, 1, "",
         "added to a migrant's initial trust means"),
    DAY0(PFLOAT, "population.satisfaction_init", population.satisfaction_init,
         0.52, 0, 1, "", "initial satisfaction of every resident"),
    DAY0(PFLOAT, "population.efficacy_mean", population.efficacy_mean, 0.3, 0,
         1, "", "mean initial political efficacy"),
    DAY0(PFLOAT, "population.efficacy_sd", population.efficacy_sd, 0.1, 0, 1,
         "", "standard deviation of initial efficacy (truncated to [0,1])"),

    /* hours: docs/CALIBRATION.md 2.0 (committee time for residents'
     * matters at 18 workers per 10 000, utilisation about 0.9) */
    DOMAIN_ROWS(0, "elder_care", 0.002, 0.6, 0.4, 0, 3,
                1, 1, 1),
    DOMAIN_ROWS(1, "child_care", 0.0015, 0.6, 0.4, 0, 2,
                1, 1, 1),
    DOMAIN_ROWS(2, "property", 0.0008, 0.1, 0.9, 0, 1.5,
                1, 0, 1),
    DOMAIN_ROWS(3, "dispute", 0.0005, 0.5, 0.5, 0, 2,
                1, 1, 1),
    /* safety: 平安志愿者, seed 000 (凤阳幸福平安联谊会) and seed 004
     * (泰安平安协会); docs/MODEL.md 7.4 */
    DOMAIN_ROWS(4, "safety", 0.0003, 0, 0.6, 0.4, 2.5,
                1, 0, 1),
    DOMAIN_ROWS(5, "employment", 0.0015, 0.4, 0, 0.6, 2.5,
                0, 1, 0),
    DOMAIN_ROWS(6, "facilities", 0.0004, 0, 0.5, 0.5, 4,
                0, 0, 0),
    DOMAIN_ROWS(7, "admin", 0.0006, 0, 0, 1, 1,
                0, 0, 0),
    DOMAIN_ROWS(8, "integration", 0.0005, 0.5, 0.5, 0, 2,
                1, 1, 1),
    PFLOAT("matters.dispute_grievance_factor",
           matters.dispute_grievance_factor, 1, 0, 100, "1/grievance",
           "dispute rate multiplier is 1 + factor x min(grievance, cap)"),
    PFLOAT("matters.dispute_grievance_cap", matters.dispute_grievance_cap, 1,
           0, 10, "", "grievance beyond which a resident's disputes rise no "
           "further: the level at which it petitions instead (assumed)"),
    PFLOAT("matters.admin_migrant_factor", matters.admin_migrant_factor, 2,
           0, 100, "", "admin-service rate multiplier for migrants"),
    PENUM("matters.arrival_draws", matters.arrival_draws,
          ARRIVALS_THINNED, "per_resident|thinned",
          "how new matters are drawn: by thinning a community's candidates, "
          "or one draw per resident a day (the same distribution, other "
          "draws; thinning draws a quarter fewer numbers)"),
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

    PFLOAT("government.staff_hours", government.staff_hours, 300, 0, BIG,
           "h/day", "government staff hours a day for residents' matters"),
    PFLOAT("government.hourly_cost", government.hourly_cost, 80, 0, BIG,
           "yuan/h", "cost of a government staff hour"),
    PFLOAT("government.latency_days", government.latency_days, 3, 0, 3650,
           "days", "days before a matter sent to government can be worked"),
    PFLOAT("government.admin_push", government.admin_push, 28, 0, BIG,
           "h/day", "administrative work pushed onto each community a day"),
    PFLOAT("government.quality", government.quality, 0.6, 0, 1, "",
           "outcome quality of a matter resolved by government"),

    PFLOAT("community.staff_hours", community.staff_hours, 51.4, 0, BIG,
           "h/day", "committee staff hours a day per community"),
    PFLOAT("community.hourly_cost", community.hourly_cost, 50, 0, BIG,
           "yuan/h", "cost of a committee staff hour"),
    PFLOAT("community.admin_per_1k", community.admin_per_1k, 1.3, 0, BIG,
           "h/day", "administrative work per 1000 residents a day"),
    PFLOAT("community.quality", community.quality, 0.65, 0, 1, "",
           "outcome quality of a matter resolved by the committee"),
    PFLOAT("community.admin_burden_cap", community.admin_burden_cap, 0.95,
           0, 1, "", "largest share of committee hours admin work takes "
           "(assumed)"),
    PASSIVE(PFLOAT, "community.worker_hours_per_week",
            community.worker_hours_per_week, 40, 1, 168, "h/week",
           "hours of a full-time committee worker, to count staff_hours "
           "as workers (committee_staff; only observed)"),

    PFLOAT("outcome.satisfaction_weight", outcome.satisfaction_weight, 0.3,
           0, 1, "", "weight of a new outcome in satisfaction"),
    PFLOAT("outcome.trust_weight", outcome.trust_weight, 0.1, 0, 1, "",
           "weight of a new outcome in trust in the solving institution"),
    PFLOAT("outcome.gov_credit", outcome.gov_credit, 0.5, 0, 1, "",
           "share of trust_weight a publicly funded service adds to trust "
           "in government"),
    PFLOAT("outcome.timeliness_days", outcome.timeliness_days, 30, 0.01,
           3650, "days", "outcome = quality / (1 + days / this)"),
    PFLOAT("outcome.grievance_rate", outcome.grievance_rate, 0.02, 0, 100,
           "1/day", "grievance added per overdue matter per day x severity"),
    PFLOAT("outcome.grievance_decay", outcome.grievance_decay, 0.02, 0, 1,
           "1/day", "share of grievance that fades each day"),

    PBOOL("mechanisms.triage.enabled", mechanisms.triage.enabled, 0,
          "三事分流: sort matters at intake, deliberate community ones"),
    PBOOL("mechanisms.linkage.enabled", mechanisms.linkage.enabled, 0,
          "四社联动: platform matching to organisations and volunteers"),
    PBOOL("mechanisms.purchase.enabled", mechanisms.purchase.enabled, 0,
          "政府购买服务: tendered service contracts with evaluation"),
    PBOOL("mechanisms.venture.enabled", mechanisms.venture.enabled, 0,
          "公益创投: yearly grants to grassroots organisations"),
    PBOOL("mechanisms.microprojects.enabled",
          mechanisms.microprojects.enabled, 0,
          "民生微实事: resident-chosen projects funded by government"),
    PBOOL("mechanisms.grid.enabled", mechanisms.grid.enabled, 0,
          "网格化: grid workers find unreported matters; the joined "
          "grid collects the departments' data once"),
    PBOOL("mechanisms.mediation.enabled", mechanisms.mediation.enabled, 0,
          "人民调解: disputes go to mediators first"),
    DAY0(PBOOL, "mechanisms.party.enabled", mechanisms.party.enabled, 0,
         "党建引领: party members, the joint meeting, coordination (7.14; "
         "members are drawn at day 0)"),
    PBOOL("mechanisms.activities.enabled", mechanisms.activities.enabled, 0,
          "睦邻/服务型治理: community activities where residents form ties "
          "that fade without contact (7.18)"),
    PBOOL("mechanisms.fund.enabled", mechanisms.fund.enabled, 0,
          "社区基金: the community fund outside triage, raised from its "
          "sources, pays grassroots organisations' coordinators"),
    PBOOL("mechanisms.station.enabled", mechanisms.station.enabled, 0,
          "居站分设 and 减负: relief of the committee's admin work (7.16)"),
    PBOOL("mechanisms.rules.enabled", mechanisms.rules.enabled, 0,
          "三事清单, 自治章程: meetings adopt rules for a domain (7.17; "
          "needs triage)"),
    PBOOL("mechanisms.migration.enabled", mechanisms.migration.enabled, 0,
          "来穗/来深: the floating population moves; newcomers arrive "
          "without ties (7.19)"),
    DAY0(PBOOL, "mechanisms.localunits.enabled", mechanisms.localunits.enabled,
         0, "驻区单位, 三元治理: local units give staff hours, venues and "
         "money through a quarterly council (7.15; units are drawn at day "
         "0)"),

    OWNED(O_TRIAGE, PFLOAT, "triage.accuracy", triage.accuracy, 0.85, 0, 1, "",
          "share of matters classified to their true scope"),
    OWNED(O_TRIAGE, PFLOAT, "triage.transfer_delay", triage.transfer_delay, 5,
          0, 365, "days",
          "days a misclassified matter waits before it is transferred"),
    OWNED(O_TRIAGE, PFLOAT, "triage.transfer_penalty", triage.transfer_penalty,
          0.05, 0, 1, "",
          "satisfaction lost by the owner of a transferred matter"),
    OWNED(O_TRIAGE, PFLOAT, "triage.admin_reduction", triage.admin_reduction,
          0.4, 0, 1, "", "share of community administrative work removed"),
    OWNED(O_TRIAGE, PFLOAT, "triage.deliberation_quorum",
          triage.deliberation_quorum, 0.02, 0, 1, "",
          "share of a unit's residents a quorate meeting needs; also the "
          "quorum of a meeting that adopts a rule (7.17)"),
    OWNED(O_TRIAGE | O_FUND, PFLOAT, "triage.fund_per_resident",
          triage.fund_per_resident, 4, 0, BIG, "yuan/resident/year",
          "government income of the community fund (assumed)"),
    OWNED(O_TRIAGE | O_FUND, PFLOAT, "triage.donations_per_resident",
          triage.donations_per_resident, 6, 0, BIG, "yuan/resident/year",
          "income of the fund donated by residents and local businesses "
          "(assumed)"),
    OWNED(O_TRIAGE | O_FUND, PFLOAT, "fund.foundation_per_resident",
          fund.foundation_per_resident, 1, 0, BIG, "yuan/resident/year",
          "income of the fund from the community foundation (社区基金会; "
          "Nan'an's 8 million, docs/CALIBRATION.md 2)"),
    OWNED(O_TRIAGE, PINT, "triage.items_per_meeting", triage.items_per_meeting,
          5, 0, 1000, "items",
          "agenda items a weekly meeting takes (一事一议)"),
    OWNED(O_TRIAGE, PINT, "triage.group_buildings", triage.group_buildings, 10,
          1, 1000000, "buildings", "buildings in a residents' group (小组)"),
    OWNED(O_TRIAGE, PFLOAT, "triage.item_cost", triage.item_cost, 60, 0, BIG,
          "yuan/h", "fund cost of a deliberated item per hour of work"),
    OWNED(O_TRIAGE, PFLOAT, "triage.execution_days", triage.execution_days, 7,
          0, 3650, "days", "days from funding an item to its resolution"),
    OWNED(O_TRIAGE, PFLOAT, "triage.deliberation_quality",
          triage.deliberation_quality, 0.8, 0, 1, "",
          "outcome quality of a deliberated item"),
    OWNED(O_TRIAGE, PFLOAT, "triage.efficacy_learning",
          triage.efficacy_learning, 0.1, 0, 1, "",
          "pull of a week's funded share on participants' efficacy"),
    OWNED(O_TRIAGE, PFLOAT, "triage.intake_hours", triage.intake_hours, 0.2, 0,
          100, "h", "committee hours to classify one matter"),
    OWNED(O_TRIAGE, PFLOAT, "triage.building_max_severity",
          triage.building_max_severity, 0.4, 0, 1, "",
          "items below this severity go to a building meeting (assumed)"),
    OWNED(O_TRIAGE, PFLOAT, "triage.group_max_severity",
          triage.group_max_severity, 0.7, 0, 1, "",
          "items below this severity (and not building ones) go to a group "
          "meeting, the rest to the community (assumed)"),
    OWNED(O_TRIAGE, PINT, "triage.meeting_every_days",
          triage.meeting_every_days, 7, 1, 3650, "days",
          "days between deliberation meetings (weekly, assumed)"),

    OWNED(O_LINKAGE, PFLOAT, "linkage.incubation_rate",
          linkage.incubation_rate, 1, 0, 1000, "1/community/year",
          "grassroots organisations incubated (孵化)"),
    PFLOAT("linkage.incubation_participation",
           linkage.incubation_participation, 0.1, 0.001, 1, "",
           "participation at which formation reaches its full rate"),
    OWNED(O_LINKAGE, PFLOAT, "linkage.coordination_cost",
          linkage.coordination_cost, 0.2, 0, 100, "h",
          "committee hours to match one matter on the platform"),
    OWNED(O_LINKAGE, PFLOAT, "linkage.platform_days", linkage.platform_days, 3,
          0, 365, "days", "days on the platform before a matter falls back"),
    PFLOAT("linkage.horizon_days", linkage.horizon_days, 7, 0.1, 365, "days",
           "days of a provider's hours the platform may book ahead"),
    OWNED(O_LINKAGE, PBOOL, "linkage.committee_linked",
          linkage.committee_linked, 1,
          "the committee is one of the four linked (四社联动, seed 003 item "
          "7): a community matter nobody else can take goes to it at once "
          "when it has the hours; off: waits linkage.platform_days"),

    OWNED(O_PURCHASE, PFLOAT, "purchase.budget_per_year",
          purchase.budget_per_year, 2e6, 0, BIG, "yuan/year",
          "service contracts bought for the whole district"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.cycle_days", purchase.cycle_days, 365,
          1, 36500, "days", "length of a contract"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.quality_weight",
          purchase.quality_weight, 0.6, 0, 1, "",
          "tender score weight of quality against price"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_every_days",
          purchase.eval_every_days, 180, 1, 36500, "days",
          "third-party evaluation interval (第三方评估)"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.renew_min_score",
          purchase.renew_min_score, 0.55, 0, 1, "",
          "evaluation score needed to renew without a tender"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.max_discount", purchase.max_discount,
          0.2, 0, 0.99, "", "largest share below the lot value a bidder asks"),
    OWNED(O_PURCHASE | O_VENTURE, PFLOAT, "purchase.eval_noise",
          purchase.eval_noise, 0.1, 0, 1, "",
          "standard deviation of proposal and evaluation noise"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_cost", purchase.eval_cost, 20000,
          0, BIG, "yuan", "cost of one evaluation"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.staff_share", purchase.staff_share,
          0.8, 0, 1, "", "share of a contract spent on social-worker posts"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.budget_change_day",
          purchase.budget_change_day, 0, 0, 36500, "day",
          "day the budget changes (0 = never)"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.budget_change_factor",
          purchase.budget_change_factor, 1, 0, 100, "",
          "budget multiplier from budget_change_day on"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.lot_per_year", purchase.lot_per_year,
          2e6, 1, BIG, "yuan/year",
          "one lot per street (a family service centre, 家综): the budget "
          "pays floor(budget / lot) streets (seed 000, note 2 of "
          "老城区基层社会治理深化研究)"),
    OWNED(O_PURCHASE, PINT, "purchase.entrants", purchase.entrants, 2, 0, 1000,
          "bidders", "new organisations bidding in each tender"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_quality_weight",
          purchase.eval_quality_weight, 0.5, 0, 1, "",
          "weight of provider quality in an evaluation score, the rest "
          "performance (assumed)"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_resident_weight",
          purchase.eval_resident_weight, 0.5, 0, 1, "",
          "share of performance scored by the satisfaction of the residents "
          "served, the rest on-time (seed 001 preface; weight assumed)"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_no_record",
          purchase.eval_no_record, 0.5, 0, 1, "",
          "performance scored when a contract resolved nothing (assumed)"),
    OWNED(O_PURCHASE, PFLOAT, "purchase.eval_memory", purchase.eval_memory,
          0.5, 0, 1, "",
          "weight of the previous evaluation in reputation (assumed)"),

    OWNED(O_VENTURE, PFLOAT, "venture.budget_per_year",
          venture.budget_per_year, 5e5, 0, BIG, "yuan/year",
          "venture-philanthropy grants a year"),
    OWNED(O_VENTURE, PFLOAT, "venture.grant_size", venture.grant_size, 5e4, 1,
          BIG, "yuan", "size of one grant"),
    OWNED(O_VENTURE, PFLOAT, "venture.day", venture.day, 90, 0, 364,
          "day of year", "day of the yearly grant round"),
    OWNED(O_VENTURE, PFLOAT, "venture.capacity_boost", venture.capacity_boost,
          0.1, 0, 1, "", "share of the quality gap a grant closes"),

    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.budget_per_community",
          microprojects.budget_per_community, 3e5, 0, BIG, "yuan/year",
          "micro-project budget of each community"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.project_cost",
          microprojects.project_cost, 1e5, 1, BIG, "yuan",
          "cost of one project"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.effect",
          microprojects.effect, 0.1, 0, 1, "",
          "reduction of the domain's matter rate per active project"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.duration_days",
          microprojects.duration_days, 365, 1, 36500, "days",
          "days a project lowers the rate"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.lag_days",
          microprojects.lag_days, 160, 0, 3650, "days",
          "days from the vote to the project's start"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.day", microprojects.day, 30,
          0, 364, "day of year", "day of the yearly proposal and vote"),
    OWNED(O_MICROPROJECTS, PFLOAT, "microprojects.efficacy_gain",
          microprojects.efficacy_gain, 0.1, 0, 1, "",
          "efficacy gain of a voter whose domain is funded"),

    PFLOAT("paid.market_price", paid.market_price, 60, 0, BIG, "yuan/h",
           "price of an hour of market service (有偿)"),
    PFLOAT("paid.market_quality", paid.market_quality, 0.7, 0, 1, "",
           "outcome quality of a market service"),
    PFLOAT("paid.socorg_price", paid.socorg_price, 20, 0, BIG, "yuan/h",
           "price of an hour of an organisation's low-price service (低偿)"),
    PFLOAT("paid.buy_rate", paid.buy_rate, 0.05, 0, 1, "1/day",
           "daily chance an owner buys a service they can afford"),
    PFLOAT("paid.wtp", paid.wtp, 50, 0, BIG, "yuan/h",
           "willingness to pay for an hour of service"),
    PFLOAT("paid.low_income_wtp", paid.low_income_wtp, 0.3, 0, 1, "",
           "willingness-to-pay multiplier of low-income residents"),

    PFLOAT("grid.residents_per_worker", grid.residents_per_worker, 1000, 1,
           BIG, "residents", "residents per grid worker (网格员)"),
    OWNED(O_GRID, PFLOAT, "grid.detect_prob", grid.detect_prob, 0.1, 0, 1,
          "1/day", "daily chance an unreported matter is found"),
    OWNED(O_GRID, PFLOAT, "grid.logs_per_day", grid.logs_per_day, 10, 0, BIG,
          "matters/day", "matters one grid worker can log a day"),
    OWNED(O_GRID, PFLOAT, "grid.worker_cost", grid.worker_cost, 200, 0, BIG,
          "yuan/day", "cost of a grid worker"),
    PFLOAT("grid.departments", grid.departments, 5, 1, 1000, "departments",
           "departments collecting in grids of their own before the joined "
           "grid (seed 001 绪论 三 (二) 1 (1))"),
    OWNED(O_GRID, PFLOAT, "grid.collection_share", grid.collection_share, 0.25,
          0, 1, "",
          "share of the committee's administrative work that is data "
          "collection for departments (assumed)"),
    OWNED(O_GRID, PFLOAT, "grid.joined_share", grid.joined_share, 1, 0, 1, "",
          "share of the departments whose collection the joined grid takes "
          "over (all five named, seed 001 绪论 三 (二) 1 (1); assumed)"),
    PFLOAT("grid.collection_days", grid.collection_days, 90, 1, 3650,
           "days", "days between two collection visits of one department "
           "to a resident (assumed)"),
    PFLOAT("grid.duplicate_days", grid.duplicate_days, 30, 0, 3650,
           "days", "a collection visit this soon after the resident's "
           "previous one is a duplicate (重复扰民; assumed)"),

    PFLOAT("mediation.mediators_per_10k", mediation.mediators_per_10k, 22.5, 0,
           10000, "1/10000 residents", "people's mediators"),
    OWNED(O_MEDIATION, PFLOAT, "mediation.success", mediation.success, 0.96, 0,
          1, "", "share of mediations that settle the dispute"),
    OWNED(O_MEDIATION, PFLOAT, "mediation.hours", mediation.hours, 3, 0.01,
          1000, "h", "mediator hours one case takes"),
    OWNED(O_MEDIATION, PFLOAT, "mediation.mediator_hours",
          mediation.mediator_hours, 1, 0, 24, "h/day",
          "hours a mediator gives a day"),
    OWNED(O_MEDIATION, PFLOAT, "mediation.quality", mediation.quality, 0.8, 0,
          1, "", "outcome quality of a settled dispute"),
    OWNED(O_MEDIATION, PFLOAT, "mediation.mediator_cost",
          mediation.mediator_cost, 30, 0, BIG, "yuan/day",
          "allowance of a mediator"),

    DAY0(PINT, "socorg.initial_professional", socorg.initial_professional, 0,
         0, 100000, "organisations", "professional organisations on day 0"),
    DAY0(PFLOAT, "socorg.initial_grassroots", socorg.initial_grassroots, 1,
         0, 1000, "1/community", "grassroots organisations per community"),
    DAY0(PFLOAT, "socorg.initial_funds", socorg.initial_funds, 2e5, 0, BIG,
         "yuan", "funds of a professional organisation on day 0"),
    DAY0(PFLOAT, "socorg.initial_workers", socorg.initial_workers, 3, 0, 10000,
         "social workers", "staff of a professional organisation on day 0"),
    PFLOAT("socorg.quality_a", socorg.quality_a, 4, 0.01, 1000, "",
           "quality of a new organisation ~ Beta(a, b): a"),
    PFLOAT("socorg.quality_b", socorg.quality_b, 4, 0.01, 1000, "",
           "quality of a new organisation ~ Beta(a, b): b"),
    PFLOAT("socorg.learning", socorg.learning, 0.0005, 0, 1, "1/day",
           "share of the quality gap closed per staffed day"),
    PFLOAT("socorg.insolvency_days", socorg.insolvency_days, 90, 1, 36500,
           "days", "days of negative funds before an organisation closes"),
    PFLOAT("socorg.grassroots_hours", socorg.grassroots_hours, 3, 0, 1000,
           "h/day", "members' hours of a grassroots organisation"),
    PFLOAT("socorg.coordinator_hours", socorg.coordinator_hours, 4, 0, 1000,
           "h/day", "hours of a paid coordinator while funds last"),
    PFLOAT("socorg.coordinator_cost", socorg.coordinator_cost, 150, 0, BIG,
           "yuan/day", "cost of a grassroots coordinator"),
    PFLOAT("socorg.formation_rate", socorg.formation_rate, 0.5, 0, 1000,
           "1/community/year", "spontaneous grassroots formation"),
    PFLOAT("socorg.grassroots_exit", socorg.grassroots_exit, 0.002, 0, 1,
           "1/day", "daily dissolution chance without participation"),
    PFLOAT("socorg.second_domain", socorg.second_domain, 0.5, 0, 1, "",
           "chance a new grassroots organisation takes a second domain "
           "(assumed)"),
    PFLOAT("socorg.fee_memory_days", socorg.fee_memory_days, 90, 1, 36500,
           "days", "memory of the fee income an organisation staffs on "
           "(assumed)"),
    PFLOAT("socorg.reserve_years", socorg.reserve_years, 1, 0.01, 100,
           "years", "years an organisation's reserves must carry its extra "
           "posts (assumed)"),

    DAY0(PFLOAT, "socialwork.station_per_10k", socialwork.station_per_10k, 1,
         0, 10000, "1/10000 residents", "social workers of work stations"),
    PFLOAT("socialwork.salary", socialwork.salary, 66000, 1, BIG,
           "yuan/year", "cost of a social-worker post"),
    PFLOAT("socialwork.hours_per_day", socialwork.hours_per_day, 5.7, 0, 24,
           "h/day", "hours a social worker works a day (40 h a week)"),
    PFLOAT("socialwork.skill_init", socialwork.skill_init, 0.3, 0, 1, "",
           "skill of a new social worker"),
    PFLOAT("socialwork.skill_base", socialwork.skill_base, 0.5, 0, 1, "",
           "effectiveness of a social worker with skill 0"),
    PFLOAT("socialwork.learning", socialwork.learning, 0.003, 0, 1, "1/day",
           "share of the skill gap closed per day worked"),
    PFLOAT("socialwork.turnover", socialwork.turnover, 0.0006, 0, 1, "1/day",
           "daily chance a social worker leaves"),
    PFLOAT("socialwork.hire_days", socialwork.hire_days, 30, 0, 3650, "days",
           "days to fill a vacant post"),
    PFLOAT("socialwork.stock_experience", socialwork.stock_experience, 0.5,
           0, 1, "", "share of the skill gap (1 - skill_init) the social "
           "workers of day 0 have closed (assumed)"),

    DAY0(PFLOAT, "volunteer.initial_share", volunteer.initial_share, 0, 0,
         1, "", "share of residents registered as volunteers at the start "
         "(of the burn-in, if any), drawn among those who take part on the "
         "first day; 0: the burn-in grows the stock from none"),
    PFLOAT("volunteer.hours_per_week", volunteer.hours_per_week, 0.23, 0, 168,
           "h/week", "hours a volunteer gives a week"),
    PFLOAT("volunteer.effectiveness", volunteer.effectiveness, 0.5, 0, 10, "",
           "work done per volunteer hour, unled"),
    PFLOAT("volunteer.quality", volunteer.quality, 0.6, 0, 1, "",
           "outcome quality of a matter solved by volunteers"),
    PFLOAT("volunteer.join_rate", volunteer.join_rate, 0.0099, 0, 1, "1/day",
           "daily chance a participant (x efficacy) registers"),
    PFLOAT("volunteer.leave_rate", volunteer.leave_rate, 0.002, 0, 1, "1/day",
           "daily chance a volunteer leaves (before retention effects)"),
    PFLOAT("volunteer.recognition", volunteer.recognition, 0.5, 0, 1, "",
           "largest cut of the leave rate from banked hours (志愿时)"),
    PFLOAT("volunteer.recognition_hours", volunteer.recognition_hours, 20,
           0.01, BIG, "h", "banked hours giving half the recognition effect"),
    PFLOAT("volunteer.dissatisfaction_leave",
           volunteer.dissatisfaction_leave, 2, 0, 100, "",
           "leave rate multiplier per unit of dissatisfaction "
           "(1 - satisfaction) (assumed)"),

    DAY0_OWNED(O_PARTY, PFLOAT, "party.member_share", party.member_share,
               0.065, 0, 1, "",
               "share of residents who are party members (assumed: national "
               "share, the seeds give none)"),
    OWNED(O_PARTY, PFLOAT, "party.threshold_factor", party.threshold_factor,
          0.5, 0, 1, "",
          "a member's participation threshold is this x its own (先锋模范, "
          "assumed)"),
    OWNED(O_PARTY, PFLOAT, "party.join_factor", party.join_factor, 3, 1, 100,
          "",
          "a participating member registers as a volunteer this many times as "
          "readily (先锋模范, assumed)"),
    OWNED(O_PARTY, PFLOAT, "party.unit_hours", party.unit_hours, 40, 0, BIG,
          "h/week/10k residents",
          "staff hours of local units the joint meeting (区域化党建) pools "
          "into each community's work (assumed)"),
    OWNED(O_PARTY, PFLOAT, "party.unit_funds", party.unit_funds, 5, 0, BIG,
          "yuan/resident/year",
          "money of local units the joint meeting pools into each community "
          "fund, under triage (assumed)"),
    OWNED(O_PARTY, PFLOAT, "party.coordination", party.coordination, 0.5, 0, 1,
          "",
          "share of misclassified matters the party's coordination sends to "
          "the right handler at intake, without a transfer (assumed)"),
    OWNED(O_PARTY, PFLOAT, "party.latency_factor", party.latency_factor, 0.5,
          0, 1, "",
          "share of government's latency left when the party coordinates the "
          "handlers (assumed)"),

    DAY0_OWNED(O_LOCALUNITS, PINT, "localunits.per_community",
               localunits.per_community, 5, 1, 1000, "units",
               "local units (驻区单位) per community (assumed: the seeds name "
               "them, seed 000 Yuexiu 三元治理, but give no count)"),
    DAY0_OWNED(O_LOCALUNITS, PFLOAT, "localunits.share_firm",
               localunits.share_firm, 0.5, 0, 1, "",
               "share of units that are firms (assumed)"),
    DAY0_OWNED(O_LOCALUNITS, PFLOAT, "localunits.share_school",
               localunits.share_school, 0.15, 0, 1, "",
               "share of units that are schools (assumed)"),
    DAY0_OWNED(O_LOCALUNITS, PFLOAT, "localunits.share_collective",
               localunits.share_collective, 0.1, 0, 1, "",
               "share of units that are collective companies (股份公司, seed "
               "001 导论 3(1); assumed); the rest are public institutions "
               "(hospitals, offices)"),
    DAY0_OWNED(O_LOCALUNITS, PFLOAT, "localunits.size_sd", localunits.size_sd,
               0.5, 0, 3, "",
               "log-normal spread of unit sizes, mean size 1 (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.hours", localunits.hours, 8, 0,
          BIG, "h/week",
          "staff hours a unit of size 1 and reputation 1 pledges at the "
          "council (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.funds", localunits.funds, 20000, 0,
          BIG, "yuan/year",
          "money a unit of size 1 and reputation 1 pledges to the community "
          "fund (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.venue_days", localunits.venue_days,
          12, 0, 365, "days/year",
          "venue days a unit of size 1 and reputation 1 opens to community "
          "activities (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.raised_share",
          localunits.raised_share, 0.2, 0, 1, "",
          "share of community matters raised by a local unit (assumed)"),
    DAY0_OWNED(O_LOCALUNITS, PFLOAT, "localunits.reputation0",
               localunits.reputation0, 0.5, 0, 1, "",
               "reputation of the community with a unit on day 0 (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.response", localunits.response,
          0.3, 0, 1, "1/council",
          "share of the gap between a unit's reputation and how it was served "
          "(matters resolved, hours used) closed at each council; 0: "
          "reputation stays as it began (assumed)"),
    OWNED(O_LOCALUNITS, PINT, "localunits.council_days",
          localunits.council_days, 91, 1, 3650, "days",
          "interval of the council (社区委员会, 联席会议, seed 002 序; "
          "quarterly is assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.attend_party",
          localunits.attend_party, 0.9, 0, 1, "",
          "chance a unit pledges at a council the party's joint meeting "
          "brokers (区域化党建; assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.attend_committee",
          localunits.attend_committee, 0.6, 0, 1, "",
          "chance a unit pledges at a council the committee brokers (assumed)"),
    OWNED(O_LOCALUNITS, PFLOAT, "localunits.attend_none",
          localunits.attend_none, 0.25, 0, 1, "",
          "chance a unit pledges with no broker (assumed)"),
    OWNED(O_LOCALUNITS, PENUM, "localunits.broker", localunits.broker,
          UNITS_BROKER_COMMITTEE, "none|committee|party",
          "who brokers the council: nobody, the committee, or the party's "
          "joint meeting (party needs mechanisms.party; without it the "
          "committee brokers)"),

    PFLOAT("escalation.threshold", escalation.threshold, 1.0, 0.001, BIG, "",
           "grievance at which a resident petitions (信访)"),
    PFLOAT("escalation.cost", escalation.cost, 20, 0, BIG, "h",
           "government hours a petition takes"),
    PFLOAT("escalation.reset", escalation.reset, 0.3, 0, 1, "",
           "share of grievance kept when a petition is settled"),

    OWNED(O_STATION, PBOOL, "station.separate", station.separate, 1,
          "居站分设: a work station of its own takes the admin work (seed 001 "
          "绪论; seed 003 提名 9, Harbin)"),
    OWNED(O_STATION, PBOOL, "station.takeback", station.takeback, 0,
          "一收: the street service centre takes services back (seed 003 成果 "
          "1, Nanjing)"),
    OWNED(O_STATION, PBOOL, "station.outsource", station.outsource, 0,
          "外包: admin work contracted to organisations (seed 003 成果 5, "
          "Wuhou)"),
    OWNED(O_SEPARATE, PFLOAT, "station.staff_hours", station.staff_hours, 30,
          0, BIG, "h/day",
          "hours of a community's work station a day (assumed)"),
    OWNED(O_SEPARATE, PFLOAT, "station.hourly_cost", station.hourly_cost, 50,
          0, BIG, "yuan/h",
          "cost of a station staff hour (assumed: a committee hour)"),
    OWNED(O_SEPARATE, PFLOAT, "station.residual", station.residual, 0.2, 0, 1,
          "",
          "share of the admin work that stays with the committee beside a "
          "station (assumed)"),
    OWNED(O_TAKEBACK, PFLOAT, "station.takeback_share", station.takeback_share,
          0.3, 0, 1, "",
          "share of the admin work the street takes back (assumed)"),
    OWNED(O_OUTSOURCE, PFLOAT, "station.outsource_share",
          station.outsource_share, 0.3, 0, 1, "",
          "share of the admin work left that is outsourced (assumed)"),
    OWNED(O_OUTSOURCE, PFLOAT, "station.outsource_cost",
          station.outsource_cost, 50, 0, BIG, "yuan/h",
          "cost of an outsourced hour of admin work (assumed)"),
    OWNED(O_STATION, PFLOAT, "station.mobilise_share", station.mobilise_share,
          0.5, 0, 1, "",
          "share of freed committee hours spent visiting residents (assumed)"),
    OWNED(O_STATION, PFLOAT, "station.contacts_per_hour",
          station.contacts_per_hour, 2, 0, 1000, "1/h",
          "households a committee member visits an hour (入户走访, assumed)"),
    OWNED(O_STATION, PFLOAT, "station.contact_weight", station.contact_weight,
          0.1, 0, 1, "",
          "pull of a visit on the resident's trust in the community (assumed: "
          "outcome.trust_weight)"),

    OWNED(O_RULES, PFLOAT, "rules.accuracy_gain", rules.accuracy_gain, 0.5, 0,
          1, "",
          "share of triage's misclassifications a rule in full force prevents "
          "in its domain (assumed)"),
    OWNED(O_RULES, PFLOAT, "rules.rate_cut", rules.rate_cut, 0.2, 0, 1, "",
          "share of its domain's new matters a rule in full force prevents "
          "(assumed)"),
    OWNED(O_RULES, PFLOAT, "rules.fade_days", rules.fade_days, 365, 1, 36500,
          "days", "time constant of a rule's force without renewal (assumed)"),
    OWNED(O_RULES, PFLOAT, "rules.renew_below", rules.renew_below, 0.5, 0, 1,
          "", "force below which a meeting takes a rule up again (assumed)"),

    PFLOAT("influence.weight", influence.weight, 0.02, 0, 1, "",
           "daily pull of trust and satisfaction toward the ties' mean"),

    OWNED(O_ACTIVITIES, PFLOAT, "activities.per_year", activities.per_year, 24,
          0, 365, "1/year",
          "activities a community holds a year (seed 002 白领驿家: 2-3 small "
          "activities a month)"),
    OWNED(O_ACTIVITIES, PFLOAT, "activities.first_attend",
          activities.first_attend, 0.0068, 0, 1, "",
          "chance a non-member comes to an activity (calibrated: 15% enrolled "
          "in year one, seed 002 白领驿家)"),
    OWNED(O_ACTIVITIES, PFLOAT, "activities.member_attend",
          activities.member_attend, 0.35, 0, 1, "",
          "chance a member comes to an activity (calibrated: about 5 "
          "attendances a member a year, seed 002 白领驿家)"),
    OWNED(O_ACTIVITIES, PFLOAT, "activities.member_days",
          activities.member_days, 365, 1, 36500, "days",
          "a member who has not come for this long is no longer one (assumed)"),
    OWNED(O_ACTIVITIES, PFLOAT, "activities.identification",
          activities.identification, 0.02, 0, 1, "",
          "share of the gap to 1 an attendance closes in trust in the "
          "community (认同感; assumed)"),
    OWNED(O_ACTIVITIES, PINT, "activities.ties_per_activity",
          activities.ties_per_activity, 1, 0, 8, "",
          "co-attendees each attendee pairs with at an activity, forming or "
          "refreshing a tie (assumed)"),
    DAY0_OWNED(O_ACTIVITIES | O_ASSOCIATIONS, PINT, "activities.max_ties",
               activities.max_ties, 8, 1, 64, "",
               "slots for grown ties per resident; when full the oldest "
               "contact is dropped (assumed)"),
    OWNED(O_ACTIVITIES | O_ASSOCIATIONS, PFLOAT, "activities.tie_days",
          activities.tie_days, 180, 1, 36500, "days",
          "a grown tie without contact for this long fades (assumed)"),

    OWNED(O_MIGRATION, PFLOAT, "migration.turnover", migration.turnover, 0.03,
          0, 1, "1/month",
          "chance a floating (non-registered) resident leaves in a month, "
          "replaced by a newcomer (assumed: the seeds give no turnover)"),
    PBOOL("migration.exclude_services", migration.exclude_services, 0,
          "non-registered residents are shut out of the linkage platform, "
          "contracted organisations and the organisations' low price "
          "(seed 001 前言: services 主要面向本地户籍居民); off: 均等化"),
    OWNED(O_MIGRATION, PBOOL, "migration.associations", migration.associations,
          0,
          "migrants' own associations form where migrants are tied to each "
          "other (联谊会, 异地务工人员组织; seed 000 第一编, 第二编; 7.19)"),
    OWNED(O_ASSOCIATIONS, PINT, "association.min_ties", association.min_ties,
          2, 1, 1000, "",
          "ties to other migrants that make a migrant a founder (assumed)"),
    OWNED(O_ASSOCIATIONS, PFLOAT, "association.form_share",
          association.form_share, 0.2, 0, 1, "",
          "share of a community's migrants with min_ties ties to other "
          "migrants above which an association can form (assumed)"),
    OWNED(O_ASSOCIATIONS, PFLOAT, "association.form_rate",
          association.form_rate, 0.1, 0, 1, "1/month",
          "monthly chance an association forms where the share is reached "
          "(assumed)"),
    OWNED(O_ASSOCIATIONS, PFLOAT, "association.floor_share",
          association.floor_share, 0.05, 0, 1, "",
          "an association dissolves when its members fall below this share of "
          "the community's migrants (assumed)"),
    OWNED(O_ASSOCIATIONS, PFLOAT, "association.join_rate",
          association.join_rate, 0.05, 0, 1, "1/month",
          "monthly chance a migrant joins, per tie to a member (assumed)"),
    OWNED(O_ASSOCIATIONS, PFLOAT, "association.threshold_factor",
          association.threshold_factor, 0.7, 0, 1, "",
          "a member's participation threshold is this x its own (seed 000 "
          "第一编: 参与式治理; assumed)"),
    OWNED(O_ASSOCIATIONS, PINT, "association.bridge_ties",
          association.bridge_ties, 2, 0, 8, "",
          "members a newcomer is tied to on arrival where an association "
          "exists (assumed)"),

    DAY0(PFLOAT, "participation.threshold_mean", participation.threshold_mean,
         0.3, 0, 1, "", "mean participation threshold (Granovetter)"),
    DAY0(PFLOAT, "participation.threshold_sd", participation.threshold_sd,
         0.15, 0, 1, "", "threshold standard deviation (truncated to [0,1])"),
    PFLOAT("participation.instigator_share", participation.instigator_share,
           0.023, 0, 1, "", "share of residents with threshold 0, who take "
           "part whatever others do (calibrated, see CALIBRATION.md)"),
    PBOOL("participation.threshold_censored",
          participation.threshold_censored, 0,
          "thresholds ~ normal censored to [0,1] (Granovetter 1978: the "
          "mass below 0 are the instigators) instead of truncated"),
    DAY0(PFLOAT, "participation.initial_rate", participation.initial_rate,
         0.05, 0, 1, "", "share of residents participating on day 0"),
    PFLOAT("participation.gain", participation.gain, 4, 0, 100, "",
           "peer share is scaled by gain x efficacy x trust_com"),
    PENUM("participation.network", participation.network,
          PARTICIPATION_LOCAL, "local|global",
          "peers: own ties (local) or the whole community (global)"),
};

/* Keys removed because they changed no result at realistic values
 * (issue 13 item 9; docs/CALIBRATION.md 7). */
static const struct param_removed removed[] = {
    {"linkage.match_eff",
     "the platform now offers a matter to every provider with free hours "
     "each day; a daily match chance moved no metric by 2 seed-SDs between "
     "0.3 and 1 and no case book gives one (docs/CALIBRATION.md 7)"},
    {"linkage.volunteers_per_worker",
     "volunteers led by social workers no longer give extra hours; no case "
     "book gives the hours a led volunteer adds, and it moved no metric by "
     "2 seed-SDs (docs/CALIBRATION.md 7)"},
    {"linkage.leader_bonus",
     "volunteers led by social workers no longer give extra hours; no case "
     "book gives the hours a led volunteer adds, and it moved no metric by "
     "2 seed-SDs (docs/CALIBRATION.md 7)"},
    {"paid.subsidy",
     "the low price of a social organisation's service (paid.socorg_price) "
     "is the subsidy, paid through the purchase contract (seed 000, note 2: "
     "无偿或低偿); a second subsidy changed only government's cost "
     "(docs/CALIBRATION.md 7)"},
};

static const struct param_table table = {
    rows,    sizeof rows / sizeof rows[0],       sizeof(struct params),
    removed, sizeof removed / sizeof removed[0], switches,
    sizeof switches / sizeof switches[0]};

const struct param_table *params_table(void) { return &table; }

int params_validate(const struct params *p, char *err, size_t errlen)
{
    for (int d = 0; d < N_DOMAINS; d++) {
        const struct domain_params *dp = &p->domains[d];
        if (dp->share[0] + dp->share[1] + dp->share[2] <= 0) {
            snprintf(err, errlen,
                     "domains.%s.private, domains.%s.community and "
                     "domains.%s.government are all 0; at least one scope "
                     "weight must be positive",
                     domain_names[d], domain_names[d], domain_names[d]);
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
    if (p->localunits.share_firm + p->localunits.share_school +
            p->localunits.share_collective > 1 + 1e-12) {
        snprintf(err, errlen,
                 "localunits.share_firm + localunits.share_school + "
                 "localunits.share_collective (%g) exceeds 1: the rest are "
                 "public institutions",
                 p->localunits.share_firm + p->localunits.share_school +
                     p->localunits.share_collective);
        return -1;
    }
    if (p->triage.building_max_severity > p->triage.group_max_severity) {
        snprintf(err, errlen,
                 "triage.building_max_severity (%g) exceeds "
                 "triage.group_max_severity (%g): building items are the "
                 "least severe",
                 p->triage.building_max_severity,
                 p->triage.group_max_severity);
        return -1;
    }
    /* names are printed and the name becomes the default file name: no
     * control characters (a newline or an escape sequence would forge
     * output) */
    const char *const names[][2] = {{"name", p->name},
                                    {"name_zh", p->name_zh}};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        for (size_t i = 0; names[k][1][i]; i++)
            if ((unsigned char)names[k][1][i] < 0x20 ||
                names[k][1][i] == 0x7f) {
                snprintf(err, errlen, "%s: control character (byte 0x%02x) "
                         "at offset %zu; a name is printable text",
                         names[k][0], (unsigned char)names[k][1][i], i);
                return -1;
            }
    /* micro-projects: a vote buys budget / cost projects, spread over the
     * 8 domains that can win; each runs duration_days, so votes overlap;
     * a community counts a domain's running projects in a byte */
    double per_vote = floor(p->microprojects.budget_per_community /
                            p->microprojects.project_cost);
    double at_once = ceil(per_vote / (N_DOMAINS - 1)) *
                     (ceil(p->microprojects.duration_days / DAYS_PER_YEAR) +
                      1);
    if (at_once > 255) {
        snprintf(err, errlen, "microprojects.budget_per_community / "
                 "microprojects.project_cost buys %.0f projects a vote, "
                 "which with microprojects.duration_days = %g could run %.0f "
                 "at once in one domain of a community; at most 255",
                 per_vote, p->microprojects.duration_days, at_once);
        return -1;
    }
    /* social-worker posts are residents' jobs: the posts the purchase
     * budget (at its largest; checked when purchase is on, and again when
     * a change schedule switches it on) and the organisations of day 0
     * (their staff and what their funds pay for) fund must not exceed the
     * residents. A budget of 1e12 made 12 million posts for 600 residents;
     * stations have at most one post a resident by their range. */
    const double salary = p->socialwork.salary;
    double factor = p->purchase.budget_change_factor > 1
                        ? p->purchase.budget_change_factor : 1;
    double posts[] = {
        p->purchase.staff_share * p->purchase.budget_per_year * factor /
            salary,
        (double)p->socorg.initial_professional *
            (p->socorg.initial_workers +
             p->socorg.initial_funds / (p->socorg.reserve_years * salary)),
    };
    static const char *const what[] = {
        "purchase.staff_share x purchase.budget_per_year (x "
        "purchase.budget_change_factor) / socialwork.salary",
        "socorg.initial_professional x (socorg.initial_workers + "
        "socorg.initial_funds / (socorg.reserve_years x socialwork.salary))",
    };
    for (int k = p->mechanisms.purchase.enabled ? 0 : 1; k < 2; k++)
        if (posts[k] > (double)p->population.residents) {
            snprintf(err, errlen, "%s = %.4g social-worker posts exceeds "
                     "population.residents (%lld): posts are residents' "
                     "jobs", what[k], posts[k],
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
