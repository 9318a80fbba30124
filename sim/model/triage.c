/* 三事分流, three-matter triage (Nan'an, Chongqing; seed 003;
 * docs/MODEL.md 7.2). At intake the committee sorts a matter into
 * government matters (政府大事), community matters (社区小事) and private
 * matters (居民私事). It gets the true scope with probability
 * triage.accuracy, else one of the other two with equal chance; the
 * transfer that follows a wrong class is in intake.c, the deliberation of
 * community matters in deliberation.c, the slimmed admin load in work.c;
 * a residents' rule for the domain raises the accuracy (rules.c). */
#include "cogov/rng.h"
#include "model/phases.h"
#include "model/routing.h"

int triage_classify(struct world *w, const struct matter *m, int day)
{
    uint32_t u[4];
    rng_block(w->seed, RP_TRIAGE, (uint32_t)day, matter_rng_entity(m),
              (uint32_t)m->created, u);
    if (rng_u01(u[0]) < rules_accuracy(w, m))
        return m->scope;
    int other = 1 + (int)(rng_u01(u[1]) * 2.0);  /* 1 or 2 */
    return (m->scope + other) % N_SCOPES;
}
