/* Unit tests of sweeps: the sweep file and its expansion (grid, ranges,
 * Latin hypercube, seeds), the errors caught at plan time, the index
 * round trip, the parameters of a run and the Slurm script. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "cogov/rng.h"
#include "study/sweep.h"
#include "unit.h"

static char tmpdir[256];

static void remove_scratch(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* A scratch directory with a base scenario, made once. */
static const char *scratch(void)
{
    if (tmpdir[0])
        return tmpdir;
    snprintf(tmpdir, sizeof tmpdir, "%s/cogov-test-sweep-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        abort();
    atexit(remove_scratch);
    char path[512];
    snprintf(path, sizeof path, "%s/base.cfg", tmpdir);
    FILE *f = fopen(path, "w");
    fputs("population = { residents = 3000; communities = 3; };\n"
          "time = { days = 30; };\n"
          "triage = { accuracy = 0.7; };\n", f);
    fclose(f);
    return tmpdir;
}

/* Write text as NAME in the scratch directory and plan it. */
static int plan_text(const char *text, struct sweep_plan *pl, char *err,
                     size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sweep.cfg", scratch());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return sweep_plan_load(path, pl, err, n);
}

/* Plan must fail with a message holding every one of the needles. */
static void expect_error(const char *text, const char *needle1,
                         const char *needle2)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX] = "";
    int rc = plan_text(text, &pl, err, sizeof err);
    CHECK(rc == -1);
    if (rc == 0)
        sweep_plan_free(&pl);
    CHECK_STR_CONTAINS(err, needle1);
    if (needle2)
        CHECK_STR_CONTAINS(err, needle2);
}

static double val(const struct sweep_plan *pl, int64_t k, const char *key)
{
    for (int j = 0; j < pl->n_params; j++)
        if (!strcmp(pl->keys[j], key))
            return pl->value[k * pl->n_params + j];
    return NAN;
}

TEST(test_grid_order_and_replicates)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int rc = plan_text(
        "base = \"base.cfg\"; replicates = 2;\n"
        "vary = ( { key = \"triage.accuracy\"; values = [0.5, 0.8, 0.9]; },\n"
        "  { key = \"mechanisms.triage.enabled\"; values = [false, true]; }"
        " );\n", &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK_EQ_INT(pl.n_points, 6);
    CHECK_EQ_INT(pl.n_replicates, 2);
    CHECK_EQ_INT(pl.n_runs, 12);
    CHECK_EQ_INT(pl.n_params, 2);
    /* first axis slowest, replicates innermost */
    double acc[6] = {0.5, 0.5, 0.8, 0.8, 0.9, 0.9};
    int on[6] = {0, 1, 0, 1, 0, 1};
    for (int64_t k = 0; k < 12; k++) {
        CHECK_EQ_INT(pl.point[k], k / 2);
        CHECK_EQ_INT(pl.replicate[k], k % 2);
        CHECK(val(&pl, k, "triage.accuracy") == acc[k / 2]);
        CHECK(val(&pl, k, "mechanisms.triage.enabled") == on[k / 2]);
    }
    sweep_plan_free(&pl);
}

TEST(test_ranges_with_steps)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int rc = plan_text(
        "base = \"base.cfg\";\n"
        "vary = ( { key = \"triage.accuracy\"; from = 0.1; to = 0.9; "
        "step = 0.2; },\n"
        "  { key = \"population.residents\"; from = 1000; to = 2000; "
        "step = 500; } );\n", &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    /* 0.1, 0.3, 0.5, 0.7, 0.9 (the last exactly `to` despite rounding)
     * times 1000, 1500, 2000 */
    CHECK_EQ_INT(pl.n_points, 15);
    CHECK(val(&pl, 0, "triage.accuracy") == 0.1);
    CHECK(val(&pl, 14, "triage.accuracy") == 0.9);
    CHECK_NEAR(val(&pl, 6, "triage.accuracy"), 0.5, 1e-15);
    CHECK(val(&pl, 0, "population.residents") == 1000);
    CHECK(val(&pl, 1, "population.residents") == 1500);
    CHECK(val(&pl, 2, "population.residents") == 2000);
    sweep_plan_free(&pl);
}

