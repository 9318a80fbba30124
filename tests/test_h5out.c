/* Unit tests of sim/h5out.c: files are written in a mkdtemp directory and
 * read back with the plain HDF5 C API, checking the layout of the contract
 * (docs/MODEL.md section 8), the .partial/complete protocol and the
 * refusals. */
#include "io/h5out.h"
#include "io/h5params.h"

#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hdf5.h>

#include "unit.h"

#define NROWS 1000
#define NCHAN 9
#define NCOMM 5
#define NSNAP 37

static const char *const code_keys[] = {"version", "git_rev", "compiler"};
static const char *const code_values[] = {"0.1.0", "e4e2ad44f01e",
                                          "gcc 12 -O2"};
static const char *const config_text =
    "# cogov resolved configuration\n"
    "population = { n_residents = 2000; migrant_share = 0.3; };\n"
    "label = \"社区 community\";\n";
static const char *const channels =
    "self,tie,market,community,deliberation,socorg,volunteer,mediation,"
    "government";

/* ---------------------------------------------------------------- */
/* helpers                                                           */

static void rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rmtree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char *make_tmpdir(char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, n, "%s/cogov_h5out_XXXXXX", base && base[0] ? base : "/tmp");
    return mkdtemp(buf);
}

static int exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static int count_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static struct h5out_meta test_meta(int flush_every)
{
    struct h5out_meta m;
    memset(&m, 0, sizeof m);
    m.cogov_version = "0.1.0";
    m.scenario = "baseline";
    m.seed = UINT64_C(18446744073709551557);   /* > INT64_MAX on purpose */
    m.n_residents = 2000;
    m.n_communities = NCOMM;
    m.days = NROWS;
    m.created_utc = "2024-05-01T12:00:00Z";
    m.config_text = config_text;
    m.n_code = 3;
    m.code_keys = code_keys;
    m.code_values = code_values;
    m.flush_every = flush_every;
    return m;
}

static double f64_value(int row) { return row * 0.25 - 3.0 + (row % 7) * 1e-3; }
static int64_t chan_value(int row, int c) { return (int64_t)row * 100 + c - 7; }
static float comm_value(int row, int c) { return (float)(row % 13) / 8.0f + (float)c; }

/* HDF5 objects (files, groups, datasets, attributes, named types) open in
 * any file: zero once everything is closed. HDF5 1.10 refuses H5Inmembers
 * on its own identifier types, so dataspaces and property lists cannot be
 * counted from outside; h5out_close checks its file's count itself. */
static ssize_t open_objects(void)
{
    return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
}

/* Application-held identifiers of one kind (dataspaces, property lists,
 * datatypes), found by probing every identifier up to a fresh one. This
 * relies on HDF5 1.10's encoding (kind in the bits above 56, then a serial
 * number); the caller checks that a probe of its own is seen. */
static long held_ids(H5I_type_t kind, hid_t fresh)
{
    hid_t top = fresh & (((hid_t)1 << 56) - 1);
    long n = 0;
    for (hid_t i = 0; i <= top; i++) {
        hid_t id = ((hid_t)kind << 56) | i;
        if (id != fresh && H5Iis_valid(id) > 0)
            n++;
    }
    return n;
}

/* held dataspaces + property lists + datatypes, or -1 if the probe fails */
static long held_transient_ids(void)
{
    hid_t extra = H5Screate(H5S_SCALAR);   /* held: must be seen */
    hid_t s = H5Screate(H5S_SCALAR), p = H5Pcreate(H5P_DATASET_CREATE);
    hid_t t = H5Tcopy(H5T_C_S1);
    long n = held_ids(H5I_DATASPACE, s) + held_ids(H5I_GENPROP_LST, p) +
             held_ids(H5I_DATATYPE, t);
    int seen = held_ids(H5I_DATASPACE, s) >= 1;
    H5Sclose(extra);
    H5Sclose(s);
    H5Pclose(p);
    H5Tclose(t);
    return seen ? n - 1 : -1;
}

