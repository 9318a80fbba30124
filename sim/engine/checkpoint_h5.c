/* The checkpoint's HDF5 helpers (engine/checkpoint_impl.h): error
 * messages of one read or write, attributes and datasets of exact types,
 * records one dataset per field, and the handlers' queues. */
#include "engine/checkpoint_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5err.h"
#include "io/h5str.h"
#include "model/matter.h"

/* ------------------------------------------------------------------ */
/* Errors and small HDF5 helpers                                       */

int ck_fail(struct io *io, const char *fmt, ...)
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
int ck_stopping(struct io *io)
{
    if (io->stop && *io->stop) {
        io->stopped = 1;
        return ck_fail(io, "not written: the run was stopped");
    }
    return 0;
}

/* Message for a failed HDF5 call; right after the failure. */
int ck_h5_fail(struct io *io, const char *what)
{
    char m[256];
    h5err_innermost(m, sizeof m);
    /* the reason alone: the function is HDF5's, not the user's business */
    const char *r = strstr(m, ": ");
    r = r ? r + 2 : m;
    return ck_fail(io, "%s failed%s%s%s", what, r[0] ? " (" : "", r,
                   r[0] ? ")" : "");
}

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

int ck_put_attr(hid_t loc, const char *name, hid_t type,
                const void *value, struct io *io)
{
    hid_t s = H5I_INVALID_HID, a = H5I_INVALID_HID;
    if ((s = H5Screate(H5S_SCALAR)) < 0) {
        ck_h5_fail(io, "H5Screate");
        goto fail;
    }
    if ((a = H5Acreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
        H5Awrite(a, type, value) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
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

int ck_put_string_attr(hid_t loc, const char *name, const char *value,
                       struct io *io)
{
    hid_t t = h5str_type(strlen(value));
    if (t < 0)
        return ck_h5_fail(io, "string type");
    int rc = ck_put_attr(loc, name, t, value, io);
    H5Tclose(t);
    return rc;
}

/* A string attribute or dataset (name given to H5Aopen / H5Dopen) as a
 * malloc'd string; NULL with err when missing or not a string. */
char *ck_get_string(hid_t loc, const char *name, int dataset,
                    struct io *io)
{
    hid_t o = H5I_INVALID_HID, t = H5I_INVALID_HID;
    char *buf = NULL;
    o = dataset ? H5Dopen2(loc, name, H5P_DEFAULT)
                : H5Aopen(loc, name, H5P_DEFAULT);
    if (o < 0 ||
        (t = dataset ? H5Dget_type(o) : H5Aget_type(o)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    if (H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) != 0) {
        ck_fail(io, "%s is not a fixed-length string", name);
        goto fail;
    }
    size_t n = H5Tget_size(t);
    buf = malloc(n + 1);
    if (!buf) {
        ck_fail(io, "out of memory reading %s", name);
        goto fail;
    }
    if ((dataset ? H5Dread(o, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)
                 : H5Aread(o, t, buf)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
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

int ck_get_attr(hid_t loc, const char *name, hid_t type, void *value,
                struct io *io)
{
    hid_t a = H5I_INVALID_HID;
    if ((a = H5Aopen(loc, name, H5P_DEFAULT)) < 0 ||
        H5Aread(a, type, value) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    H5Aclose(a);
    return 0;
fail:
    if (a >= 0)
        H5Aclose(a);
    return -1;
}

/* Rows of a large array written at once (a multiple of its chunk). */
enum { CK_SLAB_ROWS = 4 * 65536 };

/* Write n x cols elements of type t as dataset name in g (1-D when cols
 * is 1). Large arrays are chunked, shuffled and deflated lightly, and
 * written in slabs with the stop flag looked at between them. */
int ck_put(hid_t g, const char *name, enum ck_type t, size_t n,
           size_t cols, const void *data, struct io *io)
{
    hid_t s = H5I_INVALID_HID, pl = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t dims[2] = {n, cols};
    int rank = cols == 1 ? 1 : 2;
    char what[160];
    snprintf(what, sizeof what, "writing %s", name);
    if ((s = H5Screate_simple(rank, dims, NULL)) < 0 ||
        (pl = H5Pcreate(H5P_DATASET_CREATE)) < 0 ||
        H5Pset_obj_track_times(pl, 0) < 0) {
        ck_h5_fail(io, what);
        goto fail;
    }
    if (n * cols >= 4096) {
        hsize_t chunk[2] = {n < 65536 ? n : 65536, cols};
        if (H5Pset_chunk(pl, rank, chunk) < 0 ||
            H5Pset_shuffle(pl) < 0 ||
            H5Pset_deflate(pl, 1) < 0) {
            ck_h5_fail(io, what);
            goto fail;
        }
    }
    if ((d = H5Dcreate2(g, name, file_type(t), s, H5P_DEFAULT, pl,
                        H5P_DEFAULT)) < 0 ||
        (n * cols > 0 && n <= CK_SLAB_ROWS &&
         H5Dwrite(d, mem_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)) {
        ck_h5_fail(io, what);
        goto fail;
    }
    if (n * cols > 0 && n > CK_SLAB_ROWS) {
        /* a large array in slabs of whole chunks, looking at the stop
         * flag between them: one write of a big world's array (deflated)
         * took most of the second a stop may wait */
        size_t row = H5Tget_size(mem_type(t)) * cols;
        for (size_t off = 0; off < n; off += CK_SLAB_ROWS) {
            hsize_t start[2] = {off, 0};
            hsize_t count[2] = {n - off < CK_SLAB_ROWS ? n - off
                                                       : CK_SLAB_ROWS,
                                cols};
            hid_t ms = H5Screate_simple(rank, count, NULL);
            herr_t e = ms < 0 ? -1
                       : H5Sselect_hyperslab(s, H5S_SELECT_SET, start, NULL,
                                             count, NULL);
            if (e >= 0)
                e = H5Dwrite(d, mem_type(t), ms, s, H5P_DEFAULT,
                             (const char *)data + off * row);
            if (ms >= 0)
                H5Sclose(ms);
            if (e < 0) {
                ck_h5_fail(io, what);
                goto fail;
            }
            if (off + CK_SLAB_ROWS < n && ck_stopping(io))
                goto fail;
        }
    }
    hid_t done = d;
    d = H5I_INVALID_HID;
    if (H5Dclose(done) < 0) {
        ck_h5_fail(io, what);
        goto fail;
    }
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
long long ck_length_of(hid_t g, const char *name, struct io *io)
{
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 0};
    long long n = -1;
    if ((d = H5Dopen2(g, name, H5P_DEFAULT)) < 0 ||
        (s = H5Dget_space(d)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    if (H5Sget_simple_extent_ndims(s) < 1 ||
        H5Sget_simple_extent_dims(s, dims, NULL) < 0) {
        ck_fail(io, "%s is not an array", name);
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
int ck_get(hid_t g, const char *name, enum ck_type t, size_t n,
           size_t cols, void *data, struct io *io)
{
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID, ft = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 1};
    int rank = cols == 1 ? 1 : 2;
    if ((d = H5Dopen2(g, name, H5P_DEFAULT)) < 0 ||
        (s = H5Dget_space(d)) < 0 ||
        (ft = H5Dget_type(d)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    if (H5Sget_simple_extent_ndims(s) != rank ||
        H5Sget_simple_extent_dims(s, dims, NULL) < 0 || dims[0] != n ||
        (rank == 2 && dims[1] != cols)) {
        ck_fail(io, "%s has %llu x %llu values, expected %zu x %zu", name,
                (unsigned long long)dims[0],
                (unsigned long long)(rank == 2 ? dims[1] : 1), n, cols);
        goto fail;
    }
    if (H5Tequal(ft, file_type(t)) <= 0) {
        ck_fail(io, "%s has another element type than this build saves",
                name);
        goto fail;
    }
    if (n * cols > 0 &&
        H5Dread(d, mem_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
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

hid_t ck_make_group(hid_t loc, const char *name, struct io *io)
{
    hid_t pl = H5Pcreate(H5P_GROUP_CREATE), g = H5I_INVALID_HID;
    if (pl < 0 || H5Pset_obj_track_times(pl, 0) < 0 ||
        (g = H5Gcreate2(loc, name, H5P_DEFAULT, pl, H5P_DEFAULT)) < 0)
        ck_h5_fail(io, name);
    if (pl >= 0)
        H5Pclose(pl);
    return g;
}

hid_t ck_open_group(hid_t loc, const char *name, struct io *io)
{
    hid_t g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (g < 0)
        ck_h5_fail(io, name);
    return g;
}

/* ------------------------------------------------------------------ */
/* Records: arrays of structs, one dataset per field                   */

static size_t field_count(const struct field *f)
{
    return f->size / ck_type_size[f->type];
}

/* Group `name` in loc holding n records (attribute n) of the fields. */
int ck_put_records(hid_t loc, const char *name, const void *base,
                   size_t n, size_t stride, const struct field *f,
                   size_t nf, struct io *io)
{
    uint64_t n64 = n;
    unsigned char *buf = NULL;
    hid_t g = ck_make_group(loc, name, io);
    if (g < 0)
        return -1;
    if (ck_put_attr(g, "n", H5T_NATIVE_UINT64, &n64, io))
        goto fail;
    for (size_t k = 0; k < nf; k++) {
        if (f[k].size % ck_type_size[f[k].type]) {
            ck_fail(io, "internal error: field %s.%s", name, f[k].name);
            goto fail;
        }
        buf = malloc(n * f[k].size + 1);
        if (!buf) {
            ck_fail(io, "out of memory saving %s", name);
            goto fail;
        }
        for (size_t i = 0; i < n; i++)
            memcpy(buf + i * f[k].size,
                   (const char *)base + i * stride + f[k].offset, f[k].size);
        if (ck_put(g, f[k].name, f[k].type, n, field_count(&f[k]), buf, io) ||
            ck_stopping(io))
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
long long ck_count_records(hid_t loc, const char *name, struct io *io)
{
    uint64_t n = 0;
    hid_t g = ck_open_group(loc, name, io);
    if (g < 0)
        return -1;
    int rc = ck_get_attr(g, "n", H5T_NATIVE_UINT64, &n, io);
    H5Gclose(g);
    if (rc)
        return -1;
    if (n > UINT32_MAX)
        return ck_fail(io, "%s: %llu records is beyond what a world holds",
                       name, (unsigned long long)n);
    return (long long)n;
}

int ck_get_records(hid_t loc, const char *name, void *base, size_t n,
                   size_t stride, const struct field *f, size_t nf,
                   struct io *io)
{
    unsigned char *buf = NULL;
    hid_t g = ck_open_group(loc, name, io);
    if (g < 0)
        return -1;
    for (size_t k = 0; k < nf; k++) {
        char what[160];
        snprintf(what, sizeof what, "%s/%s", name, f[k].name);
        buf = malloc(n * f[k].size + 1);
        if (!buf) {
            ck_fail(io, "out of memory reading %s", what);
            goto fail;
        }
        if (ck_get(g, f[k].name, f[k].type, n, field_count(&f[k]), buf, io))
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

/* A list of slot lists as n [count] and slot [sum of n]. */
static int put_lists(hid_t g, size_t count, const uint32_t *n,
                     const uint32_t *const *lists, struct io *io)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += n[i];
    uint32_t *all = malloc((total + 1) * sizeof *all);
    if (!all)
        return ck_fail(io, "out of memory saving queues");
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        if (n[i])   /* an empty list may have no array at all */
            memcpy(all + k, lists[i], n[i] * sizeof *all);
        k += n[i];
    }
    int rc = ck_put(g, "n", T_U32, count, 1, n, io) ||
             ck_put(g, "slot", T_U32, total, 1, all, io);
    free(all);
    return rc ? -1 : 0;
}

int ck_put_queues(hid_t loc, const struct world *w, struct io *io)
{
    hid_t top = ck_make_group(loc, "queues", io), g = H5I_INVALID_HID;
    uint32_t *n = NULL;
    const uint32_t **lists = NULL;
    int32_t *by_ready = NULL;
    double *load = NULL;
    if (top < 0)
        return -1;
    for (size_t k = 0; k < ck_n_queue_sets; k++) {
        const struct queue_set *qs = &ck_queue_sets[k];
        void *base;
        size_t count, stride;
        ck_records_of(w, qs->rec, &base, &count, &stride);
        n = malloc((count + 1) * sizeof *n);
        lists = malloc((count + 1) * sizeof *lists);
        by_ready = malloc((count + 1) * sizeof *by_ready);
        load = malloc((count + 1) * sizeof *load);
        if (!n || !lists || !by_ready || !load) {
            ck_fail(io, "out of memory saving queues");
            goto fail;
        }
        for (size_t i = 0; i < count; i++) {
            const struct mqueue *q = ck_queue_at(base, stride, i, qs->offset);
            n[i] = q->n;
            lists[i] = q->slot;
            by_ready[i] = q->by_ready;
            load[i] = q->load;
        }
        if ((g = ck_make_group(top, qs->name, io)) < 0 ||
            put_lists(g, count, n, lists, io) ||
            ck_put(g, "by_ready", T_I32, count, 1, by_ready, io) ||
            ck_put(g, "load", T_F64, count, 1, load, io))
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
        ck_fail(io, "out of memory saving platforms");
        goto fail;
    }
    for (uint32_t c = 0; c < w->n_comm; c++) {
        n[c] = w->comm[c].n_platform;
        lists[c] = w->comm[c].platform;
    }
    if ((g = ck_make_group(top, "platform", io)) < 0 ||
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
    if (ck_get(g, "n", T_U32, count, 1, n, io))
        return -1;
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += n[i];
    uint32_t *all = malloc((total + 1) * sizeof *all);
    if (!all)
        return ck_fail(io, "out of memory reading %s", name);
    if (ck_get(g, "slot", T_U32, total, 1, all, io)) {
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
            return ck_fail(io, "out of memory reading %s", name);
        }
        for (uint32_t j = 0; j < n[i]; j++, k++) {
            if (all[k] >= n_slots) {
                uint32_t bad = all[k];
                free(all);
                return ck_fail(io, "%s: slot %u is beyond the %u matter "
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
int ck_get_queues(hid_t loc, struct world *w, struct io *io)
{
    hid_t top = ck_open_group(loc, "queues", io), g = H5I_INVALID_HID;
    uint32_t *n = NULL, **lists = NULL;
    int32_t *by_ready = NULL;
    double *load = NULL;
    size_t count = 0;
    if (top < 0)
        return -1;
    for (size_t k = 0; k <= ck_n_queue_sets; k++) {
        const struct queue_set *qs =
            k < ck_n_queue_sets ? &ck_queue_sets[k]
                                                       : NULL;
        void *base = NULL;
        size_t stride = 0;
        if (qs)
            ck_records_of(w, qs->rec, &base, &count, &stride);
        else
            count = w->n_comm;
        n = calloc(count + 1, sizeof *n);
        lists = calloc(count + 1, sizeof *lists);
        by_ready = calloc(count + 1, sizeof *by_ready);
        load = calloc(count + 1, sizeof *load);
        if (!n || !lists || !by_ready || !load) {
            ck_fail(io, "out of memory reading queues");
            goto fail;
        }
        const char *name = qs ? qs->name : "platform";
        if ((g = ck_open_group(top, name, io)) < 0 ||
            get_lists(g, name, count, w->n_slots, n, lists, io) ||
            (qs && (ck_get(g, "by_ready", T_I32, count, 1, by_ready, io) ||
                    ck_get(g, "load", T_F64, count, 1, load, io))))
            goto fail;
        for (size_t i = 0; i < count; i++) {
            if (qs) {
                struct mqueue *q = ck_queue_at(base, stride, i, qs->offset);
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
/* The saved trajectory and its hash                                   */

/* /group/name as rows x cols doubles (malloc'd). */
static double *read_rows(hid_t f, const char *group, const char *name,
                         size_t rows, size_t cols, struct io *io)
{
    char path[256];
    hid_t d = H5I_INVALID_HID, s = H5I_INVALID_HID, t = H5I_INVALID_HID;
    hsize_t dims[2] = {0, 1};
    double *v = NULL;
    snprintf(path, sizeof path, "/%s/%s", group, name);
    if ((d = H5Dopen2(f, path, H5P_DEFAULT)) < 0 ||
        (s = H5Dget_space(d)) < 0 || (t = H5Dget_type(d)) < 0) {
        ck_h5_fail(io, path);
        goto fail;
    }
    /* a type the output writes (io/h5out.c: integers of 1, 4 or 8
     * bytes, floats of 4 or 8): a damaged type message (a flipped bit can
     * make a float of 4 104 bytes) would have HDF5 convert elements of
     * another size into v */
    H5T_class_t tc = H5Tget_class(t);
    size_t tz = H5Tget_size(t);
    if (!(tc == H5T_INTEGER && (tz == 1 || tz == 4 || tz == 8)) &&
        !(tc == H5T_FLOAT && (tz == 4 || tz == 8))) {
        ck_fail(io, "%s has a type no output holds (damaged?)", path);
        goto fail;
    }
    int rank = H5Sget_simple_extent_ndims(s);
    if (rank < 1 || rank > 2 || H5Sget_simple_extent_dims(s, dims, NULL) < 0 ||
        dims[0] != rows || (rank == 2 ? dims[1] : 1) != cols) {
        ck_fail(io, "%s does not hold %zu rows of %zu values", path, rows,
                cols);
        goto fail;
    }
    v = malloc((rows * cols + 1) * sizeof *v);
    if (!v) {
        ck_fail(io, "out of memory reading %s", path);
        goto fail;
    }
    if (rows &&
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        ck_h5_fail(io, path);
        goto fail;
    }
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
    return v;
fail:
    free(v);
    if (t >= 0)
        H5Tclose(t);
    if (s >= 0)
        H5Sclose(s);
    if (d >= 0)
        H5Dclose(d);
    return NULL;
}

int ck_history_read(hid_t f, size_t rows, size_t nc, struct ck_history *h,
                    struct io *io)
{
    memset(h, 0, sizeof *h);
    if (!(h->day = read_rows(f, "timeseries", "day", rows, 1, io)) ||
        !(h->channel = read_rows(f, "timeseries", "resolved_by_channel", rows,
                                 N_CHANNELS, io)) ||
        !(h->scope = read_rows(f, "timeseries", "open_by_scope", rows,
                               N_SCOPES, io)))
        return -1;
    for (int k = 0; k < N_METRICS; k++)
        if (!(h->metric[k] = read_rows(f, "timeseries", metric_defs[k].name,
                                       rows, 1, io)))
            return -1;
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        if (!(h->comm[k] = read_rows(f, "communities",
                                     community_metric_defs[k].name, rows, nc,
                                     io)))
            return -1;
    return 0;
}

void ck_history_free(struct ck_history *h)
{
    free(h->day);
    free(h->channel);
    free(h->scope);
    for (int k = 0; k < N_METRICS; k++)
        free(h->metric[k]);
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        free(h->comm[k]);
    memset(h, 0, sizeof *h);
}

uint64_t ck_history_hash(const struct ck_history *h, size_t rows, size_t nc)
{
    const size_t d = sizeof(double);
    uint64_t x = ck_fnv(14695981039346656037ull, h->day, rows * d);
    x = ck_fnv(x, h->channel, rows * N_CHANNELS * d);
    x = ck_fnv(x, h->scope, rows * N_SCOPES * d);
    for (int k = 0; k < N_METRICS; k++)
        x = ck_fnv(x, h->metric[k], rows * d);
    for (int k = 0; k < N_COMMUNITY_METRICS; k++)
        x = ck_fnv(x, h->comm[k], rows * nc * d);
    return x;
}

struct ck_snapshots_hash {
    uint64_t h;
    struct io *io;
};

/* One column of a snapshot: its name and values, read as its native type. */
static herr_t hash_column(hid_t g, const char *name, const H5L_info_t *li,
                          void *data)
{
    struct ck_snapshots_hash *c = data;
    hid_t d = H5I_INVALID_HID, t = H5I_INVALID_HID, nt = H5I_INVALID_HID;
    hid_t s = H5I_INVALID_HID;
    void *buf = NULL;
    herr_t rc = -1;
    (void)li;
    if ((d = H5Dopen2(g, name, H5P_DEFAULT)) < 0 ||
        (t = H5Dget_type(d)) < 0 ||
        (nt = H5Tget_native_type(t, H5T_DIR_ASCEND)) < 0 ||
        (s = H5Dget_space(d)) < 0) {
        ck_h5_fail(c->io, name);
        goto done;
    }
    hssize_t n = H5Sget_simple_extent_npoints(s);
    size_t el = H5Tget_size(nt);
    if (n < 0 || el == 0 || !(buf = malloc((size_t)n * el + 1))) {
        ck_fail(c->io, "out of memory reading snapshot %s", name);
        goto done;
    }
    if (n && H5Dread(d, nt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        ck_h5_fail(c->io, name);
        goto done;
    }
    c->h = ck_fnv(c->h, name, strlen(name) + 1);
    c->h = ck_fnv(c->h, buf, (size_t)n * el);
    rc = 0;
done:
    free(buf);
    if (s >= 0)
        H5Sclose(s);
    if (nt >= 0)
        H5Tclose(nt);
    if (t >= 0)
        H5Tclose(t);
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

hid_t ck_snapshot_residents(hid_t g, const char *name, int *day,
                            struct io *io)
{
    char path[64], extra;
    if (sscanf(name, "day_%d%c", day, &extra) != 1 || *day < 0)
        return 0;   /* not a snapshot of the contract: leave it */
    snprintf(path, sizeof path, "%s/residents", name);
    hid_t r = H5Gopen2(g, path, H5P_DEFAULT);
    if (r < 0)  /* we write every day with its residents: damaged */
        return ck_fail(io, "snapshot %s has no residents group", name);
    return r;
}

/* One day of the snapshots: its name, then its columns. */
static herr_t hash_day(hid_t g, const char *name, const H5L_info_t *li,
                       void *data)
{
    struct ck_snapshots_hash *c = data;
    int day;
    (void)li;
    hid_t r = ck_snapshot_residents(g, name, &day, c->io);
    if (r <= 0)
        return r;
    c->h = ck_fnv(c->h, name, strlen(name) + 1);
    hsize_t idx = 0;
    herr_t rc = H5Literate(r, H5_INDEX_NAME, H5_ITER_INC, &idx, hash_column,
                           c);
    H5Gclose(r);
    return rc < 0 ? -1 : 0;
}

int ck_snapshots_hash(hid_t f, uint64_t *h, struct io *io)
{
    struct ck_snapshots_hash c = {14695981039346656037ull, io};
    htri_t ex = H5Lexists(f, "/snapshots", H5P_DEFAULT);
    if (ex < 0)
        return ck_h5_fail(io, "/snapshots");
    if (ex) {
        hid_t g = ck_open_group(f, "/snapshots", io);
        if (g < 0)
            return -1;
        hsize_t idx = 0;
        herr_t r = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, hash_day,
                              &c);
        H5Gclose(g);
        if (r < 0) {
            if (io->err && !io->err[0])
                ck_h5_fail(io, "reading the snapshots");
            return -1;
        }
    }
    *h = c.h;
    return 0;
}
