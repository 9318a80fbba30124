/* Phase 12, observation: metrics of the day with fixed-order reductions
 * (chunk partial sums, then communities in order, then the district), so
 * the thread count never changes a bit of the output. The tables below
 * are the names, units and descriptions users' scripts depend on. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/observe.h"
#include "model/actors.h"
#include "model/phases.h"

_Static_assert(N_OBS <= 16, "world.obs_partial holds 16 sums a chunk");

int day_metrics_init(struct day_metrics *dm, const struct world *w)
{
    memset(dm, 0, sizeof *dm);
    for (int k = 0; k < N_COMMUNITY_METRICS; k++) {
        dm->community[k] = calloc(w->n_comm, sizeof(double));
        if (!dm->community[k]) {
            day_metrics_free(dm);
            return -1;
        }
    }
    return 0;
}

void day_metrics_free(struct day_metrics *dm)
{
    for (int k = 0; k < N_COMMUNITY_METRICS; k++) {
        free(dm->community[k]);
        dm->community[k] = NULL;
    }
}

/* The k-th smallest (0-based) of a[0 .. n-1], k < n, reordering a:
 * Hoare's selection, linear on average, where sorting the day's
 * resolution ages was the largest serial cost of observation. The value
 * is the same whatever the method. */
static int32_t select_kth(int32_t *a, uint32_t n, uint32_t k)
{
    uint32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        /* median of three as pivot: sorted or constant input stays
         * linear */
        uint32_t mid = lo + (hi - lo) / 2;
        int32_t x = a[lo], y = a[mid], z = a[hi];
        int32_t pivot = x < y ? (y < z ? y : x < z ? z : x)
                              : (x < z ? x : y < z ? z : y);
        uint32_t i = lo, j = hi;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            int32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* a[lo .. j] <= pivot <= a[j + 1 .. hi] */
        if (k <= j)
            hi = j;
        else
            lo = j + 1;
    }
    return a[k];
}

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* Time in system and abandoned share over every matter that left today,
 * resolved or abandoned (abandoned ones at their age): after the
 * resolution ages, so appending the abandoned ages to w->ages (which
 * select_kth has reordered) leaves the resolution metrics alone. */
static void time_in_system(struct world *w, double *v)
{
    uint32_t nr = w->n_ages, na = w->n_abandoned_ages, n = nr + na;
    v[MET_ABANDONED_SHARE] = ratio((double)na, (double)n);
    if (!n) {
        v[MET_TIME_IN_SYSTEM_MEAN] = NAN;
        v[MET_TIME_IN_SYSTEM_P90] = NAN;
        return;
    }
    w->ages = world_grow(w->ages, &w->cap_ages, n, sizeof *w->ages);
    if (na)  /* abandoned_ages is NULL until a matter is abandoned */
        memcpy(w->ages + nr, w->abandoned_ages, na * sizeof *w->ages);
    double sum = 0;  /* integers below 2^53: exact in any order */
    for (uint32_t a = 0; a < n; a++)
        sum += w->ages[a];
    v[MET_TIME_IN_SYSTEM_MEAN] = sum / n;
    uint32_t rank = (uint32_t)ceil(0.9 * n);
    v[MET_TIME_IN_SYSTEM_P90] = select_kth(w->ages, n, rank - 1);
}

/* Ties per resident, the ties of newcomers (7.19), and today's
 * attendances and the members of community activities (7.18), from the
 * district's integer counts (struct tie_counts) in tot. */
static void activity_values(const struct world *w, const double *tot,
                            double *v)
{
    v[MET_TIES_PER_RESIDENT] = tot[OBS_TIES] / w->n_res;
    v[MET_NEWCOMER_TIES_MEAN] =
        ratio(tot[OBS_NEWCOMER_TIES], tot[OBS_NEWCOMERS]);
    v[MET_ACTIVITY_ATTENDANCES] = tot[OBS_CAME];
    v[MET_ACTIVITY_MEMBERS] = tot[OBS_MEMBERS];
}

