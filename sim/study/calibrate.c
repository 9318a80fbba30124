/* `cogov calibrate`: approximate Bayesian computation over sweeps
 * (docs/SENSITIVITY.md, "Calibration"). Round 0 is the sweep file given
 * (a Latin hypercube or Sobol' design over the prior ranges); each point's
 * final-window means (over replicates) are compared with a targets file,
 * the closest share is accepted (rejection ABC), and each later round
 * plans a new sweep of particles drawn from the last round's accepted
 * points and moved by a Gaussian kernel, weighted as in ABC population
 * Monte Carlo (Beaumont, Cornuet, Marin and Robert 2009; Toni et al.
 * 2009). Every round is an ordinary sweep directory DIR/round_R, run by
 * the same pool (or, with --no-run, by `sweep run` under MPI or Slurm);
 * everything is a function of the files and the seeds, so calibrate
 * resumes after a kill by being run again. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#include "base/msg.h"
#include "base/opts.h"
#include "base/stopsig.h"
#include "cogov/rng.h"
#include "io/schema.h"
#include "post/gnuplot.h"
#include "study/design.h"
#include "study/sweep.h"

struct target {
    char name[64], metric[64], per[64], source[512];
    int window;
    double observed, scale;    /* scale: the SE or the tolerance */
};

struct targets {
    struct target *t;
    int n;
};

static int tfail(char *err, size_t errlen, const char *path, int line,
                 const char *msg, const char *key)
{
    snprintf(err, errlen, "%s:%d: %s%s%s", path, line, msg, key ? " " : "",
             key ? key : "");
    return -1;
}

static int known_metric(const char *m)
{
    for (int i = 0; i < N_METRICS; i++)
        if (!strcmp(metric_defs[i].name, m))
            return 1;
    return 0;
}

/* targets = ( { name; metric; per; window; observed; sd | tolerance;
 * source; }, ... ); */
static int targets_load(const char *path, struct targets *ts, char *err,
                        size_t errlen)
{
    config_t cf;
    int rc = -1;
    memset(ts, 0, sizeof *ts);
    config_init(&cf);
    if (!config_read_file(&cf, path)) {
        if (config_error_type(&cf) == CONFIG_ERR_FILE_IO)
            snprintf(err, errlen, "%s: cannot read the targets file: %s",
                     path, strerror(errno));
        else
            tfail(err, errlen, path, config_error_line(&cf),
                  config_error_text(&cf), NULL);
        goto out;
    }
    const config_setting_t *l = config_lookup(&cf, "targets");
    if (!l || !config_setting_is_list(l) || config_setting_length(l) < 1) {
        snprintf(err, errlen, "%s: expected targets = ( { name = ...; metric "
                 "= ...; window = 90; observed = ...; sd = ...; source = "
                 "...; }, ... );", path);
        goto out;
    }
    ts->n = config_setting_length(l);
    ts->t = calloc((size_t)ts->n, sizeof *ts->t);
    if (!ts->t) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (int i = 0; i < ts->n; i++) {
        const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        struct target *t = &ts->t[i];
        int line = (int)config_setting_source_line(e);
        const char *s;
        double sd = NAN, tol = NAN;
        int w = 90;
        static const char *const keys[] = {"name", "metric", "per", "window",
            "observed", "sd", "tolerance", "source"};
        for (int m = 0; config_setting_is_group(e) &&
                        m < config_setting_length(e); m++) {
            const char *k = config_setting_name(
                config_setting_get_elem(e, (unsigned)m));
            int ok = 0;
            for (size_t q = 0; q < sizeof keys / sizeof *keys; q++)
                ok |= !strcmp(k, keys[q]);
            if (!ok)
                return tfail(err, errlen, path, line, "unknown key (name, "
                             "metric, per, window, observed, sd, tolerance, "
                             "source):", k), config_destroy(&cf), -1;
        }
        if (!config_setting_lookup_string(e, "metric", &s) ||
            !known_metric(s)) {
            tfail(err, errlen, path, line, "metric must name a metric of "
                  "the run files (cogov info --metrics)", NULL);
            goto out;
        }
        snprintf(t->metric, sizeof t->metric, "%s", s);
        snprintf(t->name, sizeof t->name, "%s",
                 config_setting_lookup_string(e, "name", &s) ? s : t->metric);
        if (config_setting_lookup_string(e, "per", &s)) {
            if (strcmp(s, "resident") && strcmp(s, "10k") && !known_metric(s)) {
                tfail(err, errlen, path, line, "per must be \"resident\", "
                      "\"10k\" or a metric, not", s);
                goto out;
            }
            snprintf(t->per, sizeof t->per, "%s", s);
        }
        if (config_setting_lookup_int(e, "window", &w) && (w < 1 || w > 36500)) {
            tfail(err, errlen, path, line, "window must be 1 to 36500 days",
                  NULL);
            goto out;
        }
        t->window = w;
        if (!config_setting_lookup_float(e, "observed", &t->observed)) {
            tfail(err, errlen, path, line, "observed = VALUE; (a number "
                  "with a decimal point) is missing", NULL);
            goto out;
        }
        config_setting_lookup_float(e, "sd", &sd);
        config_setting_lookup_float(e, "tolerance", &tol);
        if (isnan(sd) == isnan(tol) || !((isnan(sd) ? tol : sd) > 0)) {
            tfail(err, errlen, path, line, "give one of sd = SE; or "
                  "tolerance = T; (a positive number)", NULL);
            goto out;
        }
        t->scale = isnan(sd) ? tol : sd;
        if (!config_setting_lookup_string(e, "source", &s) || !*s) {
            tfail(err, errlen, path, line, "source = \"...\"; (where the "
                  "figure comes from) is missing", NULL);
            goto out;
        }
        snprintf(t->source, sizeof t->source, "%s", s);
    }
    rc = 0;
out:
    config_destroy(&cf);
    if (rc) {
        free(ts->t);
        ts->t = NULL;
    }
    return rc;
}

