/* `cogov plot`: figures of runs drawn by gnuplot (scripts in analysis/).
 * The dashboard compares scenarios: runs of one scenario are replicates,
 * drawn as their mean in a band; a stacked bar per scenario shows who
 * resolved matters. --by-community draws small multiples of one run;
 * --sweep the figures of a sweep (plot_sweep.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/opts.h"
#include "base/stats.h"
#include "io/schema.h"
#include "post/commands.h"
#include "post/plot.h"
#include "post/runset.h"

static const char *usage_plot =
    "usage: cogov plot RUN.h5 [RUN.h5 ...] [options]\n"
    "       cogov plot RUN.h5 --by-community [--metrics NAME] [options]\n"
    "       cogov plot --sweep DIR --x PARAM [--y PARAM] --z METRIC "
    "[options]\n"
    "\n"
    "Draw a figure with gnuplot. Runs of the same scenario (root attribute\n"
    "`scenario`) are replicates: their mean is drawn as a line in a band,\n"
    "the 95% CI of the mean for 3 or more runs, min-max for 2. The default\n"
    "panels are backlog, time in system, satisfaction, trust in\n"
    "government, participation, government spending, and who resolves\n"
    "matters (resolved_by_channel, stacked per scenario over the final\n"
    "window).\n"
    "\n"
    "options:\n"
    "  -o, --output FIG   the figure: .png, .svg or .pdf (default\n"
    "                     dashboard.png, communities.png or sweep.png)\n"
    "  --metrics A,B,...  panels (see cogov info --metrics); with\n"
    "                     --by-community one /communities metric\n"
    "                     (default matters_open)\n"
    "  --lang en|zh       labels in English (default) or Chinese\n"
    "  --by-community     one panel per community of a single run\n"
    "  --smooth DAYS      trailing mean over DAYS days (default 7; 1: raw)\n"
    "  --window DAYS      final window of the channel bars (default 90)\n"
    "  --title TEXT       figure title\n"
    "  --font NAME        font family (default Sans; zh: Noto Sans CJK SC)\n"
    "  --keep DIR         keep the gnuplot script and data in DIR\n"
    "                     (redraw with `gnuplot plot.gp` there)\n"
    "  --force            replace FIG if it exists\n"
    "sweeps (the directory of `cogov sweep`):\n"
    "  --sweep DIR        read DIR/index.h5\n"
    "  --x PARAM          swept parameter on the x axis: a line with its\n"
    "                     95% CI over replicates\n"
    "  --y PARAM          a second one: a heatmap of the mean\n"
    "  --z METRIC         the final-window metric (/final/METRIC)\n";

/* The strip at the top of a figure of `rows` panels of panel_h pixels:
 * fraction of the height left to the panels, and the height. */
static int layout(int rows, int panel_h, double *top)
{
    const int strip = 100;
    int h = strip + rows * panel_h;
    *top = 1.0 - (double)strip / h;
    return h;
}

static void set_layout(FILE *f, int ncols, int nrows, double top)
{
    fprintf(f, "ncols = %d\nnrows = %d\ntop = %.6f\n", ncols, nrows, top);
}

/* The y range of a panel holding data in [lo, hi]: 5% more on each side,
 * but not below 0 for data that are not, and something for no data. */
static void y_range(double *lo, double *hi)
{
    if (!(*lo <= *hi)) {
        *lo = 0;
        *hi = 1;
    }
    double pad = *hi > *lo ? 0.05 * (*hi - *lo)
                           : (*hi ? 0.05 * fabs(*hi) : 1);
    *lo = *lo >= 0 && *lo - pad < 0 ? 0 : *lo - pad;
    *hi += pad;
}

/* Every metric must be a 1-D series in every run; one message for the
 * first that is not. */
