/* `cogov sweep status` and `cogov sweep collect` (docs/CLUSTER.md):
 * counts of the task states, and the index filled with every done run's
 * final-window means (sim/post/summary.c, so a "final value" means the same as
 * in `cogov report`), its status and its error, in one file for `cogov
 * plot --sweep` and users' scripts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/msg.h"
#include "io/csv.h"
#include "io/h5in.h"
#include "io/h5params.h"
#include "post/summary.h"
#include "study/sweep.h"

int sweep_count(const char *dir, int64_t n_runs,
                int64_t counts[N_TASK_STATES], unsigned char **states,
                char *err, size_t errlen)
{
    unsigned char *s = malloc((size_t)n_runs + 1);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (sweep_task_states(dir, n_runs, s, err, errlen)) {
        free(s);
        return -1;
    }
    memset(counts, 0, N_TASK_STATES * sizeof *counts);
    for (int64_t k = 0; k < n_runs; k++)
        counts[s[k]]++;
    if (states)
        *states = s;
    else
        free(s);
    return 0;
}

void sweep_final_free(struct sweep_final *fin, int64_t n_runs)
{
    for (int64_t k = 0; fin->error && k < n_runs; k++)
        free(fin->error[k]);
    for (int m = 0; m < fin->n_metrics; m++) {
        free(fin->metric[m]);
        free(fin->units[m]);
        free(fin->description[m]);
    }
    free(fin->error);
    free(fin->status);
    free(fin->metric);
    free(fin->units);
    free(fin->description);
    free(fin->value);
}

/* Column of metric name, added (NaN-filled, units and description taken
 * from run file f) when new; -1 on out of memory. */
static int metric_column(struct sweep_final *fin, int64_t n_runs,
                         const char *name, struct h5in *f)
{
    for (int m = 0; m < fin->n_metrics; m++)
        if (!strcmp(fin->metric[m], name))
            return m;
    int m = fin->n_metrics;
    char **nm = realloc(fin->metric, ((size_t)m + 1) * sizeof *nm);
    if (nm)
        fin->metric = nm;
    char **nu = realloc(fin->units, ((size_t)m + 1) * sizeof *nu);
    if (nu)
        fin->units = nu;
    char **nd = realloc(fin->description, ((size_t)m + 1) * sizeof *nd);
    if (nd)
        fin->description = nd;
    double *nv = realloc(fin->value,
                         ((size_t)m + 1) * (size_t)n_runs * sizeof *nv);
    if (nv)
        fin->value = nv;
    if (!nm || !nu || !nd || !nv)
        return -1;
    char buf[1024];
    fin->metric[m] = strdup(name);
    fin->units[m] = h5in_series_attr(f, "timeseries", name, "units", buf,
                                     sizeof buf) == 0 ? strdup(buf) : NULL;
    fin->description[m] =
        h5in_series_attr(f, "timeseries", name, "description", buf,
                         sizeof buf) == 0 ? strdup(buf) : NULL;
    if (!fin->metric[m])
        return -1;
    for (int64_t k = 0; k < n_runs; k++)
        fin->value[(size_t)m * (size_t)n_runs + (size_t)k] = NAN;
    fin->n_metrics++;
    return m;
}

struct plan_check {
    const struct sweep_plan *pl;
    int64_t k;               /* the run */
    char *msg;
    size_t n;
};

/* The planned value of `key` for run c->k as the file stores it; 1 when
 * the key is not planned (not swept, not the seed). */
static int planned(const struct plan_check *c, const struct h5param *v,
                   double *x, char *word, size_t n)
{
    if (!strcmp(v->key, "seed")) {
        *x = (double)c->pl->run_seed[c->k];
        return 0;
    }
    for (int j = 0; j < c->pl->n_params; j++) {
        if (strcmp(v->key, c->pl->keys[j]))
            continue;
        *x = c->pl->value[c->k * c->pl->n_params + j];
        const struct param_def *r = c->pl->rows[j];
        if (r->type == PARAM_ENUM) {   /* the file has the choice's name */
            const char *w = r->choices;
            for (int i = (int)*x; i > 0 && w; i--)
                w = (w = strchr(w, '|')) ? w + 1 : NULL;
            snprintf(word, n, "%.*s", w ? (int)strcspn(w, "|") : 0,
                     w ? w : "");
        }
        return 0;
    }
    return 1;
}

