/* Checkpoint and restart (docs/RELIABILITY.md, "Restart"; format in
 * sim/engine/checkpoint.h). The state of a world is written field by field from
 * the tables below, one dataset per field, so that a field added to a
 * struct of sim/model/world.h is one line here. The size checks after the
 * tables stop the build when a struct changes and its table does not: a
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
 * world_init draws. */
#include "engine/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>

#include "base/versions.h"
#include "io/afile.h"
#include "io/h5err.h"
#include "io/h5str.h"
#include "model/matter.h"
#include "model/setup.h"


/* Bumped when the layout of /restart changes incompatibly. */
#define CHECKPOINT_FORMAT 2 /* 2: state_fnv1a */

/* ------------------------------------------------------------------ */
/* Field tables                                                        */

enum ck_type { T_U8, T_I32, T_U32, T_I64, T_U64, T_F32, T_F64 };
static const size_t type_size[] = {1, 4, 4, 8, 8, 4, 8};

_Static_assert(sizeof(int) == 4, "int fields are saved as 32-bit");

/* A field of a record: name of its dataset, place, bytes, element type
 * (arrays inside a record give a 2-D dataset [record, element]). */
struct field {
    const char *name;
    size_t offset, size;
    enum ck_type type;
};
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
    FIELD(struct community, volunteers, T_U32),
    FIELD(struct community, led, T_U32),
    FIELD(struct community, social_workers, T_U32),
    FIELD(struct community, vol_capacity, T_F64),
    FIELD(struct community, vol_worked, T_F64),
    FIELD(struct community, mediators, T_F64),
    FIELD(struct community, grid_workers, T_U32),
    FIELD(struct community, fund, T_F64),
    FIELD(struct community, projects, T_U8),
    FIELD(struct community, demand, T_U32),
    FIELD(struct community, delib_considered, T_F64),
    FIELD(struct community, delib_funded, T_F64),
    /* committee_q, agenda_q, volunteer_q, mediation_q: queue_sets;
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
    /* q: queue_sets */
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
    FIELD(struct social_worker, led, T_F32),
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

/* Resident arrays (struct residents) and their lengths. The population
 * structure never changes after day 0 and world_init draws it again from
 * the population seed: it is saved as a hash (FIXED), checked on restart,
 * which keeps checkpoints small and fast to write (ties are most of a
 * population's bytes). */
enum { LEN_RES, LEN_RES1, LEN_TIES };
enum { SAVED, FIXED };
struct column {
    const char *name;
    size_t offset;
    enum ck_type type;
    int len, kind;
};
#define COLUMN(f, t, l, k)                                                 \
    {#f, offsetof(struct residents, f) +                                   \
             STATE_ONLY(struct residents, f, RESIDENTS_SCRATCH_BEGIN),     \
     t, l, k}
static const struct column resident_columns[] = {
    COLUMN(tie_start, T_U32, LEN_RES1, FIXED),  /* before ties */
    COLUMN(ties, T_U32, LEN_TIES, FIXED),
    COLUMN(community, T_U32, LEN_RES, FIXED),
    COLUMN(building, T_U32, LEN_RES, FIXED),
    COLUMN(threshold, T_F32, LEN_RES, FIXED),
    COLUMN(flags, T_U8, LEN_RES, SAVED),   /* volunteers come and go */
    COLUMN(trust_gov, T_F32, LEN_RES, SAVED),
    COLUMN(trust_com, T_F32, LEN_RES, SAVED),
    COLUMN(satisfaction, T_F32, LEN_RES, SAVED),
    COLUMN(efficacy, T_F32, LEN_RES, SAVED),
    COLUMN(grievance, T_F32, LEN_RES, SAVED),
    COLUMN(volunteer_hours, T_F32, LEN_RES, SAVED),
    COLUMN(participating, T_U8, LEN_RES, SAVED),
    COLUMN(participated, T_U8, LEN_RES, SAVED),
};

static size_t column_length(const struct world *w, const struct column *c)
{
    return c->len == LEN_RES    ? w->n_res
           : c->len == LEN_RES1 ? (size_t)w->n_res + 1
                                : w->r.tie_start[w->n_res];
}

static void *column_data(const struct world *w, const struct column *c)
{
    return *(void *const *)(const void *)((const char *)&w->r + c->offset);
}

/* FNV-1a over the bytes of a fixed column. */
static uint64_t column_hash(const struct world *w, const struct column *c)
{
    const unsigned char *p = column_data(w, c);
    size_t n = column_length(w, c) * type_size[c->type];
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* The arrays of records of a world, and their tables. */
enum { REC_WORLD, REC_COMMUNITY, REC_MATTER, REC_SOCORG, REC_CONTRACT,
       REC_WORKER, REC_PROJECT };
struct record_set {
    const char *name;  /* group under /restart */
    int rec;
    const struct field *f;
    size_t nf;
};
#define RECORDS(name, rec, t) {name, rec, t, sizeof t / sizeof *t}
static const struct record_set record_sets[] = {
    RECORDS("world", REC_WORLD, world_fields),
    RECORDS("communities", REC_COMMUNITY, community_fields),
    RECORDS("matters", REC_MATTER, matter_fields),
    RECORDS("orgs", REC_SOCORG, socorg_fields),
    RECORDS("contracts", REC_CONTRACT, contract_fields),
    RECORDS("workers", REC_WORKER, worker_fields),
    RECORDS("projects", REC_PROJECT, project_fields),
};
enum { N_RECORD_SETS = sizeof record_sets / sizeof *record_sets };

/* The handlers' queues: one mqueue per record of a set. */
struct queue_set {
    const char *name;
    int rec;
    size_t offset;   /* of the struct mqueue in the record */
};
static const struct queue_set queue_sets[] = {
    {"gov", REC_WORLD, offsetof(struct world, gov_q)},
    {"transit", REC_WORLD, offsetof(struct world, transit)},
    {"committee", REC_COMMUNITY, offsetof(struct community, committee_q)},
    {"agenda", REC_COMMUNITY, offsetof(struct community, agenda_q)},
    {"volunteer", REC_COMMUNITY, offsetof(struct community, volunteer_q)},
    {"mediation", REC_COMMUNITY, offsetof(struct community, mediation_q)},
    {"socorg", REC_SOCORG, offsetof(struct socorg, q)},
};

/* A struct whose size changes has gained or lost a field: add it to the
 * table above (or to the scratch list at the top of this file), then
 * update the size here. Checked where the sizes were measured (LP64). */
#if UINTPTR_MAX == 0xffffffffffffffffu
#define SIZE_IS(st, n)                                                     \
    _Static_assert(sizeof(st) == (n), #st " changed: update the "          \
                   "checkpoint tables in sim/engine/checkpoint.c")
SIZE_IS(struct world, 1344);
SIZE_IS(struct residents, 176);
SIZE_IS(struct community, 408);
SIZE_IS(struct mqueue, 48);
SIZE_IS(struct matter, 56);
SIZE_IS(struct socorg, 128);
SIZE_IS(struct contract, 72);
SIZE_IS(struct social_worker, 28);
SIZE_IS(struct microproject, 32);
SIZE_IS(struct day_stats, 184);
#endif

/* Keys that only shape day 0: a fork cannot change what they made. */
static const char *const init_only_keys[] = {
    "population.",            /* residents, communities, ties, states */
    "participation.threshold_mean", "participation.threshold_sd",
    "participation.initial_rate", "volunteer.initial_share",
    "socorg.initial_",        /* the organisations of day 0 */
    "socialwork.station_per_10k",
    "time.burn_in_days",      /* the status quo before day 0 */
};

/* Keys that change neither the state nor its dynamics. */
static const char *const passive_keys[] = {"name", "time.days", "output."};

static int has_prefix_in(const char *key, const char *const *list, size_t n);

int checkpoint_key_kind(const char *key)
{
    if (has_prefix_in(key, init_only_keys,
                      sizeof init_only_keys / sizeof *init_only_keys))
        return CK_KEY_INIT_ONLY;
    if (has_prefix_in(key, passive_keys,
                      sizeof passive_keys / sizeof *passive_keys))
        return CK_KEY_PASSIVE;
    return CK_KEY_DYNAMIC;
}

/* ------------------------------------------------------------------ */
/* Errors and small HDF5 helpers                                       */

struct io {
    const char *file;
    char *err;
    size_t errlen;
    volatile sig_atomic_t *stop;  /* writing: give up when set */
    int stopped;
};

static int fail_msg(struct io *io, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail_msg(struct io *io, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (io->err && io->errlen)
        snprintf(io->err, io->errlen, "checkpoint %s: %s", io->file, msg);
    return -1;
}

/* Has a stop been asked for while writing? (checked between datasets, so
 * that a signal does not wait for a large checkpoint) */
static int stopping(struct io *io)
{
    if (io->stop && *io->stop) {
        io->stopped = 1;
        return fail_msg(io, "not written: the run was stopped");
    }
    return 0;
}

/* Message for a failed HDF5 call; right after the failure. */
static int h5_fail(struct io *io, const char *what)
{
    char m[256];
    h5err_innermost(m, sizeof m);
    /* the reason alone: the function is HDF5's, not the user's business */
    const char *r = strstr(m, ": ");
    r = r ? r + 2 : m;
    return fail_msg(io, "%s failed%s%s%s", what, r[0] ? " (" : "", r,
                    r[0] ? ")" : "");
}

#define TRY(expr, what)                                                    \
    do {                                                                   \
        if ((expr) < 0) {                                                  \
            h5_fail(io, what);                                             \
            goto fail;                                                     \
        }                                                                  \
    } while (0)

static hid_t file_type(enum ck_type t)
{
    switch (t) {
    case T_U8: return H5T_STD_U8LE;
    case T_I32: return H5T_STD_I32LE;
    case T_U32: return H5T_STD_U32LE;
    case T_I64: return H5T_STD_I64LE;
    case T_U64: return H5T_STD_U64LE;
    case T_F32: return H5T_IEEE_F32LE;
    default: return H5T_IEEE_F64LE;
    }
}

static hid_t mem_type(enum ck_type t)
{
    switch (t) {
    case T_U8: return H5T_NATIVE_UINT8;
    case T_I32: return H5T_NATIVE_INT32;
    case T_U32: return H5T_NATIVE_UINT32;
    case T_I64: return H5T_NATIVE_INT64;
    case T_U64: return H5T_NATIVE_UINT64;
    case T_F32: return H5T_NATIVE_FLOAT;
    default: return H5T_NATIVE_DOUBLE;
    }
}

static int put_attr(hid_t loc, const char *name, hid_t type,
                    const void *value, struct io *io)
{
    hid_t s = H5I_INVALID_HID, a = H5I_INVALID_HID;
    TRY(s = H5Screate(H5S_SCALAR), "H5Screate");
    TRY(a = H5Acreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT),
        name);
    TRY(H5Awrite(a, type, value), name);
    H5Aclose(a);
    H5Sclose(s);
    return 0;
fail:
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    return -1;
}


static int put_string_attr(hid_t loc, const char *name, const char *value,
                           struct io *io)
{
    hid_t t = h5str_type(strlen(value));
    if (t < 0)
        return h5_fail(io, "string type");
    int rc = put_attr(loc, name, t, value, io);
    H5Tclose(t);
    return rc;
}

/* A string attribute or dataset (name given to H5Aopen / H5Dopen) as a
 * malloc'd string; NULL with err when missing or not a string. */
static char *get_string(hid_t loc, const char *name, int dataset,
                        struct io *io)
{
    hid_t o = H5I_INVALID_HID, t = H5I_INVALID_HID;
    char *buf = NULL;
    if (dataset)
        TRY(o = H5Dopen2(loc, name, H5P_DEFAULT), name);
    else
        TRY(o = H5Aopen(loc, name, H5P_DEFAULT), name);
    TRY(t = dataset ? H5Dget_type(o) : H5Aget_type(o), name);
    if (H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) != 0) {
        fail_msg(io, "%s is not a fixed-length string", name);
        goto fail;
    }
    size_t n = H5Tget_size(t);
    buf = malloc(n + 1);
    if (!buf) {
        fail_msg(io, "out of memory reading %s", name);
        goto fail;
    }
    TRY(dataset ? H5Dread(o, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)
                : H5Aread(o, t, buf), name);
    buf[n] = 0;
    H5Tclose(t);
    dataset ? H5Dclose(o) : H5Aclose(o);
    return buf;
fail:
    free(buf);
    if (t >= 0)
        H5Tclose(t);
    if (o >= 0)
        dataset ? H5Dclose(o) : H5Aclose(o);
    return NULL;
}

