/* Loading a scenario: the defaults of the parameter table, then the
 * scenario file (with its `base` chain), then --set overrides, checked
 * and validated (docs/MODEL.md, "Input"). */
#ifndef COGOV_SCENARIO_H
#define COGOV_SCENARIO_H

#include <stddef.h>

#include "base/params.h"

/* Defaults, then the scenario file (may be NULL), then the sets; checked
 * and validated. name receives the scenario name (key `name`, else the
 * file name without extension). 0, or 1 after printing the error. */
int scenario_load(const char *scenario, const char *const *sets, int nsets,
                  struct params *p, char *name, size_t namelen);

/* The name of a scenario: key, the value of its key `name`, when not
 * empty, else the file name of path without folder and extension, else
 * (path NULL) "defaults". */
void scenario_name(const char *path, const char *key, char *name,
                   size_t namelen);

/* "key=value" for a --set list, from an option such as --days. NULL
 * after printing the error. Ownership: the caller frees the string. */
char *scenario_set_pair(const char *key, const char *value);

#endif