/* Distance of every point of a round's sweep from the targets: the root
 * mean square of (simulated - observed) / scale, the simulated value the
 * mean over the point's replicates. NaN when a run is not done. */
static int distances(const char *dir, const struct targets *ts, double *d,
                     char *err, size_t errlen)
{
    struct sweep_plan pl = {0};
    struct sweep_final fin = {0};
    int64_t c[N_TASK_STATES];
    int loaded = -1, rc = -1;
    double *sim = NULL;
    for (int i = 0; i < ts->n; i++) {
        const struct target *t = &ts->t[i];
        if (loaded != t->window) {
            if (loaded >= 0) {
                sweep_final_free(&fin, pl.n_runs);
                sweep_plan_free(&pl);
            }
            if (sweep_final_load(dir, t->window, &pl, &fin, c, err, errlen))
                return -1;
            loaded = t->window;
            if (!sim) {
                sim = calloc((size_t)pl.n_points, sizeof *sim);
                if (!sim)
                    goto out;
                for (int64_t p = 0; p < pl.n_points; p++)
                    d[p] = 0;
            }
        }
        int m = -1, q = -1;
        for (int j = 0; j < fin.n_metrics; j++) {
            if (!strcmp(fin.metric[j], t->metric))
                m = j;
            if (!strcmp(fin.metric[j], t->per))
                q = j;
        }
        if (m < 0) {
            snprintf(err, errlen, "%.900s: no run has the metric %s", dir,
                     t->metric);
            goto out;
        }
        for (int64_t p = 0; p < pl.n_points; p++)
            sim[p] = 0;
        for (int64_t k = 0; k < pl.n_runs; k++) {
            double v = fin.value[(size_t)m * (size_t)pl.n_runs + (size_t)k];
            struct params rp;
            char why[CONFIG_ERR_MAX];
            if (t->per[0] == 'r' || t->per[0] == '1') {
                if (sweep_run_params(&pl, k, &rp, why, sizeof why))
                    v = NAN;
                else
                    v *= (t->per[0] == '1' ? 1e4 : 1.0) /
                         (double)rp.population.residents;
            } else if (q >= 0) {
                v /= fin.value[(size_t)q * (size_t)pl.n_runs + (size_t)k];
            }
            sim[pl.point[k]] += v / (double)pl.n_replicates;
        }
        for (int64_t p = 0; p < pl.n_points; p++) {
            double z = (sim[p] - t->observed) / t->scale;
            d[p] += z * z / ts->n;
        }
    }
    for (int64_t p = 0; p < pl.n_points; p++)
        d[p] = sqrt(d[p]);
    rc = 0;
out:
    if (rc && !err[0])
        snprintf(err, errlen, "out of memory");
    free(sim);
    sweep_final_free(&fin, pl.n_runs);
    sweep_plan_free(&pl);
    return rc;
}