/* Reading back: strings are fixed-length (see sim/h5out.c). */
static int read_attr_string(hid_t obj, const char *name, char *buf,
                            size_t n)
{
    int ok = -1;
    buf[0] = 0;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Aget_type(a);
    size_t sz = H5Tget_size(t);
    if (H5Tget_class(t) == H5T_STRING && !H5Tis_variable_str(t) &&
        sz < n && H5Aread(a, t, buf) >= 0) {
        buf[sz] = 0;
        ok = 0;
    }
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static int64_t read_attr_i64(hid_t obj, const char *name)
{
    int64_t v = INT64_MIN;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return v;
    if (H5Aread(a, H5T_NATIVE_INT64, &v) < 0)
        v = INT64_MIN;
    H5Aclose(a);
    return v;
}

/* class/size/sign of an attribute's stored type */
static int attr_type_is(hid_t obj, const char *name, H5T_class_t cls,
                        size_t size)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return 0;
    hid_t t = H5Aget_type(a);
    int ok = H5Tget_class(t) == cls && H5Tget_size(t) == size;
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static int32_t file_complete(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return -1;
    int32_t v = -1;
    hid_t a = H5Aopen(f, "complete", H5P_DEFAULT);
    if (a >= 0) {
        H5Aread(a, H5T_NATIVE_INT32, &v);
        H5Aclose(a);
    }
    H5Fclose(f);
    return v;
}

/* Shape, maxdims, layout and filters of a dataset. */
static void check_series_layout(hid_t f, const char *name, int rank,
                                hsize_t rows, hsize_t cols)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    CHECK(d >= 0);
    if (d < 0)
        return;
    hid_t s = H5Dget_space(d);
    hsize_t dims[2] = {0, 0}, maxd[2] = {0, 0};
    CHECK_EQ_INT(H5Sget_simple_extent_dims(s, dims, maxd), rank);
    CHECK_EQ_INT(dims[0], rows);
    CHECK(maxd[0] == H5S_UNLIMITED);
    if (rank == 2) {
        CHECK_EQ_INT(dims[1], cols);
        CHECK_EQ_INT(maxd[1], cols);
    }
    hid_t p = H5Dget_create_plist(d);
    CHECK(H5Pget_layout(p) == H5D_CHUNKED);
    hsize_t chunk[2] = {0, 0};
    CHECK_EQ_INT(H5Pget_chunk(p, 2, chunk), rank);
    CHECK(chunk[0] >= 16 && chunk[0] <= 1024);
    /* no more rows than the run's days need (NROWS = 1000: 1024) */
    CHECK_EQ_INT(chunk[0], 1024);
    hid_t ty = H5Dget_type(d);
    size_t bytes = chunk[0] * (rank == 2 ? chunk[1] : 1) * H5Tget_size(ty);
    H5Tclose(ty);
    int nf = H5Pget_nfilters(p), shuffle = 0, deflate = 0, fletcher = 0;
    for (int i = 0; i < nf; i++) {
        unsigned flags, cd[4];
        size_t ncd = 4;
        char fname[64];
        H5Z_filter_t id = H5Pget_filter2(p, (unsigned)i, &flags, &ncd, cd,
                                         sizeof fname, fname, NULL);
        shuffle |= id == H5Z_FILTER_SHUFFLE;
        deflate |= id == H5Z_FILTER_DEFLATE;
        fletcher |= id == H5Z_FILTER_FLETCHER32;
    }
    /* compression chosen by size: chunks of 8 KiB and more are shuffled
     * and deflated, smaller ones only checksummed */
    CHECK_EQ_INT(shuffle, bytes >= 8192);
    CHECK_EQ_INT(deflate, bytes >= 8192);
    CHECK_EQ_INT(fletcher, bytes < 8192);
    char units[64];
    CHECK(read_attr_string(d, "units", units, sizeof units) == 0);
    H5Pclose(p);
    H5Sclose(s);
    H5Dclose(d);
}

