/* The checkpoint's field tables (docs/RELIABILITY.md, "Restart"; the
 * interface is engine/checkpoint.h, the inside engine/checkpoint_impl.h).
 * The state of a world is written field by field from the tables below,
 * one dataset per field, so that a field added to a struct of
 * sim/model/world.h is one line here. The size checks after the tables
 * stop the build when a struct changes and its table does not: a
 * forgotten field would make a restarted run drift from one never
 * stopped, and tests/t_restart.sh would catch it only if the field
 * mattered in its window.
 *
 * What is not saved is a part of the type (sim/model/world.h): the
 * derived cache and the scratch of struct world, of struct residents and
 * of struct mqueue; a table row below that names a field there stops the
 * build. The derived cache is rebuilt after a restore: the queues' sort
 * keys (key = NULL), the bitmap of matters with their owners
 * (owner_bits_valid = 0) and the chunk partition, derived from the
 * community ranges, which are saved and checked against the ones
 * world_init draws.
 *
 * Also here: the whole-state hash over the tables, and the field
 * introspection of engine/checkpoint.h used by the tests. */
#include "engine/checkpoint_impl.h"

#include <stdio.h>
#include <string.h>

#include "model/matter.h"

const size_t ck_type_size[] = {1, 4, 4, 8, 8, 4, 8};

_Static_assert(sizeof(int) == 4, "int fields are saved as 32-bit");

#define FIELD(st, f, t) {#f, offsetof(st, f), sizeof(((st *)0)->f), t}

/* A field of struct world's state (its offset lies before the derived
 * part, or the array size is negative and the build stops). */
#define STATE_ONLY(st, f, end)                                             \
    (0 * sizeof(char[offsetof(st, f) < (end) ? 1 : -1]))
#define WFIELD(f, t)                                                       \
    {#f, offsetof(struct world, f) +                                       \
             STATE_ONLY(struct world, f, WORLD_DERIVED_BEGIN),             \
     sizeof(((struct world *)0)->f), t}

static const struct field world_fields[] = {
    WFIELD(day, T_I32),
    WFIELD(next_id, T_U64),
    WFIELD(rates_dirty, T_I32),
    WFIELD(created_total, T_I64),
    WFIELD(resolved_total, T_I64),
    WFIELD(abandoned_total, T_I64),
    WFIELD(open, T_I64),
    WFIELD(unreported, T_I64),
    WFIELD(open_scope, T_I64),
    WFIELD(st.created, T_I64),
    WFIELD(st.resolved, T_I64),
    WFIELD(st.abandoned, T_I64),
    WFIELD(st.escalated, T_I64),
    WFIELD(st.by_channel, T_I64),
    WFIELD(st.petitions_settled, T_I64),
    WFIELD(st.public_resolved, T_I64),
    WFIELD(st.gov_spending, T_F64),
    WFIELD(st.gov_hours_worked, T_F64),
    WFIELD(st.vol_hours, T_F64),
    WFIELD(st.vol_active, T_F64),
    WFIELD(st.mediations, T_I64),
    WFIELD(st.mediations_settled, T_I64),
    WFIELD(st.mp_started, T_I64),
    WFIELD(st.mp_lag_days, T_I64),
    WFIELD(st.fund_gov, T_F64),
    WFIELD(st.fund_other, T_F64),
    WFIELD(spend_window, T_F64),
    WFIELD(resolved_window, T_F64),
    WFIELD(venture_per_day, T_F64),
    WFIELD(venture_until, T_I32),
};

static const struct field community_fields[] = {
    FIELD(struct community, first, T_U32),
    FIELD(struct community, n, T_U32),
    FIELD(struct community, first_building, T_U32),
    FIELD(struct community, n_buildings, T_U32),
    FIELD(struct community, participants, T_U32),
    FIELD(struct community, open, T_I64),
    FIELD(struct community, agenda_items, T_U32),
    FIELD(struct community, contract, T_I32),
    FIELD(struct community, grid_logged, T_U32),
    FIELD(struct community, admin_burden, T_F64),
    FIELD(struct community, overhead_hours, T_F64),
    FIELD(struct community, station_posts, T_U32),
    FIELD(struct community, station_hours, T_F64),
    FIELD(struct community, mobilise_hours, T_F64),
    FIELD(struct community, relief_cost, T_F64),
    FIELD(struct community, volunteers, T_U32),
    FIELD(struct community, social_workers, T_U32),
    FIELD(struct community, vol_capacity, T_F64),
    FIELD(struct community, vol_worked, T_F64),
    FIELD(struct community, mediators, T_F64),
    FIELD(struct community, grid_workers, T_U32),
    FIELD(struct community, fund, T_F64),
    FIELD(struct community, projects, T_U8),
    FIELD(struct community, association, T_U8),   /* 7.19 */
    FIELD(struct community, rule, T_F32),
    FIELD(struct community, demand, T_U32),
    FIELD(struct community, delib_considered, T_F64),
    FIELD(struct community, delib_funded, T_F64),
    /* committee_q, agenda_q, volunteer_q, mediation_q: ck_queue_sets;
     * platform, n_platform: the platform list */
};

