/* Helpers shared by the subcommands of the `cogov` command: one-line
 * errors, loading a scenario with --set overrides, the memory check. */
#ifndef COGOV_CLI_H
#define COGOV_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "params.h"

#ifndef COGOV_VERSION
#define COGOV_VERSION "unknown"
#endif
#ifndef COGOV_GIT_REV
#define COGOV_GIT_REV "unknown"
#endif
#define COGOV_VERSION_STRING COGOV_VERSION " (" COGOV_GIT_REV ")"

/* Print "cogov: MESSAGE" on stderr; returns 1 (an exit status). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* -h, --help or help */
int cli_is_help(const char *arg);

/* Defaults, then the scenario file (may be NULL), then the sets; checked
 * and validated. name receives the scenario name (key `name`, else the
 * file name without extension). 0, or 1 after printing the error. */
int cli_load(const char *scenario, const char *const *sets, int nsets,
             struct params *p, char *name, size_t namelen);

/* "key=value" for a --set list, from an option such as --days. NULL
 * after printing the error. Ownership: the caller frees the string. */
char *cli_set_pair(const char *key, const char *value);

/* Refuse up front a population this machine cannot hold. 0 or 1. */
int cli_check_memory(const struct params *p);

/* Write s as one CSV field (RFC 4180): quoted, quotes doubled, when it
 * holds a comma, a quote or a line break. */
void cli_csv_field(FILE *f, const char *s);

/* Subcommands defined outside main.c: argv[0] is the command name. */
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_patterns(int argc, char **argv);

#endif
