/* Run files grouped by scenario (see runset.h). */
#include <libconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "post/runset.h"

/* The next line of text at *p that is not the top-level seed (the one
 * setting replicates may differ in); NULL at the end. */
static const char *next_line(const char **p, size_t *len)
{
    while (**p) {
        const char *s = *p, *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        *p = e ? e + 1 : s + n;
        if (!strncmp(s, "seed ", 5) || !strncmp(s, "seed=", 5))
            continue;
        *len = n;
        return s;
    }
    return NULL;
}

/* 0 when the configurations are equal but for the seed; else 1 with the
 * first differing lines in a and b (NUL-terminated, shortened). */
static int config_differs(const char *x, const char *y, char *a, char *b,
                          size_t n)
{
    const char *p = x, *q = y;
    for (;;) {
        size_t lx = 0, ly = 0;
        const char *sx = next_line(&p, &lx), *sy = next_line(&q, &ly);
        if (!sx && !sy)
            return 0;
        if (!sx || !sy || lx != ly || memcmp(sx, sy, lx)) {
            snprintf(a, n, "%.*s", sx ? (int)lx : 5, sx ? sx : "(end)");
            snprintf(b, n, "%.*s", sy ? (int)ly : 5, sy ? sy : "(end)");
            return 1;
        }
    }
}

/* Lines of the resolved configuration look like "  residents = 3000;":
 * trim the indentation for the message. */
static const char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* name_zh of a resolved configuration into buf ("" if none) */
static void config_name_zh(const char *text, char *buf, size_t n)
{
    config_t cfg;
    const char *s = NULL;
    buf[0] = 0;
    config_init(&cfg);
    if (text && config_read_string(&cfg, text) == CONFIG_TRUE &&
        config_lookup_string(&cfg, "name_zh", &s) == CONFIG_TRUE)
        snprintf(buf, n, "%s", s);
    config_destroy(&cfg);
}

static int add_to_group(struct runset *rs, int i, char **configs, char *err,
                        size_t errlen)
{
    struct run *r = &rs->runs[i];
    int g = 0;
    while (g < rs->n_groups && strcmp(rs->groups[g].name, r->scenario))
        g++;
    if (g == rs->n_groups) {
        rs->n_groups++;
        snprintf(rs->groups[g].name, sizeof rs->groups[g].name, "%s",
                 r->scenario);
        config_name_zh(configs[i], rs->groups[g].name_zh,
                       sizeof rs->groups[g].name_zh);
    }
    struct run_group *grp = &rs->groups[g];
    if (grp->n) {
        const struct run *first = &rs->runs[grp->run[0]];
        char a[160], b[160];
        for (int k = 0; k < grp->n; k++)
            if (rs->runs[grp->run[k]].seed == r->seed) {
                snprintf(err, errlen, "%s and %s are both scenario '%s' with "
                         "seed %lld: replicates need distinct seeds",
                         rs->runs[grp->run[k]].path, r->path, r->scenario,
                         (long long)r->seed);
                return -1;
            }
        if (configs[grp->run[0]] && configs[i] &&
            config_differs(configs[grp->run[0]], configs[i], a, b,
                           sizeof a)) {
            snprintf(err, errlen, "%s and %s are both scenario '%s' but their "
                     "configurations differ beyond the seed ('%s' vs '%s'): "
                     "they are not replicates; give them distinct names "
                     "(--set name=...)", first->path, r->path, r->scenario,
                     trimmed(a), trimmed(b));
            return -1;
        }
    }
    grp->run[grp->n++] = i;
    r->group = g;
    return 0;
}

int runset_same_seeds(const struct runset *rs, int g, int *order)
{
    const struct run_group *a = &rs->groups[0], *b = &rs->groups[g];
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++) {
        order[i] = -1;
        for (int k = 0; k < b->n; k++)
            if (rs->runs[b->run[k]].seed == rs->runs[a->run[i]].seed)
                order[i] = k;
        if (order[i] < 0)
            return 0;
    }
    return 1;
}

const char *runset_display_name(const struct runset *rs, int g,
                                enum lang lang)
{
    const struct run_group *grp = &rs->groups[g];
    return lang == LANG_ZH && grp->name_zh[0] ? grp->name_zh : grp->name;
}

int runset_reference(struct runset *rs, const char *name, char *err,
                     size_t errlen)
{
    int g = 0;
    while (g < rs->n_groups && strcmp(rs->groups[g].name, name))
        g++;
    if (g == rs->n_groups) {
        int used = snprintf(err, errlen, "no scenario '%s' among the runs "
                            "(scenarios:", name);
        for (int k = 0; k < rs->n_groups && used > 0 && (size_t)used < errlen;
             k++)
            used += snprintf(err + used, errlen - (size_t)used, " %s%s",
                             rs->groups[k].name,
                             k + 1 < rs->n_groups ? "," : ")");
        return -1;
    }
    /* move group g to the front, the others keep their order */
    struct run_group ref = rs->groups[g];
    memmove(&rs->groups[1], &rs->groups[0], (size_t)g * sizeof ref);
    rs->groups[0] = ref;
    for (int i = 0; i < rs->n_runs; i++)
        rs->runs[i].group = rs->runs[i].group == g  ? 0
                            : rs->runs[i].group < g ? rs->runs[i].group + 1
                                                    : rs->runs[i].group;
    return 0;
}