static const struct field matter_fields[] = {
    FIELD(struct matter, id, T_U64),
    FIELD(struct matter, owner, T_U32),
    FIELD(struct matter, community, T_U32),
    FIELD(struct matter, created, T_I32),
    FIELD(struct matter, reported, T_I32),
    FIELD(struct matter, ready, T_I32),
    FIELD(struct matter, severity, T_F32),
    FIELD(struct matter, hours, T_F32),
    FIELD(struct matter, done, T_F32),
    FIELD(struct matter, domain, T_U8),
    FIELD(struct matter, scope, T_U8),
    FIELD(struct matter, assigned, T_U8),
    FIELD(struct matter, status, T_U8),
    FIELD(struct matter, flags, T_U8),
    FIELD(struct matter, transfers, T_U8),
    FIELD(struct matter, arrival_k, T_U8),
    FIELD(struct matter, handler_kind, T_U8),
    FIELD(struct matter, handler, T_U32),
    FIELD(struct matter, qpos, T_I32),
    FIELD(struct matter, give_up_left, T_F32),
};

static const struct field socorg_fields[] = {
    FIELD(struct socorg, alive, T_I32),
    FIELD(struct socorg, kind, T_I32),
    FIELD(struct socorg, home, T_U32),
    FIELD(struct socorg, domains, T_U32),
    FIELD(struct socorg, quality, T_F64),
    FIELD(struct socorg, funds, T_F64),
    FIELD(struct socorg, reputation, T_F64),
    FIELD(struct socorg, fee_recent, T_F64),
    FIELD(struct socorg, capacity, T_F64),
    FIELD(struct socorg, born, T_I32),
    FIELD(struct socorg, insolvent_days, T_I32),
    FIELD(struct socorg, last_hire, T_I32),
    FIELD(struct socorg, workers, T_U32),
    FIELD(struct socorg, contracts, T_U32),
    /* q: ck_queue_sets */
};

static const struct field contract_fields[] = {
    FIELD(struct contract, active, T_I32),
    FIELD(struct contract, org, T_U32),
    FIELD(struct contract, community, T_U32),
    FIELD(struct contract, value, T_F64),
    FIELD(struct contract, start, T_I32),
    FIELD(struct contract, end, T_I32),
    FIELD(struct contract, next_eval, T_I32),
    FIELD(struct contract, resolved, T_I64),
    FIELD(struct contract, on_time, T_I64),
    FIELD(struct contract, served, T_F64),
    FIELD(struct contract, last_score, T_F64),
    FIELD(struct contract, prev_score, T_F64),
};

static const struct field worker_fields[] = {
    FIELD(struct social_worker, alive, T_I32),
    FIELD(struct social_worker, employer, T_I32),
    FIELD(struct social_worker, community, T_U32),
    FIELD(struct social_worker, vacant_until, T_I32),
    FIELD(struct social_worker, skill, T_F32),
    FIELD(struct social_worker, caseload, T_F32),
};

static const struct field project_fields[] = {
    FIELD(struct microproject, community, T_U32),
    FIELD(struct microproject, domain, T_U8),
    FIELD(struct microproject, active, T_U8),
    FIELD(struct microproject, start, T_I32),
    FIELD(struct microproject, end, T_I32),
    FIELD(struct microproject, voted, T_I32),
    FIELD(struct microproject, cost_per_day, T_F64),
};

static const struct field unit_fields[] = {
    FIELD(struct local_unit, community, T_U32),
    FIELD(struct local_unit, kind, T_I32),
    FIELD(struct local_unit, size, T_F64),
    FIELD(struct local_unit, reputation, T_F64),
    FIELD(struct local_unit, hours, T_F64),
    FIELD(struct local_unit, funds, T_F64),
    FIELD(struct local_unit, venue_days, T_F64),
    FIELD(struct local_unit, raised, T_F64),
    FIELD(struct local_unit, solved, T_F64),
    FIELD(struct local_unit, pledged, T_F64),
    FIELD(struct local_unit, used, T_F64),
};

