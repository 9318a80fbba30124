/* Arms of `cogov patterns` whose runs cannot differ (docs/CALIBRATION.md
 * 6.8): a row owned by switches that are off for a whole run is never
 * read (sim/base/params.c, PARAM_OWNED_BY), so two arms whose parameters
 * agree on every other row give the same series, seed by seed, and the
 * study runs them once. An ablation of a mechanism's own parameter in an
 * arm where the mechanism is off (triage.admin_reduction=0 in
 * baseline.cfg) is such an arm. */
#include <stdio.h>
#include <string.h>

#include "engine/changes.h"
#include "study/patterns.h"

static size_t row_size(const struct param_def *r)
{
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        return 8;
    case PARAM_BOOL:
    case PARAM_ENUM:
        return sizeof(int);
    default:
        return PARAM_STRING_MAX;
    }
}

int patterns_run_params(const char *path, const struct params *p,
                        struct params *c, char *err, size_t errlen)
{
    const struct param_table *t = params_table();
    struct changes ch;
    struct params d;
    if (changes_load(&ch, path, p, err, errlen))
        return -1;
    /* the study's runs hold their day-0 parameters for the whole run
     * (run_series applies no schedule, and its store's key holds no
     * schedule): a file with one would be compared as something it is
     * not, so it is refused */
    if (ch.n) {
        snprintf(err, errlen, "%s: has a `changes` schedule (first on day "
                 "%d); cogov patterns runs every arm with its day-0 "
                 "parameters for the whole run: give the change a "
                 "parameter of its own (as purchase_cut.cfg's budget "
                 "cut), or compare with cogov run and cogov report",
                 path, ch.d[0].day);
        changes_free(&ch);
        return -1;
    }
    const struct params *const on = p;   /* the switches of the run */
    changes_free(&ch);
    config_defaults(t, &d);
    memcpy(c, p, sizeof *c);
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        if (!(r->flags & PARAM_PASSIVE) && config_row_active(t, on, r))
            continue;
        memcpy((char *)c + r->offset, (const char *)&d + r->offset,
               row_size(r));
    }
    return 0;
}