int runset_open(struct runset *rs, char *const *paths, int n, char *err,
                size_t errlen)
{
    memset(rs, 0, sizeof *rs);
    char **configs = calloc((size_t)n + 1, sizeof *configs);
    rs->runs = calloc((size_t)n + 1, sizeof *rs->runs);
    rs->groups = calloc((size_t)n + 1, sizeof *rs->groups);
    int rc = -1;
    if (!configs || !rs->runs || !rs->groups) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        struct run *r = &rs->runs[i];
        r->path = paths[i];
        if (h5in_open(&r->f, paths[i], H5IN_REQUIRE_COMPLETE, err, errlen))
            goto out;
        rs->n_runs++;
        if (h5in_attr_string(r->f, "scenario", r->scenario,
                             sizeof r->scenario) ||
            h5in_attr_int(r->f, "seed", &r->seed) ||
            h5in_attr_int(r->f, "days", &r->days)) {
            snprintf(err, errlen, "%s: no scenario, seed or days attribute "
                     "(not a cogov run output?)", paths[i]);
            goto out;
        }
        configs[i] = h5in_config(r->f);
        rs->groups[i].run = calloc((size_t)n, sizeof(int));
        if (!rs->groups[i].run) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        if (add_to_group(rs, i, configs, err, errlen))
            goto out;
    }
    rc = 0;
out:
    for (int i = 0; configs && i < n; i++)
        free(configs[i]);
    free(configs);
    return rc;
}

void runset_free(struct runset *rs)
{
    for (int i = 0; i < rs->n_runs; i++)
        h5in_close(rs->runs[i].f);
    /* groups[k].run was allocated for every opened run, used or not */
    for (int i = 0; rs->groups && i < rs->n_runs; i++)
        free(rs->groups[i].run);
    free(rs->runs);
    free(rs->groups);
    memset(rs, 0, sizeof *rs);
}

int runset_series(const struct runset *rs, int i, const char *name,
                  int smooth, double **v, size_t *len, char *err,
                  size_t errlen)
{
    size_t rows, cols;
    if (h5in_read(rs->runs[i].f, "timeseries", name, v, &rows, &cols, err,
                  errlen))
        return -1;
    if (cols != 1) {
        free(*v);
        *v = NULL;
        snprintf(err, errlen, "%s: /timeseries/%s has %zu columns; it is "
                 "not a metric with one value a day", rs->runs[i].path, name,
                 cols);
        return -1;
    }
    *len = rows;
    if (runset_smooth(*v, rows, 1, smooth)) {
        free(*v);
        *v = NULL;
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int runset_smooth(double *v, size_t rows, size_t cols, int smooth)
{
    if (smooth <= 1 || !rows)
        return 0;
    double *raw = malloc(rows * cols * sizeof *raw);
    if (!raw)
        return -1;
    memcpy(raw, v, rows * cols * sizeof *raw);
    size_t w = (size_t)smooth;
    for (size_t c = 0; c < cols; c++)
        for (size_t r = 0; r < rows; r++) {
            double s = 0;
            int k = 0;
            for (size_t q = r + 1 > w ? r + 1 - w : 0; q <= r; q++)
                if (!isnan(raw[q * cols + c])) {
                    s += raw[q * cols + c];
                    k++;
                }
            v[r * cols + c] = k ? s / k : NAN;
        }
    free(raw);
    return 0;
}

int runset_final_columns(const struct runset *rs, int i, const char *name,
                         int window, double *out, int max, char *err,
                         size_t errlen)
{
    double *v;
    size_t rows, cols;
    if (h5in_read(rs->runs[i].f, "timeseries", name, &v, &rows, &cols, err,
                  errlen))
        return -1;
    if (cols > (size_t)max) {
        free(v);
        snprintf(err, errlen, "%s: /timeseries/%s has %zu columns, more than "
                 "the %d expected", rs->runs[i].path, name, cols, max);
        return -1;
    }
    size_t a = window > 0 && rows > (size_t)window ? rows - (size_t)window
                                                   : 0;
    for (size_t c = 0; c < cols; c++) {
        double s = 0;
        size_t k = 0;
        for (size_t r = a; r < rows; r++)
            if (!isnan(v[r * cols + c])) {
                s += v[r * cols + c];
                k++;
            }
        out[c] = k ? s / (double)k : NAN;
    }
    free(v);
    return (int)cols;
}
