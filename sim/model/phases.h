/* The daily phases, in the order of docs/MODEL.md "Process overview".
 * Each takes the parameters it reads, so a parameter's path is visible
 * from the day loop (engine/sim.c) down. */
#ifndef COGOV_PHASES_H
#define COGOV_PHASES_H

#include "model/world.h"

/* work.c: hours of every handler for the day (start of the day). */
void work_capacity(struct world *w, const struct params *p, int day);
void phase_generate(struct world *w, const struct params *p, int day);
void phase_intake(struct world *w, const struct params *p, int day);
void phase_selfhelp(struct world *w, const struct params *p, int day);
void phase_match(struct world *w, const struct params *p, int day);
void phase_work(struct world *w, const struct params *p, int day);
void phase_deliberate(struct world *w, const struct params *p, int day);
void phase_fund(struct world *w, const struct params *p, int day);
void phase_outcomes(struct world *w, const struct params *p, int day);
void phase_escalate(struct world *w, const struct params *p, int day);
void phase_influence(struct world *w, const struct params *p, int day);
void phase_participate(struct world *w, const struct params *p, int day);

/* activities.c (7.18): the day's activities, run at the start of phase
 * 10 when mechanisms.activities.enabled; the live grown ties of resident
 * i (r->grown not NULL, k = activities.max_ties). */
void activities_day(struct world *w, const struct params *p, int day);
/* The slot arrays of grown ties, empty (setup_world when the mechanism
 * is on at day 0, else its first day): a run with it off carries none. */
void activities_alloc(struct world *w, const struct params *p);
/* Release them (a restored state that holds none). */
void activities_free(struct world *w);
uint32_t activities_grown(const struct residents *r, uint32_t k,
                          uint32_t i);
/* Tie i -> j made or refreshed today (a grown tie; nothing for an active
 * fixed one). */
void activities_tie_touch(struct residents *r, uint32_t k, uint32_t i,
                          uint32_t j, int day);

/* The observation's counts of ties and activities (7.18, 7.19) over some
 * residents: their active ties (fixed and grown), today's attendances,
 * the members of activities (who attended within member_days), the
 * newcomers (arrived after day 0) and their active ties. Integers, exact
 * in any order; phase 11 takes them in its pass (participation.c), from
 * the active ties its walk counts, and observe.c when no phase 11 ran. */
struct tie_counts {
    uint32_t ties, came, members, newcomers, newcomer_ties;
};

/* Resident i, of `deg` active ties, into c on day `day`. */
static inline void tie_counts_add(const struct residents *r,
                                  double member_days, int day, uint32_t i,
                                  uint32_t deg, struct tie_counts *c)
{
    c->ties += deg;
    if (r->grown) {
        const int32_t last = r->last_attended[i];
        c->came += last == day;
        c->members +=
            last != GROWN_NEVER && (double)day - last <= member_days;
    }
    if (r->arrival && r->arrival[i] > 0) {
        c->newcomers++;
        c->newcomer_ties += deg;
    }
}

/* The counts into a chunk's sums (enum obs_sum). */
static inline void obs_tie_counts(double *s, const struct tie_counts *c)
{
    s[OBS_TIES] = c->ties;
    s[OBS_CAME] = c->came;
    s[OBS_MEMBERS] = c->members;
    s[OBS_NEWCOMERS] = c->newcomers;
    s[OBS_NEWCOMER_TIES] = c->newcomer_ties;
}

/* migration.c (7.19): leavers and newcomers, run at the start of phase 1
 * (the arrival days are allocated on the first call); the array of
 * arrival days (zeros) and its release; the active fixed ties of i. */
void migration_day(struct world *w, const struct params *p, int day);
void migration_alloc(struct world *w);
void migration_free(struct world *w);
uint32_t migration_fixed_ties(const struct residents *r, uint32_t i);
/* Resident i's active ties (fixed and grown, k grown slots a resident)
 * counted without the walk: the degree phase 11's walk returns. */
static inline uint32_t resident_active_ties(const struct residents *r,
                                            uint32_t k, uint32_t i)
{
    return migration_fixed_ties(r, i) +
           (r->grown ? activities_grown(r, k, i) : 0);
}
/* associations.c (7.19): the migrants' associations form, take members
 * and fade (run by migration_day); newcomer i of today is tied to members
 * drawn from pool[0..n): its community's members who are not leaving
 * today, in index order, which associations_pool lists for every
 * community with an association (community c's from pool + first[c] to
 * pool + first[c + 1]; pool holds up to n_res residents, first n_comm + 1
 * entries) before the newcomers arrive: a newcomer's arrival changes no
 * other resident's membership, so the lists hold for the whole day.
 * associations_bridge is called only with grown ties and bridge_ties > 0
 * (migration.c). */
void associations_day(struct world *w, const struct params *p, int day);
void associations_pool(const struct world *w, const uint8_t *leaving,
                       uint32_t *pool, uint32_t *first);
void associations_bridge(struct world *w, const struct params *p,
                         uint32_t i, int day, const uint32_t *pool,
                         uint32_t n);
/* Is fixed tie i - j active (arrival NULL: always)? */
static inline int migration_tie_active(const int32_t *arrival, uint32_t i,
                                       uint32_t j)
{
    return !arrival || (arrival[i] | arrival[j]) == 0;
}

/* generate.c: rebuild the rate table after anything that changes rates. */
void generate_rates(struct world *w);
/* participation.c: count each community's participants. */
void participation_count(struct world *w);
/* participation.c: the registered volunteers of day 0, among the
 * residents who take part on the first day (docs/MODEL.md 5). */
void participation_initial_volunteers(struct world *w);
/* mediation.c: work the mediation queue of community c (phase 5). */
void mediation_work(struct world *w, uint32_t c, int day);
/* grid.c (7.2): the share of the committee's administrative work left
 * when the joined grid collects the departments' data once (织网工程). */
double grid_collection_factor(const struct params *p);
/* grid.c (7.2): today's collection visits to residents (the departments'
 * and the joined grid's) and how many of them came within
 * grid.duplicate_days of the resident's previous one (重复扰民). */
void grid_visits_today(struct world *w, int day, uint64_t *visits,
                       uint64_t *duplicates);
/* station.c (7.16): the admin hours of `admin` the committee of cm keeps
 * after the relief channels switched on; sets cm's relief cost and
 * mobilising hours for the day (start of the day). */
double station_relieve(const struct params *p, struct community *cm,
                       double admin);
/* station.c: the committee's visits of the day (phase 5, after work). */
void station_visit(struct world *w, const struct params *p, int day);
/* rules.c (7.17): the rate multiplier of domain d in community c, and the
 * accuracy with which intake sorts matter m, under the rules in force;
 * the weekly community meeting's rule (after its agenda, phase 6):
 * returns whether a force changed (the caller rebuilds the rates). */
double rules_factor(const struct world *w, uint32_t c, int d);
double rules_accuracy(const struct world *w, const struct matter *m);
int rules_meeting(struct world *w, uint32_t c, int quorate);

#endif