/* A swept key or the seed in the run's /parameters that differs from the
 * plan: the file is not this sweep's run (2, message in c->msg). */
static int against_plan(const struct h5param *v, void *ctx)
{
    struct plan_check *c = ctx;
    double x;
    char word[PARAM_STRING_MAX] = "";
    if (planned(c, v, &x, word, sizeof word))
        return 0;
    int same = v->kind == HPAR_STRING ? !strcmp(v->s, word)
               : v->kind == HPAR_FLOAT ? v->f == x
                                       : (double)v->i == x;
    if (same)
        return 0;
    if (v->kind == HPAR_STRING)
        snprintf(c->msg, c->n, "/parameters %s is '%s' where the sweep "
                 "plans '%s' (a run of another sweep?)", v->key, v->s, word);
    else
        snprintf(c->msg, c->n, "/parameters %s is %.17g where the sweep "
                 "plans %.17g (a run of another sweep?)", v->key,
                 v->kind == HPAR_FLOAT ? v->f : (double)v->i, x);
    return 2;
}

/* 0 when run k's file f was run with the plan's values (read from its
 * typed /parameters); else -1 with msg. */
static int check_plan(struct h5in *f, const struct sweep_plan *pl,
                      int64_t k, char *msg, size_t n)
{
    struct plan_check c = {pl, k, msg, n};
    int rc = h5params_each(h5in_hid(f), against_plan, &c, msg, n);
    return rc == 0 || rc == 1 ? 0 : -1;   /* 1: written before /parameters */
}

int sweep_final_load(const char *dir, int window, struct sweep_plan *pl,
                     struct sweep_final *fin, int64_t counts[N_TASK_STATES],
                     char *err, size_t errlen)
{
    unsigned char *states = NULL;
    memset(fin, 0, sizeof *fin);
    if (sweep_index_read(dir, pl, err, errlen))
        return -1;
    if (sweep_count(dir, pl->n_runs, counts, &states, err, errlen))
        goto fail;
    fin->window = window > 0 ? window : SUMMARY_WINDOW_DAYS;
    fin->status = calloc((size_t)pl->n_runs + 1, sizeof *fin->status);
    fin->error = calloc((size_t)pl->n_runs + 1, sizeof *fin->error);
    if (!fin->status || !fin->error)
        goto oom;
    for (int64_t k = 0; k < pl->n_runs; k++) {
        char path[4200], msg[CONFIG_ERR_MAX];
        msg[0] = 0;
        if (states[k] == TASK_DONE) {
            struct h5in *f;
            struct summary s;
            sweep_task_path(dir, k, ".h5", path, sizeof path);
            if (h5in_open(&f, path, H5IN_REQUIRE_COMPLETE, msg, sizeof msg)) {
                states[k] = TASK_FAILED;
            } else {
                if (check_plan(f, pl, k, msg, sizeof msg) ||
                    summary_read(f, (int)fin->window, &s, msg, sizeof msg)) {
                    states[k] = TASK_FAILED;
                } else {
                    for (int i = 0; i < s.n; i++) {
                        int m = metric_column(fin, pl->n_runs, s.names[i], f);
                        if (m < 0) {
                            summary_free(&s);
                            h5in_close(f);
                            goto oom;
                        }
                        fin->value[(size_t)m * (size_t)pl->n_runs +
                                   (size_t)k] = s.mean[i];
                    }
                    summary_free(&s);
                }
                h5in_close(f);
            }
            if (states[k] == TASK_FAILED) {
                counts[TASK_DONE]--;
                counts[TASK_FAILED]++;
            }
        } else if (states[k] == TASK_FAILED) {
            sweep_task_path(dir, k, ".failed", path, sizeof path);
            sweep_read_line(path, msg, sizeof msg);
        }
        fin->status[k] = (char *)sweep_state_names[states[k]];
        fin->error[k] = strdup(msg);
        if (!fin->error[k])
            goto oom;
    }
    free(states);
    return 0;
oom:
    snprintf(err, errlen, "out of memory collecting %s", dir);
fail:
    sweep_final_free(fin, pl->n_runs);
    free(states);
    sweep_plan_free(pl);
    return -1;
}

