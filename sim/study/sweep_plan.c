/* A sweep file (libconfig) expanded into the runs of a sweep: the base
 * scenario, fixed settings, the varied parameters (value lists, ranges
 * with steps, or a Latin hypercube sample), replicates and their seeds
 * (docs/CLUSTER.md, "The sweep file"). Every mistake is caught here, at
 * plan time, with the file and line, so that no cluster job starts from a
 * sweep that cannot run. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cogov/rng.h"
#include "study/sweep.h"

/* Purposes of the sweep's own draws, keyed by the sweep seed (never by a
 * run's seed), so they share no stream with the engine. */
enum { PURPOSE_SEED = 1, PURPOSE_LHS_ORDER = 2, PURPOSE_LHS_JITTER = 3 };

/* Keys of the sweep file and of one `vary` entry, for "did you mean". */
static const struct param_def top_keys[] = {
    {.key = "name"},   {.key = "base"},   {.key = "seed"},
    {.key = "replicates"}, {.key = "seeds"}, {.key = "design"},
    {.key = "points"}, {.key = "fixed"},  {.key = "vary"}};
static const struct param_def vary_keys[] = {
    {.key = "key"}, {.key = "values"}, {.key = "from"}, {.key = "to"},
    {.key = "step"}};

/* One varied parameter while parsing. */
struct axis {
    const struct param_def *row;
    int line;
    int n;              /* values (grid, or a list in a Latin hypercube) */
    double *v;
    int range;          /* Latin hypercube over [lo, hi] */
    double lo, hi;
};

struct parse {
    const char *path;
    const char *text;
    char *err;
    size_t errlen;
};

static int perr(const struct parse *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "path:line: message"; always -1. */
static int perr(const struct parse *ps, int line, const char *fmt, ...)
{
    char msg[CONFIG_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->path, line, msg);
    else
        snprintf(ps->err, ps->errlen, "%s: %s", ps->path, msg);
    return -1;
}

static int line_of(const config_setting_t *s)
{
    return (int)config_setting_source_line(s);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf)
        buf[len] = 0;
    fclose(f);
    return buf;
}

/* libconfig 1.5 wraps decimal integer literals beyond 32 bits without a
 * word, so the integers that may be large (the seed) are read again from
 * the text of their line: "name = 123;" or "name: 123". */
