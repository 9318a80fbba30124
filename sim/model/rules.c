/* Deliberation that writes rules: 三事清单 and 自治章程 (docs/MODEL.md
 * 7.17). Nan'an's residents agree in their meetings on the list that says
 * which matters are government's, the community's and their own (共商
 * "三事清单", seed 003 成果 11); Tong'an's write their own soft law (制定
 * 村庄软法, "微法典", with feedback that keeps it alive, seed 003 成果 6);
 * the national cases name 村规民约 among the means of governance (seed
 * 004, 讲话 二 and 导言). Here the weekly community meeting of triage, when
 * quorate, adopts or renews one rule for a domain. A rule in force helps
 * intake sort that domain's matters (triage.c) and prevents some of its
 * matters from arising (generate.c); its force fades without renewal. */
#include <math.h>

#include "model/phases.h"

double rules_factor(const struct world *w, uint32_t c, int d)
{
    const struct params *p = w->p;
    if (!p->mechanisms.rules.enabled)
        return 1.0;
    return 1.0 - p->rules.rate_cut * (double)w->comm[c].rule[d];
}

double rules_accuracy(const struct world *w, const struct matter *m)
{
    const struct params *p = w->p;
    double a = p->triage.accuracy;
    if (!p->mechanisms.rules.enabled)
        return a;
    return a + (1.0 - a) * p->rules.accuracy_gain *
                   (double)w->comm[m->community].rule[m->domain];
}

int rules_meeting(struct world *w, uint32_t c, int quorate)
{
    const struct params *p = w->p;
    struct community *cm = &w->comm[c];
    const float keep =
        (float)exp(-p->triage.meeting_every_days / p->rules.fade_days);
    /* the candidate: the domain where a rule would prevent most, among
     * those without a rule in force (administration is government's) */
    int best = -1, changed = 0;
    double best_v = 0;
    for (int d = 0; d < N_DOMAINS; d++) {
        changed |= cm->rule[d] > 0;
        cm->rule[d] *= keep;
        if (d == D_ADMIN || cm->rule[d] >= p->rules.renew_below)
            continue;
        double v = p->domains[d].rate * (1.0 - (double)cm->rule[d]);
        if (v > best_v) {
            best = d;
            best_v = v;
        }
    }
    if (quorate && best >= 0) {
        cm->rule[best] = 1.0f;
        changed = 1;
    }
    return changed;
}
