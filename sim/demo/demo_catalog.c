/* The built-in demos: scenarios/demo/demos.conf, a libconfig list of
 * entries (name, scenario file, the demo it is compared with, the map's
 * state and range, a title and a one-paragraph explanation in English and
 * Chinese). The scenarios themselves are ordinary scenario files, so
 * `cogov run` runs them too. Checked as strictly as scenarios: unknown
 * keys, wrong types and dangling names are errors naming file and line. */
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo/demo.h"

#define CATALOG_REL "scenarios/demo/demos.conf"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int has_catalog(const char *home)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", home, CATALOG_REL);
    return is_file(path);
}

int demo_catalog_home(char *home, size_t n, char *err, size_t errlen)
{
    const char *env = getenv("COGOV_HOME");
    if (env && *env) {
        if (has_catalog(env)) {
            snprintf(home, n, "%s", env);
            return 0;
        }
        snprintf(err, errlen, "COGOV_HOME=%s has no %s; point it at the "
                 "cogov source tree (or unset it)", env, CATALOG_REL);
        return -1;
    }
    char exe[4000];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char up[4096] = "";
    if (len > 0) {
        exe[len] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(up, sizeof up, "%s/..", exe);
            if (has_catalog(up)) {
                char *real = realpath(up, NULL);
                snprintf(home, n, "%s", real ? real : up);
                free(real);
                return 0;
            }
        }
    }
    if (has_catalog(".")) {
        snprintf(home, n, ".");
        return 0;
    }
    snprintf(err, errlen, "the built-in demos are not where they belong: "
             "no %s in %s (next to the executable) nor in the current "
             "directory; set COGOV_HOME to the cogov source tree",
             CATALOG_REL, up[0] ? up : "(unknown)");
    return -1;
}

static void entry_free(struct demo_entry *e)
{
    free(e->name);
    free(e->scenario);
    free(e->compare);
    for (int l = 0; l < DEMO_N_LANG; l++) {
        free(e->title[l]);
        free(e->text[l]);
    }
}

void demo_catalog_free(struct demo_catalog *c)
{
    for (int i = 0; i < c->n; i++)
        entry_free(&c->e[i]);
    free(c->e);
    free(c->path);
    memset(c, 0, sizeof *c);
}

const struct demo_entry *demo_catalog_get(const struct demo_catalog *c,
                                          const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->e[i].name, name))
            return &c->e[i];
    return NULL;
}

/* Parsing context: the file and where to write an error. */
struct ctx {
    const char *path;
    char *err;
    size_t errlen;
};

static int fail_at(const struct ctx *x, const config_setting_t *s,
                   const char *what)
{
    snprintf(x->err, x->errlen, "%s:%d: %s", x->path,
             s ? (int)config_setting_source_line(s) : 0, what);
    return -1;
}

/* A string member `key` of group g (required or not) into *out. */
static int get_string(const struct ctx *x, const config_setting_t *g,
                      const char *key, int required, const char *demo,
                      char **out)
{
    char msg[512];
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s) {
        if (!required)
            return 0;
        snprintf(msg, sizeof msg, "demo '%s': key '%s' is missing", demo,
                 key);
        return fail_at(x, g, msg);
    }
    const char *v = config_setting_type(s) == CONFIG_TYPE_STRING
                        ? config_setting_get_string(s) : NULL;
    if (!v || !*v) {
        snprintf(msg, sizeof msg, "demo '%s': key '%s' must be a non-empty "
                 "string", demo, key);
        return fail_at(x, s, msg);
    }
    *out = strdup(v);
    if (!*out)
        return fail_at(x, s, "out of memory");
    return 0;
}

