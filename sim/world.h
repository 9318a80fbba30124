/* The state of one simulated district (docs/MODEL.md, "Entities, state
 * variables and scales"): residents as arrays, communities, the matter
 * pool and the handlers' queues. Internal to the engine; the public API is
 * include/cogov/sim.h. */
#ifndef COGOV_WORLD_H
#define COGOV_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"

/* Resident flags (struct residents.flags). */
enum {
    R_MIGRANT = 1,
    R_ELDERLY = 2,
    R_CHILD = 4,
    R_LOW_INCOME = 8,
    R_HOUSEHOLD_MASK = 15, /* the flags that set matter rates */
    R_VOLUNTEER = 16
};

/* Domains, in the order of domain_names[]. */
enum {
    D_ELDER_CARE, D_CHILD_CARE, D_PROPERTY, D_DISPUTE, D_SAFETY,
    D_EMPLOYMENT, D_FACILITIES, D_ADMIN, D_INTEGRATION
};

/* Who resolved a matter: the columns of /timeseries/resolved_by_channel. */
enum channel {
    CH_SELF, CH_TIE, CH_MARKET, CH_COMMUNITY, CH_DELIBERATION, CH_SOCORG,
    CH_VOLUNTEER, CH_MEDIATION, CH_GOVERNMENT, N_CHANNELS
};
extern const char *const channel_names[N_CHANNELS];

/* Purposes of random draws. Population and arrival purposes are used by
 * nothing else, so scenarios that share a seed share residents and
 * arrivals (common random numbers). Values are part of the output's
 * reproducibility: never renumber, only append. */
enum rng_purpose {
    RP_COMMUNITY_SIZE = 1,
    RP_RESIDENT_FLAGS = 2,
    RP_RESIDENT_STATE = 3,
    RP_TIES = 4,
    RP_ARRIVAL = 5,
    RP_ARRIVAL_DETAIL = 6,
    RP_REPORT = 7,
    RP_SELFHELP = 8,
    RP_PARTICIPATION_INIT = 9,
    RP_TRIAGE = 10,
    RP_PLATFORM = 11,
    RP_MARKET = 12,
    RP_GRID = 13,
    RP_MEDIATION = 14,
    RP_VOLUNTEER = 15,
    RP_SOCIAL_WORKER = 16,
    RP_TENDER = 17,
    RP_EVALUATION = 18,
    RP_VENTURE = 19,
    RP_MICROPROJECT = 20,
    RP_INCUBATION = 21,
    RP_SOCORG = 22
};

/* Residents: structure of arrays, sorted by community, buildings
 * contiguous within a community. */
struct residents {
    uint32_t *community;
    uint32_t *building;
    uint8_t *flags;
    float *trust_gov, *trust_com, *satisfaction; /* today */
    float *next_trust_gov, *next_trust_com, *next_satisfaction;
    float *efficacy, *threshold, *grievance, *volunteer_hours;
    float *overdue;          /* severity of overdue matters today */
    uint8_t *participating;  /* today */
    uint8_t *participated;   /* yesterday */
    uint8_t *arrivals;       /* scratch: matters created today */
    uint32_t *tie_start;     /* n + 1 offsets into ties */
    uint32_t *ties;
};

struct community {
    uint32_t first, n;                /* resident range */
    double admin_hours;               /* admin work pushed down today */
    double staff_hours;
    uint32_t participants;            /* taking part today */
    int64_t open;                     /* open matters owned here */
};

/* A chunk of at most CHUNK residents inside one community: the unit of
 * parallel work and of floating-point reductions (summed in chunk order,
 * so thread count never changes a bit). */
enum { CHUNK = 8192 };
struct chunk {
    uint32_t first, end, community;
};

enum matter_status {
    M_FREE,     /* slot unused */
    M_HELD,     /* with its owner, not reported */
    M_TRANSIT,  /* on its way to a handler (latency, transfer) */
    M_QUEUED    /* in a handler's queue */
};

enum { MF_PETITION = 1, MF_LOW_PRIORITY = 2 };

/* A matter (事务). Slots are reused; id is the creation order. */
struct matter {
    uint64_t id;
    uint32_t owner, community;
    int32_t created, reported, ready;
    float severity, hours, done;
    uint8_t domain, scope, assigned, status;
    uint8_t flags, transfers, arrival_k, handler_kind;
    uint32_t handler;       /* index within handler_kind */
    int32_t qpos;           /* position in its queue's heap, -1 if none */
};

