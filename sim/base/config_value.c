/* Values: what a file or --set supplied, checked and stored by one
 * function (cfg_store) so that both paths apply the same rules; --set
 * key=value; the exports for other readers of parameter values
 * (base/config_impl.h). */
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
 * Values: what a file or --set supplied, checked and stored by one
 * function so that both paths apply the same rules. */

/* Parse an integer literal as libconfig writes it: optional sign, decimal
 * or 0x hex digits, optional L/LL suffix (lower case too when lax). Returns
 * V_INT, V_OVERFLOW or V_NONE. Decimal is always base 10: libconfig reads
 * 010 as ten. */
enum vkind cfg_parse_int_literal(const char *s, int lax, int64_t *out,
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
    while (hex ? isxdigit((unsigned char)p[nd])
               : isdigit((unsigned char)p[nd]))
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
int cfg_store(const struct param_def *r, void *obj, const struct value *v,
              const char *what, char *err, size_t errlen)
{
    unsigned char *p = (unsigned char *)obj + r->offset;
    char allowed[400];
    cfg_describe_allowed(r, allowed, sizeof allowed);
    switch (r->type) {
    case PARAM_INT: {
        int64_t x;
        if (v->kind == V_INT) {
            x = v->i;
        } else if (v->kind == V_OVERFLOW) {
            return cfg_errf(err, errlen, "%s: does not fit a 64-bit integer; "
                            "expected %s", what, allowed);
        } else if (v->kind == V_FLOAT && isfinite(v->f)) {
            if (v->f != floor(v->f))
                return cfg_errf(err, errlen,
                                "%s: not a whole number; expected "
                                "%s",
                                what, allowed);
            /* 2^53 itself may be 2^53 + 1 rounded: refused too */
            if (fabs(v->f) >= 9007199254740992.0)
                return cfg_errf(err, errlen,
                                "%s: a float beyond 2^53 is not an "
                                "exact integer, write the digits; expected %s",
                                what, allowed);
            x = (int64_t)v->f;
        } else {
            return cfg_errf(err, errlen, "%s: expected %s", what, allowed);
        }
        if (x < r->imin || x > r->imax)
            return cfg_errf(err, errlen, "%s: out of range; expected %s", what,
                            allowed);
        memcpy(p, &x, sizeof x);
        return 0;
    }
    case PARAM_FLOAT: {
        double x;
        if (v->kind != V_INT && v->kind != V_OVERFLOW && v->kind != V_FLOAT)
            return cfg_errf(err, errlen, "%s: expected %s", what, allowed);
        x = v->f;
        if (!isfinite(x))
            return cfg_errf(err, errlen,
                            "%s: not a finite number; expected %s", what,
                            allowed);
        if (x < r->fmin || x > r->fmax)
            return cfg_errf(err, errlen, "%s: out of range; expected %s", what,
                            allowed);
        memcpy(p, &x, sizeof x);
        return 0;
    }
    case PARAM_BOOL: {
        int b = v->i != 0;
        if (v->kind != V_BOOL)
            return cfg_errf(err, errlen, "%s: expected %s", what, allowed);
        memcpy(p, &b, sizeof b);
        return 0;
    }
    case PARAM_ENUM: {
        int k = v->kind == V_STRING ? cfg_enum_index(r->choices, v->s) : -1;
        if (k < 0)
            return cfg_errf(err, errlen, "%s: expected %s", what, allowed);
        memcpy(p, &k, sizeof k);
        return 0;
    }
    case PARAM_STRING: {
        size_t n;
        if (v->kind != V_STRING)
            return cfg_errf(err, errlen, "%s: expected %s", what, allowed);
        n = strlen(v->s);
        if (n >= PARAM_STRING_MAX)
            return cfg_errf(err, errlen,
                            "%s: too long (%zu bytes); expected %s", what, n,
                            allowed);
        /* an escape such as \xCB can make bytes a file could not hold:
         * the configuration printed from it would not load again */
        size_t bad = cfg_utf8_invalid_at(v->s, n);
        if (bad < n)
            return cfg_errf(err, errlen,
                            "%s: not valid UTF-8 (byte 0x%02X at offset %zu, "
                            "written as an escape?); expected %s", what,
                            (unsigned char)v->s[bad], bad, allowed);
        memset(p, 0, PARAM_STRING_MAX);
        memcpy(p, v->s, n);
        return 0;
    }
    }
    return cfg_errf(err, errlen, "%s: row has an unknown type", what);
}

void cfg_set_origin(struct param_origin *origins, size_t row,
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
        return cfg_errf(err, errlen, "--set: nothing to set");
    cfg_show_str(shown, sizeof shown, assign, 1);
    /* the message quotes the assignment with single quotes, as a shell
     * user typed it */
    shown[0] = '\'';
    shown[strlen(shown) - 1] = '\'';
    snprintf(what, sizeof what, "--set %s", shown);
    eq = strchr(assign, '=');
    if (!eq)
        return cfg_errf(err, errlen, "%s: missing '='; write --set key=value",
                        what);
    copy = malloc(strlen(assign) + 1);
    if (!copy)
        return cfg_errf(err, errlen, "%s: out of memory", what);
    strcpy(copy, assign);
    copy[eq - assign] = 0;
    key = trim(copy);
    val = trim(copy + (eq - assign) + 1);
    if (!*key) {
        rc = cfg_errf(err, errlen, "%s: missing key before '='", what);
        goto fail;
    }
    idx = cfg_find_index(t, key);
    if (idx < 0) {
        const char *m =
            strlen(key) < KEY_MAX ? cfg_group_member(t, key) : NULL;
        if (m)
            rc = cfg_errf(err, errlen,
                          "%s: '%s' is a group of keys; set one of "
                          "them, e.g. %s=...",
                          what, key, m);
        else
            rc = cfg_unknown_key(t, what, key, err, errlen);
        goto fail;
    }
    r = &t->rows[idx];
    switch (r->type) {
    case PARAM_INT:
        v.kind = cfg_parse_int_literal(val, 1, &v.i, &v.f);
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
            rc = cfg_errf(err, errlen,
                          "%s: expected true or false (also yes/no,"
                          " on/off, 1/0)",
                          what);
            goto fail;
        }
        break;
    case PARAM_ENUM:
    case PARAM_STRING:
        if (unquote(val, &why) != 0) {
            rc = cfg_errf(err, errlen, "%s: %s", what, why);
            goto fail;
        }
        v.kind = V_STRING;
        v.s = val;
        break;
    }
    if (cfg_store(r, obj, &v, what, err, errlen) != 0)
        goto fail;
    cfg_set_origin(origins, (size_t)idx, "--set", 0);
    rc = 0;
fail:
    free(copy);
    return rc;
}

