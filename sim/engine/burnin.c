/* Reuse of burned-in states (burnin.h): keys, the images kept in memory
 * and the cache folder. The state itself is written and read by the
 * checkpoint (checkpoint_image, checkpoint_open_image, checkpoint_restore),
 * so whatever a restart restores exactly, a reused burn-in does too. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/versions.h"
#include "engine/burnin.h"
#include "engine/checkpoint.h"
#include "io/afile.h"

/* Bump when what a burn-in makes of the same parameters changes without
 * the version or model identity changing (a library's behaviour). */
#define BURNIN_KEY_FORMAT 1

struct entry {
    uint64_t key;
    void *image;
    size_t len;
    unsigned long used;   /* last use, for least-recently-used eviction */
};

static struct {
    size_t max_bytes, bytes;
    struct entry *e;
    size_t n, cap;
    unsigned long clock;
    char *dir;
    struct burnin_counts c;
} cache;

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void burnin_status_quo(const struct params *p, struct params *quo)
{
    *quo = *p;
    memset(&quo->mechanisms, 0, sizeof quo->mechanisms);
}

uint64_t burnin_key(const struct params *quo, char hex[17])
{
    const struct param_table *t = params_table();
    const int format = BURNIN_KEY_FORMAT, ck_format = checkpoint_format();
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, COGOV_VERSION, sizeof COGOV_VERSION);
    /* the model identity, not the git revision: a cache survives commits
     * that touch only docs or tests, and not uncommitted model edits */
    h = fnv(h, versions_model_id(), strlen(versions_model_id()) + 1);
    h = fnv(h, &format, sizeof format);
    h = fnv(h, &ck_format, sizeof ck_format);
    for (size_t i = 0; i < t->n; i++) {
        const struct param_def *r = &t->rows[i];
        const char *v = (const char *)quo + r->offset;
        if (r->flags & PARAM_PASSIVE)   /* acts on neither state nor dynamics */
            continue;
        if (!config_row_active(t, quo, r))   /* its mechanism is off */
            continue;
        h = fnv(h, r->key, strlen(r->key) + 1);
        switch (r->type) {
        case PARAM_INT:
        case PARAM_FLOAT:   /* int64_t or double: the exact bits */
            h = fnv(h, v, 8);
            break;
        case PARAM_BOOL:
        case PARAM_ENUM:
            h = fnv(h, v, sizeof(int));
            break;
        case PARAM_STRING:
            h = fnv(h, v, strnlen(v, PARAM_STRING_MAX) + 1);
            break;
        }
    }
    if (hex)
        snprintf(hex, 17, "%016" PRIx64, h);
    return h;
}

void burnin_memory(size_t max_bytes)
{
    cache.max_bytes = max_bytes;
    if (max_bytes)
        return;
    for (size_t i = 0; i < cache.n; i++)
        free(cache.e[i].image);
    free(cache.e);
    cache.e = NULL;
    cache.n = cache.cap = cache.bytes = 0;
}