/* Whole dataset read into a malloc'd buffer of the given memory type. */
static void *read_all(hid_t f, const char *name, hid_t mtype, size_t elsize,
                      hsize_t *nelem)
{
    *nelem = 0;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t s = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    void *buf = malloc((size_t)(n > 0 ? n : 1) * elsize);
    if (buf && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        *nelem = (hsize_t)n;
    H5Sclose(s);
    H5Dclose(d);
    return buf;
}

/* Writes the standard test file: three /timeseries series, one
 * /communities series, two snapshots and extra root attributes. */
static int write_standard(const char *path, int flush_every, int complete,
                          char *err, size_t errlen)
{
    struct h5out_meta m = test_meta(flush_every);
    struct h5out *o = NULL;
    if (h5out_open(&o, path, 0, &m, err, errlen) != 0)
        return -1;
    int s_open = h5out_series(o, "timeseries", "matters_open", "matters",
                              "open matters at the end of the day", 1,
                              H5OUT_F64, NULL, NULL, err, errlen);
    int s_chan = h5out_series(o, "/timeseries/", "resolved_by_channel",
                              "matters", "matters resolved, by channel",
                              NCHAN, H5OUT_I64, "channels", channels, err,
                              errlen);
    int s_day = h5out_series(o, "timeseries", "day", "day",
                             "day number", 1, H5OUT_I32, NULL, NULL, err,
                             errlen);
    int s_comm = h5out_series(o, "communities", "satisfaction_mean", "1",
                              "mean satisfaction, by community", NCOMM,
                              H5OUT_F32, NULL, NULL, err, errlen);
    if (s_open < 0 || s_chan < 0 || s_day < 0 || s_comm < 0)
        goto fail;
    for (int r = 0; r < NROWS; r++) {
        double v = f64_value(r);
        int64_t ch[NCHAN];
        float cm[NCOMM];
        int32_t day = r;
        for (int c = 0; c < NCHAN; c++)
            ch[c] = chan_value(r, c);
        for (int c = 0; c < NCOMM; c++)
            cm[c] = comm_value(r, c);
        if (h5out_row(o, s_open, &v, err, errlen) ||
            h5out_row(o, s_chan, ch, err, errlen) ||
            h5out_row(o, s_day, &day, err, errlen) ||
            h5out_row(o, s_comm, cm, err, errlen))
            goto fail;
        if (r == 500 && h5out_flush(o, err, errlen))
            goto fail;
    }
    uint8_t mig[NSNAP];
    double trust[NSNAP];
    for (int i = 0; i < NSNAP; i++) {
        mig[i] = (uint8_t)(i % 3 == 0);
        trust[i] = i / (double)NSNAP;
    }
    if (h5out_snapshot(o, 7, "migrant", "", "1 if migrant", H5OUT_U8, mig,
                       NSNAP, err, errlen) ||
        h5out_snapshot(o, 7, "trust_gov", "1", "trust in government",
                       H5OUT_F64, trust, NSNAP, err, errlen) ||
        h5out_root_attr(o, "command_line", "cogov run first", err, errlen) ||
        h5out_root_attr(o, "command_line", "cogov run baseline.cfg", err,
                        errlen))
        goto fail;
    return h5out_close(o, complete, err, errlen);
fail:
    h5out_close(o, 0, NULL, 0);
    return -1;
}

/* ---------------------------------------------------------------- */
/* tests                                                             */

TEST(test_full_file)
{
    char dir[256], path[512], partial[600], err[512] = "", s[512];
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", path);

    /* by hand, to look at the directory before close */
    struct h5out_meta m = test_meta(7);
    m.created_utc = NULL;
    struct h5out *o = NULL;
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), 0);
    CHECK(o != NULL);
    if (!o)
        goto done;
    CHECK(strcmp(h5out_partial_path(o), partial) == 0);
    int sid = h5out_series(o, "timeseries", "day", "day", "day number", 1,
                           H5OUT_I32, NULL, NULL, err, sizeof err);
    CHECK_EQ_INT(sid, 0);
    for (int32_t d = 0; d < 10; d++)
        CHECK_EQ_INT(h5out_row(o, sid, &d, err, sizeof err), 0);
    CHECK(exists(partial));
    CHECK(!exists(path));
    CHECK_EQ_INT(count_entries(dir), 1);
    CHECK_EQ_INT(h5out_close(o, 1, err, sizeof err), 0);
    CHECK(exists(path));
    CHECK(!exists(partial));
    CHECK_EQ_INT(count_entries(dir), 1);
    CHECK_EQ_INT(file_complete(path), 1);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0);
    /* created_utc defaults to now: "YYYY-MM-DDTHH:MM:SSZ" */
    CHECK(read_attr_string(f, "created_utc", s, sizeof s) == 0);
    CHECK_EQ_INT(strlen(s), 20);
    CHECK(s[4] == '-' && s[10] == 'T' && s[19] == 'Z');
    /* the contract's groups exist even when empty */
    CHECK(H5Lexists(f, "/communities", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(f, "/timeseries/day", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(f, "/snapshots", H5P_DEFAULT) == 0);
    H5Fclose(f);
    unlink(path);

    /* the standard file, checked value by value */
    err[0] = 0;
    CHECK_EQ_INT(write_standard(path, 7, 1, err, sizeof err), 0);
    if (err[0])
        fprintf(stderr, "write_standard: %s\n", err);
    CHECK(exists(path) && !exists(partial));
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0);
    if (f < 0)
        goto done;

    CHECK(read_attr_string(f, "cogov_version", s, sizeof s) == 0);
    CHECK(strcmp(s, "0.1.0") == 0);
    CHECK(read_attr_string(f, "scenario", s, sizeof s) == 0);
    CHECK(strcmp(s, "baseline") == 0);
    CHECK(read_attr_string(f, "created_utc", s, sizeof s) == 0);
    CHECK(strcmp(s, "2024-05-01T12:00:00Z") == 0);
    CHECK(read_attr_string(f, "command_line", s, sizeof s) == 0);
    CHECK(strcmp(s, "cogov run baseline.cfg") == 0);
    uint64_t seed = 0;
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    CHECK(H5Aread(a, H5T_NATIVE_UINT64, &seed) >= 0);
    H5Aclose(a);
    CHECK(seed == UINT64_C(18446744073709551557));
    CHECK(attr_type_is(f, "seed", H5T_INTEGER, 8));
    CHECK(attr_type_is(f, "n_residents", H5T_INTEGER, 8));
    CHECK(attr_type_is(f, "complete", H5T_INTEGER, 4));
    CHECK_EQ_INT(read_attr_i64(f, "n_residents"), 2000);
    CHECK_EQ_INT(read_attr_i64(f, "n_communities"), NCOMM);
    CHECK_EQ_INT(read_attr_i64(f, "days"), NROWS);
    CHECK_EQ_INT(read_attr_i64(f, "complete"), 1);

    /* /config: scalar fixed-length string, read with its own type */
    hid_t d = H5Dopen2(f, "/config", H5P_DEFAULT);
    CHECK(d >= 0);
    hid_t t = H5Dget_type(d);
    CHECK(H5Tget_class(t) == H5T_STRING && !H5Tis_variable_str(t));
    size_t sz = H5Tget_size(t);
    char *cfg = calloc(sz + 1, 1);
    CHECK(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, cfg) >= 0);
    CHECK(strcmp(cfg, config_text) == 0);
    free(cfg);
    CHECK(read_attr_string(d, "description", s, sizeof s) == 0);
    H5Tclose(t);
    H5Dclose(d);

    /* /code */
    hid_t g = H5Gopen2(f, "/code", H5P_DEFAULT);
    CHECK(g >= 0);
    for (int i = 0; i < 3; i++) {
        CHECK(read_attr_string(g, code_keys[i], s, sizeof s) == 0);
        CHECK(strcmp(s, code_values[i]) == 0);
    }
    H5Gclose(g);

    /* layouts */
    check_series_layout(f, "/timeseries/matters_open", 1, NROWS, 1);
    check_series_layout(f, "/timeseries/resolved_by_channel", 2, NROWS,
                        NCHAN);
    check_series_layout(f, "/timeseries/day", 1, NROWS, 1);
    check_series_layout(f, "/communities/satisfaction_mean", 2, NROWS,
                        NCOMM);

    /* values */
    hsize_t n;
    double *v = read_all(f, "/timeseries/matters_open", H5T_NATIVE_DOUBLE,
                         8, &n);
    CHECK_EQ_INT(n, NROWS);
    int bad = 0;
    for (int r = 0; v && r < NROWS; r++)
        bad += v[r] != f64_value(r);
    CHECK_EQ_INT(bad, 0);
    free(v);
    int64_t *ch = read_all(f, "/timeseries/resolved_by_channel",
                           H5T_NATIVE_INT64, 8, &n);
    CHECK_EQ_INT(n, NROWS * NCHAN);
    bad = 0;
    for (int r = 0; ch && r < NROWS; r++)
        for (int c = 0; c < NCHAN; c++)
            bad += ch[r * NCHAN + c] != chan_value(r, c);
    CHECK_EQ_INT(bad, 0);
    free(ch);
    int32_t *days = read_all(f, "/timeseries/day", H5T_NATIVE_INT32, 4, &n);
    CHECK_EQ_INT(n, NROWS);
    bad = 0;
    for (int r = 0; days && r < NROWS; r++)
        bad += days[r] != r;
    CHECK_EQ_INT(bad, 0);
    free(days);
    float *cm = read_all(f, "/communities/satisfaction_mean",
                         H5T_NATIVE_FLOAT, 4, &n);
    CHECK_EQ_INT(n, NROWS * NCOMM);
    bad = 0;
    for (int r = 0; cm && r < NROWS; r++)
        for (int c = 0; c < NCOMM; c++)
            bad += cm[r * NCOMM + c] != comm_value(r, c);
    CHECK_EQ_INT(bad, 0);
    free(cm);

    /* units, description, channels */
    d = H5Dopen2(f, "/timeseries/resolved_by_channel", H5P_DEFAULT);
    CHECK(read_attr_string(d, "units", s, sizeof s) == 0);
    CHECK(strcmp(s, "matters") == 0);
    CHECK(read_attr_string(d, "description", s, sizeof s) == 0);
    CHECK(strcmp(s, "matters resolved, by channel") == 0);
    a = H5Aopen(d, "channels", H5P_DEFAULT);
    CHECK(a >= 0);
    hid_t as = H5Aget_space(a);
    hsize_t an = 0;
    CHECK_EQ_INT(H5Sget_simple_extent_dims(as, &an, NULL), 1);
    CHECK_EQ_INT(an, NCHAN);
    t = H5Aget_type(a);
    sz = H5Tget_size(t);
    char *names = calloc(an, sz);
    CHECK(H5Aread(a, t, names) >= 0);
    char joined[512] = "";
    for (hsize_t i = 0; i < an; i++) {
        if (i)
            strcat(joined, ",");
        strncat(joined, names + i * sz, sz);
    }
    CHECK(strcmp(joined, channels) == 0);
    free(names);
    H5Tclose(t);
    H5Sclose(as);
    H5Aclose(a);
    H5Dclose(d);

    /* snapshot */
    d = H5Dopen2(f, "/snapshots/day_00007/residents/migrant", H5P_DEFAULT);
    CHECK(d >= 0);
    CHECK(read_attr_string(d, "description", s, sizeof s) == 0);
    CHECK(strcmp(s, "1 if migrant") == 0);
    hid_t p = H5Dget_create_plist(d);
    CHECK(H5Pget_layout(p) == H5D_CHUNKED);
    /* 37 bytes: a checksum, no deflate */
    CHECK(H5Pget_nfilters(p) == 1);
    H5Pclose(p);
    H5Dclose(d);
    uint8_t *mig = read_all(f, "/snapshots/day_00007/residents/migrant",
                            H5T_NATIVE_UINT8, 1, &n);
    CHECK_EQ_INT(n, NSNAP);
    bad = 0;
    for (int i = 0; mig && i < NSNAP; i++)
        bad += mig[i] != (i % 3 == 0);
    CHECK_EQ_INT(bad, 0);
    free(mig);
    double *tr = read_all(f, "/snapshots/day_00007/residents/trust_gov",
                          H5T_NATIVE_DOUBLE, 8, &n);
    CHECK_EQ_INT(n, NSNAP);
    bad = 0;
    for (int i = 0; tr && i < NSNAP; i++)
        bad += tr[i] != i / (double)NSNAP;
    CHECK_EQ_INT(bad, 0);
    free(tr);

    H5Fclose(f);
    /* every identifier the module opened is closed again */
    CHECK_EQ_INT(open_objects(), 0);
