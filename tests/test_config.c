/* Unit tests for the scenario loader (sim/base/config_*.c): a test table
 * with every type, nested and interleaved groups, top-level keys and a
 * full-range int64; scenario files written to a fresh mkdtemp directory
 * per test. */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PARAM_STRUCT struct test_params
#include "cogov/config.h"
#include "unit.h"

struct test_params {
    int64_t seed;
    double patience;
    int64_t residents;
    double migrant_share;
    int triage_enabled;
    int triage_mode;
    int64_t households;
    int linkage_enabled;
    int64_t triage_capacity;
    char label[PARAM_STRING_MAX];
    int64_t big;
    double extreme;
    int64_t days;
    int64_t time_big;
};

/* Groups interleave on purpose: population, mechanisms and time come back
 * after other keys, and "big" is both a top-level key and time.big. */
static const struct param_def test_rows[] = {
    PINT("seed", seed, 42, 0, INT64_MAX, "", "Random seed"),
    PINT("population.residents", residents, 1000, 0, 10000000, "persons",
         "Number of residents"),
    PFLOAT("population.migrant_share", migrant_share, 0.3, 0, 1, "fraction",
           "Share of residents who are migrants"),
    PBOOL("mechanisms.triage.enabled", triage_enabled, 1,
          "Sort matters into three streams"),
    PFLOAT("patience", patience, 14, 0.5, 365, "days",
           "Days a resident waits | before escalating"),
    PENUM("mechanisms.triage.mode", triage_mode, 0, "local|global|mixed",
          "Where triage happens"),
    PFLAGS(PARAM_FIXED_AFTER_DAY0, PINT, "population.households", households,
           400, 1, 5000000, "households", "Number of households"),
    PBOOL("mechanisms.linkage.enabled", linkage_enabled, 0,
          "Link social organisations"),
    PFLAGS(PARAM_PASSIVE, PSTRING, "output.label", label, "baseline",
           "Label for the output file"),
    PINT("mechanisms.triage.capacity", triage_capacity, 20, 0, 1000,
         "matters/day", "Matters triaged per day"),
    PINT("big", big, 0, INT64_MIN, INT64_MAX, "", "Full-range int64"),
    PFLOAT("extreme", extreme, 1.0, -DBL_MAX, DBL_MAX, "",
           "Full-range double"),
    PINT("time.days", days, 365, 1, 36500, "days", "Days simulated"),
    PINT("time.big", time_big, 0, INT64_MIN, INT64_MAX, "",
         "Another key named big"),
};

static const struct param_removed test_removed[] = {
    {"population.old_key", "it did nothing (see the docs)"}};

static const struct param_table T = {
    test_rows, sizeof test_rows / sizeof test_rows[0],
    sizeof(struct test_params), test_removed, 1, NULL, 0};

#define NROWS (sizeof test_rows / sizeof test_rows[0])

/* ---- scratch directories ---------------------------------------------- */

struct tdir {
    char root[64];
    char paths[16][300];
    int n;
};

static void td_open(struct tdir *d)
{
    strcpy(d->root, "/tmp/cogov_test_config.XXXXXX");
    d->n = 0;
    if (!mkdtemp(d->root)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void td_path(const struct tdir *d, const char *name, char *out)
{
    char tmp[sizeof d->paths[0]];
    snprintf(tmp, sizeof tmp, "%s/%s", d->root, name);
    memcpy(out, tmp, sizeof tmp);
}

static const char *td_bytes(struct tdir *d, const char *name, const char *s,
                            size_t n)
{
    char *p = d->paths[d->n++];
    FILE *f;
    td_path(d, name, p);
    f = fopen(p, "wb");
    if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
        perror(p);
        exit(2);
    }
    return p;
}

static const char *td_file(struct tdir *d, const char *name, const char *s)
{
    return td_bytes(d, name, s, strlen(s));
}

static void td_mkdir(struct tdir *d, const char *name)
{
    char *p = d->paths[d->n++];
    td_path(d, name, p);
    if (mkdir(p, 0700) != 0) {
        perror(p);
        exit(2);
    }
}

static void td_close(struct tdir *d)
{
    while (d->n > 0)
        remove(d->paths[--d->n]);
    rmdir(d->root);
}

/* ---- loading helpers ---------------------------------------------------- */

static char err[CONFIG_ERR_MAX];
static struct test_params P;
static struct param_origin O[NROWS];

static int load_path(const char *path)
{
    config_defaults(&T, &P);
    memset(O, 0, sizeof O);
    err[0] = 0;
    return config_load(&T, &P, path, NULL, 0, O, err, sizeof err);
}

/* Load `text` as file s.cfg of a fresh directory into P. */
static int load_text(const char *text)
{
    struct tdir d;
    int rc;
    td_open(&d);
    rc = load_path(td_file(&d, "s.cfg", text));
    td_close(&d);
    return rc;
}

static int row_of(const char *key)
{
    const struct param_def *r = config_find(&T, key);
    return r ? (int)(r - test_rows) : -1;
}

/* Loading `text` fails with a one-line message holding every needle. */
#define CHECK_FAILS(text, ...)                                             \
    do {                                                                   \
        const char *needles_[] = {__VA_ARGS__};                            \
        CHECK(load_text(text) != 0);                                       \
        CHECK(strchr(err, '\n') == NULL);                                  \
        for (size_t k_ = 0; k_ < sizeof needles_ / sizeof *needles_; k_++) \
            CHECK_STR_CONTAINS(err, needles_[k_]);                         \
    } while (0)

/* --set fails on a default struct, leaves it unchanged, and says every
 * needle. */
#define CHECK_SET_FAILS(assign, ...)                                       \
    do {                                                                   \
        const char *needles_[] = {__VA_ARGS__};                            \
        struct test_params before_;                                        \
        config_defaults(&T, &P);                                           \
        before_ = P;                                                       \
        err[0] = 0;                                                        \
        CHECK(config_set(&T, &P, assign, O, err, sizeof err) != 0);        \
        CHECK(memcmp(&before_, &P, sizeof P) == 0);                        \
        CHECK(strchr(err, '\n') == NULL);                                  \
        for (size_t k_ = 0; k_ < sizeof needles_ / sizeof *needles_; k_++) \
            CHECK_STR_CONTAINS(err, needles_[k_]);                         \
    } while (0)

static char *slurp(FILE *f)
{
    long n;
    char *s;
    fflush(f);
    n = ftell(f);
    rewind(f);
    s = calloc((size_t)n + 1, 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    return s;
}

/* Every field away from its default, so a load that misses a key shows. */
static void scrambled(struct test_params *p)
{
    config_defaults(&T, p);
    p->seed = 5;
    p->patience = 100.25;
    p->residents = 7;
    p->migrant_share = 0.99;
    p->triage_enabled = 0;
    p->triage_mode = 2;
    p->households = 3;
    p->linkage_enabled = 1;
    p->triage_capacity = 999;
    strcpy(p->label, "scrambled");
    p->big = -77;
    p->extreme = -5.5;
    p->days = 2;
    p->time_big = 12345;
}

/* Write a with config_to_string, load it over a scrambled struct, and
 * compare bit for bit. */
static int roundtrip(const struct test_params *a, int comments)
{
    struct tdir d;
    struct test_params b;
    char *s = config_to_string(&T, a, comments);
    int ok;
    if (!s)
        return 0;
    td_open(&d);
    scrambled(&b);
    ok = config_load(&T, &b, td_file(&d, "rt.cfg", s), NULL, 0, NULL, err,
                     sizeof err) == 0 &&
         memcmp(a, &b, sizeof b) == 0;
    if (!ok)
        fprintf(stderr, "round trip failed (%s) on:\n%s", err, s);
    td_close(&d);
    free(s);
    return ok;
}

/* ---- tests -------------------------------------------------------------- */

TEST(test_table_check)
{
    struct param_def rows[3];
    struct param_table bad = {rows, 2, sizeof(struct test_params),
                              NULL, 0, NULL, 0};

    CHECK(config_check_table(&T, err, sizeof err) == 0);

    rows[0] = test_rows[1];
    rows[1] = test_rows[1];
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "appears twice");

    rows[1] = test_rows[0];
    rows[1].key = "population";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "both a value and a group");

    rows[1].key = "base";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "reserved");

    rows[1].key = "a..b";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "libconfig names");
    rows[1].key = "time.1st";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    rows[1].key = "flags.true";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);

    rows[1] = test_rows[0];
    rows[1].idef = -1;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "default -1 not in 0..");

    rows[1] = test_rows[5];
    rows[1].idef = 3;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "has no choice");

    rows[1] = test_rows[2];
    rows[1].fdef = 2;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);

    rows[1] = test_rows[8];
    bad.struct_size = offsetof(struct test_params, label) + 10;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "outside the struct");
    bad.struct_size = sizeof(struct test_params);
    CHECK(config_check_table(&bad, err, sizeof err) == 0);

    /* a row is fixed after day 0, passive or neither */
    rows[1].flags = PARAM_FIXED_AFTER_DAY0 | PARAM_PASSIVE;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "passive or neither");
    rows[1].flags = 8;
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    rows[1].flags = PARAM_PASSIVE;
    CHECK(config_check_table(&bad, err, sizeof err) == 0);

    /* a bad table is refused by every entry point */
    rows[1] = rows[0];
    CHECK(config_load(&bad, &P, NULL, NULL, 0, NULL, err, sizeof err) != 0);
    CHECK(config_to_string(&bad, &P, 0) == NULL);

    /* keys twice, or a value and a group, found wherever their rows are
     * and whatever sorts between their names ('-' before '.' in ASCII) */
    rows[0] = rows[1] = rows[2] = test_rows[0];
    bad.n = 3;
    rows[0].key = "g.x";
    rows[1].key = "g-y";
    rows[2].key = "g";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "'g.x' and 'g' make one key both a value and a "
                            "group");
    rows[2].key = "g-y.z";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "'g-y' and 'g-y.z' make one key");
    rows[2].key = "g.x";
    CHECK(config_check_table(&bad, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "key 'g.x' appears twice (rows 0 and 2)");
    rows[2].key = "g.x-y";
    CHECK(config_check_table(&bad, err, sizeof err) == 0);
}