static int get_attr(hid_t loc, const char *name, hid_t type, void *value,
                    struct io *io)
{
    hid_t a = H5I_INVALID_HID;
    TRY(a = H5Aopen(loc, name, H5P_DEFAULT), name);
    TRY(H5Aread(a, type, value), name);
    H5Aclose(a);
    return 0;
fail:
    if (a >= 0)
        H5Aclose(a);
    return -1;
}

/* Write n x cols elements of type t as dataset name in g (1-D when cols
 * is 1). Large arrays are chunked, shuffled and deflated lightly. */
static int put(hid_t g, const char *name, enum ck_type t, size_t n,
               size_t cols, const void *data, struct io *io)
{
    hid_t s = H5I_INVALID_HID, pl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t dims[2] = {n, cols};
    int rank = cols == 1 ? 1 : 2;
    char what[160];
    snprintf(what, sizeof what, "writing %s", name);
    TRY(s = H5Screate_simple(rank, dims, NULL), what);
    TRY(pl = H5Pcreate(H5P_DATASET_CREATE), what);
    TRY(H5Pset_obj_track_times(pl, 0), what);
    if (n * cols >= 4096) {
        hsize_t chunk[2] = {n < 65536 ? n : 65536, cols};
        TRY(H5Pset_chunk(pl, rank, chunk), what);
        TRY(H5Pset_shuffle(pl), what);
        TRY(H5Pset_deflate(pl, 1), what);
    }
    TRY(d = H5Dcreate2(g, name, file_type(t), s, H5P_DEFAULT, pl,
                       H5P_DEFAULT), what);
    if (n * cols > 0)
        TRY(H5Dwrite(d, mem_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
            what);
    hid_t done = d;
    d = H5I_INVALID_HID;
    TRY(H5Dclose(done), what);
    H5Pclose(pl);
    H5Sclose(s);
    return 0;
fail:
    if (d >= 0)
        H5Dclose(d);
    if (pl >= 0)
        H5Pclose(pl);
    if (s >= 0)
        H5Sclose(s);
    return -1;
}

/* Length of dataset name in g (first dimension); -1 with err. */
static long long length_of(hid_t g, const char *name, struct io *io)
{
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 0};
    long long n = -1;
    TRY(d = H5Dopen2(g, name, H5P_DEFAULT), name);
    TRY(s = H5Dget_space(d), name);
    if (H5Sget_simple_extent_ndims(s) < 1 ||
        H5Sget_simple_extent_dims(s, dims, NULL) < 0) {
        fail_msg(io, "%s is not an array", name);
        goto fail;
    }
    n = (long long)dims[0];
fail:
    if (s >= 0)
        H5Sclose(s);
    if (d >= 0)
        H5Dclose(d);
    return n;
}

/* Read dataset name of g into data: exactly n x cols elements stored as
 * type t (no conversion: a restart must read back the very bits). */
static int get(hid_t g, const char *name, enum ck_type t, size_t n,
               size_t cols, void *data, struct io *io)
{
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID, ft = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 1};
    int rank = cols == 1 ? 1 : 2;
    TRY(d = H5Dopen2(g, name, H5P_DEFAULT), name);
    TRY(s = H5Dget_space(d), name);
    TRY(ft = H5Dget_type(d), name);
    if (H5Sget_simple_extent_ndims(s) != rank ||
        H5Sget_simple_extent_dims(s, dims, NULL) < 0 || dims[0] != n ||
        (rank == 2 && dims[1] != cols)) {
        fail_msg(io, "%s has %llu x %llu values, expected %zu x %zu", name,
                 (unsigned long long)dims[0],
                 (unsigned long long)(rank == 2 ? dims[1] : 1), n, cols);
        goto fail;
    }
    if (H5Tequal(ft, file_type(t)) <= 0) {
        fail_msg(io, "%s has another element type than this build saves",
                 name);
        goto fail;
    }
    if (n * cols > 0)
        TRY(H5Dread(d, mem_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
            name);
    H5Tclose(ft);
    H5Sclose(s);
    H5Dclose(d);
    return 0;
fail:
    if (ft >= 0)
        H5Tclose(ft);
    if (s >= 0)
        H5Sclose(s);
    if (d >= 0)
        H5Dclose(d);
    return -1;
}

static hid_t make_group(hid_t loc, const char *name, struct io *io)
{
    hid_t pl = H5Pcreate(H5P_GROUP_CREATE), g = H5I_INVALID_HID;
    if (pl < 0 || H5Pset_obj_track_times(pl, 0) < 0 ||
        (g = H5Gcreate2(loc, name, H5P_DEFAULT, pl, H5P_DEFAULT)) < 0)
        h5_fail(io, name);
    if (pl >= 0)
        H5Pclose(pl);
    return g;
}

static hid_t open_group(hid_t loc, const char *name, struct io *io)
{
    hid_t g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (g < 0)
        h5_fail(io, name);
    return g;
}

/* ------------------------------------------------------------------ */
/* Records: arrays of structs, one dataset per field                   */

static size_t field_count(const struct field *f)
{
    return f->size / type_size[f->type];
}

/* Group `name` in loc holding n records (attribute n) of the fields. */
static int put_records(hid_t loc, const char *name, const void *base,
                       size_t n, size_t stride, const struct field *f,
                       size_t nf, struct io *io)
{
    uint64_t n64 = n;
    unsigned char *buf = NULL;
    hid_t g = make_group(loc, name, io);
    if (g < 0)
        return -1;
    if (put_attr(g, "n", H5T_NATIVE_UINT64, &n64, io))
        goto fail;
    for (size_t k = 0; k < nf; k++) {
        if (f[k].size % type_size[f[k].type]) {
            fail_msg(io, "internal error: field %s.%s", name, f[k].name);
            goto fail;
        }
        buf = malloc(n * f[k].size + 1);
        if (!buf) {
            fail_msg(io, "out of memory saving %s", name);
            goto fail;
        }
        for (size_t i = 0; i < n; i++)
            memcpy(buf + i * f[k].size,
                   (const char *)base + i * stride + f[k].offset, f[k].size);
        if (put(g, f[k].name, f[k].type, n, field_count(&f[k]), buf, io) ||
            stopping(io))
            goto fail;
        free(buf);
        buf = NULL;
    }
    H5Gclose(g);
    return 0;
fail:
    free(buf);
    H5Gclose(g);
    return -1;
}

/* Number of records in group name (its attribute n). */
static long long count_records(hid_t loc, const char *name, struct io *io)
{
    uint64_t n = 0;
    hid_t g = open_group(loc, name, io);
    if (g < 0)
        return -1;
    int rc = get_attr(g, "n", H5T_NATIVE_UINT64, &n, io);
    H5Gclose(g);
    if (rc)
        return -1;
    if (n > UINT32_MAX)
        return fail_msg(io, "%s: %llu records is beyond what a world holds",
                        name, (unsigned long long)n);
    return (long long)n;
}

