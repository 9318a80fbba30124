/* Scenario configuration: loads libconfig scenario files and --set
 * overrides into any struct described by a parameter table, and writes the
 * table back as a commented scenario or a Markdown table. It is generic over
 * the table; the engine's rows live in sim/base/params.c (docs/MODEL.md, section
 * 6 "Input").
 *
 * Decisions a user can see (include/cogov/config.h repeats the short form):
 *  - `base = "other.cfg";` (top level, a string) names a file that is
 *    loaded first (its own base before it); the including file's values
 *    then override it. A relative name is looked for in the including
 *    file's directory, then each directory of $COGOV_PATH, then the
 *    installed scenario library (COGOV_SCENARIO_DIR). libconfig
 *    cannot override after @include, so the merge is done here, one file
 *    after another, on the struct itself.
 *  - `@include` is refused with a message pointing at `base`: one way to
 *    compose scenarios, and every value keeps its own file and line.
 *  - A file with no settings (empty, or only comments) is an error: a
 *    scenario exists to override something, so it is probably a mistake.
 *  - An INT key accepts an integer literal, or a float literal that is
 *    exactly integral and below 2^53 in magnitude (so `residents = 1e6;`
 *    works); from 2^53 on a float no longer names one integer, so it is
 *    refused.
 *  - Integer overflow: libconfig 1.5 silently wraps a decimal literal
 *    beyond 32 bits (3000000000 reads as -1294967296), 32-bit hex
 *    (0xFFFFFFFF reads as -1) and clamps an L literal beyond 64 bits. Every
 *    integer literal is therefore re-read from the source text. The value
 *    the user wrote wins when it fits int64 (then the range check applies);
 *    a literal beyond int64 is an "does not fit a 64-bit integer" error. Hex
 *    is a magnitude, never a bit pattern: 0xFFFFFFFFFFFFFFFFL is an
 *    overflow, not -1. A FLOAT key given an integer literal takes the
 *    literal's exact decimal value (99999999999999999999 -> 1e20).
 *  - Files must be UTF-8 text without a byte-order mark and without NUL.
 *
 * Names: libconfig exports config_write() and friends, so this module's
 * writers are config_print*() to keep clear of its symbols. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700       /* realpath, whatever the build defines */
#endif
#include "cogov/config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#define KEY_MAX 256             /* longest dotted key, with its NUL */
#define BASE_DEPTH_MAX 32       /* files in one base chain */
#define SCAN_DEPTH 130          /* group nesting the literal scanner follows */
#define FILE_SIZE_MAX (16u << 20)
#define SHOW_MAX 80             /* bytes of a value shown in a message */

#ifdef __GNUC__
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ------------------------------------------------------------------------
 * Small helpers: messages, a growing string, escaping, number formatting. */

static int errf(char *err, size_t errlen, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

/* Write one message into err; always returns -1 so callers can
 * `return errf(...)` or `rc = errf(...)`. */
static int errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
};

static void sb_reserve(struct sbuf *b, size_t extra)
{
    if (b->oom || b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->p = p;
    b->cap = cap;
}

static void sb_putn(struct sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_puts(struct sbuf *b, const char *s) { sb_putn(b, s, strlen(s)); }

static void sb_printf(struct sbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
    } else {
        sb_reserve(b, (size_t)n);
        if (!b->oom) {
            vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
            b->len += (size_t)n;
        }
    }
    va_end(ap2);
}

/* libconfig's string escapes: \" \\ \n \r \t \f and \xNN. Writes the
 * escaped form of c into out (at most 5 bytes with NUL), returns length. */
static size_t escape_char(unsigned char c, char out[5])
{
    const char *e = NULL;
    switch (c) {
    case '"': e = "\\\""; break;
    case '\\': e = "\\\\"; break;
    case '\n': e = "\\n"; break;
    case '\r': e = "\\r"; break;
    case '\t': e = "\\t"; break;
    case '\f': e = "\\f"; break;
    default: break;
    }
    if (e) {
        strcpy(out, e);
        return 2;
    }
    if (c < 0x20 || c == 0x7f) {
        snprintf(out, 5, "\\x%02x", c);
        return 4;
    }
    out[0] = (char)c;
    out[1] = 0;
    return 1;
}

static void sb_quote(struct sbuf *b, const char *s, size_t n)
{
    char e[5];
    sb_putn(b, "\"", 1);
    for (size_t i = 0; i < n; i++)
        sb_putn(b, e, escape_char((unsigned char)s[i], e));
    sb_putn(b, "\"", 1);
}

/* A string for a one-line message: quoted, escaped, cut at SHOW_MAX. With
 * as_typed, only control characters are escaped, so that a --set
 * assignment is shown as the user typed it. */
static void show_str(char *out, size_t cap, const char *s, int as_typed)
{
    size_t o = 0, i = 0;
    char e[5];
    if (cap < 8) {
        if (cap)
            out[0] = 0;
        return;
    }
    out[o++] = '"';
    for (; s[i] && i < SHOW_MAX; i++) {
        size_t k = escape_char((unsigned char)s[i], e);
        if (as_typed && (s[i] == '"' || s[i] == '\\')) {
            e[0] = s[i];
            k = 1;
        }
        if (o + k + 5 > cap)
            break;
        memcpy(out + o, e, k);
        o += k;
    }
    if (s[i]) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o++] = '"';
    out[o] = 0;
}

/* Shortest of %.15g/%.16g/%.17g that reads back to x. With force_float the
 * text always holds '.' or 'e' so that libconfig reads a float. */
static void fmt_double(char *buf, size_t len, double x, int force_float)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (force_float && !strpbrk(buf, ".eEni")) {
        size_t n = strlen(buf);
        if (n + 3 <= len)
            memcpy(buf + n, ".0", 3);
    }
}

/* ------------------------------------------------------------------------
 * Table queries: rows, groups, enum choices, what a row allows. */

static int find_index(const struct param_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].key, key) == 0)
            return (int)i;
    return -1;
}

const struct param_def *config_find(const struct param_table *t,
                                    const char *key)
{
    int i = (t && key) ? find_index(t, key) : -1;
    return i < 0 ? NULL : &t->rows[i];
}

/* First row inside group `g` ("population" holds "population.x"), or NULL
 * when g is not a group of the table. */
static const char *group_member(const struct param_table *t, const char *g)
{
    size_t n = strlen(g);
    for (size_t i = 0; i < t->n; i++) {
        const char *k = t->rows[i].key;
        if (strncmp(k, g, n) == 0 && k[n] == '.')
            return k;
    }
    return NULL;
}

static int enum_count(const char *choices)
{
    int n = 1;
    for (const char *c = choices; *c; c++)
        n += *c == '|';
    return n;
}

/* Choice number idx of "a|b|c" as (start, length); 0 if out of range. */
static int enum_name(const char *choices, int64_t idx, const char **s,
                     size_t *n)
{
    const char *c = choices;
    for (int64_t i = 0; i < idx; i++) {
        c = strchr(c, '|');
        if (!c)
            return 0;
        c++;
    }
    if (idx < 0)
        return 0;
    const char *e = strchr(c, '|');
    *s = c;
    *n = e ? (size_t)(e - c) : strlen(c);
    return 1;
}

static int enum_index(const char *choices, const char *v)
{
    size_t vn = strlen(v);
    int i = 0;
    for (const char *c = choices;; i++) {
        const char *e = strchr(c, '|');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == vn && strncmp(c, v, n) == 0)
            return i;
        if (!e)
            return -1;
        c = e + 1;
    }
}

/* "a, b, c" from "a|b|c". */
static void enum_list(const char *choices, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *c = choices; *c && o + 3 < cap; c++) {
        if (*c == '|') {
            out[o++] = ',';
            out[o++] = ' ';
        } else {
            out[o++] = *c;
        }
    }
    out[o] = 0;
}

