/* `cogov plot --sweep DIR`: a final-window metric of a sweep against one
 * swept parameter (a line with its 95% CI over replicates, one line per
 * combination of the other swept parameters) or two (a heatmap of the
 * mean); for a scattered design (lhs, morris, sobol, points) every run as
 * a point with binned means, or the design's points coloured by the
 * metric. Reads only DIR/index.h5 in the agreed format (docs/MODEL.md
 * section 8; /params/<key>, /final/<metric>, root attribute window). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/params.h"
#include "base/stats.h"
#include "io/h5in.h"
#include "post/plot.h"

struct sweep {
    struct h5in *f;
    char path[4200], name[256];
    int n_keys;
    char **keys;           /* swept parameters, HDF5 name order */
    double **param;        /* [key][run] */
    double *z;             /* [run], NaN when not done */
    size_t n;              /* runs */
    int64_t window;
    char design[32];       /* "grid" unless the index says otherwise */
};

static void sweep_free(struct sweep *s)
{
    for (int k = 0; s->param && k < s->n_keys; k++)
        free(s->param[k]);
    free(s->param);
    if (s->keys)
        h5in_free_names(s->keys, s->n_keys);
    free(s->z);
    h5in_close(s->f);
}

static int key_index(const struct sweep *s, const char *key)
{
    for (int k = 0; k < s->n_keys; k++)
        if (!strcmp(s->keys[k], key))
            return k;
    return -1;
}

/* "name: a, b, c" into err for a missing key or metric */
static void list_into(char *err, size_t errlen, char **names, int n)
{
    size_t used = strlen(err);
    for (int i = 0; i < n && used < errlen; i++) {
        snprintf(err + used, errlen - used, "%s%s", i ? ", " : " ", names[i]);
        used = strlen(err);
    }
}

static int read_column(struct sweep *s, const char *group, const char *name,
                       double **out, char *err, size_t errlen)
{
    size_t rows, cols;
    if (h5in_read(s->f, group, name, out, &rows, &cols, err, errlen))
        return -1;
    if (cols != 1 || rows != s->n) {
        snprintf(err, errlen, "%s: /%s/%s has %zu x %zu values where the "
                 "sweep has %zu runs", s->path, group, name, rows, cols,
                 s->n);
        return -1;
    }
    return 0;
}

static int sweep_open(struct sweep *s, const struct plot_opts *o, char *err,
                      size_t errlen)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s/index.h5", o->sweep);
    if (h5in_open(&s->f, s->path, 0, err, errlen))
        return -1;
    if (h5in_attr_string(s->f, "sweep_name", s->name, sizeof s->name)) {
        snprintf(err, errlen, "%s: not a sweep index (no sweep_name "
                 "attribute)", s->path);
        return -1;
    }
    s->n_keys = h5in_list(s->f, "params", &s->keys);
    if (s->n_keys < 0) {
        snprintf(err, errlen, "%s: cannot list /params", s->path);
        s->n_keys = 0;
        return -1;
    }
    const char *axis[2] = {o->x, o->y};
    for (int a = 0; a < 2; a++)
        if (axis[a] && key_index(s, axis[a]) < 0) {
            snprintf(err, errlen, "--%c %s: not a swept parameter of %s; "
                     "swept:", "xy"[a], axis[a], o->sweep);
            list_into(err, errlen, s->keys, s->n_keys);
            return -1;
        }
    if (o->y && !strcmp(o->x, o->y)) {
        snprintf(err, errlen, "--x and --y are both %s", o->x);
        return -1;
    }
    if (!h5in_exists(s->f, "final", o->z)) {
        char **names;
        int k = h5in_list(s->f, "final", &names);
        snprintf(err, errlen, "--z %s: unknown metric; %s has final values "
                 "of:", o->z, s->path);
        if (k > 0) {
            list_into(err, errlen, names, k);
            h5in_free_names(names, k);
        } else {
            strncat(err, " none (run cogov sweep collect first)",
                    errlen - strlen(err) - 1);
        }
        return -1;
    }
    int64_t n;
    if (h5in_attr_int(s->f, "n_runs", &n) || n < 1) {
        snprintf(err, errlen, "%s: no n_runs attribute", s->path);
        return -1;
    }
    s->n = (size_t)n;
    if (h5in_attr_string(s->f, "design", s->design, sizeof s->design))
        snprintf(s->design, sizeof s->design, "grid");
    if (h5in_attr_int(s->f, "window", &s->window) || s->window <= 0) {
        snprintf(err, errlen, "%s: no final values yet (window = 0): run "
                 "cogov sweep collect %s first", s->path, o->sweep);
        return -1;
    }
    s->param = calloc((size_t)s->n_keys + 1, sizeof *s->param);
    if (!s->param) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int k = 0; k < s->n_keys; k++)
        if (read_column(s, "params", s->keys[k], &s->param[k], err, errlen))
            return -1;
    return read_column(s, "final", o->z, &s->z, err, errlen);
}

