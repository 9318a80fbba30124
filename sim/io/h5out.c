/* HDF5 writer of one run: the layout of docs/MODEL.md section 8
 * (docs/MODEL.md, "Observation"). Rows are buffered per series and appended
 * along an unlimited time axis with H5Dset_extent and a hyperslab (the
 * pattern of SWIFT's append_dataset and the HDF Group's h5ex_d_unlimadd.c);
 * the file lives under "<path>.partial" until h5out_close(o, 1) publishes it.
 *
 * Choices a reader of the files may rely on:
 * - Default (earliest) HDF5 file format, no H5F_LIBVER_LATEST: any HDF5
 *   >= 1.8 reader (h5py, h5dump, MATLAB, R) opens the files. Its one limit
 *   is 64 KiB of attributes per object, so long text goes in datasets.
 * - Every string is a fixed-length, NUL-terminated, UTF-8 string: h5dump
 *   prints it as text, h5py returns bytes, and C reads it back with
 *   H5Tget_size + one H5Dread/H5Aread into a buffer (no vlen reclaim).
 *   /config is a scalar dataset of that kind holding the whole text.
 * - /timeseries and /communities are created at open, empty if the run
 *   declares nothing there, so readers can rely on them; any other group
 *   (/snapshots/day_NNNNN/residents, ...) is created when first needed.
 * - Datasets are chunked; series chunks hold up to 1024 rows (no more
 *   than the run's days) and at most 256 KiB, so that a chunk being
 *   appended stays in HDF5's default 1 MiB per-dataset chunk cache and a
 *   whole series reads in a few chunks. Chunks of 8 KiB or more are
 *   shuffled and deflated (level 4); smaller ones are stored plain with a
 *   Fletcher-32 checksum, since deflate's set-up for each chunk (about
 *   270 KiB of state, allocated and zeroed) costs more than the few bytes
 *   it would save, and was most of the time of a tiny sweep task
 *   (docs/PERFORMANCE.md). Either way a damaged chunk fails to read. Object timestamps are off, so two
 *   identical runs differ only in created_utc.
 * - HDF5's automatic error printing is switched off while a function of
 *   this module runs (and restored on return); the innermost HDF5 error is
 *   copied into the caller's message instead. */
#include "io/h5out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>

#include "io/afile.h"
#include "io/h5err.h"
#include "io/h5str.h"

#define DEFLATE_LEVEL 4
#define CHUNK_ROWS_MAX 1024
#define CHUNK_ROWS_MIN 16
#define CHUNK_BYTES_MAX ((size_t)256 * 1024)
#define DEFLATE_MIN_BYTES ((size_t)8 * 1024)
#define ISTORE_K 4

struct series {
    hid_t dset;              /* open from h5out_series to h5out_close */
    char *name;              /* "/group/name", for messages */
    int ncols, rank;
    enum h5out_dtype dtype;
    size_t rowbytes;
    unsigned char *buf;      /* flush_every rows */
    int nbuf;                /* rows waiting in buf */
    hsize_t nrows;           /* rows already in the file */
};

struct h5out {
    hid_t file;
    char *path;              /* final name */
    char *partial;           /* "<path>.partial", the name while writing */
    char *dir;               /* directory of both, for the checks */
    struct afile af;         /* the partial file, ours alone (io/afile.h) */
    int force;
    int flush_every;
    hsize_t days;            /* rows a series is expected to reach */
    struct series *series;
    int nseries, capseries;
    /* the creation properties of the last series declared, for the next
     * one of the same layout (most are: one property list, not 56) */
    hid_t dcpl;
    int dcpl_rank;
    hsize_t dcpl_chunk[2];
    size_t dcpl_bytes;
};

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Message for a failed HDF5 call: the file, the step and what HDF5 said.
 * Must be called right after the failure, before any other HDF5 call
 * resets the error stack. */
