/* DIR/index.h5, the index of a sweep (docs/MODEL.md section 8; the
 * layout agreed with `cogov plot --sweep` is in docs/CLUSTER.md, "The
 * index"). Written whole by `sweep plan` and rewritten whole by `sweep
 * collect`, always under index.h5.partial first and renamed, so a reader
 * never meets half an index and tasks never write it. Strings are
 * fixed-length, NUL-terminated UTF-8, as in run files. */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/versions.h"
#include "io/h5str.h"
#include "study/sweep.h"

/* The message for a failed HDF5 step of writing path. */
static void idx_fail(char *err, size_t errlen, const char *path,
                     const char *what)
{
    snprintf(err, errlen, "%s: HDF5 failed: %s", path, what);
}

/* n strings packed as fixed-length elements of *len + 1 bytes (malloc'd,
 * caller frees; NULL on out of memory). */
static char *pack_strings(const char *const *s, int64_t n, size_t *len)
{
    *len = 0;
    for (int64_t k = 0; k < n; k++)
        if (strlen(s[k]) > *len)
            *len = strlen(s[k]);
    char *buf = calloc(n > 0 ? (size_t)n : 1, *len + 1);
    for (int64_t k = 0; buf && k < n; k++)
        memcpy(buf + (size_t)k * (*len + 1), s[k], strlen(s[k]));
    return buf;
}

/* One attribute on obj: a string, an int64 or a list of strings. */
static int put_attr(hid_t obj, const char *name, const char *s,
                    const int64_t *i, const char *const *list, int nlist)
{
    hid_t sp, t, a;
    int rc = -1;
    size_t len = s ? strlen(s) : 0;
    char *buf = NULL;
    if (list) {
        hsize_t n = (hsize_t)nlist;
        sp = H5Screate_simple(1, &n, NULL);
        buf = pack_strings(list, nlist, &len);
    } else {
        sp = H5Screate(H5S_SCALAR);
    }
    t = i ? H5Tcopy(H5T_STD_I64LE) : h5str_type(len);
    if (sp < 0 || t < 0 || (list && !buf))
        goto out;
    a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0)
        goto out;
    if (i)
        rc = H5Awrite(a, H5T_NATIVE_INT64, i) < 0 ? -1 : 0;
    else
        rc = H5Awrite(a, t, list ? (const void *)buf : s) < 0 ? -1 : 0;
    H5Aclose(a);
out:
    free(buf);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    return rc;
}

/* A 1-D dataset of n values: int64 (i), float64 (d) or strings (s). */
static hid_t put_data(hid_t loc, const char *name, int64_t n,
                      const int64_t *i, const double *d,
                      const char *const *s)
{
    hsize_t dims = (hsize_t)n;
    hid_t sp = H5Screate_simple(1, &dims, NULL), t, ds = -1;
    size_t len = 0;
    char *buf = NULL;
    if (s) {
        buf = pack_strings(s, n, &len);
        t = h5str_type(len);
    } else {
        t = H5Tcopy(i ? H5T_STD_I64LE : H5T_IEEE_F64LE);
    }
    if (sp < 0 || t < 0 || (s && !buf))
        goto out;
    ds = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ds < 0)
        goto out;
    const void *src = s ? (const void *)buf : i ? (const void *)i : d;
    hid_t mt = s ? t : i ? H5T_NATIVE_INT64 : H5T_NATIVE_DOUBLE;
    if (n > 0 && H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, src) < 0) {
        H5Dclose(ds);
        ds = -1;
    }
out:
    free(buf);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    return ds;
}

static int put_text(hid_t loc, const char *name, const char *text)
{
    hid_t sp = H5Screate(H5S_SCALAR), t = h5str_type(strlen(text)), ds = -1;
    int rc = -1;
    if (sp >= 0 && t >= 0)
        ds = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT);
    if (ds >= 0) {
        rc = H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0 ? -1
                                                                       : 0;
        H5Dclose(ds);
    }
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    return rc;
}

/* "a|b|c" split into a malloc'd array of malloc'd strings. */
static char **split_choices(const char *c, int *n)
{
    *n = 1;
    for (const char *p = c; *p; p++)
        *n += *p == '|';
    char **v = calloc((size_t)*n, sizeof *v);
    for (int k = 0; v && k < *n; k++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        v[k] = strndup(c, len);
        c = bar ? bar + 1 : c + len;
    }
    return v;
}

