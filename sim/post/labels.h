/* Human labels of the outputs, in English and Chinese, for figures and
 * reports (`cogov plot`, `cogov report`, `cogov info --metrics`). Names,
 * units and descriptions stay in observe.c (the output contract); this
 * table adds only short titles and axis labels in both languages, and
 * which metrics the dashboard and the report show by default. */
#ifndef COGOV_LABELS_H
#define COGOV_LABELS_H

#include <stddef.h>

enum lang { LANG_EN, LANG_ZH, N_LANGS };

/* Where a metric appears without being asked for. */
enum { LABEL_PANEL = 1,   /* a default panel of the dashboard */
       LABEL_REPORT = 2,  /* a default row of `cogov report` */
       LABEL_COMMUNITY = 4, /* also a /communities series */
       LABEL_SIGNED = 8    /* may be negative (else never: a CI band
                              is cut at 0) */ };

struct metric_label {
    const char *name;              /* /timeseries/<name> */
    const char *title[N_LANGS];    /* panel title */
    const char *axis[N_LANGS];     /* axis label, units appended */
    int flags;
};

extern const struct metric_label metric_labels[];
extern const int n_metric_labels;

/* Short labels of the columns of resolved_by_channel (world.h order). */
const char *label_channel(int channel, enum lang lang);

/* Phrases figures need besides metric names. */
enum phrase {
    PH_DAY,               /* x axis of time series */
    PH_COMPARISON,        /* figure title of the dashboard */
    PH_COMMUNITY,         /* "community %d" */
    PH_COMMUNITY_MEAN,    /* reference line in small multiples */
    PH_THIS_COMMUNITY,    /* the panel's own line in small multiples */
    PH_SEP,               /* between parts of a note: "; " */
    PH_BY_COMMUNITY,      /* figure title of small multiples: "%s by community" */
    PH_BAND_CI,           /* legend of a 95% band */
    PH_RUNS,              /* "%d runs" after a scenario name */
    PH_SMOOTHED,          /* "%d-day trailing means" */
    PH_FINAL_MEAN,        /* "mean of the last %d days" */
    PH_CHANNEL_AXIS,      /* y axis of the stacked channel view */
    PH_SWEEP,             /* title of a sweep figure: "sweep %s" */
    PH_DIFF_FROM,         /* title of --diff-from: "Difference from %s" */
    PH_DIFF_PAIRED,       /* note of --diff-from */
    PH_DIFF_NONE,         /* a panel whose differences all cover 0 */
    PH_BELOW_BAND,        /* a panel whose scenarios differ less than
                             their bands are wide */
    N_PHRASES
};
const char *label_phrase(enum phrase ph, enum lang lang);

/* 1 when metric `name` is never negative (a count, a share, a mean of
 * states in [0, 1]): its CI bands are cut at 0. 0 for unknown metrics. */
int label_nonnegative(const char *name);

/* The row of a metric, or NULL. */
const struct metric_label *label_find(const char *name);

/* Title of metric `name` in lang (the name itself for a metric the table
 * does not know, e.g. from a newer file). */
const char *label_title(const char *name, enum lang lang);

/* Axis label with units from observe.c, e.g. "open matters (matters)" or
 * "未办结事务（件）"; dimensionless metrics get no suffix. */
void label_axis(const char *name, enum lang lang, char *buf, size_t n);

/* Units of a /timeseries or /communities metric from observe.c, or NULL. */
const char *label_units(const char *name);

/* "en" / "zh" to enum lang; -1 when unknown. */
int label_lang(const char *s);

#endif
