/* The class of `cogov serve --class` (HubNet-like; docs/TEACHING.md):
 * students join with a code, each is given a resident of the class's
 * district (run 1; run 0 is its model-only twin with the same seed), sees
 * that resident's matters, trust and neighbours, and decides for it. The
 * decisions are the run's choices (cogov_run_set_choices of the public
 * API), which the model reads at its decision points (intake,
 * participation, deliberation, micro-projects) in place of its own
 * draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <qrencode.h>

#include "demo/serve.h"

void serve_class_attach(struct serve *s, int i)
{
    /* a run in memory holds its world until freed: cannot fail */
    cogov_run_set_choices(s->run[i].r.run,
                          i == 1 && s->class_mode ? s->choice : NULL,
                          s->run[i].r.n_res, NULL, 0);
}

int serve_class_init(struct serve *s, char *err, size_t errlen)
{
    uint32_t n = s->run[1].r.n_res;
    unsigned char b[4];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        snprintf(err, errlen, "no random bytes for the join code");
        return -1;
    }
    uint32_t x = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                 (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    snprintf(s->code, sizeof s->code, "%06u", (unsigned)(x % 1000000u));
    free(s->choice);
    s->choice = malloc(n * sizeof *s->choice);
    if (!s->choice) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memset(s->choice, -1, n * sizeof *s->choice);
    s->class_mode = 1;
    serve_class_attach(s, 1);
    return 0;
}

/* The resident of the k-th student: communities in turn, and within one
 * residents spread over its buildings; never one a student already has. */
static uint32_t resident_of(const struct serve *s, int k)
{
    const struct demo_run *r = &s->run[1].r;
    struct cogov_community cm;
    if (cogov_run_community(r->run, (uint32_t)k % r->n_comm, &cm, NULL, 0))
        return UINT32_MAX;
    uint32_t j = (uint32_t)k / r->n_comm;
    uint32_t i = (j * 37u + 3u) % cm.residents;
    for (uint32_t tries = 0; tries < cm.residents; tries++) {
        int taken = 0;
        for (int q = 0; q < k; q++)
            taken |= s->student[q].resident == cm.first_resident + i;
        if (!taken)
            return cm.first_resident + i;
        i = (i + 1) % cm.residents;
    }
    return UINT32_MAX;   /* a community smaller than its share of the class */
}

int serve_class_join(struct serve *s, const char *code, int *k,
                     unsigned *status, char *err, size_t errlen)
{
    unsigned char b[16];
    if (!s->class_mode) {
        *status = 404;
        snprintf(err, errlen, "this server has no class (start it with "
                 "--class)");
        return -1;
    }
    if (!code || strcmp(code, s->code)) {
        *status = 403;
        snprintf(err, errlen, "wrong join code");
        return -1;
    }
    if (s->n_students >= SERVE_MAX_STUDENTS) {
        *status = 503;
        snprintf(err, errlen, "the class is full (%d students)",
                 SERVE_MAX_STUDENTS);
        return -1;
    }
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        *status = 500;
        snprintf(err, errlen, "no random bytes for a token");
        return -1;
    }
    struct serve_student *st = &s->student[s->n_students];
    st->resident = resident_of(s, s->n_students);
    if (st->resident == UINT32_MAX) {
        *status = 503;
        snprintf(err, errlen, "the district has no resident left for "
                 "another student");
        return -1;
    }
    for (int i = 0; i < 16; i++)
        snprintf(st->token + 2 * i, 3, "%02x", b[i]);
    *k = s->n_students++;
    s->version++;
    return 0;
}

int serve_class_find(const struct serve *s, const char *token)
{
    if (!token || strlen(token) != 32)
        return -1;
    for (int k = 0; k < s->n_students; k++)
        if (!strcmp(token, s->student[k].token))
            return k;
    return -1;
}

/* Can a resident propose a micro-project in domain d? Every domain but
 * the administrative one (docs/MODEL.md 7.13). */
static int choosable(int d) { return strcmp(domain_names[d], "admin") != 0; }

/* yes 1, no 0, auto -1; else -2 */
static int yes_no(const char *v)
{
    return !strcmp(v, "yes") ? 1 : !strcmp(v, "no") ? 0
           : !strcmp(v, "auto") ? -1 : -2;
}

int serve_class_decide(struct serve *s, int k, const char *what,
                       const char *value, char *err, size_t errlen)
{
    struct cogov_choice *c = &s->choice[s->student[k].resident];
    int v = yes_no(value);
    if (!strcmp(what, "project")) {
        v = -2;
        for (int d = 0; d < N_DOMAINS; d++)
            if (choosable(d) && !strcmp(value, domain_names[d]))
                v = d;
        if (!strcmp(value, "auto"))
            v = -1;
        if (v == -2) {
            snprintf(err, errlen, "project=%s: expected a domain (e.g. "
                     "elder_care, facilities; not admin) or auto", value);
            return -1;
        }
        c->project = (int8_t)v;
    } else if (v == -2) {
        snprintf(err, errlen, "%s=%s: expected yes, no or auto", what, value);
        return -1;
    } else if (!strcmp(what, "report")) {
        c->report = (int8_t)v;
    } else if (!strcmp(what, "volunteer")) {
        c->volunteer = (int8_t)v;
    } else if (!strcmp(what, "attend")) {
        c->attend = (int8_t)v;
        if (v == 0)
            c->vote = -1;   /* no vote without being there */
    } else if (!strcmp(what, "vote")) {
        c->vote = (int8_t)v;
        if (v >= 0)
            c->attend = 1;  /* voting is attending */
    } else {
        snprintf(err, errlen, "what=%s: expected report, volunteer, attend, "
                 "vote or project", what);
        return -1;
    }
    s->version++;
    return 0;
}

