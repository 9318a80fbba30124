/* A demo district run in memory, a frame (one simulated week) at a time:
 * the engine's own day loop (sim_step, observe_day; no HDF5), plus what
 * the demo shows of each frame: the backlog by scope, who solved matters
 * during the week, the district means, and one value per building for
 * the map. Everything here is serial and in index order, so the frames
 * are as deterministic as the run itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "engine/sim.h"
#include "model/setup.h"

const struct demo_state_def demo_states[N_DEMO_STATES] = {
    {"satisfaction", {"satisfaction", "满意度"}, 0, 1, 1},
    {"trust_gov", {"trust in government", "对政府的信任"}, 0, 1, 1},
    {"trust_com", {"trust in the community", "对社区的信任"}, 0, 1, 1},
    {"efficacy", {"efficacy", "效能感"}, 0, 1, 1},
    {"participation", {"participation", "参与率"}, 0, 1, 1},
    {"grievance", {"grievance", "怨气"}, 0, 1, 0},
    {"open", {"open matters per resident", "人均未办结事务"}, 0, 0.5, 0},
};

int demo_state_find(const char *name)
{
    for (int k = 0; k < N_DEMO_STATES; k++)
        if (!strcmp(name, demo_states[k].name))
            return k;
    return -1;
}

static void release(struct demo_run *r)
{
    if (r->w) {
        day_metrics_free(&r->dm);
        world_free(r->w);
    }
    r->w = NULL;
    free(r->frames);
    free(r->b_res);
    free(r->b_comm);
    free(r->map);
    free(r->acc);
    r->frames = NULL;
    r->b_res = r->b_comm = NULL;
    r->map = NULL;
    r->acc = NULL;
}

/* The world and the per-building tables for r->p. */
static int build(struct demo_run *r, char *err, size_t errlen)
{
    if (sim_setup(&r->w, &r->p, NULL, err, errlen)) {
        r->w = NULL;
        return -1;
    }
    if (day_metrics_init(&r->dm, r->w)) {
        world_free(r->w);
        r->w = NULL;
        goto oom;
    }
    const struct world *w = r->w;
    uint32_t nb = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        nb += w->comm[c].n_buildings;
    r->n_buildings = nb;
    r->frames = calloc((size_t)r->n_frames, sizeof *r->frames);
    r->b_res = calloc(nb, sizeof *r->b_res);
    r->b_comm = calloc(nb, sizeof *r->b_comm);
    r->map = calloc((size_t)r->n_frames * nb, sizeof *r->map);
    r->acc = calloc(nb, sizeof *r->acc);
    if (!r->frames || !r->b_res || !r->b_comm || !r->map || !r->acc)
        goto oom;
    for (uint32_t c = 0; c < w->n_comm; c++)
        for (uint32_t b = 0; b < w->comm[c].n_buildings; b++)
            r->b_comm[w->comm[c].first_building + b] = c;
    for (uint32_t i = 0; i < w->n_res; i++)
        r->b_res[w->r.building[i]]++;
    r->done = 0;
    return 0;
oom:
    snprintf(err, errlen, "out of memory for the demo of %s", r->label);
    release(r);
    return -1;
}

int demo_run_init(struct demo_run *r, const struct params *p,
                  const char *name, const char *label, int state,
                  int frame_days, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->p = *p;
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->label, sizeof r->label, "%s", label);
    r->state = state;
    r->frame_days = frame_days;
    r->n_frames = (int)((p->time.days + frame_days - 1) / frame_days);
    return build(r, err, errlen);
}

int demo_run_restart(struct demo_run *r, char *err, size_t errlen)
{
    release(r);
    return build(r, err, errlen);
}

void demo_run_free(struct demo_run *r) { release(r); }

const float *demo_run_map(const struct demo_run *r, int f)
{
    return r->map + (size_t)f * r->n_buildings;
}

/* The map state of every building today. */
static void map_values(struct demo_run *r, float *out)
{
    const struct world *w = r->w;
    const struct residents *res = &w->r;
    double *acc = r->acc;
    memset(acc, 0, r->n_buildings * sizeof *acc);
    if (r->state == DS_OPEN) {
        for (uint32_t s = 0; s < w->n_slots; s++)
            if (w->m[s].status != M_FREE)
                acc[res->building[w->m[s].owner]] += 1;
    } else {
        for (uint32_t i = 0; i < w->n_res; i++) {
            double x;
            switch (r->state) {
            case DS_SATISFACTION: x = res->satisfaction[i]; break;
            case DS_TRUST_GOV: x = res->trust_gov[i]; break;
            case DS_TRUST_COM: x = res->trust_com[i]; break;
            case DS_EFFICACY: x = res->efficacy[i]; break;
            case DS_PARTICIPATION: x = res->participating[i]; break;
            default: x = res->grievance[i]; break;
            }
            acc[res->building[i]] += x;
        }
    }
    for (uint32_t b = 0; b < r->n_buildings; b++)
        out[b] = r->b_res[b] ? (float)(acc[b] / r->b_res[b]) : 0.0f;
}

int demo_run_next(struct demo_run *r)
{
    if (r->done >= r->n_frames)
        return 0;
    struct demo_frame *f = &r->frames[r->done];
    memset(f, 0, sizeof *f);
    int first = r->done * r->frame_days;
    int end = first + r->frame_days;
    if (end > r->p.time.days)
        end = (int)r->p.time.days;
    for (int day = first; day < end; day++) {
        if (r->changes)
            changes_apply(r->changes, r->w, &r->p, day);
        sim_step(r->w, day);
        observe_day(r->w, day, &r->dm);
        for (int c = 0; c < N_CHANNELS; c++)
            f->solved[c] += r->dm.by_channel[c];
    }
    const double *v = r->dm.v;
    f->day = end - 1;
    f->open = v[MET_MATTERS_OPEN];
    memcpy(f->open_scope, r->dm.open_by_scope, sizeof f->open_scope);
    f->satisfaction = v[MET_SATISFACTION_MEAN];
    f->trust_gov = v[MET_TRUST_GOV_MEAN];
    f->trust_com = v[MET_TRUST_COM_MEAN];
    f->participation = v[MET_PARTICIPATION_RATE];
    f->efficacy = v[MET_EFFICACY_MEAN];
    map_values(r, r->map + (size_t)r->done * r->n_buildings);
    r->done++;
    return 1;
}
