/* Party-building leadership (党建引领, docs/MODEL.md 7.14) in isolation:
 * the members drawn at day 0, their lower threshold and readiness to
 * volunteer in one day of the participation rule, coordination that
 * catches every wrong class or none, government's shortened latency, and
 * the joint meeting's money, which is not government's. */
#include <stdio.h>

#include "model/phases.h"
#include "model/routing.h"
#include "model_util.h"
#include "unit.h"

static struct world *make(const struct params *p)
{
    char err[256];
    struct world *w;
    if (setup_world(&w, p, err, sizeof err)) {
        fprintf(stderr, "setup_world: %s\n", err);
        return NULL;
    }
    return w;
}

static uint32_t members(const struct world *w)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->n_res; i++)
        n += (w->r.flags[i] & R_PARTY) != 0;
    return n;
}

TEST(test_members_drawn_at_their_share)
{
    struct params p;
    small_params(&p, 20000, 2);
    struct world *off = make(&p);
    p.mechanisms.party.enabled = 1;
    p.party.member_share = 0.065;
    struct world *on = make(&p);
    p.party.member_share = 0;
    struct world *none = make(&p);
    CHECK(off && on && none);
    if (!off || !on || !none)
        return;
    CHECK_EQ_INT(members(off), 0);
    CHECK_EQ_INT(members(none), 0);
    /* binomial share within 4 standard errors */
    double share = (double)members(on) / on->n_res;
    double se = sqrt(0.065 * 0.935 / on->n_res);
    CHECK(fabs(share - 0.065) < 4 * se);
    /* the member bit is the only difference */
    int other = 0;
    for (uint32_t i = 0; i < on->n_res; i++)
        other += (on->r.flags[i] & ~R_PARTY) != off->r.flags[i];
    CHECK_EQ_INT(other, 0);
    world_free(off);
    world_free(on);
    world_free(none);
}

/* One day of the participation rule in a world where every resident has
 * threshold `thr`, efficacy and trust 1, gain 1, and sees a share `seen`
 * of its community take part yesterday (global peers): the share of
 * members and of the others taking part today. */
static void one_day(struct params *p, float thr, double seen,
                    double *part_member, double *part_other,
                    double *vol_member, double *vol_other)
{
    p->participation.network = PARTICIPATION_GLOBAL;
    p->participation.gain = 1;
    struct world *w = make(p);
    CHECK(w != NULL);
    if (!w)
        return;
    for (uint32_t i = 0; i < w->n_res; i++) {
        w->r.threshold[i] = thr;
        w->r.efficacy[i] = w->r.trust_com[i] = 1;
        w->r.flags[i] &= (uint8_t)~R_VOLUNTEER;
    }
    for (uint32_t c = 0; c < w->n_comm; c++)
        w->comm[c].participants = (uint32_t)(seen * w->comm[c].n + 0.5);
    phase_participate(w, p, 1);
    double pm = 0, po = 0, vm = 0, vo = 0, nm = 0, no = 0;
    for (uint32_t i = 0; i < w->n_res; i++) {
        int m = (w->r.flags[i] & R_PARTY) != 0;
        int v = (w->r.flags[i] & R_VOLUNTEER) != 0;
        if (m) {
            nm++;
            pm += w->r.participating[i];
            vm += v;
        } else {
            no++;
            po += w->r.participating[i];
            vo += v;
        }
    }
    *part_member = pm / nm;
    *part_other = po / no;
    *vol_member = vm / nm;
    *vol_other = vo / no;
    world_free(w);
}

TEST(test_members_threshold_is_lower)
{
    struct params p;
    small_params(&p, 20000, 2);
    p.mechanisms.party.enabled = 1;
    p.party.member_share = 0.1;
    p.volunteer.join_rate = 0;
    double pm, po, vm, vo;
    /* a fifth of the community took part: members (0.3 x 0.5 = 0.15)
     * follow, the others (0.3) do not */
    p.party.threshold_factor = 0.5;
    one_day(&p, 0.3f, 0.2, &pm, &po, &vm, &vo);
    CHECK_NEAR(pm, 1, 0);
    CHECK_NEAR(po, 0, 0);
    /* with the factor at 1 members are like everyone */
    p.party.threshold_factor = 1;
    one_day(&p, 0.3f, 0.2, &pm, &po, &vm, &vo);
    CHECK_NEAR(pm, 0, 0);
    CHECK_NEAR(po, 0, 0);
}

