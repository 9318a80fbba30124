/* Reading cogov output files (see h5in.h). HDF5's automatic error
 * printing is silenced; failures come back as messages naming the file. */
#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5in.h"

struct h5in {
    hid_t file;
    char path[4096];
};

static void quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* Read a string attribute or string dataset's elements (scalar or 1-D)
 * joined by commas. `attr` >= 0 reads an attribute, else dataset `dset`. */
static int read_strings(hid_t attr, hid_t dset, char *buf, size_t n)
{
    hid_t type = attr >= 0 ? H5Aget_type(attr) : H5Dget_type(dset);
    hid_t space = attr >= 0 ? H5Aget_space(attr) : H5Dget_space(dset);
    int rc = -1;
    if (type < 0 || space < 0 || H5Tget_class(type) != H5T_STRING)
        goto out;
    hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count < 1)
        goto out;
    buf[0] = 0;
    size_t used = 0;
    if (H5Tis_variable_str(type) > 0) {
        char **v = calloc((size_t)count, sizeof *v);
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(type));
        herr_t e = attr >= 0 ? H5Aread(attr, mt, v)
                             : H5Dread(dset, mt, H5S_ALL, H5S_ALL,
                                       H5P_DEFAULT, v);
        if (e >= 0) {
            for (hssize_t i = 0; i < count; i++) {
                int k = snprintf(buf + used, n - used, "%s%s", i ? "," : "",
                                 v[i] ? v[i] : "");
                if (k > 0)
                    used += (size_t)k < n - used ? (size_t)k : n - used - 1;
            }
            H5Dvlen_reclaim(mt, space, H5P_DEFAULT, v);
            rc = 0;
        }
        H5Tclose(mt);
        free(v);
    } else {
        size_t sz = H5Tget_size(type);
        char *raw = calloc((size_t)count, sz + 1);
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, sz + 1);
        H5Tset_strpad(mt, H5T_STR_NULLTERM);
        H5Tset_cset(mt, H5Tget_cset(type));  /* HDF5 converts no charset */
        herr_t e = attr >= 0 ? H5Aread(attr, mt, raw)
                             : H5Dread(dset, mt, H5S_ALL, H5S_ALL,
                                       H5P_DEFAULT, raw);
        if (raw && e >= 0) {
            for (hssize_t i = 0; i < count; i++) {
                int k = snprintf(buf + used, n - used, "%s%s", i ? "," : "",
                                 raw + (size_t)i * (sz + 1));
                if (k > 0)
                    used += (size_t)k < n - used ? (size_t)k : n - used - 1;
            }
            rc = 0;
        }
        H5Tclose(mt);
        free(raw);
    }
out:
    if (type >= 0)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    return rc;
}

static int attr_string(hid_t obj, const char *name, char *buf, size_t n)
{
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    int rc = read_strings(a, -1, buf, n);
    H5Aclose(a);
    return rc;
}

int h5in_open(struct h5in **out, const char *path, int flags, char *err,
              size_t errlen)
{
    quiet();
    *out = NULL;
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0) {
        snprintf(err, errlen, "%s: not an HDF5 file (expected a cogov run "
                 "output)", path);
        return -1;
    }
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        snprintf(err, errlen, "%s: HDF5 cannot open it (locked or damaged?)",
                 path);
        return -1;
    }
    if (H5Aexists(file, "cogov_version") <= 0) {
        H5Fclose(file);
        snprintf(err, errlen, "%s: an HDF5 file but not a cogov output (no "
                 "cogov_version attribute)", path);
        return -1;
    }
    struct h5in *f = calloc(1, sizeof *f);
    if (!f) {
        H5Fclose(file);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    f->file = file;
    snprintf(f->path, sizeof f->path, "%s", path);
    if ((flags & H5IN_REQUIRE_COMPLETE) &&
        H5Aexists(file, "sweep_name") > 0) {
        h5in_close(f);
        snprintf(err, errlen, "%s: a sweep index, not a run output (plot a "
                 "sweep with --sweep DIR)", path);
        return -1;
    }
    if (flags & H5IN_REQUIRE_COMPLETE) {
        int64_t complete = 0;
        if (h5in_attr_int(f, "complete", &complete) || complete != 1) {
            h5in_close(f);
            snprintf(err, errlen, "%s: incomplete run (complete=0): it was "
                     "stopped or crashed before its last day", path);
            return -1;
        }
    }
    *out = f;
    return 0;
}

