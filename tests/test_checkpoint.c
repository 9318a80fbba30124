/* Checkpoint and restart, in memory (docs/RELIABILITY.md, "Checkpoint and
 * restart"): a world restored from a checkpoint continues exactly like
 * the world that was never stopped, field by field and metric by metric;
 * and every saved field matters: a restart that forgot it (took the
 * value of a fresh world instead) drifts from the uninterrupted run, or
 * the field is in the short list of values the day loop recomputes before
 * reading them. A field added to a table but not really needed, or needed
 * but not saved, shows up here. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <hdf5.h>

#include "engine/checkpoint.h"
#include "engine/sim.h"
#include "model_util.h"
#include "unit.h"

/* The checkpoint is taken after day 54, so the first day of a restart is
 * a deliberation day (day % 7 == 6); the restarts run 45 more days. */
enum { CKPT_DAY = 55, MORE_DAYS = 45, N_SCEN = 3 };

/* Saved fields whose loss these windows do not show, each with the reason:
 * the day loop sets them before it reads them, a fresh world has the same
 * values, nothing in the model reads them, or (last group) the window does
 * not reach the one place that reads them. They are saved all the same,
 * so that the saved state is the whole state. The test fails both ways:
 * a field missing here that changes nothing, or a field here that does. */
static const char *const recomputed[] = {
    /* set by the day loop before it is read */
    "communities/social_workers", /* work_capacity counts the posts */
    "communities/station_hours",  /* work_capacity */
    "communities/mobilise_hours", /* work_capacity */
    "communities/relief_cost",    /* work_capacity */
    "communities/vol_capacity",   /* work_capacity */
    "communities/admin_burden",   /* work_capacity */
    "communities/overhead_hours", /* work_capacity resets it */
    "communities/vol_worked",     /* phase_work sets it */
    "communities/grid_logged",    /* grid_begin_day resets it */
    "communities/agenda_items",   /* reset at each weekly meeting */
    "orgs/capacity",              /* work_capacity */
    "residents/participated",     /* phase_participate swaps it in */
    "world/day",                  /* sim_step sets it */
    "world/st.created",           /* day counters: zero after observe */
    "world/st.resolved",
    "world/st.abandoned",
    "world/st.escalated",
    "world/st.by_channel",
    "world/st.petitions_settled",
    "world/st.public_resolved",
    "world/st.gov_spending",
    "world/st.gov_hours_worked",
    "world/st.vol_hours",
    "world/st.vol_active",
    "world/st.mediations",
    "world/st.mediations_settled",
    "world/st.mp_started",
    "world/st.mp_lag_days",
    "world/st.fund_gov",
    "world/st.fund_other",
    "ages",                       /* today's ages: empty after observe */
    "abandoned_ages",
    "contracts/prev_score",       /* evaluate() sets it, then reads it */
    /* what a fresh world has too: the population's ranges, and staff
     * derived from parameters (recomputed by a fork that changes them) */
    "communities/first",
    "communities/n",
    "communities/first_building",
    "communities/n_buildings",
    "communities/station_posts",
    "communities/mediators",
    "communities/grid_workers",
    "units/community",            /* drawn at day 0 from their purpose */
    "units/kind",
    "units/size",
    /* kept for reports and the accounting identity, not read by the
     * model's dynamics */
    "world/abandoned_total",
    "world/created_total",
    "world/resolved_total",
    "communities/delib_considered",
    "communities/delib_funded",
    "matters/reported",
    "matters/transfers",
    "orgs/born",
    "orgs/last_hire",
    "contracts/start",
    "workers/caseload",
    /* state, read where these windows do not reach */
    "orgs/contracts",             /* read when an insolvent organisation
                                     would dissolve: none holds a contract */
};

/* Several scenarios, as no single window reaches every field: a yearly
 * vote falls before the checkpoint (projects starting on its last day), or
 * between it and the projects' start, or after it. */
struct scen {
    struct params p;
    char ckpt[128];
    struct world *ref;                  /* after CKPT_DAY + MORE_DAYS */
    double *ref_metrics;                /* every value of each later day */
};
static struct scen scen[N_SCEN];
static int ready;