/* Label of value v of swept key k: a choice name for an enum. */
static void value_text(const struct sweep *s, int k, double v, char *buf,
                       size_t n)
{
    char choices[1024];
    if (!h5in_series_attr(s->f, "params", s->keys[k], "choices", choices,
                          sizeof choices) &&
        v >= 0 && v == floor(v)) {
        const char *sep = strchr(choices, '|') ? "|" : ",";
        char *save = NULL, *t = strtok_r(choices, sep, &save);
        for (int i = 0; t && i < (int)v; i++)
            t = strtok_r(NULL, sep, &save);
        if (t) {
            snprintf(buf, n, "%s", t);
            return;
        }
    }
    snprintf(buf, n, "%g", v);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values of key k over runs where keep[r] (NULL: all). */
static int distinct(const struct sweep *s, int k, const int *keep,
                    double *out)
{
    int n = 0;
    for (size_t r = 0; r < s->n; r++)
        if (!keep || keep[r])
            out[n++] = s->param[k][r];
    qsort(out, (size_t)n, sizeof *out, by_value);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!m || out[i] != out[m - 1])
            out[m++] = out[i];
    return m;
}

/* Axis label of a parameter: its key and units from the parameter table;
 * tics at the swept values (few, or an enum's, named by its choices). */
static void param_axis(FILE *f, const struct sweep *s, int k, char axis,
                       const double *vals, int nv, char *label, size_t n)
{
    const struct param_def *d = config_find(params_table(), s->keys[k]);
    if (d && d->units && *d->units)
        snprintf(label, n, "%s (%s)", s->keys[k], d->units);
    else
        snprintf(label, n, "%s", s->keys[k]);
    /* tics at the swept values: each line point or cell has its own */
    char choices[1024];
    if (nv <= 12 || !h5in_series_attr(s->f, "params", s->keys[k], "choices",
                                      choices, sizeof choices)) {
        fprintf(f, "set %ctics (", axis);
        for (int i = 0; i < nv; i++) {
            char t[256];
            value_text(s, k, vals[i], t, sizeof t);
            fputs(i ? ", " : "", f);
            gp_string(f, t);
            fprintf(f, " %g", vals[i]);
        }
        fputs(")\n", f);
    }
}

static void common_vars(FILE *f, const struct sweep *s,
                        const struct plot_opts *o, size_t done)
{
    char title[512], note[512], when[128];
    plot_phrase(title, sizeof title, PH_SWEEP, o->lang, s->name, 0);
    gp_set_string(f, "fig_title", o->title ? o->title : title);
    plot_phrase(when, sizeof when, PH_FINAL_MEAN, o->lang, NULL,
                (int)s->window);
    snprintf(note, sizeof note, "%s: %s; %zu/%zu runs", o->z, when, done,
             s->n);
    gp_set_string(f, "fig_note", note);
}

