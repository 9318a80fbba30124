/* Scenario configuration: one declarative parameter table, libconfig files
 * that override its defaults (with `base = "other.cfg";` inheritance), and
 * `--set key=value` overrides. Loading, validation, `cogov config
 * --defaults` and the parameter section of docs/MODEL.md all come from the
 * table (docs/MODEL.md, section "Input"). */
#ifndef COGOV_CONFIG_H
#define COGOV_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum param_type {
    PARAM_BOOL,   /* stored as int (0/1); libconfig true/false */
    PARAM_INT,    /* stored as int64_t */
    PARAM_FLOAT,  /* stored as double; an integer literal is accepted */
    PARAM_ENUM,   /* stored as int (index into choices "a|b|c") */
    PARAM_STRING  /* stored as char[PARAM_STRING_MAX] */
};

#define PARAM_STRING_MAX 128

/* One row of a parameter table. Rows are written with the PINT, PFLOAT,
 * PBOOL, PENUM and PSTRING macros below. */
struct param_def {
    const char *key;      /* dotted path: "population.migrant_share" */
    enum param_type type;
    size_t offset;        /* offsetof(PARAM_STRUCT, field) */
    int64_t idef, imin, imax; /* INT, BOOL (0/1), ENUM (index) */
    double fdef, fmin, fmax;  /* FLOAT */
    const char *sdef;     /* STRING default */
    const char *choices;  /* ENUM: "local|global" */
    const char *units;    /* "" when dimensionless */
    const char *desc;     /* one line */
    unsigned flags;       /* PARAM_FIXED_AFTER_DAY0, PARAM_PASSIVE, and
                             PARAM_OWNED_BY(switches) */
};

/* Properties of a row that the loader does not enforce but the engine
 * reads from the row (a fork of a checkpoint, a change schedule), and the
 * Markdown table shows. A row has at most one of them. */
#define PARAM_FIXED_AFTER_DAY0 1u /* shapes only the initial state (day 0):
                                     a fork or a change cannot alter it */
#define PARAM_PASSIVE 2u          /* acts on neither the state nor its
                                     dynamics (names, run length, output) */
/* The switches that own a row: bit i stands for the BOOL row named
 * switches[i] of the table (struct param_table). An owned row is read
 * only while one of its switches is on, or about state that only those
 * switches make, so a run with all of them off throughout does not
 * depend on its value (config_row_active). A switch may itself be owned
 * (a sub-switch); a PASSIVE row has no owner. */
#define PARAM_OWNER_SHIFT 8
#define PARAM_OWNED_BY(switches) ((unsigned)(switches) << PARAM_OWNER_SHIFT)
#define PARAM_MAX_SWITCHES 24

/* The struct the table describes; a test may define PARAM_STRUCT to its own
 * struct before using the row macros. */
#ifndef PARAM_STRUCT
#define PARAM_STRUCT struct params
#endif

/* Row macros; the *_FL forms take the flags first, and PFLAGS(fl, M, ...)
 * is row macro M (PINT, PFLOAT, ...) with flags fl. */
#define PINT_FL(fl, k, field, d, lo, hi, u, desc)                           \
    {k, PARAM_INT, offsetof(PARAM_STRUCT, field), d, lo, hi, 0, 0, 0,     \
     NULL, NULL, u, desc, fl}
#define PFLOAT_FL(fl, k, field, d, lo, hi, u, desc)                         \
    {k, PARAM_FLOAT, offsetof(PARAM_STRUCT, field), 0, 0, 0, d, lo, hi,   \
     NULL, NULL, u, desc, fl}
#define PBOOL_FL(fl, k, field, d, desc)                                     \
    {k, PARAM_BOOL, offsetof(PARAM_STRUCT, field), d, 0, 1, 0, 0, 0,      \
     NULL, NULL, "", desc, fl}
#define PENUM_FL(fl, k, field, d, choices, desc)                            \
    {k, PARAM_ENUM, offsetof(PARAM_STRUCT, field), d, 0, 0, 0, 0, 0,      \
     NULL, choices, "", desc, fl}
#define PSTRING_FL(fl, k, field, d, desc)                                   \
    {k, PARAM_STRING, offsetof(PARAM_STRUCT, field), 0, 0, 0, 0, 0, 0,    \
     d, NULL, "", desc, fl}
#define PINT(k, field, d, lo, hi, u, desc)                                  \
    PINT_FL(0, k, field, d, lo, hi, u, desc)
#define PFLOAT(k, field, d, lo, hi, u, desc)                                \
    PFLOAT_FL(0, k, field, d, lo, hi, u, desc)
#define PBOOL(k, field, d, desc) PBOOL_FL(0, k, field, d, desc)
#define PENUM(k, field, d, choices, desc)                                   \
    PENUM_FL(0, k, field, d, choices, desc)
#define PSTRING(k, field, d, desc) PSTRING_FL(0, k, field, d, desc)
#define PFLAGS(fl, M, ...) M##_FL(fl, __VA_ARGS__)

/* Where a resolved value came from, one per table row. */
struct param_origin {
    char file[256];  /* "" for the built-in default, "--set" for overrides */
    int line;        /* 0 when not from a file */
};

