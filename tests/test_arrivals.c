/* Tests of phase 1's arrivals (docs/MODEL.md 7.1): both ways of drawing
 * them (matters.arrival_draws = "per_resident", one draw per resident a
 * day; "thinned", a community's candidates thinned by each resident's
 * rate) give every resident Poisson(lambda_i) new matters a day, with
 * lambda_i its household's rate plus the dispute term of its grievance:
 * the means by household type and by grievance, and the share of
 * resident-days with two or more, against the expectation computed here
 * from the parameters; and thinning does not depend on the thread count. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "base/scenario.h"
#include "model/actors.h"
#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

enum { N_RES = 20000, N_COMM = 4, DAYS = 60, N_GRV = 5 };

/* Per household type (16) and grievance class: observed matters and
 * expected ones, resident-days with 2+ and their expectation. */
struct tally {
    double obs[16][N_GRV], expect[16][N_GRV];
    double two_obs, two_expect;
    uint64_t total;
};

/* The rates raised twenty-fold (mean about 0.17 a resident-day) so that
 * two or more a day are common enough to count. */
static void arrival_params(struct params *p, int draws)
{
    small_params(p, N_RES, N_COMM);
    for (int d = 0; d < N_DOMAINS; d++)
        p->domains[d].rate *= 20;
    p->matters.arrival_draws = draws;
}

/* Generate DAYS days (phase 1 alone) with grievance fixed by class:
 * resident i has 0.3 x (i mod 5), the last class above the cap of 1. */
static int tally_arrivals(const struct params *p, struct tally *t,
                          uint8_t *first_day)
{
    struct world *w = make_world(p);
    if (!w)
        return -1;
    memset(t, 0, sizeof *t);
    const double dx = p->domains[D_DISPUTE].rate *
                      p->matters.dispute_grievance_factor;
    for (int day = 0; day < DAYS; day++) {
        for (uint32_t i = 0; i < w->n_res; i++)
            w->r.grievance[i] = 0.3f * (float)(i % N_GRV);
        phase_generate(w, p, day);
        if (day == 0 && first_day)
            memcpy(first_day, w->r.arrivals, w->n_res);
        for (uint32_t i = 0; i < w->n_res; i++) {
            unsigned f = w->r.flags[i] & R_HOUSEHOLD_MASK;
            unsigned g = i % N_GRV;
            double gc = fmin(0.3 * g, p->matters.dispute_grievance_cap);
            double lam = w->rate_total[world_community_of(w, i) * 16 + f] +
                         dx * (double)(float)gc;
            t->obs[f][g] += w->r.arrivals[i];
            t->expect[f][g] += lam;
            t->two_obs += w->r.arrivals[i] >= 2;
            t->two_expect += 1.0 - exp(-lam) * (1.0 + lam);
            t->total += w->r.arrivals[i];
        }
    }
    world_free(w);
    return 0;
}

/* A count against its Poisson expectation: within 4.5 standard
 * deviations (with 16 x 5 cells and two methods, a false alarm is about
 * one run in 20 000). */
static int poisson_ok(double obs, double expect)
{
    return fabs(obs - expect) <= 4.5 * sqrt(expect > 1 ? expect : 1);
}

static void check_method(int draws)
{
    struct params p;
    arrival_params(&p, draws);
    static struct tally t;
    CHECK(tally_arrivals(&p, &t, NULL) == 0);
    int cells = 0, bad = 0;
    double all_obs = 0, all_expect = 0;
    for (int f = 0; f < 16; f++)
        for (int g = 0; g < N_GRV; g++) {
            if (t.expect[f][g] < 50)
                continue;   /* a household type this population lacks */
            cells++;
            if (!poisson_ok(t.obs[f][g], t.expect[f][g])) {
                fprintf(stderr, "draws %d, household %d, grievance class "
                        "%d: %.0f matters, expected %.1f\n", draws, f, g,
                        t.obs[f][g], t.expect[f][g]);
                bad++;
            }
            all_obs += t.obs[f][g];
            all_expect += t.expect[f][g];
        }
    CHECK(cells >= 20);   /* the test covers several household types */
    CHECK_EQ_INT(bad, 0);
    CHECK(poisson_ok(all_obs, all_expect));
    /* two or more in a day: a Poisson count, not a capped Bernoulli */
    CHECK(t.two_expect > 1000);
    CHECK(fabs(t.two_obs - t.two_expect) <= 4.5 * sqrt(t.two_expect));
}

TEST(test_per_resident_arrivals_are_poisson_by_rate)
{
    check_method(ARRIVALS_PER_RESIDENT);
}

TEST(test_thinned_arrivals_are_poisson_by_rate)
{
    check_method(ARRIVALS_THINNED);
}

/* The two methods draw different numbers (so the first test above is not
 * the second run twice), and thinning gives the same arrivals on 1 and
 * 2 threads. */
