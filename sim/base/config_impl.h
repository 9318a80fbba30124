/* Inside the configuration layer (include/cogov/config.h is its
 * interface; the rules a user sees are at the top of base/config_load.c),
 * shared by the base/config_*.c files and by nothing else. The files form
 * a stack: util (messages, a growing string, table queries) below table
 * (the table check, defaults, "did you mean") and scan (reading a file and
 * finding the literal of each setting), below value (checking and storing
 * a value, --set, the exports), below load (files and their base chain);
 * print (libconfig text and Markdown) uses util only. */
#ifndef COGOV_CONFIG_IMPL_H
#define COGOV_CONFIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "cogov/config.h"

#define KEY_MAX 256             /* longest dotted key, with its NUL */
#define SHOW_MAX 80             /* bytes of a value shown in a message */

#ifdef __GNUC__
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---- messages, a growing string, table queries (config_util.c) ---- */

/* Write one message into err; always returns -1 so callers can
 * `return cfg_errf(...)` or `rc = cfg_errf(...)`. */
int cfg_errf(char *err, size_t errlen, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

/* A growing string; oom is set (and stays) when memory ran out. */
struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
};
void cfg_sb_putn(struct sbuf *b, const char *s, size_t n);
void cfg_sb_puts(struct sbuf *b, const char *s);
void cfg_sb_printf(struct sbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* s[0..n) as a libconfig string literal, quoted and escaped. */
void cfg_sb_quote(struct sbuf *b, const char *s, size_t n);
/* A string for a one-line message: quoted, escaped, cut at SHOW_MAX. */
void cfg_show_str(char *out, size_t cap, const char *s, int as_typed);
/* Shortest of %.15g/%.16g/%.17g that reads back to x. */
void cfg_fmt_double(char *buf, size_t len, double x, int force_float);

int cfg_find_index(const struct param_table *t, const char *key);
/* First row inside group g, or NULL. */
const char *cfg_group_member(const struct param_table *t, const char *g);
int cfg_enum_count(const char *choices);
/* Choice number idx of "a|b|c" as (start, length); 0 if out of range. */
int cfg_enum_name(const char *choices, int64_t idx, const char **s,
                  size_t *n);
int cfg_enum_index(const char *choices, const char *v);
void cfg_enum_list(const char *choices, char *out, size_t cap);
const char *cfg_type_name(enum param_type ty);
void cfg_range_text(const struct param_def *r, char *out, size_t cap);
/* What a row accepts, for messages: "an integer in 0..100 [persons]". */
void cfg_describe_allowed(const struct param_def *r, char *out, size_t cap);

/* ---- table check, defaults, "did you mean" (config_table.c) ---- */

/* The nearest group name to g, copied into out; 0 when none is close
 * or on OOM. */
int cfg_nearest_group(const struct param_table *t, const char *g,
                      char *out, size_t cap);
/* The message for an unknown key (with a suggestion); returns -1. */
int cfg_unknown_key(const struct param_table *t, const char *where,
                    const char *key, char *err, size_t errlen);

/* ---- reading a file, the literal scanner (config_scan.c) ---- */

/* The whole of path in a malloc'd, NUL-terminated buffer; 0, or -1
 * with errno set. */
int cfg_read_all(const char *path, char **out, size_t *outlen);
/* The length of the valid UTF-8 sequence at s[0..n) (1-4), or 0 when
 * the bytes there are not one. */
size_t cfg_utf8_len(const char *s, size_t n);
/* The offset of the first byte of s[0..n) that does not begin valid
 * UTF-8, or n when all of it is valid. */
size_t cfg_utf8_invalid_at(const char *s, size_t n);
/* UTF-8 text without NUL bytes or a byte-order mark. */
int cfg_check_text(const char *path, const unsigned char *s, size_t n,
                   char *err, size_t errlen);

/* A literal written after `name =` at dotted path key. */
struct lit {
    char *key, *text;
    int line;   /* line of the name, as config_setting_source_line gives */
};

struct scan {
    struct lit *v;
    size_t n, cap;
    int include_line;   /* first @include, 0 if none */
    int dotted_line;    /* first `a.b` written as a name, 0 if none */
    /* first setting beyond SETTINGS_MAX in one group (libconfig looks a
     * new name up among its group's names: 80 000 took 30 s), 0 if none,
     * and that group ("" for the top level) */
    int crowded_line;
    char crowded_group[KEY_MAX];
    /* first string holding a \x00 escape (libconfig would cut it there
     * silently), 0 if none, and the key it is written for */
    int nul_line;
    char nul_key[KEY_MAX];
    int oom;
};
/* Settings one group of a scenario may hold: the largest group of the
 * parameter table has a few dozen. */
#define SETTINGS_MAX 1000
void cfg_scan_free(struct scan *sc);
/* Number of (hex) digits of s from i, before n. */
size_t cfg_digits(const char *s, size_t i, size_t n, int hex);
/* Walk the source as libconfig's scanner does, recording each literal. */
void cfg_scan_source(const char *s, size_t n, struct scan *sc);
const struct lit *cfg_scan_find(const struct scan *sc, const char *key);

/* ---- values: checked and stored one way (config_value.c) ---- */

enum vkind {
    V_NONE,     /* text that is not of the row's type (--set) */
    V_INT,      /* integer that fits int64: i, and f = its double value */
    V_OVERFLOW, /* integer literal beyond int64: f = its double value */
    V_FLOAT,    /* f */
    V_BOOL,     /* i = 0/1 */
    V_STRING    /* s */
};

struct value {
    enum vkind kind;
    int64_t i;
    double f;
    const char *s;
};

/* An integer literal as libconfig writes it: V_INT, V_OVERFLOW or
 * V_NONE (lax: lower-case suffixes too). */
enum vkind cfg_parse_int_literal(const char *s, int lax, int64_t *out,
                                 double *dout);
/* Check v against row r and store it into obj; `what` opens the message.
 * 0 or -1 with err. */
int cfg_store(const struct param_def *r, void *obj, const struct value *v,
              const char *what, char *err, size_t errlen);
void cfg_set_origin(struct param_origin *origins, size_t row,
                    const char *file, int line);

#endif
