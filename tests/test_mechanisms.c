/* Submodels in isolation, with settings where the answer is known exactly:
 * mediation that always or never settles, grid workers who find nothing,
 * micro-projects that remove a domain, the count of venture grants,
 * contract renewal and a budget cut, the work station's relief and
 * visits, the residents' rules. */
#include <stdio.h>

#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* Disputes flagged as mediated (mediation tried and failed) seen over a
 * run, and the matters settled by mediation. */
static void mediation_counts(struct params *p, int *flagged, int *settled)
{
    struct world *w = make_world(p);
    *flagged = *settled = 0;
    if (!w)
        return;
    for (int d = 0; d < p->time.days; d++) {
        sim_step(w, d);
        for (uint32_t s = 0; s < w->n_slots; s++)
            *flagged += w->m[s].status != M_FREE &&
                        (w->m[s].flags & MF_MEDIATED);
        *settled += (int)w->st.by_channel[CH_MEDIATION];
        memset(&w->st, 0, sizeof w->st);
    }
    world_free(w);
}

TEST(test_mediation_success_bounds)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.time.days = 60;
    p.mechanisms.mediation.enabled = 1;
    int flagged, settled;
    p.mediation.success = 1.0;
    mediation_counts(&p, &flagged, &settled);
    CHECK_EQ_INT(flagged, 0);
    CHECK(settled > 0);
    p.mediation.success = 0.0;
    mediation_counts(&p, &flagged, &settled);
    CHECK(flagged > 0);
    CHECK_EQ_INT(settled, 0);
}

/* Are two runs' metrics equal every day but public spending and its
 * cost per resolution? *cost_differs: did those differ on some day? */
static int same_but_cost(const struct mem_run *ra, const struct mem_run *rb,
                         int *cost_differs)
{
    int same = 1;
    *cost_differs = 0;
    for (int d = 0; d < ra->days; d++)
        for (int k = 0; k < N_METRICS; k++) {
            double x = ra->v[(size_t)d * N_METRICS + k];
            double y = rb->v[(size_t)d * N_METRICS + k];
            int eq = (x == y) || (isnan(x) && isnan(y));
            if (k == MET_GOV_SPENDING || k == MET_GOV_COST_PER_RESOLVED)
                *cost_differs |= !eq;
            else
                same &= eq;
        }
    return same;
}

TEST(test_grid_that_finds_nothing_changes_nothing_but_cost)
{
    struct params a, b;
    small_params(&a, 4000, 2);
    a.time.days = 90;
    b = a;
    b.mechanisms.grid.enabled = 1;
    b.grid.detect_prob = 0;
    b.grid.collection_share = 0; /* the joined grid's relief: below */
    b.grid.joined_share = 0;     /* and its visits (test_visits.c) */
    struct mem_run ra, rb;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    int cost_differs;
    CHECK(same_but_cost(&ra, &rb, &cost_differs));
    CHECK(cost_differs);
    /* and a grid that does find matters changes the backlog */
    b.grid.detect_prob = 0.5;
    mem_free(&rb);
    CHECK(mem_run(&b, &rb) == 0);
    CHECK(window_mean(&rb, MET_MATTERS_UNREPORTED, 30, 90) <
          window_mean(&ra, MET_MATTERS_UNREPORTED, 30, 90));
    mem_free(&ra);
    mem_free(&rb);
}

TEST(test_microproject_with_full_effect_removes_its_domain)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.time.days = 40;
    p.mechanisms.microprojects.enabled = 1;
    p.microprojects.day = 0;
    p.microprojects.lag_days = 0;
    p.microprojects.effect = 1.0;
    p.microprojects.budget_per_community = p.microprojects.project_cost;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    sim_step(w, 0);  /* the vote: one project per community */
    int funded[2] = {-1, -1};
    for (uint32_t i = 0; i < w->n_projects; i++)
        funded[w->projects[i].community] = w->projects[i].domain;
    CHECK(funded[0] >= 0 && funded[1] >= 0);
    int in_funded = 0, other = 0;
    sim_step(w, 1);  /* projects start (vote day + lag): rates change */
    for (int d = 2; d < p.time.days; d++) {
        sim_step(w, d);
        for (uint32_t j = 0; j < w->n_new; j++) {
            const struct matter *m = &w->m[w->new_slots[j]];
            if (m->domain == funded[m->community])
                in_funded++;
            else
                other++;
        }
    }
    CHECK_EQ_INT(in_funded, 0);
    CHECK(other > 0);
    world_free(w);
}

