/* The up-front memory check of a run (see sim.h): refuse a population
 * this machine cannot hold before anything is allocated or written. */
#include <stdio.h>

#include "base/msg.h"
#include "engine/sim.h"
#include "model/world.h"

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

int sim_memory_check(const struct params *p, char *err, size_t errlen)
{
    double ties = (double)p->population.residents *
                  (double)(p->population.ties_building +
                           p->population.ties_community);
    if (ties >= 4294967295.0) {
        snprintf(err, errlen, "population.residents x (ties_building + "
                 "ties_community) = %.0f ties exceeds the 2^32 the tie "
                 "index holds; lower one of them", ties);
        return -1;
    }
    double need = world_memory_estimate(p);
    long long avail = mem_available();
    if (avail > 0 && need > (double)avail) {
        snprintf(err, errlen, "population.residents = %lld needs about "
                 "%.1f GiB but this machine has %.1f GiB available; lower "
                 "population.residents", (long long)p->population.residents,
                 need / 1073741824.0, (double)avail / 1073741824.0);
        return -1;
    }
    return 0;
}

int sim_check_memory(const struct params *p)
{
    char err[256];
    return sim_memory_check(p, err, sizeof err) ? msg_error("%s", err) : 0;
}
