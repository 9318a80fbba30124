/* A change schedule: parameter changes a run applies at the start of
 * given days (docs/MODEL.md, "Input", change schedule). A scenario holds
 * it as
 *     changes = ( { day = 30; set = ["mechanisms.triage.enabled=true",
 *                                    "triage.accuracy=0.7"]; } );
 * `cogov run` replays it, and `cogov serve` records a live what-if as
 * one, so a what-if made in the classroom is a scenario file. */
#ifndef COGOV_CHANGES_H
#define COGOV_CHANGES_H

#include <stddef.h>

#include "base/params.h"
#include "model/world.h"

struct change_day {
    int day;                     /* applied before this day's phases */
    int n;
    char **set;                  /* "key=value", as for --set */
};
struct changes {
    struct change_day *d;        /* days strictly increasing */
    int n;
};

/* Read the `changes` list of the scenario file path (its top level; the
 * loader refuses one in a base file) and check it against p, the
 * parameters the file resolves to: days in [1, time.days), strictly
 * increasing; each assignment valid as --set, the parameters valid after
 * each day's changes, and no key that only shapes day 0 (population,
 * initial organisations...), the seed, time.days, output.* or name. A
 * file without `changes` gives an empty schedule. 0, or -1 with err
 * naming file, line and key. Ownership: changes_free. */
int changes_load(struct changes *ch, const char *path,
                 const struct params *p, char *err, size_t errlen);

/* Add "key=value" to the changes of day `day` (after the last day
 * scheduled), checked as by changes_load against cur, the parameters in
 * force before that day (they are not modified). 0, or -1 with err (the
 * schedule is then unchanged). */
int changes_add(struct changes *ch, int day, const char *assign,
                const struct params *cur, char *err, size_t errlen);

/* Apply the changes of `day` to *p (the world's parameters, w->p == p)
 * and re-derive what depends on them (setup_fork), as a fork from a
 * checkpoint taken before that day would. Returns 1 if there were any. */
int changes_apply(const struct changes *ch, struct world *w,
                  struct params *p, int day);

/* The schedule as scenario text ("changes = ( ... );\n"; "" when empty).
 * NULL on OOM. Ownership: the caller frees. */
char *changes_to_string(const struct changes *ch);

void changes_free(struct changes *ch);

#endif