static int check_metric(const struct runset *rs, const char *m, char *err,
                        size_t errlen)
{
    if (!label_find(m) && !h5in_exists(rs->runs[0].f, "timeseries", m)) {
        int used = snprintf(err, errlen, "unknown metric '%s'; metrics are:",
                            m);
        for (int i = 0; i < N_METRICS && used > 0 && (size_t)used < errlen;
             i++)
            used += snprintf(err + used, errlen - (size_t)used, "%s%s",
                             i ? ", " : " ", metric_defs[i].name);
        if (used > 0 && (size_t)used < errlen)
            snprintf(err + used, errlen - (size_t)used,
                     " and resolved_by_channel");
        return -1;
    }
    for (int i = 0; i < rs->n_runs; i++)
        if (!h5in_exists(rs->runs[i].f, "timeseries", m)) {
            snprintf(err, errlen, "%s has no metric '%s' (/timeseries/%s): "
                     "written by another version of cogov?",
                     rs->runs[i].path, m, m);
            return -1;
        }
    return 0;
}

/* Widen [lo, hi] to hold the finite ones of v[0..n). */
static void extend(double *lo, double *hi, const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
}

/* DIR/scenarioG.dat: day, then mean, low, high of each metric; the range
 * of what it holds widens ylo[k], yhi[k]. */
static int write_group(struct gp_job *j, const struct runset *rs, int g,
                       const char *const *metric, int nm, int smooth,
                       char *name, size_t name_n, int *bands, double *ylo,
                       double *yhi, char *err, size_t errlen)
{
    const struct run_group *grp = &rs->groups[g];
    int n = grp->n, rc = -1;
    double **v = calloc((size_t)n * (size_t)(nm + 1), sizeof *v);
    size_t *len = calloc((size_t)n * (size_t)(nm + 1), sizeof *len);
    double *x = calloc((size_t)n, sizeof *x);
    FILE *f = NULL;
    if (!v || !len || !x) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    /* series k = 0 is the day, k = 1.. the metrics */
    size_t rows = 0;
    const double *day = NULL;
    for (int i = 0; i < n; i++)
        for (int k = 0; k <= nm; k++) {
            size_t at = (size_t)i * (size_t)(nm + 1) + (size_t)k;
            if (runset_series(rs, grp->run[i], k ? metric[k - 1] : "day",
                              k ? smooth : 1, &v[at], &len[at], err, errlen))
                goto out;
            if (!k && len[at] > rows) {
                rows = len[at];
                day = v[at];
            }
        }
    snprintf(name, name_n, "scenario%d.dat", g + 1);
    if (!(f = gp_data(j, name, err, errlen)))
        goto out;
    fprintf(f, "# %s: day, then mean, low, high of:", grp->name);
    for (int k = 0; k < nm; k++)
        fprintf(f, " %s", metric[k]);
    fputc('\n', f);
    for (size_t r = 0; r < rows; r++) {
        fprintf(f, "%.0f", day[r]);
        for (int k = 1; k <= nm; k++) {
            for (int i = 0; i < n; i++) {
                size_t at = (size_t)i * (size_t)(nm + 1) + (size_t)k;
                x[i] = r < len[at] ? v[at][r] : NAN;
            }
            struct estimate e = stats_band(x, n);
            fprintf(f, " %.9g %.9g %.9g", e.mean, e.lo, e.hi);
            extend(&ylo[k - 1], &yhi[k - 1], (double[]){e.mean, e.lo, e.hi},
                   3);
        }
        fputc('\n', f);
    }
    *bands = n > 1;
    rc = ferror(f) ? -1 : 0;
    if (rc)
        snprintf(err, errlen, "cannot write %.1000s/%s", j->dir, name);
out:
    if (f)
        fclose(f);
    for (int i = 0; v && i < n * (nm + 1); i++)
        free(v[i]);
    free(v);
    free(len);
    free(x);
    return rc;
}

/* Labels of the columns of resolved_by_channel from its `channels`
 * attribute, in lang. */
static int channel_titles(const struct runset *rs, enum lang lang,
                          const char **titles, int max, char *list,
                          size_t list_n)
{
    if (h5in_series_attr(rs->runs[0].f, "timeseries", "resolved_by_channel",
                         "channels", list, list_n))
        return 0;
    int n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && n < max;
         t = strtok_r(NULL, ",", &save)) {
        titles[n] = t;
        for (int c = 0; c < N_CHANNELS; c++)
            if (!strcmp(t, channel_names[c]))
                titles[n] = label_channel(c, lang);
        n++;
    }
    return n;
}

