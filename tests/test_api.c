/* Unit tests of the public interface include/cogov/sim.h (engine/api.c):
 * parameters by key with their type and range checks; a run stepped a
 * day at a time gives bitwise the file `cogov run` (sim_run) writes, its
 * metrics by name equal that file's last row, its checkpoint restarts to
 * the same file, and an unfinished run leaves no output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cogov/sim.h"
#include "engine/sim.h"
#include "io/h5in.h"
#include "io/h5params.h"
#include "unit.h"

static char dir[64] = "/tmp/cogov-test-api.XXXXXX";
static char err[COGOV_ERR_MAX];

static void setup(void);

static const char *path_in(const char *name)
{
    static char p[4][128];
    static int k, ready;
    if (!ready++)
        setup();
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

TEST(test_params)
{
    cogov_params *p;
    int64_t i;
    double d;
    int b;
    char s[64];
    const char *sets[] = {"population.residents=2500", "seed=9"};
    CHECK(cogov_params_load(&p, "tests/small.cfg", sets, 2, err,
                            sizeof err) == 0);
    CHECK(cogov_param_get_int(p, "population.residents", &i, err,
                              sizeof err) == 0);
    CHECK_EQ_INT(i, 2500);
    CHECK(cogov_param_get_int(p, "time.days", &i, err, sizeof err) == 0);
    CHECK_EQ_INT(i, 60);                          /* from small.cfg */
    CHECK(cogov_param_get_double(p, "seed", &d, err, sizeof err) == 0);
    CHECK_NEAR(d, 9, 0);                          /* int read as double */
    CHECK(cogov_param_type(p, "mechanisms.triage.enabled") == COGOV_BOOL);
    CHECK(cogov_param_type(p, "population.migrant_share") == COGOV_DOUBLE);
    CHECK(cogov_param_type(p, "no.such") == COGOV_UNKNOWN);

    /* type checks name the key and both types */
    CHECK(cogov_param_get_int(p, "population.migrant_share", &i, err,
                              sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "'population.migrant_share' is a number, not "
                       "an integer");
    CHECK(cogov_param_set_bool(p, "seed", 1, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "'seed' is an integer, not a boolean");
    CHECK(cogov_param_get_bool(p, "population.residnts", &b, err,
                               sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "did you mean 'population.residents'");

    /* range checks as in a scenario; the value stays */
    CHECK(cogov_param_set_double(p, "population.migrant_share", 1.5, err,
                                 sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "population.migrant_share");
    CHECK(cogov_param_get_double(p, "population.migrant_share", &d, err,
                                 sizeof err) == 0);
    CHECK(d >= 0 && d <= 1);
    CHECK(cogov_param_set_double(p, "population.migrant_share", 0.25, err,
                                 sizeof err) == 0);
    CHECK(cogov_param_get_double(p, "population.migrant_share", &d, err,
                                 sizeof err) == 0);
    CHECK_NEAR(d, 0.25, 0);
    CHECK(cogov_param_set_double(p, "population.migrant_share", 0.1, err,
                                 sizeof err) == 0);
    CHECK(cogov_param_get_double(p, "population.migrant_share", &d, err,
                                 sizeof err) == 0);
    CHECK(d == 0.1);                              /* exactly round-trips */
    CHECK(cogov_param_set_int(p, "population.migrant_share", 1, err,
                              sizeof err) == 0);  /* int to a double key */
    CHECK(cogov_param_set_bool(p, "mechanisms.triage.enabled", 1, err,
                               sizeof err) == 0);
    CHECK(cogov_param_get_bool(p, "mechanisms.triage.enabled", &b, err,
                               sizeof err) == 0);
    CHECK_EQ_INT(b, 1);
    CHECK(cogov_param_set_string(p, "name", "mine", err, sizeof err) == 0);
    CHECK(cogov_param_get_string(p, "name", s, sizeof s, err,
                                 sizeof err) == 0);
    CHECK(!strcmp(s, "mine"));
    cogov_params_free(p);

    CHECK(cogov_params_load(&p, "tests/no-such.cfg", NULL, 0, err,
                            sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "tests/no-such.cfg");
}

/* The doubles of /group/name in file */
static double *series(const char *file, const char *group, const char *name,
                      size_t *n)
{
    struct h5in *f;
    double *x = NULL;
    size_t cols;
    char e[512];
    if (h5in_open(&f, file, H5IN_REQUIRE_COMPLETE, e, sizeof e)) {
        fprintf(stderr, "%s\n", e);
        return NULL;
    }
    if (h5in_read(f, group, name, &x, n, &cols, e, sizeof e))
        fprintf(stderr, "%s\n", e);
    else
        *n *= cols;
    h5in_close(f);
    return x;
}

static int same_series(const char *a, const char *b, const char *group,
                       const char *name)
{
    size_t na = 0, nb = 0;
    double *x = series(a, group, name, &na), *y = series(b, group, name, &nb);
    int same = x && y && na == nb && na > 0 &&
               memcmp(x, y, na * sizeof *x) == 0;
    free(x);
    free(y);
    return same;
}

static int count_days(const struct world *w, const struct day_metrics *dm,
                      void *ctx)
{
    (void)w;
    (void)dm;
    ++*(int *)ctx;
    return 0;
}

TEST(test_run)
{
    cogov_params *p;
    cogov_run *r;
    const char *sets[] = {"time.days=40"};
    CHECK(cogov_params_load(&p, "tests/small.cfg", sets, 1, err,
                            sizeof err) == 0);
    CHECK(cogov_run_create(&r, p, "small", path_in("api.h5"), 0, err,
                           sizeof err) == 0);
    cogov_params_free(p);                         /* the run has a copy */
    double v;
    CHECK(cogov_run_metric(r, "matters_open", &v, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "no day simulated yet");
    int steps = 0, k;
    while ((k = cogov_run_step(r, err, sizeof err)) == 1) {
        steps++;
        CHECK_EQ_INT(cogov_run_days_done(r), steps);
        if (steps == 20)
            CHECK(cogov_run_checkpoint(r, path_in("api.ckpt"), err,
                                       sizeof err) == 0);
        if (steps < 40)   /* not complete until the last day */
            CHECK(access(path_in("api.h5"), F_OK) != 0);
    }
    CHECK_EQ_INT(k, 0);
    CHECK_EQ_INT(steps, 40);
    CHECK_EQ_INT(cogov_run_days(r), 40);
    CHECK(access(path_in("api.h5"), F_OK) == 0);

    /* today's metrics are the file's last row */
    size_t n;
    double *x = series(path_in("api.h5"), "timeseries", "matters_open", &n);
    CHECK(x && n == 40);
    CHECK(cogov_run_metric(r, "matters_open", &v, err, sizeof err) == 0);
    CHECK(x && v == x[n - 1]);
    free(x);
    x = series(path_in("api.h5"), "timeseries", "resolved_by_channel", &n);
    CHECK(x && n == 40 * N_CHANNELS);
    CHECK(cogov_run_metric(r, "resolved_by_channel/government", &v, err,
                           sizeof err) == 0);
    CHECK(x && v == x[n - 2]);           /* government: next to last */
    CHECK(cogov_run_metric(r, "resolved_by_channel/units", &v, err,
                           sizeof err) == 0);
    CHECK(x && v == x[n - 1]);           /* units (7.15): last column */
    free(x);
    CHECK(cogov_run_metric(r, "matters_opn", &v, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "unknown metric 'matters_opn'");
    CHECK(cogov_run_checkpoint(r, path_in("late.ckpt"), err,
                               sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "all its days");
    cogov_run_free(r);

    /* bitwise the file of sim_run (what `cogov run` calls) */
    struct params q;
    config_defaults(params_table(), &q);
    CHECK(config_load(params_table(), &q, "tests/small.cfg", sets, 1, NULL,
                      err, sizeof err) == 0);
    char *text = config_to_string(params_table(), &q, 0);
    struct run_opts o = {.out_path = path_in("run.h5"), .scenario = "small",
                         .config_text = text};
    CHECK(sim_run(&q, &o, err, sizeof err) == RUN_OK);
    free(text);
    CHECK(same_series(path_in("api.h5"), path_in("run.h5"), "timeseries",
                      "matters_open"));
    CHECK(same_series(path_in("api.h5"), path_in("run.h5"), "timeseries",
                      "satisfaction_mean"));
    CHECK(same_series(path_in("api.h5"), path_in("run.h5"), "communities",
                      "trust_gov_mean"));

    /* the API's checkpoint continues to the same trajectory */
    struct checkpoint *ck;
    int days = 0;
    CHECK(checkpoint_open(&ck, path_in("api.ckpt"), err, sizeof err) == 0);
    CHECK_EQ_INT(checkpoint_days_done(ck), 20);
    CHECK(checkpoint_params(ck, &q, NULL, 0, err, sizeof err) == 0);
    struct run_opts o2 = {.out_path = path_in("restart.h5"),
                          .scenario = "small", .config_text = "",
                          .restart = ck, .on_day = count_days,
                          .ctx = &days};
    CHECK(sim_run(&q, &o2, err, sizeof err) == RUN_OK);
    checkpoint_close(ck);
    CHECK_EQ_INT(days, 20);
    CHECK(same_series(path_in("api.h5"), path_in("restart.h5"),
                      "timeseries", "matters_open"));
    CHECK(same_series(path_in("api.h5"), path_in("restart.h5"),
                      "timeseries", "trust_com_mean"));
}

TEST(test_unfinished)
{
    cogov_params *p;
    cogov_run *r;
    CHECK(cogov_params_load(&p, "tests/small.cfg", NULL, 0, err,
                            sizeof err) == 0);
    /* an existing file is refused without force */
    CHECK(cogov_run_create(&r, p, NULL, path_in("api.h5"), 0, err,
                           sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "api.h5");
    /* a run without output cannot checkpoint */
    CHECK(cogov_run_create(&r, p, NULL, NULL, 0, err, sizeof err) == 0);
    CHECK(cogov_run_step(r, err, sizeof err) == 1);
    CHECK(cogov_run_checkpoint(r, path_in("x.ckpt"), err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "output file");
    cogov_run_free(r);
    /* freed before its last day: no output, not even the .partial */
    CHECK(cogov_run_create(&r, p, NULL, path_in("half.h5"), 0, err,
                           sizeof err) == 0);
    for (int d = 0; d < 5; d++)
        CHECK(cogov_run_step(r, err, sizeof err) == 1);
    CHECK(access(path_in("half.h5.partial"), F_OK) == 0);
    cogov_run_free(r);
    CHECK(access(path_in("half.h5.partial"), F_OK) != 0);
    CHECK(access(path_in("half.h5"), F_OK) != 0);
    cogov_params_free(p);
}

static void cleanup(void)
{
    const char *names[] = {"api.h5", "api.ckpt", "run.h5", "restart.h5",
                           "half.h5", "half.h5.partial", "x.ckpt",
                           "late.ckpt"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        remove(path_in(names[k]));
    rmdir(dir);
}

static void setup(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    atexit(cleanup);
}

UNIT_MAIN(test_params, test_run, test_unfinished)
