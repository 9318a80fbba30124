/* Unit tests of the analysis side: replicate statistics against textbook
 * t quantiles, the label table against observe.c, reports and the CSV
 * export on synthetic run files whose final-window means are known in
 * closed form, and sweep figures on an index.h5 written here in the format
 * agreed with the sweeps module (docs/MODEL.md section 8). */
#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "base/stats.h"
#include "engine/observe.h"
#include "io/h5out.h"
#include "io/h5params.h"
#include "post/commands.h"
#include "post/labels.h"
#include "post/plot.h"
#include "post/report.h"
#include "post/runset.h"
#include "unit.h"

/* Student t, 0.975 quantiles, from printed tables (e.g. NIST/SEMATECH
 * e-Handbook, table 1.3.6.7.2). */
#define T975_1 12.706
#define T975_2 4.303
#define T975_3 3.182
#define T975_4 2.776
#define T975_10 2.228
#define T975_30 2.042

static char tmpdir[512];

static void rmtree(const char *path);
/* KEEP_TMP=1 keeps the files for a look at the figures */
static void cleanup(void)
{
    if (!getenv("KEEP_TMP"))
        rmtree(tmpdir);
}

/* tmpdir/name; the directory is made on first use, removed at exit. */
static const char *tmp(const char *name)
{
    static char buf[8][1024];
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/cogov_analysis_XXXXXX",
                 base && base[0] ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(cleanup);
    }
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[2048];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rmtree(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---------------------------------------------------------------- */
/* statistics                                                        */

TEST(t_quantiles_match_tables)
{
    CHECK_NEAR(stats_t_quantile(0.975, 1), T975_1, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.975, 2), T975_2, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.975, 3), T975_3, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.975, 4), T975_4, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.975, 10), T975_10, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.975, 30), T975_30, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.95, 5), 2.015, 5e-4);
    CHECK_NEAR(stats_t_quantile(0.995, 8), 3.355, 5e-4);
    /* large df tends to the normal quantile 1.95996 */
    CHECK_NEAR(stats_t_quantile(0.975, 1e7), 1.95996, 1e-4);
    CHECK_NEAR(stats_t_quantile(0.025, 4), -T975_4, 5e-4);
    CHECK_EQ_INT(stats_t_quantile(0.5, 3) == 0, 1);
    /* fractional df (Welch) lies between its neighbours */
    double q = stats_t_quantile(0.975, 2.5);
    CHECK(q < T975_2 && q > T975_3);
    CHECK(isnan(stats_t_quantile(1.0, 3)));
    CHECK(isnan(stats_t_quantile(0.9, 0)));
}

TEST(mean_interval_and_bands)
{
    double x[] = {1, 2, 3, 4};
    struct estimate e = stats_mean_ci(x, 4);
    double half = T975_3 * sqrt(5.0 / 3.0) / 2; /* sd^2 = 5/3, se = sd/2 */
    CHECK_NEAR(e.mean, 2.5, 1e-12);
    CHECK_NEAR(e.hi - e.mean, half, 2e-3);
    CHECK_NEAR(e.mean - e.lo, half, 2e-3);
    CHECK_EQ_INT(e.n, 4);
    double y[] = {5, NAN, 9};
    e = stats_band(y, 3);         /* two values: min-max */
    CHECK_EQ_INT(e.n, 2);
    CHECK_NEAR(e.mean, 7, 1e-12);
    CHECK_NEAR(e.lo, 5, 0);
    CHECK_NEAR(e.hi, 9, 0);
    e = stats_band(y, 1);         /* one value: no band */
    CHECK(isnan(e.lo) && isnan(e.hi));
    CHECK_NEAR(e.mean, 5, 0);
    double z[] = {3, 3, 3};
    e = stats_mean_ci(z, 3);      /* no spread: a zero-width interval */
    CHECK_NEAR(e.lo, 3, 0);
    CHECK_NEAR(e.hi, 3, 0);
}

