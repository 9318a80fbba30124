/* `cogov info`: what a cogov file holds, in a few lines (a run, or the
 * index of a sweep), and with --metrics the table of every output metric
 * with its units, labels and description. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/opts.h"
#include "io/h5in.h"
#include "io/h5params.h"
#include "io/schema.h"
#include "post/commands.h"
#include "post/labels.h"

static int info_metrics;

static const struct opt info_opts[] = {
    {"metrics", 0, OPT_FLAG, NULL,
     "list every metric: name, units, labels, description",
     .target = &info_metrics},
    {0}};

static const struct opt_cmd info_cmd = {
    "info",
    "usage: cogov info FILE.h5 [FILE.h5 ...]\n"
    "       cogov info --metrics\n",
    "Print what a run file holds (scenario, seed, days, complete, version,\n"
    "mechanisms on, series) or, for DIR/index.h5, a sweep's state. Exits 1\n"
    "when a run is incomplete (complete=0) after describing it.\n",
    info_opts, NULL, NULL};

struct on_list {
    char *buf;
    size_t n, used;
};

/* Collect "X" of each mechanisms.X.enabled that is true. */
static int mechanism_on(const struct h5param *v, void *ctx)
{
    struct on_list *L = ctx;
    static const char pre[] = "mechanisms.", suf[] = ".enabled";
    size_t k = strlen(v->key), np = sizeof pre - 1, ns = sizeof suf - 1;
    if (v->kind == HPAR_BOOL && v->i && k > np + ns &&
        !strncmp(v->key, pre, np) && !strcmp(v->key + k - ns, suf) &&
        L->used < L->n)
        L->used += (size_t)snprintf(L->buf + L->used, L->n - L->used,
                                    "%s%.*s", L->used ? ", " : "",
                                    (int)(k - np - ns), v->key + np);
    return 0;
}

/* The switches that are on, e.g. "triage, linkage", from the typed
 * parameters (/parameters, io/h5params.h). */
static void mechanisms_on(struct h5in *f, char *buf, size_t n)
{
    struct on_list L = {buf, n, 0};
    char err[256];
    buf[0] = 0;
    int rc = h5params_each(h5in_hid(f), mechanism_on, &L, err, sizeof err);
    if (rc == 1)
        snprintf(buf, n, "unknown (no /parameters: written by an older "
                 "cogov)");
    else if (rc < 0)
        snprintf(buf, n, "unknown (%s)", err);
    else if (!buf[0])
        snprintf(buf, n, "none (baseline, top-down)");
}

static int count(struct h5in *f, const char *group)
{
    char **names;
    int k = h5in_list(f, group, &names);
    if (k > 0)
        h5in_free_names(names, k);
    return k < 0 ? 0 : k;
}

static void show_attr(struct h5in *f, const char *label, const char *attr)
{
    char s[512];
    if (!h5in_attr_string(f, attr, s, sizeof s))
        printf("%-11s %s\n", label, s);
}

static int info_sweep(struct h5in *f)
{
    char s[512];
    int64_t v;
    show_attr(f, "sweep", "sweep_name");
    show_attr(f, "base", "base_scenario");
    int64_t pts = 0, reps = 0, runs = 0;
    h5in_attr_int(f, "n_points", &pts);
    h5in_attr_int(f, "n_replicates", &reps);
    h5in_attr_int(f, "n_runs", &runs);
    printf("%-11s %lld (%lld points x %lld replicates)\n", "runs",
           (long long)runs, (long long)pts, (long long)reps);
    char **st;
    size_t n;
    if (!h5in_read_strings(f, "runs", "status", &st, &n, s, sizeof s)) {
        const char *kinds[] = {"done", "failed", "running", "pending"};
        printf("%-11s", "status");
        for (int k = 0; k < 4; k++) {
            int c = 0;
            for (size_t i = 0; i < n; i++)
                c += !strcmp(st[i], kinds[k]);
            printf(" %s %d%s", kinds[k], c, k < 3 ? "," : "");
        }
        printf(" (as of the last collect)\n");
        h5in_free_names(st, (int)n);
    }
    char **keys;
    int nk = h5in_list(f, "params", &keys);
    printf("%-11s", "swept");
    for (int i = 0; i < nk; i++)
        printf("%s%s", i ? ", " : " ", keys[i]);
    printf("\n");
    if (nk > 0)
        h5in_free_names(keys, nk);
    if (!h5in_attr_int(f, "window", &v))
        printf("%-11s %d metrics, means of the last %lld days%s\n", "final",
               count(f, "final"), (long long)v,
               v ? "" : " (not collected yet)");
    show_attr(f, "version", "cogov_version");
    show_attr(f, "created", "created_utc");
    return 0;
}

