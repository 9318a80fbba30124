/* Allocation, growth and release of the world; the chunk partition that
 * every parallel loop and reduction uses (docs/MODEL.md, "Scheduling").
 * Nothing here draws or decides: setup.c assembles the model. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/mman.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "model/world.h"

/* Chunks: each community cut into pieces of at most CHUNK residents. */
int world_chunks(struct world *w)
{
    uint32_t n = 0;
    for (uint32_t c = 0; c < w->n_comm; c++)
        n += (w->comm[c].n + CHUNK - 1) / CHUNK;
    w->chunks = malloc((n ? n : 1) * sizeof *w->chunks);
    if (!w->chunks)
        return -1;
    n = 0;
    for (uint32_t c = 0; c < w->n_comm; c++) {
        uint32_t a = w->comm[c].first, b = a + w->comm[c].n;
        for (uint32_t s = a; s < b; s += CHUNK) {
            w->chunks[n].first = s;
            w->chunks[n].end = s + CHUNK < b ? s + CHUNK : b;
            w->chunks[n].community = c;
            n++;
        }
    }
    w->n_chunks = n;
    w->chunk_count = calloc(n ? n : 1, sizeof *w->chunk_count);
    w->chunk_vol = calloc(n ? n : 1, sizeof *w->chunk_vol);
    w->obs_partial = calloc(n ? n : 1, sizeof *w->obs_partial);
    if (!w->chunk_count || !w->chunk_vol || !w->obs_partial)
        return -1;
    return 0;
}

#define ALLOC(ptr, count)                                                   \
    do {                                                                    \
        size_t alloc_n_ = (size_t)(count);                                  \
        (ptr) = calloc(alloc_n_ ? alloc_n_ : 1, sizeof *(ptr));             \
        if (!(ptr))                                                         \
            goto oom;                                                       \
    } while (0)

/* The per-resident arrays of struct residents in one allocation
 * (r->arena, zeroed), each starting on a page plus a different multiple
 * of 320 bytes: arrays of their own would all start at the same offset
 * in a page, so element i of every array would fall into the same set of
 * the L1 cache, and a pass that walks a dozen of them at once (phase 11's,
 * docs/PERFORMANCE.md) would evict its own lines. 0 or -1 (memory). */
static int residents_place(struct residents *r, size_t n, int records,
                           int buffers)
{
    char *base = NULL;
    for (int pass = 0; pass < 2; pass++) {
        /* slot from 2: each array keeps the offset in its page it had
         * when the community and building arrays came first */
        size_t at = 0, slot = 2;
#define PLACE(ptr, count)                                                   \
    do {                                                                    \
        at = ((at + 4095) & ~(size_t)4095) + slot++ * 320 % 4096;           \
        if (base)                                                           \
            (ptr) = (void *)(base + at);                                    \
        at += (size_t)(count) * sizeof *(ptr);                              \
    } while (0)
        PLACE(r->flags, n);
        PLACE(r->trust_gov, n);
        PLACE(r->trust_com, n);
        PLACE(r->satisfaction, n);
        if (records) {   /* the pass writes in place (world.h) */
            PLACE(r->view, n);
        } else if (!buffers) {   /* else in community buffers (world.h) */
            PLACE(r->next_trust_gov, n);
            PLACE(r->next_trust_com, n);
            PLACE(r->next_satisfaction, n);
        }
        PLACE(r->efficacy, n);
        PLACE(r->threshold, n);
        PLACE(r->grievance, n);
        PLACE(r->volunteer_hours, n);
        PLACE(r->overdue, n);
        PLACE(r->participating, n);
        PLACE(r->participated, n);
        PLACE(r->arrivals, n);
        PLACE(r->tie_start, n + 1);
#undef PLACE
        if (!base) {
            base = calloc(1, at);
            if (!base)
                return -1;
            world_huge_pages(base, at);
            r->arena = base;
        }
    }
    return 0;
}

int world_alloc(struct world **out, const struct params *p, char *err,
                size_t errlen)
{
    struct world *w = calloc(1, sizeof *w);
    *out = NULL;
    if (!w) {
        snprintf(err, errlen, "out of memory allocating the world");
        return -1;
    }
    w->p = p;
    w->seed = (uint64_t)p->seed;
    w->population_seed = w->seed;
    w->n_res = (uint32_t)p->population.residents;
    w->n_comm = (uint32_t)p->population.communities;
    w->transit.by_ready = 1;

    struct residents *r = &w->r;
    size_t n = w->n_res;
    int records = world_tie_records(p, err, errlen);
    int buffers = world_community_buffers(p, err, errlen);
    if (records < 0 || buffers < 0) {
        world_free(w);
        return -1;
    }
    ALLOC(w->comm, w->n_comm);
    if (residents_place(r, n, records, buffers))
        goto oom;
    ALLOC(w->rate_total, (size_t)w->n_comm * 16);
    ALLOC(w->rate_cum, (size_t)w->n_comm * 16 * N_DOMAINS);

    *out = w;
    return 0;
oom:
    snprintf(err, errlen,
             "out of memory initialising %u residents (see `cogov run "
             "--help` for the memory estimate)",
             w->n_res);
    world_free(w);
    return -1;
}

