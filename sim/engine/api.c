/* The public interface of include/cogov/sim.h over the engine: parameter
 * sets are struct params read and written through the parameter table
 * (base/params.c), a run is an engine session (sim.c: sim_open, sim_next,
 * sim_close) plus a copy of the last day's metrics. */
#include "cogov/sim.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/changes.h"
#include "engine/sim.h"
#include "io/schema.h"
#include "model/matter.h"
#include "model/world.h"

struct cogov_params {
    struct params p;
};

struct cogov_run {
    struct params p;
    struct params pending;   /* p with every change scheduled so far */
    struct changes ch;       /* the change schedule (sim_next applies it) */
    struct sim_session *s;   /* NULL once an output file is completed */
    char *config_text;
    char *out_path;
    char scenario[PARAM_STRING_MAX];
    int days_done;
    int64_t pool_slots;                           /* the last day's */
    double v[N_METRICS], by_channel[N_CHANNELS];  /* the last day's */
    double open_by_scope[N_SCOPES];
    struct run_timing timing;
};

static int fail(char *err, size_t errlen, const char *fmt, const char *a,
                const char *b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b);
    return -1;
}

int cogov_params_load(cogov_params **pp, const char *path,
                      const char *const *sets, int nsets, char *err,
                      size_t errlen)
{
    cogov_params *c = malloc(sizeof *c);
    char e[CONFIG_ERR_MAX];
    *pp = NULL;
    if (!c)
        return fail(err, errlen, "out of memory%s%s", "", "");
    config_defaults(params_table(), &c->p);
    if (config_load(params_table(), &c->p, path, sets, nsets, NULL, e,
                    sizeof e) ||
        params_validate(&c->p, e, sizeof e)) {
        free(c);
        return fail(err, errlen, "%s%s", e, "");
    }
    *pp = c;
    return 0;
}

void cogov_params_free(cogov_params *p) { free(p); }

int cogov_params_set(cogov_params *p, const char *assign, char *err,
                     size_t errlen)
{
    struct params q = p->p;
    char e[CONFIG_ERR_MAX];
    if (config_set(params_table(), &q, assign, NULL, e, sizeof e) ||
        params_validate(&q, e, sizeof e))
        return fail(err, errlen, "%s%s", e, "");
    p->p = q;
    return 0;
}

cogov_params *cogov_params_copy(const cogov_params *p)
{
    cogov_params *c = malloc(sizeof *c);
    if (c)
        *c = *p;
    return c;
}

char *cogov_params_text(const cogov_params *p)
{
    return config_to_string(params_table(), &p->p, 1);
}

static const char *const type_names[] = {"an integer", "a number",
                                         "a boolean", "a string"};

static enum cogov_type type_of(const struct param_def *r)
{
    switch (r->type) {
    case PARAM_INT: return COGOV_INT;
    case PARAM_FLOAT: return COGOV_DOUBLE;
    case PARAM_BOOL: return COGOV_BOOL;
    default: return COGOV_STRING;   /* ENUM and STRING */
    }
}

enum cogov_type cogov_param_type(const cogov_params *p, const char *key)
{
    (void)p;
    const struct param_def *r = config_find(params_table(), key);
    return r ? type_of(r) : COGOV_UNKNOWN;
}

/* The row of key when its type is want (or, with also, that one); else
 * NULL with a message naming key and its type. */
static const struct param_def *row(const char *key, enum cogov_type want,
                                   enum cogov_type also, char *err,
                                   size_t errlen)
{
    const struct param_def *r = config_find(params_table(), key);
    if (!r) {
        const char *near = config_nearest(params_table(), key);
        if (err && errlen)
            snprintf(err, errlen, "unknown parameter '%s'%s%s%s", key,
                     near ? "; did you mean '" : "", near ? near : "",
                     near ? "'?" : "");
        return NULL;
    }
    enum cogov_type t = type_of(r);
    if (t != want && t != also) {
        if (err && errlen)
            snprintf(err, errlen, "parameter '%s' is %s, not %s", key,
                     type_names[t], type_names[want]);
        return NULL;
    }
    return r;
}

