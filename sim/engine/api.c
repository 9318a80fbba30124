/* The public interface of include/cogov/sim.h over the engine: parameter
 * sets are struct params read and written through the parameter table
 * (base/params.c), a run is an engine session (sim.c: sim_open, sim_next,
 * sim_close) plus a copy of the last day's metrics. */
#include "cogov/sim.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/sim.h"
#include "io/schema.h"
#include "model/world.h"

struct cogov_params {
    struct params p;
};

struct cogov_run {
    struct params p;
    struct sim_session *s;   /* NULL once every day is done */
    char *config_text;
    char *out_path;
    char scenario[PARAM_STRING_MAX];
    int days_done;
    int64_t pool_slots;                           /* the last day's */
    double v[N_METRICS], by_channel[N_CHANNELS];  /* the last day's */
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
    r->p = p->p;
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
                         .timing = &r->timing};
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
    if (!r->s)
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
    r->days_done = sim_day(r->s);
    r->pool_slots = sim_world(r->s)->n_slots;
    if (r->days_done >= r->p.time.days) {
        /* the last day: complete the output now */
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
    static const char ch[] = "resolved_by_channel/";
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
    return fail(err, errlen, "unknown metric '%s'%s (cogov info --metrics "
                "lists them; a channel is resolved_by_channel/NAME)", name,
                "");
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
    free(r->config_text);
    free(r->out_path);
    free(r);
}