/* All values of a day's metrics in one array of n doubles. */
static size_t metrics_len(const struct world *w)
{
    return N_METRICS + N_CHANNELS + N_SCOPES +
           (size_t)N_COMMUNITY_METRICS * w->n_comm;
}

static void metrics_flat(const struct day_metrics *dm, const struct world *w,
                         double *v)
{
    memcpy(v, dm->v, sizeof dm->v);
    v += N_METRICS;
    memcpy(v, dm->by_channel, sizeof dm->by_channel);
    v += N_CHANNELS;
    memcpy(v, dm->open_by_scope, sizeof dm->open_by_scope);
    v += N_SCOPES;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++, v += w->n_comm)
        memcpy(v, dm->community[k], w->n_comm * sizeof *v);
}

static void scenario(struct params *p, int s)
{
    small_params(p, 2000, 4);
    all_mechanisms(p, 1);
    /* rules change which micro-project scenario 0 votes for and when it
     * starts, which the checkpoint day is chosen for; rules are on in
     * the other two */
    p->mechanisms.rules.enabled = s != 0;
    /* short cycles, so that every mechanism acts around the checkpoint */
    p->purchase.cycle_days = 40;
    /* contracts start on day 40: evaluations on days 55 and 70, or 52
     * and 64 (next_eval differs from the first day of a restart) */
    p->purchase.eval_every_days = s == 1 ? 12 : 15;
    p->purchase.renew_min_score = 0.9;
    /* a street (家综) per community: four tenders, so that contracts end
     * and start around the checkpoint */
    p->purchase.lot_per_year = p->purchase.budget_per_year / 4;
    p->purchase.budget_change_day = 20;    /* a cut before the checkpoint */
    p->purchase.budget_change_factor = 0.5;
    p->venture.day = 40;                   /* incubates grassroots orgs */
    p->microprojects.day = s == 0 ? 35 : s == 1 ? 45 : 60;
    p->microprojects.lag_days = 19;        /* scenario 0: starts on day 54 */
    p->microprojects.duration_days = 30;
    /* snapshots (days 0, 20 and 40) in the history a restart copies */
    p->output.snapshot_every = s == 0 ? 20 : 0;
    p->socorg.insolvency_days = 60;
    p->socorg.initial_professional = 3;    /* whatever the defaults say */
    p->socorg.initial_grassroots = 1;
    p->socorg.initial_funds = 0;           /* debts and insolvency */
    p->socorg.formation_rate = 2;
    p->socialwork.salary = 5000;           /* fees pay for posts */
    p->socialwork.hire_days = 10;
    p->socialwork.turnover = 0.01;
    p->volunteer.join_rate = 0.01;
    p->volunteer.leave_rate = 0.05;        /* recognition decides who stays */
    p->volunteer.recognition = 1;
    p->volunteer.recognition_hours = 1;
    p->paid.buy_rate = 0.5;
    p->patience = 5;                       /* grievance and petitions */
    p->max_age = 40;                       /* abandonment unlinks matters */
    /* scenario 2 starts after a burn-in (negative days, mechanisms off,
     * then switched on at day 0): its matters, vacancies and queue keys
     * carry days before 0 into the checkpoint */
    p->time.burn_in_days = s == 2 ? 30 : 0;
    /* overdue matters stay (grievance, petitions, flags), but for the
     * first scenario's, whose owners' give-up clocks run (7.8) */
    p->give_up = s == 0 ? 0.1 : 0;
    p->escalation.threshold = 0.3;
    if (s == 1) {
        p->socorg.initial_funds = 1e6;     /* posts bought from fees */
        /* peers are the community: yesterday's participants count is
         * read on the first day after the checkpoint */
        p->participation.network = PARTICIPATION_GLOBAL;
    }
    if (s == 2) {   /* several matters a resident a day, petitions */
        p->domains[D_PROPERTY].rate = 0.05;
        p->escalation.threshold = 0.2;
    }
    /* too few hands: queues and abandonment (unlinking from queues) */
    if (s != 2) {
        p->government.staff_hours = 6;
        p->community.staff_hours = 12;
    }
    /* activities every few days; slots that fill, are replaced and fade
     * around the checkpoint (7.18) */
    p->mechanisms.activities.enabled = 1;
    p->activities.per_year = 80;
    p->activities.first_attend = 0.05;
    p->activities.tie_days = 20;
    p->activities.max_ties = 3;
    p->activities.ties_per_activity = 2;
    /* migrants leave and newcomers arrive around the checkpoint (7.19):
     * arrival days, thresholds and flags that change */
    p->mechanisms.migration.enabled = 1;
    p->migration.turnover = 0.2;
    /* local units (7.15) in scenarios 1 and 2 (scenario 0's tender
     * reads the organisations' reputations, which the units' hours would
     * make moot): councils on days 50 and 75, around the checkpoint;
     * committees short of hours use the units' hours */
    p->mechanisms.localunits.enabled = s != 0;
    p->localunits.council_days = 25;
    /* migrants' associations form, take members and bridge newcomers
     * around the checkpoint (7.19): the community's association and the
     * members' flags */
    p->migration.associations = 1;
    p->association.form_rate = 0.5;
    p->association.join_rate = 0.5;
    p->association.floor_share = 0.1;
    p->time.days = CKPT_DAY;
}

