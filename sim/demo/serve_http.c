/* The HTTP side of `cogov serve` (serve.h), on libmicrohttpd: a fixed
 * table of pages compiled in and Chart.js read once at start-up from
 * Debian's fixed path, so no path from a request is ever opened. Requests
 * are small: a URL with a few arguments; a body is refused. Connections
 * are bounded in number, per address, in memory and in time, and actions
 * by a token bucket. */
#include <arpa/inet.h>
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/serve.h"

#define CHART_JS "/usr/share/javascript/chart.js/chart.min.js"

static char *chart_js;          /* read once; the daemon's lifetime */
static size_t chart_len;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
                             const char *type, const char *body, size_t n,
                             enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(n, (void *)body, mode);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' "
                            "'unsafe-inline'");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status,
                                  struct demo_text *t, const char *type)
{
    if (t->oom) {
        demo_text_free(t);
        return reply(c, 500, "text/plain", "out of memory\n", 14,
                     MHD_RESPMEM_PERSISTENT);
    }
    enum MHD_Result rc = reply(c, status, type, t->s ? t->s : "", t->len,
                               MHD_RESPMEM_MUST_COPY);
    demo_text_free(t);
    return rc;
}

static enum MHD_Result error(struct MHD_Connection *c, unsigned status,
                             const char *msg)
{
    struct demo_text t = {0};
    demo_text_puts(&t, "{\"error\":\"");
    for (const char *p = msg; *p; p++) {
        if (*p == '"' || *p == '\\')
            demo_text_printf(&t, "\\%c", *p);
        else if ((unsigned char)*p < 0x20)
            demo_text_puts(&t, " ");
        else
            demo_text_add(&t, p, 1);
    }
    demo_text_puts(&t, "\"}\n");
    return reply_text(c, status, &t, "application/json");
}

/* x with every digit, or `missing` (null, NA) when it is not a number
 * (no matter left on the day: time in system is NaN) */
static void number(struct demo_text *t, double x, const char *missing)
{
    if (isfinite(x))
        demo_text_printf(t, "%.17g", x);
    else
        demo_text_puts(t, missing);
}

static void json_str(struct demo_text *t, const char *s)
{
    demo_text_puts(t, "\"");
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            demo_text_printf(t, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            demo_text_printf(t, "\\u%04x", (unsigned char)*s);
        else
            demo_text_add(t, s, 1);
    }
    demo_text_puts(t, "\"");
}

/* What does not change during a run: runs, controls, channels, map. */
static void info_json(struct serve *s, struct demo_text *t)
{
    demo_text_printf(t, "{\"lang\":\"%s\",\"frame_days\":7,\"class\":%s,"
                     "\"url\":", s->lang == DEMO_ZH ? "zh" : "en",
                     s->class_mode ? "true" : "false");
    json_str(t, s->url);
    demo_text_puts(t, ",\"controls\":[");
    for (int i = 0; i < serve_n_controls; i++) {
        const struct serve_control *c = &serve_controls[i];
        demo_text_printf(t, "%s{\"key\":", i ? "," : "");
        json_str(t, c->key);
        demo_text_printf(t, ",\"lo\":%g,\"hi\":%g,\"step\":%g,\"switch\":%s,"
                         "\"en\":", c->lo, c->hi, c->step,
                         c->step == 1 && c->hi == 1 ? "true" : "false");
        json_str(t, c->label[DEMO_EN]);
        demo_text_puts(t, ",\"zh\":");
        json_str(t, c->label[DEMO_ZH]);
        demo_text_puts(t, "}");
    }
    demo_text_puts(t, "],\"channels\":[");
    for (int k = 0; k < N_CHANNELS; k++) {
        char key[64];
        snprintf(key, sizeof key, "ch.%s", channel_names[k]);
        demo_text_printf(t, "%s{\"en\":", k ? "," : "");
        json_str(t, demo_view_word(key, DEMO_EN));
        demo_text_puts(t, ",\"zh\":");
        json_str(t, demo_view_word(key, DEMO_ZH));
        demo_text_puts(t, "}");
    }
    demo_text_puts(t, "],\"runs\":[");
    for (int i = 0; i < s->n_runs; i++) {
        const struct serve_run *R = &s->run[i];
        int64_t seed = 0;
        cogov_param_get_int(R->r.p, "seed", &seed, NULL, 0);
        demo_text_printf(t, "%s{\"name\":", i ? "," : "");
        json_str(t, R->r.name);
        demo_text_puts(t, ",\"text_en\":");
        json_str(t, R->text[DEMO_EN] ? R->text[DEMO_EN] : "");
        demo_text_puts(t, ",\"text_zh\":");
        json_str(t, R->text[DEMO_ZH] ? R->text[DEMO_ZH] : "");
        demo_text_printf(t, ",\"seed\":%lld,\"n_frames\":%d,\"buildings\":[",
                         (long long)seed, R->r.n_frames);
        for (uint32_t c = 0; c < R->r.n_comm; c++)
            demo_text_printf(t, "%s%u", c ? "," : "", R->r.c_nb[c]);
        demo_text_puts(t, "]}");
    }
    demo_text_puts(t, "]}\n");
}