/* The per-chunk sums of enum obs_sum, resident by resident in index
 * order: the order of phase 11's, so the same bits. The four counts are
 * taken as integers: a sum of doubles 0 and 1 is exact below 2^53, so it
 * is the integer's double bit for bit, without a chain of double
 * additions a resident. */
static void observe_sums(struct world *w, int day)
{
    const struct residents *r = &w->r;
    double (*part)[16] = w->obs_partial;
    const uint32_t gk = (uint32_t)w->p->activities.max_ties;
    const double member_days = w->p->activities.member_days;
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        double s[N_OBS] = {0};
        uint32_t n_part = 0, n_mig = 0, n_mig_part = 0, n_assoc = 0;
        struct tie_counts tc = {0};
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            /* the active ties phase 11's walk would count */
            const uint32_t deg = resident_active_ties(r, gk, i);
            tie_counts_add(r, member_days, day, i, deg, &tc);
            s[OBS_SAT] += r->satisfaction[i];
            s[OBS_TG] += r->trust_gov[i];
            s[OBS_TC] += r->trust_com[i];
            s[OBS_EFF] += r->efficacy[i];
            s[OBS_GRV] += r->grievance[i];
            /* branch-free (40% migrants defeat the branch predictor):
             * x * 1.0 is x, and adding x * 0.0 = +0.0 to a sum of
             * non-negative values leaves it bitwise unchanged */
            const uint32_t mig = (r->flags[i] & R_MIGRANT) != 0;
            s[OBS_MIG_SAT] += (double)mig * (double)r->satisfaction[i];
            n_part += r->participating[i];
            n_mig += mig;
            n_mig_part += mig * r->participating[i];
            n_assoc += (r->flags[i] & R_ASSOC) != 0;   /* 7.19 */
        }
        s[OBS_PART] = n_part;
        s[OBS_MIG] = n_mig;
        s[OBS_MIG_PART] = n_mig_part;
        s[OBS_ASSOC] = n_assoc;
        obs_tie_counts(s, &tc);
        memcpy(part[k], s, sizeof s);
    }
}

