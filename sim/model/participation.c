/* Phase 11, participation and volunteering (docs/MODEL.md 7.11).
 * Granovetter's (1978) threshold model: a resident takes part today when
 * the share of its peers who took part yesterday, scaled by gain x
 * efficacy x trust in the community, reaches its threshold. Peers are its
 * ties (local) or its whole community (global, the case with an analytic
 * fixed point r = F(m r)). Participation is that decision only: a
 * volunteer whose team worked banks hours and counts in volunteers_active,
 * not as a participant. Participants register as volunteers, volunteers
 * leave unless recognised (志愿时) and satisfied. Party members (7.14)
 * have a lower threshold and register more readily (先锋模范). The ties that took part
 * yesterday are counted in phase 10's walk over the same ties, grown ones
 * included (7.18), which runs in this phase's pass (influence.h): each
 * resident's influence, then its participation, then its terms of the
 * observation's sums (struct world.obs_partial, added in resident order
 * within a chunk, as observe_day would), in one visit. */
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cogov/rng.h"
#include "model/influence.h"
#include "model/phases.h"

/* Community totals of the chunk counts, in chunk order. */
static void sum_counts(struct world *w)
{
    for (uint32_t c = 0; c < w->n_comm; c++)
        w->comm[c].participants = w->comm[c].volunteers = 0;
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        struct community *cm = &w->comm[w->chunks[k].community];
        cm->participants += w->chunk_count[k];
        cm->volunteers += w->chunk_vol[k];
    }
}

/* Today's participants and volunteers per community (phase_participate
 * counts them in its own pass; this is for the initial state). */
void participation_count(struct world *w)
{
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        uint32_t n = 0, v = 0;
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            n += w->r.participating[i];
            v += (w->r.flags[i] & R_VOLUNTEER) != 0;
        }
        w->chunk_count[k] = n;
        w->chunk_vol[k] = v;
    }
    sum_counts(w);
}

/* The registered volunteers of day 0 (docs/MODEL.md 5): in the status
 * quo only a resident who takes part registers, so they are drawn among
 * the residents who take part on the first day, by the rule of
 * phase_participate with every mechanism off (their own threshold
 * decision on the initial participation of their peers), each with
 * probability initial_share x residents / those residents (all of them
 * when they are fewer than the share asks). Drawn at random over all
 * residents instead, nine in ten would not take part, could only leave,
 * and the stock would fall for years after any burn-in (CALIBRATION.md 3).
 * A resident's draw is rng_block(seed, RP_RESIDENT_FLAGS, 0, i, 1)[0]. */
void participation_initial_volunteers(struct world *w)
{
    const struct params *p = w->p;
    struct residents *r = &w->r;
    const double share = p->volunteer.initial_share;
    if (share <= 0)
        return;
    participation_count(w);   /* the communities' initial participants */
    const int global = p->participation.network == PARTICIPATION_GLOBAL;
    const float gain = (float)p->participation.gain;
    const struct influence_walk iw = {
        .tie_start = r->tie_start, .ties = r->ties, .grown = NULL,
        .arrival = NULL, .took_part = r->participating,
        .trust_gov = r->trust_gov, .trust_com = r->trust_com,
        .satisfaction = r->satisfaction, .view = NULL,
        .gk = 0, .wt = (float)p->influence.weight};
    uint8_t *first = r->participated;   /* scratch until setup's end */
    uint64_t n_first = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : n_first) \
    if (WORLD_PARALLEL(w))
    for (uint32_t k = 0; k < w->n_chunks; k++) {
        const struct community *cm = &w->comm[w->chunks[k].community];
        const float gshare = (float)cm->participants / (float)cm->n;
        for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
            float v[3];
            uint32_t peers = 0;
            uint32_t deg = influence_resident(&iw, i, v, &peers);
            float s = global ? gshare
                      : deg > 0 ? (float)peers / (float)deg : 0.0f;
            first[i] = s * (gain * r->efficacy[i] * v[1]) >= r->threshold[i];
            n_first += first[i];
        }
    }
    const double q = n_first ? share * (double)w->n_res / (double)n_first
                             : 0.0;
#pragma omp parallel for schedule(static) if (WORLD_PARALLEL(w))
    for (uint32_t i = 0; i < w->n_res; i++) {
        uint32_t u[4];
        rng_block(w->seed, RP_RESIDENT_FLAGS, 0, i, 1, u);
        if (first[i] && rng_u01(u[0]) < q)
            r->flags[i] |= R_VOLUNTEER;
        first[i] = r->participating[i];   /* participated = participating */
    }
}

