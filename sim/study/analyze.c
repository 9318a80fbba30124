/* `cogov sweep analyze`: global sensitivity of a sweep's outputs
 * (docs/SENSITIVITY.md). From a Morris or Sobol' sweep directory (the
 * final-window means of its runs, averaged over replicates, with the share
 * of output variance that is seed noise), or from a CSV table of inputs
 * and outputs in the same design order (--table, so the estimators can be
 * checked on functions with known indices), it writes a tidy CSV, a
 * markdown table and the figures: the mu*-sigma plane, S1/ST bars. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/opts.h"
#include "io/afile.h"
#include "post/gnuplot.h"
#include "study/design.h"
#include "study/sweep.h"

/* What is analysed: outputs at the points of a design. */
struct table {
    enum sweep_design design;
    int k;                  /* inputs */
    char **input;           /* [k] names */
    int64_t n_points, base_n;
    int second_order;
    double *unit;           /* [n_points * k] in [0,1] (Morris) */
    int n_out;
    char **output;          /* [n_out] names */
    double *y;              /* [n_out * n_points] replicate means */
    double *noise;          /* [n_out] seed-noise share, NaN: none */
    int64_t replicates;
};

static void table_free(struct table *t)
{
    for (int j = 0; t->input && j < t->k; j++)
        free(t->input[j]);
    for (int m = 0; t->output && m < t->n_out; m++)
        free(t->output[m]);
    free(t->input);
    free(t->output);
    free(t->unit);
    free(t->y);
    free(t->noise);
    memset(t, 0, sizeof *t);
}

/* Replicate means of v (n_runs values in run order, point-major) and the
 * share of the variance over runs that lies within points. */
static double point_means(const double *v, int64_t n_points, int64_t reps,
                          double *mean)
{
    double all = 0, within = 0, total = 0;
    int64_t n = n_points * reps;
    for (int64_t i = 0; i < n_points; i++) {
        double s = 0;
        for (int64_t r = 0; r < reps; r++)
            s += v[i * reps + r];
        mean[i] = s / (double)reps;
        all += s;
    }
    all /= (double)n;
    for (int64_t i = 0; i < n_points; i++)
        for (int64_t r = 0; r < reps; r++) {
            double d = v[i * reps + r] - mean[i], e = v[i * reps + r] - all;
            within += d * d;
            total += e * e;
        }
    if (reps < 2 || !(total > 0))
        return reps < 2 ? NAN : 0;
    /* pooled within-point variance over the variance of all runs */
    double share = (within / (double)(n - n_points)) / (total / (double)(n - 1));
    return share > 1 ? 1 : share;
}

static char *dup_or_die(const char *s, int *oom)
{
    char *d = strdup(s);
    *oom |= !d;
    return d;
}

