/* `cogov export`: a run's time series as CSV that R and pandas read with
 * no arguments. Long (tidy) form by default: run, scenario, seed, day,
 * metric, value; --wide gives one row per day and one column per metric.
 * 2-D series expand to metric[column] (e.g. resolved_by_channel[self]). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/opts.h"
#include "io/csv.h"
#include "io/h5in.h"
#include "post/commands.h"

static struct {
    const char *csv;
    int wide, force;
} ex_o;

static const struct opt export_opts[] = {
    {"csv", 0, OPT_STRING, "FILE", "write FILE instead of stdout",
     .target = &ex_o.csv},
    {"wide", 0, OPT_FLAG, NULL,
     "day,<metric>,... one row per day of one run", .target = &ex_o.wide},
    {"force", 0, OPT_FLAG, NULL, "replace FILE if it exists",
     .target = &ex_o.force},
    {0}};

static const struct opt_cmd export_cmd = {
    "export",
    "usage: cogov export RUN.h5 [RUN.h5 ...] [--csv FILE] [--force]\n"
    "       cogov export RUN.h5 --wide [--csv FILE] [--force]\n",
    "Write the time series of runs as CSV (to stdout, or FILE; an existing\n"
    "FILE is replaced only with --force). Missing values are NA.\n"
    "  long form (default): run,scenario,seed,day,metric,value, one row\n"
    "    per run, day and metric (several runs stack)\n"
    "  --wide: day,<metric>,... one row per day of one run\n"
    "Columns of 2-D series are named metric[column], e.g.\n"
    "resolved_by_channel[self]; community series community_<name>[k].\n",
    export_opts, NULL, NULL};

struct series {
    char name[160];
    double *v;
    size_t rows, cols;
    char colnames[1024];
};

/* The k-th comma-separated field of list into out, or its index. */
static void column_name(const char *list, size_t k, char *out, size_t n)
{
    const char *p = list;
    for (size_t i = 0; i < k && p; i++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || !*p || !list[0]) {
        snprintf(out, n, "%zu", k);
        return;
    }
    size_t len = strcspn(p, ",");
    snprintf(out, n, "%.*s", (int)len, p);
}

static void print_value(FILE *o, double v)
{
    if (isnan(v))
        fputs("NA", o);
    else
        fprintf(o, "%.17g", v);
}