TEST(test_common_random_numbers)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int rc = plan_text(
        "base = \"base.cfg\"; replicates = 3; seed = 99;\n"
        "vary = ( { key = \"triage.accuracy\"; values = [0.5, 0.8]; } );\n",
        &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        return;
    for (int64_t r = 0; r < 3; r++) {
        /* replicate r of every point has one seed, distinct per r */
        CHECK(pl.run_seed[r] == pl.run_seed[3 + r]);
        CHECK(pl.run_seed[r] == sweep_seed_of(99, SWEEP_SEED_HASH, r));
        CHECK(pl.run_seed[r] >= 0);
        for (int64_t q = 0; q < r; q++)
            CHECK(pl.run_seed[q] != pl.run_seed[r]);
    }
    /* the documented derivation: Philox words 0 and 1 of key = sweep
     * seed, counter (0, 0, r, purpose 1), top bit cleared */
    uint32_t w[4];
    rng_block(99, 1, 0, 2, 0, w);
    CHECK(pl.run_seed[2] ==
          (int64_t)((((uint64_t)w[1] << 32) | w[0]) & INT64_MAX));
    CHECK(sweep_seed_of(98, SWEEP_SEED_HASH, 0) != pl.run_seed[0]);
    CHECK(sweep_seed_of(10, SWEEP_SEED_OFFSET, 4) == 14);
    sweep_plan_free(&pl);

    rc = plan_text("base = \"base.cfg\"; replicates = 2; seed = 40; "
                   "seeds = \"offset\";\n", &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        return;
    CHECK_EQ_INT(pl.n_points, 1);
    CHECK_EQ_INT(pl.run_seed[0], 40);
    CHECK_EQ_INT(pl.run_seed[1], 41);
    sweep_plan_free(&pl);
}

static const char *lhs_text =
    "base = \"base.cfg\"; design = \"lhs\"; points = 40; seed = %d;\n"
    "vary = ( { key = \"triage.accuracy\"; from = 0.2; to = 1.0; },\n"
    "  { key = \"population.residents\"; from = 1000; to = 4999; },\n"
    "  { key = \"participation.network\"; values = [\"local\", "
    "\"global\"]; } );\n";

TEST(test_latin_hypercube)
{
    struct sweep_plan a, b, c;
    char err[CONFIG_ERR_MAX], text[1024];
    snprintf(text, sizeof text, lhs_text, 5);
    CHECK_EQ_INT(plan_text(text, &a, err, sizeof err), 0);
    CHECK_EQ_INT(plan_text(text, &b, err, sizeof err), 0);
    snprintf(text, sizeof text, lhs_text, 6);
    CHECK_EQ_INT(plan_text(text, &c, err, sizeof err), 0);
    CHECK_EQ_INT(a.n_points, 40);
    /* each dimension puts exactly one point in each of 40 strata */
    int seen_acc[40] = {0}, seen_res[40] = {0}, local = 0;
    for (int64_t k = 0; k < 40; k++) {
        double x = val(&a, k, "triage.accuracy");
        double n = val(&a, k, "population.residents");
        CHECK(x >= 0.2 && x <= 1.0);
        CHECK(n >= 1000 && n <= 4999 && n == floor(n));
        int sa = (int)floor((x - 0.2) / 0.8 * 40);
        int sr = (int)floor((n - 1000) / 4000 * 40);
        if (sa >= 0 && sa < 40)
            seen_acc[sa]++;
        if (sr >= 0 && sr < 40)
            seen_res[sr]++;
        local += val(&a, k, "participation.network") == 0;
    }
    for (int s = 0; s < 40; s++) {
        CHECK_EQ_INT(seen_acc[s], 1);
        CHECK_EQ_INT(seen_res[s], 1);
    }
    /* a list is stratified too: half the points on each choice */
    CHECK_EQ_INT(local, 20);
    /* reproducible from the seed, and a different seed differs */
    CHECK(sweep_plan_equal(&a, &b));
    CHECK(!sweep_plan_equal(&a, &c));
    sweep_plan_free(&a);
    sweep_plan_free(&b);
    sweep_plan_free(&c);
}

TEST(test_run_params)
{
    struct sweep_plan pl;
    struct params p;
    char err[CONFIG_ERR_MAX];
    int rc = plan_text(
        "base = \"base.cfg\"; replicates = 2; seed = 3;\n"
        "fixed = { time = { days = 12; }; participation = { network = "
        "\"global\"; }; };\n"
        "vary = ( { key = \"government.staff_hours\"; values = [100, 250]; },\n"
        "  { key = \"mechanisms.linkage.enabled\"; values = [true]; } );\n",
        &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK_EQ_INT(sweep_run_params(&pl, 3, &p, err, sizeof err), 0);
    CHECK_NEAR(p.government.staff_hours, 250, 0);
    CHECK_EQ_INT(p.mechanisms.linkage.enabled, 1);
    CHECK_EQ_INT(p.seed, pl.run_seed[1]);
    /* the base and the fixed settings hold for every run */
    CHECK_EQ_INT(p.population.residents, 3000);
    CHECK_NEAR(p.triage.accuracy, 0.7, 0);
    CHECK_EQ_INT(p.time.days, 12);
    CHECK_EQ_INT(p.participation.network, PARTICIPATION_GLOBAL);
    CHECK_STR_CONTAINS(pl.base_config, "days = 12;");
    sweep_plan_free(&pl);
}

TEST(test_plan_errors)
{
    /* every error names the file and the line */
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.acuracy\";"
                 " values = [0.5]; } );\n",
                 "sweep.cfg:2: vary: unknown parameter 'triage.acuracy'",
                 "did you mean 'triage.accuracy'?");
    expect_error("base = \"base.cfg\";\nvary = (\n { key = \"triage.accuracy"
                 "\"; values = [0.5, 1.5]; } );\n",
                 "sweep.cfg:3:", "1.5 is out of range: must be a number in "
                 "0..1");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.accuracy\";"
                 " from = 0.9; to = 0.1; step = 0.1; } );\n",
                 "sweep.cfg:2:", "range is empty");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.accuracy\";"
                 " from = 0.1; to = 0.9; step = -0.1; } );\n",
                 "sweep.cfg:2:", "step must be a positive number");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.accuracy\";"
                 " from = 0.1; to = 0.9; } );\n",
                 "sweep.cfg:2:", "needs step");
    expect_error("base = \"base.cfg\";\n\nreplicates = 0;\n",
                 "sweep.cfg:3: 'replicates' = 0 is out of range", NULL);
    expect_error("replicates = 2;\n", "sweep.cfg: no base scenario", NULL);
    expect_error("base = \"missing.cfg\";\n", "sweep.cfg:1: base scenario "
                 "'missing.cfg'", "cannot be read");
    expect_error("base = \"base.cfg\";\nreplicate = 2;\n",
                 "sweep.cfg:2: unknown key 'replicate'",
                 "did you mean 'replicates'?");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.accuracy\";"
                 " value = [0.5]; } );\n", "sweep.cfg:2: unknown key 'value'",
                 "did you mean 'values'?");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"seed\"; values = "
                 "[1, 2]; } );\n", "sweep.cfg:2:", "'seed' cannot be varied");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"triage.accuracy\";"
                 " values = [0.5]; },\n { key = \"triage.accuracy\"; values ="
                 " [0.6]; } );\n", "sweep.cfg:3:", "varied twice");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"name\"; values = "
                 "[\"a\"]; } );\n", "sweep.cfg:2:", "is a string");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"mechanisms.triage."
                 "enabled\"; from = 0; to = 1; step = 1; } );\n",
                 "sweep.cfg:2:", "takes values = [...], not a range");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"participation."
                 "network\"; values = [\"local\", \"globl\"]; } );\n",
                 "sweep.cfg:2:", "\"globl\" is not one of local|global");
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"population."
                 "residents\"; values = [1000.0, 2500.5]; } );\n",
                 "sweep.cfg:2:", "must be an integer");
    expect_error("base = \"base.cfg\";\ndesign = \"lhs\";\nvary = ( { key = "
                 "\"triage.accuracy\"; from = 0.1; to = 0.9; } );\n",
                 "sweep.cfg: design = \"lhs\" needs points", NULL);
    expect_error("base = \"base.cfg\";\npoints = 4;\n",
                 "sweep.cfg:2: 'points'", NULL);
    expect_error("base = \"base.cfg\";\ndesign = \"lhs\"; points = 3;\nvary ="
                 " ( { key = \"triage.accuracy\"; from = 0.1; to = 0.9; "
                 "step = 0.1; } );\n", "sweep.cfg:3:", "remove step");
    expect_error("base = \"base.cfg\";\nfixed = { time = { dayz = 3; }; };\n",
                 "sweep.cfg:2: fixed: unknown parameter 'time.dayz'",
                 "did you mean 'time.days'?");
    expect_error("base = \"base.cfg\";\nfixed = { seed = 3; };\n",
                 "sweep.cfg:2: fixed: 'seed'", NULL);
    /* a point the engine's cross-key checks refuse */
    expect_error("base = \"base.cfg\";\nvary = ( { key = \"patience\"; values"
                 " = [10, 500]; } );\n", "sweep.cfg:2: point 1 (patience = "
                 "500)", "must be below max_age");
    /* libconfig would wrap this to 32 bits without a word */
    expect_error("base = \"base.cfg\";\nseed = 99999999999999999999;\n",
                 "sweep.cfg:2: 'seed' does not fit a 64-bit integer", NULL);
    expect_error("base = \"base.cfg\";\nvary = ( { key = ; } );\n",
                 "sweep.cfg:2: syntax error", NULL);
}

