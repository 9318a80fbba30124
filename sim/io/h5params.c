/* Typed parameter attributes of a run file (see h5params.h). */
#include "io/h5params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "io/h5err.h"
#include "io/h5str.h"

#define GROUP "/parameters"

static int fail(char *err, size_t errlen, const char *what, const char *key)
{
    char inner[512];
    h5err_innermost(inner, sizeof inner);
    snprintf(err, errlen, "%s%s%s: %s", what, key ? " " : "", key ? key : "",
             inner[0] ? inner : "HDF5 error");
    return -1;
}

/* The enum type of BOOL keys: h5py and hdf5r read it as a boolean. */
static hid_t bool_type(void)
{
    hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    int8_t no = 0, yes = 1;
    if (t >= 0 && (H5Tenum_insert(t, "FALSE", &no) < 0 ||
                   H5Tenum_insert(t, "TRUE", &yes) < 0)) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

/* choice k of "a|b|c" into buf */
static void choice(const char *choices, int64_t k, char *buf, size_t n)
{
    const char *c = choices;
    for (; k > 0 && c; k--) {
        c = strchr(c, '|');
        c = c ? c + 1 : NULL;
    }
    size_t len = c ? strcspn(c, "|") : 0;
    snprintf(buf, n, "%.*s", (int)len, c ? c : "");
}

/* One attribute for row r of obj in group g; the scalar space and the
 * boolean type are shared by every attribute, numbers use HDF5's
 * predefined types, only strings need a type of their own. */
static int put(hid_t g, const struct param_def *r, const void *obj,
               hid_t space, hid_t booltype)
{
    const unsigned char *f = (const unsigned char *)obj + r->offset;
    hid_t ftype, mtype, own = H5I_INVALID_HID, a;
    const void *val = f;
    char text[PARAM_STRING_MAX];
    int8_t b;
    int rc = -1;
    switch (r->type) {
    case PARAM_INT:
        ftype = H5T_STD_I64LE;
        mtype = H5T_NATIVE_INT64;
        break;
    case PARAM_FLOAT:
        ftype = H5T_IEEE_F64LE;
        mtype = H5T_NATIVE_DOUBLE;
        break;
    case PARAM_BOOL:
        b = *(const int *)f != 0;
        val = &b;
        ftype = mtype = booltype;
        break;
    default: /* ENUM, STRING: text */
        if (r->type == PARAM_ENUM)
            choice(r->choices, *(const int *)f, text, sizeof text);
        else
            snprintf(text, sizeof text, "%s", (const char *)f);
        val = text;
        ftype = mtype = own = h5str_type(strlen(text));
        break;
    }
    if (ftype < 0)
        return -1;
    a = H5Acreate2(g, r->key, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        rc = H5Awrite(a, mtype, val) < 0 ? -1 : 0;
        if (H5Aclose(a) < 0)
            rc = -1;
    }
    if (own >= 0)
        H5Tclose(own);
    return rc;
}

int h5params_write(int64_t file, const struct param_table *t,
                   const void *obj, char *err, size_t errlen)
{
    struct h5err_quiet q;
    hid_t gcpl = H5I_INVALID_HID, g = H5I_INVALID_HID;
    hid_t bt = H5I_INVALID_HID, space = H5I_INVALID_HID;
    int rc = -1;
    h5err_quiet_on(&q);
    /* no timestamps: the same run gives the same bytes */
    if ((gcpl = H5Pcreate(H5P_GROUP_CREATE)) < 0 ||
        H5Pset_obj_track_times(gcpl, 0) < 0 ||
        /* readers list the keys in the table's order; not indexed: HDF5
         * sorts the dense storage when asked for creation order instead of
         * updating a second B-tree at each of the 320 inserts (18% of
         * the instructions of this function, docs/PERFORMANCE.md) */
        H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED) < 0 ||
        (g = H5Gcreate2(file, GROUP, H5P_DEFAULT, gcpl, H5P_DEFAULT)) < 0 ||
        (bt = bool_type()) < 0 || (space = H5Screate(H5S_SCALAR)) < 0) {
        fail(err, errlen, "creating " GROUP, NULL);
        goto out;
    }
    for (size_t k = 0; k < t->n; k++)
        if (put(g, &t->rows[k], obj, space, bt)) {
            fail(err, errlen, "writing " GROUP, t->rows[k].key);
            goto out;
        }
    rc = 0;
out:
    if (bt >= 0)
        H5Tclose(bt);
    if (space >= 0)
        H5Sclose(space);
    if (g >= 0 && H5Gclose(g) < 0 && rc == 0)
        rc = fail(err, errlen, "closing " GROUP, NULL);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    h5err_quiet_off(&q);
    return rc;
}