static int get_records(hid_t loc, const char *name, void *base, size_t n,
                       size_t stride, const struct field *f, size_t nf,
                       struct io *io)
{
    unsigned char *buf = NULL;
    hid_t g = open_group(loc, name, io);
    if (g < 0)
        return -1;
    for (size_t k = 0; k < nf; k++) {
        char what[160];
        snprintf(what, sizeof what, "%s/%s", name, f[k].name);
        buf = malloc(n * f[k].size + 1);
        if (!buf) {
            fail_msg(io, "out of memory reading %s", what);
            goto fail;
        }
        if (get(g, f[k].name, f[k].type, n, field_count(&f[k]), buf, io))
            goto fail;
        for (size_t i = 0; i < n; i++)
            memcpy((char *)base + i * stride + f[k].offset,
                   buf + i * f[k].size, f[k].size);
        free(buf);
        buf = NULL;
    }
    H5Gclose(g);
    return 0;
fail:
    free(buf);
    H5Gclose(g);
    return -1;
}

/* The records of kind rec in w: base, count and stride. */
static void records_of(const struct world *w, int rec, void **base,
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
    default:
        *base = w->projects, *n = w->n_projects;
        *stride = sizeof *w->projects;
        break;
    }
}

static struct mqueue *queue_at(const void *base, size_t stride, size_t i,
                               size_t offset)
{
    return (struct mqueue *)((char *)base + i * stride + offset);
}

/* ------------------------------------------------------------------ */
/* The whole-state hash: FNV-1a over the saved parameters, days, seed and
 * output name, then every saved value of the world in table order. Written
 * as /restart's attribute state_fnv1a and recomputed after a restore, so a
 * changed byte anywhere in what the restart reads is refused. */

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static uint64_t text_hash(const char *params, int32_t days, uint64_t pseed,
                          const char *output)
{
    uint64_t h = fnv(14695981039346656037ull, params, strlen(params) + 1);
    h = fnv(h, &days, sizeof days);
    h = fnv(h, &pseed, sizeof pseed);
    return fnv(h, output, strlen(output) + 1);
}

static uint64_t state_hash(const struct world *w, uint64_t h)
{
    for (size_t k = 0; k < N_RECORD_SETS; k++) {
        const struct record_set *rs = &record_sets[k];
        void *base;
        size_t n, stride;
        records_of(w, rs->rec, &base, &n, &stride);
        for (size_t f = 0; f < rs->nf; f++)
            for (size_t i = 0; i < n; i++)
                h = fnv(h, (const char *)base + i * stride + rs->f[f].offset,
                        rs->f[f].size);
    }
    for (size_t k = 0; k < sizeof queue_sets / sizeof *queue_sets; k++) {
        void *base;
        size_t n, stride;
        records_of(w, queue_sets[k].rec, &base, &n, &stride);
        for (size_t i = 0; i < n; i++) {
            const struct mqueue *q =
                queue_at(base, stride, i, queue_sets[k].offset);
            h = fnv(h, &q->n, sizeof q->n);
            h = fnv(h, &q->by_ready, sizeof q->by_ready);
            h = fnv(h, &q->load, sizeof q->load);
            h = fnv(h, q->slot, q->n * sizeof *q->slot);
        }
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        h = fnv(h, &w->comm[c].n_platform, sizeof w->comm[c].n_platform);
        h = fnv(h, w->comm[c].platform,
                w->comm[c].n_platform * sizeof *w->comm[c].platform);
    }
    h = fnv(h, &w->n_free, sizeof w->n_free);
    h = fnv(h, w->free_slots, w->n_free * sizeof *w->free_slots);
    h = fnv(h, &w->n_ages, sizeof w->n_ages);
    h = fnv(h, w->ages, w->n_ages * sizeof *w->ages);
    h = fnv(h, w->rate_total, (size_t)w->n_comm * 16 * sizeof *w->rate_total);
    h = fnv(h, w->rate_cum,
            (size_t)w->n_comm * 16 * N_DOMAINS * sizeof *w->rate_cum);
    for (size_t k = 0; k < sizeof resident_columns / sizeof *resident_columns;
         k++) {
        const struct column *c = &resident_columns[k];
        if (c->kind == SAVED)
            h = fnv(h, column_data(w, c),
                    column_length(w, c) * type_size[c->type]);
    }
    return h;
}

/* A list of slot lists as n [count] and slot [sum of n]. */
static int put_lists(hid_t g, size_t count, const uint32_t *n,
                     const uint32_t *const *lists, struct io *io)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += n[i];
    uint32_t *all = malloc((total + 1) * sizeof *all);
    if (!all)
        return fail_msg(io, "out of memory saving queues");
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        if (n[i])   /* an empty list may have no array at all */
            memcpy(all + k, lists[i], n[i] * sizeof *all);
        k += n[i];
    }
    int rc = put(g, "n", T_U32, count, 1, n, io) ||
             put(g, "slot", T_U32, total, 1, all, io);
    free(all);
    return rc ? -1 : 0;
}

static int put_queues(hid_t loc, const struct world *w, struct io *io)
{
    hid_t top = make_group(loc, "queues", io), g = H5I_INVALID_HID;
    uint32_t *n = NULL;
    const uint32_t **lists = NULL;
    int32_t *by_ready = NULL;
    double *load = NULL;
    if (top < 0)
        return -1;
    for (size_t k = 0; k < sizeof queue_sets / sizeof *queue_sets; k++) {
        const struct queue_set *qs = &queue_sets[k];
        void *base;
        size_t count, stride;
        records_of(w, qs->rec, &base, &count, &stride);
        n = malloc((count + 1) * sizeof *n);
        lists = malloc((count + 1) * sizeof *lists);
        by_ready = malloc((count + 1) * sizeof *by_ready);
        load = malloc((count + 1) * sizeof *load);
        if (!n || !lists || !by_ready || !load) {
            fail_msg(io, "out of memory saving queues");
            goto fail;
        }
        for (size_t i = 0; i < count; i++) {
            const struct mqueue *q = queue_at(base, stride, i, qs->offset);
            n[i] = q->n;
            lists[i] = q->slot;
            by_ready[i] = q->by_ready;
            load[i] = q->load;
        }
        if ((g = make_group(top, qs->name, io)) < 0 ||
            put_lists(g, count, n, lists, io) ||
            put(g, "by_ready", T_I32, count, 1, by_ready, io) ||
            put(g, "load", T_F64, count, 1, load, io))
            goto fail;
        H5Gclose(g);
        g = H5I_INVALID_HID;
        free(n);
        free(lists);
        free(by_ready);
        free(load);
        n = NULL;
        lists = NULL;
        by_ready = NULL;
        load = NULL;
    }
    /* the linkage platforms: slots in the order they were offered */
    n = malloc((w->n_comm + 1) * sizeof *n);
    lists = malloc((w->n_comm + 1) * sizeof *lists);
    if (!n || !lists) {
        fail_msg(io, "out of memory saving platforms");
        goto fail;
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        n[c] = w->comm[c].n_platform;
        lists[c] = w->comm[c].platform;
    }
    if ((g = make_group(top, "platform", io)) < 0 ||
        put_lists(g, w->n_comm, n, lists, io))
        goto fail;
    H5Gclose(g);
    free(n);
    free(lists);
    H5Gclose(top);
    return 0;
fail:
    if (g >= 0)
        H5Gclose(g);
    free(n);
    free(lists);
    free(by_ready);
    free(load);
    H5Gclose(top);
    return -1;
}

/* Read the lists of group g (count of them) into malloc'd arrays with
 * capacity = length; *cap_out gets the capacity of each. */
static int get_lists(hid_t g, const char *name, size_t count,
                     uint32_t n_slots, uint32_t *n, uint32_t **lists,
                     struct io *io)
{
    if (get(g, "n", T_U32, count, 1, n, io))
        return -1;
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += n[i];
    uint32_t *all = malloc((total + 1) * sizeof *all);
    if (!all)
        return fail_msg(io, "out of memory reading %s", name);
    if (get(g, "slot", T_U32, total, 1, all, io)) {
        free(all);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        lists[i] = NULL;
        if (!n[i])
            continue;
        lists[i] = malloc(n[i] * sizeof **lists);
        if (!lists[i]) {
            free(all);
            return fail_msg(io, "out of memory reading %s", name);
        }
        for (uint32_t j = 0; j < n[i]; j++, k++) {
            if (all[k] >= n_slots) {
                uint32_t bad = all[k];
                free(all);
                return fail_msg(io, "%s: slot %u is beyond the %u matter "
                                "slots", name, bad, n_slots);
            }
            lists[i][j] = all[k];
        }
    }
    free(all);
    return 0;
}

/* Queues and platforms into w (whose records are loaded and whose old
 * queues are freed). */
