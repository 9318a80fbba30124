/* Local units as co-governors (驻区单位, docs/MODEL.md 7.15) in isolation:
 * the units drawn at day 0 (kinds at their shares, sizes of mean 1), the
 * council's pledges by broker and reputation, the reputation rule, the
 * units' hours resolving matters through the "units" channel only when
 * the committee's own hours run short, and their money, which raises the
 * non-government share of the fund's income without touching
 * government's spending. */
#include <stdio.h>

#include "model/actors.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

static double kind_share(const struct world *w, int kind)
{
    double n = 0;
    for (uint32_t i = 0; i < w->n_units; i++)
        n += w->units[i].kind == kind;
    return n / w->n_units;
}

TEST(test_units_drawn_at_their_shares)
{
    struct params p;
    small_params(&p, 4000, 4);
    struct world *off = make_world(&p);
    CHECK(off && off->units == NULL && off->n_units == 0);
    p.mechanisms.localunits.enabled = 1;
    p.localunits.per_community = 1000;
    struct world *on = make_world(&p);
    CHECK(on != NULL);
    if (!off || !on)
        return;
    CHECK_EQ_INT(on->n_units, 4000);
    const double share[] = {p.localunits.share_firm, p.localunits.share_school,
                            p.localunits.share_collective};
    for (int k = 0; k < 3; k++) {
        double se = sqrt(share[k] * (1 - share[k]) / on->n_units);
        CHECK(fabs(kind_share(on, k) - share[k]) < 4 * se);
    }
    double rest = 1 - share[0] - share[1] - share[2];
    CHECK(fabs(kind_share(on, UNIT_INSTITUTION) - rest) <
          4 * sqrt(rest * (1 - rest) / on->n_units));
    double size = 0;
    int home = 1;
    for (uint32_t i = 0; i < on->n_units; i++) {
        size += on->units[i].size;
        home &= on->units[i].community == i / 1000;
        home &= on->units[i].reputation == p.localunits.reputation0;
    }
    CHECK(home);
    /* log-normal of mean 1 (sd 0.5: the mean's se is about 0.017) */
    CHECK(fabs(size / on->n_units - 1) < 0.07);
    /* nothing else of day 0 changes: the residents are the same */
    int other = 0;
    for (uint32_t i = 0; i < on->n_res; i++)
        other += on->r.trust_com[i] != off->r.trust_com[i] ||
                 on->r.flags[i] != off->r.flags[i];
    CHECK_EQ_INT(other, 0);
    world_free(off);
    world_free(on);
}

/* Units pledging at a council on day 0, with pledge chance `attend` under
 * broker b: the share of units that pledged. */
static double pledged_share(struct params *p, int broker, int party)
{
    p->localunits.broker = broker;
    p->mechanisms.party.enabled = party;
    struct world *w = make_world(p);
    CHECK(w != NULL);
    if (!w)
        return NAN;
    localunits_daily(w, p, 0);
    double n = 0;
    for (uint32_t i = 0; i < w->n_units; i++)
        n += w->units[i].hours > 0;
    n /= w->n_units;
    world_free(w);
    return n;
}

TEST(test_council_pledges_by_broker)
{
    struct params p;
    small_params(&p, 2000, 2);
    p.mechanisms.localunits.enabled = 1;
    p.localunits.per_community = 2000;
    p.localunits.attend_party = 0.9;
    p.localunits.attend_committee = 0.5;
    p.localunits.attend_none = 0.1;
    const double se = 4 * sqrt(0.25 / 4000);
    CHECK(fabs(pledged_share(&p, UNITS_BROKER_PARTY, 1) - 0.9) < se);
    CHECK(fabs(pledged_share(&p, UNITS_BROKER_COMMITTEE, 0) - 0.5) < se);
    CHECK(fabs(pledged_share(&p, UNITS_BROKER_NONE, 0) - 0.1) < se);
    /* the joint meeting needs the party: without it the committee's */
    CHECK(fabs(pledged_share(&p, UNITS_BROKER_PARTY, 0) - 0.5) < se);

    /* a unit that pledges gives size x kind x reputation x the base */
    p.localunits.attend_committee = 1;
    p.localunits.broker = UNITS_BROKER_COMMITTEE;
    p.mechanisms.party.enabled = 0;
    p.localunits.per_community = 3;
    p.localunits.share_firm = 1;
    p.localunits.share_school = p.localunits.share_collective = 0;
    p.localunits.reputation0 = 0.5;
    p.localunits.response = 0;
    p.localunits.hours = 7;
    p.localunits.funds = 365;
    p.localunits.venue_days = 10;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    localunits_daily(w, &p, 1);   /* not a council day: nothing */
    CHECK_NEAR(localunits_hours(w, 0), 0, 0);
    localunits_daily(w, &p, 91);
    double size = 0;
    for (uint32_t i = 0; i < 3; i++)
        size += w->units[i].size;
    /* firms: hours x 0.5, venues x 0.5, money x 1.5 */
    CHECK_NEAR(localunits_hours(w, 0), size * 0.5 * 0.5, 1e-12);
    CHECK_NEAR(localunits_venue_days(w, 0), size * 0.5 * 0.5 * 10, 1e-12);
    CHECK_NEAR(localunits_funds(w, 0), size * 0.5 * 1.5, 1e-12);
    world_free(w);
}

