/* `cogov patterns`: the replicate study of the patterns P1-P12 of
 * docs/MODEL.md section 1. Each pattern is tested by one or more pairs of
 * scenario files (arm A, arm B) that differ only in what the pattern is
 * about; replicate r of both arms runs with the same seed (common random
 * numbers), so the paired difference B - A measures the policy, not the
 * dice. Runs are kept in memory (no HDF5); each arm is run once and shared
 * by the pairs that use it. The directions below are the hypotheses of
 * MODEL.md, printed next to what the runs show; nothing here feeds back
 * into the model. Results and their reading: docs/CALIBRATION.md. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/msg.h"
#include "base/opts.h"
#include "base/scenario.h"
#include "engine/burnin.h"
#include "engine/observe.h"
#include "io/afile.h"
#include "base/stats.h"
#include "engine/sim.h"
#include "model/setup.h"
#include "post/summary.h"
#include "study/patterns.h"
#include "study/patterns_store.h"

/* ---- statistics ---- */

double patterns_t975(int df)
{
    /* the quantile every reader uses (base/stats.c), so that the
     * intervals of `patterns` and `report` agree */
    return df < 1 ? INFINITY : stats_t_quantile(0.975, df);
}

static void between_seed_sd(const double *a, const double *b, int n,
                            struct paired_stats *s);

void patterns_paired(const double *a, const double *b, int n,
                     struct paired_stats *s)
{
    double sa = 0, sb = 0, sd = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            continue;
        sa += a[i];
        sb += b[i];
        sd += b[i] - a[i];
        k++;
    }
    s->n = k;
    s->mean_a = k ? sa / k : NAN;
    s->mean_b = k ? sb / k : NAN;
    s->effect = k ? sd / k : NAN;
    double v = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            continue;
        double d = b[i] - a[i] - s->effect;
        v += d * d;
    }
    s->se = k > 1 ? sqrt(v / (k - 1) / k) : INFINITY;
    double h = k > 1 ? patterns_t975(k - 1) * s->se : INFINITY;
    s->lo = s->effect - h;
    s->hi = s->effect + h;
    between_seed_sd(a, b, n, s);
}

/* ---- effects in SD units, and the ablation verdict ---- */

static void between_seed_sd(const double *a, const double *b, int n,
                            struct paired_stats *s)
{
    double va = 0, vb = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            continue;
        va += (a[i] - s->mean_a) * (a[i] - s->mean_a);
        vb += (b[i] - s->mean_b) * (b[i] - s->mean_b);
    }
    int k = s->n;
    s->sd = k > 1 ? sqrt((va + vb) / 2 / (k - 1)) : NAN;
    /* a metric that is the same in every seed (a formula of inputs, such
     * as admin_burden) has an SD of rounding error only (2e-16 of 0.67):
     * it is 0, and d is then infinite, not 1e13; an effect that is
     * rounding error is none */
    double tol = 1e-12 * fmax(fabs(s->mean_a), fabs(s->mean_b));
    if (s->sd <= tol)
        s->sd = 0;
    if (k < 2)
        s->d = NAN;
    else if (s->sd > 0)
        s->d = s->effect / s->sd;
    else
        s->d = fabs(s->effect) <= tol ? 0 : copysign(INFINITY, s->effect);
}

/* Significant on the side of hyp and at least one between-seed SD. */
static int holds(int hyp, const struct paired_stats *s)
{
    int excl = s->lo > 0 || s->hi < 0;
    return s->n >= 2 && excl && (s->effect > 0) == (hyp > 0) &&
           fabs(s->d) >= 1;
}

enum pattern_verdict patterns_verdict(int hyp, const struct paired_stats *s,
                                      const struct paired_stats *abl,
                                      int n_abl, int *which)
{
    *which = -1;
    if (s->n < 2)
        return PV_TOO_FEW;
    if (!holds(hyp, s)) {
        int excl = s->lo > 0 || s->hi < 0;
        return excl && (s->effect > 0) != (hyp > 0) ? PV_OPPOSITE : PV_NOT;
    }
    for (int j = 0; j < n_abl; j++)
        if (!holds(hyp, &abl[j])) {
            *which = j;
            return PV_DEPENDS;
        }
    return PV_EMERGES;
}

/* ---- the study ---- */

/* Values recorded per day: the metrics of the HDF5 contract, the
 * resolutions by channel and open matters by scope, and two the study
 * computes from the world because no contract metric shows them. */
enum {
    X_GOV_QUEUE_PRIVATE, X_CONTRACT_QUALITY, X_TRANSFERS, X_MOBILISE_HOURS,
    X_RULES_IN_FORCE, N_EXTRA
};
enum {
    V_CHANNEL = N_METRICS,
    V_SCOPE = V_CHANNEL + N_CHANNELS,
    V_EXTRA = V_SCOPE + N_SCOPES,
    NV = V_EXTRA + N_EXTRA
};
static const char *const extra_names[N_EXTRA] = {
    "gov_queue_private", "contract_quality", "transfers_pending",
    "mobilise_hours", "rules_in_force"};

enum { PAIR_METRICS = 7 };

/* Memory for burned-in states shared by arms (images of about 30 bytes a
 * resident; the least recently used go first). */
#define BURNIN_MEMORY_BYTES ((size_t)1 << 30)

/* One metric of a pair: the hypothesised sign of B - A (+1, -1; 0 when
 * only reported), the window of days averaged ([from, to); to = 0: the
 * final SUMMARY_WINDOW_DAYS days, as `cogov report` and sweeps use), and
 * whether `--check` asserts the direction. */
struct pmetric {
    const char *name;
    int hyp, from, to, check;
};

/* An assumed input the pair's effect may rest on (no published figure
 * behind it, or a formula of inputs), and its neutral value: the
 * ablation runs both arms again with key=neutral. */
enum { PAIR_ASSUMED = 2 };
struct passumed {
    const char *key, *neutral, *why;
};

struct ppair {
    const char *id, *claim, *a, *b;
    struct pmetric m[PAIR_METRICS];
    struct passumed assumed[PAIR_ASSUMED];
};

#define FINAL 0, 0
/* the assumed effects of a residents' rule (P9, MODEL.md 7.17) */
#define RULES_ASSUMED                                                      \
    {{"rules.accuracy_gain", "0",                                          \
      "misclassifications a rule prevents (assumed)"},                     \
     {"rules.rate_cut", "0", "matters a rule prevents (assumed)"}}
/* the assumed inputs of the work station's chain (P8, MODEL.md 7.16) */
#define STATION_ASSUMED                                                    \
    {{"station.contact_weight", "0",                                       \
      "pull of a visit on trust in the community (assumed)"},              \
     {"station.mobilise_share", "0",                                       \
      "share of freed hours spent visiting residents (assumed)"}}
/* the assumed response of the units' pledges (P7, MODEL.md 7.15) */
#define UNITS_REPUTATION                                                   \
    {"localunits.response", "0",                                           \
     "reputation follows how a unit is served (assumed)"}
