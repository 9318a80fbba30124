/* The change schedule of a run (changes.h; docs/MODEL.md, "Input"): read
 * from the scenario's `changes` list, checked day by day against the
 * parameters in force, and applied at the start of its days exactly as a
 * fork from a checkpoint applies --set (config_set, then setup_fork), so
 * a scheduled change, a live what-if and a fork agree bit for bit. */
#include <sys/stat.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/changes.h"
#include "engine/checkpoint.h"
#include "model/setup.h"

void changes_free(struct changes *ch)
{
    for (int i = 0; i < ch->n; i++) {
        for (int k = 0; k < ch->d[i].n; k++)
            free(ch->d[i].set[k]);
        free(ch->d[i].set);
    }
    free(ch->d);
    ch->d = NULL;
    ch->n = 0;
}

/* May `assign` change a running world? 0, or -1 with err. */
static int check_key(const char *assign, char *err, size_t errlen)
{
    char key[160];
    const char *eq = strchr(assign, '=');
    size_t n = eq ? (size_t)(eq - assign) : strlen(assign);
    while (n && (assign[n - 1] == ' ' || assign[n - 1] == '\t'))
        n--;
    while (n && (*assign == ' ' || *assign == '\t'))
        assign++, n--;
    snprintf(key, sizeof key, "%.*s", (int)n, assign);
    int kind = checkpoint_key_kind(key);
    if (!strcmp(key, "seed") || kind != CK_KEY_DYNAMIC) {
        snprintf(err, errlen, "key '%s' cannot change during a run (%s); "
                 "set it for the whole run instead", key,
                 kind == CK_KEY_INIT_ONLY ? "it only shapes day 0"
                 : !strcmp(key, "seed") ? "the seed names the run"
                 : "it does not act on the model");
        return -1;
    }
    return 0;
}

/* Apply assignments to *p and validate: 0, or -1 with err (*p then
 * unspecified). */
static int apply_sets(struct params *p, char *const *set, int n, char *err,
                      size_t errlen)
{
    for (int k = 0; k < n; k++)
        if (check_key(set[k], err, errlen) ||
            config_set(params_table(), p, set[k], NULL, err, errlen))
            return -1;
    return params_validate(p, err, errlen);
}

static int check_day(int day, int last, const struct params *p, char *err,
                     size_t errlen)
{
    if (day < 1 || day >= p->time.days) {
        snprintf(err, errlen, "day = %d: expected a day from 1 to %lld "
                 "(day 0 is the scenario itself; time.days = %lld)", day,
                 (long long)p->time.days - 1, (long long)p->time.days);
        return -1;
    }
    if (day <= last) {
        snprintf(err, errlen, "day = %d: days must increase (the previous "
                 "change is on day %d)", day, last);
        return -1;
    }
    return 0;
}

