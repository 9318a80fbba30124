/* `cogov report`: key metrics per scenario over the final window of each
 * run (sim/post/summary.c, so "final value" means what it means in sweeps and
 * the pattern study), as mean and 95% CI over replicates, and the
 * difference from the first scenario with its CI: paired by seed when both
 * scenarios ran the same seeds (common random numbers, docs/MODEL.md
 * section 4), else Welch's interval for independent samples. */
#ifndef COGOV_REPORT_H
#define COGOV_REPORT_H

#include <stdio.h>

#include "base/stats.h"
#include "post/runset.h"

struct report_cell {
    struct estimate value;   /* over the scenario's replicates */
    struct estimate diff;    /* scenario minus the first; n = 0 for it */
    int paired;              /* diff paired by seed (else Welch) */
};

struct report {
    int n_metrics, n_groups;
    char **metric;           /* names, owned */
    const char **units;      /* from observe.c's tables ("" if unknown) */
    struct report_cell *cell; /* [metric * n_groups + group] */
    int window, days;        /* days averaged and run length (first run) */
    const struct runset *rs; /* groups and names (not owned) */
};

enum report_format { REPORT_TEXT, REPORT_MARKDOWN, REPORT_CSV };

/* Compute r for the runs of rs: metrics[0..nm) (nm = 0: the default key
 * metrics; the one name "all": every 1-D metric of the first run), final
 * window `window` days (<= 0: SUMMARY_WINDOW_DAYS). 0, or -1 with err.
 * Ownership: r is the caller's, released with report_free. */
int report_compute(const struct runset *rs, const char *const *metrics,
                   int nm, int window, struct report *r, char *err,
                   size_t errlen);
void report_free(struct report *r);

/* Write r in format fmt. 0, or -1 on a write error. */
int report_write(const struct report *r, enum report_format fmt, FILE *f);

#endif
