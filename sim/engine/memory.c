/* The up-front memory check of a run (see sim.h): refuse a population
 * this machine cannot hold before anything is allocated or written. The
 * limit is the smallest of the memory the kernel reports available, the
 * address-space limit (ulimit -v) less what the process already maps,
 * and the control group's limit (cgroup v2 memory.max, or v1
 * memory.limit_in_bytes) less its usage. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/msg.h"
#include "engine/sim.h"
#include "model/world.h"

/* The first number of file path read with fmt ("%lld"), or -1. */
static long long read_number(const char *path, const char *fmt)
{
    FILE *f = fopen(path, "r");
    char line[256];
    long long v = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, fmt, &v) == 1)
            break;
    fclose(f);
    return v;
}

/* Bytes the control group of this process may still allocate, or -1. */
static long long cgroup_room(void)
{
    char line[512], dir[640];
    FILE *f = fopen("/proc/self/cgroup", "r");
    long long room = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "0::", 3)) { /* cgroup v2 */
            char p[700];
            snprintf(dir, sizeof dir, "/sys/fs/cgroup%s",
                     strcmp(line + 3, "/") ? line + 3 : "");
            snprintf(p, sizeof p, "%s/memory.max", dir);
            long long max = read_number(p, "%lld"); /* "max": -1 */
            snprintf(p, sizeof p, "%s/memory.current", dir);
            long long cur = read_number(p, "%lld");
            if (max > 0)
                room = max - (cur > 0 ? cur : 0);
        }
    }
    fclose(f);
    if (room < 0) { /* cgroup v1 */
        long long max = read_number(
            "/sys/fs/cgroup/memory/memory.limit_in_bytes", "%lld");
        long long cur = read_number(
            "/sys/fs/cgroup/memory/memory.usage_in_bytes", "%lld");
        if (max > 0 && max < (1LL << 60))
            room = max - (cur > 0 ? cur : 0);
    }
    return room;
}

/* Bytes the address-space limit leaves this process, or -1 (none). */
static long long rlimit_room(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return -1;
    long long pages = read_number("/proc/self/statm", "%lld");
    long long used = pages > 0 ? pages * sysconf(_SC_PAGESIZE) : 0;
    long long room = (long long)rl.rlim_cur - used;
    return room > 0 ? room : 0;
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
    const struct {
        long long room;
        const char *what;
    } lim[] = {
        {read_number("/proc/meminfo", "MemAvailable: %lld kB"), "available"},
        {rlimit_room(), "left under the address-space limit (ulimit -v)"},
        {cgroup_room(), "left under the control group's memory limit"},
    };
    int k = -1;
    double room = 0;
    for (int i = 0; i < 3; i++) {
        double r = (double)lim[i].room * (i == 0 ? 1024.0 : 1.0);
        if (lim[i].room >= 0 && (k < 0 || r < room)) {
            k = i;
            room = r;
        }
    }
    if (k >= 0 && need > room) {
        snprintf(err, errlen, "population.residents = %lld needs about "
                 "%.2f GiB but this machine has %.2f GiB %s; lower "
                 "population.residents", (long long)p->population.residents,
                 need / 1073741824.0, room / 1073741824.0, lim[k].what);
        return -1;
    }
    return 0;
}

int sim_check_memory(const struct params *p)
{
    char err[256];
    return sim_memory_check(p, err, sizeof err) ? msg_error("%s", err) : 0;
}