done:
    rmtree(dir);
}

TEST(test_close_incomplete)
{
    char dir[256], path[512], partial[600], err[512] = "";
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", path);
    CHECK_EQ_INT(write_standard(path, 64, 0, err, sizeof err), 0);
    CHECK(!exists(path));
    CHECK(exists(partial));
    CHECK_EQ_INT(file_complete(partial), 0);
    /* the buffered rows (1000 = 15 * 64 + 40) were written at close */
    hid_t f = H5Fopen(partial, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0);
    check_series_layout(f, "/timeseries/matters_open", 1, NROWS, 1);
    H5Fclose(f);
    CHECK_EQ_INT(open_objects(), 0);

    /* a later run replaces the stale partial */
    CHECK_EQ_INT(write_standard(path, 64, 1, err, sizeof err), 0);
    CHECK(exists(path) && !exists(partial));
    CHECK_EQ_INT(file_complete(path), 1);
    rmtree(dir);
}

static int slurp(const char *p, char *buf, size_t n)
{
    FILE *fp = fopen(p, "rb");
    if (!fp)
        return -1;
    size_t k = fread(buf, 1, n, fp);
    fclose(fp);
    return (int)k;
}

TEST(test_refuse_overwrite)
{
    char dir[256], path[512], partial[600], err[512] = "", buf[256];
    const char *old = "an older result that must survive\n";
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", path);
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    fputs(old, fp);
    fclose(fp);

    struct h5out_meta m = test_meta(8);
    struct h5out *o = (struct h5out *)&m;   /* must be reset to NULL */
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), -1);
    CHECK(o == NULL);
    CHECK_STR_CONTAINS(err, path);
    CHECK_STR_CONTAINS(err, "--force");
    CHECK_STR_CONTAINS(err, "-o");
    CHECK(!exists(partial));
    CHECK_EQ_INT(count_entries(dir), 1);
    int k = slurp(path, buf, sizeof buf);
    CHECK(k == (int)strlen(old) && memcmp(buf, old, (size_t)k) == 0);

    /* forced: the old file stays until the new one is complete */
    CHECK_EQ_INT(h5out_open(&o, path, 1, &m, err, sizeof err), 0);
    k = slurp(path, buf, sizeof buf);
    CHECK(k == (int)strlen(old) && memcmp(buf, old, (size_t)k) == 0);
    CHECK_EQ_INT(h5out_close(o, 1, err, sizeof err), 0);
    CHECK_EQ_INT(file_complete(path), 1);
    CHECK(!exists(partial));
    CHECK_EQ_INT(count_entries(dir), 1);
    rmtree(dir);
}

