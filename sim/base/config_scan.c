/* Reading a scenario file (bytes, UTF-8 text checks) and a scanner that
 * finds the literal each setting was written as (base/config_impl.h). */
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

#define FILE_SIZE_MAX (16u << 20)
#define SCAN_DEPTH 130          /* group nesting the literal scanner follows */

/* ------------------------------------------------------------------------
 * Reading a file: bytes, text checks, and a scanner that finds, for each
 * setting, the literal the user wrote. libconfig 1.5 wraps integers beyond
 * 32 bits without a word, so the literal is the only way to know. */

int cfg_read_all(const char *path, char **out, size_t *outlen)
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
int cfg_check_text(const char *path, const unsigned char *s, size_t n,
                   char *err, size_t errlen)
{
    size_t ls = 0;
    int line = 1;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return cfg_errf(
            err, errlen,
            "%s:1: starts with a UTF-8 byte-order mark, "
            "which libconfig cannot read; save the file without it",
            path);
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == 0)
            return cfg_errf(err, errlen, "%s:%d: not a text file (NUL byte at "
                            "column %zu)", path, line, i - ls + 1);
        if (c == '\n') {
            line++;
            ls = i + 1;
        }
        size_t k = cfg_utf8_len((const char *)s + i, n - i);
        if (!k)
            return cfg_errf(err, errlen,
                            "%s:%d: not valid UTF-8 text (byte 0x%02X "
                            "at column %zu); scenario files must be UTF-8",
                            path, line, c, i - ls + 1);
        i += k;
    }
    return 0;
}

void cfg_scan_free(struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        free(sc->v[i].key);
        free(sc->v[i].text);
    }
    free(sc->v);
    memset(sc, 0, sizeof *sc);
}

size_t cfg_digits(const char *s, size_t i, size_t n, int hex)
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
        (d = cfg_digits(s, 2, n, 1)) > 0) {
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
    d = cfg_digits(s, i, n, 0);
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
        j += 1 + cfg_digits(s, j + 1, n, 0);
    if (dot || d > 0) {
        size_t e = j;
        if (e < n && (s[e] == 'e' || s[e] == 'E')) {
            e++;
            if (e < n && (s[e] == '+' || s[e] == '-'))
                e++;
            size_t de = cfg_digits(s, e, n, 0);
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
/* The dotted path of name under the named frames of st, into out. */
static void frame_path(const struct frame *st, int depth, const char *name,
                       size_t nlen, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (int k = 0; k <= depth; k++) {
        const char *a = k < depth ? st[k].name : name;
        size_t len = k < depth ? st[k].len : nlen;
        if (!a || !len)
            continue;
        if (o + len + 2 > cap)
            break;
        if (o)
            out[o++] = '.';
        memcpy(out + o, a, len);
        o += len;
        out[o] = 0;
    }
}

void cfg_scan_source(const char *s, size_t n, struct scan *sc)
{
    struct frame st[SCAN_DEPTH];
    int members[SCAN_DEPTH + 1] = {0}; /* settings so far: top level, then
                                          each open frame */
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
            for (i += 2;
                 i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'); i++)
                line += s[i] == '\n';
            i += 2;
        } else if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 3 < n &&
                    (s[i + 1] == 'x' || s[i + 1] == 'X') &&
                    s[i + 2] == '0' && s[i + 3] == '0' && !sc->nul_line) {
                    sc->nul_line = line;
                    frame_path(st, depth, pname, pname ? plen : 0,
                               sc->nul_key, sizeof sc->nul_key);
                }
                if (s[i] == '\\' && i + 1 < n &&
                    (s[i + 1] == '"' || s[i + 1] == '\\'))
                    i++;
                else
                    line += s[i] == '\n';
            }
            i++;
            state = 0;
        } else if (c == '=' || c == ':') {
            if (state == 1 && !excess && ++members[depth] > SETTINGS_MAX &&
                !sc->crowded_line) {
                sc->crowded_line = pline;
                frame_path(st, depth, NULL, 0, sc->crowded_group,
                           sizeof sc->crowded_group);
            }
            state = state == 1 ? 2 : 0;
            i++;
        } else if (c == '{' || c == '(' || c == '[') {
            if (depth < SCAN_DEPTH) {
                st[depth].name = (c == '{' && state == 2) ? pname : NULL;
                st[depth].len = plen;
                unnamed += st[depth].name == NULL;
                depth++;
                members[depth] = 0;
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

const struct lit *cfg_scan_find(const struct scan *sc, const char *key)
{
    for (size_t i = 0; i < sc->n; i++)
        if (strcmp(sc->v[i].key, key) == 0)
            return &sc->v[i];
    return NULL;
}
