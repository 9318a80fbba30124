/* Checking a parameter table, its defaults, and "did you mean" for an
 * unknown key or group (base/config_impl.h). */
#include "base/config_impl.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

unsigned config_row_owner(const struct param_def *r)
{
    return r->flags >> PARAM_OWNER_SHIFT;
}

/* The BOOL row of switch i, or NULL. */
static const struct param_def *switch_row(const struct param_table *t,
                                          size_t i)
{
    const struct param_def *r = config_find(t, t->switches[i]);
    return r && r->type == PARAM_BOOL ? r : NULL;
}

/* Depth-limited: the table check refuses a switch that owns itself
 * through others, so depth never runs out on a checked table. */
static int active(const struct param_table *t, const void *obj,
                  const struct param_def *r, size_t depth)
{
    unsigned owner = config_row_owner(r);
    if (!owner)
        return 1;
    if (depth > t->n_switches)
        return 1;   /* a cycle (refused by the check): assume read */
    for (size_t i = 0; i < t->n_switches; i++) {
        const struct param_def *s;
        int on;
        if (!(owner >> i & 1u) || !(s = switch_row(t, i)))
            continue;
        memcpy(&on, (const char *)obj + s->offset, sizeof on);
        if (on && active(t, obj, s, depth + 1))
            return 1;
    }
    return 0;
}

int config_row_active(const struct param_table *t, const void *obj,
                      const struct param_def *r)
{
    return active(t, obj, r, 0);
}

/* The switches name BOOL rows, and no switch owns itself, directly or
 * through the switches that own it. */
static int check_switches(const struct param_table *t, char *err,
                          size_t errlen)
{
    if (t->n_switches > PARAM_MAX_SWITCHES ||
        (t->n_switches && !t->switches))
        return cfg_errf(err, errlen, "parameter table: %zu switches; at "
                        "most %d, with their keys", t->n_switches,
                        PARAM_MAX_SWITCHES);
    for (size_t i = 0; i < t->n_switches; i++)
        if (!t->switches[i] || !switch_row(t, i))
            return cfg_errf(err, errlen, "parameter table: switch %zu ('%s') "
                            "is not a bool row of the table", i,
                            t->switches[i] ? t->switches[i] : "(null)");
    for (size_t i = 0; i < t->n_switches; i++) {
        /* the switches reachable from i through owners, until fixed */
        unsigned seen = config_row_owner(switch_row(t, i)), prev = 0;
        while (seen != prev) {
            prev = seen;
            for (size_t j = 0; j < t->n_switches; j++)
                if (prev >> j & 1u)
                    seen |= config_row_owner(switch_row(t, j));
        }
        if (seen >> i & 1u)
            return cfg_errf(err, errlen, "parameter table: switch '%s' owns "
                            "itself", t->switches[i]);
    }
    return 0;
}

/* A key of the table and its row. */
struct key_row {
    const char *key;
    size_t row;
};

/* Keys in an order where '.' comes before every character of a name, so
 * that a key is followed at once by the keys of its group ("a", "a.b",
 * "a.c", "a-b"); the same key by row. */
static int key_order(const void *x, const void *y)
{
    const struct key_row *p = x, *q = y;
    const unsigned char *a = (const unsigned char *)p->key,
                        *b = (const unsigned char *)q->key;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    int ca = *a == '.' ? 1 : *a ? *a + 1 : 0,
        cb = *b == '.' ? 1 : *b ? *b + 1 : 0;
    if (ca != cb)
        return ca - cb;
    return (p->row > q->row) - (p->row < q->row);
}

/* No key twice, and none both a value and a group: neighbours once the
 * keys are sorted (a check of every pair cost a sweep task of a small
 * world 6% of its instructions, docs/PERFORMANCE.md). */
static int check_keys(const struct param_table *t, char *err, size_t errlen)
{
    struct key_row *kr = malloc(t->n * sizeof *kr);
    int rc = 0;
    if (!kr)
        return cfg_errf(err, errlen, "parameter table: out of memory");
    for (size_t i = 0; i < t->n; i++)
        kr[i] = (struct key_row){t->rows[i].key, i};
    qsort(kr, t->n, sizeof *kr, key_order);
    for (size_t i = 1; i < t->n && !rc; i++) {
        const struct key_row *p = &kr[i - 1], *q = &kr[i];
        size_t np = strlen(p->key);
        if (strcmp(p->key, q->key) == 0)
            rc = cfg_errf(err, errlen, "parameter table: key '%s' appears "
                          "twice (rows %zu and %zu)", q->key, p->row,
                          q->row);
        else if (strncmp(p->key, q->key, np) == 0 && q->key[np] == '.')
            rc = cfg_errf(err, errlen, "parameter table: '%s' and '%s' make "
                          "one key both a value and a group",
                          p->row < q->row ? p->key : q->key,
                          p->row < q->row ? q->key : p->key);
    }
    free(kr);
    return rc;
}