static void h5fail(char *err, size_t errlen, const char *file,
                   const char *fmt, ...)
{
    char detail[320];
    h5err_innermost(detail, sizeof detail);
    if (!err || errlen == 0)
        return;
    char step[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(step, sizeof step, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "h5out: %s: %s failed%s%s%s", file, step,
             detail[0] ? " (HDF5 " : "", detail, detail[0] ? ")" : "");
}


/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static int dtype_valid(enum h5out_dtype t)
{
    return t == H5OUT_F64 || t == H5OUT_F32 || t == H5OUT_I32 ||
           t == H5OUT_I64 || t == H5OUT_U8;
}

static size_t dtype_size(enum h5out_dtype t)
{
    switch (t) {
    case H5OUT_F64: case H5OUT_I64: return 8;
    case H5OUT_F32: case H5OUT_I32: return 4;
    case H5OUT_U8: return 1;
    }
    return 0;
}

/* Memory type: the machine's; file type: fixed little-endian, so files do
 * not depend on the machine that wrote them. */
static hid_t dtype_mem(enum h5out_dtype t)
{
    switch (t) {
    case H5OUT_F64: return H5T_NATIVE_DOUBLE;
    case H5OUT_F32: return H5T_NATIVE_FLOAT;
    case H5OUT_I32: return H5T_NATIVE_INT32;
    case H5OUT_I64: return H5T_NATIVE_INT64;
    case H5OUT_U8: return H5T_NATIVE_UINT8;
    }
    return H5I_INVALID_HID;
}

static hid_t dtype_file(enum h5out_dtype t)
{
    switch (t) {
    case H5OUT_F64: return H5T_IEEE_F64LE;
    case H5OUT_F32: return H5T_IEEE_F32LE;
    case H5OUT_I32: return H5T_STD_I32LE;
    case H5OUT_I64: return H5T_STD_I64LE;
    case H5OUT_U8: return H5T_STD_U8LE;
    }
    return H5I_INVALID_HID;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Directory part of path ("." when there is none). Caller frees. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return dupstr(".");
    if (slash == path)
        return dupstr("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = 0;
    }
    return d;
}

/* A link name: non-empty, no '/', not "." or "..". */
static int name_ok(const char *s)
{
    return s && s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 &&
           strcmp(s, "..") != 0;
}


/* Creation property list for groups and datasets without timestamps. */
static hid_t untimed_plist(hid_t cls)
{
    hid_t p = H5Pcreate(cls);
    if (p < 0)
        return p;
    if (H5Pset_obj_track_times(p, 0) < 0) {
        H5Pclose(p);
        return H5I_INVALID_HID;
    }
    return p;
}

/* Write attribute name of obj (called objname in messages), replacing any
 * attribute of that name. */
static int attr_put(hid_t obj, const char *objname, const char *name,
                    hid_t ftype, hid_t mtype, hid_t space, const void *val,
                    const char *file, char *err, size_t errlen)
{
    hid_t a = H5I_INVALID_HID;
    htri_t ex;
    if ((ex = H5Aexists(obj, name)) < 0 ||
        (ex > 0 && H5Adelete(obj, name) < 0) ||
        (a = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT,
                        H5P_DEFAULT)) < 0 ||
        H5Awrite(a, mtype, val) < 0)
        goto fail;
    hid_t done = a;
    a = H5I_INVALID_HID;
    if (H5Aclose(done) < 0)
        goto fail;
    return 0;
fail:
    h5fail(err, errlen, file, "writing attribute %s@%s", objname, name);
    if (a >= 0)
        H5Aclose(a);
    return -1;
}

/* A scalar attribute (a string one when ftype is a string type). */
static int attr_scalar(hid_t obj, const char *objname, const char *name,
                       hid_t ftype, hid_t mtype, const void *val,
                       const char *file, char *err, size_t errlen)
{
    hid_t s = H5Screate(H5S_SCALAR);
    if (s < 0) {
        h5fail(err, errlen, file, "H5Screate %s@%s", objname, name);
        return -1;
    }
    int rc = attr_put(obj, objname, name, ftype, mtype, s, val, file, err,
                      errlen);
    H5Sclose(s);
    return rc;
}

static int attr_string(hid_t obj, const char *objname, const char *name,
                       const char *value, const char *file, char *err,
                       size_t errlen)
{
    if (!value)
        value = "";
    hid_t t = h5str_type(strlen(value));
    if (t < 0) {
        h5fail(err, errlen, file, "string type %s@%s", objname, name);
        return -1;
    }
    int rc = attr_scalar(obj, objname, name, t, t, value, file, err, errlen);
    H5Tclose(t);
    return rc;
}

/* 1-D array of strings from "a,b,c" (blanks around items dropped); there
 * must be exactly nexpect non-empty items. */
static int attr_string_list(hid_t obj, const char *objname, const char *name,
                            const char *csv, int nexpect, const char *file,
                            char *err, size_t errlen)
{
    hid_t t = H5I_INVALID_HID, s = H5I_INVALID_HID;
    char *packed = NULL;
    size_t n = 1, width = 0, len = 0;
    for (const char *c = csv; *c; c++)
        n += *c == ',';
    /* pass 1: widest item; pass 2: copy into n fixed-width slots */
    for (int pass = 0; pass < 2; pass++) {
        const char *p = csv;
        for (size_t i = 0; i < n; i++) {
            const char *end = strchr(p, ',');
            if (!end)
                end = p + strlen(p);
            const char *b = p, *e = end;
            while (b < e && (*b == ' ' || *b == '\t'))
                b++;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            len = (size_t)(e - b);
            if (pass == 0 && len == 0) {
                seterr(err, errlen, "h5out: %s: attribute %s@%s: empty "
                       "item %zu in \"%s\"", file, objname, name, i + 1, csv);
                goto fail;
            }
            if (pass == 0 && len > width)
                width = len;
            if (pass == 1)
                memcpy(packed + i * (width + 1), b, len);
            p = *end ? end + 1 : end;
        }
        if (pass == 0) {
            if ((int)n != nexpect) {
                seterr(err, errlen, "h5out: %s: attribute %s@%s names %zu "
                       "columns but the series has %d", file, objname, name,
                       n, nexpect);
                goto fail;
            }
            packed = calloc(n, width + 1);
            if (!packed) {
                seterr(err, errlen, "h5out: %s: out of memory", file);
                goto fail;
            }
        }
    }
    hsize_t dims[1] = {n};
    if ((t = h5str_type(width)) < 0 ||
        (s = H5Screate_simple(1, dims, NULL)) < 0) {
        h5fail(err, errlen, file, "string list type %s@%s", objname, name);
        goto fail;
    }
    if (attr_put(obj, objname, name, t, t, s, packed, file, err, errlen) < 0)
        goto fail;
    H5Sclose(s);
    H5Tclose(t);
    free(packed);
    return 0;
fail:
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    free(packed);
    return -1;
}