static const void *field(const cogov_params *p, const struct param_def *r)
{
    return (const unsigned char *)&p->p + r->offset;
}

int cogov_param_get_int(const cogov_params *p, const char *key, int64_t *v,
                        char *err, size_t errlen)
{
    const struct param_def *r = row(key, COGOV_INT, COGOV_INT, err, errlen);
    if (!r)
        return -1;
    *v = *(const int64_t *)field(p, r);
    return 0;
}

int cogov_param_get_double(const cogov_params *p, const char *key,
                           double *v, char *err, size_t errlen)
{
    const struct param_def *r = row(key, COGOV_DOUBLE, COGOV_INT, err,
                                    errlen);
    if (!r)
        return -1;
    *v = r->type == PARAM_INT ? (double)*(const int64_t *)field(p, r)
                              : *(const double *)field(p, r);
    return 0;
}

int cogov_param_get_bool(const cogov_params *p, const char *key, int *v,
                         char *err, size_t errlen)
{
    const struct param_def *r = row(key, COGOV_BOOL, COGOV_BOOL, err,
                                    errlen);
    if (!r)
        return -1;
    *v = *(const int *)field(p, r) != 0;
    return 0;
}

int cogov_param_get_string(const cogov_params *p, const char *key,
                           char *buf, size_t n, char *err, size_t errlen)
{
    const struct param_def *r = row(key, COGOV_STRING, COGOV_STRING, err,
                                    errlen);
    if (!r)
        return -1;
    if (r->type == PARAM_STRING) {
        snprintf(buf, n, "%s", (const char *)field(p, r));
        return 0;
    }
    /* an enum: the k-th word of "a|b|c" */
    const char *c = r->choices;
    for (int k = *(const int *)field(p, r); k > 0; k--)
        c = strchr(c, '|') + 1;
    snprintf(buf, n, "%.*s", (int)strcspn(c, "|"), c);
    return 0;
}

/* Set through the loader's own check of "key=value" (range, choices). */
static int set_text(cogov_params *p, const char *key, const char *value,
                    char *err, size_t errlen)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *a = malloc(n), e[CONFIG_ERR_MAX];
    if (!a)
        return fail(err, errlen, "out of memory%s%s", "", "");
    snprintf(a, n, "%s=%s", key, value);
    int rc = config_set(params_table(), &p->p, a, NULL, e, sizeof e);
    free(a);
    return rc ? fail(err, errlen, "%s%s", e, "") : 0;
}

int cogov_param_set_int(cogov_params *p, const char *key, int64_t v,
                        char *err, size_t errlen)
{
    char s[32];
    if (!row(key, COGOV_INT, COGOV_DOUBLE, err, errlen))
        return -1;
    snprintf(s, sizeof s, "%" PRId64, v);
    return set_text(p, key, s, err, errlen);
}

int cogov_param_set_double(cogov_params *p, const char *key, double v,
                           char *err, size_t errlen)
{
    char s[40];
    if (!row(key, COGOV_DOUBLE, COGOV_DOUBLE, err, errlen))
        return -1;
    /* round-trips; a float literal so an integral v stays a double */
    snprintf(s, sizeof s, "%.17e", v);
    return set_text(p, key, s, err, errlen);
}

int cogov_param_set_bool(cogov_params *p, const char *key, int v, char *err,
                         size_t errlen)
{
    if (!row(key, COGOV_BOOL, COGOV_BOOL, err, errlen))
        return -1;
    return set_text(p, key, v ? "true" : "false", err, errlen);
}

int cogov_param_set_string(cogov_params *p, const char *key, const char *v,
                           char *err, size_t errlen)
{
    if (!row(key, COGOV_STRING, COGOV_STRING, err, errlen))
        return -1;
    return set_text(p, key, v, err, errlen);
}