/* One line per combination of the other swept parameters. */
static int sweep_lines(struct gp_job *j, const struct sweep *s,
                       const struct plot_opts *o, int kx, size_t done,
                       char *err, size_t errlen)
{
    enum { MAX_LINES = 16 };
    size_t n = s->n;
    int *line = malloc(n * sizeof *line), *keep = malloc(n * sizeof *keep);
    double *xs = malloc(n * sizeof *xs), *z = malloc(n * sizeof *z);
    size_t first[MAX_LINES];
    int nl = 0, rc = -1;
    if (!line || !keep || !xs || !z) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < n; r++) {
        int l = 0;
        for (; l < nl; l++) {
            int same = 1;
            for (int k = 0; k < s->n_keys && same; k++)
                same = k == kx || s->param[k][r] == s->param[k][first[l]];
            if (same)
                break;
        }
        if (l == nl) {
            if (nl == MAX_LINES) {
                snprintf(err, errlen, "the other swept parameters of %s "
                         "make more than %d lines: draw two parameters as a "
                         "heatmap with --y", o->sweep, MAX_LINES);
                goto out;
            }
            first[nl++] = r;
        }
        line[r] = l;
    }
    FILE *f = j->script;
    const char *files[MAX_LINES], *titles[MAX_LINES];
    char fname[MAX_LINES][32], tbuf[MAX_LINES][512];
    for (int l = 0; l < nl; l++) {
        for (size_t r = 0; r < n; r++)
            keep[r] = line[r] == l;
        int nx = distinct(s, kx, keep, xs);
        snprintf(fname[l], sizeof fname[l], "line%d.dat", l + 1);
        FILE *d = gp_data(j, fname[l], err, errlen);
        if (!d)
            goto out;
        fputs("# x, mean, low, high, runs done\n", d);
        for (int i = 0; i < nx; i++) {
            int m = 0;
            for (size_t r = 0; r < n; r++)
                if (keep[r] && s->param[kx][r] == xs[i])
                    z[m++] = s->z[r];
            struct estimate e = stats_mean_ci(z, m);
            fprintf(d, "%.9g %.9g %.9g %.9g %d\n", xs[i], e.mean, e.lo, e.hi,
                    e.n);
        }
        int bad = ferror(d);
        fclose(d);
        if (bad) {
            snprintf(err, errlen, "cannot write %.1000s/%s", j->dir, fname[l]);
            goto out;
        }
        files[l] = fname[l];
        tbuf[l][0] = 0;
        for (int k = 0; k < s->n_keys; k++) {
            if (k == kx)
                continue;
            char v[256];
            size_t u = strlen(tbuf[l]);
            value_text(s, k, s->param[k][first[l]], v, sizeof v);
            snprintf(tbuf[l] + u, sizeof tbuf[l] - u, "%s%s = %s",
                     u ? ", " : "", s->keys[k], v);
        }
        titles[l] = tbuf[l][0] ? tbuf[l] : label_title(o->z, o->lang);
    }
    fputs("\n# ---- set by cogov plot ----\n", f);
    common_vars(f, s, o, done);
    char label[512];
    int nx = distinct(s, kx, NULL, xs);
    param_axis(f, s, kx, 'x', xs, nx, label, sizeof label);
    gp_set_string(f, "xlabel", label);
    label_axis(o->z, o->lang, label, sizeof label);
    gp_set_string(f, "ylabel", label);
    fprintf(f, "nl = %d\n", nl);
    gp_set_array(f, "L_file", files, nl);
    gp_set_array(f, "L_title", titles, nl);
    rc = 0;
out:
    free(line);
    free(keep);
    free(xs);
    free(z);
    return rc;
}

/* Cell bounds: halfway to the neighbours, the edges mirrored. */
static void bounds(const double *v, int n, int i, double *lo, double *hi)
{
    double left = i > 0 ? v[i] - v[i - 1] : (n > 1 ? v[1] - v[0] : 1);
    double right = i + 1 < n ? v[i + 1] - v[i] : left;
    *lo = v[i] - left / 2;
    *hi = v[i] + right / 2;
}

