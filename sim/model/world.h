/* The state of one simulated district (docs/MODEL.md, "Entities, state
 * variables and scales"): residents as arrays, communities, the matter
 * pool and the handlers' queues. Internal to the engine (layer model/,
 * docs/ARCHITECTURE.md); the prototypes of the parts that act on it are in
 * matter.h, routing.h, actors.h, phases.h and setup.h. */
#ifndef COGOV_WORLD_H
#define COGOV_WORLD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/params.h"
#include "io/schema.h"

/* An empty slot of struct residents.grown; a day before any. */
#define GROWN_NONE UINT32_MAX
#define GROWN_NEVER INT32_MIN

/* Resident flags (struct residents.flags). */
enum {
    R_MIGRANT = 1,
    R_ELDERLY = 2,
    R_CHILD = 4,
    R_LOW_INCOME = 8,
    R_HOUSEHOLD_MASK = 15, /* the flags that set matter rates */
    R_VOLUNTEER = 16,
    R_PETITIONING = 32,    /* has a petition open (7.9) */
    R_PARTY = 64,          /* a party member (7.14) */
    R_ASSOC = 128          /* a member of the migrants' association (7.19) */
};

/* Domains, in the order of domain_names[]. */
enum {
    D_ELDER_CARE, D_CHILD_CARE, D_PROPERTY, D_DISPUTE, D_SAFETY,
    D_EMPLOYMENT, D_FACILITIES, D_ADMIN, D_INTEGRATION
};

/* Purposes of random draws. Population and arrival purposes are used by
 * nothing else, so scenarios that share a seed share residents and
 * arrivals (common random numbers); each attribute of a resident has a
 * purpose of its own, so changing one attribute's distribution leaves
 * every other attribute as it was. Values are part of the output's
 * reproducibility: never renumber, never reuse, only append. */
enum rng_purpose {
    RP_COMMUNITY_SIZE = 1,
    RP_RESIDENT_FLAGS = 2,
    RP_RESIDENT_STATE = 3,  /* retired: trust, efficacy and threshold in
                             * one stream (before RP_TRUST_GOV) */
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
    RP_SOCORG = 22,
    RP_TRUST_GOV = 23,
    RP_TRUST_COM = 24,
    RP_EFFICACY = 25,
    RP_THRESHOLD = 26,
    RP_GIVE_UP = 27,        /* an overdue matter's give-up clock (7.8) */
    RP_ACTIVITY_DAY = 28,   /* does community c hold an activity (7.18) */
    RP_ACTIVITY = 29,       /* does resident i come; whom it pairs with */
    RP_PARTY = 30,          /* membership (7.14) */
    RP_PARTY_COORD = 31,    /* coordination at intake (7.14) */
    RP_STATION = 32,        /* whom the committee visits (7.16) */
    RP_MIGRATION = 33,      /* who leaves; the newcomer (7.19) */
    RP_UNITS = 34,          /* local units' kinds and sizes; which unit
                             * raised a community matter (7.15) */
    RP_UNITS_COUNCIL = 35,  /* does a unit pledge at a council (7.15) */
    RP_ASSOC = 36,          /* associations form, migrants join, newcomers
                             * are bridged (7.19) */
    RP_VISITS = 37,         /* collection visits' days in the round (7.2) */
    RP_ARRIVAL_THIN = 38    /* arrivals by thinning: a community's
                             * candidates, whom each falls on (7.1) */
};

/* Residents: structure of arrays, sorted by community, buildings
 * contiguous within a community; a resident's community and building
 * follow from its index (world_community_of, world_building_of), so they
 * are not stored (8 B a resident, docs/PERFORMANCE.md "Session 21"). Two
 * parts: the state (saved in a
 * checkpoint, or drawn again from the population seed and checked), then
 * the scratch of the day loop, rewritten before it is read and never
 * saved. A new array goes in the part it belongs to; engine/checkpoint_fields.c
 * refuses at build time a saved column that lies in the scratch. */