static int literal_int(const struct parse *ps, const config_setting_t *s,
                       int64_t *v)
{
    const char *name = config_setting_name(s);
    const char *p = ps->text;
    for (int l = 1; l < line_of(s) && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    size_t nl = strlen(name);
    for (; p && *p && *p != '\n'; p++) {
        if (strncmp(p, name, nl) != 0 || (p > ps->text &&
            (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
            continue;
        const char *q = p + nl;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '=' && *q != ':')
            continue;
        q++;
        while (*q == ' ' || *q == '\t')
            q++;
        char *end;
        int hex = q[0] == '0' && (q[1] == 'x' || q[1] == 'X');
        errno = 0;
        long long x = strtoll(q, &end, hex ? 16 : 10);
        if (end == q)
            break;
        if (errno == ERANGE)
            return perr(ps, line_of(s), "'%s' does not fit a 64-bit "
                        "integer", name);
        *v = x;
        return 0;
    }
    *v = config_setting_get_int64(s);
    return 0;
}

static int get_int(const struct parse *ps, const config_setting_t *s,
                   int64_t lo, int64_t hi, int64_t *v)
{
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
        return perr(ps, line_of(s), "'%s' must be an integer in [%lld, "
                    "%lld]", config_setting_name(s), (long long)lo,
                    (long long)hi);
    if (literal_int(ps, s, v))
        return -1;
    if (*v < lo || *v > hi)
        return perr(ps, line_of(s), "'%s' = %lld is out of range: must be "
                    "an integer in [%lld, %lld]", config_setting_name(s),
                    (long long)*v, (long long)lo, (long long)hi);
    return 0;
}

static int get_string(const struct parse *ps, const config_setting_t *s,
                      const char *example, const char **v)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return perr(ps, line_of(s), "'%s' must be a string, e.g. %s",
                    config_setting_name(s), example);
    *v = config_setting_get_string(s);
    return 0;
}

/* Index of v among "a|b|c", or -1. */
static int choice_index(const char *choices, const char *v)
{
    int i = 0;
    size_t n = strlen(v);
    for (const char *c = choices; c; i++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == n && !strncmp(c, v, n))
            return i;
        c = bar ? bar + 1 : NULL;
    }
    return -1;
}

static int n_choices(const char *choices)
{
    int n = 1;
    for (const char *c = choices; *c; c++)
        n += *c == '|';
    return n;
}

int sweep_store_value(const struct param_def *row, double v,
                      struct params *p, char *why, size_t whylen)
{
    char *field = (char *)p + row->offset;
    switch (row->type) {
    case PARAM_FLOAT:
        if (!isfinite(v) || v < row->fmin || v > row->fmax) {
            snprintf(why, whylen, "must be a number in [%.15g, %.15g]",
                     row->fmin, row->fmax);
            return -1;
        }
        *(double *)field = v;
        return 0;
    case PARAM_INT:
        if (!isfinite(v) || v != floor(v) || v < (double)row->imin ||
            v > (double)row->imax || fabs(v) > 9007199254740992.0) {
            snprintf(why, whylen, "must be an integer in [%lld, %lld]",
                     (long long)row->imin, (long long)row->imax);
            return -1;
        }
        *(int64_t *)field = (int64_t)v;
        return 0;
    case PARAM_BOOL:
        if (v != 0 && v != 1) {
            snprintf(why, whylen, "must be true or false");
            return -1;
        }
        *(int *)field = (int)v;
        return 0;
    case PARAM_ENUM:
        if (v != floor(v) || v < 0 || v >= n_choices(row->choices)) {
            snprintf(why, whylen, "must be one of %s", row->choices);
            return -1;
        }
        *(int *)field = (int)v;
        return 0;
    case PARAM_STRING:
        break;
    }
    snprintf(why, whylen, "is a string and cannot be varied");
    return -1;
}

/* The number a libconfig scalar stands for, as key row takes it. */
static int setting_value(const struct parse *ps, const config_setting_t *s,
                         const char *what, const struct param_def *row,
                         double *v)
{
    int t = config_setting_type(s);
    char why[256];
    switch (row->type) {
    case PARAM_FLOAT:
    case PARAM_INT:
        if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
            /* a named setting's literal can be read again (see
             * literal_int); array elements have no name */
            int64_t x = config_setting_get_int64(s);
            if (config_setting_name(s) && literal_int(ps, s, &x))
                return -1;
            *v = (double)x;
        } else if (t == CONFIG_TYPE_FLOAT)
            *v = config_setting_get_float(s);
        else
            return perr(ps, line_of(s), "%s: '%s' takes numbers",
                        what, row->key);
        break;
    case PARAM_BOOL:
        if (t != CONFIG_TYPE_BOOL)
            return perr(ps, line_of(s), "%s: '%s' takes true or false",
                        what, row->key);
        *v = config_setting_get_bool(s);
        break;
    case PARAM_ENUM: {
        int i = t == CONFIG_TYPE_STRING
                    ? choice_index(row->choices, config_setting_get_string(s))
                    : -1;
        if (i < 0 && t == CONFIG_TYPE_STRING)
            return perr(ps, line_of(s), "%s: '%s' = \"%s\" is not one of "
                        "%s", what, row->key, config_setting_get_string(s),
                        row->choices);
        if (i < 0)
            return perr(ps, line_of(s), "%s: '%s' takes one of the strings "
                        "%s", what, row->key, row->choices);
        *v = i;
        break;
    }
    case PARAM_STRING:
        return perr(ps, line_of(s), "%s: '%s' is a string and cannot be "
                    "varied", what, row->key);
    }
    struct params scratch;
    if (sweep_store_value(row, *v, &scratch, why, sizeof why))
        return perr(ps, line_of(s), "%s: '%s' = %.15g is out of range: %s",
                    what, row->key, *v, why);
    return 0;
}

/* Row of a parameter key, or an error with did-you-mean. */
static const struct param_def *find_key(const struct parse *ps, int line,
                                        const char *what, const char *key)
{
    const struct param_table *t = params_table();
    const struct param_def *row = config_find(t, key);
    if (row)
        return row;
    const char *near = config_nearest(t, key);
    if (near)
        perr(ps, line, "%s: unknown parameter '%s'; did you mean '%s'?",
             what, key, near);
    else
        perr(ps, line, "%s: unknown parameter '%s' (cogov config "
             "--defaults lists them)", what, key);
    return NULL;
}