static int info_run(struct h5in *f, const char *path)
{
    char s[512];
    int64_t seed = 0, days = 0, complete = 0, res = 0, comm = 0;
    h5in_attr_int(f, "seed", &seed);
    h5in_attr_int(f, "days", &days);
    h5in_attr_int(f, "complete", &complete);
    h5in_attr_int(f, "n_residents", &res);
    h5in_attr_int(f, "n_communities", &comm);
    show_attr(f, "scenario", "scenario");
    printf("%-11s %lld\n", "seed", (long long)seed);
    double *day = NULL;
    size_t rows = 0, cols;
    if (h5in_read(f, "timeseries", "day", &day, &rows, &cols, s, sizeof s))
        rows = 0;
    free(day);
    printf("%-11s %zu of %lld recorded\n", "days", rows, (long long)days);
    printf("%-11s %s\n", "complete",
           complete == 1 ? "yes"
                         : "no (complete=0: stopped or crashed, or still "
                           "running)");
    printf("%-11s %lld residents in %lld communities\n", "district",
           (long long)res, (long long)comm);
    mechanisms_on(f, s, sizeof s);
    printf("%-11s %s\n", "mechanisms", s);
    char ver[128] = "?", rev[128] = "?", model[128] = "?";
    h5in_attr_string(f, "cogov_version", ver, sizeof ver);
    h5in_object_attr(f, "code", "git_revision", rev, sizeof rev);
    h5in_object_attr(f, "code", "model_id", model, sizeof model);
    printf("%-11s cogov %s, git %s, model %s\n", "version", ver, rev, model);
    show_attr(f, "created", "created_utc");
    int ts = count(f, "timeseries");
    printf("%-11s %d in /timeseries (day included), %d per community, %d "
           "snapshots\n",
           "series", ts, count(f, "communities"), count(f, "snapshots"));
    if (complete != 1)
        return msg_error("%s: incomplete run (complete=0)", path);
    return 0;
}

static void list_metrics(void)
{
    printf("%-26s %-14s %-38s %s\n", "metric", "units", "label (en / zh)",
           "description");
    for (int k = 0; k < N_METRICS; k++) {
        const struct metric_def *d = &metric_defs[k];
        char lab[256];
        snprintf(lab, sizeof lab, "%s / %s", label_title(d->name, LANG_EN),
                 label_title(d->name, LANG_ZH));
        printf("%-26s %-14s %-38s %s\n", d->name, d->units, lab,
               d->description);
    }
    printf("\nper community (/communities/<metric>, [day, community]):\n");
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        printf("  %-24s %-14s %s\n", community_metric_defs[k].name,
               community_metric_defs[k].units,
               community_metric_defs[k].description);
    printf("\n2-D series: resolved_by_channel [day, channel], open_by_scope "
           "[day, scope]\n");
}

int cmd_info(int argc, char **argv)
{
    if (argc < 2) {
        opts_help(&info_cmd, stderr);
        return 1;
    }
    info_metrics = 0;
    int first = opts_parse(&info_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (info_metrics)
        list_metrics();
    int rc = 0, files = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        char err[1024], s[8];
        struct h5in *f;
        if (files++ || info_metrics)
            printf("\n");
        if (h5in_open(&f, a, 0, err, sizeof err)) {
            rc = msg_error("%s", err);
            continue;
        }
        printf("%-11s %s\n", "file", a);
        if (!h5in_attr_string(f, "sweep_name", s, sizeof s))
            rc |= info_sweep(f);
        else
            rc |= info_run(f, a);
        h5in_close(f);
    }
    return rc;
}
