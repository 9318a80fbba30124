/* `cogov check`: verify run files against the output contract and the
 * accounting identities of docs/MODEL.md "Observation", from the datasets
 * alone: every required series is present with one row per day; matters
 * created to date (petitions included) = resolved + abandoned + open on
 * every day, counting the matters open when day 0 began (the burn-in's
 * backlog, docs/MODEL.md 5; none without a burn-in); the channels sum to
 * the resolved, the scopes and the communities to the open. Tests run it
 * on every scenario they run. */
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

static const struct opt check_opts[] = {{0}};

static const struct opt_cmd check_cmd = {
    "check", "usage: cogov check RUN.h5 [RUN.h5 ...]\n",
    "Check that each file is a complete cogov run holding every series of\n"
    "the output contract, and that its accounting identities hold on every\n"
    "day. Prints one line per file; exits 1 if any check fails.\n",
    check_opts, NULL, NULL};

struct series {
    double *v;
    size_t rows, cols;
};

static int load(struct h5in *f, const char *group, const char *name,
                struct series *s, char *err, size_t errlen)
{
    return h5in_read(f, group, name, &s->v, &s->rows, &s->cols, err, errlen);
}

/* Sum of row r of a 2-D series. */
static double row_sum(const struct series *s, size_t r)
{
    double t = 0;
    for (size_t c = 0; c < s->cols; c++)
        t += s->v[r * s->cols + c];
    return t;
}

/* time.burn_in_days of the run (0 for files written before it existed) */
static int burn_in_of(const struct h5param *v, void *ctx)
{
    if (strcmp(v->key, "time.burn_in_days"))
        return 0;
    *(int64_t *)ctx = v->i;
    return 2;
}

static int check_file(const char *path)
{
    char err[1024];
    struct h5in *f;
    if (h5in_open(&f, path, H5IN_REQUIRE_COMPLETE, err, sizeof err))
        return msg_error("%s", err);
    int rc = 1;
    struct series ts[N_METRICS] = {{0}}, day = {0}, ch = {0}, sc = {0},
                  copen = {0};
    if (load(f, "timeseries", "day", &day, err, sizeof err))
        goto fail;
    for (int k = 0; k < N_METRICS; k++)
        if (load(f, "timeseries", metric_defs[k].name, &ts[k], err,
                 sizeof err))
            goto fail;
    if (load(f, "timeseries", "resolved_by_channel", &ch, err, sizeof err) ||
        load(f, "timeseries", "open_by_scope", &sc, err, sizeof err) ||
        load(f, "communities", "matters_open", &copen, err, sizeof err))
        goto fail;
    int64_t days = 0;
    h5in_attr_int(f, "days", &days);
    size_t n = day.rows;
    if ((int64_t)n != days) {
        snprintf(err, sizeof err, "%s: %zu rows, but the run has %lld days",
                 path, n, (long long)days);
        goto fail;
    }
    for (int k = 0; k < N_METRICS; k++)
        if (ts[k].rows != n || ts[k].cols != 1) {
            snprintf(err, sizeof err, "%s: /timeseries/%s has %zu rows of "
                     "%zu, expected %zu of 1", path, metric_defs[k].name,
                     ts[k].rows, ts[k].cols, n);
            goto fail;
        }
    if (ch.rows != n || ch.cols != N_CHANNELS || sc.rows != n ||
        sc.cols != N_SCOPES || copen.rows != n) {
        snprintf(err, sizeof err, "%s: a 2-D series has the wrong shape",
                 path);
        goto fail;
    }
    /* the backlog day 0 began with, from day 0's row: none without a
     * burn-in, else a whole number of matters */
    int64_t burn_in = 0;
    if (h5params_each(h5in_hid(f), burn_in_of, &burn_in, err, sizeof err) <
        0)
        goto fail;
    double created = n ? ts[MET_MATTERS_OPEN].v[0] +
                             ts[MET_MATTERS_RESOLVED].v[0] +
                             ts[MET_MATTERS_ABANDONED].v[0] -
                             ts[MET_MATTERS_NEW].v[0]
                       : 0;
    if (!(created >= 0 && created == floor(created)) ||
        (burn_in == 0 && created != 0)) {
        snprintf(err, sizeof err, "%s: day 0 began with %.0f open matters "
                 "(%s)", path, created, burn_in ? "a burn-in leaves a whole "
                 "number, at least 0" : "none without a burn-in");
        goto fail;
    }
    double resolved = 0, abandoned = 0;
    for (size_t d = 0; d < n; d++) {
        created += ts[MET_MATTERS_NEW].v[d];
        resolved += ts[MET_MATTERS_RESOLVED].v[d];
        abandoned += ts[MET_MATTERS_ABANDONED].v[d];
        double open = ts[MET_MATTERS_OPEN].v[d];
        const char *what = NULL;
        if (created != resolved + abandoned + open)
            what = "created to date != resolved + abandoned + open";
        else if (row_sum(&ch, d) != ts[MET_MATTERS_RESOLVED].v[d])
            what = "resolved_by_channel does not sum to matters_resolved";
        else if (row_sum(&sc, d) != open)
            what = "open_by_scope does not sum to matters_open";
        else if (row_sum(&copen, d) != open)
            what = "/communities/matters_open does not sum to matters_open";
        else if (ts[MET_MATTERS_UNREPORTED].v[d] > open)
            what = "more unreported than open matters";
        else if (ts[MET_MATTERS_ESCALATED].v[d] > ts[MET_MATTERS_NEW].v[d])
            what = "more petitions than new matters";
        if (what) {
            snprintf(err, sizeof err,
                     "%s: day %.0f: %s (created %.0f, resolved %.0f, "
                     "abandoned %.0f, open %.0f)",
                     path, day.v[d], what, created, resolved, abandoned,
                     open);
            goto fail;
        }
    }
    printf("%s: ok (%zu days, %.0f matters: %.0f resolved, %.0f abandoned, "
           "%.0f open)\n",
           path, n, created, resolved, abandoned,
           n ? ts[MET_MATTERS_OPEN].v[n - 1] : 0.0);
    rc = 0;
fail:
    if (rc)
        msg_error("%s", err);
    for (int k = 0; k < N_METRICS; k++)
        free(ts[k].v);
    free(day.v);
    free(ch.v);
    free(sc.v);
    free(copen.v);
    h5in_close(f);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    if (argc < 2) {
        opts_help(&check_cmd, stderr);
        return 1;
    }
    int first = opts_parse(&check_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    int rc = 0;
    for (int i = first; i < argc; i++)
        rc |= check_file(argv[i]);
    return rc;
}
