/* Tests of classroom mode (sim/demo*.c) without a terminal: text width and
 * wrapping, the frames of a demo run against a run of the public API
 * stepped a day at a time,
 * determinism across thread counts and restarts, the demo catalogue
 * (strict errors, and every built-in demo's scenario loads), and the
 * rendered screen (panels present, no line wider than the terminal). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "demo/demo.h"
#include "unit.h"

/* ---- text ---- */

TEST(test_text_width)
{
    CHECK_EQ_INT(demo_text_width("abc", 3), 3);
    CHECK_EQ_INT(demo_text_width("三事分流", strlen("三事分流")), 8);
    CHECK_EQ_INT(demo_text_width("a三b", strlen("a三b")), 4);
    CHECK_EQ_INT(demo_text_width("\033[1mab\033[0m", 10), 2);
    CHECK_EQ_INT(demo_text_width("█▁", strlen("█▁")), 2);
    /* the fit never splits a character */
    const char *s = "三事分流";
    CHECK_EQ_INT(demo_text_fit(s, strlen(s), 5), 6);
    CHECK_EQ_INT(demo_text_fit(s, strlen(s), 4), 6);
    CHECK_EQ_INT(demo_text_fit(s, strlen(s), 1), 0);
    CHECK_EQ_INT(demo_text_fit("\033[1mab", 6, 1), 5);
}

/* Every line of s is at most cols wide; returns the number of lines. */
static int lines_fit(const char *s, int cols)
{
    int n = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (demo_text_width(s, len) > cols)
            return -1;
        n++;
        s += len + (nl != NULL);
    }
    return n;
}