TEST(test_members_volunteer_more_readily)
{
    struct params p;
    small_params(&p, 40000, 2);
    p.mechanisms.party.enabled = 1;
    p.party.member_share = 0.2;
    p.volunteer.join_rate = 0.02;
    p.party.join_factor = 5;
    double pm, po, vm, vo;
    /* everyone takes part (threshold 0): a member registers with
     * probability 0.02 x 5, another resident with 0.02 */
    one_day(&p, 0.0f, 0.0, &pm, &po, &vm, &vo);
    CHECK_NEAR(pm, 1, 0);
    CHECK_NEAR(po, 1, 0);
    double nm = 0.2 * 40000, no = 0.8 * 40000;
    CHECK(fabs(vm - 0.1) < 4 * sqrt(0.1 * 0.9 / nm));
    CHECK(fabs(vo - 0.02) < 4 * sqrt(0.02 * 0.98 / no));
}

/* Matters that waited for a transfer over a run of p (each counted once,
 * on the day it is queued for the transfer). */
static int64_t transfers(const struct params *p)
{
    struct world *w = make(p);
    CHECK(w != NULL);
    if (!w)
        return -1;
    int64_t n = 0;
    for (int d = 0; d < p->time.days; d++) {
        sim_step(w, d);
        for (uint32_t i = 0; i < w->transit.n; i++) {
            const struct matter *m = &w->m[w->transit.slot[i]];
            n += m->handler_kind == HK_REROUTE && m->reported == d;
        }
    }
    world_free(w);
    return n;
}

TEST(test_coordination_catches_wrong_classes)
{
    struct params p;
    small_params(&p, 5000, 2);
    p.time.days = 60;
    p.mechanisms.triage.enabled = 1;
    p.triage.accuracy = 0.6;
    int64_t without = transfers(&p);
    p.mechanisms.party.enabled = 1;
    p.party.coordination = 0;
    int64_t none_caught = transfers(&p);
    p.party.coordination = 1;
    int64_t all_caught = transfers(&p);
    CHECK(without > 100);
    CHECK(none_caught > 100);
    CHECK_EQ_INT(all_caught, 0);
}

TEST(test_latency_factor)
{
    struct params p;
    config_defaults(params_table(), &p);
    p.government.latency_days = 3;
    CHECK_EQ_INT(party_latency(&p), 3);
    p.mechanisms.party.enabled = 1;
    p.party.latency_factor = 0.5;
    CHECK_EQ_INT(party_latency(&p), 1);  /* 1.5 days: whole days */
    p.party.latency_factor = 0;
    CHECK_EQ_INT(party_latency(&p), 0);
}

TEST(test_unit_money_is_not_government_spending)
{
    struct params a, b;
    small_params(&a, 5000, 2);
    a.time.days = 60;
    a.mechanisms.triage.enabled = 1;
    a.mechanisms.party.enabled = 1;
    a.party.unit_hours = 0;
    a.party.coordination = 0;
    a.party.latency_factor = 1;
    a.party.join_factor = 1;
    a.party.threshold_factor = 1;
    a.party.unit_funds = 0;
    b = a;
    b.party.unit_funds = 365;  /* one yuan a resident a day */
    struct mem_run ra, rb;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    CHECK(ra.identity_ok && rb.identity_ok);
    /* on day 0 the fund holds one day of income: the units' 5000 yuan
     * more (nothing is spent before the first weekly meeting) */
    CHECK_NEAR(rb.v[MET_COMMUNITY_FUND_BALANCE] -
                   ra.v[MET_COMMUNITY_FUND_BALANCE],
               5000, 1e-6);
    int same = 1;
    for (int d = 0; d < a.time.days; d++)
        same &= rb.v[(size_t)d * N_METRICS + MET_GOV_SPENDING] ==
                ra.v[(size_t)d * N_METRICS + MET_GOV_SPENDING];
    CHECK(same);
    CHECK(window_mean(&rb, MET_COMMUNITY_FUND_BALANCE, 50, 60) >
          window_mean(&ra, MET_COMMUNITY_FUND_BALANCE, 50, 60));
    mem_free(&ra);
    mem_free(&rb);
}

UNIT_MAIN(test_members_drawn_at_their_share, test_members_threshold_is_lower,
          test_members_volunteer_more_readily,
          test_coordination_catches_wrong_classes, test_latency_factor,
          test_unit_money_is_not_government_spending)