int cogov_run_create(cogov_run **rp, const cogov_params *p,
                     const char *scenario, const char *out_path, int force,
                     char *err, size_t errlen)
{
    cogov_run *r = calloc(1, sizeof *r);
    char e[CONFIG_ERR_MAX] = "";
    *rp = NULL;
    if (!r)
        return fail(err, errlen, "out of memory%s%s", "", "");
    r->p = r->pending = p->p;
    snprintf(r->scenario, sizeof r->scenario, "%s",
             scenario ? scenario : r->p.name[0] ? r->p.name : "api");
    if (params_validate(&r->p, e, sizeof e) ||
        sim_memory_check(&r->p, e, sizeof e))
        goto fail;
    if (out_path) {
        r->config_text = config_to_string(params_table(), &r->p, 0);
        r->out_path = strdup(out_path);
        if (!r->config_text || !r->out_path) {
            snprintf(e, sizeof e, "out of memory");
            goto fail;
        }
    }
    struct run_opts o = {.out_path = r->out_path,
                         .force = force,
                         .scenario = r->scenario,
                         .config_text = r->config_text,
                         .timing = &r->timing,
                         .changes = &r->ch};
    if (sim_open(&r->s, &r->p, &o, e, sizeof e) != RUN_OK)
        goto fail;
    *rp = r;
    return 0;
fail:
    fail(err, errlen, "%s%s", e, "");
    cogov_run_free(r);
    return -1;
}

int cogov_run_step(cogov_run *r, char *err, size_t errlen)
{
    char e[CONFIG_ERR_MAX] = "";
    if (!r->s || r->days_done >= r->p.time.days)
        return 0;
    if (sim_next(r->s, e, sizeof e) != RUN_OK) {
        /* the run cannot go on: its unfinished output goes */
        sim_close(r->s, RUN_ERROR, e, sizeof e);
        r->s = NULL;
        return fail(err, errlen, "%s%s", e, "");
    }
    const struct day_metrics *dm = sim_metrics(r->s);
    memcpy(r->v, dm->v, sizeof r->v);
    memcpy(r->by_channel, dm->by_channel, sizeof r->by_channel);
    memcpy(r->open_by_scope, dm->open_by_scope, sizeof r->open_by_scope);
    r->days_done = sim_day(r->s);
    r->pool_slots = sim_world(r->s)->n_slots;
    if (r->days_done >= r->p.time.days && r->out_path) {
        /* the last day: complete the output now (a run without one keeps
         * its world for the readers until it is freed) */
        int rc = sim_close(r->s, RUN_OK, e, sizeof e);
        r->s = NULL;
        if (rc != RUN_OK)
            return fail(err, errlen, "%s%s", e, "");
    }
    return 1;
}

int cogov_run_days_done(const cogov_run *r) { return r->days_done; }

int cogov_run_days(const cogov_run *r) { return (int)r->p.time.days; }

int cogov_run_metric(const cogov_run *r, const char *name, double *v,
                     char *err, size_t errlen)
{
    static const char ch[] = "resolved_by_channel/",
                      sc[] = "open_by_scope/";
    if (r->days_done == 0)
        return fail(err, errlen, "metric '%s': no day simulated yet%s",
                    name, "");
    for (int k = 0; k < N_METRICS; k++)
        if (!strcmp(name, metric_defs[k].name)) {
            *v = r->v[k];
            return 0;
        }
    if (!strncmp(name, ch, sizeof ch - 1))
        for (int c = 0; c < N_CHANNELS; c++)
            if (!strcmp(name + sizeof ch - 1, channel_names[c])) {
                *v = r->by_channel[c];
                return 0;
            }
    if (!strncmp(name, sc, sizeof sc - 1))
        for (int k = 0; k < N_SCOPES; k++)
            if (!strcmp(name + sizeof sc - 1, scope_names[k])) {
                *v = r->open_by_scope[k];
                return 0;
            }
    return fail(err, errlen, "unknown metric '%s'%s (cogov info --metrics "
                "lists them; a channel is resolved_by_channel/NAME, a scope "
                "open_by_scope/NAME)", name,
                "");
}

