/* Writing a parameter table back: libconfig text with nested groups and
 * comments, and a Markdown table (base/config_impl.h). */
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
        cfg_sb_printf(b, "%" PRId64 "%s", i,
                      (i < INT32_MIN || i > INT32_MAX) ? "L" : "");
        return 0;
    case PARAM_FLOAT:
        memcpy(&f, p, sizeof f);
        if (!isfinite(f))
            return -1;
        cfg_fmt_double(num, sizeof num, f, 1);
        cfg_sb_puts(b, num);
        return 0;
    case PARAM_BOOL:
        memcpy(&k, p, sizeof k);
        cfg_sb_puts(b, k ? "true" : "false");
        return 0;
    case PARAM_ENUM:
        memcpy(&k, p, sizeof k);
        if (!cfg_enum_name(r->choices, k, &s, &n))
            return -1;
        cfg_sb_quote(b, s, n);
        return 0;
    case PARAM_STRING:
        n = strnlen((const char *)p, PARAM_STRING_MAX);
        if (n == PARAM_STRING_MAX)
            return -1;
        cfg_sb_quote(b, (const char *)p, n);
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
        cfg_range_text(r, extra + 7, sizeof extra - 8);
        memcpy(extra, "(range ", 7);
        strcat(extra, ")");
        break;
    case PARAM_BOOL:
        snprintf(extra, sizeof extra, "(true or false)");
        break;
    case PARAM_ENUM:
        memcpy(extra, "(one of: ", 9);
        cfg_enum_list(r->choices, extra + 9, sizeof extra - 10);
        strcat(extra, ")");
        break;
    case PARAM_STRING:
        snprintf(extra, sizeof extra, "(string, at most %d bytes)",
                 PARAM_STRING_MAX - 1);
        break;
    }
    cfg_sb_printf(b, "%*s# %s%s%s%s %s\n", indent, "", r->desc,
                  *r->units ? " [" : "", r->units, *r->units ? "]" : "",
                  extra);
}

static int put_node(struct sbuf *b, const struct param_table *t,
                    const void *obj, const struct tnode *nd, int node,
                    int indent, int comments)
{
    for (int ch = nd[node].child; ch >= 0; ch = nd[ch].next) {
        const struct tnode *c = &nd[ch];
        if (comments && ch != nd[node].child)
            cfg_sb_puts(b, "\n");
        if (c->row >= 0) {
            if (comments)
                put_comment(b, &t->rows[c->row], indent);
            cfg_sb_printf(b, "%*s%.*s = ", indent, "", (int)c->len, c->name);
            if (put_value(b, &t->rows[c->row], obj) != 0)
                return -1;
            cfg_sb_puts(b, ";\n");
        } else {
            cfg_sb_printf(b, "%*s%.*s = {\n", indent, "", (int)c->len,
                          c->name);
            if (put_node(b, t, obj, nd, ch, indent + 2, comments) != 0)
                return -1;
            cfg_sb_printf(b, "%*s};\n", indent, "");
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
            cfg_sb_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            cfg_sb_puts(b, " ");
        else
            cfg_sb_putn(b, s, 1);
    }
}

int config_print_markdown(const struct param_table *t, FILE *f)
{
    struct sbuf b = {0};
    char buf[400];
    int rc = -1;
    if (config_check_table(t, NULL, 0) != 0)
        return -1;
    cfg_sb_puts(&b, "| key | type | default | range | units | description |\n"
                "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        const char *s = "";
        size_t n = 0;
        cfg_sb_printf(&b, "| `%s` | %s | ", r->key, cfg_type_name(r->type));
        switch (r->type) {
        case PARAM_INT:
            cfg_sb_printf(&b, "%" PRId64, r->idef);
            break;
        case PARAM_FLOAT:
            cfg_fmt_double(buf, sizeof buf, r->fdef, 0);
            cfg_sb_puts(&b, buf);
            break;
        case PARAM_BOOL:
            cfg_sb_puts(&b, r->idef ? "true" : "false");
            break;
        case PARAM_ENUM:
            cfg_enum_name(r->choices, r->idef, &s, &n);
            snprintf(buf, sizeof buf, "%.*s", (int)n, s);
            md_cell(&b, buf);
            break;
        case PARAM_STRING:
            cfg_show_str(buf, sizeof buf, r->sdef, 0);
            md_cell(&b, buf);
            break;
        }
        cfg_sb_puts(&b, " | ");
        switch (r->type) {
        case PARAM_INT:
        case PARAM_FLOAT:
            cfg_range_text(r, buf, sizeof buf);
            cfg_sb_puts(&b, buf);
            break;
        case PARAM_BOOL:
            cfg_sb_puts(&b, "true, false");
            break;
        case PARAM_ENUM:
            cfg_enum_list(r->choices, buf, sizeof buf);
            cfg_sb_puts(&b, "one of: ");
            md_cell(&b, buf);
            break;
        case PARAM_STRING:
            cfg_sb_printf(&b, "at most %d bytes", PARAM_STRING_MAX - 1);
            break;
        }
        cfg_sb_puts(&b, " | ");
        md_cell(&b, r->units);
        cfg_sb_puts(&b, " | ");
        md_cell(&b, r->desc);
        if (r->flags & PARAM_FIXED_AFTER_DAY0)
            cfg_sb_puts(&b, " *(fixed after day 0)*");
        if (r->flags & PARAM_PASSIVE)
            cfg_sb_puts(&b, " *(passive)*");
        for (size_t k = 0, n_own = 0; k < t->n_switches; k++)
            if (config_row_owner(r) >> k & 1u)
                cfg_sb_printf(&b, "%s`%s`", n_own++ ? " or " : " *(only with ",
                              t->switches[k]);
        if (config_row_owner(r))
            cfg_sb_puts(&b, ")*");
        cfg_sb_puts(&b, " |\n");
    }
    if (!b.oom && fputs(b.p, f) != EOF)
        rc = 0;
    free(b.p);
    return rc;
}
