/* The matter pool and handler queues (docs/MODEL.md, "Matters" and
 * "Handlers work"). Slots are reused through a free stack; queues are
 * binary heaps of slots with a total order, so work order never depends on
 * insertion history or thread count. */
#include <stdlib.h>
#include <string.h>

#include "model/matter.h"

/* A slot's fields as a new matter of number id has them. */
static void matter_init(struct matter *m, uint64_t id)
{
    memset(m, 0, sizeof *m);
    m->id = id;
    m->qpos = -1;
    m->reported = -1;
    m->give_up_left = -1.0f;
}

/* The pool's arrays hold at least `slots` slots. */
static void pool_grow(struct world *w, uint32_t slots)
{
    if (slots <= w->cap_slots)
        return;
    uint32_t cap = w->cap_slots;
    w->m = world_grow(w->m, &w->cap_slots, slots, sizeof *w->m);
    uint32_t cap2 = cap;
    w->free_slots = world_grow(w->free_slots, &cap, w->cap_slots,
                               sizeof *w->free_slots);
    w->mact = world_grow(w->mact, &cap2, w->cap_slots, sizeof *w->mact);
}

uint32_t matter_alloc(struct world *w)
{
    uint32_t slot;
    if (w->n_free) {
        slot = w->free_slots[--w->n_free];
    } else {
        pool_grow(w, w->n_slots + 1);
        slot = w->n_slots++;
    }
    matter_init(&w->m[slot], w->next_id++);
    return slot;
}

struct matter_batch matter_reserve(struct world *w, uint32_t n)
{
    struct matter_batch b = {w->free_slots, w->n_free, w->n_slots,
                             w->next_id};
    uint32_t from_free = n < w->n_free ? n : w->n_free;
    pool_grow(w, w->n_slots + (n - from_free));
    b.free_slots = w->free_slots;   /* after a realloc */
    w->n_free -= from_free;
    w->n_slots += n - from_free;
    w->next_id += n;
    return b;
}

struct matter *matter_batch_take(struct world *w,
                                 const struct matter_batch *b, uint32_t j,
                                 uint32_t *slot)
{
    *slot = j < b->n_free ? b->free_slots[b->n_free - 1 - j]
                          : b->n_slots + (j - b->n_free);
    struct matter *m = &w->m[*slot];
    matter_init(m, b->next_id + j);
    return m;
}

void matter_release(struct world *w, uint32_t slot)
{
    w->m[slot].status = M_FREE;
    w->free_slots[w->n_free++] = slot;  /* capacity == cap_slots */
}

/* owner_bits covering at least `words` words, new words zero. */
static void owner_words(struct world *w, uint32_t words)
{
    if (words <= w->owner_words)
        return;
    uint32_t cap = words + words / 2 + 16;
    uint64_t *b = realloc(w->owner_bits, (size_t)cap * sizeof *b);
    if (!b)
        world_out_of_memory("the owner bitmap", (size_t)cap * sizeof *b);
    memset(b + w->owner_words, 0,
           (size_t)(cap - w->owner_words) * sizeof *b);
    w->owner_bits = b;
    w->owner_words = cap;
}

void matter_with_owner(struct world *w, uint32_t slot)
{
    owner_words(w, slot / 64 + 1);
    w->owner_bits[slot / 64] |= (uint64_t)1 << (slot % 64);
}

uint32_t owner_bits_ready(struct world *w)
{
    uint32_t words = (w->n_slots + 63) / 64;
    owner_words(w, words);
    if (!w->owner_bits_valid) {
        if (w->owner_words)  /* no slot yet: owner_bits is NULL */
            memset(w->owner_bits, 0,
                   (size_t)w->owner_words * sizeof(uint64_t));
        for (uint32_t s = 0; s < w->n_slots; s++)
            if (w->m[s].status == M_HELD || w->m[s].status == M_RETURNED)
                w->owner_bits[s / 64] |= (uint64_t)1 << (s % 64);
        w->owner_bits_valid = 1;
    }
    return words;
}

void owner_matters_visit(struct world *w, int day, owner_decide_fn decide,
                         owner_apply_fn apply, owner_prefetch_fn prefetch)
{
    const uint32_t words = owner_bits_ready(w);
    uint64_t *bits = w->owner_bits;
    uint8_t *act = w->mact;
    if (w->n_res < OWNER_PREFETCH_MIN)
        prefetch = NULL;
    /* pieces of 16 words (1024 slots): small pools are shared out too */
#pragma omp parallel for schedule(static, 16) if (WORLD_PARALLEL_LIGHT(w))
    for (uint32_t k = 0; k < words; k++) {
        for (uint64_t b = bits[k]; b; b &= b - 1) {
            uint32_t s = k * 64 + lowest_bit(b);
            if (prefetch && s + OWNER_PREFETCH < w->n_slots)
                prefetch(w, s + OWNER_PREFETCH);
            uint8_t st = w->m[s].status;
            act[s] = 0;
            if (st == M_HELD || st == M_RETURNED)
                act[s] = decide(w, s, day);
            else  /* the matter left its owner: drop its bit */
                bits[k] &= ~((uint64_t)1 << (s % 64));
        }
    }
    for (uint32_t k = 0; k < words; k++)
        for (uint64_t b = bits[k]; b; b &= b - 1) {
            uint32_t s = k * 64 + lowest_bit(b);
            if (act[s])
                apply(w, s, act[s], day);
        }
}