/* DIR/channels.dat: a row per scenario, its mean matters a day by channel
 * over the final window, averaged over its replicates. */
static int write_channels(struct gp_job *j, const struct runset *rs,
                          int window, int nchan, char *err, size_t errlen)
{
    FILE *f = gp_data(j, "channels.dat", err, errlen);
    if (!f)
        return -1;
    fputs("# a row per scenario: resolved matters/day by channel\n", f);
    for (int g = 0; g < rs->n_groups; g++) {
        double sum[N_CHANNELS * 2] = {0}, v[N_CHANNELS * 2];
        const struct run_group *grp = &rs->groups[g];
        for (int i = 0; i < grp->n; i++) {
            int k = runset_final_columns(rs, grp->run[i],
                                         "resolved_by_channel", window, v,
                                         N_CHANNELS * 2, err, errlen);
            if (k != nchan) {
                if (k >= 0)
                    snprintf(err, errlen, "%s: resolved_by_channel has %d "
                             "columns where %s has %d",
                             rs->runs[grp->run[i]].path, k, rs->runs[0].path,
                             nchan);
                fclose(f);
                return -1;
            }
            for (int c = 0; c < nchan; c++)
                sum[c] += v[c];
        }
        for (int c = 0; c < nchan; c++)
            fprintf(f, "%s%.9g", c ? " " : "", sum[c] / grp->n);
        fputc('\n', f);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        snprintf(err, errlen, "cannot write %.1000s/channels.dat", j->dir);
    return bad ? -1 : 0;
}

static int plot_dashboard(const struct plot_opts *o, char *err,
                          size_t errlen)
{
    struct runset rs;
    struct gp_job job;
    int rc = -1, begun = 0;
    const char *metric[PLOT_MAX_METRICS];
    int nm = 0, ch = 0;
    if (runset_open(&rs, o->runs, o->n_runs, err, errlen))
        goto out;
    for (int i = 0; i < o->n_metrics; i++) {
        if (!strcmp(o->metric[i], "resolved_by_channel")) {
            ch = 1;
            continue;
        }
        if (check_metric(&rs, o->metric[i], err, errlen))
            goto out;
        metric[nm++] = o->metric[i];
    }
    if (!o->n_metrics)
        for (int i = 0; i < n_metric_labels; i++)
            if (metric_labels[i].flags & LABEL_PANEL) {
                if (!strcmp(metric_labels[i].name, "resolved_by_channel"))
                    ch = 1;
                else
                    metric[nm++] = metric_labels[i].name;
            }
    enum lang lang = o->lang;
    const char *chan_title[N_CHANNELS * 2];
    char chan_list[1024];
    int nchan = ch ? channel_titles(&rs, lang, chan_title, N_CHANNELS * 2,
                                    chan_list, sizeof chan_list)
                   : 0;
    if (ch && !nchan) {
        snprintf(err, errlen, "%s: no resolved_by_channel with a channels "
                 "attribute", rs.runs[0].path);
        goto out;
    }
    int ncols = nm < 3 ? (nm ? nm : 1) : (nm == 4 ? 2 : 3);
    int mrows = (nm + ncols - 1) / ncols, nrows = mrows + ch;
    double top;
    int height = layout(nrows, 330, &top);
    int width = ncols * 520 < 1100 && ch ? 1100 : ncols * 520;
    if (plot_begin(&job, o, "dashboard.png", width, height, err, errlen))
        goto out;
    begun = 1;

    const char *gfile[64], *gtitle[64], *gname[64];
    char files[64][32], titles[64][200];
    int any_band = 0;
    double ylo[PLOT_MAX_METRICS], yhi[PLOT_MAX_METRICS];
    for (int k = 0; k < nm; k++) {
        ylo[k] = INFINITY;
        yhi[k] = -INFINITY;
    }
    if (rs.n_groups > 64) {
        snprintf(err, errlen, "%d scenarios: a figure compares at most 64",
                 rs.n_groups);
        goto out;
    }
    for (int g = 0; g < rs.n_groups; g++) {
        int band;
        if (write_group(&job, &rs, g, metric, nm, o->smooth, files[g],
                        sizeof files[g], &band, ylo, yhi, err, errlen))
            goto out;
        any_band |= band;
        gfile[g] = files[g];
        gname[g] = rs.groups[g].name;
        if (rs.groups[g].n > 1)
            plot_phrase(titles[g], sizeof titles[g], PH_RUNS, lang,
                        rs.groups[g].name, rs.groups[g].n);
        else
            snprintf(titles[g], sizeof titles[g], "%s", rs.groups[g].name);
        gtitle[g] = titles[g];
    }
    if (ch && write_channels(&job, &rs, o->window, nchan, err, errlen))
        goto out;

    FILE *f = job.script;
    char buf[512], note[768] = "";
    fputs("\n# ---- set by cogov plot ----\n", f);
    gp_set_string(f, "fig_title",
                  o->title ? o->title : label_phrase(PH_COMPARISON, lang));
    if (o->smooth > 1)
        plot_phrase(note, sizeof note, PH_SMOOTHED, lang, NULL, o->smooth);
    if (any_band)
        snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s",
                 note[0] ? label_phrase(PH_SEP, lang) : "",
                 label_phrase(PH_BAND_CI, lang));
    gp_set_string(f, "fig_note", note);
    gp_set_string(f, "xlabel", label_phrase(PH_DAY, lang));
    fprintf(f, "ng = %d\n", rs.n_groups);
    gp_set_array(f, "G_file", gfile, rs.n_groups);
    gp_set_array(f, "G_title", gtitle, rs.n_groups);
    gp_set_array(f, "G_name", gname, rs.n_groups);
    const char *mt[PLOT_MAX_METRICS], *my[PLOT_MAX_METRICS];
    char ylab[PLOT_MAX_METRICS][200];
    for (int k = 0; k < nm; k++) {
        mt[k] = label_title(metric[k], lang);
        label_axis(metric[k], lang, ylab[k], sizeof ylab[k]);
        my[k] = ylab[k];
    }
    fprintf(f, "nm = %d\n", nm);
    gp_set_array(f, "M_title", mt, nm);
    gp_set_array(f, "M_ylabel", my, nm);
    for (int k = 0; k < nm; k++)
        y_range(&ylo[k], &yhi[k]);
    gp_set_numbers(f, "M_ymin", ylo, nm);
    gp_set_numbers(f, "M_ymax", yhi, nm);
    set_layout(f, ncols, mrows + ch, top);
    fprintf(f, "ch = %d\nnchan = %d\n", ch, nchan);
    gp_set_string(f, "ch_file", "channels.dat");
    gp_set_string(f, "ch_title", label_title("resolved_by_channel", lang));
    plot_phrase(buf, sizeof buf, PH_CHANNEL_AXIS, lang, NULL, o->window);
    gp_set_string(f, "ch_ylabel", buf);
    gp_set_array(f, "CH_title", chan_title, nchan);
    rc = plot_finish(&job, "dashboard", err, errlen);
    begun = 0;
out:
    if (begun)
        gp_abort(&job);
    runset_free(&rs);
    return rc;
}