TEST(test_thinned_arrivals_differ_and_ignore_threads)
{
    struct params p;
    static struct tally t;
    static uint8_t a[N_RES], b[N_RES], c[N_RES];
    arrival_params(&p, ARRIVALS_PER_RESIDENT);
    CHECK(tally_arrivals(&p, &t, a) == 0);
    arrival_params(&p, ARRIVALS_THINNED);
    omp_set_num_threads(1);
    CHECK(tally_arrivals(&p, &t, b) == 0);
    uint64_t total1 = t.total;
    omp_set_num_threads(2);
    CHECK(tally_arrivals(&p, &t, c) == 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(memcmp(b, c, sizeof b) == 0);
    CHECK_EQ_INT(total1, t.total);
}

/* matter_reserve and matter_batch_take, taken in any order, give the
 * slots, numbers and fields that as many matter_alloc calls give in
 * order: the free slots first (last freed first), then new ones, past
 * the pool's capacity. */
TEST(test_matter_batch_same_as_alloc)
{
    struct params p;
    small_params(&p, 1000, 2);
    struct world *a = make_world(&p), *b = make_world(&p);
    CHECK(a && b);
    if (!a || !b)
        return;
    enum { FIRST = 1000, FREED = 37, MORE = 300 };
    for (int k = 0; k < 2; k++) {
        struct world *w = k ? b : a;
        for (uint32_t j = 0; j < FIRST; j++)
            matter_alloc(w);
        for (uint32_t j = 0; j < FREED; j++)   /* freed out of order */
            matter_release(w, (j * 613) % FIRST);
    }
    CHECK(a->cap_slots < FIRST - FREED + MORE);   /* the pool grows */
    uint32_t sa[MORE], sb[MORE];
    for (uint32_t j = 0; j < MORE; j++)
        sa[j] = matter_alloc(a);
    struct matter_batch batch = matter_reserve(b, MORE);
    for (uint32_t j = MORE; j-- > 0;) {
        struct matter *m = matter_batch_take(b, &batch, j, &sb[j]);
        CHECK(m == &b->m[sb[j]]);
    }
    CHECK(memcmp(sa, sb, sizeof sa) == 0);
    CHECK_EQ_INT(a->n_slots, b->n_slots);
    CHECK_EQ_INT(a->n_free, b->n_free);
    CHECK_EQ_INT(a->next_id, b->next_id);
    CHECK_EQ_INT(a->cap_slots, b->cap_slots);
    CHECK(memcmp(a->m, b->m, a->n_slots * sizeof *a->m) == 0);
    /* the freed slots came back first, the last freed first */
    CHECK_EQ_INT(sa[0], ((FREED - 1) * 613) % FIRST);
    CHECK_EQ_INT(sa[FREED], FIRST);
    world_free(a);
    world_free(b);
}

/* DAYS days of phase 1 with a part of the matters abandoned each day (so
 * that new matters reuse freed slots), on `threads` threads; the pool and
 * its counts into *w_out. */
static struct world *generate_days(const struct params *p, int threads)
{
    struct world *w = make_world(p);
    if (!w)
        return NULL;
    omp_set_num_threads(threads);
    for (int day = 0; day < DAYS; day++) {
        phase_generate(w, p, day);
        for (uint32_t s = 0; s < w->n_slots; s++)
            if (w->m[s].status != M_FREE && (w->m[s].id * 7 + day) % 5 == 0)
                outcome_abandon(w, s, day);
    }
    omp_set_num_threads(2);
    return w;
}

/* Phase 1 makes the same matters in the same slots with the same counts
 * on 1 and 3 threads, for both ways of drawing arrivals, and its counts
 * are those of the pool: each community's open matters and demand, the
 * open matters by scope, the unreported ones. */
TEST(test_generated_matters_ignore_threads)
{
    for (int draws = 0; draws < 2; draws++) {
        struct params p;
        arrival_params(&p, draws ? ARRIVALS_THINNED : ARRIVALS_PER_RESIDENT);
        struct world *a = generate_days(&p, 1), *b = generate_days(&p, 3);
        CHECK(a && b);
        if (!a || !b)
            return;
        CHECK(a->n_slots > 1000 && a->n_free > 0);
        CHECK_EQ_INT(a->n_slots, b->n_slots);
        CHECK(memcmp(a->m, b->m, a->n_slots * sizeof *a->m) == 0);
        CHECK_EQ_INT(a->n_new, b->n_new);
        CHECK(memcmp(a->new_slots, b->new_slots,
                     a->n_new * sizeof *a->new_slots) == 0);
        CHECK(memcmp(a->owner_bits, b->owner_bits,
                     (a->n_slots + 63) / 64 * sizeof(uint64_t)) == 0);
        int64_t open[N_COMM] = {0}, scope[N_SCOPES] = {0}, held = 0;
        for (uint32_t s = 0; s < b->n_slots; s++) {
            const struct matter *m = &b->m[s];
            if (m->status == M_FREE)
                continue;
            open[m->community]++;
            scope[m->scope]++;
            held += m->status == M_HELD;
            CHECK(b->owner_bits[s / 64] >> (s % 64) & 1);
        }
        for (uint32_t c = 0; c < N_COMM; c++) {
            CHECK_EQ_INT(b->comm[c].open, open[c]);
            CHECK_EQ_INT(a->comm[c].open, open[c]);
            CHECK(memcmp(a->comm[c].demand, b->comm[c].demand,
                         sizeof a->comm[c].demand) == 0);
        }
        for (int k = 0; k < N_SCOPES; k++)
            CHECK_EQ_INT(b->open_scope[k], scope[k]);
        CHECK_EQ_INT(b->unreported, held);
        CHECK(identity_holds(a) && identity_holds(b));
        world_free(a);
        world_free(b);
    }
}

UNIT_MAIN(test_per_resident_arrivals_are_poisson_by_rate,
          test_thinned_arrivals_are_poisson_by_rate,
          test_thinned_arrivals_differ_and_ignore_threads,
          test_matter_batch_same_as_alloc,
          test_generated_matters_ignore_threads)