static const struct ppair study[] = {
    {"P1", "migrant influx under the baseline: backlog, delays, admin load",
     "baseline.cfg", "influx.cfg",
     {{"matters_open", +1, FINAL, 1},
      {"resolution_days_mean", +1, FINAL, 0},
      {"matters_abandoned", +1, FINAL, 1},
      {"admin_burden", +1, FINAL, 1},
      {"trust_com_mean", -1, FINAL, 0},
      {"participation_rate", -1, FINAL, 0},
      {"satisfaction_mean", -1, FINAL, 0}},
     {{"community.admin_per_1k", "0",
       "admin work that grows with population (assumed 20% split)"}}},
    {"P2a", "triage takes private matters off government's queue",
     "baseline.cfg", "triage.cfg",
     {{"gov_queue_private", -1, FINAL, 1},
      {"resolved_by_channel[government]", -1, FINAL, 1},
      {"gov_cost_per_resolved", -1, FINAL, 0},
      {"matters_open", 0, FINAL, 0},
      {"resolution_days_mean", 0, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0}},
     {{"triage.admin_reduction", "0",
       "the share of admin work triage removes (assumed)"}}},
    {"P2b", "the gain of triage depends on classification accuracy",
     "triage_low_accuracy.cfg", "triage_high_accuracy.cfg",
     {{"gov_queue_private", -1, FINAL, 0},
      {"gov_cost_per_resolved", -1, FINAL, 0},
      {"resolution_days_mean", -1, FINAL, 1},
      {"matters_open", -1, FINAL, 0},
      {"satisfaction_mean", +1, FINAL, 0}},
     {{"triage.admin_reduction", "0",
       "the share of admin work triage removes (assumed)"}}},
    {"P3a", "linkage multiplies capacity and raises participation",
     "baseline.cfg", "linkage.cfg",
     {{"participation_rate", +1, FINAL, 0},
      {"volunteer_hours", +1, FINAL, 1},
      {"resolved_by_channel[volunteer]", +1, FINAL, 0},
      {"matters_open", -1, FINAL, 0},
      {"matters_abandoned", -1, FINAL, 0},
      {"volunteer_count", +1, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0}},
     {{"volunteer.effectiveness", "1",
       "work done per volunteer hour against a staff hour (assumed 0.5)"}}},
    {"P3b", "more social workers lead more volunteers (社工+义工)",
     "linkage.cfg", "linkage_many_workers.cfg",
     {{"resolved_by_channel[volunteer]", +1, FINAL, 1},
      {"volunteer_hours", +1, FINAL, 0},
      {"resolved_by_channel[community]", 0, FINAL, 0},
      {"matters_open", -1, FINAL, 0},
      {"participation_rate", +1, FINAL, 0},
      {"gov_spending", 0, FINAL, 0}},
     {{"volunteer.effectiveness", "1",
       "work done per volunteer hour against a staff hour (assumed 0.5)"}}},
    {"P4a", "purchase of services grows a professional sector",
     "baseline.cfg", "purchase.cfg",
     {{"social_worker_count", +1, FINAL, 1},
      {"socorg_capacity_hours", +1, FINAL, 1},
      {"resolved_by_channel[socorg]", +1, FINAL, 1},
      {"matters_open", 0, FINAL, 0},
      {"gov_spending", +1, FINAL, 0}},
     {{"purchase.staff_share", "0",
       "posts a contract funds, a formula of the budget (assumed share)"},
      {"socorg.reserve_years", "100",
       "posts an organisation's reserves carry (assumed one year)"}}},
    {"P4b", "a budget cut in year 2 shrinks the sector, with a lag",
     "purchase.cfg", "purchase_cut.cfg",
     {{"social_worker_count", -1, 365, 395, 0},
      {"social_worker_count", -1, 455, 545, 0},
      {"social_worker_count", -1, FINAL, 1},
      {"socorg_capacity_hours", -1, 365, 395, 0},
      {"socorg_capacity_hours", -1, FINAL, 1},
      {"gov_spending", -1, FINAL, 0}},
     {{"purchase.staff_share", "0",
       "posts a contract funds, a formula of the budget (assumed share)"}}},
    {"P4c", "evaluation-based renewal raises provider quality",
     "purchase_no_evaluation.cfg", "purchase.cfg",
     {{"contract_quality", +1, 365, 455, 0},
      {"contract_quality", +1, FINAL, 0},
      {"resolved_by_channel[socorg]", 0, FINAL, 0}},
     {{"purchase.eval_quality_weight", "0",
       "evaluations see true quality (assumed weight 0.5)"}}},
    {"P12a", "one family service centre per street, not a lot per community",
     "purchase_split.cfg", "purchase.cfg",
     {{"social_worker_count", +1, FINAL, 0},
      {"socorg_capacity_hours", +1, FINAL, 0},
      {"resolved_by_channel[socorg]", +1, FINAL, 0},
      {"matters_open", -1, FINAL, 0},
      {"gov_spending", 0, FINAL, 0}},
     {{"purchase.staff_share", "0",
       "posts a contract funds, a formula of the budget (assumed share)"}}},
    {"P12b", "a community fund outside triage keeps grassroots groups working",
     "baseline.cfg", "fund.cfg",
     {{"socorg_capacity_hours", +1, FINAL, 0},
      {"socorg_count", +1, FINAL, 0},
      {"resolved_by_channel[socorg]", +1, FINAL, 0},
      {"matters_open", 0, FINAL, 0},
      {"gov_spending", 0, FINAL, 0}},
     {{"triage.donations_per_resident", "0",
       "donations of residents and businesses (assumed 6 yuan a year)"}}},
    {"P12c", "the joined grid (织网工程) lifts the departments' repeated "
             "collection off the committee",
     "baseline.cfg", "grid.cfg",
     {{"admin_burden", -1, FINAL, 1},
      {"matters_unreported", -1, FINAL, 1},
      {"resolution_days_mean", -1, FINAL, 0},
      {"resolved_by_channel[community]", 0, FINAL, 0},
      {"matters_open", 0, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0},
      {"gov_spending", +1, FINAL, 0}},
     {{"grid.collection_share", "0",
       "share of admin work that is collection for departments "
       "(assumed)"}}},
    {"P12d", "the joined grid (织网工程) cuts duplicate visits to residents "
             "(重复扰民)",
     "baseline.cfg", "grid.cfg",
     {{"visits_per_resident", -1, FINAL, 1},
      {"duplicate_visits_per_resident", -1, FINAL, 1},
      {"trust_gov_mean", 0, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0}},
     {{"grid.joined_share", "0",
       "share of the departments the joined grid takes over (assumed "
       "all)"}}},
    {"P5", "participation tips from low to high near its threshold",
     "tipping_below.cfg", "tipping_above.cfg",
     {{"participation_rate", +1, FINAL, 0},
      {"efficacy_mean", 0, FINAL, 0},
      {"volunteer_count", 0, FINAL, 0}},
     {{"participation.instigator_share", "0",
       "residents who take part whatever others do (calibrated)"}}},
    {"P6a", "party members (先锋模范) seed participation and volunteering",
     "all.cfg", "party.cfg",
     {{"participation_rate", +1, FINAL, 1},
      {"volunteer_count", +1, FINAL, 1},
      {"volunteer_hours", +1, FINAL, 0},
      {"resolved_by_channel[volunteer]", +1, FINAL, 0},
      {"trust_com_mean", +1, FINAL, 0},
      {"efficacy_mean", 0, FINAL, 0}},
     {{"party.threshold_factor", "1",
       "members' lower participation threshold (assumed half)"},
      {"party.join_factor", "1",
       "members' readiness to volunteer (assumed three times)"}}},
    {"P6d", "party members tip a district near its tipping point",
     "tipping_below.cfg", "party_tipping.cfg",
     {{"participation_rate", +1, FINAL, 0},
      {"volunteer_count", +1, FINAL, 0},
      {"efficacy_mean", 0, FINAL, 0},
      {"trust_com_mean", 0, FINAL, 0}},
     {{"party.threshold_factor", "1",
       "members' lower participation threshold (assumed half)"},
      {"party.join_factor", "1",
       "members' readiness to volunteer (assumed three times)"}}},
    {"P6b", "party coordination cuts transfers and delays",
     "all.cfg", "party.cfg",
     {{"transfers_pending", -1, FINAL, 1},
      {"resolution_days_mean", -1, FINAL, 0},
      {"time_in_system_mean", -1, FINAL, 0},
      {"satisfaction_mean", +1, FINAL, 0},
      {"trust_gov_mean", +1, FINAL, 0}},
     {{"party.coordination", "0",
       "share of wrong classes coordination catches (assumed half)"},
      {"party.latency_factor", "1",
       "share of government's latency left (assumed half)"}}},
    {"P6c", "the joint meeting (区域化党建) pools local units' hours and money",
     "all.cfg", "party.cfg",
     {{"resolved_by_channel[community]", 0, FINAL, 0},
      {"resolved_by_channel[deliberation]", +1, FINAL, 1},
      {"matters_open", -1, FINAL, 0},
      {"matters_abandoned", -1, FINAL, 0},
      {"trust_com_mean", +1, FINAL, 0},
      {"trust_gov_mean", +1, FINAL, 0},
      {"gov_spending", 0, FINAL, 0}},
     {{"party.unit_hours", "0",
       "local units' staff hours pooled (assumed 40 a week per 10 000)"},
      {"party.unit_funds", "0",
       "local units' money pooled (assumed 5 yuan a resident a year)"}}},
    {"P7a", "local units co-governing (三元治理) raise the non-government "
     "share", "localunits_off.cfg", "localunits.cfg",
     {{"fund_nongov_share", +1, FINAL, 1},
      {"resolved_by_channel[units]", +1, FINAL, 1},
      {"matters_open", -1, FINAL, 0},
      {"trust_com_mean", +1, FINAL, 0},
      {"activity_attendances", +1, FINAL, 0},
      {"gov_spending", 0, FINAL, 0}},
     {UNITS_REPUTATION,
      {"localunits.raised_share", "0",
       "share of community matters the units raise (assumed)"}}},
    {"P7b", "the party's joint meeting draws more from the units than the "
     "committee", "localunits_party_committee.cfg", "localunits_party.cfg",
     /* not checked: the units' falling reputation offsets about half of
      * the broker's pull (full study: d 1.80 for units_hours, 3.58 with
      * reputation held; CALIBRATION.md 6.10) */
     {{"units_hours", +1, FINAL, 0},
      {"units_funds", +1, FINAL, 0},
      {"fund_nongov_share", +1, FINAL, 0},
      {"resolved_by_channel[units]", +1, FINAL, 0},
      {"units_reputation_mean", 0, FINAL, 0}},
     {UNITS_REPUTATION,
      {"localunits.attend_party", "0.6",
       "pledge chance under the joint meeting (assumed 0.9 vs 0.6)"}}},
    {"P7c", "a committee's council draws more from the units than none",
     "localunits_unbrokered.cfg", "localunits.cfg",
     {{"units_hours", +1, FINAL, 1},
      {"units_funds", +1, FINAL, 1},
      {"fund_nongov_share", +1, FINAL, 0},
      {"resolved_by_channel[units]", +1, FINAL, 0},
      {"units_reputation_mean", 0, FINAL, 0}},
     {UNITS_REPUTATION,
      {"localunits.attend_none", "0.6",
       "pledge chance with no broker (assumed 0.25 vs 0.6)"}}},
    {"P10", "activities grow ties, participation and volunteers (睦邻)",
     "baseline.cfg", "activities.cfg",
     {{"ties_per_resident", +1, FINAL, 1},
      {"trust_com_mean", +1, FINAL, 0},
      {"participation_rate", +1, FINAL, 0},
      {"volunteer_count", +1, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0}},
     {{"activities.identification", "0",
       "identification an attendance adds (assumed)"},
      {"activities.ties_per_activity", "0",
       "ties an attendee forms at an activity (assumed)"}}},
    {"P10b", "word of mouth carries attendees' identification to their ties",
     "activities_no_influence.cfg", "activities.cfg",
     {{"trust_com_mean", +1, FINAL, 0},
      {"participation_rate", 0, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0},
      {"matters_open", 0, FINAL, 0}},
     {{"activities.identification", "0",
       "identification an attendance adds (assumed)"},
      {"activities.ties_per_activity", "0",
       "ties an attendee forms at an activity (assumed)"}}},
    {"P8a", "a work station of its own frees the committee for residents",
     "baseline.cfg", "station.cfg",
     {{"admin_burden", -1, FINAL, 1},
      {"mobilise_hours", +1, FINAL, 1},
      {"trust_com_mean", +1, FINAL, 1},
      {"participation_rate", +1, FINAL, 1},
      {"resolved_by_channel[community]", 0, FINAL, 0},
      {"volunteer_count", +1, FINAL, 0},
      {"gov_cost_per_resolved", 0, FINAL, 0}},
     STATION_ASSUMED},
    {"P8b", "more relief channels (一收, 外包) free more committee hours",
     "station.cfg", "station_relief.cfg",
     {{"admin_burden", -1, FINAL, 1},
      {"mobilise_hours", +1, FINAL, 0},
      {"trust_com_mean", +1, FINAL, 0},
      {"participation_rate", +1, FINAL, 0},
      {"gov_spending", +1, FINAL, 0}},
     STATION_ASSUMED},
    {"P8c", "under triage, relief fills the residents' meetings",
     "triage.cfg", "triage_station.cfg",
     {{"participation_rate", +1, FINAL, 0},
      {"resolved_by_channel[deliberation]", +1, FINAL, 0},
      {"efficacy_mean", +1, FINAL, 0},
      {"trust_com_mean", +1, FINAL, 0}},
     STATION_ASSUMED},
    {"P9a", "residents' rules (三事清单) sort matters better, fewer arise",
     "triage.cfg", "rules.cfg",
     {{"rules_in_force", +1, FINAL, 1},
      {"matters_new", -1, FINAL, 0},
      {"transfers_pending", -1, FINAL, 0},
      {"matters_open", -1, FINAL, 0},
      {"satisfaction_mean", +1, FINAL, 0},
      {"participation_rate", 0, FINAL, 0}},
     RULES_ASSUMED},
    {"P9b", "rules need a quorate meeting (deliberation_quorum 5% vs 2%)",
     "rules_high_quorum.cfg", "rules.cfg",
     {{"rules_in_force", +1, FINAL, 1},
      {"matters_new", -1, FINAL, 0},
      {"matters_open", -1, FINAL, 0},
      /* the quorum also gates funding (7.6): reported, not P9's claim */
      {"time_in_system_mean", 0, FINAL, 0},
      {"resolved_by_channel[deliberation]", 0, FINAL, 0},
      {"participation_rate", 0, FINAL, 0}},
     RULES_ASSUMED},
    {"P11a", "migrant turnover thins the ties; newcomers arrive alone",
     "baseline.cfg", "migrants.cfg",
     {{"ties_per_resident", -1, FINAL, 1},
      {"participation_rate", -1, FINAL, 0},
      {"trust_com_mean", 0, FINAL, 0},
      {"migrant_satisfaction_gap", 0, FINAL, 0},
      {"matters_abandoned", +1, FINAL, 0}},
     {{"migration.turnover", "0",
       "monthly turnover of the floating population (assumed 3%)"}}},
    {"P11b", "equalised services close the migrants' gap (均等化)",
     "migrants_excluded.cfg", "migrants_equalised.cfg",
     {{"migrant_satisfaction_gap", -1, FINAL, 0},
      {"resolved_by_channel[volunteer]", +1, FINAL, 0},
      {"matters_abandoned", 0, FINAL, 0},
      {"satisfaction_mean", 0, FINAL, 0}},
     {{"migration.turnover", "0",
       "monthly turnover of the floating population (assumed 3%)"}}},
    {"P11c", "newcomers gain ties only at community activities (融入)",
     "migrants.cfg", "migrants_activities.cfg",
     {{"newcomer_ties_mean", +1, FINAL, 1},
      {"ties_per_resident", +1, FINAL, 0},
      {"participation_rate", 0, FINAL, 0},
      {"migrant_satisfaction_gap", 0, FINAL, 0}},
     {{"activities.ties_per_activity", "0",
       "ties an attendee forms at an activity (assumed)"}}},
    {"P11d", "migrants' associations bring migrants into community affairs "
     "(联谊会)",
     "migrants.cfg", "migrants_associations.cfg",
     {{"association_members", +1, FINAL, 1},
      {"migrant_participation_rate", +1, FINAL, 0},
      {"newcomer_ties_mean", +1, FINAL, 1},
      {"participation_rate", +1, FINAL, 0},
      {"migrant_satisfaction_gap", 0, FINAL, 0},
      {"trust_com_mean", 0, FINAL, 0}},
     {{"association.threshold_factor", "1",
       "members' participation threshold x this (assumed 0.7)"},
      {"association.bridge_ties", "0",
       "members a newcomer is tied to on arrival (assumed 2)"}}},
};
enum { N_PAIRS = sizeof study / sizeof study[0] };