static int get_queues(hid_t loc, struct world *w, struct io *io)
{
    hid_t top = open_group(loc, "queues", io), g = H5I_INVALID_HID;
    uint32_t *n = NULL, **lists = NULL;
    int32_t *by_ready = NULL;
    double *load = NULL;
    size_t count = 0;
    if (top < 0)
        return -1;
    for (size_t k = 0; k <= sizeof queue_sets / sizeof *queue_sets; k++) {
        const struct queue_set *qs =
            k < sizeof queue_sets / sizeof *queue_sets ? &queue_sets[k]
                                                       : NULL;
        void *base = NULL;
        size_t stride = 0;
        if (qs)
            records_of(w, qs->rec, &base, &count, &stride);
        else
            count = w->n_comm;
        n = calloc(count + 1, sizeof *n);
        lists = calloc(count + 1, sizeof *lists);
        by_ready = calloc(count + 1, sizeof *by_ready);
        load = calloc(count + 1, sizeof *load);
        if (!n || !lists || !by_ready || !load) {
            fail_msg(io, "out of memory reading queues");
            goto fail;
        }
        const char *name = qs ? qs->name : "platform";
        if ((g = open_group(top, name, io)) < 0 ||
            get_lists(g, name, count, w->n_slots, n, lists, io) ||
            (qs && (get(g, "by_ready", T_I32, count, 1, by_ready, io) ||
                    get(g, "load", T_F64, count, 1, load, io))))
            goto fail;
        for (size_t i = 0; i < count; i++) {
            if (qs) {
                struct mqueue *q = queue_at(base, stride, i, qs->offset);
                mqueue_free(q);   /* keys are rebuilt from the matters */
                q->slot = lists[i];
                q->n = q->cap = n[i];
                q->by_ready = by_ready[i];
                q->load = load[i];
            } else {
                w->comm[i].platform = lists[i];
                w->comm[i].n_platform = w->comm[i].cap_platform = n[i];
            }
            lists[i] = NULL;
        }
        H5Gclose(g);
        g = H5I_INVALID_HID;
        free(n);
        free(lists);
        free(by_ready);
        free(load);
        n = NULL;
        lists = NULL;
        by_ready = NULL;
        load = NULL;
    }
    H5Gclose(top);
    return 0;
fail:
    if (lists)
        for (size_t i = 0; i < count; i++)
            free(lists[i]);
    if (g >= 0)
        H5Gclose(g);
    free(n);
    free(lists);
    free(by_ready);
    free(load);
    H5Gclose(top);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Parameters as "key=value" lines, read back with config_set          */

static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\x%02X", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* The value of row r of p as --set would take it. */
static void put_value(FILE *f, const struct param_def *r, const void *p)
{
    const char *v = (const char *)p + r->offset;
    switch (r->type) {
    case PARAM_INT:
        fprintf(f, "%lld", (long long)*(const int64_t *)(const void *)v);
        break;
    case PARAM_FLOAT:
        fprintf(f, "%.17g", *(const double *)(const void *)v);
        break;
    case PARAM_BOOL:
        fputs(*(const int *)(const void *)v ? "true" : "false", f);
        break;
    case PARAM_ENUM: {
        int idx = *(const int *)(const void *)v;
        const char *c = r->choices;
        for (int k = 0; k < idx && c; k++) {
            c = strchr(c, '|');
            if (c)
                c++;
        }
        if (c)
            fprintf(f, "%.*s", (int)strcspn(c, "|"), c);
        break;
    }
    case PARAM_STRING:
        put_quoted(f, v);
        break;
    }
}

static char *params_text(const struct params *p)
{
    const struct param_table *t = params_table();
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        fprintf(f, "%s=", t->rows[i].key);
        put_value(f, &t->rows[i], p);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static int field_equal(const struct param_def *r, const void *a,
                       const void *b)
{
    const char *x = (const char *)a + r->offset;
    const char *y = (const char *)b + r->offset;
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        return memcmp(x, y, 8) == 0;
    case PARAM_BOOL:
    case PARAM_ENUM:
        return *(const int *)(const void *)x == *(const int *)(const void *)y;
    default:
        return strcmp(x, y) == 0;
    }
}

static int has_prefix_in(const char *key, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list[i]);
        if (list[i][l - 1] == '.' || list[i][l - 1] == '_'
                ? strncmp(key, list[i], l) == 0
                : strcmp(key, list[i]) == 0)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

struct acopy {
    hid_t dst;
    struct io *io;
};

/* Copy one attribute of the history's root to the checkpoint's. */
static herr_t copy_attr(hid_t loc, const char *name, const H5A_info_t *info,
                        void *data)
{
    struct acopy *c = data;
    struct io *io = c->io;
    hid_t a = H5I_INVALID_HID, t = H5I_INVALID_HID, s = H5I_INVALID_HID;
    hid_t b = H5I_INVALID_HID;
    void *buf = NULL;
    (void)info;
    TRY(a = H5Aopen(loc, name, H5P_DEFAULT), name);
    TRY(t = H5Aget_type(a), name);
    TRY(s = H5Aget_space(a), name);
    if (H5Tis_variable_str(t) != 0 || H5Tget_class(t) == H5T_VLEN) {
        fail_msg(io, "history attribute %s has a variable-length type",
                 name);
        goto fail;
    }
    hssize_t np = H5Sget_simple_extent_npoints(s);
    size_t sz = (size_t)(np > 0 ? np : 1) * H5Tget_size(t);
    if (!(buf = malloc(sz))) {
        fail_msg(io, "out of memory copying %s", name);
        goto fail;
    }
    TRY(H5Aread(a, t, buf), name);
    TRY(b = H5Acreate2(c->dst, name, t, s, H5P_DEFAULT, H5P_DEFAULT), name);
    TRY(H5Awrite(b, t, buf), name);
    free(buf);
    H5Aclose(b);
    H5Sclose(s);
    H5Tclose(t);
    H5Aclose(a);
    return 0;
fail:
    free(buf);
    if (b >= 0)
        H5Aclose(b);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return -1;
}

/* Root attributes and the objects of the output so far. The output file
 * is open for writing in this process; HDF5 shares one open file between
 * the two identifiers, so its flushed state is what is read. */
static int copy_history(hid_t dst, const char *history, int days_done,
                        struct io *io)
{
    static const char *const objects[] = {"config", "code", "parameters",
                                          "timeseries", "communities",
                                          "snapshots"};
    hid_t src = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    struct acopy c = {dst, io};
    /* the close degree must match the writer's (h5out: strong) */
    TRY(fapl = H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
    TRY(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
    TRY(src = H5Fopen(history, H5F_ACC_RDONLY, fapl),
        "opening the run's output");
    hsize_t idx = 0;
    if (H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_attr, &c) <
        0) {
        if (io->err && !io->err[0])
            h5_fail(io, "copying root attributes");
        goto fail;
    }
    for (size_t k = 0; k < sizeof objects / sizeof *objects; k++) {
        char path[32];
        snprintf(path, sizeof path, "/%s", objects[k]);
        htri_t ex = H5Lexists(src, path, H5P_DEFAULT);
        TRY(ex, path);
        if (ex)
            TRY(H5Ocopy(src, path, dst, path, H5P_DEFAULT, H5P_DEFAULT),
                path);
    }
    long long rows = length_of(dst, "/timeseries/day", io);
    if (rows < 0)
        goto fail;
    if (rows != days_done) {
        fail_msg(io, "the output holds %lld days, the world %d (rows not "
                 "flushed?)", rows, days_done);
        goto fail;
    }
    H5Fclose(src);
    H5Pclose(fapl);
    return 0;
fail:
    if (src >= 0)
        H5Fclose(src);
    if (fapl >= 0)
        H5Pclose(fapl);
    return -1;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The state itself, under /restart of file f. */
static int put_state(hid_t f, const struct world *w, const char *out_path,
                     struct io *io)
{
    hid_t r = H5I_INVALID_HID;
    char *ptext = NULL;
    int32_t format = CHECKPOINT_FORMAT, days = w->day + 1;
    uint64_t pseed = w->population_seed;
    char when[32];
    utc_now(when, sizeof when);
    if ((r = make_group(f, "restart", io)) < 0)
        return -1;
    if (put_attr(r, "format", H5T_NATIVE_INT32, &format, io) ||
        put_attr(r, "days_done", H5T_NATIVE_INT32, &days, io) ||
        put_attr(r, "population_seed", H5T_NATIVE_UINT64, &pseed, io) ||
        put_string_attr(r, "output", out_path, io) ||
        put_string_attr(r, "written_utc", when, io) ||
        put_string_attr(r, "cogov_version", COGOV_VERSION, io) ||
        put_string_attr(r, "git_revision", COGOV_GIT_REV, io))
        goto fail;
    if (!(ptext = params_text(w->p))) {
        fail_msg(io, "out of memory writing the parameters");
        goto fail;
    }
    hid_t t = h5str_type(strlen(ptext)), s = H5Screate(H5S_SCALAR), d = -1;
    if (t < 0 || s < 0 ||
        (d = H5Dcreate2(r, "params", t, s, H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT)) < 0 ||
        H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptext) < 0) {
        h5_fail(io, "writing the parameters");
        if (d >= 0)
            H5Dclose(d);
        if (s >= 0)
            H5Sclose(s);
        if (t >= 0)
            H5Tclose(t);
        goto fail;
    }
    H5Dclose(d);
    H5Sclose(s);
    H5Tclose(t);

    /* residents */
    hid_t g = make_group(r, "residents", io);
    if (g < 0)
        goto fail;
    uint64_t nres = w->n_res;
    int bad = put_attr(g, "n", H5T_NATIVE_UINT64, &nres, io);
    for (size_t k = 0; !bad && k < sizeof resident_columns /
                                       sizeof *resident_columns; k++) {
        const struct column *c = &resident_columns[k];
        if (c->kind == FIXED) {
            char name[64];
            uint64_t h = column_hash(w, c);
            snprintf(name, sizeof name, "%s_fnv1a", c->name);
            bad = put_attr(g, name, H5T_NATIVE_UINT64, &h, io);
        } else {
            bad = put(g, c->name, c->type, column_length(w, c), 1,
                      column_data(w, c), io);
        }
        bad = bad || stopping(io);
    }
    H5Gclose(g);
    for (size_t k = 0; !bad && k < N_RECORD_SETS; k++) {
        const struct record_set *rs = &record_sets[k];
        void *base;
        size_t n, stride;
        records_of(w, rs->rec, &base, &n, &stride);
        bad = put_records(r, rs->name, base, n, stride, rs->f, rs->nf, io);
    }
    if (bad ||
        put_queues(r, w, io) ||
        put(r, "free_slots", T_U32, w->n_free, 1, w->free_slots, io) ||
        put(r, "ages", T_I32, w->n_ages, 1, w->ages, io) ||
        put(r, "abandoned_ages", T_I32, w->n_abandoned_ages, 1,
            w->abandoned_ages, io) ||
        put(r, "rate_total", T_F64, (size_t)w->n_comm * 16, 1, w->rate_total,
            io) ||
        put(r, "rate_cum", T_F64, (size_t)w->n_comm * 16 * N_DOMAINS, 1,
            w->rate_cum, io))
        goto fail;
    uint64_t h = state_hash(w, text_hash(ptext, days, pseed, out_path));
    if (put_attr(r, "state_fnv1a", H5T_NATIVE_UINT64, &h, io))
        goto fail;
    free(ptext);
    H5Gclose(r);
    return 0;
fail:
    free(ptext);
    H5Gclose(r);
    return -1;
}

static int write_impl(const char *path, const struct world *w,
                      const char *history, const char *out_path,
                      struct io *io)
{
    hid_t f = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    struct afile af;
    char aerr[1024];
    /* path.partial, ours alone (a stale one left by a kill is replaced,
     * a live writer of the same checkpoint refused); replaced each time */
    if (afile_begin(&af, path, 1, aerr, sizeof aerr) != 0)
        return fail_msg(io, "%s", aerr);
    TRY(fapl = H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate");
    /* the strong close degree: nothing of a failed write stays open */
    TRY(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
    f = H5Fcreate(af.partial, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (f < 0) {
        h5_fail(io, "creating the file");
        goto fail;
    }
    if (copy_history(f, history, w->day + 1, io) || stopping(io) ||
        put_state(f, w, out_path, io))
        goto fail;
    hid_t done = f;
    f = H5I_INVALID_HID;
    TRY(H5Fclose(done), "closing the file");
    if (afile_publish(&af, aerr, sizeof aerr) != 0) {
        fail_msg(io, "%s", aerr);
        goto fail;
    }
    afile_end(&af, 0);
    H5Pclose(fapl);
    return 0;
fail:
    if (f >= 0)
        H5Fclose(f);
    if (fapl >= 0)
        H5Pclose(fapl);
    afile_end(&af, 1);
    return io->stopped ? 1 : -1;
}

int checkpoint_write(const char *path, const struct world *w,
                     const char *history, const char *out_path,
                     volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    struct io io = {path, err, errlen, stop, 0};
    struct h5err_quiet q;
    if (err && errlen)
        err[0] = 0;
    h5err_quiet_on(&q);
    int rc = write_impl(path, w, history, out_path, &io);
    h5err_quiet_off(&q);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

struct checkpoint {
    char *path;
    hid_t file, restart;
    int days_done;
    uint64_t population_seed;
    char *output, *scenario, *written, *version, *revision;
    char *provenance;        /* the parent's chain, or NULL */
    struct params saved;     /* parameters of the checkpointed run */
    char *changed;           /* "key=value; ..." set by checkpoint_params */
    int forked;              /* a changed key alters the dynamics */
    uint64_t text_h;         /* text_hash of what open_impl read */
};

void checkpoint_close(struct checkpoint *ck)
{
    if (!ck)
        return;
    if (ck->restart >= 0)
        H5Gclose(ck->restart);
    if (ck->file >= 0)
        H5Fclose(ck->file);
    free(ck->path);
    free(ck->output);
    free(ck->scenario);
    free(ck->written);
    free(ck->version);
    free(ck->revision);
    free(ck->provenance);
    free(ck->changed);
    free(ck);
}

/* Parse the saved "key=value" lines into p (defaults first). */
static int load_params(struct checkpoint *ck, struct io *io)
{
    char *text = get_string(ck->restart, "params", 1, io), *line, *save;
    char e[CONFIG_ERR_MAX];
    if (!text)
        return -1;
    ck->text_h = text_hash(text, ck->days_done, ck->population_seed,
                           ck->output);
    config_defaults(params_table(), &ck->saved);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (config_set(params_table(), &ck->saved, line, NULL, e, sizeof e)) {
            fail_msg(io, "a saved parameter does not load in this version "
                     "of cogov (checkpoint written by %s): %s",
                     ck->version, e);
            free(text);
            return -1;
        }
    }
    free(text);
    return 0;
}

static int open_impl(struct checkpoint **out, const char *path,
                     struct io *io)
{
    struct checkpoint *ck = calloc(1, sizeof *ck);
    int32_t format = 0;
    struct stat st;
    *out = NULL;
    if (!ck)
        return fail_msg(io, "out of memory");
    ck->file = ck->restart = H5I_INVALID_HID;
    if (stat(path, &st) != 0) {
        fail_msg(io, "cannot read it: %s", strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        fail_msg(io, "not a regular file");
        goto fail;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);   /* say why it cannot */
    if (fd < 0) {
        fail_msg(io, "cannot read it: %s", strerror(errno));
        goto fail;
    }
    close(fd);
    if (H5Fis_hdf5(path) <= 0) {
        fail_msg(io, "not an HDF5 file (a checkpoint is written by cogov "
                 "run --checkpoint-every)");
        goto fail;
    }
    if (!(ck->path = strdup(path))) {
        fail_msg(io, "out of memory");
        goto fail;
    }
    TRY(ck->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), "opening it");
    htri_t ex = H5Lexists(ck->file, "/restart", H5P_DEFAULT);
    if (ex <= 0) {
        fail_msg(io, "not a cogov checkpoint (no /restart group; an output "
                 "file cannot be restarted, its checkpoint can)");
        goto fail;
    }
    if ((ck->restart = open_group(ck->file, "/restart", io)) < 0 ||
        get_attr(ck->restart, "format", H5T_NATIVE_INT32, &format, io))
        goto fail;
    if (format != CHECKPOINT_FORMAT) {
        fail_msg(io, "checkpoint format %d; this cogov reads format %d",
                 (int)format, CHECKPOINT_FORMAT);
        goto fail;
    }
    if (get_attr(ck->restart, "days_done", H5T_NATIVE_INT32, &ck->days_done,
                 io) ||
        get_attr(ck->restart, "population_seed", H5T_NATIVE_UINT64,
                 &ck->population_seed, io) ||
        !(ck->output = get_string(ck->restart, "output", 0, io)) ||
        !(ck->written = get_string(ck->restart, "written_utc", 0, io)) ||
        !(ck->version = get_string(ck->restart, "cogov_version", 0, io)) ||
        !(ck->revision = get_string(ck->restart, "git_revision", 0, io)) ||
        !(ck->scenario = get_string(ck->file, "scenario", 0, io)))
        goto fail;
    if (ck->days_done < 1) {
        fail_msg(io, "days_done = %d", ck->days_done);
        goto fail;
    }
    if (H5Aexists(ck->file, "provenance") > 0 &&
        !(ck->provenance = get_string(ck->file, "provenance", 0, io)))
        goto fail;
    if (load_params(ck, io))
        goto fail;
    if (!(ck->changed = strdup(""))) {
        fail_msg(io, "out of memory");
        goto fail;
    }
    *out = ck;
    return 0;
fail:
    checkpoint_close(ck);
    return -1;
}

int checkpoint_open(struct checkpoint **ck, const char *path, char *err,
                    size_t errlen)
{
    struct io io = {path, err, errlen, NULL, 0};
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = open_impl(ck, path, &io);
    h5err_quiet_off(&q);
    return rc;
}

int checkpoint_days_done(const struct checkpoint *ck) { return ck->days_done; }
const char *checkpoint_output(const struct checkpoint *ck)
{
    return ck->output;
}
const char *checkpoint_scenario(const struct checkpoint *ck)
{
    return ck->scenario;
}

int checkpoint_params(struct checkpoint *ck, struct params *p,
                      const char *const *sets, int nsets, char *err,
                      size_t errlen)
{
    const struct param_table *t = params_table();
    struct io io = {ck->path, err, errlen, NULL, 0};
    *p = ck->saved;
    for (int i = 0; i < nsets; i++)
        if (config_set(t, p, sets[i], NULL, err, errlen))
            return -1;
    if (params_validate(p, err, errlen))
        return -1;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return fail_msg(&io, "out of memory");
    ck->forked = 0;
    int first = 1;
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        if (field_equal(r, p, &ck->saved))
            continue;
        if (has_prefix_in(r->key, init_only_keys,
                          sizeof init_only_keys / sizeof *init_only_keys)) {
            fclose(f);
            free(text);
            return fail_msg(&io, "%s only shapes the initial state (day 0); "
                            "the checkpoint already holds the state after "
                            "%d days. Run from the start to change it",
                            r->key, ck->days_done);
        }
        if (!has_prefix_in(r->key, passive_keys,
                           sizeof passive_keys / sizeof *passive_keys))
            ck->forked = 1;
        fprintf(f, "%s%s=", first ? "" : "; ", r->key);
        first = 0;
        put_value(f, r, p);
    }
    if (fclose(f) != 0) {
        free(text);
        return fail_msg(&io, "out of memory");
    }
    free(ck->changed);
    ck->changed = text;
    if (p->time.days <= ck->days_done)
        return fail_msg(&io, "time.days = %lld, but the checkpoint is "
                        "already %d days in; set --days above %d",
                        (long long)p->time.days, ck->days_done,
                        ck->days_done);
    return 0;
}

/* The largest daily arrival rate of one resident a checkpoint may hold:
 * far above any the parameters give (nine domains at rate <= 1 times
 * bounded factors), low enough that drawing from it takes bounded time. */
#define RATE_MAX 1000.0
/* The largest grievance (a decayed sum of overdue severities). */
#define GRIEVANCE_MAX 1e6
/* The largest count a checkpoint may hold (2^53: exact as a double). */
#define COUNT_MAX 9007199254740992LL

/* Every index, count and value the engine follows without checks, checked
 * against its invariant before the world is used; each message names the
 * rule. */
static int check_state(const struct world *w, struct io *io)
{
    uint32_t nb = w->comm[w->n_comm - 1].first_building +
                  w->comm[w->n_comm - 1].n_buildings;
    for (uint32_t i = 0; i < w->n_res; i++)
        if (w->r.community[i] >= w->n_comm || w->r.building[i] >= nb)
            return fail_msg(io, "resident %u: community or building out of "
                            "range", i);
    for (uint32_t k = 0; k < w->r.tie_start[w->n_res]; k++)
        if (w->r.ties[k] >= w->n_res)
            return fail_msg(io, "tie %u out of range", k);
    for (size_t k = 0; k < sizeof resident_columns / sizeof *resident_columns;
         k++) {
        const struct column *c = &resident_columns[k];
        if (c->kind != SAVED || c->type != T_F32)
            continue;
        const float *v = column_data(w, c);
        for (uint32_t i = 0; i < w->n_res; i++)
            if (!isfinite(v[i]) || (v == w->r.grievance &&
                                    (v[i] < 0 || v[i] > GRIEVANCE_MAX)))
                return fail_msg(io, "resident %u: %s = %g is not a finite "
                                "value in range", i, c->name, (double)v[i]);
    }
    /* every value of every record: 64-bit counters are counts (not
     * negative, far from overflow), floating-point values finite */
    for (size_t k = 0; k < N_RECORD_SETS; k++) {
        const struct record_set *rs = &record_sets[k];
        void *base;
        size_t n, stride;
        records_of(w, rs->rec, &base, &n, &stride);
        for (size_t f = 0; f < rs->nf; f++) {
            enum ck_type t = rs->f[f].type;
            if (t != T_F32 && t != T_F64 && t != T_I64)
                continue;
            size_t m = rs->f[f].size / type_size[t];
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < m; j++) {
                    const char *at = (const char *)base + i * stride +
                                     rs->f[f].offset + j * type_size[t];
                    double x;
                    int64_t v;
                    float y;
                    if (t == T_I64) {
                        memcpy(&v, at, sizeof v);
                        if (v < 0 || v > COUNT_MAX)
                            return fail_msg(io, "%s %zu: count %s = %lld "
                                            "is not between 0 and 2^53",
                                            rs->name, i, rs->f[f].name,
                                            (long long)v);
                        continue;
                    }
                    if (t == T_F32) {
                        memcpy(&y, at, sizeof y);
                        x = y;
                    } else {
                        memcpy(&x, at, sizeof x);
                    }
                    if (!isfinite(x))
                        return fail_msg(io, "%s %zu: %s is not finite",
                                        rs->name, i, rs->f[f].name);
                }
        }
    }
    uint32_t n_unused = 0;
    for (uint32_t s = 0; s < w->n_slots; s++) {
        const struct matter *m = &w->m[s];
        if (m->status == M_FREE) {
            n_unused++;
            continue;
        }
        if (m->owner >= w->n_res || m->community >= w->n_comm ||
            m->status > M_PLATFORM || m->domain >= N_DOMAINS ||
            m->scope >= N_SCOPES || m->assigned >= N_SCOPES ||
            m->handler_kind > HK_DELIBERATION ||
            /* the handler is followed only while queued or in transit */
            ((m->status == M_QUEUED || m->status == M_TRANSIT) &&
             (m->handler_kind == HK_SOCORG ? m->handler >= w->n_orgs
                                           : m->handler >= w->n_comm)))
            return fail_msg(io, "matter slot %u is inconsistent", s);
        if (m->severity < 0 || m->hours < 0 || m->done < 0)
            return fail_msg(io, "matter slot %u: negative severity, hours "
                            "or work done", s);
        if (m->status == M_QUEUED &&
            !matter_queue((struct world *)w, m->handler_kind, m->handler))
            return fail_msg(io, "matter slot %u: queued with a handler "
                            "kind that has no queue", s);
        if ((m->status == M_QUEUED || m->status == M_TRANSIT) != (m->qpos >= 0))
            return fail_msg(io, "matter slot %u: queue position %d does not "
                            "fit its status", s, (int)m->qpos);
    }
    /* the accounting identity (docs/MODEL.md, "Observation") */
    if (w->created_total !=
            w->resolved_total + w->abandoned_total + w->open ||
        w->open != (int64_t)(w->n_slots - n_unused) ||
        w->unreported > w->open)
        return fail_msg(io, "the accounting identity does not hold (created "
                        "%lld, resolved %lld, abandoned %lld, open %lld, "
                        "unreported %lld, %u matters in use)",
                        (long long)w->created_total,
                        (long long)w->resolved_total,
                        (long long)w->abandoned_total, (long long)w->open,
                        (long long)w->unreported, w->n_slots - n_unused);
    /* the free list: each unused slot exactly once */
    if (n_unused != w->n_free)
        return fail_msg(io, "%u unused matter slots but %u in the free list",
                        n_unused, w->n_free);
    uint8_t *seen = calloc(w->n_slots ? w->n_slots : 1, 1);
    if (!seen)
        return fail_msg(io, "out of memory checking the state");
    int rc = 0;
    for (uint32_t k = 0; k < w->n_free && !rc; k++) {
        uint32_t s = w->free_slots[k];
        if (s >= w->n_slots || w->m[s].status != M_FREE || seen[s]++)
            rc = fail_msg(io, "free list entry %u (slot %u) is not an unused "
                          "slot listed once", k, s);
    }
    memset(seen, 0, w->n_slots);
    /* queues: each queued or travelling matter in its queue exactly once,
     * at its recorded position */
    for (size_t k = 0; k < sizeof queue_sets / sizeof *queue_sets && !rc;
         k++) {
        const struct queue_set *qs = &queue_sets[k];
        void *base;
        size_t n, stride;
        records_of(w, qs->rec, &base, &n, &stride);
        for (size_t i = 0; i < n && !rc; i++) {
            const struct mqueue *q = queue_at(base, stride, i, qs->offset);
            int transit = q == &w->transit;
            if (!isfinite(q->load))
                rc = fail_msg(io, "%s queue %zu: load is not finite",
                              qs->name, i);
            for (uint32_t j = 0; j < q->n && !rc; j++) {
                uint32_t s = q->slot[j];
                const struct matter *m = &w->m[s];
                if (seen[s]++ ||
                    m->status != (transit ? M_TRANSIT : M_QUEUED) ||
                    m->qpos != (int32_t)j ||
                    (!transit &&
                     matter_queue((struct world *)w, m->handler_kind,
                                  m->handler) != q))
                    rc = fail_msg(io, "%s queue %zu: entry %u (slot %u) is "
                                  "not a matter of that queue at that "
                                  "position, listed once", qs->name, i, j,
                                  s);
            }
        }
    }
    for (uint32_t c = 0; c < w->n_comm && !rc; c++)
        for (uint32_t j = 0; j < w->comm[c].n_platform && !rc; j++) {
            uint32_t s = w->comm[c].platform[j];
            if (seen[s]++ || w->m[s].status != M_PLATFORM ||
                w->m[s].community != c)
                rc = fail_msg(io, "platform of community %u: entry %u (slot "
                              "%u) is not an offered matter of it, listed "
                              "once", c, j, s);
        }
    for (uint32_t s = 0; s < w->n_slots && !rc; s++)
        if (!seen[s] && (w->m[s].status == M_QUEUED ||
                         w->m[s].status == M_TRANSIT ||
                         w->m[s].status == M_PLATFORM))
            rc = fail_msg(io, "matter slot %u: queued, in transit or offered "
                          "but in no queue", s);
    free(seen);
    if (rc)
        return rc;
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].contract < -1 ||
            w->comm[c].contract >= (int32_t)w->n_contracts)
            return fail_msg(io, "community %u: contract %d is neither -1 nor "
                            "a contract", c, (int)w->comm[c].contract);
    for (uint32_t k = 0; k < w->n_orgs; k++)
        if (w->orgs[k].home >= w->n_comm)
            return fail_msg(io, "organisation %u: home out of range", k);
    for (uint32_t k = 0; k < w->n_contracts; k++)
        if (w->contracts[k].org >= w->n_orgs ||
            w->contracts[k].community >= w->n_comm)
            return fail_msg(io, "contract %u out of range", k);
    for (uint32_t k = 0; k < w->n_workers; k++)
        if (w->workers[k].community >= w->n_comm ||
            w->workers[k].employer < -1 ||
            w->workers[k].employer >= (int32_t)w->n_orgs)
            return fail_msg(io, "social worker %u: community or employer "
                            "(%d) out of range", k,
                            (int)w->workers[k].employer);
    for (uint32_t k = 0; k < w->n_projects; k++)
        if (w->projects[k].community >= w->n_comm ||
            w->projects[k].domain >= N_DOMAINS)
            return fail_msg(io, "micro-project %u out of range", k);
    for (uint32_t k = 0; k < w->n_ages; k++)
        if (w->ages[k] < 0)
            return fail_msg(io, "resolution age %u is negative", k);
    /* arrival rates: finite, non-negative, bounded, cumulative */
    for (size_t k = 0; k < (size_t)w->n_comm * 16; k++) {
        const double *cum = w->rate_cum + k * N_DOMAINS;
        double prev = 0;
        for (int d = 0; d < N_DOMAINS; d++) {
            if (!(cum[d] >= prev && cum[d] <= RATE_MAX))
                return fail_msg(io, "arrival rate table %zu: cumulative "
                                "rate %g is not between %g and %g", k,
                                cum[d], prev, RATE_MAX);
            prev = cum[d];
        }
        if (w->rate_total[k] != prev)
            return fail_msg(io, "arrival rate table %zu: total %g is not "
                            "the sum of its domains (%g)", k,
                            w->rate_total[k], prev);
    }
    return 0;
}

/* Replace a small array of records with n zeroed ones. */
static void *fresh(void *old, uint32_t n, size_t size, uint32_t *count,
                   uint32_t *cap)
{
    free(old);
    *count = *cap = n;
    return calloc(n ? n : 1, size);
}

static int restore_impl(struct checkpoint *ck, const struct params *p,
                        struct world **out, struct io *io)
{
    struct world *w = NULL;
    struct community *drawn = NULL;
    char e[512];
    hid_t r = ck->restart;
    *out = NULL;

    /* world_init draws the population of the checkpointed run (the seed
     * its population came from) and allocates; the saved state then
     * replaces everything. */
    struct params init = *p;
    init.seed = (int64_t)ck->population_seed;
    if (setup_world(&w, &init, e, sizeof e))
        return fail_msg(io, "%s", e);
    w->p = p;
    w->seed = (uint64_t)p->seed;
    w->population_seed = ck->population_seed;

    long long n_res = count_records(r, "residents", io);
    long long n_comm = count_records(r, "communities", io);
    if (n_res < 0 || n_comm < 0)
        goto fail;
    if (n_res != w->n_res || n_comm != w->n_comm) {
        fail_msg(io, "saved %lld residents in %lld communities, parameters "
                 "say %u in %u", n_res, n_comm, w->n_res, w->n_comm);
        goto fail;
    }
    drawn = malloc(w->n_comm * sizeof *drawn);
    if (!drawn) {
        fail_msg(io, "out of memory");
        goto fail;
    }
    memcpy(drawn, w->comm, w->n_comm * sizeof *drawn);

    /* residents: the structure drawn again must be the saved one */
    hid_t g = open_group(r, "residents", io);
    if (g < 0)
        goto fail;
    for (size_t k = 0; k < sizeof resident_columns / sizeof *resident_columns;
         k++) {
        const struct column *c = &resident_columns[k];
        int bad;
        if (c->kind == FIXED) {
            char name[64];
            uint64_t h = 0;
            snprintf(name, sizeof name, "%s_fnv1a", c->name);
            bad = get_attr(g, name, H5T_NATIVE_UINT64, &h, io);
            if (!bad && h != column_hash(w, c))
                bad = fail_msg(io, "the population this build draws for "
                               "the saved parameters differs from the "
                               "saved one (residents' %s; checkpoint "
                               "written by cogov %s, revision %s)",
                               c->name, ck->version, ck->revision);
        } else {
            bad = get(g, c->name, c->type, column_length(w, c), 1,
                      column_data(w, c), io);
        }
        if (bad) {
            H5Gclose(g);
            goto fail;
        }
    }
    H5Gclose(g);

    /* communities (their queues are loaded below) */
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        mqueue_free(&cm->committee_q);
        mqueue_free(&cm->agenda_q);
        mqueue_free(&cm->volunteer_q);
        mqueue_free(&cm->mediation_q);
        free(cm->platform);
        cm->platform = NULL;
        cm->n_platform = cm->cap_platform = 0;
    }
    if (get_records(r, "communities", w->comm, w->n_comm, sizeof *w->comm,
                    community_fields,
                    sizeof community_fields / sizeof *community_fields, io))
        goto fail;
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].first != drawn[c].first ||
            w->comm[c].n != drawn[c].n ||
            w->comm[c].first_building != drawn[c].first_building ||
            w->comm[c].n_buildings != drawn[c].n_buildings) {
            fail_msg(io, "community %u has other residents or buildings "
                     "than this build draws (checkpoint written by cogov "
                     "%s, revision %s)", c, ck->version, ck->revision);
            goto fail;
        }

    /* organisations, contracts, social workers, micro-projects */
    for (uint32_t k = 0; k < w->n_orgs; k++)
        mqueue_free(&w->orgs[k].q);
    long long n_orgs = count_records(r, "orgs", io);
    long long n_ct = count_records(r, "contracts", io);
    long long n_sw = count_records(r, "workers", io);
    long long n_mp = count_records(r, "projects", io);
    long long n_m = count_records(r, "matters", io);
    if (n_orgs < 0 || n_ct < 0 || n_sw < 0 || n_mp < 0 || n_m < 0)
        goto fail;
    w->orgs = fresh(w->orgs, (uint32_t)n_orgs, sizeof *w->orgs, &w->n_orgs,
                    &w->cap_orgs);
    w->contracts = fresh(w->contracts, (uint32_t)n_ct, sizeof *w->contracts,
                         &w->n_contracts, &w->cap_contracts);
    w->workers = fresh(w->workers, (uint32_t)n_sw, sizeof *w->workers,
                       &w->n_workers, &w->cap_workers);
    w->projects = fresh(w->projects, (uint32_t)n_mp, sizeof *w->projects,
                        &w->n_projects, &w->cap_projects);
    /* the matter pool: m, free_slots and mact share one capacity */
    w->m = fresh(w->m, (uint32_t)n_m, sizeof *w->m, &w->n_slots,
                 &w->cap_slots);
    free(w->free_slots);
    free(w->mact);
    w->free_slots = calloc(n_m ? (size_t)n_m : 1, sizeof *w->free_slots);
    w->mact = calloc(n_m ? (size_t)n_m : 1, sizeof *w->mact);
    if (!w->orgs || !w->contracts || !w->workers || !w->projects || !w->m ||
        !w->free_slots || !w->mact) {
        fail_msg(io, "out of memory for the saved state");
        goto fail;
    }
    for (size_t k = 0; k < N_RECORD_SETS; k++) {
        const struct record_set *rs = &record_sets[k];
        void *base;
        size_t n, stride;
        if (rs->rec == REC_COMMUNITY)   /* loaded and checked above */
            continue;
        records_of(w, rs->rec, &base, &n, &stride);
        if (get_records(r, rs->name, base, n, stride, rs->f, rs->nf, io))
            goto fail;
    }
    for (uint32_t k = 0; k < w->n_orgs; k++)   /* read by get_queues */
        memset(&w->orgs[k].q, 0, sizeof w->orgs[k].q);
    if (get_queues(r, w, io))
        goto fail;
    w->owner_bits_valid = 0;   /* the pool changed: rebuilt when next used */

    long long nf = length_of(r, "free_slots", io);
    long long na = length_of(r, "ages", io);
    long long nb = length_of(r, "abandoned_ages", io);
    if (nf < 0 || na < 0 || nb < 0)
        goto fail;
    if (nf > w->n_slots) {
        fail_msg(io, "%lld free slots of %u", nf, w->n_slots);
        goto fail;
    }
    w->n_free = (uint32_t)nf;
    free(w->ages);
    w->n_ages = w->cap_ages = (uint32_t)na;
    w->ages = calloc(na ? (size_t)na : 1, sizeof *w->ages);
    free(w->abandoned_ages);
    w->n_abandoned_ages = w->cap_abandoned_ages = (uint32_t)nb;
    w->abandoned_ages = calloc(nb ? (size_t)nb : 1, sizeof *w->ages);
    if (!w->ages || !w->abandoned_ages) {
        fail_msg(io, "out of memory for the saved state");
        goto fail;
    }
    if (get(r, "free_slots", T_U32, w->n_free, 1, w->free_slots, io) ||
        get(r, "ages", T_I32, w->n_ages, 1, w->ages, io) ||
        get(r, "abandoned_ages", T_I32, w->n_abandoned_ages, 1,
            w->abandoned_ages, io) ||
        get(r, "rate_total", T_F64, (size_t)w->n_comm * 16, 1, w->rate_total,
            io) ||
        get(r, "rate_cum", T_F64, (size_t)w->n_comm * 16 * N_DOMAINS, 1,
            w->rate_cum, io))
        goto fail;
    if (w->day + 1 != ck->days_done) {
        fail_msg(io, "the world is at day %d, the file says %d days done",
                 w->day, ck->days_done);
        goto fail;
    }
    uint64_t saved_h = 0;
    if (get_attr(r, "state_fnv1a", H5T_NATIVE_UINT64, &saved_h, io))
        goto fail;
    if (state_hash(w, ck->text_h) != saved_h) {
        fail_msg(io, "the saved state does not match its hash (state_fnv1a): "
                 "the file was damaged or changed after it was written");
        goto fail;
    }
    if (check_state(w, io))
        goto fail;

    if (ck->forked) {
        /* what the engine derived from the old parameters */
        setup_fork(w, p);
    }
    free(drawn);
    *out = w;
    return 0;
