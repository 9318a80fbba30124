/* Tests of the model: the accounting identity, Little's law, common
 * random numbers, each mechanism's submodel in isolation, Granovetter's
 * fixed point, and the direction each mechanism moves the outputs it
 * should move (paired replicates with standard-error tolerances). */
#include <omp.h>
#include <stdio.h>

#include "base/scenario.h"
#include "engine/observe.h"
#include "model/actors.h"
#include "model/influence.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

TEST(test_identity_every_day_all_mechanisms)
{
    struct params p;
    small_params(&p, 3000, 3);
    all_mechanisms(&p, 1);
    p.time.days = 250;
    p.triage.fund_per_resident = 100;  /* enough to fund items at this size */
    struct mem_run r;
    CHECK(mem_run(&p, &r) == 0);
    CHECK(r.identity_ok);
    /* something happened through every mechanism's channel */
    CHECK(r.channel[CH_DELIBERATION] > 0);
    CHECK(r.channel[CH_MEDIATION] > 0);
    CHECK(r.channel[CH_VOLUNTEER] > 0);
    CHECK(r.channel[CH_SOCORG] > 0);
    CHECK(r.channel[CH_GOVERNMENT] > 0);
    mem_free(&r);

    all_mechanisms(&p, 0);
    CHECK(mem_run(&p, &r) == 0);
    CHECK(r.identity_ok);
    CHECK(r.channel[CH_DELIBERATION] == 0);
    CHECK(r.channel[CH_MEDIATION] == 0);
    CHECK(r.channel[CH_VOLUNTEER] == 0);
    mem_free(&r);
}

/* Count matters bound for or at government whose true scope is private. */
static int private_at_government(const struct world *w)
{
    int n = 0;
    for (uint32_t s = 0; s < w->n_slots; s++) {
        const struct matter *m = &w->m[s];
        if (m->scope != SCOPE_PRIVATE || m->handler_kind != HK_GOVERNMENT)
            continue;
        n += m->status == M_QUEUED || m->status == M_TRANSIT;
    }
    return n;
}

static int run_private_at_gov(struct params *p)
{
    char err[256];
    struct world *w;
    if (setup_world(&w, p, err, sizeof err))
        return -1;
    int n = 0;
    for (int d = 0; d < p->time.days; d++) {
        sim_step(w, d);
        n += private_at_government(w);
    }
    world_free(w);
    return n;
}

TEST(test_triage_accuracy_one_keeps_private_off_government)
{
    struct params p;
    small_params(&p, 3000, 2);
    p.time.days = 90;
    /* the baseline does send private matters up (the test can fail) */
    CHECK(run_private_at_gov(&p) > 0);
    p.mechanisms.triage.enabled = 1;
    p.triage.accuracy = 1.0;
    CHECK_EQ_INT(run_private_at_gov(&p), 0);
    p.triage.accuracy = 0.5;  /* misclassified ones transit via the wrong
                                 handler but never to government */
    CHECK_EQ_INT(run_private_at_gov(&p), 0);
}

TEST(test_triage_misclassification_costs_transfers)
{
    struct params p;
    small_params(&p, 3000, 2);
    p.time.days = 60;
    p.mechanisms.triage.enabled = 1;
    char err[256];
    for (int pass = 0; pass < 2; pass++) {
        p.triage.accuracy = pass ? 0.6 : 1.0;
        struct world *w;
        CHECK(setup_world(&w, &p, err, sizeof err) == 0);
        int transfers = 0;
        for (int d = 0; d < p.time.days; d++) {
            sim_step(w, d);
            for (uint32_t s = 0; s < w->n_slots; s++)
                transfers += w->m[s].status != M_FREE && w->m[s].transfers;
        }
        if (pass)
            CHECK(transfers > 0);
        else
            CHECK_EQ_INT(transfers, 0);
        world_free(w);
    }
}

TEST(test_tender_quality_weight_one_picks_best_quality)
{
    struct params p;
    small_params(&p, 3000, 4);
    p.mechanisms.purchase.enabled = 1;
    p.purchase.quality_weight = 1.0;
    p.purchase.eval_noise = 0;
    p.purchase.entrants = 0;
    p.socorg.initial_professional = 6;
    char err[256];
    struct world *w;
    CHECK(setup_world(&w, &p, err, sizeof err) == 0);
    int best = -1;
    for (uint32_t k = 0; k < w->n_orgs; k++)
        if (w->orgs[k].kind == ORG_PROFESSIONAL &&
            (best < 0 || w->orgs[k].quality > w->orgs[best].quality))
            best = (int)k;
    sim_step(w, 0);
    int contracts = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        int32_t ct = w->comm[c].contract;
        CHECK(ct >= 0);
        if (ct >= 0) {
            CHECK_EQ_INT(w->contracts[ct].org, best);
            contracts++;
        }
    }
    CHECK_EQ_INT(contracts, 4);
    world_free(w);

    /* price only: the cheapest bid wins, which is rarely the best quality
     * of six (the test is not vacuous) */
    p.purchase.quality_weight = 0.0;
    CHECK(setup_world(&w, &p, err, sizeof err) == 0);
    sim_step(w, 0);
    int best_won_all = 1;
    for (uint32_t c = 0; c < w->n_comm; c++)
        best_won_all &= w->contracts[w->comm[c].contract].org ==
                        (uint32_t)best;
    CHECK(!best_won_all);
    world_free(w);
}

