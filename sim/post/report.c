/* `cogov report` (see report.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/opts.h"
#include "io/afile.h"
#include "io/csv.h"
#include "post/commands.h"
#include "post/labels.h"
#include "post/report.h"
#include "post/summary.h"

void report_free(struct report *r)
{
    for (int i = 0; r->metric && i < r->n_metrics; i++)
        free(r->metric[i]);
    free(r->metric);
    free(r->units);
    free(r->cell);
    memset(r, 0, sizeof *r);
}

/* The metric names to report into r->metric. */
static int choose_metrics(struct report *r, const struct summary *first,
                          const char *const *metrics, int nm, char *err,
                          size_t errlen)
{
    int all = nm == 1 && !strcmp(metrics[0], "all");
    int cap = all ? first->n : nm ? nm : n_metric_labels;
    r->metric = calloc((size_t)cap + 1, sizeof *r->metric);
    r->units = calloc((size_t)cap + 1, sizeof *r->units);
    if (!r->metric || !r->units)
        goto oom;
    for (int i = 0; i < cap; i++) {
        const char *m;
        if (all)
            m = first->names[i];
        else if (nm)
            m = metrics[i];
        else if (metric_labels[i].flags & LABEL_REPORT)
            m = metric_labels[i].name;
        else
            continue;
        if (summary_find(first, m) < 0) {
            int used = snprintf(err, errlen, "unknown metric '%s'; metrics "
                                "with one value a day are:", m);
            for (int k = 0; k < first->n && used > 0 && (size_t)used < errlen;
                 k++)
                used += snprintf(err + used, errlen - (size_t)used, "%s%s",
                                 k ? ", " : " ", first->names[k]);
            return -1;
        }
        const char *u = label_units(m);
        r->units[r->n_metrics] = u ? u : "";
        if (!(r->metric[r->n_metrics++] = strdup(m)))
            goto oom;
    }
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    return -1;
}

/* Replicate values of metric m in group g, ordered like the reference
 * group's seeds when paired. */
static void group_values(const struct runset *rs, const struct summary *s,
                         int g, const char *m, double *out)
{
    const struct run_group *grp = &rs->groups[g];
    for (int i = 0; i < grp->n; i++) {
        const struct summary *x = &s[grp->run[i]];
        int k = summary_find(x, m);
        out[i] = k >= 0 ? x->mean[k] : NAN;
    }
}

int report_compute(const struct runset *rs, const char *const *metrics,
                   int nm, int window, struct report *r, char *err,
                   size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->rs = rs;
    r->n_groups = rs->n_groups;
    int n = rs->n_runs, rc = -1;
    struct summary *s = calloc((size_t)n + 1, sizeof *s);
    double *a = calloc((size_t)n + 1, sizeof *a);
    double *b = calloc((size_t)n + 1, sizeof *b);
    double *bp = calloc((size_t)n + 1, sizeof *bp);
    int *order = calloc((size_t)n + 1, sizeof *order);
    if (!s || !a || !b || !bp || !order) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (summary_read(rs->runs[i].f, window, &s[i], err, errlen)) {
            char why[512];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, errlen, "%s: %s", rs->runs[i].path, why);
            goto out;
        }
    if (choose_metrics(r, &s[0], metrics, nm, err, errlen))
        goto out;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < r->n_metrics; k++)
            if (summary_find(&s[i], r->metric[k]) < 0) {
                snprintf(err, errlen, "%s has no metric '%s': written by "
                         "another version of cogov?", rs->runs[i].path,
                         r->metric[k]);
                goto out;
            }
    r->window = s[0].window;
    r->days = s[0].days;
    r->cell = calloc((size_t)r->n_metrics * (size_t)r->n_groups + 1,
                     sizeof *r->cell);
    if (!r->cell) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (int k = 0; k < r->n_metrics; k++) {
        const struct run_group *ref = &rs->groups[0];
        group_values(rs, s, 0, r->metric[k], a);
        for (int g = 0; g < r->n_groups; g++) {
            struct report_cell *c = &r->cell[k * r->n_groups + g];
            const struct run_group *grp = &rs->groups[g];
            group_values(rs, s, g, r->metric[k], b);
            c->value = stats_mean_ci(b, grp->n);
            if (g == 0) {
                c->diff = (struct estimate){NAN, NAN, NAN, 0};
            } else if (runset_same_seeds(rs, g, order)) {
                for (int i = 0; i < ref->n; i++)
                    bp[i] = b[order[i]];
                c->diff = stats_paired_diff(a, bp, ref->n);
                c->paired = 1;
            } else {
                c->diff = stats_welch_diff(a, ref->n, b, grp->n);
            }
        }
    }
    rc = 0;