fail:
    free(drawn);
    world_free(w);
    return -1;
}

int checkpoint_restore(struct checkpoint *ck, const struct params *p,
                       struct world **w, char *err, size_t errlen)
{
    struct io io = {ck->path, err, errlen, NULL, 0};
    struct h5err_quiet q;
    if (err && errlen)
        err[0] = 0;
    h5err_quiet_on(&q);
    int rc = restore_impl(ck, p, w, &io);
    h5err_quiet_off(&q);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Replay of the saved trajectory into a new output                    */

/* /group/name as rows x cols doubles (malloc'd). */
static double *read_rows(hid_t f, const char *group, const char *name,
                         size_t rows, size_t cols, struct io *io)
{
    char path[256];
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 1};
    double *v = NULL;
    snprintf(path, sizeof path, "/%s/%s", group, name);
    TRY(d = H5Dopen2(f, path, H5P_DEFAULT), path);
    TRY(s = H5Dget_space(d), path);
    int rank = H5Sget_simple_extent_ndims(s);
    if (rank < 1 || rank > 2 || H5Sget_simple_extent_dims(s, dims, NULL) < 0 ||
        dims[0] != rows || (rank == 2 ? dims[1] : 1) != cols) {
        fail_msg(io, "%s does not hold %zu rows of %zu values", path, rows,
                 cols);
        goto fail;
    }
    v = malloc((rows * cols + 1) * sizeof *v);
    if (!v) {
        fail_msg(io, "out of memory reading %s", path);
        goto fail;
    }
    if (rows)
        TRY(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v),
            path);
    H5Sclose(s);
    H5Dclose(d);
    return v;