static const char *type_name(enum param_type ty)
{
    switch (ty) {
    case PARAM_BOOL: return "bool";
    case PARAM_INT: return "int";
    case PARAM_FLOAT: return "float";
    case PARAM_ENUM: return "enum";
    case PARAM_STRING: return "string";
    }
    return "?";
}

/* "lo..hi" for INT and FLOAT rows. */
static void range_text(const struct param_def *r, char *out, size_t cap)
{
    if (r->type == PARAM_INT) {
        snprintf(out, cap, "%" PRId64 "..%" PRId64, r->imin, r->imax);
    } else {
        char lo[40], hi[40];
        fmt_double(lo, sizeof lo, r->fmin, 0);
        fmt_double(hi, sizeof hi, r->fmax, 0);
        snprintf(out, cap, "%s..%s", lo, hi);
    }
}

/* What a row accepts, for messages: "an integer in 0..100 [persons]". */
static void describe_allowed(const struct param_def *r, char *out, size_t cap)
{
    char range[100], list[300];
    const char *u = r->units && *r->units ? r->units : NULL;
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        range_text(r, range, sizeof range);
        snprintf(out, cap, "%s in %s%s%s%s",
                 r->type == PARAM_INT ? "an integer" : "a number", range,
                 u ? " [" : "", u ? u : "", u ? "]" : "");
        break;
    case PARAM_BOOL:
        snprintf(out, cap, "true or false");
        break;
    case PARAM_ENUM:
        enum_list(r->choices, list, sizeof list);
        snprintf(out, cap, "one of: %s", list);
        break;
    case PARAM_STRING:
        snprintf(out, cap, "a string of at most %d bytes",
                 PARAM_STRING_MAX - 1);
        break;
    }
}

/* ------------------------------------------------------------------------
 * Table check. */

static int valid_component(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '*'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '-' || c == '_' || c == '*'))
            return 0;
    }
    /* libconfig's scanner reads these as booleans, never as names */
    if ((n == 4 && strncasecmp(s, "true", 4) == 0) ||
        (n == 5 && strncasecmp(s, "false", 5) == 0))
        return 0;
    return 1;
}

int config_check_table(const struct param_table *t, char *err, size_t errlen)
{
    if (!t || !t->rows || t->n == 0 || t->n > INT_MAX)
        return errf(err, errlen, "parameter table: no rows");
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        const char *k = r->key ? r->key : "(null)";
        size_t need = 0;
        if (!r->key || strlen(k) >= KEY_MAX)
            return errf(err, errlen, "parameter table row %zu: key '%s' "
                        "is missing or longer than %d bytes", i, k,
                        KEY_MAX - 1);
        for (const char *c = k;;) {
            const char *d = strchr(c, '.');
            size_t n = d ? (size_t)(d - c) : strlen(c);
            if (!valid_component(c, n))
                return errf(err, errlen, "parameter table row %zu: key '%s'"
                            " is not a dotted path of libconfig names", i, k);
            if (!d)
                break;
            c = d + 1;
        }
        if (strcmp(k, "base") == 0)
            return errf(err, errlen, "parameter table row %zu: 'base' is "
                        "reserved for scenario inheritance", i);
        if (!r->units || !r->desc || strchr(r->desc, '\n') ||
            strchr(r->units, '\n'))
            return errf(err, errlen, "parameter table row %zu ('%s'): units "
                        "and description must be one-line strings", i, k);
        switch (r->type) {
        case PARAM_INT:
            need = sizeof(int64_t);
            if (r->imin > r->imax || r->idef < r->imin || r->idef > r->imax)
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "default %" PRId64 " not in %" PRId64 "..%" PRId64,
                            i, k, r->idef, r->imin, r->imax);
            break;
        case PARAM_BOOL:
            need = sizeof(int);
            if (r->idef != 0 && r->idef != 1)
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "bool default must be 0 or 1", i, k);
            break;
        case PARAM_FLOAT:
            need = sizeof(double);
            if (!isfinite(r->fdef) || isnan(r->fmin) || isnan(r->fmax) ||
                r->fmin > r->fmax || r->fdef < r->fmin || r->fdef > r->fmax)
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "default %g not a finite value in %g..%g", i, k,
                            r->fdef, r->fmin, r->fmax);
            break;
        case PARAM_ENUM:
            need = sizeof(int);
            if (!r->choices || !*r->choices || strstr(r->choices, "||") ||
                r->choices[strlen(r->choices) - 1] == '|' ||
                r->choices[0] == '|')
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "choices must be \"a|b|...\" with no empty "
                            "choice", i, k);
            if (r->idef < 0 || r->idef >= enum_count(r->choices))
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "default index %" PRId64 " has no choice", i, k,
                            r->idef);
            break;
        case PARAM_STRING:
            need = PARAM_STRING_MAX;
            if (!r->sdef || strlen(r->sdef) >= PARAM_STRING_MAX)
                return errf(err, errlen, "parameter table row %zu ('%s'): "
                            "string default missing or longer than %d bytes",
                            i, k, PARAM_STRING_MAX - 1);
            break;
        default:
            return errf(err, errlen, "parameter table row %zu ('%s'): "
                        "unknown type %d", i, k, (int)r->type);
        }
        if (r->offset > t->struct_size || need > t->struct_size - r->offset)
            return errf(err, errlen, "parameter table row %zu ('%s'): field "
                        "lies outside the struct", i, k);
        for (size_t j = 0; j < i; j++) {
            const char *a = t->rows[j].key;
            size_t na = strlen(a), nk = strlen(k);
            if (strcmp(a, k) == 0)
                return errf(err, errlen, "parameter table: key '%s' appears "
                            "twice (rows %zu and %zu)", k, j, i);
            if ((na < nk && strncmp(a, k, na) == 0 && k[na] == '.') ||
                (nk < na && strncmp(a, k, nk) == 0 && a[nk] == '.'))
                return errf(err, errlen, "parameter table: '%s' and '%s' "
                            "make one key both a value and a group", a, k);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Defaults and "did you mean". */

void config_defaults(const struct param_table *t, void *obj)
{
    unsigned char *base = obj;
    /* zeroed first so that two structs with equal values compare equal
     * with memcmp, padding and string tails included */
    memset(obj, 0, t->struct_size);
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        unsigned char *p = base + r->offset;
        int b;
        switch (r->type) {
        case PARAM_INT:
            memcpy(p, &r->idef, sizeof r->idef);
            break;
        case PARAM_BOOL:
        case PARAM_ENUM:
            b = (int)r->idef;
            memcpy(p, &b, sizeof b);
            break;
        case PARAM_FLOAT:
            memcpy(p, &r->fdef, sizeof r->fdef);
            break;
        case PARAM_STRING:
            if (r->sdef)
                memcpy(p, r->sdef, strnlen(r->sdef, PARAM_STRING_MAX - 1));
            break;
        }
    }
}

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), so
 * that "migrnat" is one edit from "migrant". Inputs are shorter than
 * KEY_MAX. */
static int edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    int rows[3][KEY_MAX + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];
    if (na >= KEY_MAX || nb >= KEY_MAX)
        return INT_MAX / 2;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        int *tmp = pp;
        pp = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[nb];
}

/* Edits forgiven in a name of n bytes. */
static int threshold(size_t n)
{
    return n <= 2 ? 0 : n <= 5 ? 1 : n <= 10 ? 2 : 3;
}

static const char *last_component(const char *k)
{
    const char *d = strrchr(k, '.');
    return d ? d + 1 : k;
}

/* Index of the candidate closest to key, or -1. A candidate qualifies when
 * the whole key is within threshold, or its last component is (so
 * "migrant_share" at top level finds "population.migrant_share"); the
 * score is the smaller of the two, the last-component route one edit
 * dearer, ties going to the closer whole key, then to table order. */