int burnin_folder(const char *dir, char *err, size_t errlen)
{
    free(cache.dir);
    cache.dir = NULL;
    if (!dir)
        return 0;
    if (afile_folder(dir, "--burn-in-cache", err, errlen) != 0)
        return -1;
    if (!(cache.dir = strdup(dir))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int burnin_enabled(void) { return cache.max_bytes > 0 || cache.dir; }

void burnin_counts(struct burnin_counts *c)
{
#pragma omp critical(burnin_cache)
    *c = cache.c;
}

static void entry_path(char *path, size_t n, const char *hex)
{
    snprintf(path, n, "%s/%s.h5", cache.dir, hex);
}

/* The whole of a cache file, malloc'd; NULL when absent or unreadable. */
static void *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Restore a world from image buf; 0 with *w, or -1 with err. The saved
 * parameters must give the key, so that an entry renamed or written by
 * another build is never used for this status quo. */
static int from_image(struct world **w, const struct params *quo,
                      uint64_t key, const void *buf, size_t len,
                      const char *name, char *err, size_t errlen)
{
    struct checkpoint *ck;
    *w = NULL;
    if (checkpoint_open_image(&ck, buf, len, name, err, errlen))
        return -1;
    if (burnin_key(checkpoint_saved(ck), NULL) != key) {
        snprintf(err, errlen, "%.900s: written for another status quo, seed or "
                 "build of cogov", name);
        checkpoint_close(ck);
        return -1;
    }
    int rc = checkpoint_restore(ck, quo, w, err, errlen);
    checkpoint_close(ck);
    return rc;
}

static void evict(size_t need)
{
    while (cache.n && cache.bytes + need > cache.max_bytes) {
        size_t old = 0;
        for (size_t i = 1; i < cache.n; i++)
            if (cache.e[i].used < cache.e[old].used)
                old = i;
        cache.bytes -= cache.e[old].len;
        free(cache.e[old].image);
        cache.e[old] = cache.e[--cache.n];
    }
}

/* Keep image (ownership taken) in memory under key. */
static void keep(uint64_t key, void *image, size_t len)
{
    if (len > cache.max_bytes) {
        free(image);
        return;
    }
    for (size_t i = 0; i < cache.n; i++)
        if (cache.e[i].key == key) {   /* another thread was first, or the
                                          entry was refused: the new one */
            cache.bytes += len - cache.e[i].len;
            free(cache.e[i].image);
            cache.e[i] = (struct entry){key, image, len, ++cache.clock};
            return;
        }
    evict(len);
    if (cache.n == cache.cap) {
        size_t cap = cache.cap ? 2 * cache.cap : 16;
        struct entry *e = realloc(cache.e, cap * sizeof *e);
        if (!e) {
            free(image);
            return;
        }
        cache.e = e;
        cache.cap = cap;
    }
    cache.e[cache.n++] = (struct entry){key, image, len, ++cache.clock};
    cache.bytes += len;
}

int burnin_lookup(struct world **w, const struct params *quo)
{
    char hex[17], name[64], err[1024];
    uint64_t key = burnin_key(quo, hex);
    void *image = NULL;
    size_t len = 0;
    int from_memory = 0;
    *w = NULL;
    if (!burnin_enabled())
        return 0;
    snprintf(name, sizeof name, "burn-in %s", hex);
#pragma omp critical(burnin_cache)
    {
        for (size_t i = 0; i < cache.n; i++)
            if (cache.e[i].key == key && (image = malloc(cache.e[i].len))) {
                memcpy(image, cache.e[i].image, cache.e[i].len);
                len = cache.e[i].len;
                cache.e[i].used = ++cache.clock;
                from_memory = 1;
                break;
            }
    }
    char path[4096] = "";
    int bad = 0;
    if (!image && cache.dir) {
        entry_path(path, sizeof path, hex);
        image = read_whole(path, &len);
        if (!image && access(path, F_OK) == 0) {
            snprintf(err, sizeof err, "%.900s: cannot read it whole", path);
            bad = 1;
        }
    }
    if (!image && !bad) {
#pragma omp critical(burnin_cache)
        cache.c.misses++;
        return 0;
    }
    bad = bad || from_image(w, quo, key, image, len, path[0] ? path : name,
                            err, sizeof err);
#pragma omp critical(burnin_cache)
    {
        if (bad) {
            cache.c.refused++;
            cache.c.misses++;
        } else if (from_memory) {
            cache.c.memory_hits++;
        } else {
            cache.c.folder_hits++;
            if (cache.max_bytes) {   /* later runs of this process */
                keep(key, image, len);
                image = NULL;
            }
        }
    }
    free(image);
    if (bad) {
        fprintf(stderr, "cogov: burn-in cache: refused, burning in again: "
                "%s\n", err);
        return 0;
    }
    return 1;
}

/* Write image to the cache folder under its key, atomically; a file some
 * other process writes at the same time is left to it. */
static int to_folder(const char *hex, const void *image, size_t len,
                     char *err, size_t errlen)
{
    char path[4096];
    struct afile af;
    entry_path(path, sizeof path, hex);
    FILE *f = afile_fopen(&af, path, 1, err, errlen);
    if (!f)
        return afile_busy(path) ? 0 : -1;
    int failed = fwrite(image, 1, len, f) != len;
    if (failed)
        snprintf(err, errlen, "%.900s: %s", path, strerror(errno));
    return afile_fclose(&af, f, failed, err, errlen);
}

void burnin_store(const struct world *w)
{
    char hex[17], err[1024];
    void *image;
    size_t len;
    if (!burnin_enabled())
        return;
    uint64_t key = burnin_key(w->p, hex);
    if (checkpoint_image(w, &image, &len, err, sizeof err)) {
        fprintf(stderr, "cogov: burn-in cache: not kept: %s\n", err);
        return;
    }
    if (cache.dir && to_folder(hex, image, len, err, sizeof err))
        fprintf(stderr, "cogov: burn-in cache: not kept: %s\n", err);
#pragma omp critical(burnin_cache)
    {
        cache.c.stored++;
        if (cache.max_bytes) {
            keep(key, image, len);
            image = NULL;
        }
    }
    free(image);
}
