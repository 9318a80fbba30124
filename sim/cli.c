/* Helpers shared by the subcommands (see cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "world.h"

int cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("cogov: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

int cli_is_help(const char *a)
{
    return !strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "help");
}

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

int cli_load(const char *scenario, const char *const *sets, int nsets,
             struct params *p, char *name, size_t namelen)
{
    char err[CONFIG_ERR_MAX];
    const struct param_table *t = params_table();
    config_defaults(t, p);
    if (config_load(t, p, scenario, sets, nsets, NULL, err, sizeof err) ||
        params_validate(p, err, sizeof err))
        return cli_error("%s", err);
    if (name) {
        if (p->name[0])
            snprintf(name, namelen, "%s", p->name);
        else if (scenario)
            file_stem(scenario, name, namelen);
        else
            snprintf(name, namelen, "defaults");
    }
    return 0;
}

char *cli_set_pair(const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 2;
    char *s = malloc(n);
    if (!s) {
        cli_error("out of memory");
        return NULL;
    }
    snprintf(s, n, "%s=%s", key, value);
    return s;
}

static long long mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long long kb = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1)
            break;
    fclose(f);
    return kb < 0 ? -1 : kb * 1024;
}

int cli_check_memory(const struct params *p)
{
    double ties = (double)p->population.residents *
                  (double)(p->population.ties_building +
                           p->population.ties_community);
    if (ties >= 4294967295.0)
        return cli_error("population.residents x (ties_building + "
                         "ties_community) = %.0f ties exceeds the 2^32 the "
                         "tie index holds; lower one of them",
                         ties);
    double need = world_memory_estimate(p);
    long long avail = mem_available();
    if (avail > 0 && need > (double)avail)
        return cli_error("population.residents = %lld needs about %.1f GiB "
                         "but this machine has %.1f GiB available; lower "
                         "population.residents",
                         (long long)p->population.residents,
                         need / 1073741824.0, (double)avail / 1073741824.0);
    return 0;
}

void cli_csv_field(FILE *f, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