/* Grants given on the grant day, in grants: government spending that day
 * beyond the same run without venture grants is the grants' first daily
 * share (grants are booked evenly over the year they fund, 7.12). */
static double grants_given(double budget_in_grants)
{
    struct params a, b;
    small_params(&a, 3000, 3);
    a.socorg.initial_grassroots = 1;  /* one grassroots organisation each */
    a.time.days = 1;
    b = a;
    b.mechanisms.venture.enabled = 1;
    b.venture.day = 0;
    b.venture.budget_per_year = budget_in_grants * b.venture.grant_size;
    struct mem_run ra, rb;
    if (mem_run(&a, &ra) || mem_run(&b, &rb))
        return -1;
    double g = (rb.v[MET_GOV_SPENDING] - ra.v[MET_GOV_SPENDING]) *
               DAYS_PER_YEAR / b.venture.grant_size;
    mem_free(&ra);
    mem_free(&rb);
    return g;
}

TEST(test_venture_grant_count)
{
    CHECK_NEAR(grants_given(2.5), 2, 1e-9);  /* to existing organisations */
    CHECK_NEAR(grants_given(5.2), 5, 1e-9);  /* 3 existing + 2 incubated */
    /* incubation takes at most one new organisation per community */
    CHECK_NEAR(grants_given(10), 6, 1e-9);
}

/* Organisation holding community 0's lot on each day of a run. */
static void lot_holders(struct params *p, int *holder)
{
    struct world *w = make_world(p);
    if (!w)
        return;
    for (int d = 0; d < p->time.days; d++) {
        sim_step(w, d);
        int32_t k = w->comm[0].contract;
        holder[d] = k >= 0 ? (int)w->contracts[k].org : -1;
    }
    world_free(w);
}

TEST(test_renewal_threshold)
{
    struct params p;
    small_params(&p, 3000, 2);
    p.time.days = 200;
    p.mechanisms.purchase.enabled = 1;
    p.purchase.cycle_days = 30;
    p.purchase.eval_every_days = 10;
    p.purchase.entrants = 3;
    static int h[200];
    /* every evaluation passes: the first winner keeps the lot */
    p.purchase.renew_min_score = 0;
    lot_holders(&p, h);
    int changes = 0;
    for (int d = 1; d < p.time.days; d++)
        changes += h[d] != h[d - 1];
    CHECK(h[0] >= 0);
    CHECK_EQ_INT(changes, 0);
    /* none passes: a tender every cycle, and with new entrants each time
     * the holder changes at least once in six cycles */
    p.purchase.renew_min_score = 1;
    lot_holders(&p, h);
    changes = 0;
    for (int d = 1; d < p.time.days; d++)
        changes += h[d] != h[d - 1];
    CHECK(changes > 0);
}

TEST(test_budget_cut_shrinks_sector_with_a_lag)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.time.days = 400;
    p.mechanisms.purchase.enabled = 1;
    p.purchase.budget_change_day = 100;
    p.purchase.budget_change_factor = 0;
    p.purchase.renew_min_score = 0;  /* contracts run to their end */
    struct mem_run r;
    CHECK(mem_run(&p, &r) == 0);
    double before = window_mean(&r, MET_SOCIAL_WORKER_COUNT, 60, 99);
    double just_after = window_mean(&r, MET_SOCIAL_WORKER_COUNT, 101, 140);
    double late = window_mean(&r, MET_SOCIAL_WORKER_COUNT, 370, 400);
    fprintf(stderr, "budget cut: workers %.1f before, %.1f after, %.1f late\n",
            before, just_after, late);
    /* contracts signed before the cut run to their end (day 365) */
    CHECK(just_after >= before - 1);
    CHECK(late < before - 1);
    mem_free(&r);
}

/* A station that takes nothing (residual 1, no other channel) frees no
 * hours: every metric but public spending is the run without it. */
TEST(test_station_that_takes_nothing_changes_nothing_but_cost)
{
    struct params a, b;
    small_params(&a, 4000, 2);
    a.time.days = 90;
    b = a;
    b.mechanisms.station.enabled = 1;
    b.station.residual = 1;
    struct mem_run ra, rb;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    int cost_differs;
    CHECK(same_but_cost(&ra, &rb, &cost_differs));
    CHECK(cost_differs);
    mem_free(&ra);
    mem_free(&rb);
}