static int value_index(const char *name)
{
    for (int k = 0; k < N_METRICS; k++)
        if (!strcmp(name, metric_defs[k].name))
            return k;
    for (int c = 0; c < N_CHANNELS; c++) {
        char s[64];
        snprintf(s, sizeof s, "resolved_by_channel[%s]", channel_names[c]);
        if (!strcmp(name, s))
            return V_CHANNEL + c;
    }
    for (int c = 0; c < N_SCOPES; c++) {
        char s[64];
        snprintf(s, sizeof s, "open_by_scope[%s]", scope_names[c]);
        if (!strcmp(name, s))
            return V_SCOPE + c;
    }
    for (int c = 0; c < N_EXTRA; c++)
        if (!strcmp(name, extra_names[c]))
            return V_EXTRA + c;
    return -1;
}

/* The names of the NV values of a day, comma-separated (the series a
 * stored run holds, in order; part of its key). NULL when out of memory. */
static char *series_names(void)
{
    size_t cap = 64 * NV, len = 0;
    char *s = malloc(cap);
    for (int k = 0; s && k < NV; k++) {
        char one[64];
        if (k < V_CHANNEL)
            snprintf(one, sizeof one, "%s", metric_defs[k].name);
        else if (k < V_SCOPE)
            snprintf(one, sizeof one, "resolved_by_channel[%s]",
                     channel_names[k - V_CHANNEL]);
        else if (k < V_EXTRA)
            snprintf(one, sizeof one, "open_by_scope[%s]",
                     scope_names[k - V_SCOPE]);
        else
            snprintf(one, sizeof one, "%s", extra_names[k - V_EXTRA]);
        len += (size_t)snprintf(s + len, cap - len, "%s%s", k ? "," : "",
                                one);
    }
    return s;
}