TEST(test_seed_beyond_32_bits)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    CHECK_EQ_INT(plan_text("base = \"base.cfg\"; seed = 5000000000;\n", &pl,
                           err, sizeof err), 0);
    CHECK(pl.seed == 5000000000LL);
    sweep_plan_free(&pl);
}

TEST(test_index_round_trip)
{
    struct sweep_plan a, b;
    char err[CONFIG_ERR_MAX], dir[512];
    snprintf(dir, sizeof dir, "%s/idx", scratch());
    mkdir(dir, 0777);
    int rc = plan_text(
        "base = \"base.cfg\"; replicates = 2; seed = 1234567890123L;\n"
        "vary = ( { key = \"triage.accuracy\"; values = [0.5, 0.8]; },\n"
        "  { key = \"participation.network\"; values = [\"global\"]; },\n"
        "  { key = \"government.staff_hours\"; values = [120.0]; } );\n",
        &a, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        return;
    snprintf(a.created_utc, sizeof a.created_utc, "2024-01-02T03:04:05Z");
    CHECK_EQ_INT(sweep_index_write(dir, &a, NULL, err, sizeof err), 0);
    CHECK_EQ_INT(sweep_index_read(dir, &b, err, sizeof err), 0);
    CHECK(sweep_plan_equal(&a, &b));
    CHECK(!strcmp(b.created_utc, a.created_utc));
    CHECK(b.seed == 1234567890123LL);
    /* the keys come back in the sweep file's order, not sorted */
    CHECK(!strcmp(b.keys[0], "triage.accuracy"));
    CHECK(!strcmp(b.keys[2], "government.staff_hours"));
    CHECK(!strcmp(b.sweep_config, a.sweep_config));
    /* the base configuration reloads to the same parameters */
    char *ta = config_to_string(params_table(), &a.base, 0);
    char *tb = config_to_string(params_table(), &b.base, 0);
    CHECK(ta && tb && !strcmp(ta, tb));
    free(ta);
    free(tb);
    b.value[3] += 0.01;
    CHECK(!sweep_plan_equal(&a, &b));
    sweep_plan_free(&a);
    sweep_plan_free(&b);
    char path[600];
    snprintf(path, sizeof path, "%s/index.h5.partial", dir);
    CHECK(access(path, F_OK) != 0);
}

TEST(test_morris_design)
{
    struct sweep_plan pl, back;
    char err[CONFIG_ERR_MAX], dir[512];
    int rc = plan_text(
        "base = \"base.cfg\"; design = \"morris\"; trajectories = 5;\n"
        "candidates = 20; levels = 4; seed = 3;\n"
        "fixed = { mechanisms = { triage = { enabled = true; }; }; };\n"
        "vary = ( { key = \"triage.accuracy\"; from = 0.5; to = 0.9; },\n"
        "  { key = \"triage.transfer_delay\"; from = 1.0; to = 4.0; },\n"
        "  { key = \"population.residents\"; from = 1000; to = 1600; } );\n",
        &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK_EQ_INT(pl.design, SWEEP_MORRIS);
    CHECK_EQ_INT(pl.n_points, 5 * 4);
    CHECK(pl.unit != NULL);
    /* each step of a trajectory moves one parameter, by 2/3 of its range */
    int bad = 0;
    for (int t = 0; t < 5; t++)
        for (int i = 0; i < 3; i++) {
            int moved = 0;
            for (int j = 0; j < 3; j++) {
                double a = pl.unit[(t * 4 + i) * 3 + j],
                       b = pl.unit[(t * 4 + i + 1) * 3 + j];
                if (a != b) {
                    moved++;
                    bad += fabs(fabs(a - b) - 2.0 / 3) > 1e-12;
                }
            }
            bad += moved != 1;
        }
    CHECK_EQ_INT(bad, 0);
    /* unit 0 and 1 are the ends of each range */
    for (int64_t k = 0; k < pl.n_runs; k++) {
        double x = val(&pl, k, "triage.accuracy");
        double r = val(&pl, k, "population.residents");
        double u = pl.unit[pl.point[k] * 3];
        CHECK_NEAR(x, 0.5 + 0.4 * u, 1e-12);
        CHECK(r >= 1000 && r <= 1600 && r == floor(r));
    }
    /* the design survives the index */
    snprintf(dir, sizeof dir, "%s/morris", scratch());
    mkdir(dir, 0777);
    CHECK_EQ_INT(sweep_index_write(dir, &pl, NULL, err, sizeof err), 0);
    CHECK_EQ_INT(sweep_index_read(dir, &back, err, sizeof err), 0);
    CHECK_EQ_INT(back.design, SWEEP_MORRIS);
    CHECK_EQ_INT(back.design_n, 5);
    CHECK_EQ_INT(back.levels, 4);
    CHECK(back.unit && !memcmp(back.unit, pl.unit, 20 * 3 * sizeof *pl.unit));
    sweep_plan_free(&back);
    /* the same file plans the same design */
    struct sweep_plan again;
    char path[600];
    snprintf(path, sizeof path, "%s/sweep.cfg", scratch());
    CHECK_EQ_INT(sweep_plan_load(path, &again, err, sizeof err), 0);
    CHECK(sweep_plan_equal(&pl, &again));
    sweep_plan_free(&again);
    sweep_plan_free(&pl);
}

TEST(test_sobol_design)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int rc = plan_text(
        "base = \"base.cfg\"; design = \"sobol\"; points = 8; replicates = 2;"
        "\nsecond_order = true;\n"
        "fixed = { mechanisms = { triage = { enabled = true; }; }; };\n"
        "vary = ( { key = \"triage.accuracy\"; from = 0.5; to = 0.9; },\n"
        "  { key = \"triage.transfer_delay\"; from = 1.0; to = 4.0; } );\n",
        &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    /* 8 base points x (A, AB_1, AB_2, BA_1, BA_2, B) x 2 replicates */
    CHECK_EQ_INT(pl.n_points, 48);
    CHECK_EQ_INT(pl.n_runs, 96);
    /* AB_1 takes parameter 1 from B, parameter 2 from A */
    for (int i = 0; i < 8; i++) {
        const double *a = pl.unit + i * 6 * 2, *ab1 = a + 2, *b = a + 10;
        CHECK(ab1[0] == b[0] && ab1[1] == a[1]);
    }
    CHECK(!pl.warnings[0]);
    sweep_plan_free(&pl);
}

TEST(test_points_design)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX], path[600];
    snprintf(path, sizeof path, "%s/pts.csv", scratch());
    FILE *f = fopen(path, "w");
    fputs("# made elsewhere\ntriage.accuracy, participation.network\n"
          "0.6, global\n0.8,local\n", f);
    fclose(f);
    int rc = plan_text("base = \"base.cfg\"; design = \"points\";\n"
                       "points_file = \"pts.csv\";\n", &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    CHECK_EQ_INT(pl.n_points, 2);
    CHECK(val(&pl, 1, "triage.accuracy") == 0.8);
    CHECK(val(&pl, 0, "participation.network") !=
          val(&pl, 1, "participation.network"));
    /* triage is off in base.cfg: varying its accuracy changes nothing */
    CHECK_STR_CONTAINS(pl.warnings, "'triage.accuracy' belongs to a "
                       "mechanism that is off in every run");
    sweep_plan_free(&pl);
    f = fopen(path, "w");
    fputs("triage.accuracy\n0.6\n1.7\n", f);
    fclose(f);
    expect_error("base = \"base.cfg\"; design = \"points\";\n"
                 "points_file = \"pts.csv\";\n", "pts.csv:3:",
                 "'triage.accuracy' = 1.7 must be a number in 0..1");
    f = fopen(path, "w");
    fputs("triage.acuracy\n0.6\n", f);
    fclose(f);
    expect_error("base = \"base.cfg\"; design = \"points\";\n"
                 "points_file = \"pts.csv\";\n", "pts.csv:1: column "
                 "'triage.acuracy'", "did you mean 'triage.accuracy'");
    expect_error("base = \"base.cfg\"; design = \"morris\";\n"
                 "vary = ( { key = \"triage.accuracy\"; from = 0.5; to = 0.9;"
                 " } );\n", "design = \"morris\" needs trajectories", NULL);
    expect_error("base = \"base.cfg\"; trajectories = 4;\n",
                 "sweep.cfg:1: 'trajectories' belongs to another design",
                 NULL);
    expect_error("base = \"base.cfg\"; design = \"morris\"; trajectories = 4;"
                 " levels = 5;\nvary = ( { key = \"triage.accuracy\"; from ="
                 " 0.5; to = 0.9; } );\n", "'levels' = 5", "even");
    /* the same key fixed and varied (issue 19 item 8) */
    expect_error("base = \"base.cfg\";\n"
                 "fixed = { triage = { accuracy = 0.7; }; };\n"
                 "vary = ( { key = \"triage.accuracy\"; values = [0.5]; } );\n",
                 "sweep.cfg:3: 'triage.accuracy' is both varied here and "
                 "fixed on line 2", NULL);
}

/* Replace attribute name of run file path's /code by value. */
static void set_code_attr(const char *path, const char *name,
                          const char *value)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    CHECK(f >= 0);
    hid_t g = H5Gopen2(f, "code", H5P_DEFAULT);
    CHECK(H5Adelete(g, name) >= 0);
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, strlen(value) + 1);
    hid_t a = H5Acreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(H5Awrite(a, t, value) >= 0);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    H5Gclose(g);
    H5Fclose(f);
}