int config_check_table(const struct param_table *t, char *err, size_t errlen)
{
    if (!t || !t->rows || t->n == 0 || t->n > INT_MAX)
        return cfg_errf(err, errlen, "parameter table: no rows");
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        const char *k = r->key ? r->key : "(null)";
        size_t need = 0;
        if (!r->key || strlen(k) >= KEY_MAX)
            return cfg_errf(err, errlen, "parameter table row %zu: key '%s' "
                            "is missing or longer than %d bytes", i, k,
                            KEY_MAX - 1);
        for (const char *c = k;;) {
            const char *d = strchr(c, '.');
            size_t n = d ? (size_t)(d - c) : strlen(c);
            if (!valid_component(c, n))
                return cfg_errf(err, errlen,
                                "parameter table row %zu: key '%s'"
                                " is not a dotted path of libconfig names",
                                i, k);
            if (!d)
                break;
            c = d + 1;
        }
        if (strcmp(k, "base") == 0)
            return cfg_errf(err, errlen, "parameter table row %zu: 'base' is "
                            "reserved for scenario inheritance", i);
        if (!r->units || !r->desc || strchr(r->desc, '\n') ||
            strchr(r->units, '\n'))
            return cfg_errf(err, errlen,
                            "parameter table row %zu ('%s'): units "
                            "and description must be one-line strings",
                            i, k);
        switch (r->type) {
        case PARAM_INT:
            need = sizeof(int64_t);
            if (r->imin > r->imax || r->idef < r->imin || r->idef > r->imax)
                return cfg_errf(err, errlen,
                                "parameter table row %zu ('%s'): "
                                "default %" PRId64 " not in %" PRId64
                                "..%" PRId64,
                                i, k, r->idef, r->imin, r->imax);
            break;
        case PARAM_BOOL:
            need = sizeof(int);
            if (r->idef != 0 && r->idef != 1)
                return cfg_errf(err, errlen, "parameter table row %zu ('%s'): "
                                "bool default must be 0 or 1", i, k);
            break;
        case PARAM_FLOAT:
            need = sizeof(double);
            if (!isfinite(r->fdef) || isnan(r->fmin) || isnan(r->fmax) ||
                r->fmin > r->fmax || r->fdef < r->fmin || r->fdef > r->fmax)
                return cfg_errf(err, errlen,
                                "parameter table row %zu ('%s'): "
                                "default %g not a finite value in %g..%g",
                                i, k, r->fdef, r->fmin, r->fmax);
            break;
        case PARAM_ENUM:
            need = sizeof(int);
            if (!r->choices || !*r->choices || strstr(r->choices, "||") ||
                r->choices[strlen(r->choices) - 1] == '|' ||
                r->choices[0] == '|')
                return cfg_errf(err, errlen, "parameter table row %zu ('%s'): "
                                "choices must be \"a|b|...\" with no empty "
                                "choice", i, k);
            if (r->idef < 0 || r->idef >= cfg_enum_count(r->choices))
                return cfg_errf(err, errlen,
                                "parameter table row %zu ('%s'): "
                                "default index %" PRId64 " has no choice",
                                i, k, r->idef);
            break;
        case PARAM_STRING:
            need = PARAM_STRING_MAX;
            if (!r->sdef || strlen(r->sdef) >= PARAM_STRING_MAX)
                return cfg_errf(
                    err, errlen,
                    "parameter table row %zu ('%s'): "
                    "string default missing or longer than %d bytes",
                    i, k, PARAM_STRING_MAX - 1);
            break;
        default:
            return cfg_errf(err, errlen, "parameter table row %zu ('%s'): "
                            "unknown type %d", i, k, (int)r->type);
        }
        unsigned kind = r->flags & ((1u << PARAM_OWNER_SHIFT) - 1);
        unsigned owner = config_row_owner(r);
        if ((kind & ~(PARAM_FIXED_AFTER_DAY0 | PARAM_PASSIVE)) ||
            kind == (PARAM_FIXED_AFTER_DAY0 | PARAM_PASSIVE))
            return cfg_errf(err, errlen, "parameter table row %zu ('%s'): "
                            "flags %#x; a row is fixed after day 0, passive "
                            "or neither", i, k, r->flags);
        if (owner && ((owner >> t->n_switches) || (kind & PARAM_PASSIVE)))
            return cfg_errf(err, errlen, "parameter table row %zu ('%s'): "
                            "owner %#x; owners are among the table's %zu "
                            "switches, and a passive row has none", i, k,
                            owner, t->n_switches);
        if (r->offset > t->struct_size || need > t->struct_size - r->offset)
            return cfg_errf(err, errlen,
                            "parameter table row %zu ('%s'): field "
                            "lies outside the struct",
                            i, k);
    }
    if (check_keys(t, err, errlen))
        return -1;
    return check_switches(t, err, errlen);
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
int cfg_nearest_group(const struct param_table *t, const char *g,
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
int cfg_unknown_key(const struct param_table *t, const char *where,
                    const char *key, char *err, size_t errlen)
{
    const char *why = config_removed(t, key);
    if (why)
        return cfg_errf(err, errlen, "%s: key '%s' was removed: %s", where,
                        key, why);
    const char *near = config_nearest(t, key);
    if (near)
        return cfg_errf(err, errlen,
                        "%s: unknown key '%s'; did you mean '%s'?", where, key,
                        near);
    return cfg_errf(err, errlen, "%s: unknown key '%s'", where, key);
}
