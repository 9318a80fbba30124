/* Phase 8, outcomes (docs/MODEL.md, "Outcomes"). A resolved matter moves
 * its owner's satisfaction, and the trust in the institution that solved
 * it, toward the outcome quality / (1 + days / timeliness_days); a
 * settled petition instead settles its owner's grievance (7.9). Open
 * matters past `patience` days add to their owner's grievance, petitions
 * excepted, and their owners give them up with daily chance `give_up`
 * (drawn once, as an exponential clock); at `max_age` they are abandoned
 * (outcome 0). */
#include <math.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cogov/rng.h"
#include "model/actors.h"
#include "model/matter.h"
#include "model/phases.h"

enum { ACT_NONE, ACT_ABANDON };

/* Which trust a channel's outcome moves: 0 none, 1 government, 2
 * community (the committee and the organisations working in it). */
static int trust_target(int ch)
{
    switch (ch) {
    case CH_GOVERNMENT: return 1;
    case CH_COMMUNITY: case CH_DELIBERATION: case CH_SOCORG:
    case CH_VOLUNTEER: case CH_MEDIATION: case CH_UNITS: return 2;
    default: return 0;
    }
}

/* Did public handling resolve it (docs/MODEL.md 7.12)? Government, the
 * committee, deliberation, volunteers, mediation, and organisations
 * working a matter they were referred (contract, platform), not one its
 * owner bought; not self, ties or the market. */
static int publicly_handled(int ch, const struct matter *m)
{
    switch (ch) {
    case CH_GOVERNMENT: case CH_COMMUNITY: case CH_DELIBERATION:
    case CH_VOLUNTEER: case CH_MEDIATION: case CH_UNITS: return 1;
    case CH_SOCORG: return !(m->flags & MF_PAID);
    default: return 0;
    }
}

static void toward(float *x, double weight, double target)
{
    *x = (float)((double)*x + weight * (target - (double)*x));
}

static void feel(struct world *w, uint32_t owner, int target, double o)
{
    const struct params *p = w->p;
    toward(&w->r.satisfaction[owner], p->outcome.satisfaction_weight, o);
    if (target == 1)
        toward(&w->r.trust_gov[owner], p->outcome.trust_weight, o);
    else if (target == 2)
        toward(&w->r.trust_com[owner], p->outcome.trust_weight, o);
}

static void close_matter(struct world *w, uint32_t slot)
{
    struct matter *m = &w->m[slot];
    w->open--;
    w->open_scope[m->scope]--;
    w->comm[m->community].open--;
    if (m->status == M_HELD)
        w->unreported--;
    if (m->flags & MF_PETITION)
        w->r.flags[m->owner] &= (uint8_t)~R_PETITIONING;
    matter_release(w, slot);
}

/* Is matter m, resolved through channel ch, a public service residents
 * credit to government as well (MODEL.md 7.8)? Items paid from the
 * community fund, work of the organisation holding the community's
 * purchase contract (政府购买), people's mediation, and, with linkage, what
 * the hub platform (党群服务中心) matched to organisations and volunteers. */
static int publicly_funded(const struct world *w, const struct matter *m,
                           int ch)
{
    const int hub = w->p->mechanisms.linkage.enabled;
    switch (ch) {
    case CH_DELIBERATION: case CH_MEDIATION: return 1;
    case CH_VOLUNTEER: return hub;
    case CH_SOCORG: {
        int32_t k = w->comm[m->community].contract;
        return hub || (k >= 0 && m->handler_kind == HK_SOCORG &&
                       w->contracts[k].org == m->handler);
    }
    default: return 0;
    }
}

double outcome_value(const struct params *p, double quality, int age)
{
    return quality / (1.0 + age / p->outcome.timeliness_days);
}