static char tmpdir[64] = "/tmp/cogov-test-ckpt.XXXXXX";

static void cleanup(void)
{
    char f[128];
    for (int s = 0; s < N_SCEN; s++) {
        snprintf(f, sizeof f, "%s/run%d.h5", tmpdir, s);
        remove(f);
        remove(scen[s].ckpt);
        world_free(scen[s].ref);
        free(scen[s].ref_metrics);
    }
    rmdir(tmpdir);
}

static void setup(void)
{
    if (ready)
        return;
    ready = 1;
#ifdef _OPENMP
    omp_set_num_threads(1);   /* the mutants run in forked children */
#endif
    char out[96], err[1024];
    if (!mkdtemp(tmpdir))
        abort();
    atexit(cleanup);   /* not run by the forked children (_exit) */
    for (int s = 0; s < N_SCEN; s++) {
        struct scen *sc = &scen[s];
        scenario(&sc->p, s);
        snprintf(out, sizeof out, "%s/run%d.h5", tmpdir, s);
        snprintf(sc->ckpt, sizeof sc->ckpt, "%s.ckpt", out);
        char *text = config_to_string(params_table(), &sc->p, 0);
        struct run_opts o = {.out_path = out, .scenario = "test",
                             .config_text = text,
                             .checkpoint_every = CKPT_DAY,
                             .checkpoint_path = sc->ckpt};
        if (!text || sim_run(&sc->p, &o, err, sizeof err) != RUN_OK) {
            fprintf(stderr, "sim_run: %s\n", err);
            abort();
        }
        free(text);

        /* the reference: never stopped */
        struct day_metrics dm;
        if (sim_setup(&sc->ref, &sc->p, NULL, err, sizeof err) ||
            day_metrics_init(&dm, sc->ref))
            abort();
        size_t n = metrics_len(sc->ref);
        sc->ref_metrics = malloc(MORE_DAYS * n * sizeof(double));
        for (int d = 0; d < CKPT_DAY + MORE_DAYS; d++) {
            sim_step(sc->ref, d);
            observe_day(sc->ref, d, &dm);
            if (d >= CKPT_DAY)
                metrics_flat(&dm, sc->ref,
                             sc->ref_metrics + (d - CKPT_DAY) * n);
        }
        day_metrics_free(&dm);
    }
}

/* A world restored from scenario s's checkpoint, with time.days extended
 * (p holds the parameters it points to). NULL on error. */
static struct world *restore(int s, struct params *p)
{
    struct checkpoint *ck = NULL;
    struct world *w = NULL;
    char err[1024], days[32];
    const char *set[] = {days};
    snprintf(days, sizeof days, "time.days=%d", CKPT_DAY + MORE_DAYS);
    if (checkpoint_open(&ck, scen[s].ckpt, err, sizeof err) ||
        checkpoint_params(ck, p, set, 1, err, sizeof err) ||
        checkpoint_restore(ck, p, &w, err, sizeof err))
        fprintf(stderr, "restore: %s\n", err);
    checkpoint_close(ck);
    return w;
}

/* Saved fields but `skip` where a and b differ; the first into first. */
static int fields_off(const struct world *a, const struct world *b,
                      int skip, char *first, size_t n)
{
    int off = 0;
    for (int k = 0; k < checkpoint_fields(); k++)
        if (k != skip && !checkpoint_field_equal(a, b, k) && !off++)
            checkpoint_field_name(k, first, n);
    return off;
}

