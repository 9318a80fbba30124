/* Replay of a checkpoint's saved trajectory (rows and snapshots) into a
 * restarted run's new output, and the restart's provenance attributes. */
#include "engine/checkpoint_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/observe.h"
#include "io/h5err.h"

/* ------------------------------------------------------------------ */
/* Replay of the saved trajectory into a new output                    */

static enum h5out_dtype snapshot_dtype(hid_t t, int *ok)
{
    *ok = 1;
    size_t sz = H5Tget_size(t);
    H5T_class_t c = H5Tget_class(t);
    /* exactly the sizes this build writes: a damaged type message (a
     * flipped bit can make a float of 4 104 bytes) is refused, not read */
    if (c == H5T_FLOAT && sz == 4)
        return H5OUT_F32;
    if (c == H5T_FLOAT && sz == 8)
        return H5OUT_F64;
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
    if ((d = H5Dopen2(g, name, H5P_DEFAULT)) < 0 ||
        (t = H5Dget_type(d)) < 0 ||
        (s = H5Dget_space(d)) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
    int ok;
    enum h5out_dtype dt = snapshot_dtype(t, &ok);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    if (!ok || n < 0) {
        ck_fail(io, "snapshot %s of day %d has an unexpected type", name,
                c->day);
        goto fail;
    }
    /* the buffer holds the values as read: in the memory type */
    size_t el = H5Tget_size(dtype_native(dt));
    if (!(buf = malloc((size_t)n * el + 1)) ||
        !(units = ck_get_string(d, "units", 0, io)) ||
        !(desc = ck_get_string(d, "description", 0, io)))
        goto fail;
    /* a column this build writes, as it writes it: else damaged (the
     * history's attributes are not under state_fnv1a) */
    const char *u0, *d0;
    enum h5out_dtype t0;
    if (observe_snapshot_column(name, &u0, &d0, &t0) != 0 || t0 != dt ||
        strcmp(u0, units) != 0 || strcmp(d0, desc) != 0) {
        ck_fail(io, "snapshot %s of day %d is not a column this build writes "
                "(damaged, or from another version)", name, c->day);
        goto fail;
    }
    if (n &&
        H5Dread(d, dtype_native(dt), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        ck_h5_fail(io, name);
        goto fail;
    }
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
        ck_fail(io, "out of memory copying snapshot %s", name);
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
    int day;
    (void)li;
    hid_t r = ck_snapshot_residents(g, name, &day, c->io);
    if (r <= 0)
        return r;
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
    struct ck_history h;
    uint64_t saved_h = 0, saved_snap = 0, snap = 0;
    int rc = -1;
    hid_t f = ck->file;

    if (ck_history_read(f, rows, nc, &h, io) ||
        ck_get_attr(ck->restart, "history_fnv1a", H5T_NATIVE_UINT64,
                    &saved_h, io) ||
        ck_get_attr(ck->restart, "snapshots_fnv1a", H5T_NATIVE_UINT64,
                    &saved_snap, io))
        goto done;
    if (ck_history_hash(&h, rows, nc) != saved_h) {
        ck_fail(io, "the saved history does not match its hash "
                "(history_fnv1a of /timeseries and /communities): damaged, "
                "or changed after it was written");
        goto done;
    }
    if (ck_snapshots_hash(f, &snap, io))
        goto done;
    if (snap != saved_snap) {
        ck_fail(io, "the saved snapshots do not match their hash "
                "(snapshots_fnv1a of /snapshots): damaged, or changed after "
                "they were written");
        goto done;
    }
    for (size_t d = 0; d < rows; d++) {
        dm->day = (int)h.day[d];
        for (int k = 0; k < N_METRICS; k++)
            dm->v[k] = h.metric[k][d];
        memcpy(dm->by_channel, h.channel + d * N_CHANNELS,
               sizeof dm->by_channel);
        memcpy(dm->open_by_scope, h.scope + d * N_SCOPES,
               sizeof dm->open_by_scope);
        for (int k = 0; k < N_COMMUNITY_METRICS; k++)
            memcpy(dm->community[k], h.comm[k] + d * nc, nc * sizeof(double));
        if (observer_write(ob, dm, io->err, io->errlen))
            goto done;
    }
    htri_t ex = H5Lexists(f, "/snapshots", H5P_DEFAULT);
    if (ex < 0) {
        ck_h5_fail(io, "/snapshots");
        goto done;
    }
    if (ex) {
        struct snap_ctx c = {ob->out, 0, io};
        hid_t g = ck_open_group(f, "/snapshots", io);
        if (g < 0)
            goto done;
        hsize_t idx = 0;
        herr_t r = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx,
                              copy_snapshot_day, &c);
        H5Gclose(g);
        if (r < 0) {
            if (io->err && !io->err[0])
                ck_h5_fail(io, "copying snapshots");
            goto done;
        }
    }
    rc = 0;
done:
    ck_history_free(&h);
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