static const char *choice_word(int v)
{
    return v < 0 ? "auto" : v ? "yes" : "no";
}

void serve_class_me(const struct serve *s, int k, struct demo_text *t)
{
    const struct serve_run *R = &s->run[1];
    cogov_run *run = R->r.run;
    uint32_t i = s->student[k].resident;
    const struct cogov_choice *c = &s->choice[i];
    struct cogov_resident me;
    struct cogov_community cm;
    struct cogov_matter m[20];
    int64_t bs = 1, present;
    double quorum = 0;
    int triage = 0, n;
    if (cogov_run_resident(run, i, &me, NULL, 0) ||
        cogov_run_community(run, me.community, &cm, NULL, 0) ||
        (present = cogov_run_building_participants(run, me.building)) < 0 ||
        (n = cogov_run_matters(run, i, m, 20, NULL, 0)) < 0 ||
        cogov_param_get_int(R->r.p, "population.building_size", &bs, NULL,
                            0) ||
        cogov_param_get_double(R->pending, "triage.deliberation_quorum",
                               &quorum, NULL, 0) ||
        cogov_param_get_bool(R->pending, "mechanisms.triage.enabled",
                             &triage, NULL, 0)) {
        demo_text_puts(t, "{}\n");   /* cannot happen: i is a resident */
        return;
    }
    /* the residents of its building: consecutive, building_size of them
     * but in the community's last building */
    uint32_t first = cm.first_resident +
                     (me.building - cm.first_building) * (uint32_t)bs;
    uint32_t end = cm.first_resident + cm.residents;
    uint32_t size = first + (uint32_t)bs > end ? end - first : (uint32_t)bs;
    demo_text_printf(t, "{\"student\":%d,\"resident\":%u,\"community\":%u,"
                     "\"building\":%u,\"day\":%d,"
                     "\"trust_gov\":%.3f,\"trust_com\":%.3f,"
                     "\"satisfaction\":%.3f,\"efficacy\":%.3f,"
                     "\"taking_part\":%s,\"volunteer\":%s,"
                     "\"neighbours\":%u,\"neighbours_taking_part\":%u,"
                     "\"community_taking_part\":%u,\"community_size\":%u,"
                     "\"fund\":%.0f,\"agenda\":%u,"
                     "\"meeting_present\":%u,\"building_size\":%u,"
                     "\"quorum\":%g,\"triage\":%s,\"choices\":{"
                     "\"report\":\"%s\",\"volunteer\":\"%s\","
                     "\"attend\":\"%s\",\"vote\":\"%s\",\"project\":\"%s\"},"
                     "\"matters\":[",
                     k, i, me.community, me.building - cm.first_building,
                     R->r.done * 7, me.trust_gov, me.trust_com,
                     me.satisfaction, me.efficacy,
                     me.participating ? "true" : "false",
                     me.volunteer ? "true" : "false", me.neighbours,
                     me.neighbours_taking_part, cm.participants,
                     cm.residents, cm.fund, cm.agenda, (uint32_t)present,
                     size, quorum, triage ? "true" : "false",
                     choice_word(c->report), choice_word(c->volunteer),
                     choice_word(c->attend), choice_word(c->vote),
                     c->project < 0 ? "auto" : domain_names[c->project]);
    for (int j = 0; j < n; j++)
        demo_text_printf(t, "%s{\"domain\":\"%s\",\"scope\":\"%s\","
                         "\"severity\":%.2f,\"age\":%d,\"reported\":%s}",
                         j ? "," : "", m[j].domain, m[j].scope,
                         m[j].severity, m[j].age,
                         m[j].reported ? "true" : "false");
    demo_text_puts(t, "],\"domains\":[");
    for (int d = 0, f = 0; d < N_DOMAINS; d++)
        if (choosable(d))
            demo_text_printf(t, "%s\"%s\"", f++ ? "," : "", domain_names[d]);
    demo_text_puts(t, "]}\n");
}

void serve_class_json(const struct serve *s, struct demo_text *t)
{
    demo_text_printf(t, "{\"class\":%s,\"code\":\"%s\",\"max\":%d,"
                     "\"students\":[", s->class_mode ? "true" : "false",
                     s->class_mode ? s->code : "", SERVE_MAX_STUDENTS);
    for (int k = 0; k < s->n_students; k++) {
        uint32_t i = s->student[k].resident;
        const struct cogov_choice *c = &s->choice[i];
        struct cogov_resident me = {0};
        cogov_run_resident(s->run[1].r.run, i, &me, NULL, 0);
        demo_text_printf(t, "%s{\"resident\":%u,\"community\":%u,"
                         "\"report\":%d,\"volunteer\":%d,\"attend\":%d,"
                         "\"vote\":%d,\"project\":%d}", k ? "," : "", i,
                         me.community, c->report,
                         c->volunteer, c->attend, c->vote, c->project);
    }
    demo_text_puts(t, "]}\n");
}

int serve_class_qr(struct serve *s)
{
    char text[160];
    snprintf(text, sizeof text, "%s?code=%s", s->url, s->code);
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return -1;
    struct demo_text t = {0};
    int n = q->width + 8;   /* a quiet zone of four modules */
    demo_text_printf(&t, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                     "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
                     "<path fill=\"#000\" d=\"", n, n, n, n);
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                demo_text_printf(&t, "M%d %dh1v1h-1z", x + 4, y + 4);
    demo_text_puts(&t, "\"/></svg>\n");
    QRcode_free(q);
    if (t.oom) {
        demo_text_free(&t);
        return -1;
    }
    free(s->qr_svg);
    s->qr_svg = t.s;
    return 0;
}