TEST(restart_continues_bitwise)
{
    setup();
    CHECK(checkpoint_fields() > 80);
    for (int s = 0; s < N_SCEN; s++) {
        struct params p;
        struct world *w = restore(s, &p);
        struct day_metrics dm;
        char first[64] = "";
        CHECK(w != NULL);
        if (!w || day_metrics_init(&dm, w))
            return;
        size_t n = metrics_len(w);
        double *v = malloc(n * sizeof *v);
        int metrics = 0;
        for (int d = CKPT_DAY; d < CKPT_DAY + MORE_DAYS; d++) {
            sim_step(w, d);
            observe_day(w, d, &dm);
            metrics_flat(&dm, w, v);
            metrics += memcmp(v, scen[s].ref_metrics + (d - CKPT_DAY) * n,
                              n * sizeof *v) != 0;
        }
        int fields = fields_off(w, scen[s].ref, -1, first, sizeof first);
        CHECK_EQ_INT(metrics, 0);
        CHECK_EQ_INT(fields, 0);
        if (fields)
            fprintf(stderr, "scenario %d: first field that differs: %s\n",
                    s, first);
        free(v);
        day_metrics_free(&dm);
        world_free(w);
    }
}

/* Does a restart of scenario s that forgot field k drift from one that
 * did not? The two run side by side and are compared after every day, on
 * every metric and every other field (state that heals, like a score the
 * next evaluation replaces, drifts for a while). In a child process, as a
 * forgotten index may well crash the engine: a detection too. */
static int mutant_drifts(int s, int k)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        struct params p, q;
        struct world *good = restore(s, &p), *bad = restore(s, &q), *fresh;
        struct day_metrics dg, db;
        char err[256], first[64];
        if (!good || !bad || setup_world(&fresh, &q, err, sizeof err) ||
            day_metrics_init(&dg, good) || day_metrics_init(&db, bad))
            _exit(2);
        checkpoint_field_forget(bad, fresh, k);
        size_t n = metrics_len(good);
        double *vg = malloc(n * sizeof *vg), *vb = malloc(n * sizeof *vb);
        int off = 0;
        for (int d = CKPT_DAY; d < CKPT_DAY + MORE_DAYS && !off; d++) {
            sim_step(good, d);
            sim_step(bad, d);
            observe_day(good, d, &dg);
            observe_day(bad, d, &db);
            metrics_flat(&dg, good, vg);
            metrics_flat(&db, bad, vb);
            off = memcmp(vg, vb, n * sizeof *vg) != 0 ||
                  fields_off(good, bad, k, first, sizeof first) > 0;
        }
        _exit(off ? 0 : 1);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        abort();
    if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
        abort();
    return !(WIFEXITED(st) && WEXITSTATUS(st) == 1);
}

static int listed(const char *name)
{
    for (size_t i = 0; i < sizeof recomputed / sizeof *recomputed; i++)
        if (!strcmp(name, recomputed[i]))
            return 1;
    return 0;
}

/* H5Literate callback: count the datasets directly under /restart that
 * are not a field of checkpoint_fields() (the parameter text aside). */
static herr_t unlisted_dataset(hid_t g, const char *name,
                               const H5L_info_t *info, void *data)
{
    char field[64];
    (void)info;
    hid_t o = H5Oopen(g, name, H5P_DEFAULT);
    if (o < 0)
        return -1;
    H5I_type_t type = H5Iget_type(o);
    H5Oclose(o);
    if (type != H5I_DATASET || !strcmp(name, "params"))
        return 0;
    for (int k = 0; k < checkpoint_fields(); k++)
        if (!strcmp(checkpoint_field_name(k, field, sizeof field), name))
            return 0;
    fprintf(stderr, "/restart/%s is not a field of the tables\n", name);
    ++*(int *)data;
    return 0;
}

/* The loose arrays saved beside the record groups (free list, ages, rate
 * table) are fields too, so the forget-each-field test below reaches
 * them: every dataset of /restart is one. */
