/* The day loop and the run driver (docs/MODEL.md, "Process overview").
 * Each phase finishes before the next begins; the order is the model's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef COGOV_MPI
#include <mpi.h>
#endif

#include "base/versions.h"
#include "base/waitpolicy.h"
#include "io/h5params.h"
#include "engine/burnin.h"
#include "engine/sim.h"
#include "io/afile.h"
#include "model/phases.h"
#include "model/actors.h"
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

/* Days -burn_in_days .. -1 of w->p (the status quo), not recorded. */
static int burn_in(struct world *w, volatile sig_atomic_t *stop)
{
    int stopped = 0;
    setup_fork(w, w->p);
    for (int d = -(int)w->p->time.burn_in_days; d < 0 && !stopped; d++) {
        stopped = step(w, d, stop, NULL);
        observe_discard(w);
    }
    return stopped;
}

/* What a world drawn for the status quo lacks for p's own mechanisms
 * (what setup_world makes for them: the arrays of grown ties and arrival
 * days, the party's members, the local units), then p takes effect as a
 * change on day 0 does. While the burn-in ran none of it was read (the
 * mechanisms were off), so the world is the one a run drawn for p and
 * burned in would hold. 0, or -1 with err (out of memory). */
static int attach(struct world *w, const struct params *p, char *err,
                  size_t errlen)
{
    w->p = p;
    if (p->mechanisms.activities.enabled && !w->r.grown)
        activities_alloc(w, p);
    if (p->mechanisms.migration.enabled && !w->r.arrival)
        migration_alloc(w);
    party_init(w);
    if (!w->units && localunits_init(w, err, errlen))
        return -1;
    setup_fork(w, p);
    return 0;
}

int sim_setup(struct world **w, const struct params *p,
              volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    struct params quo;
    *w = NULL;
    if (p->time.burn_in_days <= 0)   /* the drawn state is day 0's */
        return setup_world(w, p, err, errlen);
    /* the status quo's world, burned in (or that state reused): w->p is
     * quo until attach */
    burnin_status_quo(p, &quo);
    if (!burnin_lookup(w, &quo)) {
        if (setup_world(w, &quo, err, errlen))
            return -1;
        if (burn_in(*w, stop)) {
            world_free(*w);
            *w = NULL;
            return 1;
        }
        burnin_store(*w);
    }
    if (attach(*w, p, err, errlen)) {
        world_free(*w);
        *w = NULL;
        return -1;
    }
    return 0;
}

int sim_code_attrs(const char *const **keys, const char *const **values)
{
    static char hdf5[32], libconfig[32], openmp[32], mpi[256];
    static const char *k[] = {"cogov_version",     "git_revision",
                              "model_id",          "compiler",
                              "cflags",            "hdf5_version",
                              "libconfig_version", "openmp_version",
                              "mpi_version",       "openmp_wait_policy"};
    enum { N = sizeof k / sizeof k[0] };
    static const char *v[N];
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
    v[2] = versions_model_id();
#ifdef __VERSION__
    v[3] = "cc " __VERSION__;
#else
    v[3] = "unknown";
#endif
    v[4] = COGOV_CFLAGS;
    v[5] = hdf5;
    v[6] = libconfig;
    v[7] = openmp;
    v[8] = mpi;
    v[9] = waitpolicy_describe();
    *keys = k;
    *values = v;
    return N;
}

static int stopped(const struct run_opts *o)
{
    return o->stop && *o->stop;
}

/* A run in progress: sim_open ... sim_next ... sim_close (sim.h). */
struct sim_session {
    const struct params *p;      /* borrowed from the caller */
    struct run_opts o;           /* a copy; its strings stay borrowed */
    struct world *w;
    struct h5out *out;           /* NULL for a run without output */
    struct observer ob;
    struct day_metrics dm;
    struct params cur;           /* in force: p, then scheduled changes */
    int dm_ready, day;           /* day: the next day to simulate */
    double *tm, t0;              /* timing (tm may be NULL) */
};

/* The run's output file: root attributes, /config, /code, /parameters,
 * the declared series and, after a restart, the saved days. */
