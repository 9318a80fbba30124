/* A demo district run in memory, a frame (one simulated week) at a time,
 * through the public API (include/cogov/sim.h: the engine's own day loop,
 * no HDF5), plus what the demo shows of each frame: the backlog by scope,
 * who solved matters during the week, the district means, and one value
 * per building for the map. Everything here is serial and in index order,
 * so the frames are as deterministic as the run itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"

const struct demo_state_def demo_states[N_DEMO_STATES] = {
    {"satisfaction", {"satisfaction", "满意度"}, 0, 1, 1},
    {"trust_gov", {"trust in government", "对政府的信任"}, 0, 1, 1},
    {"trust_com", {"trust in the community", "对社区的信任"}, 0, 1, 1},
    {"efficacy", {"efficacy", "效能感"}, 0, 1, 1},
    {"participation", {"participation", "参与率"}, 0, 1, 1},
    {"grievance", {"grievance", "怨气"}, 0, 1, 0},
    {"open", {"open matters per resident", "人均未办结事务"}, 0, 0.5, 0},
};

/* The resident state of cogov_run_state behind each map state. */
static const char *const state_key[N_DEMO_STATES] = {
    "satisfaction", "trust_gov", "trust_com", "efficacy", "participating",
    "grievance", "open_matters",
};

int demo_state_find(const char *name)
{
    for (int k = 0; k < N_DEMO_STATES; k++)
        if (!strcmp(name, demo_states[k].name))
            return k;
    return -1;
}

/* Everything but the parameters. */
static void release(struct demo_run *r)
{
    cogov_run_free(r->run);
    r->run = NULL;
    free(r->frames);
    free(r->r_b);
    free(r->b_res);
    free(r->b_comm);
    free(r->c_first);
    free(r->c_nb);
    free(r->map);
    free(r->acc);
    free(r->x);
    r->frames = NULL;
    r->r_b = r->b_res = r->b_comm = r->c_first = r->c_nb = NULL;
    r->map = NULL;
    r->acc = r->x = NULL;
}

/* The run and the per-building tables for r->p. */
static int build(struct demo_run *r, char *err, size_t errlen)
{
    if (cogov_run_create(&r->run, r->p, r->name, NULL, 0, err, errlen)) {
        r->run = NULL;
        release(r);
        return -1;
    }
    r->n_res = (uint32_t)cogov_run_residents(r->run);
    r->n_buildings = (uint32_t)cogov_run_buildings(r->run);
    r->n_comm = (uint32_t)cogov_run_communities(r->run);
    uint32_t nb = r->n_buildings, nc = r->n_comm;
    r->frames = calloc((size_t)r->n_frames, sizeof *r->frames);
    r->r_b = calloc(r->n_res ? r->n_res : 1, sizeof *r->r_b);
    r->b_res = calloc(nb, sizeof *r->b_res);
    r->b_comm = calloc(nb, sizeof *r->b_comm);
    r->c_first = calloc(nc, sizeof *r->c_first);
    r->c_nb = calloc(nc, sizeof *r->c_nb);
    r->map = calloc((size_t)r->n_frames * nb, sizeof *r->map);
    r->acc = calloc(nb, sizeof *r->acc);
    r->x = calloc(r->n_res ? r->n_res : 1, sizeof *r->x);
    if (!r->frames || !r->r_b || !r->b_res || !r->b_comm || !r->c_first ||
        !r->c_nb || !r->map || !r->acc || !r->x)
        goto oom;
    if (cogov_run_map(r->run, r->r_b, r->n_res, r->b_comm, nb, err,
                      errlen)) {
        release(r);
        return -1;
    }
    for (uint32_t b = nb; b-- > 0;) {   /* buildings in community order */
        r->c_first[r->b_comm[b]] = b;
        r->c_nb[r->b_comm[b]]++;
    }
    for (uint32_t i = 0; i < r->n_res; i++)
        r->b_res[r->r_b[i]]++;
    r->done = 0;
    r->err[0] = 0;
    return 0;
oom:
    snprintf(err, errlen, "out of memory for the demo of %s", r->label);
    release(r);
    return -1;
}