static int nearest_among(const char *key, const char *const *cand, size_t n)
{
    const char *kl = last_component(key);
    int best = -1, bscore = INT_MAX, bfull = INT_MAX;
    int tf = threshold(strlen(key)), tl = threshold(strlen(kl));
    if (strlen(key) >= KEY_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int full = edit_distance(key, cand[i]);
        int last = edit_distance(kl, last_component(cand[i]));
        int ok = full <= tf || last <= tl;
        int score = full < last + 1 ? full : last + 1;
        if (ok && (score < bscore || (score == bscore && full < bfull))) {
            best = (int)i;
            bscore = score;
            bfull = full;
        }
    }
    return best;
}

const char *config_nearest(const struct param_table *t, const char *key)
{
    const char **cand;
    int i;
    if (!t || !key || t->n == 0)
        return NULL;
    cand = malloc(t->n * sizeof *cand);
    if (!cand)
        return NULL;
    for (size_t j = 0; j < t->n; j++)
        cand[j] = t->rows[j].key;
    i = nearest_among(key, cand, t->n);
    free(cand);
    return i < 0 ? NULL : t->rows[i].key;
}

/* The nearest group name ("population", "mechanisms.triage") to g, copied
 * into out; 0 when none is close or on OOM. */
static int nearest_group(const struct param_table *t, const char *g,
                         char *out, size_t cap)
{
    size_t n = 0, max = 0;
    char **cand = NULL;
    int found = 0, i;
    for (size_t r = 0; r < t->n; r++)
        for (const char *c = t->rows[r].key; *c; c++)
            max += *c == '.';
    if (max == 0)
        return 0;
    cand = calloc(max, sizeof *cand);
    if (!cand)
        return 0;
    for (size_t r = 0; r < t->n; r++) {
        const char *k = t->rows[r].key;
        for (const char *c = strchr(k, '.'); c; c = strchr(c + 1, '.')) {
            size_t len = (size_t)(c - k), j;
            for (j = 0; j < n; j++)
                if (strlen(cand[j]) == len && strncmp(cand[j], k, len) == 0)
                    break;
            if (j < n)
                continue;
            cand[n] = malloc(len + 1);
            if (!cand[n])
                goto done;
            memcpy(cand[n], k, len);
            cand[n++][len] = 0;
        }
    }
    i = nearest_among(g, (const char *const *)cand, n);
    if (i >= 0) {
        snprintf(out, cap, "%s", cand[i]);
        found = 1;
    }
done:
    for (size_t j = 0; j < n; j++)
        free(cand[j]);
    free(cand);
    return found;
}

const char *config_removed(const struct param_table *t, const char *key)
{
    for (size_t i = 0; i < t->n_removed; i++)
        if (!strcmp(key, t->removed[i].key))
            return t->removed[i].why;
    return NULL;
}

/* "<where>: unknown key 'k'; did you mean 'x'?", or why k was removed */
static int unknown_key(const struct param_table *t, const char *where,
                       const char *key, char *err, size_t errlen)
{
    const char *why = config_removed(t, key);
    if (why)
        return errf(err, errlen, "%s: key '%s' was removed: %s", where, key,
                    why);
    const char *near = config_nearest(t, key);
    if (near)
        return errf(err, errlen, "%s: unknown key '%s'; did you mean '%s'?",
                    where, key, near);
    return errf(err, errlen, "%s: unknown key '%s'", where, key);
}

/* ------------------------------------------------------------------------
 * Values: what a file or --set supplied, checked and stored by one
 * function so that both paths apply the same rules. */

enum vkind {
    V_NONE,     /* text that is not of the row's type (--set) */
    V_INT,      /* integer that fits int64: i, and f = its double value */
    V_OVERFLOW, /* integer literal beyond int64: f = its double value */
    V_FLOAT,    /* f */
    V_BOOL,     /* i = 0/1 */
    V_STRING    /* s */
};

struct value {
    enum vkind kind;
    int64_t i;
    double f;
    const char *s;
};

/* Parse an integer literal as libconfig writes it: optional sign, decimal
 * or 0x hex digits, optional L/LL suffix (lower case too when lax). Returns
 * V_INT, V_OVERFLOW or V_NONE. Decimal is always base 10: libconfig reads
 * 010 as ten. */
static enum vkind parse_int_literal(const char *s, int lax, int64_t *out,
                                    double *dout)
{
    char buf[32];
    const char *p = s;
    size_t nd = 0;
    int neg = 0, hex = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        hex = 1;
        p += 2;
    }
    while (hex ? isxdigit((unsigned char)p[nd]) : isdigit((unsigned char)p[nd]))
        nd++;
    if (nd == 0)
        return V_NONE;
    const char *suf = p + nd;
    if (!(suf[0] == 0 || (suf[0] == 'L' && !suf[1]) ||
          (suf[0] == 'L' && suf[1] == 'L' && !suf[2]) ||
          (lax && (suf[0] == 'l' || suf[0] == 'L') &&
           (!suf[1] || ((suf[1] == 'l' || suf[1] == 'L') && !suf[2])))))
        return V_NONE;
    /* strtod stops at the suffix; it reads hex too, and any length */
    *dout = strtod(s, NULL);
    while (nd > 1 && *p == '0') {
        p++;
        nd--;
    }
    if (nd > 24)    /* more digits than any 64-bit value has */
        return V_OVERFLOW;
    memcpy(buf, p, nd);
    buf[nd] = 0;
    errno = 0;
    unsigned long long u = strtoull(buf, NULL, hex ? 16 : 10);
    if (errno == ERANGE)
        return V_OVERFLOW;
    if (!neg) {
        if (u > (unsigned long long)INT64_MAX)
            return V_OVERFLOW;
        *out = (int64_t)u;
    } else {
        if (u > (unsigned long long)INT64_MAX + 1u)
            return V_OVERFLOW;
        *out = u == (unsigned long long)INT64_MAX + 1u ? INT64_MIN
                                                       : -(int64_t)u;
    }
    return V_INT;
}

/* Check v against row r and store it into obj. `what` opens the message:
 * "FILE:LINE: key 'k' = v" or "--set 'k=v'". */
static int store(const struct param_def *r, void *obj, const struct value *v,
                 const char *what, char *err, size_t errlen)
{
    unsigned char *p = (unsigned char *)obj + r->offset;
    char allowed[400];
    describe_allowed(r, allowed, sizeof allowed);
    switch (r->type) {
    case PARAM_INT: {
        int64_t x;
        if (v->kind == V_INT) {
            x = v->i;
        } else if (v->kind == V_OVERFLOW) {
            return errf(err, errlen, "%s: does not fit a 64-bit integer; "
                        "expected %s", what, allowed);
        } else if (v->kind == V_FLOAT && isfinite(v->f)) {
            if (v->f != floor(v->f))
                return errf(err, errlen, "%s: not a whole number; expected "
                            "%s", what, allowed);
            /* 2^53 itself may be 2^53 + 1 rounded: refused too */
            if (fabs(v->f) >= 9007199254740992.0)
                return errf(err, errlen, "%s: a float beyond 2^53 is not an "
                            "exact integer, write the digits; expected %s",
                            what, allowed);
            x = (int64_t)v->f;
        } else {
            return errf(err, errlen, "%s: expected %s", what, allowed);
        }
        if (x < r->imin || x > r->imax)
            return errf(err, errlen, "%s: out of range; expected %s", what,
                        allowed);
        memcpy(p, &x, sizeof x);
        return 0;
    }
    case PARAM_FLOAT: {
        double x;
        if (v->kind != V_INT && v->kind != V_OVERFLOW && v->kind != V_FLOAT)
            return errf(err, errlen, "%s: expected %s", what, allowed);
        x = v->f;
        if (!isfinite(x))
            return errf(err, errlen, "%s: not a finite number; expected %s",
                        what, allowed);
        if (x < r->fmin || x > r->fmax)
            return errf(err, errlen, "%s: out of range; expected %s", what,
                        allowed);
        memcpy(p, &x, sizeof x);
        return 0;
    }
    case PARAM_BOOL: {
        int b = v->i != 0;
        if (v->kind != V_BOOL)
            return errf(err, errlen, "%s: expected %s", what, allowed);
        memcpy(p, &b, sizeof b);
        return 0;
    }
    case PARAM_ENUM: {
        int k = v->kind == V_STRING ? enum_index(r->choices, v->s) : -1;
        if (k < 0)
            return errf(err, errlen, "%s: expected %s", what, allowed);
        memcpy(p, &k, sizeof k);
        return 0;
    }
    case PARAM_STRING: {
        size_t n;
        if (v->kind != V_STRING)
            return errf(err, errlen, "%s: expected %s", what, allowed);
        n = strlen(v->s);
        if (n >= PARAM_STRING_MAX)
            return errf(err, errlen, "%s: too long (%zu bytes); expected %s",
                        what, n, allowed);
        memset(p, 0, PARAM_STRING_MAX);
        memcpy(p, v->s, n);
        return 0;
    }
    }
    return errf(err, errlen, "%s: row has an unknown type", what);
}