void observe_day(struct world *w, int day, struct day_metrics *dm)
{
    double (*part)[16] = w->obs_partial;

    /* the per-chunk sums: phase 11 took them in its pass over the
     * residents (participation.c); else here, in the same order */
    if (!w->obs_ready)
        observe_sums(w, day);
    w->obs_ready = 0;

    /* chunks -> communities -> district, each in index order */
    double tot[N_OBS] = {0};
    uint32_t k = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        double s[N_OBS] = {0};
        for (; k < w->n_chunks && w->chunks[k].community == c; k++)
            for (int q = 0; q < N_OBS; q++)
                s[q] += part[k][q];
        double n = w->comm[c].n;
        dm->community[CM_MATTERS_OPEN][c] = (double)w->comm[c].open;
        dm->community[CM_SATISFACTION_MEAN][c] = s[OBS_SAT] / n;
        dm->community[CM_TRUST_GOV_MEAN][c] = s[OBS_TG] / n;
        dm->community[CM_TRUST_COM_MEAN][c] = s[OBS_TC] / n;
        dm->community[CM_PARTICIPATION_RATE][c] = s[OBS_PART] / n;
        dm->community[CM_GRIEVANCE_MEAN][c] = s[OBS_GRV] / n;
        for (int q = 0; q < N_OBS; q++)
            tot[q] += s[q];
    }

    const struct day_stats *st = &w->st;
    double n = w->n_res;
    double *v = dm->v;
    dm->day = day;
    v[MET_MATTERS_NEW] = (double)st->created;
    v[MET_MATTERS_RESOLVED] = (double)st->resolved;
    v[MET_MATTERS_OPEN] = (double)w->open;
    v[MET_MATTERS_UNREPORTED] = (double)w->unreported;
    v[MET_MATTERS_ABANDONED] = (double)st->abandoned;
    v[MET_MATTERS_ESCALATED] = (double)st->escalated;
    v[MET_PETITIONS_SETTLED] = (double)st->petitions_settled;
    v[MET_MATTERS_RESOLVED_PUBLIC] = (double)st->public_resolved;
    if (w->n_ages) {
        /* a sum of integers below 2^53: exact in any order */
        double sum = 0;
        for (uint32_t a = 0; a < w->n_ages; a++)
            sum += w->ages[a];
        v[MET_RESOLUTION_DAYS_MEAN] = sum / w->n_ages;
        uint32_t rank = (uint32_t)ceil(0.9 * w->n_ages);
        v[MET_RESOLUTION_DAYS_P90] = select_kth(w->ages, w->n_ages, rank - 1);
    } else {
        v[MET_RESOLUTION_DAYS_MEAN] = NAN;
        v[MET_RESOLUTION_DAYS_P90] = NAN;
    }
    time_in_system(w, v);
    v[MET_SATISFACTION_MEAN] = tot[OBS_SAT] / n;
    v[MET_TRUST_GOV_MEAN] = tot[OBS_TG] / n;
    v[MET_TRUST_COM_MEAN] = tot[OBS_TC] / n;
    v[MET_EFFICACY_MEAN] = tot[OBS_EFF] / n;
    v[MET_GRIEVANCE_MEAN] = tot[OBS_GRV] / n;
    v[MET_PARTICIPATION_RATE] = tot[OBS_PART] / n;
    v[MET_GOV_SPENDING] = st->gov_spending;
    double vols = 0, burden = 0, fund = 0;
    uint64_t visits, dups, logged = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        logged += w->comm[c].grid_logged;
        vols += w->comm[c].volunteers;
        burden += w->comm[c].admin_burden;
        fund += w->comm[c].fund;
    }
    activity_values(w, tot, v);
    /* doors knocked at today (7.2), as a monthly rate */
    grid_visits_today(w, day, &visits, &dups);
    v[MET_VISITS_PER_RESIDENT] = (double)(visits + logged) * 30.0 / n;
    v[MET_DUPLICATE_VISITS_PER_RESIDENT] = (double)dups * 30.0 / n;
    v[MET_VOLUNTEER_COUNT] = vols;
    v[MET_VOLUNTEER_HOURS] = st->vol_hours;
    v[MET_VOLUNTEERS_ACTIVE] = st->vol_active;
    v[MET_MEDIATIONS] = (double)st->mediations;
    v[MET_MEDIATION_SUCCESS] =
        ratio((double)st->mediations_settled, (double)st->mediations);
    v[MET_COMMITTEE_STAFF] = w->n_comm * w->p->community.staff_hours *
                             DAYS_PER_WEEK /
                             w->p->community.worker_hours_per_week;
    v[MET_MICROPROJECT_LAG_DAYS] =
        ratio((double)st->mp_lag_days, (double)st->mp_started);
    v[MET_ADMIN_BURDEN] = burden / w->n_comm;
    v[MET_COMMUNITY_FUND_BALANCE] = fund;
    v[MET_FUND_NONGOV_SHARE] =
        ratio(st->fund_other, st->fund_gov + st->fund_other);
    localunits_totals(w, &v[MET_UNITS_REPUTATION_MEAN], &v[MET_UNITS_HOURS],
                      &v[MET_UNITS_FUNDS]);
    double orgs = 0, cap = 0, workers = 0;
    for (uint32_t o = 0; o < w->n_orgs; o++)
        if (w->orgs[o].alive) {
            orgs += 1;
            cap += w->orgs[o].capacity;
        }
    for (uint32_t i = 0; i < w->n_workers; i++)
        workers += w->workers[i].alive &&
                   w->workers[i].vacant_until == SW_FILLED;
    v[MET_SOCORG_COUNT] = orgs;
    v[MET_SOCORG_CAPACITY_HOURS] = cap;
    v[MET_SOCIAL_WORKER_COUNT] = workers;

    int slot = day % 30;
    w->spend_window[slot] = st->gov_spending;
    w->resolved_window[slot] = (double)st->public_resolved;
    double sw = 0, rw = 0;
    for (int q = 0; q < 30; q++) {
        sw += w->spend_window[q];
        rw += w->resolved_window[q];
    }
    v[MET_GOV_COST_PER_RESOLVED] = ratio(sw, rw);
    v[MET_MIGRANT_SATISFACTION_GAP] =
        ratio(tot[OBS_SAT] - tot[OBS_MIG_SAT], n - tot[OBS_MIG]) -
        ratio(tot[OBS_MIG_SAT], tot[OBS_MIG]);
    v[MET_MIGRANT_PARTICIPATION_RATE] =
        ratio(tot[OBS_MIG_PART], tot[OBS_MIG]);
    v[MET_ASSOCIATION_MEMBERS] = ratio(tot[OBS_ASSOC], tot[OBS_MIG]);
    uint32_t assoc = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        assoc += w->comm[c].association != 0;
    v[MET_ASSOCIATIONS] = assoc;

    for (int c = 0; c < N_CHANNELS; c++)
        dm->by_channel[c] = (double)st->by_channel[c];
    for (int s = 0; s < N_SCOPES; s++)
        dm->open_by_scope[s] = (double)w->open_scope[s];
    observe_discard(w);
}