static int sweep_heatmap(struct gp_job *j, const struct sweep *s,
                         const struct plot_opts *o, int kx, int ky,
                         size_t done, char *err, size_t errlen)
{
    for (int k = 0; k < s->n_keys; k++) {
        if (k == kx || k == ky)
            continue;
        for (size_t r = 1; r < s->n; r++)
            if (s->param[k][r] != s->param[k][0]) {
                snprintf(err, errlen, "%s also sweeps %s: a heatmap shows "
                         "two parameters (draw lines with --x alone)",
                         o->sweep, s->keys[k]);
                return -1;
            }
    }
    double *xs = malloc(s->n * sizeof *xs), *ys = malloc(s->n * sizeof *ys);
    double *z = malloc(s->n * sizeof *z);
    FILE *d = NULL;
    int rc = -1;
    if (!xs || !ys || !z) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    int nx = distinct(s, kx, NULL, xs), ny = distinct(s, ky, NULL, ys);
    if (!(d = gp_data(j, "cells.dat", err, errlen)))
        goto out;
    fputs("# x, y, x low, x high, y low, y high, mean, runs done\n", d);
    double zlo = INFINITY, zhi = -INFINITY;
    for (int a = 0; a < nx; a++)
        for (int b = 0; b < ny; b++) {
            int m = 0;
            for (size_t r = 0; r < s->n; r++)
                if (s->param[kx][r] == xs[a] && s->param[ky][r] == ys[b])
                    z[m++] = s->z[r];
            struct estimate e = stats_mean_ci(z, m);
            double x0, x1, y0, y1;
            bounds(xs, nx, a, &x0, &x1);
            bounds(ys, ny, b, &y0, &y1);
            fprintf(d, "%.9g %.9g %.9g %.9g %.9g %.9g %.9g %d\n", xs[a],
                    ys[b], x0, x1, y0, y1, e.mean, e.n);
            if (isfinite(e.mean)) {
                zlo = fmin(zlo, e.mean);
                zhi = fmax(zhi, e.mean);
            }
        }
    int bad = ferror(d);
    fclose(d);
    d = NULL;
    if (bad) {
        snprintf(err, errlen, "cannot write %.1000s/cells.dat", j->dir);
        goto out;
    }
    FILE *f = j->script;
    char label[512];
    fputs("\n# ---- set by cogov plot ----\n", f);
    common_vars(f, s, o, done);
    param_axis(f, s, kx, 'x', xs, nx, label, sizeof label);
    gp_set_string(f, "xlabel", label);
    param_axis(f, s, ky, 'y', ys, ny, label, sizeof label);
    gp_set_string(f, "ylabel", label);
    label_axis(o->z, o->lang, label, sizeof label);
    gp_set_string(f, "cblabel", label);
    gp_set_string(f, "cells_file", "cells.dat");
    fprintf(f, "show_values = %d\nzmid = %.9g\n", nx * ny <= 100,
            isfinite(zlo) ? (zlo + zhi) / 2 : 0);
    rc = 0;
out:
    if (d)
        fclose(d);
    free(xs);
    free(ys);
    free(z);
    return rc;
}

/* A scattered design: every done run at (x, z) with the means of ten
 * equal-width bins of x; or, with --y, at (x, y) coloured by z. */