fail:
    free(v);
    if (s >= 0)
        H5Sclose(s);
    if (d >= 0)
        H5Dclose(d);
    return NULL;
}

static enum h5out_dtype snapshot_dtype(hid_t t, int *ok)
{
    *ok = 1;
    size_t sz = H5Tget_size(t);
    H5T_class_t c = H5Tget_class(t);
    if (c == H5T_FLOAT)
        return sz == 4 ? H5OUT_F32 : H5OUT_F64;
    if (c == H5T_INTEGER) {
        if (sz == 1)
            return H5OUT_U8;
        if (sz == 4)
            return H5OUT_I32;
        if (sz == 8)
            return H5OUT_I64;
    }
    *ok = 0;
    return H5OUT_F64;
}

struct snap_ctx {
    struct h5out *out;
    int day;
    struct io *io;
};

static hid_t dtype_native(enum h5out_dtype t)
{
    switch (t) {
    case H5OUT_U8: return H5T_NATIVE_UINT8;
    case H5OUT_I32: return H5T_NATIVE_INT32;
    case H5OUT_I64: return H5T_NATIVE_INT64;
    case H5OUT_F32: return H5T_NATIVE_FLOAT;
    default: return H5T_NATIVE_DOUBLE;
    }
}

/* One per-resident array of a snapshot, written again through h5out. */
static herr_t copy_snapshot(hid_t g, const char *name, const H5L_info_t *li,
                            void *data)
{
    struct snap_ctx *c = data;
    struct io *io = c->io;
    hid_t d = H5I_INVALID_HID, t = H5I_INVALID_HID, s = H5I_INVALID_HID;
    void *buf = NULL;
    char *units = NULL, *desc = NULL;
    (void)li;
    TRY(d = H5Dopen2(g, name, H5P_DEFAULT), name);
    TRY(t = H5Dget_type(d), name);
    TRY(s = H5Dget_space(d), name);
    int ok;
    enum h5out_dtype dt = snapshot_dtype(t, &ok);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    if (!ok || n < 0) {
        fail_msg(io, "snapshot %s of day %d has an unexpected type", name,
                 c->day);
        goto fail;
    }
    size_t el = H5Tget_size(t);
    if (!(buf = malloc((size_t)n * el + 1)) ||
        !(units = get_string(d, "units", 0, io)) ||
        !(desc = get_string(d, "description", 0, io)))
        goto fail;
    if (n)
        TRY(H5Dread(d, dtype_native(dt), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf),
            name);
    if (h5out_snapshot(c->out, c->day, name, units, desc, dt, buf, (size_t)n,
                       io->err, io->errlen))
        goto fail;
    free(buf);
    free(units);
    free(desc);
    H5Sclose(s);
    H5Tclose(t);
    H5Dclose(d);
    return 0;
fail:
    if (io->err && !io->err[0])
        fail_msg(io, "out of memory copying snapshot %s", name);
    free(buf);
    free(units);
    free(desc);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    if (d >= 0)
        H5Dclose(d);
    return -1;
}