TEST(differences_paired_and_welch)
{
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    /* equal variances (1) and sizes: Welch's df is exactly 4 */
    struct estimate w = stats_welch_diff(a, 3, b, 3);
    CHECK_NEAR(w.mean, 3, 1e-12);
    CHECK_NEAR(w.hi - w.mean, T975_4 * sqrt(2.0 / 3.0), 2e-3);
    /* paired: differences 3, 3, 3 have no spread */
    struct estimate p = stats_paired_diff(a, b, 3);
    CHECK_NEAR(p.mean, 3, 1e-12);
    CHECK_NEAR(p.lo, 3, 1e-12);
    double c[] = {2, 2, 7};       /* differences 1, 0, 4: sd^2 = 13/3 */
    p = stats_paired_diff(a, c, 3);
    CHECK_NEAR(p.mean, 5.0 / 3, 1e-12);
    CHECK_NEAR(p.hi - p.mean, T975_2 * sqrt(13.0 / 9), 2e-3);
    double one[] = {1};
    w = stats_welch_diff(one, 1, b, 3);
    CHECK(isnan(w.lo));
}

/* ---------------------------------------------------------------- */
/* labels                                                            */

TEST(every_metric_has_labels_in_both_languages)
{
    for (int k = 0; k < N_METRICS; k++) {
        const struct metric_label *l = label_find(metric_defs[k].name);
        CHECK(l != NULL);
        if (!l) {
            fprintf(stderr, "  no label row for %s\n", metric_defs[k].name);
            continue;
        }
        for (int g = 0; g < N_LANGS; g++)
            CHECK(l->title[g][0] && l->axis[g][0]);
    }
    for (int i = 0; i < n_metric_labels; i++) {
        /* every row names an output: a metric, or one of the 2-D series */
        CHECK(label_units(metric_labels[i].name) != NULL);
        if (metric_labels[i].flags & LABEL_COMMUNITY) {
            int found = 0;
            for (int k = 0; k < N_COMMUNITY_METRICS; k++)
                found |= !strcmp(community_metric_defs[k].name,
                                 metric_labels[i].name);
            CHECK(found);
        }
    }
    for (int c = 0; c < N_CHANNELS; c++)
        CHECK(strcmp(label_channel(c, LANG_EN), label_channel(c, LANG_ZH)));
    char buf[256];
    label_axis("matters_open", LANG_EN, buf, sizeof buf);
    CHECK_STR_CONTAINS(buf, "(matters)");
    label_axis("matters_open", LANG_ZH, buf, sizeof buf);
    CHECK_STR_CONTAINS(buf, "（件）");
    label_axis("satisfaction_mean", LANG_EN, buf, sizeof buf);
    CHECK(!strchr(buf, '('));     /* dimensionless: no units */
    label_axis("gov_spending", LANG_ZH, buf, sizeof buf);
    CHECK_STR_CONTAINS(buf, "元/日");
    CHECK_EQ_INT(label_lang("zh"), LANG_ZH);
    CHECK_EQ_INT(label_lang("fr"), -1);
}

/* ---------------------------------------------------------------- */
/* synthetic runs                                                    */

enum { DAYS = 50 };

static const char *const channels =
    "self,tie,market,community,deliberation,socorg,volunteer,mediation,"
    "government";

/* An awkward value for the CSV round trip: NaN on day 5. */
static double awkward(int d)
{
    return d == 5 ? NAN : sin(d + 0.1) * 1e5 / 7 + 1e-300 * d;
}

/* The typed /parameters of a synthetic run, from its configuration text
 * (keys name, seed, x), written as the engine writes them. */
struct tparams {
    char name[PARAM_STRING_MAX];
    int64_t seed;
    double x;
};
static const struct param_def trows[] = {
    {"name", PARAM_STRING, offsetof(struct tparams, name), 0, 0, 0, 0, 0, 0,
     "", NULL, "", "name", 0},
    {"seed", PARAM_INT, offsetof(struct tparams, seed), 1, 0, INT64_MAX, 0,
     0, 0, NULL, NULL, "", "seed", 0},
    {"x", PARAM_FLOAT, offsetof(struct tparams, x), 0, 0, 0, 0, -1e9, 1e9,
     NULL, NULL, "", "x", 0},
};