/* The table of a sweep directory: every run must be done. */
static int table_from_dir(const char *dir, int window, char *const *want,
                          int n_want, struct table *t, char *err,
                          size_t errlen)
{
    struct sweep_plan pl;
    struct sweep_final fin;
    int64_t c[N_TASK_STATES];
    int rc = -1, oom = 0;
    if (sweep_final_load(dir, window, &pl, &fin, c, err, errlen))
        return -1;
    if (pl.design != SWEEP_MORRIS && pl.design != SWEEP_SOBOL) {
        snprintf(err, errlen, "%s: design = \"%s\"; analyze reads Morris "
                 "and Sobol' designs (cogov sweep collect --csv gives the "
                 "runs of any design as a table)", dir,
                 sweep_design_names[pl.design]);
        goto out;
    }
    if (c[TASK_DONE] != pl.n_runs) {
        snprintf(err, errlen, "%s: %lld of %lld runs are done (%lld failed, "
                 "%lld running, %lld pending); the estimators need every "
                 "run: finish it with cogov sweep run %s", dir,
                 (long long)c[TASK_DONE], (long long)pl.n_runs,
                 (long long)c[TASK_FAILED], (long long)c[TASK_RUNNING],
                 (long long)c[TASK_PENDING], dir);
        goto out;
    }
    t->design = pl.design;
    t->k = pl.n_params;
    t->n_points = pl.n_points;
    t->base_n = pl.design_n;
    t->second_order = pl.second_order;
    t->replicates = pl.n_replicates;
    t->unit = pl.unit;
    pl.unit = NULL;
    t->input = calloc((size_t)t->k, sizeof *t->input);
    t->output = calloc((size_t)fin.n_metrics + 1, sizeof *t->output);
    t->y = malloc(((size_t)fin.n_metrics + 1) * (size_t)t->n_points *
                  sizeof *t->y);
    t->noise = malloc(((size_t)fin.n_metrics + 1) * sizeof *t->noise);
    if (!t->input || !t->output || !t->y || !t->noise)
        goto oom;
    for (int j = 0; j < t->k; j++)
        t->input[j] = dup_or_die(pl.keys[j], &oom);
    for (int w = 0; w < n_want; w++) {
        int m = 0;
        while (m < fin.n_metrics && strcmp(fin.metric[m], want[w]))
            m++;
        if (m == fin.n_metrics) {
            snprintf(err, errlen, "--metric %s: not a metric of the runs "
                     "in %s (cogov sweep collect --csv lists them)", want[w],
                     dir);
            goto out;
        }
    }
    for (int m = 0; m < fin.n_metrics; m++) {
        int keep = n_want == 0;
        for (int w = 0; w < n_want; w++)
            keep |= !strcmp(fin.metric[m], want[w]);
        if (!keep)
            continue;
        t->output[t->n_out] = dup_or_die(fin.metric[m], &oom);
        t->noise[t->n_out] = point_means(
            fin.value + (size_t)m * (size_t)pl.n_runs, pl.n_points,
            pl.n_replicates, t->y + (size_t)t->n_out * (size_t)t->n_points);
        t->n_out++;
    }
    if (oom)
        goto oom;
    rc = 0;
    goto out;
oom:
    snprintf(err, errlen, "out of memory analysing %s", dir);
out:
    sweep_final_free(&fin, pl.n_runs);
    sweep_plan_free(&pl);
    if (rc)
        table_free(t);
    return rc;
}

/* Split a CSV line in place (no quoting: a table of numbers). */
static int split(char *line, char **field, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *p = line; n < max;) {
        field[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = 0;
    }
    return n;
}

/* A table read from CSV: inputs named by --inputs, every other column
 * except the bookkeeping of collect --csv an output; rows sharing a
 * `point` column are replicates of one point. */