static herr_t copy_snapshot_day(hid_t g, const char *name,
                                const H5L_info_t *li, void *data)
{
    struct snap_ctx *c = data;
    char path[64];
    int day;
    char extra;
    (void)li;
    if (sscanf(name, "day_%d%c", &day, &extra) != 1 || day < 0)
        return 0;   /* not a snapshot of the contract: leave it */
    snprintf(path, sizeof path, "%s/residents", name);
    hid_t r = H5Gopen2(g, path, H5P_DEFAULT);
    if (r < 0)
        return 0;
    c->day = day;
    hsize_t idx = 0;
    herr_t rc = H5Literate(r, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_snapshot,
                           c);
    H5Gclose(r);
    return rc < 0 ? -1 : 0;
}

static int replay_impl(struct checkpoint *ck, struct observer *ob,
                       struct day_metrics *dm, struct io *io)
{
    const size_t rows = (size_t)ck->days_done;
    const size_t nc = (size_t)ck->saved.population.communities;
    double *day = NULL, *metric[N_METRICS] = {0}, *channel = NULL;
    double *scope = NULL, *comm[N_COMMUNITY_METRICS] = {0};
    int rc = -1;
    hid_t f = ck->file;

    if (!(day = read_rows(f, "timeseries", "day", rows, 1, io)) ||
        !(channel = read_rows(f, "timeseries", "resolved_by_channel", rows,
                              N_CHANNELS, io)) ||
        !(scope = read_rows(f, "timeseries", "open_by_scope", rows, N_SCOPES,
                            io)))
        goto done;
    for (int k = 0; k < N_METRICS; k++)
        if (!(metric[k] = read_rows(f, "timeseries", metric_defs[k].name,
                                    rows, 1, io)))
            goto done;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        if (!(comm[k] = read_rows(f, "communities",
                                  community_metric_defs[k].name, rows, nc,
                                  io)))
            goto done;
    for (size_t d = 0; d < rows; d++) {
        dm->day = (int)day[d];
        for (int k = 0; k < N_METRICS; k++)
            dm->v[k] = metric[k][d];
        memcpy(dm->by_channel, channel + d * N_CHANNELS,
               sizeof dm->by_channel);
        memcpy(dm->open_by_scope, scope + d * N_SCOPES,
               sizeof dm->open_by_scope);
        for (int k = 0; k < N_COMMUNITY_METRICS; k++)
            memcpy(dm->community[k], comm[k] + d * nc, nc * sizeof(double));
        if (observer_write(ob, dm, io->err, io->errlen))
            goto done;
    }
    htri_t ex = H5Lexists(f, "/snapshots", H5P_DEFAULT);
    if (ex < 0) {
        h5_fail(io, "/snapshots");
        goto done;
    }
    if (ex) {
        struct snap_ctx c = {ob->out, 0, io};
        hid_t g = open_group(f, "/snapshots", io);
        if (g < 0)
            goto done;
        hsize_t idx = 0;
        herr_t r = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx,
                              copy_snapshot_day, &c);
        H5Gclose(g);
        if (r < 0) {
            if (io->err && !io->err[0])
                h5_fail(io, "copying snapshots");
            goto done;
        }
    }
    rc = 0;