/* The study's own values of the day, from the world. */
static void extra_values(const struct world *w, double *v)
{
    uint32_t priv = 0;
    for (uint32_t i = 0; i < w->gov_q.n; i++)
        priv += w->m[w->gov_q.slot[i]].scope == SCOPE_PRIVATE;
    v[X_GOV_QUEUE_PRIVATE] = priv;
    double q = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->n_contracts; i++)
        if (w->contracts[i].active) {
            q += w->orgs[w->contracts[i].org].quality;
            n++;
        }
    v[X_CONTRACT_QUALITY] = n ? q / n : NAN;
    /* misclassified matters waiting for their transfer (7.2): by
     * Little's law the daily transfers times triage.transfer_delay */
    uint32_t tr = 0;
    for (uint32_t i = 0; i < w->transit.n; i++)
        tr += w->m[w->transit.slot[i]].handler_kind == HK_REROUTE;
    v[X_TRANSFERS] = tr;
    double h = 0;   /* committee hours visiting residents (7.16) */
    for (uint32_t c = 0; c < w->n_comm; c++)
        h += w->comm[c].mobilise_hours;
    v[X_MOBILISE_HOURS] = h;
    /* mean force of the residents' rules, over communities and the
     * domains a rule may cover (7.17) */
    double f = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        for (int d = 0; d < N_DOMAINS; d++)
            f += d == D_ADMIN ? 0 : w->comm[c].rule[d];
    v[X_RULES_IN_FORCE] = w->n_comm ? f / w->n_comm / (N_DOMAINS - 1) : 0;
}

/* Run p in memory; out receives p->time.days rows of NV values. */
static int run_series(const struct params *p, double *out, char *err,
                      size_t errlen)
{
    struct world *w;
    struct day_metrics dm;
    if (sim_setup(&w, p, NULL, err, errlen))
        return -1;
    if (day_metrics_init(&dm, w)) {
        world_free(w);
        snprintf(err, errlen, "out of memory for metrics");
        return -1;
    }
    for (int d = 0; d < p->time.days; d++) {
        sim_step(w, d);
        observe_day(w, d, &dm);
        double *row = out + (size_t)d * NV;
        memcpy(row, dm.v, sizeof dm.v);
        memcpy(row + V_CHANNEL, dm.by_channel, sizeof dm.by_channel);
        memcpy(row + V_SCOPE, dm.open_by_scope, sizeof dm.open_by_scope);
        extra_values(w, row + V_EXTRA);
    }
    day_metrics_free(&dm);
    world_free(w);
    return 0;
}

/* One arm: a scenario file, with an ablated input or not, its
 * replicates' series once run. */
struct arm {
    const char *file;
    char path[4096];
    char ablation[160]; /* "key=neutral", or "" */
    int days, done;
    double *series; /* [replicate][day][NV]; same's when shared */
    struct arm *same;   /* an arm whose runs this one's cannot differ
                           from (patterns_run_params): run once, shared */
    uint64_t quo;       /* key of its burn-in at the first seed; 0: none */
};