static int table_from_csv(const char *path, enum sweep_design design,
                          const char *inputs, int second_order,
                          char *const *want, int n_want, struct table *t,
                          char *err, size_t errlen)
{
    enum { MAXCOL = 4096 };
    FILE *f = fopen(path, "r");
    char *line = NULL, *field[MAXCOL];
    size_t cap = 0;
    int rc = -1, ncol = 0, col_point = -1, col_in[SOBOL_MAX_DIM * 8],
        col_out[MAXCOL], lno = 1, oom = 0;
    double *raw = NULL;
    int64_t *pt = NULL, rows = 0, room = 0;
    if (!f) {
        snprintf(err, errlen, "--table %s: %s", path, strerror(errno));
        return -1;
    }
    t->design = design;
    t->second_order = second_order;
    if (getline(&line, &cap, f) <= 0) {
        snprintf(err, errlen, "%s: empty; expected a header of column names",
                 path);
        goto out;
    }
    ncol = split(line, field, MAXCOL);
    char *names = strdup(inputs), *save = NULL;
    for (char *in = names ? strtok_r(names, ",", &save) : NULL; in;
         in = strtok_r(NULL, ",", &save)) {
        int c = 0;
        while (c < ncol && strcmp(field[c], in))
            c++;
        if (c == ncol || t->k >= (int)(sizeof col_in / sizeof *col_in)) {
            snprintf(err, errlen, "%s:1: --inputs names '%s', which is not "
                     "a column", path, in);
            free(names);
            goto out;
        }
        char **ni = realloc(t->input, ((size_t)t->k + 1) * sizeof *ni);
        if (!ni) {
            free(names);
            goto oom;
        }
        t->input = ni;
        col_in[t->k] = c;
        t->input[t->k++] = dup_or_die(in, &oom);
    }
    free(names);
    if (t->k == 0) {
        snprintf(err, errlen, "--table needs --inputs A,B,... naming the "
                 "input columns");
        goto out;
    }
    t->output = calloc((size_t)ncol, sizeof *t->output);
    if (!t->output)
        goto oom;
    for (int c = 0; c < ncol; c++) {
        static const char *const book[] = {"run", "replicate", "seed",
                                           "status"};
        int skip = 0;
        if (!strcmp(field[c], "point")) {
            col_point = c;
            continue;
        }
        for (int j = 0; j < t->k; j++)
            skip |= col_in[j] == c;
        for (size_t b = 0; b < sizeof book / sizeof *book; b++)
            skip |= !strcmp(field[c], book[b]);
        int keep = n_want == 0;
        for (int w = 0; w < n_want; w++)
            keep |= !strcmp(field[c], want[w]);
        if (skip || !keep)
            continue;
        col_out[t->n_out] = c;
        t->output[t->n_out++] = dup_or_die(field[c], &oom);
    }
    if (oom)
        goto oom;
    if (t->n_out == 0) {
        snprintf(err, errlen, "%s: no output column%s", path,
                 n_want ? " of those --metric names" : "");
        goto out;
    }
    int width = t->k + t->n_out;
    while (getline(&line, &cap, f) > 0) {
        lno++;
        if (line[strspn(line, " \t\r\n")] == 0)
            continue;
        if (split(line, field, MAXCOL) != ncol) {
            snprintf(err, errlen, "%s:%d: not %d columns like the header",
                     path, lno, ncol);
            goto out;
        }
        if (rows == room) {
            room = room ? 2 * room : 256;
            double *nr = realloc(raw, (size_t)room * (size_t)width *
                                          sizeof *nr);
            int64_t *np = realloc(pt, (size_t)room * sizeof *np);
            if (nr)
                raw = nr;
            if (np)
                pt = np;
            if (!nr || !np)
                goto oom;
        }
        for (int j = 0; j < width; j++) {
            int c = j < t->k ? col_in[j] : col_out[j - t->k];
            char *end;
            errno = 0;
            double v = strtod(field[c], &end);
            if (!*field[c] || *end || errno) {
                snprintf(err, errlen, "%s:%d: column %s: '%s' is not a "
                         "number%s", path, lno,
                         j < t->k ? t->input[j] : t->output[j - t->k],
                         field[c], *field[c] ? "" : " (a run not done?)");
                goto out;
            }
            raw[rows * width + j] = v;
        }
        pt[rows] = col_point >= 0 ? strtoll(field[col_point], NULL, 10)
                                  : rows;
        rows++;
    }
    /* replicates: consecutive rows of one point, the same number each */
    int64_t reps = 1;
    while (reps < rows && pt[reps] == pt[0])
        reps++;
    if (rows == 0 || rows % reps) {
        snprintf(err, errlen, "%s: %lld rows%s", path, (long long)rows,
                 rows ? " do not split into points of equal replicates" : "");
        goto out;
    }
    for (int64_t r = 0; r < rows; r++)
        if (pt[r] != pt[r - r % reps]) {
            snprintf(err, errlen, "%s: row %lld: the rows of a point must "
                     "follow each other, %lld per point", path,
                     (long long)r + 2, (long long)reps);
            goto out;
        }
    t->replicates = reps;
    t->n_points = rows / reps;
    int64_t per = design == SWEEP_MORRIS ? t->k + 1
                                         : saltelli_block(t->k, second_order);
    if (t->n_points % per) {
        snprintf(err, errlen, "%s: %lld points is not a whole number of %s "
                 "of %lld points for %d inputs", path,
                 (long long)t->n_points,
                 design == SWEEP_MORRIS ? "trajectories" : "Saltelli blocks",
                 (long long)per, t->k);
        goto out;
    }
    t->base_n = t->n_points / per;
    t->unit = malloc((size_t)t->n_points * (size_t)t->k * sizeof *t->unit);
    t->y = malloc((size_t)t->n_out * (size_t)t->n_points * sizeof *t->y);
    t->noise = malloc((size_t)t->n_out * sizeof *t->noise);
    double *colv = malloc((size_t)rows * sizeof *colv);
    if (!t->unit || !t->y || !t->noise || !colv) {
        free(colv);
        goto oom;
    }
    /* inputs scaled to [0,1] by their range over the table */
    for (int j = 0; j < t->k; j++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int64_t r = 0; r < rows; r++) {
            lo = fmin(lo, raw[r * width + j]);
            hi = fmax(hi, raw[r * width + j]);
        }
        for (int64_t i = 0; i < t->n_points; i++)
            t->unit[i * t->k + j] =
                hi > lo ? (raw[i * reps * width + j] - lo) / (hi - lo) : 0;
    }
    for (int m = 0; m < t->n_out; m++) {
        for (int64_t r = 0; r < rows; r++)
            colv[r] = raw[r * width + t->k + m];
        t->noise[m] = point_means(colv, t->n_points, reps,
                                  t->y + (size_t)m * (size_t)t->n_points);
    }
    free(colv);
    rc = 0;
    goto out;