void h5in_close(struct h5in *f)
{
    if (!f)
        return;
    H5Fclose(f->file);
    free(f);
}

int h5in_attr_string(struct h5in *f, const char *name, char *buf, size_t n)
{
    return attr_string(f->file, name, buf, n);
}

int h5in_attr_int(struct h5in *f, const char *name, int64_t *v)
{
    if (H5Aexists(f->file, name) <= 0)
        return -1;
    hid_t a = H5Aopen(f->file, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    long long x = 0;
    herr_t e = H5Aread(a, H5T_NATIVE_LLONG, &x);
    H5Aclose(a);
    if (e < 0)
        return -1;
    *v = x;
    return 0;
}

char *h5in_config(struct h5in *f)
{
    if (H5Lexists(f->file, "config", H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(f->file, "config", H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t type = H5Dget_type(d);
    size_t cap = H5Tis_variable_str(type) > 0 ? 1 << 20
                                               : H5Tget_size(type) + 16;
    H5Tclose(type);
    char *buf = malloc(cap);
    if (buf && read_strings(-1, d, buf, cap)) {
        free(buf);
        buf = NULL;
    }
    H5Dclose(d);
    return buf;
}

struct names_ctx {
    char **v;
    int n, cap;
};

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info,
                      void *data)
{
    (void)g;
    (void)info;
    struct names_ctx *c = data;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        char **nv = realloc(c->v, (size_t)c->cap * sizeof *nv);
        if (!nv)
            return -1;
        c->v = nv;
    }
    c->v[c->n] = strdup(name);
    if (!c->v[c->n])
        return -1;
    c->n++;
    return 0;
}

int h5in_list(struct h5in *f, const char *group, char ***names)
{
    struct names_ctx c = {0};
    *names = NULL;
    if (H5Lexists(f->file, group, H5P_DEFAULT) <= 0)
        return 0;
    hid_t g = H5Gopen2(f->file, group, H5P_DEFAULT);
    if (g < 0)
        return -1;
    hsize_t idx = 0;
    herr_t e = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &c);
    H5Gclose(g);
    if (e < 0) {
        h5in_free_names(c.v, c.n);
        return -1;
    }
    *names = c.v;
    return c.n;
}

void h5in_free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static hid_t open_series(struct h5in *f, const char *group,
                         const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "/%s/%s", group, name);
    if (H5Lexists(f->file, group, H5P_DEFAULT) <= 0 ||
        H5Lexists(f->file, path, H5P_DEFAULT) <= 0)
        return -1;
    return H5Dopen2(f->file, path, H5P_DEFAULT);
}

int h5in_read(struct h5in *f, const char *group, const char *name,
              double **data, size_t *rows, size_t *cols, char *err,
              size_t errlen)
{
    *data = NULL;
    hid_t d = open_series(f, group, name);
    if (d < 0) {
        snprintf(err, errlen, "%s: no dataset /%s/%s", f->path, group, name);
        return -1;
    }
    hid_t s = H5Dget_space(d);
    int nd = H5Sget_simple_extent_ndims(s);
    hsize_t dims[2] = {0, 1};
    int rc = -1;
    if (nd < 1 || nd > 2) {
        snprintf(err, errlen, "%s: /%s/%s is not a 1-D or 2-D series",
                 f->path, group, name);
        goto out;
    }
    H5Sget_simple_extent_dims(s, dims, NULL);
    if (nd == 1)
        dims[1] = 1;
    size_t count = (size_t)dims[0] * (size_t)dims[1];
    *data = malloc((count ? count : 1) * sizeof **data);
    if (!*data) {
        snprintf(err, errlen, "out of memory reading /%s/%s", group, name);
        goto out;
    }
    if (count && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                         *data) < 0) {
        free(*data);
        *data = NULL;
        snprintf(err, errlen, "%s: cannot read /%s/%s", f->path, group, name);
        goto out;
    }
    *rows = (size_t)dims[0];
    *cols = (size_t)dims[1];
    rc = 0;
