/* Unit tests of the public interface include/cogov/sim.h (engine/api.c):
 * parameters by key with their type and range checks; a run stepped a
 * day at a time gives bitwise the file `cogov run` (sim_run) writes, its
 * metrics by name equal that file's last row, its checkpoint restarts to
 * the same file, and an unfinished run leaves no output; parameters as
 * text; a change during a run equals the scenario's change schedule; the
 * district's maps and resident states agree with the run's metrics. */
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

/* Parameters from text, copied and printed as a scenario that loads back
 * to the same values. */
TEST(test_params_text)
{
    cogov_params *p, *q;
    double d;
    int64_t i;
    CHECK(cogov_params_load(&p, "tests/small.cfg", NULL, 0, err,
                            sizeof err) == 0);
    CHECK(cogov_params_set(p, "triage.accuracy=0.65", err, sizeof err) == 0);
    CHECK(cogov_params_set(p, "triage.accuracy=7", err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "triage.accuracy");
    CHECK(cogov_params_set(p, "population.residnts=10", err,
                           sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "population.residents");   /* did you mean */
    CHECK(cogov_param_get_double(p, "triage.accuracy", &d, err,
                                 sizeof err) == 0);
    CHECK(d == 0.65);                              /* refusals changed nothing */
    q = cogov_params_copy(p);
    CHECK(q != NULL);
    CHECK(q && cogov_params_set(q, "seed=77", err, sizeof err) == 0);
    CHECK(cogov_param_get_int(p, "seed", &i, err, sizeof err) == 0);
    CHECK(i != 77);                                /* a copy, not a view */
    char *text = cogov_params_text(q);
    CHECK(text != NULL);
    FILE *f = fopen(path_in("text.cfg"), "w");
    CHECK(f && text && fputs(text, f) >= 0 && fclose(f) == 0);
    free(text);
    cogov_params *back;
    CHECK(cogov_params_load(&back, path_in("text.cfg"), NULL, 0, err,
                            sizeof err) == 0);
    CHECK(cogov_param_get_int(back, "seed", &i, err, sizeof err) == 0);
    CHECK_EQ_INT(i, 77);
    CHECK(cogov_param_get_double(back, "triage.accuracy", &d, err,
                                 sizeof err) == 0);
    CHECK(d == 0.65);
    CHECK(cogov_param_get_int(back, "population.residents", &i, err,
                              sizeof err) == 0);
    CHECK_EQ_INT(i, 3000);                         /* from small.cfg */
    cogov_params_free(back);
    cogov_params_free(q);
    cogov_params_free(p);
}

/* Run p for its days, changing assign (NULL: nothing) after day `at`;
 * the metric `name` of every day into out. */
static void run_with(const cogov_params *p, const char *sched, int at,
                     const char *assign, const char *name, double *out)
{
    cogov_run *r;
    CHECK(cogov_run_create(&r, p, NULL, NULL, 0, err, sizeof err) == 0);
    if (sched)
        CHECK(cogov_run_changes_load(r, sched, err, sizeof err) == 1);
    int d = 0;
    while (cogov_run_step(r, err, sizeof err) == 1) {
        CHECK(cogov_run_metric(r, name, &out[d], err, sizeof err) == 0);
        if (++d == at && assign)
            CHECK(cogov_run_change(r, assign, err, sizeof err) == 0);
    }
    cogov_run_free(r);
}

/* A change during a run is the scenario's change schedule: the same days,
 * bitwise; the schedule prints as that scenario text; keys that only
 * shape day 0 are refused. */
TEST(test_change)
{
    cogov_params *p;
    enum { DAYS = 40, AT = 15 };
    const char *sets[] = {"time.days=40"};
    CHECK(cogov_params_load(&p, "tests/small.cfg", sets, 1, err,
                            sizeof err) == 0);
    FILE *f = fopen(path_in("sched.cfg"), "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "base = \"%s/tests/small.cfg\";\ntime = { days = 40; };\n"
            "changes = ( { day = %d; set = [\"mechanisms.triage.enabled="
            "true\", \"triage.accuracy=0.9\"]; } );\n",
            getcwd((char[4096]){0}, 4096), AT);
    fclose(f);
    double a[DAYS], b[DAYS], c[DAYS];
    run_with(p, NULL, AT, "mechanisms.triage.enabled=true", "matters_open",
             a);
    /* a second change of the same day accumulates */
    cogov_run *r;
    CHECK(cogov_run_create(&r, p, NULL, NULL, 0, err, sizeof err) == 0);
    CHECK(cogov_run_change(r, "triage.accuracy=0.9", err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "no day simulated yet");
    for (int d = 0; d < DAYS; d++) {
        CHECK(cogov_run_step(r, err, sizeof err) == 1);
        CHECK(cogov_run_metric(r, "matters_open", &b[d], err,
                               sizeof err) == 0);
        if (d + 1 == AT) {
            CHECK(cogov_run_change(r, "mechanisms.triage.enabled=true", err,
                                   sizeof err) == 0);
            CHECK(cogov_run_change(r, "triage.accuracy=0.9", err,
                                   sizeof err) == 0);
            CHECK(cogov_run_change(r, "population.residents=100", err,
                                   sizeof err) != 0);
            CHECK_STR_CONTAINS(err, "population.residents");
            CHECK(cogov_run_change(r, "triage.accuracy=2", err,
                                   sizeof err) != 0);
            CHECK_STR_CONTAINS(err, "triage.accuracy");
            char *t = cogov_run_changes_text(r);
            CHECK(t && strstr(t, "day = 15") &&
                  strstr(t, "triage.accuracy=0.9"));
            free(t);
            cogov_params *now = cogov_run_params(r);
            int on = 0;
            CHECK(now && cogov_param_get_bool(now, "mechanisms.triage."
                                              "enabled", &on, err,
                                              sizeof err) == 0 && on);
            cogov_params_free(now);
        }
    }
    CHECK(cogov_run_step(r, err, sizeof err) == 0);
    CHECK(cogov_run_change(r, "triage.accuracy=0.8", err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "all its days");
    cogov_run_free(r);
    run_with(p, path_in("sched.cfg"), 0, NULL, "matters_open", c);
    CHECK(memcmp(b, c, sizeof b) == 0);      /* = the scenario's schedule */
    CHECK(memcmp(a, b, AT * sizeof *a) == 0);  /* the same before it */
    CHECK(memcmp(a, b, sizeof a) != 0);      /* the accuracy matters */
    cogov_params_free(p);
}

/* The district as the demo draws it: maps and resident states agree with
 * the run's own metrics. */
/* tests/small.cfg for 20 days, run to its end in memory; its parameters
 * into *keep (the caller frees them) or freed. */
static cogov_run *small_run(cogov_params **keep)
{
    cogov_params *p;
    cogov_run *r;
    const char *sets[] = {"time.days=20"};
    if (cogov_params_load(&p, "tests/small.cfg", sets, 1, err, sizeof err) ||
        cogov_run_create(&r, p, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "small_run: %s\n", err);
        abort();
    }
    while (cogov_run_step(r, err, sizeof err) == 1)
        ;
    if (keep)
        *keep = p;
    else
        cogov_params_free(p);
    return r;
}

TEST(test_district)
{
    cogov_run *r = small_run(NULL);
    int64_t nr = cogov_run_residents(r), nb = cogov_run_buildings(r),
            nc = cogov_run_communities(r);
    CHECK_EQ_INT(nr, 3000);
    CHECK_EQ_INT(nc, 3);
    CHECK(nb >= nc && nb < nr);
    uint32_t *bld = malloc((size_t)nr * sizeof *bld);
    uint32_t *com = malloc((size_t)nb * sizeof *com);
    double *x = malloc((size_t)nr * sizeof *x), v, sum = 0;
    if (!bld || !com || !x)
        abort();
    CHECK(cogov_run_map(r, bld, (size_t)nr, com, (size_t)nb - 1, err,
                        sizeof err) != 0);
    CHECK(cogov_run_map(r, bld, (size_t)nr, com, (size_t)nb, err,
                        sizeof err) == 0);
    int ordered = com[0] == 0 && com[nb - 1] == (uint32_t)nc - 1, inside = 1;
    for (int64_t b = 1; b < nb; b++)
        ordered &= com[b] == com[b - 1] || com[b] == com[b - 1] + 1;
    for (int64_t i = 0; i < nr; i++)
        inside &= bld[i] < (uint32_t)nb;
    CHECK(ordered);
    CHECK(inside);
    /* open matters of the residents: the backlog, and its scopes */
    CHECK(cogov_run_state(r, "open_matters", x, (size_t)nr, err,
                          sizeof err) == 0);
    for (int64_t i = 0; i < nr; i++)
        sum += x[i];
    CHECK(cogov_run_metric(r, "matters_open", &v, err, sizeof err) == 0);
    CHECK(sum == v && v > 0);
    double scopes = 0;
    const char *scope[] = {"open_by_scope/private",
                           "open_by_scope/community",
                           "open_by_scope/government"};
    for (int k = 0; k < 3; k++) {
        double o = -1;
        CHECK(cogov_run_metric(r, scope[k], &o, err, sizeof err) == 0);
        CHECK(o >= 0);
        scopes += o;
    }
    CHECK(scopes == v);
    /* the district's means */
    const char *mean[][2] = {{"satisfaction", "satisfaction_mean"},
                             {"trust_gov", "trust_gov_mean"},
                             {"participating", "participation_rate"}};
    for (int k = 0; k < 3; k++) {
        sum = 0;
        CHECK(cogov_run_state(r, mean[k][0], x, (size_t)nr, err,
                              sizeof err) == 0);
        for (int64_t i = 0; i < nr; i++)
            sum += x[i];
        CHECK(cogov_run_metric(r, mean[k][1], &v, err, sizeof err) == 0);
        CHECK_NEAR(sum / (double)nr, v, 1e-9);
    }
    CHECK(cogov_run_state(r, "happiness", x, (size_t)nr, err,
                          sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "unknown resident state 'happiness'");
    CHECK(cogov_run_state(r, "trust_com", x, (size_t)nr - 1, err,
                          sizeof err) != 0);
    free(bld);
    free(com);
    free(x);
    cogov_run_free(r);
}

/* One resident, one community, their matters, and a person's decisions
 * in place of the model's: all -1 is the model itself, bit for bit; a
 * district where nobody reports keeps more matters open. */
TEST(test_resident)
{
    cogov_params *p;
    cogov_run *r = small_run(&p);
    int64_t nr = cogov_run_residents(r), nc = cogov_run_communities(r);
    uint32_t *bld = malloc((size_t)nr * sizeof *bld);
    double *trust = malloc((size_t)nr * sizeof *trust);
    if (!bld || !trust)
        abort();
    CHECK(cogov_run_map(r, bld, (size_t)nr, NULL, 0, err, sizeof err) == 0);
    CHECK(cogov_run_state(r, "trust_gov", trust, (size_t)nr, err,
                          sizeof err) == 0);
    uint32_t next = 0, nextb = 0, bad = 0;
    int64_t matters = 0, taking = 0;
    struct cogov_matter m[64];
    for (int64_t c = 0; c < nc; c++) {
        struct cogov_community cm;
        CHECK(cogov_run_community(r, c, &cm, err, sizeof err) == 0);
        CHECK_EQ_INT(cm.first_resident, next);
        CHECK_EQ_INT(cm.first_building, nextb);
        uint32_t part = 0;
        for (uint32_t i = cm.first_resident; i < next + cm.residents; i++) {
            struct cogov_resident me;
            CHECK(cogov_run_resident(r, i, &me, err, sizeof err) == 0);
            bad += me.community != c || me.building != bld[i] ||
                   me.trust_gov != trust[i] ||
                   me.neighbours_taking_part > me.neighbours;
            part += (uint32_t)me.participating;
            int n = cogov_run_matters(r, i, m, 64, err, sizeof err);
            CHECK(n >= 0 && n < 64);
            for (int j = 0; j < n; j++)
                bad += m[j].age < 0 || !(m[j].severity > 0) ||
                       !m[j].domain || !m[j].scope;
            matters += n;
        }
        CHECK_EQ_INT(cm.participants, part);
        for (uint32_t b = cm.first_building; b < nextb + cm.buildings; b++)
            taking += cogov_run_building_participants(r, b);
        next += cm.residents;
        nextb += cm.buildings;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(next, nr);
    CHECK_EQ_INT(nextb, cogov_run_buildings(r));
    double open;
    CHECK(cogov_run_metric(r, "matters_open", &open, err, sizeof err) == 0);
    CHECK(matters == (int64_t)open);
    CHECK(taking >= 0 && taking <= nr);   /* meetings: triage is off */
    struct cogov_resident me;
    CHECK(cogov_run_resident(r, nr, &me, err, sizeof err) != 0);
    CHECK(cogov_run_community(r, -1, NULL, err, sizeof err) != 0);
    CHECK(cogov_run_building_participants(r, cogov_run_buildings(r)) == -1);
    cogov_run_free(r);

    /* choices: -1 everywhere is the model's own run; no reports change it */
    struct cogov_choice *ch = malloc((size_t)nr * sizeof *ch);
    if (!ch)
        abort();
    double v[3];
    for (int k = 0; k < 3; k++) {
        memset(ch, -1, (size_t)nr * sizeof *ch);
        for (int64_t i = 0; k == 2 && i < nr; i++)
            ch[i].report = 0;
        CHECK(cogov_run_create(&r, p, NULL, NULL, 0, err, sizeof err) == 0);
        if (k > 0) {
            CHECK(cogov_run_set_choices(r, ch, (size_t)nr - 1, err,
                                        sizeof err) != 0);
            CHECK(cogov_run_set_choices(r, ch, (size_t)nr, err,
                                        sizeof err) == 0);
        }
        while (cogov_run_step(r, err, sizeof err) == 1)
            ;
        CHECK(cogov_run_metric(r, "matters_open", &v[k], err,
                               sizeof err) == 0);
        cogov_run_free(r);
    }
    CHECK(v[1] == v[0]);
    CHECK(v[2] > v[0]);
    free(ch);
    free(bld);
    free(trust);
    cogov_params_free(p);
}

UNIT_MAIN(test_params, test_run, test_unfinished, test_params_text,
          test_change, test_district, test_resident)