TEST(every_loose_array_is_a_field)
{
    setup();
    int unlisted = 0, loose = 0;
    char name[64];
    hid_t f = H5Fopen(scen[0].ckpt, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t r = f < 0 ? -1 : H5Gopen2(f, "restart", H5P_DEFAULT);
    CHECK(r >= 0);
    if (r < 0)
        return;
    CHECK(H5Literate(r, H5_INDEX_NAME, H5_ITER_INC, NULL,
                      unlisted_dataset, &unlisted) >= 0);
    CHECK_EQ_INT(unlisted, 0);
    H5Gclose(r);
    H5Fclose(f);
    for (int k = 0; k < checkpoint_fields(); k++)
        loose += !strchr(checkpoint_field_name(k, name, sizeof name), '/');
    CHECK_EQ_INT(loose, 5);
}

/* The fields from k0 on, every step-th: how many drift when forgotten;
 * failed checks go to unit_failed_checks. */
static int fields_drift(int k0, int step)
{
    char name[64];
    int n = checkpoint_fields(), drifted = 0;
    for (int k = k0; k < n; k += step) {
        checkpoint_field_name(k, name, sizeof name);
        int d = 0;
        for (int s = 0; s < N_SCEN && !d; s++)
            d = mutant_drifts(s, k);
        drifted += d;
        if (!d && !listed(name)) {
            fprintf(stderr, "forgetting %s changes nothing in %d days: "
                    "list it as recomputed, with the reason, or make the "
                    "test reach it\n", name, MORE_DAYS);
            CHECK(!"a saved field that no restart needs");
        }
        if (d && listed(name)) {
            fprintf(stderr, "forgetting %s changes the run: it is state, "
                    "not recomputed\n", name);
            CHECK(!"a listed field is state");
        }
    }
    return drifted;
}

/* Two lanes: a second process takes every other field, so that two
 * mutants run at once (each a child on one thread). */
TEST(every_saved_field_matters)
{
    setup();
    int n = checkpoint_fields(), fds[2], lane[2] = {0, 0};
    if (pipe(fds))
        abort();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        close(fds[0]);
        unit_failed_checks = 0;
        lane[0] = fields_drift(1, 2);
        lane[1] = unit_failed_checks;
        _exit(write(fds[1], lane, sizeof lane) == (ssize_t)sizeof lane
                  ? 0 : 3);
    }
    close(fds[1]);
    int drifted = fields_drift(0, 2), st;
    ssize_t got = read(fds[0], lane, sizeof lane);
    close(fds[0]);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    CHECK(got == (ssize_t)sizeof lane && WIFEXITED(st) &&
          WEXITSTATUS(st) == 0);
    drifted += lane[0];
    unit_failed_checks += lane[1];
    printf("%d of %d saved fields change the run when forgotten; %zu are "
           "listed (set before read, as fresh, unread, not reached)\n",
           drifted, n,
           sizeof recomputed / sizeof *recomputed);
}

/* A restore of path; 0 and *w, or -1 with the message in err. */
static int restore_file(const char *path, struct world **w, char *err,
                        size_t n)
{
    struct checkpoint *ck = NULL;
    struct params p;
    static struct params keep;   /* w->p points here */
    char days[32];
    const char *set[] = {days};
    snprintf(days, sizeof days, "time.days=%d", CKPT_DAY + MORE_DAYS);
    *w = NULL;
    int rc = checkpoint_open(&ck, path, err, n) ||
             checkpoint_params(ck, &p, set, 1, err, n);
    if (!rc) {
        keep = p;
        rc = checkpoint_restore(ck, &keep, w, err, n) != 0;
    }
    checkpoint_close(ck);
    return rc ? -1 : 0;
}

/* A queue with at least `need` entries (NULL if none). */
static struct mqueue *some_queue(struct world *w, uint32_t need)
{
    if (w->transit.n >= need)
        return &w->transit;
    if (w->gov_q.n >= need)
        return &w->gov_q;
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].committee_q.n >= need)
            return &w->comm[c].committee_q;
    return NULL;
}

/* Crafted checkpoints: the state is changed in memory, then written (so
 * its hash fits) and restored: each must be refused by the rule that names
 * it, never crash or load. */