int cogov_run_change(cogov_run *r, const char *assign, char *err,
                     size_t errlen)
{
    char e[CONFIG_ERR_MAX];
    if (r->days_done == 0)
        return fail(err, errlen, "%s: no day simulated yet: set the "
                    "parameters before creating the run%s", assign, "");
    if (!r->s || r->days_done >= r->p.time.days)
        return fail(err, errlen, "%s: the run has done all its days%s",
                    assign, "");
    if (changes_add(&r->ch, r->days_done, assign, &r->pending, e, sizeof e))
        return fail(err, errlen, "%s%s", e, "");
    /* checked by changes_add: cannot fail */
    config_set(params_table(), &r->pending, assign, NULL, e, sizeof e);
    return 0;
}

int cogov_run_changes_load(cogov_run *r, const char *path, char *err,
                           size_t errlen)
{
    char e[CONFIG_ERR_MAX];
    if (r->days_done > 0 || !r->s)
        return fail(err, errlen, "%s: a schedule is loaded before the "
                    "first day%s", path, "");
    changes_free(&r->ch);
    r->pending = r->p;
    if (changes_load(&r->ch, path, &r->p, e, sizeof e)) {
        changes_free(&r->ch);
        return fail(err, errlen, "%s%s", e, "");
    }
    for (int d = 0; d < r->ch.n; d++)
        for (int k = 0; k < r->ch.d[d].n; k++)
            config_set(params_table(), &r->pending, r->ch.d[d].set[k], NULL,
                       e, sizeof e);
    return r->ch.n;
}

int cogov_run_change_days(const cogov_run *r) { return r->ch.n; }

int cogov_run_change_day(const cogov_run *r, int k, int *day,
                         const char *const **sets)
{
    if (k < 0 || k >= r->ch.n)
        return -1;
    *day = r->ch.d[k].day;
    *sets = (const char *const *)r->ch.d[k].set;
    return r->ch.d[k].n;
}

char *cogov_run_changes_text(const cogov_run *r)
{
    return changes_to_string(&r->ch);
}

cogov_params *cogov_run_params(const cogov_run *r)
{
    cogov_params *c = malloc(sizeof *c);
    if (c)
        c->p = r->pending;
    return c;
}

/* The world while the run holds one. */
static const struct world *world_of(const cogov_run *r, char *err,
                                    size_t errlen)
{
    if (!r->s) {
        fail(err, errlen, "the run has completed its output file and "
             "released its world%s%s", "", "");
        return NULL;
    }
    return sim_world(r->s);
}

/* The world, to steer (the choices). */
static struct world *cogov_run_world(cogov_run *r)
{
    return r->s ? (struct world *)sim_world(r->s) : NULL;
}

int64_t cogov_run_residents(const cogov_run *r)
{
    const struct world *w = world_of(r, NULL, 0);
    return w ? w->n_res : 0;
}

int64_t cogov_run_communities(const cogov_run *r)
{
    const struct world *w = world_of(r, NULL, 0);
    return w ? w->n_comm : 0;
}

int64_t cogov_run_buildings(const cogov_run *r)
{
    const struct world *w = world_of(r, NULL, 0);
    int64_t n = 0;
    for (uint32_t c = 0; w && c < w->n_comm; c++)
        n += w->comm[c].n_buildings;
    return n;
}