/* units and description of a dataset */
static int attr_doc(hid_t d, const char *objname, const char *units,
                    const char *description, const char *file, char *err,
                    size_t errlen)
{
    if (attr_string(d, objname, "units", units, file, err, errlen) < 0 ||
        attr_string(d, objname, "description", description, file, err,
                    errlen) < 0)
        return -1;
    return 0;
}

/* Create each missing group along the absolute path grp ("/a/b"). */
static int ensure_groups(hid_t file, const char *grp, const char *fname,
                         char *err, size_t errlen)
{
    hid_t gcpl = H5I_INVALID_HID, g = H5I_INVALID_HID;
    char *buf = dupstr(grp);
    if (!buf) {
        seterr(err, errlen, "h5out: %s: out of memory", fname);
        return -1;
    }
    if ((gcpl = untimed_plist(H5P_GROUP_CREATE)) < 0) {
        h5fail(err, errlen, fname, "H5Pcreate gcpl");
        goto fail;
    }
    for (char *p = buf + 1; ; p++) {
        if (*p != '/' && *p != 0)
            continue;
        char c = *p;
        *p = 0;
        htri_t ex;
        if ((ex = H5Lexists(file, buf, H5P_DEFAULT)) < 0) {
            h5fail(err, errlen, fname, "H5Lexists %s", buf);
            goto fail;
        }
        if (!ex) {
            if ((g = H5Gcreate2(file, buf, H5P_DEFAULT, gcpl,
                                H5P_DEFAULT)) < 0) {
                h5fail(err, errlen, fname, "H5Gcreate2 %s", buf);
                goto fail;
            }
            hid_t done = g;
            g = H5I_INVALID_HID;
            if (H5Gclose(done) < 0) {
                h5fail(err, errlen, fname, "H5Gclose %s", buf);
                goto fail;
            }
        }
        *p = c;
        if (!c)
            break;
    }
    H5Pclose(gcpl);
    free(buf);
    return 0;
fail:
    if (g >= 0)
        H5Gclose(g);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    free(buf);
    return -1;
}

/* Chunk of a series of about `days` rows: up to CHUNK_ROWS_MAX rows
 * (fewer for a shorter run) of whole rows within CHUNK_BYTES_MAX; only
 * very wide rows are also split across columns. */
static void series_chunk(size_t elsize, int ncols, hsize_t days,
                         hsize_t *rows, hsize_t *cols)
{
    hsize_t r = CHUNK_ROWS_MAX, c = (hsize_t)ncols;
    while (r > CHUNK_ROWS_MIN && r / 2 >= days)
        r /= 2;
    while (r > CHUNK_ROWS_MIN && r * c * elsize > CHUNK_BYTES_MAX)
        r /= 2;
    if (r * c * elsize > CHUNK_BYTES_MAX) {
        c = CHUNK_BYTES_MAX / (r * elsize);
        if (c < 1)
            c = 1;
    }
    *rows = r;
    *cols = c;
}

/* Filters of chunks of `bytes`: shuffle and deflate from DEFLATE_MIN_BYTES
 * on, else a Fletcher-32 checksum, so that a damaged chunk is refused on
 * reading either way (deflate's stream has its own checksum). */
static int filtered(hid_t dcpl, size_t bytes, const char *file,
                    const char *full, char *err, size_t errlen)
{
    int bad = bytes < DEFLATE_MIN_BYTES
                  ? H5Pset_fletcher32(dcpl) < 0
                  : H5Pset_shuffle(dcpl) < 0 ||
                        H5Pset_deflate(dcpl, DEFLATE_LEVEL) < 0;
    if (bad) {
        h5fail(err, errlen, file, "filters of %s", full);
        return -1;
    }
    return 0;
}

/* Append the buffered rows of s to its dataset. */
static int series_write(struct h5out *o, struct series *s, char *err,
                        size_t errlen)
{
    hid_t fs = H5I_INVALID_HID, ms = H5I_INVALID_HID;
    if (s->nbuf == 0)
        return 0;
    int rank = s->rank;
    hsize_t dims[2] = {s->nrows + (hsize_t)s->nbuf, (hsize_t)s->ncols};
    hsize_t start[2] = {s->nrows, 0};
    hsize_t count[2] = {(hsize_t)s->nbuf, (hsize_t)s->ncols};
    if (H5Dset_extent(s->dset, dims) < 0 ||
        (fs = H5Dget_space(s->dset)) < 0 ||
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count,
                            NULL) < 0 ||
        (ms = H5Screate_simple(rank, count, NULL)) < 0 ||
        H5Dwrite(s->dset, dtype_mem(s->dtype), ms, fs, H5P_DEFAULT,
                 s->buf) < 0) {
        h5fail(err, errlen, o->partial, "appending to %s", s->name);
        goto fail;
    }
    H5Sclose(ms);
    H5Sclose(fs);
    s->nrows = dims[0];
    s->nbuf = 0;
    return 0;