TEST(invalid_state_refused)
{
    setup();
    static const char *const rule[] = {
        "beyond the", "at that position", "listed once", "free list entry",
        "arrival rate table", "arrival rate table", "is neither -1 nor",
        "employer", "is not finite", "not a finite value",
        "give-up clock",
    };
    enum { N_CASES = sizeof rule / sizeof *rule };
    char hist[96], path[128], err[1024];
    snprintf(hist, sizeof hist, "%s/run0.h5", tmpdir);
    snprintf(path, sizeof path, "%s/bad.ckpt", tmpdir);
    int refused = 0;
    for (int c = 0; c < N_CASES; c++) {
        struct params p;
        struct world *w = restore(0, &p), *back = NULL;
        if (!w)
            abort();
        struct mqueue *q = some_queue(w, 2);
        CHECK(q != NULL && w->n_free > 0 && w->n_workers > 0);
        if (!q || !w->n_free || !w->n_workers)
            return;
        uint32_t live = q->slot[0];
        switch (c) {
        case 0: q->slot[1] = w->n_slots + 5; break;   /* beyond the pool */
        case 1: w->m[live].qpos = 1000000; break;     /* bad position */
        case 2: q->slot[1] = q->slot[0]; break;       /* duplicate */
        case 3: w->free_slots[0] = live; break;       /* live slot free */
        case 4: w->rate_total[0] = NAN; break;
        case 5: for (int d = 0; d < N_DOMAINS; d++)   /* hangs a draw */
                    w->rate_cum[d] = 1e300;
                w->rate_total[0] = 1e300; break;
        case 6: w->comm[0].contract = -5; break;
        case 7: w->workers[0].employer = -7; break;
        case 8: w->orgs[0].funds = INFINITY; break;
        case 9: w->r.trust_gov[3] = NAN; break;
        case 10: w->m[live].give_up_left = 0; break;  /* used up, kept */
        }
        remove(path);
        if (checkpoint_write(path, w, hist, "out.h5", NULL, err, sizeof err))
            fprintf(stderr, "case %d: write: %s\n", c, err);
        int rc = restore_file(path, &back, err, sizeof err);
        int ok = rc != 0 && strstr(err, rule[c]) != NULL;
        if (!ok)
            fprintf(stderr, "case %d: %s (want the rule '%s')\n", c,
                    rc ? err : "restored", rule[c]);
        CHECK(ok);
        refused += ok;
        world_free(back);
        world_free(w);
    }
    remove(path);
    printf("%d of %d crafted invalid states refused by their rule\n",
           refused, N_CASES);
}

/* Single byte flips anywhere in a checkpoint file: each is refused, or the
 * restored world is the same, field by field (a flip in unused bytes);
 * never a crash (each in a child) and never a different world. */
TEST(flipped_bytes_refused)
{
    setup();
    enum { FLIPS = 60 };
    char path[128], err[1024];
    snprintf(path, sizeof path, "%s/flip.ckpt", tmpdir);
    FILE *f = fopen(scen[0].ckpt, "rb");
    if (!f)
        abort();
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    unsigned char *orig = malloc((size_t)size);
    rewind(f);
    if (fread(orig, 1, (size_t)size, f) != (size_t)size)
        abort();
    fclose(f);
    struct world *ref = NULL;
    if (restore_file(scen[0].ckpt, &ref, err, sizeof err))
        abort();
    int refused = 0, same = 0, differ = 0, crashed = 0;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int k = 0; k < FLIPS; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        long at = (long)(x % (uint64_t)size);
        unsigned char bit = (unsigned char)(1u << ((x >> 40) & 7));
        orig[at] ^= bit;
        f = fopen(path, "wb");
        if (!f || fwrite(orig, 1, (size_t)size, f) != (size_t)size)
            abort();
        fclose(f);
        orig[at] ^= bit;
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            struct world *w = NULL;
            if (restore_file(path, &w, err, sizeof err))
                _exit(0);   /* refused */
            char first[64];
            _exit(fields_off(w, ref, -1, first, sizeof first) ? 2 : 1);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
            abort();
        if (!WIFEXITED(st)) {
            crashed++;
            fprintf(stderr, "flip at byte %ld: the restore crashed\n", at);
        } else if (WEXITSTATUS(st) == 0) {
            refused++;
        } else if (WEXITSTATUS(st) == 1) {
            same++;
        } else {
            differ++;
            fprintf(stderr, "flip at byte %ld: restored a different world\n",
                    at);
        }
    }
    remove(path);
    free(orig);
    world_free(ref);
    CHECK_EQ_INT(crashed, 0);
    CHECK_EQ_INT(differ, 0);
    printf("%d byte flips in a %ld-byte checkpoint: %d refused, %d restored "
           "the same world, %d different, %d crashed\n",
           FLIPS, size, refused, same, differ, crashed);
}


