/* `cogov export`: a run's time series as CSV that R and pandas read with
 * no arguments. Long (tidy) form by default: run, scenario, seed, day,
 * metric, value, then community, channel and scope, each in its own
 * column where it applies; --wide gives one row per day and one column per
 * metric (2-D series as metric[column]); --snapshots one row per resident
 * and snapshot day. A FILE ending in .gz (or --gzip) is gzip-compressed
 * through zlib (fopencookie gives the writers an ordinary FILE *). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/msg.h"
#include "base/opts.h"
#include "io/afile.h"
#include "io/csv.h"
#include "io/h5in.h"
#include "post/commands.h"

static struct {
    const char *csv;
    int wide, force, snapshots, gzip, day, day_given;
} ex_o;

static const struct opt export_opts[] = {
    {"csv", 0, OPT_STRING, "FILE",
     "write FILE instead of stdout (FILE.gz: gzip)", .target = &ex_o.csv},
    {"wide", 0, OPT_FLAG, NULL,
     "day,<metric>,... one row per day of one run", .target = &ex_o.wide},
    {"snapshots", 0, OPT_FLAG, NULL,
     "the per-resident snapshots instead of the series", .target =
     &ex_o.snapshots},
    {"day", 0, OPT_INT, "N", "with --snapshots: only the snapshot of day N",
     .target = &ex_o.day, .lo = 0, .hi = 36500},
    {"gzip", 'z', OPT_FLAG, NULL,
     "compress with gzip (also when FILE ends in .gz)", .target = &ex_o.gzip},
    {"force", 0, OPT_FLAG, NULL, "replace FILE if it exists",
     .target = &ex_o.force},
    {0}};

static const struct opt_cmd export_cmd = {
    "export",
    "usage: cogov export RUN.h5 [RUN.h5 ...] [--csv FILE] [options]\n"
    "       cogov export RUN.h5 --wide [--csv FILE] [options]\n"
    "       cogov export RUN.h5 [RUN.h5 ...] --snapshots [--day N] "
    "[options]\n",
    "Write the time series of runs as CSV (to stdout, or FILE; an existing\n"
    "FILE is replaced only with --force). Missing values are NA; a column\n"
    "that does not apply to a row is empty.\n"
    "  long (tidy) form, the default: one row per run, day and value, with\n"
    "    run,scenario,seed,day,metric,value,community,channel,scope:\n"
    "    community (0, 1, ...) for the /communities series, channel for\n"
    "    resolved_by_channel, scope for open_by_scope; several runs stack\n"
    "  --wide: day,<metric>,... one row per day of one run; 2-D series are\n"
    "    metric[column], e.g. resolved_by_channel[self], community series\n"
    "    community_<name>[k]\n"
    "  --snapshots: one row per resident and snapshot day (runs with\n"
    "    output.snapshot_every > 0): run,scenario,seed,day,resident,\n"
    "    community,community_size,building, then every state\n",
    export_opts, NULL, NULL};

/* what the columns of a 2-D series are */
enum col_kind { COL_NONE, COL_COMMUNITY, COL_CHANNEL, COL_SCOPE };