int cogov_run_map(const cogov_run *r, uint32_t *building, size_t n_res,
                  uint32_t *community, size_t n_build, char *err,
                  size_t errlen)
{
    const struct world *w = world_of(r, err, errlen);
    if (!w)
        return -1;
    if (building) {
        if (n_res < w->n_res)
            return fail(err, errlen, "a buffer for %s residents holds "
                        "fewer%s", "every", "");
        world_places(w, NULL, building);
    }
    if (community) {
        if (n_build < (size_t)cogov_run_buildings(r))
            return fail(err, errlen, "a buffer for %s buildings holds "
                        "fewer%s", "every", "");
        for (uint32_t c = 0; c < w->n_comm; c++)
            for (uint32_t b = 0; b < w->comm[c].n_buildings; b++)
                community[w->comm[c].first_building + b] = c;
    }
    return 0;
}

int cogov_run_state(const cogov_run *r, const char *name, double *out,
                    size_t n, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        size_t offset;
    } floats[] = {
        {"satisfaction", offsetof(struct residents, satisfaction)},
        {"trust_gov", offsetof(struct residents, trust_gov)},
        {"trust_com", offsetof(struct residents, trust_com)},
        {"efficacy", offsetof(struct residents, efficacy)},
        {"grievance", offsetof(struct residents, grievance)},
    };
    const struct world *w = world_of(r, err, errlen);
    if (!w)
        return -1;
    const struct residents *res = &w->r;
    if (n < w->n_res)
        return fail(err, errlen, "state '%s': the buffer holds fewer than "
                    "every resident%s", name, "");
    for (size_t k = 0; k < sizeof floats / sizeof *floats; k++)
        if (!strcmp(name, floats[k].name)) {
            const float *x = *(float *const *)(const void *)(
                (const char *)res + floats[k].offset);
            for (uint32_t i = 0; i < w->n_res; i++)
                out[i] = x[i];
            return 0;
        }
    if (!strcmp(name, "participating") || !strcmp(name, "volunteer")) {
        int part = name[0] == 'p';
        for (uint32_t i = 0; i < w->n_res; i++)
            out[i] = part ? res->participating[i] != 0
                          : (res->flags[i] & R_VOLUNTEER) != 0;
        return 0;
    }
    if (!strcmp(name, "open_matters")) {
        memset(out, 0, w->n_res * sizeof *out);
        for (uint32_t s = 0; s < w->n_slots; s++)
            if (w->m[s].status != M_FREE)
                out[w->m[s].owner] += 1;
        return 0;
    }
    return fail(err, errlen, "unknown resident state '%s'%s (satisfaction, "
                "trust_gov, trust_com, efficacy, grievance, participating, "
                "volunteer or open_matters)", name, "");
}

int cogov_run_resident(const cogov_run *r, int64_t i,
                       struct cogov_resident *out, char *err, size_t errlen)
{
    const struct world *w = world_of(r, err, errlen);
    if (!w)
        return -1;
    if (i < 0 || i >= w->n_res)
        return fail(err, errlen, "resident %s out of range%s", "index", "");
    const struct residents *res = &w->r;
    const uint32_t c = world_community_of(w, (uint32_t)i);
    uint32_t took = 0;
    for (uint32_t j = res->tie_start[i]; j < res->tie_start[i + 1]; j++)
        took += res->participating[res->ties[j]] != 0;
    *out = (struct cogov_resident){
        .community = c,
        .building = world_building_of(w, c, (uint32_t)i),
        .neighbours = res->tie_start[i + 1] - res->tie_start[i],
        .neighbours_taking_part = took,
        .participating = res->participating[i] != 0,
        .volunteer = (res->flags[i] & R_VOLUNTEER) != 0,
        .trust_gov = res->trust_gov[i],
        .trust_com = res->trust_com[i],
        .satisfaction = res->satisfaction[i],
        .efficacy = res->efficacy[i]};
    return 0;
}

int cogov_run_community(const cogov_run *r, int64_t c,
                        struct cogov_community *out, char *err,
                        size_t errlen)
{
    const struct world *w = world_of(r, err, errlen);
    if (!w)
        return -1;
    if (c < 0 || c >= w->n_comm)
        return fail(err, errlen, "community %s out of range%s", "index",
                    "");
    const struct community *cm = &w->comm[c];
    *out = (struct cogov_community){
        .first_resident = cm->first,
        .residents = cm->n,
        .first_building = cm->first_building,
        .buildings = cm->n_buildings,
        .participants = cm->participants,
        .agenda = cm->agenda_q.n,
        .fund = cm->fund};
    return 0;
}