static void set_origin(struct param_origin *origins, size_t row,
                       const char *file, int line)
{
    if (!origins)
        return;
    snprintf(origins[row].file, sizeof origins[row].file, "%s", file);
    origins[row].line = line;
}

/* ------------------------------------------------------------------------
 * --set key=value */

/* Unquote a --set string value in place: "..." with libconfig's escapes.
 * Returns 0, or -1 with a reason. */
static int unquote(char *s, const char **why)
{
    size_t n = strlen(s), o = 0;
    if (n == 0 || s[0] != '"')
        return 0;
    if (n < 2 || s[n - 1] != '"') {
        *why = "unterminated quoted string";
        return -1;
    }
    for (size_t i = 1; i < n - 1; i++) {
        char c = s[i];
        if (c == '"') {
            *why = "a '\"' inside a quoted string must be written \\\"";
            return -1;
        }
        if (c == '\\' && i + 1 < n - 1) {
            char d = s[++i];
            switch (d) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'f': c = '\f'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case 'x':
            case 'X':
                if (i + 2 < n - 1 && isxdigit((unsigned char)s[i + 1]) &&
                    isxdigit((unsigned char)s[i + 2])) {
                    char hx[3] = {s[i + 1], s[i + 2], 0};
                    c = (char)strtol(hx, NULL, 16);
                    i += 2;
                    if (c == 0) {
                        *why = "a string cannot hold a NUL byte";
                        return -1;
                    }
                    break;
                }
                c = '\\';    /* a lone backslash stays, as in libconfig */
                i--;
                break;
            default:
                c = '\\';
                i--;
                break;
            }
        }
        s[o++] = c;
    }
    s[o] = 0;
    return 0;
}

static char *trim(char *s)
{
    char *e;
    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int config_set(const struct param_table *t, void *obj, const char *assign,
               struct param_origin *origins, char *err, size_t errlen)
{
    char shown[SHOW_MAX * 4 + 16], what[SHOW_MAX * 4 + 32];
    char *copy = NULL, *key, *val, *end;
    const char *eq, *why = NULL;
    int idx, rc = -1;
    struct value v = {V_NONE, 0, 0, NULL};
    const struct param_def *r;

    if (!t || !obj || !assign)
        return errf(err, errlen, "--set: nothing to set");
    show_str(shown, sizeof shown, assign, 1);
    /* the message quotes the assignment with single quotes, as a shell
     * user typed it */
    shown[0] = '\'';
    shown[strlen(shown) - 1] = '\'';
    snprintf(what, sizeof what, "--set %s", shown);
    eq = strchr(assign, '=');
    if (!eq)
        return errf(err, errlen, "%s: missing '='; write --set key=value",
                    what);
    copy = malloc(strlen(assign) + 1);
    if (!copy)
        return errf(err, errlen, "%s: out of memory", what);
    strcpy(copy, assign);
    copy[eq - assign] = 0;
    key = trim(copy);
    val = trim(copy + (eq - assign) + 1);
    if (!*key) {
        rc = errf(err, errlen, "%s: missing key before '='", what);
        goto fail;
    }
    idx = find_index(t, key);
    if (idx < 0) {
        const char *m = strlen(key) < KEY_MAX ? group_member(t, key) : NULL;
        if (m)
            rc = errf(err, errlen, "%s: '%s' is a group of keys; set one of "
                      "them, e.g. %s=...", what, key, m);
        else
            rc = unknown_key(t, what, key, err, errlen);
        goto fail;
    }
    r = &t->rows[idx];
    switch (r->type) {
    case PARAM_INT:
        v.kind = parse_int_literal(val, 1, &v.i, &v.f);
        if (v.kind == V_NONE && *val) {
            /* 1e6 is an integer too, as in files */
            errno = 0;
            v.f = strtod(val, &end);
            if (!*end && isfinite(v.f))
                v.kind = V_FLOAT;
        }
        break;
    case PARAM_FLOAT:
        errno = 0;
        v.f = strtod(val, &end);
        v.kind = (*val && !*end) ? V_FLOAT : V_NONE;
        break;
    case PARAM_BOOL:
        v.kind = V_BOOL;
        if (!strcasecmp(val, "true") || !strcasecmp(val, "yes") ||
            !strcasecmp(val, "on") || !strcmp(val, "1"))
            v.i = 1;
        else if (!strcasecmp(val, "false") || !strcasecmp(val, "no") ||
                 !strcasecmp(val, "off") || !strcmp(val, "0"))
            v.i = 0;
        else {
            rc = errf(err, errlen, "%s: expected true or false (also yes/no,"
                      " on/off, 1/0)", what);
            goto fail;
        }
        break;
    case PARAM_ENUM:
    case PARAM_STRING:
        if (unquote(val, &why) != 0) {
            rc = errf(err, errlen, "%s: %s", what, why);
            goto fail;
        }
        v.kind = V_STRING;
        v.s = val;
        break;
    }
    if (store(r, obj, &v, what, err, errlen) != 0)
        goto fail;
    set_origin(origins, (size_t)idx, "--set", 0);
    rc = 0;
fail:
    free(copy);
    return rc;
}

/* ------------------------------------------------------------------------
 * Reading a file: bytes, text checks, and a scanner that finds, for each
 * setting, the literal the user wrote. libconfig 1.5 wraps integers beyond
 * 32 bits without a word, so the literal is the only way to know. */

static int read_all(const char *path, char **out, size_t *outlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int e = 0;
    if (!f)
        return -1;
    for (;;) {
        if (cap - n < 4096) {
            char *p;
            if (cap >= FILE_SIZE_MAX) {
                e = EFBIG;
                break;
            }
            cap = cap ? cap * 2 : 8192;
            p = realloc(buf, cap + 1);
            if (!p) {
                e = ENOMEM;
                break;
            }
            buf = p;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f))
                e = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (e) {
        free(buf);
        errno = e;
        return -1;
    }
    if (!buf && !(buf = malloc(1))) {
        errno = ENOMEM;
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *outlen = n;
    return 0;
}

/* UTF-8 text without NUL bytes or a byte-order mark. */
static int check_text(const char *path, const unsigned char *s, size_t n,
                      char *err, size_t errlen)
{
    size_t ls = 0;
    int line = 1;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return errf(err, errlen, "%s:1: starts with a UTF-8 byte-order mark, "
                    "which libconfig cannot read; save the file without it",
                    path);
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = 0;
        uint32_t cp = 0, min = 0;
        if (c == 0)
            return errf(err, errlen, "%s:%d: not a text file (NUL byte at "
                        "column %zu)", path, line, i - ls + 1);
        if (c < 0x80) {
            if (c == '\n') {
                line++;
                ls = i + 1;
            }
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1; cp = c & 0x1Fu; min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2; cp = c & 0x0Fu; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3; cp = c & 0x07u; min = 0x10000;
        } else {
            goto bad;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | (s[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += k + 1;
        continue;
    bad:
        return errf(err, errlen, "%s:%d: not valid UTF-8 text (byte 0x%02X "
                    "at column %zu); scenario files must be UTF-8", path,
                    line, c, i - ls + 1);
    }
    return 0;
}

/* A literal written after `name =` at dotted path key. */
struct lit {
    char *key, *text;
    int line;   /* line of the name, as config_setting_source_line gives */
};

struct scan {
    struct lit *v;
    size_t n, cap;
    int include_line;   /* first @include, 0 if none */
    int dotted_line;    /* first `a.b` written as a name, 0 if none */
    int oom;
};

static void scan_free(struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->v[i].key);
        free(sc->v[i].text);
    }
    free(sc->v);
    memset(sc, 0, sizeof *sc);
}

static size_t digits(const char *s, size_t i, size_t n, int hex)
{
    size_t j = i;
    while (j < n && (hex ? isxdigit((unsigned char)s[j])
                         : isdigit((unsigned char)s[j])))
        j++;
    return j - i;
}

/* Length of the longest number token at s[0..n), mirroring libconfig's
 * scanner (integer, integer64, hex, hex64, float); 0 if none. */
static size_t number_token(const char *s, size_t n)
{
    size_t best = 0, i = 0, d, j;
    /* hex: 0[xX][0-9a-fA-F]+ L? L? */
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        (d = digits(s, 2, n, 1)) > 0) {
        j = 2 + d;
        if (j < n && s[j] == 'L') {
            j++;
            if (j < n && s[j] == 'L')
                j++;
        }
        best = j;
    }
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    d = digits(s, i, n, 0);
    /* integer: [-+]?[0-9]+ L? L? */
    if (d > 0) {
        j = i + d;
        if (j < n && s[j] == 'L') {
            j++;
            if (j < n && s[j] == 'L')
                j++;
        }
        if (j > best)
            best = j;
    }
    /* float: [-+]?[0-9]*\.[0-9]*([eE][-+]?[0-9]+)?
     *      | [-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+ */
    j = i + d;
    int dot = j < n && s[j] == '.';
    if (dot)
        j += 1 + digits(s, j + 1, n, 0);
    if (dot || d > 0) {
        size_t e = j;
        if (e < n && (s[e] == 'e' || s[e] == 'E')) {
            e++;
            if (e < n && (s[e] == '+' || s[e] == '-'))
                e++;
            size_t de = digits(s, e, n, 0);
            if (de > 0) {
                e += de;
                if (e > best)
                    best = e;
            }
        }
        if (dot && j > best)
            best = j;
    }
    return best;
}

static int is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '*';
}