struct study_opts {
    const char *dir, *csv;
    struct patterns_store *store; /* --store, or NULL */
    const char **sets; /* user sets, then room for an ablation and
                          "seed=N" */
    int nsets, reps, check, quiet, ablate, share;
    long long seed0;
    double scale;      /* district size factor (--scale) */
};

/* "key=neutral" of assumed input j of pair q, or "" past its last. */
static void ablation_set(const struct ppair *q, int j, char *s, size_t n)
{
    if (j < 0 || !q->assumed[j].key)
        *s = 0;
    else
        snprintf(s, n, "%s=%s", q->assumed[j].key, q->assumed[j].neutral);
}

static int n_assumed(const struct ppair *q)
{
    int n = 0;
    while (n < PAIR_ASSUMED && q->assumed[n].key)
        n++;
    return n;
}

static struct arm *arm_find(struct arm *arms, int n, const char *file,
                            const char *ablation)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(arms[i].file, file) &&
            !strcmp(arms[i].ablation, ablation))
            return &arms[i];
    return NULL;
}

/* A district `f` times the size: residents and communities scaled (the
 * size of a community kept), and with them the totals the parameter table
 * gives for the whole district; everything set per resident or per
 * community stays. Keeps two arms that differ in population (P1) apart. */
static int scale_district(struct params *p, double f, const char *path)
{
    if (f == 1.0)
        return 0;
    long long n = llround((double)p->population.residents * f);
    long long c = llround((double)p->population.communities * f);
    if (c < 1)
        c = 1;
    if (n < 10 || n < c)
        return msg_error("%s: --scale %g leaves %lld residents in %lld "
                         "communities; use a larger scale",
                         path, f, n, c);
    p->population.residents = n;
    p->population.communities = c;
    p->government.staff_hours *= f;
    p->purchase.budget_per_year *= f;
    p->venture.budget_per_year *= f;
    p->socorg.initial_professional =
        llround((double)p->socorg.initial_professional * f);
    return 0;
}

/* Load arm a with seed s: 0, or 1 after printing the error. */
static int arm_params(const struct arm *a, const struct study_opts *o,
                      long long s, struct params *p)
{
    char seed[48];
    int n = o->nsets;
    snprintf(seed, sizeof seed, "seed=%lld", s);
    if (a->ablation[0])
        o->sets[n++] = a->ablation;
    o->sets[n++] = seed;
    return scenario_load(a->path, o->sets, n, p, NULL, 0) ||
           scale_district(p, o->scale, a->path);
}

/* Run every replicate of arm a. Replicates run in parallel, one thread
 * each (the runs' own loops then run serially): on a shared machine this
 * wastes no time at the barriers of the day loop, and a run's result does
 * not depend on its thread count. With --store, replicates found in the
 * store are read instead, and each one run is stored when it is done. */