oom:
    snprintf(err, errlen, "out of memory reading %s", path);
out:
    fclose(f);
    free(line);
    free(raw);
    free(pt);
    if (rc)
        table_free(t);
    return rc;
}

struct analyze_opts {
    const char *outdir;
    int nboot;
    double conf;
    enum lang lang;
    int figures, force;
    uint64_t seed;
};

/* One output's indices, in the order parameters are reported. */
struct result {
    double *mu, *sigma;
    struct index_ci *a, *b;   /* Morris: mu*, -; Sobol: S1, ST */
    int *order;
};

static const struct table *sort_t;
static const struct result *sort_r;
static int by_importance(const void *x, const void *y)
{
    double a = sort_r->b ? sort_r->b[*(const int *)x].value
                         : sort_r->a[*(const int *)x].value;
    double b = sort_r->b ? sort_r->b[*(const int *)y].value
                         : sort_r->a[*(const int *)y].value;
    return (a < b) - (a > b);
}

static void csv_row(FILE *f, const char *metric, const char *method,
                    const char *param, const char *index,
                    const struct index_ci *c, double v)
{
    fprintf(f, "%s,%s,%s,%s,", metric, method, param, index);
    if (c)
        fprintf(f, "%.6g,%.6g,%.6g\n", c->value, c->lo, c->hi);
    else
        fprintf(f, "%.6g,,\n", v);
}

static const char *L(const struct analyze_opts *o, const char *en,
                     const char *zh)
{
    return o->lang == LANG_ZH ? zh : en;
}

/* The figure of one output. 0, or -1 with err. */
static int figure(const struct table *t, int m, const struct result *r,
                  const struct analyze_opts *o, char *err, size_t errlen)
{
    char out[4400], title[512], note[512];
    struct gp_job j;
    int morris = t->design == SWEEP_MORRIS;
    snprintf(out, sizeof out, "%s/%s_%s.png", o->outdir,
             morris ? "morris" : "sobol", t->output[m]);
    if (gp_begin(&j, out, 1, NULL, o->lang, NULL, 900, 650, err, errlen))
        return -1;
    FILE *d = gp_data(&j, "indices.dat", err, errlen);
    if (!d) {
        gp_abort(&j);
        return -1;
    }
    /* Morris: name the parameters that stand out (mu* over 5% of the
     * largest); the crowd at the origin stays unnamed */
    double top = 0;
    for (int i = 0; i < t->k; i++)
        top = fmax(top, r->a[i].value);
    for (int i = 0; i < t->k; i++) {
        int p = r->order[i];
        if (morris)
            fprintf(d, "%.9g %.9g %.9g %.9g ", r->a[p].value, r->sigma[p],
                    isnan(r->a[p].lo) ? r->a[p].value : r->a[p].lo,
                    isnan(r->a[p].hi) ? r->a[p].value : r->a[p].hi);
        gp_string(d, !morris || r->a[p].value >= 0.05 * top ? t->input[p]
                                                             : "");
        if (!morris)
            for (int s = 0; s < 2; s++) {
                const struct index_ci *c = s ? &r->b[p] : &r->a[p];
                fprintf(d, " %.9g %.9g %.9g", c->value,
                        isnan(c->lo) ? c->value : c->lo,
                        isnan(c->hi) ? c->value : c->hi);
            }
        fputc('\n', d);
    }
    fclose(d);
    const char *name = label_title(t->output[m], o->lang);
    snprintf(title, sizeof title, "%s: %s",
             morris ? L(o, "Morris screening", "Morris 筛选")
                    : L(o, "Sobol' indices", "Sobol' 指数"),
             name ? name : t->output[m]);
    if (isnan(t->noise[m]))
        snprintf(note, sizeof note, "%s", morris
                 ? L(o, "elementary effects on the unit range of each "
                        "parameter", "各参数按单位区间计算的基本效应")
                 : L(o, "bars: 95% bootstrap intervals", "误差线：95% 自助法区间"));
    else
        snprintf(note, sizeof note, "%s %.1f%%", L(o, "means of replicates; "
                 "seed noise is", "重复运行取均值；随机种子噪声占方差"),
                 100 * t->noise[m]);
    FILE *f = j.script;
    fputs("\n# ---- set by cogov sweep analyze ----\n", f);
    gp_set_string(f, "fig_title", title);
    gp_set_string(f, "fig_note", note);
    if (morris) {
        gp_set_string(f, "xlabel", L(o, "mu* (mean absolute elementary "
                                        "effect)", "mu*（基本效应绝对值均值）"));
        gp_set_string(f, "ylabel", L(o, "sigma (spread of the effects)",
                                     "sigma（基本效应标准差）"));
        gp_set_string(f, "points_file", "indices.dat");
    } else {
        gp_set_string(f, "ylabel", L(o, "share of output variance",
                                     "占输出方差的比例"));
        gp_set_string(f, "s1_title", L(o, "first order S1", "一阶 S1"));
        gp_set_string(f, "st_title", L(o, "total ST", "总效应 ST"));
        gp_set_string(f, "bars_file", "indices.dat");
    }
    if (gp_append(&j, "style", err, errlen) ||
        gp_append(&j, morris ? "sensitivity_morris" : "sensitivity_sobol",
                  err, errlen)) {
        gp_abort(&j);
        return -1;
    }
    return gp_finish(&j, err, errlen);
}