TEST(test_defaults)
{
    config_defaults(&T, &P);
    CHECK_EQ_INT(P.seed, 42);
    CHECK_EQ_INT(P.residents, 1000);
    CHECK_NEAR(P.migrant_share, 0.3, 0);
    CHECK_NEAR(P.patience, 14, 0);
    CHECK_EQ_INT(P.triage_enabled, 1);
    CHECK_EQ_INT(P.linkage_enabled, 0);
    CHECK_EQ_INT(P.triage_mode, 0);
    CHECK(strcmp(P.label, "baseline") == 0);
    CHECK_EQ_INT(P.days, 365);
    CHECK_EQ_INT(P.triage_capacity, 20);
    /* path NULL: defaults stay, origins untouched */
    memset(O, 0, sizeof O);
    CHECK(config_load(&T, &P, NULL, NULL, 0, O, err, sizeof err) == 0);
    CHECK_EQ_INT(P.residents, 1000);
    CHECK_EQ_INT(O[0].line, 0);
}

TEST(test_load_nested)
{
    const char *text =
        "# a scenario\n"
        "seed = 7;\n"
        "population = {\n"
        "  residents = 2500;\n"
        "  migrant_share = 0.45;\n"
        "};\n"
        "mechanisms: {\n"
        "  triage: { enabled = false; mode = \"global\";\n"
        "            capacity = 35; };\n"
        "  linkage = { enabled = TRUE; };\n"
        "};\n"
        "output = { label = \"\xe5\xa4\x9a\xe5\x85\x83 \\\"q\\\" \\\\\"; };\n"
        "patience = 3;   // an integer literal for a float key\n"
        "time = { days = 1e3; };  /* an integral float for an int key */\n";
    CHECK(load_text(text) == 0);
    CHECK_STR_CONTAINS(err, "");
    CHECK_EQ_INT(P.seed, 7);
    CHECK_EQ_INT(P.residents, 2500);
    CHECK_NEAR(P.migrant_share, 0.45, 0);
    CHECK_EQ_INT(P.triage_enabled, 0);
    CHECK_EQ_INT(P.triage_mode, 1);
    CHECK_EQ_INT(P.triage_capacity, 35);
    CHECK_EQ_INT(P.linkage_enabled, 1);
    CHECK(strcmp(P.label, "\xe5\xa4\x9a\xe5\x85\x83 \"q\" \\") == 0);
    CHECK_NEAR(P.patience, 3, 0);
    CHECK_EQ_INT(P.days, 1000);
    CHECK_EQ_INT(P.households, 400);   /* untouched default */

    /* origins: file and line of each key, "" and 0 for defaults */
    CHECK_STR_CONTAINS(O[row_of("seed")].file, "/s.cfg");
    CHECK_EQ_INT(O[row_of("seed")].line, 2);
    CHECK_EQ_INT(O[row_of("population.residents")].line, 4);
    CHECK_EQ_INT(O[row_of("mechanisms.triage.capacity")].line, 9);
    CHECK_EQ_INT(O[row_of("mechanisms.linkage.enabled")].line, 10);
    CHECK_EQ_INT(O[row_of("time.days")].line, 14);
    CHECK(strcmp(O[row_of("population.households")].file, "") == 0);
    CHECK_EQ_INT(O[row_of("population.households")].line, 0);

    /* CRLF line ends read the same */
    CHECK(load_text("seed = 8;\r\npopulation = { residents = 9; };\r\n")
          == 0);
    CHECK_EQ_INT(P.seed, 8);
    CHECK_EQ_INT(P.residents, 9);
    CHECK_EQ_INT(O[row_of("population.residents")].line, 2);
}