out:
    for (int i = 0; s && i < n; i++)
        summary_free(&s[i]);
    free(s);
    free(a);
    free(b);
    free(bp);
    free(order);
    if (rc)
        report_free(r);
    return rc;
}

/* Numbers for people: 4 significant digits, whole numbers from 1000. */
static void num(char *buf, size_t n, double x, int sign)
{
    if (isnan(x))
        snprintf(buf, n, "NA");
    else if (fabs(x) >= 1000 && fabs(x) < 1e9)
        snprintf(buf, n, sign ? "%+.0f" : "%.0f", x);
    else
        snprintf(buf, n, sign ? "%+.4g" : "%.4g", x);
}

static void interval(char *buf, size_t n, const struct estimate *e, int sign)
{
    char lo[32], hi[32];
    if (isnan(e->lo)) {
        snprintf(buf, n, "NA");
        return;
    }
    num(lo, sizeof lo, e->lo, sign);
    num(hi, sizeof hi, e->hi, sign);
    snprintf(buf, n, "[%s, %s]", lo, hi);
}

static void csv_num(FILE *f, double x)
{
    if (isnan(x))
        fputs(",NA", f);
    else
        fprintf(f, ",%.17g", x);
}

static void write_csv(const struct report *r, FILE *f)
{
    const char *ref = r->rs->groups[0].name;
    fputs("metric,units,scenario,n,mean,ci_low,ci_high,reference,diff,"
          "diff_low,diff_high,diff_method,window_days\n", f);
    for (int k = 0; k < r->n_metrics; k++)
        for (int g = 0; g < r->n_groups; g++) {
            const struct report_cell *c = &r->cell[k * r->n_groups + g];
            csv_field(f, r->metric[k]);
            fputc(',', f);
            csv_field(f, r->units[k]);
            fputc(',', f);
            csv_field(f, r->rs->groups[g].name);
            fprintf(f, ",%d", c->value.n);
            csv_num(f, c->value.mean);
            csv_num(f, c->value.lo);
            csv_num(f, c->value.hi);
            fputc(',', f);
            csv_field(f, ref);
            csv_num(f, c->diff.mean);
            csv_num(f, c->diff.lo);
            csv_num(f, c->diff.hi);
            fprintf(f, ",%s,%d\n",
                    g == 0 ? "NA" : c->paired ? "paired" : "welch",
                    r->window);
        }
}

static void write_table(const struct report *r, FILE *f, int md)
{
    const char *ref = r->rs->groups[0].name;
    int anywelch = 0, anypaired = 0;
    for (int q = 0; q < r->n_metrics * r->n_groups; q++)
        if (q % r->n_groups) {
            anypaired |= r->cell[q].paired;
            anywelch |= !r->cell[q].paired;
        }
    fprintf(f, "%sMeans of the last %d days of %d (per run), then mean and "
            "95%% CI over replicates;\ndifferences from '%s'%s.\n\n",
            md ? "" : "cogov report: ", r->window, r->days, ref,
            anypaired && anywelch ? ", paired by seed where the seeds match, "
                                    "else Welch"
            : anypaired ? ", paired by seed (common random numbers)"
            : r->n_groups > 1 ? " (Welch: the seeds differ)" : "");
    char diffhead[200];
    snprintf(diffhead, sizeof diffhead, "diff vs %s", ref);
    int wm = 6, ws = 8;
    for (int k = 0; k < r->n_metrics; k++) {
        int w = (int)(strlen(r->metric[k]) + strlen(r->units[k]) + 3);
        wm = w > wm ? w : wm;
    }
    for (int g = 0; g < r->n_groups; g++) {
        int w = (int)strlen(r->rs->groups[g].name);
        ws = w > ws ? w : ws;
    }
    if (md)
        fprintf(f, "| metric | scenario | n | mean | 95%% CI | %s | 95%% CI "
                "|\n|---|---|--:|--:|---|--:|---|\n", diffhead);
    else
        fprintf(f, "%-*s  %-*s  %3s  %10s  %-24s  %12s  %s\n", wm, "metric",
                ws, "scenario", "n", "mean", "95% CI", diffhead, "95% CI");
    for (int k = 0; k < r->n_metrics; k++) {
        char name[256];
        if (r->units[k][0] && strcmp(r->units[k], "1"))
            snprintf(name, sizeof name, "%s [%s]", r->metric[k], r->units[k]);
        else
            snprintf(name, sizeof name, "%s", r->metric[k]);
        for (int g = 0; g < r->n_groups; g++) {
            const struct report_cell *c = &r->cell[k * r->n_groups + g];
            char m[32], ci[80], d[32], dci[80];
            num(m, sizeof m, c->value.mean, 0);
            interval(ci, sizeof ci, &c->value, 0);
            if (g) {
                num(d, sizeof d, c->diff.mean, 1);
                interval(dci, sizeof dci, &c->diff, 1);
            } else {
                d[0] = dci[0] = 0;
            }
            const char *shown = g ? "" : name;
            if (md)
                fprintf(f, "| %s | %s | %d | %s | %s | %s | %s |\n", shown,
                        r->rs->groups[g].name, c->value.n, m, ci, d, dci);
            else
                fprintf(f, "%-*s  %-*s  %3d  %10s  %-24s  %12s  %s\n", wm,
                        shown, ws, r->rs->groups[g].name, c->value.n, m, ci,
                        d, dci);
        }
    }
}