int sweep_index_write(const char *dir, const struct sweep_plan *pl,
                      const struct sweep_final *fin, char *err,
                      size_t errlen)
{
    char final_path[4096];
    const char *path = final_path;   /* named in messages */
    hid_t f = -1, g = -1, gcpl = -1, ds = -1;
    struct afile af;
    int af_open = 0;
    char **files = NULL, **choices = NULL;
    const char **status = NULL, **error = NULL;
    double *col = NULL;
    int nchoices = 0;
    snprintf(final_path, sizeof final_path, "%s/index.h5", dir);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    files = calloc((size_t)pl->n_runs + 1, sizeof *files);
    status = calloc((size_t)pl->n_runs + 1, sizeof *status);
    error = calloc((size_t)pl->n_runs + 1, sizeof *error);
    col = malloc(((size_t)pl->n_runs + 1) * sizeof *col);
    if (!files || !status || !error || !col) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    for (int64_t k = 0; k < pl->n_runs; k++) {
        char name[64];
        sweep_task_path(NULL, k, ".h5", name, sizeof name);
        files[k] = strdup(name);
        if (!files[k]) {
            snprintf(err, errlen, "%s: out of memory", path);
            goto fail;
        }
        status[k] = fin ? fin->status[k] : sweep_state_names[TASK_PENDING];
        error[k] = fin ? fin->error[k] : "";
    }

    /* the index is the sweep's own: each collect replaces it (force), but
     * only with a whole file that this process wrote */
    if (afile_begin(&af, final_path, 1, err, errlen))
        goto fail;
    af_open = 1;
    if ((f = H5Fcreate(af.partial, H5F_ACC_TRUNC, H5P_DEFAULT,
                       H5P_DEFAULT)) < 0) {
        idx_fail(err, errlen, path, "cannot create the file");
        goto fail;
    }
    int64_t window = fin ? fin->window : 0;
    const char *design = sweep_design_names[pl->design];
    int64_t levels = pl->levels, second = pl->second_order;
    const char *rule = pl->seed_rule == SWEEP_SEED_OFFSET ? "offset" : "hash";
    /* the root attributes, in this order */
    const struct {
        const char *name, *s;
        const int64_t *i;
        int on;
    } attrs[] = {
        {"cogov_version", COGOV_VERSION_STRING, NULL, 1},
        {"sweep_name", pl->name, NULL, 1},
        {"base_scenario", pl->base_scenario, NULL, 1},
        {"sweep_seed", NULL, &pl->seed, 1},
        {"n_points", NULL, &pl->n_points, 1},
        {"n_replicates", NULL, &pl->n_replicates, 1},
        {"n_runs", NULL, &pl->n_runs, 1},
        {"created_utc", pl->created_utc, NULL, 1},
        {"window", NULL, &window, 1},
        {"design", design, NULL, 1},
        {"design_n", NULL, &pl->design_n, 1},
        {"levels", NULL, &levels, pl->design == SWEEP_MORRIS},
        {"second_order", NULL, &second, pl->design == SWEEP_SOBOL},
    };
    for (size_t k = 0; k < sizeof attrs / sizeof *attrs; k++)
        if (attrs[k].on &&
            put_attr(f, attrs[k].name, attrs[k].s, attrs[k].i, NULL, 0) < 0) {
            char what[64];
            snprintf(what, sizeof what, "attribute %s", attrs[k].name);
            idx_fail(err, errlen, path, what);
            goto fail;
        }
    if (pl->unit) {
        /* the design in the unit cube, point-major (n_points x n_params):
         * what `cogov sweep analyze` reads Morris steps from */
        if ((ds = put_data(f, "design_unit", pl->n_points * pl->n_params, NULL,
                           pl->unit, NULL)) < 0) {
            idx_fail(err, errlen, path, "/design_unit");
            goto fail;
        }
        H5Dclose(ds);
        ds = -1;
    }
    if (put_attr(f, "seed_rule", rule, NULL, NULL, 0) < 0) {
        idx_fail(err, errlen, path, "attribute seed_rule");
        goto fail;
    }
    if (put_text(f, "sweep_config", pl->sweep_config) < 0) {
        idx_fail(err, errlen, path, "/sweep_config");
        goto fail;
    }
    if (put_text(f, "base_config", pl->base_config) < 0) {
        idx_fail(err, errlen, path, "/base_config");
        goto fail;
    }

    if ((g = H5Gcreate2(f, "runs", H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT)) < 0) {
        idx_fail(err, errlen, path, "group /runs");
        goto fail;
    }
    int64_t *run = malloc(((size_t)pl->n_runs + 1) * sizeof *run);
    if (!run) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
    }
    for (int64_t k = 0; k < pl->n_runs; k++)
        run[k] = k;
    ds = put_data(g, "run", pl->n_runs, run, NULL, NULL);
    free(run);
    if (ds < 0) {
        idx_fail(err, errlen, path, "/runs/run");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "point", pl->n_runs, pl->point, NULL, NULL)) < 0) {
        idx_fail(err, errlen, path, "/runs/point");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "replicate", pl->n_runs, pl->replicate, NULL,
                       NULL)) < 0) {
        idx_fail(err, errlen, path, "/runs/replicate");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "seed", pl->n_runs, pl->run_seed, NULL, NULL)) < 0) {
        idx_fail(err, errlen, path, "/runs/seed");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "file", pl->n_runs, NULL, NULL,
                       (const char *const *)files)) < 0) {
        idx_fail(err, errlen, path, "/runs/file");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "status", pl->n_runs, NULL, NULL, status)) < 0) {
        idx_fail(err, errlen, path, "/runs/status");
        goto fail;
    }
    H5Dclose(ds);
    if ((ds = put_data(g, "error", pl->n_runs, NULL, NULL, error)) < 0) {
        idx_fail(err, errlen, path, "/runs/error");
        goto fail;
    }
    H5Dclose(ds);
    ds = -1;
    H5Gclose(g);

    /* /params keeps the order of the sweep file (creation order) */
    if ((gcpl = H5Pcreate(H5P_GROUP_CREATE)) < 0) {
        idx_fail(err, errlen, path, "group property list");
        goto fail;
    }
    if (H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED |
                                             H5P_CRT_ORDER_INDEXED) < 0) {
        idx_fail(err, errlen, path, "creation order of /params");
        goto fail;
    }
    if ((g = H5Gcreate2(f, "params", H5P_DEFAULT, gcpl, H5P_DEFAULT)) < 0) {
        idx_fail(err, errlen, path, "group /params");
        goto fail;
    }
    for (int j = 0; j < pl->n_params; j++) {
        const struct param_def *r = pl->rows[j];
        for (int64_t k = 0; k < pl->n_runs; k++)
            col[k] = pl->value[k * pl->n_params + j];
        if ((ds = put_data(g, pl->keys[j], pl->n_runs, NULL, col, NULL)) < 0) {
            idx_fail(err, errlen, path, pl->keys[j]);
            goto fail;
        }
        if (put_attr(ds, "units", r->units ? r->units : "", NULL, NULL,
                     0) < 0) {
            idx_fail(err, errlen, path, "units");
            goto fail;
        }
        if (put_attr(ds, "description", r->desc ? r->desc : "", NULL, NULL,
                     0) < 0) {
            idx_fail(err, errlen, path, "description");
            goto fail;
        }
        if (r->type == PARAM_ENUM) {
            choices = split_choices(r->choices, &nchoices);
            if (!choices) {
                snprintf(err, errlen, "%s: out of memory", path);
                goto fail;
            }
            if (put_attr(ds, "choices", NULL, NULL,
                         (const char *const *)choices, nchoices) < 0) {
                idx_fail(err, errlen, path, "choices");
                goto fail;
            }
            for (int c = 0; c < nchoices; c++)
                free(choices[c]);
            free(choices);
            choices = NULL;
        }
        H5Dclose(ds);
        ds = -1;
    }
    H5Gclose(g);

    if ((g = H5Gcreate2(f, "final", H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT)) < 0) {
        idx_fail(err, errlen, path, "group /final");
        goto fail;
    }
    for (int m = 0; fin && m < fin->n_metrics; m++) {
        if ((ds = put_data(g, fin->metric[m], pl->n_runs, NULL,
                           fin->value + (size_t)m * (size_t)pl->n_runs,
                           NULL)) < 0) {
            idx_fail(err, errlen, path, fin->metric[m]);
            goto fail;
        }
        if (put_attr(ds, "window", NULL, &fin->window, NULL, 0) < 0) {
            idx_fail(err, errlen, path, "window");
            goto fail;
        }
        if (fin->units[m] &&
            put_attr(ds, "units", fin->units[m], NULL, NULL, 0) < 0) {
            idx_fail(err, errlen, path, "units");
            goto fail;
        }
        if (fin->description[m] &&
            put_attr(ds, "description", fin->description[m], NULL, NULL,
                     0) < 0) {
            idx_fail(err, errlen, path, "description");
            goto fail;
        }
        H5Dclose(ds);
        ds = -1;
    }
    H5Gclose(g);
    g = -1;
    if (H5Fclose(f) < 0) {
        idx_fail(err, errlen, path, "closing the file");
        goto fail;
    }
    f = -1;
    if (afile_publish(&af, err, errlen))
        goto fail;
    afile_end(&af, 0);
    af_open = 0;
    H5Pclose(gcpl);
    for (int64_t k = 0; k < pl->n_runs; k++)
        free(files[k]);
    free(files);
    free(status);
    free(error);
    free(col);
    return 0;