/* The joined grid (MODEL.md 7.2): the collection share of the committee's
 * admin hours is done once instead of once per department, on top of
 * triage's reduction; the work station's relief then applies to what is
 * left, and its visits come only from the hours the station frees. With
 * one department, or no collection, the grid relieves nothing. */
TEST(test_grid_collects_once_for_all_departments)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.mechanisms.triage.enabled = 1;
    p.community.admin_burden_cap = 1;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    const double reduce = 1.0 - p.triage.admin_reduction;
    const double share[] = {0.5, 0.5, 0.5, 0, 0.5};
    const double depts[] = {4, 4, 1, 4, 4};
    const double factor[] = {0.625, 0.625, 1, 1, 0.625};
    for (int k = 0; k < 5; k++) {
        p.mechanisms.grid.enabled = k > 0;
        p.mechanisms.station.enabled = k == 4;
        p.grid.collection_share = share[k];
        p.grid.departments = depts[k];
        work_capacity(w, &p, 0);
        for (uint32_t c = 0; c < w->n_comm; c++) {
            const struct community *cm = &w->comm[c];
            double a = (p.government.admin_push +
                        p.community.admin_per_1k * cm->n / 1000.0) *
                       reduce * (k == 0 ? 1 : factor[k]);
            double kept = a;
            if (k == 4) { /* the station takes all but its residual */
                double st = a * (1.0 - p.station.residual);
                kept = a - (st < p.station.staff_hours
                                ? st : p.station.staff_hours);
                CHECK_NEAR(cm->mobilise_hours,
                           p.station.mobilise_share * (a - kept), 1e-9);
            } else {
                CHECK(cm->mobilise_hours == 0);
            }
            CHECK_NEAR(cm->admin_burden, kept / p.community.staff_hours,
                       1e-12);
        }
    }
    world_free(w);
}

/* Each channel takes its share, in the order of MODEL.md 7.16; the
 * committee visits with half the hours freed; the day's relief cost is
 * what each channel is paid. */
TEST(test_station_channels_take_their_shares)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.mechanisms.station.enabled = 1;
    p.station.takeback = p.station.outsource = 1;
    p.community.admin_burden_cap = 1;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int big = 0; big < 2; big++) {
        p.station.staff_hours = big ? 1000 : 5;
        work_capacity(w, &p, 0);
        for (uint32_t c = 0; c < w->n_comm; c++) {
            const struct community *cm = &w->comm[c];
            double a = p.government.admin_push +
                       p.community.admin_per_1k * cm->n / 1000.0;
            double back = 0.3 * a, out = 0.3 * (a - back);
            double left = a - back - out;
            double st = big ? 0.8 * left : 5;
            double kept = left - st;
            CHECK_NEAR(cm->admin_burden, kept / p.community.staff_hours,
                       1e-12);
            CHECK_NEAR(cm->mobilise_hours, 0.5 * (a - kept), 1e-9);
            CHECK_NEAR(cm->relief_cost,
                       back * p.government.hourly_cost +
                           out * p.station.outsource_cost +
                           p.station.staff_hours * p.station.hourly_cost,
                       1e-6);
        }
    }
    world_free(w);
}

/* Visits reach each resident with chance hours x contacts / n and move a
 * visited resident's trust in the community by contact_weight of its gap
 * to the committee's quality; nobody else's trust changes. */
TEST(test_station_visits)
{
    struct params p;
    small_params(&p, 20000, 2);
    p.mechanisms.station.enabled = 1;
    p.station.contact_weight = 0.25;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    float *before = malloc(w->n_res * sizeof *before);
    memcpy(before, w->r.trust_com, w->n_res * sizeof *before);
    const double chance[2] = {0.3, 0};
    for (uint32_t c = 0; c < w->n_comm; c++)
        w->comm[c].mobilise_hours =
            chance[c] * w->comm[c].n / p.station.contacts_per_hour;
    station_visit(w, &p, 3);
    uint32_t visited[2] = {0, 0};
    int exact = 1;
    for (uint32_t i = 0; i < w->n_res; i++) {
        uint32_t c = world_community_of(w, i);
        float want = (float)((double)before[i] +
                             0.25 * (p.community.quality - before[i]));
        if (w->r.trust_com[i] == before[i])
            continue;
        visited[c]++;
        exact &= w->r.trust_com[i] == want;
    }
    CHECK(exact);
    CHECK_EQ_INT((int)visited[1], 0);
    double n0 = w->comm[0].n, se = sqrt(0.3 * 0.7 / n0);
    CHECK_NEAR(visited[0] / n0, 0.3, 4 * se);
    free(before);
    world_free(w);
}

