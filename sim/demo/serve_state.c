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

void serve_value(struct demo_text *out, const cogov_params *p,
                 const char *key)
{
    double x;
    int64_t i;
    int b;
    switch (cogov_param_type(p, key)) {
    case COGOV_DOUBLE:
        cogov_param_get_double(p, key, &x, NULL, 0);
        demo_text_printf(out, "%.17g", x);
        break;
    case COGOV_INT:
        cogov_param_get_int(p, key, &i, NULL, 0);
        demo_text_printf(out, "%lld", (long long)i);
        break;
    case COGOV_BOOL:
        cogov_param_get_bool(p, key, &b, NULL, 0);
        demo_text_puts(out, b ? "true" : "false");
        break;
    default:
        demo_text_puts(out, "null");
    }
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
            cogov_run_metric(R->r.run, "time_in_system_mean", &R->tis[f],
                             NULL, 0);
            any = 1;
        } else if (R->r.err[0]) {
            snprintf(err, errlen, "%s", R->r.err);
            s->playing = 0;
            return -1;
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
        cogov_params *p = cogov_params_copy(R->r.p);
        if (!p) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        cogov_params_free(R->pending);
        R->pending = p;
        if (demo_run_restart(&R->r, err, errlen))
            return -1;   /* out of memory: the command stops */
        serve_class_attach(s, i);
    }
    s->playing = 0;
    s->version++;
    return 0;
}

int serve_set(struct serve *s, int run, const char *key, const char *value,
              char *err, size_t errlen)
{
    char assign[300];
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
        cogov_params *p = cogov_params_copy(R->r.p);
        if (!p) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (cogov_params_set(p, assign, err, errlen)) {
            cogov_params_free(p);
            return -1;
        }
        cogov_params_free(R->r.p);
        R->r.p = p;
        if (cogov_params_set(R->pending, assign, err, errlen) ||
            demo_run_restart(&R->r, err, errlen))
            return -1;
        serve_class_attach(s, run);
    } else {
        if (R->r.done >= R->r.n_frames) {
            snprintf(err, errlen, "the run is over; reset to start again");
            return -1;
        }
        /* from the next day: a frame's days are whole, so that is the
         * first day of the next frame */
        if (cogov_run_change(R->r.run, assign, err, errlen))
            return -1;
        cogov_params_set(R->pending, assign, NULL, 0);   /* as checked */
    }
    s->version++;
    return 0;
}

char *serve_scenario(const struct serve *s, int run)
{
    const struct serve_run *R = &s->run[run];
    char *a = cogov_params_text(R->r.p);
    char *b = cogov_run_changes_text(R->r.run);
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
