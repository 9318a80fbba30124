/* The commands that read output files (cogov export, check, plot, report,
 * info): argv[0] is the command name; each returns an exit status. */
#ifndef COGOV_POST_COMMANDS_H
#define COGOV_POST_COMMANDS_H

int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_info(int argc, char **argv);

#endif
