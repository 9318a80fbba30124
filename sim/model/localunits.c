/* 驻区单位, local units as co-governors (docs/MODEL.md 7.15; seed 000
 * 越秀 "三元治理" (二): 党委政府、驻社区单位和居民群众 govern together,
 * and the 社区治理联盟; seed 001 导论 3(1): the collective company
 * (股份公司) among the bodies of a Shenzhen community; seed 002 序: the
 * 区域化党建 platform and the 社区委员会 pool the resources of the units
 * of an area; seed 003 朝阳: 驻区单位协商; seed 004 三(一): 贵阳's
 * 社会建设党委 seats the party leaders of the units of the area).
 *
 * Each community has localunits.per_community units, drawn at day 0
 * from their own purpose: a kind (firm, school, collective company,
 * public institution) and a log-normal size of mean 1. Every
 * council_days a council (社区委员会 / 联席会议) meets: each unit first
 * updates its reputation from the last period (what it raised that was
 * resolved, and how much of its pledged hours the committee used), then
 * pledges, with the chance its broker gives (the party's joint meeting,
 * the committee, or nobody), staff hours, money and venue days in
 * proportion to size, kind and reputation. The committee works the
 * pledged hours on its queue after its own (channel "units"), the money
 * goes into the community fund (funding.c), the venue days add to the
 * days activities are held (activities.c). A share raised_share of the
 * community-scope matters is raised by a unit of the matter's community
 * (drawn from the matter's identity), whose reputation counts how many
 * of them were resolved. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/actors.h"

/* What a unit of each kind gives, relative to the base pledges: staff
 * hours, venue days, money (assumed; MODEL.md 7.15). */
static const double kind_profile[N_UNIT_KINDS][3] = {
    [UNIT_FIRM] = {0.5, 0.5, 1.5},
    [UNIT_SCHOOL] = {1.0, 2.0, 0.2},
    [UNIT_COLLECTIVE] = {1.0, 1.0, 2.0},
    [UNIT_INSTITUTION] = {1.5, 1.0, 0.3},
};

int localunits_init(struct world *w, char *err, size_t errlen)
{
    const struct params *p = w->p;
    if (!p->mechanisms.localunits.enabled)
        return 0;
    const uint32_t k = (uint32_t)p->localunits.per_community;
    const uint64_t n = (uint64_t)w->n_comm * k;
    w->units = calloc(n ? (size_t)n : 1, sizeof *w->units);
    if (!w->units) {
        snprintf(err, errlen, "out of memory for %llu local units",
                 (unsigned long long)n);
        return -1;
    }
    w->n_units = (uint32_t)n;
    const double sd = p->localunits.size_sd;
    const double c1 = p->localunits.share_firm;
    const double c2 = c1 + p->localunits.share_school;
    const double c3 = c2 + p->localunits.share_collective;
    for (uint32_t i = 0; i < w->n_units; i++) {
        struct local_unit *u = &w->units[i];
        struct rng_stream s;
        rng_stream_init(&s, w->seed, RP_UNITS, 0, i);
        double x = rng_uniform(&s);
        u->community = i / k;
        u->kind = x < c1   ? UNIT_FIRM
                  : x < c2 ? UNIT_SCHOOL
                  : x < c3 ? UNIT_COLLECTIVE
                           : UNIT_INSTITUTION;
        /* log-normal of mean 1 */
        u->size = exp(sd * rng_normal(&s) - 0.5 * sd * sd);
        u->reputation = p->localunits.reputation0;
    }
    return 0;
}

/* The chance a unit pledges at the council, by its broker. */
static double attend_chance(const struct params *p)
{
    int b = p->localunits.broker;
    if (b == UNITS_BROKER_PARTY && !p->mechanisms.party.enabled)
        b = UNITS_BROKER_COMMITTEE;
    return b == UNITS_BROKER_PARTY       ? p->localunits.attend_party
           : b == UNITS_BROKER_COMMITTEE ? p->localunits.attend_committee
                                         : p->localunits.attend_none;
}

/* Reputation after a period: toward the mean of the signals the unit
 * had (share of its matters resolved, share of its pledged hours used;
 * 0 with neither) by a share `response` of the gap. */