/* The collection visits of one round of grid.collection_days days by day
 * of the round (grid.c): count[d] visits and count[days + d] duplicate
 * visits on the round's day d, for the parameters in key. */
struct grid_visits {
    double key[6];
    uint32_t days;
    uint64_t count[];
};

/* What the walk over a resident's ties reads of the resident at the
 * other end of a tie, in one record (16 B, a quarter of a cache line)
 * when tie records are on (world_tie_records): phase 11's pass first
 * copies every resident's values of yesterday into r->view, so that a tie
 * costs one scattered cache line instead of one in each of four arrays
 * (docs/PERFORMANCE.md, "Tie records by community size"). */
struct tie_view {
    float trust_gov, trust_com, satisfaction;
    /* participating yesterday, 1 or 0, as a float so that the walk adds a
     * record in one vector addition (influence.h); negative (-1 or -0)
     * when the resident is not present (arrival day not 0, 7.19), so
     * that its fixed ties do not count */
    float took;
};

struct residents {
    struct { /* state */
        uint8_t *flags;
        float *trust_gov, *trust_com, *satisfaction; /* today */
        float *efficacy, *threshold, *grievance, *volunteer_hours;
        uint8_t *participating;  /* today */
        uint8_t *participated;   /* yesterday */
        uint32_t *tie_start;     /* n + 1 offsets into ties */
        uint32_t *ties;
        /* ties grown at activities (7.18), NULL while the mechanism has
         * never been on: max_ties slots per resident, GROWN_NONE when
         * empty, with the day of the last contact; and the day each
         * resident last came to an activity (GROWN_NEVER: never) */
        uint32_t *grown;
        int32_t *grown_day;
        int32_t *last_attended;
        /* the day each resident arrived (7.19), NULL while migration has
         * never been on: 0 for the residents of day 0; a fixed tie is
         * active only between two residents of arrival day 0 */
        int32_t *arrival;
    };
    struct { /* scratch: not saved */
        /* today's trust and satisfaction while phase 11's pass reads
         * yesterday's (swapped after it); NULL with tie records, whose
         * copy of yesterday's values lets the pass write in place, and
         * with community buffers (world_community_buffers), where the
         * pass holds a community's in a slot until the community is done */
        float *next_trust_gov, *next_trust_com, *next_satisfaction;
        struct tie_view *view;   /* tie records, or NULL (off) */
        float *overdue;          /* severity of overdue matters today */
        uint32_t *unit_count;    /* participants per building */
        uint32_t *unit_items;    /* items per building and group */
        uint8_t *arrivals;       /* matters created today */
        char *arena;             /* the one allocation holding the
                                  * arrays of n or n + 1 entries above
                                  * (world.c, residents_place) */
    };
};
/* Where the scratch of struct residents begins. */
#define RESIDENTS_SCRATCH_BEGIN offsetof(struct residents, next_trust_gov)

/* A priority queue of matter slots: highest priority first, then higher
 * severity, earlier creation, lower id. `load` is the hours of work its
 * matters still need. key[i] is the sort key of slot[i] (matter.c),
 * derived from the matter: NULL with n > 0 rebuilds it. */
struct mqueue_key {
    uint64_t k1, id;
};
struct mqueue {
    struct { /* state */
        uint32_t *slot;
        uint32_t n, cap;
        int by_ready;       /* 1: order by ready day, then id (transit) */
        double load;
    };
    struct { /* derived: not saved, rebuilt from the matters */
        struct mqueue_key *key;
        uint32_t key_cap;
    };
};

struct community {
    uint32_t first, n;                /* resident range */
    uint32_t first_building, n_buildings;
    uint32_t participants;            /* taking part today */
    int64_t open;                     /* open matters owned here */