TEST(test_unknown_key)
{
    CHECK_FAILS("seed = 1;\npopulation = { migrant_shar = 0.2; };\n",
                "s.cfg:2: unknown key 'population.migrant_shar'; did you "
                "mean 'population.migrant_share'?");
    CHECK_FAILS("\n\nmigrant_share = 0.2;\n",
                "s.cfg:3: unknown key 'migrant_share'; did you mean "
                "'population.migrant_share'?");
    CHECK_FAILS("zzz = 1;\n", "s.cfg:1: unknown key 'zzz'");
    CHECK(strstr(err, "did you mean") == NULL);
    CHECK_FAILS("populaton = {\n  residents = 5;\n};\n",
                "s.cfg:2: unknown key 'populaton.residents'; did you mean "
                "'population.residents'?");
    CHECK_FAILS("seed = 1;\nmechanismz = { };\n",
                "s.cfg:2: unknown group 'mechanismz'; did you mean "
                "'mechanisms'?");
    CHECK_FAILS("population = {\n base = \"x.cfg\"; };\n",
                "s.cfg:2: unknown key 'population.base'",
                "top level");
    /* a removed key says so and why, in a group or flat, not "unknown" */
    CHECK_FAILS("seed = 1;\npopulation = { old_key = 0.2; };\n",
                "s.cfg:2: key 'population.old_key' was removed: it did "
                "nothing (see the docs)");
    CHECK(strstr(err, "unknown") == NULL);
    /* a list under an unknown name is still an unknown key */
    CHECK_FAILS("seed = 1;\npatiense = (1, 2);\n",
                "s.cfg:2: unknown key 'patiense'; did you mean 'patience'?");
}

TEST(test_nearest)
{
    const char *n;
    n = config_nearest(&T, "population.migrant_shar");
    CHECK(n && strcmp(n, "population.migrant_share") == 0);
    n = config_nearest(&T, "population.migrnat_share");   /* swap */
    CHECK(n && strcmp(n, "population.migrant_share") == 0);
    n = config_nearest(&T, "migrant_share");              /* no group */
    CHECK(n && strcmp(n, "population.migrant_share") == 0);
    n = config_nearest(&T, "mechanisms.triag.enabled");
    CHECK(n && strcmp(n, "mechanisms.triage.enabled") == 0);
    n = config_nearest(&T, "triage.enabled");
    CHECK(n && strcmp(n, "mechanisms.triage.enabled") == 0);
    n = config_nearest(&T, "linkage.enabled");
    CHECK(n && strcmp(n, "mechanisms.linkage.enabled") == 0);
    n = config_nearest(&T, "sed");
    CHECK(n && strcmp(n, "seed") == 0);
    n = config_nearest(&T, "Patience");
    CHECK(n && strcmp(n, "patience") == 0);
    CHECK(config_nearest(&T, "zzz") == NULL);
    CHECK(config_nearest(&T, "population.qqqqqqqq") == NULL);
    CHECK(config_nearest(&T, "completely.unrelated.thing") == NULL);
    CHECK(config_find(&T, "time.days") == &test_rows[12]);
    CHECK(config_find(&T, "time") == NULL);
}

TEST(test_shape_errors)
{
    CHECK_FAILS("seed = { x = 1; };\n",
                "s.cfg:1: key 'seed' = { ... }: expected an integer in "
                "0..9223372036854775807, not a group");
    CHECK_FAILS("seed = 1;\npopulation = 5;\n",
                "s.cfg:2: key 'population' = 5: 'population' is a group of "
                "keys, not a value; write population = { residents = ...; };");
    CHECK_FAILS("mechanisms = {\n  triage = true;\n};\n",
                "s.cfg:2: key 'mechanisms.triage' = true:",
                "write triage = { enabled = ...; };");
    CHECK_FAILS("seed = 1;\n\npatience = (1, 2);\n",
                "s.cfg:3: key 'patience' = ( ... ): expected a number in "
                "0.5..365 [days], not a list");
    CHECK_FAILS("mechanisms = 5;\n", "s.cfg:1: key 'mechanisms' = 5:",
                "write mechanisms = { triage = { ... }; };");
    CHECK_FAILS("seed = [1, 2];\n", "s.cfg:1: key 'seed'", "not an array");
    CHECK_FAILS("population = [1];\n", "s.cfg:1:",
                "'population' is a group of keys");
}

TEST(test_type_errors)
{
    CHECK_FAILS("seed = 1;\npopulation = { residents = \"many\"; };\n",
                "s.cfg:2: key 'population.residents' = \"many\": expected "
                "an integer in 0..10000000 [persons]");
    CHECK_FAILS("population = { residents = 2.5; };\n",
                "s.cfg:1: key 'population.residents' = 2.5: not a whole "
                "number; expected an integer in 0..10000000 [persons]");
    CHECK_FAILS("big = 1e300;\n", "s.cfg:1: key 'big' = 1e300:",
                "beyond 2^53");
    CHECK_FAILS("big = 9007199254740994.0;\n", "beyond 2^53");
    /* 2^53 itself may be a rounded 2^53 + 1 (issue 19 item 6) */
    CHECK_FAILS("big = 9007199254740993.0;\n", "beyond 2^53");
    CHECK_FAILS("big = -9007199254740992.0;\n", "beyond 2^53");
    CHECK(load_text("big = -9007199254740991.0;\n") == 0);
    CHECK_EQ_INT(P.big, -9007199254740991LL);
    CHECK_FAILS("population = { residents = -1; };\n",
                "s.cfg:1: key 'population.residents' = -1: out of range; "
                "expected an integer in 0..10000000 [persons]");
    CHECK_FAILS("\npopulation = { migrant_share = 1.5; };\n",
                "s.cfg:2: key 'population.migrant_share' = 1.5: out of "
                "range; expected a number in 0..1 [fraction]");
    CHECK_FAILS("extreme = 1e999;\n", "s.cfg:1: key 'extreme' = 1e999: not "
                "a finite number");
    CHECK_FAILS("mechanisms = { triage = { enabled = 1; }; };\n",
                "s.cfg:1: key 'mechanisms.triage.enabled' = 1: expected "
                "true or false");
    CHECK_FAILS("mechanisms = { triage = { enabled = \"yes\"; }; };\n",
                "expected true or false");
    CHECK_FAILS("seed = 1;\nmechanisms = { triage = { mode = \"regional\"; }; "
                "};\n",
                "s.cfg:2: key 'mechanisms.triage.mode' = \"regional\": "
                "expected one of: local, global, mixed");
    CHECK_FAILS("mechanisms = { triage = { mode = 1; }; };\n",
                "expected one of: local, global, mixed");
    CHECK_FAILS("output = { label = 5; };\n", "s.cfg:1: key 'output.label' "
                "= 5: expected a string of at most 127 bytes");
    CHECK_FAILS("seed = true;\n", "s.cfg:1: key 'seed' = true: expected an "
                "integer");
    CHECK_FAILS("patience = \"3\";\n", "key 'patience' = \"3\": expected a "
                "number in 0.5..365 [days]");
    {
        char text[400];
        snprintf(text, sizeof text, "output = {\n  label = \"%0200d\"; };\n",
                 0);
        CHECK_FAILS(text, "s.cfg:2: key 'output.label' = \"0000",
                    "...\": too long (200 bytes); expected a string of at "
                    "most 127 bytes");
        snprintf(text, sizeof text, "output = { label = \"%0127d\"; };\n", 7);
        CHECK(load_text(text) == 0);
        CHECK_EQ_INT(strlen(P.label), 127);
    }
}