static int plot_communities(const struct plot_opts *o, char *err,
                            size_t errlen)
{
    if (o->n_runs != 1) {
        snprintf(err, errlen, "--by-community draws one run (%d given)",
                 o->n_runs);
        return -1;
    }
    if (o->n_metrics > 1) {
        snprintf(err, errlen, "--by-community draws one metric (%d given "
                 "with --metrics)", o->n_metrics);
        return -1;
    }
    const char *m = o->n_metrics ? o->metric[0] : "matters_open";
    struct runset rs;
    struct gp_job job;
    int rc = -1, begun = 0;
    double *v = NULL, *day = NULL;
    size_t rows, nc, dr, dc;
    if (runset_open(&rs, o->runs, 1, err, errlen))
        goto out;
    struct h5in *h = rs.runs[0].f;
    if (!h5in_exists(h, "communities", m)) {
        char **names;
        int k = h5in_list(h, "communities", &names);
        int used = snprintf(err, errlen, "unknown community metric '%s'; %s "
                            "has:", m, rs.runs[0].path);
        for (int i = 0; i < k && used > 0 && (size_t)used < errlen; i++)
            used += snprintf(err + used, errlen - (size_t)used, "%s%s",
                             i ? ", " : " ", names[i]);
        if (k > 0)
            h5in_free_names(names, k);
        goto out;
    }
    if (h5in_read(h, "communities", m, &v, &rows, &nc, err, errlen) ||
        h5in_read(h, "timeseries", "day", &day, &dr, &dc, err, errlen))
        goto out;
    if (dr < rows)
        rows = dr;
    if (runset_smooth(v, rows, nc, o->smooth)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t q = 0; q < rows * nc; q++)
        if (isfinite(v[q])) {
            lo = fmin(lo, v[q]);
            hi = fmax(hi, v[q]);
        }
    y_range(&lo, &hi);

    int ncols = (int)ceil(sqrt(1.6 * (double)nc)), nrows;
    if (ncols < 1)
        ncols = 1;
    nrows = ((int)nc + ncols - 1) / ncols;
    double top;
    int height = layout(nrows, 210, &top);
    int width = ncols * 280 < 900 ? 900 : ncols * 280;
    if (plot_begin(&job, o, "communities.png", width, height, err, errlen))
        goto out;
    begun = 1;
    FILE *d = gp_data(&job, "communities.dat", err, errlen);
    if (!d)
        goto out;
    fprintf(d, "# day, %s of community 0 .. %zu, mean of communities\n", m,
            nc - 1);
    for (size_t r = 0; r < rows; r++) {
        double s = 0;
        int k = 0;
        fprintf(d, "%.0f", day[r]);
        for (size_t c = 0; c < nc; c++) {
            fprintf(d, " %.9g", v[r * nc + c]);
            if (!isnan(v[r * nc + c])) {
                s += v[r * nc + c];
                k++;
            }
        }
        fprintf(d, " %.9g\n", k ? s / k : NAN);
    }
    int bad = ferror(d);
    fclose(d);
    if (bad) {
        snprintf(err, errlen, "cannot write %.1000s/communities.dat", job.dir);
        goto out;
    }

    enum lang lang = o->lang;
    FILE *f = job.script;
    char buf[512], axis[256], note[512];
    fputs("\n# ---- set by cogov plot ----\n", f);
    plot_phrase(buf, sizeof buf, PH_BY_COMMUNITY, lang, label_title(m, lang),
                0);
    if (!o->title) {
        size_t u = strlen(buf);
        snprintf(buf + u, sizeof buf - u, ": %s, seed %lld",
                 rs.runs[0].scenario, (long long)rs.runs[0].seed);
    }
    gp_set_string(f, "fig_title", o->title ? o->title : buf);
    label_axis(m, lang, axis, sizeof axis);
    if (o->smooth > 1) {
        plot_phrase(buf, sizeof buf, PH_SMOOTHED, lang, NULL, o->smooth);
        snprintf(note, sizeof note, "%s%s%s", axis,
                 label_phrase(PH_SEP, lang), buf);
    } else {
        snprintf(note, sizeof note, "%s", axis);
    }
    gp_set_string(f, "fig_note", note);
    gp_set_string(f, "xlabel", label_phrase(PH_DAY, lang));
    gp_set_string(f, "data_file", "communities.dat");
    fprintf(f, "nc = %zu\nymin = %.9g\nymax = %.9g\n", nc, lo, hi);
    char (*titles)[64] = calloc(nc + 1, sizeof *titles);
    const char **pt = calloc(nc + 1, sizeof *pt);
    if (!titles || !pt) {
        free(titles);
        free(pt);
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (size_t c = 0; c < nc; c++) {
        plot_phrase(titles[c], sizeof titles[c], PH_COMMUNITY, lang, NULL,
                    (int)c);
        pt[c] = titles[c];
    }
    gp_set_array(f, "P_title", pt, (int)nc);
    free(titles);
    free(pt);
    set_layout(f, ncols, nrows, top);
    gp_set_string(f, "own_title", label_phrase(PH_THIS_COMMUNITY, lang));
    gp_set_string(f, "mean_title", label_phrase(PH_COMMUNITY_MEAN, lang));
    rc = plot_finish(&job, "communities", err, errlen);
    begun = 0;
out:
    if (begun)
        gp_abort(&job);
    free(v);
    free(day);
    runset_free(&rs);
    return rc;
}

static int parse_days(const char *opt, const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || *s == 0 || *end || v < 1 || v > 100000)
        return msg_error("%s '%s': expected a number of days in [1, 100000]",
                         opt, s ? s : "");
    *out = (int)v;
    return 0;
}

