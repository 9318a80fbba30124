/* The state of `cogov serve` (serve.h): the page's controls, and what a
 * request may do to the runs (step, reset, a what-if, the scenario of a
 * run), each checked before anything changes. Called under the state's
 * mutex. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/serve.h"

const struct serve_control serve_controls[] = {
    {"mechanisms.triage.enabled", 0, 1, 1, {"three-matter triage", "三事分流"}},
    {"mechanisms.linkage.enabled", 0, 1, 1, {"four-party linkage", "四社联动"}},
    {"mechanisms.purchase.enabled", 0, 1, 1,
     {"service purchase", "政府购买服务"}},
    {"mechanisms.venture.enabled", 0, 1, 1, {"venture fund", "公益创投"}},
    {"mechanisms.microprojects.enabled", 0, 1, 1,
     {"micro-projects", "微实事"}},
    {"mechanisms.grid.enabled", 0, 1, 1, {"grid management", "网格化管理"}},
    {"mechanisms.mediation.enabled", 0, 1, 1, {"mediation", "人民调解"}},
    {"triage.accuracy", 0, 1, 0.05, {"triage accuracy", "分流准确率"}},
    {"community.staff_hours", 0, 40, 1,
     {"committee staff (h/day)", "居委会人手（小时/天）"}},
    {"government.admin_push", 0, 10, 0.5,
     {"admin work pushed down (h/day)", "下压的行政任务（小时/天）"}},
    {"government.staff_hours", 0, 100, 2,
     {"government staff (h/day)", "政府人手（小时/天）"}},
    {"linkage.platform_days", 0, 14, 1,
     {"linkage: days on the platform", "联动平台等待天数"}},
    {"purchase.budget_per_year", 0, 2000000, 50000,
     {"purchase budget (yuan/year)", "购买服务预算（元/年）"}},
    {"participation.gain", 0, 10, 0.5,
     {"participation gain", "参与增益"}},
    {"triage.efficacy_learning", 0, 0.5, 0.01,
     {"efficacy learning", "效能感学习率"}},
    {"participation.threshold_mean", 0, 1, 0.02,
     {"participation threshold (day 0 only)", "参与门槛（仅第0天）"}},
    {"population.efficacy_mean", 0, 1, 0.02,
     {"initial efficacy (day 0 only)", "初始效能感（仅第0天）"}},
};
const int serve_n_controls =
    (int)(sizeof serve_controls / sizeof serve_controls[0]);

static const struct serve_control *control(const char *key)
{
    for (int i = 0; i < serve_n_controls; i++)
        if (!strcmp(serve_controls[i].key, key))
            return &serve_controls[i];
    return NULL;
}

void serve_value(struct demo_text *out, const struct params *p,
                 const char *key)
{
    const struct param_def *d = config_find(params_table(), key);
    const char *at = (const char *)p + (d ? d->offset : 0);
    if (!d)
        demo_text_puts(out, "null");
    else if (d->type == PARAM_FLOAT)
        demo_text_printf(out, "%.17g", *(const double *)(const void *)at);
    else if (d->type == PARAM_INT)
        demo_text_printf(out, "%lld",
                         (long long)*(const int64_t *)(const void *)at);
    else if (d->type == PARAM_BOOL)
        demo_text_puts(out, *(const int *)(const void *)at ? "true" : "false");
    else
        demo_text_puts(out, "null");
}

int serve_rate_ok(struct serve *s)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    s->tokens += (t - s->tokens_t) * 20;
    s->tokens_t = t;
    if (s->tokens > 40)
        s->tokens = 40;
    if (s->tokens < 1)
        return 0;
    s->tokens -= 1;
    return 1;
}

/* A frame of every run, in step (the runs share days). */
int serve_step(struct serve *s, char *err, size_t errlen)
{
    int any = 0;
    for (int i = 0; i < s->n_runs; i++) {
        struct serve_run *R = &s->run[i];
        int f = R->r.done;
        if (demo_run_next(&R->r)) {
            R->tis[f] = R->r.dm.v[MET_TIME_IN_SYSTEM_MEAN];
            any = 1;
        }
    }
    if (!any) {
        snprintf(err, errlen, "the run is over; reset to start again");
        s->playing = 0;
        return -1;
    }
    s->version++;
    return 0;
}

int serve_reset(struct serve *s, char *err, size_t errlen)
{
    for (int i = 0; i < s->n_runs; i++) {
        struct serve_run *R = &s->run[i];
        changes_free(&R->ch);
        R->r.p = R->init;
        R->pending = R->init;
        if (demo_run_restart(&R->r, err, errlen))
            return -1;   /* out of memory: the command stops */
        R->r.w->choice = i == 1 ? s->choice : NULL;
    }
    s->playing = 0;
    s->version++;
    return 0;
}

int serve_set(struct serve *s, int run, const char *key, const char *value,
              char *err, size_t errlen)
{
    char assign[300], why[CONFIG_ERR_MAX];
    if (run < 0 || run >= s->n_runs) {
        snprintf(err, errlen, "run=%d: expected 0..%d", run, s->n_runs - 1);
        return -1;
    }
    const struct serve_control *c = control(key);
    if (!c) {
        snprintf(err, errlen, "key '%s' is not one of the page's controls",
                 key);
        return -1;
    }
    if (strlen(value) > 40) {
        snprintf(err, errlen, "value of %s too long", key);
        return -1;
    }
    if (c->step != 1 || c->hi != 1) {   /* a slider: within its range */
        char *end;
        double x = strtod(value, &end);
        if (!*value || *end || !isfinite(x) || x < c->lo || x > c->hi) {
            snprintf(err, errlen, "%s=%s: expected a number from %g to %g",
                     key, value, c->lo, c->hi);
            return -1;
        }
    }
    snprintf(assign, sizeof assign, "%s=%s", key, value);
    struct serve_run *R = &s->run[run];
    if (R->r.done == 0) {
        /* before the first day: part of the run's own parameters */
        struct params p = R->init;
        if (config_set(params_table(), &p, assign, NULL, why, sizeof why) ||
            params_validate(&p, why, sizeof why)) {
            snprintf(err, errlen, "%s", why);
            return -1;
        }
        R->init = R->pending = R->r.p = p;
        if (demo_run_restart(&R->r, err, errlen))
            return -1;
        R->r.w->choice = run == 1 ? s->choice : NULL;
    } else {
        int day = R->r.done * R->r.frame_days;
        if (R->r.done >= R->r.n_frames) {
            snprintf(err, errlen, "the run is over; reset to start again");
            return -1;
        }
        if (changes_add(&R->ch, day, assign, &R->pending, why, sizeof why)) {
            snprintf(err, errlen, "%s", why);
            return -1;
        }
        config_set(params_table(), &R->pending, assign, NULL, why,
                   sizeof why);
    }
    s->version++;
    return 0;
}

char *serve_scenario(const struct serve *s, int run)
{
    const struct serve_run *R = &s->run[run];
    char *a = config_to_string(params_table(), &R->init, 1);
    char *b = changes_to_string(&R->ch);
    char *t = NULL;
    if (a && b) {
        size_t n = strlen(a) + strlen(b) + 200;
        if ((t = malloc(n)))
            snprintf(t, n, "# A what-if saved by cogov serve from %s: replay "
                     "it with cogov run FILE.\n%s%s", R->scenario, a, b);
    }
    free(a);
    free(b);
    return t;
}
