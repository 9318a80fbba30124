/* Community activities and the ties they grow (docs/MODEL.md 7.18;
 * 服务型治理, 睦邻; seed 002 白领驿家, seed 003 杨浦 社区睦邻中心). Run at
 * the start of phase 10 when mechanisms.activities.enabled is set.
 *
 * A community holds an activity on a day with chance per_year / 365.
 * Members (residents who came within member_days) come with chance
 * member_attend, others with first_attend. Coming raises trust in the
 * community by `identification` of its gap to 1, and each attendee pairs
 * with ties_per_activity co-attendees: a new tie on both sides, or a
 * refreshed one. Grown ties live in a bounded slot array per resident
 * (max_ties slots: partner and day of last contact, the oldest dropped
 * when full) next to the fixed network, and fade tie_days after their
 * last contact. Phase 10 (influence) and phase 11 (participation) read
 * both. Each community is worked by one thread, its residents in index
 * order, and writes only its own residents: the result does not depend
 * on the number of threads. */
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/actors.h"
#include "model/phases.h"

void activities_alloc(struct world *w, const struct params *p)
{
    size_t n = w->n_res, k = (size_t)p->activities.max_ties;
    struct residents *r = &w->r;
    r->grown = malloc(n * k * sizeof *r->grown);
    r->grown_day = malloc(n * k * sizeof *r->grown_day);
    r->last_attended = malloc(n * sizeof *r->last_attended);
    if (!r->grown || !r->grown_day || !r->last_attended)
        world_out_of_memory("the grown ties", n * k * 8 + n * 4);
    world_huge_pages(r->grown, n * k * sizeof *r->grown);
    world_huge_pages(r->grown_day, n * k * sizeof *r->grown_day);
    for (size_t s = 0; s < n * k; s++) {
        r->grown[s] = GROWN_NONE;
        r->grown_day[s] = GROWN_NEVER;
    }
    for (size_t i = 0; i < n; i++)
        r->last_attended[i] = GROWN_NEVER;
}

void activities_free(struct world *w)
{
    struct residents *r = &w->r;
    free(r->grown);
    free(r->grown_day);
    free(r->last_attended);
    r->grown = NULL;
    r->grown_day = r->last_attended = NULL;
}

/* Tie i -> j made or refreshed today: nothing when j is an active fixed
 * tie (those do not fade; 7.19: one to or from a newcomer is not active), else refresh j's slot, else take an empty slot or the one
 * with the oldest contact (lowest slot on equal days). */
void activities_tie_touch(struct residents *r, uint32_t k, uint32_t i,
                          uint32_t j, int day)
{
    for (uint32_t t = r->tie_start[i]; t < r->tie_start[i + 1]; t++)
        if (r->ties[t] == j && migration_tie_active(r->arrival, i, j))
            return;
    uint32_t *g = r->grown + (size_t)i * k;
    int32_t *gd = r->grown_day + (size_t)i * k;
    uint32_t pick = 0;
    for (uint32_t s = 0; s < k; s++) {
        if (g[s] == j) {
            gd[s] = day;
            return;
        }
        if (g[pick] != GROWN_NONE &&
            (g[s] == GROWN_NONE || gd[s] < gd[pick]))
            pick = s;
    }
    g[pick] = j;
    gd[pick] = day;
}

void activities_day(struct world *w, const struct params *p, int day)
{
    struct residents *r = &w->r;
    if (!r->grown)   /* switched on after day 0 */
        activities_alloc(w, p);
    const uint32_t k = (uint32_t)p->activities.max_ties;
    const double held = p->mechanisms.activities.enabled
                            ? p->activities.per_year / 365.0
                            : 0;   /* switched off: ties grown still fade */
    const double first = p->activities.first_attend;
    const double member = p->activities.member_attend;
    const double member_days = p->activities.member_days;
    const double tie_days = p->activities.tie_days;
    const float ident = (float)p->activities.identification;
    const uint32_t pairs = (uint32_t)p->activities.ties_per_activity;
    const uint64_t seed = w->seed;
    /* attendees of community c in list[first .. first + n) */
    uint32_t *list = world_scratch(w, (size_t)w->n_res * sizeof *list);
#pragma omp parallel for schedule(dynamic, 1) if (WORLD_PARALLEL(w))
    for (uint32_t c = 0; c < w->n_comm; c++) {
        const uint32_t c0 = w->comm[c].first, c1 = c0 + w->comm[c].n;
        /* ties without contact for tie_days fade */
        for (size_t s = (size_t)c0 * k; s < (size_t)c1 * k; s++)
            if (r->grown[s] != GROWN_NONE &&
                (double)day - r->grown_day[s] > tie_days)
                r->grown[s] = GROWN_NONE;
        uint32_t u[4];
        rng_block(seed, RP_ACTIVITY_DAY, (uint32_t)day, c, 0, u);
        /* venues the local units opened add activity days (7.15) */
        double venues = held > 0 ? localunits_venue_days(w, c) : 0;
        if (rng_u01(u[0]) >= held + venues / 365.0)
            continue;
        uint32_t na = 0;
        /* each resident's draw is rng_block(.., i, 0)[0], a batch of them
         * at once in SIMD lanes */
        for (uint32_t i0 = c0; i0 < c1; i0 += RNG_BATCH) {
            uint32_t b[4][RNG_BATCH];
            rng_block_batch(seed, RP_ACTIVITY, (uint32_t)day, i0, 0, b);
            const uint32_t i1 = c1 - i0 < RNG_BATCH ? c1 : i0 + RNG_BATCH;
            for (uint32_t i = i0; i < i1; i++) {
                int32_t last = r->last_attended[i];
                int is_member = last != GROWN_NEVER &&
                                (double)day - last <= member_days;
                if (rng_u01(b[0][i - i0]) >= (is_member ? member : first))
                    continue;
                list[c0 + na++] = i;
                r->last_attended[i] = day;
                r->trust_com[i] += ident * (1.0f - r->trust_com[i]);
            }
        }
        if (na < 2)
            continue;
        for (uint32_t a = 0; a < na; a++) {
            uint32_t i = list[c0 + a];
            struct rng_stream s;
            rng_stream_init(&s, seed, RP_ACTIVITY, (uint32_t)day, i);
            s.index = 1;   /* word block 0 decided attendance */
            for (uint32_t q = 0; q < pairs; q++) {
                uint32_t b = (a + 1 + rng_below(&s, na - 1)) % na;
                uint32_t j = list[c0 + b];
                activities_tie_touch(r, k, i, j, day);
                activities_tie_touch(r, k, j, i, day);
            }
        }
    }
}

uint32_t activities_grown(const struct residents *r, uint32_t k,
                          uint32_t i)
{
    uint32_t n = 0;
    const uint32_t *g = r->grown + (size_t)i * k;
    for (uint32_t s = 0; s < k; s++)
        n += g[s] != GROWN_NONE;
    return n;
}