/* The accepted particles of a round: values [n x k], weights, distances. */
struct particles {
    int64_t n;
    double *x, *w, *d, eps;
};

static void particles_free(struct particles *p)
{
    free(p->x);
    free(p->w);
    free(p->d);
    memset(p, 0, sizeof *p);
}

static const double *sort_key;
static int by_key(const void *a, const void *b)
{
    double x = sort_key[*(const int64_t *)a], y = sort_key[*(const int64_t *)b];
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

/* Kernel density of the previous particles at x (sd per parameter). */
static double kernel_mix(const struct particles *prev, const double *x,
                         const double *sd, int k)
{
    double s = 0;
    for (int64_t j = 0; j < prev->n; j++) {
        double l = 0;
        for (int d = 0; d < k; d++) {
            double z = (x[d] - prev->x[j * k + d]) / sd[d];
            l += -0.5 * z * z;
        }
        s += prev->w[j] * exp(l);
    }
    return s;
}

/* Accept the closest share q of the round's points; weights from the
 * previous round's particles (NULL: round 0, equal weights). */
static int accept_round(const struct sweep_plan *pl, const double *d,
                        double q, const struct particles *prev,
                        const double *sd, struct particles *out)
{
    int k = pl->n_params;
    int64_t *idx = malloc((size_t)pl->n_points * sizeof *idx), n;
    if (!idx)
        return -1;
    for (int64_t i = 0; i < pl->n_points; i++)
        idx[i] = i;
    sort_key = d;
    qsort(idx, (size_t)pl->n_points, sizeof *idx, by_key);
    n = (int64_t)ceil(q * (double)pl->n_points);
    if (n < 2)
        n = pl->n_points < 2 ? pl->n_points : 2;
    while (n > 0 && isnan(d[idx[n - 1]]))
        n--;
    out->n = n;
    out->x = malloc((size_t)(n ? n : 1) * (size_t)k * sizeof *out->x);
    out->w = malloc((size_t)(n ? n : 1) * sizeof *out->w);
    out->d = malloc((size_t)(n ? n : 1) * sizeof *out->d);
    if (!out->x || !out->w || !out->d) {
        free(idx);
        return -1;
    }
    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        /* the point's values: the first replicate's run */
        const double *v = pl->value + idx[i] * pl->n_replicates * k;
        memcpy(out->x + i * k, v, (size_t)k * sizeof *v);
        out->d[i] = d[idx[i]];
        out->w[i] = prev ? 1.0 / kernel_mix(prev, v, sd, k) : 1.0;
        if (!isfinite(out->w[i]))
            out->w[i] = 0;
        sum += out->w[i];
    }
    for (int64_t i = 0; i < n; i++)
        out->w[i] = sum > 0 ? out->w[i] / sum : 1.0 / (double)n;
    out->eps = n ? out->d[n - 1] : NAN;
    free(idx);
    return 0;
}

/* Twice the weighted variance of each parameter (Beaumont et al. 2009). */
static void kernel_sd(const struct particles *p, int k, const double *lo,
                      const double *hi, double *sd)
{
    for (int d = 0; d < k; d++) {
        double m = 0, v = 0;
        for (int64_t i = 0; i < p->n; i++)
            m += p->w[i] * p->x[i * k + d];
        for (int64_t i = 0; i < p->n; i++)
            v += p->w[i] * (p->x[i * k + d] - m) * (p->x[i * k + d] - m);
        sd[d] = sqrt(2 * v);
        if (!(sd[d] > 1e-6 * (hi[d] - lo[d])))
            sd[d] = 1e-3 * (hi[d] - lo[d]);
    }
}

/* The plan of round r >= 1: n particles drawn from prev by weight and
 * moved by the kernel, inside the prior ranges. */