int sweep_collect(const char *dir, int window, int64_t counts[N_TASK_STATES],
                  char *err, size_t errlen)
{
    struct sweep_plan pl;
    struct sweep_final fin;
    if (sweep_final_load(dir, window, &pl, &fin, counts, err, errlen))
        return -1;
    int rc = sweep_index_write(dir, &pl, &fin, err, errlen);
    sweep_final_free(&fin, pl.n_runs);
    sweep_plan_free(&pl);
    return rc;
}

/* The shortest of %.15g..%.17g that reads back as v. */
static void number_text(double v, char *buf, size_t n)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* A varied value as text: a choice's name, true/false, or the number. */
static void value_text(const struct param_def *r, double v, char *buf,
                       size_t n)
{
    if (r->type == PARAM_BOOL) {
        snprintf(buf, n, "%s", v != 0 ? "true" : "false");
        return;
    }
    if (r->type == PARAM_ENUM) {
        const char *c = r->choices;
        for (int i = 0; c && i < (int)v; i++)
            if ((c = strchr(c, '|')))
                c++;
        if (c) {
            size_t len = strcspn(c, "|");
            snprintf(buf, n, "%.*s", (int)len, c);
            return;
        }
    }
    number_text(v, buf, n);
}

int sweep_write_csv(FILE *f, const struct sweep_plan *pl,
                    const struct sweep_final *fin)
{
    char buf[256];
    fputs("run,point,replicate,seed,status", f);
    for (int j = 0; j < pl->n_params; j++) {
        fputc(',', f);
        csv_field(f, pl->keys[j]);
    }
    for (int m = 0; m < fin->n_metrics; m++) {
        fputc(',', f);
        csv_field(f, fin->metric[m]);
    }
    fputc('\n', f);
    for (int64_t k = 0; k < pl->n_runs; k++) {
        fprintf(f, "%lld,%lld,%lld,%lld,%s", (long long)k,
                (long long)pl->point[k], (long long)pl->replicate[k],
                (long long)pl->run_seed[k], fin->status[k]);
        for (int j = 0; j < pl->n_params; j++) {
            value_text(pl->rows[j], pl->value[k * pl->n_params + j], buf,
                       sizeof buf);
            fputc(',', f);
            csv_field(f, buf);
        }
        for (int m = 0; m < fin->n_metrics; m++) {
            double v = fin->value[(size_t)m * (size_t)pl->n_runs + (size_t)k];
            if (isnan(v))
                fputc(',', f);    /* empty: not done (pandas reads NaN) */
            else {
                number_text(v, buf, sizeof buf);
                fprintf(f, ",%s", buf);
            }
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

FILE *sweep_out_open(struct afile *a, const char *path, int force)
{
    char err[4400];
    FILE *f = afile_fopen(a, path, force, err, sizeof err);
    if (!f)
        msg_error("%s", err);
    return f;
}

int sweep_out_close(struct afile *a, FILE *f)
{
    char err[4400];
    if (afile_fclose(a, f, 0, err, sizeof err)) {
        msg_error("%s", err);
        return 1;
    }
    return 0;
}

void sweep_out_abort(struct afile *a, FILE *f)
{
    afile_fclose(a, f, 1, NULL, 0);
}
