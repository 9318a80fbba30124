/* The burn-in key leaves out the rows owned by switches (docs/MODEL.md 5,
 * "Reuse of a burn-in"; 9): every switch is off in a status quo, so no
 * such row may shape a burned-in state. For every owned row, the status
 * quo burned in with the row at other valid values is bitwise the state
 * burned in with its default (every dataset the checkpoint saves under
 * /restart, by hash); and for every row, the key changes with the row
 * exactly when the status quo can read it. A row marked owned that the
 * status quo reads (grid.residents_per_worker staffs the grid whatever
 * its switch) fails the first check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/params.h"
#include "engine/burnin.h"
#include "engine/checkpoint_impl.h"
#include "engine/sim.h"
#include "unit.h"

/* The status quo of a small district: 3 000 residents in 4 communities,
 * 120 days of burn-in. */
static void small_quo(struct params *p)
{
    struct params d;
    config_defaults(params_table(), &d);
    d.population.residents = 3000;
    d.population.communities = 4;
    d.time.burn_in_days = 120;
    d.time.days = 1;
    d.seed = 11;
    burnin_status_quo(&d, p);
}

/* Up to MAX_ALT copies of p with row r at other valid values (the
 * cross-key checks of params_validate included): for a float its
 * minimum, half way to it and twice the value (a count of staff may be
 * rounded the same way on one side, a provider's horizon bind only near
 * its minimum); the number made. */
enum { MAX_ALT = 3 };
static int perturb(const struct param_def *r, const struct params *p,
                   struct params *alt)
{
    char why[256], err[1024];
    double cand[MAX_ALT];
    int n = 0, made = 0;
    const void *at = (const char *)p + r->offset;
    switch (r->type) {
    case PARAM_FLOAT: {
        double v = *(const double *)at;
        cand[n++] = r->fmin;
        cand[n++] = 0.5 * (v + r->fmin);
        cand[n++] = v != 0 && 2 * v <= r->fmax
                        ? 2 * v
                        : 0.5 * (v + fmin(r->fmax, 1e6));
        break;
    }
    case PARAM_INT: {
        int64_t v = *(const int64_t *)at;
        cand[n++] = (double)(v - 1);
        cand[n++] = (double)(v + 1);
        break;
    }
    case PARAM_BOOL:
    case PARAM_ENUM: {
        int v = *(const int *)at;
        int k = r->type == PARAM_BOOL ? 2 : config_enum_count(r->choices);
        for (int j = 1; j < k && n < MAX_ALT; j++)
            cand[n++] = (v + j) % k;
        break;
    }
    default:
        return 0;
    }
    for (int i = 0; i < n; i++) {
        struct params *q = &alt[made];
        *q = *p;
        if (config_store_number(r, q, cand[i], why, sizeof why) == 0 &&
            memcmp(q, p, sizeof *p) != 0 &&
            params_validate(q, err, sizeof err) == 0 &&
            (!made || memcmp(q, &alt[0], sizeof *q) != 0))
            made++;
    }
    return made;
}

/* A hash of the whole state of p's world at day 0 (burned in): every
 * dataset the checkpoint saves under /restart (its state_fnv1a, and the
 * arrays that hash leaves out). 0 on error. */
static uint64_t state_of(const struct params *p)
{
    struct world *w;
    char err[1024];
    if (sim_setup(&w, p, NULL, err, sizeof err)) {
        fprintf(stderr, "sim_setup: %s\n", err);
        return 0;
    }
    uint64_t h = ck_state_hash(w, 0);
    for (size_t k = 0; k < ck_n_loose_arrays; k++) {
        const struct loose *l = &ck_loose_arrays[k];
        if (!l->hashed)
            h = ck_fnv(h, ck_loose_data(w, l),
                       ck_loose_length(w, l) * ck_type_size[l->type]);
    }
    world_free(w);
    return h;
}

TEST(test_owned_rows_leave_the_burn_in_alone)
{
    const struct param_table *t = params_table();
    struct params ref;
    small_quo(&ref);
    uint64_t ref_h = state_of(&ref);
    CHECK(ref_h != 0);
    int owned = 0;
    for (size_t i = 0; ref_h && i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        if (!config_row_owner(r))
            continue;
        struct params alt[MAX_ALT];
        int n = perturb(r, &ref, alt);
        if (!n) {
            fprintf(stderr, "%s: no other valid value\n", r->key);
            CHECK(0);
            continue;
        }
        owned++;
        for (int j = 0; j < n; j++) {
            CHECK(!config_row_active(t, &alt[j], r));
            CHECK(burnin_key(&alt[j], NULL) == burnin_key(&ref, NULL));
            if (state_of(&alt[j]) != ref_h) {
                fprintf(stderr, "%s: owned, but the burned-in state "
                        "differs\n", r->key);
                CHECK(0);
            }
        }
    }
    CHECK(owned > 100);   /* the mechanisms' sections, about 116 rows */
}

/* Every row that is neither passive nor owned is in the key; no owned
 * one is. */
TEST(test_key_holds_what_the_status_quo_reads)
{
    const struct param_table *t = params_table();
    struct params ref;
    small_quo(&ref);
    uint64_t k0 = burnin_key(&ref, NULL);
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        struct params alt[MAX_ALT];
        if (r->type == PARAM_STRING || !strncmp(r->key, "mechanisms.", 11))
            continue;   /* names are passive; a status quo has every
                           mechanism off */
        int n = perturb(r, &ref, alt);
        if (!n) {
            fprintf(stderr, "%s: no other valid value\n", r->key);
            CHECK(0);
            continue;
        }
        int in_key = !(r->flags & PARAM_PASSIVE) &&
                     config_row_active(t, &ref, r);
        for (int j = 0; j < n; j++)
            if ((burnin_key(&alt[j], NULL) != k0) != in_key) {
                fprintf(stderr, "%s: the key %s with it\n", r->key,
                        in_key ? "does not change" : "changes");
                CHECK(0);
            }
        CHECK(in_key ==
              (!(r->flags & PARAM_PASSIVE) && !config_row_owner(r)));
    }
}

UNIT_MAIN(test_owned_rows_leave_the_burn_in_alone,
          test_key_holds_what_the_status_quo_reads)
