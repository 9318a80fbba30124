/* Inside the checkpoint (engine/checkpoint.h is its interface): the field
 * tables, the error state of one read or write, the HDF5 helpers and the
 * open checkpoint, shared by the engine/checkpoint_*.c files and by
 * nothing else. The files form a stack: fields (tables, state hash,
 * introspection) below h5 (datasets, records, queues) below params (the
 * saved parameter text, kinds of key) below write, read and replay. */
#ifndef COGOV_CHECKPOINT_IMPL_H
#define COGOV_CHECKPOINT_IMPL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "engine/checkpoint.h"

/* Bumped when the layout of /restart changes incompatibly. */
#define CHECKPOINT_FORMAT 4 /* 2: state_fnv1a; 3: history_fnv1a,
                             * snapshots_fnv1a; 4: a matter's give_up_left */

/* ---- field tables (checkpoint_fields.c) ---- */

enum ck_type { T_U8, T_I32, T_U32, T_I64, T_U64, T_F32, T_F64 };
extern const size_t ck_type_size[];

/* A field of a record: name of its dataset, place, bytes, element type
 * (arrays inside a record give a 2-D dataset [record, element]). */
struct field {
    const char *name;
    size_t offset, size;
    enum ck_type type;
};

/* A resident array: its length (n_res, n_res + 1 or the ties) and whether
 * it is saved as data (SAVED) or drawn again and checked by hash (FIXED). */
enum { LEN_RES, LEN_RES1, LEN_TIES, LEN_GROWN, LEN_ATTENDED, LEN_ARRIVAL };
enum { SAVED, FIXED };
struct column {
    const char *name;
    size_t offset;
    enum ck_type type;
    int len, kind;
};
extern const struct column ck_resident_columns[];
extern const size_t ck_n_resident_columns;
size_t ck_column_length(const struct world *w, const struct column *c);
void *ck_column_data(const struct world *w, const struct column *c);
uint64_t ck_column_hash(const struct world *w, const struct column *c);

/* The loose arrays of struct world, one dataset each under /restart:
 * the pointer at offset data, its length either a uint32_t count at
 * offset count (capacity at cap) or the rate table's n_comm * 16 * per.
 * Restoring, a LOOSE_POOL array keeps the buffer it shares with the
 * matter pool (sized with it), a LOOSE_OWN one is allocated to its length
 * and a LOOSE_RATES one fills the table world_init allocated. Only rows
 * with hashed set enter state_fnv1a (count, then data): format 3 left
 * abandoned_ages out, and adding it now would refuse every checkpoint
 * written so far. */
enum { LOOSE_POOL, LOOSE_OWN, LOOSE_RATES };
struct loose {
    const char *name;
    enum ck_type type;
    size_t data, count, cap;
    int len;
    size_t per;
    int hashed;
};
extern const struct loose ck_loose_arrays[];
extern const size_t ck_n_loose_arrays;
size_t ck_loose_length(const struct world *w, const struct loose *l);
void *ck_loose_data(const struct world *w, const struct loose *l);
/* The count and capacity of a counted array (NULL for LOOSE_RATES). */
uint32_t *ck_loose_count(const struct world *w, const struct loose *l);
uint32_t *ck_loose_cap(const struct world *w, const struct loose *l);

/* The arrays of records of a world, and their tables. */
enum { REC_WORLD, REC_COMMUNITY, REC_MATTER, REC_SOCORG, REC_CONTRACT,
       REC_WORKER, REC_PROJECT, REC_UNIT };
struct record_set {
    const char *name;  /* group under /restart */
    int rec;
    const struct field *f;
    size_t nf;
};
extern const struct record_set ck_record_sets[];
extern const size_t ck_n_record_sets;
/* The set of records of kind rec. */
const struct record_set *ck_record_set(int rec);
/* The records of kind rec in w: base, count and stride. */
void ck_records_of(const struct world *w, int rec, void **base, size_t *n,
                   size_t *stride);

/* The handlers' queues: one mqueue per record of a set. */
struct queue_set {
    const char *name;
    int rec;
    size_t offset;   /* of the struct mqueue in the record */
};
extern const struct queue_set ck_queue_sets[];
extern const size_t ck_n_queue_sets;
struct mqueue *ck_queue_at(const void *base, size_t stride, size_t i,
                           size_t offset);

/* The whole-state hash (attribute state_fnv1a of /restart): the text
 * hash of the saved parameters, days, seed and output name, continued
 * over every saved value of the world in table order. */
