/* Scenario configuration: loads libconfig scenario files and --set
 * overrides into any struct described by a parameter table, and writes the
 * table back as a commented scenario or a Markdown table. It is generic over
 * the table; the engine's rows live in sim/base/params.c (docs/MODEL.md,
 * section 6 "Input").
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
 * writers are config_print*() to keep clear of its symbols.
 *
 * This file loads files and their base chain; the rest of the layer is
 * config_util.c, config_table.c, config_scan.c, config_value.c and
 * config_print.c (their stack: base/config_impl.h). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700       /* realpath, whatever the build defines */
#endif
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

#include <libconfig.h>

#define BASE_DEPTH_MAX 32       /* files in one base chain */

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
        cfg_show_str(out, cap, config_setting_get_string(s), 0);
        return;
    case CONFIG_TYPE_BOOL:
        snprintf(out, cap, "%s",
                 config_setting_get_bool(s) ? "true" : "false");
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
        cfg_fmt_double(out, cap, config_setting_get_float(s), 1);
    else
        snprintf(out, cap, "%lld", config_setting_get_int64(s));
}

/* Store one scalar setting into row idx. */
static int apply_scalar(struct loader *L, const struct source *src,
                        const config_setting_t *s, const char *key, int idx)
{
    const struct param_def *r = &L->t->rows[idx];
    const struct lit *l = cfg_scan_find(src->sc, key);
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
                return cfg_errf(
                    L->err, L->errlen,
                    "%s:%d: key '%s': cannot "
                    "find the integer literal in the source to check"
                    " it for overflow (a bug in sim/base/config_scan.c)",
                    src->path, line, key);
            v.kind = cfg_parse_int_literal(l->text, 0, &v.i, &v.f);
            if (v.kind == V_NONE)
                return cfg_errf(L->err, L->errlen,
                                "%s:%d: key '%s': cannot "
                                "read the integer literal '%s' (a bug in "
                                "sim/base/config_scan.c)",
                                src->path, line, key, l->text);
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
    if (cfg_store(r, L->obj, &v, what, L->err, L->errlen) != 0)
        return -1;
    cfg_set_origin(L->origins, (size_t)idx, src->path, line);
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
                return cfg_errf(L->err, L->errlen, "%s:%d: key 'changes': a "
                                "change schedule needs the scenario in a "
                                "regular file (not a pipe or FIFO)",
                                src->path, line);
            continue;
        }
        if (snprintf(key, sizeof key, "%s%s%s", prefix ? prefix : "",
                     prefix ? "." : "", name) >= (int)sizeof key)
            return cfg_errf(L->err, L->errlen, "%s:%d: unknown key '%s...' "
                            "(longer than any key)", src->path, line, key);
        snprintf(where, sizeof where, "%s:%d", src->path, line);
        type = config_setting_type(s);
        idx = cfg_find_index(L->t, key);
        member = idx < 0 ? cfg_group_member(L->t, key) : NULL;
        if (idx >= 0 && type != CONFIG_TYPE_GROUP &&
            type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
            if (apply_scalar(L, src, s, key, idx) != 0)
                return -1;
            continue;
        }
        show_setting(s, cfg_scan_find(src->sc, key), shown, sizeof shown);
        if (idx >= 0) {
            cfg_describe_allowed(&L->t->rows[idx], allowed, sizeof allowed);
            return cfg_errf(L->err, L->errlen,
                            "%s: key '%s' = %s: expected %s,"
                            " not %s",
                            where, key, shown, allowed,
                            type == CONFIG_TYPE_GROUP  ? "a group"
                            : type == CONFIG_TYPE_LIST ? "a list"
                                                       : "an array");
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
            return cfg_errf(
                L->err, L->errlen,
                "%s: key '%s' = %s: '%s' is a "
                "group of keys, not a value; write %s = { %.*s = %s; "
                "};",
                where, key, shown, key, name,
                (int)(dot ? (size_t)(dot - sub) : strlen(sub)), sub,
                dot ? "{ ... }" : "...");
        }
        if (type == CONFIG_TYPE_GROUP) {
            if (cfg_nearest_group(L->t, key, near, sizeof near))
                return cfg_errf(L->err, L->errlen,
                                "%s: unknown group '%s'; did "
                                "you mean '%s'?",
                                where, key, near);
            return cfg_errf(L->err, L->errlen, "%s: unknown group '%s'", where,
                            key);
        }
        if (strcmp(name, "base") == 0)
            return cfg_errf(
                L->err, L->errlen,
                "%s: unknown key '%s': 'base' "
                "only names a base file at the top level of a file",
                where, key);
        return cfg_unknown_key(L->t, where, key, L->err, L->errlen);
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
                cfg_sb_printf(tried, "%s%s", tried->len ? ", " : "", p);
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
        rc = cfg_errf(L->err, L->errlen, "%s:%d: base chain longer than %d "
                      "files", from, from_line, BASE_DEPTH_MAX);
        goto fail;
    }
    /* read once (a pipe or /dev/stdin has no second reading); a path
     * that resolves to no name (a pipe) stands for itself in the chain */
    if (cfg_read_all(path, &text, &len) == 0 && !(real = realpath(path, NULL)))
        real = strdup(path);
    if (!real) {
        int e = errno ? errno : ENOMEM;
        if (from)
            rc = cfg_errf(L->err, L->errlen,
                          "%s:%d: base file '%s' (%s) cannot "
                          "be read: %s",
                          from, from_line, base_name, path, strerror(e));
        else
            rc =
                cfg_errf(L->err, L->errlen, "%s: cannot read the scenario: %s",
                         path, strerror(e));
        goto fail;
    }
    for (int k = 0; k < L->depth; k++) {
        if (strcmp(L->real[k], real) == 0) {
            struct sbuf chain = {0};
            for (int j = k; j < L->depth; j++) {
                cfg_sb_puts(&chain, L->shown[j]);
                cfg_sb_puts(&chain, " -> ");
            }
            cfg_sb_puts(&chain, path);
            rc = cfg_errf(L->err, L->errlen, "%s:%d: base cycle: %s", from,
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

    if (cfg_check_text(path, (const unsigned char *)text, len, L->err,
                       L->errlen) != 0)
        goto fail;
    cfg_scan_source(text, len, &sc);
    if (sc.oom) {
        rc = cfg_errf(L->err, L->errlen, "%s: out of memory", path);
        goto fail;
    }
    if (sc.crowded_line) {
        rc = cfg_errf(L->err, L->errlen, "%s:%d: more than %d settings %s%s%s;"
                  " a scenario sets each key once, and no group of keys has "
                  "so many", path, sc.crowded_line, SETTINGS_MAX,
                  sc.crowded_group[0] ? "in group '" : "at the top level",
                  sc.crowded_group, sc.crowded_group[0] ? "'" : "");
        goto fail;
    }
    if (sc.nul_line) {
        rc = cfg_errf(L->err, L->errlen, "%s:%d: key '%s': the string holds a "
                  "NUL byte (\\x00), which would silently end it there; "
                  "remove it", path, sc.nul_line,
                  sc.nul_key[0] ? sc.nul_key : "(a list element)");
        goto fail;
    }
    if (sc.include_line) {
        rc = cfg_errf(
            L->err, L->errlen,
            "%s:%d: @include is not supported in "
            "scenarios; write base = \"other.cfg\"; instead (its values"
            " load first, then this file's override them)",
            path, sc.include_line);
        goto fail;
    }
    config_init(&cf);
    cf_open = 1;
    if (!config_read_string(&cf, text)) {
        if (config_error_type(&cf) == CONFIG_ERR_FILE_IO) {
            rc =
                cfg_errf(L->err, L->errlen, "%s: cannot read the scenario: %s",
                         path, config_error_text(&cf));
        } else {
            int el = config_error_line(&cf);
            rc = cfg_errf(L->err, L->errlen, "%s:%d: %s%s", path, el,
                          config_error_text(&cf),
                          sc.dotted_line == el
                          ? " (names cannot contain '.'; write "
                            "group = { key = value; };)" : "");
        }
        goto fail;
    }
    root = config_root_setting(&cf);
    if (config_setting_length(root) == 0) {
        rc = cfg_errf(L->err, L->errlen, "%s: no settings; a scenario holds "
                      "overrides, e.g. base = \"base.cfg\";", path);
        goto fail;
    }
    base = config_setting_get_member(root, "base");
    if (base) {
        int bl = (int)config_setting_source_line(base);
        const char *b = config_setting_type(base) == CONFIG_TYPE_STRING
                            ? config_setting_get_string(base) : NULL;
        if (!b || !*b) {
            rc = cfg_errf(L->err, L->errlen, "%s:%d: key 'base' must be a "
                          "string naming another scenario file, e.g. base = "
                          "\"base.cfg\";", path, bl);
            goto fail;
        }
        struct sbuf tried = {0};
        basepath = resolve(path, b, &tried);
        if (!basepath) {
            rc = tried.len && !tried.oom
                     ? cfg_errf(
                           L->err, L->errlen,
                           "%s:%d: base file '%s' not "
                           "found; looked for %s (COGOV_PATH adds folders)",
                           path, bl, b, tried.p)
                     : cfg_errf(L->err, L->errlen, "%s: out of memory", path);
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
    cfg_scan_free(&sc);
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
        return cfg_errf(err, errlen, "config_load: no struct to fill");
    if (config_check_table(t, err, errlen) != 0)
        return -1;
    /* work on copies so that a failed load leaves the caller's values */
    work = malloc(t->struct_size);
    if (origins)
        orig = malloc(t->n * sizeof *orig);
    if (!work || (origins && !orig)) {
        rc = cfg_errf(err, errlen, "config_load: out of memory");
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
