/* Every parameter at the ends of its range (issue 19 item 3): a small
 * district with every mechanism on is run, with one key at its minimum or
 * its maximum, through the public interface to an HDF5 file. Each case
 * must either finish within a time bound with every metric finite (NaN
 * only where a metric is an empty ratio) or be refused up front with a
 * message naming the key (a memory estimate, a rule between keys). Each
 * case runs in a child process, so a hang is killed at its bound and a
 * crash is reported as one; the slowest cases are printed. The keys are
 * dealt to two processes (lanes) that run their cases at once, each
 * child on one thread. */
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/params.h"
#include "cogov/sim.h"
#include "io/schema.h"
#include "unit.h"

static char dir[64] = "/tmp/cogov-test-bounds.XXXXXX";
static int lane;   /* 0 in the test's process, 1 in its second lane */

/* The runs' folder, removed at exit (the children leave by _exit). */
static void remove_dir(void)
{
    char f[96];
    for (int l = 0; l < 2; l++) {
        snprintf(f, sizeof f, "%s/run%d.h5", dir, l);
        remove(f);
    }
    rmdir(dir);
}

static int make_dir(void)
{
    static int made;
    if (!made) {
        if (!mkdtemp(dir))
            return -1;
        made = 1;
        atexit(remove_dir);
    }
    return 0;
}

/* The small district every case starts from: 600 residents in 6
 * communities, a 30-day burn-in (the default three years would triple
 * every case's cost; the burn-in's own bounds are cases), 400 days
 * (every yearly round happens), every mechanism on. */
static const char *const base_sets[] = {
    "population.residents=600",
    "population.communities=6",
    "time.burn_in_days=30",
    "time.days=400",
    "mechanisms.triage.enabled=true",
    "mechanisms.linkage.enabled=true",
    "mechanisms.purchase.enabled=true",
    "mechanisms.venture.enabled=true",
    "mechanisms.microprojects.enabled=true",
    "mechanisms.grid.enabled=true",
    "mechanisms.mediation.enabled=true",
};
enum { N_BASE = sizeof base_sets / sizeof base_sets[0] };

/* Seconds a case may take; a run of 400 days of this district takes
 * well under 0.1 s. Cases that change the length of the run get more
 * time in proportion to their days. */
static const double case_limit = 20.0;

/* Metrics that are ratios over what may be empty (NaN then, by their
 * definition in sim/io/schema.c); every other metric must be finite. */
static int may_be_nan(int k)
{
    return k == MET_RESOLUTION_DAYS_MEAN || k == MET_RESOLUTION_DAYS_P90 ||
           k == MET_TIME_IN_SYSTEM_MEAN || k == MET_TIME_IN_SYSTEM_P90 ||
           k == MET_ABANDONED_SHARE ||
           k == MET_GOV_COST_PER_RESOLVED ||        /* nothing resolved */
           k == MET_MIGRANT_SATISFACTION_GAP ||     /* no migrants, or all */
           k == MET_MEDIATION_SUCCESS ||            /* no mediation ended */
           k == MET_MICROPROJECT_LAG_DAYS ||        /* no project started */
           k == MET_NEWCOMER_TIES_MEAN ||           /* nobody arrived */
           k == MET_FUND_NONGOV_SHARE ||            /* no fund income */
           k == MET_UNITS_REPUTATION_MEAN ||       /* no local units */
           k == MET_ASSOCIATION_MEMBERS ||          /* no migrants */
           k == MET_MIGRANT_PARTICIPATION_RATE;
}

enum outcome { C_OK, C_REFUSED, C_BAD, C_TIMEOUT, C_CRASH };
static const char *const outcome_names[] = {"ran", "refused", "bad",
                                            "timed out", "crashed"};

/* The child: load, create, run every day, check the metrics. Writes one
 * line to fd: "0 ..." ran, "1 message" refused, "2 what" bad. */