static int sweep_scatter(struct gp_job *j, const struct sweep *s,
                         const struct plot_opts *o, int kx, int ky,
                         size_t done, char *err, size_t errlen)
{
    enum { BINS = 10 };
    FILE *d = gp_data(j, "runs.dat", err, errlen);
    double lo = INFINITY, hi = -INFINITY;
    if (!d)
        return -1;
    for (size_t r = 0; r < s->n; r++) {
        if (isnan(s->z[r]))
            continue;
        fprintf(d, "%.9g %.9g", s->param[kx][r],
                ky >= 0 ? s->param[ky][r] : s->z[r]);
        fprintf(d, ky >= 0 ? " %.9g\n" : "\n", s->z[r]);
        lo = fmin(lo, s->param[kx][r]);
        hi = fmax(hi, s->param[kx][r]);
    }
    int bad = ferror(d);
    fclose(d);
    if (bad) {
        snprintf(err, errlen, "cannot write %.1000s/runs.dat", j->dir);
        return -1;
    }
    FILE *f = j->script;
    char label[512];
    fputs("\n# ---- set by cogov plot ----\n", f);
    common_vars(f, s, o, done);
    fprintf(f, "mode = %d\n", ky >= 0 ? 2 : 1);
    gp_set_string(f, "runs_file", "runs.dat");
    const struct param_def *dx = config_find(params_table(), s->keys[kx]);
    snprintf(label, sizeof label, "%s%s%s%s", s->keys[kx],
             dx && dx->units && *dx->units ? " (" : "",
             dx && dx->units ? dx->units : "",
             dx && dx->units && *dx->units ? ")" : "");
    gp_set_string(f, "xlabel", label);
    if (ky >= 0) {
        gp_set_string(f, "ylabel", s->keys[ky]);
        label_axis(o->z, o->lang, label, sizeof label);
        gp_set_string(f, "cblabel", label);
        return 0;
    }
    label_axis(o->z, o->lang, label, sizeof label);
    gp_set_string(f, "ylabel", label);
    gp_set_string(f, "bin_title", o->lang == LANG_ZH
                  ? "分箱均值（95% 置信区间）" : "binned mean (95% CI)");
    gp_set_string(f, "bins_file", "bins.dat");
    double *z = malloc(s->n * sizeof *z);
    if (!z || !(d = gp_data(j, "bins.dat", err, errlen))) {
        if (!z)
            snprintf(err, errlen, "out of memory");
        free(z);
        return -1;
    }
    double w = hi > lo ? (hi - lo) / BINS : 1;
    for (int b = 0; b < BINS; b++) {
        int m = 0;
        for (size_t r = 0; r < s->n; r++) {
            int rb = (int)((s->param[kx][r] - lo) / w);
            if (!isnan(s->z[r]) && (rb == b || (b == BINS - 1 && rb >= BINS)))
                z[m++] = s->z[r];
        }
        struct estimate e = stats_mean_ci(z, m);
        if (m > 0)
            fprintf(d, "%.9g %.9g %.9g %.9g %d\n", lo + (b + 0.5) * w,
                    e.mean, isnan(e.lo) ? e.mean : e.lo,
                    isnan(e.hi) ? e.mean : e.hi, m);
    }
    free(z);
    bad = ferror(d);
    fclose(d);
    if (bad) {
        snprintf(err, errlen, "cannot write %.1000s/bins.dat", j->dir);
        return -1;
    }
    return 0;
}

int plot_sweep(const struct plot_opts *o, char *err, size_t errlen)
{
    if (!o->x || !o->z) {
        snprintf(err, errlen, "--sweep %s needs --x PARAM and --z METRIC",
                 o->sweep);
        return -1;
    }
    struct sweep s;
    struct gp_job job;
    int rc = -1, begun = 0;
    if (sweep_open(&s, o, err, errlen))
        goto out;
    size_t done = 0;
    for (size_t r = 0; r < s.n; r++)
        done += !isnan(s.z[r]);
    if (!done) {
        snprintf(err, errlen, "%s: no run is done yet (/final/%s is NaN for "
                 "all %zu runs)", s.path, o->z, s.n);
        goto out;
    }
    if (plot_begin(&job, o, "sweep.png", o->y ? 900 : 1000, 650, err,
                   errlen))
        goto out;
    begun = 1;
    int kx = key_index(&s, o->x), ky = o->y ? key_index(&s, o->y) : -1;
    int scattered = strcmp(s.design, "grid") != 0;
    if (scattered ? sweep_scatter(&job, &s, o, kx, ky, done, err, errlen)
        : o->y ? sweep_heatmap(&job, &s, o, kx, ky, done, err, errlen)
               : sweep_lines(&job, &s, o, kx, done, err, errlen))
        goto out;
    begun = 0;
    rc = plot_finish(&job, scattered ? "sweep_scatter"
                           : o->y ? "sweep_heatmap" : "sweep_line", err,
                     errlen);
out:
    if (begun)
        gp_abort(&job);
    sweep_free(&s);
    return rc;
}