    /* committee and work station; the deliberation agenda (triage) */
    struct mqueue committee_q, agenda_q;
    uint32_t agenda_items;            /* community-level items this week */
    int32_t contract;                 /* active purchase contract or -1 */
    uint32_t grid_logged;             /* matters grid workers logged today */
    double admin_burden;              /* share of staff hours (today) */
    double overhead_hours;            /* intake + coordination today */
    uint32_t station_posts;
    double station_hours;             /* effective hours of its workers */
    double mobilise_hours;            /* committee hours visiting
                                       * residents today (7.16) */
    double relief_cost;               /* yuan today of admin relief */

    /* linkage platform: slots in the order they were offered */
    uint32_t *platform;
    uint32_t n_platform, cap_platform;

    /* volunteer team */
    struct mqueue volunteer_q;
    uint32_t volunteers, social_workers;
    double vol_capacity, vol_worked;

    /* mediation and grid */
    struct mqueue mediation_q;
    double mediators;
    uint32_t grid_workers;

    /* community fund and micro-projects */
    double fund;
    uint8_t projects[N_DOMAINS];      /* active micro-projects by domain */
    uint8_t association;              /* the migrants' association (7.19) */
    float rule[N_DOMAINS];            /* force of the residents' rule for
                                       * each domain, 0 (none) to 1 (7.17) */
    uint32_t demand[N_DOMAINS];       /* matters created since last vote */

    double delib_considered, delib_funded; /* this week */
};

/* A chunk of at most CHUNK residents inside one community: the unit of
 * parallel work and of floating-point reductions (summed in chunk order,
 * so thread count never changes a bit). */
enum { CHUNK = 8192 };
/* The observation's per-chunk sums (struct world.obs_partial), taken by
 * phase 11 in its pass over the residents (participation.c), or by
 * observe_day when no phase 11 has run since the last observation. The
 * last five are integer counts (phases.h, struct tie_counts): the active
 * ties, today's attendances and the members of activities (7.18), the
 * newcomers and their active ties (7.19). */
enum obs_sum { OBS_SAT, OBS_TG, OBS_TC, OBS_EFF, OBS_GRV, OBS_PART,
               OBS_MIG, OBS_MIG_SAT, OBS_MIG_PART, OBS_ASSOC, OBS_TIES,
               OBS_CAME, OBS_MEMBERS, OBS_NEWCOMERS, OBS_NEWCOMER_TIES,
               N_OBS };
_Static_assert(N_OBS <= 16, "struct world.obs_partial holds 16 a chunk");
/* A world of fewer residents runs its daily loops on one thread (an `if`
 * clause on each parallel region): starting a region and waking a
 * sleeping thread costs 15-80 us, more than a second thread saves on a
 * small world (docs/PERFORMANCE.md, "Busy machine"). tests/test_serial.c
 * checks that a small run with every mechanism starts no team. */
enum { PAR_MIN_RESIDENTS = 16384 };
#define WORLD_PARALLEL(w) ((w)->n_res >= PAR_MIN_RESIDENTS)
/* The light loops (phase 3 and the reporting of phase 2 over the matters
 * with their owners, phase 8's scan of the slots and the grievances,
 * phase 9's scan of the residents: a few ns a resident) run on one thread
 * below this: at 100 000 residents each was slower on 2 threads than on
 * 1 (docs/PERFORMANCE.md, "Quiet machine, third stop"). */
enum { PAR_MIN_LIGHT = 1 << 19 };
#define WORLD_PARALLEL_LIGHT(w) ((w)->n_res >= PAR_MIN_LIGHT)
struct chunk {
    uint32_t first, end, community;
};

enum matter_status {
    M_FREE,     /* slot unused */
    M_HELD,     /* with its owner, not reported */
    M_RETURNED, /* private, handed back to its owner by triage */
    M_TRANSIT,  /* waiting for its ready day (latency, transfer, execution) */
    M_QUEUED,   /* in a handler's queue */
    M_PLATFORM  /* offered on its community's linkage platform */
};

