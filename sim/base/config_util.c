/* The configuration layer's small helpers (base/config_impl.h):
 * messages, a growing string, escaping, number formatting, and queries of
 * a parameter table (rows, groups, enum choices, what a row allows). */
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
 * Small helpers: messages, a growing string, escaping, number formatting. */

/* Write one message into err; always returns -1 so callers can
 * `return cfg_errf(...)` or `rc = cfg_errf(...)`. */
int cfg_errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

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

void cfg_sb_putn(struct sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void cfg_sb_puts(struct sbuf *b, const char *s)
{
    cfg_sb_putn(b, s, strlen(s));
}

void cfg_sb_printf(struct sbuf *b, const char *fmt, ...)
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

/* The length of the valid UTF-8 sequence at s[0..n) (1-4), or 0 when
 * the bytes there are not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t k;
    uint32_t cp, min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 1; cp = c & 0x1Fu; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        k = 2; cp = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 3; cp = c & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    for (size_t j = 1; j <= k; j++) {
        if (j >= n || (s[j] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[j] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k + 1;
}

size_t cfg_utf8_len(const char *s, size_t n)
{
    return n ? utf8_len((const unsigned char *)s, n) : 0;
}

/* The offset of the first byte of s[0..n) that does not begin valid
 * UTF-8, or n when all of it is valid. */
size_t cfg_utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len(u + i, n - i);
        if (!k)
            return i;
        i += k;
    }
    return n;
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

void cfg_sb_quote(struct sbuf *b, const char *s, size_t n)
{
    char e[5];
    cfg_sb_putn(b, "\"", 1);
    for (size_t i = 0; i < n; i++)
        cfg_sb_putn(b, e, escape_char((unsigned char)s[i], e));
    cfg_sb_putn(b, "\"", 1);
}

/* A string for a one-line message: quoted, escaped, cut at SHOW_MAX. With
 * as_typed, only control characters are escaped, so that a --set
 * assignment is shown as the user typed it. */
void cfg_show_str(char *out, size_t cap, const char *s, int as_typed)
{
    size_t o = 0, i = 0;
    char e[5];
    if (cap < 8) {
        if (cap)
            out[0] = 0;
        return;
    }
    out[o++] = '"';
    size_t len = strlen(s), valid_to = 0;
    for (; s[i] && i < SHOW_MAX; i++) {
        size_t k = escape_char((unsigned char)s[i], e);
        if (as_typed && (s[i] == '"' || s[i] == '\\')) {
            e[0] = s[i];
            k = 1;
        }
        /* a byte that begins no valid UTF-8 sequence is shown escaped,
         * so a message never carries bytes a terminal cannot show */
        if ((unsigned char)s[i] >= 0x80 && i >= valid_to) {
            size_t u = cfg_utf8_len(s + i, len - i);
            if (u)
                valid_to = i + u;
            else
                k = (size_t)snprintf(e, sizeof e, "\\x%02x",
                                     (unsigned char)s[i]);
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
void cfg_fmt_double(char *buf, size_t len, double x, int force_float)
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

int cfg_find_index(const struct param_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].key, key) == 0)
            return (int)i;
    return -1;
}

const struct param_def *config_find(const struct param_table *t,
                                    const char *key)
{
    int i = (t && key) ? cfg_find_index(t, key) : -1;
    return i < 0 ? NULL : &t->rows[i];
}

/* First row inside group `g` ("population" holds "population.x"), or NULL
 * when g is not a group of the table. */
const char *cfg_group_member(const struct param_table *t, const char *g)
{
    size_t n = strlen(g);
    for (size_t i = 0; i < t->n; i++) {
        const char *k = t->rows[i].key;
        if (strncmp(k, g, n) == 0 && k[n] == '.')
            return k;
    }
    return NULL;
}

int cfg_enum_count(const char *choices)
{
    int n = 1;
    for (const char *c = choices; *c; c++)
        n += *c == '|';
    return n;
}

/* Choice number idx of "a|b|c" as (start, length); 0 if out of range. */
int cfg_enum_name(const char *choices, int64_t idx, const char **s,
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

int cfg_enum_index(const char *choices, const char *v)
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
void cfg_enum_list(const char *choices, char *out, size_t cap)
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

const char *cfg_type_name(enum param_type ty)
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
void cfg_range_text(const struct param_def *r, char *out, size_t cap)
{
    if (r->type == PARAM_INT) {
        snprintf(out, cap, "%" PRId64 "..%" PRId64, r->imin, r->imax);
    } else {
        char lo[40], hi[40];
        cfg_fmt_double(lo, sizeof lo, r->fmin, 0);
        cfg_fmt_double(hi, sizeof hi, r->fmax, 0);
        snprintf(out, cap, "%s..%s", lo, hi);
    }
}

/* What a row accepts, for messages: "an integer in 0..100 [persons]". */
void cfg_describe_allowed(const struct param_def *r, char *out, size_t cap)
{
    char range[100], list[300];
    const char *u = r->units && *r->units ? r->units : NULL;
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        cfg_range_text(r, range, sizeof range);
        snprintf(out, cap, "%s in %s%s%s%s",
                 r->type == PARAM_INT ? "an integer" : "a number", range,
                 u ? " [" : "", u ? u : "", u ? "]" : "");
        break;
    case PARAM_BOOL:
        snprintf(out, cap, "true or false");
        break;
    case PARAM_ENUM:
        cfg_enum_list(r->choices, list, sizeof list);
        snprintf(out, cap, "one of: %s", list);
        break;
    case PARAM_STRING:
        snprintf(out, cap, "a string of at most %d bytes",
                 PARAM_STRING_MAX - 1);
        break;
    }
}