struct series {
    char name[160];             /* the wide form's: community_<metric> */
    enum col_kind kind;
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
            x->kind = g ? COL_COMMUNITY : COL_NONE;
            if (!h5in_series_attr(f, groups[g], names[i], "channels",
                                  x->colnames, sizeof x->colnames))
                x->kind = COL_CHANNEL;
            else if (!h5in_series_attr(f, groups[g], names[i], "scopes",
                                       x->colnames, sizeof x->colnames))
                x->kind = COL_SCOPE;
            else
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

/* The long form's columns after run,scenario,seed,day */
static const char long_header[] =
    "run,scenario,seed,day,metric,value,community,channel,scope\n";

static void write_long(FILE *o, const char *run, const char *scenario,
                       int64_t seed, const struct series *s, int n,
                       const struct series *day)
{
    for (int i = 0; i < n; i++) {
        if (&s[i] == day)
            continue;
        const struct series *x = &s[i];
        for (size_t r = 0; r < x->rows && r < day->rows; r++)
            for (size_t c = 0; c < x->cols; c++) {
                char col[128] = "";
                if (x->kind == COL_CHANNEL || x->kind == COL_SCOPE)
                    column_name(x->colnames, c, col, sizeof col);
                csv_field(o, run);
                fputc(',', o);
                csv_field(o, scenario);
                fprintf(o, ",%lld,%.0f,", (long long)seed, day->v[r]);
                /* the bare metric name: no community_ prefix */
                csv_field(o, x->name + (x->kind == COL_COMMUNITY
                                            ? strlen("community_")
                                            : 0));
                fputc(',', o);
                print_value(o, x->v[r * x->cols + c]);
                if (x->kind == COL_COMMUNITY)
                    fprintf(o, ",%zu,,\n", c);
                else if (x->kind == COL_CHANNEL)
                    fprintf(o, ",,%s,\n", col);
                else if (x->kind == COL_SCOPE)
                    fprintf(o, ",,,%s\n", col);
                else
                    fputs(",,,\n", o);
            }
    }
}

/* The snapshot columns written first, in this order; every other array
 * of a snapshot follows in HDF5 name order. */
static const char *const snap_first[] = {"community", "building"};

/* Rows of every snapshot of one open run (or only day `only` if >= 0):
 * run,scenario,seed,day,resident,community,community_size,building,
 * then the states. 0, or -1 with err. */
static int write_snapshots(FILE *o, struct h5in *f, const char *run,
                           const char *scenario, int64_t seed, int only,
                           int header, char *err, size_t errlen)
{
    char **days = NULL, **names = NULL;
    int nd = h5in_list(f, "snapshots", &days), nn = 0, rc = -1, written = 0;
    double **col = NULL, *size = NULL;
    if (nd <= 0) {
        snprintf(err, errlen, "%s: no snapshots (run with --set "
                 "output.snapshot_every=N)", run);
        goto out;
    }
    for (int d = 0; d < nd; d++) {
        int day = atoi(days[d] + strlen("day_"));
        if (only >= 0 && day != only)
            continue;
        char grp[64];
        snprintf(grp, sizeof grp, "snapshots/%s/residents", days[d]);
        nn = h5in_list(f, grp, &names);
        if (nn <= 0 || !(col = calloc((size_t)nn, sizeof *col))) {
            snprintf(err, errlen, "%s: cannot read /%s", run, grp);
            goto out;
        }
        /* the first columns, then the others by name */
        int order[64], no = 0;
        for (size_t k = 0; k < 2; k++)
            for (int j = 0; j < nn; j++)
                if (!strcmp(names[j], snap_first[k]))
                    order[no++] = j;
        if (no != 2) {
            snprintf(err, errlen, "%s: /%s has no community or building "
                     "(written by an older cogov?)", run, grp);
            goto out;
        }
        for (int j = 0; j < nn && no < 64; j++)
            if (strcmp(names[j], snap_first[0]) &&
                strcmp(names[j], snap_first[1]))
                order[no++] = j;
        size_t len = 0;
        for (int j = 0; j < nn; j++) {
            size_t rows, cols;
            if (h5in_read(f, grp, names[j], &col[j], &rows, &cols, err,
                          errlen))
                goto out;
            if (j && rows != len) {
                snprintf(err, errlen, "%s: /%s: arrays of unequal length",
                         run, grp);
                goto out;
            }
            len = rows;
        }
        /* community sizes of this day, from the community of each
         * resident (communities are numbered 0..n-1) */
        const double *com = col[order[0]];
        size_t ncom = 0;
        for (size_t i = 0; i < len; i++)
            if (com[i] + 1 > (double)ncom)
                ncom = (size_t)com[i] + 1;
        free(size);
        if (!(size = calloc(ncom + 1, sizeof *size))) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < len; i++)
            size[(size_t)com[i]] += 1;
        if (header && !written++) {
            fputs("run,scenario,seed,day,resident,community,community_size,"
                  "building", o);
            for (int k = 2; k < no; k++)
                fprintf(o, ",%s", names[order[k]]);
            fputc('\n', o);
        }
        written = 1;
        for (size_t i = 0; i < len; i++) {
            csv_field(o, run);
            fputc(',', o);
            csv_field(o, scenario);
            fprintf(o, ",%lld,%d,%zu,%.0f,%.0f,%.0f", (long long)seed, day, i,
                    com[i], size[(size_t)com[i]], col[order[1]][i]);
            /* the states are 32-bit: 9 digits give each back exactly */
            for (int k = 2; k < no; k++)
                fprintf(o, ",%.9g", col[order[k]][i]);
            fputc('\n', o);
        }
        for (int j = 0; j < nn; j++)
            free(col[j]);
        free(col);
        col = NULL;
        h5in_free_names(names, nn);
        names = NULL;
    }
    if (!written) {
        snprintf(err, errlen, "%s: no snapshot of day %d", run, only);
        goto out;
    }
    rc = 0;
out:
    for (int j = 0; col && j < nn; j++)
        free(col[j]);
    free(col);
    free(size);
    if (names)
        h5in_free_names(names, nn);
    if (days)
        h5in_free_names(days, nd);
    return rc;
}