static int is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '*';
}

struct frame {
    const char *name;   /* NULL: a list, an array or an unnamed group */
    size_t len;
};

static void scan_record(struct scan *sc, const struct frame *st, int depth,
                        const char *name, size_t nlen, const char *text,
                        size_t tlen, int line)
{
    size_t klen = nlen;
    struct lit *l;
    for (int k = 0; k < depth; k++)
        klen += st[k].len + 1;
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 32;
        struct lit *v = realloc(sc->v, cap * sizeof *v);
        if (!v) {
            sc->oom = 1;
            return;
        }
        sc->v = v;
        sc->cap = cap;
    }
    l = &sc->v[sc->n];
    l->key = malloc(klen + 1);
    l->text = malloc(tlen + 1);
    if (!l->key || !l->text) {
        free(l->key);
        free(l->text);
        sc->oom = 1;
        return;
    }
    klen = 0;
    for (int k = 0; k < depth; k++) {
        memcpy(l->key + klen, st[k].name, st[k].len);
        klen += st[k].len;
        l->key[klen++] = '.';
    }
    memcpy(l->key + klen, name, nlen);
    l->key[klen + nlen] = 0;
    memcpy(l->text, text, tlen);
    l->text[tlen] = 0;
    l->line = line;
    sc->n++;
}

/* Walk the source as libconfig's scanner does (comments, strings, names,
 * numbers, punctuation), following named groups, and record every
 * `name = number` outside lists and arrays under its dotted path. Paths are
 * unique because libconfig rejects a duplicate name within a group. Never
 * fails on text libconfig would reject: libconfig reports that. */
static void scan_source(const char *s, size_t n, struct scan *sc)
{
    struct frame st[SCAN_DEPTH];
    int depth = 0, excess = 0, unnamed = 0;
    int line = 1, bol = 1, state = 0, pline = 0;
    const char *pname = NULL;
    size_t plen = 0, i = 0;

    while (i < n && !sc->oom) {
        char c = s[i];
        if (c == '\n') {
            line++;
            bol = 1;
            i++;
            continue;
        }
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        if (bol && c == '@' && n - i >= 8 && !strncmp(s + i, "@include", 8)) {
            if (!sc->include_line)
                sc->include_line = line;
            i += 8;
            bol = 0;
            continue;
        }
        bol = 0;
        if (c == '\r' || c == '\f') {
            i++;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            for (i += 2; i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/');
                 i++)
                line += s[i] == '\n';
            i += 2;
        } else if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 1 < n &&
                    (s[i + 1] == '"' || s[i + 1] == '\\'))
                    i++;
                else
                    line += s[i] == '\n';
            }
            i++;
            state = 0;
        } else if (c == '=' || c == ':') {
            state = state == 1 ? 2 : 0;
            i++;
        } else if (c == '{' || c == '(' || c == '[') {
            if (depth < SCAN_DEPTH) {
                st[depth].name = (c == '{' && state == 2) ? pname : NULL;
                st[depth].len = plen;
                unnamed += st[depth].name == NULL;
                depth++;
            } else {
                excess++;
            }
            state = 0;
            i++;
        } else if (c == '}' || c == ')' || c == ']') {
            if (excess)
                excess--;
            else if (depth)
                unnamed -= st[--depth].name == NULL;
            state = 0;
            i++;
        } else if (is_name_start(c)) {
            size_t j = i + 1;
            while (j < n && is_name_char(s[j]))
                j++;
            if (j + 1 < n && s[j] == '.' && is_name_start(s[j + 1]) &&
                !sc->dotted_line)
                sc->dotted_line = line;
            if (state == 2) {
                state = 0;  /* true/false: nothing to re-read */
            } else {
                pname = s + i;
                plen = j - i;
                pline = line;
                state = 1;
            }
            i = j;
        } else {
            size_t k = number_token(s + i, n - i);
            if (k && state == 2 && !unnamed && !excess)
                scan_record(sc, st, depth, pname, plen, s + i, k, pline);
            state = 0;
            i += k ? k : 1;
        }
    }
}

static const struct lit *scan_find(const struct scan *sc, const char *key)
{
    for (size_t i = 0; i < sc->n; i++)
        if (strcmp(sc->v[i].key, key) == 0)
            return &sc->v[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Loading files. */

struct loader {
    const struct param_table *t;
    void *obj;
    struct param_origin *origins;
    char *err;
    size_t errlen;
    int depth;
    char *real[BASE_DEPTH_MAX];         /* realpath of each file open */
    const char *shown[BASE_DEPTH_MAX];  /* the same path as messages show */
};

/* One open file: its path as shown and its literals. */
struct source {
    const char *path;
    const struct scan *sc;
};

/* The text a scalar setting was written as, for messages. */
static void show_setting(const config_setting_t *s, const struct lit *l,
                         char *out, size_t cap)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_STRING:
        show_str(out, cap, config_setting_get_string(s), 0);
        return;
    case CONFIG_TYPE_BOOL:
        snprintf(out, cap, "%s", config_setting_get_bool(s) ? "true" : "false");
        return;
    case CONFIG_TYPE_GROUP:
        snprintf(out, cap, "{ ... }");
        return;
    case CONFIG_TYPE_LIST:
        snprintf(out, cap, "( ... )");
        return;
    case CONFIG_TYPE_ARRAY:
        snprintf(out, cap, "[ ... ]");
        return;
    default:
        break;
    }
    if (l)
        snprintf(out, cap, "%s", l->text);
    else if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
        fmt_double(out, cap, config_setting_get_float(s), 1);
    else
        snprintf(out, cap, "%lld", config_setting_get_int64(s));
}