/* Refuse a member of group g not in the list of known keys. */
static int check_members(const struct parse *ps, const config_setting_t *g,
                         const struct param_def *known, size_t n,
                         const char *where)
{
    struct param_table t = {known, n, 0};
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m);
        if (config_find(&t, name))
            continue;
        const char *near = config_nearest(&t, name);
        if (near)
            return perr(ps, line_of(m), "unknown key '%s' %s; did you mean "
                        "'%s'?", name, where, near);
        return perr(ps, line_of(m), "unknown key '%s' %s", name, where);
    }
    return 0;
}

/* `fixed = { group = { key = value; }; };`: settings every run shares. */
static int apply_fixed(const struct parse *ps, const config_setting_t *g,
                       const char *prefix, struct params *base)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        char key[256];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "",
                 config_setting_name(m));
        if (config_setting_is_group(m)) {
            if (apply_fixed(ps, m, key, base))
                return -1;
            continue;
        }
        if (!strcmp(key, "seed"))
            return perr(ps, line_of(m), "fixed: 'seed' is the sweep's own: "
                        "write seed = N; at the top (replicates derive "
                        "their seeds from it)");
        const struct param_def *row = find_key(ps, line_of(m), "fixed", key);
        if (!row)
            return -1;
        if (row->type == PARAM_STRING) {
            if (config_setting_type(m) != CONFIG_TYPE_STRING ||
                strlen(config_setting_get_string(m)) >= PARAM_STRING_MAX)
                return perr(ps, line_of(m), "fixed: '%s' takes a string "
                            "shorter than %d bytes", key, PARAM_STRING_MAX);
            snprintf((char *)base + row->offset, PARAM_STRING_MAX, "%s",
                     config_setting_get_string(m));
            continue;
        }
        if (config_setting_is_aggregate(m))
            return perr(ps, line_of(m), "fixed: '%s' takes one value",
                        key);
        double v;
        char why[256];
        if (setting_value(ps, m, "fixed", row, &v))
            return -1;
        sweep_store_value(row, v, base, why, sizeof why);
    }
    return 0;
}

/* Values from..to by step: the last one is `to` when it lands on it up to
 * rounding (0.1, 0.3, ..., 0.9 has five values). */
static int range_values(const struct parse *ps, int line,
                        const struct param_def *row, double from, double to,
                        double step, struct axis *a)
{
    if (!(step > 0) || !isfinite(step))
        return perr(ps, line, "vary '%s': step must be a positive number",
                    row->key);
    if (!(to >= from))
        return perr(ps, line, "vary '%s': the range is empty: to (%.15g) "
                    "is below from (%.15g)", row->key, to, from);
    double count = floor((to - from) / step * (1 + 1e-12) + 1e-9) + 1;
    if (count > (double)SWEEP_MAX_RUNS)
        return perr(ps, line, "vary '%s': from %.15g to %.15g by %.15g gives "
                    "%.0f values; at most %lld runs fit one sweep", row->key,
                    from, to, step, count, SWEEP_MAX_RUNS);
    a->n = (int)count;
    a->v = malloc((size_t)a->n * sizeof *a->v);
    if (!a->v)
        return perr(ps, line, "out of memory");
    for (int i = 0; i < a->n; i++) {
        double x = from + i * step;
        if (fabs(x - to) <= 1e-9 * step)
            x = to;
        a->v[i] = x;
        char why[256];
        struct params scratch;
        if (sweep_store_value(row, x, &scratch, why, sizeof why))
            return perr(ps, line, "vary '%s': value %.15g (from %.15g by "
                        "%.15g) %s", row->key, x, from, step, why);
    }
    return 0;
}

static int number_member(const struct parse *ps, const config_setting_t *e,
                         const char *name, const struct param_def *row,
                         double *v)
{
    const config_setting_t *s = config_setting_get_member(e, name);
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64 &&
        t != CONFIG_TYPE_FLOAT)
        return perr(ps, line_of(s), "vary '%s': '%s' must be a number",
                    row->key, name);
    *v = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                : (double)config_setting_get_int64(s);
    return 0;
}