TEST(test_final_name_appears_meanwhile)
{
    char dir[256], path[512], partial[600], err[512] = "", buf[64];
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", path);
    struct h5out_meta m = test_meta(8);
    struct h5out *o = NULL;
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), 0);
    FILE *fp = fopen(path, "wb");   /* another run got there first */
    fputs("other", fp);
    fclose(fp);
    CHECK_EQ_INT(h5out_close(o, 1, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, path);
    CHECK_STR_CONTAINS(err, "--force");
    CHECK(slurp(path, buf, sizeof buf) == 5 && !memcmp(buf, "other", 5));
    CHECK(exists(partial));   /* our result is kept, and it is whole */
    CHECK_EQ_INT(file_complete(partial), 1);
    rmtree(dir);
}

TEST(test_bad_directory)
{
    char dir[256], path[600], err[512] = "";
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    struct h5out_meta m = test_meta(8);
    struct h5out *o = NULL;

    /* missing directory */
    char missing[400];
    snprintf(missing, sizeof missing, "%s/no_such_dir", dir);
    snprintf(path, sizeof path, "%s/run.h5", missing);
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), -1);
    CHECK(o == NULL);
    CHECK_STR_CONTAINS(err, missing);
    CHECK(!exists(missing));
    CHECK_EQ_INT(count_entries(dir), 0);

    /* a regular file where the directory should be */
    char notdir[400];
    snprintf(notdir, sizeof notdir, "%s/plainfile", dir);
    FILE *fp = fopen(notdir, "wb");
    fclose(fp);
    snprintf(path, sizeof path, "%s/run.h5", notdir);
    CHECK_EQ_INT(h5out_open(&o, path, 1, &m, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, notdir);
    CHECK_EQ_INT(count_entries(dir), 1);
    unlink(notdir);

    /* unwritable directory; root may write anywhere, so as root the check
     * runs in a child that has become "nobody" */
    char ro[400];
    snprintf(ro, sizeof ro, "%s/readonly", dir);
    CHECK(mkdir(ro, 0555) == 0);
    CHECK(chmod(ro, 0555) == 0);   /* whatever the umask */
    snprintf(path, sizeof path, "%s/run.h5", ro);
    if (geteuid() != 0) {
        CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), -1);
        CHECK_STR_CONTAINS(err, ro);
        CHECK_STR_CONTAINS(err, "not writable");
    } else {
        CHECK(chmod(dir, 0755) == 0);
        fflush(NULL);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            int bad = setgid(65534) != 0 || setuid(65534) != 0;
            bad = bad || h5out_open(&o, path, 0, &m, err, sizeof err) != -1;
            bad = bad || !strstr(err, ro) || !strstr(err, "not writable");
            _exit(bad);
        }
        int status = -1;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        chmod(dir, 0700);
    }
    CHECK_EQ_INT(count_entries(ro), 0);

    /* a path naming a directory */
    snprintf(path, sizeof path, "%s/", dir);
    CHECK_EQ_INT(h5out_open(&o, path, 1, &m, err, sizeof err), -1);
    CHECK_EQ_INT(h5out_open(&o, ro, 1, &m, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "is a directory");
    CHECK_EQ_INT(count_entries(ro), 0);
    rmtree(dir);
}

