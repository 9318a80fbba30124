/* cogov check must pass a consistent run file and fail files that break
 * the accounting identity or the contract (so the check itself is
 * tested, not only the engine). */
#include <stdlib.h>
#include <unistd.h>

#include "engine/observe.h"
#include "io/h5out.h"
#include "post/commands.h"
#include "unit.h"

enum { DAYS = 5, COMM = 2 };

/* Write a run file of DAYS days; `break_day` >= 0 adds a matter that
 * appears in matters_open but was never created. */
static void write_run(const char *path, int break_day, int drop_metric)
{
    char err[512];
    const char *keys[] = {"k"}, *vals[] = {"v"};
    struct h5out_meta m = {"test", "t", 1, 10, COMM, DAYS, "2026-01-01",
                           "seed = 1;\n", 1, keys, vals, 2};
    struct h5out *o;
    CHECK(h5out_open(&o, path, 1, &m, err, sizeof err) == 0);
    int day_id = h5out_series(o, "timeseries", "day", "day", "d", 1,
                              H5OUT_I32, NULL, NULL, err, sizeof err);
    int id[N_METRICS];
    for (int k = 0; k < N_METRICS; k++)
        id[k] = k == drop_metric ? -1
                                 : h5out_series(o, "timeseries",
                                                metric_defs[k].name, "u",
                                                "d", 1, H5OUT_F64, NULL,
                                                NULL, err, sizeof err);
    int ch = h5out_series(o, "timeseries", "resolved_by_channel", "u", "d",
                          N_CHANNELS, H5OUT_F64, NULL, NULL, err, sizeof err);
    int sc = h5out_series(o, "timeseries", "open_by_scope", "u", "d",
                          N_SCOPES, H5OUT_F64, NULL, NULL, err, sizeof err);
    int co = h5out_table(o, "communities", "matters_open", "u", "d", COMM,
                         H5OUT_F64, NULL, NULL, err, sizeof err);
    double open = 0;
    for (int d = 0; d < DAYS; d++) {
        double v[N_METRICS] = {0};
        v[MET_MATTERS_NEW] = 10;
        v[MET_MATTERS_RESOLVED] = 6;
        v[MET_MATTERS_ABANDONED] = 1;
        open += 3;
        v[MET_MATTERS_OPEN] = open + (d >= break_day && break_day >= 0);
        int32_t day = d;
        h5out_row(o, day_id, &day, err, sizeof err);
        for (int k = 0; k < N_METRICS; k++)
            if (id[k] >= 0)
                h5out_row(o, id[k], &v[k], err, sizeof err);
        double c[N_CHANNELS] = {0}, s[N_SCOPES] = {0}, cm[COMM] = {0};
        c[CH_GOVERNMENT] = 6;
        s[SCOPE_COMMUNITY] = v[MET_MATTERS_OPEN];
        cm[1] = v[MET_MATTERS_OPEN];
        h5out_row(o, ch, c, err, sizeof err);
        h5out_row(o, sc, s, err, sizeof err);
        h5out_row(o, co, cm, err, sizeof err);
    }
    CHECK(h5out_close(o, 1, err, sizeof err) == 0);
}

static int run_check(const char *path)
{
    char *argv[] = {"check", (char *)path, NULL};
    /* silence the command's output */
    fflush(stdout);
    return cmd_check(2, argv);
}

TEST(test_check_accepts_consistent_and_rejects_broken)
{
    char dir[] = "/tmp/cogov-check-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/good.h5", dir);
    write_run(path, -1, -1);
    CHECK_EQ_INT(run_check(path), 0);
    snprintf(path, sizeof path, "%s/broken.h5", dir);
    write_run(path, 3, -1);
    CHECK_EQ_INT(run_check(path), 1);
    snprintf(path, sizeof path, "%s/missing.h5", dir);
    write_run(path, -1, MET_SOCORG_COUNT);
    CHECK_EQ_INT(run_check(path), 1);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

UNIT_MAIN(test_check_accepts_consistent_and_rejects_broken)
