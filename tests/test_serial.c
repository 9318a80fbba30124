/* Small worlds run on one thread (issue 18 item 1; docs/PERFORMANCE.md,
 * "Busy machine"): below PAR_MIN_RESIDENTS every parallel region a run
 * enters (burn-in, day loop, observation, output, checkpoints) has an
 * `if` clause that keeps it on one thread, so a 2-thread run of a small
 * world never wakes a second thread. A wake-up costs 50-80 us on a
 * virtual machine, more than a small world's loop, and with another
 * process on the second core it made 2 threads slower than 1 (the
 * station's visits and the migrants' tie counts had no such clause until
 * session 24: a 2 000-resident year of migrants.cfg took 0.08-0.09 s on
 * 2 threads against 0.056 s on 1).
 *
 * libgomp starts its worker threads at the first region that runs with a
 * team and keeps them, so a process that ran only one-thread regions
 * still has one thread: the test counts the entries of /proc/self/task.
 * It runs the small world first (any team before it would be counted),
 * then a world at the bound, which must start a team: the count can tell
 * the two apart. Both are bench/every.cfg, which `make bench` can run
 * too; the test fails when a switch of the parameter table is not on
 * there. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine/sim.h"
#include "model/world.h"
#include "unit.h"

/* The threads of this process (-1 when /proc cannot be read). */
static int threads_now(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static char dir[64] = "/tmp/cogov-test-serial.XXXXXX";

/* Whether every switch of the parameter table is on in p. */
static int every_switch_on(const struct params *p)
{
    const struct param_table *t = params_table();
    int on = t->n_switches > 0;
    for (size_t k = 0; k < t->n_switches; k++) {
        const struct param_def *r = config_find(t, t->switches[k]);
        int b = 0;
        if (r && r->type == PARAM_BOOL)
            memcpy(&b, (const char *)p + r->offset, sizeof b);
        if (!b)
            fprintf(stderr, "bench/every.cfg: %s is not on\n",
                    t->switches[k]);
        on &= b;
    }
    return on;
}

/* A run of n residents of bench/every.cfg (every switch of the parameter
 * table on: each mechanism and the switches within them), with a burn-in
 * and checkpoints, written to dir/name. 0 when it ran. */
static int run(int64_t n, int days, const char *name)
{
    struct params p;
    char err[512], out[128], ckpt[128];
    config_defaults(params_table(), &p);
    if (config_load(params_table(), &p, "bench/every.cfg", NULL, 0, NULL,
                    err, sizeof err)) {
        fprintf(stderr, "config: %s\n", err);
        return -1;
    }
    if (!every_switch_on(&p))
        return -1;
    p.population.residents = n;
    p.time.days = days;
    p.time.burn_in_days = days;
    snprintf(out, sizeof out, "%s/%s.h5", dir, name);
    snprintf(ckpt, sizeof ckpt, "%s/%s.ckpt", dir, name);
    struct run_opts o = {.out_path = out, .scenario = name,
                         .config_text = "", .checkpoint_every = 20,
                         .checkpoint_path = ckpt};
    if (sim_run(&p, &o, err, sizeof err) != RUN_OK) {
        fprintf(stderr, "run: %s\n", err);
        return -1;
    }
    remove(out);
    remove(ckpt);
    return 0;
}

TEST(test_small_world_wakes_no_second_thread)
{
    CHECK(mkdtemp(dir) != NULL);
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    CHECK_EQ_INT(threads_now(), 1);
    /* 75 days: the migrants' monthly turnover and the triage meetings
     * come round at least twice, in the burn-in and after it */
    CHECK(run(PAR_MIN_RESIDENTS - 1, 75, "small") == 0);
    CHECK_EQ_INT(threads_now(), 1);
}

TEST(test_world_at_the_bound_starts_a_team)
{
#ifdef _OPENMP
    CHECK(run(PAR_MIN_RESIDENTS, 2, "bound") == 0);
    CHECK_EQ_INT(threads_now(), 2);
#endif
    rmdir(dir);
}

UNIT_MAIN(test_small_world_wakes_no_second_thread,
          test_world_at_the_bound_starts_a_team)