done:
    free(day);
    free(channel);
    free(scope);
    for (int k = 0; k < N_METRICS; k++)
        free(metric[k]);
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        free(comm[k]);
    return rc;
}

int checkpoint_replay(struct checkpoint *ck, struct observer *ob,
                      struct day_metrics *dm, char *err, size_t errlen)
{
    struct io io = {ck->path, err, errlen, NULL, 0};
    struct h5err_quiet q;
    if (err && errlen)
        err[0] = 0;
    h5err_quiet_on(&q);
    int rc = replay_impl(ck, ob, dm, &io);
    h5err_quiet_off(&q);
    return rc;
}

int checkpoint_record(const struct checkpoint *ck, struct h5out *out,
                      char *err, size_t errlen)
{
    char days[32];
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (ck->provenance && ck->provenance[0])
        fprintf(f, "%s\n", ck->provenance);
    fprintf(f, "restarted from %s (written %s by cogov %s, revision %s) "
            "after %d days of scenario %s; %s%s", ck->path, ck->written,
            ck->version, ck->revision, ck->days_done, ck->scenario,
            ck->changed[0] ? "overrides: " : "no overrides", ck->changed);
    if (fclose(f) != 0) {
        free(line);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(days, sizeof days, "%d", ck->days_done);
    int rc = h5out_root_attr(out, "restart_checkpoint", ck->path, err,
                             errlen) ||
             h5out_root_attr(out, "restart_days_done", days, err, errlen) ||
             h5out_root_attr(out, "restart_overrides", ck->changed, err,
                             errlen) ||
             h5out_root_attr(out, "provenance", line, err, errlen);
    free(line);
    return rc ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Introspection of the saved state (tests/test_checkpoint.c)          */

/* Saved fields in order: the fields of each record set, then the resident
 * arrays saved as data. Queues, platforms, the free list and the rate
 * table are the structure the fields live in, not fields. */
static int field_at(int k, const struct record_set **rs,
                    const struct column **col)
{
    *rs = NULL;
    *col = NULL;
    for (size_t i = 0; i < N_RECORD_SETS; i++) {
        if (k < (int)record_sets[i].nf) {
            *rs = &record_sets[i];
            return k;
        }
        k -= (int)record_sets[i].nf;
    }
    for (size_t i = 0; i < sizeof resident_columns / sizeof *resident_columns;
         i++) {
        if (resident_columns[i].kind != SAVED)
            continue;
        if (k-- == 0) {
            *col = &resident_columns[i];
            return 0;
        }
    }
    return -1;
}

int checkpoint_fields(void)
{
    int n = 0;
    const struct record_set *rs;
    const struct column *col;
    while (field_at(n, &rs, &col) >= 0)
        n++;
    return n;
}

const char *checkpoint_field_name(int k, char *buf, size_t n)
{
    const struct record_set *rs;
    const struct column *col;
    int i = field_at(k, &rs, &col);
    if (i < 0)
        snprintf(buf, n, "?");
    else if (rs)
        snprintf(buf, n, "%s/%s", rs->name, rs->f[i].name);
    else
        snprintf(buf, n, "residents/%s", col->name);
    return buf;
}

int checkpoint_field_equal(const struct world *a, const struct world *b,
                           int k)
{
    const struct record_set *rs;
    const struct column *col;
    int i = field_at(k, &rs, &col);
    if (i < 0)
        return 0;
    if (col)
        return a->n_res == b->n_res &&
               memcmp(column_data(a, col), column_data(b, col),
                      column_length(a, col) * type_size[col->type]) == 0;
    void *ba, *bb;
    size_t na, nb, stride;
    records_of(a, rs->rec, &ba, &na, &stride);
    records_of(b, rs->rec, &bb, &nb, &stride);
    if (na != nb)
        return 0;
    const struct field *f = &rs->f[i];
    for (size_t r = 0; r < na; r++)
        if (memcmp((char *)ba + r * stride + f->offset,
                   (char *)bb + r * stride + f->offset, f->size) != 0)
            return 0;
    return 1;
}

void checkpoint_field_forget(struct world *w, const struct world *from,
                             int k)
{
    const struct record_set *rs;
    const struct column *col;
    int i = field_at(k, &rs, &col);
    if (i < 0)
        return;
    if (col) {
        memcpy(column_data(w, col), column_data(from, col),
               column_length(w, col) * type_size[col->type]);
        return;
    }
    void *bw, *bf;
    size_t nw, nf, stride;
    records_of(w, rs->rec, &bw, &nw, &stride);
    records_of(from, rs->rec, &bf, &nf, &stride);
    const struct field *f = &rs->f[i];
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
    const struct record_set *rs;
    const struct column *col;
    int i = field_at(k, &rs, &col);
    if (i < 0)
        return -1;
    if (col) {
        size_t len = column_length(w, col), sz = type_size[col->type];
        if (!len)
            return -1;
        memcpy((char *)column_data(w, col) + index % len * sz, bytes,
               n < sz ? n : sz);
        return 0;
    }
    void *base;
    size_t count, stride;
    records_of(w, rs->rec, &base, &count, &stride);
    if (!count)
        return -1;
    const struct field *f = &rs->f[i];
    memcpy((char *)base + index % count * stride + f->offset, bytes,
           n < f->size ? n : f->size);
    return 0;
}