struct walk {
    int (*fn)(const struct h5param *, void *);
    void *ctx;
    char *err;
    size_t errlen;
    int failed;
};

/* Read one attribute by its class: integer, float, enum (bool), string. */
static herr_t visit(hid_t g, const char *name, const H5A_info_t *info,
                    void *data)
{
    struct walk *W = data;
    struct h5param v = {.key = name};
    hid_t a = H5Aopen(g, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : H5I_INVALID_HID;
    char *text = NULL;
    herr_t rc = -1;
    (void)info;
    if (t < 0)
        goto out;
    switch (H5Tget_class(t)) {
    case H5T_INTEGER:
        v.kind = HPAR_INT;
        if (H5Aread(a, H5T_NATIVE_INT64, &v.i) < 0)
            goto out;
        break;
    case H5T_FLOAT:
        v.kind = HPAR_FLOAT;
        if (H5Aread(a, H5T_NATIVE_DOUBLE, &v.f) < 0)
            goto out;
        break;
    case H5T_ENUM: {
        int8_t b;
        v.kind = HPAR_BOOL;
        if (H5Aread(a, t, &b) < 0)
            goto out;
        v.i = b != 0;
        break;
    }
    case H5T_STRING: {
        size_t n = H5Tget_size(t);
        v.kind = HPAR_STRING;
        if (H5Tis_variable_str(t) > 0 || !(text = calloc(n + 1, 1)) ||
            H5Aread(a, t, text) < 0)
            goto out;
        v.s = text;
        break;
    }
    default:
        snprintf(W->err, W->errlen, GROUP " attribute %s: not an integer, "
                 "float, boolean or string", name);
        W->failed = 1;
        goto out;
    }
    rc = W->fn(&v, W->ctx);
out:
    if (rc < 0 && !W->failed) {
        fail(W->err, W->errlen, "reading " GROUP, name);
        W->failed = 1;
    }
    free(text);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

int h5params_each(int64_t file, int (*fn)(const struct h5param *v,
                                          void *ctx),
                  void *ctx, char *err, size_t errlen)
{
    struct h5err_quiet q;
    struct walk W = {fn, ctx, err, errlen, 0};
    hid_t g = H5I_INVALID_HID;
    int rc;
    h5err_quiet_on(&q);
    htri_t ex = H5Lexists(file, GROUP, H5P_DEFAULT);
    if (ex <= 0) {
        rc = ex == 0 ? 1 : fail(err, errlen, "looking for " GROUP, NULL);
        goto out;
    }
    if ((g = H5Gopen2(file, GROUP, H5P_DEFAULT)) < 0) {
        rc = fail(err, errlen, "opening " GROUP, NULL);
        goto out;
    }
    hsize_t idx = 0;
    herr_t r = H5Aiterate2(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, visit,
                           &W);
    rc = W.failed ? -1 : (int)r;
    if (r < 0 && !W.failed)
        rc = fail(err, errlen, "reading " GROUP, NULL);
out:
    if (g >= 0)
        H5Gclose(g);
    h5err_quiet_off(&q);
    return rc;
}
