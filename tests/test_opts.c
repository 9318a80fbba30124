/* The option-table helper (sim/base/opts.c): GNU forms of options over
 * getopt_long, value checks that name the option, operands anywhere, and
 * a --help text generated from the table. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/opts.h"
#include "unit.h"

static struct {
    const char *out;
    int quiet, force, calls;
    long long days;
    int jobs;
    double scale;
    struct opt_list sets;
    char last[32];
} o;

static int count(void *ctx, const struct opt *row, const char *v)
{
    o.calls += *(int *)ctx;
    snprintf(o.last, sizeof o.last, "%s", v ? v : "(none)");
    return 0;
}

static int ctx_step = 1;

static const struct opt rows[] = {
    {"output", 'o', OPT_STRING, "FILE", "output file", .target = &o.out},
    {"quiet", 'q', OPT_FLAG, NULL, "quiet", .target = &o.quiet},
    {"force", 0, OPT_FLAG, NULL, "replace", .target = &o.force},
    {"days", 0, OPT_LLONG, "N", "days", .target = &o.days, .lo = 1,
     .hi = 36500},
    {"jobs", 'j', OPT_INT, "N", "parallel\njobs", .target = &o.jobs,
     .lo = 1, .hi = 64},
    {"scale", 0, OPT_DOUBLE, "X", "scale", .target = &o.scale, .dlo = 0,
     .dhi = 1},
    {"set", 0, OPT_LIST, "KEY=VALUE", "override", .target = &o.sets},
    {"tick", 0, OPT_CALL, NULL, "a callback flag", .call = count},
    {"mark", 'm', OPT_CALL, "S", "a callback with a value", .call = count},
    {"a-very-long-option-name", 0, OPT_STRING, "VALUE", "long",
     .target = &o.out},
    {0}};

static const struct opt_cmd cmd = {"demo-cmd", "usage: cogov demo-cmd\n",
                                   "About.\n", rows, "More.\n", &ctx_step};

/* parse a NULL-terminated list; returns opts_parse's result and keeps
 * the (permuted) argv in av */
static char *av[32];
static int parse(const char *first, ...)
{
    memset(&o.out, 0, sizeof o - sizeof o.sets);
    opt_list_free(&o.sets);
    va_list ap;
    int n = 0;
    av[n++] = (char *)"demo-cmd";
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        av[n++] = (char *)s;
    va_end(ap);
    av[n] = NULL;
    /* errors (stderr) and help (stdout) are not this test's output */
    fflush(stdout);
    fflush(stderr);
    int null = open("/dev/null", O_WRONLY), o1 = dup(1), o2 = dup(2);
    dup2(null, 1);
    dup2(null, 2);
    int r = opts_parse(&cmd, n, av);
    fflush(stdout);
    fflush(stderr);
    dup2(o1, 1);
    dup2(o2, 2);
    close(o1);
    close(o2);
    close(null);
    return r;
}

TEST(test_gnu_forms)
{
    CHECK_EQ_INT(parse("--days=10", "-qo", "out.h5", NULL), 4);
    CHECK(o.days == 10 && o.quiet && o.out && !strcmp(o.out, "out.h5"));
    CHECK_EQ_INT(parse("--days", "12", "-o", "x", NULL), 5);
    CHECK(o.days == 12 && !o.quiet);
    CHECK_EQ_INT(parse("-j4", "-ox.h5", NULL), 3);
    CHECK(o.jobs == 4 && !strcmp(o.out, "x.h5"));
    /* a unique prefix of a long name */
    CHECK_EQ_INT(parse("--fo", "--outp", "y", NULL), 4);
    CHECK(o.force && !strcmp(o.out, "y"));
    /* a value may begin with '-' */
    CHECK_EQ_INT(parse("--set", "-x=1", NULL), 3);
    CHECK(o.sets.n == 1 && !strcmp(o.sets.v[0], "-x=1"));
}

TEST(test_operands_anywhere)
{
    int r = parse("a.cfg", "--days", "3", "b.cfg", "-q", NULL);
    CHECK_EQ_INT(r, 4);
    CHECK(o.days == 3 && o.quiet);
    CHECK(!strcmp(av[4], "a.cfg") && !strcmp(av[5], "b.cfg"));
    /* -- ends the options; "-" is an operand */
    r = parse("-", "--", "--days", NULL);
    CHECK(r > 0 && o.days == 0);
    CHECK(!strcmp(av[r], "-") && !strcmp(av[r + 1], "--days"));
}