static int open_output(struct sim_session *s, char *err, size_t errlen)
{
    const struct params *p = s->p;
    const struct run_opts *o = &s->o;
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
    if (h5out_open(&s->out, o->out_path, o->force, &meta, err, errlen) ||
        h5params_write(h5out_hid(s->out), params_table(), p, err, errlen) ||
        observer_declare(&s->ob, s->out, s->w, err, errlen))
        return -1;
    if (o->restart &&
        (checkpoint_replay(o->restart, &s->ob, &s->dm, err, errlen) ||
         checkpoint_record(o->restart, s->out, err, errlen)))
        return -1;
    return 0;
}

int sim_open(struct sim_session **sp, const struct params *p,
             const struct run_opts *o, char *err, size_t errlen)
{
    struct sim_session *s = calloc(1, sizeof *s);
    int rc = RUN_ERROR;
    *sp = NULL;
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return RUN_ERROR;
    }
    s->p = p;
    s->o = *o;
    s->tm = o->timing ? o->timing->t : NULL;
    s->t0 = now();
    if (o->restart) {
        if (checkpoint_restore(o->restart, p, &s->w, err, errlen))
            goto fail;
        s->day = checkpoint_days_done(o->restart);
    }
    s->cur = *p;
    /* the burn-in: a restored state has had its own */
    if (!o->restart) {
        int st = sim_setup(&s->w, &s->cur, o->stop, err, errlen);
        if (st < 0)
            goto fail;
        if (st > 0) {   /* during initialisation: nothing to keep */
            rc = RUN_STOPPED;
            goto fail;
        }
    }
    s->w->p = &s->cur;
    if (stopped(o)) {
        rc = RUN_STOPPED;
        goto fail;
    }
    if (day_metrics_init(&s->dm, s->w)) {
        snprintf(err, errlen, "out of memory for metrics");
        goto fail;
    }
    s->dm_ready = 1;
    if (o->out_path && open_output(s, err, errlen))
        goto fail;
    if (s->tm) {
        double t1 = now();
        s->tm[SP_INIT] += t1 - s->t0;
        s->t0 = t1;
    }
    *sp = s;
    return RUN_OK;
fail:
    sim_close(s, RUN_ERROR, err, errlen);
    return rc;
}

int sim_next(struct sim_session *s, char *err, size_t errlen)
{
    const struct params *p = s->p;
    const struct run_opts *o = &s->o;
    struct world *w = s->w;
    double *tm = s->tm, t1;
    int day = s->day;

    if (o->changes)
        changes_apply(o->changes, w, &s->cur, day);
    if (step(w, day, o->stop, tm))
        return RUN_STOPPED;
    if (tm)
        s->t0 = now();
    observe_day(w, day, &s->dm);
    s->day = day + 1;
    if (tm) {
        t1 = now();
        tm[SP_OBSERVE] += t1 - s->t0;
        s->t0 = t1;
    }
    if (s->out) {
        if (observer_write(&s->ob, &s->dm, err, errlen))
            return RUN_ERROR;
        if (p->output.snapshot_every > 0 &&
            day % p->output.snapshot_every == 0 &&
            observe_snapshot(s->out, w, day, err, errlen))
            return RUN_ERROR;
        if (o->checkpoint_every > 0 &&
            (day + 1) % o->checkpoint_every == 0) {
            int c = sim_checkpoint(s, o->checkpoint_path, err, errlen);
            if (c)
                return c < 0 ? RUN_ERROR : RUN_STOPPED;
        }
    }
    if (tm)
        tm[SP_WRITE] += now() - s->t0;
    if (o->on_day && o->on_day(w, &s->dm, o->ctx))
        return RUN_STOPPED;
    return RUN_OK;
}

int sim_checkpoint(struct sim_session *s, const char *path, char *err,
                   size_t errlen)
{
    if (!s->out) {
        snprintf(err, errlen, "a checkpoint needs a run with an output "
                 "file (its days so far go into the checkpoint)");
        return -1;
    }
    if (s->day == 0) {
        snprintf(err, errlen, "no day simulated yet: nothing to checkpoint");
        return -1;
    }
    if (h5out_flush(s->out, err, errlen))
        return -1;
    /* 1: stopped while writing it; the last checkpoint stays */
    return checkpoint_write(path, s->w, h5out_partial_path(s->out),
                            s->o.out_path, s->o.stop, err, errlen);
}

int sim_day(const struct sim_session *s) { return s->day; }

const struct world *sim_world(const struct sim_session *s) { return s->w; }

const struct day_metrics *sim_metrics(const struct sim_session *s)
{
    return s->dm_ready ? &s->dm : NULL;
}