fail:
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return -1;
}

static int write_all(struct h5out *o, char *err, size_t errlen)
{
    for (int i = 0; i < o->nseries; i++)
        if (series_write(o, &o->series[i], err, errlen) < 0)
            return -1;
    return 0;
}

/* Releases everything o owns, closing what is still open. */
static void destroy(struct h5out *o)
{
    if (!o)
        return;
    for (int i = 0; i < o->nseries; i++) {
        if (o->series[i].dset >= 0)
            H5Dclose(o->series[i].dset);
        free(o->series[i].name);
        free(o->series[i].buf);
    }
    free(o->series);
    if (o->dcpl >= 0)
        H5Pclose(o->dcpl);
    if (o->file >= 0)
        H5Fclose(o->file);
    afile_end(&o->af, 0);
    free(o->path);
    free(o->partial);
    free(o->dir);
    free(o);
}

/* ------------------------------------------------------------------ */
/* Open                                                                */

static int open_impl(struct h5out **out, const char *path, int force,
                     const struct h5out_meta *meta, char *err, size_t errlen)
{
    struct h5out *o = NULL;
    hid_t fapl = H5I_INVALID_HID, g = H5I_INVALID_HID;
    hid_t t = H5I_INVALID_HID, s = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hid_t dcpl = H5I_INVALID_HID, gcpl = H5I_INVALID_HID;
    hid_t fcpl = H5I_INVALID_HID;
    int created = 0;
    struct stat st;
    char now[32];

    if (!out || !path || !path[0] || !meta) {
        seterr(err, errlen, "h5out: open: missing output path or metadata");
        return -1;
    }
    *out = NULL;
    size_t plen = strlen(path);
    if (path[plen - 1] == '/') {
        seterr(err, errlen, "h5out: %s names a directory, not a file", path);
        return -1;
    }
    if (meta->flush_every < 1) {
        seterr(err, errlen, "h5out: %s: flush_every must be >= 1 (got %d)",
               path, meta->flush_every);
        return -1;
    }
    if (meta->n_code < 0 ||
        (meta->n_code > 0 && (!meta->code_keys || !meta->code_values))) {
        seterr(err, errlen, "h5out: %s: bad /code attribute list", path);
        return -1;
    }
    for (int i = 0; i < meta->n_code; i++) {
        if (!meta->code_keys[i] || !meta->code_keys[i][0]) {
            seterr(err, errlen, "h5out: %s: /code attribute %d has no name",
                   path, i);
            return -1;
        }
    }

    o = calloc(1, sizeof *o);
    if (!o)
        goto oom;
    o->file = H5I_INVALID_HID;
    o->dcpl = H5I_INVALID_HID;
    o->force = force;
    o->flush_every = meta->flush_every;
    o->days = meta->days > 0 ? (hsize_t)meta->days : CHUNK_ROWS_MAX;
    o->path = dupstr(path);
    o->partial = malloc(plen + sizeof ".partial");
    o->dir = dir_of(path);
    if (!o->path || !o->partial || !o->dir)
        goto oom;
    memcpy(o->partial, path, plen);
    memcpy(o->partial + plen, ".partial", sizeof ".partial");

    if (h5out_check_place(path, err, errlen))
        goto fail;
    if (lstat(path, &st) == 0) {
        if (!force) {
            seterr(err, errlen, "h5out: %s exists; use --force to "
                   "overwrite it or choose another -o", path);
            goto fail;
        }
    } else if (errno != ENOENT) {
        seterr(err, errlen, "h5out: %s: %s", path, strerror(errno));
        goto fail;
    }
    /* the partial is created exclusively and locked: a second run of the
     * same -o is refused, a stale one left by a kill is replaced */
    char aerr[1024];
    if (afile_begin(&o->af, path, force, aerr, sizeof aerr) != 0) {
        seterr(err, errlen, "h5out: %s", aerr);
        goto fail;
    }

    /* Strong close degree: H5Fclose really closes the file before we sync
     * and rename it, even if an identifier were left open by mistake. */
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        h5fail(err, errlen, o->partial, "file access properties");
        goto fail;
    }
    created = 1;   /* from here on a failure removes the partial file */
    /* B-tree nodes of chunk indexes of 8 entries (K = 4) instead of 64:
     * a series has a few chunks, and the default nodes were half of a
     * short run's file (superblock version 1, HDF5 >= 1.6 reads it) */
    if ((fcpl = H5Pcreate(H5P_FILE_CREATE)) < 0 ||
        H5Pset_istore_k(fcpl, ISTORE_K) < 0 ||
        (o->file = H5Fcreate(o->partial, H5F_ACC_TRUNC, fcpl, fapl)) < 0) {
        h5fail(err, errlen, o->partial, "H5Fcreate");
        goto fail;
    }

    /* root attributes */
    if (!meta->created_utc) {
        time_t tnow = time(NULL);
        struct tm tm;
        if (!gmtime_r(&tnow, &tm) ||
            !strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm))
            snprintf(now, sizeof now, "unknown");
    }
    int32_t zero = 0;
    if (attr_string(o->file, "/", "cogov_version", meta->cogov_version,
                    o->partial, err, errlen) < 0 ||
        attr_string(o->file, "/", "scenario", meta->scenario, o->partial,
                    err, errlen) < 0 ||
        attr_scalar(o->file, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                    &meta->seed, o->partial, err, errlen) < 0 ||
        attr_scalar(o->file, "/", "n_residents", H5T_STD_I64LE,
                    H5T_NATIVE_INT64, &meta->n_residents, o->partial, err,
                    errlen) < 0 ||
        attr_scalar(o->file, "/", "n_communities", H5T_STD_I64LE,
                    H5T_NATIVE_INT64, &meta->n_communities, o->partial, err,
                    errlen) < 0 ||
        attr_scalar(o->file, "/", "days", H5T_STD_I64LE, H5T_NATIVE_INT64,
                    &meta->days, o->partial, err, errlen) < 0 ||
        attr_scalar(o->file, "/", "complete", H5T_STD_I32LE,
                    H5T_NATIVE_INT32, &zero, o->partial, err, errlen) < 0 ||
        attr_string(o->file, "/", "created_utc",
                    meta->created_utc ? meta->created_utc : now, o->partial,
                    err, errlen) < 0)
        goto fail;

    /* /config: one scalar fixed-length string */
    const char *cfg = meta->config_text ? meta->config_text : "";
    if ((t = h5str_type(strlen(cfg))) < 0 ||
        (s = H5Screate(H5S_SCALAR)) < 0 ||
        (dcpl = untimed_plist(H5P_DATASET_CREATE)) < 0 ||
        (d = H5Dcreate2(o->file, "/config", t, s, H5P_DEFAULT, dcpl,
                        H5P_DEFAULT)) < 0 ||
        H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, cfg) < 0) {
        h5fail(err, errlen, o->partial, "writing /config");
        goto fail;
    }
    if (attr_doc(d, "/config", "", "fully resolved configuration (libconfig "
                 "text); the run can be repeated from it", o->partial, err,
                 errlen) < 0)
        goto fail;
    hid_t done = d;
    d = H5I_INVALID_HID;
    if (H5Dclose(done) < 0) {
        h5fail(err, errlen, o->partial, "H5Dclose /config");
        goto fail;
    }

    /* /code */
    if ((gcpl = untimed_plist(H5P_GROUP_CREATE)) < 0 ||
        (g = H5Gcreate2(o->file, "/code", H5P_DEFAULT, gcpl,
                        H5P_DEFAULT)) < 0) {
        h5fail(err, errlen, o->partial, "H5Gcreate2 /code");
        goto fail;
    }
    for (int i = 0; i < meta->n_code; i++)
        if (attr_string(g, "/code", meta->code_keys[i], meta->code_values[i],
                        o->partial, err, errlen) < 0)
            goto fail;
    done = g;
    g = H5I_INVALID_HID;
    if (H5Gclose(done) < 0) {
        h5fail(err, errlen, o->partial, "H5Gclose /code");
        goto fail;
    }

    /* groups of the contract, present even when empty */
    if (ensure_groups(o->file, "/timeseries", o->partial, err, errlen) < 0 ||
        ensure_groups(o->file, "/communities", o->partial, err, errlen) < 0)
        goto fail;

    H5Pclose(gcpl);
    H5Pclose(dcpl);
    H5Sclose(s);
    H5Tclose(t);
    H5Pclose(fapl);
    H5Pclose(fcpl);
    *out = o;
    return 0;