/* A parameter table together with the struct it describes. The engine's
 * table is params_table() in sim/params.c; tests may pass their own. */
/* A key the table once had: setting it fails with `why` (what became of
 * it and the reason), not as an unknown key. */
struct param_removed {
    const char *key, *why;
};

struct param_table {
    const struct param_def *rows;
    size_t n;
    size_t struct_size;
    const struct param_removed *removed;  /* may be NULL */
    size_t n_removed;
    const char *const *switches;  /* keys of the owning switches (BOOL
                                     rows), by bit; may be NULL */
    size_t n_switches;            /* at most PARAM_MAX_SWITCHES */
};

#define CONFIG_ERR_MAX 1024

/* Fill `obj` (a struct of t->struct_size bytes) with every default. */
void config_defaults(const struct param_table *t, void *obj);

/* Apply the scenario file `path` (and, first, its `base` chain) on top of
 * what `obj` holds, then the `nsets` assignments "key=value" of `sets`.
 * `path` may be NULL (defaults plus sets only). `origins` (n rows, may be
 * NULL) records where each value came from; rows this call does not set
 * keep what they held, so zero it next to config_defaults. On error returns
 * -1 and writes one message naming file, line, key and what is allowed into
 * err; obj is then unspecified (this implementation leaves obj and origins
 * unchanged). Returns 0 on success. The table is checked first
 * (config_check_table).
 *
 * File rules (details in sim/base/config_load.c): `base = "other.cfg";` at top level
 * names a file, relative to the including file's directory, whose values
 * load first; `@include` is refused; an INT key also takes an exactly
 * integral float literal within +-2^53 (1e6); an integer literal beyond 64
 * bits is an error, never silently wrapped. */
int config_load(const struct param_table *t, void *obj, const char *path,
                const char *const *sets, int nsets,
                struct param_origin *origins, char *err, size_t errlen);

/* Apply one "key=value" assignment, checked like a file entry. */
int config_set(const struct param_table *t, void *obj, const char *assign,
               struct param_origin *origins, char *err, size_t errlen);

/* Write obj as libconfig text with nested groups, in table order. With
 * comments, each key is preceded by "# description [units] (range)" lines,
 * and the text is a valid scenario file (`cogov config --defaults`). */
int config_print(const struct param_table *t, const void *obj, FILE *f,
                 int with_comments);

/* The same text in a malloc'd string (caller frees). NULL on OOM, on a bad
 * table, or when obj holds what a scenario cannot express (a float that is
 * not finite, an enum index out of range, an unterminated string); then
 * config_print returns -1 and writes nothing. */
char *config_to_string(const struct param_table *t, const void *obj,
                       int with_comments);

/* Markdown table of every row (key, type, default, range, units,
 * description, then "*(fixed after day 0)*" or "*(passive)*" as the
 * row's flags say, and "*(only with X)*" naming its owning switches), for
 * the parameter section of docs/MODEL.md. */
int config_print_markdown(const struct param_table *t, FILE *f);

/* Check the table itself: keys are valid dotted libconfig names, unique,
 * no key is also a group of other keys, `base` is not a top-level key,
 * defaults lie in range, enum choices and string defaults fit, offsets lie
 * inside struct_size, descriptions are one line. Returns 0, or -1 with a
 * message in err. (Added for tests of the engine's table.) */
int config_check_table(const struct param_table *t, char *err, size_t errlen);

/* The switches that own row r (bit i: t->switches[i]); 0: none. */
unsigned config_row_owner(const struct param_def *r);

/* Whether obj may depend on row r: 1 when r has no owner or one of its
 * switches is on in obj (a switch counts as on when its value is true
 * and it is active itself), else 0. Two objects that differ only in rows
 * inactive in both behave alike. The table must pass config_check_table. */
int config_row_active(const struct param_table *t, const void *obj,
                      const struct param_def *r);

/* Row for key, or NULL. */
const struct param_def *config_find(const struct param_table *t,
                                    const char *key);

/* The known key closest to `key` by edit distance (for "did you mean").
 * NULL when nothing is reasonably close. */
const char *config_nearest(const struct param_table *t, const char *key);

/* Why `key` was removed from the table, or NULL if it never was. */
const char *config_removed(const struct param_table *t, const char *key);

/* Store the number v in row r of obj, checked like a file entry: a FLOAT,
 * an INT (whole), a BOOL as 0/1, an ENUM as its choice index. 0, or -1
 * with why = "must be an integer in 1..36500" (or "is a string and cannot
 * be varied"). */
int config_store_number(const struct param_def *r, void *obj, double v,
                        char *why, size_t whylen);

/* Index of v among the choices "a|b|c" of an ENUM row, or -1; the number
 * of choices. */
int config_enum_index(const char *choices, const char *v);
int config_enum_count(const char *choices);

/* The integer literal written for the setting at dotted path key (outside
 * lists and arrays) in libconfig text, read from the text itself since
 * libconfig wraps decimal literals beyond 32 bits: 1 (*v set), 0 when no
 * integer literal is written for key, -1 when it does not fit 64 bits. */
int config_int_literal(const char *text, const char *key, int64_t *v);

#endif