/* One value of dataset name of checkpoint path changed by +1 (row row,
 * column 0; 1-D ones are read as one column), with HDF5 itself: the file stays well-formed, only the
 * number differs, as when a damaged chunk index is read as other data. */
static void change_value(const char *path, const char *name, hsize_t row)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = f < 0 ? -1 : H5Dopen2(f, name, H5P_DEFAULT);
    hid_t s = d < 0 ? -1 : H5Dget_space(d);
    hsize_t at[2] = {row, 0}, one[2] = {1, 1};
    hid_t m = H5Screate_simple(1, one, NULL);
    double v;
    if (s < 0 || m < 0 ||
        H5Sselect_hyperslab(s, H5S_SELECT_SET, at, NULL, one, NULL) < 0 ||
        H5Dread(d, H5T_NATIVE_DOUBLE, m, s, H5P_DEFAULT, &v) < 0)
        abort();
    v += 1;
    if (H5Dwrite(d, H5T_NATIVE_DOUBLE, m, s, H5P_DEFAULT, &v) < 0)
        abort();
    H5Sclose(m);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
}

/* The copied history (/timeseries, /communities, /snapshots) is replayed
 * into the restarted run's output: a checkpoint whose history holds
 * another value is refused by its hash (history_fnv1a, snapshots_fnv1a),
 * the intact copy restarts. */
TEST(changed_history_refused)
{
    setup();
    static const char *const changed[] = {
        NULL, "/timeseries/day", "/timeseries/matters_open",
        "/timeseries/resolved_by_channel", "/communities/trust_gov_mean",
        "/snapshots/day_00020/residents/grievance"};
    enum { N = sizeof changed / sizeof *changed };
    char path[128], out[128], err[1024], cmd[512];
    snprintf(path, sizeof path, "%s/hist.ckpt", tmpdir);
    snprintf(out, sizeof out, "%s/hist.h5", tmpdir);
    int refused = 0;
    for (int c = 0; c < N; c++) {
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", scen[0].ckpt, path);
        if (system(cmd) != 0)
            abort();
        if (changed[c])
            change_value(path, changed[c], CKPT_DAY / 2);
        struct checkpoint *ck = NULL;
        struct params p;
        char days[32];
        const char *set[] = {days};
        snprintf(days, sizeof days, "time.days=%d", CKPT_DAY + 5);
        remove(out);
        if (checkpoint_open(&ck, path, err, sizeof err) ||
            checkpoint_params(ck, &p, set, 1, err, sizeof err)) {
            fprintf(stderr, "case %d: %s\n", c, err);
            CHECK(0);
            checkpoint_close(ck);
            continue;
        }
        struct run_opts o = {.out_path = out, .scenario = "test",
                             .config_text = "", .restart = ck};
        int rc = sim_run(&p, &o, err, sizeof err);
        checkpoint_close(ck);
        if (!changed[c]) {
            if (rc != RUN_OK)
                fprintf(stderr, "intact copy: %s\n", err);
            CHECK_EQ_INT(rc, RUN_OK);
            continue;
        }
        const char *want = strncmp(changed[c], "/snapshots", 10) == 0
                               ? "snapshots do not match their hash"
                               : "history does not match its hash";
        int ok = rc == RUN_ERROR && strstr(err, want) != NULL &&
                 access(out, F_OK) != 0;
        if (!ok)
            fprintf(stderr, "%s changed: %s\n", changed[c],
                    rc ? err : "restarted");
        CHECK(ok);
        refused += ok;
    }
    remove(path);
    remove(out);
    printf("%d of %d checkpoints with a changed history value refused\n",
           refused, N - 1);
}

UNIT_MAIN(restart_continues_bitwise, every_loose_array_is_a_field,
          every_saved_field_matters,
          invalid_state_refused, flipped_bytes_refused,
          changed_history_refused)