/* Every member of g must be one of `allowed` (NULL-terminated). */
static int only_keys(const struct ctx *x, const config_setting_t *g,
                     const char *const *allowed, const char *demo)
{
    for (int i = 0; i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *k = config_setting_name(m);
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            ok |= k && !strcmp(k, *a);
        if (!ok) {
            char msg[512], list[256] = "";
            for (const char *const *a = allowed; *a; a++)
                snprintf(list + strlen(list), sizeof list - strlen(list),
                         "%s%s", a == allowed ? "" : ", ", *a);
            snprintf(msg, sizeof msg, "demo '%s': unknown key '%s' (known: "
                     "%s)", demo, k ? k : "?", list);
            return fail_at(x, m, msg);
        }
    }
    return 0;
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static int parse_map(const struct ctx *x, const config_setting_t *g,
                     struct demo_entry *e)
{
    char msg[512];
    const config_setting_t *s = config_setting_get_member(g, "map");
    e->state = -1;
    e->lo = e->hi = 0;
    if (s) {
        const char *v = config_setting_get_string(s);
        e->state = v ? demo_state_find(v) : -1;
        if (e->state < 0) {
            char list[256] = "";
            for (int k = 0; k < N_DEMO_STATES; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list),
                         "%s%s", k ? ", " : "", demo_states[k].name);
            snprintf(msg, sizeof msg, "demo '%s': key 'map' = %s%s%s: "
                     "expected one of %s", e->name, v ? "\"" : "",
                     v ? v : "(not a string)", v ? "\"" : "", list);
            return fail_at(x, s, msg);
        }
    }
    s = config_setting_get_member(g, "map_range");
    if (s) {
        int ok = (config_setting_type(s) == CONFIG_TYPE_ARRAY ||
                  config_setting_type(s) == CONFIG_TYPE_LIST) &&
                 config_setting_length(s) == 2;
        double v[2] = {0, 0};
        for (int k = 0; ok && k < 2; k++) {
            const config_setting_t *el =
                config_setting_get_elem(s, (unsigned)k);
            int t = config_setting_type(el);
            ok = t == CONFIG_TYPE_FLOAT || t == CONFIG_TYPE_INT ||
                 t == CONFIG_TYPE_INT64;
            if (ok)
                v[k] = t == CONFIG_TYPE_FLOAT
                           ? config_setting_get_float(el)
                           : (double)config_setting_get_int64(el);
        }
        if (!ok || !(v[0] < v[1])) {
            snprintf(msg, sizeof msg, "demo '%s': key 'map_range' must be "
                     "[low, high] with low < high, e.g. [0.0, 0.5]",
                     e->name);
            return fail_at(x, s, msg);
        }
        e->lo = v[0];
        e->hi = v[1];
    }
    return 0;
}

static const char *const lang_keys[DEMO_N_LANG] = {"en", "zh"};

static int parse_entry(const struct ctx *x, const config_setting_t *g,
                       const char *dir, struct demo_entry *e)
{
    static const char *const keys[] = {"name", "scenario", "compare", "map",
                                       "map_range", "en", "zh", NULL};
    static const char *const text_keys[] = {"title", "text", NULL};
    char msg[512], *file = NULL;
    memset(e, 0, sizeof *e);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return fail_at(x, g, "each demo is a group { name = ...; ... }");
    if (get_string(x, g, "name", 1, "?", &e->name))
        return -1;
    if (!valid_name(e->name)) {
        snprintf(msg, sizeof msg, "demo name '%s': use lower-case letters, "
                 "digits, '_' and '-'", e->name);
        return fail_at(x, config_setting_get_member(g, "name"), msg);
    }
    if (only_keys(x, g, keys, e->name) ||
        get_string(x, g, "scenario", 1, e->name, &file) ||
        get_string(x, g, "compare", 0, e->name, &e->compare) ||
        parse_map(x, g, e))
        goto fail;
    size_t n = strlen(dir) + strlen(file) + 2;
    e->scenario = malloc(n);
    if (!e->scenario) {
        fail_at(x, g, "out of memory");
        goto fail;
    }
    if (file[0] == '/')
        snprintf(e->scenario, n, "%s", file);
    else
        snprintf(e->scenario, n, "%s/%s", dir, file);
    if (!is_file(e->scenario)) {
        snprintf(msg, sizeof msg, "demo '%s': scenario '%s' not found (%s)",
                 e->name, file, e->scenario);
        fail_at(x, config_setting_get_member(g, "scenario"), msg);
        goto fail;
    }
    for (int l = 0; l < DEMO_N_LANG; l++) {
        const config_setting_t *t = config_setting_get_member(g,
                                                              lang_keys[l]);
        if (!t || config_setting_type(t) != CONFIG_TYPE_GROUP) {
            snprintf(msg, sizeof msg, "demo '%s': needs %s = { title = "
                     "\"...\"; text = \"...\"; };", e->name, lang_keys[l]);
            fail_at(x, t ? t : g, msg);
            goto fail;
        }
        char where[80];
        snprintf(where, sizeof where, "%s.%s", e->name, lang_keys[l]);
        if (only_keys(x, t, text_keys, where) ||
            get_string(x, t, "title", 1, where, &e->title[l]) ||
            get_string(x, t, "text", 1, where, &e->text[l]))
            goto fail;
    }
    free(file);
    return 0;
fail:
    free(file);
    entry_free(e);
    memset(e, 0, sizeof *e);
    return -1;
}

