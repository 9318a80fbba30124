/* Common random numbers of the population (docs/MODEL.md section 5):
 * every attribute of a resident is a pure function of (seed, purpose,
 * resident), so changing the distribution of one attribute leaves every
 * other attribute bitwise unchanged. Each population.* key (and the
 * participation keys that shape day 0) is changed in turn, and the
 * attributes of the world it builds are compared with the defaults'. */
#include <stdio.h>

#include "cogov/config.h"
#include "model_util.h"
#include "unit.h"

/* The per-resident attributes drawn at initialisation. */
enum { A_FLAGS, A_TRUST_GOV, A_TRUST_COM, A_EFFICACY, A_THRESHOLD,
       A_SATISFACTION, A_PARTICIPATING, A_COMMUNITY, A_TIES, N_ATTR };
static const char *const attr_name[N_ATTR] = {
    "flags", "trust_gov", "trust_com", "efficacy", "threshold",
    "satisfaction", "participating", "community", "ties"};
#define BIT(a) (1u << (a))

/* Attribute a of residents i of worlds x and y the same bit for bit?
 * Only residents whose household flags agree are compared for the
 * trusts, whose mean depends on the migrant flag by definition (7.1). */
static int same(const struct world *x, const struct world *y, int a)
{
    const struct residents *p = &x->r, *q = &y->r;
    uint32_t n = x->n_res;
    switch (a) {
    case A_FLAGS: return !memcmp(p->flags, q->flags, n);
    case A_TRUST_GOV:
    case A_TRUST_COM:
        for (uint32_t i = 0; i < n; i++) {
            const float *u = a == A_TRUST_GOV ? p->trust_gov : p->trust_com;
            const float *v = a == A_TRUST_GOV ? q->trust_gov : q->trust_com;
            if ((p->flags[i] & R_MIGRANT) == (q->flags[i] & R_MIGRANT) &&
                memcmp(&u[i], &v[i], sizeof *u))
                return 0;
        }
        return 1;
    case A_EFFICACY: return !memcmp(p->efficacy, q->efficacy, 4 * n);
    case A_THRESHOLD: return !memcmp(p->threshold, q->threshold, 4 * n);
    case A_SATISFACTION:
        return !memcmp(p->satisfaction, q->satisfaction, 4 * n);
    case A_PARTICIPATING:
        return !memcmp(p->participating, q->participating, n);
    case A_COMMUNITY:   /* the communities' ranges of residents */
        for (uint32_t c = 0; c < x->n_comm; c++)
            if (x->comm[c].first != y->comm[c].first ||
                x->comm[c].n != y->comm[c].n)
                return 0;
        return 1;
    default:
        return p->tie_start[n] == q->tie_start[n] &&
               !memcmp(p->tie_start, q->tie_start, 4 * ((size_t)n + 1)) &&
               !memcmp(p->ties, q->ties, 4 * (size_t)p->tie_start[n]);
    }
}

static struct world *build(const char *assign)
{
    struct params p;
    char err[512];
    small_params(&p, 3000, 3);
    if (assign && config_set(params_table(), &p, assign, NULL, err,
                             sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    struct world *w;
    if (setup_world(&w, &p, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    return w;
}

TEST(test_each_attribute_has_its_own_stream)
{
    /* a changed key and the attributes it may change (and must: the
     * test of the others is not vacuous) */
    static const struct {
        const char *assign;
        unsigned may;
    } cases[] = {
        /* the trusts of residents whose migrant flag flipped move with
         * the offset; those of the others must not */
        {"population.migrant_share=0.6", BIT(A_FLAGS)},
        {"population.elderly_share=0.3", BIT(A_FLAGS)},
        {"population.child_share=0.1", BIT(A_FLAGS)},
        {"population.low_income_share=0.2", BIT(A_FLAGS)},
        {"population.trust_gov_mean=0.7", BIT(A_TRUST_GOV)},
        {"population.trust_com_mean=0.5", BIT(A_TRUST_COM)},
        {"population.trust_sd=0.25", BIT(A_TRUST_GOV) | BIT(A_TRUST_COM)},
        {"population.migrant_trust_offset=-0.2",
         BIT(A_TRUST_GOV) | BIT(A_TRUST_COM)},
        {"population.efficacy_mean=0.6", BIT(A_EFFICACY)},
        {"population.efficacy_sd=0.2", BIT(A_EFFICACY)},
        {"population.satisfaction_init=0.7", BIT(A_SATISFACTION)},
        {"participation.threshold_mean=0.5", BIT(A_THRESHOLD)},
        {"participation.threshold_sd=0.3", BIT(A_THRESHOLD)},
        {"participation.initial_rate=0.2", BIT(A_PARTICIPATING)},
        {"population.community_size_sd=0.6", BIT(A_COMMUNITY) | BIT(A_TIES)},
        {"population.building_size=50", BIT(A_TIES)},
        {"population.ties_building=2", BIT(A_TIES)},
        {"population.ties_community=8", BIT(A_TIES)},
        /* party members (7.14): the R_PARTY bit, nothing else */
        {"mechanisms.party.enabled=true", BIT(A_FLAGS)},
    };
    struct world *ref = build(NULL);
    CHECK(ref != NULL);
    if (!ref)
        return;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct world *w = build(cases[k].assign);
        CHECK(w != NULL);
        if (!w)
            continue;
        for (int a = 0; a < N_ATTR; a++) {
            int may = (cases[k].may >> a) & 1u, eq = same(ref, w, a);
            if (eq == !may)
                continue;
            fprintf(stderr, "%s: %s %s\n", cases[k].assign, attr_name[a],
                    may ? "did not change" : "changed");
            CHECK(eq == !may);
        }
        world_free(w);
    }
    world_free(ref);
}

/* Each resident's community and building follow from its index
 * (world.h): the community whose range holds it, and buildings of
 * building_size residents numbered in order across the district, each
 * within one community; communities of varied size, some smaller than a
 * building, and one of a single community. */
TEST(test_community_and_building_of_index)
{
    static const char *const cases[] = {
        "population.community_size_sd=1.5", "population.building_size=7",
        "population.communities=1",
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct world *w = build(cases[k]);
        CHECK(w != NULL);
        if (!w)
            continue;
        const uint32_t bs = (uint32_t)w->p->population.building_size;
        uint32_t bad = 0, next_building = 0, covered = 0;
        for (uint32_t c = 0; c < w->n_comm; c++) {
            const struct community *cm = &w->comm[c];
            bad += cm->first != covered || cm->first_building != next_building;
            for (uint32_t i = cm->first; i < cm->first + cm->n; i++) {
                uint32_t b = world_building_of(w, world_community_of(w, i), i);
                bad += world_community_of(w, i) != c;
                bad += b != next_building + (i - cm->first) / bs;
                bad += b >= cm->first_building + cm->n_buildings;
            }
            covered += cm->n;
            next_building += cm->n_buildings;
            /* the last resident is in the community's last building */
            if (cm->n)
                bad += world_building_of(w, c, cm->first + cm->n - 1) !=
                       cm->first_building + cm->n_buildings - 1;
        }
        bad += covered != w->n_res;
        if (bad)
            fprintf(stderr, "%s: %u residents or communities wrong\n",
                    cases[k], bad);
        CHECK(bad == 0);
        world_free(w);
    }
}

UNIT_MAIN(test_each_attribute_has_its_own_stream,
          test_community_and_building_of_index)