int report_write(const struct report *r, enum report_format fmt, FILE *f)
{
    if (fmt == REPORT_CSV)
        write_csv(r, f);
    else
        write_table(r, f, fmt == REPORT_MARKDOWN);
    return ferror(f) ? -1 : 0;
}

static struct {
    const char *out, *metrics, *reference;
    int format, window, force;
} rep_o;

static const struct opt report_opts[] = {
    {"format", 0, OPT_CHOICE, "text|markdown|csv", "(default text)",
     .target = &rep_o.format, .choices = "text,markdown,csv"},
    {"window", 0, OPT_INT, "DAYS",
     "final window (default 90; the whole run if shorter)",
     .target = &rep_o.window, .lo = 1, .hi = 100000},
    {"metrics", 0, OPT_STRING, "A,B,...",
     "metrics (default: key metrics; `all`: every one)",
     .target = &rep_o.metrics},
    {"output", 'o', OPT_STRING, "FILE",
     "write FILE (refused if it exists, unless --force)",
     .target = &rep_o.out},
    {"force", 0, OPT_FLAG, NULL, "replace FILE", .target = &rep_o.force},
    {"reference", 0, OPT_STRING, "NAME",
     "differences from scenario NAME (default: the\nscenario of the first "
     "run given)", .target = &rep_o.reference},
    {0}};

static const struct opt_cmd report_cmd = {
    "report", "usage: cogov report RUN.h5 [RUN.h5 ...] [options]\n",
    "A table of key metrics per scenario: the mean of each run over its\n"
    "final window, then the mean over a scenario's replicates (runs with\n"
    "the same root attribute `scenario`) with its 95% CI (Student t), and\n"
    "the difference from the first scenario given (or --reference) with\n"
    "its 95% CI, paired by seed when both ran the same seeds (common random\n"
    "numbers), else Welch's.\n",
    report_opts, NULL, NULL};

int cmd_report(int argc, char **argv)
{
    const char *metrics[64], *out;
    char *mlist = NULL;
    int n_runs, nm = 0, window, force, rc = 1;
    enum report_format fmt;
    memset(&rep_o, 0, sizeof rep_o);
    int first = opts_parse(&report_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    char **runs = argv + first;
    n_runs = argc - first;
    out = rep_o.out;
    window = rep_o.window;
    force = rep_o.force;
    fmt = rep_o.format == 0   ? REPORT_TEXT
          : rep_o.format == 1 ? REPORT_MARKDOWN
                              : REPORT_CSV;
    if (rep_o.metrics) {
        if (!(mlist = strdup(rep_o.metrics))) {
            msg_error("out of memory");
            goto out;
        }
        for (char *save = NULL, *t = strtok_r(mlist, ",", &save); t;
             t = strtok_r(NULL, ",", &save)) {
            if (nm == 64) {
                msg_error("--metrics: at most 64 names");
                goto out;
            }
            metrics[nm++] = t;
        }
    }
    if (!n_runs) {
        opts_help(&report_cmd, stderr);
        goto out;
    }
    char err[2048];
    struct runset rs;
    struct report r;
    if (runset_open(&rs, runs, n_runs, err, sizeof err) ||
        (rep_o.reference &&
         runset_reference(&rs, rep_o.reference, err, sizeof err)) ||
        report_compute(&rs, metrics, nm, window, &r, err, sizeof err)) {
        runset_free(&rs);
        msg_error("%s", err);
        goto out;
    }
    FILE *f = stdout;
    struct afile af;
    if (out && !(f = afile_fopen(&af, out, force, err, sizeof err))) {
        msg_error("%s", err);
        goto done;
    }
    int bad = report_write(&r, fmt, f);
    if (out) {
        snprintf(err, sizeof err, "cannot write %s", out);
        if (afile_fclose(&af, f, bad, err, sizeof err)) {
            msg_error("%s", err);
            goto done;
        }
    } else if (bad || fflush(stdout) != 0) {
        msg_error("cannot write the report");
        goto done;
    }
    rc = 0;
done:
    report_free(&r);
    runset_free(&rs);
out:
    free(mlist);
    return rc;
}
