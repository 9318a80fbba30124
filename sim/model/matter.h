/* The matter pool and the handlers' queues (matter.c), and how a matter
 * leaves the pool (outcomes.c). Everything that moves a matter goes
 * through here; routing.h decides where it goes. */
#ifndef COGOV_MATTER_H
#define COGOV_MATTER_H

#include "model/world.h"

/* matter.c: the pool and the queues */
uint32_t matter_alloc(struct world *w);
/* n slots at once, for a phase that fills them in parallel: what the
 * pool was before matter_reserve took them; matter_batch_take gives the
 * j-th of them (j < n, from any thread), the slot and number that the
 * j-th of n matter_alloc calls would have given, initialised as
 * matter_alloc initialises it. */
struct matter_batch {
    const uint32_t *free_slots;
    uint32_t n_free, n_slots;
    uint64_t next_id;
};
struct matter_batch matter_reserve(struct world *w, uint32_t n);
struct matter *matter_batch_take(struct world *w,
                                 const struct matter_batch *b, uint32_t j,
                                 uint32_t *slot);
void matter_release(struct world *w, uint32_t slot);
uint64_t matter_rng_entity(const struct matter *m);
void mqueue_push(struct world *w, struct mqueue *q, uint32_t slot);
uint32_t mqueue_top(const struct mqueue *q);
void mqueue_pop(struct world *w, struct mqueue *q);
void mqueue_remove(struct world *w, struct mqueue *q, uint32_t slot);
void transit_push(struct world *w, uint32_t slot, int kind, uint32_t handler,
                  int ready);
/* Work credited to the top matter of q (partial progress). */
void mqueue_credit(struct mqueue *q, double hours);
/* The queue of a handler. */
struct mqueue *matter_queue(struct world *w, int kind, uint32_t handler);
void matter_enqueue(struct world *w, uint32_t slot, int kind,
                    uint32_t handler);
void platform_add(struct world *w, uint32_t slot, int day);
void matter_unlink(struct world *w, uint32_t slot);
int matter_priority(const struct matter *m);
/* Does slot a come before slot b in a handler's priority order? */
int matter_before(const struct world *w, uint32_t a, uint32_t b);

/* Count a new matter as open (after its scope is drawn). */
void matter_opened(struct world *w, uint32_t slot);
/* The same for many new matters of one community: each added to a tally
 * (any thread its own), then the tally counted at once. The counts are
 * integers, so the order of the additions changes nothing. */
struct matter_tally {
    uint32_t n, held, scope[N_SCOPES], domain[N_DOMAINS];
};
void matter_tally_add(struct matter_tally *t, const struct matter *m);
void matter_opened_tally(struct world *w, uint32_t c,
                         const struct matter_tally *t);

/* The slot is now with its owner (held or returned): set its bit. */
void matter_with_owner(struct world *w, uint32_t slot);
/* Size (and if need be rebuild) owner_bits before a visit; returns the
 * number of 64-bit words covering the pool. */
uint32_t owner_bits_ready(struct world *w);
/* Phases 2 and 3 visit the matters with their owners: decide(w, slot,
 * day) runs for each held or returned matter, in parallel, and returns a
 * decision (0: none; it may change only that matter); then apply(w, slot,
 * decision, day) runs for each non-zero decision, serially, in slot order,
 * so results never depend on the thread count. */
typedef uint8_t (*owner_decide_fn)(struct world *w, uint32_t slot, int day);
typedef void (*owner_apply_fn)(struct world *w, uint32_t slot, uint8_t act,
                               int day);
/* prefetch(w, slot), if not NULL, asks for what decide will read of the
 * owner of the matter in `slot`, OWNER_PREFETCH slots ahead of the one
 * decided (the slot may hold no matter or one not with its owner: it
 * only prefetches), from OWNER_PREFETCH_MIN residents. The owners are
 * anywhere in the district, so decide waited on that load: 85% of
 * report_decide's samples at 1M residents were the owner's trust; 32
 * slots ahead took 10-15% off phases 2 and 3 there, 5-15% at 600 000,
 * and made them 4-12% slower at 100 000 and no faster at 300 000, where
 * the owners' arrays are in the cache (docs/PERFORMANCE.md, "Session
 * 22"). */
typedef void (*owner_prefetch_fn)(const struct world *w, uint32_t slot);
enum { OWNER_PREFETCH = 32, OWNER_PREFETCH_MIN = 1 << 19 };
void owner_matters_visit(struct world *w, int day, owner_decide_fn decide,
                         owner_apply_fn apply, owner_prefetch_fn prefetch);

/* outcomes.c: close a matter (resolved by channel ch with outcome
 * quality q, or abandoned when ch < 0) and release its slot. */
/* The outcome o of a matter resolved with `quality` after `age` days
 * (docs/MODEL.md 7.8). */
double outcome_value(const struct params *p, double quality, int age);
void outcome_resolve(struct world *w, uint32_t slot, int ch, double quality,
                     int day);
void outcome_abandon(struct world *w, uint32_t slot, int day);

#endif