enum {
    MF_PETITION = 1,
    MF_LOW_PRIORITY = 2,
    MF_MEDIATED = 4,   /* mediation was tried */
    MF_OFFERED = 8,    /* the platform had its chance */
    MF_DELIBERATED = 16, /* deliberation had its chance */
    MF_PAID = 32        /* bought from an organisation by its owner */
};

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
    float give_up_left;     /* its owner's patience left past `patience`
                             * (7.8): an Exp(1) draw on its first overdue
                             * day, -1 before; less -ln(1 - give_up) each
                             * overdue day; given up when it reaches 0 */
};


/* Where a matter is (queued) or is going (transit). */
enum handler_kind {
    HK_NONE,
    HK_GOVERNMENT,
    HK_COMMITTEE,     /* handler = community */
    HK_VOLUNTEER,     /* handler = community */
    HK_MEDIATION,     /* handler = community */
    HK_SOCORG,        /* handler = organisation */
    HK_AGENDA,        /* handler = community: awaiting deliberation */
    HK_REROUTE,       /* transit: route again by true scope (transfer) */
    HK_DELIBERATION   /* transit: resolves by deliberation on ready day */
};

enum { ORG_PROFESSIONAL, ORG_GRASSROOTS };

/* A social organisation (社会组织). */
struct socorg {
    int alive, kind;
    uint32_t home;            /* community */
    uint32_t domains;         /* bit d: serves domain d */
    double quality, funds, reputation; /* reputation < 0: never evaluated */
    double fee_recent;        /* fee income, exponential 90-day sum */
    double capacity;          /* hours today */
    int32_t born, insolvent_days, last_hire;
    uint32_t workers, contracts;
    struct mqueue q;
};

/* A purchase-of-service contract for one community's lot. */
struct contract {
    int active;
    uint32_t org, community;
    double value;             /* yuan a year */
    int32_t start, end, next_eval;
    int64_t resolved, on_time;
    double served;            /* sum of the outcomes of resolved matters */
    double last_score, prev_score;
};

/* A social-worker post: filled (vacant_until == SW_FILLED) or vacant
 * until that day (days before day 0 are negative: the burn-in). */
#define SW_FILLED INT32_MIN
struct social_worker {
    int alive;                /* post exists */
    int32_t employer;         /* organisation index, -1: work station */
    uint32_t community;
    int32_t vacant_until;     /* day the vacancy is filled, or SW_FILLED */
    float skill, caseload;
};

/* An active or approved micro-project. */
struct microproject {
    uint32_t community;
    uint8_t domain, active;
    int32_t start, end;
    int32_t voted;            /* day of the vote that approved it */
    double cost_per_day;
};

/* A local unit (驻区单位, 7.15): a firm, school, collective company or
 * public institution of one community, and what it pledged at the last
 * council. Units of community c are [c * per_community, (c + 1) *
 * per_community). */
enum { UNIT_FIRM, UNIT_SCHOOL, UNIT_COLLECTIVE, UNIT_INSTITUTION,
       N_UNIT_KINDS };
struct local_unit {
    uint32_t community;
    int32_t kind;
    double size;              /* relative, mean 1 */
    double reputation;        /* the community's standing with it, 0-1 */
    double hours, funds;      /* pledged: h/day, yuan/day */
    double venue_days;        /* pledged: venue days a year */
    double raised, solved;    /* its matters closed / resolved since the
                               * last council */
    double pledged, used;     /* its hours pledged / worked since then */
};

/* Counters of one day, reset by observe. */
struct day_stats {
    int64_t created, resolved, abandoned, escalated;
    int64_t by_channel[N_CHANNELS];
    int64_t petitions_settled;   /* petitions resolved (in resolved too) */
    int64_t public_resolved;     /* resolved by public handling (7.12) */
    double gov_spending, gov_hours_worked, vol_hours;
    double vol_active;  /* volunteers whose team worked today */
    int64_t mediations, mediations_settled; /* mediation cases ended */
    int64_t mp_started, mp_lag_days;  /* micro-projects started, lags */
    double fund_gov, fund_other; /* community fund income: government,
                                  * the rest (7.7, 7.15) */
};

