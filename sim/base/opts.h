/* Command-line option helpers shared by every command (cli/, study/,
 * demo/, post/). */
#ifndef COGOV_OPTS_H
#define COGOV_OPTS_H

/* -h, --help or help */
int opt_is_help(const char *arg);

#endif
