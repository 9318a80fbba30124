/* Loading a scenario (see scenario.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/scenario.h"

/* "scenarios/triage.cfg" -> "triage" */
static void file_stem(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = 0;
}

int scenario_load(const char *scenario, const char *const *sets, int nsets,
                  struct params *p, char *name, size_t namelen)
{
    char err[CONFIG_ERR_MAX];
    const struct param_table *t = params_table();
    config_defaults(t, p);
    if (config_load(t, p, scenario, sets, nsets, NULL, err, sizeof err) ||
        params_validate(p, err, sizeof err))
        return msg_error("%s", err);
    if (name)
        scenario_name(scenario, p->name, name, namelen);
    return 0;
}

void scenario_name(const char *path, const char *key, char *name,
                   size_t namelen)
{
    if (key && key[0])
        snprintf(name, namelen, "%s", key);
    else if (path)
        file_stem(path, name, namelen);
    else
        snprintf(name, namelen, "defaults");
}

char *scenario_set_pair(const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *s = malloc(n);
    if (!s) {
        msg_error("out of memory");
        return NULL;
    }
    snprintf(s, n, "%s=%s", key, value);
    return s;
}