/* The file must not depend on how rows were buffered. */
TEST(test_flush_every_invariance)
{
    char dir[256], p1[512], p2[512], p3[512], err[512] = "";
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(p1, sizeof p1, "%s/f1.h5", dir);
    snprintf(p2, sizeof p2, "%s/f1000.h5", dir);
    snprintf(p3, sizeof p3, "%s/f1001.h5", dir);
    CHECK_EQ_INT(write_standard(p1, 1, 1, err, sizeof err), 0);
    CHECK_EQ_INT(write_standard(p2, 1000, 1, err, sizeof err), 0);
    CHECK_EQ_INT(write_standard(p3, 1001, 1, err, sizeof err), 0);
    static const struct {
        const char *name;
        size_t elsize;
    } ds[] = {{"/timeseries/matters_open", 8},
              {"/timeseries/resolved_by_channel", 8},
              {"/timeseries/day", 4},
              {"/communities/satisfaction_mean", 4}};
    hid_t f1 = H5Fopen(p1, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t f2 = H5Fopen(p2, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t f3 = H5Fopen(p3, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f1 >= 0 && f2 >= 0 && f3 >= 0);
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        hid_t mt = ds[i].elsize == 8 ? H5T_NATIVE_INT64 : H5T_NATIVE_INT32;
        hsize_t n1, n2, n3;   /* read as integers: compares the bits */
        void *b1 = read_all(f1, ds[i].name, mt, ds[i].elsize, &n1);
        void *b2 = read_all(f2, ds[i].name, mt, ds[i].elsize, &n2);
        void *b3 = read_all(f3, ds[i].name, mt, ds[i].elsize, &n3);
        CHECK(b1 && b2 && b3);
        CHECK(n1 == n2 && n1 == n3 && n1 >= NROWS);
        if (b1 && b2 && b3 && n1 == n2 && n1 == n3) {
            CHECK(memcmp(b1, b2, (size_t)n1 * ds[i].elsize) == 0);
            CHECK(memcmp(b1, b3, (size_t)n1 * ds[i].elsize) == 0);
        }
        free(b1);
        free(b2);
        free(b3);
    }
    H5Fclose(f1);
    H5Fclose(f2);
    H5Fclose(f3);
    rmtree(dir);
}

/* HDF5 errors come back in err, quietly; the caller's settings survive. */
TEST(test_errors_are_quiet)
{
    char dir[256], path[512], log[512], err[512] = "";
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(log, sizeof log, "%s/stderr.txt", dir);
    H5E_auto2_t f0 = NULL, f1 = NULL;
    void *d0 = NULL, *d1 = NULL;
    H5Eget_auto2(H5E_DEFAULT, &f0, &d0);
    CHECK(f0 != NULL);   /* the library default prints */

    fflush(stderr);
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);

    struct h5out_meta m = test_meta(4);
    struct h5out *o = NULL;
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), 0);
    double x[3] = {1, 2, 3};
    CHECK_EQ_INT(h5out_snapshot(o, 3, "x", "1", "x", H5OUT_F64, x, 3, err,
                                sizeof err), 0);
    /* the same snapshot twice: HDF5 refuses, we report */
    err[0] = 0;
    CHECK_EQ_INT(h5out_snapshot(o, 3, "x", "1", "x", H5OUT_F64, x, 3, err,
                                sizeof err), -1);
    CHECK_STR_CONTAINS(err, h5out_partial_path(o));
    CHECK_STR_CONTAINS(err, "H5Dcreate2 /snapshots/day_00003/residents/x");
    CHECK_STR_CONTAINS(err, "HDF5 ");
    /* our own checks */
    CHECK_EQ_INT(h5out_series(o, "timeseries", "resolved_by_channel", "",
                              "", 3, H5OUT_I64, "channels", "a,b", err,
                              sizeof err), -1);
    CHECK_STR_CONTAINS(err, "names 2 columns but the series has 3");
    CHECK_EQ_INT(h5out_series(o, "timeseries", "y", "", "", 3, H5OUT_I64,
                              "channels", "a,,b", err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "empty item 2");
    int sid = h5out_series(o, "timeseries", "y", "", "", 1, H5OUT_F64, NULL,
                           NULL, err, sizeof err);
    CHECK_EQ_INT(sid, 0);
    CHECK_EQ_INT(h5out_series(o, "timeseries", "y", "", "", 1, H5OUT_F64,
                              NULL, NULL, err, sizeof err), -1);
    CHECK_STR_CONTAINS(err, "declared twice");
    CHECK_EQ_INT(h5out_row(o, 5, x, err, sizeof err), -1);
    CHECK_EQ_INT(h5out_root_attr(o, "complete", "yes", err, sizeof err), -1);
    CHECK_EQ_INT(h5out_snapshot(o, -1, "x", "", "", H5OUT_F64, x, 3, err,
                                sizeof err), -1);
    /* an empty snapshot is allowed */
    CHECK_EQ_INT(h5out_snapshot(o, 4, "none", "", "", H5OUT_F64, NULL, 0,
                                err, sizeof err), 0);
    CHECK_EQ_INT(h5out_close(o, 1, err, sizeof err), 0);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    CHECK(stat(log, &st) == 0 && st.st_size == 0);
    if (st.st_size) {
        char tmp[2048] = "";
        FILE *lf = fopen(log, "r");
        if (lf) {
            size_t k = fread(tmp, 1, sizeof tmp - 1, lf);
            tmp[k] = 0;
            fclose(lf);
        }
        fprintf(stderr, "stderr was:\n%s\n", tmp);
    }
    H5Eget_auto2(H5E_DEFAULT, &f1, &d1);
    CHECK(f1 == f0 && d1 == d0);
    CHECK_EQ_INT(file_complete(path), 1);
    rmtree(dir);
}