oom:
    seterr(err, errlen, "h5out: %s: out of memory", path);
fail:
    if (d >= 0)
        H5Dclose(d);
    if (g >= 0)
        H5Gclose(g);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    if (o && created) {
        if (o->file >= 0)
            H5Fclose(o->file);
        o->file = H5I_INVALID_HID;
    }
    if (o)
        afile_end(&o->af, 1);
    destroy(o);
    return -1;
}

int h5out_check_place(const char *path, char *err, size_t errlen)
{
    struct stat st;
    char *dir = dir_of(path);
    int rc = -1;
    if (!dir)
        seterr(err, errlen, "h5out: out of memory");
    else if (stat(dir, &st) != 0)
        seterr(err, errlen, "h5out: directory %s for %s: %s", dir, path,
               strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        seterr(err, errlen, "h5out: %s (for %s) is not a directory", dir,
               path);
    else if (access(dir, W_OK | X_OK) != 0)
        seterr(err, errlen, "h5out: directory %s is not writable (%s); "
               "choose another -o", dir, strerror(errno));
    else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
        seterr(err, errlen, "h5out: %s is a directory; choose another -o",
               path);
    else
        rc = 0;
    free(dir);
    return rc;
}

int h5out_open(struct h5out **out, const char *path, int force,
               const struct h5out_meta *meta, char *err, size_t errlen)
{
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = open_impl(out, path, force, meta, err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Series                                                              */

static int series_impl(struct h5out *o, const char *group, const char *name,
                       const char *units, const char *description, int ncols,
                       int rank, enum h5out_dtype dtype,
                       const char *attr_name, const char *attr_values,
                       char *err, size_t errlen)
{
    hid_t sp = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hid_t d = H5I_INVALID_HID;
    char *full = NULL, *parent = NULL;
    unsigned char *buf = NULL;

    if (!o) {
        seterr(err, errlen, "h5out: series: no open file");
        return -1;
    }
    while (group && *group == '/')
        group++;
    size_t glen = group ? strlen(group) : 0;
    while (glen > 0 && group[glen - 1] == '/')
        glen--;
    if (glen == 0 || !name_ok(name) || ncols < 1 || !dtype_valid(dtype) ||
        (attr_name && !attr_name[0]) || (attr_name && !attr_values)) {
        seterr(err, errlen, "h5out: %s: bad series declaration (group "
               "\"%s\", name \"%s\", ncols %d)", o->partial,
               group ? group : "(null)", name ? name : "(null)", ncols);
        return -1;
    }
    size_t elsize = dtype_size(dtype);
    if ((size_t)ncols > (size_t)-1 / elsize / (size_t)o->flush_every) {
        seterr(err, errlen, "h5out: %s: series %s is too wide", o->partial,
               name);
        return -1;
    }
    size_t flen = glen + strlen(name) + 3;
    full = malloc(flen);
    parent = malloc(glen + 2);
    if (!full || !parent)
        goto oom;
    snprintf(full, flen, "/%.*s/%s", (int)glen, group, name);
    snprintf(parent, glen + 2, "/%.*s", (int)glen, group);
    /* the group exists when a series was declared in it: no lookups */
    int have_group = 0;
    for (int i = 0; i < o->nseries; i++) {
        if (strcmp(o->series[i].name, full) == 0) {
            seterr(err, errlen, "h5out: %s: series %s declared twice",
                   o->partial, full);
            goto fail;
        }
        have_group = have_group ||
                     (strncmp(o->series[i].name, parent, glen + 1) == 0 &&
                      o->series[i].name[glen + 1] == '/');
    }
    if (o->nseries == o->capseries) {
        int cap = o->capseries ? 2 * o->capseries : 32;
        struct series *ns = realloc(o->series, (size_t)cap * sizeof *ns);
        if (!ns)
            goto oom;
        o->series = ns;
        o->capseries = cap;
    }
    buf = malloc((size_t)o->flush_every * (size_t)ncols * elsize);
    if (!buf)
        goto oom;

    hsize_t dims[2] = {0, (hsize_t)ncols};
    hsize_t maxdims[2] = {H5S_UNLIMITED, (hsize_t)ncols};
    hsize_t chunk[2];
    series_chunk(elsize, ncols, o->days, &chunk[0], &chunk[1]);
    if (!have_group &&
        ensure_groups(o->file, parent, o->partial, err, errlen) < 0)
        goto fail;
    size_t bytes = chunk[0] * chunk[1] * elsize;
    if (o->dcpl >= 0 && (o->dcpl_rank != rank || o->dcpl_bytes != bytes ||
                         o->dcpl_chunk[0] != chunk[0] ||
                         o->dcpl_chunk[1] != chunk[1])) {
        H5Pclose(o->dcpl);
        o->dcpl = H5I_INVALID_HID;
    }
    if ((sp = H5Screate_simple(rank, dims, maxdims)) < 0 ||
        (o->dcpl < 0 &&
         ((dcpl = untimed_plist(H5P_DATASET_CREATE)) < 0 ||
          H5Pset_chunk(dcpl, rank, chunk) < 0))) {
        h5fail(err, errlen, o->partial, "layout of %s", full);
        goto fail;
    }
    if (dcpl >= 0) {
        if (filtered(dcpl, bytes, o->partial, full, err, errlen) < 0)
            goto fail;
        o->dcpl = dcpl;   /* the file's from here on */
        dcpl = H5I_INVALID_HID;
        o->dcpl_rank = rank;
        o->dcpl_bytes = bytes;
        o->dcpl_chunk[0] = chunk[0];
        o->dcpl_chunk[1] = chunk[1];
    }
    if ((d = H5Dcreate2(o->file, full, dtype_file(dtype), sp, H5P_DEFAULT,
                        o->dcpl, H5P_DEFAULT)) < 0) {
        h5fail(err, errlen, o->partial, "H5Dcreate2 %s", full);
        goto fail;
    }
    if (attr_doc(d, full, units, description, o->partial, err, errlen) < 0)
        goto fail;
    if (attr_name && attr_string_list(d, full, attr_name, attr_values, ncols,
                                      o->partial, err, errlen) < 0)
        goto fail;
    H5Sclose(sp);
    free(parent);

    struct series *s = &o->series[o->nseries];
    s->dset = d;
    s->name = full;
    s->ncols = ncols;
    s->rank = rank;
    s->dtype = dtype;
    s->rowbytes = (size_t)ncols * elsize;
    s->buf = buf;
    s->nbuf = 0;
    s->nrows = 0;
    return o->nseries++;

oom:
    seterr(err, errlen, "h5out: %s: out of memory", o->partial);
fail:
    if (d >= 0) {   /* a half-made dataset would block a corrected retry */
        H5Dclose(d);
        H5Ldelete(o->file, full, H5P_DEFAULT);
    }
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    free(buf);
    free(full);
    free(parent);
    return -1;
}

int h5out_series(struct h5out *o, const char *group, const char *name,
                 const char *units, const char *description, int ncols,
                 enum h5out_dtype dtype, const char *attr_name,
                 const char *attr_values, char *err, size_t errlen)
{
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = series_impl(o, group, name, units, description, ncols,
                         ncols == 1 ? 1 : 2, dtype, attr_name, attr_values,
                         err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

int h5out_table(struct h5out *o, const char *group, const char *name,
                const char *units, const char *description, int ncols,
                enum h5out_dtype dtype, const char *attr_name,
                const char *attr_values, char *err, size_t errlen)
{
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = series_impl(o, group, name, units, description, ncols, 2, dtype,
                         attr_name, attr_values, err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

int h5out_row(struct h5out *o, int series, const void *values, char *err,
              size_t errlen)
{
    if (!o || series < 0 || series >= o->nseries || !values) {
        seterr(err, errlen, "h5out: row: bad series id %d or no values",
               series);
        return -1;
    }
    struct series *s = &o->series[series];
    struct h5err_quiet q;
    int rc = 0;
    if (s->nbuf == o->flush_every) {   /* the last write failed: retry */
        h5err_quiet_on(&q);
        rc = series_write(o, s, err, errlen);
        h5err_quiet_off(&q);
        if (rc < 0)
            return -1;
    }
    memcpy(s->buf + (size_t)s->nbuf * s->rowbytes, values, s->rowbytes);
    s->nbuf++;
    if (s->nbuf < o->flush_every)
        return 0;
    h5err_quiet_on(&q);
    rc = series_write(o, s, err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Snapshots, attributes, flush                                        */

static int snapshot_impl(struct h5out *o, int day, const char *name,
                         const char *units, const char *description,
                         enum h5out_dtype dtype, const void *data, size_t n,
                         char *err, size_t errlen)
{
    hid_t sp = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hid_t d = H5I_INVALID_HID;
    char parent[64], full[320];

    if (!o || day < 0 || !name_ok(name) || !dtype_valid(dtype) ||
        (n > 0 && !data) || strlen(name) > 200) {
        seterr(err, errlen, "h5out: %s: bad snapshot (day %d, name \"%s\")",
               o ? o->partial : "(no file)", day, name ? name : "(null)");
        return -1;
    }
    snprintf(parent, sizeof parent, "/snapshots/day_%05d/residents", day);
    snprintf(full, sizeof full, "%s/%s", parent, name);
    if (ensure_groups(o->file, parent, o->partial, err, errlen) < 0)
        goto fail;
    hsize_t dims[1] = {(hsize_t)n};
    if ((sp = H5Screate_simple(1, dims, NULL)) < 0 ||
        (dcpl = untimed_plist(H5P_DATASET_CREATE)) < 0) {
        h5fail(err, errlen, o->partial, "layout of %s", full);
        goto fail;
    }
    if (n > 0) {   /* an empty dataset cannot be chunked with fixed size */
        size_t elsize = dtype_size(dtype);
        hsize_t chunk[1] = {n < CHUNK_BYTES_MAX / elsize
                                ? (hsize_t)n
                                : (hsize_t)(CHUNK_BYTES_MAX / elsize)};
        if (H5Pset_chunk(dcpl, 1, chunk) < 0) {
            h5fail(err, errlen, o->partial, "H5Pset_chunk %s", full);
            goto fail;
        }
        if (filtered(dcpl, chunk[0] * elsize, o->partial, full, err,
                     errlen) < 0)
            goto fail;
    }
    if ((d = H5Dcreate2(o->file, full, dtype_file(dtype), sp, H5P_DEFAULT,
                        dcpl, H5P_DEFAULT)) < 0) {
        h5fail(err, errlen, o->partial, "H5Dcreate2 %s", full);
        goto fail;
    }
    if (n > 0 && H5Dwrite(d, dtype_mem(dtype), H5S_ALL, H5S_ALL,
                          H5P_DEFAULT, data) < 0) {
        h5fail(err, errlen, o->partial, "H5Dwrite %s", full);
        goto fail;
    }
    if (attr_doc(d, full, units, description, o->partial, err, errlen) < 0)
        goto fail;
    hid_t done = d;
    d = H5I_INVALID_HID;
    if (H5Dclose(done) < 0) {
        h5fail(err, errlen, o->partial, "H5Dclose %s", full);
        goto fail;
    }
    H5Pclose(dcpl);
    H5Sclose(sp);
    return 0;
fail:
    if (d >= 0) {
        H5Dclose(d);
        H5Ldelete(o->file, full, H5P_DEFAULT);
    }
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    return -1;
}

int h5out_snapshot(struct h5out *o, int day, const char *name,
                   const char *units, const char *description,
                   enum h5out_dtype dtype, const void *data, size_t n,
                   char *err, size_t errlen)
{
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = snapshot_impl(o, day, name, units, description, dtype, data, n,
                           err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

/* The typed attributes of the contract keep their types. */
static const char *const typed_root_attrs[] = {
    "seed", "n_residents", "n_communities", "days", "complete"};

int h5out_root_attr(struct h5out *o, const char *name, const char *value,
                    char *err, size_t errlen)
{
    if (!o || !name || !name[0]) {
        seterr(err, errlen, "h5out: root attribute: no file or no name");
        return -1;
    }
    for (size_t i = 0; i < sizeof typed_root_attrs / sizeof *typed_root_attrs;
         i++) {
        if (strcmp(name, typed_root_attrs[i]) == 0) {
            seterr(err, errlen, "h5out: %s: root attribute %s is not a "
                   "string and is set by h5out itself", o->partial, name);
            return -1;
        }
    }
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = attr_string(o->file, "/", name, value, o->partial, err, errlen);
    h5err_quiet_off(&q);
    return rc;
}

int h5out_flush(struct h5out *o, char *err, size_t errlen)
{
    if (!o) {
        seterr(err, errlen, "h5out: flush: no open file");
        return -1;
    }
    int rc = -1;
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    if (write_all(o, err, errlen) < 0)
        goto fail;
    if (H5Fflush(o->file, H5F_SCOPE_LOCAL) < 0) {
        h5fail(err, errlen, o->partial, "H5Fflush");
        goto fail;
    }
    rc = 0;
fail:
    h5err_quiet_off(&q);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Close                                                               */

/* Data first, then the mark: complete=1 is the last write to the file. */
static int mark_complete(struct h5out *o, char *err, size_t errlen)
{
    hid_t a = H5I_INVALID_HID;
    int32_t one = 1;
    if (H5Fflush(o->file, H5F_SCOPE_LOCAL) < 0 ||
        (a = H5Aopen(o->file, "complete", H5P_DEFAULT)) < 0 ||
        H5Awrite(a, H5T_NATIVE_INT32, &one) < 0)
        goto fail;
    hid_t done = a;
    a = H5I_INVALID_HID;
    if (H5Aclose(done) < 0)
        goto fail;
    return 0;
fail:
    h5fail(err, errlen, o->partial, "marking the file complete");
    if (a >= 0)
        H5Aclose(a);
    return -1;
}

static int close_impl(struct h5out *o, int complete, char *err,
                      size_t errlen)
{
    int rc = 0, finishing = complete;
    if (write_all(o, err, errlen) < 0 ||
        (complete && mark_complete(o, err, errlen) < 0)) {
        rc = -1;
        complete = 0;
    }
    for (int i = 0; i < o->nseries; i++) {
        if (H5Dclose(o->series[i].dset) < 0 && rc == 0) {
            h5fail(err, errlen, o->partial, "H5Dclose %s",
                   o->series[i].name);
            rc = -1;
        }
        o->series[i].dset = H5I_INVALID_HID;
    }
    /* Only the file itself may still be open; anything else is a leak in
     * this module (the strong close degree closes it anyway). */
    ssize_t nopen = H5Fget_obj_count(o->file, H5F_OBJ_ALL | H5F_OBJ_LOCAL);
    if (nopen != 1 && rc == 0) {
        seterr(err, errlen, "h5out: %s: internal error: %zd HDF5 objects "
               "open at close", o->partial, nopen);
        rc = -1;
    }
    hid_t f = o->file;
    o->file = H5I_INVALID_HID;
    if (H5Fclose(f) < 0 && rc == 0) {
        h5fail(err, errlen, o->partial, "H5Fclose");
        rc = -1;
    }
    if (rc == 0 && complete) {
        char aerr[1024];
        if (afile_publish(&o->af, aerr, sizeof aerr) != 0) {
            seterr(err, errlen, "h5out: %s", aerr);
            rc = -1;
        }
    } else if (rc != 0 && finishing) {
        /* the final write failed (a full disk): nothing that looks like
         * a result stays behind */
        afile_end(&o->af, 1);
    }
    return rc;
}

int h5out_close(struct h5out *o, int complete, char *err, size_t errlen)
{
    if (!o)
        return 0;
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = close_impl(o, complete, err, errlen);
    destroy(o);
    h5err_quiet_off(&q);
    return rc;
}

const char *h5out_partial_path(const struct h5out *o)
{
    return o ? o->partial : NULL;
}

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t is 64-bit");

int64_t h5out_hid(const struct h5out *o) { return o->file; }