/* A priority queue of matter slots: highest priority first, then higher
 * severity, earlier creation, lower id. */
struct mqueue {
    uint32_t *slot;
    uint32_t n, cap;
    int by_ready;           /* 1: order by ready day, then id (transit) */
};

enum handler_kind { HK_NONE, HK_GOVERNMENT };

/* Counters of one day, reset by observe. */
struct day_stats {
    int64_t created, resolved, abandoned, escalated;
    int64_t by_channel[N_CHANNELS];
    double gov_spending, gov_hours_worked;
};

struct world {
    const struct params *p;
    uint64_t seed;
    int day;
    uint32_t n_res, n_comm, n_chunks;
    struct residents r;
    struct community *comm;
    struct chunk *chunks;

    /* matter pool */
    struct matter *m;
    uint32_t n_slots, cap_slots, n_free;
    uint32_t *free_slots;
    uint64_t next_id;

    /* rate table: total daily arrival rate per (community, household flags)
     * and the cumulative domain weights behind it */
    double *rate_total;      /* [n_comm * 16] */
    double *rate_cum;        /* [n_comm * 16 * N_DOMAINS] */

    /* scratch of the day loop */
    uint32_t *chunk_count;   /* [n_chunks] */
    uint32_t *new_slots;     /* matters created today */
    uint32_t cap_new;
    uint8_t *mact;           /* per-slot decision of a parallel scan */
    double (*obs_partial)[16]; /* [n_chunks] partial sums of observe */

    struct mqueue gov_q;
    struct mqueue transit;   /* ordered by ready day, then id */

    /* resolution ages of today, for the mean and 90th percentile */
    int32_t *ages;
    uint32_t n_ages, cap_ages;

    /* totals to date */
    int64_t created_total, resolved_total, abandoned_total;
    int64_t open, unreported, open_scope[N_SCOPES];
    struct day_stats st;
    double spend_window[30], resolved_window[30];
};

/* Allocate and initialise the world for p (population, handlers).
 * Ownership: *w is the caller's, released with world_free(). Returns 0 or
 * -1 with a message in err. */
int world_init(struct world **w, const struct params *p, char *err,
               size_t errlen);
void world_free(struct world *w);
/* Bytes a run of p is expected to need at most (for the up-front check). */
double world_memory_estimate(const struct params *p);
/* Partition communities into chunks (after community ranges are set). */
int world_chunks(struct world *w);

/* population.c */
int population_init(struct world *w, char *err, size_t errlen);

/* matter.c: the pool and the queues */
uint32_t matter_alloc(struct world *w);
void matter_release(struct world *w, uint32_t slot);
uint64_t matter_rng_entity(const struct matter *m);
void mqueue_push(struct world *w, struct mqueue *q, uint32_t slot);
uint32_t mqueue_top(const struct mqueue *q);
void mqueue_pop(struct world *w, struct mqueue *q);
void mqueue_remove(struct world *w, struct mqueue *q, uint32_t slot);
void transit_push(struct world *w, uint32_t slot, int ready);
void mqueue_free(struct mqueue *q);
int matter_priority(const struct matter *m);

/* The daily phases, in the order of docs/MODEL.md "Process overview". */
void phase_generate(struct world *w, int day);
void phase_intake(struct world *w, int day);
void phase_work(struct world *w, int day);
void phase_outcomes(struct world *w, int day);
void phase_escalate(struct world *w, int day);
void phase_influence(struct world *w, int day);
void phase_participate(struct world *w, int day);
void participation_count(struct world *w);

/* Rebuild the rate table after anything that changes rates. */
void generate_rates(struct world *w);

/* outcomes.c: close a matter (resolved by channel ch with outcome
 * quality q, or abandoned when ch < 0) and release its slot. */
void outcome_resolve(struct world *w, uint32_t slot, int ch, double quality,
                     int day);
void outcome_abandon(struct world *w, uint32_t slot, int day);

/* Count a new matter as open (after its scope is drawn). */
void matter_opened(struct world *w, uint32_t slot);

/* Route a reported matter to its handler (intake.c). */
void intake_route(struct world *w, uint32_t slot, int day);

#endif
