/* Phase 12, observation (docs/MODEL.md, "Observation"): the metrics of
 * one day, computed with reductions in a fixed order, and their HDF5
 * series. The metric names, units and descriptions in observe.c are the
 * output contract of docs/MODEL.md section 8. */
#ifndef COGOV_OBSERVE_H
#define COGOV_OBSERVE_H

#include "io/h5out.h"
#include "io/schema.h"
#include "model/world.h"

/* The observations of one day. */
struct day_metrics {
    int day;
    double v[N_METRICS];
    double by_channel[N_CHANNELS];
    double open_by_scope[N_SCOPES];
    double *community[N_COMMUNITY_METRICS]; /* [n_comm] each, owned */
};

/* Allocate the per-community arrays of dm for w. 0 or -1. */
int day_metrics_init(struct day_metrics *dm, const struct world *w);
void day_metrics_free(struct day_metrics *dm);

/* Compute today's metrics into dm and reset the day's counters. */
void observe_day(struct world *w, int day, struct day_metrics *dm);
/* Forget the day's counters unobserved (a burn-in day, sim.h). */
void observe_discard(struct world *w);

/* HDF5 side: series ids of every output of observe_day. */
struct observer {
    struct h5out *out;
    int day_id, channel_id, scope_id;
    int metric_id[N_METRICS];
    int community_id[N_COMMUNITY_METRICS];
};

/* Declare every series in out. 0 or -1 with err. */
int observer_declare(struct observer *ob, struct h5out *out,
                     const struct world *w, char *err, size_t errlen);

/* Append the rows of dm. 0 or -1 with err. */
int observer_write(struct observer *ob, const struct day_metrics *dm,
                   char *err, size_t errlen);

/* Per-resident arrays of day `day` under /snapshots. 0 or -1. */
/* Units, description and type of the snapshot column `name`; -1 if this
 * build writes no such column. */
int observe_snapshot_column(const char *name, const char **units,
                            const char **desc, enum h5out_dtype *t);
int observe_snapshot(struct h5out *out, const struct world *w, int day,
                     char *err, size_t errlen);

#endif