static int next_plan(const struct sweep_plan *prior, int r, int64_t n,
                     const struct particles *prev, const double *sd,
                     struct sweep_plan *pl)
{
    int k = prior->n_params;
    memset(pl, 0, sizeof *pl);
    *pl = *prior;    /* scalars and the base; arrays below are new */
    snprintf(pl->name, sizeof pl->name, "%.100s-round%d", prior->name, r);
    pl->design = SWEEP_POINTS;
    pl->design_n = n;
    pl->n_points = n;
    pl->n_runs = n * prior->n_replicates;
    pl->unit = pl->lo = pl->hi = NULL;
    pl->keys = calloc((size_t)k, sizeof *pl->keys);
    pl->rows = calloc((size_t)k, sizeof *pl->rows);
    pl->value = malloc((size_t)pl->n_runs * (size_t)k * sizeof *pl->value);
    pl->point = malloc((size_t)pl->n_runs * sizeof *pl->point);
    pl->replicate = malloc((size_t)pl->n_runs * sizeof *pl->replicate);
    pl->run_seed = malloc((size_t)pl->n_runs * sizeof *pl->run_seed);
    pl->base_scenario = strdup(prior->base_scenario);
    pl->base_config = strdup(prior->base_config);
    size_t tl = strlen(prior->sweep_config) + 200;
    pl->sweep_config = malloc(tl);
    if (!pl->keys || !pl->rows || !pl->value || !pl->point ||
        !pl->replicate || !pl->run_seed || !pl->base_scenario ||
        !pl->base_config || !pl->sweep_config)
        return -1;
    snprintf(pl->sweep_config, tl, "# cogov calibrate, round %d: points "
             "drawn from the particles of round %d; the prior:\n%s", r,
             r - 1, prior->sweep_config);
    for (int d = 0; d < k; d++) {
        pl->rows[d] = prior->rows[d];
        if (!(pl->keys[d] = strdup(prior->keys[d])))
            return -1;
    }
    double cum = 0, *x = malloc((size_t)(k ? k : 1) * sizeof *x);
    if (!x)
        return -1;
    for (int64_t i = 0; i < n; i++) {
        struct rng_stream s;
        rng_stream_init(&s, (uint64_t)prior->seed, DESIGN_PURPOSE_ABC,
                        (uint32_t)r, (uint64_t)i);
        double u = rng_uniform(&s);
        int64_t j = 0;
        for (cum = prev->w[0]; cum < u && j + 1 < prev->n;)
            cum += prev->w[++j];
        for (int d = 0; d < k; d++) {
            double lo = prior->lo[d], hi = prior->hi[d], v;
            int tries = 0;
            do {
                v = prev->x[j * k + d] + sd[d] * rng_normal(&s);
            } while ((v < lo || v > hi) && ++tries < 1000);
            v = v < lo ? lo : v > hi ? hi : v;
            if (prior->rows[d]->type == PARAM_INT)
                v = floor(v + 0.5);
            x[d] = v;
        }
        for (int64_t rep = 0; rep < prior->n_replicates; rep++) {
            int64_t run = i * prior->n_replicates + rep;
            pl->point[run] = i;
            pl->replicate[run] = rep;
            pl->run_seed[run] = sweep_seed_of(prior->seed, prior->seed_rule,
                                              rep);
            memcpy(pl->value + run * k, x, (size_t)k * sizeof *x);
        }
    }
    free(x);
    return 0;
}

struct cal_opts {
    const char *targets, *out;
    int rounds, jobs, threads, no_run, quiet, force;
    double accept;
    long long particles;
    enum lang lang;
};