/* Resident arrays (struct residents) and their lengths. The population
 * structure never changes after day 0 and world_init draws it again from
 * the population seed: it is saved as a hash (FIXED), checked on restart,
 * which keeps checkpoints small and fast to write (ties are most of a
 * population's bytes). */
#define COLUMN(f, t, l, k)                                                 \
    {#f, offsetof(struct residents, f) +                                   \
             STATE_ONLY(struct residents, f, RESIDENTS_SCRATCH_BEGIN),     \
     t, l, k}
const struct column ck_resident_columns[] = {
    COLUMN(tie_start, T_U32, LEN_RES1, FIXED),  /* before ties */
    COLUMN(ties, T_U32, LEN_TIES, FIXED),
    COLUMN(flags, T_U8, LEN_RES, SAVED),   /* volunteers come and go */
    COLUMN(threshold, T_F32, LEN_RES, SAVED),  /* newcomers' own (7.19) */
    COLUMN(trust_gov, T_F32, LEN_RES, SAVED),
    COLUMN(trust_com, T_F32, LEN_RES, SAVED),
    COLUMN(satisfaction, T_F32, LEN_RES, SAVED),
    COLUMN(efficacy, T_F32, LEN_RES, SAVED),
    COLUMN(grievance, T_F32, LEN_RES, SAVED),
    COLUMN(volunteer_hours, T_F32, LEN_RES, SAVED),
    COLUMN(participating, T_U8, LEN_RES, SAVED),
    COLUMN(participated, T_U8, LEN_RES, SAVED),
    /* ties grown at activities (7.18): empty while that mechanism has
     * never been on; they change every day, so they are saved */
    COLUMN(grown, T_U32, LEN_GROWN, SAVED),
    COLUMN(grown_day, T_I32, LEN_GROWN, SAVED),
    COLUMN(last_attended, T_I32, LEN_ATTENDED, SAVED),
    /* arrival days (7.19): empty while migration has never been on */
    COLUMN(arrival, T_I32, LEN_ARRIVAL, SAVED),
};
const size_t ck_n_resident_columns =
    sizeof ck_resident_columns / sizeof *ck_resident_columns;

size_t ck_column_length(const struct world *w, const struct column *c)
{
    if (c->len == LEN_ARRIVAL)
        return w->r.arrival ? w->n_res : 0;
    if (c->len == LEN_GROWN || c->len == LEN_ATTENDED)
        return !w->r.grown ? 0
               : c->len == LEN_ATTENDED
                   ? w->n_res
                   : (size_t)w->n_res * (size_t)w->p->activities.max_ties;
    return c->len == LEN_RES    ? w->n_res
           : c->len == LEN_RES1 ? (size_t)w->n_res + 1
                                : w->r.tie_start[w->n_res];
}

void *ck_column_data(const struct world *w, const struct column *c)
{
    return *(void *const *)(const void *)((const char *)&w->r + c->offset);
}

/* FNV-1a over the bytes of a fixed column. */
uint64_t ck_column_hash(const struct world *w, const struct column *c)
{
    const unsigned char *p = ck_column_data(w, c);
    size_t n = ck_column_length(w, c) * ck_type_size[c->type];
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* The loose arrays of struct world (checkpoint_impl.h): written, read,
 * hashed and introspected from this one table, in this order. */
#define WOFF(f) (offsetof(struct world, f) +                               \
                 STATE_ONLY(struct world, f, WORLD_DERIVED_BEGIN))
#define COUNTED(f, t, n, c, l, h) {#f, t, WOFF(f), WOFF(n), WOFF(c), l, 0, h}
#define RATES(f, per) {#f, T_F64, WOFF(f), 0, 0, LOOSE_RATES, per, 1}
const struct loose ck_loose_arrays[] = {
    COUNTED(free_slots, T_U32, n_free, cap_slots, LOOSE_POOL, 1),
    COUNTED(ages, T_I32, n_ages, cap_ages, LOOSE_OWN, 1),
    COUNTED(abandoned_ages, T_I32, n_abandoned_ages, cap_abandoned_ages,
            LOOSE_OWN, 0),
    RATES(rate_total, 1),
    RATES(rate_cum, N_DOMAINS),
};
const size_t ck_n_loose_arrays =
    sizeof ck_loose_arrays / sizeof *ck_loose_arrays;