void observe_discard(struct world *w)
{
    w->obs_ready = 0;
    memset(&w->st, 0, sizeof w->st);
    w->n_ages = 0;
    w->n_abandoned_ages = 0;
}

static const char *channel_list(void)
{
    static char buf[256];
    if (!buf[0])
        for (int c = 0; c < N_CHANNELS; c++) {
            if (c)
                strcat(buf, ",");
            strcat(buf, channel_names[c]);
        }
    return buf;
}

int observer_declare(struct observer *ob, struct h5out *out,
                     const struct world *w, char *err, size_t errlen)
{
    ob->out = out;
    ob->day_id = h5out_series(out, "timeseries", "day", "day",
                              "simulated day of each row (0-based)", 1,
                              H5OUT_I32, NULL, NULL, err, errlen);
    if (ob->day_id < 0)
        return -1;
    for (int k = 0; k < N_METRICS; k++) {
        const struct metric_def *d = &metric_defs[k];
        ob->metric_id[k] = h5out_series(out, "timeseries", d->name, d->units,
                                        d->description, 1, H5OUT_F64, NULL,
                                        NULL, err, errlen);
        if (ob->metric_id[k] < 0)
            return -1;
    }
    ob->channel_id = h5out_series(
        out, "timeseries", "resolved_by_channel", "matters/day",
        "matters resolved today by channel (columns: attribute channels)",
        N_CHANNELS, H5OUT_F64, "channels", channel_list(), err, errlen);
    ob->scope_id = h5out_series(
        out, "timeseries", "open_by_scope", "matters",
        "open matters by true scope (columns: attribute scopes)", N_SCOPES,
        H5OUT_F64, "scopes", "private,community,government", err, errlen);
    if (ob->channel_id < 0 || ob->scope_id < 0)
        return -1;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++) {
        const struct metric_def *d = &community_metric_defs[k];
        ob->community_id[k] = h5out_table(
            out, "communities", d->name, d->units, d->description,
            (int)w->n_comm, H5OUT_F64, NULL, NULL, err, errlen);
        if (ob->community_id[k] < 0)
            return -1;
    }
    return 0;
}