static int write_outputs(const struct cal_opts *o, const struct sweep_plan *pr,
                         const struct targets *ts, const struct particles *p,
                         const double *eps, const int64_t *sizes, int rounds)
{
    char path[4200], mpath[4200];
    struct afile af;
    int k = pr->n_params;
    snprintf(path, sizeof path, "%s/posterior.csv", o->out);
    FILE *f = sweep_out_open(&af, path, 1);
    if (!f)
        return 1;
    for (int d = 0; d < k; d++)
        fprintf(f, "%s,", pr->keys[d]);
    fputs("weight,distance\n", f);
    for (int64_t i = 0; i < p->n; i++) {
        for (int d = 0; d < k; d++)
            fprintf(f, "%.15g,", p->x[i * k + d]);
        fprintf(f, "%.9g,%.9g\n", p->w[i], p->d[i]);
    }
    if (sweep_out_close(&af, f))
        return 1;
    snprintf(mpath, sizeof mpath, "%s/summary.md", o->out);
    if (!(f = sweep_out_open(&af, mpath, 1)))
        return 1;
    fprintf(f, "# Calibration of %s\n\nABC: rejection on the prior design, "
            "then %d sequential round%s (population Monte Carlo); each round "
            "keeps the closest %.0f%% of its points.\n\n| round | points | "
            "accepted | tolerance (distance) |\n|---:|---:|---:|---:|\n",
            pr->name, rounds - 1, rounds == 2 ? "" : "s", 100 * o->accept);
    for (int r = 0; r < rounds; r++)
        fprintf(f, "| %d | %lld | %lld | %.4g |\n", r, (long long)sizes[2 * r],
                (long long)sizes[2 * r + 1], eps[r]);
    fputs("\n## Posterior\n\n| parameter | prior | mean | sd | 2.5% | "
          "median | 97.5% |\n|---|---|---:|---:|---:|---:|---:|\n", f);
    int64_t *idx = malloc((size_t)(p->n ? p->n : 1) * sizeof *idx);
    double *col = malloc((size_t)(p->n ? p->n : 1) * sizeof *col);
    for (int d = 0; idx && col && d < k; d++) {
        double m = 0, v = 0, q[3] = {0.025, 0.5, 0.975}, qv[3] = {0};
        for (int64_t i = 0; i < p->n; i++) {
            col[i] = p->x[i * k + d];
            idx[i] = i;
            m += p->w[i] * col[i];
        }
        for (int64_t i = 0; i < p->n; i++)
            v += p->w[i] * (col[i] - m) * (col[i] - m);
        sort_key = col;
        qsort(idx, (size_t)p->n, sizeof *idx, by_key);
        for (int c = 0; c < 3; c++) {
            double cum = 0;
            for (int64_t i = 0; i < p->n; i++) {
                cum += p->w[idx[i]];
                qv[c] = col[idx[i]];
                if (cum >= q[c])
                    break;
            }
        }
        fprintf(f, "| `%s` | [%g, %g] | %.4g | %.3g | %.4g | %.4g | %.4g |\n",
                pr->keys[d], pr->lo[d], pr->hi[d], m, sqrt(v), qv[0], qv[1],
                qv[2]);
    }
    free(idx);
    free(col);
    fputs("\n## Targets\n\n| target | metric | window | observed | scale | "
          "source |\n|---|---|---:|---:|---:|---|\n", f);
    for (int i = 0; i < ts->n; i++)
        fprintf(f, "| %s | `%s`%s%s | %d | %g | %g | %s |\n", ts->t[i].name,
                ts->t[i].metric, ts->t[i].per[0] ? " per " : "",
                ts->t[i].per, ts->t[i].window, ts->t[i].observed,
                ts->t[i].scale, ts->t[i].source);
    if (sweep_out_close(&af, f))
        return 1;

    /* the pairs figure: histograms on the diagonal, scatter below it */
    char err[CONFIG_ERR_MAX], out[4200];
    struct gp_job j;
    snprintf(out, sizeof out, "%s/pairs.png", o->out);
    if (gp_begin(&j, out, 1, NULL, o->lang, NULL, 260 * (k > 1 ? k : 2),
                 260 * (k > 1 ? k : 2), err, sizeof err))
        return msg_error("%s", err);
    FILE *dd = gp_data(&j, "posterior.dat", err, sizeof err);
    if (!dd) {
        gp_abort(&j);
        return msg_error("%s", err);
    }
    for (int64_t i = 0; i < p->n; i++) {
        for (int d = 0; d < k; d++)
            fprintf(dd, "%.9g ", p->x[i * k + d]);
        fprintf(dd, "%.9g\n", p->w[i]);
    }
    fclose(dd);
    FILE *g = j.script;
    fputs("\n# ---- set by cogov calibrate ----\n", g);
    fprintf(g, "k = %d\n", k);
    gp_set_array(g, "names", (const char *const *)pr->keys, k);
    gp_set_numbers(g, "lo", pr->lo, k);
    gp_set_numbers(g, "hi", pr->hi, k);
    gp_set_string(g, "data_file", "posterior.dat");
    gp_set_string(g, "fig_title", o->lang == LANG_ZH ? "后验分布" :
                  "posterior (ABC)");
    if (gp_append(&j, "style", err, sizeof err) ||
        gp_append(&j, "calibrate_pairs", err, sizeof err)) {
        gp_abort(&j);
        return msg_error("%s", err);
    }
    if (gp_finish(&j, err, sizeof err))
        return msg_error("%s", err);
    return 0;
}

