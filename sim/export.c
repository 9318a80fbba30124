/* `cogov export`: a run's time series as CSV that R and pandas read with
 * no arguments. Long (tidy) form by default: run, scenario, seed, day,
 * metric, value; --wide gives one row per day and one column per metric.
 * 2-D series expand to metric[column] (e.g. resolved_by_channel[self]). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "h5in.h"

static const char *usage_export =
    "usage: cogov export RUN.h5 [--csv FILE] [--wide]\n"
    "\n"
    "Write the time series of RUN.h5 as CSV (to stdout, or FILE).\n"
    "  long form (default): run,scenario,seed,day,metric,value\n"
    "  --wide: day,<metric>,... one row per day\n"
    "Columns of 2-D series are named metric[column], e.g.\n"
    "resolved_by_channel[self]; community series community_<name>[k].\n";

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

int cmd_export(int argc, char **argv)
{
    const char *run = NULL, *csv = NULL;
    int wide = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(usage_export, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--csv")) {
            if (i + 1 >= argc)
                return cli_error("--csv needs a file name");
            csv = argv[++i];
        } else if (!strcmp(argv[i], "--wide")) {
            wide = 1;
        } else if (argv[i][0] == '-') {
            return cli_error("export: unknown option '%s' (see cogov export "
                             "--help)", argv[i]);
        } else if (run) {
            return cli_error("export: one run at a time");
        } else {
            run = argv[i];
        }
    }
    if (!run) {
        fputs(usage_export, stderr);
        return 1;
    }
    char err[1024];
    struct h5in *f;
    if (h5in_open(&f, run, H5IN_REQUIRE_COMPLETE, err, sizeof err))
        return cli_error("%s", err);
    char scenario[256] = "";
    int64_t seed = 0;
    h5in_attr_string(f, "scenario", scenario, sizeof scenario);
    h5in_attr_int(f, "seed", &seed);
    struct series *s;
    int n;
    if (load_all(f, &s, &n, err, sizeof err)) {
        h5in_close(f);
        return cli_error("%s", err);
    }
    h5in_close(f);

    int rc = 0;
    FILE *o = stdout;
    char tmp[4096];
    if (csv) {
        snprintf(tmp, sizeof tmp, "%s.partial", csv);
        o = fopen(tmp, "w");
        if (!o) {
            rc = cli_error("cannot write %s: %s", tmp, strerror(errno));
            goto out;
        }
    }
    const struct series *day = NULL;
    for (int i = 0; i < n; i++)
        if (!strcmp(s[i].name, "day"))
            day = &s[i];
    if (!day) {
        rc = cli_error("%s: no /timeseries/day", run);
        goto out;
    }
    char col[128];
    if (wide) {
        fputs("day", o);
        for (int i = 0; i < n; i++) {
            if (&s[i] == day)
                continue;
            for (size_t c = 0; c < s[i].cols; c++) {
                if (s[i].cols == 1) {
                    fprintf(o, ",%s", s[i].name);
                } else {
                    column_name(s[i].colnames, c, col, sizeof col);
                    fprintf(o, ",%s[%s]", s[i].name, col);
                }
            }
        }
        fputc('\n', o);
        for (size_t r = 0; r < day->rows; r++) {
            fprintf(o, "%.0f", day->v[r]);
            for (int i = 0; i < n; i++) {
                if (&s[i] == day)
                    continue;
                for (size_t c = 0; c < s[i].cols; c++) {
                    fputc(',', o);
                    print_value(o, r < s[i].rows ? s[i].v[r * s[i].cols + c]
                                                 : NAN);
                }
            }
            fputc('\n', o);
        }
    } else {
        fputs("run,scenario,seed,day,metric,value\n", o);
        for (int i = 0; i < n; i++) {
            if (&s[i] == day)
                continue;
            for (size_t r = 0; r < s[i].rows && r < day->rows; r++)
                for (size_t c = 0; c < s[i].cols; c++) {
                    fprintf(o, "%s,%s,%lld,%.0f,", run, scenario,
                            (long long)seed, day->v[r]);
                    if (s[i].cols == 1) {
                        fputs(s[i].name, o);
                    } else {
                        column_name(s[i].colnames, c, col, sizeof col);
                        fprintf(o, "%s[%s]", s[i].name, col);
                    }
                    fputc(',', o);
                    print_value(o, s[i].v[r * s[i].cols + c]);
                    fputc('\n', o);
                }
        }
    }
    if (csv) {
        if (fclose(o) != 0 || rename(tmp, csv) != 0)
            rc = cli_error("cannot write %s: %s", csv, strerror(errno));
        o = NULL;
    }
out:
    if (o && o != stdout)
        fclose(o);
    for (int i = 0; i < n; i++)
        free(s[i].v);
    free(s);
    return rc;
}