static int arm_run(struct arm *a, const struct study_opts *o)
{
    if (a->done)
        return 0;
    if (a->same) {
        if (arm_run(a->same, o))
            return 1;
        a->series = a->same->series;
        a->done = 1;
        if (!o->quiet)
            fprintf(stderr, "  %-28s %s%sshared with %s%s%s (its runs cannot "
                    "differ)\n", a->file, a->ablation,
                    a->ablation[0] ? " " : "", a->same->file,
                    a->same->ablation[0] ? " " : "", a->same->ablation);
        return 0;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t per = (size_t)a->days * NV;
    struct params *ps = malloc((size_t)o->reps * sizeof *ps);
    a->series = malloc((size_t)o->reps * per * sizeof(double));
    if (!ps || !a->series) {
        free(ps);
        return msg_error("out of memory for the series of %s", a->path);
    }
    /* configurations first: loading is serial (libconfig); then what
     * the store holds */
    int *todo = malloc((size_t)o->reps * sizeof *todo), n_todo = 0;
    if (!todo) {
        free(ps);
        return msg_error("out of memory for the series of %s", a->path);
    }
    for (int r = 0; r < o->reps; r++) {
        if (arm_params(a, o, o->seed0 + r, &ps[r])) {
            free(ps);
            free(todo);
            return 1;
        }
        if (!o->store || !patterns_store_read(o->store, &ps[r], a->file,
                                              a->ablation,
                                              a->series + (size_t)r * per))
            todo[n_todo++] = r;
    }
    int failed = -1, done = o->reps - n_todo;
    char first_err[CONFIG_ERR_MAX] = "";
#pragma omp parallel for schedule(dynamic, 1)
    for (int i = 0; i < n_todo; i++) {
        char err[CONFIG_ERR_MAX];
        int r = todo[i];
        double *series = a->series + (size_t)r * per;
        int bad = run_series(&ps[r], series, err, sizeof err);
        if (!bad && o->store)
            patterns_store_write(o->store, &ps[r], a->file, a->ablation,
                                 series);
#pragma omp critical(patterns_progress)
        {
            if (bad && (failed < 0 || r < failed)) {
                failed = r;
                snprintf(first_err, sizeof first_err, "%s", err);
            }
            done++;
            if (!o->quiet)
                fprintf(stderr, "\r  %-28s %s%s%d/%d replicates", a->file,
                        a->ablation, a->ablation[0] ? " " : "", done,
                        o->reps);
        }
    }
    if (!o->quiet && n_todo < o->reps)
        fprintf(stderr, "\r  %-28s %s%s%d/%d replicates, %d from the store",
                a->file, a->ablation, a->ablation[0] ? " " : "", done,
                o->reps, o->reps - n_todo);
    free(ps);
    free(todo);
    if (failed >= 0)
        return msg_error("%s, seed %lld: %s", a->path, o->seed0 + failed,
                         first_err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!o->quiet)
        fprintf(stderr, "  (%.1f s)\n",
                (double)(t1.tv_sec - t0.tv_sec) +
                    1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    a->done = 1;
    return 0;
}

/* Mean of value k over the metric's window of replicate r (NaN days
 * skipped; NaN when the window is empty or past the run). */
static double window_mean(const struct arm *a, int r, int k,
                          const struct pmetric *m)
{
    int from = m->from, to = m->to;
    if (to == 0) {
        to = a->days;
        from = to > SUMMARY_WINDOW_DAYS ? to - SUMMARY_WINDOW_DAYS : 0;
    }
    if (to > a->days)
        to = a->days;
    const double *s = a->series + (size_t)r * a->days * NV;
    double sum = 0;
    int n = 0;
    for (int d = from; d < to; d++) {
        double x = s[(size_t)d * NV + k];
        if (!isnan(x)) {
            sum += x;
            n++;
        }
    }
    return n ? sum / n : NAN;
}

static void window_label(const struct pmetric *m, char *s, size_t n)
{
    if (m->to == 0)
        snprintf(s, n, "final %d", (int)SUMMARY_WINDOW_DAYS);
    else
        snprintf(s, n, "%d-%d", m->from, m->to);
}

/* The verdict column: for hypothesised effects, whether the pattern
 * emerges (at least 1 SD, and in every ablation); s[0] is the main
 * comparison, s[1..n_abl] the ablations. */
static void verdict_text(const struct ppair *q, const struct pmetric *m,
                         const struct paired_stats *s, int n_abl, char *t,
                         size_t n)
{
    if (!m->hyp) {
        snprintf(t, n, "reported");
        return;
    }
    int which;
    switch (patterns_verdict(m->hyp, &s[0], &s[1], n_abl, &which)) {
    case PV_EMERGES:
        snprintf(t, n, "emerges");
        break;
    case PV_DEPENDS:
        snprintf(t, n, "depends on %s", q->assumed[which].key);
        break;
    case PV_NOT:
        snprintf(t, n, "does not emerge");
        break;
    case PV_OPPOSITE:
        snprintf(t, n, "does not emerge (opposite)");
        break;
    default:
        snprintf(t, n, "too few pairs");
    }
}

static void d_text(double d, char *t, size_t n)
{
    if (isinf(d))
        snprintf(t, n, "%sinf", d > 0 ? "+" : "-");
    else
        snprintf(t, n, "%+.2f", d);
}

/* Window means of metric m, replicate by replicate, of arms a and b into
 * va and vb; CSV rows too. */
static void pair_values(const struct ppair *q, const struct pmetric *m,
                        const struct arm *a, const struct arm *b,
                        const struct study_opts *o, FILE *csv, double *va,
                        double *vb)
{
    int k = value_index(m->name);
    for (int r = 0; r < o->reps; r++) {
        va[r] = window_mean(a, r, k, m);
        vb[r] = window_mean(b, r, k, m);
        if (csv)
            fprintf(csv, "%s,%s,%d,%d,%d,%lld,%.17g,%.17g,%s\n", q->id,
                    m->name, m->to ? m->from : -1, m->to ? m->to : -1, r,
                    o->seed0 + r, va[r], vb[r], a->ablation);
    }
}

/* Print pair q's table (and its CSV rows); count failed checks. arm[j]
 * holds arms A and B, j = 0 as given, j = 1..n_abl with assumed input
 * j - 1 set to neutral. */
static void report_pair(const struct ppair *q, struct arm *const arm[][2],
                        int n_abl, const struct study_opts *o, FILE *csv,
                        int *failed, int *checked)
{
    printf("\n%s  %s\n    A = %s   B = %s\n", q->id, q->claim, q->a, q->b);
    for (int j = 0; j < n_assumed(q); j++)
        printf("    assumed (%d): %s, neutral %s: %s%s\n", j + 1,
               q->assumed[j].key, q->assumed[j].neutral, q->assumed[j].why,
               j < n_abl ? "" : " (not ablated)");
    printf("    %-32s %-9s %3s %11s %11s %11s  %-25s %10s %7s %-13s %s\n",
           "metric", "window", "hyp", "mean A", "mean B", "effect B-A",
           "95% CI", "SD", "d", "d ablated", "verdict");
    double *va = malloc((size_t)o->reps * sizeof *va);
    double *vb = malloc((size_t)o->reps * sizeof *vb);
    if (!va || !vb) {
        free(va);
        free(vb);
        (*failed)++;
        msg_error("out of memory");
        return;
    }
    for (int i = 0; i < PAIR_METRICS && q->m[i].name; i++) {
        const struct pmetric *m = &q->m[i];
        struct paired_stats s[1 + PAIR_ASSUMED];
        char dab[64] = "", t[16];
        for (int j = 0; j <= n_abl; j++) {
            pair_values(q, m, arm[j][0], arm[j][1], o, csv, va, vb);
            patterns_paired(va, vb, o->reps, &s[j]);
            if (j) {
                d_text(s[j].d, t, sizeof t);
                size_t len = strlen(dab);
                snprintf(dab + len, sizeof dab - len, "%s%s", j > 1 ? "," : "",
                         t);
            }
        }
        char win[32], ci[64], d[16], v[96];
        window_label(m, win, sizeof win);
        snprintf(ci, sizeof ci, "[%.4g, %.4g]", s[0].lo, s[0].hi);
        d_text(s[0].d, d, sizeof d);
        verdict_text(q, m, s, n_abl, v, sizeof v);
        printf("    %-32s %-9s %3s %11.4g %11.4g %11.4g  %-25s %10.4g %7s "
               "%-13s %s\n",
               m->name, win, m->hyp > 0 ? "+" : m->hyp < 0 ? "-" : ".",
               s[0].mean_a, s[0].mean_b, s[0].effect, ci, s[0].sd, d,
               n_abl ? dab : "-", v);
        if (o->check && m->check) {
            /* the direction, at two paired standard errors */
            int ok = s[0].n >= 2 && m->hyp * s[0].effect > 2 * s[0].se;
            (*checked)++;
            if (!ok)
                (*failed)++;
            printf("    check %s %s %s: %s (effect %.4g, 2 SE %.4g)\n",
                   q->id, m->name, m->hyp > 0 ? "up" : "down",
                   ok ? "ok" : "FAILED", s[0].effect, 2 * s[0].se);
        }
    }
    free(va);
    free(vb);
}

static int selected(const char *only, const char *id)
{
    if (!only)
        return 1;
    /* a comma-separated list of ids or prefixes: "P1,P3" takes P3a-c;
     * a number is not cut, "P1" takes neither P10 nor P11a */
    const char *s = only;
    while (*s) {
        size_t len = strcspn(s, ",");
        if (len && !strncmp(id, s, len) &&
            !(isdigit((unsigned char)s[len - 1]) &&
              isdigit((unsigned char)id[len])))
            return 1;
        s += len + (s[len] == ',');
    }
    return 0;
}

static const char *usage_patterns =
    "usage: cogov patterns [options]\n"
    "\n"
    "The replicate study of the patterns P1-P12 (docs/CALIBRATION.md): run\n"
    "each pair of scenario files with the same seeds (common random\n"
    "numbers) and print, per pattern and metric, the mean of each arm, the\n"
    "paired effect B - A with its 95% confidence interval, the between-seed\n"
    "SD and the effect in SD units (d), d again with each assumed input of\n"
    "the pair set to neutral (the ablation, both arms rerun), and a\n"
    "verdict: a hypothesised effect emerges when its interval excludes 0\n"
    "on the expected side, |d| >= 1, and the same holds in every ablation;\n"
    "else it depends on the assumption that failed, or does not emerge.\n"
    "\n"
    "options:\n"
    "  --replicates N    pairs per comparison (default 20, at least 2)\n"
    "  --seed N          seed of the first replicate (default 1; then N+1..)\n"
    "  --days N          same as --set time.days=N, for every arm\n"
    "  --set KEY=VALUE   override a key in every arm (repeatable)\n"
    "  --scale F         run every arm at F times its district: residents,\n"
    "                    communities, government staff and the purchase and\n"
    "                    venture budgets scaled, community size kept\n"
    "  --only LIST       comma-separated pattern ids or prefixes (P1,P3b;\n"
    "                    P3 takes P3a-c, P1 only P1)\n"
    "  --scenarios DIR   where the scenario files are (default scenarios)\n"
    "  --csv FILE        also write every replicate's values as CSV\n"
    "  --force           replace the CSV file if it exists\n"
    "  --no-ablation     skip the ablation runs (verdicts then rest on the\n"
    "                    main comparison alone)\n"
    "  --no-arm-sharing  run every arm (by default an arm whose runs cannot\n"
    "                    differ from another's, e.g. an ablation of a\n"
    "                    mechanism's parameter where it is off, shares that\n"
    "                    arm's runs: bitwise the same results)\n"
    "  --check           exit 1 unless every checked metric moves in its\n"
    "                    hypothesised direction by more than 2 paired SE\n"
    "  --threads N       replicates run at once (default: OMP_NUM_THREADS\n"
    "                    or all cores); results do not depend on it\n"
    "  --no-burn-in-reuse  burn every run in itself (by default arms with\n"
    "                    the same status quo and seed share one burn-in,\n"
    "                    kept in memory: bitwise the same results)\n"
    "  --burn-in-cache DIR  also keep burned-in states in DIR for later\n"
    "                    processes (cogov run --help)\n"
    "  --store DIR       keep each finished run (arm, replicate) in DIR as\n"
    "                    soon as it is done, and read the runs DIR holds\n"
    "                    instead of running them: a study stopped part-way\n"
    "                    (Ctrl-C, kill, end of a session) continues where it\n"
    "                    stopped, with bitwise the same output. A run is\n"
    "                    found by its key (model identity of cogov --version,\n"
    "                    series, scale, every parameter and the seed); a file\n"
    "                    that does not read, fails its checksum or holds\n"
    "                    another key is refused (named on stderr), run again\n"
    "                    and replaced. The last line on stderr counts them.\n"
    "  --list            print the study's pairs and metrics, its arms\n"
    "                    (which are shared) and the runs and burn-ins it\n"
    "                    needs; run nothing\n"
    "  -q, --quiet       no progress on stderr\n";

static void list_study(const char *only)
{
    for (int i = 0; i < N_PAIRS; i++) {
        const struct ppair *q = &study[i];
        if (!selected(only, q->id))
            continue;
        printf("%s  %s\n    A = %s   B = %s\n", q->id, q->claim, q->a,
               q->b);
        for (int j = 0; j < n_assumed(q); j++)
            printf("    assumed: %s, neutral %s: %s\n", q->assumed[j].key,
                   q->assumed[j].neutral, q->assumed[j].why);
        for (int j = 0; j < PAIR_METRICS && q->m[j].name; j++) {
            char win[32];
            window_label(&q->m[j], win, sizeof win);
            printf("    %-32s %-9s %s%s\n", q->m[j].name, win,
                   q->m[j].hyp > 0   ? "up"
                   : q->m[j].hyp < 0 ? "down"
                                     : "reported",
                   q->m[j].check ? " (checked)" : "");
        }
    }
}

/* The arms, which of them share their runs, and what the study simulates:
 * runs and burn-ins at the first seed (every replicate has as many). */
static void list_arms(const struct arm *arms, int n,
                      const struct study_opts *o)
{
    int run = 0, burn = 0;
    printf("\narms (scenario file, ablation) in %s/:\n", o->dir);
    for (int i = 0; i < n; i++) {
        const struct arm *a = &arms[i];
        char label[256];
        snprintf(label, sizeof label, "%s%s%s", a->file,
                 a->ablation[0] ? " " : "", a->ablation);
        if (a->same) {
            printf("  %-52s shared with %s%s%s\n", label, a->same->file,
                   a->same->ablation[0] ? " " : "", a->same->ablation);
            continue;
        }
        printf("  %-52s run\n", label);
        run++;
        int first = a->quo != 0;   /* the first running arm of its quo */
        for (int j = 0; first && j < i; j++)
            first = arms[j].same || arms[j].quo != a->quo;
        burn += first;
    }
    printf("%d arms: %d run, %d shared (their runs cannot differ from "
           "another arm's); per replicate %d runs and %d burn-ins (%d with "
           "--no-burn-in-reuse); with %d replicates %d runs, %d "
           "burn-ins\n", n, run, n - run, run, burn, run, o->reps,
           run * o->reps, burn * o->reps);
}

/* The integer value of option opt (base/opts.h's parser); -1 when it
 * has none or it is not an integer in lo..hi (the message printed). */
static int parse_ll(const char *opt, const char *s, long long lo,
                    long long hi, long long *out)
{
    return s ? opts_int(opt, s, lo, hi, out)
             : msg_error("%s needs a value", opt);
}

int cmd_patterns(int argc, char **argv)
{
    struct study_opts o = {.dir = "scenarios",
                           .reps = 20,
                           .seed0 = 1,
                           .scale = 1.0,
                           .ablate = 1,
                           .share = 1};
    const char *only = NULL, *cache_dir = NULL, *store_dir = NULL;
    int force = 0, rc = 1, n_arms = 0, failed = 0, checked = 0, reuse = 1;
    int list = 0;
    long long v, threads = 0;
    char **owned = calloc((size_t)argc + 1, sizeof *owned);
    int n_owned = 0;
    struct arm *arms = calloc(2 * N_PAIRS * (1 + PAIR_ASSUMED), sizeof *arms);
    struct params *canon = malloc(2 * N_PAIRS * (1 + PAIR_ASSUMED) *
                                  sizeof *canon);
    FILE *csv = NULL;
    struct afile csv_af;
    o.sets = calloc((size_t)argc + 3, sizeof *o.sets);
    if (!owned || !arms || !canon || !o.sets) {
        msg_error("out of memory");
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (opt_is_help(a)) {
            fputs(usage_patterns, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(a, "--list")) {
            list = 1;
        } else if (!strcmp(a, "--replicates")) {
            if (parse_ll(a, val, 2, 100000, &v))
                goto out;
            o.reps = (int)v;
            i++;
        } else if (!strcmp(a, "--seed")) {
            if (parse_ll(a, val, 0, INT64_MAX - 100000, &v))
                goto out;
            o.seed0 = v;
            i++;
        } else if (!strcmp(a, "--scale")) {
            if (!val) {
                msg_error("--scale needs a value");
                goto out;
            }
            if (opts_double(a, val, 0, 1000, &o.scale))
                goto out;
            if (!(o.scale > 0)) {
                msg_error("--scale %s: must be above 0", val);
                goto out;
            }
            i++;
        } else if (!strcmp(a, "--threads")) {
            if (parse_ll(a, val, 1, 4096, &threads))
                goto out;
            i++;
        } else if (!strcmp(a, "--days")) {
            if (!val) {
                msg_error("--days needs a value");
                goto out;
            }
            char *s = scenario_set_pair("time.days", val);
            if (!s)
                goto out;
            owned[n_owned++] = s;
            o.sets[o.nsets++] = s;
            i++;
        } else if (!strcmp(a, "--set")) {
            if (!val) {
                msg_error("--set needs KEY=VALUE");
                goto out;
            }
            o.sets[o.nsets++] = argv[++i];
        } else if (!strncmp(a, "--set=", 6)) {
            o.sets[o.nsets++] = a + 6;
        } else if (!strcmp(a, "--no-burn-in-reuse")) {
            reuse = 0;
        } else if (!strcmp(a, "--burn-in-cache") || !strcmp(a, "--store")) {
            if (!val) {
                msg_error("%s needs a value", a);
                goto out;
            }
            if (!strcmp(a, "--store"))
                store_dir = val;
            else
                cache_dir = val;
            i++;
        } else if (!strcmp(a, "--only") || !strcmp(a, "--scenarios") ||
                   !strcmp(a, "--csv")) {
            if (!val) {
                msg_error("%s needs a value", a);
                goto out;
            }
            if (!strcmp(a, "--only"))
                only = val;
            else if (!strcmp(a, "--scenarios"))
                o.dir = val;
            else
                o.csv = val;
            i++;
        } else if (!strcmp(a, "--check")) {
            o.check = 1;
        } else if (!strcmp(a, "--no-ablation")) {
            o.ablate = 0;
        } else if (!strcmp(a, "--no-arm-sharing")) {
            o.share = 0;
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else {
            msg_error("patterns: unknown argument '%s' (see cogov patterns "
                      "--help)",
                      a);
            goto out;
        }
    }

    if (reuse) {
        char err[1200];
        burnin_memory(BURNIN_MEMORY_BYTES);
        if (burnin_folder(cache_dir, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
    } else if (cache_dir) {
        msg_error("--burn-in-cache and --no-burn-in-reuse: give one");
        goto out;
    }

    /* the arms of the selected pairs, each loaded once up front so that a
     * bad file or --set fails before hours of runs */
    int n_sel = 0;
    for (int i = 0; i < N_PAIRS; i++) {
        if (!selected(only, study[i].id))
            continue;
        n_sel++;
        const char *files[2] = {study[i].a, study[i].b};
        int n_abl = o.ablate ? n_assumed(&study[i]) : 0;
        for (int k = -1; k < n_abl; k++) {
            char abl[160];
            ablation_set(&study[i], k, abl, sizeof abl);
            for (int j = 0; j < 2; j++) {
                if (arm_find(arms, n_arms, files[j], abl))
                    continue;
                struct arm *a = &arms[n_arms++];
                a->file = files[j];
                snprintf(a->ablation, sizeof a->ablation, "%s", abl);
                snprintf(a->path, sizeof a->path, "%s/%s", o.dir, files[j]);
                struct params p, quo;
                char err[CONFIG_ERR_MAX];
                if (arm_params(a, &o, o.seed0, &p))
                    goto out;
                if (sim_check_memory(&p))
                    goto out;
                if (patterns_run_params(a->path, &p, &canon[a - arms], err,
                                        sizeof err)) {
                    msg_error("%s", err);
                    goto out;
                }
                a->days = (int)p.time.days;
                burnin_status_quo(&p, &quo);
                a->quo = p.time.burn_in_days > 0 ? burnin_key(&quo, NULL) : 0;
                /* the first arm whose runs this one's cannot differ from */
                for (int m = 0; o.share && m < n_arms - 1 && !a->same; m++)
                    if (!arms[m].same && arms[m].days == a->days &&
                        !memcmp(&canon[m], &canon[a - arms], sizeof *canon))
                        a->same = &arms[m];
            }
        }
        for (int j = 0; j < PAIR_METRICS && study[i].m[j].name; j++)
            if (value_index(study[i].m[j].name) < 0) {
                msg_error("patterns: %s names unknown metric '%s'",
                          study[i].id, study[i].m[j].name);
                goto out;
            }
    }
    if (!n_sel) {
        msg_error("patterns: --only '%s' selects no pattern (see cogov "
                  "patterns --list)",
                  only);
        goto out;
    }
    if (list) {
        list_study(only);
        list_arms(arms, n_arms, &o);
        rc = 0;
        goto out;
    }
    if (store_dir) {
        char serr[4200] = "out of memory", *names = series_names();
        int bad = !names || patterns_store_open(&o.store, store_dir, names, NV,
                                                o.scale, serr, sizeof serr);
        free(names);
        if (bad) {
            msg_error("%s", serr);
            goto out;
        }
    }
    if (o.csv) {
        char aerr[4200];
        if (!(csv = afile_fopen(&csv_af, o.csv, force, aerr, sizeof aerr))) {
            msg_error("%s", aerr);
            goto out;
        }
        fputs("pattern,metric,window_from,window_to,replicate,seed,a,b,"
              "ablation\n",
              csv);
    }
#ifdef _OPENMP
    if (threads)
        omp_set_num_threads((int)threads);
    omp_set_max_active_levels(1);  /* replicates in parallel, runs serial */
#endif

    printf("cogov patterns: %d replicates per arm (seeds %lld-%lld), "
           "scenarios in %s/", o.reps, o.seed0, o.seed0 + o.reps - 1, o.dir);
    if (o.scale != 1.0)
        printf(", --scale %g", o.scale);
    for (int i = 0; i < o.nsets; i++)
        printf("%s --set %s", i ? "" : ",", o.sets[i]);
    printf("\neffect = mean over replicates of (B - A), paired by seed; "
           "95%% CI = effect +- t(0.975, n-1) x SE;\nhyp = direction "
           "MODEL.md section 1 expects (. = reported only); windows in "
           "days;\nSD = between-seed SD, sqrt((SD_A^2 + SD_B^2) / 2); d = "
           "effect / SD; d ablated = d with each\nassumed input at its "
           "neutral value (both arms rerun); emerges = CI excludes 0 on "
           "the\nexpected side, |d| >= 1, and so in every ablation.%s\n",
           o.ablate ? "" : "\nAblations skipped (--no-ablation).");
    fflush(stdout);

    for (int i = 0; i < N_PAIRS; i++) {
        if (!selected(only, study[i].id))
            continue;
        int n_abl = o.ablate ? n_assumed(&study[i]) : 0;
        struct arm *arm[1 + PAIR_ASSUMED][2];
        for (int k = 0; k <= n_abl; k++) {
            char abl[160];
            ablation_set(&study[i], k - 1, abl, sizeof abl);
            arm[k][0] = arm_find(arms, n_arms, study[i].a, abl);
            arm[k][1] = arm_find(arms, n_arms, study[i].b, abl);
            if (arm_run(arm[k][0], &o) || arm_run(arm[k][1], &o))
                goto out;
        }
        report_pair(&study[i], arm, n_abl, &o, csv, &failed, &checked);
        fflush(stdout);
    }
    if (csv) {
        char aerr[4200];
        FILE *done = csv;
        csv = NULL;
        if (afile_fclose(&csv_af, done, 0, aerr, sizeof aerr)) {
            msg_error("%s", aerr);
            goto out;
        }
    }
    if (reuse && !o.quiet) {
        struct burnin_counts bc;
        burnin_counts(&bc);
        fprintf(stderr, "burn-ins: %ld simulated, %ld reused (%ld from "
                "memory, %ld from the cache folder), %ld refused\n",
                bc.misses, bc.memory_hits + bc.folder_hits, bc.memory_hits,
                bc.folder_hits, bc.refused);
    }
    if (o.store) {   /* also with -q: whether a resume resumed */
        struct patterns_store_counts sc;
        patterns_store_counts(o.store, &sc);
        fprintf(stderr, "store %s: %ld runs read from it, %ld run and kept "
                "in it, %ld files refused, %ld runs not kept\n",
                patterns_store_dir(o.store), sc.read, sc.written, sc.refused,
                sc.unwritten);
    }
    if (o.check) {
        printf("\ncheck: %d of %d directions held at 2 paired SE\n",
               checked - failed, checked);
        rc = failed != 0;
    } else {
        rc = failed != 0;
    }
out:
    burnin_memory(0);
    patterns_store_close(o.store);
    if (csv)   /* not finished: nothing that looks like a result stays */
        afile_fclose(&csv_af, csv, 1, NULL, 0);
    for (int i = 0; arms && i < n_arms; i++)
        if (!arms[i].same)
            free(arms[i].series);
    free(arms);
    free(canon);
    for (int i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
    free(o.sets);
    return rc;
}