/* The threads a parallel region of the run may have. */
static int world_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* The environment variable name: 1 (on), 0 (off), 2 (unset, empty or
 * auto), -1 with a message in err (anything else). */
static int env_switch(const char *name, char *err, size_t errlen)
{
    const char *v = getenv(name);
    if (!v || !*v || !strcmp(v, "auto"))
        return 2;
    if (!strcmp(v, "on"))
        return 1;
    if (!strcmp(v, "off"))
        return 0;
    snprintf(err, errlen,
             "environment variable %s=%.40s: not on, off or auto", name, v);
    return -1;
}

int world_tie_records(const struct params *p, char *err, size_t errlen)
{
    int v = env_switch("COGOV_TIE_RECORDS", err, errlen);
    if (v != 2)
        return v;
    return p->population.residents >=
           (double)TIE_RECORDS_MIN_COMMUNITY * p->population.communities;
}

int world_community_buffers(const struct params *p, char *err,
                            size_t errlen)
{
    int records = world_tie_records(p, err, errlen);
    int v = env_switch("COGOV_COMMUNITY_BUFFERS", err, errlen);
    if (records < 0 || v < 0)
        return -1;
    if (records)
        return 0;
    return v != 2 ? v
                  : p->population.residents >= BUFFERS_MIN_RESIDENTS &&
                        p->population.communities >=
                            (int64_t)BUFFERS_COMMUNITIES_A_THREAD *
                                world_threads();
}

void world_places(const struct world *w, uint32_t *community,
                  uint32_t *building)
{
    for (uint32_t c = 0; c < w->n_comm; c++)
        for (uint32_t i = w->comm[c].first;
             i < w->comm[c].first + w->comm[c].n; i++) {
            if (community)
                community[i] = c;
            if (building)
                building[i] = world_building_of(w, c, i);
        }
}

double world_memory_estimate(const struct params *p)
{
    double n = (double)p->population.residents;
    double ties = (double)(p->population.ties_building +
                           p->population.ties_community);
    char err[160];
    /* resident arrays (see struct residents): three floats of today's
     * values, or the tie record (16 B) in their place, or neither with
     * community buffers; tie rows */
    const int records = world_tie_records(p, err, sizeof err) > 0;
    const int buffers = world_community_buffers(p, err, sizeof err) > 0;
    double per_res = 1 + 11 * sizeof(float) + 4 + 3 + 4 * ties +
                     (records   ? sizeof(struct tie_view)
                      : buffers ? 0
                                : 3 * sizeof(float));
    /* the community buffers, one a thread, of the largest community:
     * taken as a weight of 1 + 6 sd against a mean of at least 1
     * (population.c draws the weights) */
    double buffer_res = 0;
    if (buffers) {
        buffer_res = n * (1 + 6 * p->population.community_size_sd) /
                     (double)p->population.communities;
        if (buffer_res > n)
            buffer_res = n;
        buffer_res *= world_threads();
    }
    /* matter pool: the worst case keeps every matter until max_age */
    double rate = 0;
    for (int d = 0; d < N_DOMAINS; d++)
        rate += p->domains[d].rate;
    double matters = n * rate * 0.5 * (double)p->max_age;
    /* social-worker posts: stations, contracts' staff, the organisations
     * of day 0 (twice, for the growth of their arrays) */
    double posts = p->socialwork.station_per_10k * n / 1e4 +
                   p->purchase.staff_share * p->purchase.budget_per_year *
                       (p->purchase.budget_change_factor > 1
                            ? p->purchase.budget_change_factor
                            : 1) /
                       p->socialwork.salary +
                   ((double)p->socorg.initial_professional +
                    p->socorg.initial_grassroots *
                        (double)p->population.communities) *
                       p->socorg.initial_workers;
    return n * per_res + buffer_res * 3 * sizeof(float) +
           matters * (sizeof(struct matter) + 8) +
           2 * posts * sizeof(struct social_worker) + 64e6;
}