/* The state: frames from `since` on, the change marks, the latest map and
 * the values of the controls in force from the next day. */
static void state_json(struct serve *s, int since, struct demo_text *t)
{
    demo_text_printf(t, "{\"version\":%lu,\"playing\":%s,\"speed\":%g,"
                     "\"runs\":[", s->version, s->playing ? "true" : "false",
                     s->speed);
    for (int i = 0; i < s->n_runs; i++) {
        const struct serve_run *R = &s->run[i];
        const struct demo_run *r = &R->r;
        demo_text_printf(t, "%s{\"done\":%d,\"frames\":[", i ? "," : "",
                         r->done);
        /* day, open by scope x3, satisfaction, trust gov, trust com,
         * participation, efficacy, resolution days, solved by channel */
        for (int f = since; f < r->done; f++) {
            const struct demo_frame *fr = &r->frames[f];
            demo_text_printf(t, "%s[%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,"
                             "%.17g,%.17g,", f > since ? "," : "",
                             fr->day, fr->open_scope[0], fr->open_scope[1],
                             fr->open_scope[2], fr->satisfaction,
                             fr->trust_gov, fr->trust_com, fr->participation,
                             fr->efficacy);
            number(t, R->tis[f], "null");
            for (int k = 0; k < N_CHANNELS; k++)
                demo_text_printf(t, ",%.17g", fr->solved[k]);
            demo_text_puts(t, "]");
        }
        demo_text_puts(t, "],\"marks\":[");
        for (int k = 0; k < cogov_run_change_days(r->run); k++) {
            const char *const *set;
            int day, n = cogov_run_change_day(r->run, k, &day, &set);
            demo_text_printf(t, "%s{\"day\":%d,\"set\":[", k ? "," : "",
                             day);
            for (int j = 0; j < n; j++) {
                if (j)
                    demo_text_puts(t, ",");
                json_str(t, set[j]);
            }
            demo_text_puts(t, "]}");
        }
        demo_text_puts(t, "],\"map\":[");
        if (r->done > 0) {
            const float *m = demo_run_map(r, r->done - 1);
            for (uint32_t b = 0; b < r->n_buildings; b++)
                demo_text_printf(t, "%s%.4g", b ? "," : "", (double)m[b]);
        }
        demo_text_puts(t, "],\"values\":{");
        for (int k = 0; k < serve_n_controls; k++) {
            demo_text_printf(t, "%s", k ? "," : "");
            json_str(t, serve_controls[k].key);
            demo_text_puts(t, ":");
            serve_value(t, R->pending, serve_controls[k].key);
        }
        demo_text_puts(t, "}}");
    }
    demo_text_puts(t, "]}\n");
}

/* The frames of run `run` as CSV, for a spreadsheet (and the tests):
 * the same numbers as the charts, with every digit. */
static void frames_csv(struct serve *s, int run, struct demo_text *t)
{
    const struct serve_run *R = &s->run[run];
    demo_text_puts(t, "day,open_private,open_community,open_government,"
                   "satisfaction_mean,trust_gov_mean,trust_com_mean,"
                   "participation_rate,efficacy_mean,time_in_system_mean");
    for (int k = 0; k < N_CHANNELS; k++)
        demo_text_printf(t, ",solved_%s", channel_names[k]);
    demo_text_puts(t, "\n");
    for (int f = 0; f < R->r.done; f++) {
        const struct demo_frame *fr = &R->r.frames[f];
        demo_text_printf(t, "%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,"
                         "%.17g,", fr->day, fr->open_scope[0],
                         fr->open_scope[1], fr->open_scope[2],
                         fr->satisfaction, fr->trust_gov, fr->trust_com,
                         fr->participation, fr->efficacy);
        number(t, R->tis[f], "NA");
        for (int k = 0; k < N_CHANNELS; k++)
            demo_text_printf(t, ",%.17g", fr->solved[k]);
        demo_text_puts(t, "\n");
    }
}