/* A person's decisions for one resident, replacing the model's at its
 * decision points (cogov serve --class, docs/TEACHING.md): -1 leaves the
 * model's decision; else report held matters (0/1, intake.c), volunteer
 * and attend, i.e. take part (0/1, participation.c), vote for this week's
 * agenda (0: against, not counted toward the quorum; deliberation.c), the
 * domain voted for in the micro-project vote (microprojects.c). */
struct resident_choice {
    int8_t report, volunteer, attend, vote, project;
};

/* The world in three parts, so that what a checkpoint holds is visible
 * in the type: the state (saved by engine/checkpoint_fields.c, or drawn
 * again from the seeds and checked); the derived cache (not saved: rebuilt from
 * the state after a restore); the scratch of the day loop (not saved:
 * rewritten before it is read). A new field goes in the part it belongs
 * to; engine/checkpoint_fields.c refuses at build time a saved field
 * outside the state. */
struct world {
    struct { /* state */
        const struct params *p;
        uint64_t seed;
        uint64_t population_seed; /* seed the residents were drawn with (a
                                     fork from a checkpoint may change
                                     seed) */
        int day;
        uint32_t n_res, n_comm;
        struct residents r;
        struct community *comm;

        /* matter pool */
        struct matter *m;
        uint32_t n_slots, cap_slots, n_free;
        uint32_t *free_slots;
        uint64_t next_id;

        /* rate table: total daily arrival rate per (community, household
         * flags) and the cumulative domain weights behind it */
        double *rate_total;      /* [n_comm * 16] */
        double *rate_cum;        /* [n_comm * 16 * N_DOMAINS] */

        struct mqueue gov_q;
        struct mqueue transit;   /* ordered by ready day, then id */

        /* organisations, contracts, social workers, micro-projects: small
         * arrays, grown rarely (births, hires, tenders, votes) */
        struct socorg *orgs;
        uint32_t n_orgs, cap_orgs;
        struct contract *contracts;
        uint32_t n_contracts, cap_contracts;
        struct social_worker *workers;
        uint32_t n_workers, cap_workers;
        struct microproject *projects;
        uint32_t n_projects, cap_projects;
        int rates_dirty;         /* micro-projects changed: rebuild rates */

        /* resolution ages of today, for the mean and 90th percentile;
         * the ages of today's abandoned matters, for the time in system */
        int32_t *ages;
        uint32_t n_ages, cap_ages;
        int32_t *abandoned_ages;
        uint32_t n_abandoned_ages, cap_abandoned_ages;

        /* totals to date */
        int64_t created_total, resolved_total, abandoned_total;
        int64_t open, unreported, open_scope[N_SCOPES];
        struct day_stats st;
        double spend_window[30], resolved_window[30]; /* public
                                                          resolutions */
        /* venture grants of the last round, booked evenly over the year
         * they fund (7.12): yuan a day, until day venture_until
         * (exclusive) */
        double venture_per_day;
        int32_t venture_until;
        /* local units (7.15), NULL while the mechanism is off */
        struct local_unit *units;
        uint32_t n_units;
    };

    struct { /* derived: not saved */
        /* the chunk partition, from the community ranges */
        uint32_t n_chunks;
        struct chunk *chunks;
        /* Matters with their owners (held or returned): bit s of
         * owner_bits is set for every such slot, and perhaps for slots
         * that have left those states (cleared when next visited), so
         * phases 2 and 3 visit them in slot order without scanning the
         * pool. Derived from the statuses: with owner_bits_valid = 0 (as
         * after world_init) the next owner_bits_ready() rebuilds it from a
         * scan. */
        uint64_t *owner_bits;
        uint32_t owner_words;
        int owner_bits_valid;
        /* the collection visits of a round by day (grid.c), a function
         * of the seed and the parameters: NULL until first asked for */
        struct grid_visits *visits;
    };

