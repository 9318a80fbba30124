/* Command-line options from a table over glibc's getopt_long (see
 * opts.h). getopt_long does the reading (GNU conventions); this file
 * builds its tables from ours, converts and checks values, and words the
 * errors so that each names the option and what is allowed. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/opts.h"

int opt_is_help(const char *a)
{
    return !strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "help");
}

void opt_list_free(struct opt_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static int list_add(struct opt_list *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        const char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return msg_error("out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

int opts_int(const char *opt, const char *s, long long lo, long long hi,
             long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s == 0 || *end != 0 || end == s)
        return msg_error("%s: \"%s\" is not an integer", opt, s);
    if (errno == ERANGE || v < lo || v > hi)
        return msg_error("%s: %s is out of range; allowed %lld to %lld", opt,
                         s, lo, hi);
    *out = v;
    return 0;
}

int opts_double(const char *opt, const char *s, double lo, double hi,
                double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == 0 || *end != 0 || !isfinite(v))
        return msg_error("%s: \"%s\" is not a number", opt, s);
    if (errno == ERANGE || v < lo || v > hi)
        return msg_error("%s: %s is out of range; allowed %g to %g", opt, s,
                         lo, hi);
    *out = v;
    return 0;
}

int opts_choice(const char *opt, const char *s, const char *choices,
                int *out)
{
    size_t n = strlen(s);
    int k = 0;
    for (const char *p = choices; *p; k++) {
        size_t len = strcspn(p, ",");
        if (n && len == n && !strncmp(p, s, n)) {
            *out = k;
            return 0;
        }
        p += len + (p[len] == ',');
    }
    char list[256];
    size_t used = 0;
    for (const char *p = choices; *p && used + 3 < sizeof list; p++)
        used += (size_t)snprintf(list + used, sizeof list - used,
                                 *p == ',' ? ", " : "%c", *p);
    list[used < sizeof list ? used : sizeof list - 1] = 0;
    return msg_error("%s: \"%s\" is not one of %s", opt, s, list);
}

static int takes_value(const struct opt *r)
{
    return r->kind != OPT_FLAG && !(r->kind == OPT_CALL && !r->arg);
}

/* store one value of row r; name is "--NAME" for messages */
static int store(const struct opt_cmd *c, const struct opt *r,
                 const char *val)
{
    char name[64];
    snprintf(name, sizeof name, "--%s", r->name);
    long long x;
    switch (r->kind) {
    case OPT_FLAG:
        *(int *)r->target = 1;
        return 0;
    case OPT_INT:
        if (opts_int(name, val, r->lo, r->hi, &x))
            return 1;
        *(int *)r->target = (int)x;
        return 0;
    case OPT_LLONG:
        return opts_int(name, val, r->lo, r->hi, (long long *)r->target);
    case OPT_DOUBLE:
        return opts_double(name, val, r->dlo, r->dhi, (double *)r->target);
    case OPT_STRING:
        *(const char **)r->target = val;
        return 0;
    case OPT_LIST:
        return list_add((struct opt_list *)r->target, val);
    case OPT_CHOICE:
        return opts_choice(name, val, r->choices, (int *)r->target);
    case OPT_CALL:
        return r->call(c->ctx, r, val) != 0;
    }
    return 1;
}

/* the row whose getopt value is v (its letter, or 256 + its index) */
static const struct opt *row_of(const struct opt *t, int v)
{
    for (int i = 0; t[i].name; i++)
        if ((t[i].letter && t[i].letter == v) || 256 + i == v)
            return &t[i];
    return NULL;
}

int opts_parse(const struct opt_cmd *c, int argc, char **argv)
{
    const struct opt *t = c->opts;
    int n = 0;
    while (t[n].name)
        n++;
    struct option *lo = calloc((size_t)n + 2, sizeof *lo);
    char *so = malloc(3 * (size_t)n + 4);
    if (!lo || !so) {
        free(lo);
        free(so);
        return msg_error("out of memory"), OPTS_ERROR;
    }
    /* ':' first: a missing value returns ':' and getopt prints nothing */
    char *p = so;
    *p++ = ':';
    for (int i = 0; i < n; i++) {
        lo[i].name = t[i].name;
        lo[i].has_arg = takes_value(&t[i]) ? required_argument : no_argument;
        lo[i].val = t[i].letter ? t[i].letter : 256 + i;
        if (t[i].letter) {
            *p++ = (char)t[i].letter;
            if (takes_value(&t[i]))
                *p++ = ':';
        }
    }
    *p++ = 'h';
    *p = 0;
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};

    int rc = 0;
    opterr = 0;
    optind = 0;   /* glibc: start afresh (a process may parse twice) */
    for (int v; rc == 0 && (v = getopt_long(argc, argv, so, lo, NULL)) != -1;) {
        const struct opt *r = row_of(t, v);
        if (v == 'h' && !r) {
            opts_help(c, stdout);
            rc = OPTS_HELP;
        } else if (v == ':') {
            r = row_of(t, optopt);
            rc = OPTS_ERROR;
            msg_error("%s: --%s needs a value (%s)", c->name,
                      r ? r->name : "?", r && r->arg ? r->arg : "");
        } else if (v == '?') {
            rc = OPTS_ERROR;
            r = optopt ? row_of(t, optopt) : NULL;
            if (r)
                msg_error("%s: --%s takes no value", c->name, r->name);
            else if (optopt)
                msg_error("%s: unknown option '-%c' (see cogov %s --help)",
                          c->name, optopt, c->name);
            else
                msg_error("%s: unknown option '%s' (see cogov %s --help)",
                          c->name, argv[optind - 1], c->name);
        } else if (!r || store(c, r, takes_value(r) ? optarg : NULL)) {
            rc = OPTS_ERROR;
        }
    }
    free(lo);
    free(so);
    return rc ? rc : optind;
}

/* the left column of a row: "  -o, --output=FILE" */
static int left(const struct opt *r, char *buf, size_t n)
{
    return snprintf(buf, n, "  %c%c%s--%s%s%s", r->letter ? '-' : ' ',
                    r->letter ? r->letter : ' ', r->letter ? ", " : "  ",
                    r->name, r->arg ? "=" : "", r->arg ? r->arg : "");
}

void opts_help(const struct opt_cmd *c, FILE *f)
{
    enum { COL = 26 };
    static const struct opt help = {"help", 'h', OPT_FLAG, NULL,
                                    "print this help and exit", .target = NULL};
    fputs(c->usage, f);
    if (c->about)
        fprintf(f, "\n%s", c->about);
    fputs("\noptions:\n", f);
    for (int i = 0;; i++) {
        const struct opt *r = c->opts[i].name ? &c->opts[i] : &help;
        char buf[128];
        int w = left(r, buf, sizeof buf);
        fputs(buf, f);
        /* a long left column puts the help on the next line */
        if (w + 2 > COL)
            fprintf(f, "\n%*s", COL, "");
        else
            fprintf(f, "%*s", COL - w, "");
        for (const char *s = r->help; *s; s++) {
            fputc(*s, f);
            if (*s == '\n' && s[1])
                fprintf(f, "%*s", COL, "");
        }
        if (!*r->help || r->help[strlen(r->help) - 1] != '\n')
            fputc('\n', f);
        if (r == &help)
            break;
    }
    if (c->more)
        fprintf(f, "\n%s", c->more);
}