fail:
    if (choices) {
        for (int c = 0; c < nchoices; c++)
            free(choices[c]);
        free(choices);
    }
    if (ds >= 0)
        H5Dclose(ds);
    if (g >= 0)
        H5Gclose(g);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (f >= 0)
        H5Fclose(f);
    if (af_open)
        afile_end(&af, 1);
    for (int64_t k = 0; files && k < pl->n_runs; k++)
        free(files[k]);
    free(files);
    free(status);
    free(error);
    free(col);
    return -1;
}

/* ---- reading ------------------------------------------------------ */

static int get_attr_int(hid_t f, const char *name, int64_t *v)
{
    if (H5Aexists(f, name) <= 0)
        return -1;
    hid_t a = H5Aopen(f, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    int rc = H5Aread(a, H5T_NATIVE_INT64, v) < 0 ? -1 : 0;
    H5Aclose(a);
    return rc;
}

/* A scalar string attribute or dataset (ds >= 0) as malloc'd text. */
static char *get_string(hid_t obj, const char *attr)
{
    hid_t h = attr ? H5Aopen(obj, attr, H5P_DEFAULT) : obj;
    if (h < 0)
        return NULL;
    hid_t t = attr ? H5Aget_type(h) : H5Dget_type(h);
    char *buf = NULL;
    if (t >= 0 && H5Tget_class(t) == H5T_STRING &&
        H5Tis_variable_str(t) == 0) {
        size_t sz = H5Tget_size(t);
        hid_t mt = h5str_type(sz);
        buf = calloc(1, sz + 1);
        if (mt < 0 || !buf ||
            (attr ? H5Aread(h, mt, buf)
                  : H5Dread(h, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) < 0) {
            free(buf);
            buf = NULL;
        }
        if (mt >= 0)
            H5Tclose(mt);
    }
    if (t >= 0)
        H5Tclose(t);
    if (attr)
        H5Aclose(h);
    return buf;
}

static char *get_text(hid_t f, const char *name)
{
    if (H5Lexists(f, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    char *s = get_string(d, NULL);
    H5Dclose(d);
    return s;
}

/* /group/name, n int64 or double values. */
static int get_data(hid_t f, const char *name, int64_t n, hid_t mtype,
                    void *out)
{
    if (H5Lexists(f, name, H5P_DEFAULT) <= 0)
        return -1;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t s = H5Dget_space(d);
    hsize_t dims = 0;
    int rc = -1;
    if (H5Sget_simple_extent_ndims(s) == 1) {
        H5Sget_simple_extent_dims(s, &dims, NULL);
        if ((int64_t)dims == n &&
            (n == 0 ||
             H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0))
            rc = 0;
    }
    H5Sclose(s);
    H5Dclose(d);
    return rc;
}

struct key_list {
    char **v;
    int n;
};

static herr_t add_key(hid_t g, const char *name, const H5L_info_t *info,
                      void *data)
{
    (void)g;
    (void)info;
    struct key_list *l = data;
    char **nv = realloc(l->v, ((size_t)l->n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    l->v = nv;
    l->v[l->n] = strdup(name);
    return l->v[l->n++] ? 0 : -1;
}

/* Load libconfig text into p through a temporary file: the loader reads
 * files, and the index must be enough to rerun every task. */
static int load_text(const char *text, struct params *p, char *err,
                     size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/cogov-base-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file in %s: %s",
                 tmp && *tmp ? tmp : "/tmp", strerror(errno));
        return -1;
    }
    size_t len = strlen(text);
    int rc = -1;
    if (write(fd, text, len) != (ssize_t)len) {
        snprintf(err, errlen, "cannot write %.200s: %s", path,
                 strerror(errno));
    } else {
        config_defaults(params_table(), p);
        rc = config_load(params_table(), p, path, NULL, 0, NULL, err,
                         errlen);
    }
    close(fd);
    unlink(path);
    return rc;
}

int sweep_index_read(const char *dir, struct sweep_plan *pl, char *err,
                     size_t errlen)
{
    char path[4096], what[256];
    hid_t f = -1, g = -1;
    struct key_list keys = {0};
    char *s;
    memset(pl, 0, sizeof *pl);
    snprintf(path, sizeof path, "%s/index.h5", dir);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "%s: no sweep index here (%s); make one with "
                 "cogov sweep plan SWEEP.cfg -o %s", path, strerror(errno),
                 dir);
        return -1;
    }
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        snprintf(err, errlen, "%s: HDF5 cannot open it (damaged, or locked: "
                 "on NFS/Lustre set HDF5_USE_FILE_LOCKING=FALSE)", path);
        return -1;
    }
    snprintf(what, sizeof what, "root attributes");
    if (get_attr_int(f, "sweep_seed", &pl->seed) ||
        get_attr_int(f, "n_points", &pl->n_points) ||
        get_attr_int(f, "n_replicates", &pl->n_replicates) ||
        get_attr_int(f, "n_runs", &pl->n_runs) ||
        get_attr_int(f, "window", &pl->window) || pl->n_runs < 0 ||
        pl->n_runs > SWEEP_MAX_RUNS)
        goto bad;
    if (!(s = get_string(f, "sweep_name")))
        goto bad;
    snprintf(pl->name, sizeof pl->name, "%s", s);
    free(s);
    if (!(s = get_string(f, "created_utc")))
        goto bad;
    snprintf(pl->created_utc, sizeof pl->created_utc, "%s", s);
    free(s);
    if (!(pl->base_scenario = get_string(f, "base_scenario")))
        goto bad;
    if (H5Aexists(f, "design") > 0 && (s = get_string(f, "design"))) {
        for (int d = 0; d < N_SWEEP_DESIGNS; d++)
            if (!strcmp(s, sweep_design_names[d]))
                pl->design = (enum sweep_design)d;
        free(s);
    }
    int64_t v;
    if (get_attr_int(f, "design_n", &v) == 0)
        pl->design_n = v;
    if (get_attr_int(f, "levels", &v) == 0)
        pl->levels = (int)v;
    if (get_attr_int(f, "second_order", &v) == 0)
        pl->second_order = (int)v;
    if (H5Aexists(f, "seed_rule") > 0 && (s = get_string(f, "seed_rule"))) {
        pl->seed_rule = !strcmp(s, "offset") ? SWEEP_SEED_OFFSET
                                             : SWEEP_SEED_HASH;
        free(s);
    }
    snprintf(what, sizeof what, "/sweep_config or /base_config");
    if (!(pl->sweep_config = get_text(f, "sweep_config")) ||
        !(pl->base_config = get_text(f, "base_config")))
        goto bad;
    snprintf(what, sizeof what, "/runs");
    size_t n = (size_t)pl->n_runs + 1;
    pl->point = malloc(n * sizeof *pl->point);
    pl->replicate = malloc(n * sizeof *pl->replicate);
    pl->run_seed = malloc(n * sizeof *pl->run_seed);
    if (!pl->point || !pl->replicate || !pl->run_seed ||
        get_data(f, "runs/point", pl->n_runs, H5T_NATIVE_INT64, pl->point) ||
        get_data(f, "runs/replicate", pl->n_runs, H5T_NATIVE_INT64,
                 pl->replicate) ||
        get_data(f, "runs/seed", pl->n_runs, H5T_NATIVE_INT64, pl->run_seed))
        goto bad;
    snprintf(what, sizeof what, "/params");
    if (H5Lexists(f, "params", H5P_DEFAULT) <= 0 ||
        (g = H5Gopen2(f, "params", H5P_DEFAULT)) < 0)
        goto bad;
    hsize_t idx = 0;
    if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, add_key,
                   &keys) < 0)
        goto bad;
    pl->n_params = keys.n;
    pl->keys = keys.v;
    keys.v = NULL;
    keys.n = 0;
    pl->rows = calloc((size_t)pl->n_params + 1, sizeof *pl->rows);
    pl->value = malloc(n * ((size_t)pl->n_params + 1) * sizeof *pl->value);
    double *col = malloc(n * sizeof *col);
    if (!pl->rows || !pl->value || !col) {
        free(col);
        goto bad;
    }
    for (int j = 0; j < pl->n_params; j++) {
        pl->rows[j] = config_find(params_table(), pl->keys[j]);
        if (!pl->rows[j]) {
            free(col);
            snprintf(err, errlen, "%s: /params/%s is not a parameter of this "
                     "cogov (%s); use the cogov that planned the sweep",
                     path, pl->keys[j], COGOV_VERSION_STRING);
            goto fail;
        }
        snprintf(what, sizeof what, "/params/%s", pl->keys[j]);
        if (get_data(g, pl->keys[j], pl->n_runs, H5T_NATIVE_DOUBLE, col)) {
            free(col);
            goto bad;
        }
        for (int64_t k = 0; k < pl->n_runs; k++)
            pl->value[k * pl->n_params + j] = col[k];
    }
    free(col);
    H5Gclose(g);
    g = -1;
    if (H5Lexists(f, "design_unit", H5P_DEFAULT) > 0) {
        snprintf(what, sizeof what, "/design_unit");
        int64_t nu = pl->n_points * pl->n_params;
        pl->unit = malloc(((size_t)nu + 1) * sizeof *pl->unit);
        if (!pl->unit ||
            get_data(f, "design_unit", nu, H5T_NATIVE_DOUBLE, pl->unit))
            goto bad;
    }
    H5Fclose(f);
    f = -1;
    char cerr[CONFIG_ERR_MAX];
    if (load_text(pl->base_config, &pl->base, cerr, sizeof cerr)) {
        snprintf(err, errlen, "%s: /base_config does not load in this cogov "
                 "(%s): %s", path, COGOV_VERSION_STRING, cerr);
        goto fail;
    }
    return 0;