/* Store one scalar setting into row idx. */
static int apply_scalar(struct loader *L, const struct source *src,
                        const config_setting_t *s, const char *key, int idx)
{
    const struct param_def *r = &L->t->rows[idx];
    const struct lit *l = scan_find(src->sc, key);
    int line = (int)config_setting_source_line(s);
    struct value v = {V_NONE, 0, 0, NULL};
    char shown[SHOW_MAX * 4 + 8], what[KEY_MAX + SHOW_MAX * 4 + 300];

    show_setting(s, l, shown, sizeof shown);
    snprintf(what, sizeof what, "%s:%d: key '%s' = %s", src->path, line, key,
             shown);
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        if (r->type == PARAM_INT || r->type == PARAM_FLOAT) {
            /* the literal, not libconfig's possibly wrapped value */
            if (!l || l->line != line)
                return errf(L->err, L->errlen, "%s:%d: key '%s': cannot "
                            "find the integer literal in the source to check"
                            " it for overflow (a bug in sim/base/config.c)",
                            src->path, line, key);
            v.kind = parse_int_literal(l->text, 0, &v.i, &v.f);
            if (v.kind == V_NONE)
                return errf(L->err, L->errlen, "%s:%d: key '%s': cannot "
                            "read the integer literal '%s' (a bug in "
                            "sim/base/config.c)", src->path, line, key, l->text);
        } else {
            v.kind = V_INT;
        }
        break;
    case CONFIG_TYPE_FLOAT:
        v.kind = V_FLOAT;
        v.f = config_setting_get_float(s);
        break;
    case CONFIG_TYPE_BOOL:
        v.kind = V_BOOL;
        v.i = config_setting_get_bool(s);
        break;
    case CONFIG_TYPE_STRING:
        v.kind = V_STRING;
        v.s = config_setting_get_string(s);
        break;
    default:
        break;
    }
    if (store(r, L->obj, &v, what, L->err, L->errlen) != 0)
        return -1;
    set_origin(L->origins, (size_t)idx, src->path, line);
    return 0;
}

/* Apply every setting of group g (the root when prefix is NULL). */
static int apply_group(struct loader *L, const struct source *src,
                       const config_setting_t *g, const char *prefix)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(s);
        int line = (int)config_setting_source_line(s), type, idx;
        char key[KEY_MAX], where[KEY_MAX + 300], shown[SHOW_MAX * 4 + 8];
        char allowed[400], near[KEY_MAX];
        const char *member;

        if (!name)
            continue;
        if (!prefix && strcmp(name, "base") == 0)
            continue;   /* applied before this file, by load_file */
        if (!prefix && strcmp(name, "changes") == 0 && L->depth == 1) {
            /* the change schedule: engine/changes.c reads it again from
             * the file, which a pipe or FIFO cannot give twice */
            struct stat st;
            if (stat(src->path, &st) != 0 || !S_ISREG(st.st_mode))
                return errf(L->err, L->errlen, "%s:%d: key 'changes': a "
                            "change schedule needs the scenario in a "
                            "regular file (not a pipe or FIFO)",
                            src->path, line);
            continue;
        }
        if (snprintf(key, sizeof key, "%s%s%s", prefix ? prefix : "",
                     prefix ? "." : "", name) >= (int)sizeof key)
            return errf(L->err, L->errlen, "%s:%d: unknown key '%s...' "
                        "(longer than any key)", src->path, line, key);
        snprintf(where, sizeof where, "%s:%d", src->path, line);
        type = config_setting_type(s);
        idx = find_index(L->t, key);
        member = idx < 0 ? group_member(L->t, key) : NULL;
        if (idx >= 0 && type != CONFIG_TYPE_GROUP &&
            type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
            if (apply_scalar(L, src, s, key, idx) != 0)
                return -1;
            continue;
        }
        show_setting(s, scan_find(src->sc, key), shown, sizeof shown);
        if (idx >= 0) {
            describe_allowed(&L->t->rows[idx], allowed, sizeof allowed);
            return errf(L->err, L->errlen, "%s: key '%s' = %s: expected %s,"
                        " not %s", where, key, shown, allowed,
                        type == CONFIG_TYPE_GROUP ? "a group"
                        : type == CONFIG_TYPE_LIST ? "a list" : "an array");
        }
        if (type == CONFIG_TYPE_GROUP &&
            (member || config_setting_length(s) > 0)) {
            /* known group, or unknown: its first key will say which */
            if (apply_group(L, src, s, key) != 0)
                return -1;
            continue;
        }
        if (member) {
            /* the hint shows the next level only: a name, or a group */
            const char *sub = member + strlen(key) + 1;
            const char *dot = strchr(sub, '.');
            return errf(L->err, L->errlen, "%s: key '%s' = %s: '%s' is a "
                        "group of keys, not a value; write %s = { %.*s = %s; "
                        "};", where, key, shown, key, name,
                        (int)(dot ? (size_t)(dot - sub) : strlen(sub)), sub,
                        dot ? "{ ... }" : "...");
        }
        if (type == CONFIG_TYPE_GROUP) {
            if (nearest_group(L->t, key, near, sizeof near))
                return errf(L->err, L->errlen, "%s: unknown group '%s'; did "
                            "you mean '%s'?", where, key, near);
            return errf(L->err, L->errlen, "%s: unknown group '%s'", where,
                        key);
        }
        if (strcmp(name, "base") == 0)
            return errf(L->err, L->errlen, "%s: unknown key '%s': 'base' "
                        "only names a base file at the top level of a file",
                        where, key);
        return unknown_key(L->t, where, key, L->err, L->errlen);
    }
    return 0;
}

/* The installed scenario library (Makefile: PREFIX/share/cogov/scenarios);
 * the last place a relative base name is looked for. */
#ifndef COGOV_SCENARIO_DIR
#define COGOV_SCENARIO_DIR ""
#endif

/* dir + name in a new string (dir may lack its trailing '/'). */
static char *join(const char *dir, size_t d, const char *name)
{
    char *p = malloc(d + strlen(name) + 2);
    if (p)
        sprintf(p, "%.*s%s%s", (int)d, dir,
                d && dir[d - 1] != '/' ? "/" : "", name);
    return p;
}

/* The base file `name` named in `from`: an absolute name as it is; else
 * the first that exists of from's directory, each directory of COGOV_PATH
 * (':'-separated), the installed library. NULL when none exists (or out of
 * memory); the places looked at are then listed in *tried. */
static char *resolve(const char *from, const char *name, struct sbuf *tried)
{
    const char *slash = strrchr(from, '/');
    if (name[0] == '/')
        return join("", 0, name);
    const char *env = getenv("COGOV_PATH");
    const char *dirs[3] = {from, env ? env : "", COGOV_SCENARIO_DIR};
    for (int k = 0; k < 3; k++) {
        const char *d = dirs[k];
        do {
            const char *end = k == 0 ? (slash ? slash : d)
                                     : d + strcspn(d, ":");
            if (k == 0 || end > d) {
                char *p = join(d, (size_t)(end - d), name);
                if (!p || access(p, F_OK) == 0)
                    return p;
                sb_printf(tried, "%s%s", tried->len ? ", " : "", p);
                free(p);
            }
            d = *end == ':' ? end + 1 : end;
        } while (k > 0 && *d);
    }
    return NULL;
}

/* Load `path` into L->obj: its base chain first, then its own settings.
 * from/from_line/base_name describe the `base` line that named it (NULL
 * for the file given by the user). */