int demo_run_init(struct demo_run *r, const cogov_params *p,
                  const char *name, const char *label, int state,
                  int frame_days, char *err, size_t errlen)
{
    int64_t days = 0;
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->label, sizeof r->label, "%s", label);
    if (cogov_param_get_int(p, "time.days", &days, err, errlen))
        return -1;
    if (!(r->p = cogov_params_copy(p))) {
        snprintf(err, errlen, "out of memory for the demo of %s", label);
        return -1;
    }
    r->days = (int)days;
    r->state = state;
    r->frame_days = frame_days;
    r->n_frames = (r->days + frame_days - 1) / frame_days;
    if (build(r, err, errlen)) {
        cogov_params_free(r->p);
        r->p = NULL;
        return -1;
    }
    return 0;
}

int demo_run_restart(struct demo_run *r, char *err, size_t errlen)
{
    release(r);
    return build(r, err, errlen);
}

void demo_run_free(struct demo_run *r)
{
    release(r);
    cogov_params_free(r->p);
    r->p = NULL;
}

const float *demo_run_map(const struct demo_run *r, int f)
{
    return r->map + (size_t)f * r->n_buildings;
}

/* The map state of every building today: the mean over its residents. */
static int map_values(struct demo_run *r, float *out)
{
    double *acc = r->acc;
    if (cogov_run_state(r->run, state_key[r->state], r->x, r->n_res,
                        r->err, sizeof r->err))
        return -1;
    memset(acc, 0, r->n_buildings * sizeof *acc);
    for (uint32_t i = 0; i < r->n_res; i++)
        acc[r->r_b[i]] += r->x[i];
    for (uint32_t b = 0; b < r->n_buildings; b++)
        out[b] = r->b_res[b] ? (float)(acc[b] / r->b_res[b]) : 0.0f;
    return 0;
}

/* Today's value of metric name (the names are the API's own: cannot
 * fail after a day was simulated). */
static double metric(struct demo_run *r, const char *name)
{
    double v = 0;
    cogov_run_metric(r->run, name, &v, r->err, sizeof r->err);
    return v;
}

int demo_run_next(struct demo_run *r)
{
    if (r->done >= r->n_frames || r->err[0])
        return 0;
    struct demo_frame *f = &r->frames[r->done];
    char name[64];
    memset(f, 0, sizeof *f);
    int first = r->done * r->frame_days;
    int end = first + r->frame_days;
    if (end > r->days)
        end = r->days;
    for (int day = first; day < end; day++) {
        if (cogov_run_step(r->run, r->err, sizeof r->err) != 1) {
            if (!r->err[0])
                snprintf(r->err, sizeof r->err, "%s: the run ended at day "
                         "%d", r->name, day);
            return 0;
        }
        for (int c = 0; c < N_CHANNELS; c++) {
            snprintf(name, sizeof name, "resolved_by_channel/%s",
                     channel_names[c]);
            f->solved[c] += metric(r, name);
        }
    }
    f->day = end - 1;
    f->open = metric(r, "matters_open");
    for (int s = 0; s < N_SCOPES; s++) {
        snprintf(name, sizeof name, "open_by_scope/%s", scope_names[s]);
        f->open_scope[s] = metric(r, name);
    }
    f->satisfaction = metric(r, "satisfaction_mean");
    f->trust_gov = metric(r, "trust_gov_mean");
    f->trust_com = metric(r, "trust_com_mean");
    f->participation = metric(r, "participation_rate");
    f->efficacy = metric(r, "efficacy_mean");
    if (map_values(r, r->map + (size_t)r->done * r->n_buildings))
        return 0;
    r->done++;
    return 1;
}