    struct { /* scratch of the day loop: not saved */
        uint32_t *chunk_count;   /* [n_chunks] */
        uint32_t *chunk_vol;     /* [n_chunks] */
        uint32_t *new_slots;     /* matters created today */
        uint32_t n_new, cap_new;
        uint32_t *held;          /* agenda items held over a week */
        uint32_t cap_held;
        void *scratch;           /* working memory of a phase:
                                    world_scratch() */
        size_t scratch_bytes;
        uint8_t *mact;           /* per-slot decision of a parallel scan */
        double (*obs_partial)[16]; /* [n_chunks] partial sums of observe
                                    * (enum obs_sum) */
        int obs_ready;           /* 1: phase 11 has summed obs_partial
                                  * for today (observe_day clears it) */
        /* a class's own decisions for some residents (cogov serve
         * --class, which never checkpoints): [n_res], owned by the
         * caller; NULL in every other run */
        struct resident_choice *choice;
    };
};
/* Where the parts of struct world and struct mqueue that are not saved
 * begin. */
#define WORLD_DERIVED_BEGIN offsetof(struct world, n_chunks)
#define MQUEUE_DERIVED_BEGIN offsetof(struct mqueue, key)

/* Allocate the world for p: every resident array (zeroed), communities,
 * the rate table; no resident is drawn yet (setup.h assembles the model).
 * Ownership: *w is the caller's, released with world_free(). Returns 0 or
 * -1 with a message in err. */
int world_alloc(struct world **w, const struct params *p, char *err,
                size_t errlen);
void world_free(struct world *w);
/* Release a queue's arrays (the queue is left empty). */
void mqueue_free(struct mqueue *q);
/* Whether phase 11's walk over the ties reads one record per resident
 * (struct tie_view) instead of four arrays: on when the mean community
 * holds at least TIE_RECORDS_MIN_COMMUNITY residents. A tie then costs one
 * scattered 16-byte load, prefetched TIE_PREFETCH ties ahead (influence.h),
 * instead of four. With that prefetch, phase 11 measured 7% faster on
 * records at 10 000 residents a community, 13% at 20 000, 17-19% at
 * 50 000, and the same at 5 000 (docs/PERFORMANCE.md, "Session 21"). They
 * cost 16 B a resident where the next_ arrays cost 12 (or the community
 * buffers about 0): 96.4 B a resident at 10M against 82.2 B. The
 * environment variable COGOV_TIE_RECORDS=on or off overrides (auto: the
 * rule). The output is bitwise the same either way. 1 or 0; -1 with a
 * message in err when the variable holds anything else. */
enum { TIE_RECORDS_MIN_COMMUNITY = 10000 };
int world_tie_records(const struct params *p, char *err, size_t errlen);
/* Whether phase 11's pass holds today's trust and satisfaction in
 * community buffers, one a thread of the largest community's size,
 * instead of the three next_ arrays of 12 B a resident: every tie joins
 * two residents of one community, so a community's values of yesterday
 * are read only by its own chunks, and today's are copied back when its
 * last chunk is done (participation.c; docs/PERFORMANCE.md, "Scale on
 * paper"). On from BUFFERS_MIN_RESIDENTS residents, where the 12 B a
 * resident count, in districts of at least BUFFERS_COMMUNITIES_A_THREAD
 * communities a thread (OpenMP's maximum), where the buffers are a small
 * part of the arrays; never with tie records, which write in place. The
 * environment variable COGOV_COMMUNITY_BUFFERS=on or off overrides
 * (auto: the rule; on with tie records changes nothing). The output is
 * bitwise the same either way. 1 or 0; -1 with a message in err when the
 * variable holds anything else. */
enum { BUFFERS_MIN_RESIDENTS = 2000000, BUFFERS_COMMUNITIES_A_THREAD = 8 };
int world_community_buffers(const struct params *p, char *err,
                            size_t errlen);
