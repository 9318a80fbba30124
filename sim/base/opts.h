/* Command-line options from a table, shared by every command (cli/,
 * study/, demo/, post/, bench/). A command declares one row per option
 * (long name, short letter, kind of argument, help text, where the value
 * goes); opts_parse reads argv with glibc's getopt_long (GNU conventions:
 * --days=10, --days 10, -qo out.h5, unique prefixes of long names,
 * operands anywhere, -- ends options) and opts_help prints the --help
 * text from the same table, so the two cannot drift apart. */
#ifndef COGOV_OPTS_H
#define COGOV_OPTS_H

#include <stdio.h>

enum opt_kind {
    OPT_FLAG,    /* int *: set to 1; takes no value */
    OPT_INT,     /* int *: an integer in [lo, hi] */
    OPT_LLONG,   /* long long *: an integer in [lo, hi] */
    OPT_DOUBLE,  /* double *: a finite number in [dlo, dhi] */
    OPT_STRING,  /* const char **: the value (the last one given wins) */
    OPT_LIST,    /* struct opt_list *: every value, in order (repeatable) */
    OPT_CHOICE,  /* int *: the index of the value in choices */
    OPT_CALL,    /* call(ctx, row, value): anything else; value NULL when
                    arg is NULL (a flag) */
};

struct opt {
    const char *name;   /* long name without "--"; NULL ends the table */
    int letter;         /* short option letter, or 0 */
    enum opt_kind kind;
    const char *arg;    /* the value's name in the help ("N", "FILE");
                           NULL for a flag (OPT_FLAG, or OPT_CALL w/o) */
    const char *help;   /* one or more lines ('\n' between them) */
    void *target;
    long long lo, hi;   /* range of OPT_INT / OPT_LLONG */
    double dlo, dhi;    /* range of OPT_DOUBLE */
    const char *choices;   /* OPT_CHOICE: "text,markdown,csv" */
    /* OPT_CALL: returns 0, or non-zero after printing an error */
    int (*call)(void *ctx, const struct opt *row, const char *value);
};

/* A command: its messages say "NAME: ..." and point to cogov NAME --help. */
struct opt_cmd {
    const char *name;    /* "run", "sweep run" */
    const char *usage;   /* printed first, verbatim ("usage: cogov ...\n") */
    const char *about;   /* paragraphs between the usage and the options */
    const struct opt *opts;
    const char *more;    /* paragraphs after the options, or NULL */
    void *ctx;           /* passed to OPT_CALL rows */
};

/* The values of an OPT_LIST option; free with opt_list_free. */
struct opt_list {
    const char **v;      /* pointers into argv (not owned) */
    int n, cap;
};
void opt_list_free(struct opt_list *l);

enum { OPTS_ERROR = -1, OPTS_HELP = -2 };

/* Parse argv[1..argc) (argv[0] is the command's name) against c->opts,
 * plus -h/--help. getopt_long moves the operands to the end: on success
 * the result is the index of the first one (argv[result..argc) are the
 * operands, in their order). After -h/--help the help is printed on
 * stdout and the result is OPTS_HELP; after a bad option or value one
 * line is printed on stderr and the result is OPTS_ERROR. */
int opts_parse(const struct opt_cmd *c, int argc, char **argv);

/* The exit status of a command whose opts_parse returned r < 0. */
static inline int opts_status(int r) { return r == OPTS_HELP ? 0 : 1; }

/* The whole --help text of c. */
void opts_help(const struct opt_cmd *c, FILE *f);

/* Read s as a whole integer in [lo, hi] / a finite number in [lo, hi]
 * into *out; otherwise print one line naming opt and return 1
 * ("cogov: --days: \"10x\" is not an integer"). */
int opts_int(const char *opt, const char *s, long long lo, long long hi,
             long long *out);
int opts_double(const char *opt, const char *s, double lo, double hi,
                double *out);

/* The index of s in the comma-separated choices into *out; otherwise
 * one line naming opt and the choices, and 1. */
int opts_choice(const char *opt, const char *s, const char *choices,
                int *out);

/* -h, --help or help */
int opt_is_help(const char *arg);

#endif