TEST(test_int_overflow)
{
    /* libconfig 1.5 would hand these over wrapped */
    CHECK(load_text("big = 3000000000;\n") == 0);
    CHECK_EQ_INT(P.big, 3000000000LL);
    CHECK(load_text("big = -2147483649;\n") == 0);
    CHECK_EQ_INT(P.big, -2147483649LL);
    CHECK(load_text("big = 0xFFFFFFFF;\n") == 0);
    CHECK_EQ_INT(P.big, 4294967295LL);
    CHECK(load_text("big = 0x1FFFFFFFF;\n") == 0);
    CHECK_EQ_INT(P.big, 8589934591LL);
    CHECK(load_text("big = 9223372036854775807L;\n") == 0);
    CHECK(P.big == INT64_MAX);
    CHECK(load_text("big = -9223372036854775808L;\n") == 0);
    CHECK(P.big == INT64_MIN);
    CHECK(load_text("big = 9223372036854775807;\n") == 0);
    CHECK(P.big == INT64_MAX);
    CHECK(load_text("big = 0x7FFFFFFFFFFFFFFFL;\n") == 0);
    CHECK(P.big == INT64_MAX);
    CHECK(load_text("big = 010;\n") == 0);     /* decimal, as libconfig */
    CHECK_EQ_INT(P.big, 10);

    CHECK_FAILS("seed = 1;\nbig = 99999999999999999999;\n",
                "s.cfg:2: key 'big' = 99999999999999999999: does not fit a "
                "64-bit integer; expected an integer in "
                "-9223372036854775808..9223372036854775807");
    CHECK_FAILS("big = 99999999999999999999L;\n", "s.cfg:1: key 'big'",
                "does not fit a 64-bit integer");
    CHECK_FAILS("big = 9223372036854775808;\n", "does not fit");
    CHECK_FAILS("big = -9223372036854775809L;\n", "does not fit");
    CHECK_FAILS("big = 0xFFFFFFFFFFFFFFFFL;\n", "key 'big' = "
                "0xFFFFFFFFFFFFFFFFL: does not fit");
    CHECK_FAILS("\npopulation = { residents = 3000000000; };\n",
                "s.cfg:2: key 'population.residents' = 3000000000: out of "
                "range");
    CHECK(strstr(err, "-1294967296") == NULL);

    /* the same name twice on one line, in different groups: the literal
     * is found by its dotted path, not by the first match on the line */
    CHECK(load_text("time = { big = 1; }; big = 3000000000;\n") == 0);
    CHECK_EQ_INT(P.time_big, 1);
    CHECK_EQ_INT(P.big, 3000000000LL);
    CHECK(load_text("big = 1; time = { big = 3000000000; };\n") == 0);
    CHECK_EQ_INT(P.big, 1);
    CHECK_EQ_INT(P.time_big, 3000000000LL);
    /* decoys in strings and comments, and a value on the next line */
    CHECK(load_text("output = { label = \"big = 1\"; }; /* big = 2 */ "
                    "big = # big = 4\n -3000000000; // big = 5\n") == 0);
    CHECK_EQ_INT(P.big, -3000000000LL);
    CHECK(strcmp(P.label, "big = 1") == 0);
    /* no separators: libconfig reads "5" then the name "seed" */
    CHECK(load_text("big = 5seed = 3000000000\n") == 0);
    CHECK_EQ_INT(P.big, 5);
    CHECK_EQ_INT(P.seed, 3000000000LL);

    /* a float key takes the integer the literal names */
    CHECK(load_text("extreme = 99999999999999999999;\n") == 0);
    CHECK_NEAR(P.extreme, 1e20, 0);
    CHECK(load_text("extreme = 3000000000;\n") == 0);
    CHECK_NEAR(P.extreme, 3e9, 0);
    CHECK(load_text("extreme = 0x10;\n") == 0);
    CHECK_NEAR(P.extreme, 16, 0);
}

TEST(test_syntax_error)
{
    CHECK_FAILS("seed = 1;\n\npatience = ;\n", "s.cfg:3: syntax error");
    CHECK_FAILS("seed = 1;\npopulation.residents = 5;\n",
                "s.cfg:2: syntax error", "names cannot contain '.'");
    CHECK_FAILS("seed = 1;\nseed = 2;\n", "s.cfg:2: duplicate setting name");
    CHECK_FAILS("population = {\n  residents = 5;\n", "s.cfg:3:");
}

TEST(test_empty_file)
{
    CHECK_FAILS("", "s.cfg: no settings; a scenario holds overrides, e.g. "
                "base = \"base.cfg\";");
    CHECK_FAILS("# only a comment\n// and another\n/* and a block */\n",
                "s.cfg: no settings");
}

TEST(test_not_text)
{
    struct tdir d;
    td_open(&d);
    CHECK(load_path(td_bytes(&d, "nul.cfg", "seed = 1;\npatience\0 = 2;\n",
                             23)) != 0);
    CHECK_STR_CONTAINS(err, "nul.cfg:2: not a text file (NUL byte");
    CHECK(load_path(td_file(&d, "bad.cfg", "seed = 1;\n\noutput = { label ="
                            " \"\xff\"; };\n")) != 0);
    CHECK_STR_CONTAINS(err, "bad.cfg:3: not valid UTF-8 text (byte 0xFF at "
                       "column 21)");
    CHECK(load_path(td_file(&d, "overlong.cfg", "output = { label = "
                            "\"\xc0\xaf\"; };\n")) != 0);
    CHECK_STR_CONTAINS(err, "overlong.cfg:1: not valid UTF-8");
    CHECK(load_path(td_file(&d, "cut.cfg", "seed = 1; # \xe5\xa4\n")) != 0);
    CHECK_STR_CONTAINS(err, "cut.cfg:1: not valid UTF-8");
    CHECK(load_path(td_file(&d, "bom.cfg", "\xef\xbb\xbfseed = 1;\n")) != 0);
    CHECK_STR_CONTAINS(err, "bom.cfg:1: starts with a UTF-8 byte-order mark");
    td_close(&d);
}

TEST(test_cannot_open)
{
    struct tdir d;
    CHECK(load_path("/nonexistent-cogov-dir/s.cfg") != 0);
    CHECK_STR_CONTAINS(err, "/nonexistent-cogov-dir/s.cfg: cannot read the "
                       "scenario: No such file or directory");
    td_open(&d);
    CHECK(load_path(d.root) != 0);
    CHECK_STR_CONTAINS(err, d.root);
    CHECK_STR_CONTAINS(err, "Is a directory");
    td_close(&d);
}

TEST(test_include_refused)
{
    CHECK_FAILS("seed = 1;\n  @include \"other.cfg\"\n",
                "s.cfg:2: @include is not supported",
                "base = \"other.cfg\";");
    /* inside a block comment it is no directive, for libconfig either */
    CHECK(load_text("/*\n@include \"x.cfg\"\n*/\nseed = 3;\n") == 0);
    CHECK_EQ_INT(P.seed, 3);
}