static double phi_cdf(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

/* CDF of the thresholds (docs/MODEL.md 5): a share a of instigators at 0,
 * the rest normal(mu, sd) truncated to [0, 1]; with a < 0 the normal
 * censored to [0, 1] (Granovetter's). */
static double threshold_cdf(double x, double a, double mu, double sd)
{
    if (x < 0)
        return 0;
    if (x >= 1)
        return 1;
    if (a < 0)   /* censored to [0, 1]: the mass below 0 sits at 0 */
        return phi_cdf((x - mu) / sd);
    double lo = phi_cdf(-mu / sd), hi = phi_cdf((1 - mu) / sd);
    return a + (1 - a) * (phi_cdf((x - mu) / sd) - lo) / (hi - lo);
}

/* Participation after `days` of the shipped scenario
 * scenarios/granovetter.cfg (global mode, efficacy and trust fixed at 0.5,
 * nothing moving them), with the gain, initial rate and threshold
 * distribution given, against Granovetter's map r' = F(m r), m = gain x
 * 0.5 x 0.5: with a < 0 the scenario's censored normal; else a truncated
 * normal and an instigator share a. Returns the simulated rate. */
static double granovetter_case(double gain, double r0, double mu, double sd,
                               double a)
{
    char sets[7][64], name[64];
    snprintf(sets[0], sizeof sets[0], "participation.gain=%.17g", gain);
    snprintf(sets[1], sizeof sets[1], "participation.initial_rate=%.17g", r0);
    snprintf(sets[2], sizeof sets[2], "participation.threshold_mean=%.17g",
             mu);
    snprintf(sets[3], sizeof sets[3], "participation.threshold_sd=%.17g", sd);
    snprintf(sets[4], sizeof sets[4], "time.days=80");
    snprintf(sets[5], sizeof sets[5], "participation.threshold_censored=0");
    snprintf(sets[6], sizeof sets[6], "participation.instigator_share=%.17g",
             a);
    const char *set[7] = {sets[0], sets[1], sets[2], sets[3],
                          sets[4], sets[5], sets[6]};
    struct params p;
    if (scenario_load("scenarios/granovetter.cfg", set, a < 0 ? 5 : 7, &p,
                      name, sizeof name)) {
        CHECK(!"scenarios/granovetter.cfg loads");
        return NAN;
    }
    struct mem_run r;
    CHECK(mem_run(&p, &r) == 0);
    double m = gain * p.population.efficacy_mean * p.population.trust_com_mean;
    double x = r0;
    for (int i = 0; i < 1000; i++)
        x = threshold_cdf(m * x, a, mu, sd);
    double sim = r.v[(size_t)(r.days - 1) * N_METRICS +
                     MET_PARTICIPATION_RATE];
    /* the empirical threshold CDF of 20000 residents is within a few
     * 0.004 standard errors of F */
    fprintf(stderr, "granovetter gain %.2f r0 %.2f mean %.3f sd %.4f: "
            "simulated %.4f, map %.4f\n", gain, r0, mu, sd, sim, x);
    CHECK_NEAR(sim, x, 0.02);
    mem_free(&r);
    return sim;
}

/* 家综: one lot per street of purchase.lot_per_year (seed 000, note 2).
 * A budget of two lots over six communities makes two streets of three
 * communities, each held by one contract whose lot funds posts; a lot of
 * one yuan gives back one lot per community. */
TEST(test_one_family_centre_per_street)
{
    struct params p;
    small_params(&p, 6000, 6);
    p.mechanisms.purchase.enabled = 1;
    p.purchase.budget_per_year = 4e6;
    p.purchase.lot_per_year = 2e6;
    char err[256];
    struct world *w;
    CHECK(setup_world(&w, &p, err, sizeof err) == 0);
    sim_step(w, 0);
    for (uint32_t c = 0; c < w->n_comm; c++) {
        int32_t ct = w->comm[c].contract, first = w->comm[c / 3 * 3].contract;
        CHECK(ct >= 0);
        CHECK_EQ_INT(ct, first);
        if (ct >= 0)
            CHECK_EQ_INT(w->contracts[ct].community, c / 3 * 3);
    }
    CHECK(w->comm[0].contract != w->comm[3].contract);
    double total = 0;
    for (uint32_t i = 0; i < w->n_contracts; i++)
        if (w->contracts[i].active) {
            total += w->contracts[i].value;
            /* a lot of about 2 000 000 pays posts: 0.8 x 2e6 / 66 000 */
            CHECK(p.purchase.staff_share * w->contracts[i].value /
                      p.socialwork.salary >= 1);
        }
    CHECK(total <= 4e6 && total >= 4e6 * (1 - p.purchase.max_discount));
    world_free(w);

    p.purchase.lot_per_year = 1;
    CHECK(setup_world(&w, &p, err, sizeof err) == 0);
    sim_step(w, 0);
    for (uint32_t c = 0; c < w->n_comm; c++)
        for (uint32_t d = 0; d < c; d++)
            CHECK(w->comm[c].contract != w->comm[d].contract);
    world_free(w);
}

/* Posts are residents' jobs during a run too: an organisation whose
 * reserves would pay for a million posts opens as many as the district
 * has residents (MODEL.md 4), not a million. */
TEST(test_posts_bounded_by_residents)
{
    struct params p;
    small_params(&p, 500, 1);
    p.socorg.initial_professional = 1;
    char err[256];
    struct world *w;
    CHECK(setup_world(&w, &p, err, sizeof err) == 0);
    uint32_t k = 0;
    while (k < w->n_orgs && !(w->orgs[k].alive &&
                              w->orgs[k].kind == ORG_PROFESSIONAL))
        k++;
    CHECK(k < w->n_orgs);
    if (k < w->n_orgs) {
        w->orgs[k].funds = 1e6 * p.socialwork.salary * p.socorg.reserve_years;
        socorg_daily(w, &p, 0);
        CHECK(w->orgs[k].workers > 0);
        CHECK(w->orgs[k].workers <= w->n_res);
        CHECK_EQ_INT(w->orgs[k].workers, w->n_res);
    }
    world_free(w);
}

/* The community fund (MODEL.md 7.7): each source adds its yearly amount
 * per resident a day, only government's is public spending; with
 * mechanisms.fund the fund pays a grassroots organisation with no money
 * left one day's coordinator, while it has the money; without it, not. */
TEST(test_community_fund_sources_and_grants)
{
    struct params p;
    small_params(&p, 5000, 1);
    p.mechanisms.fund.enabled = 1;
    p.socialwork.station_per_10k = 0;   /* no station pay in the day */
    p.socorg.initial_professional = 0;
    p.socorg.initial_grassroots = 2;
    p.socorg.grassroots_exit = 0;
    p.socorg.formation_rate = 0;
    char err[256];
    for (int on = 1; on >= 0; on--) {
        p.mechanisms.fund.enabled = on;
        struct world *w;
        CHECK(setup_world(&w, &p, err, sizeof err) == 0);
        uint32_t n_gr = 0;
        for (uint32_t k = 0; k < w->n_orgs; k++)
            if (w->orgs[k].alive && w->orgs[k].kind == ORG_GRASSROOTS) {
                w->orgs[k].funds = 0;
                n_gr++;
            }
        CHECK(n_gr >= 2);
        struct community *cm = &w->comm[0];
        double n = cm->n, in = (p.triage.fund_per_resident +
                                p.triage.donations_per_resident +
                                p.fund.foundation_per_resident) * n / 365;
        w->st.gov_spending = 0;
        phase_fund(w, &p, 0);
        /* society gives most of it */
        CHECK(p.triage.fund_per_resident < in * 365 / n / 2);
        uint32_t paid = 0;
        for (uint32_t k = 0; k < w->n_orgs; k++)
            if (w->orgs[k].alive && w->orgs[k].kind == ORG_GRASSROOTS)
                paid += w->orgs[k].funds == p.socorg.coordinator_cost;
        if (on) {
            /* 150.7 yuan today pays one coordinator of 150, not two */
            CHECK(in > p.socorg.coordinator_cost &&
                  in < 2 * p.socorg.coordinator_cost);
            CHECK_EQ_INT(paid, 1);
            CHECK(fabs(cm->fund - (in - p.socorg.coordinator_cost)) < 1e-9);
            CHECK(fabs(w->st.gov_spending -
                       p.triage.fund_per_resident * n / 365) < 1e-9);
        } else {
            CHECK_EQ_INT(paid, 0);
            CHECK(cm->fund == 0);
            CHECK(w->st.gov_spending == 0);
        }
        world_free(w);
    }
}

TEST(test_granovetter_fixed_points_global)
{
    /* bistable map: the high and the low equilibrium, depending on r0 */
    granovetter_case(4.0, 0.6, 0.35, 0.15, 0.01);
    granovetter_case(4.0, 0.05, 0.35, 0.15, 0.01);
    /* a single interior fixed point (slope of the map about 0.4, so the
     * sampling noise of the thresholds is not amplified), with the
     * normal's mass below 0 as instigators (Granovetter's censored
     * normal), with fewer, and with none: then r = 0 is the fixed point */
    granovetter_case(1.6, 0.3, 0.3, 0.25, phi_cdf(-0.3 / 0.25));
    granovetter_case(2.0, 0.3, 0.3, 0.25, 0.05);
    granovetter_case(2.0, 0.3, 0.3, 0.25, 0);
    /* the case main chose for the same reason: r = 0.31, slope 0.28 (the
     * former case 2.4, 0.3, 0.3, 0.25 had slope 0.96: noise amplified
     * 23 times, it passed or failed with the draw of the thresholds) */
    granovetter_case(1.2, 0.3, 0.3, 0.4, phi_cdf(-0.3 / 0.4));
}

/* Granovetter's classic case, as the scenario ships it (m = 1, mean
 * 0.25, from nobody but the instigators): r = F(r) keeps a low stable
 * fixed point while threshold_sd < sd* = 0.1222 and loses it above, so
 * the rate jumps from a few percent to everyone. 6% either side of sd*. */
TEST(test_granovetter_jump_at_critical_sd)
{
    double below = granovetter_case(4.0, 0.0, 0.25, 0.115, -1);
    double above = granovetter_case(4.0, 0.0, 0.25, 0.13, -1);
    CHECK(below < 0.05);
    CHECK(above > 0.95);
}

TEST(test_littles_law_steady_state)
{
    struct params p;
    small_params(&p, 8000, 2);
    p.time.days = 700;
    /* ample capacity and no feedback on rates: a stationary system */
    p.government.staff_hours = 400;
    p.community.staff_hours = 200;
    p.matters.dispute_grievance_factor = 0;
    struct mem_run r;
    CHECK(mem_run(&p, &r) == 0);
    int a = 200, b = 700;
    double L = window_mean(&r, MET_MATTERS_OPEN, a, b);
    double lam = window_mean(&r, MET_MATTERS_NEW, a, b);
    double out = 0, time_sum = 0;
    for (int d = a; d < b; d++) {
        const double *v = r.v + (size_t)d * N_METRICS;
        double left = v[MET_MATTERS_RESOLVED] + v[MET_MATTERS_ABANDONED];
        if (left > 0)
            time_sum += left * v[MET_TIME_IN_SYSTEM_MEAN];
        out += left;
    }
    double W = time_sum / out;
    fprintf(stderr, "little: L=%.1f lambda=%.2f W=%.2f lambda*W=%.1f\n", L,
            lam, W, lam * W);
    CHECK(fabs(L - lam * W) / L < 0.02);
    mem_free(&r);
}

/* Arrivals of day d as (owner, domain, scope, hours) tuples. */
static int arrivals_equal(const struct world *a, const struct world *b)
{
    if (a->n_new != b->n_new)
        return 0;
    for (uint32_t j = 0; j < a->n_new; j++) {
        const struct matter *x = &a->m[a->new_slots[j]];
        const struct matter *y = &b->m[b->new_slots[j]];
        if (x->owner != y->owner || x->domain != y->domain ||
            x->scope != y->scope || x->hours != y->hours ||
            x->created != y->created)
            return 0;
    }
    return 1;
}

TEST(test_common_random_numbers)
{
    struct params pa, pb;
    small_params(&pa, 5000, 3);
    pa.matters.dispute_grievance_factor = 0; /* rates equal in both arms */
    pb = pa;
    all_mechanisms(&pb, 1);
    pb.mechanisms.microprojects.enabled = 0;  /* it changes rates */
    pb.mechanisms.rules.enabled = 0;          /* so do rules (7.17) */
    char err[256];
    struct world *a, *b;
    CHECK(setup_world(&a, &pa, err, sizeof err) == 0);
    CHECK(setup_world(&b, &pb, err, sizeof err) == 0);
    CHECK(memcmp(a->r.trust_gov, b->r.trust_gov, a->n_res * 4) == 0);
    CHECK(memcmp(a->r.threshold, b->r.threshold, a->n_res * 4) == 0);
    CHECK(memcmp(a->r.ties, b->r.ties,
                 a->r.tie_start[a->n_res] * sizeof(uint32_t)) == 0);
    int same = 1;
    for (int d = 0; d < 60; d++) {
        sim_step(a, d);
        sim_step(b, d);
        same &= arrivals_equal(a, b);
    }
    CHECK(same);
    /* and the arms did diverge in what happened to the matters */
    CHECK(a->resolved_total != b->resolved_total);
    world_free(a);
    world_free(b);

    /* with rates that differ (micro-projects on), arrivals differ */
    pb.mechanisms.microprojects.enabled = 1;
    pb.microprojects.day = 0;
    pb.microprojects.lag_days = 0;
    pb.microprojects.effect = 0.5;
    CHECK(setup_world(&a, &pa, err, sizeof err) == 0);
    CHECK(setup_world(&b, &pb, err, sizeof err) == 0);
    same = 1;
    for (int d = 0; d < 30; d++) {
        sim_step(a, d);
        sim_step(b, d);
        same &= arrivals_equal(a, b);
    }
    CHECK(!same);
    world_free(a);
    world_free(b);
}

/* Step worlds a and b (the same parameters, another layout of phase 11's
 * pass, or another thread count) for days days, a on ta threads and b on
 * tb (0: as set): 1 when every resident's state and the observation's
 * sums stayed bitwise the same every day. */
static int same_every_day_on(struct world *a, int ta, struct world *b,
                             int tb, int days)
{
    const size_t n = a->n_res;
    const int threads = omp_get_max_threads();
    int same = 1;
    for (int d = 0; d < days; d++) {
        omp_set_num_threads(ta ? ta : threads);
        sim_step(a, d);
        omp_set_num_threads(tb ? tb : threads);
        sim_step(b, d);
        same &= !memcmp(a->r.trust_gov, b->r.trust_gov, n * 4) &&
                !memcmp(a->r.trust_com, b->r.trust_com, n * 4) &&
                !memcmp(a->r.satisfaction, b->r.satisfaction, n * 4) &&
                !memcmp(a->r.participating, b->r.participating, n) &&
                !memcmp(a->r.flags, b->r.flags, n) &&
                !memcmp(a->obs_partial, b->obs_partial,
                        a->n_chunks * sizeof *a->obs_partial);
    }
    omp_set_num_threads(threads);
    return same;
}

static int same_every_day(struct world *a, struct world *b, int days)
{
    return same_every_day_on(a, 0, b, 0, days);
}

/* Worlds of p with the environment variable var "on" (*a) and "off"
 * (*b). */
static void two_layouts(const struct params *p, const char *var,
                        struct world **a, struct world **b)
{
    char err[256];
    setenv(var, "on", 1);
    CHECK(setup_world(a, p, err, sizeof err) == 0);
    setenv(var, "off", 1);
    CHECK(setup_world(b, p, err, sizeof err) == 0);
}

/* Step a and b for days days (same_every_day) and release them; the walk
 * moved trust, and newcomers (7.19) and grown ties (7.18) were in it. */
static void same_layouts(struct world *a, struct world *b, int days,
                         const struct params *p)
{
    const size_t n = a->n_res;
    float *tg0 = malloc(n * sizeof *tg0);
    memcpy(tg0, a->r.trust_gov, n * sizeof *tg0);
    CHECK(same_every_day(a, b, days));
    CHECK(memcmp(tg0, a->r.trust_gov, n * sizeof *tg0) != 0);
    uint32_t newcomers = 0, grown = 0;
    for (uint32_t i = 0; i < n; i++)
        newcomers += a->r.arrival[i] > 0;
    for (size_t s = 0; s < n * (size_t)p->activities.max_ties; s++)
        grown += a->r.grown[s] != GROWN_NONE;
    CHECK(newcomers > 0 && grown > 0);
    free(tg0);
    world_free(a);
    world_free(b);
}

/* Every mechanism that adds to the walk over the ties: activities' grown
 * ties, migration's newcomers, associations' bridged ties. */
static void walk_mechanisms(struct params *p)
{
    all_mechanisms(p, 1);
    p->mechanisms.activities.enabled = 1;
    p->mechanisms.migration.enabled = 1;
    p->migration.turnover = 0.2;
    p->migration.associations = 1;
}

/* Twelve communities of 40 000 residents, of sizes varied enough that
 * some span several chunks, every mechanism of the walk on. */
static void varied_params(struct params *p)
{
    small_params(p, 40000, 12);
    p->population.community_size_sd = 1.5;
    walk_mechanisms(p);
}

/* influence.h's ratio_of gives the bits of the division it replaces, from
 * the table and past it (runtime divisions through volatile operands). */
TEST(test_ratio_table_is_the_division)
{
    uint32_t bad = 0;
    for (uint32_t d = 1; d < 2 * RATIO_MAX; d++)
        for (uint32_t p = 0; p <= d; p++) {
            volatile float fp = (float)p, fd = (float)d;
            const float want = fp / fd, got = ratio_of(p, d);
            bad += memcmp(&want, &got, sizeof want) != 0;
        }
    CHECK(bad == 0);
    CHECK(ratio_of(1, 3) != 0.0f && ratio_of(0, 7) == 0.0f);
}

/* The observation's sums taken in phase 11's pass (participation.c) are
 * bitwise those observe_day takes when that pass did not run
 * (observe.c), the counts among them taken as integers in both: every
 * day of 60 with every mechanism of the walk on, on 1 and 3 threads, with
 * migrants, party members and association members among the residents
 * and some of them taking part. */
TEST(test_fused_sums_same_as_observe)
{
    struct params p;
    varied_params(&p);
    char err[256];
    const int threads = omp_get_max_threads();
    for (int nt = 1; nt <= 3; nt += 2) {
        struct world *w;
        CHECK(setup_world(&w, &p, err, sizeof err) == 0);
        if (!w)
            return;
        struct day_metrics dm;
        CHECK(day_metrics_init(&dm, w) == 0);
        const size_t bytes = w->n_chunks * sizeof *w->obs_partial;
        double(*fused)[16] = malloc(bytes);
        int same = 1, ready = 1;
        double assoc = 0, part = 0, mig_part = 0;
        omp_set_num_threads(nt);
        for (int d = 0; d < 60; d++) {
            sim_step(w, d);
            ready &= w->obs_ready;
            memcpy(fused, w->obs_partial, bytes);
            w->obs_ready = 0;   /* observe_day takes the sums itself */
            observe_day(w, d, &dm);
            same &= !memcmp(fused, w->obs_partial, bytes);
            for (uint32_t k = 0; k < w->n_chunks; k++) {
                assoc += w->obs_partial[k][OBS_ASSOC];
                part += w->obs_partial[k][OBS_PART];
                mig_part += w->obs_partial[k][OBS_MIG_PART];
            }
        }
        omp_set_num_threads(threads);
        CHECK(ready);
        CHECK(same);
        CHECK(assoc > 0 && part > 0 && mig_part > 0);
        free(fused);
        day_metrics_free(&dm);
        world_free(w);
    }
}

/* A layout switch's variable holding anything but on, off or auto is
 * refused, naming the variable, by the rule and by setup_world. */
static void switch_refused(const char *name,
                           int (*rule)(const struct params *, char *, size_t),
                           struct params *p)
{
    char err[256], want[64];
    struct world *w;
    setenv(name, "yes", 1);
    snprintf(want, sizeof want, "%s=yes", name);
    CHECK(rule(p, err, sizeof err) == -1);
    CHECK(strstr(err, want) != NULL);
    small_params(p, 600, 2);
    CHECK(setup_world(&w, p, err, sizeof err) == -1);
    unsetenv(name);
}

/* Tie records (world_tie_records, docs/PERFORMANCE.md): the walk over
 * the ties reads the same values in the same order from one record per
 * resident as from the four arrays, so every resident's state stays
 * bitwise the same, day by day, with newcomers (7.19) and grown ties
 * (7.18) in the walk. */
TEST(test_tie_records_same_as_arrays)
{
    struct params p;
    small_params(&p, 6000, 3);
    walk_mechanisms(&p);
    char err[256];
    struct world *a, *b;
    two_layouts(&p, "COGOV_TIE_RECORDS", &a, &b);
    CHECK(a->r.view && !a->r.next_trust_gov);
    CHECK(!b->r.view && b->r.next_trust_gov);
    same_layouts(a, b, 90, &p);

    /* the rule: on from TIE_RECORDS_MIN_COMMUNITY residents a community */
    unsetenv("COGOV_TIE_RECORDS");
    p.population.communities = 4;
    p.population.residents = 4 * (int64_t)TIE_RECORDS_MIN_COMMUNITY;
    CHECK(world_tie_records(&p, err, sizeof err) == 1);
    p.population.residents--;
    CHECK(world_tie_records(&p, err, sizeof err) == 0);
    setenv("COGOV_TIE_RECORDS", "auto", 1);
    CHECK(world_tie_records(&p, err, sizeof err) == 0);
    switch_refused("COGOV_TIE_RECORDS", world_tie_records, &p);
}

/* Community buffers (world_community_buffers, docs/PERFORMANCE.md "Scale
 * on paper"): phase 11's pass holds today's values of a community in a
 * buffer of its own until the community's last chunk is done, instead of
 * the next_ arrays; every resident's state stays bitwise the same, day by
 * day, with three threads on twelve communities of which some span
 * several chunks (so buffers are taken, shared out and freed while
 * other communities are under way). */
TEST(test_community_buffers_same_as_arrays)
{
    struct params p;
    varied_params(&p);
    char err[256];
    struct world *a, *b;
    unsetenv("COGOV_TIE_RECORDS");
    two_layouts(&p, "COGOV_COMMUNITY_BUFFERS", &a, &b);
    CHECK(!a->r.view && !a->r.next_trust_gov);
    CHECK(!b->r.view && b->r.next_trust_gov);
    uint32_t big = 0;
    for (uint32_t c = 0; c < a->n_comm; c++)
        big += a->comm[c].n > CHUNK;
    CHECK(big > 0 && big < a->n_comm && WORLD_PARALLEL(a));
    const int threads = omp_get_max_threads();
    omp_set_num_threads(3);
    same_layouts(a, b, 60, &p);
    omp_set_num_threads(threads);

    /* the rule: on from BUFFERS_MIN_RESIDENTS residents and
     * BUFFERS_COMMUNITIES_A_THREAD communities a thread, never with tie
     * records; the estimate drops the next_ arrays' 12 B a resident for
     * buffers of 0.034 B a resident and thread (1 000 communities) */
    unsetenv("COGOV_COMMUNITY_BUFFERS");
    p.population.communities = 1000;
    p.population.community_size_sd = 0.3;
    p.population.residents = BUFFERS_MIN_RESIDENTS;
    CHECK(world_community_buffers(&p, err, sizeof err) == 1);
    const double on = world_memory_estimate(&p);
    setenv("COGOV_COMMUNITY_BUFFERS", "off", 1);
    const double off = world_memory_estimate(&p);
    const double per_res = (off - on) / (double)p.population.residents;
    CHECK(per_res > 12 - 0.04 * threads && per_res < 12);
    unsetenv("COGOV_COMMUNITY_BUFFERS");
    p.population.communities = BUFFERS_COMMUNITIES_A_THREAD * threads - 1;
    CHECK(world_community_buffers(&p, err, sizeof err) == 0);
    p.population.communities = 1000;
    p.population.residents--;
    CHECK(world_community_buffers(&p, err, sizeof err) == 0);
    setenv("COGOV_COMMUNITY_BUFFERS", "on", 1);
    setenv("COGOV_TIE_RECORDS", "on", 1);
    CHECK(world_community_buffers(&p, err, sizeof err) == 0);
    unsetenv("COGOV_TIE_RECORDS");
    switch_refused("COGOV_COMMUNITY_BUFFERS", world_community_buffers, &p);
}

/* Chunks by owner (world_chunk_shares, docs/PERFORMANCE.md "Session
 * 20"): for 1 to 7 threads the shares are runs of consecutive chunks that
 * cover every chunk once, each within one chunk's work of an equal share
 * of the work (residents plus fixed ties); and a world stepped on 3
 * threads (three shares, the last chunks of each taken by whoever is
 * free) keeps every resident's state bitwise that of 1 thread, day by
 * day. */
TEST(test_chunk_shares)
{
    struct params p;
    varied_params(&p);
    char err[256];
    struct world *a, *b;
    unsetenv("COGOV_TIE_RECORDS");
    unsetenv("COGOV_COMMUNITY_BUFFERS");
    CHECK(setup_world(&a, &p, err, sizeof err) == 0);
    CHECK(setup_world(&b, &p, err, sizeof err) == 0);
    CHECK(!a->r.view && a->r.next_trust_gov && WORLD_PARALLEL(a));
    const uint32_t *ts = a->r.tie_start;
    const double total = (double)ts[a->n_res] + a->n_res;
    double most = 0;   /* the work of the largest chunk */
    for (uint32_t k = 0; k < a->n_chunks; k++) {
        const struct chunk *ch = &a->chunks[k];
        double x = (double)(ts[ch->end] - ts[ch->first]) + (ch->end - ch->first);
        most = x > most ? x : most;
    }
    CHECK(a->n_chunks > 12);   /* some communities span several chunks */
    for (uint32_t n = 1; n <= 7; n++) {
        uint32_t sh[14];
        world_chunk_shares(a, n, sh);
        CHECK(sh[0] == 0 && sh[2 * n - 1] == a->n_chunks);
        for (uint32_t t = 0; t < n; t++) {
            CHECK(sh[t] <= sh[n + t]);
            if (t + 1 < n)
                CHECK(sh[n + t] == sh[t + 1]);
            const uint32_t k0 = sh[t], k1 = sh[n + t];
            double x = 0;
            if (k1 > k0) {
                const struct chunk *f = &a->chunks[k0];
                const struct chunk *l = &a->chunks[k1 - 1];
                x = (double)(ts[l->end] - ts[f->first]) + (l->end - f->first);
            }
            CHECK(fabs(x - total / n) <= most);
        }
    }
    CHECK(same_every_day_on(a, 1, b, 3, 60));
    world_free(a);
    world_free(b);
}

/* ---- direction of each mechanism over paired replicates ---- */

enum { REPS = 6 };

typedef void (*arm_fn)(struct params *p);

#define CH(c) (1u << (c))

/* Over REPS paired replicates of arms a and b: with channels == 0 the
 * final-window mean of metric k, else the run's resolutions through the
 * channels of the mask. Returns the mean of (b - a) and its SE. */
static void compare(arm_fn arm_a, arm_fn arm_b, int k, unsigned channels,
                    double *mean, double *se)
{
    double va[REPS], vb[REPS];
    for (int rep = 0; rep < REPS; rep++)
        for (int arm = 0; arm < 2; arm++) {
            struct params p;
            small_params(&p, 4000, 2);
            p.time.days = 240;
            p.seed = 1000 + rep;
            (arm ? arm_b : arm_a)(&p);
            struct mem_run r;
            if (mem_run(&p, &r)) {
                CHECK(0);
                return;
            }
            double x = channels ? 0 : window_mean(&r, k, 120, 240);
            for (int c = 0; c < N_CHANNELS; c++)
                if (channels >> c & 1u)
                    x += r.channel[c];
            (arm ? vb : va)[rep] = x;
            mem_free(&r);
        }
    paired(va, vb, REPS, mean, se);
}

#define EXPECT_UP(name, mean, se)                                          \
    do {                                                                   \
        fprintf(stderr, "%s: %+.4g (SE %.3g)\n", name, mean, se);          \
        CHECK((mean) > 2 * (se) && (mean) > 0);                            \
    } while (0)
#define EXPECT_DOWN(name, mean, se) EXPECT_UP(name, -(mean), se)

static void arm_base(struct params *p) { (void)p; }
static void arm_triage(struct params *p)
{
    p->mechanisms.triage.enabled = 1;
    p->triage.fund_per_resident = 50;  /* items to deliberate at this size */
}
static void arm_linkage(struct params *p)
{
    p->mechanisms.linkage.enabled = 1;
}
static void arm_purchase(struct params *p)
{
    p->mechanisms.purchase.enabled = 1;
}
static void arm_grid(struct params *p) { p->mechanisms.grid.enabled = 1; }
static void arm_mediation(struct params *p)
{
    p->mechanisms.mediation.enabled = 1;
}
static void arm_micro(struct params *p)
{
    p->mechanisms.microprojects.enabled = 1;
    p->microprojects.day = 0;
}
static void arm_venture(struct params *p)
{
    p->mechanisms.venture.enabled = 1;
    p->venture.day = 0;
}
/* low-income residents willing to pay as much as others */
static void arm_wtp(struct params *p) { p->paid.low_income_wtp = 1; }
static void arm_escalation_low(struct params *p)
{
    p->escalation.threshold = 0.02;
}

TEST(test_direction_triage)
{
    double m, se;
    /* private matters leave government's queue */
    compare(arm_base, arm_triage, 0, CH(CH_GOVERNMENT), &m, &se);
    EXPECT_DOWN("triage: government resolutions", m, se);
    compare(arm_base, arm_triage, MET_ADMIN_BURDEN, 0, &m, &se);
    CHECK(m < 0);  /* deterministic: the admin list is slimmed */
    compare(arm_base, arm_triage, 0, CH(CH_DELIBERATION), &m, &se);
    EXPECT_UP("triage: deliberated items", m, se);
}

TEST(test_direction_linkage)
{
    double m, se;
    compare(arm_base, arm_linkage, MET_VOLUNTEER_HOURS, 0, &m, &se);
    EXPECT_UP("linkage: volunteer hours", m, se);
    compare(arm_base, arm_linkage, MET_VOLUNTEERS_ACTIVE, 0, &m, &se);
    EXPECT_UP("linkage: active volunteers", m, se);
}

/* Participation is a resident's own threshold decision (docs/MODEL.md
 * 7.11), not volunteering. Volunteers of day 0 are drawn among the
 * residents who take part on the first day (MODEL.md 5); with a weak peer
 * effect (gain 1) from a high initial rate, participation then falls to
 * the instigators within days, while the volunteers stay registered and
 * their teams keep working: from day 10 on only instigators take part,
 * however many volunteers work. */
TEST(test_volunteering_is_not_participation)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.time.days = 60;
    p.mechanisms.linkage.enabled = 1;
    p.participation.gain = 1;
    p.participation.initial_rate = 0.9;
    p.volunteer.initial_share = 0.2;
    p.volunteer.join_rate = 0;
    p.volunteer.hours_per_week = 20;
    for (int k = 0; k < 2; k++) {
        p.participation.instigator_share = k ? 0.1 : 0;
        struct mem_run r;
        CHECK(mem_run(&p, &r) == 0);
        double active = 0, part = 0, vol = 0;
        for (int d = 10; d < r.days; d++) {
            active += r.v[(size_t)d * N_METRICS + MET_VOLUNTEERS_ACTIVE];
            part += r.v[(size_t)d * N_METRICS + MET_PARTICIPATION_RATE];
            vol += r.v[(size_t)d * N_METRICS + MET_VOLUNTEER_COUNT];
        }
        part /= r.days - 10;
        vol /= r.days - 10;
        CHECK(active > 0);  /* teams worked */
        CHECK(vol > 0.1 * 4000);   /* registered, most not taking part */
        if (k)  /* the instigators, 0.1 +- 3 binomial SE */
            CHECK_NEAR(part, 0.1, 3 * sqrt(0.1 * 0.9 / 4000));
        else
            CHECK(part == 0);
        mem_free(&r);
    }
}