uint32_t *ck_loose_count(const struct world *w, const struct loose *l)
{
    return l->len == LOOSE_RATES
               ? NULL
               : (uint32_t *)(void *)((char *)w + l->count);
}

uint32_t *ck_loose_cap(const struct world *w, const struct loose *l)
{
    return l->len == LOOSE_RATES
               ? NULL
               : (uint32_t *)(void *)((char *)w + l->cap);
}

size_t ck_loose_length(const struct world *w, const struct loose *l)
{
    return l->len == LOOSE_RATES ? (size_t)w->n_comm * 16 * l->per
                                 : *ck_loose_count(w, l);
}

void *ck_loose_data(const struct world *w, const struct loose *l)
{
    return *(void *const *)(const void *)((const char *)w + l->data);
}

/* The arrays of records of a world, and their tables. */
#define RECORDS(name, rec, t) {name, rec, t, sizeof t / sizeof *t}
const struct record_set ck_record_sets[] = {
    RECORDS("world", REC_WORLD, world_fields),
    RECORDS("communities", REC_COMMUNITY, community_fields),
    RECORDS("matters", REC_MATTER, matter_fields),
    RECORDS("orgs", REC_SOCORG, socorg_fields),
    RECORDS("contracts", REC_CONTRACT, contract_fields),
    RECORDS("workers", REC_WORKER, worker_fields),
    RECORDS("projects", REC_PROJECT, project_fields),
    RECORDS("units", REC_UNIT, unit_fields),
};
const size_t ck_n_record_sets =
    sizeof ck_record_sets / sizeof *ck_record_sets;

/* The handlers' queues: one mqueue per record of a set. */
const struct queue_set ck_queue_sets[] = {
    {"gov", REC_WORLD, offsetof(struct world, gov_q)},
    {"transit", REC_WORLD, offsetof(struct world, transit)},
    {"committee", REC_COMMUNITY, offsetof(struct community, committee_q)},
    {"agenda", REC_COMMUNITY, offsetof(struct community, agenda_q)},
    {"volunteer", REC_COMMUNITY, offsetof(struct community, volunteer_q)},
    {"mediation", REC_COMMUNITY, offsetof(struct community, mediation_q)},
    {"socorg", REC_SOCORG, offsetof(struct socorg, q)},
};
const size_t ck_n_queue_sets = sizeof ck_queue_sets / sizeof *ck_queue_sets;

/* A struct whose size changes has gained or lost a field: add it to the
 * table above (or to the scratch list at the top of this file), then
 * update the size here. Checked where the sizes were measured (LP64). */
#if UINTPTR_MAX == 0xffffffffffffffffu
#define SIZE_IS(st, n)                                                     \
    _Static_assert(sizeof(st) == (n), #st " changed: update the "          \
                   "checkpoint tables in sim/engine/checkpoint_fields.c")
SIZE_IS(struct world, 1424);
SIZE_IS(struct residents, 200);
SIZE_IS(struct community, 456);
SIZE_IS(struct mqueue, 48);
SIZE_IS(struct matter, 64);
SIZE_IS(struct socorg, 128);
SIZE_IS(struct contract, 80);
SIZE_IS(struct social_worker, 24);
SIZE_IS(struct microproject, 32);
SIZE_IS(struct day_stats, 208);
SIZE_IS(struct local_unit, 80);
#endif

const struct record_set *ck_record_set(int rec)
{
    for (size_t k = 0; k < ck_n_record_sets; k++)
        if (ck_record_sets[k].rec == rec)
            return &ck_record_sets[k];
    return NULL;
}

/* The records of kind rec in w: base, count and stride. */
void ck_records_of(const struct world *w, int rec, void **base,
                   size_t *n, size_t *stride)
{
    switch (rec) {
    case REC_WORLD:
        *base = (void *)w, *n = 1, *stride = 0;
        break;
    case REC_COMMUNITY:
        *base = w->comm, *n = w->n_comm, *stride = sizeof *w->comm;
        break;
    case REC_MATTER:
        *base = w->m, *n = w->n_slots, *stride = sizeof *w->m;
        break;
    case REC_SOCORG:
        *base = w->orgs, *n = w->n_orgs, *stride = sizeof *w->orgs;
        break;
    case REC_CONTRACT:
        *base = w->contracts, *n = w->n_contracts;
        *stride = sizeof *w->contracts;
        break;
    case REC_WORKER:
        *base = w->workers, *n = w->n_workers, *stride = sizeof *w->workers;
        break;
    case REC_PROJECT:
        *base = w->projects, *n = w->n_projects;
        *stride = sizeof *w->projects;
        break;
    default:
        *base = w->units, *n = w->n_units, *stride = sizeof *w->units;
        break;
    }
}