TEST(test_mixed_revisions)
{
    /* a done run made by another model stops `sweep run` */
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX], dir[512], path[700];
    snprintf(dir, sizeof dir, "%s/rev", scratch());
    int rc = plan_text(
        "base = \"base.cfg\"; replicates = 2;\n"
        "fixed = { population = { residents = 600; communities = 2; };\n"
        "  time = { days = 5; }; };\n", &pl, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    if (rc)
        return;
    int existed;
    CHECK_EQ_INT(sweep_plan_install(dir, &pl, &existed, err, sizeof err), 0);
    sweep_plan_free(&pl);
    struct sweep_run_opts o = {.task = 0, .chunk = 1, .jobs = 1, .quiet = 1};
    CHECK_EQ_INT(sweep_run(dir, &o, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/runs/run_000000.h5", dir);
    /* another revision with the same model sources (a commit of docs
     * or tests): the sweep goes on */
    set_code_attr(path, "git_revision", "ffffffffffff");
    o.task = -1;
    CHECK_EQ_INT(sweep_run(dir, &o, err, sizeof err), 0);
    /* another model: refused, naming both */
    set_code_attr(path, "model_id", "0123456789abcdef");
    CHECK_EQ_INT(sweep_run(dir, &o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "holds runs of cogov model 0123456789abcdef");
    CHECK_STR_CONTAINS(err, "revision ffffffffffff");
    CHECK_STR_CONTAINS(err, "--allow-mixed-revisions");
    /* a file from before the identity: compared by revision */
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    CHECK(f >= 0);
    hid_t g = H5Gopen2(f, "code", H5P_DEFAULT);
    CHECK(H5Adelete(g, "model_id") >= 0);
    H5Gclose(g);
    H5Fclose(f);
    CHECK_EQ_INT(sweep_run(dir, &o, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "holds runs of cogov revision fff");
    o.allow_mixed = 1;
    CHECK_EQ_INT(sweep_run(dir, &o, err, sizeof err), 0);
}

TEST(test_index_read_errors)
{
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX], dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/noindex", scratch());
    mkdir(dir, 0777);
    CHECK_EQ_INT(sweep_index_read(dir, &pl, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "no sweep index here");
    snprintf(path, sizeof path, "%s/index.h5", dir);
    FILE *f = fopen(path, "w");
    fputs("not hdf5\n", f);
    fclose(f);
    CHECK_EQ_INT(sweep_index_read(dir, &pl, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "index.h5");
}

TEST(test_slurm_script)
{
    struct sweep_plan pl;
    struct sweep_slurm_plan sp;
    char err[CONFIG_ERR_MAX], dir[512], path[700];
    int existed;
    CHECK_EQ_INT(plan_text("name = \"big\"; base = \"base.cfg\"; replicates ="
                           " 2500;\n", &pl, err, sizeof err), 0);
    snprintf(dir, sizeof dir, "%s/slurm", scratch());
    CHECK_EQ_INT(sweep_plan_install(dir, &pl, &existed, err, sizeof err), 0);
    const char *mods[] = {"hdf5/1.10"}, *extra[] = {"--qos=long"};
    struct sweep_slurm_opts o = {.array_max = 1000, .cpus = 4,
                                 .time = "2:00:00", .throttle = 50,
                                 .modules = mods, .n_modules = 1,
                                 .sbatch = extra, .n_sbatch = 1,
                                 .cogov = "/opt/cogov/bin/cogov"};
    char *s = sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err);
    CHECK(s != NULL);
    /* 2500 tasks under an array limit of 1000: chunks of 3, 834 elements */
    CHECK_EQ_INT(sp.chunk, 3);
    CHECK_EQ_INT(sp.elements, 834);
    CHECK_EQ_INT(sp.left, 2500);
    CHECK_STR_CONTAINS(s, "#SBATCH --array=0-833%50\n");
    CHECK_STR_CONTAINS(s, "#SBATCH --cpus-per-task=4\n");
    CHECK_STR_CONTAINS(s, "#SBATCH --time=2:00:00\n");
    CHECK_STR_CONTAINS(s, "#SBATCH --qos=long\n");
    CHECK_STR_CONTAINS(s, "#SBATCH --job-name=cogov-big\n");
    CHECK_STR_CONTAINS(s, "/slurm/slurm/%A_%a.out\n");
    CHECK_STR_CONTAINS(s, "module load 'hdf5/1.10'\n");
    CHECK_STR_CONTAINS(s, "exec '/opt/cogov/bin/cogov' sweep run '");
    CHECK_STR_CONTAINS(s, "' --task \"$SLURM_ARRAY_TASK_ID\" --chunk 3\n");
    free(s);
    /* tasks 0-5 and 10 done: elements 0 and 1 are not submitted again;
     * element 3 (tasks 9-11) still is */
    for (int k = 0; k <= 10; k++) {
        if (k > 5 && k < 10)
            continue;
        sweep_task_path(dir, k, ".h5", path, sizeof path);
        fclose(fopen(path, "w"));
    }
    s = sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err);
    CHECK_STR_CONTAINS(s, "#SBATCH --array=2-833%50\n");
    CHECK_EQ_INT(sp.left, 2500 - 7);
    free(s);
    /* runs per task given: elements of 10 */
    o.runs_per_task = 10;
    o.throttle = 0;
    s = sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err);
    CHECK_EQ_INT(sp.chunk, 10);
    CHECK_STR_CONTAINS(s, "#SBATCH --array=0-249\n");
    free(s);
    /* within the limit and asked for one: one task an element */
    o.array_max = 2500;
    o.runs_per_task = 1;
    s = sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err);
    CHECK_EQ_INT(sp.chunk, 1);
    CHECK_STR_CONTAINS(s, "#SBATCH --array=6-9,11-2499\n");
    CHECK(s && !strstr(s, "--chunk"));
    free(s);
    o.sbatch = (const char *[]){"qos=long"};
    CHECK(sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err) == NULL);
    CHECK_STR_CONTAINS(err, "--sbatch 'qos=long': one line");
    o.n_sbatch = 0;
    CHECK(sweep_slurm_script("/scratch/my sweep", &pl, &o, &sp, err,
                             sizeof err) == NULL);
    CHECK_STR_CONTAINS(err, "cannot quote this path");
    o.time = "2 hours";
    CHECK(sweep_slurm_script(dir, &pl, &o, &sp, err, sizeof err) == NULL);
    CHECK_STR_CONTAINS(err, "--time '2 hours'");
    sweep_plan_free(&pl);
}

TEST(test_task_paths)
{
    char buf[256];
    sweep_task_path("d", 42, ".h5", buf, sizeof buf);
    CHECK(!strcmp(buf, "d/runs/run_000042.h5"));
    sweep_task_path(NULL, 1234567, ".failed", buf, sizeof buf);
    CHECK(!strcmp(buf, "runs/run_1234567.failed"));
}

UNIT_MAIN(test_grid_order_and_replicates, test_ranges_with_steps,
          test_common_random_numbers, test_latin_hypercube, test_run_params,
          test_plan_errors, test_seed_beyond_32_bits, test_index_round_trip,
          test_index_read_errors, test_slurm_script, test_task_paths,
          test_morris_design, test_sobol_design, test_points_design,
          test_mixed_revisions)