TEST(test_base_chain)
{
    struct tdir d;
    char path[400];
    td_open(&d);
    td_mkdir(&d, "sub");
    /* a root.cfg next to main.cfg that must not be the one used */
    td_file(&d, "root.cfg", "patience = 100;\n");
    td_file(&d, "sub/root.cfg",
            "seed = 1;\n"
            "patience = 2;\n"
            "population = { migrant_share = 0.5; residents = 100; };\n");
    td_file(&d, "sub/mid.cfg",
            "base = \"root.cfg\";\n"
            "population = { residents = 200; };\n"
            "patience = 9.5;\n");
    td_file(&d, "main.cfg", "base = \"sub/mid.cfg\";\nseed = 3;\n");
    snprintf(path, sizeof path, "%s/main.cfg", d.root);
    CHECK(load_path(path) == 0);
    CHECK_STR_CONTAINS(err, "");
    CHECK_EQ_INT(P.seed, 3);                  /* main overrides root */
    CHECK_EQ_INT(P.residents, 200);           /* mid overrides root */
    CHECK_NEAR(P.patience, 9.5, 0);           /* mid, not ../root.cfg */
    CHECK_NEAR(P.migrant_share, 0.5, 0);      /* root only */
    CHECK_EQ_INT(P.households, 400);          /* default */
    CHECK_STR_CONTAINS(O[row_of("seed")].file, "/main.cfg");
    CHECK_EQ_INT(O[row_of("seed")].line, 2);
    CHECK_STR_CONTAINS(O[row_of("population.residents")].file,
                       "/sub/mid.cfg");
    CHECK_EQ_INT(O[row_of("population.residents")].line, 2);
    CHECK_STR_CONTAINS(O[row_of("population.migrant_share")].file,
                       "/sub/root.cfg");
    CHECK_EQ_INT(O[row_of("population.migrant_share")].line, 3);
    CHECK(strcmp(O[row_of("big")].file, "") == 0);

    /* an error inside a base names the base file and its line */
    td_file(&d, "sub/broken.cfg", "seed = 1;\npopulation = { residnts = 2; "
            "};\n");
    td_file(&d, "top.cfg", "base = \"sub/broken.cfg\";\n");
    snprintf(path, sizeof path, "%s/top.cfg", d.root);
    CHECK(load_path(path) != 0);
    CHECK_STR_CONTAINS(err, "sub/broken.cfg:2: unknown key "
                       "'population.residnts'; did you mean "
                       "'population.residents'?");
    td_close(&d);
}

TEST(test_base_cycle)
{
    struct tdir d;
    char path[400];
    td_open(&d);
    td_file(&d, "a.cfg", "base = \"b.cfg\";\nseed = 1;\n");
    td_file(&d, "b.cfg", "seed = 2;\nbase = \"./a.cfg\";\n");
    snprintf(path, sizeof path, "%s/a.cfg", d.root);
    CHECK(load_path(path) != 0);
    CHECK_STR_CONTAINS(err, "b.cfg:2: base cycle: ");
    CHECK_STR_CONTAINS(err, "/a.cfg -> ");
    CHECK_STR_CONTAINS(err, "/b.cfg -> ");
    CHECK_STR_CONTAINS(err, "/./a.cfg");
    td_file(&d, "self.cfg", "seed = 1;\n\nbase = \"self.cfg\";\n");
    snprintf(path, sizeof path, "%s/self.cfg", d.root);
    CHECK(load_path(path) != 0);
    CHECK_STR_CONTAINS(err, "self.cfg:3: base cycle: ");
    td_close(&d);
}

TEST(test_base_errors)
{
    struct tdir d;
    char path[400];
    td_open(&d);
    td_file(&d, "main.cfg", "seed = 1;\n\nbase = \"nowhere.cfg\";\n");
    snprintf(path, sizeof path, "%s/main.cfg", d.root);
    CHECK(load_path(path) != 0);
    setenv("COGOV_PATH", "/nonexistent/a::/nonexistent/b", 1);
    CHECK(load_path(path) != 0);
    CHECK_STR_CONTAINS(err, "main.cfg:3: base file 'nowhere.cfg' not found;"
                       " looked for ");
    char where[600];
    snprintf(where, sizeof where, "%s/nowhere.cfg, /nonexistent/a/nowhere.cfg"
             ", /nonexistent/b/nowhere.cfg", d.root);
    CHECK_STR_CONTAINS(err, where);
    /* found in a COGOV_PATH folder when not beside the including file */
    td_mkdir(&d, "lib");
    td_file(&d, "lib/nowhere.cfg", "seed = 7;\npatience = 2.5;\n");
    char lib[400];
    snprintf(lib, sizeof lib, "/nonexistent/a:%s/lib", d.root);
    setenv("COGOV_PATH", lib, 1);
    CHECK(load_path(path) == 0);
    CHECK_EQ_INT(P.seed, 1);                   /* main.cfg overrides */
    CHECK_NEAR(P.patience, 2.5, 0);
    /* the including file's folder comes first */
    td_file(&d, "nowhere.cfg", "seed = 8;\npatience = 3.5;\n");
    CHECK(load_path(path) == 0);
    CHECK_NEAR(P.patience, 3.5, 0);
    unsetenv("COGOV_PATH");
    td_close(&d);
    CHECK_FAILS("seed = 1;\nbase = 5;\n",
                "s.cfg:2: key 'base' must be a string naming another "
                "scenario file");
    CHECK_FAILS("base = \"\";\n", "s.cfg:1: key 'base' must be a string");
}

TEST(test_set)
{
    struct { const char *assign; const char *key; } ok[] = {
        {"population.residents=2500", "population.residents"},
        {"  seed = 0x10  ", "seed"},
        {"big=9223372036854775807L", "big"},
        {"time.big=-9223372036854775808", "time.big"},
        {"population.households=1e6", "population.households"},
        {"population.migrant_share=.25", "population.migrant_share"},
        {"patience=7", "patience"},
        {"mechanisms.triage.mode=mixed", "mechanisms.triage.mode"},
        {"output.label=run 7", "output.label"},
    };
    config_defaults(&T, &P);
    memset(O, 0, sizeof O);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        CHECK(config_set(&T, &P, ok[i].assign, O, err, sizeof err) == 0);
        CHECK(strcmp(O[row_of(ok[i].key)].file, "--set") == 0);
        CHECK_EQ_INT(O[row_of(ok[i].key)].line, 0);
    }
    CHECK_EQ_INT(P.residents, 2500);
    CHECK_EQ_INT(P.seed, 16);
    CHECK(P.big == INT64_MAX);
    CHECK(P.time_big == INT64_MIN);
    CHECK_EQ_INT(P.households, 1000000);
    CHECK_NEAR(P.migrant_share, 0.25, 0);
    CHECK_NEAR(P.patience, 7, 0);
    CHECK_EQ_INT(P.triage_mode, 2);
    CHECK(strcmp(P.label, "run 7") == 0);
    CHECK(strcmp(O[row_of("time.days")].file, "") == 0);

    CHECK(config_set(&T, &P, "mechanisms.triage.mode=\"global\"", O, err,
                     sizeof err) == 0);
    CHECK_EQ_INT(P.triage_mode, 1);
    CHECK(config_set(&T, &P, "output.label=\"a \\\"b\\\" \\\\ c\\n\\x41\"",
                     O, err, sizeof err) == 0);
    CHECK(strcmp(P.label, "a \"b\" \\ c\nA") == 0);
    CHECK(config_set(&T, &P, "output.label=", O, err, sizeof err) == 0);
    CHECK(strcmp(P.label, "") == 0);

    {
        const char *yes[] = {"true", "TRUE", "yes", "on", "On", "1"};
        const char *no[] = {"false", "False", "no", "off", "OFF", "0"};
        char a[80];
        for (size_t i = 0; i < 6; i++) {
            snprintf(a, sizeof a, "mechanisms.linkage.enabled=%s", yes[i]);
            P.linkage_enabled = 0;
            CHECK(config_set(&T, &P, a, O, err, sizeof err) == 0);
            CHECK_EQ_INT(P.linkage_enabled, 1);
            snprintf(a, sizeof a, "mechanisms.linkage.enabled=%s", no[i]);
            CHECK(config_set(&T, &P, a, O, err, sizeof err) == 0);
            CHECK_EQ_INT(P.linkage_enabled, 0);
        }
    }
}

