/* Helpers of the model tests: small worlds built from the defaults, runs
 * kept in memory (no HDF5), and replicate statistics. */
#ifndef COGOV_TESTS_MODEL_UTIL_H
#define COGOV_TESTS_MODEL_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/observe.h"
#include "engine/sim.h"
#include "model/setup.h"
#include "model/world.h"

/* Defaults of a small district: n residents in c communities. */
static inline void small_params(struct params *p, int64_t n, int64_t c)
{
    config_defaults(params_table(), p);
    p->population.residents = n;
    p->population.communities = c;
    p->time.days = 120;
    p->time.burn_in_days = 0;   /* tests of mechanics: no status quo run */
}

/* The world of day 0 for p, or NULL with the message on stderr. */
static inline struct world *make_world(const struct params *p)
{
    char err[256];
    struct world *w;
    if (setup_world(&w, p, err, sizeof err)) {
        fprintf(stderr, "setup_world: %s\n", err);
        return NULL;
    }
    return w;
}

static inline void all_mechanisms(struct params *p, int on)
{
    p->mechanisms.triage.enabled = on;
    p->mechanisms.linkage.enabled = on;
    p->mechanisms.purchase.enabled = on;
    p->mechanisms.venture.enabled = on;
    p->mechanisms.microprojects.enabled = on;
    p->mechanisms.grid.enabled = on;
    p->mechanisms.mediation.enabled = on;
    p->mechanisms.party.enabled = on;
    p->mechanisms.station.enabled = on;
    p->mechanisms.rules.enabled = on;
}

/* The accounting identity, checked against the slots actually in use. */
static inline int identity_holds(const struct world *w)
{
    int64_t used = 0;
    for (uint32_t s = 0; s < w->n_slots; s++)
        used += w->m[s].status != M_FREE;
    return w->created_total ==
               w->resolved_total + w->abandoned_total + w->open &&
           used == w->open;
}

/* Metrics of every day of a run of p: rows[day * N_METRICS + k]; also the
 * channel counts summed over the run. Returns NULL on failure; checks the
 * identity every day (sets *identity_ok to 0 when it fails). */
struct mem_run {
    double *v;          /* [days][N_METRICS] */
    double channel[N_CHANNELS];
    int days, identity_ok;
};

static inline int mem_run(const struct params *p, struct mem_run *out)
{
    char err[512];
    struct world *w;
    struct day_metrics dm;
    memset(out, 0, sizeof *out);
    if (setup_world(&w, p, err, sizeof err)) {
        fprintf(stderr, "world_init: %s\n", err);
        return -1;
    }
    if (day_metrics_init(&dm, w)) {
        world_free(w);
        return -1;
    }
    out->days = (int)p->time.days;
    out->v = calloc((size_t)out->days * N_METRICS, sizeof(double));
    out->identity_ok = 1;
    for (int d = 0; d < out->days; d++) {
        sim_step(w, d);
        if (!identity_holds(w))
            out->identity_ok = 0;
        observe_day(w, d, &dm);
        memcpy(out->v + (size_t)d * N_METRICS, dm.v, sizeof dm.v);
        for (int c = 0; c < N_CHANNELS; c++)
            out->channel[c] += dm.by_channel[c];
    }
    day_metrics_free(&dm);
    world_free(w);
    return 0;
}

static inline void mem_free(struct mem_run *r) { free(r->v); }

/* Mean of metric k over days [a, b) of a run (NaN days skipped). */
static inline double window_mean(const struct mem_run *r, int k, int a, int b)
{
    double s = 0;
    int n = 0;
    for (int d = a; d < b && d < r->days; d++) {
        double x = r->v[(size_t)d * N_METRICS + k];
        if (!isnan(x)) {
            s += x;
            n++;
        }
    }
    return n ? s / n : NAN;
}

/* Paired comparison (common random numbers: replicate i of both arms
 * shares its seed): mean of b[i] - a[i] and its standard error. */
static inline void paired(const double *a, const double *b, int n, double *mean,
                   double *se)
{
    double m = 0, v = 0;
    for (int i = 0; i < n; i++)
        m += b[i] - a[i];
    m /= n;
    for (int i = 0; i < n; i++) {
        double d = b[i] - a[i] - m;
        v += d * d;
    }
    *mean = m;
    *se = n > 1 ? sqrt(v / (n - 1) / n) : INFINITY;
}

#endif