TEST(test_lists_and_calls)
{
    CHECK(parse("--set", "a=1", "--set=b=2", "--tick", "-m", "v", NULL) > 0);
    CHECK_EQ_INT(o.sets.n, 2);
    CHECK(!strcmp(o.sets.v[0], "a=1") && !strcmp(o.sets.v[1], "b=2"));
    CHECK_EQ_INT(o.calls, 2);
    CHECK(!strcmp(o.last, "v"));
    CHECK(parse("--tick", NULL) > 0);
    CHECK(!strcmp(o.last, "(none)"));
    CHECK(parse("--scale=0.25", NULL) > 0);
    CHECK_NEAR(o.scale, 0.25, 0);
}

TEST(test_errors)
{
    CHECK_EQ_INT(parse("--days=10x", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--days=0", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--days=99999999999999999999999", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--days=", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("-j", "65", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--scale=nan", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--scale=1.5", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--bogus", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("-z", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--force=yes", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("-o", NULL), OPTS_ERROR);
    CHECK_EQ_INT(parse("--output", NULL), OPTS_ERROR);
    /* ambiguous prefix (--a-very... is unique, but "--" alone is not an
     * option at all) */
    CHECK_EQ_INT(parse("--s", NULL), OPTS_ERROR);   /* set or scale */

    long long x;
    double d;
    CHECK(opts_int("--n", "42", 0, 100, &x) == 0 && x == 42);
    CHECK(opts_int("--n", " 4", 0, 100, &x) == 0 && x == 4);
    CHECK(opts_int("--n", "4 ", 0, 100, &x) != 0);
    CHECK(opts_int("--n", "-1", 0, 100, &x) != 0);
    CHECK(opts_double("--x", "1e-3", 0, 1, &d) == 0 && d == 1e-3);
    CHECK(opts_double("--x", "inf", -1e308, 1e308, &d) != 0);
    int k = -1;
    CHECK(opts_choice("--f", "csv", "text,markdown,csv", &k) == 0 && k == 2);
    CHECK(opts_choice("--f", "text", "text,markdown,csv", &k) == 0 && k == 0);
    CHECK(opts_choice("--f", "mark", "text,markdown,csv", &k) != 0);
    CHECK(opts_choice("--f", "", "text,markdown,csv", &k) != 0);
}

/* the error text names the option and the value */
TEST(test_error_text)
{
    char buf[256] = "";
    FILE *f = tmpfile();
    fflush(stderr);
    int fd = dup(2);
    dup2(fileno(f), 2);
    opts_int("--days", "10x", 1, 10, &(long long){0});
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
    rewind(f);
    CHECK(fgets(buf, sizeof buf, f) != NULL);
    fclose(f);
    CHECK_STR_CONTAINS(buf, "cogov: --days: \"10x\" is not an integer");
}

/* every row of the table appears in the help, with its value's name */
TEST(test_help_from_table)
{
    char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    opts_help(&cmd, f);
    fclose(f);
    for (const struct opt *r = rows; r->name; r++) {
        char want[96];
        snprintf(want, sizeof want, "--%s%s%s", r->name, r->arg ? "=" : "",
                 r->arg ? r->arg : "");
        CHECK_STR_CONTAINS(buf, want);
        if (!strchr(r->help, '\n'))
            CHECK_STR_CONTAINS(buf, r->help);
    }
    CHECK_STR_CONTAINS(buf, "-o, --output=FILE");
    CHECK_STR_CONTAINS(buf, "-h, --help");
    CHECK_STR_CONTAINS(buf, "usage: cogov demo-cmd");
    CHECK_STR_CONTAINS(buf, "More.");
    /* a two-line help text continues under its column */
    CHECK_STR_CONTAINS(buf, "parallel\n                          jobs");
    CHECK_EQ_INT(parse("--help", NULL), OPTS_HELP);
}

UNIT_MAIN(test_gnu_forms, test_operands_anywhere, test_lists_and_calls,
          test_errors, test_error_text, test_help_from_table)