/* Write the rows of one run file to o. 0, or -1 with err. */
static int export_run(FILE *o, const char *run, int first, char *err,
                      size_t errlen)
{
    struct h5in *f;
    if (h5in_open(&f, run, H5IN_REQUIRE_COMPLETE, err, errlen))
        return -1;
    char scenario[256] = "";
    int64_t seed = 0;
    h5in_attr_string(f, "scenario", scenario, sizeof scenario);
    h5in_attr_int(f, "seed", &seed);
    if (ex_o.snapshots) {
        int rc = write_snapshots(o, f, run, scenario, seed,
                                 ex_o.day_given ? ex_o.day : -1, first, err,
                                 errlen);
        h5in_close(f);
        return rc;
    }
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
    } else if (ex_o.wide) {
        write_wide(o, s, n, day);
    } else {
        if (first)
            fputs(long_header, o);
        write_long(o, run, scenario, (long long)seed, s, n, day);
    }
    free_series(s, n);
    return rc;
}

/* gzip through zlib behind a FILE * (glibc's fopencookie) */
static ssize_t gz_write(void *c, const char *buf, size_t n)
{
    if (!n)
        return 0;
    int w = gzwrite((gzFile)c, buf, (unsigned)n);
    return w > 0 ? (ssize_t)w : -1;
}

static int gz_close(void *c)
{
    return gzclose((gzFile)c) == Z_OK ? 0 : -1;
}

/* A FILE * that compresses into a descriptor of its own of the file open
 * as fd (stdout, or a final file's partial), or NULL. */
static FILE *gz_fopen(int of)
{
    int fd = fcntl(of, F_DUPFD_CLOEXEC, 0);
    gzFile z = fd >= 0 ? gzdopen(fd, "wb") : NULL;
    if (!z) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    cookie_io_functions_t io = {NULL, gz_write, NULL, gz_close};
    FILE *f = fopencookie(z, "w", io);
    if (!f)
        gzclose(z);
    return f;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && !strcmp(s + n - k, tail);
}

int cmd_export(int argc, char **argv)
{
    memset(&ex_o, 0, sizeof ex_o);
    ex_o.day = -1;
    int first = opts_parse(&export_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    const char *csv = ex_o.csv;
    int n_runs = argc - first;
    int gz = ex_o.gzip || (csv && ends_with(csv, ".gz"));
    char **runs = argv + first;
    int rc = 1;
    if (!n_runs) {
        opts_help(&export_cmd, stderr);
        goto out;
    }
    if (ex_o.wide && n_runs > 1) {
        msg_error("export --wide: one run at a time (the long form takes "
                  "several)");
        goto out;
    }
    if (ex_o.wide && ex_o.snapshots) {
        msg_error("export: --wide or --snapshots, not both");
        goto out;
    }
    ex_o.day_given = ex_o.day >= 0;
    if (ex_o.day_given && !ex_o.snapshots) {
        msg_error("export: --day picks a snapshot; give --snapshots too");
        goto out;
    }
    if (gz && !csv && isatty(STDOUT_FILENO)) {
        msg_error("export --gzip: not to a terminal; give --csv FILE.gz or "
                  "redirect");
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
    struct afile af;
    if (csv) {
        if (!gz) {
            if (!(o = afile_fopen(&af, csv, ex_o.force, err, sizeof err))) {
                msg_error("%s", err);
                goto out;
            }
        } else if (afile_begin(&af, csv, ex_o.force, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        } else if (!(o = gz_fopen(af.fd))) {
            msg_error("cannot write %s: %s", af.partial, strerror(errno));
            afile_end(&af, 1);
            goto out;
        }
    } else if (gz) {
        fflush(stdout);
        if (!(o = gz_fopen(STDOUT_FILENO))) {
            msg_error("cannot compress to stdout: %s", strerror(errno));
            goto out;
        }
    }
    int bad = 0;
    for (int i = 0; i < n_runs && !bad; i++)
        if (export_run(o, runs[i], i == 0, err, sizeof err)) {
            msg_error("%s", err);
            bad = 2;
        }
    if (csv) {
        if (afile_fclose(&af, o, bad, err, sizeof err) && !bad) {
            msg_error("%s", err);
            bad = 1;
        }
    } else if (gz) {
        int werr = ferror(o) != 0;
        werr |= fclose(o) != 0;
        if (!bad && werr) {
            msg_error("cannot write the CSV: %s", strerror(errno));
            bad = 1;
        }
    } else if (!bad && (ferror(o) || fflush(o) != 0)) {
        msg_error("cannot write the CSV: %s", strerror(errno));
        bad = 1;
    }
    rc = bad != 0;
out:
    return rc;
}
