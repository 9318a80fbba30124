/* One-line messages of the command: "cogov: MESSAGE" on stderr. Every
 * layer that reports to the user (commands, sweeps, the demo) prints
 * through here, so messages look alike. */
#ifndef COGOV_MSG_H
#define COGOV_MSG_H

/* Print "cogov: MESSAGE" and a newline on stderr; returns 1 (an exit
 * status), so a command can `return msg_error(...)`. */
int msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