/* An argument: NULL when absent or longer than max. */
static const char *arg(struct MHD_Connection *c, const char *k, size_t max)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
    return v && strlen(v) <= max ? v : NULL;
}

/* A whole number from lo to hi, or -1. */
static int int_arg(struct MHD_Connection *c, const char *k, int lo, int hi,
                   int dflt)
{
    const char *v = arg(c, k, 10);
    if (!v)
        return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k)
                   ? -1 : dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return (!*v || *end || x < lo || x > hi) ? -1 : (int)x;
}

/* Is the client this computer? */
static int local_client(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *a = i ? i->client_addr : NULL;
    if (!a || a->sa_family != AF_INET)
        return 0;
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)a;
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
}

static enum MHD_Result ok_json(struct MHD_Connection *c, struct demo_text *t)
{
    return reply_text(c, 200, t, "application/json");
}

/* The class's requests: join, decide. */
static enum MHD_Result class_action(struct serve *s, struct MHD_Connection *c,
                                    const char *url)
{
    char err[256];
    struct demo_text t = {0};
    if (!strcmp(url, "/api/join")) {
        int k;
        unsigned status;
        if (serve_class_join(s, arg(c, "code", 8), &k, &status, err,
                             sizeof err))
            return error(c, status, err);
        demo_text_printf(&t, "{\"token\":\"%s\",\"resident\":%u}\n",
                         s->student[k].token, s->student[k].resident);
        return ok_json(c, &t);
    }
    int k = s->class_mode ? serve_class_find(s, arg(c, "token", 32)) : -1;
    if (k < 0)
        return error(c, 403, "unknown token: join the class first");
    const char *what = arg(c, "what", 16), *value = arg(c, "value", 32);
    if (!what || !value)
        return error(c, 400, "decide needs what= and value=");
    if (serve_class_decide(s, k, what, value, err, sizeof err))
        return error(c, 400, err);
    demo_text_puts(&t, "{\"ok\":true}\n");
    return ok_json(c, &t);
}

