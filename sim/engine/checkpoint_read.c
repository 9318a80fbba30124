/* Reading a checkpoint: open it, check every saved value against the
 * invariants the engine relies on, and restore a world from it (drawing
 * the population again and re-deriving what a fork changes). */
#include "engine/checkpoint_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/h5err.h"
#include "model/matter.h"
#include "model/phases.h"
#include "model/setup.h"

/* ------------------------------------------------------------------ */
/* Reading                                                             */

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
    char *text = ck_get_string(ck->restart, "params", 1, io), *line, *save;
    char e[CONFIG_ERR_MAX];
    if (!text)
        return -1;
    ck->text_h = ck_text_hash(text, ck->days_done, ck->population_seed,
                              ck->output);
    config_defaults(params_table(), &ck->saved);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (config_set(params_table(), &ck->saved, line, NULL, e, sizeof e)) {
            ck_fail(io, "a saved parameter does not load in this version "
                    "of cogov (checkpoint written by %s): %s",
                    ck->version, e);
            free(text);
            return -1;
        }
    }
    free(text);
    return 0;
}

static int read_open(struct checkpoint *ck, int min_days, struct io *io);

static int open_impl(struct checkpoint **out, const char *path,
                     struct io *io)
{
    struct checkpoint *ck = calloc(1, sizeof *ck);
    struct stat st;
    *out = NULL;
    if (!ck)
        return ck_fail(io, "out of memory");
    ck->file = ck->restart = H5I_INVALID_HID;
    if (stat(path, &st) != 0) {
        ck_fail(io, "cannot read it: %s", strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        ck_fail(io, "not a regular file");
        goto fail;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);   /* say why it cannot */
    if (fd < 0) {
        ck_fail(io, "cannot read it: %s", strerror(errno));
        goto fail;
    }
    close(fd);
    if (H5Fis_hdf5(path) <= 0) {
        ck_fail(io, "not an HDF5 file (a checkpoint is written by cogov "
                "run --checkpoint-every)");
        goto fail;
    }
    if (!(ck->path = strdup(path))) {
        ck_fail(io, "out of memory");
        goto fail;
    }
    if ((ck->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        ck_h5_fail(io, "opening it");
        goto fail;
    }
    if (read_open(ck, 1, io))
        goto fail;
    *out = ck;
    return 0;
fail:
    checkpoint_close(ck);
    return -1;
}

/* What an open checkpoint file ck->file says about itself; days_done
 * must be at least min_days (1 for a run's checkpoint, 0 for the state
 * before day 0 of an image). 0, or -1 with err. */
static int read_open(struct checkpoint *ck, int min_days, struct io *io)
{
    int32_t format = 0;
    htri_t ex = H5Lexists(ck->file, "/restart", H5P_DEFAULT);
    if (ex <= 0) {
        ck_fail(io, "not a cogov checkpoint (no /restart group; an output "
                "file cannot be restarted, its checkpoint can)");
        goto fail;
    }
    if ((ck->restart = ck_open_group(ck->file, "/restart", io)) < 0 ||
        ck_get_attr(ck->restart, "format", H5T_NATIVE_INT32, &format, io))
        goto fail;
    if (format != CHECKPOINT_FORMAT) {
        ck_fail(io, "checkpoint format %d; this cogov reads format %d",
                (int)format, CHECKPOINT_FORMAT);
        goto fail;
    }
    if (ck_get_attr(ck->restart, "days_done", H5T_NATIVE_INT32, &ck->days_done,
                    io) ||
        ck_get_attr(ck->restart, "population_seed", H5T_NATIVE_UINT64,
                    &ck->population_seed, io) ||
        !(ck->output = ck_get_string(ck->restart, "output", 0, io)) ||
        !(ck->written = ck_get_string(ck->restart, "written_utc", 0, io)) ||
        !(ck->version = ck_get_string(ck->restart, "cogov_version", 0, io)) ||
        !(ck->revision = ck_get_string(ck->restart, "git_revision", 0, io)) ||
        !(ck->scenario = ck_get_string(ck->file, "scenario", 0, io)))
        goto fail;
    if (H5Aexists(ck->restart, "model_id") > 0) {
        /* checkpoints written since the model identity existed name it
         * next to the revision (messages and the restart's provenance) */
        char *id = ck_get_string(ck->restart, "model_id", 0, io), *both;
        size_t n = id ? strlen(ck->revision) + strlen(id) + 16 : 0;
        if (!id || !(both = malloc(n))) {
            free(id);
            if (id)
                ck_fail(io, "out of memory");
            goto fail;
        }
        snprintf(both, n, "%s, model %s", ck->revision, id);
        free(id);
        free(ck->revision);
        ck->revision = both;
    }
    if (ck->days_done < min_days) {
        ck_fail(io, "days_done = %d", ck->days_done);
        goto fail;
    }
    if (H5Aexists(ck->file, "provenance") > 0 &&
        !(ck->provenance = ck_get_string(ck->file, "provenance", 0, io)))
        goto fail;
    if (load_params(ck, io))
        goto fail;
    if (!(ck->changed = strdup(""))) {
        ck_fail(io, "out of memory");
        goto fail;
    }
    return 0;
fail:
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

/* An image is opened through the core driver without a backing store:
 * HDF5 reads it from buf (copied, so buf may go) and writes nothing. */
static int open_image_impl(struct checkpoint **out, const void *buf,
                           size_t len, const char *name, struct io *io)
{
    struct checkpoint *ck = calloc(1, sizeof *ck);
    hid_t fapl = H5I_INVALID_HID;
    *out = NULL;
    if (!ck)
        return ck_fail(io, "out of memory");
    ck->file = ck->restart = H5I_INVALID_HID;
    if (!(ck->path = strdup(name))) {
        ck_fail(io, "out of memory");
        goto fail;
    }
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fapl_core(fapl, 1 << 20, 0) < 0 ||
        H5Pset_file_image(fapl, (void *)buf, len) < 0) {
        ck_h5_fail(io, "setting up the file image");
        goto fail;
    }
    /* HDF5's name for the image: never a file on the disk (the core
     * driver would look there), unique among the files open */
    static unsigned serial;
    unsigned k;
    char h5name[64];
#pragma omp atomic capture
    k = serial++;
    snprintf(h5name, sizeof h5name, "cogov-image-%ld-%u", (long)getpid(),
             k);
    if ((ck->file = H5Fopen(h5name, H5F_ACC_RDONLY, fapl)) < 0) {
        ck_h5_fail(io, "not an HDF5 file image");
        goto fail;
    }
    if (read_open(ck, 0, io))
        goto fail;
    if (ck->days_done != 0) {
        ck_fail(io, "an image of %d days; a burn-in's state has none",
                ck->days_done);
        goto fail;
    }
    H5Pclose(fapl);
    *out = ck;
    return 0;
fail:
    if (fapl >= 0)
        H5Pclose(fapl);
    checkpoint_close(ck);
    return -1;
}

int checkpoint_open_image(struct checkpoint **ck, const void *buf,
                          size_t len, const char *name, char *err,
                          size_t errlen)
{
    struct io io = {name, err, errlen, NULL, 0};
    struct h5err_quiet q;
    h5err_quiet_on(&q);
    int rc = open_image_impl(ck, buf, len, name, &io);
    h5err_quiet_off(&q);
    return rc;
}

int checkpoint_days_done(const struct checkpoint *ck) { return ck->days_done; }
const struct params *checkpoint_saved(const struct checkpoint *ck)
{
    return &ck->saved;
}
int checkpoint_format(void) { return CHECKPOINT_FORMAT; }
const char *checkpoint_output(const struct checkpoint *ck)
{
    return ck->output;
}
const char *checkpoint_scenario(const struct checkpoint *ck)
{
    return ck->scenario;
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
    for (uint32_t k = 0; k < w->r.tie_start[w->n_res]; k++)
        if (w->r.ties[k] >= w->n_res)
            return ck_fail(io, "tie %u out of range", k);
    if (w->r.arrival)
        for (uint32_t i = 0; i < w->n_res; i++)
            if (w->r.arrival[i] < 0 || w->r.arrival[i] > w->day)
                return ck_fail(io, "resident %u: arrival day %d is not a "
                               "day of the run", i, (int)w->r.arrival[i]);
    if (w->r.grown) {
        size_t k = (size_t)w->p->activities.max_ties;
        for (uint32_t c = 0; c < w->n_comm; c++) {
            const uint32_t c0 = w->comm[c].first, c1 = c0 + w->comm[c].n;
            for (uint32_t i = c0; i < c1; i++)
                for (size_t s = i * k; s < (i + 1) * k; s++) {
                    uint32_t j = w->r.grown[s];
                    if (j != GROWN_NONE &&
                        (j < c0 || j >= c1 || j == i ||
                         w->r.grown_day[s] > w->day))
                        return ck_fail(io, "resident %u: grown tie %zu to "
                                       "%u is not another resident of its "
                                       "community met on a past day", i,
                                       s - i * k, j);
                }
        }
    }
    for (size_t k = 0; k < ck_n_resident_columns;
         k++) {
        const struct column *c = &ck_resident_columns[k];
        if (c->kind != SAVED || c->type != T_F32)
            continue;
        const float *v = ck_column_data(w, c);
        for (uint32_t i = 0; i < w->n_res; i++)
            if (!isfinite(v[i]) || (v == w->r.grievance &&
                                    (v[i] < 0 || v[i] > GRIEVANCE_MAX)))
                return ck_fail(io, "resident %u: %s = %g is not a finite "
                               "value in range", i, c->name, (double)v[i]);
    }
    /* every value of every record: 64-bit counters are counts (not
     * negative, far from overflow), floating-point values finite */
    for (size_t k = 0; k < ck_n_record_sets; k++) {
        const struct record_set *rs = &ck_record_sets[k];
        void *base;
        size_t n, stride;
        ck_records_of(w, rs->rec, &base, &n, &stride);
        for (size_t f = 0; f < rs->nf; f++) {
            enum ck_type t = rs->f[f].type;
            if (t != T_F32 && t != T_F64 && t != T_I64)
                continue;
            size_t m = rs->f[f].size / ck_type_size[t];
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < m; j++) {
                    const char *at = (const char *)base + i * stride +
                                     rs->f[f].offset + j * ck_type_size[t];
                    double x;
                    int64_t v;
                    float y;
                    if (t == T_I64) {
                        memcpy(&v, at, sizeof v);
                        if (v < 0 || v > COUNT_MAX)
                            return ck_fail(io, "%s %zu: count %s = %lld "
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
                        return ck_fail(io, "%s %zu: %s is not finite",
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
            return ck_fail(io, "matter slot %u is inconsistent", s);
        if (m->severity < 0 || m->hours < 0 || m->done < 0)
            return ck_fail(io, "matter slot %u: negative severity, hours "
                           "or work done", s);
        /* a clock not started is -1; a started one left at 0 or below
         * would have given the matter up that day (outcomes.c) */
        if (m->give_up_left != -1.0f && !(m->give_up_left > 0))
            return ck_fail(io, "matter slot %u: give-up clock %g is "
                           "neither -1 (not started) nor positive", s,
                           (double)m->give_up_left);
        if (m->status == M_QUEUED &&
            !matter_queue((struct world *)w, m->handler_kind, m->handler))
            return ck_fail(io, "matter slot %u: queued with a handler "
                           "kind that has no queue", s);
        if ((m->status == M_QUEUED || m->status == M_TRANSIT) != (m->qpos >= 0))
            return ck_fail(io, "matter slot %u: queue position %d does not "
                           "fit its status", s, (int)m->qpos);
    }
    /* the accounting identity (docs/MODEL.md, "Observation") */
    if (w->created_total !=
            w->resolved_total + w->abandoned_total + w->open ||
        w->open != (int64_t)(w->n_slots - n_unused) ||
        w->unreported > w->open)
        return ck_fail(io, "the accounting identity does not hold (created "
                       "%lld, resolved %lld, abandoned %lld, open %lld, "
                       "unreported %lld, %u matters in use)",
                       (long long)w->created_total,
                       (long long)w->resolved_total,
                       (long long)w->abandoned_total, (long long)w->open,
                       (long long)w->unreported, w->n_slots - n_unused);
    /* the free list: each unused slot exactly once */
    if (n_unused != w->n_free)
        return ck_fail(io, "%u unused matter slots but %u in the free list",
                       n_unused, w->n_free);
    uint8_t *seen = calloc(w->n_slots ? w->n_slots : 1, 1);
    if (!seen)
        return ck_fail(io, "out of memory checking the state");
    int rc = 0;
    for (uint32_t k = 0; k < w->n_free && !rc; k++) {
        uint32_t s = w->free_slots[k];
        if (s >= w->n_slots || w->m[s].status != M_FREE || seen[s]++)
            rc = ck_fail(io, "free list entry %u (slot %u) is not an unused "
                         "slot listed once", k, s);
    }
    memset(seen, 0, w->n_slots);
    /* queues: each queued or travelling matter in its queue exactly once,
     * at its recorded position */
    for (size_t k = 0; k < ck_n_queue_sets && !rc;
         k++) {
        const struct queue_set *qs = &ck_queue_sets[k];
        void *base;
        size_t n, stride;
        ck_records_of(w, qs->rec, &base, &n, &stride);
        for (size_t i = 0; i < n && !rc; i++) {
            const struct mqueue *q = ck_queue_at(base, stride, i, qs->offset);
            int transit = q == &w->transit;
            if (!isfinite(q->load))
                rc = ck_fail(io, "%s queue %zu: load is not finite",
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
                    rc = ck_fail(io, "%s queue %zu: entry %u (slot %u) is "
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
                rc = ck_fail(io, "platform of community %u: entry %u (slot "
                             "%u) is not an offered matter of it, listed "
                             "once", c, j, s);
        }
    for (uint32_t s = 0; s < w->n_slots && !rc; s++)
        if (!seen[s] && (w->m[s].status == M_QUEUED ||
                         w->m[s].status == M_TRANSIT ||
                         w->m[s].status == M_PLATFORM))
            rc = ck_fail(io, "matter slot %u: queued, in transit or offered "
                         "but in no queue", s);
    free(seen);
    if (rc)
        return rc;
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].contract < -1 ||
            w->comm[c].contract >= (int32_t)w->n_contracts)
            return ck_fail(io, "community %u: contract %d is neither -1 nor "
                           "a contract", c, (int)w->comm[c].contract);
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].association > 1)
            return ck_fail(io, "community %u: association %u is neither 0 "
                           "nor 1", c, (unsigned)w->comm[c].association);
    for (uint32_t k = 0; k < w->n_orgs; k++)
        if (w->orgs[k].home >= w->n_comm)
            return ck_fail(io, "organisation %u: home out of range", k);
    for (uint32_t k = 0; k < w->n_contracts; k++)
        if (w->contracts[k].org >= w->n_orgs ||
            w->contracts[k].community >= w->n_comm)
            return ck_fail(io, "contract %u out of range", k);
    for (uint32_t k = 0; k < w->n_workers; k++)
        if (w->workers[k].community >= w->n_comm ||
            w->workers[k].employer < -1 ||
            w->workers[k].employer >= (int32_t)w->n_orgs)
            return ck_fail(io, "social worker %u: community or employer "
                           "(%d) out of range", k,
                           (int)w->workers[k].employer);
    for (uint32_t k = 0; k < w->n_projects; k++)
        if (w->projects[k].community >= w->n_comm ||
            w->projects[k].domain >= N_DOMAINS)
            return ck_fail(io, "micro-project %u out of range", k);
    for (uint32_t k = 0; k < w->n_ages; k++)
        if (w->ages[k] < 0)
            return ck_fail(io, "resolution age %u is negative", k);
    /* arrival rates: finite, non-negative, bounded, cumulative */
    for (size_t k = 0; k < (size_t)w->n_comm * 16; k++) {
        const double *cum = w->rate_cum + k * N_DOMAINS;
        double prev = 0;
        for (int d = 0; d < N_DOMAINS; d++) {
            if (!(cum[d] >= prev && cum[d] <= RATE_MAX))
                return ck_fail(io, "arrival rate table %zu: cumulative "
                               "rate %g is not between %g and %g", k,
                               cum[d], prev, RATE_MAX);
            prev = cum[d];
        }
        if (w->rate_total[k] != prev)
            return ck_fail(io, "arrival rate table %zu: total %g is not "
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

/* Loose array l of w from group r, sized as its row of the table says. */
static int get_loose(hid_t r, struct world *w, const struct loose *l,
                     struct io *io)
{
    void **data = (void **)(void *)((char *)w + l->data);
    if (l->len != LOOSE_RATES) {
        uint32_t *count = ck_loose_count(w, l), *cap = ck_loose_cap(w, l);
        long long n = ck_length_of(r, l->name, io);
        if (n < 0)
            return -1;
        if (l->len == LOOSE_POOL && n > *cap)
            return ck_fail(io, "%lld entries of %s for %u matter slots", n,
                           l->name, *cap);
        if (l->len == LOOSE_OWN) {
            if (n > UINT32_MAX)
                return ck_fail(io, "%lld entries of %s", n, l->name);
            free(*data);
            *cap = (uint32_t)n;
            *data = calloc(n ? (size_t)n : 1, ck_type_size[l->type]);
            if (!*data) {
                *count = *cap = 0;
                return ck_fail(io, "out of memory for the saved state");
            }
        }
        *count = (uint32_t)n;
    }
    return ck_get(r, l->name, l->type, ck_loose_length(w, l), 1, *data, io);
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
        return ck_fail(io, "%s", e);
    w->p = p;
    w->seed = (uint64_t)p->seed;
    w->population_seed = ck->population_seed;

    long long n_res = ck_count_records(r, "residents", io);
    long long n_comm = ck_count_records(r, "communities", io);
    if (n_res < 0 || n_comm < 0)
        goto fail;
    if (n_res != w->n_res || n_comm != w->n_comm) {
        ck_fail(io, "saved %lld residents in %lld communities, parameters "
                "say %u in %u", n_res, n_comm, w->n_res, w->n_comm);
        goto fail;
    }
    drawn = malloc(w->n_comm * sizeof *drawn);
    if (!drawn) {
        ck_fail(io, "out of memory");
        goto fail;
    }
    memcpy(drawn, w->comm, w->n_comm * sizeof *drawn);

    /* residents: the structure drawn again must be the saved one */
    hid_t g = ck_open_group(r, "residents", io);
    if (g < 0)
        goto fail;
    /* ties grown at activities (7.18) are saved whenever they exist:
     * switched off again by a change schedule, the parameters say off
     * and the state still holds them; switched on by a fork, the
     * parameters say on and there are none yet (the first day of
     * activities allocates them, as in a run switched on by a change) */
    long long n_grown = ck_length_of(g, "last_attended", io);
    if (n_grown < 0) {
        H5Gclose(g);
        goto fail;
    }
    if (!w->r.grown && n_grown > 0)
        activities_alloc(w, p);
    if (w->r.grown && n_grown == 0)
        activities_free(w);
    /* arrival days (7.19), the same way */
    long long n_arrival = ck_length_of(g, "arrival", io);
    if (n_arrival < 0) {
        H5Gclose(g);
        goto fail;
    }
    if (!w->r.arrival && n_arrival > 0)
        migration_alloc(w);
    if (w->r.arrival && n_arrival == 0)
        migration_free(w);
    for (size_t k = 0; k < ck_n_resident_columns;
         k++) {
        const struct column *c = &ck_resident_columns[k];
        int bad;
        if (c->kind == FIXED) {
            char name[64];
            uint64_t h = 0;
            snprintf(name, sizeof name, "%s_fnv1a", c->name);
            bad = ck_get_attr(g, name, H5T_NATIVE_UINT64, &h, io);
            if (!bad && h != ck_column_hash(w, c))
                bad = ck_fail(io, "the population this build draws for "
                              "the saved parameters differs from the "
                              "saved one (residents' %s; checkpoint "
                              "written by cogov %s, revision %s)",
                              c->name, ck->version, ck->revision);
        } else {
            bad = ck_get(g, c->name, c->type, ck_column_length(w, c), 1,
                         ck_column_data(w, c), io);
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
    if (ck_get_records(r, "communities", w->comm, w->n_comm, sizeof *w->comm,
                       ck_record_set(REC_COMMUNITY)->f,
                       ck_record_set(REC_COMMUNITY)->nf, io))
        goto fail;
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].first != drawn[c].first ||
            w->comm[c].n != drawn[c].n ||
            w->comm[c].first_building != drawn[c].first_building ||
            w->comm[c].n_buildings != drawn[c].n_buildings) {
            ck_fail(io, "community %u has other residents or buildings "
                    "than this build draws (checkpoint written by cogov "
                    "%s, revision %s)", c, ck->version, ck->revision);
            goto fail;
        }

    /* organisations, contracts, social workers, micro-projects */
    for (uint32_t k = 0; k < w->n_orgs; k++)
        mqueue_free(&w->orgs[k].q);
    long long n_orgs = ck_count_records(r, "orgs", io);
    long long n_ct = ck_count_records(r, "contracts", io);
    long long n_sw = ck_count_records(r, "workers", io);
    long long n_mp = ck_count_records(r, "projects", io);
    long long n_m = ck_count_records(r, "matters", io);
    long long n_un = ck_count_records(r, "units", io);
    if (n_orgs < 0 || n_ct < 0 || n_sw < 0 || n_mp < 0 || n_m < 0 ||
        n_un < 0)
        goto fail;
    /* local units (7.15): none while the mechanism is off, else
     * per_community of every community */
    if (n_un != (long long)w->n_units) {
        ck_fail(io, "%lld local units saved, %u expected from "
                "mechanisms.localunits and localunits.per_community",
                n_un, w->n_units);
        goto fail;
    }
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
        ck_fail(io, "out of memory for the saved state");
        goto fail;
    }
    for (size_t k = 0; k < ck_n_record_sets; k++) {
        const struct record_set *rs = &ck_record_sets[k];
        void *base;
        size_t n, stride;
        if (rs->rec == REC_COMMUNITY)   /* loaded and checked above */
            continue;
        ck_records_of(w, rs->rec, &base, &n, &stride);
        if (ck_get_records(r, rs->name, base, n, stride, rs->f, rs->nf, io))
            goto fail;
    }
    for (uint32_t k = 0; k < w->n_orgs; k++)   /* read by get_queues */
        memset(&w->orgs[k].q, 0, sizeof w->orgs[k].q);
    if (ck_get_queues(r, w, io))
        goto fail;
    w->owner_bits_valid = 0;   /* the pool changed: rebuilt when next used */

    for (size_t k = 0; k < ck_n_loose_arrays; k++)
        if (get_loose(r, w, &ck_loose_arrays[k], io))
            goto fail;
    if (w->day + 1 != ck->days_done) {
        ck_fail(io, "the world is at day %d, the file says %d days done",
                w->day, ck->days_done);
        goto fail;
    }
    uint64_t saved_h = 0;
    if (ck_get_attr(r, "state_fnv1a", H5T_NATIVE_UINT64, &saved_h, io))
        goto fail;
    if (ck_state_hash(w, ck->text_h) != saved_h) {
        ck_fail(io, "the saved state does not match its hash (state_fnv1a): "
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
