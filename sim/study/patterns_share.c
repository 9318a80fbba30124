/* Arms of `cogov patterns` whose runs cannot differ (docs/CALIBRATION.md
 * 6.8): a row owned by switches that are off for a whole run is never
 * read (sim/base/params.c, PARAM_OWNED_BY), so two arms whose parameters
 * agree on every other row give the same series, seed by seed, and the
 * study runs them once. An ablation of a mechanism's own parameter in an
 * arm where the mechanism is off (triage.admin_reduction=0 in
 * baseline.cfg) is such an arm. */
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
    struct params on, cur, d;
    if (changes_load(&ch, path, p, err, errlen))
        return -1;
    /* a switch counts as on for the run when it is on at day 0 or after
     * any day of the file's change schedule */
    memcpy(&on, p, sizeof on);
    memcpy(&cur, p, sizeof cur);
    for (int i = 0; i < ch.n; i++) {
        for (int k = 0; k < ch.d[i].n; k++)
            if (config_set(t, &cur, ch.d[i].set[k], NULL, err, errlen)) {
                changes_free(&ch);
                return -1;
            }
        for (size_t s = 0; s < t->n_switches; s++) {
            const struct param_def *r = config_find(t, t->switches[s]);
            int a, b;
            memcpy(&a, (const char *)&on + r->offset, sizeof a);
            memcpy(&b, (const char *)&cur + r->offset, sizeof b);
            a |= b;
            memcpy((char *)&on + r->offset, &a, sizeof a);
        }
    }
    changes_free(&ch);
    config_defaults(t, &d);
    memcpy(c, p, sizeof *c);
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        if (!(r->flags & PARAM_PASSIVE) && config_row_active(t, &on, r))
            continue;
        memcpy((char *)c + r->offset, (const char *)&d + r->offset,
               row_size(r));
    }
    return 0;
}