/* Ask the kernel for transparent huge pages (2 MiB) for the whole pages
 * inside [p, p + bytes). The walk over the ties reads its residents at
 * random within a community: with 4 KiB pages nearly every read of a
 * community of 500 000 misses the TLB as well as the cache; with huge
 * pages 30 days of ten million residents took about 15% less time
 * (docs/PERFORMANCE.md, "Session 19", "Huge pages"). Only a request: under THP
 * "never", or where madvise fails, nothing changes, and no result
 * depends on it. */
void world_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (!p || bytes < 2 * huge)
        return;
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t b = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void world_chunk_shares(const struct world *w, uint32_t n, uint32_t *shares)
{
    const uint32_t *tie_start = w->r.tie_start;
    const uint64_t total = (uint64_t)tie_start[w->n_res] + w->n_res;
    uint32_t k = 0;
    for (uint32_t t = 0; t < n; t++) {
        /* share t: the chunks that start before its end of the work */
        const uint64_t hi = total * (t + 1) / n;
        shares[t] = k;
        while (k < w->n_chunks &&
               (uint64_t)tie_start[w->chunks[k].first] +
                       w->chunks[k].first < hi)
            k++;
        shares[n + t] = k;
    }
}

void *world_scratch(struct world *w, size_t bytes)
{
    if (bytes > w->scratch_bytes) {
        size_t n = bytes + bytes / 4;
        void *b = realloc(w->scratch, n);
        if (!b)
            world_out_of_memory("working memory of a phase", n);
        w->scratch = b;
        w->scratch_bytes = n;
    }
    return w->scratch;
}

/* Grow *buf (of *cap elements of size sz) to hold at least need. Growth
 * is geometric so the day loop allocates rarely; failure is fatal to the
 * run (out of memory), reported by the caller's up-front estimate. */
void *world_grow(void *buf, uint32_t *cap, uint32_t need, size_t sz)
{
    if (need <= *cap)
        return buf;
    uint32_t c = *cap ? *cap : 1024;
    while (c < need)
        c = c > UINT32_MAX / 2 ? UINT32_MAX : c * 2;
    void *nb = realloc(buf, (size_t)c * sz);
    if (!nb)
        world_out_of_memory("a growing array", (size_t)c * sz);
    *cap = c;
    return nb;
}

/* Release a queue's arrays (the queue is left empty). */
void mqueue_free(struct mqueue *q)
{
    free(q->slot);
    free(q->key);
    q->slot = NULL;
    q->key = NULL;
    q->n = q->cap = q->key_cap = 0;
    q->load = 0;
}

void world_free(struct world *w)
{
    if (!w)
        return;
    struct residents *r = &w->r;
    free(r->arena);
    free(r->ties);
    free(r->grown);
    free(r->grown_day);
    free(r->last_attended);
    free(r->arrival);
    free(w->visits);
    free(r->unit_count);
    free(r->unit_items);
    if (w->comm)
        for (uint32_t c = 0; c < w->n_comm; c++) {
            mqueue_free(&w->comm[c].committee_q);
            mqueue_free(&w->comm[c].agenda_q);
            mqueue_free(&w->comm[c].volunteer_q);
            mqueue_free(&w->comm[c].mediation_q);
            free(w->comm[c].platform);
        }
    for (uint32_t k = 0; k < w->n_orgs; k++)
        mqueue_free(&w->orgs[k].q);
    free(w->orgs);
    free(w->contracts);
    free(w->workers);
    free(w->projects);
    free(w->units);
    free(w->comm);
    free(w->chunks);
    free(w->rate_total);
    free(w->rate_cum);
    free(w->m);
    free(w->free_slots);
    free(w->ages);
    free(w->abandoned_ages);
    free(w->chunk_count);
    free(w->chunk_vol);
    free(w->obs_partial);
    free(w->new_slots);
    free(w->held);
    free(w->scratch);
    free(w->mact);
    free(w->owner_bits);
    mqueue_free(&w->gov_q);
    mqueue_free(&w->transit);
    free(w);
}

void world_out_of_memory(const char *what, size_t bytes)
{
    /* no stdio buffers, no exit handlers: memory is gone, and this may run
     * inside a parallel region */
    char line[256];
    int n = snprintf(line, sizeof line, "cogov: out of memory during the "
                     "run: %s (%zu bytes) could not be allocated; lower "
                     "population.residents or free memory\n", what, bytes);
    if (n > 0 && write(2, line, (size_t)n < sizeof line ? (size_t)n
                                                        : sizeof line - 1))
        _Exit(1);
    _Exit(1);
}