static int analyze(const struct table *t, const struct analyze_opts *o)
{
    char err[CONFIG_ERR_MAX], path[4400], mdpath[4400];
    struct afile csv_af, md_af;
    int morris = t->design == SWEEP_MORRIS, rc = 1, figs = 0;
    struct result r = {0};
    FILE *csv = NULL, *md = NULL;
    if (afile_folder(o->outdir, "--output", err, sizeof err) != 0)
        return msg_error("%s", err);
    snprintf(path, sizeof path, "%s/sensitivity.csv", o->outdir);
    snprintf(mdpath, sizeof mdpath, "%s/sensitivity.md", o->outdir);
    if (!(csv = sweep_out_open(&csv_af, path, o->force)))
        return 1;
    if (!(md = sweep_out_open(&md_af, mdpath, o->force))) {
        sweep_out_abort(&csv_af, csv);
        return 1;
    }
    r.mu = calloc((size_t)t->k, sizeof *r.mu);
    r.sigma = calloc((size_t)t->k, sizeof *r.sigma);
    r.a = calloc((size_t)t->k, sizeof *r.a);
    r.b = morris ? NULL : calloc((size_t)t->k, sizeof *r.b);
    r.order = calloc((size_t)t->k, sizeof *r.order);
    struct index_ci *s2 = !morris && t->second_order
                              ? calloc((size_t)t->k * (size_t)t->k,
                                       sizeof *s2) : NULL;
    if (!r.mu || !r.sigma || !r.a || (!morris && !r.b) || !r.order ||
        (!morris && t->second_order && !s2)) {
        msg_error("out of memory");
        goto out;
    }
    fputs("metric,method,parameter,index,value,low,high\n", csv);
    fprintf(md, "# %s\n\n%s %lld %s, %d %s, %lld %s; %s %d %s, %s %.0f%%.\n",
            morris ? L(o, "Morris screening", "Morris 筛选")
                   : L(o, "Sobol' indices", "Sobol' 敏感性指数"),
            L(o, "Design:", "设计："), (long long)t->base_n,
            morris ? L(o, "trajectories", "条轨迹")
                   : L(o, "base points", "个基点"),
            t->k, L(o, "parameters", "个参数"), (long long)t->replicates,
            L(o, "replicate(s) a point", "次重复/点"),
            L(o, "intervals from", "区间来自"), o->nboot,
            L(o, "bootstrap resamples", "次自助抽样"),
            L(o, "level", "置信水平"), 100 * o->conf);
    for (int m = 0; m < t->n_out; m++) {
        const double *y = t->y + (size_t)m * (size_t)t->n_points;
        const char *name = label_title(t->output[m], o->lang);
        int bad;
        if (morris)
            bad = morris_indices(t->unit, y, t->base_n, t->k, o->nboot,
                                 o->conf, o->seed, r.mu, r.a, r.sigma);
        else
            bad = sobol_indices(y, t->base_n, t->k, t->second_order,
                                o->nboot, o->conf, o->seed, r.a, r.b, s2);
        fprintf(md, "\n## %s (`%s`)\n\n", name ? name : t->output[m],
                t->output[m]);
        if (!isnan(t->noise[m])) {
            fprintf(md, "%s %.1f%%.\n\n",
                    L(o, "Seed noise (variance within points over the "
                         "variance of all runs):",
                      "随机种子噪声（点内方差占全部运行方差）："),
                    100 * t->noise[m]);
            csv_row(csv, t->output[m], "replicates", "", "seed_noise_share",
                    NULL, t->noise[m]);
        }
        if (bad) {
            fprintf(md, "%s\n", morris
                    ? L(o, "The design is not a set of Morris trajectories.",
                        "设计不是 Morris 轨迹。")
                    : L(o, "The output does not vary: no indices.",
                        "输出不变：无法计算指数。"));
            if (morris) {
                msg_error("%s: a step of a trajectory moves more or fewer "
                          "than one input; is the table in design order?",
                          t->output[m]);
                goto out;
            }
            continue;
        }
        for (int j = 0; j < t->k; j++)
            r.order[j] = j;
        sort_t = t;
        sort_r = &r;
        qsort(r.order, (size_t)t->k, sizeof *r.order, by_importance);
        if (morris)
            fprintf(md, "| %s | mu | mu* | %s | sigma |\n|---|---:|---:|---|"
                    "---:|\n", L(o, "parameter", "参数"),
                    L(o, "mu* interval", "mu* 区间"));
        else
            fprintf(md, "| %s | S1 | %s | ST | %s |\n|---|---:|---|---:|---|"
                    "\n", L(o, "parameter", "参数"), L(o, "S1 interval",
                    "S1 区间"), L(o, "ST interval", "ST 区间"));
        for (int i = 0; i < t->k; i++) {
            int p = r.order[i];
            const char *pn = t->input[p];
            if (morris) {
                fprintf(md, "| `%s` | %.4g | %.4g | [%.4g, %.4g] | %.4g |\n",
                        pn, r.mu[p], r.a[p].value, r.a[p].lo, r.a[p].hi,
                        r.sigma[p]);
                csv_row(csv, t->output[m], "morris", pn, "mu", NULL, r.mu[p]);
                csv_row(csv, t->output[m], "morris", pn, "mu_star", &r.a[p],
                        0);
                csv_row(csv, t->output[m], "morris", pn, "sigma", NULL,
                        r.sigma[p]);
            } else {
                fprintf(md, "| `%s` | %.3f | [%.3f, %.3f] | %.3f | [%.3f, "
                        "%.3f] |\n", pn, r.a[p].value, r.a[p].lo, r.a[p].hi,
                        r.b[p].value, r.b[p].lo, r.b[p].hi);
                csv_row(csv, t->output[m], "sobol", pn, "S1", &r.a[p], 0);
                csv_row(csv, t->output[m], "sobol", pn, "ST", &r.b[p], 0);
            }
        }
        for (int a = 0; s2 && a < t->k; a++)
            for (int b = a + 1; b < t->k; b++) {
                char pair[600];
                snprintf(pair, sizeof pair, "%s:%s", t->input[a],
                         t->input[b]);
                csv_row(csv, t->output[m], "sobol", pair, "S2",
                        &s2[a * t->k + b], 0);
            }
        if (o->figures) {
            if (figure(t, m, &r, o, err, sizeof err)) {
                msg_error("%s", err);
                goto out;
            }
            figs++;
        }
    }
    int e1 = sweep_out_close(&csv_af, csv);
    csv = NULL;
    int e2 = sweep_out_close(&md_af, md);
    md = NULL;
    if (e1 || e2)
        goto out;
    printf("cogov sweep analyze: %d output%s, %d parameters: %s, %s%s%s\n",
           t->n_out, t->n_out == 1 ? "" : "s", t->k, path, mdpath,
           figs ? " and figures in " : "", figs ? o->outdir : "");
    rc = 0;
out:
    if (csv)
        sweep_out_abort(&csv_af, csv);
    if (md)
        sweep_out_abort(&md_af, md);
    free(r.mu);
    free(r.sigma);
    free(r.a);
    free(r.b);
    free(r.order);
    free(s2);
    return rc;
}