void matter_tally_add(struct matter_tally *t, const struct matter *m)
{
    t->n++;
    t->held += m->status == M_HELD;
    t->scope[m->scope]++;
    t->domain[m->domain]++;
}

void matter_opened_tally(struct world *w, uint32_t c,
                         const struct matter_tally *t)
{
    w->st.created += t->n;
    w->created_total += t->n;
    w->open += t->n;
    for (int s = 0; s < N_SCOPES; s++)
        w->open_scope[s] += t->scope[s];
    w->comm[c].open += t->n;
    for (int d = 0; d < N_DOMAINS; d++)
        w->comm[c].demand[d] += t->domain[d];
    w->unreported += t->held;
}

void matter_opened(struct world *w, uint32_t slot)
{
    struct matter_tally t = {0};
    matter_tally_add(&t, &w->m[slot]);
    matter_opened_tally(w, w->m[slot].community, &t);
}

uint64_t matter_rng_entity(const struct matter *m)
{
    return ((uint64_t)m->owner << 8) | m->arrival_k;
}

int matter_priority(const struct matter *m)
{
    if (m->flags & MF_PETITION)
        return 2;
    if (m->flags & MF_LOW_PRIORITY)
        return 0;
    return 1;
}

/* Does a come before b? */
static int before(const struct world *w, const struct mqueue *q, uint32_t a,
                  uint32_t b)
{
    const struct matter *x = &w->m[a], *y = &w->m[b];
    if (q->by_ready) {
        if (x->ready != y->ready)
            return x->ready < y->ready;
        return x->id < y->id;
    }
    int px = matter_priority(x), py = matter_priority(y);
    if (px != py)
        return px > py;
    if (x->severity != y->severity)
        return x->severity > y->severity;
    if (x->created != y->created)
        return x->created < y->created;
    return x->id < y->id;
}

int matter_before(const struct world *w, uint32_t a, uint32_t b)
{
    static const struct mqueue by_priority = {0};
    return before(w, &by_priority, a, b);
}

/* The heap compares keys kept next to the slots, so that sifting reads
 * the heap's own arrays instead of a matter struct per comparison (the
 * structs are spread over the pool: every read was a cache miss). The key
 * orders exactly as before(): a total order that never changes while a
 * matter is queued (its priority, severity, creation day and ready day
 * are fixed there). */
static struct mqueue_key key_of(const struct mqueue *q, const struct matter *m)
{
    struct mqueue_key k;
    k.id = m->id;
    /* days are negative during the burn-in (days before day 0): they
     * enter the keys offset so that unsigned order is day order */
    if (q->by_ready) {
        k.k1 = (uint64_t)((uint32_t)m->ready ^ 0x80000000u);
        return k;
    }
    /* priority descending (2 bits); severity descending, as the bits of
     * a non-negative float order like its value (31 bits); creation day
     * ascending (31 bits, days offset by 2^30: -2^30 <= day < 2^30) */
    uint32_t sev;
    memcpy(&sev, &m->severity, sizeof sev);
    k.k1 = (uint64_t)(2 - matter_priority(m)) << 62 |
           (uint64_t)(0x7FFFFFFFu - (sev & 0x7FFFFFFFu)) << 31 |
           ((uint64_t)((uint32_t)m->created + 0x40000000u) & 0x7FFFFFFFu);
    return k;
}

static int key_before(const struct mqueue_key *a, const struct mqueue_key *b)
{
    return a->k1 != b->k1 ? a->k1 < b->k1 : a->id < b->id;
}

/* Keys for every slot of q: after growth, or when q was filled from
 * outside (a restored checkpoint sets slot and n, not key). */
static void keys_ready(struct world *w, struct mqueue *q)
{
    if (q->key && q->key_cap >= q->cap)
        return;
    int rebuild = !q->key;
    struct mqueue_key *k = realloc(q->key, (size_t)(q->cap ? q->cap : 1) *
                                              sizeof *k);
    if (!k)
        world_out_of_memory("queue keys",
                            (size_t)(q->cap ? q->cap : 1) * sizeof *k);
    q->key = k;
    q->key_cap = q->cap;
    if (rebuild)
        for (uint32_t i = 0; i < q->n; i++)
            q->key[i] = key_of(q, &w->m[q->slot[i]]);
}

static void place(struct world *w, struct mqueue *q, uint32_t i,
                  uint32_t slot, const struct mqueue_key *k)
{
    q->slot[i] = slot;
    q->key[i] = *k;
    w->m[slot].qpos = (int32_t)i;
}