/* Split "a,b,c" (modified in place) into o->metric. */
static int parse_metrics(struct plot_opts *o, char *list)
{
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (o->n_metrics == PLOT_MAX_METRICS)
            return msg_error("--metrics: at most %d metrics",
                             PLOT_MAX_METRICS);
        o->metric[o->n_metrics++] = t;
    }
    if (!o->n_metrics)
        return msg_error("--metrics needs names, e.g. --metrics "
                         "matters_open,satisfaction_mean");
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    struct plot_opts o = {.lang = LANG_EN, .smooth = 7, .window = 90};
    char **runs = calloc((size_t)argc + 1, sizeof *runs);
    char *metrics = NULL;
    int rc = 1;
    if (!runs)
        return msg_error("out of memory");
    o.runs = runs;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        const struct {
            const char *name;
            const char **dst;
        } strs[] = {{"-o", &o.out},       {"--output", &o.out},
                    {"--font", &o.font},  {"--keep", &o.keep},
                    {"--title", &o.title}, {"--sweep", &o.sweep},
                    {"--x", &o.x},        {"--y", &o.y},
                    {"--z", &o.z}};
        const char **str = NULL;
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            if (!strcmp(a, strs[k].name))
                str = strs[k].dst;
        if (opt_is_help(a)) {
            fputs(usage_plot, stdout);
            rc = 0;
            goto out;
        } else if (str) {
            if (!val) {
                msg_error("%s needs a value", a);
                goto out;
            }
            *str = val;
            i++;
        } else if (!strcmp(a, "--metrics")) {
            if (!val || metrics) {
                msg_error(val ? "--metrics given twice" : "--metrics needs "
                          "a list of names");
                goto out;
            }
            if (!(metrics = strdup(val)) || parse_metrics(&o, metrics))
                goto out;
            i++;
        } else if (!strcmp(a, "--lang")) {
            int l = val ? label_lang(val) : -1;
            if (l < 0) {
                msg_error("--lang '%s': expected en or zh", val ? val : "");
                goto out;
            }
            o.lang = (enum lang)l;
            i++;
        } else if (!strcmp(a, "--smooth") || !strcmp(a, "--window")) {
            if (parse_days(a, val, a[2] == 's' ? &o.smooth : &o.window))
                goto out;
            i++;
        } else if (!strcmp(a, "--by-community")) {
            o.by_community = 1;
        } else if (!strcmp(a, "--force")) {
            o.force = 1;
        } else if (a[0] == '-' && a[1]) {
            msg_error("plot: unknown option '%s' (see cogov plot --help)", a);
            goto out;
        } else {
            runs[o.n_runs++] = argv[i];
        }
    }
    char err[2048];
    int r;
    if (o.sweep) {
        if (o.n_runs || o.by_community || o.n_metrics) {
            msg_error("--sweep draws DIR/index.h5: no run files, "
                      "--by-community or --metrics with it (the metric is "
                      "--z)");
            goto out;
        }
        r = plot_sweep(&o, err, sizeof err);
    } else if (o.x || o.y || o.z) {
        msg_error("--x, --y and --z go with --sweep DIR");
        goto out;
    } else if (!o.n_runs) {
        fputs(usage_plot, stderr);
        goto out;
    } else {
        r = o.by_community ? plot_communities(&o, err, sizeof err)
                           : plot_dashboard(&o, err, sizeof err);
    }
    rc = r ? msg_error("%s", err) : 0;
out:
    free(metrics);
    free(runs);
    return rc;
}