/* Community buffers (world_community_buffers): phase 11's pass holds
 * today's trust and satisfaction of a community in a slot (three arrays
 * of the largest community's size) from when its first chunk is handed
 * out until its last is done; then the thread that did the last copies
 * them back and frees the slot. Every tie joins two residents of one
 * community, so no other community's walk reads them meanwhile. Chunks
 * are handed out in order, so when a community takes a slot each other
 * holder has a chunk or its copy under way on another thread: a slot a
 * thread always suffices, and no thread ever waits for another. */
struct buffers {
    float *buf;            /* slots x 3 x cap */
    uint32_t cap;          /* residents of the largest community */
    uint32_t *slot_of;     /* [n_comm] */
    uint32_t *left;        /* [n_comm] chunks not done yet */
    uint32_t *free_slot;   /* the free slots: a stack */
    uint32_t n_free;
};

/* Buffers of `slots` slots in the world's scratch, every slot free. */
static struct buffers buffers_init(struct world *w, uint32_t slots)
{
    struct buffers b = {0};
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].n > b.cap)
            b.cap = w->comm[c].n;
    const size_t floats = (size_t)slots * 3 * b.cap;
    b.buf = world_scratch(w, floats * sizeof *b.buf +
                                 ((size_t)2 * w->n_comm + slots) *
                                     sizeof *b.left);
    b.slot_of = (uint32_t *)(b.buf + floats);
    b.left = b.slot_of + w->n_comm;
    b.free_slot = b.left + w->n_comm;
    memset(b.left, 0, w->n_comm * sizeof *b.left);
    for (uint32_t k = 0; k < w->n_chunks; k++)
        b.left[w->chunks[k].community]++;
    for (b.n_free = 0; b.n_free < slots; b.n_free++)
        b.free_slot[b.n_free] = slots - 1 - b.n_free;
    return b;
}

/* Under the pass's lock when the team has several threads. */
#define LOCKED(shared, stmt)                                                \
    do {                                                                    \
        if (shared) {                                                       \
            _Pragma("omp critical(cogov_participate)")                      \
            { stmt; }                                                       \
        } else {                                                            \
            stmt;                                                           \
        }                                                                   \
    } while (0)

/* The next chunk in order (n_chunks: none is left); with buffers, *slot
 * its community's, taken with the community's first chunk. */
static void take_chunk(const struct world *w, uint32_t *next,
                       struct buffers *b, uint32_t *k, uint32_t *slot)
{
    *k = *next < w->n_chunks ? (*next)++ : w->n_chunks;
    if (!b || *k == w->n_chunks)
        return;
    const uint32_t c = w->chunks[*k].community;
    if (*k == 0 || w->chunks[*k - 1].community != c)
        b->slot_of[c] = b->free_slot[--b->n_free];
    *slot = b->slot_of[c];
}

/* Chunks by owner (without community buffers, which hand chunks out in
 * order): thread t first takes, in order, the chunks of its share
 * (world_chunk_shares: the same on every day, so a chunk's residents and
 * ties stay in the cache of the core that walked them the day before),
 * then the last chunk not yet taken of the share with the most left.
 * shares[t] is the next chunk of share t of n, shares[n + t] its end. */
static uint32_t take_own_chunk(uint32_t *shares, uint32_t me, uint32_t n,
                               uint32_t none)
{
    uint32_t *next = shares, *end = shares + n;
    if (next[me] < end[me])
        return next[me]++;
    uint32_t best = n, left = 0;
    for (uint32_t u = 0; u < n; u++)
        if (end[u] - next[u] > left) {
            left = end[u] - next[u];
            best = u;
        }
    return best < n ? --end[best] : none;
}

/* influence.h's ratio_of: filled before main, read only after */
float ratio_table[RATIO_MAX][RATIO_MAX];

__attribute__((constructor)) static void ratio_table_init(void)
{
    for (uint32_t p = 0; p < RATIO_MAX; p++)
        for (uint32_t d = 1; d < RATIO_MAX; d++)
            ratio_table[p][d] = (float)p / (float)d;
}

/* Yesterday's values of chunk k's residents into their tie records
 * (world_tie_records). */