static enum MHD_Result action(struct serve *s, struct MHD_Connection *c,
                              const char *url)
{
    char err[CONFIG_ERR_MAX] = "";
    int bad = 0;
    if (!serve_rate_ok(s))
        return error(c, 429, "too many requests; slow down");
    if (!strcmp(url, "/api/join") || !strcmp(url, "/api/decide"))
        return class_action(s, c, url);
    /* the run itself is the teacher's: from this computer only */
    if (!local_client(c))
        return error(c, 403, "only the computer running cogov serve "
                     "controls the run");
    if (!strcmp(url, "/api/control")) {
        const char *d = arg(c, "do", 16);
        if (!d)
            bad = snprintf(err, sizeof err, "do=: expected play, pause, "
                           "step, reset or speed");
        else if (!strcmp(d, "play"))
            s->playing = 1;
        else if (!strcmp(d, "pause"))
            s->playing = 0;
        else if (!strcmp(d, "step")) {
            s->playing = 0;
            bad = serve_step(s, err, sizeof err) != 0;
        } else if (!strcmp(d, "reset"))
            bad = serve_reset(s, err, sizeof err) != 0;
        else if (!strcmp(d, "speed")) {
            int v = int_arg(c, "value", 1, 50, -1);
            if (v < 0)
                bad = snprintf(err, sizeof err, "speed: value= expected "
                               "weeks a second from 1 to 50");
            else
                s->speed = v;
        } else
            bad = snprintf(err, sizeof err, "do=%s: expected play, pause, "
                           "step, reset or speed", d);
    } else if (!strcmp(url, "/api/set")) {
        int run = int_arg(c, "run", 0, s->n_runs - 1, s->n_runs - 1);
        const char *k = arg(c, "key", 64), *v = arg(c, "value", 40);
        if (run < 0)
            bad = snprintf(err, sizeof err, "run=: expected 0 to %d",
                           s->n_runs - 1);
        else if (!k || !v)
            bad = snprintf(err, sizeof err, "set needs key= and value=");
        else
            bad = serve_set(s, run, k, v, err, sizeof err) != 0;
    } else {
        return error(c, 404, "no such action");
    }
    if (bad)
        return error(c, 400, err);
    s->version++;
    struct demo_text t = {0};
    demo_text_puts(&t, "{\"ok\":true}\n");
    return reply_text(c, 200, &t, "application/json");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    struct serve *s = cls;
    static int first;
    if (!*con_cls) {   /* headers only: a request with a body is refused */
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                      "Content-Length");
        *con_cls = &first;
        if ((len && strcmp(len, "0")) ||
            MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                        "Transfer-Encoding"))
            return error(c, 413, "requests carry no body");
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return error(c, 413, "requests carry no body");
    }
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    int post = !strcmp(method, "POST");
    if (!get && !post)
        return error(c, 405, "only GET and POST");
    if (get) {
        if (!strcmp(url, "/qr.svg") && s->qr_svg)
            return reply(c, 200, "image/svg+xml", s->qr_svg,
                         strlen(s->qr_svg), MHD_RESPMEM_PERSISTENT);
        if (!strcmp(url, "/chart.js"))
            return reply(c, 200, "application/javascript", chart_js,
                         chart_len, MHD_RESPMEM_PERSISTENT);
        const char *name = !strcmp(url, "/") ? "index.html"
                           : !strcmp(url, "/student") ? "student.html"
                                                      : url + 1;
        for (int i = 0; i < serve_n_assets; i++)
            if (!strcmp(name, serve_assets[i].name))
                return reply(c, 200, serve_assets[i].type,
                             serve_assets[i].text,
                             strlen(serve_assets[i].text),
                             MHD_RESPMEM_PERSISTENT);
    }
    struct demo_text t = {0};
    enum MHD_Result rc;
    const char *type = "application/json";
    int run = int_arg(c, "run", 0, s->n_runs - 1, s->n_runs - 1);
    int since = int_arg(c, "since", 0, 1 << 20, 0);
    if (run < 0 || since < 0)
        return error(c, 400, "run= or since= out of range");
    pthread_mutex_lock(&s->mu);
    if (post)
        rc = action(s, c, url);
    else if (!strcmp(url, "/api/info"))
        info_json(s, &t), rc = MHD_YES;
    else if (!strcmp(url, "/api/state"))
        state_json(s, since, &t), rc = MHD_YES;
    else if (!strcmp(url, "/api/frames.csv")) {
        frames_csv(s, run, &t);
        type = "text/csv; charset=utf-8";
        rc = MHD_YES;
    } else if (!strcmp(url, "/api/class")) {
        serve_class_json(s, &t);
        rc = MHD_YES;
    } else if (!strcmp(url, "/api/me")) {
        int k = s->class_mode ? serve_class_find(s, arg(c, "token", 32)) : -1;
        if (k >= 0)
            serve_class_me(s, k, &t);
        rc = k >= 0 ? MHD_YES : MHD_NO;
    } else if (!strcmp(url, "/api/scenario")) {
        char *x = serve_scenario(s, run);
        if (x)
            demo_text_puts(&t, x);
        else
            t.oom = 1;
        free(x);
        type = "text/plain; charset=utf-8";
        rc = MHD_YES;
    } else
        rc = MHD_NO;
    pthread_mutex_unlock(&s->mu);
    if (post)
        return rc;
    if (rc == MHD_NO)
        return error(c, 404, "not found");
    return reply_text(c, 200, &t, type);
}

int serve_http_start(struct serve *s, const char *addr, int port,
                     struct MHD_Daemon **d, int *bound, char *err,
                     size_t errlen)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        snprintf(err, errlen, "--listen %s: expected an IPv4 address such "
                 "as 127.0.0.1 or 0.0.0.0", addr);
        return -1;
    }
    if (!chart_js) {
        FILE *f = fopen(CHART_JS, "rb");
        long n = -1;
        if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 &&
            !fseek(f, 0, SEEK_SET) && (chart_js = malloc((size_t)n)) &&
            fread(chart_js, 1, (size_t)n, f) == (size_t)n) {
            chart_len = (size_t)n;
        } else {
            free(chart_js);
            chart_js = NULL;
        }
        if (f)
            fclose(f);
        if (!chart_js) {
            snprintf(err, errlen, "cannot read %s (install Debian's "
                     "libjs-chart.js: make deps)", CHART_JS);
            return -1;
        }
    }
    *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
        handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)15,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
        MHD_OPTION_END);
    if (!*d) {
        snprintf(err, errlen, "cannot listen on %s:%d (port in use? try "
                 "--port 0)", addr, port);
        return -1;
    }
    const union MHD_DaemonInfo *i =
        MHD_get_daemon_info(*d, MHD_DAEMON_INFO_BIND_PORT);
    *bound = i ? i->port : port;
    return 0;
}

void serve_http_stop(struct MHD_Daemon *d) { MHD_stop_daemon(d); }
