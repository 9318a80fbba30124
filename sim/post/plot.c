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

/* Labels of the columns of resolved_by_channel from its `channels`
 * attribute, in lang: of the run with the most channels, as channels are
 * only ever appended (a file from before the units channel, 7.15, has
 * the first nine). */
static int channel_titles(const struct runset *rs, enum lang lang,
                          const char **titles, int max, char *list,
                          size_t list_n)
{
    int best = -1;
    size_t most = 0;
    for (int r = 0; r < rs->n_runs; r++) {
        if (h5in_series_attr(rs->runs[r].f, "timeseries",
                             "resolved_by_channel", "channels", list, list_n))
            continue;
        size_t n = 1;
        for (const char *q = list; *q; q++)
            n += *q == ',';
        if (best < 0 || n > most) {
            best = r;
            most = n;
        }
    }
    if (best < 0 ||
        h5in_series_attr(rs->runs[best].f, "timeseries",
                         "resolved_by_channel", "channels", list, list_n))
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
            if (k < 0 || k > nchan) {
                if (k >= 0)
                    snprintf(err, errlen, "%s: resolved_by_channel has %d "
                             "columns, more than the %d named",
                             rs->runs[grp->run[i]].path, k, nchan);
                fclose(f);
                return -1;
            }
            /* an older file lacks the channels appended since: none
             * resolved anything there */
            for (int c = 0; c < k; c++)
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

/* The figure size: --size in inches (at 100 px an inch, as gp_begin
 * draws a PDF), else the default *width x *height; the strip at the top
 * keeps 100 px (a quarter of a short figure). */
static void fit_size(const struct plot_opts *o, int *width, int *height,
                     double *top)
{
    if (o->size_w > 0) {
        *width = (int)lround(o->size_w * 100);
        *height = (int)lround(o->size_h * 100);
    }
    double strip = fmin(100, 0.25 * *height);
    *top = 1.0 - strip / *height;
}


static int plot_dashboard(const struct plot_opts *o, char *err,
                          size_t errlen)
{
    struct runset rs;
    struct gp_job job;
    int rc = -1, begun = 0, ng = 0;
    const char *metric[PLOT_MAX_METRICS];
    int nm = 0, ch = 0, diff = o->diff_from != NULL;
    struct plot_group *gd = NULL;
    double *mean[64] = {0}, *width[64] = {0};
    if (runset_open(&rs, o->runs, o->n_runs, err, errlen))
        goto out;
    if (diff && runset_reference(&rs, o->diff_from, err, errlen))
        goto out;
    if (diff && rs.n_groups < 2) {
        snprintf(err, errlen, "--diff-from %s: no other scenario to compare "
                 "with it", o->diff_from);
        goto out;
    }
    for (int i = 0; i < o->n_metrics; i++) {
        if (!strcmp(o->metric[i], "resolved_by_channel")) {
            if (diff) {
                snprintf(err, errlen, "--diff-from draws differences of "
                         "time series; resolved_by_channel is a bar chart");
                goto out;
            }
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
                    ch = !diff;
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
    if (rs.n_groups > 64) {
        snprintf(err, errlen, "%d scenarios: a figure compares at most 64",
                 rs.n_groups);
        goto out;
    }
    int ncols = nm < 3 ? (nm ? nm : 1) : (nm == 4 ? 2 : 3);
    int mrows = (nm + ncols - 1) / ncols, nrows = mrows + ch;
    double top;
    int height = layout(nrows, 330, &top);
    int width_px = ncols * 520 < 1100 && ch ? 1100 : ncols * 520;
    fit_size(o, &width_px, &height, &top);

    /* every group's series, then the lines: a band per scenario, or a
     * difference per scenario but the reference */
    if (!(gd = calloc((size_t)rs.n_groups, sizeof *gd))) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    size_t rows_max = 0;
    double last_day = 0;
    for (int g = 0; g < rs.n_groups; g++) {
        if (plot_group_load(&rs, g, metric, nm, o->smooth, &gd[g], err,
                            errlen))
            goto out;
        if (gd[g].rows > rows_max)
            rows_max = gd[g].rows;
        if (gd[g].rows)
            last_day = fmax(last_day, gd[g].day[gd[g].rows - 1]);
    }
    if (o->from > last_day) {
        snprintf(err, errlen, "--from %d: the runs end at day %.0f", o->from,
                 last_day);
        goto out;
    }
    if (plot_begin(&job, o, "dashboard.png", width_px, height, err, errlen))
        goto out;
    begun = 1;

    const char *gfile[64], *gtitle[64], *gname[64];
    char files[64][32], titles[64][200];
    int any_band = 0, paired_all = 1;
    double ylo[PLOT_MAX_METRICS], yhi[PLOT_MAX_METRICS];
    for (int k = 0; k < nm; k++) {
        ylo[k] = INFINITY;
        yhi[k] = -INFINITY;
    }
    int *order = calloc((size_t)rs.n_runs + 1, sizeof *order);
    if (!order) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (int g = diff; g < rs.n_groups; g++, ng++) {
        const char *shown = runset_display_name(&rs, g, lang);
        int paired = diff && runset_same_seeds(&rs, g, order);
        paired_all &= !diff || paired;
        snprintf(files[ng], sizeof files[ng], "scenario%d.dat", ng + 1);
        if (rs.groups[g].n > 1)
            plot_phrase(titles[ng], sizeof titles[ng], PH_RUNS, lang, shown,
                        rs.groups[g].n);
        else
            snprintf(titles[ng], sizeof titles[ng], "%s", shown);
        mean[ng] = malloc((size_t)(nm ? nm : 1) * rows_max * sizeof(double));
        width[ng] = malloc((size_t)(nm ? nm : 1) * rows_max * sizeof(double));
        if (!mean[ng] || !width[ng]) {
            free(order);
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        for (size_t q = 0; q < (size_t)nm * rows_max; q++)
            mean[ng][q] = width[ng][q] = NAN;
        if (plot_write_line(&job, files[ng], rs.groups[g].name, &gd[g],
                            diff ? &gd[0] : NULL, paired ? order : NULL,
                            metric, nm, o->from, rows_max, ylo, yhi,
                            mean[ng], width[ng], err, errlen)) {
            free(order);
            goto out;
        }
        any_band |= rs.groups[g].n > 1;
        gfile[ng] = files[ng];
        gname[ng] = shown;
        gtitle[ng] = titles[ng];
    }
    free(order);
    if (ch && write_channels(&job, &rs, o->window, nchan, err, errlen))
        goto out;

    FILE *f = job.script;
    char buf[512], note[768] = "";
    fputs("\n# ---- set by cogov plot ----\n", f);
    if (diff)
        plot_phrase(buf, sizeof buf, PH_DIFF_FROM, lang,
                    runset_display_name(&rs, 0, lang), 0);
    gp_set_string(f, "fig_title",
                  o->title  ? o->title
                  : diff    ? buf
                            : label_phrase(PH_COMPARISON, lang));
    if (o->smooth > 1)
        plot_phrase(note, sizeof note, PH_SMOOTHED, lang, NULL, o->smooth);
    if (any_band)
        snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s",
                 note[0] ? label_phrase(PH_SEP, lang) : "",
                 label_phrase(diff ? PH_DIFF_PAIRED : PH_BAND_CI, lang));
    gp_set_string(f, "fig_note", note);
    gp_set_string(f, "xlabel", label_phrase(PH_DAY, lang));
    fprintf(f, "ng = %d\ndiff = %d\n", ng, diff);
    gp_set_array(f, "G_file", gfile, ng);
    gp_set_array(f, "G_title", gtitle, ng);
    gp_set_array(f, "G_name", gname, ng);
    /* in the difference view the reference is black: the others keep the
     * colours they have in the comparison */
    fprintf(f, "color0 = %d\n", diff);
    const char *mt[PLOT_MAX_METRICS], *my[PLOT_MAX_METRICS],
        *mnote[PLOT_MAX_METRICS];
    char ylab[PLOT_MAX_METRICS][200];
    double ystep[PLOT_MAX_METRICS];
    int panel_w = width_px / ncols;
    int panel_h = (int)(top * height) / nrows;
    for (int k = 0; k < nm; k++) {
        mt[k] = label_title(metric[k], lang);
        label_axis(metric[k], lang, ylab[k], sizeof ylab[k]);
        my[k] = ylab[k];
        y_range(&ylo[k], &yhi[k]);
        if (diff && ylo[k] > 0)
            ylo[k] = 0;   /* the zero line is always in view */
        if (diff && yhi[k] < 0)
            yhi[k] = 0;
        ystep[k] = plot_y_step(panel_h, 5.5, ylo[k], yhi[k]);
        mnote[k] = ng >= (diff ? 1 : 2) && any_band &&
                           plot_panel_flat(k, ng, diff, rows_max, mean, width)
                       ? label_phrase(diff ? PH_DIFF_NONE : PH_BELOW_BAND,
                                      lang)
                       : "";
    }
    (void)paired_all;
    fprintf(f, "nm = %d\n", nm);
    gp_set_array(f, "M_title", mt, nm);
    gp_set_array(f, "M_ylabel", my, nm);
    gp_set_array(f, "M_note", mnote, nm);
    gp_set_numbers(f, "M_ymin", ylo, nm);
    gp_set_numbers(f, "M_ymax", yhi, nm);
    gp_set_numbers(f, "M_ystep", ystep, nm);
    fprintf(f, "xstep = %.9g\n",
            plot_x_step(panel_w, 14, o->from > 0 ? o->from : 0, last_day));
    fprintf(f, "xfrom = %d\n", o->from);
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
    for (int g = 0; gd && g < rs.n_groups; g++)
        plot_group_free(&gd[g]);
    free(gd);
    for (int l = 0; l < 64; l++) {
        free(mean[l]);
        free(width[l]);
    }
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
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < nc && day[r] >= o->from; c++)
            if (isfinite(v[r * nc + c])) {
                lo = fmin(lo, v[r * nc + c]);
                hi = fmax(hi, v[r * nc + c]);
            }
    if (rows && o->from > day[rows - 1]) {
        snprintf(err, errlen, "--from %d: the run ends at day %.0f", o->from,
                 day[rows - 1]);
        goto out;
    }
    y_range(&lo, &hi);

    int ncols = (int)ceil(sqrt(1.6 * (double)nc)), nrows;
    if (ncols < 1)
        ncols = 1;
    nrows = ((int)nc + ncols - 1) / ncols;
    double top;
    int height = layout(nrows, 210, &top);
    int width = ncols * 280 < 900 ? 900 : ncols * 280;
    fit_size(o, &width, &height, &top);
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
        if (day[r] < o->from)
            continue;
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
    char buf[512], axis[256], note[sizeof axis + sizeof buf + 64];
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
    /* small panels: tick steps that leave room for every label */
    fprintf(f, "xfrom = %d\nxstep = %.9g\nystep = %.9g\n", o->from,
            plot_x_step(width / ncols, 8, o->from,
                   rows ? day[rows - 1] : 0),
            plot_y_step((int)(top * height) / nrows, 3.8, lo, hi));
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

static struct plot_opts plot_o;
static const char *metric_list;
static int lang_index;

/* --size W,H: inches, or cm where a number ends in "cm" ("in" also
 * allowed); a unit on the last number applies to both */
static int opt_size(void *ctx, const struct opt *row, const char *val)
{
    double v[2];
    char unit[2][4] = {"", ""};
    const char *p = val;
    for (int i = 0; i < 2; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || errno)
            goto bad;
        size_t u = strcspn(end, ",");
        if (u >= sizeof unit[i])
            goto bad;
        memcpy(unit[i], end, u);
        unit[i][u] = 0;
        if (*unit[i] && strcmp(unit[i], "cm") && strcmp(unit[i], "in"))
            goto bad;
        p = end + u;
        if (i == 0 && *p++ != ',')
            goto bad;
    }
    if (*p)
        goto bad;
    if (!*unit[0])
        memcpy(unit[0], unit[1], sizeof unit[0]);
    for (int i = 0; i < 2; i++) {
        v[i] /= !strcmp(unit[i], "cm") ? 2.54 : 1;
        if (!(v[i] >= 1 && v[i] <= 50))
            return msg_error("--size %s: each side must be 1 to 50 inches "
                             "(2.54 to 127 cm)", val);
    }
    plot_o.size_w = v[0];
    plot_o.size_h = v[1];
    return 0;
bad:
    return msg_error("--size '%s': expected W,H in inches or cm, e.g. "
                     "3.5,2.6 or 8.9cm,6.5cm", val);
}

static const struct opt plot_opts_table[] = {
    {"output", 'o', OPT_STRING, "FIG",
     "the figure: .png, .svg or .pdf (default\n"
     "dashboard.png, communities.png or sweep.png)", .target = &plot_o.out},
    {"metrics", 0, OPT_STRING, "A,B,...",
     "panels (see cogov info --metrics); with\n--by-community one "
     "/communities metric\n(default matters_open)", .target = &metric_list},
    {"lang", 0, OPT_CHOICE, "en|zh",
     "labels in English (default) or Chinese", .target = &lang_index,
     .choices = "en,zh"},
    {"by-community", 0, OPT_FLAG, NULL,
     "one panel per community of a single run",
     .target = &plot_o.by_community},
    {"smooth", 0, OPT_INT, "DAYS",
     "trailing mean over DAYS days (default 7; 1: raw)",
     .target = &plot_o.smooth, .lo = 1, .hi = 100000},
    {"window", 0, OPT_INT, "DAYS",
     "final window of the channel bars (default 90)", .target = &plot_o.window,
     .lo = 1, .hi = 100000},
    {"diff-from", 0, OPT_STRING, "SCENARIO",
     "draw each other scenario's difference from\nSCENARIO with its 95% CI, "
     "paired by seed as in\ncogov report", .target = &plot_o.diff_from},
    {"from", 0, OPT_INT, "DAY", "draw from day DAY on (drops a warm-up)",
     .target = &plot_o.from, .lo = 0, .hi = 36500},
    {"size", 0, OPT_CALL, "W,H",
     "figure size in inches, or in cm with a cm\nsuffix: 3.5,2.6 or "
     "8.9cm,6.5cm; text at 9\npoints, PNG at 300 dpi (SVG: 100 px an "
     "inch)", .call = opt_size},
    {"title", 0, OPT_STRING, "TEXT", "figure title", .target = &plot_o.title},
    {"font", 0, OPT_STRING, "NAME",
     "font family (default Sans; zh: Noto Sans CJK SC)",
     .target = &plot_o.font},
    {"keep", 0, OPT_STRING, "DIR",
     "keep the gnuplot script and data in DIR\n"
     "(redraw with `gnuplot plot.gp` there)", .target = &plot_o.keep},
    {"force", 0, OPT_FLAG, NULL, "replace FIG if it exists",
     .target = &plot_o.force},
    {"sweep", 0, OPT_STRING, "DIR",
     "a sweep (the directory of `cogov sweep`):\nread DIR/index.h5",
     .target = &plot_o.sweep},
    {"x", 0, OPT_STRING, "PARAM",
     "sweep: swept parameter on the x axis: a line\n"
     "with its 95% CI over replicates", .target = &plot_o.x},
    {"y", 0, OPT_STRING, "PARAM", "sweep: a second one: a heatmap of the mean",
     .target = &plot_o.y},
    {"z", 0, OPT_STRING, "METRIC",
     "sweep: the final-window metric (/final/METRIC)", .target = &plot_o.z},
    {0}};

static const struct opt_cmd plot_cmd = {
    "plot",
    "usage: cogov plot RUN.h5 [RUN.h5 ...] [options]\n"
    "       cogov plot RUN.h5 --by-community [--metrics NAME] [options]\n"
    "       cogov plot --sweep DIR --x PARAM [--y PARAM] --z METRIC "
    "[options]\n",
    "Draw a figure with gnuplot. Runs of the same scenario (root attribute\n"
    "`scenario`) are replicates: their mean is drawn as a line in a band,\n"
    "the 95% CI of the mean for 3 or more runs, min-max for 2. The default\n"
    "panels are backlog, time in system, satisfaction, trust in\n"
    "government, participation, government spending, and who resolves\n"
    "matters (resolved_by_channel, stacked per scenario over the final\n"
    "window).\n",
    plot_opts_table, NULL, NULL};

/* Split "a,b,c" (modified in place) into o->metric. */
static int parse_metrics(struct plot_opts *po, char *list)
{
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (po->n_metrics == PLOT_MAX_METRICS)
            return msg_error("--metrics: at most %d metrics",
                             PLOT_MAX_METRICS);
        po->metric[po->n_metrics++] = t;
    }
    if (!po->n_metrics)
        return msg_error("--metrics needs names, e.g. --metrics "
                         "matters_open,satisfaction_mean");
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    char *metrics = NULL;
    int rc = 1;
    plot_o = (struct plot_opts){.lang = LANG_EN, .smooth = 7, .window = 90};
    metric_list = NULL;
    lang_index = 0;
    int first = opts_parse(&plot_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    plot_o.runs = argv + first;
    plot_o.n_runs = argc - first;
    plot_o.lang = lang_index ? LANG_ZH : LANG_EN;
    if (metric_list &&
        (!(metrics = strdup(metric_list)) || parse_metrics(&plot_o, metrics)))
        goto out;
    char err[2048];
    int r;
    if (plot_o.sweep) {
        if (plot_o.n_runs || plot_o.by_community || plot_o.n_metrics ||
            plot_o.diff_from || plot_o.from) {
            msg_error("--sweep draws DIR/index.h5: no run files, "
                      "--by-community, --metrics, --diff-from or --from "
                      "with it (the metric is --z)");
            goto out;
        }
        r = plot_sweep(&plot_o, err, sizeof err);
    } else if (plot_o.diff_from && plot_o.by_community) {
        msg_error("--diff-from compares scenarios; --by-community draws one "
                  "run");
        goto out;
    } else if (plot_o.x || plot_o.y || plot_o.z) {
        msg_error("--x, --y and --z go with --sweep DIR");
        goto out;
    } else if (!plot_o.n_runs) {
        opts_help(&plot_cmd, stderr);
        goto out;
    } else {
        r = plot_o.by_community ? plot_communities(&plot_o, err, sizeof err)
                           : plot_dashboard(&plot_o, err, sizeof err);
    }
    rc = r ? msg_error("%s", err) : 0;
out:
    free(metrics);
    return rc;
}