/* Bytes a run of p is expected to need at most (for the up-front check). */
double world_memory_estimate(const struct params *p);
/* Partition communities into chunks (after community ranges are set) and
 * allocate the per-chunk scratch of the day loop. 0 or -1 (memory). */
int world_chunks(struct world *w);
/* The chunks of n threads' shares, each a run of consecutive chunks of
 * about equal work (residents plus fixed ties): share t is chunks
 * [shares[t], shares[n + t]). The same on every day, so that a thread
 * that walks its share again finds its residents in its core's cache
 * (phase 11, docs/PERFORMANCE.md "Session 20"). */
void world_chunk_shares(const struct world *w, uint32_t n, uint32_t *shares);

/* At least `bytes` of working memory for the current phase (contents
 * undefined; kept and reused from day to day, so big phases do not fault
 * fresh pages in every day). Ends the run like world_grow. */
void *world_scratch(struct world *w, size_t bytes);
/* The out-of-memory policy of a run: one line on stderr saying what could
 * not be allocated, then the process ends with status 1 (the output stays
 * NAME.partial, complete=0). Every allocation of the day loop that cannot
 * fail over ends here; the up-front estimate (engine/memory.c) refuses
 * runs that cannot fit, so this is the last resort. */
_Noreturn void world_out_of_memory(const char *what, size_t bytes);
/* Request transparent huge pages for a large block (a hint; see
 * world.c). */
void world_huge_pages(void *p, size_t bytes);
/* Geometric growth of an array; world_out_of_memory when memory is
 * exhausted (the up-front estimate refuses runs that cannot fit). */
void *world_grow(void *buf, uint32_t *cap, uint32_t need, size_t size);

/* The community of resident i: the last whose range begins at or before
 * i (communities hold consecutive ranges in order; an empty one begins
 * where the next does). */
static inline uint32_t world_community_of(const struct world *w, uint32_t i)
{
    uint32_t lo = 0, hi = w->n_comm;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->comm[mid].first <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The building of resident i of community c: buildings of
 * population.building_size residents in index order (population.c). */
static inline uint32_t world_building_of(const struct world *w, uint32_t c,
                                         uint32_t i)
{
    return w->comm[c].first_building +
           (i - w->comm[c].first) /
               (uint32_t)w->p->population.building_size;
}

/* Every resident's community into community[] and building into
 * building[] (n_res entries each; either may be NULL). */
void world_places(const struct world *w, uint32_t *community,
                  uint32_t *building);

/* The first index in [i, end) whose byte in a is non-zero, else end.
 * Serial loops that apply per-slot or per-resident decisions in index
 * order walk mostly-zero byte arrays; this skips eight zeros at a time. */
static inline uint32_t next_nonzero(const uint8_t *a, uint32_t i,
                                    uint32_t end)
{
    for (; i < end && (i & 7u); i++)
        if (a[i])
            return i;
    for (; end - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, a + i, 8);
        if (x)
            break;
    }
    for (; i < end; i++)
        if (a[i])
            return i;
    return end;
}

/* Index of the lowest set bit of x != 0. */
static inline uint32_t lowest_bit(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (uint32_t)__builtin_ctzll(x);
#else
    uint32_t i = 0;
    while (!(x & 1u)) {
        x >>= 1;
        i++;
    }
    return i;
#endif
}

/* Ask for the cache line of *addr ahead of a write: loops that update
 * residents in matter order (random owners) stall on memory otherwise. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH_FOR_WRITE(addr) __builtin_prefetch((addr), 1)
#else
#define PREFETCH_FOR_WRITE(addr) ((void)(addr))
#endif

/* The domains volunteer teams, professional and grassroots organisations
 * serve are parameters: domains.NAME.volunteer, .professional and
 * .grassroots (docs/MODEL.md 7.6). */

#endif