struct mqueue *ck_queue_at(const void *base, size_t stride, size_t i,
                           size_t offset)
{
    return (struct mqueue *)((char *)base + i * stride + offset);
}

/* ------------------------------------------------------------------ */
/* The whole-state hash: FNV-1a over the saved parameters, days, seed and
 * output name, then every saved value of the world in table order. Written
 * as /restart's attribute state_fnv1a and recomputed after a restore, so a
 * changed byte anywhere in what the restart reads is refused. */

uint64_t ck_fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

uint64_t ck_text_hash(const char *params, int32_t days, uint64_t pseed,
                      const char *output)
{
    uint64_t h = ck_fnv(14695981039346656037ull, params, strlen(params) + 1);
    h = ck_fnv(h, &days, sizeof days);
    h = ck_fnv(h, &pseed, sizeof pseed);
    return ck_fnv(h, output, strlen(output) + 1);
}

uint64_t ck_state_hash(const struct world *w, uint64_t h)
{
    for (size_t k = 0; k < ck_n_record_sets; k++) {
        const struct record_set *rs = &ck_record_sets[k];
        void *base;
        size_t n, stride;
        ck_records_of(w, rs->rec, &base, &n, &stride);
        for (size_t f = 0; f < rs->nf; f++)
            for (size_t i = 0; i < n; i++)
                h = ck_fnv(h, (const char *)base + i * stride + rs->f[f].offset,
                        rs->f[f].size);
    }
    for (size_t k = 0; k < ck_n_queue_sets; k++) {
        void *base;
        size_t n, stride;
        ck_records_of(w, ck_queue_sets[k].rec, &base, &n, &stride);
        for (size_t i = 0; i < n; i++) {
            const struct mqueue *q =
                ck_queue_at(base, stride, i, ck_queue_sets[k].offset);
            h = ck_fnv(h, &q->n, sizeof q->n);
            h = ck_fnv(h, &q->by_ready, sizeof q->by_ready);
            h = ck_fnv(h, &q->load, sizeof q->load);
            h = ck_fnv(h, q->slot, q->n * sizeof *q->slot);
        }
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        h = ck_fnv(h, &w->comm[c].n_platform, sizeof w->comm[c].n_platform);
        h = ck_fnv(h, w->comm[c].platform,
                w->comm[c].n_platform * sizeof *w->comm[c].platform);
    }
    for (size_t k = 0; k < ck_n_loose_arrays; k++) {
        const struct loose *l = &ck_loose_arrays[k];
        if (!l->hashed)
            continue;
        if (l->len != LOOSE_RATES)
            h = ck_fnv(h, ck_loose_count(w, l), sizeof(uint32_t));
        h = ck_fnv(h, ck_loose_data(w, l),
                ck_loose_length(w, l) * ck_type_size[l->type]);
    }
    for (size_t k = 0; k < ck_n_resident_columns;
         k++) {
        const struct column *c = &ck_resident_columns[k];
        if (c->kind == SAVED)
            h = ck_fnv(h, ck_column_data(w, c),
                    ck_column_length(w, c) * ck_type_size[c->type]);
    }
    return h;
}

/* ------------------------------------------------------------------ */
/* Introspection of the saved state (tests/test_checkpoint.c)          */

/* Saved fields in order: the fields of each record set, the resident
 * arrays saved as data, then the loose arrays. Queues and platforms are
 * the structure the fields live in, not fields. */
struct saved {
    const struct record_set *rs;   /* a field of records: rs->f[i] */
    int i;
    const struct column *col;      /* a resident array */
    const struct loose *loose;     /* a loose array */
};

