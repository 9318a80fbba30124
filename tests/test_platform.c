/* The committee on the linkage platform (docs/MODEL.md 7.4, 四社联动): a
 * community-scope matter that no organisation or volunteer can take goes
 * to the committee at once when the committee has room
 * (linkage.committee_linked), and waits linkage.platform_days when it is
 * off or the committee has no room; private matters wait either way. */
#include <stdio.h>

#include "model/phases.h"
#include "model_util.h"
#include "unit.h"

/* Matter-days spent on the platform at the end of each day, by assigned
 * scope, over `days` days of a linkage district without volunteers (no
 * one but the committee could take a matter). */
static void platform_days(int linked, double staff_hours, uint64_t *comm,
                          uint64_t *priv)
{
    struct params p;
    small_params(&p, 4000, 2);
    p.mechanisms.linkage.enabled = 1;
    p.volunteer.initial_share = 0;
    p.volunteer.join_rate = 0;
    p.linkage.committee_linked = linked;
    p.community.staff_hours = staff_hours;
    *comm = *priv = 0;
    struct world *w = make_world(&p);
    CHECK(w != NULL);
    if (!w)
        return;
    for (int d = 0; d < 60; d++) {
        sim_step(w, d);
        for (uint32_t s = 0; s < w->n_slots; s++)
            if (w->m[s].status == M_PLATFORM) {
                if (w->m[s].assigned == SCOPE_COMMUNITY)
                    (*comm)++;
                else
                    (*priv)++;
            }
    }
    world_free(w);
}

TEST(test_committee_takes_what_nobody_else_can)
{
    uint64_t c_on, p_on, c_off, p_off, c_busy, p_busy;
    platform_days(1, 500, &c_on, &p_on);
    platform_days(0, 500, &c_off, &p_off);
    platform_days(1, 0, &c_busy, &p_busy);
    printf("  community matter-days on the platform: %llu linked, %llu "
           "not, %llu linked without committee hours (private %llu, "
           "%llu, %llu)\n",
           (unsigned long long)c_on, (unsigned long long)c_off,
           (unsigned long long)c_busy, (unsigned long long)p_on,
           (unsigned long long)p_off, (unsigned long long)p_busy);
    CHECK(c_on == 0);           /* straight to a committee with room */
    CHECK(c_off > 0);           /* the old rule: they wait */
    CHECK(c_busy > 0);          /* no room: they wait */
    CHECK(p_on > 0 && p_off > 0);  /* private matters wait either way */
}

UNIT_MAIN(test_committee_takes_what_nobody_else_can)