void outcome_resolve(struct world *w, uint32_t slot, int ch, double quality,
                     int day)
{
    const struct matter *m = &w->m[slot];
    int age = day - m->created;
    if (m->flags & MF_PETITION) {
        /* answered: the grievance behind it settles; the matters behind
         * it are still open, so no outcome for satisfaction or trust */
        w->r.grievance[m->owner] *= (float)w->p->escalation.reset;
        w->st.petitions_settled++;
    } else {
        double o = outcome_value(w->p, quality, age);
        feel(w, m->owner, trust_target(ch), o);
        w->st.public_resolved += publicly_handled(ch, m);
        if (w->p->outcome.gov_credit > 0 && publicly_funded(w, m, ch))
            toward(&w->r.trust_gov[m->owner],
                   w->p->outcome.trust_weight * w->p->outcome.gov_credit, o);
    }
    w->ages = world_grow(w->ages, &w->cap_ages, w->n_ages + 1,
                         sizeof *w->ages);
    w->ages[w->n_ages++] = age;
    w->st.resolved++;
    w->st.by_channel[ch]++;
    w->resolved_total++;
    localunits_closed(w, m, 1);
    close_matter(w, slot);
}

void outcome_abandon(struct world *w, uint32_t slot, int day)
{
    struct matter *m = &w->m[slot];
    w->abandoned_ages =
        world_grow(w->abandoned_ages, &w->cap_abandoned_ages,
                   w->n_abandoned_ages + 1, sizeof *w->abandoned_ages);
    w->abandoned_ages[w->n_abandoned_ages++] = day - m->created;
    /* the institution holding it takes the blame; none if its owner does */
    int target = 0;
    if (m->status == M_QUEUED || m->status == M_TRANSIT ||
        m->status == M_PLATFORM)
        target = m->handler_kind == HK_GOVERNMENT ? 1 : 2;
    matter_unlink(w, slot);
    feel(w, m->owner, target, 0.0);
    w->st.abandoned++;
    w->abandoned_total++;
    localunits_closed(w, m, 0);
    close_matter(w, slot);
}

/* The hazard of giving up on one overdue day, -ln(1 - give_up): after k
 * overdue days a clock of Exp(1) has outlasted them with chance
 * (1 - give_up)^k, as k daily draws would. */
static float give_up_hazard(double give_up)
{
    return give_up >= 1 ? INFINITY : (float)-log1p(-give_up);
}

/* Does the owner of overdue matter m give it up today? (MODEL.md 7.8:
 * reneging after `patience` days, so that an overloaded queue settles
 * without the max_age cut-off.) One draw a matter, on its first overdue
 * day, instead of one each overdue day; hazard 0 (give_up 0) starts no
 * clock, and a change of give_up during the run acts from that day. */
static int given_up(const struct world *w, struct matter *m, float hazard)
{
    if (hazard <= 0)
        return 0;
    if (m->give_up_left < 0) {
        uint32_t u[4];
        rng_block(w->seed, RP_GIVE_UP, (uint32_t)m->created,
                  matter_rng_entity(m), 0, u);
        m->give_up_left = (float)-log(rng_u01(u[0]));
    }
    m->give_up_left -= hazard;
    if (m->give_up_left > 0)
        return 0;
    /* used up; 0, not -inf (give_up 1): the freed slot is saved too */
    m->give_up_left = 0;
    return 1;
}

/* The part [lo, hi) of n items that thread t of nt takes. */
static void share_of(uint32_t n, int t, int nt, uint32_t *lo, uint32_t *hi)
{
    *lo = (uint32_t)((uint64_t)n * (uint64_t)t / (uint64_t)nt);
    *hi = (uint32_t)((uint64_t)n * (uint64_t)(t + 1) / (uint64_t)nt);
}

/* An overdue matter's contribution to its owner's grievance. */
struct overdue_entry {
    uint32_t owner;
    float severity;
};