static int load_file(struct loader *L, const char *path, const char *from,
                     int from_line, const char *base_name)
{
    char *real = NULL, *text = NULL, *basepath = NULL;
    size_t len = 0;
    struct scan sc = {0};
    struct source src = {path, &sc};
    config_t cf;
    int cf_open = 0, pushed = 0, rc = -1;
    const config_setting_t *root, *base;

    if (L->depth >= BASE_DEPTH_MAX) {
        rc = errf(L->err, L->errlen, "%s:%d: base chain longer than %d "
                  "files", from, from_line, BASE_DEPTH_MAX);
        goto fail;
    }
    /* read once (a pipe or /dev/stdin has no second reading); a path
     * that resolves to no name (a pipe) stands for itself in the chain */
    if (read_all(path, &text, &len) == 0 && !(real = realpath(path, NULL)))
        real = strdup(path);
    if (!real) {
        int e = errno ? errno : ENOMEM;
        if (from)
            rc = errf(L->err, L->errlen, "%s:%d: base file '%s' (%s) cannot "
                      "be read: %s", from, from_line, base_name, path,
                      strerror(e));
        else
            rc = errf(L->err, L->errlen, "%s: cannot read the scenario: %s",
                      path, strerror(e));
        goto fail;
    }
    for (int k = 0; k < L->depth; k++) {
        if (strcmp(L->real[k], real) == 0) {
            struct sbuf chain = {0};
            for (int j = k; j < L->depth; j++) {
                sb_puts(&chain, L->shown[j]);
                sb_puts(&chain, " -> ");
            }
            sb_puts(&chain, path);
            rc = errf(L->err, L->errlen, "%s:%d: base cycle: %s", from,
                      from_line, chain.oom ? "(out of memory)" : chain.p);
            free(chain.p);
            goto fail;
        }
    }
    /* the chain owns real until this file is done (freed at fail:) */
    L->real[L->depth] = real;
    L->shown[L->depth] = path;
    L->depth++;
    real = NULL;
    pushed = 1;

    if (check_text(path, (const unsigned char *)text, len, L->err,
                   L->errlen) != 0)
        goto fail;
    scan_source(text, len, &sc);
    if (sc.oom) {
        rc = errf(L->err, L->errlen, "%s: out of memory", path);
        goto fail;
    }
    if (sc.include_line) {
        rc = errf(L->err, L->errlen, "%s:%d: @include is not supported in "
                  "scenarios; write base = \"other.cfg\"; instead (its values"
                  " load first, then this file's override them)", path,
                  sc.include_line);
        goto fail;
    }
    config_init(&cf);
    cf_open = 1;
    if (!config_read_string(&cf, text)) {
        if (config_error_type(&cf) == CONFIG_ERR_FILE_IO) {
            rc = errf(L->err, L->errlen, "%s: cannot read the scenario: %s",
                      path, config_error_text(&cf));
        } else {
            int el = config_error_line(&cf);
            rc = errf(L->err, L->errlen, "%s:%d: %s%s", path, el,
                      config_error_text(&cf),
                      sc.dotted_line == el
                          ? " (names cannot contain '.'; write "
                            "group = { key = value; };)" : "");
        }
        goto fail;
    }
    root = config_root_setting(&cf);
    if (config_setting_length(root) == 0) {
        rc = errf(L->err, L->errlen, "%s: no settings; a scenario holds "
                  "overrides, e.g. base = \"base.cfg\";", path);
        goto fail;
    }
    base = config_setting_get_member(root, "base");
    if (base) {
        int bl = (int)config_setting_source_line(base);
        const char *b = config_setting_type(base) == CONFIG_TYPE_STRING
                            ? config_setting_get_string(base) : NULL;
        if (!b || !*b) {
            rc = errf(L->err, L->errlen, "%s:%d: key 'base' must be a "
                      "string naming another scenario file, e.g. base = "
                      "\"base.cfg\";", path, bl);
            goto fail;
        }
        struct sbuf tried = {0};
        basepath = resolve(path, b, &tried);
        if (!basepath) {
            rc = tried.len && !tried.oom
                     ? errf(L->err, L->errlen, "%s:%d: base file '%s' not "
                            "found; looked for %s (COGOV_PATH adds folders)",
                            path, bl, b, tried.p)
                     : errf(L->err, L->errlen, "%s: out of memory", path);
            free(tried.p);
            goto fail;
        }
        free(tried.p);
        if (load_file(L, basepath, path, bl, b) != 0)
            goto fail;
    }
    if (apply_group(L, &src, root, NULL) != 0)
        goto fail;
    rc = 0;
fail:
    if (pushed) {
        L->depth--;
        free(L->real[L->depth]);
    }
    if (cf_open)
        config_destroy(&cf);
    free(basepath);
    free(real);
    free(text);
    scan_free(&sc);
    return rc;
}

int config_load(const struct param_table *t, void *obj, const char *path,
                const char *const *sets, int nsets,
                struct param_origin *origins, char *err, size_t errlen)
{
    struct loader L;
    void *work = NULL;
    struct param_origin *orig = NULL;
    int rc = -1;

    if (err && errlen)
        err[0] = 0;
    if (!obj)
        return errf(err, errlen, "config_load: no struct to fill");
    if (config_check_table(t, err, errlen) != 0)
        return -1;
    /* work on copies so that a failed load leaves the caller's values */
    work = malloc(t->struct_size);
    if (origins)
        orig = malloc(t->n * sizeof *orig);
    if (!work || (origins && !orig)) {
        rc = errf(err, errlen, "config_load: out of memory");
        goto fail;
    }
    memcpy(work, obj, t->struct_size);
    if (origins)
        memcpy(orig, origins, t->n * sizeof *orig);
    memset(&L, 0, sizeof L);
    L.t = t;
    L.obj = work;
    L.origins = orig;
    L.err = err;
    L.errlen = errlen;
    if (path && load_file(&L, path, NULL, 0, NULL) != 0)
        goto fail;
    for (int i = 0; i < nsets; i++)
        if (config_set(t, work, sets[i], orig, err, errlen) != 0)
            goto fail;
    memcpy(obj, work, t->struct_size);
    if (origins)
        memcpy(origins, orig, t->n * sizeof *orig);
    rc = 0;
fail:
    free(work);
    free(orig);
    return rc;
}

/* ------------------------------------------------------------------------
 * Writing: libconfig text with nested groups, and Markdown. */

/* A tree of the table's dotted keys: children in order of first
 * appearance, so that interleaved prefixes still come out grouped. */
struct tnode {
    const char *name;
    size_t len;
    int row;                    /* -1 for a group */
    int child, last, next;      /* -1 for none */
};

static struct tnode *build_tree(const struct param_table *t)
{
    size_t max = 1, used = 1;
    struct tnode *nd;
    for (size_t i = 0; i < t->n; i++)
        for (const char *c = t->rows[i].key; *c; c++)
            max += *c == '.';
    max += t->n;
    nd = malloc(max * sizeof *nd);
    if (!nd)
        return NULL;
    nd[0] = (struct tnode){"", 0, -1, -1, -1, -1};
    for (size_t i = 0; i < t->n; i++) {
        const char *c = t->rows[i].key;
        int cur = 0;
        for (;;) {
            const char *d = strchr(c, '.');
            size_t len = d ? (size_t)(d - c) : strlen(c);
            int ch;
            for (ch = nd[cur].child; ch >= 0; ch = nd[ch].next)
                if (nd[ch].len == len && strncmp(nd[ch].name, c, len) == 0)
                    break;
            if (ch < 0) {
                ch = (int)used++;
                nd[ch] = (struct tnode){c, len, -1, -1, -1, -1};
                if (nd[cur].last >= 0)
                    nd[nd[cur].last].next = ch;
                else
                    nd[cur].child = ch;
                nd[cur].last = ch;
            }
            cur = ch;
            if (!d) {
                nd[cur].row = (int)i;
                break;
            }
            c = d + 1;
        }
    }
    return nd;
}