int demo_catalog_load(struct demo_catalog *c, const char *path, char *err,
                      size_t errlen)
{
    struct ctx x = {path, err, errlen};
    config_t cf;
    int rc = -1;
    char *dir = NULL;
    memset(c, 0, sizeof *c);
    config_init(&cf);
    if (!config_read_file(&cf, path)) {
        if (config_error_type(&cf) == CONFIG_ERR_FILE_IO)
            snprintf(err, errlen, "%s: cannot read the demo catalogue",
                     path);
        else
            snprintf(err, errlen, "%s:%d: %s", path, config_error_line(&cf),
                     config_error_text(&cf));
        goto out;
    }
    const config_setting_t *root = config_root_setting(&cf);
    const config_setting_t *list = config_setting_get_member(root, "demos");
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *m = config_setting_get_elem(root,
                                                            (unsigned)i);
        if (strcmp(config_setting_name(m), "demos")) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown key '%s' (the catalogue "
                     "holds one list, demos = ( {...}, ... );)",
                     config_setting_name(m));
            fail_at(&x, m, msg);
            goto out;
        }
    }
    if (!list || config_setting_type(list) != CONFIG_TYPE_LIST ||
        config_setting_length(list) == 0) {
        fail_at(&x, list, "expected demos = ( { name = ...; ... }, ... );");
        goto out;
    }
    c->path = strdup(path);
    dir = strdup(path);
    int n = config_setting_length(list);
    c->e = calloc((size_t)n, sizeof *c->e);
    if (!c->path || !dir || !c->e) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list,
                                                            (unsigned)i);
        if (parse_entry(&x, g, dir, &c->e[c->n]))
            goto out;
        c->n++;
        if (demo_catalog_get(c, c->e[c->n - 1].name) != &c->e[c->n - 1]) {
            char msg[256];
            snprintf(msg, sizeof msg, "demo '%s' is defined twice",
                     c->e[c->n - 1].name);
            fail_at(&x, g, msg);
            goto out;
        }
    }
    for (int i = 0; i < c->n; i++) {
        const char *cmp = c->e[i].compare;
        if (cmp && (!demo_catalog_get(c, cmp) || !strcmp(cmp, c->e[i].name))) {
            char msg[256];
            snprintf(msg, sizeof msg, "demo '%s': compare = \"%s\" must name "
                     "another demo of this catalogue", c->e[i].name, cmp);
            fail_at(&x, config_setting_get_member(
                            config_setting_get_elem(list, (unsigned)i),
                            "compare"),
                    msg);
            goto out;
        }
    }
    rc = 0;
out:
    config_destroy(&cf);
    free(dir);
    if (rc)
        demo_catalog_free(c);
    return rc;
}

int demo_catalog_open(struct demo_catalog *c, char *home, size_t n,
                      char *err, size_t errlen)
{
    char path[4200];
    if (demo_catalog_home(home, n, err, errlen))
        return -1;
    snprintf(path, sizeof path, "%s/scenarios/demo/demos.conf", home);
    return demo_catalog_load(c, path, err, errlen);
}

void demo_sets_add(struct demo_sets *s, const char *name, const char *val)
{
    if (!strcmp(name, "set")) {
        s->v[s->n++] = val;
        return;
    }
    int seed = !strcmp(name, "seed");
    char *buf = seed ? s->seed : s->days;
    snprintf(buf, sizeof s->seed, "%s=%s", seed ? "seed" : "time.days", val);
    s->v[s->n++] = buf;
}