static struct analyze_opts an_o;
static struct opt_list an_metrics;
static const char *an_table, *an_inputs, *an_design;
static int an_second, an_no_figures, an_window, an_lang;

static const struct opt analyze_opts[] = {
    {"metric", 0, OPT_LIST, "M", "analyse metric M (repeat; default: every "
     "metric)", .target = &an_metrics},
    {"window", 0, OPT_INT, "DAYS", "final window of the means (default 90)",
     .target = &an_window, .lo = 1, .hi = 36500},
    {"table", 0, OPT_STRING, "FILE", "analyse a CSV of inputs and outputs "
     "in design order\n(one row a point or a run; rows sharing a `point` "
     "column\nare replicates)", .target = &an_table},
    {"design", 0, OPT_STRING, "morris|sobol", "the design of the --table",
     .target = &an_design},
    {"inputs", 0, OPT_STRING, "A,B,...", "the input columns of the --table",
     .target = &an_inputs},
    {"second-order", 0, OPT_FLAG, NULL, "the --table's Sobol' design has "
     "the BA rows", .target = &an_second},
    {"bootstrap", 0, OPT_INT, "N", "resamples for the intervals (default "
     "1000)", .target = &an_o.nboot, .lo = 0, .hi = 100000},
    {"confidence", 0, OPT_DOUBLE, "C", "interval level (default 0.95)",
     .target = &an_o.conf, .dlo = 0.01, .dhi = 0.999},
    {"output", 'o', OPT_STRING, "DIR", "output folder (default "
     "SWEEPDIR/analysis)", .target = &an_o.outdir},
    {"lang", 0, OPT_CHOICE, "en|zh", "language of tables and figures",
     .target = &an_lang, .choices = "en,zh"},
    {"no-figures", 0, OPT_FLAG, NULL, "tables only",
     .target = &an_no_figures},
    {"force", 0, OPT_FLAG, NULL, "replace earlier results",
     .target = &an_o.force},
    {0}};