/* ------------------------------------------------------------------------
 * Exports for other readers of parameter values (the sweep planner), so a
 * value is stored, an enum looked up and an integer literal re-read one
 * way only. */

int config_enum_index(const char *choices, const char *v)
{
    return cfg_enum_index(choices, v);
}

int config_enum_count(const char *choices)
{
    return cfg_enum_count(choices);
}

int config_store_number(const struct param_def *r, void *obj, double v,
                        char *why, size_t whylen)
{
    struct value val = {V_FLOAT, 0, v, NULL};
    char allowed[400], err[CONFIG_ERR_MAX], name[PARAM_STRING_MAX];
    const char *s;
    size_t n;
    cfg_describe_allowed(r, allowed, sizeof allowed);
    switch (r->type) {
    case PARAM_FLOAT:
    case PARAM_INT:
        break;
    case PARAM_BOOL:
        if (v != 0 && v != 1)
            return cfg_errf(why, whylen, "must be %s", allowed);
        val.kind = V_BOOL;
        val.i = (int64_t)v;
        break;
    case PARAM_ENUM:
        if (v != floor(v) || !cfg_enum_name(r->choices, (int64_t)v, &s, &n) ||
            n >= sizeof name)
            return cfg_errf(why, whylen, "must be %s", allowed);
        memcpy(name, s, n);
        name[n] = 0;
        val.kind = V_STRING;
        val.s = name;
        break;
    case PARAM_STRING:
        return cfg_errf(why, whylen, "is a string and cannot be varied");
    }
    if (cfg_store(r, obj, &val, "", err, sizeof err))
        return cfg_errf(why, whylen, "must be %s", allowed);
    return 0;
}

int config_int_literal(const char *text, const char *key, int64_t *v)
{
    struct scan sc = {0};
    double d;
    int rc = 0;
    cfg_scan_source(text, strlen(text), &sc);
    const struct lit *l = sc.oom ? NULL : cfg_scan_find(&sc, key);
    if (l) {
        enum vkind k = cfg_parse_int_literal(l->text, 0, v, &d);
        rc = k == V_INT ? 1 : k == V_OVERFLOW ? -1 : 0;
    }
    cfg_scan_free(&sc);
    return rc;
}