static int write_params(struct h5out *o, const char *config, char *err,
                        size_t errlen)
{
    struct param_table t = {.rows = trows, .n = sizeof trows / sizeof *trows,
                            .struct_size = sizeof(struct tparams)};
    struct tparams tp;
    const char *cf = tmp("params.cfg");
    FILE *f = fopen(cf, "w");
    if (!f || fputs(config, f) < 0 || fclose(f))
        return -1;
    config_defaults(&t, &tp);
    return config_load(&t, &tp, cf, NULL, 0, NULL, err, errlen) ||
           h5params_write(h5out_hid(o), &t, &tp, err, errlen) ? -1 : 0;
}

/* A run file: matters_open = c + day, satisfaction_mean awkward,
 * resolved_by_channel[k] = k + c, communities' matters_open (c, 2c). */
static int write_run(const char *path, const char *scenario, int64_t seed,
                     const char *config, double c, int complete)
{
    struct h5out_meta m = {.cogov_version = "test",
                           .scenario = scenario,
                           .seed = (uint64_t)seed,
                           .n_residents = 100,
                           .n_communities = 2,
                           .days = DAYS,
                           .created_utc = "2024-01-01T00:00:00Z",
                           .config_text = config,
                           .flush_every = 16};
    char err[1024];
    struct h5out *o;
    if (h5out_open(&o, path, 1, &m, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (write_params(o, config, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    int day = h5out_series(o, "timeseries", "day", "day", "day", 1,
                           H5OUT_I32, NULL, NULL, err, sizeof err);
    int open = h5out_series(o, "timeseries", "matters_open", "matters", "x",
                            1, H5OUT_F64, NULL, NULL, err, sizeof err);
    int sat = h5out_series(o, "timeseries", "satisfaction_mean", "1", "x", 1,
                           H5OUT_F64, NULL, NULL, err, sizeof err);
    int ch = h5out_series(o, "timeseries", "resolved_by_channel",
                          "matters/day", "x", 9, H5OUT_F64, "channels",
                          channels, err, sizeof err);
    int com = h5out_table(o, "communities", "matters_open", "matters", "x", 2,
                          H5OUT_F64, NULL, NULL, err, sizeof err);
    if (day < 0 || open < 0 || sat < 0 || ch < 0 || com < 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    for (int d = 0; d < DAYS; d++) {
        int32_t dd = d;
        double v = c + d, s = awkward(d), cv[9], cm[2] = {c, 2 * c};
        for (int k = 0; k < 9; k++)
            cv[k] = k + c;
        if (h5out_row(o, day, &dd, err, sizeof err) ||
            h5out_row(o, open, &v, err, sizeof err) ||
            h5out_row(o, sat, &s, err, sizeof err) ||
            h5out_row(o, ch, cv, err, sizeof err) ||
            h5out_row(o, com, cm, err, sizeof err))
            return -1;
    }
    return h5out_close(o, complete, err, sizeof err);
}

static const char *make_run(const char *name, const char *scenario,
                            int64_t seed, double c)
{
    char config[128];
    snprintf(config, sizeof config, "name = \"%s\";\nseed = %lld;\nx = 1;\n",
             scenario, (long long)seed);
    const char *p = tmp(name);
    CHECK_EQ_INT(write_run(p, scenario, seed, config, c, 1), 0);
    return p;
}

TEST(report_numbers_are_the_final_window_statistics)
{
    /* A: c = 10, 12, 17 with seeds 1-3; B: c = 20, 21, 29, same seeds;
     * W: c = 30, 31 with seeds 7, 8 (not pairable) */
    char *paths[8];
    double ca[] = {10, 12, 17}, cb[] = {20, 21, 29};
    char name[32];
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "a%d.h5", i);
        paths[i] = (char *)make_run(name, "A", i + 1, ca[i]);
        paths[i] = strdup(paths[i]);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "b%d.h5", i);
        /* given in another seed order: pairing must go by seed */
        paths[3 + i] = strdup(make_run(name, "B", 3 - i, cb[2 - i]));
    }
    paths[6] = strdup(make_run("w0.h5", "W", 7, 30));
    paths[7] = strdup(make_run("w1.h5", "W", 8, 31));

    struct runset rs;
    char err[2048];
    CHECK_EQ_INT(runset_open(&rs, paths, 8, err, sizeof err), 0);
    CHECK_EQ_INT(rs.n_groups, 3);
    const char *metrics[] = {"matters_open"};
    struct report r;
    /* window 10 of 50 days: mean of c + day over days 40..49 = c + 44.5 */
    CHECK_EQ_INT(report_compute(&rs, metrics, 1, 10, &r, err, sizeof err),
                 0);
    CHECK_EQ_INT(r.window, 10);
    CHECK_EQ_INT(r.days, DAYS);
    const struct report_cell *a = &r.cell[0], *b = &r.cell[1],
                             *w = &r.cell[2];
    CHECK_NEAR(a->value.mean, 13 + 44.5, 1e-9);
    CHECK_EQ_INT(a->value.n, 3);
    CHECK_NEAR(a->value.hi - a->value.mean, T975_2 * sqrt(13.0 / 3), 2e-3);
    CHECK_NEAR(b->value.mean, 70.0 / 3 + 44.5, 1e-9);
    /* paired by seed: differences 10, 9, 12 (sd^2 = 7/3) */
    CHECK_EQ_INT(b->paired, 1);
    CHECK_NEAR(b->diff.mean, 31.0 / 3, 1e-9);
    CHECK_NEAR(b->diff.hi - b->diff.mean, T975_2 * sqrt(7.0 / 9), 2e-3);
    /* Welch: var A = 13, var W = 0.5; df = (13/3 + 0.25)^2 /
     * ((13/3)^2 / 2 + 0.25^2 / 1) = 2.21...; only the mean is checked
     * against arithmetic, the width against a t between df 2 and 3 */
    CHECK_EQ_INT(w->paired, 0);
    CHECK_NEAR(w->diff.mean, 30.5 - 13, 1e-9);
    double se = sqrt(13.0 / 3 + 0.25), half = w->diff.hi - w->diff.mean;
    CHECK(half > T975_3 * se && half < T975_2 * se);

    /* the CSV holds the same numbers at full precision */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_EQ_INT(report_write(&r, REPORT_CSV, f), 0);
    fclose(f);
    CHECK_STR_CONTAINS(buf, "metric,units,scenario,n,mean,ci_low,ci_high,"
                            "reference,diff,diff_low,diff_high,diff_method,"
                            "window_days\n");
    CHECK_STR_CONTAINS(buf, "matters_open,matters,A,3,57.5,");
    CHECK_STR_CONTAINS(buf, ",paired,10\n");
    CHECK_STR_CONTAINS(buf, ",welch,10\n");
    free(buf);
    report_free(&r);

    const char *bad[] = {"no_such_metric"};
    CHECK_EQ_INT(report_compute(&rs, bad, 1, 10, &r, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "unknown metric 'no_such_metric'");
    runset_free(&rs);
    for (int i = 0; i < 8; i++)
        free(paths[i]);
}

TEST(runset_refuses_what_are_not_replicates)
{
    char *p[2];
    struct runset rs;
    char err[2048];
    p[0] = strdup(make_run("r1.h5", "S", 1, 0));
    p[1] = strdup(make_run("r2.h5", "S", 1, 5));
    CHECK_EQ_INT(runset_open(&rs, p, 2, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "replicates need distinct seeds");
    runset_free(&rs);
    free(p[1]);
    /* same name and seed 2, but another setting of x */
    CHECK_EQ_INT(write_run(tmp("r3.h5"), "S", 2,
                           "name = \"S\";\nseed = 2;\nx = 2;\n", 0, 1),
                 0);
    p[1] = strdup(tmp("r3.h5"));
    CHECK_EQ_INT(runset_open(&rs, p, 2, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "configurations differ beyond the seed");
    CHECK_STR_CONTAINS(err, "'x = 1;' vs 'x = 2;'");
    runset_free(&rs);
    free(p[1]);
    /* an incomplete run */
    CHECK_EQ_INT(write_run(tmp("r4.h5"), "S", 4, "seed = 4;\n", 0, 0), 0);
    p[1] = strdup(tmp("r4.h5.partial"));
    CHECK_EQ_INT(runset_open(&rs, p, 2, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "incomplete run");
    runset_free(&rs);
    free(p[1]);
    free(p[0]);
}

/* ---------------------------------------------------------------- */
/* CSV export round trip                                             */

static int run_cmd(int (*cmd)(int, char **), int argc, const char **argv)
{
    fflush(stdout);
    return cmd(argc, (char **)argv);
}

TEST(export_csv_round_trips_every_value)
{
    const char *run = strdup(make_run("x.h5", "X", 42, 3));
    const char *csv = strdup(tmp("x.csv"));
    const char *argv[] = {"export", run, "--csv", csv};
    CHECK_EQ_INT(run_cmd(cmd_export, 4, argv), 0);
    FILE *f = fopen(csv, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[512];
    CHECK(fgets(line, sizeof line, f) != NULL);
    CHECK(!strcmp(line, "run,scenario,seed,day,metric,value,community,"
                        "channel,scope\n"));
    int rows = 0, sat = 0, bad = 0, chan = 0, com = 0, na = 0;
    while (fgets(line, sizeof line, f)) {
        /* every row has 9 fields; empty ones are columns that do not
         * apply (strsep keeps them, strtok would not) */
        char *field[10], *rest = line;
        int n = 0;
        line[strcspn(line, "\n")] = 0;
        for (char *t; n < 10 && (t = strsep(&rest, ","));)
            field[n++] = t;
        rows++;
        if (n != 9 || strcmp(field[0], run) || strcmp(field[1], "X") ||
            strcmp(field[2], "42")) {
            bad++;
            continue;
        }
        int d = atoi(field[3]);
        const char *m = field[4], *c = field[6], *ch = field[7];
        double want, got = strtod(field[5], NULL);
        /* the metric column holds the bare name: a 2-D series' column is
         * in community, channel or scope */
        bad += strchr(m, '[') != NULL || !strncmp(m, "community_", 10);
        if (!strcmp(m, "satisfaction_mean")) {
            sat++;
            na += !strcmp(field[5], "NA");
            want = awkward(d);
            if (isnan(want) ? strcmp(field[5], "NA")
                            : memcmp(&want, &got, sizeof got))
                bad++;
        } else if (!strcmp(m, "matters_open") && !*c) {
            want = 3 + d;
            bad += memcmp(&want, &got, sizeof got) != 0;
            bad += *ch || *field[8];
        } else if (!strcmp(m, "resolved_by_channel") &&
                   !strcmp(ch, "government")) {
            chan++;
            bad += got != 8 + 3 || *c || *field[8];
        } else if (!strcmp(m, "matters_open") && !strcmp(c, "1")) {
            com++;
            bad += got != 6 || *ch || *field[8];
        }
    }
    fclose(f);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(sat, DAYS);
    CHECK_EQ_INT(na, 1);          /* the NaN of day 5, as R and pandas read */
    CHECK_EQ_INT(chan, DAYS);
    CHECK_EQ_INT(com, DAYS);
    /* matters_open, satisfaction, 9 channels, 2 communities a day */
    CHECK_EQ_INT(rows, DAYS * (1 + 1 + 9 + 2));
    /* the existing file is kept without --force */
    CHECK(run_cmd(cmd_export, 4, argv) != 0);
    const char *forced[] = {"export", run, "--csv", csv, "--force"};
    CHECK_EQ_INT(run_cmd(cmd_export, 5, forced), 0);
    /* a failing export leaves neither the file nor a .partial */
    const char *csv2 = tmp("y.csv");
    const char *broken[] = {"export", run, tmp("nothere.h5"), "--csv", csv2};
    CHECK(run_cmd(cmd_export, 5, broken) != 0);
    CHECK(access(csv2, F_OK) != 0);
    char part[1100];
    snprintf(part, sizeof part, "%s.partial", csv2);
    CHECK(access(part, F_OK) != 0);
    free((char *)run);
    free((char *)csv);
}

/* ---------------------------------------------------------------- */
/* sweep figures on a hand-written index.h5                          */

static void attr_str(hid_t obj, const char *name, const char *v)
{
    hid_t t = H5Tcopy(H5T_C_S1), s = H5Screate(H5S_SCALAR);
    H5Tset_size(t, strlen(v) + 1);
    hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, v);
    H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
}

static void attr_i64(hid_t obj, const char *name, int64_t v)
{
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, H5T_STD_I64LE, s, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT64, &v);
    H5Aclose(a);
    H5Sclose(s);
}

static hid_t dset(hid_t loc, const char *name, hid_t ftype, hid_t mtype,
                  const void *v, hsize_t n)
{
    hid_t s = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(loc, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    H5Sclose(s);
    return d;
}

static void dset_strs(hid_t loc, const char *name, const char **v,
                      hsize_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Dclose(dset(loc, name, t, t, v, n));
    H5Tclose(t);
}

/* The same as fixed-length strings of `width` bytes: the reader must
 * take either. */
static void dset_fixed_strs(hid_t loc, const char *name, const char **v,
                            hsize_t n, size_t width)
{
    char *raw = calloc(n, width);
    for (hsize_t i = 0; i < n; i++)
        strncpy(raw + i * width, v[i], width);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Dclose(dset(loc, name, t, t, raw, n));
    H5Tclose(t);
    free(raw);
}

enum { NX = 3, NY = 2, NREP = 2, NRUNS = NX * NY * NREP };
static const double sx[NX] = {0.5, 0.7, 0.9}, sy[NY] = {0.2, 0.8};

/* z = 100 x + 10 y + replicate; the last run failed (NaN). With enum_x,
 * x is participation.network (0, 1, 2 -> a choices attribute). */
static void write_index(const char *dir, int64_t window, int enum_x)
{
    char path[1100];
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/index.h5", dir);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    attr_str(f, "cogov_version", "test");
    attr_str(f, "sweep_name", "demo");
    attr_str(f, "base_scenario", "scenarios/baseline.cfg");
    attr_i64(f, "sweep_seed", 1);
    attr_i64(f, "n_points", NX * NY);
    attr_i64(f, "n_replicates", NREP);
    attr_i64(f, "n_runs", NRUNS);
    attr_str(f, "created_utc", "2024-01-01T00:00:00Z");
    attr_i64(f, "window", window);
    int64_t run[NRUNS], point[NRUNS], rep[NRUNS], seed[NRUNS];
    double x[NRUNS], y[NRUNS], z[NRUNS];
    const char *file[NRUNS], *status[NRUNS], *error[NRUNS];
    static char names[NRUNS][32];
    int r = 0;
    for (int i = 0; i < NX; i++)
        for (int j = 0; j < NY; j++)
            for (int k = 0; k < NREP; k++, r++) {
                run[r] = r;
                point[r] = i * NY + j;
                rep[r] = k;
                seed[r] = 100 + r;
                x[r] = enum_x ? i : sx[i];
                y[r] = sy[j];
                z[r] = 100 * x[r] + 10 * y[r] + k;
                snprintf(names[r], sizeof names[r], "runs/run_%06d.h5", r);
                file[r] = names[r];
                status[r] = "done";
                error[r] = "";
            }
    z[NRUNS - 1] = NAN;
    status[NRUNS - 1] = "failed";
    error[NRUNS - 1] = "killed";
    hid_t g = H5Gcreate2(f, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(dset(g, "run", H5T_STD_I64LE, H5T_NATIVE_INT64, run, NRUNS));
    H5Dclose(dset(g, "point", H5T_STD_I64LE, H5T_NATIVE_INT64, point,
                  NRUNS));
    H5Dclose(dset(g, "replicate", H5T_STD_I64LE, H5T_NATIVE_INT64, rep,
                  NRUNS));
    H5Dclose(dset(g, "seed", H5T_STD_I64LE, H5T_NATIVE_INT64, seed, NRUNS));
    dset_strs(g, "file", file, NRUNS);
    dset_fixed_strs(g, "status", status, NRUNS, 7);
    dset_strs(g, "error", error, NRUNS);
    H5Gclose(g);
    g = H5Gcreate2(f, "params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t d = dset(g, enum_x ? "participation.network" : "triage.accuracy",
                   H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, x, NRUNS);
    if (enum_x)
        attr_str(d, "choices", "local|global|other");
    H5Dclose(d);
    H5Dclose(dset(g, "linkage.match_eff", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                  y, NRUNS));
    H5Gclose(g);
    g = H5Gcreate2(f, "final", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    d = dset(g, "matters_open", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, z, NRUNS);
    attr_i64(d, "window", window);
    H5Dclose(d);
    H5Gclose(g);
    H5Fclose(f);
}

/* Read rows of numbers from a kept data file (comment lines skipped). */
static int read_rows(const char *path, double *v, int cols, int max)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int n = 0;
    while (f && n < max && fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *p = line;
        for (int c = 0; c < cols; c++)
            v[n * cols + c] = strtod(p, &p);
        n++;
    }
    if (f)
        fclose(f);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    (void)n;
    fclose(f);
    return buf;
}

static struct plot_opts sweep_opts(const char *dir, const char *x,
                                   const char *y, const char *z,
                                   const char *out, const char *keep)
{
    struct plot_opts o = {.lang = LANG_EN, .smooth = 1, .window = 90};
    o.sweep = dir;
    o.x = x;
    o.y = y;
    o.z = z;
    o.out = out;
    o.keep = keep;
    o.force = 1;
    return o;
}

TEST(sweep_line_has_the_replicate_means_and_intervals)
{
    char dir[1100], keep[1100];
    snprintf(dir, sizeof dir, "%s", tmp("sweep"));
    snprintf(keep, sizeof keep, "%s", tmp("keep_line"));
    write_index(dir, 90, 0);
    char err[2048];
    struct plot_opts o = sweep_opts(dir, "triage.accuracy", NULL,
                                    "matters_open", tmp("line.svg"), keep);
    fflush(stdout);
    int rc = plot_sweep(&o, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        fprintf(stderr, "  %s\n", err);
    /* line 1 is y = 0.2 (first in run order), line 2 y = 0.8 */
    for (int l = 0; l < NY; l++) {
        char name[64];
        double v[NX * 5];
        snprintf(name, sizeof name, "keep_line/line%d.dat", l + 1);
        CHECK_EQ_INT(read_rows(tmp(name), v, 5, NX), NX);
        for (int i = 0; i < NX; i++) {
            double *row = &v[i * 5];
            CHECK_NEAR(row[0], sx[i], 1e-12);
            int failed = l == NY - 1 && i == NX - 1;
            double mean = 100 * sx[i] + 10 * sy[l] + (failed ? 0 : 0.5);
            CHECK_NEAR(row[1], mean, 1e-6);
            CHECK_NEAR(row[4], failed ? 1 : 2, 0);
            if (failed)     /* one replicate: no interval */
                CHECK(isnan(row[2]) && isnan(row[3]));
            else            /* replicates a, a+1: se = 0.5, df = 1 */
                CHECK_NEAR(row[3] - row[1], T975_1 * 0.5, 2e-3);
        }
    }
    char *gp = slurp(tmp("keep_line/plot.gp"));
    CHECK_STR_CONTAINS(gp, "array L_title[2] = [\"linkage.match_eff = 0.2\", "
                           "\"linkage.match_eff = 0.8\"]");
    CHECK_STR_CONTAINS(gp, "xlabel = \"triage.accuracy\"");
    CHECK_STR_CONTAINS(gp, "11/12 runs");
    CHECK_STR_CONTAINS(gp, "analysis/sweep_line.gp");
    free(gp);
    char *svg = slurp(tmp("line.svg"));
    CHECK_STR_CONTAINS(svg, "<svg");
    CHECK_STR_CONTAINS(svg, "Sweep demo");
    CHECK_STR_CONTAINS(svg, "linkage.match_eff = 0.8");
    free(svg);
}

TEST(sweep_heatmap_cells_and_errors)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", tmp("sweep2"));
    write_index(dir, 90, 1);
    char err[2048];
    struct plot_opts o =
        sweep_opts(dir, "participation.network", "linkage.match_eff",
                   "matters_open", tmp("heat.png"), tmp("keep_heat"));
    fflush(stdout);
    int rc = plot_sweep(&o, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        fprintf(stderr, "  %s\n", err);
    double v[NX * NY * 8];
    CHECK_EQ_INT(read_rows(tmp("keep_heat/cells.dat"), v, 8, NX * NY),
                 NX * NY);
    for (int i = 0; i < NX; i++)
        for (int j = 0; j < NY; j++) {
            double *row = &v[(i * NY + j) * 8];
            int failed = i == NX - 1 && j == NY - 1;
            CHECK_NEAR(row[0], i, 0);
            CHECK_NEAR(row[1], sy[j], 1e-12);
            /* cells meet halfway between neighbouring values */
            CHECK_NEAR(row[3] - row[2], 1, 1e-12);
            CHECK_NEAR(row[5] - row[4], sy[1] - sy[0], 1e-12);
            CHECK_NEAR(row[6], 100 * i + 10 * sy[j] + (failed ? 0 : 0.5),
                       1e-6);
        }
    /* the string columns, variable and fixed length */
    char path[1200], **str;
    size_t n;
    struct h5in *h;
    snprintf(path, sizeof path, "%s/index.h5", dir);
    CHECK_EQ_INT(h5in_open(&h, path, 0, err, sizeof err), 0);
    CHECK_EQ_INT(h5in_read_strings(h, "runs", "status", &str, &n, err,
                                   sizeof err),
                 0);
    CHECK_EQ_INT(n, NRUNS);
    if (n == NRUNS) {
        CHECK(!strcmp(str[0], "done") && !strcmp(str[NRUNS - 1], "failed"));
        h5in_free_names(str, (int)n);
    }
    CHECK_EQ_INT(h5in_read_strings(h, "runs", "file", &str, &n, err,
                                   sizeof err),
                 0);
    if (n == NRUNS) {
        CHECK(!strcmp(str[3], "runs/run_000003.h5"));
        h5in_free_names(str, (int)n);
    }
    CHECK_EQ_INT(h5in_read_strings(h, "runs", "seed", &str, &n, err,
                                   sizeof err),
                 -1);
    CHECK_STR_CONTAINS(err, "not a string dataset");
    h5in_close(h);
    /* a sweep index is not a run */
    CHECK_EQ_INT(h5in_open(&h, path, H5IN_REQUIRE_COMPLETE, err, sizeof err),
                 -1);
    CHECK_STR_CONTAINS(err, "a sweep index, not a run output");

    char *gp = slurp(tmp("keep_heat/plot.gp"));
    CHECK_STR_CONTAINS(gp, "set xtics (\"local\" 0, \"global\" 1, \"other\" "
                           "2)");
    free(gp);
    FILE *png = fopen(tmp("heat.png"), "rb");
    unsigned char magic[8] = {0};
    if (png) {
        CHECK_EQ_INT(fread(magic, 1, 8, png), 8);
        fclose(png);
    }
    CHECK(!memcmp(magic, "\x89PNG\r\n\x1a\n", 8));

    o = sweep_opts(dir, "participation.network", NULL, "no_metric",
                   tmp("e.png"), NULL);
    CHECK_EQ_INT(plot_sweep(&o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "--z no_metric: unknown metric");
    CHECK_STR_CONTAINS(err, "matters_open");
    o = sweep_opts(dir, "triage.accuracy", NULL, "matters_open",
                   tmp("e.png"), NULL);
    CHECK_EQ_INT(plot_sweep(&o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "not a swept parameter");
    CHECK_STR_CONTAINS(err, "linkage.match_eff, participation.network");
    CHECK(access(tmp("e.png"), F_OK) != 0);
    write_index(tmp("sweep3"), 0, 0);
    o = sweep_opts(tmp("sweep3"), "triage.accuracy", NULL, "matters_open",
                   tmp("e.png"), NULL);
    CHECK_EQ_INT(plot_sweep(&o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "no final values yet");
    o = sweep_opts(tmp("nowhere"), "triage.accuracy", NULL, "matters_open",
                   tmp("e.png"), NULL);
    CHECK_EQ_INT(plot_sweep(&o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "nowhere/index.h5: cannot open");
}

UNIT_MAIN(t_quantiles_match_tables, mean_interval_and_bands,
          differences_paired_and_welch,
          every_metric_has_labels_in_both_languages,
          report_numbers_are_the_final_window_statistics,
          runset_refuses_what_are_not_replicates,
          export_csv_round_trips_every_value,
          sweep_line_has_the_replicate_means_and_intervals,
          sweep_heatmap_cells_and_errors)