TEST(test_set_errors)
{
    char longset[300];
    CHECK_SET_FAILS("population.residents=abc",
                    "--set 'population.residents=abc': expected an integer "
                    "in 0..10000000 [persons]");
    CHECK_SET_FAILS("population.residents", "--set 'population.residents': "
                    "missing '='; write --set key=value");
    CHECK_SET_FAILS("=5", "--set '=5': missing key before '='");
    CHECK_SET_FAILS("population.residnts=5",
                    "--set 'population.residnts=5': unknown key "
                    "'population.residnts'; did you mean "
                    "'population.residents'?");
    CHECK_SET_FAILS("qqq=5", "unknown key 'qqq'");
    CHECK(strstr(err, "did you mean") == NULL);
    CHECK_SET_FAILS("population=5", "--set 'population=5': 'population' is "
                    "a group of keys; set one of them, e.g. "
                    "population.residents=...");
    CHECK_SET_FAILS("big=99999999999999999999", "--set "
                    "'big=99999999999999999999': does not fit a 64-bit "
                    "integer");
    CHECK_SET_FAILS("big=0x8000000000000000", "does not fit a 64-bit");
    CHECK_SET_FAILS("big=-9223372036854775809", "does not fit a 64-bit");
    CHECK_SET_FAILS("population.residents=2.5", "not a whole number");
    CHECK_SET_FAILS("population.residents=-3", "--set "
                    "'population.residents=-3': out of range; expected an "
                    "integer in 0..10000000 [persons]");
    CHECK_SET_FAILS("population.residents=", "expected an integer");
    CHECK_SET_FAILS("population.residents=12abc", "expected an integer");
    CHECK_SET_FAILS("population.migrant_share=0.5x", "--set "
                    "'population.migrant_share=0.5x': expected a number in "
                    "0..1 [fraction]");
    CHECK_SET_FAILS("population.migrant_share=", "expected a number");
    CHECK_SET_FAILS("population.migrant_share=nan", "not a finite number");
    CHECK_SET_FAILS("extreme=inf", "not a finite number");
    CHECK_SET_FAILS("extreme=1e999", "not a finite number");
    CHECK_SET_FAILS("population.migrant_share=2", "out of range; expected a "
                    "number in 0..1 [fraction]");
    CHECK_SET_FAILS("mechanisms.triage.enabled=maybe", "--set "
                    "'mechanisms.triage.enabled=maybe': expected true or "
                    "false");
    CHECK_SET_FAILS("mechanisms.triage.mode=regional", "--set "
                    "'mechanisms.triage.mode=regional': expected one of: "
                    "local, global, mixed");
    CHECK_SET_FAILS("output.label=\"unterminated", "--set "
                    "'output.label=\"unterminated': unterminated quoted "
                    "string");
    CHECK_SET_FAILS("output.label=\"a\"b\"", "--set 'output.label=\"a\"b\"':"
                    " a '\"' inside a quoted string must be written \\\"");
    CHECK_SET_FAILS("output.label=\"\\x00\"", "NUL");
    snprintf(longset, sizeof longset, "output.label=%0200d", 0);
    CHECK_SET_FAILS(longset, "too long (200 bytes)", "...");
    CHECK_SET_FAILS("output.label=\"a\nb", "\\n");   /* stays one line */
}

