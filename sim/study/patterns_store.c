/* The store of finished pattern-study runs (patterns_store.h): keys, the
 * file of one run (HDF5: the key as attributes, the series as one
 * checksummed dataset) and the counts the study's summary prints. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "base/versions.h"
#include "io/afile.h"
#include "io/h5err.h"
#include "io/h5str.h"
#include "study/patterns_store.h"

/* Bump when the file's layout or the key's text changes. */
#define STORE_FORMAT 1
/* Days a chunk of the series holds (each chunk has its own checksum). */
#define CHUNK_DAYS 128

struct patterns_store {
    char *dir, *names;
    int nv;
    double scale;
    const char *model;
    struct patterns_store_counts c;
};

int patterns_store_open(struct patterns_store **sp, const char *dir,
                        const char *names, int n_values, double scale,
                        char *err, size_t errlen)
{
    struct patterns_store *s;
    *sp = NULL;
    if (afile_folder(dir, "--store", err, errlen) != 0)
        return -1;
    if (!(s = calloc(1, sizeof *s)) || !(s->dir = strdup(dir)) ||
        !(s->names = strdup(names))) {
        patterns_store_close(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->nv = n_values;
    s->scale = scale;
    /* tests/t_patterns_store.sh stands in another model identity with
     * COGOV_TEST_MODEL_ID (for tests only: it affects this store alone) */
    s->model = getenv("COGOV_TEST_MODEL_ID");
    if (!s->model || !*s->model)
        s->model = versions_model_id();
    *sp = s;
    return 0;
}

void patterns_store_close(struct patterns_store *s)
{
    if (!s)
        return;
    free(s->dir);
    free(s->names);
    free(s);
}

const char *patterns_store_dir(const struct patterns_store *s)
{
    return s->dir;
}

void patterns_store_counts(const struct patterns_store *s,
                           struct patterns_store_counts *c)
{
#pragma omp critical(patterns_store)
    *c = s->c;
}

/* The key of p's run (malloc'd; NULL when out of memory). */
static char *run_key(const struct patterns_store *s, const struct params *p)
{
    char *cfg = config_to_string(params_table(), p, 0), *k = NULL;
    if (!cfg)
        return NULL;
    size_t n = strlen(cfg) + strlen(s->names) + strlen(s->model) + 256;
    if ((k = malloc(n)))
        snprintf(k, n,
                 "cogov patterns store, format %d\nmodel %s\nscale %.17g\n"
                 "series %lld days x %d values: %s\n%s",
                 STORE_FORMAT, s->model, s->scale, (long long)p->time.days,
                 s->nv, s->names, cfg);
    free(cfg);
    return k;
}

static uint64_t fnv1a(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *b = (const unsigned char *)text; *b; b++) {
        h ^= *b;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* DIR/<scenario>[+<ablation>]-seed<N>-<hash of key>.h5: readable in a
 * listing, unique by the hash. */
static void run_path(const struct patterns_store *s, const struct params *p,
                     const char *file, const char *ablation, const char *key,
                     char *path, size_t n)
{
    char stem[128], abl[192], base[128];
    const char *slash = strrchr(file, '/');
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : file);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = 0;
    afile_safe_name(stem, sizeof stem, base);
    afile_safe_name(abl, sizeof abl, ablation);
    snprintf(path, n, "%s/%s%s%s-seed%lld-%016" PRIx64 ".h5", s->dir, stem,
             *abl ? "+" : "", abl, (long long)p->seed, fnv1a(key));
}

/* Read the run of key from path into out (days x nv): 0, or -1 with why. */
static int load(const char *path, const char *key, const char *model,
                long long days, int nv, double *out, char *why, size_t n)
{
    struct h5err_quiet q;
    hid_t f = H5I_INVALID_HID, d = H5I_INVALID_HID, sp = H5I_INVALID_HID;
    char *k = NULL, *m = NULL, h5[512];
    hsize_t dims[2];
    int rc = -1;
    h5err_quiet_on(&q);
    if ((f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        h5err_innermost(h5, sizeof h5);
        snprintf(why, n, "not a readable HDF5 file (%s)", h5);
        goto out;
    }
    m = h5str_attr_get(f, "model_id");
    k = h5str_attr_get(f, "key");
    if (!k || !m) {
        snprintf(why, n, "no key or model_id attribute: not a run of the "
                 "study's store");
        goto out;
    }
    if (strcmp(m, model)) {
        snprintf(why, n, "written by model %.64s; this is model %.64s", m,
                 model);
        goto out;
    }
    if (strcmp(k, key)) {
        snprintf(why, n, "written for another run (its key differs: "
                 "parameters, seed, scale or series)");
        goto out;
    }
    if ((d = H5Dopen2(f, "series", H5P_DEFAULT)) < 0 ||
        (sp = H5Dget_space(d)) < 0 || H5Sget_simple_extent_ndims(sp) != 2 ||
        H5Sget_simple_extent_dims(sp, dims, NULL) != 2 ||
        dims[0] != (hsize_t)days || dims[1] != (hsize_t)nv) {
        snprintf(why, n, "no series of %lld days x %d values", days, nv);
        goto out;
    }
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) <
        0) {
        h5err_innermost(h5, sizeof h5);
        snprintf(why, n, "its values do not read back (%s)", h5);
        goto out;
    }
    rc = 0;
out:
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    if (f >= 0)
        H5Fclose(f);
    h5err_quiet_off(&q);
    free(k);
    free(m);
    return rc;
}

int patterns_store_read(struct patterns_store *s, const struct params *p,
                        const char *file, const char *ablation,
                        double *series)
{
    char path[4096], why[1024];
    char *key = run_key(s, p);
    if (!key)
        return 0;
    run_path(s, p, file, ablation, key, path, sizeof path);
    int rc = access(path, F_OK) == 0;
    if (rc && load(path, key, s->model, (long long)p->time.days, s->nv,
                   series, why, sizeof why)) {
        fprintf(stderr, "cogov: patterns store: %s: %s; refused, running "
                "it again\n", path, why);
        rc = 0;
#pragma omp critical(patterns_store)
        s->c.refused++;
    } else if (rc) {
#pragma omp critical(patterns_store)
        s->c.read++;
    }
    free(key);
    return rc;
}

/* The file of one run at path (a partial of ours); 0 or -1. */
static int save(const char *path, const struct patterns_store *s,
                const struct params *p, const char *file,
                const char *ablation, const char *key, const double *series)
{
    hid_t f = H5I_INVALID_HID, fapl = H5I_INVALID_HID, fcpl = H5I_INVALID_HID,
          dcpl = H5I_INVALID_HID, sp = H5I_INVALID_HID, d = H5I_INVALID_HID;
    hsize_t dims[2] = {(hsize_t)p->time.days, (hsize_t)s->nv};
    hsize_t chunk[2] = {dims[0] < CHUNK_DAYS ? dims[0] : CHUNK_DAYS, dims[1]};
    char seed[32];
    int rc = -1;
    snprintf(seed, sizeof seed, "%lld", (long long)p->seed);
    /* checksummed metadata (file format 1.10 and later); no times in the
     * object headers, so that the same run gives the same bytes */
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST) < 0 ||
        (fcpl = H5Pcreate(H5P_FILE_CREATE)) < 0 ||
        H5Pset_obj_track_times(fcpl, 0) < 0 ||
        (f = H5Fcreate(path, H5F_ACC_TRUNC, fcpl, fapl)) < 0 ||
        h5str_attr_put(f, "key", key) || h5str_attr_put(f, "model_id",
                                                         s->model) ||
        h5str_attr_put(f, "scenario", file) ||
        h5str_attr_put(f, "ablation", ablation) ||
        h5str_attr_put(f, "seed", seed) ||
        h5str_attr_put(f, "values", s->names) ||
        (dcpl = H5Pcreate(H5P_DATASET_CREATE)) < 0 ||
        H5Pset_obj_track_times(dcpl, 0) < 0 ||
        H5Pset_chunk(dcpl, 2, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 1) < 0 || H5Pset_fletcher32(dcpl) < 0 ||
        (sp = H5Screate_simple(2, dims, NULL)) < 0 ||
        (d = H5Dcreate2(f, "series", H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl,
                        H5P_DEFAULT)) < 0 ||
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                 series) < 0)
        goto out;
    rc = 0;