static void sift_up(struct world *w, struct mqueue *q, uint32_t i)
{
    uint32_t s = q->slot[i];
    struct mqueue_key k = q->key[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!key_before(&k, &q->key[parent]))
            break;
        place(w, q, i, q->slot[parent], &q->key[parent]);
        i = parent;
    }
    place(w, q, i, s, &k);
}

static void sift_down(struct world *w, struct mqueue *q, uint32_t i)
{
    uint32_t s = q->slot[i];
    struct mqueue_key k = q->key[i];
    for (;;) {
        uint32_t l = 2 * i + 1, best = i;
        const struct mqueue_key *bk = &k;
        if (l < q->n && key_before(&q->key[l], bk)) {
            best = l;
            bk = &q->key[l];
        }
        if (l + 1 < q->n && key_before(&q->key[l + 1], bk))
            best = l + 1;
        if (best == i)
            break;
        place(w, q, i, q->slot[best], &q->key[best]);
        i = best;
    }
    place(w, q, i, s, &k);
}

static double remaining(const struct matter *m)
{
    return (double)m->hours - (double)m->done;
}

void mqueue_push(struct world *w, struct mqueue *q, uint32_t slot)
{
    q->load += remaining(&w->m[slot]);
    keys_ready(w, q);
    q->slot = world_grow(q->slot, &q->cap, q->n + 1, sizeof *q->slot);
    keys_ready(w, q);
    q->slot[q->n] = slot;
    q->key[q->n] = key_of(q, &w->m[slot]);
    sift_up(w, q, q->n++);
}

uint32_t mqueue_top(const struct mqueue *q) { return q->slot[0]; }

void mqueue_pop(struct world *w, struct mqueue *q)
{
    mqueue_remove(w, q, q->slot[0]);
}

void mqueue_remove(struct world *w, struct mqueue *q, uint32_t slot)
{
    keys_ready(w, q);
    uint32_t i = (uint32_t)w->m[slot].qpos;
    w->m[slot].qpos = -1;
    q->load -= remaining(&w->m[slot]);
    if (q->n == 1)
        q->load = 0;  /* no drift accumulates in an emptied queue */
    q->n--;
    if (i == q->n)
        return;
    place(w, q, i, q->slot[q->n], &q->key[q->n]);
    sift_down(w, q, i);
    sift_up(w, q, i);
}

void transit_push(struct world *w, uint32_t slot, int kind, uint32_t handler,
                  int ready)
{
    struct matter *m = &w->m[slot];
    m->status = M_TRANSIT;
    m->handler_kind = (uint8_t)kind;
    m->handler = handler;
    m->ready = ready;
    mqueue_push(w, &w->transit, slot);
}

struct mqueue *matter_queue(struct world *w, int kind, uint32_t handler)
{
    switch (kind) {
    case HK_GOVERNMENT: return &w->gov_q;
    case HK_COMMITTEE: return &w->comm[handler].committee_q;
    case HK_AGENDA: return &w->comm[handler].agenda_q;
    case HK_VOLUNTEER: return &w->comm[handler].volunteer_q;
    case HK_MEDIATION: return &w->comm[handler].mediation_q;
    case HK_SOCORG: return &w->orgs[handler].q;
    default: return NULL;
    }
}

void matter_enqueue(struct world *w, uint32_t slot, int kind,
                    uint32_t handler)
{
    struct matter *m = &w->m[slot];
    m->status = M_QUEUED;
    m->handler_kind = (uint8_t)kind;
    m->handler = handler;
    mqueue_push(w, matter_queue(w, kind, handler), slot);
}

void platform_add(struct world *w, uint32_t slot, int day)
{
    struct matter *m = &w->m[slot];
    struct community *c = &w->comm[m->community];
    m->status = M_PLATFORM;
    m->handler_kind = HK_NONE;
    m->handler = 0;
    m->ready = day;  /* the day it was offered */
    c->platform = world_grow(c->platform, &c->cap_platform,
                             c->n_platform + 1, sizeof *c->platform);
    c->platform[c->n_platform++] = slot;
}

/* Take a matter out of whatever holds it (queue, transit, platform). */
void matter_unlink(struct world *w, uint32_t slot)
{
    struct matter *m = &w->m[slot];
    if (m->status == M_QUEUED) {
        mqueue_remove(w, matter_queue(w, m->handler_kind, m->handler), slot);
    } else if (m->status == M_TRANSIT) {
        mqueue_remove(w, &w->transit, slot);
    } else if (m->status == M_PLATFORM) {
        struct community *c = &w->comm[m->community];
        for (uint32_t k = 0; k < c->n_platform; k++)
            if (c->platform[k] == slot) {
                memmove(c->platform + k, c->platform + k + 1,
                        (c->n_platform - k - 1) * sizeof *c->platform);
                c->n_platform--;
                break;
            }
    }
}

void mqueue_credit(struct mqueue *q, double hours)
{
    q->load -= hours;
    if (q->load < 0)
        q->load = 0;
}