/* A weekly meeting fades every rule by exp(-every / fade_days); a quorate
 * one adopts the domain with the highest base rate among those below
 * renew_below (never admin); a rule in force cuts its domain's rate and
 * raises intake's accuracy by the shares of MODEL.md 7.17. */
TEST(test_rules_meeting_and_effects)
{
    struct params p;
    small_params(&p, 2000, 1);
    p.mechanisms.triage.enabled = p.mechanisms.rules.enabled = 1;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    struct community *cm = &w->comm[0];
    int top = -1;   /* the domain of highest base rate but admin */
    for (int d = 0; d < N_DOMAINS; d++)
        if (d != D_ADMIN && (top < 0 || p.domains[d].rate > p.domains[top].rate))
            top = d;
    rules_meeting(w, 0, 0);
    for (int d = 0; d < N_DOMAINS; d++)
        CHECK(cm->rule[d] == 0.0f);
    rules_meeting(w, 0, 1);
    for (int d = 0; d < N_DOMAINS; d++)
        CHECK(cm->rule[d] == (d == top ? 1.0f : 0.0f));
    rules_meeting(w, 0, 1);   /* the next domain; the first one fades */
    float keep = (float)exp(-p.triage.meeting_every_days / p.rules.fade_days);
    CHECK(cm->rule[top] == keep);
    int n_in_force = 0;
    for (int d = 0; d < N_DOMAINS; d++)
        n_in_force += cm->rule[d] > 0;
    CHECK_EQ_INT(n_in_force, 2);
    CHECK(cm->rule[D_ADMIN] == 0.0f);
    /* effects */
    cm->rule[D_DISPUTE] = 0.5f;
    CHECK_NEAR(rules_factor(w, 0, D_DISPUTE), 1 - 0.5 * p.rules.rate_cut,
               1e-12);
    struct matter m = {0};
    m.community = 0;
    m.domain = D_DISPUTE;
    CHECK_NEAR(rules_accuracy(w, &m),
               p.triage.accuracy + (1 - p.triage.accuracy) * 0.5 *
                                       p.rules.accuracy_gain,
               1e-12);
    m.domain = D_ADMIN;
    CHECK(rules_accuracy(w, &m) == p.triage.accuracy);
    world_free(w);
}

/* Rules that do nothing (neither gain) leave a triage run as it was. */
TEST(test_rules_without_effect_change_nothing)
{
    struct params a, b;
    small_params(&a, 4000, 2);
    a.time.days = 90;
    a.mechanisms.triage.enabled = 1;
    b = a;
    b.mechanisms.rules.enabled = 1;
    b.rules.accuracy_gain = b.rules.rate_cut = 0;
    struct mem_run ra, rb;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    int cost_differs;
    CHECK(same_but_cost(&ra, &rb, &cost_differs));
    CHECK(!cost_differs);
    /* with its effects, rules change the run */
    b.rules.accuracy_gain = 0.5;
    b.rules.rate_cut = 0.2;
    mem_free(&rb);
    CHECK(mem_run(&b, &rb) == 0);
    CHECK(window_mean(&rb, MET_MATTERS_NEW, 30, 90) <
          window_mean(&ra, MET_MATTERS_NEW, 30, 90));
    mem_free(&ra);
    mem_free(&rb);
}

UNIT_MAIN(test_mediation_success_bounds,
          test_grid_that_finds_nothing_changes_nothing_but_cost,
          test_grid_collects_once_for_all_departments,
          test_microproject_with_full_effect_removes_its_domain,
          test_venture_grant_count, test_renewal_threshold,
          test_budget_cut_shrinks_sector_with_a_lag,
          test_station_that_takes_nothing_changes_nothing_but_cost,
          test_station_channels_take_their_shares, test_station_visits,
          test_rules_meeting_and_effects,
          test_rules_without_effect_change_nothing)
