/* libFuzzer target of checkpoint loading (`make fuzz`, docs/RELIABILITY.md
 * "Fuzzing"). The input is a list of changes to a valid saved state: a
 * field of the checkpoint tables in one record set to given bytes, or an
 * entry of a queue, the free list or a platform replaced. The changed
 * world is written as a checkpoint (its hash then fits, so the value
 * checks, not the hash, must catch what is wrong), restored, and when the
 * restore accepts it, run for three days. Beyond "no crash, no sanitizer
 * report, no hang": an accepted state keeps the accounting identity. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/checkpoint.h"
#include "model_util.h"

enum { CKPT_DAY = 20, RUN_DAYS = 3 };

static char dir[256], ref_path[300], path[300], hist[300];
static struct params base;

/* A small world with every mechanism on, checkpointed after CKPT_DAY days
 * (queues, contracts, workers and projects all in use). */
static void setup(void)
{
    if (ref_path[0])
        return;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cogov-fuzzck.XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(hist, sizeof hist, "%s/run.h5", dir);
    snprintf(ref_path, sizeof ref_path, "%s/run.h5.ckpt", dir);
    snprintf(path, sizeof path, "%s/fuzz.ckpt", dir);
    small_params(&base, 600, 3);
    all_mechanisms(&base, 1);
    base.purchase.cycle_days = 10;
    base.venture.day = 5;
    base.microprojects.day = 8;
    base.socialwork.hire_days = 3;
    base.government.staff_hours = 6;
    base.time.days = CKPT_DAY;
    char err[1024];
    char *text = config_to_string(params_table(), &base, 0);
    struct run_opts o = {.out_path = hist, .scenario = "fuzz",
                         .config_text = text, .checkpoint_every = CKPT_DAY,
                         .checkpoint_path = ref_path};
    if (!text || sim_run(&base, &o, err, sizeof err) != RUN_OK) {
        fprintf(stderr, "fuzz_checkpoint: setup: %s\n", err);
        abort();
    }
    free(text);
}

/* Restore path with time.days extended; 0 and *w, or -1. */
static int restore(const char *p, struct params *prm, struct world **w)
{
    struct checkpoint *ck = NULL;
    char err[1024], days[32];
    const char *set[] = {days};
    snprintf(days, sizeof days, "time.days=%d", CKPT_DAY + RUN_DAYS);
    *w = NULL;
    int rc = checkpoint_open(&ck, p, err, sizeof err) ||
             checkpoint_params(ck, prm, set, 1, err, sizeof err) ||
             checkpoint_restore(ck, prm, w, err, sizeof err);
    checkpoint_close(ck);
    return rc ? -1 : 0;
}

static uint32_t take32(const uint8_t **d, size_t *n)
{
    uint32_t v = 0;
    for (int i = 0; i < 4 && *n; i++, (*d)++, (*n)--)
        v |= (uint32_t)**d << (8 * i);
    return v;
}

/* A slot list entry to overwrite: 0 queue, 1 free list, 2 platform. */
static uint32_t *entry(struct world *w, uint32_t which, uint32_t i)
{
    switch (which % 3) {
    case 0: {
        struct mqueue *q = w->transit.n ? &w->transit : &w->gov_q;
        for (uint32_t c = 0; c < w->n_comm && !q->n; c++)
            q = &w->comm[c].committee_q;
        return q->n ? &q->slot[i % q->n] : NULL;
    }
    case 1:
        return w->n_free ? &w->free_slots[i % w->n_free] : NULL;
    default:
        for (uint32_t c = 0; c < w->n_comm; c++)
            if (w->comm[c].n_platform)
                return &w->comm[c].platform[i % w->comm[c].n_platform];
        return NULL;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct params p, q;
    struct world *w = NULL, *back = NULL;
    char err[1024];
    setup();
    if (restore(ref_path, &p, &w))
        abort();   /* the intact checkpoint always restores */
    int nf = checkpoint_fields();
    /* changes of 1 + 4 + 4 + 8 bytes: kind, what, index, value */
    for (int k = 0; k < 8 && size >= 17; k++) {
        uint8_t kind = *data++;
        size--;
        uint32_t what = take32(&data, &size), i = take32(&data, &size);
        uint8_t value[8];
        memcpy(value, data, 8);
        data += 8;
        size -= 8;
        if (kind & 1) {
            uint32_t *e = entry(w, what, i);
            if (e)
                memcpy(e, value, sizeof *e);
        } else {
            checkpoint_field_poke(w, (int)(what % (uint32_t)nf), i, value,
                                  sizeof value);
        }
    }
    remove(path);
    if (checkpoint_write(path, w, hist, "fuzz.h5", NULL, err, sizeof err)) {
        world_free(w);
        return 0;   /* e.g. a state that cannot even be written */
    }
    world_free(w);
    if (restore(path, &q, &back) == 0) {
        for (int d = CKPT_DAY; d < CKPT_DAY + RUN_DAYS; d++)
            sim_step(back, d);
        world_free(back);
    }
    return 0;
}
