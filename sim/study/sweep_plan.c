/* A sweep file (libconfig) expanded into the runs of a sweep: the base
 * scenario, fixed settings, the varied parameters (value lists, ranges
 * with steps, a Latin hypercube, Morris trajectories, Saltelli's scheme on
 * a Sobol' sequence, or points read from a CSV file), replicates and
 * their seeds (docs/CLUSTER.md, "The sweep file"; docs/SENSITIVITY.md).
 * Every mistake is caught here, at plan time, with the file and line, so
 * that no cluster job starts from a sweep that cannot run. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cogov/rng.h"
#include "study/design.h"
#include "study/sweep.h"

/* Purposes of the sweep's own draws, keyed by the sweep seed (never by a
 * run's seed), so they share no stream with the engine (study/design.h). */
enum { PURPOSE_SEED = DESIGN_PURPOSE_SEED,
       PURPOSE_LHS_ORDER = DESIGN_PURPOSE_LHS_ORDER,
       PURPOSE_LHS_JITTER = DESIGN_PURPOSE_LHS_JITTER };

const char *const sweep_design_names[N_SWEEP_DESIGNS] = {
    "grid", "lhs", "morris", "sobol", "points"};
#define DESIGN_CHOICES "grid|lhs|morris|sobol|points"

/* Keys of the sweep file and of one `vary` entry, for "did you mean". */
static const struct param_def top_keys[] = {
    {.key = "name"},   {.key = "base"},   {.key = "seed"},
    {.key = "replicates"}, {.key = "seeds"}, {.key = "design"},
    {.key = "points"}, {.key = "fixed"},  {.key = "vary"},
    {.key = "trajectories"}, {.key = "levels"}, {.key = "candidates"},
    {.key = "second_order"}, {.key = "points_file"}};
static const struct param_def vary_keys[] = {
    {.key = "key"}, {.key = "values"}, {.key = "from"}, {.key = "to"},
    {.key = "step"}};