TEST(test_direction_purchase)
{
    double m, se;
    compare(arm_base, arm_purchase, MET_SOCIAL_WORKER_COUNT, 0, &m, &se);
    EXPECT_UP("purchase: social workers", m, se);
    compare(arm_base, arm_purchase, 0, CH(CH_SOCORG), &m, &se);
    EXPECT_UP("purchase: organisation resolutions", m, se);
}

TEST(test_direction_grid_mediation_micro_venture_paid)
{
    double m, se;
    compare(arm_base, arm_grid, MET_MATTERS_UNREPORTED, 0, &m, &se);
    EXPECT_DOWN("grid: unreported matters", m, se);
    compare(arm_base, arm_mediation, 0, CH(CH_MEDIATION), &m, &se);
    EXPECT_UP("mediation: mediated", m, se);
    compare(arm_base, arm_micro, MET_MATTERS_NEW, 0, &m, &se);
    EXPECT_DOWN("micro-projects: new matters", m, se);
    compare(arm_base, arm_venture, MET_SOCORG_CAPACITY_HOURS, 0, &m, &se);
    EXPECT_UP("venture: organisation hours", m, se);
    compare(arm_base, arm_wtp, 0, CH(CH_MARKET) | CH(CH_SOCORG), &m, &se);
    EXPECT_UP("willingness to pay: paid services bought", m, se);
    compare(arm_base, arm_escalation_low, MET_MATTERS_ESCALATED, 0, &m,
            &se);
    EXPECT_UP("lower escalation threshold: petitions", m, se);
}

UNIT_MAIN(test_identity_every_day_all_mechanisms,
          test_triage_accuracy_one_keeps_private_off_government,
          test_triage_misclassification_costs_transfers,
          test_tender_quality_weight_one_picks_best_quality,
          test_one_family_centre_per_street,
          test_community_fund_sources_and_grants,
          test_posts_bounded_by_residents,
          test_granovetter_fixed_points_global,
          test_granovetter_jump_at_critical_sd, test_littles_law_steady_state,
          test_volunteering_is_not_participation,
          test_common_random_numbers, test_tie_records_same_as_arrays,
          test_community_buffers_same_as_arrays, test_chunk_shares,
          test_fused_sums_same_as_observe, test_ratio_table_is_the_division,
          test_direction_triage,
          test_direction_linkage, test_direction_purchase,
          test_direction_grid_mediation_micro_venture_paid)
