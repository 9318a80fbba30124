/* 民生微实事, resident-chosen micro-projects ("群众点菜，政府买单";
 * Shenzhen, seed 001; docs/MODEL.md 7.7). Once a year the residents taking
 * part vote for the domains that trouble their community; the top domains
 * get projects until the community's budget is spent. After a lag a
 * project lowers the matter rate of its domain in its community for its
 * duration, and its cost is spent while it runs. Voters whose domain won
 * gain efficacy. */
#include <math.h>
#include <string.h>

#include "cogov/rng.h"
#include "model/actors.h"

double microproject_factor(const struct world *w, uint32_t c, int d)
{
    uint8_t k = w->comm[c].projects[d];
    return k ? pow(1.0 - w->p->microprojects.effect, k) : 1.0;
}

static void vote(struct world *w, uint32_t c, int day)
{
    const struct params *p = w->p;
    struct community *cm = &w->comm[c];
    /* params_validate bounds this (at most 255 projects of a domain at
     * once: the count is a byte) */
    uint32_t n_proj = whole_count(p->microprojects.budget_per_community /
                                  p->microprojects.project_cost);
    if (!n_proj)
        return;
    double cum[N_DOMAINS], t = 0;
    for (int d = 0; d < N_DOMAINS; d++) {
        t += d == D_ADMIN ? 0 : 1.0 + cm->demand[d];
        cum[d] = t;
    }
    double votes[N_DOMAINS] = {0};
    uint8_t *choice = w->r.arrivals;  /* scratch: each voter's domain */
    uint32_t voters = 0;
    for (uint32_t i = cm->first; i < cm->first + cm->n; i++) {
        choice[i] = 255;
        if (!w->r.participating[i])
            continue;
        uint32_t u[4];
        rng_block(w->seed, RP_MICROPROJECT, (uint32_t)day, i, 0, u);
        int d = rng_categorical_u(rng_u01(u[0]), cum, N_DOMAINS);
        if (w->choice && w->choice[i].project >= 0)   /* a student's */
            d = w->choice[i].project;
        choice[i] = (uint8_t)d;
        votes[d] += 1;
        voters++;
    }
    if (!voters)  /* no one came: the committee ranks by demand */
        for (int d = 0; d < N_DOMAINS; d++)
            votes[d] = d == D_ADMIN ? -1.0 : (double)cm->demand[d];
    votes[D_ADMIN] = -1;
    int order[N_DOMAINS];
    for (int d = 0; d < N_DOMAINS; d++)
        order[d] = d;
    for (int a = 1; a < N_DOMAINS; a++)  /* stable: ties keep domain order */
        for (int b = a; b > 0 && votes[order[b]] > votes[order[b - 1]]; b--) {
            int x = order[b];
            order[b] = order[b - 1];
            order[b - 1] = x;
        }
    int funded[N_DOMAINS] = {0};
    for (uint32_t k = 0; k < n_proj; k++) {
        int d = order[k % (N_DOMAINS - 1)];  /* admin ranks last */
        funded[d] = 1;
        w->projects = world_grow(w->projects, &w->cap_projects,
                                 w->n_projects + 1, sizeof *w->projects);
        struct microproject *mp = &w->projects[w->n_projects++];
        mp->community = c;
        mp->domain = (uint8_t)d;
        mp->active = 0;
        mp->voted = day;
        mp->start = day + (int32_t)p->microprojects.lag_days;
        mp->end = mp->start + (int32_t)p->microprojects.duration_days;
        mp->cost_per_day = p->microprojects.project_cost /
                           p->microprojects.duration_days;
    }
    float gain = (float)p->microprojects.efficacy_gain;
    for (uint32_t i = cm->first; i < cm->first + cm->n; i++)
        if (choice[i] != 255 && funded[choice[i]])
            w->r.efficacy[i] += gain * (1.0f - w->r.efficacy[i]);
    memset(cm->demand, 0, sizeof cm->demand);
}

void microprojects_daily(struct world *w, const struct params *p, int day)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < w->n_projects; i++) {
        struct microproject mp = w->projects[i];
        struct community *cm = &w->comm[mp.community];
        if (!mp.active && day >= mp.start) {
            mp.active = 1;
            w->st.mp_started++;
            w->st.mp_lag_days += day - mp.voted;
            cm->projects[mp.domain]++;
            w->rates_dirty = 1;
        }
        if (mp.active && day >= mp.end) {
            cm->projects[mp.domain]--;
            w->rates_dirty = 1;
            continue;  /* finished */
        }
        if (mp.active)
            w->st.gov_spending += mp.cost_per_day;
        w->projects[kept++] = mp;
    }
    w->n_projects = kept;
    if (day % DAYS_PER_YEAR == (int)p->microprojects.day)
        for (uint32_t c = 0; c < w->n_comm; c++)
            vote(w, c, day);
}
