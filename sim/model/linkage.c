/* Phase 4, platform matching: 四社联动, four-society linkage (Jinan
 * Shizhong, seed 003; Pingshan's hub platform, seed 001; docs/MODEL.md
 * 7.4). The community platform offers each matter to the providers of the
 * community that serve its domain: social organisations and the volunteer
 * team. A matter is matched the first day a provider has free hours for
 * it, to the provider with the most free capacity; matters not matched
 * within
 * linkage.platform_days fall back to the route they would take without
 * the platform; a community-scope matter falls back at once when the
 * committee has the free hours for it (committee_takes). Grassroots incubation is in socorg.c. */
#include <stdlib.h>

#include "cogov/rng.h"
#include "model/phases.h"
#include "model/routing.h"

/* The provider for a matter: organisation index, or -1 for the volunteer
 * team, or -2 for none with enough free hours. orgs[0 .. n_orgs - 1] are
 * the organisations alive that work in the matter's community, ascending
 * (see community_orgs), so the choice is socorg_serves over all of them. */
static int choose(const struct world *w, const struct matter *m,
                  const uint32_t *orgs, uint32_t n_orgs)
{
    int best = -2;
    double best_free = 0, need = (double)m->hours - (double)m->done;
    for (uint32_t j = 0; j < n_orgs; j++) {
        uint32_t k = orgs[j];
        if (!(w->orgs[k].domains >> m->domain & 1u))
            continue;
        double fr = provider_free(w, HK_SOCORG, k);
        if (fr >= need && fr > best_free) {
            best = (int)k;
            best_free = fr;
        }
    }
    if (w->p->domains[m->domain].volunteer) {
        double fr = provider_free(w, HK_VOLUNTEER, m->community);
        if (fr >= need && fr > best_free)
            best = -1;
    }
    return best;
}

/* The organisations alive that work in community c (based there or
 * holding its contract), ascending, into orgs; returns how many. The
 * platform offers every matter of c to these only, instead of asking
 * socorg_serves of every organisation of the district. */
static uint32_t community_orgs(const struct world *w, uint32_t c,
                               uint32_t *orgs)
{
    int32_t ct = w->comm[c].contract;
    int64_t contracted = ct >= 0 ? (int64_t)w->contracts[ct].org : -1;
    uint32_t n = 0;
    for (uint32_t k = 0; k < w->n_orgs; k++)
        if (w->orgs[k].alive &&
            (w->orgs[k].home == c || (int64_t)k == contracted))
            orgs[n++] = k;
    return n;
}

/* The committee is one of the four linked (四社联动: 社区, 社会组织,
 * 社工, 志愿者; seed 003 item 7, seed 001 绪论): a community-scope matter
 * that no organisation or volunteer can take today goes to the committee
 * now, not after linkage.platform_days, when the committee has the free
 * hours for it (linkage.committee_linked; off: the matter waits). */
static int committee_takes(const struct world *w, const struct matter *m)
{
    return w->p->linkage.committee_linked &&
           m->assigned == SCOPE_COMMUNITY &&
           provider_free(w, HK_COMMITTEE, m->community) >=
               (double)m->hours - (double)m->done;
}

void phase_match(struct world *w, const struct params *p, int day)
{
    if (!p->mechanisms.linkage.enabled)
        return;
    uint32_t *orgs = malloc((w->n_orgs ? w->n_orgs : 1) * sizeof *orgs);
    if (!orgs)
        world_out_of_memory("linkage candidates",
                            (w->n_orgs ? w->n_orgs : 1) * sizeof *orgs);
    for (uint32_t c = 0; c < w->n_comm; c++) {
        struct community *cm = &w->comm[c];
        uint32_t kept = 0, n = cm->n_platform;
        /* matching creates and closes no organisation or contract */
        uint32_t n_orgs = n ? community_orgs(w, c, orgs) : 0;
        uint32_t *list = cm->platform;
        /* the list is consumed in place; fallback routing appends nothing
         * to it because offered matters are flagged */
        for (uint32_t i = 0; i < n; i++) {
            uint32_t s = list[i];
            struct matter *m = &w->m[s];
            int who = choose(w, m, orgs, n_orgs);
            if (who != -2) {
                cm->overhead_hours += p->linkage.coordination_cost;
                m->flags |= MF_OFFERED;
                if (who >= 0)
                    matter_enqueue(w, s, HK_SOCORG, (uint32_t)who);
                else
                    matter_enqueue(w, s, HK_VOLUNTEER, c);
            } else if (day - m->ready >= p->linkage.platform_days ||
                       committee_takes(w, m)) {
                m->flags |= MF_OFFERED;
                route_scope(w, s, day);
            } else {
                list[kept++] = s;
            }
        }
        cm->n_platform = kept;
    }
    free(orgs);
}
