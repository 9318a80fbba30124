/* Huge pages for the arrays the walk over the ties reads
 * (docs/PERFORMANCE.md, "Session 19"): a world large enough asks the
 * kernel for transparent huge pages for its resident arena and its ties
 * (the grown ties and arrival days go through the same call when they
 * are at least two huge pages), and the kernel records the request on
 * the mapping (the "hg" flag of /proc/self/smaps, set by
 * madvise(MADV_HUGEPAGE) whatever THP's current mode). On a kernel
 * without THP the request cannot be made and the test says so and
 * passes: it is only a hint. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* 1: the mapping holding address a carries the "hg" flag; 0: it does
 * not; -1: no mapping holds it (or no /proc). */
static int huge_advised(const void *a)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int inside = 0, found = -1;
    const uintptr_t x = (uintptr_t)a;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {   /* a mapping */
            inside = x >= lo && x < hi;
            continue;
        }
        if (inside && !strncmp(line, "VmFlags:", 8)) {
            found = strstr(line, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    return found;
}

/* Does this kernel take the advice at all (THP built in, madvise
 * allowed)? Probed on a mapping of the test's own. */
static int thp_available(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f)
        return 0;
    fclose(f);
    const size_t n = (size_t)8 << 20;
    void *m = mmap(NULL, n, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 0;
    int ok = madvise(m, n, MADV_HUGEPAGE) == 0 && huge_advised(m) == 1;
    munmap(m, n);
    return ok;
}

TEST(test_walk_arrays_ask_for_huge_pages)
{
    if (!thp_available()) {
        printf("  this kernel takes no huge-page advice (no THP, or "
               "madvise refused): nothing to check (skipped)\n");
        return;
    }
    struct params p;
    small_params(&p, 300000, 4);   /* arena about 18 MB, ties 9.6 MB */
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    /* the advice covers the whole pages inside each block, so look in
     * the middle of each array */
    const uint32_t mid = w->n_res / 2;
    int arena = huge_advised(w->r.trust_gov + mid);
    int ties = huge_advised(w->r.ties + w->r.tie_start[mid]);
    printf("  hg flag: arena %d, ties %d\n", arena, ties);
    CHECK(arena == 1);
    CHECK(ties == 1);
    world_free(w);
}

/* A small world asks for nothing: its arrays are smaller than two huge
 * pages, and a huge page is backed whole. */
TEST(test_small_world_asks_for_none)
{
    struct params p;
    small_params(&p, 2000, 2);
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    CHECK(huge_advised(w->r.trust_gov + w->n_res / 2) == 0);
    world_free(w);
}

UNIT_MAIN(test_small_world_asks_for_none, test_walk_arrays_ask_for_huge_pages)
