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

UNIT_MAIN(test_per_resident_arrivals_are_poisson_by_rate,
          test_thinned_arrivals_are_poisson_by_rate,
          test_thinned_arrivals_differ_and_ignore_threads)