static int field_at(int k, struct saved *s)
{
    memset(s, 0, sizeof *s);
    if (k < 0)
        return -1;
    for (size_t i = 0; i < ck_n_record_sets; i++) {
        if (k < (int)ck_record_sets[i].nf) {
            s->rs = &ck_record_sets[i];
            s->i = k;
            return 0;
        }
        k -= (int)ck_record_sets[i].nf;
    }
    for (size_t i = 0; i < ck_n_resident_columns; i++) {
        if (ck_resident_columns[i].kind != SAVED)
            continue;
        if (k-- == 0) {
            s->col = &ck_resident_columns[i];
            return 0;
        }
    }
    if (k < (int)ck_n_loose_arrays) {
        s->loose = &ck_loose_arrays[k];
        return 0;
    }
    return -1;
}

/* An array field (resident or loose): its data, length and element size
 * in w. */
static void *array_of(const struct world *w, const struct saved *s,
                      size_t *len, size_t *size)
{
    if (s->col) {
        *len = ck_column_length(w, s->col);
        *size = ck_type_size[s->col->type];
        return ck_column_data(w, s->col);
    }
    *len = ck_loose_length(w, s->loose);
    *size = ck_type_size[s->loose->type];
    return ck_loose_data(w, s->loose);
}

int checkpoint_fields(void)
{
    int n = 0;
    struct saved s;
    while (field_at(n, &s) >= 0)
        n++;
    return n;
}

const char *checkpoint_field_name(int k, char *buf, size_t n)
{
    struct saved s;
    if (field_at(k, &s) < 0)
        snprintf(buf, n, "?");
    else if (s.rs)
        snprintf(buf, n, "%s/%s", s.rs->name, s.rs->f[s.i].name);
    else if (s.col)
        snprintf(buf, n, "residents/%s", s.col->name);
    else
        snprintf(buf, n, "%s", s.loose->name);
    return buf;
}

int checkpoint_field_equal(const struct world *a, const struct world *b,
                           int k)
{
    struct saved s;
    if (field_at(k, &s) < 0)
        return 0;
    if (!s.rs) {
        size_t na, nb, size;
        const void *da = array_of(a, &s, &na, &size);
        const void *db = array_of(b, &s, &nb, &size);
        return a->n_res == b->n_res && na == nb &&
               (na == 0 || memcmp(da, db, na * size) == 0);
    }
    void *ba, *bb;
    size_t na, nb, stride;
    ck_records_of(a, s.rs->rec, &ba, &na, &stride);
    ck_records_of(b, s.rs->rec, &bb, &nb, &stride);
    if (na != nb)
        return 0;
    const struct field *f = &s.rs->f[s.i];
    for (size_t r = 0; r < na; r++)
        if (memcmp((char *)ba + r * stride + f->offset,
                   (char *)bb + r * stride + f->offset, f->size) != 0)
            return 0;
    return 1;
}

void checkpoint_field_forget(struct world *w, const struct world *from,
                             int k)
{
    struct saved s;
    if (field_at(k, &s) < 0)
        return;
    if (!s.rs) {
        /* w keeps its length; from's values where from has them */
        size_t nw, nf, size;
        char *dw = array_of(w, &s, &nw, &size);
        const char *df = array_of(from, &s, &nf, &size);
        size_t common = nw < nf ? nw : nf;
        if (common)
            memcpy(dw, df, common * size);
        if (nw > common)
            memset(dw + common * size, 0, (nw - common) * size);
        return;
    }
    void *bw, *bf;
    size_t nw, nf, stride;
    ck_records_of(w, s.rs->rec, &bw, &nw, &stride);
    ck_records_of(from, s.rs->rec, &bf, &nf, &stride);
    const struct field *f = &s.rs->f[s.i];
    for (size_t r = 0; r < nw; r++) {
        char *dst = (char *)bw + r * stride + f->offset;
        if (r < nf)
            memcpy(dst, (char *)bf + r * stride + f->offset, f->size);
        else
            memset(dst, 0, f->size);
    }
}

int checkpoint_field_poke(struct world *w, int k, size_t index,
                          const void *bytes, size_t n)
{
    struct saved s;
    if (field_at(k, &s) < 0)
        return -1;
    if (!s.rs) {
        size_t len, size;
        char *d = array_of(w, &s, &len, &size);
        if (!len)
            return -1;
        memcpy(d + index % len * size, bytes, n < size ? n : size);
        return 0;
    }
    void *base;
    size_t count, stride;
    ck_records_of(w, s.rs->rec, &base, &count, &stride);
    if (!count)
        return -1;
    const struct field *f = &s.rs->f[s.i];
    memcpy((char *)base + index % count * stride + f->offset, bytes,
           n < f->size ? n : f->size);
    return 0;
}