out:
    if (d >= 0 && H5Dclose(d) < 0)
        rc = -1;
    if (sp >= 0)
        H5Sclose(sp);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (f >= 0 && H5Fclose(f) < 0)
        rc = -1;
    if (fcpl >= 0)
        H5Pclose(fcpl);
    if (fapl >= 0)
        H5Pclose(fapl);
    return rc;
}

void patterns_store_write(struct patterns_store *s, const struct params *p,
                          const char *file, const char *ablation,
                          const double *series)
{
    char path[4096], err[4200] = "";
    struct afile af;
    char *key = run_key(s, p);
    int ok = 0;
    if (!key) {
        snprintf(err, sizeof err, "out of memory");
    } else {
        run_path(s, p, file, ablation, key, path, sizeof path);
        if (afile_begin(&af, path, 1, err, sizeof err) != 0) {
            /* another process of the same study writes it: its file */
            ok = afile_busy(path);
        } else {
            struct h5err_quiet q;
            h5err_quiet_on(&q);
            if (save(af.partial, s, p, file, ablation, key, series) != 0) {
                char h5[512];
                h5err_innermost(h5, sizeof h5);
                snprintf(err, sizeof err, "%.3600s: %.500s", af.partial, h5);
                afile_end(&af, 1);
            } else if (afile_publish(&af, err, sizeof err) != 0) {
                afile_end(&af, 1);
            } else {
                afile_end(&af, 0);
                ok = 1;
            }
            h5err_quiet_off(&q);
        }
    }
    if (!ok)
        fprintf(stderr, "cogov: patterns store: run not kept: %s\n", err);
#pragma omp critical(patterns_store)
    {
        if (ok)
            s->c.written++;
        else
            s->c.unwritten++;
    }
    free(key);
}