static void child(int fd, const char *const *sets, int nsets,
                  const char *out)
{
    char err[COGOV_ERR_MAX], line[COGOV_ERR_MAX + 64];
    cogov_params *p;
    cogov_run *r;
    int code = 0;
    /* one thread: the cases measure work, not a loaded machine's
     * scheduling of spinning threads */
    omp_set_num_threads(1);
    if (cogov_params_load(&p, NULL, sets, nsets, err, sizeof err)) {
        snprintf(line, sizeof line, "1 %s", err);
        goto done;
    }
    if (cogov_run_create(&r, p, "bounds", out, 1, err, sizeof err)) {
        cogov_params_free(p);
        snprintf(line, sizeof line, "1 %s", err);
        goto done;
    }
    cogov_params_free(p);
    snprintf(line, sizeof line, "0 ");
    int rc;
    while ((rc = cogov_run_step(r, err, sizeof err)) == 1) {
        for (int k = 0; k < N_METRICS && !code; k++) {
            double v;
            if (cogov_run_metric(r, metric_defs[k].name, &v, err,
                                 sizeof err)) {
                snprintf(line, sizeof line, "2 %s", err);
                code = 2;
            } else if (isinf(v) || (isnan(v) && !may_be_nan(k))) {
                snprintf(line, sizeof line, "2 %s = %g on day %d",
                         metric_defs[k].name, v,
                         cogov_run_days_done(r) - 1);
                code = 2;
            }
        }
        if (code)
            break;
    }
    if (!code && rc < 0)
        snprintf(line, sizeof line, "2 run failed: %s", err);
    cogov_run_free(r);
done:
    if (write(fd, line, strlen(line)) < 0)
        _exit(3);
    _exit(0);
}

/* Run one case (the base settings, then extra) in a child, killed after
 * limit seconds. Returns the outcome; msg gets the child's line. */
