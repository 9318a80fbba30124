/* Writing a checkpoint: the run's output so far copied from its
 * .partial, then /restart from the field tables, under an exclusive
 * .partial of its own that is synced and renamed (io/afile.h). */
#include "engine/checkpoint_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "base/versions.h"
#include "io/afile.h"
#include "io/h5err.h"
#include "io/h5str.h"

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
    if ((a = H5Aopen(loc, name, H5P_DEFAULT)) < 0 ||
        (t = H5Aget_type(a)) < 0 ||
        (s = H5Aget_space(a)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    if (H5Tis_variable_str(t) != 0 || H5Tget_class(t) == H5T_VLEN) {
        ck_fail(io, "history attribute %s has a variable-length type",
                name);
        goto fail;
    }
    hssize_t np = H5Sget_simple_extent_npoints(s);
    size_t sz = (size_t)(np > 0 ? np : 1) * H5Tget_size(t);
    if (!(buf = malloc(sz))) {
        ck_fail(io, "out of memory copying %s", name);
        goto fail;
    }
    if (H5Aread(a, t, buf) < 0 ||
        (b = H5Acreate2(c->dst, name, t, s, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
        H5Awrite(b, t, buf) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
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

/* A file-access property list with the strong close degree (closing
 * the file closes every object still open in it), as h5out opens the
 * output; the caller closes it. H5I_INVALID_HID with err. */
static hid_t strong_fapl(struct io *io)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) {
        ck_h5_fail(io, "H5Pcreate");
        return H5I_INVALID_HID;
    }
    if (H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        ck_h5_fail(io, "H5Pset_fclose_degree");
        H5Pclose(fapl);
        return H5I_INVALID_HID;
    }
    return fapl;
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
    if ((fapl = strong_fapl(io)) < 0)
        goto fail;
    if ((src = H5Fopen(history, H5F_ACC_RDONLY, fapl)) < 0) {
        ck_h5_fail(io, "opening the run's output");
        goto fail;
    }
    hsize_t idx = 0;
    if (H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_attr,
                    &c) < 0) {
        if (io->err && !io->err[0])
            ck_h5_fail(io, "copying root attributes");
        goto fail;
    }
    for (size_t k = 0; k < sizeof objects / sizeof *objects; k++) {
        char path[32];
        snprintf(path, sizeof path, "/%s", objects[k]);
        htri_t ex = H5Lexists(src, path, H5P_DEFAULT);
        if (ex < 0 || (ex && H5Ocopy(src, path, dst, path, H5P_DEFAULT,
                                     H5P_DEFAULT) < 0)) {
            ck_h5_fail(io, path);
            goto fail;
        }
    }
    long long rows = ck_length_of(dst, "/timeseries/day", io);
    if (rows < 0)
        goto fail;
    if (rows != days_done) {
        ck_fail(io, "the output holds %lld days, the world %d (rows not "
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

/* The hash of the history as copied into f, read back as a restart
 * replays it: a copy damaged on its way to the disk is refused then. */
static int history_hash(hid_t f, const struct world *w, uint64_t *h,
                        struct io *io)
{
    struct ck_history hist;
    const size_t rows = (size_t)w->day + 1;
    int rc = ck_history_read(f, rows, w->n_comm, &hist, io);
    if (!rc)
        *h = ck_history_hash(&hist, rows, w->n_comm);
    ck_history_free(&hist);
    return rc;
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
                     const uint64_t history_h[2], struct io *io)
{
    hid_t r = H5I_INVALID_HID;
    char *ptext = NULL;
    int32_t format = CHECKPOINT_FORMAT, days = w->day + 1;
    uint64_t pseed = w->population_seed;
    char when[32];
    utc_now(when, sizeof when);
    if ((r = ck_make_group(f, "restart", io)) < 0)
        return -1;
    if (ck_put_attr(r, "format", H5T_NATIVE_INT32, &format, io) ||
        ck_put_attr(r, "days_done", H5T_NATIVE_INT32, &days, io) ||
        ck_put_attr(r, "population_seed", H5T_NATIVE_UINT64, &pseed, io) ||
        ck_put_string_attr(r, "output", out_path, io) ||
        ck_put_string_attr(r, "written_utc", when, io) ||
        ck_put_string_attr(r, "cogov_version", COGOV_VERSION, io) ||
        ck_put_string_attr(r, "git_revision", COGOV_GIT_REV, io) ||
        ck_put_string_attr(r, "model_id", versions_model_id(), io))
        goto fail;
    if (!(ptext = ck_params_text(w->p))) {
        ck_fail(io, "out of memory writing the parameters");
        goto fail;
    }
    hid_t t = h5str_type(strlen(ptext)), s = H5Screate(H5S_SCALAR), d = -1;
    if (t < 0 || s < 0 ||
        (d = H5Dcreate2(r, "params", t, s, H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT)) < 0 ||
        H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptext) < 0) {
        ck_h5_fail(io, "writing the parameters");
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
    hid_t g = ck_make_group(r, "residents", io);
    if (g < 0)
        goto fail;
    uint64_t nres = w->n_res;
    int bad = ck_put_attr(g, "n", H5T_NATIVE_UINT64, &nres, io);
    for (size_t k = 0; !bad && k < ck_n_resident_columns; k++) {
        const struct column *c = &ck_resident_columns[k];
        if (c->kind == FIXED) {
            char name[64];
            uint64_t h = ck_column_hash(w, c);
            snprintf(name, sizeof name, "%s_fnv1a", c->name);
            bad = ck_put_attr(g, name, H5T_NATIVE_UINT64, &h, io);
        } else {
            bad = ck_put(g, c->name, c->type, ck_column_length(w, c), 1,
                         ck_column_data(w, c), io);
        }
        bad = bad || ck_stopping(io);
    }
    H5Gclose(g);
    for (size_t k = 0; !bad && k < ck_n_record_sets; k++) {
        const struct record_set *rs = &ck_record_sets[k];
        void *base;
        size_t n, stride;
        ck_records_of(w, rs->rec, &base, &n, &stride);
        bad = ck_put_records(r, rs->name, base, n, stride, rs->f, rs->nf, io);
    }
    bad = bad || ck_put_queues(r, w, io);
    for (size_t k = 0; !bad && k < ck_n_loose_arrays; k++) {
        const struct loose *l = &ck_loose_arrays[k];
        bad = ck_put(r, l->name, l->type, ck_loose_length(w, l), 1,
                     ck_loose_data(w, l), io);
    }
    if (bad)
        goto fail;
    uint64_t h = ck_state_hash(w, ck_text_hash(ptext, days, pseed, out_path));
    if (ck_put_attr(r, "state_fnv1a", H5T_NATIVE_UINT64, &h, io) ||
        ck_put_attr(r, "history_fnv1a", H5T_NATIVE_UINT64, &history_h[0],
                    io) ||
        ck_put_attr(r, "snapshots_fnv1a", H5T_NATIVE_UINT64, &history_h[1],
                    io))
        goto fail;
    free(ptext);
    H5Gclose(r);
    return 0;
fail:
    free(ptext);
    H5Gclose(r);
    return -1;
}

/* A checkpoint replaces the last one only once it is complete, so both
 * are on the disk at once: refuse one that would not fit, judging by the
 * size of the last, before writing. (HDF5 1.10 can crash when the disk
 * fills in the middle of H5Ocopy of the output's history; the first
 * checkpoint, with no last one to judge by, is written unchecked.) */
static int room_for(const char *path, struct io *io)
{
    struct stat st;
    struct statvfs vfs;
    char dir[4096];
    if (stat(path, &st) != 0)
        return 0;
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s",
                 slash == path ? 1 : (int)(slash - path), path);
    if (statvfs(dir, &vfs) != 0)
        return 0;
    unsigned long long room = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
    if ((unsigned long long)st.st_size <= room)
        return 0;
    return ck_fail(io, "needs about %lld KiB (the size of the last one) and "
                   "%s has %llu KiB free: %s", (long long)st.st_size / 1024,
                   dir, room / 1024, strerror(ENOSPC));
}

static int write_impl(const char *path, const struct world *w,
                      const char *history, const char *out_path,
                      struct io *io)
{
    hid_t f = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    struct afile af;
    char aerr[1024];
    if (room_for(path, io))
        return -1;
    /* path.partial, ours alone (a stale one left by a kill is replaced,
     * a live writer of the same checkpoint refused); replaced each time */
    if (afile_begin(&af, path, 1, aerr, sizeof aerr) != 0)
        return ck_fail(io, "%s", aerr);
    /* the strong close degree: nothing of a failed write stays open */
    if ((fapl = strong_fapl(io)) < 0)
        goto fail;
    /* the 1.10 format: object headers and chunk indexes carry checksums.
     * H5Ocopy keeps the copied history's old-format chunk indexes (a
     * record with a flipped filter mask is read back unfiltered, as
     * other numbers): history_fnv1a covers those values */
    if (H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST) < 0) {
        ck_h5_fail(io, "H5Pset_libver_bounds");
        goto fail;
    }
    f = H5Fcreate(af.partial, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (f < 0) {
        ck_h5_fail(io, "creating the file");
        goto fail;
    }
    uint64_t history_h[2];
    if (copy_history(f, history, w->day + 1, io) || ck_stopping(io) ||
        history_hash(f, w, &history_h[0], io) ||
        ck_snapshots_hash(f, &history_h[1], io) || ck_stopping(io) ||
        put_state(f, w, out_path, history_h, io))
        goto fail;
    hid_t done = f;
    f = H5I_INVALID_HID;
    if (H5Fclose(done) < 0) {
        ck_h5_fail(io, "closing the file");
        goto fail;
    }
    if (afile_publish(&af, aerr, sizeof aerr) != 0) {
        ck_fail(io, "%s", aerr);
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

/* The image: a file of the core driver that never reaches a disk, holding
 * the scenario attribute a checkpoint's reader wants and /restart. */
static int image_impl(const struct world *w, void **buf, size_t *len,
                      struct io *io)
{
    static const uint64_t no_history[2] = {0, 0};
    hid_t f = H5I_INVALID_HID, fapl = H5I_INVALID_HID;
    char name[64];
    static unsigned serial;   /* core files of one process need own names */
    unsigned k;
#pragma omp atomic capture
    k = serial++;
    snprintf(name, sizeof name, "cogov-burn-in-%ld-%u", (long)getpid(), k);
    *buf = NULL;
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fapl_core(fapl, 1 << 20, 0) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        ck_h5_fail(io, "setting up the file image");
        goto fail;
    }
    if ((f = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) < 0) {
        ck_h5_fail(io, "creating the file image");
        goto fail;
    }
    if (ck_put_string_attr(f, "scenario", "burn-in", io) ||
        put_state(f, w, "", no_history, io))
        goto fail;
    if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) {
        ck_h5_fail(io, "flushing the file image");
        goto fail;
    }
    ssize_t n = H5Fget_file_image(f, NULL, 0);
    if (n <= 0 || !(*buf = malloc((size_t)n)) ||
        H5Fget_file_image(f, *buf, (size_t)n) != n) {
        ck_h5_fail(io, "copying the file image");
        goto fail;
    }
    *len = (size_t)n;
    H5Fclose(f);
    H5Pclose(fapl);
    return 0;
fail:
    free(*buf);
    *buf = NULL;
    if (f >= 0)
        H5Fclose(f);
    if (fapl >= 0)
        H5Pclose(fapl);
    return -1;
}

int checkpoint_image(const struct world *w, void **buf, size_t *len,
                     char *err, size_t errlen)
{
    struct io io = {"the burn-in's image", err, errlen, NULL, 0};
    struct h5err_quiet q;
    if (err && errlen)
        err[0] = 0;
    h5err_quiet_on(&q);
    int rc = image_impl(w, buf, len, &io);
    h5err_quiet_off(&q);
    return rc;
}