static double reputation_next(const struct params *p,
                              const struct local_unit *u)
{
    double sig = 0;
    int n = 0;
    if (u->raised > 0)
        sig += u->solved / u->raised, n++;
    if (u->pledged > 0)
        sig += u->used / u->pledged, n++;
    if (n)
        sig /= n;
    return u->reputation + p->localunits.response * (sig - u->reputation);
}

/* The council of `day`; the first (day 0) has no period behind it, so
 * reputations stay as they began. */
static void council(struct world *w, const struct params *p, int day)
{
    const double attend = attend_chance(p);
    for (uint32_t i = 0; i < w->n_units; i++) {
        struct local_unit *u = &w->units[i];
        if (day > 0)
            u->reputation = reputation_next(p, u);
        u->raised = u->solved = u->pledged = u->used = 0;
        uint32_t r[4];
        rng_block(w->seed, RP_UNITS_COUNCIL, (uint32_t)day, i, 0, r);
        double give = rng_u01(r[0]) < attend ? u->size * u->reputation : 0;
        const double *k = kind_profile[u->kind];
        u->hours = give * k[0] * p->localunits.hours / DAYS_PER_WEEK;
        u->venue_days = give * k[1] * p->localunits.venue_days;
        if (u->venue_days > DAYS_PER_YEAR)
            u->venue_days = DAYS_PER_YEAR;
        u->funds = give * k[2] * p->localunits.funds / DAYS_PER_YEAR;
    }
}

void localunits_daily(struct world *w, const struct params *p, int day)
{
    if (!w->units || !p->mechanisms.localunits.enabled)
        return;
    const int64_t n = p->localunits.council_days;
    if (((int64_t)day % n + n) % n == 0)
        council(w, p, day);
}

/* The units of community c: [*first, *first + per_community). */
static uint32_t units_of(const struct world *w, uint32_t c, uint32_t *first)
{
    const uint32_t k = (uint32_t)w->p->localunits.per_community;
    *first = c * k;
    return k;
}

/* Sum over the units of community c of the double at `offset` in
 * struct local_unit (0 without units). */
static double community_sum(const struct world *w, uint32_t c, size_t offset)
{
    if (!w->units || !w->p->mechanisms.localunits.enabled)
        return 0;
    uint32_t f, k = units_of(w, c, &f);
    double x = 0;
    for (uint32_t i = f; i < f + k; i++)
        x += *(const double *)(const void *)((const char *)&w->units[i] +
                                             offset);
    return x;
}

double localunits_hours(const struct world *w, uint32_t c)
{
    return community_sum(w, c, offsetof(struct local_unit, hours));
}

double localunits_funds(const struct world *w, uint32_t c)
{
    return community_sum(w, c, offsetof(struct local_unit, funds));
}

double localunits_venue_days(const struct world *w, uint32_t c)
{
    return community_sum(w, c, offsetof(struct local_unit, venue_days));
}

void localunits_worked(struct world *w, uint32_t c, double pledged,
                       double worked)
{
    if (!w->units || pledged <= 0)
        return;
    uint32_t f, k = units_of(w, c, &f);
    for (uint32_t i = f; i < f + k; i++) {
        struct local_unit *u = &w->units[i];
        u->pledged += u->hours;
        u->used += worked * (u->hours / pledged);
    }
}

void localunits_closed(struct world *w, const struct matter *m,
                       int resolved)
{
    if (!w->units || !w->p->mechanisms.localunits.enabled ||
        m->scope != SCOPE_COMMUNITY ||
        (m->flags & MF_PETITION))
        return;
    uint32_t r[4];
    rng_block(w->seed, RP_UNITS, (uint32_t)m->created, matter_rng_entity(m),
              1, r);
    if (rng_u01(r[0]) >= w->p->localunits.raised_share)
        return;
    uint32_t f, k = units_of(w, m->community, &f);
    struct local_unit *u = &w->units[f + r[1] % k];
    u->raised += 1;
    u->solved += resolved;
}

void localunits_totals(const struct world *w, double *reputation_mean,
                       double *hours, double *funds)
{
    double rep = 0, h = 0, y = 0;
    for (uint32_t i = 0; i < w->n_units; i++) {
        rep += w->units[i].reputation;
        h += w->units[i].hours;
        y += w->units[i].funds;
    }
    *reputation_mean = w->n_units ? rep / w->n_units : NAN;
    *hours = h;
    *funds = y;
}