/* Every identifier the module opens is closed, on error paths too. */
TEST(test_no_identifier_leaks)
{
    char dir[256], path[512], err[512];
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    long before = held_transient_ids();
    if (before < 0)
        fprintf(stderr, "test_no_identifier_leaks: cannot count HDF5 "
                "identifiers with this HDF5; only open objects checked\n");
    struct h5out_meta m = test_meta(3);
    struct h5out *o = NULL;
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), 0);
    int a = h5out_series(o, "communities", "matters_open", "matters", "",
                         4, H5OUT_I32, "names", "a,b,c,d", err, sizeof err);
    CHECK(a >= 0);
    CHECK_EQ_INT(h5out_series(o, "communities", "bad", "", "", 4, H5OUT_I32,
                              "names", "a,b", err, sizeof err), -1);
    int32_t row[4] = {1, 2, 3, 4};
    for (int i = 0; i < 10; i++)
        CHECK_EQ_INT(h5out_row(o, a, row, err, sizeof err), 0);
    double x[2] = {1, 2};
    CHECK_EQ_INT(h5out_snapshot(o, 1, "x", "", "", H5OUT_F64, x, 2, err,
                                sizeof err), 0);
    CHECK_EQ_INT(h5out_snapshot(o, 1, "x", "", "", H5OUT_F64, x, 2, err,
                                sizeof err), -1);
    CHECK_EQ_INT(h5out_root_attr(o, "note", "n", err, sizeof err), 0);
    CHECK_EQ_INT(h5out_flush(o, err, sizeof err), 0);
    CHECK_EQ_INT(h5out_close(o, 1, err, sizeof err), 0);
    CHECK_EQ_INT(h5out_open(&o, path, 0, &m, err, sizeof err), -1);
    CHECK_EQ_INT(open_objects(), 0);
    if (before >= 0)
        CHECK_EQ_INT(held_transient_ids(), before);
    rmtree(dir);
}