static struct cal_opts co = {.rounds = 3, .jobs = 1, .accept = 0.2};

static int set_lang(void *ctx, const struct opt *row, const char *v)
{
    (void)ctx;
    (void)row;
    int l = label_lang(v);
    if (l < 0)
        return msg_error("calibrate: --lang %s: en or zh", v);
    co.lang = (enum lang)l;
    return 0;
}

static const struct opt cal_opts[] = {
    {"targets", 't', OPT_STRING, "FILE", "the targets (scenarios/targets.cfg"
     " shows the format)", .target = &co.targets},
    {"output", 'o', OPT_STRING, "DIR", "where the rounds and the posterior "
     "go", .target = &co.out},
    {"rounds", 0, OPT_INT, "R", "rounds in all, the prior design first "
     "(default 3)", .target = &co.rounds, .lo = 1, .hi = 100},
    {"accept", 0, OPT_DOUBLE, "Q", "share of each round's points accepted "
     "(default 0.2)", .target = &co.accept, .dlo = 0.001, .dhi = 1},
    {"particles", 0, OPT_LLONG, "N", "points of each later round (default: "
     "as many as the prior design)", .target = &co.particles, .lo = 2,
     .hi = SWEEP_MAX_RUNS},
    {"jobs", 'j', OPT_INT, "N", "runs at a time on this machine",
     .target = &co.jobs, .lo = 1, .hi = 4096},
    {"threads", 0, OPT_INT, "T", "OpenMP threads per run",
     .target = &co.threads, .lo = 1, .hi = 4096},
    {"no-run", 0, OPT_FLAG, NULL, "plan the next round and stop: run it with"
     " cogov sweep run (mpirun, Slurm),\nthen call calibrate again",
     .target = &co.no_run},
    {"lang", 0, OPT_CALL, "en|zh", "language of the summary figure",
     .call = set_lang},
    {"quiet", 'q', OPT_FLAG, NULL, "only errors", .target = &co.quiet},
    {0}};

static const struct opt_cmd cal_cmd = {
    "calibrate",
    "usage: cogov calibrate PRIOR.cfg --targets TARGETS.cfg -o DIR "
    "[options]\n",
    "Fit the varied parameters of a sweep file (design = \"lhs\" or "
    "\"sobol\",\nranges from..to: the uniform prior) to observed figures by "
    "approximate\nBayesian computation: rejection on the prior design, then "
    "sequential\nrounds that move the accepted points (ABC population Monte "
    "Carlo).\nEach round is a sweep in DIR/round_R; run calibrate again to "
    "resume\nafter a kill. Writes DIR/posterior.csv, DIR/summary.md and\n"
    "DIR/pairs.png. See docs/SENSITIVITY.md.\n",
    cal_opts, NULL, NULL};