uint64_t ck_fnv(uint64_t h, const void *data, size_t n);  /* FNV-1a 64 */
uint64_t ck_text_hash(const char *params, int32_t days, uint64_t pseed,
                      const char *output);
uint64_t ck_state_hash(const struct world *w, uint64_t h);

/* ---- errors and HDF5 helpers (checkpoint_h5.c) ---- */

/* One read or write: the file it names in messages, where the message
 * goes, and (writing) the flag that stops it. */
struct io {
    const char *file;
    char *err;
    size_t errlen;
    volatile sig_atomic_t *stop;  /* writing: give up when set */
    int stopped;
};

/* "checkpoint FILE: message" into io->err; returns -1. */
int ck_fail(struct io *io, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* -1 with a message once a stop has been asked for while writing. */
int ck_stopping(struct io *io);
/* Message for a failed HDF5 call (right after it); returns -1. */
int ck_h5_fail(struct io *io, const char *what);

/* Scalar attributes; a fixed-length string attribute or dataset read as a
 * malloc'd string (NULL with err). 0 or -1 with err. */
int ck_put_attr(hid_t loc, const char *name, hid_t type, const void *value,
                struct io *io);
int ck_put_string_attr(hid_t loc, const char *name, const char *value,
                       struct io *io);
char *ck_get_string(hid_t loc, const char *name, int dataset,
                    struct io *io);
int ck_get_attr(hid_t loc, const char *name, hid_t type, void *value,
                struct io *io);
/* Dataset name of g as n x cols elements of type t: written, read back
 * exactly (no conversion), or its first dimension (-1 with err). */
int ck_put(hid_t g, const char *name, enum ck_type t, size_t n, size_t cols,
           const void *data, struct io *io);
int ck_get(hid_t g, const char *name, enum ck_type t, size_t n, size_t cols,
           void *data, struct io *io);
long long ck_length_of(hid_t g, const char *name, struct io *io);
hid_t ck_make_group(hid_t loc, const char *name, struct io *io);
hid_t ck_open_group(hid_t loc, const char *name, struct io *io);
/* A group of n records of the fields nf, one dataset per field. */
int ck_put_records(hid_t loc, const char *name, const void *base, size_t n,
                   size_t stride, const struct field *f, size_t nf,
                   struct io *io);
long long ck_count_records(hid_t loc, const char *name, struct io *io);
int ck_get_records(hid_t loc, const char *name, void *base, size_t n,
                   size_t stride, const struct field *f, size_t nf,
                   struct io *io);
/* The queues and platforms of w under group "queues" of loc; reading
 * needs w's records loaded and its old queues freed. */
int ck_put_queues(hid_t loc, const struct world *w, struct io *io);
int ck_get_queues(hid_t loc, struct world *w, struct io *io);

/* The saved trajectory a restart writes again: /timeseries and
 * /communities of checkpoint file f, rows x cols doubles each, read the
 * same way when the checkpoint is written (to hash it) and replayed. */
struct ck_history {
    double *day, *channel, *scope;
    double *metric[N_METRICS], *comm[N_COMMUNITY_METRICS];
};
/* Read rows days of nc communities (0, or -1 with err; free it with
 * ck_history_free either way). */
int ck_history_read(hid_t f, size_t rows, size_t nc, struct ck_history *h,
                    struct io *io);
void ck_history_free(struct ck_history *h);
/* FNV-1a over every value read, in the order read (attribute
 * history_fnv1a of /restart: the copied history's chunk indexes are in
 * the output's old format and carry no checksum). */
uint64_t ck_history_hash(const struct ck_history *h, size_t rows, size_t nc);
/* FNV-1a over the snapshots of f (attribute snapshots_fnv1a of /restart):
 * each day's name, then each column's name and values, in name order
 * (0, or -1 with err). */
int ck_snapshots_hash(hid_t f, uint64_t *h, struct io *io);
/* The residents group of snapshot day name of g (its day in *day); 0 for
 * a link that is not a day of the contract (left alone), -1 with err. */
hid_t ck_snapshot_residents(hid_t g, const char *name, int *day,
                            struct io *io);

/* ---- parameters (checkpoint_params.c) ---- */

/* Every parameter of p as "key=value" lines, read back with config_set
 * (malloc'd; NULL when out of memory). */
char *ck_params_text(const struct params *p);

/* ---- an open checkpoint (checkpoint_read.c) ---- */

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

#endif
