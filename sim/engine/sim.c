/* The day loop and the run driver (docs/MODEL.md, "Process overview").
 * Each phase finishes before the next begins; the order is the model's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef COGOV_MPI
#include <mpi.h>
#endif

#include "base/versions.h"
#include "engine/sim.h"
#include "model/phases.h"
#include "model/setup.h"


/* The accounting identity of docs/MODEL.md "Observation": created to date
 * = resolved + abandoned + open, and open equals the slots in use. Checked
 * every day in debug builds (make DEBUG=1). */
static void check_identity(const struct world *w, int day)
{
#ifdef COGOV_DEBUG
    int64_t used = 0;
    for (uint32_t s = 0; s < w->n_slots; s++)
        used += w->m[s].status != M_FREE;
    if (w->created_total != w->resolved_total + w->abandoned_total + w->open ||
        used != w->open) {
        fprintf(stderr,
                "cogov: accounting identity broken on day %d: created %lld, "
                "resolved %lld, abandoned %lld, open %lld, slots %lld\n",
                day, (long long)w->created_total, (long long)w->resolved_total,
                (long long)w->abandoned_total, (long long)w->open,
                (long long)used);
        abort();
    }
#else
    (void)w;
    (void)day;
#endif
}

const char *const sim_part_names[N_SIM_PARTS] = {
    "capacity",  "generate",   "intake",      "selfhelp", "match",
    "work",      "deliberate", "fund",        "outcomes", "escalate",
    "influence", "participate", "observe",    "write",    "init",
    "close"};

static double now(void)
{
#ifdef _OPENMP
    return omp_get_wtime();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
#endif
}

/* The phases of a day in the model's order (docs/MODEL.md, "Process
 * overview"), indexed like enum sim_part; work_capacity sets the day's
 * hours first. */
static void (*const phases[])(struct world *, const struct params *,
                              int) = {
    work_capacity,    phase_generate, phase_intake,     phase_selfhelp,
    phase_match,      phase_work,     phase_deliberate, phase_fund,
    phase_outcomes,   phase_escalate, phase_influence,  phase_participate};
_Static_assert(sizeof phases / sizeof phases[0] == SP_PARTICIPATE + 1,
               "one timing slot per phase");

/* One day; gives up between two phases once *stop is set (returns 1);
 * adds each phase's seconds to t[k] when t is not NULL. */
static int step(struct world *w, int day, volatile sig_atomic_t *stop,
                double *t)
{
    w->day = day;
    /* a dozen clock reads a day: nothing next to the phases' work */
    double t0 = t ? now() : 0;
    for (size_t k = 0; k < sizeof phases / sizeof phases[0]; k++) {
        if (stop && *stop)
            return 1;
        phases[k](w, w->p, day);
        if (t) {
            double t1 = now();
            t[k] += t1 - t0;
            t0 = t1;
        }
    }
    check_identity(w, day);
    return 0;
}

void sim_step(struct world *w, int day) { step(w, day, NULL, NULL); }

int sim_code_attrs(const char *const **keys, const char *const **values)
{
    static char hdf5[32], libconfig[32], openmp[32], mpi[256];
    static const char *k[] = {"cogov_version", "git_revision", "compiler",
                              "cflags",        "hdf5_version",
                              "libconfig_version", "openmp_version",
                              "mpi_version"};
    static const char *v[8];
    versions_libs(hdf5, sizeof hdf5, libconfig, sizeof libconfig);
#ifdef _OPENMP
    snprintf(openmp, sizeof openmp, "%d", _OPENMP);
#else
    snprintf(openmp, sizeof openmp, "none");
#endif
#ifdef COGOV_MPI
    int len = 0;
    MPI_Get_library_version(mpi, &len);
    char *nl = strchr(mpi, '\n');
    if (nl)
        *nl = 0;
#else
    snprintf(mpi, sizeof mpi, "none (serial build)");
#endif
    v[0] = COGOV_VERSION;
    v[1] = COGOV_GIT_REV;
#ifdef __VERSION__
    v[2] = "cc " __VERSION__;
#else
    v[2] = "unknown";
#endif
    v[3] = COGOV_CFLAGS;
    v[4] = hdf5;
    v[5] = libconfig;
    v[6] = openmp;
    v[7] = mpi;
    *keys = k;
    *values = v;
    return 8;
}

static int stopped(const struct run_opts *o)
{
    return o->stop && *o->stop;
}