bad:
    snprintf(err, errlen, "%s: not a cogov sweep index, or damaged (%s "
             "missing or unreadable)", path, what);
fail:
    for (int j = 0; j < keys.n; j++)
        free(keys.v[j]);
    free(keys.v);
    if (g >= 0)
        H5Gclose(g);
    if (f >= 0)
        H5Fclose(f);
    sweep_plan_free(pl);
    return -1;
}

int sweep_make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}

int sweep_plan_install(const char *dir, struct sweep_plan *pl, int *existed,
                       char *err, size_t errlen)
{
    char path[4200], why[CONFIG_ERR_MAX];
    struct sweep_plan old;
    struct stat st;
    *existed = 0;
    snprintf(path, sizeof path, "%s/index.h5", dir);
    if (stat(path, &st) == 0) {
        if (sweep_index_read(dir, &old, why, sizeof why)) {
            snprintf(err, errlen, "%s; refusing to replace it (remove %s or "
                     "choose another -o)", why, path);
            return -1;
        }
        int same = sweep_plan_equal(pl, &old);
        sweep_plan_free(&old);
        if (!same) {
            snprintf(err, errlen, "%s holds a different plan; it is kept. "
                     "Choose another -o DIR, or remove %s (and its runs) to "
                     "replace it", path, dir);
            return -1;
        }
        *existed = 1;
        return 0;
    }
    snprintf(path, sizeof path, "%s/runs", dir);
    if (stat(path, &st) == 0) {
        snprintf(err, errlen, "%s exists but %s/index.h5 does not: runs of "
                 "an unknown sweep; choose another -o DIR", path, dir);
        return -1;
    }
    if (sweep_make_dirs(path)) {
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(pl->created_utc, sizeof pl->created_utc, "%Y-%m-%dT%H:%M:%SZ",
             &tm);
    if (sweep_index_write(dir, pl, NULL, err, errlen)) {
        rmdir(path);
        return -1;
    }
    return 0;
}