/* One varied parameter while parsing. */
struct axis {
    const struct param_def *row;
    int line;
    int n;              /* values (grid, or a list in a Latin hypercube) */
    double *v;
    int range;          /* a sampled design over [lo, hi] */
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

/* Dotted path of a named setting ("fixed.time.days"), "" when it or a
 * parent is an element of a list or array. */
static void setting_path(const config_setting_t *s, char *buf, size_t n)
{
    const config_setting_t *chain[32];
    int depth = 0;
    buf[0] = 0;
    for (; s && config_setting_parent(s) && depth < 32;
         s = config_setting_parent(s)) {
        if (!config_setting_name(s))
            return;
        chain[depth++] = s;
    }
    size_t used = 0;
    for (int i = depth - 1; i >= 0 && used < n; i--)
        used += (size_t)snprintf(buf + used, n - used, "%s%s",
                                 i == depth - 1 ? "" : ".",
                                 config_setting_name(chain[i]));
}

/* libconfig 1.5 wraps decimal integer literals beyond 32 bits without a
 * word, so a named integer is read again from the text (config.c does the
 * same for scenarios). */
static int literal_int(const struct parse *ps, const config_setting_t *s,
                       int64_t *v)
{
    char path[512];
    setting_path(s, path, sizeof path);
    int rc = path[0] ? config_int_literal(ps->text, path, v) : 0;
    if (rc < 0)
        return perr(ps, line_of(s), "'%s' does not fit a 64-bit integer",
                    config_setting_name(s));
    if (rc == 0)
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
                    ? config_enum_index(row->choices,
                                        config_setting_get_string(s))
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
    if (config_store_number(row, &scratch, *v, why, sizeof why))
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
    const char *why = config_removed(t, key);
    if (why) {
        perr(ps, line, "%s: parameter '%s' was removed: %s", what, key, why);
        return NULL;
    }
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
    struct param_table t = {.rows = known, .n = n};
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
        config_store_number(row, base, v, why, sizeof why);
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
        if (config_store_number(row, &scratch, x, why, sizeof why))
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
    double from = 0, to = 0, step = 0;   /* set by number_member */
    if (number_member(ps, e, "from", a->row, &from) ||
        number_member(ps, e, "to", a->row, &to))
        return -1;
    if (design != SWEEP_GRID) {
        if (has_step)
            return perr(ps, line_of(config_setting_get_member(e, "step")),
                        "vary '%s': design = \"%s\" samples the range "
                        "from..to itself; remove step", key,
                        sweep_design_names[design]);
        char why[256];
        struct params scratch;
        if (!(to > from))
            return perr(ps, line_of(e), "vary '%s': to (%.15g) must be "
                        "above from (%.15g)", key, to, from);
        if (config_store_number(a->row, &scratch, from, why, sizeof why) ||
            config_store_number(a->row, &scratch, to, why, sizeof why))
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

/* The value of axis a at u in [0, 1]: a place in its range, or one of
 * its listed values (equal shares of [0, 1]). */
static double axis_value(const struct axis *a, double u)
{
    if (!a->range) {
        int64_t q = (int64_t)(u * a->n);
        return a->v[q < a->n ? q : a->n - 1];
    }
    if (a->row->type == PARAM_INT) {
        double x = a->lo + floor(u * (a->hi - a->lo + 1));
        return x > a->hi ? a->hi : x;
    }
    return a->lo + u * (a->hi - a->lo);
}

/* Latin hypercube in [0,1]^na: in each dimension the n points fall one in
 * each of n equal strata, in an order shuffled by the sweep seed, at a
 * uniform place within the stratum (McKay, Beckman and Conover 1979). */
static void lhs_fill(int na, int64_t n, uint64_t seed, double *u,
                     int64_t *order)
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
            u[i * na + j] = ((double)order[i] + rng_u01(w[0])) / (double)n;
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
    *v = config_enum_index(choices, str);
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

/* Points of the design: a grid's product, or the design's own count. */
static int design_points(const struct parse *ps, const struct axis *ax,
                         int na, const struct sweep_plan *pl, int vary_line,
                         int64_t *n)
{
    int64_t per = 1;
    switch (pl->design) {
    case SWEEP_GRID:
        *n = 1;
        for (int j = 0; j < na; j++) {
            if (*n > SWEEP_MAX_RUNS / ax[j].n)
                return perr(ps, vary_line, "the grid has more than %lld "
                            "points; vary fewer values or use design = "
                            "\"lhs\"", SWEEP_MAX_RUNS);
            *n *= ax[j].n;
        }
        return 0;
    case SWEEP_LHS:
    case SWEEP_POINTS:
        per = 1;
        break;
    case SWEEP_MORRIS:
        per = na + 1;
        break;
    case SWEEP_SOBOL:
        if (na > SOBOL_MAX_DIM / 2)
            return perr(ps, vary_line, "design = \"sobol\" varies at most "
                        "%d parameters (the direction numbers cover %d "
                        "dimensions); vary fewer, or screen with design = "
                        "\"morris\" first", SOBOL_MAX_DIM / 2,
                        SOBOL_MAX_DIM);
        per = saltelli_block(na, pl->second_order);
        break;
    case N_SWEEP_DESIGNS:
        break;
    }
    if (pl->design_n > SWEEP_MAX_RUNS / per)
        return perr(ps, vary_line, "%lld x %lld design points is more than "
                    "the %lld runs one sweep holds", (long long)pl->design_n,
                    (long long)per, SWEEP_MAX_RUNS);
    *n = pl->design_n * per;
    return 0;
}

/* pv: the points (n x na); for a points design, already read. */
static int expand(const struct parse *ps, const struct axis *ax, int na,
                  double *pv, struct sweep_plan *pl, int vary_line)
{
    int64_t n = 0;
    if (pl->design == SWEEP_POINTS)
        n = pl->design_n;
    else if (design_points(ps, ax, na, pl, vary_line, &n))
        return -1;
    pl->n_points = n;
    pl->n_runs = n * pl->n_replicates;
    int own_pv = !pv;
    if (own_pv)
        pv = malloc((size_t)(n * (na ? na : 1)) * sizeof *pv);
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
    if (pl->design != SWEEP_GRID && pl->design != SWEEP_POINTS) {
        pl->unit = malloc((size_t)(n * (na ? na : 1)) * sizeof *pl->unit);
        if (!pl->unit) {
            perr(ps, 0, "out of memory for %lld points", (long long)n);
            goto out;
        }
    }
    if (pl->design == SWEEP_GRID)
        grid_fill(ax, na, n, pv);
    else if (pl->design == SWEEP_LHS)
        lhs_fill(na, n, (uint64_t)pl->seed, pl->unit, order);
    else if (pl->design == SWEEP_SOBOL)
        saltelli_fill(pl->design_n, na, pl->second_order,
                      (uint64_t)pl->seed, pl->unit);
    else if (pl->design == SWEEP_MORRIS &&
             morris_fill(pl->design_n, na, pl->levels, pl->candidates,
                         (uint64_t)pl->seed, pl->unit)) {
        perr(ps, 0, "out of memory for the Morris candidates");
        goto out;
    }
    for (int64_t i = 0; pl->unit && i < n; i++)
        for (int j = 0; j < na; j++)
            pv[i * na + j] = axis_value(&ax[j], pl->unit[i * na + j]);
    for (int64_t i = 0; i < n; i++) {
        struct params p = pl->base;
        char why[CONFIG_ERR_MAX], at[1024];
        for (int j = 0; j < na; j++)
            config_store_number(ax[j].row, &p, pv[i * na + j], why,
                                sizeof why);
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
    if (own_pv)
        free(pv);
    free(order);
    return rc;
}

/* Keys of a sweep file that belong to one design. */
static const struct {
    const char *key;
    unsigned designs;    /* bit d: allowed with design d */
    unsigned required;   /* bit d: needed with design d */
} design_key[] = {
    {"points", 1u << SWEEP_LHS | 1u << SWEEP_SOBOL,
     1u << SWEEP_LHS | 1u << SWEEP_SOBOL},
    {"trajectories", 1u << SWEEP_MORRIS, 1u << SWEEP_MORRIS},
    {"levels", 1u << SWEEP_MORRIS, 0},
    {"candidates", 1u << SWEEP_MORRIS, 0},
    {"second_order", 1u << SWEEP_SOBOL, 0},
    {"points_file", 1u << SWEEP_POINTS, 1u << SWEEP_POINTS},
};

static const char *const design_key_help[] = {
    "points = N; (the sample size; for sobol the base points)",
    "trajectories = R; (the number of elementary-effect trajectories)",
    "", "", "",
    "points_file = \"design.csv\"; (a header of keys, one point a row)"};

/* The keys of the chosen design: present where needed, absent elsewhere;
 * their values into pl. */
static int design_keys(const struct parse *ps, const config_setting_t *root,
                       struct sweep_plan *pl)
{
    const char *dn = sweep_design_names[pl->design];
    unsigned bit = 1u << pl->design;
    const config_setting_t *s;
    for (size_t i = 0; i < sizeof design_key / sizeof design_key[0]; i++) {
        s = config_setting_get_member(root, design_key[i].key);
        if (!s && (design_key[i].required & bit))
            return perr(ps, 0, "design = \"%s\" needs %s", dn,
                        design_key_help[i]);
        if (s && !(design_key[i].designs & bit))
            return perr(ps, line_of(s), "'%s' belongs to another design "
                        "than design = \"%s\" (docs/SENSITIVITY.md)",
                        design_key[i].key, dn);
    }
    pl->levels = 4;
    if ((s = config_setting_get_member(root, "points")) &&
        get_int(ps, s, 1, SWEEP_MAX_RUNS, &pl->design_n))
        return -1;
    if ((s = config_setting_get_member(root, "trajectories")) &&
        get_int(ps, s, 2, SWEEP_MAX_RUNS, &pl->design_n))
        return -1;
    int64_t v;
    if ((s = config_setting_get_member(root, "levels"))) {
        if (get_int(ps, s, 2, 1000, &v))
            return -1;
        if (v % 2)
            return perr(ps, line_of(s), "'levels' = %lld: Morris levels are "
                        "even (4, 6, 8: a step of levels / (2 (levels - 1)) "
                        "then reaches every level equally often)",
                        (long long)v);
        pl->levels = (int)v;
    }
    if ((s = config_setting_get_member(root, "candidates"))) {
        if (get_int(ps, s, 0, 100000, &pl->candidates))
            return -1;
        if (pl->candidates && pl->candidates <= pl->design_n)
            return perr(ps, line_of(s), "'candidates' = %lld: choose the "
                        "trajectories among more than trajectories = %lld, "
                        "or 0 for none", (long long)pl->candidates,
                        (long long)pl->design_n);
    }
    if ((s = config_setting_get_member(root, "second_order"))) {
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return perr(ps, line_of(s), "'second_order' takes true or "
                        "false");
        pl->second_order = config_setting_get_bool(s);
    }
    return 0;
}

/* The next comma-separated field of a CSV line (no quoting), trimmed. */
static char *csv_next(char **p)
{
    char *f = *p, *c;
    if (!f)
        return NULL;
    c = strchr(f, ',');
    if (c) {
        *c = 0;
        *p = c + 1;
    } else {
        *p = NULL;
    }
    while (*f == ' ' || *f == '\t')
        f++;
    size_t n = strlen(f);
    while (n && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r' ||
                 f[n - 1] == '\n'))
        f[--n] = 0;
    return f;
}

/* One CSV value as key row takes it: a number, true/false, or a choice. */
static int csv_value(const struct param_def *row, const char *f, double *v,
                     char *why, size_t whylen)
{
    char *end;
    if (row->type == PARAM_BOOL && (!strcmp(f, "true") || !strcmp(f, "false")))
        *v = !strcmp(f, "true");
    else if (row->type == PARAM_ENUM && config_enum_index(row->choices, f) >= 0)
        *v = config_enum_index(row->choices, f);
    else {
        errno = 0;
        *v = strtod(f, &end);
        if (!*f || *end || errno) {
            snprintf(why, whylen, "'%s' is not a value of '%s'", f, row->key);
            return -1;
        }
    }
    struct params scratch;
    char w[256];
    if (config_store_number(row, &scratch, *v, w, sizeof w)) {
        snprintf(why, whylen, "'%s' = %s %s", row->key, f, w);
        return -1;
    }
    return 0;
}

/* design = "points": the axes from the header of points_file, the points
 * from its rows. */
static int read_points(const struct parse *ps, const char *path,
                       config_t *cf, struct sweep_plan *pl, struct axis **ax,
                       int *na, double **pv)
{
    const config_setting_t *s = config_lookup(cf, "points_file");
    const char *name = NULL;
    if (get_string(ps, s, "points_file = \"design.csv\";", &name))
        return -1;
    char *file = relative_to(path, name);
    FILE *f = file ? fopen(file, "r") : NULL;
    char *line = NULL, why[512];
    size_t cap = 0;
    int rc = -1, lno = 0;
    int64_t n = 0, room = 0;
    if (!f) {
        perr(ps, line_of(s), "points_file '%s' (%s) cannot be read: %s",
             name, file ? file : name, strerror(errno));
        goto out;
    }
    while (getline(&line, &cap, f) > 0) {
        lno++;
        char *p = line, *fld;
        if (line[strspn(line, " \t\r\n")] == 0 || line[0] == '#')
            continue;
        if (!*ax) {    /* the header */
            for (char *q = line; *q; q++)
                *na += *q == ',';
            (*na)++;
            *ax = calloc((size_t)*na, sizeof **ax);
            pl->keys = calloc((size_t)*na, sizeof *pl->keys);
            pl->rows = calloc((size_t)*na, sizeof *pl->rows);
            if (!*ax || !pl->keys || !pl->rows) {
                perr(ps, 0, "out of memory");
                goto out;
            }
            for (int j = 0; (fld = csv_next(&p)); j++) {
                const struct param_def *row = config_find(params_table(), fld);
                if (!row || row->type == PARAM_STRING || !strcmp(fld, "seed")) {
                    snprintf(ps->err, ps->errlen, "%s:%d: column '%s' is not "
                             "a parameter that can be varied%s%s%s", file, lno,
                             fld, row || !config_nearest(params_table(), fld)
                                      ? "" : "; did you mean '",
                             row ? "" : config_nearest(params_table(), fld)
                                            ? config_nearest(params_table(),
                                                             fld) : "",
                             row || !config_nearest(params_table(), fld)
                                 ? "" : "'?");
                    goto out;
                }
                for (int i = 0; i < j; i++)
                    if ((*ax)[i].row == row) {
                        snprintf(ps->err, ps->errlen, "%s:%d: column '%s' "
                                 "appears twice", file, lno, fld);
                        goto out;
                    }
                (*ax)[j].row = pl->rows[j] = row;
                (*ax)[j].line = line_of(s);
                pl->keys[j] = strdup(fld);
                pl->n_params = j + 1;
                if (!pl->keys[j]) {
                    perr(ps, 0, "out of memory");
                    goto out;
                }
            }
            continue;
        }
        if (n == room) {
            room = room ? 2 * room : 64;
            double *np = realloc(*pv, (size_t)room * (size_t)*na * sizeof *np);
            if (!np || room > SWEEP_MAX_RUNS) {
                perr(ps, 0, "%s: out of memory or more than %lld points",
                     file, SWEEP_MAX_RUNS);
                goto out;
            }
            *pv = np;
        }
        int j = 0;
        for (; (fld = csv_next(&p)); j++) {
            if (j >= *na)
                break;
            if (csv_value(pl->rows[j], fld, &(*pv)[n * *na + j], why,
                          sizeof why)) {
                snprintf(ps->err, ps->errlen, "%s:%d: %s", file, lno, why);
                goto out;
            }
        }
        if (j != *na || fld) {
            snprintf(ps->err, ps->errlen, "%s:%d: %d values; the header names"
                     " %d parameters", file, lno, fld ? j + 1 : j, *na);
            goto out;
        }
        n++;
    }
    if (!*ax || n == 0) {
        snprintf(ps->err, ps->errlen, "%s: no %s; write a header of parameter"
                 " keys and one point a row", file, *ax ? "points" : "header");
        goto out;
    }
    pl->design_n = n;
    rc = 0;
out:
    if (f)
        fclose(f);
    free(line);
    free(file);
    return rc;
}

/* A varied key of a mechanism that is off at every point changes nothing:
 * say so (today triage.accuracy on the baseline). */
static void mechanism_warnings(struct sweep_plan *pl)
{
    size_t used = 0;
    pl->warnings[0] = 0;
    for (int j = 0; j < pl->n_params; j++) {
        char sw[300];
        const char *dot = strchr(pl->keys[j], '.');
        if (!dot)
            continue;
        snprintf(sw, sizeof sw, "mechanisms.%.*s.enabled",
                 (int)(dot - pl->keys[j]), pl->keys[j]);
        const struct param_def *row = config_find(params_table(), sw);
        if (!row || row->type != PARAM_BOOL)
            continue;
        int on = *(const int *)((const char *)&pl->base + row->offset);
        for (int i = 0; i < pl->n_params; i++)
            if (pl->rows[i] == row) {
                on = 0;
                for (int64_t k = 0; k < pl->n_runs; k++)
                    on |= pl->value[k * pl->n_params + i] != 0;
            }
        if (!on && used + 1 < sizeof pl->warnings)
            used += (size_t)snprintf(pl->warnings + used,
                                     sizeof pl->warnings - used,
                                     "'%s' belongs to a mechanism that is off"
                                     " in every run (%s = false): all its "
                                     "values give the same runs; switch it "
                                     "on in fixed or vary it\n",
                                     pl->keys[j], sw);
    }
}

int sweep_plan_load(const char *path, struct sweep_plan *pl, char *err,
                    size_t errlen)
{
    struct parse ps = {path, NULL, err, errlen};
    config_t cf;
    struct axis *ax = NULL;
    int na = 0, rc = -1, vary_line = 0;
    double *pv = NULL;
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
        if (parse_enum(&ps, s, DESIGN_CHOICES, &e))
            goto out;
        pl->design = (enum sweep_design)e;
    }
    if (design_keys(&ps, root, pl))
        goto out;

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
    if (pl->design == SWEEP_POINTS) {
        if (na) {
            perr(&ps, vary_line, "design = \"points\" takes its parameters "
                 "from the columns of points_file; remove vary");
            goto out;
        }
        if (read_points(&ps, path, &cf, pl, &ax, &na, &pv))
            goto out;
    } else if (pl->design != SWEEP_GRID && na == 0) {
        perr(&ps, 0, "design = \"%s\" samples the ranges of vary; vary "
             "has none", sweep_design_names[pl->design]);
        goto out;
    }
    for (int j = 0; j < na; j++) {
        char fkey[300];
        snprintf(fkey, sizeof fkey, "fixed.%s", ax[j].row->key);
        const config_setting_t *f = config_lookup(&cf, fkey);
        if (f) {
            perr(&ps, ax[j].line, "'%s' is both varied here and fixed on "
                 "line %d; keep one", ax[j].row->key, line_of(f));
            goto out;
        }
    }
    if (expand(&ps, ax, na, pv, pl, vary_line))
        goto out;
    pl->lo = malloc((size_t)(na ? na : 1) * sizeof *pl->lo);
    pl->hi = malloc((size_t)(na ? na : 1) * sizeof *pl->hi);
    if (!pl->lo || !pl->hi) {
        perr(&ps, 0, "out of memory");
        goto out;
    }
    for (int j = 0; j < na; j++) {
        pl->lo[j] = ax[j].range ? ax[j].lo : NAN;
        pl->hi[j] = ax[j].range ? ax[j].hi : NAN;
    }
    mechanism_warnings(pl);
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
    free(pv);
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
        if (config_store_number(pl->rows[j], p,
                                pl->value[k * pl->n_params + j], why,
                                sizeof why)) {
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
    free(pl->unit);
    free(pl->lo);
    free(pl->hi);
    free(pl->point);
    free(pl->replicate);
    free(pl->run_seed);
    free(pl->base_scenario);
    free(pl->sweep_config);
    free(pl->base_config);
    memset(pl, 0, sizeof *pl);
}