int sim_run(const struct params *p, const struct run_opts *o, char *err,
            size_t errlen)
{
    struct world *w = NULL;
    struct h5out *out = NULL;
    struct observer ob;
    struct day_metrics dm;
    struct params cur;           /* in force: p, then scheduled changes */
    int dm_ready = 0, rc = RUN_ERROR, start = 0;
    double *tm = o->timing ? o->timing->t : NULL;
    double t0 = now(), t1;

    if (o->restart) {
        if (checkpoint_restore(o->restart, p, &w, err, errlen))
            return RUN_ERROR;
        start = checkpoint_days_done(o->restart);
    } else if (setup_world(&w, p, err, errlen)) {
        return RUN_ERROR;
    }
    cur = *p;
    w->p = &cur;
    if (stopped(o)) {   /* during initialisation: nothing to keep */
        rc = RUN_STOPPED;
        goto done;
    }
    if (day_metrics_init(&dm, w)) {
        snprintf(err, errlen, "out of memory for metrics");
        goto done;
    }
    dm_ready = 1;

    const char *const *ck, *const *cv;
    int nk = sim_code_attrs(&ck, &cv);
    struct h5out_meta meta = {
        .cogov_version = COGOV_VERSION,
        .scenario = o->scenario,
        .seed = (uint64_t)p->seed,
        .n_residents = p->population.residents,
        .n_communities = p->population.communities,
        .days = p->time.days,
        .config_text = o->config_text,
        .n_code = nk,
        .code_keys = ck,
        .code_values = cv,
        .flush_every = (int)p->output.flush_every,
    };
    if (o->writing)
        *o->writing = 1;
    if (h5out_open(&out, o->out_path, o->force, &meta, err, errlen))
        goto done;
    if (observer_declare(&ob, out, w, err, errlen))
        goto done;
    if (o->restart && (checkpoint_replay(o->restart, &ob, &dm, err, errlen) ||
                       checkpoint_record(o->restart, out, err, errlen)))
        goto done;
    if (tm) {
        t1 = now();
        tm[SP_INIT] += t1 - t0;
        t0 = t1;
    }

    for (int day = start; day < p->time.days; day++) {
        if (o->changes)
            changes_apply(o->changes, w, &cur, day);
        if (step(w, day, o->stop, tm)) {
            rc = RUN_STOPPED;
            break;
        }
        if (tm)
            t0 = now();
        observe_day(w, day, &dm);
        if (tm) {
            t1 = now();
            tm[SP_OBSERVE] += t1 - t0;
            t0 = t1;
        }
        if (observer_write(&ob, &dm, err, errlen))
            goto done;
        if (p->output.snapshot_every > 0 &&
            day % p->output.snapshot_every == 0 &&
            observe_snapshot(out, w, day, err, errlen))
            goto done;
        if (o->checkpoint_every > 0 && (day + 1) % o->checkpoint_every == 0) {
            if (h5out_flush(out, err, errlen))
                goto done;
            int c = checkpoint_write(o->checkpoint_path, w,
                                     h5out_partial_path(out), o->out_path,
                                     o->stop, err, errlen);
            if (c < 0)
                goto done;
            if (c > 0) {   /* stopped while writing it: the last one stays */
                rc = RUN_STOPPED;
                break;
            }
        }
        if (tm)
            tm[SP_WRITE] += now() - t0;
        if (o->on_day && o->on_day(w, &dm, o->ctx)) {
            rc = RUN_STOPPED;
            break;
        }
    }
    if (rc == RUN_STOPPED) {
        /* keep the days completed: flushed under the .partial name */
        if (h5out_close(out, 0, err, errlen))
            rc = RUN_ERROR;
        out = NULL;
        goto done;
    }
    if (tm)
        t0 = now();
    rc = h5out_close(out, 1, err, errlen) ? RUN_ERROR : RUN_OK;
    out = NULL;
    if (tm)
        tm[SP_CLOSE] += now() - t0;
done:
    if (out) {
        /* an error: do not leave a partial file that might be mistaken */
        char e2[256];
        char partial[4096];
        snprintf(partial, sizeof partial, "%s", h5out_partial_path(out));
        h5out_close(out, 0, e2, sizeof e2);
        if (remove(partial) == 0) {
            size_t n = strlen(err);
            snprintf(err + n, errlen > n ? errlen - n : 0,
                     "; the unfinished output %s was removed", partial);
        }
    }
    if (dm_ready)
        day_metrics_free(&dm);
    world_free(w);
    return rc;
}