TEST(test_load_with_sets)
{
    struct tdir d;
    const char *sets[] = {"population.residents=3000", "seed=9"};
    const char *bad[] = {"seed=9", "population.residents=oops"};
    const char *path;
    struct test_params before;
    struct param_origin obefore[NROWS];
    td_open(&d);
    path = td_file(&d, "s.cfg", "population = { residents = 2500; "
                   "households = 50; };\n");
    config_defaults(&T, &P);
    memset(O, 0, sizeof O);
    CHECK(config_load(&T, &P, path, sets, 2, O, err, sizeof err) == 0);
    CHECK_EQ_INT(P.residents, 3000);       /* --set after the file */
    CHECK_EQ_INT(P.households, 50);
    CHECK_EQ_INT(P.seed, 9);
    CHECK(strcmp(O[row_of("population.residents")].file, "--set") == 0);
    CHECK_STR_CONTAINS(O[row_of("population.households")].file, "/s.cfg");

    /* a failing set, or a failing file, leaves struct and origins alone */
    config_defaults(&T, &P);
    memset(O, 0, sizeof O);
    before = P;
    memcpy(obefore, O, sizeof O);
    CHECK(config_load(&T, &P, path, bad, 2, O, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "--set 'population.residents=oops'");
    CHECK(memcmp(&before, &P, sizeof P) == 0);
    CHECK(memcmp(obefore, O, sizeof O) == 0);
    path = td_file(&d, "late.cfg", "seed = 11;\npopulation = { residents = "
                   "-1; };\n");
    CHECK(config_load(&T, &P, path, NULL, 0, O, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "late.cfg:2:");
    CHECK(memcmp(&before, &P, sizeof P) == 0);
    CHECK(memcmp(obefore, O, sizeof O) == 0);
    td_close(&d);
}

TEST(test_write_order)
{
    const char *want =
        "seed = 42;\n"
        "population = {\n"
        "  residents = 1000;\n"
        "  migrant_share = 0.3;\n"
        "  households = 400;\n"
        "};\n"
        "mechanisms = {\n"
        "  triage = {\n"
        "    enabled = true;\n"
        "    mode = \"local\";\n"
        "    capacity = 20;\n"
        "  };\n"
        "  linkage = {\n"
        "    enabled = false;\n"
        "  };\n"
        "};\n"
        "patience = 14.0;\n"
        "output = {\n"
        "  label = \"baseline\";\n"
        "};\n"
        "big = 0;\n"
        "extreme = 1.0;\n"
        "time = {\n"
        "  days = 365;\n"
        "  big = 0;\n"
        "};\n";
    char *s, *c, *w;
    FILE *f;
    config_defaults(&T, &P);
    s = config_to_string(&T, &P, 0);
    CHECK(s && strcmp(s, want) == 0);
    if (s && strcmp(s, want) != 0)
        fprintf(stderr, "got:\n%s", s);

    c = config_to_string(&T, &P, 1);
    CHECK_STR_CONTAINS(c, "# Random seed (range 0..9223372036854775807)\n"
                       "seed = 42;\n");
    CHECK_STR_CONTAINS(c, "population = {\n  # Number of residents "
                       "[persons] (range 0..10000000)\n  residents = 1000;\n");
    CHECK_STR_CONTAINS(c, "  # Share of residents who are migrants "
                       "[fraction] (range 0..1)\n");
    CHECK_STR_CONTAINS(c, "    # Where triage happens (one of: local, "
                       "global, mixed)\n    mode = \"local\";\n");
    CHECK_STR_CONTAINS(c, "    # Sort matters into three streams (true or "
                       "false)\n");
    CHECK_STR_CONTAINS(c, "  # Label for the output file (string, at most "
                       "127 bytes)\n");
    CHECK_STR_CONTAINS(c, "# Matters triaged per day [matters/day] (range "
                       "0..1000)");
    CHECK_STR_CONTAINS(c, "# Full-range int64 (range "
                       "-9223372036854775808..9223372036854775807)");
    CHECK_STR_CONTAINS(c, "# Full-range double (range "
                       "-1.7976931348623157e+308..1.7976931348623157e+308)");

    /* config_print prints the same text */
    f = tmpfile();
    CHECK(f != NULL);
    if (f) {
        CHECK(config_print(&T, &P, f, 1) == 0);
        w = slurp(f);
        CHECK(w && c && strcmp(w, c) == 0);
        free(w);
        fclose(f);
    }
    free(s);
    free(c);
}

TEST(test_roundtrip_defaults)
{
    config_defaults(&T, &P);
    CHECK(roundtrip(&P, 0));
    CHECK(roundtrip(&P, 1));
}

TEST(test_roundtrip_extremes)
{
    const double xs[] = {
        DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, 4.9406564584124654e-324,
        -0.0, 0.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, 1e16, 1e15 + 0.3, 1e22,
        123456789012345678.0, 9007199254740993.0, 5e-324 * 3,
        0.30000000000000004, 1e-7, -1e300, 100.0, 2.5e-310};
    char *s;
    struct test_params a;
    config_defaults(&T, &a);
    a.seed = INT64_MAX;
    a.big = INT64_MIN;
    a.time_big = (int64_t)INT32_MAX + 1;
    a.residents = 10000000;
    a.households = 1;
    a.migrant_share = 1.0 / 3.0;
    a.patience = 0.5;
    a.triage_enabled = 0;
    a.linkage_enabled = 1;
    a.triage_mode = 2;
    a.days = 36500;
    a.triage_capacity = 0;
    memset(a.label, 0, sizeof a.label);
    strcpy(a.label, "q\"b\\s\nt\tc\x01 # // /* \xe7\xa4\xbe\xe5\x8c\xba");
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        a.extreme = xs[i];
        CHECK(roundtrip(&a, 0));
        CHECK(roundtrip(&a, 1));
    }
    a.time_big = INT32_MIN;       /* fits 32 bits: no L */
    a.big = (int64_t)INT32_MIN - 1;
    CHECK(roundtrip(&a, 1));
    s = config_to_string(&T, &a, 0);
    CHECK(s && strncmp(s, "seed = 9223372036854775807L;\n", 29) == 0);
    CHECK_STR_CONTAINS(s, "\nbig = -2147483649L;\n");
    CHECK_STR_CONTAINS(s, "  big = -2147483648;\n");
    CHECK_STR_CONTAINS(s, "patience = 0.5;");
    CHECK_STR_CONTAINS(s, "label = \"q\\\"b\\\\s\\nt\\tc\\x01 # // /* "
                       "\xe7\xa4\xbe\xe5\x8c\xba\";");
    free(s);
    a.extreme = -0.0;
    s = config_to_string(&T, &a, 0);
    CHECK_STR_CONTAINS(s, "extreme = -0.0;");
    free(s);
    a.extreme = 1e22;
    s = config_to_string(&T, &a, 0);
    CHECK_STR_CONTAINS(s, "extreme = 1e+22;");
    free(s);
    a.extreme = 0.1;              /* shortest form that reads back */
    s = config_to_string(&T, &a, 0);
    CHECK_STR_CONTAINS(s, "extreme = 0.1;");
    free(s);
    a.extreme = 1.0 / 3.0;        /* needs 16 digits */
    s = config_to_string(&T, &a, 0);
    CHECK_STR_CONTAINS(s, "extreme = 0.3333333333333333;");
    free(s);
}

TEST(test_write_invalid)
{
    FILE *f = tmpfile();
    config_defaults(&T, &P);
    P.extreme = NAN;
    CHECK(config_to_string(&T, &P, 0) == NULL);
    if (f) {
        CHECK(config_print(&T, &P, f, 0) != 0);
        CHECK_EQ_INT(ftell(f), 0);
        fclose(f);
    }
    P.extreme = INFINITY;
    CHECK(config_to_string(&T, &P, 1) == NULL);
    config_defaults(&T, &P);
    P.triage_mode = 3;
    CHECK(config_to_string(&T, &P, 0) == NULL);
    config_defaults(&T, &P);
    memset(P.label, 'x', sizeof P.label);
    CHECK(config_to_string(&T, &P, 0) == NULL);
}

TEST(test_markdown)
{
    FILE *f = tmpfile();
    char *s;
    int lines = 0;
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(config_print_markdown(&T, f) == 0);
    s = slurp(f);
    fclose(f);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(strncmp(s, "| key | type | default | range | units | description "
                  "|\n|---|---|---|---|---|---|\n", 81) == 0);
    CHECK_STR_CONTAINS(s, "\n| `population.residents` | int | 1000 | "
                       "0..10000000 | persons | Number of residents |\n");
    CHECK_STR_CONTAINS(s, "\n| `patience` | float | 14 | 0.5..365 | days | "
                       "Days a resident waits \\| before escalating |\n");
    CHECK_STR_CONTAINS(s, "\n| `mechanisms.triage.mode` | enum | local | one "
                       "of: local, global, mixed |  | Where triage happens "
                       "|\n");
    CHECK_STR_CONTAINS(s, "\n| `mechanisms.triage.enabled` | bool | true | "
                       "true, false |  | Sort matters into three streams |\n");
    CHECK_STR_CONTAINS(s, "\n| `output.label` | string | \"baseline\" | at "
                       "most 127 bytes |  | Label for the output file "
                       "*(passive)* |\n");
    CHECK_STR_CONTAINS(s, "\n| `population.households` | int | 400 | "
                       "1..5000000 | households | Number of households "
                       "*(fixed after day 0)* |\n");
    for (const char *c = s; *c; c++)
        lines += *c == '\n';
    CHECK_EQ_INT(lines, (int)NROWS + 2);
    free(s);
}

/* Inputs that are valid libconfig but would take long or change
 * silently (issue 19 item 6): every one is refused (or loaded) within a
 * second, naming file, line and key. */
static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

TEST(test_input_limits)
{
    struct tdir d;
    struct timespec t0;
    size_t cap = 80000 * 16 + 64, n = 0;
    char *big = malloc(11u << 20);
    if (!big) {
        CHECK(!"malloc");
        return;
    }
    td_open(&d);
    /* 80 000 empty groups: libconfig looks each new name up among the
     * group's names (30 s before the limit) */
    for (int i = 0; i < 80000 && n + 32 < cap; i++)
        n += (size_t)snprintf(big + n, cap - n, "g%d = {};\n", i);
    const char *groups = td_bytes(&d, "groups.cfg", big, n);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(load_path(groups) != 0);
    CHECK(seconds_since(&t0) < 1.0);
    CHECK_STR_CONTAINS(err, "groups.cfg:1001: more than 1000 settings at "
                       "the top level");
    /* ... also inside a group, and 1000 are fine */
    n = (size_t)snprintf(big, cap, "output = {\n");
    for (int i = 0; i < 1500; i++)
        n += (size_t)snprintf(big + n, cap - n, "k%d = 1;\n", i);
    n += (size_t)snprintf(big + n, cap - n, "};\n");
    CHECK(load_path(td_bytes(&d, "inner.cfg", big, n)) != 0);
    CHECK_STR_CONTAINS(err, "inner.cfg:1002: more than 1000 settings in "
                       "group 'output'");
    n = 0;
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(big + n, cap - n, "k%d = 1;\n", i);
    CHECK(load_path(td_bytes(&d, "many.cfg", big, n)) != 0);
    CHECK_STR_CONTAINS(err, "many.cfg:1: unknown key 'k0'");

    /* a 10 MB string (inside the 16 MB file limit) */
    n = (size_t)snprintf(big, 64, "output = { label = \"");
    memset(big + n, 'a', 10u << 20);
    n += 10u << 20;
    n += (size_t)snprintf(big + n, 64, "\"; };\n");
    const char *str = td_bytes(&d, "string.cfg", big, n);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(load_path(str) != 0);
    CHECK(seconds_since(&t0) < 1.0);
    CHECK_STR_CONTAINS(err, "string.cfg:1: key 'output.label' = \"aaaa");
    CHECK_STR_CONTAINS(err, "too long (10485760 bytes)");

    /* a NUL byte written as an escape: libconfig would end the string
     * there without a word */
    CHECK(load_path(td_file(&d, "nul.cfg", "seed = 1;\noutput = { label ="
                            " \"ab\\x00cd\"; };\n")) != 0);
    CHECK_STR_CONTAINS(err, "nul.cfg:2: key 'output.label': the string "
                       "holds a NUL byte (\\x00)");
    CHECK(load_path(td_file(&d, "nul2.cfg", "output = { label = \"ab\" "
                            "\"c\\X00\"; };\n")) != 0);
    CHECK_STR_CONTAINS(err, "nul2.cfg:1: key 'output.label': the string "
                       "holds a NUL byte");
    /* other escapes stay what libconfig makes of them */
    CHECK(load_path(td_file(&d, "hex.cfg", "output = { label = \"a\\x41"
                            "\\x30\\x0a\"; };\n")) == 0);
    CHECK(strcmp(P.label, "aA0\n") == 0);
    td_close(&d);
    free(big);
}

/* Rows owned by switches (PARAM_OWNED_BY): active only while one of
 * their switches is on, a switch within another only while that one is;
 * the markdown names the owners; the check refuses owners beyond the
 * switches, on passive rows, switches that are not bool rows and a
 * switch that owns itself. */
TEST(test_owners)
{
    static const char *const sw[] = {"mechanisms.triage.enabled",
                                     "mechanisms.linkage.enabled"};
    struct param_def rows[] = {
        PINT("seed", seed, 42, 0, INT64_MAX, "", "Random seed"),
        PBOOL("mechanisms.triage.enabled", triage_enabled, 0, "switch"),
        PFLAGS(PARAM_OWNED_BY(1u), PBOOL, "mechanisms.linkage.enabled",
               linkage_enabled, 0, "a switch within triage"),
        PFLAGS(PARAM_OWNED_BY(1u), PINT, "mechanisms.triage.capacity",
               triage_capacity, 20, 0, 1000, "", "triage's"),
        PFLAGS(PARAM_OWNED_BY(2u), PFLOAT, "patience", patience, 14, 0.5,
               365, "days", "linkage's"),
        PFLAGS(PARAM_FIXED_AFTER_DAY0 | PARAM_OWNED_BY(3u), PFLOAT,
               "population.migrant_share", migrant_share, 0.3, 0, 1, "",
               "either's"),
    };
    struct param_table t = {rows, sizeof rows / sizeof rows[0],
                            sizeof(struct test_params), NULL, 0, sw, 2};
    CHECK(config_check_table(&t, err, sizeof err) == 0);
    CHECK_EQ_INT(config_row_owner(&rows[0]), 0);
    CHECK_EQ_INT(config_row_owner(&rows[5]), 3);
    CHECK(rows[5].flags & PARAM_FIXED_AFTER_DAY0);
    static const struct {
        int triage, linkage, active[6];
    } cases[] = {
        {0, 0, {1, 1, 0, 0, 0, 0}},
        {0, 1, {1, 1, 0, 0, 0, 0}},   /* linkage is on only within triage */
        {1, 0, {1, 1, 1, 1, 0, 1}},
        {1, 1, {1, 1, 1, 1, 1, 1}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        config_defaults(&t, &P);
        P.triage_enabled = cases[c].triage;
        P.linkage_enabled = cases[c].linkage;
        for (int i = 0; i < 6; i++)
            CHECK_EQ_INT(config_row_active(&t, &P, &rows[i]),
                         cases[c].active[i]);
    }

    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    CHECK(f && config_print_markdown(&t, f) == 0);
    fclose(f);
    CHECK_STR_CONTAINS(md, "triage's *(only with "
                       "`mechanisms.triage.enabled`)* |");
    CHECK_STR_CONTAINS(md, "either's *(fixed after day 0)* *(only with "
                       "`mechanisms.triage.enabled` or "
                       "`mechanisms.linkage.enabled`)* |");
    CHECK(strstr(md, "Random seed |") != NULL);
    free(md);

    rows[3].flags = PARAM_OWNED_BY(4u);   /* a third switch: none */
    CHECK(config_check_table(&t, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "'mechanisms.triage.capacity'): owner 0x4");
    rows[3].flags = PARAM_PASSIVE | PARAM_OWNED_BY(1u);
    CHECK(config_check_table(&t, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "a passive row has none");
    rows[3].flags = PARAM_OWNED_BY(1u);
    CHECK(config_check_table(&t, err, sizeof err) == 0);
    static const char *const not_bool[] = {"mechanisms.triage.enabled",
                                           "patience"};
    t.switches = not_bool;
    CHECK(config_check_table(&t, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "switch 1 ('patience') is not a bool row");
    t.switches = sw;
    rows[1].flags = PARAM_OWNED_BY(2u);   /* triage within linkage within
                                             triage */
    CHECK(config_check_table(&t, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "switch 'mechanisms.triage.enabled' owns itself");
    rows[1].flags = PARAM_OWNED_BY(1u);
    CHECK(config_check_table(&t, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "owns itself");
}

UNIT_MAIN(test_table_check, test_defaults, test_load_nested,
          test_unknown_key, test_nearest, test_shape_errors, test_type_errors,
          test_int_overflow, test_syntax_error, test_empty_file,
          test_not_text, test_cannot_open, test_include_refused,
          test_base_chain, test_base_cycle, test_base_errors, test_set,
          test_set_errors, test_load_with_sets, test_write_order,
          test_roundtrip_defaults, test_roundtrip_extremes,
          test_write_invalid, test_markdown, test_input_limits, test_owners)