static const struct opt_cmd analyze_cmd = {
    "sweep analyze",
    "usage: cogov sweep analyze DIR [options]\n"
    "       cogov sweep analyze --table FILE --design morris|sobol "
    "--inputs A,B,... -o DIR\n",
    "Global sensitivity of a Morris or Sobol' sweep (every run done; "
    "indices\non the means over replicates, with the share of the output "
    "variance\nthat is seed noise), or of a CSV table. Writes "
    "sensitivity.csv (metric,\nmethod, parameter, index, value, low, high), "
    "sensitivity.md and\nmorris_METRIC.png or sobol_METRIC.png. See "
    "docs/SENSITIVITY.md.\n",
    analyze_opts, NULL, NULL};

int cmd_sweep_analyze(int argc, char **argv)
{
    char defout[4000], err[CONFIG_ERR_MAX];
    struct table t = {0};
    int rc = 1;
    an_o = (struct analyze_opts){.nboot = 1000, .conf = 0.95, .seed = 1};
    opt_list_free(&an_metrics);
    an_table = an_inputs = an_design = NULL;
    an_second = an_no_figures = an_window = an_lang = 0;
    int first = opts_parse(&analyze_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    struct analyze_opts o = an_o;
    o.figures = !an_no_figures;
    o.lang = an_lang ? LANG_ZH : LANG_EN;
    char *const *want = (char *const *)an_metrics.v;
    int n_want = an_metrics.n;
    const char *dir = argc - first == 1 ? argv[first] : NULL;
    if (argc - first > 1 || !!dir == !!an_table) {
        msg_error("usage: cogov sweep analyze DIR, or --table FILE --design "
                  "morris|sobol --inputs A,B,... -o OUTDIR");
        goto out;
    }
    if (an_table) {
        if (!an_design ||
            (strcmp(an_design, "morris") && strcmp(an_design, "sobol"))) {
            msg_error("--table needs --design morris or --design sobol (the "
                      "order of its rows)");
            goto out;
        }
        if (!an_inputs || !o.outdir) {
            msg_error("--table needs --inputs A,B,... and -o OUTDIR");
            goto out;
        }
        if (table_from_csv(an_table, an_design[0] == 'm' ? SWEEP_MORRIS
                                                         : SWEEP_SOBOL,
                           an_inputs, an_second, want, n_want, &t, err,
                           sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
    } else {
        if (an_design || an_inputs || an_second) {
            msg_error("--design, --inputs and --second-order go with "
                      "--table; a sweep directory knows its design");
            goto out;
        }
        if (table_from_dir(dir, an_window, want, n_want, &t, err,
                           sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        snprintf(defout, sizeof defout, "%.3900s/analysis", dir);
        if (!o.outdir)
            o.outdir = defout;
    }
    rc = analyze(&t, &o);
out:
    table_free(&t);
    return rc;
}