void phase_outcomes(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    const float keep = (float)(1.0 - p->outcome.grievance_decay);
    const float rate = (float)p->outcome.grievance_rate;
    const int patience = (int)p->patience, max_age = (int)p->max_age;
    const float hazard = give_up_hazard(p->give_up);
    const uint32_t n_res = w->n_res;
    int max_threads = 1;
#ifdef _OPENMP
    max_threads = omp_get_max_threads();
#endif
    /* per thread: its share of the slots times the number of threads
     * entries, then a row of nt counts, each row on cache lines of its
     * own (a row shared by two threads made every count a cache-line
     * transfer between cores: phase 8 was slower on 2 threads than on 1,
     * docs/PERFORMANCE.md "Session 20") */
    size_t mt = (size_t)max_threads;
    const size_t row = (mt + 15) / 16 * 16;   /* 64 B of uint32_t */
    size_t lists = ((size_t)w->n_slots + mt) * mt * sizeof(struct overdue_entry);
    char *scratch = world_scratch(w, lists + 64 + mt * row * sizeof(uint32_t));
    struct overdue_entry *buf = (struct overdue_entry *)scratch;
    uint32_t *count = (uint32_t *)(((uintptr_t)(scratch + lists) + 63) &
                                   ~(uintptr_t)63);

    /* Each thread scans its share of the slots, marks the matters to
     * abandon, and lists the overdue ones in slot order, one list per
     * thread whose residents own them; then each thread adds the lists of
     * its residents in thread order, so every resident's sum is taken in
     * slot order whatever the thread count. Abandoned matters are not
     * overdue (their ages differ), so the sums need not wait for the
     * abandonment below. */
#pragma omp parallel if (WORLD_PARALLEL_LIGHT(w))
    {
        uint32_t t = 0, nt = 1;
#ifdef _OPENMP
        t = (uint32_t)omp_get_thread_num();
        nt = (uint32_t)omp_get_num_threads();
#endif
        uint32_t s0, s1, r0, r1;
        share_of(w->n_slots, (int)t, (int)nt, &s0, &s1);
        share_of(n_res, (int)t, (int)nt, &r0, &r1);
        const uint32_t len = s1 - s0;
        struct overdue_entry *mine = buf + (size_t)s0 * nt;
        uint32_t *n = count + (size_t)t * row;
        for (uint32_t u = 0; u < nt; u++)
            n[u] = 0;
        for (uint32_t s = s0; s < s1; s++) {
            struct matter *m = &w->m[s];
            int age = day - m->created;
            int live = m->status != M_FREE;
            w->mact[s] = live && age >= max_age ? ACT_ABANDON : ACT_NONE;
            /* a petition's own delay does not feed the grievance that
             * made it */
            if (live && age > patience && age < max_age &&
                !(m->flags & MF_PETITION)) {
                if (given_up(w, m, hazard))
                    w->mact[s] = ACT_ABANDON;
                /* the thread whose share [n u / nt, n (u+1) / nt) holds
                 * the owner, without a branch */
                uint32_t u = (uint32_t)((((uint64_t)m->owner + 1) * nt +
                                         n_res - 1) / n_res) - 1;
                struct overdue_entry *e = &mine[(size_t)u * len + n[u]++];
                e->owner = m->owner;
                e->severity = m->severity;
            }
        }
#pragma omp barrier
        for (uint32_t src = 0; src < nt; src++) {
            uint32_t lo, hi;
            share_of(w->n_slots, (int)src, (int)nt, &lo, &hi);
            const struct overdue_entry *e =
                buf + (size_t)lo * nt + (size_t)t * (hi - lo);
            const uint32_t k = count[(size_t)src * row + t];
            for (uint32_t j = 0; j < k; j++) {
                if (j + 16 < k)  /* owners are in no order */
                    PREFETCH_FOR_WRITE(&r->overdue[e[j + 16].owner]);
                r->overdue[e[j].owner] += e[j].severity;
            }
        }
        for (uint32_t i = r0; i < r1; i++) {
            r->grievance[i] = r->grievance[i] * keep + rate * r->overdue[i];
            r->overdue[i] = 0;
        }
    }
    for (uint32_t s = next_nonzero(w->mact, 0, w->n_slots); s < w->n_slots;
         s = next_nonzero(w->mact, s + 1, w->n_slots))
        outcome_abandon(w, s, day);
}
