/* The parameters of a checkpoint: saved as "key=value" lines (read back
 * with config_set), the kind of each key after day 0, and the parameters
 * of a restart or fork (checkpoint_params). */
#include "engine/checkpoint_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------------ */
/* Parameters as "key=value" lines, read back with config_set          */

static void put_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\x%02X", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* The value of row r of p as --set would take it. */
static void put_value(FILE *f, const struct param_def *r, const void *p)
{
    const char *v = (const char *)p + r->offset;
    switch (r->type) {
    case PARAM_INT:
        fprintf(f, "%lld", (long long)*(const int64_t *)(const void *)v);
        break;
    case PARAM_FLOAT:
        fprintf(f, "%.17g", *(const double *)(const void *)v);
        break;
    case PARAM_BOOL:
        fputs(*(const int *)(const void *)v ? "true" : "false", f);
        break;
    case PARAM_ENUM: {
        int idx = *(const int *)(const void *)v;
        const char *c = r->choices;
        for (int k = 0; k < idx && c; k++) {
            c = strchr(c, '|');
            if (c)
                c++;
        }
        if (c)
            fprintf(f, "%.*s", (int)strcspn(c, "|"), c);
        break;
    }
    case PARAM_STRING:
        put_quoted(f, v);
        break;
    }
}

char *ck_params_text(const struct params *p)
{
    const struct param_table *t = params_table();
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    for (size_t i = 0; i < t->n; i++) {
        fprintf(f, "%s=", t->rows[i].key);
        put_value(f, &t->rows[i], p);
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static int field_equal(const struct param_def *r, const void *a,
                       const void *b)
{
    const char *x = (const char *)a + r->offset;
    const char *y = (const char *)b + r->offset;
    switch (r->type) {
    case PARAM_INT:
    case PARAM_FLOAT:
        return memcmp(x, y, 8) == 0;
    case PARAM_BOOL:
    case PARAM_ENUM:
        return *(const int *)(const void *)x == *(const int *)(const void *)y;
    default:
        return strcmp(x, y) == 0;
    }
}

/* The kind of a row, from its flags (sim/base/params.c). */
static int row_kind(const struct param_def *r)
{
    return r->flags & PARAM_FIXED_AFTER_DAY0 ? CK_KEY_INIT_ONLY
           : r->flags & PARAM_PASSIVE        ? CK_KEY_PASSIVE
                                             : CK_KEY_DYNAMIC;
}

int checkpoint_key_kind(const char *key)
{
    const struct param_def *r = config_find(params_table(), key);
    return r ? row_kind(r) : CK_KEY_DYNAMIC;
}

int checkpoint_params(struct checkpoint *ck, struct params *p,
                      const char *const *sets, int nsets, char *err,
                      size_t errlen)
{
    const struct param_table *t = params_table();
    struct io io = {ck->path, err, errlen, NULL, 0};
    *p = ck->saved;
    for (int i = 0; i < nsets; i++)
        if (config_set(t, p, sets[i], NULL, err, errlen))
            return -1;
    if (params_validate(p, err, errlen))
        return -1;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return ck_fail(&io, "out of memory");
    ck->forked = 0;
    int first = 1;
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        if (field_equal(r, p, &ck->saved))
            continue;
        if (row_kind(r) == CK_KEY_INIT_ONLY) {
            fclose(f);
            free(text);
            return ck_fail(&io, "%s only shapes the initial state (day 0); "
                           "the checkpoint already holds the state after "
                           "%d days. Run from the start to change it",
                           r->key, ck->days_done);
        }
        if (row_kind(r) != CK_KEY_PASSIVE)
            ck->forked = 1;
        fprintf(f, "%s%s=", first ? "" : "; ", r->key);
        first = 0;
        put_value(f, r, p);
    }
    if (fclose(f) != 0) {
        free(text);
        return ck_fail(&io, "out of memory");
    }
    free(ck->changed);
    ck->changed = text;
    if (p->time.days <= ck->days_done)
        return ck_fail(&io, "time.days = %lld, but the checkpoint is "
                       "already %d days in; set --days above %d",
                       (long long)p->time.days, ck->days_done,
                       ck->days_done);
    return 0;
}