TEST(test_wrap)
{
    const char *en = "Watch the community backlog pile up on the map and in "
                     "the bars, and who ends up solving matters.";
    struct demo_text t = {0};
    demo_text_wrap(&t, en, 20, "  ");
    int n = lines_fit(t.s, 20);
    CHECK(n >= 5);
    /* the words survive, in order */
    struct demo_text joined = {0};
    for (const char *p = t.s; *p; p++) {
        if (*p == '\n')
            continue;
        if (*p == ' ' && (joined.len == 0 || joined.s[joined.len - 1] == ' '))
            continue;
        demo_text_add(&joined, p, 1);
    }
    CHECK(joined.s && !strcmp(joined.s, en));
    demo_text_free(&joined);
    demo_text_free(&t);

    const char *zh = "六个小社区，每个约一千名居民。居民自己解决不了的事务，"
                     "都经居委会上交政府。";
    demo_text_wrap(&t, zh, 13, "");
    CHECK(lines_fit(t.s, 13) >= 5);
    /* no line starts with closing punctuation */
    for (const char *p = t.s; p && *p;) {
        CHECK(strncmp(p, "，", strlen("，")) && strncmp(p, "。", strlen("。")));
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    demo_text_free(&t);

    /* explicit newlines keep paragraphs apart */
    demo_text_wrap(&t, "one\n\ntwo", 40, "");
    CHECK(t.s && !strcmp(t.s, "one\n\ntwo\n"));
    demo_text_free(&t);
}

/* ---- runs ---- */

/* A small district; one thread (the default of cogov demo), since
 * spinning threads on a shared machine only slow these tests down. The
 * caller frees it (cogov_params_free). */
static cogov_params *demo_params(int days)
{
    char d[32], err[COGOV_ERR_MAX];
    const char *sets[] = {"population.residents=3000",
                          "population.communities=3",
                          "population.building_size=50", d,
                          /* a short burn-in: frames start at day 0 */
                          "time.burn_in_days=30",
                          "mechanisms.triage.enabled=true"};
    cogov_params *p = NULL;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    snprintf(d, sizeof d, "time.days=%d", days);
    if (cogov_params_load(&p, NULL, sets, 6, err, sizeof err)) {
        fprintf(stderr, "demo_params: %s\n", err);
        abort();
    }
    return p;
}

static void set(cogov_params *p, const char *assign)
{
    char err[COGOV_ERR_MAX];
    if (cogov_params_set(p, assign, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
}

/* A demo run of p named name (title too), frames of a week. */
static int start(struct demo_run *r, const cogov_params *p, const char *name,
                 int state)
{
    char err[256];
    int rc = demo_run_init(r, p, name, name, state, 7, err, sizeof err);
    if (rc)
        fprintf(stderr, "demo_run_init: %s\n", err);
    return rc;
}

static void finish(struct demo_run *r)
{
    while (demo_run_next(r))
        ;
}

static double metric(cogov_run *r, const char *name)
{
    double v = NAN;
    char err[COGOV_ERR_MAX];
    if (cogov_run_metric(r, name, &v, err, sizeof err))
        fprintf(stderr, "%s\n", err);
    return v;
}

/* The frames against a run of the same parameters stepped a day at a
 * time beside them: the backlog and its scopes at the frame's last day,
 * the matters each channel solved over the frame's days, and the map of
 * open matters adding up to the backlog. */
TEST(test_run_frames_match_the_run)
{
    cogov_params *p = demo_params(30);
    struct demo_run r;
    cogov_run *day;
    char err[COGOV_ERR_MAX], name[64];
    CHECK(start(&r, p, "t", DS_OPEN) == 0);
    CHECK(cogov_run_create(&day, p, NULL, NULL, 0, err, sizeof err) == 0);
    CHECK_EQ_INT(r.n_frames, 5); /* four weeks and two days */
    uint64_t res = 0;
    for (uint32_t b = 0; b < r.n_buildings; b++) {
        CHECK(r.b_res[b] > 0);
        res += r.b_res[b];
    }
    CHECK_EQ_INT(res, cogov_run_residents(day));
    int days[] = {6, 13, 20, 27, 29};
    int k = 0, d = 0;
    while (demo_run_next(&r)) {
        const struct demo_frame *f = &r.frames[k];
        double solved[N_CHANNELS] = {0}, all = 0;
        for (; d <= f->day; d++) {
            CHECK(cogov_run_step(day, err, sizeof err) == 1);
            for (int c = 0; c < N_CHANNELS; c++) {
                snprintf(name, sizeof name, "resolved_by_channel/%s",
                         channel_names[c]);
                solved[c] += metric(day, name);
            }
        }
        CHECK_EQ_INT(f->day, days[k]);
        double open = metric(day, "matters_open");
        CHECK(open > 0 && f->open == open);
        CHECK(f->open_scope[0] + f->open_scope[1] + f->open_scope[2] == open);
        CHECK(f->satisfaction == metric(day, "satisfaction_mean"));
        for (int c = 0; c < N_CHANNELS; c++)
            all += solved[c];
        CHECK(all > 0 && memcmp(f->solved, solved, sizeof solved) == 0);
        /* the map of open matters adds up to the open matters */
        const float *map = demo_run_map(&r, k);
        double m = 0;
        for (uint32_t b = 0; b < r.n_buildings; b++)
            m += (double)map[b] * r.b_res[b];
        CHECK_NEAR(m, open, 1e-3);
        k++;
    }
    CHECK_EQ_INT(k, 5);
    CHECK_EQ_INT(r.done, 5);
    CHECK(demo_run_next(&r) == 0);
    CHECK(r.err[0] == 0);
    cogov_run_free(day);
    demo_run_free(&r);
    cogov_params_free(p);
}

TEST(test_run_map_is_building_means)
{
    cogov_params *p = demo_params(14);
    struct demo_run r;
    char err[COGOV_ERR_MAX];
    CHECK(start(&r, p, "t", DS_SATISFACTION) == 0);
    cogov_params_free(p);
    demo_run_next(&r);
    demo_run_next(&r);
    uint32_t nr = (uint32_t)cogov_run_residents(r.run);
    double *sum = calloc(r.n_buildings, sizeof *sum);
    double *n = calloc(r.n_buildings, sizeof *n);
    double *sat = calloc(nr, sizeof *sat);
    uint32_t *bld = calloc(nr, sizeof *bld);
    CHECK(cogov_run_state(r.run, "satisfaction", sat, nr, err,
                          sizeof err) == 0);
    CHECK(cogov_run_map(r.run, bld, nr, NULL, 0, err, sizeof err) == 0);
    for (uint32_t i = 0; i < nr; i++) {
        sum[bld[i]] += sat[i];
        n[bld[i]] += 1;
    }
    const float *map = demo_run_map(&r, 1);
    int off = 0;
    for (uint32_t b = 0; b < r.n_buildings; b++)
        off += fabs(map[b] - sum[b] / n[b]) > 1e-6;
    CHECK_EQ_INT(off, 0);
    /* communities own their buildings in order */
    CHECK_EQ_INT(r.n_comm, 3);
    uint32_t next = 0;
    for (uint32_t c = 0; c < r.n_comm; c++) {
        CHECK_EQ_INT(r.c_first[c], next);
        CHECK(r.c_nb[c] > 0);
        for (uint32_t b = 0; b < r.c_nb[c]; b++)
            CHECK_EQ_INT(r.b_comm[r.c_first[c] + b], c);
        next += r.c_nb[c];
    }
    CHECK_EQ_INT(next, r.n_buildings);
    free(sum);
    free(n);
    free(sat);
    free(bld);
    demo_run_free(&r);
}

/* Two runs give the same frames and maps, bit for bit. */
static int same_run(const struct demo_run *a, const struct demo_run *b)
{
    return a->done == b->done && a->n_buildings == b->n_buildings &&
           !memcmp(a->frames, b->frames, (size_t)a->done * sizeof *a->frames) &&
           !memcmp(a->map, b->map,
                   (size_t)a->done * a->n_buildings * sizeof *a->map);
}

TEST(test_run_deterministic)
{
    cogov_params *p = demo_params(42);
    struct demo_run a, b;
    char err[256];
    set(p, "mechanisms.linkage.enabled=true");
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    CHECK(start(&a, p, "a", DS_PARTICIPATION) == 0);
    finish(&a);
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    CHECK(start(&b, p, "b", DS_PARTICIPATION) == 0);
    finish(&b);
    CHECK(same_run(&a, &b));
    /* restarting gives the same story again */
    CHECK(demo_run_restart(&b, err, sizeof err) == 0);
    CHECK_EQ_INT(b.done, 0);
    finish(&b);
    CHECK(same_run(&a, &b));
    /* and another seed another one */
    set(p, "seed=2");
    demo_run_free(&b);
    CHECK(start(&b, p, "b", DS_PARTICIPATION) == 0);
    finish(&b);
    CHECK(!same_run(&a, &b));
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    demo_run_free(&a);
    demo_run_free(&b);
    cogov_params_free(p);
}

/* ---- catalogue ---- */

static char tmpdir[] = "/tmp/cogov-test-demo.XXXXXX";

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Load a catalogue text; returns the load status, err filled. */
static int load_text(const char *text, struct demo_catalog *c, char *err,
                     size_t n)
{
    char path[256];
    write_file("demos.conf", text);
    snprintf(path, sizeof path, "%s/demos.conf", tmpdir);
    return demo_catalog_load(c, path, err, n);
}

#define ENTRY(extra)                                                       \
    "{ name = \"a\"; scenario = \"a.cfg\"; " extra                        \
    " en = { title = \"A\"; text = \"about a\"; };"                        \
    " zh = { title = \"甲\"; text = \"关于甲\"; }; }"

TEST(test_catalog_strict)
{
    struct demo_catalog c;
    char err[1024];
    CHECK(mkdtemp(tmpdir) != NULL);
    write_file("a.cfg", "# a: a test\nname = \"a\";\n");

    CHECK(load_text("demos = (" ENTRY("map = \"open\"; map_range = [0.0, "
                                      "0.5];") ");\n",
                    &c, err, sizeof err) == 0);
    CHECK_EQ_INT(c.n, 1);
    CHECK(c.n == 1 && c.e[0].state == DS_OPEN && c.e[0].hi == 0.5);
    CHECK(demo_catalog_get(&c, "a") != NULL);
    CHECK(demo_catalog_get(&c, "b") == NULL);
    CHECK(c.n == 1 && strstr(c.e[0].scenario, "/a.cfg") != NULL);
    demo_catalog_free(&c);

    CHECK(load_text("demos = (\n" ENTRY("colour = \"red\";") "\n);\n", &c,
                    err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "demos.conf:2:");
    CHECK_STR_CONTAINS(err, "unknown key 'colour'");
    CHECK(load_text("demos = (" ENTRY("map = \"happiness\";") ");\n", &c,
                    err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "expected one of satisfaction");
    CHECK(load_text("demos = (" ENTRY("compare = \"b\";") ");\n", &c, err,
                    sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "compare = \"b\"");
    CHECK(load_text("demos = (" ENTRY("map_range = [1.0, 0.0];") ");\n", &c,
                    err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "map_range");
    CHECK(load_text("demos = ({ name = \"a\"; scenario = \"a.cfg\"; en = { "
                    "title = \"A\"; text = \"t\"; }; });\n",
                    &c, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "needs zh");
    CHECK(load_text("demos = ({ name = \"a\"; scenario = \"none.cfg\"; "
                    "en = { title = \"A\"; text = \"t\"; }; zh = { title = "
                    "\"A\"; text = \"t\"; }; });\n",
                    &c, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "scenario 'none.cfg' not found");
    CHECK(load_text("demos = (" ENTRY("") ", " ENTRY("") ");\n", &c, err,
                    sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "defined twice");
    CHECK(load_text("demos = (\n  { name = \"a\" }\n", &c, err,
                    sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "demos.conf:");
    CHECK(load_text("demo = ();\n", &c, err, sizeof err) != 0);
    CHECK_STR_CONTAINS(err, "unknown key 'demo'");

    char path[256];
    const char *names[] = {"demos.conf", "a.cfg"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        remove(path);
    }
    rmdir(tmpdir);
}

/* The built-in demos: each loads, its scenario is valid, both languages
 * explain it, and the names the lesson guide uses exist. */
TEST(test_builtin_catalog)
{
    struct demo_catalog c;
    char err[1024];
    int rc = demo_catalog_load(&c, "scenarios/demo/demos.conf", err,
                               sizeof err);
    CHECK(rc == 0);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    const char *need[] = {"baseline", "triage", "linkage", "purchase",
                          "venture", "microprojects", "grid", "mediation",
                          "tipping"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        CHECK(demo_catalog_get(&c, need[i]) != NULL);
    for (int i = 0; i < c.n; i++) {
        const struct demo_entry *e = &c.e[i];
        struct params p;
        config_defaults(params_table(), &p);
        int ok = config_load(params_table(), &p, e->scenario, NULL, 0, NULL,
                             err, sizeof err) == 0 &&
                 params_validate(&p, err, sizeof err) == 0;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "%s: %s\n", e->name, err);
        /* small enough for a lecture */
        CHECK(p.population.residents <= 10000);
        for (int l = 0; l < DEMO_N_LANG; l++)
            CHECK(strlen(e->text[l]) > 40 && strlen(e->title[l]) > 0);
    }
    demo_catalog_free(&c);
}

/* ---- screen ---- */

/* Split a rendered screen into lines; check each fits in cols. Returns
 * the number of lines, or -1 when one is too wide. */
static int screen_lines(const char *s, int cols)
{
    int n = 0;
    while (s && *s) {
        const char *end = strstr(s, "\033[K");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (demo_text_width(s, len) > cols)
            return -1;
        n++;
        if (!end)
            break;
        s = end + 3;
        if (!strncmp(s, "\r\n", 2))
            s += 2;
        else
            break;
    }
    return n;
}

TEST(test_render)
{
    cogov_params *p = demo_params(21);
    struct demo_run runs[2];
    char err[256];
    set(p, "mechanisms.triage.enabled=false");
    CHECK(demo_run_init(&runs[0], p, "baseline", "Baseline run", DS_OPEN, 7,
                        err, sizeof err) == 0);
    set(p, "mechanisms.triage.enabled=true");
    CHECK(demo_run_init(&runs[1], p, "triage", "Triage run", DS_OPEN, 7,
                        err, sizeof err) == 0);
    cogov_params_free(p);
    demo_run_next(&runs[0]);
    demo_run_next(&runs[1]);
    demo_run_next(&runs[0]);
    demo_run_next(&runs[1]);
    struct demo_view v = {runs, 2, 1, DEMO_EN, 1, 0, 0, 0, 4, 0, 0.2};
    struct demo_text t = {0};
    demo_view_render(&v, 100, 30, &t);
    CHECK_EQ_INT(screen_lines(t.s, 100), 30);
    CHECK_STR_CONTAINS(t.s, "week 2/3");
    CHECK_STR_CONTAINS(t.s, "day 13");
    CHECK_STR_CONTAINS(t.s, "4 weeks/s");
    CHECK_STR_CONTAINS(t.s, "Baseline run");
    CHECK_STR_CONTAINS(t.s, "Triage run");
    CHECK_STR_CONTAINS(t.s, "map: open matters per resident");
    CHECK_STR_CONTAINS(t.s, "c1 ");
    CHECK_STR_CONTAINS(t.s, "c3 ");
    CHECK_STR_CONTAINS(t.s, "backlog: open matters");
    CHECK_STR_CONTAINS(t.s, "community");
    CHECK_STR_CONTAINS(t.s, "solved this week");
    CHECK_STR_CONTAINS(t.s, "trust gov");
    CHECK_STR_CONTAINS(t.s, "participation");
    CHECK_STR_CONTAINS(t.s, "q quit");
    CHECK(strstr(t.s, "\033[38;5;") == NULL); /* no colour asked */
    /* both panels on each of their lines: side by side */
    const char *b = strstr(t.s, "Baseline run"), *tr = strstr(t.s, "Triage run");
    CHECK(b && tr && !memchr(b, '\n', (size_t)(tr - b)));
    demo_text_free(&t);

    /* narrow: stacked, still within the width */
    demo_view_render(&v, 50, 60, &t);
    CHECK_EQ_INT(screen_lines(t.s, 50), 60);
    b = strstr(t.s, "Baseline run");
    tr = strstr(t.s, "Triage run");
    CHECK(b && tr && memchr(b, '\n', (size_t)(tr - b)));
    demo_text_free(&t);

    /* tiny terminals clip, never overflow */
    demo_view_render(&v, 20, 5, &t);
    CHECK_EQ_INT(screen_lines(t.s, 20), 5);
    demo_text_free(&t);

    /* paused, colours, ASCII only, Chinese */
    v.paused = 1;
    v.color = 1;
    v.utf8 = 0;
    demo_view_render(&v, 100, 30, &t);
    CHECK_STR_CONTAINS(t.s, "paused");
    CHECK_STR_CONTAINS(t.s, "\033[38;5;");
    int ascii = 1;
    for (const char *s = t.s; s && *s; s++)
        ascii &= (unsigned char)*s < 128;
    CHECK(ascii);
    demo_text_free(&t);
    v.finished = 1;
    v.utf8 = 1;
    v.lang = DEMO_ZH;
    demo_view_render(&v, 100, 30, &t);
    CHECK_STR_CONTAINS(t.s, "已结束");
    CHECK_STR_CONTAINS(t.s, "社区小事");
    CHECK_EQ_INT(screen_lines(t.s, 100), 30);
    demo_text_free(&t);

    demo_view_line(&t, &runs[1], 1);
    CHECK_STR_CONTAINS(t.s, "week 2 day 13 triage: open=");
    CHECK_STR_CONTAINS(t.s, "solved_deliberation=");
    demo_text_free(&t);
    demo_run_free(&runs[0]);
    demo_run_free(&runs[1]);
}

/* Early on every building's satisfaction is near 0.6, so every map cell
 * shows the middle glyph, whatever the width: a cell never falls between
 * buildings (an empty cell would show the lowest glyph). */
TEST(test_render_map_cells)
{
    cogov_params *p = demo_params(7);
    struct demo_run r;
    CHECK(start(&r, p, "one", DS_SATISFACTION) == 0);
    cogov_params_free(p);
    demo_run_next(&r);
    struct demo_view v = {&r, 1, 0, DEMO_EN, 1, 0, 0, 0, 4, 0, 1};
    int rows = 0, bad = 0;
    for (int cols = 8; cols <= 90; cols++) {
        struct demo_text t = {0};
        demo_view_render(&v, cols, 24, &t);
        bad += screen_lines(t.s, cols) != 24;
        for (const char *s = t.s; s && (s = strstr(s, "\nc")) != NULL; s++) {
            const char *end = strstr(s, "\033[K");
            size_t n = end ? (size_t)(end - s) : strlen(s);
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)n, s);
            rows++;
            bad += strstr(line, "·") != NULL || strstr(line, "░") != NULL;
        }
        demo_text_free(&t);
    }
    CHECK(rows > 0);
    CHECK_EQ_INT(bad, 0);
    demo_run_free(&r);
}

UNIT_MAIN(test_text_width, test_wrap, test_run_frames_match_the_run,
          test_run_map_is_building_means, test_run_deterministic,
          test_catalog_strict, test_builtin_catalog, test_render,
          test_render_map_cells)