TEST(test_reputation_follows_how_units_are_served)
{
    struct params p;
    small_params(&p, 2000, 2);
    p.mechanisms.localunits.enabled = 1;
    p.localunits.reputation0 = 0.5;
    p.localunits.response = 0.4;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    struct local_unit *a = &w->units[0], *b = &w->units[1],
                      *c = &w->units[2];
    a->raised = a->solved = 4;          /* all resolved, all hours used */
    a->pledged = a->used = 10;
    b->raised = 4;                      /* none resolved, hours unused */
    b->solved = 0;
    b->pledged = 10;
    b->used = 0;
    c->raised = 4;                      /* half and half */
    c->solved = 2;
    c->pledged = 0;                     /* pledged nothing: no signal */
    localunits_daily(w, &p, 0);         /* day 0: no period behind it */
    CHECK_NEAR(a->reputation, 0.5, 0);
    CHECK_NEAR(b->reputation, 0.5, 0);
    a->raised = a->solved = 4;
    a->pledged = a->used = 10;
    b->raised = 4;
    b->pledged = 10;
    c->raised = 4;
    c->solved = 2;
    localunits_daily(w, &p, 91);
    CHECK_NEAR(a->reputation, 0.5 + 0.4 * (1 - 0.5), 1e-12);
    CHECK_NEAR(b->reputation, 0.5 + 0.4 * (0 - 0.5), 1e-12);
    CHECK_NEAR(c->reputation, 0.5, 1e-12);   /* its signal is 0.5 */
    /* a unit neither raising nor pledging fades */
    CHECK_NEAR(w->units[3].reputation, 0.5 * 0.6, 1e-12);
    /* the period's counts start again */
    CHECK(a->raised == 0 && a->solved == 0 && a->pledged == 0 &&
          a->used == 0);
    world_free(w);
}

/* A district whose committees have `staff` hours a day and whose units
 * pledge `hours` a week each, with triage's fund. */
static void short_handed(struct params *p, double staff, double hours,
                         double funds)
{
    small_params(p, 4000, 2);
    p->time.days = 120;
    p->mechanisms.triage.enabled = 1;
    p->mechanisms.localunits.enabled = 1;
    p->localunits.council_days = 30;
    p->localunits.attend_committee = 1;
    p->localunits.hours = hours;
    p->localunits.funds = funds;
    p->community.staff_hours = staff;
}

TEST(test_units_resolve_when_the_committee_is_short)
{
    struct params a, b, c;
    short_handed(&a, 4, 0, 0);
    short_handed(&b, 4, 60, 0);
    short_handed(&c, 300, 60, 0);
    struct mem_run ra, rb, rc;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    CHECK(mem_run(&c, &rc) == 0);
    CHECK(ra.identity_ok && rb.identity_ok && rc.identity_ok);
    CHECK_NEAR(ra.channel[CH_UNITS], 0, 0);
    CHECK(rb.channel[CH_UNITS] > 50);
    /* more resolved by the committee and the units together */
    CHECK(rb.channel[CH_COMMUNITY] + rb.channel[CH_UNITS] >
          ra.channel[CH_COMMUNITY]);
    /* a committee with hours to spare leaves the units' hours unused */
    CHECK(rc.channel[CH_UNITS] < 0.1 * rb.channel[CH_UNITS]);
    /* pledges are reported */
    CHECK(window_mean(&rb, MET_UNITS_HOURS, 0, 120) > 0);
    CHECK_NEAR(window_mean(&ra, MET_UNITS_HOURS, 0, 120), 0, 0);
    CHECK(window_mean(&rb, MET_UNITS_REPUTATION_MEAN, 0, 120) > 0);
    mem_free(&ra);
    mem_free(&rb);
    mem_free(&rc);
}

TEST(test_unit_money_raises_the_nongov_share)
{
    struct params a, b;
    short_handed(&a, 51.4, 0, 0);
    short_handed(&b, 51.4, 0, 1e6);
    struct mem_run ra, rb;
    CHECK(mem_run(&a, &ra) == 0);
    CHECK(mem_run(&b, &rb) == 0);
    int same = 1;
    for (int d = 0; d < a.time.days; d++)
        same &= rb.v[(size_t)d * N_METRICS + MET_GOV_SPENDING] ==
                ra.v[(size_t)d * N_METRICS + MET_GOV_SPENDING];
    CHECK(same);
    double sa = window_mean(&ra, MET_FUND_NONGOV_SHARE, 0, 120);
    double sb = window_mean(&rb, MET_FUND_NONGOV_SHARE, 0, 120);
    /* triage's fund: government's 10 and donations' yuan a resident */
    double gov = a.triage.fund_per_resident,
           don = a.triage.donations_per_resident +
                 a.fund.foundation_per_resident;
    CHECK_NEAR(sa, don / (gov + don), 1e-9);
    CHECK(sb > sa + 0.1);
    CHECK(window_mean(&rb, MET_UNITS_FUNDS, 0, 120) > 0);
    mem_free(&ra);
    mem_free(&rb);
}

UNIT_MAIN(test_units_drawn_at_their_shares, test_council_pledges_by_broker,
          test_reputation_follows_how_units_are_served,
          test_units_resolve_when_the_committee_is_short,
          test_unit_money_raises_the_nongov_share)