static enum outcome run_case(const char *const *extra, int nextra,
                             double limit, double *secs, char *msg,
                             size_t msglen)
{
    const char *sets[N_BASE + 16];
    int n = 0;
    for (int i = 0; i < N_BASE; i++)
        sets[n++] = base_sets[i];
    for (int i = 0; i < nextra && n < (int)(sizeof sets / sizeof *sets); i++)
        sets[n++] = extra[i];
    char out[128];
    snprintf(out, sizeof out, "%s/run%d.h5", dir, lane);
    int fds[2];
    struct timespec t0, t1;
    msg[0] = 0;
    *secs = 0;
    if (pipe(fds))
        return C_CRASH;
    fflush(NULL);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return C_CRASH;
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], sets, n, out);
    }
    close(fds[1]);
    size_t got = 0;
    int timed_out = 0;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double left = limit - ((double)(t1.tv_sec - t0.tv_sec) +
                               1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pf = {fds[0], POLLIN, 0};
        int k = poll(&pf, 1, (int)(left * 1000) + 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            continue;
        ssize_t m = read(fds[0], msg + got, msglen - 1 - got);
        if (m <= 0)
            break;
        got += (size_t)m;
        if (got >= msglen - 1)
            break;
    }
    msg[got] = 0;
    close(fds[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *secs = (double)(t1.tv_sec - t0.tv_sec) +
            1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (timed_out)
        return C_TIMEOUT;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !got)
        return C_CRASH;
    int code = msg[0] - '0';
    memmove(msg, msg + 2, strlen(msg + 2) + 1);
    return code == 0 ? C_OK : code == 1 ? C_REFUSED : C_BAD;
}

struct tally {
    int n[5];
    double slowest;
    char slowest_case[200];
};

/* One key at one bound: the case's outcome must be ran, or refused with
 * the key named. */
static void bound_case(const struct param_def *r, int at_max,
                       struct tally *t)
{
    char assign[200], msg[COGOV_ERR_MAX + 64];
    if (r->type == PARAM_INT)
        snprintf(assign, sizeof assign, "%s=%lld", r->key,
                 (long long)(at_max ? r->imax : r->imin));
    else
        snprintf(assign, sizeof assign, "%s=%.17g", r->key,
                 at_max ? r->fmax : r->fmin);
    const char *extra[] = {assign};
    double limit = case_limit, secs = 0;
    if ((!strcmp(r->key, "time.days") ||
         !strcmp(r->key, "time.burn_in_days")) && at_max)
        limit *= (double)(r->imax + 430) / 430;
    enum outcome o = run_case(extra, 1, limit, &secs, msg, sizeof msg);
    t->n[o]++;
    if (secs > t->slowest) {
        t->slowest = secs;
        snprintf(t->slowest_case, sizeof t->slowest_case, "%s", assign);
    }
    if (getenv("BOUNDS_VERBOSE"))
        fprintf(stderr, "  %-50s %-9s %6.2f s %s\n", assign,
                outcome_names[o], secs, msg);
    if (o == C_REFUSED && strstr(msg, r->key)) {
        printf("  refused %s: %s\n", assign, msg);
        return;
    }
    if (o != C_OK) {
        fprintf(stderr, "%s: %s (%.2f s) %s\n", assign, outcome_names[o],
                secs, msg);
        unit_failed_checks++;
    }
}

/* What a lane sends back: its tally, its failed checks and what it
 * printed. */
struct lane_report {
    struct tally t;
    int failed;
    char out[16384];
};

static void every_key(int at_max)
{
    const struct param_table *tb = params_table();
    struct tally t = {{0}, 0, ""};
    if (make_dir()) {
        CHECK(!"mkdtemp");
        return;
    }
    /* the second lane: every other key, its lines kept for the report */
    static struct lane_report rep;
    char outname[96];
    snprintf(outname, sizeof outname, "%s/lane1.txt", dir);
    int fds[2];
    if (pipe(fds)) {
        CHECK(!"pipe");
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        CHECK(!"fork");
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        lane = 1;
        unit_failed_checks = 0;
        memset(&rep, 0, sizeof rep);
        FILE *f = freopen(outname, "w+", stdout);
        for (size_t i = 1; f && i < tb->n; i += 2) {
            const struct param_def *r = &tb->rows[i];
            if (r->type == PARAM_INT || r->type == PARAM_FLOAT)
                bound_case(r, at_max, &rep.t);
        }
        rep.failed = unit_failed_checks + !f;
        if (f) {
            fflush(f);
            rewind(f);
            size_t m = fread(rep.out, 1, sizeof rep.out - 1, f);
            rep.out[m] = 0;
        }
        ssize_t w = write(fds[1], &rep, sizeof rep);
        _exit(w == (ssize_t)sizeof rep ? 0 : 3);
    }
    close(fds[1]);
    for (size_t i = 0; i < tb->n; i += 2) {
        const struct param_def *r = &tb->rows[i];
        if (r->type == PARAM_INT || r->type == PARAM_FLOAT)
            bound_case(r, at_max, &t);
    }
    size_t got = 0;
    ssize_t m;
    while (got < sizeof rep &&
           ((m = read(fds[0], (char *)&rep + got, sizeof rep - got)) > 0 ||
            (m < 0 && errno == EINTR)))
        if (m > 0)
            got += (size_t)m;
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    CHECK(got == sizeof rep && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    if (got == sizeof rep) {
        fputs(rep.out, stdout);
        unit_failed_checks += rep.failed;
        for (int k = 0; k < 5; k++)
            t.n[k] += rep.t.n[k];
        if (rep.t.slowest > t.slowest) {
            t.slowest = rep.t.slowest;
            memcpy(t.slowest_case, rep.t.slowest_case,
                   sizeof t.slowest_case);
        }
    }
    remove(outname);
    printf("  every key at its %s: %d ran, %d refused naming the key, "
           "%d other; slowest %.2f s (%s)\n",
           at_max ? "maximum" : "minimum", t.n[C_OK], t.n[C_REFUSED],
           t.n[C_BAD] + t.n[C_TIMEOUT] + t.n[C_CRASH], t.slowest,
           t.slowest_case);
}

TEST(every_key_at_minimum) { every_key(0); }
TEST(every_key_at_maximum) { every_key(1); }

/* Switches of the domains off for every domain at once: no domain for a
 * new grassroots organisation, for professional ones, for volunteers. */
TEST(domain_switches_all_off)
{
    static const char *const flags[] = {"grassroots", "professional",
                                        "volunteer"};
    char sets[N_DOMAINS][96], msg[COGOV_ERR_MAX + 64];
    const char *extra[N_DOMAINS];
    if (make_dir()) {
        CHECK(!"mkdtemp");
        return;
    }
    for (size_t f = 0; f < 3; f++) {
        for (int d = 0; d < N_DOMAINS; d++) {
            snprintf(sets[d], sizeof sets[d], "domains.%s.%s=false",
                     domain_names[d], flags[f]);
            extra[d] = sets[d];
        }
        double secs;
        enum outcome o = run_case(extra, N_DOMAINS, case_limit, &secs, msg,
                                  sizeof msg);
        if (o != C_OK) {
            fprintf(stderr, "every domain's %s off: %s (%.2f s) %s\n",
                    flags[f], outcome_names[o], secs, msg);
            unit_failed_checks++;
        }
    }
}

UNIT_MAIN(every_key_at_minimum, every_key_at_maximum,
          domain_switches_all_off)