static void copy_records(const struct world *w,
                         const struct influence_walk *iw,
                         struct tie_view *view, uint32_t k)
{
    for (uint32_t i = w->chunks[k].first; i < w->chunks[k].end; i++) {
        struct tie_view o;
        o.trust_gov = iw->trust_gov[i];
        o.trust_com = iw->trust_com[i];
        o.satisfaction = iw->satisfaction[i];
        o.took = iw->took_part[i] ? 1.0f : 0.0f;
        if (iw->arrival && iw->arrival[i])
            o.took = -o.took;   /* -1 or -0: not present */
        view[i] = o;
    }
}

/* Chunk k is done: when it was its community's last, the community's
 * values of today from its slot into the arrays, and the slot free. */
static void chunk_done(struct world *w, struct buffers *b, uint32_t k,
                       int shared)
{
    const uint32_t c = w->chunks[k].community;
    uint32_t left;
    LOCKED(shared, left = --b->left[c]);
    if (left)
        return;
    const struct community *cm = &w->comm[c];
    const float *at = b->buf + (size_t)b->slot_of[c] * 3 * b->cap;
    const size_t bytes = cm->n * sizeof *at;
    memcpy(w->r.trust_gov + cm->first, at, bytes);
    memcpy(w->r.trust_com + cm->first, at + b->cap, bytes);
    memcpy(w->r.satisfaction + cm->first, at + 2 * (size_t)b->cap, bytes);
    LOCKED(shared, b->free_slot[b->n_free++] = b->slot_of[c]);
}