int sim_close(struct sim_session *s, int rc, char *err, size_t errlen)
{
    if (!s)
        return rc;
    if (s->out && rc == RUN_STOPPED) {
        /* keep the days completed: flushed under the .partial name */
        if (h5out_close(s->out, 0, err, errlen))
            rc = RUN_ERROR;
        s->out = NULL;
    } else if (s->out && rc == RUN_OK) {
        if (s->tm)
            s->t0 = now();
        rc = h5out_close(s->out, 1, err, errlen) ? RUN_ERROR : RUN_OK;
        s->out = NULL;
        if (s->tm)
            s->tm[SP_CLOSE] += now() - s->t0;
    }
    if (s->out) {
        /* an error: do not leave a partial file that might be mistaken */
        char e2[256];
        char partial[4096];
        snprintf(partial, sizeof partial, "%s", h5out_partial_path(s->out));
        h5out_close(s->out, 0, e2, sizeof e2);
        if (remove(partial) == 0) {
            size_t n = strlen(err);
            snprintf(err + n, errlen > n ? errlen - n : 0,
                     "; the unfinished output %s was removed", partial);
        }
    }
    if (s->dm_ready)
        day_metrics_free(&s->dm);
    world_free(s->w);
    free(s);
    return rc;
}

int sim_run(const struct params *p, const struct run_opts *o, char *err,
            size_t errlen)
{
    struct sim_session *s;
    int rc = sim_open(&s, p, o, err, errlen);
    if (rc != RUN_OK)
        return rc;
    while (rc == RUN_OK && s->day < p->time.days)
        rc = sim_next(s, err, errlen);
    return sim_close(s, rc, err, errlen);
}

/* NAME + ".partial" (malloc'd; NULL for NULL). */
static char *partial_of(const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name) + sizeof ".partial";
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s.partial", name);
    return s;
}

int sim_check_files(const char *out, const char *checkpoint,
                    const char *scenario, const char *restart, char *err,
                    size_t errlen)
{
    /* the files a run writes (and their partials) against every other */
    char *outp = partial_of(out), *ckp = partial_of(checkpoint);
    const struct {
        const char *what, *name;
        int written;
    } f[] = {
        {"the output", out, 1},          {"the output's partial", outp, 1},
        {"the checkpoint", checkpoint, 1}, {"the checkpoint's partial", ckp, 1},
        {"the scenario", scenario, 0},   {"the restart file", restart, 0},
    };
    int rc = 0;
    enum { NF = sizeof f / sizeof *f };
    for (int i = 0; i < NF && !rc; i++)
        for (int j = i + 1; j < NF && !rc; j++) {
            if (!f[i].name || !f[j].name || !(f[i].written || f[j].written))
                continue;
            /* continuing a checkpoint replaces it: that alias is the point */
            if (f[i].name == checkpoint && f[j].name == restart)
                continue;
            if (afile_same(f[i].name, f[j].name)) {
                snprintf(err, errlen, "%s %s and %s %s are the same file; "
                         "name another (-o, --checkpoint)", f[i].what,
                         f[i].name, f[j].what, f[j].name);
                rc = -1;
            }
        }
    free(outp);
    free(ckp);
    /* the output's folder, before the run spends its days (h5out_open
     * asks again when it creates the file) */
    if (!rc && out && h5out_check_place(out, err, errlen))
        rc = -1;
    if (rc || !checkpoint)
        return rc;
    /* a checkpoint's folder, before the run spends its days */
    const char *slash = strrchr(checkpoint, '/');
    char *dir = slash ? strndup(checkpoint, slash == checkpoint
                                                ? 1
                                                : (size_t)(slash - checkpoint))
                      : strdup(".");
    struct stat st;
    if (!dir) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "--checkpoint %s: folder %s: %s", checkpoint,
                 dir, strerror(errno));
        rc = -1;
    } else if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--checkpoint %s: %s is not a folder",
                 checkpoint, dir);
        rc = -1;
    } else if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "--checkpoint %s: folder %s is not writable: "
                 "%s", checkpoint, dir, strerror(errno));
        rc = -1;
    }
    free(dir);
    return rc;
}

void sim_default_output(char *out, size_t n, const char *name,
                        long long seed)
{
    char safe[256];
    afile_safe_name(safe, sizeof safe, name && name[0] ? name : "run");
    snprintf(out, n, "%s-s%lld.h5", safe, seed);
}