int changes_add(struct changes *ch, int day, const char *assign,
                const struct params *cur, char *err, size_t errlen)
{
    struct change_day *last = ch->n ? &ch->d[ch->n - 1] : NULL;
    int same = last && last->day == day;
    if (!same && check_day(day, last ? last->day : 0, cur, err, errlen))
        return -1;
    struct params p = *cur;
    char *s = strdup(assign);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (apply_sets(&p, &s, 1, err, errlen)) {
        free(s);
        return -1;
    }
    if (!same) {
        struct change_day *d = realloc(ch->d, (size_t)(ch->n + 1) * sizeof *d);
        if (!d) {
            free(s);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        ch->d = d;
        d[ch->n] = (struct change_day){day, 0, NULL};
        ch->n++;
    }
    struct change_day *d = &ch->d[ch->n - 1];
    char **v = realloc(d->set, (size_t)(d->n + 1) * sizeof *v);
    if (!v) {
        free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    d->set = v;
    v[d->n++] = s;
    return 0;
}

int changes_load(struct changes *ch, const char *path,
                 const struct params *p, char *err, size_t errlen)
{
    config_t cf;
    char why[CONFIG_ERR_MAX];
    int rc = -1;
    ch->d = NULL;
    ch->n = 0;
    /* a scenario from a pipe or FIFO was read once by the loader, which
     * refuses a change schedule in it (base/config.c): nothing to read */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    config_init(&cf);
    if (!config_read_file(&cf, path)) {
        snprintf(err, errlen, "%s:%d: %s", path, config_error_line(&cf),
                 config_error_text(&cf));
        goto out;
    }
    const config_setting_t *l = config_lookup(&cf, "changes");
    if (!l) {
        rc = 0;
        goto out;
    }
    int line = (int)config_setting_source_line(l);
    if (!config_setting_is_list(l) && !config_setting_is_array(l)) {
        snprintf(err, errlen, "%s:%d: key 'changes': expected a list ( { day "
                 "= N; set = [\"key=value\", ...]; }, ... )", path, line);
        goto out;
    }
    struct params cur = *p;
    for (int i = 0; i < config_setting_length(l); i++) {
        const config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        const config_setting_t *day = NULL, *set = NULL;
        int dl = (int)config_setting_source_line(e);
        if (!config_setting_is_group(e)) {
            snprintf(err, errlen, "%s:%d: changes[%d]: expected a group { day "
                     "= N; set = [\"key=value\", ...]; }", path, dl, i);
            goto out;
        }
        for (int k = 0; k < config_setting_length(e); k++) {
            const config_setting_t *m = config_setting_get_elem(e, (unsigned)k);
            const char *nm = config_setting_name(m);
            int ml = (int)config_setting_source_line(m);
            if (nm && !strcmp(nm, "day"))
                day = m;
            else if (nm && !strcmp(nm, "set"))
                set = m;
            else {
                snprintf(err, errlen, "%s:%d: changes[%d]: unknown key '%s' "
                         "(allowed: day, set)", path, ml, i, nm ? nm : "?");
                goto out;
            }
        }
        if (!day || config_setting_type(day) != CONFIG_TYPE_INT) {
            snprintf(err, errlen, "%s:%d: changes[%d]: key 'day' must be an "
                     "integer day of the run", path,
                     day ? (int)config_setting_source_line(day) : dl, i);
            goto out;
        }
        int d = config_setting_get_int(day);
        int sl = set ? (int)config_setting_source_line(set) : dl;
        if (!set || !config_setting_is_array(set) ||
            config_setting_length(set) < 1 ||
            config_setting_type(config_setting_get_elem(set, 0)) !=
                CONFIG_TYPE_STRING) {
            snprintf(err, errlen, "%s:%d: changes[%d]: key 'set' must be an "
                     "array of \"key=value\" strings, e.g. set = "
                     "[\"triage.accuracy=0.7\"];", path, sl, i);
            goto out;
        }
        if (check_day(d, ch->n ? ch->d[ch->n - 1].day : 0, p, why,
                      sizeof why)) {
            snprintf(err, errlen, "%s:%d: changes[%d]: %s", path,
                     (int)config_setting_source_line(day), i, why);
            goto out;
        }
        for (int k = 0; k < config_setting_length(set); k++) {
            const char *a = config_setting_get_string_elem(set, k);
            if (changes_add(ch, d, a, &cur, why, sizeof why)) {
                snprintf(err, errlen, "%s:%d: changes[%d] (day %d): %s", path,
                         sl, i, d, why);
                goto out;
            }
            apply_sets(&cur, (char *const *)&ch->d[ch->n - 1].set[k], 1, why,
                       sizeof why);
        }
    }
    rc = 0;
out:
    config_destroy(&cf);
    if (rc)
        changes_free(ch);
    return rc;
}

int changes_apply(const struct changes *ch, struct world *w,
                  struct params *p, int day)
{
    char err[CONFIG_ERR_MAX];
    for (int i = 0; i < ch->n; i++) {
        if (ch->d[i].day != day)
            continue;
        /* checked when the schedule was made: cannot fail here */
        apply_sets(p, ch->d[i].set, ch->d[i].n, err, sizeof err);
        setup_fork(w, p);
        return 1;
    }
    return 0;
}

char *changes_to_string(const struct changes *ch)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    if (ch->n) {
        fputs("changes = (\n", f);
        for (int i = 0; i < ch->n; i++) {
            fprintf(f, "  { day = %d; set = [", ch->d[i].day);
            for (int k = 0; k < ch->d[i].n; k++) {
                fputs(k ? ", \"" : "\"", f);
                for (const char *s = ch->d[i].set[k]; *s; s++) {
                    if (*s == '"' || *s == '\\')
                        fputc('\\', f);
                    fputc(*s, f);
                }
                fputc('"', f);
            }
            fprintf(f, "]; }%s\n", i + 1 < ch->n ? "," : "");
        }
        fputs(");\n", f);
    }
    if (fclose(f)) {
        free(text);
        return NULL;
    }
    return text;
}