/* Load every series of /timeseries and /communities. */
static int load_all(struct h5in *f, struct series **out, int *nout,
                    char *err, size_t errlen)
{
    static const char *groups[] = {"timeseries", "communities"};
    struct series *s = NULL;
    int n = 0;
    for (int g = 0; g < 2; g++) {
        char **names;
        int k = h5in_list(f, groups[g], &names);
        if (k < 0) {
            snprintf(err, errlen, "cannot list /%s", groups[g]);
            return -1;
        }
        struct series *ns = realloc(s, (size_t)(n + k) * sizeof *s);
        if (!ns && n + k) {
            h5in_free_names(names, k);
            free(s);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s = ns;
        for (int i = 0; i < k; i++) {
            struct series *x = &s[n];
            memset(x, 0, sizeof *x);
            if (g == 0 && !strcmp(names[i], "day"))
                snprintf(x->name, sizeof x->name, "day");
            else
                snprintf(x->name, sizeof x->name, "%s%s",
                         g ? "community_" : "", names[i]);
            if (h5in_read(f, groups[g], names[i], &x->v, &x->rows, &x->cols,
                          err, errlen)) {
                h5in_free_names(names, k);
                for (int j = 0; j < n; j++)
                    free(s[j].v);
                free(s);
                return -1;
            }
            if (h5in_series_attr(f, groups[g], names[i], "channels",
                                 x->colnames, sizeof x->colnames) &&
                h5in_series_attr(f, groups[g], names[i], "scopes",
                                 x->colnames, sizeof x->colnames))
                x->colnames[0] = 0;
            n++;
        }
        h5in_free_names(names, k);
    }
    *out = s;
    *nout = n;
    return 0;
}

static void free_series(struct series *s, int n)
{
    for (int i = 0; i < n; i++)
        free(s[i].v);
    free(s);
}

/* Column k of series x: "name" or "name[column]". */
static void series_column(FILE *o, const struct series *x, size_t c)
{
    char col[128];
    if (x->cols == 1) {
        fputs(x->name, o);
        return;
    }
    column_name(x->colnames, c, col, sizeof col);
    fprintf(o, "%s[%s]", x->name, col);
}

static void write_wide(FILE *o, const struct series *s, int n,
                       const struct series *day)
{
    fputs("day", o);
    for (int i = 0; i < n; i++)
        for (size_t c = 0; c < s[i].cols && &s[i] != day; c++) {
            fputc(',', o);
            series_column(o, &s[i], c);
        }
    fputc('\n', o);
    for (size_t r = 0; r < day->rows; r++) {
        fprintf(o, "%.0f", day->v[r]);
        for (int i = 0; i < n; i++)
            for (size_t c = 0; c < s[i].cols && &s[i] != day; c++) {
                fputc(',', o);
                print_value(o, r < s[i].rows ? s[i].v[r * s[i].cols + c]
                                             : NAN);
            }
        fputc('\n', o);
    }
}

static void write_long(FILE *o, const char *run, const char *scenario,
                       int64_t seed, const struct series *s, int n,
                       const struct series *day)
{
    for (int i = 0; i < n; i++) {
        if (&s[i] == day)
            continue;
        for (size_t r = 0; r < s[i].rows && r < day->rows; r++)
            for (size_t c = 0; c < s[i].cols; c++) {
                csv_field(o, run);
                fputc(',', o);
                csv_field(o, scenario);
                fprintf(o, ",%lld,%.0f,", (long long)seed, day->v[r]);
                series_column(o, &s[i], c);
                fputc(',', o);
                print_value(o, s[i].v[r * s[i].cols + c]);
                fputc('\n', o);
            }
    }
}

/* Write the rows of one run file to o. 0, or -1 with err. */
static int export_run(FILE *o, const char *run, int wide, char *err,
                      size_t errlen)
{
    struct h5in *f;
    if (h5in_open(&f, run, H5IN_REQUIRE_COMPLETE, err, errlen))
        return -1;
    char scenario[256] = "";
    int64_t seed = 0;
    h5in_attr_string(f, "scenario", scenario, sizeof scenario);
    h5in_attr_int(f, "seed", &seed);
    struct series *s;
    int n;
    int rc = load_all(f, &s, &n, err, errlen);
    h5in_close(f);
    if (rc)
        return -1;
    const struct series *day = NULL;
    for (int i = 0; i < n; i++)
        if (!strcmp(s[i].name, "day"))
            day = &s[i];
    if (!day) {
        snprintf(err, errlen, "%s: no /timeseries/day", run);
        rc = -1;
    } else if (wide) {
        write_wide(o, s, n, day);
    } else {
        write_long(o, run, scenario, (long long)seed, s, n, day);
    }
    free_series(s, n);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    memset(&ex_o, 0, sizeof ex_o);
    int first = opts_parse(&export_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    const char *csv = ex_o.csv;
    int wide = ex_o.wide, force = ex_o.force, n_runs = argc - first;
    char **runs = argv + first;
    int rc = 1;
    if (!n_runs) {
        opts_help(&export_cmd, stderr);
        goto out;
    }
    if (wide && n_runs > 1) {
        msg_error("export --wide: one run at a time (the long form takes "
                  "several)");
        goto out;
    }
    /* every file checked before a line is written, so that a bad one
     * leaves no half table on stdout */
    char err[1024];
    for (int i = 0; i < n_runs; i++) {
        struct h5in *f;
        if (h5in_open(&f, runs[i], H5IN_REQUIRE_COMPLETE, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        h5in_close(f);
    }
    FILE *o = stdout;
    char tmp[4200];
    if (csv) {
        struct stat st;
        if (!force && stat(csv, &st) == 0) {
            msg_error("%s exists; use --force to replace it", csv);
            goto out;
        }
        snprintf(tmp, sizeof tmp, "%s.partial", csv);
        if (!(o = fopen(tmp, "w"))) {
            msg_error("cannot write %s: %s", tmp, strerror(errno));
            goto out;
        }
    }
    int bad = 0;
    if (!wide)
        fputs("run,scenario,seed,day,metric,value\n", o);
    for (int i = 0; i < n_runs && !bad; i++)
        if (export_run(o, runs[i], wide, err, sizeof err)) {
            msg_error("%s", err);
            bad = 2;
        }
    if (csv) {
        int werr = ferror(o) || fclose(o) != 0;
        if (!bad && (werr || rename(tmp, csv) != 0)) {
            msg_error("cannot write %s: %s", csv, strerror(errno));
            bad = 1;
        }
        if (bad)
            unlink(tmp);
    } else if (!bad && (ferror(o) || fflush(o) != 0)) {
        msg_error("cannot write the CSV: %s", strerror(errno));
        bad = 1;
    }
    rc = bad != 0;
out:
    return rc;
}