int cmd_calibrate(int argc, char **argv)
{
    int first = opts_parse(&cal_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (argc - first != 1 || !co.targets || !co.out)
        return msg_error("usage: cogov calibrate PRIOR.cfg --targets "
                         "TARGETS.cfg -o DIR (see cogov calibrate --help)");
    const char *prior_file = argv[first];
    char err[CONFIG_ERR_MAX], dir[4200];
    struct sweep_plan prior, pl;
    struct targets ts;
    struct particles prev = {0}, cur = {0};
    double *d = NULL, *sd = NULL, eps[100];
    int64_t sizes[200];
    int rc = 1;
    if (targets_load(co.targets, &ts, err, sizeof err))
        return msg_error("%s", err);
    if (sweep_plan_load(prior_file, &prior, err, sizeof err)) {
        free(ts.t);
        return msg_error("%s", err);
    }
    if (prior.design != SWEEP_LHS && prior.design != SWEEP_SOBOL) {
        msg_error("%s: calibrate samples the prior with design = \"lhs\" or "
                  "\"sobol\", not \"%s\"", prior_file,
                  sweep_design_names[prior.design]);
        goto out;
    }
    for (int j = 0; j < prior.n_params; j++)
        if (isnan(prior.lo[j])) {
            msg_error("%s: vary '%s': calibrate needs a range from = A; to = "
                      "B; (the prior), not a list", prior_file,
                      prior.keys[j]);
            goto out;
        }
    if (sweep_make_dirs(co.out)) {
        msg_error("cannot create %s: %s", co.out, strerror(errno));
        goto out;
    }
    sd = malloc((size_t)prior.n_params * sizeof *sd);
    if (!sd)
        goto oom;
    volatile sig_atomic_t *stop = stopsig_catch(0, NULL);
    for (int r = 0; r < co.rounds; r++) {
        int existed;
        snprintf(dir, sizeof dir, "%s/round_%d", co.out, r);
        if (r == 0) {
            pl = prior;    /* borrowed: freed with prior */
        } else {
            kernel_sd(&prev, prior.n_params, prior.lo, prior.hi, sd);
            if (next_plan(&prior, r, co.particles ? co.particles
                                                  : prior.n_points,
                          &prev, sd, &pl)) {
                sweep_plan_free(&pl);
                goto oom;
            }
        }
        if (sweep_plan_install(dir, &pl, &existed, err, sizeof err)) {
            msg_error("%s", err);
            if (r)
                sweep_plan_free(&pl);
            goto out;
        }
        int64_t n_points = pl.n_points;
        if (r)
            sweep_plan_free(&pl);
        if (co.no_run) {
            int64_t running, undone = sweep_undone(dir, prior.n_replicates *
                                                   n_points, 0, prior.n_replicates * n_points,
                                                   &running);
            if (undone) {
                printf("cogov calibrate: round %d is planned in %s; run it "
                       "(cogov sweep run %s, under mpirun, or cogov sweep "
                       "slurm %s), then run calibrate again\n", r, dir, dir,
                       dir);
                rc = SWEEP_INCOMPLETE;
                goto out;
            }
        } else {
            struct sweep_run_opts ro = {.task = -1, .chunk = 1,
                                        .jobs = co.jobs,
                                        .threads = co.threads,
                                        .quiet = 1, .stop = stop};
            int s = sweep_run(dir, &ro, err, sizeof err);
            if (s < 0) {
                msg_error("%s", err);
                goto out;
            }
            if (s) {
                rc = s;
                msg_error("calibrate: round %d in %s is not complete (%s); "
                          "run calibrate again to resume", r, dir,
                          s == 1 ? "a run failed: cogov sweep status" :
                          "stopped or held elsewhere");
                goto out;
            }
        }
        free(d);
        d = malloc((size_t)n_points * sizeof *d);
        if (!d)
            goto oom;
        err[0] = 0;
        if (distances(dir, &ts, d, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        struct sweep_plan rp;
        if (sweep_index_read(dir, &rp, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        particles_free(&cur);
        int bad = accept_round(&rp, d, co.accept, r ? &prev : NULL, sd,
                               &cur);
        sweep_plan_free(&rp);
        if (bad)
            goto oom;
        eps[r] = cur.eps;
        sizes[2 * r] = n_points;
        sizes[2 * r + 1] = cur.n;
        if (!co.quiet)
            printf("cogov calibrate: round %d: %lld points, %lld accepted, "
                   "distance <= %.4g\n", r, (long long)n_points,
                   (long long)cur.n, cur.eps);
        fflush(stdout);
        particles_free(&prev);
        prev = cur;
        memset(&cur, 0, sizeof cur);
    }
    rc = write_outputs(&co, &prior, &ts, &prev, eps, sizes, co.rounds);
    if (!rc && !co.quiet)
        printf("cogov calibrate: wrote %s/posterior.csv, %s/summary.md and "
               "%s/pairs.png\n", co.out, co.out, co.out);
    goto out;
oom:
    msg_error("out of memory");
out:
    particles_free(&prev);
    particles_free(&cur);
    free(d);
    free(sd);
    free(ts.t);
    sweep_plan_free(&prior);
    return rc;
}