int observer_write(struct observer *ob, const struct day_metrics *dm,
                   char *err, size_t errlen)
{
    int32_t day = dm->day;
    if (h5out_row(ob->out, ob->day_id, &day, err, errlen))
        return -1;
    for (int k = 0; k < N_METRICS; k++)
        if (h5out_row(ob->out, ob->metric_id[k], &dm->v[k], err, errlen))
            return -1;
    if (h5out_row(ob->out, ob->channel_id, dm->by_channel, err, errlen) ||
        h5out_row(ob->out, ob->scope_id, dm->open_by_scope, err, errlen))
        return -1;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        if (h5out_row(ob->out, ob->community_id[k], dm->community[k], err,
                      errlen))
            return -1;
    return 0;
}

/* Each resident's community and building, which follow from its index
 * (world.h) and are not stored: filled in for a snapshot. */
static void fill_community(const struct world *w, uint32_t *out)
{
    world_places(w, out, NULL);
}

static void fill_building(const struct world *w, uint32_t *out)
{
    world_places(w, NULL, out);
}

/* The per-resident columns of a snapshot; data is the residents' array
 * at offset `at` of struct residents, or what `fill` writes. */
static const struct snap_col {
    const char *name, *units, *desc;
    enum h5out_dtype t;
    size_t at;
    void (*fill)(const struct world *w, uint32_t *out);
} snap_cols[] = {
    {"community", "index", "community of each resident", H5OUT_I32, 0,
     fill_community},
    {"building", "index", "building of each resident (numbered across "
     "the district)", H5OUT_I32, 0, fill_building},
    {"flags", "bits",
     "1 migrant, 2 elderly, 4 child, 8 low income, 16 volunteer, "
     "32 petition open",
     H5OUT_U8, offsetof(struct residents, flags), NULL},
    {"trust_gov", "1", "trust in government", H5OUT_F32,
     offsetof(struct residents, trust_gov), NULL},
    {"trust_com", "1", "trust in the community", H5OUT_F32,
     offsetof(struct residents, trust_com), NULL},
    {"satisfaction", "1", "satisfaction", H5OUT_F32,
     offsetof(struct residents, satisfaction), NULL},
    {"efficacy", "1", "efficacy", H5OUT_F32,
     offsetof(struct residents, efficacy), NULL},
    {"threshold", "1", "participation threshold", H5OUT_F32,
     offsetof(struct residents, threshold), NULL},
    {"grievance", "1", "grievance", H5OUT_F32,
     offsetof(struct residents, grievance), NULL},
    {"volunteer_hours", "h", "banked volunteer hours", H5OUT_F32,
     offsetof(struct residents, volunteer_hours), NULL},
    {"participating", "0/1", "took part today", H5OUT_U8,
     offsetof(struct residents, participating), NULL},
};
enum { N_SNAP_COLS = sizeof snap_cols / sizeof snap_cols[0] };

int observe_snapshot(struct h5out *out, const struct world *w, int day,
                     char *err, size_t errlen)
{
    uint32_t *derived = NULL;
    for (size_t k = 0; k < N_SNAP_COLS; k++) {
        const struct snap_col *c = &snap_cols[k];
        const void *data;
        if (c->fill) {
            if (!derived &&
                !(derived = malloc((w->n_res ? w->n_res : 1) *
                                   sizeof *derived))) {
                snprintf(err, errlen, "out of memory for the snapshot's "
                         "%s column (%u residents)", c->name, w->n_res);
                return -1;
            }
            c->fill(w, derived);
            data = derived;
        } else {
            data = *(void *const *)((const char *)&w->r + c->at);
        }
        if (h5out_snapshot(out, day, c->name, c->units, c->desc, c->t, data,
                           w->n_res, err, errlen)) {
            free(derived);
            return -1;
        }
    }
    free(derived);
    return 0;
}

int observe_snapshot_column(const char *name, const char **units,
                            const char **desc, enum h5out_dtype *t)
{
    for (size_t k = 0; k < N_SNAP_COLS; k++)
        if (!strcmp(name, snap_cols[k].name)) {
            *units = snap_cols[k].units;
            *desc = snap_cols[k].desc;
            *t = snap_cols[k].t;
            return 0;
        }
    return -1;
}