int64_t cogov_run_building_participants(const cogov_run *r, int64_t b)
{
    const struct world *w = world_of(r, NULL, 0);
    if (!w || b < 0 || b >= cogov_run_buildings(r))
        return -1;
    return w->r.unit_count[b];
}

int cogov_run_matters(const cogov_run *r, int64_t i, struct cogov_matter *out,
                      int max, char *err, size_t errlen)
{
    const struct world *w = world_of(r, err, errlen);
    if (!w)
        return -1;
    if (i < 0 || i >= w->n_res)
        return fail(err, errlen, "resident %s out of range%s", "index", "");
    int n = 0;
    for (uint32_t s = 0; s < w->n_slots && n < max; s++) {
        const struct matter *x = &w->m[s];
        if (x->status == M_FREE || x->owner != (uint32_t)i)
            continue;
        out[n++] = (struct cogov_matter){
            .domain = domain_names[x->domain],
            .scope = scope_names[x->scope],
            .severity = x->severity,
            .age = w->day - x->created,
            .reported = x->status != M_HELD};
    }
    return n;
}

/* The public decisions are the model's own (model/world.h). */
_Static_assert(sizeof(struct cogov_choice) == sizeof(struct resident_choice),
               "struct cogov_choice mirrors struct resident_choice");
_Static_assert(offsetof(struct cogov_choice, report) ==
                       offsetof(struct resident_choice, report) &&
                   offsetof(struct cogov_choice, volunteer) ==
                       offsetof(struct resident_choice, volunteer) &&
                   offsetof(struct cogov_choice, attend) ==
                       offsetof(struct resident_choice, attend) &&
                   offsetof(struct cogov_choice, vote) ==
                       offsetof(struct resident_choice, vote) &&
                   offsetof(struct cogov_choice, project) ==
                       offsetof(struct resident_choice, project),
               "struct cogov_choice mirrors struct resident_choice");

int cogov_run_set_choices(cogov_run *r, const struct cogov_choice *choice,
                          size_t n, char *err, size_t errlen)
{
    struct world *w = cogov_run_world(r);
    if (!w)
        return world_of(r, err, errlen) ? 0 : -1;
    if (choice && n < w->n_res)
        return fail(err, errlen, "choices for %s residents: the array holds "
                    "fewer%s", "every", "");
    w->choice = (struct resident_choice *)(uintptr_t)choice;
    return 0;
}

int cogov_run_checkpoint(cogov_run *r, const char *path, char *err,
                         size_t errlen)
{
    char e[CONFIG_ERR_MAX] = "";
    if (!r->s)
        return fail(err, errlen, "%s%s", r->days_done
                    ? "the run has done all its days: continue it with "
                      "cogov run --restart of an earlier checkpoint"
                    : "no day simulated yet: nothing to checkpoint", "");
    int c = sim_checkpoint(r->s, path, e, sizeof e);
    if (c > 0)
        snprintf(e, sizeof e, "%s: checkpoint abandoned", path);
    return c ? fail(err, errlen, "%s%s", e, "") : 0;
}

int cogov_run_timing(const cogov_run *r, const char *const **names,
                     const double **seconds)
{
    *names = sim_part_names;
    *seconds = r->timing.t;
    return N_SIM_PARTS;
}

int64_t cogov_run_pool_slots(const cogov_run *r) { return r->pool_slots; }

void cogov_run_free(cogov_run *r)
{
    char e[256] = "";
    if (!r)
        return;
    sim_close(r->s, RUN_ERROR, e, sizeof e);
    changes_free(&r->ch);
    free(r->config_text);
    free(r->out_path);
    free(r);
}