/* /parameters past HDF5's 8 compact attributes (dense storage, its
 * creation order tracked but not indexed, io/h5params.c): h5params_each
 * still walks the keys in the table's order, which is not the names'
 * order, and reads back each type and value. */
#define NPAR 40
struct tpar {
    int64_t i[NPAR];
    double f;
    int b;
    char s[PARAM_STRING_MAX];
};
struct walked {
    int n, bad;
};
static int walk_one(const struct h5param *v, void *ctx)
{
    struct walked *w = ctx;
    char want[16];
    if (w->n < NPAR) {
        snprintf(want, sizeof want, "k%02d", NPAR - 1 - w->n);
        w->bad += strcmp(v->key, want) != 0 || v->kind != HPAR_INT ||
                  v->i != 1000 + w->n;
    } else if (w->n == NPAR) {
        w->bad += strcmp(v->key, "f") != 0 || v->kind != HPAR_FLOAT ||
                  v->f != 0.1;
    } else if (w->n == NPAR + 1) {
        w->bad += strcmp(v->key, "b") != 0 || v->kind != HPAR_BOOL ||
                  v->i != 1;
    } else {
        w->bad += strcmp(v->key, "a") != 0 || v->kind != HPAR_STRING ||
                  strcmp(v->s, "社区") != 0;
    }
    w->n++;
    return 0;
}

TEST(test_parameters_in_table_order)
{
    char dir[256], path[512], err[512];
    static char keys[NPAR][8];
    struct param_def rows[NPAR + 3];
    struct tpar v;
    memset(rows, 0, sizeof rows);
    memset(&v, 0, sizeof v);
    for (int k = 0; k < NPAR; k++) {
        /* k39, k38, ... k00: the reverse of the names' order */
        snprintf(keys[k], sizeof keys[k], "k%02d", NPAR - 1 - k);
        rows[k] = (struct param_def){.key = keys[k], .type = PARAM_INT,
                                     .offset = offsetof(struct tpar, i) +
                                               (size_t)k * sizeof(int64_t)};
        v.i[k] = 1000 + k;
    }
    rows[NPAR] = (struct param_def){.key = "f", .type = PARAM_FLOAT,
                                    .offset = offsetof(struct tpar, f)};
    rows[NPAR + 1] = (struct param_def){.key = "b", .type = PARAM_BOOL,
                                        .offset = offsetof(struct tpar, b)};
    rows[NPAR + 2] = (struct param_def){.key = "a", .type = PARAM_STRING,
                                        .offset = offsetof(struct tpar, s)};
    v.f = 0.1;
    v.b = 7;
    snprintf(v.s, sizeof v.s, "社区");
    struct param_table t = {.rows = rows, .n = NPAR + 3,
                            .struct_size = sizeof v};
    CHECK(make_tmpdir(dir, sizeof dir) != NULL);
    snprintf(path, sizeof path, "%s/p.h5", dir);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(f >= 0);
    CHECK_EQ_INT(h5params_write(f, &t, &v, err, sizeof err), 0);
    H5Fclose(f);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(f >= 0);
    struct walked w = {0, 0};
    CHECK_EQ_INT(h5params_each(f, walk_one, &w, err, sizeof err), 0);
    CHECK_EQ_INT(w.n, NPAR + 3);
    CHECK_EQ_INT(w.bad, 0);
    H5Fclose(f);
    rmtree(dir);
}

UNIT_MAIN(test_full_file, test_close_incomplete, test_refuse_overwrite,
          test_final_name_appears_meanwhile, test_bad_directory,
          test_flush_every_invariance, test_errors_are_quiet,
          test_no_identifier_leaks, test_parameters_in_table_order)