/* One entry of `vary`. */
static int parse_axis(const struct parse *ps, const config_setting_t *e,
                      enum sweep_design design, struct axis *a)
{
    const config_setting_t *k, *vals;
    const char *key = NULL;
    a->line = line_of(e);
    if (!config_setting_is_group(e))
        return perr(ps, line_of(e), "each entry of vary is a group, e.g. "
                    "{ key = \"triage.accuracy\"; values = [0.6, 0.9]; }");
    if (check_members(ps, e, vary_keys,
                      sizeof vary_keys / sizeof vary_keys[0], "in vary"))
        return -1;
    k = config_setting_get_member(e, "key");
    if (!k)
        return perr(ps, line_of(e), "vary entry without key = \"...\";");
    if (get_string(ps, k, "key = \"triage.accuracy\";", &key))
        return -1;
    if (!strcmp(key, "seed"))
        return perr(ps, line_of(k), "vary: 'seed' cannot be varied; the "
                    "replicates set it (replicates = N; seed = S;)");
    a->row = find_key(ps, line_of(k), "vary", key);
    if (!a->row)
        return -1;
    if (a->row->type == PARAM_STRING)
        return perr(ps, line_of(k), "vary: '%s' is a string and cannot be "
                    "varied", key);
    vals = config_setting_get_member(e, "values");
    int has_from = config_setting_get_member(e, "from") != NULL;
    int has_to = config_setting_get_member(e, "to") != NULL;
    int has_step = config_setting_get_member(e, "step") != NULL;
    if (vals && (has_from || has_to || has_step))
        return perr(ps, line_of(e), "vary '%s': give either values = [...] "
                    "or from/to%s, not both", key,
                    design == SWEEP_GRID ? "/step" : "");
    if (vals) {
        if (!config_setting_is_aggregate(vals) ||
            config_setting_is_group(vals) || config_setting_length(vals) < 1)
            return perr(ps, line_of(vals), "vary '%s': values must be a "
                        "non-empty list, e.g. values = [0.6, 0.9];", key);
        a->n = config_setting_length(vals);
        a->v = malloc((size_t)a->n * sizeof *a->v);
        if (!a->v)
            return perr(ps, line_of(vals), "out of memory");
        for (int i = 0; i < a->n; i++) {
            const config_setting_t *s =
                config_setting_get_elem(vals, (unsigned)i);
            if (config_setting_is_aggregate(s))
                return perr(ps, line_of(s), "vary '%s': values holds "
                            "single values", key);
            if (setting_value(ps, s, "vary", a->row, &a->v[i]))
                return -1;
            for (int j = 0; j < i; j++)
                if (a->v[j] == a->v[i])
                    return perr(ps, line_of(s), "vary '%s': value %.15g is "
                                "listed twice", key, a->v[i]);
        }
        return 0;
    }
    if (!has_from || !has_to)
        return perr(ps, line_of(e), "vary '%s': give values = [...] or a "
                    "range from = A; to = B;%s", key,
                    design == SWEEP_GRID ? " step = S;" : "");
    if (a->row->type == PARAM_BOOL || a->row->type == PARAM_ENUM)
        return perr(ps, line_of(e), "vary '%s': a %s takes values = [...], "
                    "not a range", key,
                    a->row->type == PARAM_BOOL ? "switch" : "choice");
    double from, to, step = 0;
    if (number_member(ps, e, "from", a->row, &from) ||
        number_member(ps, e, "to", a->row, &to))
        return -1;
    if (design == SWEEP_LHS) {
        if (has_step)
            return perr(ps, line_of(config_setting_get_member(e, "step")),
                        "vary '%s': a Latin hypercube samples the range "
                        "from..to itself; remove step", key);
        char why[256];
        struct params scratch;
        if (!(to > from))
            return perr(ps, line_of(e), "vary '%s': to (%.15g) must be "
                        "above from (%.15g)", key, to, from);
        if (sweep_store_value(a->row, from, &scratch, why, sizeof why) ||
            sweep_store_value(a->row, to, &scratch, why, sizeof why))
            return perr(ps, line_of(e), "vary '%s': the range [%.15g, "
                        "%.15g] is out of range: %s", key, from, to, why);
        a->range = 1;
        a->lo = from;
        a->hi = to;
        return 0;
    }
    if (!has_step)
        return perr(ps, line_of(e), "vary '%s': a grid range needs step = "
                    "S; (or list values = [...])", key);
    if (number_member(ps, e, "step", a->row, &step))
        return -1;
    return range_values(ps, line_of(e), a->row, from, to, step, a);
}