void phase_participate(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    uint8_t *t = r->participated;
    r->participated = r->participating;
    r->participating = t;
    const int global = p->participation.network == PARTICIPATION_GLOBAL;
    const float gain = (float)p->participation.gain;
    const double join = p->volunteer.join_rate;
    const double leave = p->volunteer.leave_rate;
    const double recog = p->volunteer.recognition;
    const double half = p->volunteer.recognition_hours;
    const double unhappy = p->volunteer.dissatisfaction_leave;
    /* party members (7.14): a lower threshold, readier to volunteer;
     * without the party no resident carries R_PARTY and the factors are
     * never applied; while the mechanism is off (the burn-in's status
     * quo, docs/MODEL.md 5) its members act as anyone (factors 1: x * 1
     * is x, so nothing changes while it is on) */
    const int party_on = p->mechanisms.party.enabled;
    const float thr_party =
        party_on ? (float)p->party.threshold_factor : 1.0f;
    const double join_party = party_on ? p->party.join_factor : 1.0;
    /* members of the migrants' associations (7.19): a lower threshold
     * while associations are on (R_ASSOC is carried by no one else) */
    const float thr_assoc =
        p->mechanisms.migration.enabled && p->migration.associations
            ? (float)p->association.threshold_factor
            : 1.0f;

    /* local pointers and bounds: a byte store may alias anything, so
     * whatever is read through r or w would be reloaded per resident */
    /* walk the ties: influence, or local participation's peers */
    const float wt = (float)p->influence.weight;
    const int walk = wt > 0 || !global;
    /* with tie records (world.h) the walk reads yesterday's values from
     * them, copied at the start of the pass */
    struct tie_view *view = walk ? r->view : NULL;
    const struct influence_walk iw = {
        .tie_start = r->tie_start, .ties = r->ties, .grown = r->grown,
        .arrival = r->arrival, .took_part = r->participated,
        .trust_gov = r->trust_gov, .trust_com = r->trust_com,
        .satisfaction = r->satisfaction, .view = view,
        .gk = (uint32_t)p->activities.max_ties, .wt = wt};
    /* influence writes today's values into the next_ arrays, or in place
     * when the walk reads the records, or into the community buffers
     * (world_community_buffers): resident i's at [i - o] of its
     * community's slot, o the community's first resident */
    const int update = wt > 0;
    const int buffered = update && !r->view && !r->next_trust_gov;
    const int swap = update && !r->view && !buffered;
    int threads = 1;
#ifdef _OPENMP
    if (WORLD_PARALLEL(w))
        threads = omp_get_max_threads();
#endif
    struct buffers bufs = {0};
    if (buffered)
        bufs = buffers_init(w, (uint32_t)threads);
    uint32_t next_chunk = 0;   /* chunks are handed out in order */
    uint8_t *participating = r->participating, *flags = r->flags;
    const float *efficacy = r->efficacy, *threshold = r->threshold;
    const float *grievance = r->grievance;
    float *volunteer_hours = r->volunteer_hours;
    const struct resident_choice *choice = w->choice;
    const uint64_t seed = w->seed;
    double (*obs)[16] = w->obs_partial;
    /* the observation's tie counts (phases.h), after each chunk's pass
     * from the active ties its walk stored in degs; without grown ties
     * or arrival days a chunk's ties are its fixed ones, all active */
    const double member_days = p->activities.member_days;
    const int count_each = r->grown || r->arrival;
    /* volunteers banking hours today: every volunteer of a team that
     * worked (counted before today's joins and leaves) */
    for (uint32_t c = 0; c < w->n_comm; c++)
        if (w->comm[c].vol_worked > 0)
            w->st.vol_active += w->comm[c].volunteers;
    /* chunks by owner with several threads and no community buffers */
    uint32_t *shares = NULL;
    if (threads > 1 && !buffered) {
        shares = world_scratch(w, 2 * (size_t)threads * sizeof *shares);
        world_chunk_shares(w, (uint32_t)threads, shares);
    }
#pragma omp parallel if (WORLD_PARALLEL(w))
    {
        int shared = 0, team = 1;
        uint32_t me = 0;
#ifdef _OPENMP
        me = (uint32_t)omp_get_thread_num();
        team = omp_get_num_threads();
        shared = team > 1;
#endif
        /* yesterday's values into the records, all of them before any
         * walk (a barrier): each thread its own share of the chunks,
         * which it walks next (read before the walk takes from the
         * shares), so that the records it writes stay in its core's
         * cache; else chunks as they come */
        if (view && shares && team == threads) {
            const uint32_t k1 = shares[(uint32_t)threads + me];
            for (uint32_t k = shares[me]; k < k1; k++)
                copy_records(w, &iw, view, k);
#pragma omp barrier
        } else if (view) {
#pragma omp for schedule(dynamic, 1)
            for (uint32_t k = 0; k < w->n_chunks; k++)
                copy_records(w, &iw, view, k);
        }
        for (;;) {
            uint32_t k, slot = 0, o = 0;
            if (shares)
                LOCKED(shared, k = take_own_chunk(shares, me,
                                                  (uint32_t)threads,
                                                  w->n_chunks));
            else
                LOCKED(shared, take_chunk(w, &next_chunk,
                                          buffered ? &bufs : NULL, &k,
                                          &slot));
            if (k == w->n_chunks)
                break;
            float *next_gov = r->view ? r->trust_gov : r->next_trust_gov;
            float *next_com = r->view ? r->trust_com : r->next_trust_com;
            float *next_sat = r->view ? r->satisfaction
                                      : r->next_satisfaction;
            if (buffered) {
                o = w->comm[w->chunks[k].community].first;
                next_gov = bufs.buf + (size_t)slot * 3 * bufs.cap;
                next_com = next_gov + bufs.cap;
                next_sat = next_gov + 2 * (size_t)bufs.cap;
            }
            const struct community *cm = &w->comm[w->chunks[k].community];
            const float gshare = (float)cm->participants / (float)cm->n;
            const float banked = cm->volunteers && cm->vol_worked > 0
                                     ? (float)(cm->vol_worked / cm->volunteers)
                                     : 0.0f;
            uint32_t n_part = 0, n_vol = 0, n_mig = 0, n_mig_part = 0;
            uint32_t n_assoc = 0;
            struct tie_counts tc = {0};
            uint16_t degs[CHUNK];   /* each resident's active ties (at most
                                     * 64 + 64 fixed and 64 grown) */
            const uint32_t first = w->chunks[k].first;
            double s[N_OBS] = {0};
            const uint32_t end = w->chunks[k].end;
            const uint32_t t_end = iw.tie_start[end];
            for (uint32_t i = w->chunks[k].first; i < end; i++) {
                /* the records TIE_PREFETCH ties ahead (influence.h) */
                for (uint32_t q = iw.tie_start[i] + TIE_PREFETCH;
                     view && TIE_PREFETCH && q < iw.tie_start[i + 1] +
                     TIE_PREFETCH && q < t_end; q++)
                    __builtin_prefetch(&view[iw.ties[q]]);
                /* phase 10: today's trust and satisfaction of i (v), and its
                 * ties that took part yesterday */
                float v[3] = {iw.trust_gov[i], iw.trust_com[i],
                              iw.satisfaction[i]};
                uint32_t peers = 0, deg = 0;
                if (walk)
                    deg = influence_resident(&iw, i, v, &peers);
                degs[i - first] = (uint16_t)deg;
                if (update) {
                    next_gov[i - o] = v[0];
                    next_com[i - o] = v[1];
                    next_sat[i - o] = v[2];
                }
                float share = global ? gshare
                              : deg > 0 ? ratio_of(peers, deg) : 0.0f;
                float m = gain * efficacy[i] * v[1];
                uint8_t f = flags[i];
                const int member = (f & R_PARTY) != 0;
                float thr = member ? thr_party * threshold[i] : threshold[i];
                if (f & R_ASSOC)
                    thr *= thr_assoc;
                uint8_t part = share * m >= thr;
                if (f & R_VOLUNTEER)
                    volunteer_hours[i] += banked;
                if (choice && choice[i].attend >= 0)   /* a student's */
                    part = (uint8_t)choice[i].attend;
                /* a non-volunteer who does not take part today draws
                 * nothing: skipping its (unused) draw changes no result */
                if ((join > 0 || leave > 0) && (part || (f & R_VOLUNTEER))) {
                    uint32_t u[4];
                    rng_block(seed, RP_VOLUNTEER, (uint32_t)day, i, 0, u);
                    if (!(f & R_VOLUNTEER)) {
                        double pj = join * efficacy[i];
                        if (member)
                            pj *= join_party;
                        if (part && rng_u01(u[0]) < pj)
                            f |= R_VOLUNTEER;
                    } else {
                        double h = volunteer_hours[i];
                        double pl = leave * (1.0 - recog * h / (h + half)) *
                                    unhappy * (1.0 - v[2]);
                        if (rng_u01(u[1]) < pl)
                            f &= (uint8_t)~R_VOLUNTEER;
                    }
                    flags[i] = f;
                }
                if (choice && choice[i].volunteer >= 0)   /* a student's */
                    flags[i] = f = choice[i].volunteer
                                       ? (uint8_t)(f | R_VOLUNTEER)
                                       : (uint8_t)(f & ~R_VOLUNTEER);
                participating[i] = part;
                /* the counts of participation_count(), in the same pass */
                n_part += part;
                n_vol += (f & R_VOLUNTEER) != 0;
                /* the observation's sums (observe_day), in its order;
                 * its counts as integers (observe.c) */
                s[OBS_SAT] += v[2];
                s[OBS_TG] += v[0];
                s[OBS_TC] += v[1];
                s[OBS_EFF] += efficacy[i];
                s[OBS_GRV] += grievance[i];
                /* branch-free, as in observe.c */
                const uint32_t mig = (f & R_MIGRANT) != 0;
                s[OBS_MIG_SAT] += (double)mig * (double)v[2];
                n_mig += mig;
                n_mig_part += mig * part;
                n_assoc += (f & R_ASSOC) != 0;   /* 7.19 */
            }
            s[OBS_PART] = n_part;
            s[OBS_MIG] = n_mig;
            s[OBS_MIG_PART] = n_mig_part;
            s[OBS_ASSOC] = n_assoc;
            /* the observation's tie counts, from the active ties the
             * walk counted (or counts them, without the walk) */
            if (count_each)
                for (uint32_t i = first; i < end; i++) {
                    uint32_t deg = degs[i - first];
                    if (!walk)
                        deg = resident_active_ties(r, iw.gk, i);
                    tie_counts_add(r, member_days, day, i, deg, &tc);
                }
            else   /* every fixed tie active, none grown */
                tc.ties = iw.tie_start[end] - iw.tie_start[first];
            obs_tie_counts(s, &tc);
            w->chunk_count[k] = n_part;
            w->chunk_vol[k] = n_vol;
            memcpy(obs[k], s, sizeof s);
            if (buffered)
                chunk_done(w, &bufs, k, shared);
        }
    }
    w->obs_ready = 1;
    if (swap) {
        float *x;
        x = r->trust_gov; r->trust_gov = r->next_trust_gov;
        r->next_trust_gov = x;
        x = r->trust_com; r->trust_com = r->next_trust_com;
        r->next_trust_com = x;
        x = r->satisfaction; r->satisfaction = r->next_satisfaction;
        r->next_satisfaction = x;
    }
    sum_counts(w);
}