out:
    H5Sclose(s);
    H5Dclose(d);
    return rc;
}

int h5in_series_attr(struct h5in *f, const char *group, const char *name,
                     const char *attr, char *buf, size_t n)
{
    hid_t d = open_series(f, group, name);
    if (d < 0)
        return -1;
    int rc = attr_string(d, attr, buf, n);
    H5Dclose(d);
    return rc;
}

const char *h5in_path(const struct h5in *f) { return f->path; }

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t is 64-bit");

int64_t h5in_hid(const struct h5in *f) { return f->file; }

int h5in_exists(struct h5in *f, const char *group, const char *name)
{
    hid_t d = open_series(f, group, name);
    if (d < 0)
        return 0;
    H5Dclose(d);
    return 1;
}

int h5in_read_strings(struct h5in *f, const char *group, const char *name,
                      char ***out, size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    hid_t d = open_series(f, group, name);
    if (d < 0) {
        snprintf(err, errlen, "%s: no dataset /%s/%s", f->path, group, name);
        return -1;
    }
    hid_t type = H5Dget_type(d), space = H5Dget_space(d);
    hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    int rc = -1;
    char **v = NULL;
    if (type < 0 || n < 0 || H5Tget_class(type) != H5T_STRING) {
        snprintf(err, errlen, "%s: /%s/%s is not a string dataset", f->path,
                 group, name);
        goto out;
    }
    v = calloc((size_t)n + 1, sizeof *v);
    if (!v)
        goto oom;
    /* read element by element into a buffer sized for the longest one:
     * read_strings joins with commas, which the strings may contain */
    hid_t mt = H5Tcopy(H5T_C_S1);
    int vlen = H5Tis_variable_str(type) > 0;
    size_t sz = H5Tget_size(type);
    H5Tset_cset(mt, H5Tget_cset(type));
    if (vlen) {
        H5Tset_size(mt, H5T_VARIABLE);
        char **raw = calloc((size_t)n + 1, sizeof *raw);
        herr_t e = raw ? H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw)
                       : -1;
        for (hssize_t i = 0; e >= 0 && i < n; i++)
            if (!(v[i] = strdup(raw[i] ? raw[i] : "")))
                e = -1;
        if (raw && e >= 0)
            H5Dvlen_reclaim(mt, space, H5P_DEFAULT, raw);
        free(raw);
        H5Tclose(mt);
        if (e < 0)
            goto fail_read;
    } else {
        H5Tset_size(mt, sz + 1);
        H5Tset_strpad(mt, H5T_STR_NULLTERM);
        char *raw = calloc((size_t)n + 1, sz + 1);
        herr_t e = raw ? H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw)
                       : -1;
        for (hssize_t i = 0; e >= 0 && i < n; i++)
            if (!(v[i] = strdup(raw + (size_t)i * (sz + 1))))
                e = -1;
        free(raw);
        H5Tclose(mt);
        if (e < 0)
            goto fail_read;
    }
    *out = v;
    *count = (size_t)n;
    v = NULL;
    rc = 0;
    goto out;
fail_read:
    snprintf(err, errlen, "%s: cannot read /%s/%s", f->path, group, name);
    goto out;
oom:
    snprintf(err, errlen, "out of memory reading /%s/%s", group, name);
out:
    if (v)
        h5in_free_names(v, (int)n);
    if (type >= 0)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    H5Dclose(d);
    return rc;
}

int h5in_object_attr(struct h5in *f, const char *object, const char *attr,
                     char *buf, size_t n)
{
    if (H5Lexists(f->file, object, H5P_DEFAULT) <= 0)
        return -1;
    hid_t o = H5Oopen(f->file, object, H5P_DEFAULT);
    if (o < 0)
        return -1;
    int rc = attr_string(o, attr, buf, n);
    H5Oclose(o);
    return rc;
}