int64_t sweep_seed_of(int64_t sweep_seed, enum sweep_seed_rule rule,
                      int64_t r)
{
    if (rule == SWEEP_SEED_OFFSET)
        return sweep_seed + r;
    uint32_t w[4];
    rng_block((uint64_t)sweep_seed, PURPOSE_SEED, 0, (uint64_t)r, 0, w);
    return (int64_t)((((uint64_t)w[1] << 32) | w[0]) & (uint64_t)INT64_MAX);
}

/* Latin hypercube: in each dimension the n points fall one in each of n
 * equal strata, in an order shuffled by the sweep seed, at a uniform place
 * within the stratum (McKay, Beckman and Conover 1979). */
static void lhs_fill(const struct axis *ax, int na, int64_t n, uint64_t seed,
                     double *pv, int64_t *order)
{
    for (int j = 0; j < na; j++) {
        struct rng_stream s;
        rng_stream_init(&s, seed, PURPOSE_LHS_ORDER, (uint32_t)j, 0);
        for (int64_t i = 0; i < n; i++)
            order[i] = i;
        for (int64_t i = n - 1; i > 0; i--) {
            int64_t k = rng_below(&s, (uint32_t)(i + 1));
            int64_t t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        for (int64_t i = 0; i < n; i++) {
            uint32_t w[4];
            rng_block(seed, PURPOSE_LHS_JITTER, (uint32_t)j, (uint64_t)i, 0,
                      w);
            double u = ((double)order[i] + rng_u01(w[0])) / (double)n;
            const struct axis *a = &ax[j];
            double x;
            if (!a->range) {
                int64_t q = (int64_t)(u * a->n);
                x = a->v[q < a->n ? q : a->n - 1];
            } else if (a->row->type == PARAM_INT) {
                x = a->lo + floor(u * (a->hi - a->lo + 1));
                if (x > a->hi)
                    x = a->hi;
            } else {
                x = a->lo + u * (a->hi - a->lo);
            }
            pv[i * na + j] = x;
        }
    }
}

/* Every combination, the first axis varying slowest. */
static void grid_fill(const struct axis *ax, int na, int64_t n, double *pv)
{
    for (int64_t i = 0; i < n; i++) {
        int64_t rest = i;
        for (int j = na - 1; j >= 0; j--) {
            pv[i * na + j] = ax[j].v[rest % ax[j].n];
            rest /= ax[j].n;
        }
    }
}

static void file_stem(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    snprintf(out, n, "%s", b ? b + 1 : path);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = 0;
}

/* Name relative to the directory of the file that names it. */
static char *relative_to(const char *from, const char *name)
{
    const char *slash = strrchr(from, '/');
    size_t d = name[0] == '/' || !slash ? 0 : (size_t)(slash - from) + 1;
    char *out = malloc(d + strlen(name) + 1);
    if (out) {
        memcpy(out, from, d);
        strcpy(out + d, name);
    }
    return out;
}

static int parse_enum(const struct parse *ps, const config_setting_t *s,
                      const char *choices, int *v)
{
    const char *str = NULL;
    if (get_string(ps, s, choices, &str))
        return -1;
    *v = choice_index(choices, str);
    if (*v < 0)
        return perr(ps, line_of(s), "'%s' = \"%s\": must be one of %s",
                    config_setting_name(s), str, choices);
    return 0;
}

/* Describe point i for an error message: "a = 1, b = 2". */
static void point_text(const struct sweep_plan *pl, const double *pv,
                       char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int j = 0; j < pl->n_params && used + 1 < n; j++) {
        int k = snprintf(buf + used, n - used, "%s%s = %.15g", j ? ", " : "",
                         pl->keys[j], pv[j]);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

static int expand(const struct parse *ps, const struct axis *ax, int na,
                  int64_t lhs_points, struct sweep_plan *pl, int vary_line)
{
    int64_t n = 1;
    if (pl->design == SWEEP_LHS) {
        n = lhs_points;
    } else {
        for (int j = 0; j < na; j++) {
            if (n > SWEEP_MAX_RUNS / ax[j].n)
                return perr(ps, vary_line, "the grid has more than %lld "
                            "points; vary fewer values or use design = "
                            "\"lhs\"", SWEEP_MAX_RUNS);
            n *= ax[j].n;
        }
    }
    if (n > SWEEP_MAX_RUNS / pl->n_replicates)
        return perr(ps, vary_line, "%lld points x %lld replicates is more "
                    "than the %lld runs one sweep holds", (long long)n,
                    (long long)pl->n_replicates, SWEEP_MAX_RUNS);
    pl->n_points = n;
    pl->n_runs = n * pl->n_replicates;
    double *pv = malloc((size_t)(n * (na ? na : 1)) * sizeof *pv);
    int64_t *order = malloc((size_t)n * sizeof *order);
    pl->value = malloc((size_t)(pl->n_runs * (na ? na : 1)) *
                       sizeof *pl->value);
    pl->point = malloc((size_t)pl->n_runs * sizeof *pl->point);
    pl->replicate = malloc((size_t)pl->n_runs * sizeof *pl->replicate);
    pl->run_seed = malloc((size_t)pl->n_runs * sizeof *pl->run_seed);
    int rc = -1;
    if (!pv || !order || !pl->value || !pl->point || !pl->replicate ||
        !pl->run_seed) {
        perr(ps, 0, "out of memory for %lld runs", (long long)pl->n_runs);
        goto out;
    }
    if (pl->design == SWEEP_LHS)
        lhs_fill(ax, na, n, (uint64_t)pl->seed, pv, order);
    else
        grid_fill(ax, na, n, pv);
    for (int64_t i = 0; i < n; i++) {
        struct params p = pl->base;
        char why[CONFIG_ERR_MAX], at[1024];
        for (int j = 0; j < na; j++)
            sweep_store_value(ax[j].row, pv[i * na + j], &p, why, sizeof why);
        if (params_validate(&p, why, sizeof why)) {
            point_text(pl, pv + i * na, at, sizeof at);
            perr(ps, vary_line, "point %lld (%s): %s", (long long)i, at, why);
            goto out;
        }
        for (int64_t r = 0; r < pl->n_replicates; r++) {
            int64_t k = i * pl->n_replicates + r;
            pl->point[k] = i;
            pl->replicate[k] = r;
            pl->run_seed[k] = sweep_seed_of(pl->seed, pl->seed_rule, r);
            memcpy(pl->value + k * na, pv + i * na, (size_t)na * sizeof *pv);
        }
    }
    rc = 0;
out:
    free(pv);
    free(order);
    return rc;
}

int sweep_plan_load(const char *path, struct sweep_plan *pl, char *err,
                    size_t errlen)
{
    struct parse ps = {path, NULL, err, errlen};
    config_t cf;
    struct axis *ax = NULL;
    int na = 0, rc = -1, vary_line = 0;
    int64_t lhs_points = 0;
    char *basepath = NULL;
    const config_setting_t *root, *s;

    memset(pl, 0, sizeof *pl);
    config_init(&cf);
    char *text = read_text(path);
    if (!text) {
        snprintf(err, errlen, "%s: cannot read the sweep file: %s", path,
                 strerror(errno));
        goto out;
    }
    ps.text = text;
    pl->sweep_config = text;
    for (const char *l = text; l; l = strchr(l, '\n')) {
        while (*l == '\n' || *l == ' ' || *l == '\t')
            l++;
        if (!strncmp(l, "@include", 8)) {
            perr(&ps, 0, "@include is not supported in sweep files; name "
                 "the scenario with base = \"...\";");
            goto out;
        }
    }
    if (!config_read_file(&cf, path)) {
        const char *why = config_error_text(&cf);
        perr(&ps, config_error_line(&cf), "%s%s", why,
             strstr(why, "mismatched element type")
                 ? " (an array [...] holds one type: write 2.0 for 2, or "
                   "use a list (...))"
                 : "");
        goto out;
    }
    root = config_root_setting(&cf);
    if (check_members(&ps, root, top_keys,
                      sizeof top_keys / sizeof top_keys[0],
                      "in a sweep file (name, base, seed, replicates, seeds,"
                      " design, points, fixed, vary)"))
        goto out;

    const char *str = NULL;
    file_stem(path, pl->name, sizeof pl->name);
    if ((s = config_setting_get_member(root, "name"))) {
        if (get_string(&ps, s, "name = \"triage-accuracy\";", &str))
            goto out;
        if (!*str || strlen(str) >= sizeof pl->name) {
            perr(&ps, line_of(s), "'name' must be 1 to %d bytes",
                 (int)sizeof pl->name - 1);
            goto out;
        }
        snprintf(pl->name, sizeof pl->name, "%s", str);
    }
    pl->seed = 1;
    if ((s = config_setting_get_member(root, "seed")) &&
        get_int(&ps, s, 0, INT64_MAX, &pl->seed))
        goto out;
    pl->n_replicates = 1;
    if ((s = config_setting_get_member(root, "replicates")) &&
        get_int(&ps, s, 1, SWEEP_MAX_RUNS, &pl->n_replicates))
        goto out;
    int e;
    if ((s = config_setting_get_member(root, "seeds"))) {
        if (parse_enum(&ps, s, "hash|offset", &e))
            goto out;
        pl->seed_rule = (enum sweep_seed_rule)e;
    }
    if (pl->seed_rule == SWEEP_SEED_OFFSET &&
        pl->seed > INT64_MAX - pl->n_replicates) {
        perr(&ps, line_of(s), "seeds = \"offset\": seed + replicates "
             "exceeds 2^63 - 1");
        goto out;
    }
    if ((s = config_setting_get_member(root, "design"))) {
        if (parse_enum(&ps, s, "grid|lhs", &e))
            goto out;
        pl->design = (enum sweep_design)e;
    }
    s = config_setting_get_member(root, "points");
    if (pl->design == SWEEP_LHS) {
        if (!s) {
            perr(&ps, 0, "design = \"lhs\" needs points = N; (the sample "
                 "size)");
            goto out;
        }
        if (get_int(&ps, s, 1, SWEEP_MAX_RUNS, &lhs_points))
            goto out;
    } else if (s) {
        perr(&ps, line_of(s), "'points' is the size of a Latin hypercube "
             "sample; with design = \"grid\" the values give the points");
        goto out;
    }

    /* the base scenario, then the fixed settings on top */
    s = config_setting_get_member(root, "base");
    if (!s) {
        perr(&ps, 0, "no base scenario: write base = \"scenario.cfg\"; "
             "(relative to this file)");
        goto out;
    }
    if (get_string(&ps, s, "base = \"../scenarios/baseline.cfg\";", &str))
        goto out;
    pl->base_scenario = strdup(str);
    basepath = relative_to(path, str);
    if (!pl->base_scenario || !basepath) {
        perr(&ps, 0, "out of memory");
        goto out;
    }
    config_defaults(params_table(), &pl->base);
    char berr[CONFIG_ERR_MAX];
    FILE *probe = fopen(basepath, "r");
    if (!probe) {
        perr(&ps, line_of(s), "base scenario '%s' (%s) cannot be read: %s",
             str, basepath, strerror(errno));
        goto out;
    }
    fclose(probe);
    if (config_load(params_table(), &pl->base, basepath, NULL, 0, NULL,
                    berr, sizeof berr)) {
        snprintf(err, errlen, "%s (base scenario of %s:%d)", berr, path,
                 line_of(s));
        goto out;
    }
    if (!pl->base.name[0])
        file_stem(basepath, pl->base.name, sizeof pl->base.name);
    if ((s = config_setting_get_member(root, "fixed"))) {
        if (!config_setting_is_group(s)) {
            perr(&ps, line_of(s), "'fixed' is a group of settings, e.g. "
                 "fixed = { time = { days = 365; }; };");
            goto out;
        }
        if (apply_fixed(&ps, s, "", &pl->base))
            goto out;
    }
    pl->base.seed = pl->seed;
    if (params_validate(&pl->base, berr, sizeof berr)) {
        perr(&ps, 0, "base scenario with the fixed settings: %s", berr);
        goto out;
    }

    /* the varied parameters */
    if ((s = config_setting_get_member(root, "vary"))) {
        vary_line = line_of(s);
        if (!config_setting_is_list(s) && !config_setting_is_group(s)) {
            perr(&ps, vary_line, "'vary' is a list of groups, e.g. vary = "
                 "( { key = \"triage.accuracy\"; values = [0.6, 0.9]; } );");
            goto out;
        }
        if (config_setting_is_group(s) && config_setting_length(s) > 0 &&
            config_setting_name(config_setting_get_elem(s, 0))) {
            perr(&ps, vary_line, "'vary' is a list ( ... ) of groups { key ="
                 " ...; values = [...]; }, not one group");
            goto out;
        }
        na = config_setting_length(s);
        ax = calloc((size_t)(na ? na : 1), sizeof *ax);
        pl->keys = calloc((size_t)(na ? na : 1), sizeof *pl->keys);
        pl->rows = calloc((size_t)(na ? na : 1), sizeof *pl->rows);
        if (!ax || !pl->keys || !pl->rows) {
            perr(&ps, vary_line, "out of memory");
            goto out;
        }
        for (int j = 0; j < na; j++) {
            if (parse_axis(&ps, config_setting_get_elem(s, (unsigned)j),
                           pl->design, &ax[j]))
                goto out;
            for (int i = 0; i < j; i++)
                if (ax[i].row == ax[j].row) {
                    perr(&ps, ax[j].line, "vary: '%s' is varied twice (also"
                         " on line %d)", ax[j].row->key, ax[i].line);
                    goto out;
                }
            pl->rows[j] = ax[j].row;
            pl->keys[j] = strdup(ax[j].row->key);
            pl->n_params = j + 1;
            if (!pl->keys[j]) {
                perr(&ps, ax[j].line, "out of memory");
                goto out;
            }
        }
    }
    if (pl->design == SWEEP_LHS && na == 0) {
        perr(&ps, 0, "design = \"lhs\" samples the ranges of vary; vary "
             "has none");
        goto out;
    }
    if (expand(&ps, ax, na, lhs_points, pl, vary_line))
        goto out;
    pl->base_config = config_to_string(params_table(), &pl->base, 0);
    if (!pl->base_config) {
        perr(&ps, 0, "out of memory");
        goto out;
    }
    rc = 0;
out:
    for (int j = 0; ax && j < na; j++)
        free(ax[j].v);
    free(ax);
    free(basepath);
    config_destroy(&cf);
    if (rc)
        sweep_plan_free(pl);
    return rc;
}

int sweep_run_params(const struct sweep_plan *pl, int64_t k,
                     struct params *p, char *err, size_t errlen)
{
    char why[CONFIG_ERR_MAX];
    *p = pl->base;
    for (int j = 0; j < pl->n_params; j++)
        if (sweep_store_value(pl->rows[j], pl->value[k * pl->n_params + j],
                              p, why, sizeof why)) {
            snprintf(err, errlen, "run %lld: %s = %.15g %s", (long long)k,
                     pl->keys[j], pl->value[k * pl->n_params + j], why);
            return -1;
        }
    p->seed = pl->run_seed[k];
    if (params_validate(p, why, sizeof why)) {
        snprintf(err, errlen, "run %lld: %s", (long long)k, why);
        return -1;
    }
    return 0;
}

int sweep_plan_equal(const struct sweep_plan *a, const struct sweep_plan *b)
{
    if (a->n_runs != b->n_runs || a->n_points != b->n_points ||
        a->n_replicates != b->n_replicates || a->n_params != b->n_params ||
        strcmp(a->base_config, b->base_config))
        return 0;
    for (int j = 0; j < a->n_params; j++)
        if (strcmp(a->keys[j], b->keys[j]))
            return 0;
    for (int64_t k = 0; k < a->n_runs; k++)
        if (a->point[k] != b->point[k] || a->replicate[k] != b->replicate[k] ||
            a->run_seed[k] != b->run_seed[k])
            return 0;
    return !memcmp(a->value, b->value,
                   (size_t)(a->n_runs * a->n_params) * sizeof *a->value);
}

void sweep_plan_free(struct sweep_plan *pl)
{
    for (int j = 0; pl->keys && j < pl->n_params; j++)
        free(pl->keys[j]);
    free(pl->keys);
    free(pl->rows);
    free(pl->value);
    free(pl->point);
    free(pl->replicate);
    free(pl->run_seed);
    free(pl->base_scenario);
    free(pl->sweep_config);
    free(pl->base_config);
    memset(pl, 0, sizeof *pl);
}