/* The value of row r in obj as libconfig text; -1 when not expressible. */
static int put_value(struct sbuf *b, const struct param_def *r,
                     const void *obj)
{
    const unsigned char *p = (const unsigned char *)obj + r->offset;
    char num[64];
    int64_t i;
    double f;
    int k;
    const char *s;
    size_t n;
    switch (r->type) {
    case PARAM_INT:
        memcpy(&i, p, sizeof i);
        /* libconfig 1.5 wraps an integer beyond 32 bits without L */
        sb_printf(b, "%" PRId64 "%s", i,
                  (i < INT32_MIN || i > INT32_MAX) ? "L" : "");
        return 0;
    case PARAM_FLOAT:
        memcpy(&f, p, sizeof f);
        if (!isfinite(f))
            return -1;
        fmt_double(num, sizeof num, f, 1);
        sb_puts(b, num);
        return 0;
    case PARAM_BOOL:
        memcpy(&k, p, sizeof k);
        sb_puts(b, k ? "true" : "false");
        return 0;
    case PARAM_ENUM:
        memcpy(&k, p, sizeof k);
        if (!enum_name(r->choices, k, &s, &n))
            return -1;
        sb_quote(b, s, n);
        return 0;
    case PARAM_STRING:
        n = strnlen((const char *)p, PARAM_STRING_MAX);
        if (n == PARAM_STRING_MAX)
            return -1;
        sb_quote(b, (const char *)p, n);
        return 0;
    }
    return -1;
}

/* "# description [units] (range lo..hi)" */
static void put_comment(struct sbuf *b, const struct param_def *r, int indent)
{
    char extra[400];
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        range_text(r, extra + 7, sizeof extra - 8);
        memcpy(extra, "(range ", 7);
        strcat(extra, ")");
        break;
    case PARAM_BOOL:
        snprintf(extra, sizeof extra, "(true or false)");
        break;
    case PARAM_ENUM:
        memcpy(extra, "(one of: ", 9);
        enum_list(r->choices, extra + 9, sizeof extra - 10);
        strcat(extra, ")");
        break;
    case PARAM_STRING:
        snprintf(extra, sizeof extra, "(string, at most %d bytes)",
                 PARAM_STRING_MAX - 1);
        break;
    }
    sb_printf(b, "%*s# %s%s%s%s %s\n", indent, "", r->desc,
              *r->units ? " [" : "", r->units, *r->units ? "]" : "", extra);
}

static int put_node(struct sbuf *b, const struct param_table *t,
                    const void *obj, const struct tnode *nd, int node,
                    int indent, int comments)
{
    for (int ch = nd[node].child; ch >= 0; ch = nd[ch].next) {
        const struct tnode *c = &nd[ch];
        if (comments && ch != nd[node].child)
            sb_puts(b, "\n");
        if (c->row >= 0) {
            if (comments)
                put_comment(b, &t->rows[c->row], indent);
            sb_printf(b, "%*s%.*s = ", indent, "", (int)c->len, c->name);
            if (put_value(b, &t->rows[c->row], obj) != 0)
                return -1;
            sb_puts(b, ";\n");
        } else {
            sb_printf(b, "%*s%.*s = {\n", indent, "", (int)c->len, c->name);
            if (put_node(b, t, obj, nd, ch, indent + 2, comments) != 0)
                return -1;
            sb_printf(b, "%*s};\n", indent, "");
        }
    }
    return 0;
}

char *config_to_string(const struct param_table *t, const void *obj,
                       int with_comments)
{
    struct sbuf b = {0};
    struct tnode *nd = NULL;
    if (!obj || config_check_table(t, NULL, 0) != 0)
        return NULL;
    nd = build_tree(t);
    if (!nd)
        return NULL;
    if (put_node(&b, t, obj, nd, 0, 0, with_comments) != 0 || b.oom) {
        free(b.p);
        b.p = NULL;
    }
    free(nd);
    return b.p;
}

int config_print(const struct param_table *t, const void *obj, FILE *f,
                 int with_comments)
{
    char *s = config_to_string(t, obj, with_comments);
    int rc = 0;
    if (!s)
        return -1;
    if (fputs(s, f) == EOF)
        rc = -1;
    free(s);
    return rc;
}

/* A Markdown table cell: '|' escaped, no line breaks. */
static void md_cell(struct sbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            sb_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            sb_puts(b, " ");
        else
            sb_putn(b, s, 1);
    }
}

int config_print_markdown(const struct param_table *t, FILE *f)
{
    struct sbuf b = {0};
    char buf[400];
    int rc = -1;
    if (config_check_table(t, NULL, 0) != 0)
        return -1;
    sb_puts(&b, "| key | type | default | range | units | description |\n"
                "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        const char *s = "";
        size_t n = 0;
        sb_printf(&b, "| `%s` | %s | ", r->key, type_name(r->type));
        switch (r->type) {
        case PARAM_INT:
            sb_printf(&b, "%" PRId64, r->idef);
            break;
        case PARAM_FLOAT:
            fmt_double(buf, sizeof buf, r->fdef, 0);
            sb_puts(&b, buf);
            break;
        case PARAM_BOOL:
            sb_puts(&b, r->idef ? "true" : "false");
            break;
        case PARAM_ENUM:
            enum_name(r->choices, r->idef, &s, &n);
            snprintf(buf, sizeof buf, "%.*s", (int)n, s);
            md_cell(&b, buf);
            break;
        case PARAM_STRING:
            show_str(buf, sizeof buf, r->sdef, 0);
            md_cell(&b, buf);
            break;
        }
        sb_puts(&b, " | ");
        switch (r->type) {
        case PARAM_INT:
        case PARAM_FLOAT:
            range_text(r, buf, sizeof buf);
            sb_puts(&b, buf);
            break;
        case PARAM_BOOL:
            sb_puts(&b, "true, false");
            break;
        case PARAM_ENUM:
            enum_list(r->choices, buf, sizeof buf);
            sb_puts(&b, "one of: ");
            md_cell(&b, buf);
            break;
        case PARAM_STRING:
            sb_printf(&b, "at most %d bytes", PARAM_STRING_MAX - 1);
            break;
        }
        sb_puts(&b, " | ");
        md_cell(&b, r->units);
        sb_puts(&b, " | ");
        md_cell(&b, r->desc);
        sb_puts(&b, " |\n");
    }
    if (!b.oom && fputs(b.p, f) != EOF)
        rc = 0;
    free(b.p);
    return rc;
}

/* ------------------------------------------------------------------------
 * Exports for other readers of parameter values (the sweep planner), so a
 * value is stored, an enum looked up and an integer literal re-read one
 * way only. */

int config_enum_index(const char *choices, const char *v)
{
    return enum_index(choices, v);
}

int config_enum_count(const char *choices)
{
    return enum_count(choices);
}

int config_store_number(const struct param_def *r, void *obj, double v,
                        char *why, size_t whylen)
{
    struct value val = {V_FLOAT, 0, v, NULL};
    char allowed[400], err[CONFIG_ERR_MAX], name[PARAM_STRING_MAX];
    const char *s;
    size_t n;
    describe_allowed(r, allowed, sizeof allowed);
    switch (r->type) {
    case PARAM_FLOAT:
    case PARAM_INT:
        break;
    case PARAM_BOOL:
        if (v != 0 && v != 1)
            return errf(why, whylen, "must be %s", allowed);
        val.kind = V_BOOL;
        val.i = (int64_t)v;
        break;
    case PARAM_ENUM:
        if (v != floor(v) || !enum_name(r->choices, (int64_t)v, &s, &n) ||
            n >= sizeof name)
            return errf(why, whylen, "must be %s", allowed);
        memcpy(name, s, n);
        name[n] = 0;
        val.kind = V_STRING;
        val.s = name;
        break;
    case PARAM_STRING:
        return errf(why, whylen, "is a string and cannot be varied");
    }
    if (store(r, obj, &val, "", err, sizeof err))
        return errf(why, whylen, "must be %s", allowed);
    return 0;
}

int config_int_literal(const char *text, const char *key, int64_t *v)
{
    struct scan sc = {0};
    double d;
    int rc = 0;
    scan_source(text, strlen(text), &sc);
    const struct lit *l = sc.oom ? NULL : scan_find(&sc, key);
    if (l) {
        enum vkind k = parse_int_literal(l->text, 0, v, &d);
        rc = k == V_INT ? 1 : k == V_OVERFLOW ? -1 : 0;
    }
    scan_free(&sc);
    return rc;
}
