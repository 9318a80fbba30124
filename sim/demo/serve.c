/* `cogov serve`: the runs of a demo in memory, advanced by a thread at the
 * page's pace, changed by the page's what-ifs (serve.h). Errors at start
 * become one message and a non-zero exit; a bad request later gets an
 * error and changes nothing. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/msg.h"
#include "base/opts.h"
#include "base/scenario.h"
#include "base/stopsig.h"
#include "demo/serve.h"

/* This computer's first IPv4 address other than loopback (for the URL
 * students type); "127.0.0.1" if there is none. */
static void lan_address(char *out, size_t n)
{
    struct ifaddrs *ifa = NULL;
    snprintf(out, n, "127.0.0.1");
    if (getifaddrs(&ifa))
        return;
    for (struct ifaddrs *a = ifa; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET)
            continue;
        const struct sockaddr_in *in =
            (const struct sockaddr_in *)(const void *)a->ifa_addr;
        if ((ntohl(in->sin_addr.s_addr) >> 24) == 127)
            continue;
        inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)n);
        break;
    }
    freeifaddrs(ifa);
}


/* The command line of cogov serve. */
struct serve_args {
    int port, lang, class_mode;
    const char *listen;
    struct demo_sets sets;
};

/* --set, --seed N, --days N: for every run, in the order given */
static int opt_set(void *ctx, const struct opt *row, const char *val)
{
    demo_sets_add(&((struct serve_args *)ctx)->sets, row->name, val);
    return 0;
}

/* Options into a; the index of the first operand, or OPTS_ERROR or
 * OPTS_HELP. */
static int parse_args(int argc, char **argv, struct serve_args *a)
{
    const struct opt rows[] = {
        {"port", 0, OPT_INT, "N", "TCP port (default 8080; 0: any free port)",
         .target = &a->port, .lo = 0, .hi = 65535},
        {"listen", 0, OPT_STRING, "ADDR",
         "IPv4 address to listen on (default 127.0.0.1, this\ncomputer "
         "only; 0.0.0.0 for the whole network)", .target = &a->listen},
        {"lang", 0, OPT_CHOICE, "en|zh",
         "language the page starts in (default: zh when LANG\nstarts with "
         "zh, else en)", .target = &a->lang, .choices = "en,zh"},
        {"class", 0, OPT_FLAG, NULL,
         "the class takes part: students join at /student\nwith the join "
         "code shown, each decides for one\nresident of the district; the "
         "projector shows it\nbeside its model-only twin (default demo: "
         "triage;\nat most 60 students)", .target = &a->class_mode},
        DEMO_SET_OPTS(opt_set),
        {0}};
    const struct opt_cmd cmd = {
        "serve", "usage: cogov serve [NAME|SCENARIO ...] [options]\n",
        "The demo in a web browser, for a projector: the building map, the\n"
        "backlog by scope, time in system, satisfaction, trust, "
        "participation\nand who solves matters, live, for one or two runs "
        "with the same seed.\nPlay, pause, step, speed, reset; switches and "
        "sliders change a run from\nthe next day (a what-if), and the page "
        "saves the what-if as a scenario\nfile that cogov run replays "
        "exactly.\n\n"
        "  cogov serve triage           the triage demo beside the baseline\n"
        "  cogov serve baseline         the baseline, and a copy for what-ifs"
        "\n  cogov serve --class --listen 0.0.0.0   students join from their "
        "phones\n",
        rows,
        "Only this computer controls the run (play, what-ifs...); with "
        "--listen\nothers can view and, with --class and the code, join.\n"
        "It serves only its own page and Chart.js (Debian libjs-chart.js, "
        "read\nfrom /usr/share/javascript/chart.js/chart.min.js). Stop it "
        "with Ctrl-C.\n",
        a};
    return opts_parse(&cmd, argc, argv);
}

/* "triage" -> [baseline, triage]; "baseline" -> [baseline, baseline]
 * (the second for what-ifs); two names -> both; a file -> the file. */
static int resolve(char **names, int n, int twin,
                   const struct demo_catalog *cat, struct serve *s)
{
    const char *path[2] = {NULL, NULL};
    const struct demo_entry *e[2] = {NULL, NULL};
    for (int i = 0; i < n; i++) {
        e[i] = demo_catalog_get(cat, names[i]);
        if (!e[i] && !strchr(names[i], '/') &&
            !(strlen(names[i]) > 4 &&
              !strcmp(names[i] + strlen(names[i]) - 4, ".cfg")))
            return msg_error("serve: no demo named '%s' (cogov demo --list)",
                             names[i]);
        path[i] = e[i] ? e[i]->scenario : names[i];
    }
    if (n == 1) {
        const struct demo_entry *c =
            e[0] && e[0]->compare && !twin
                ? demo_catalog_get(cat, e[0]->compare) : e[0];
        e[1] = e[0];
        path[1] = path[0];
        e[0] = c;
        path[0] = c ? c->scenario : path[1];
    }
    s->n_runs = 2;
    for (int i = 0; i < 2; i++) {
        snprintf(s->run[i].scenario, sizeof s->run[i].scenario, "%s",
                 path[i]);
        for (int l = 0; l < DEMO_N_LANG; l++)
            s->run[i].text[l] = e[i] ? e[i]->text[l] : NULL;
    }
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    struct serve *s = calloc(1, sizeof *s);
    struct serve_args a = {.port = 8080, .listen = "127.0.0.1"};
    int rc = 1, have_cat = 0;
    const char *env = getenv("LANG");
    struct demo_catalog cat;
    struct MHD_Daemon *d = NULL;
    char err[CONFIG_ERR_MAX], home[4096];
    memset(&cat, 0, sizeof cat);
    a.sets.v = calloc((size_t)argc + 1, sizeof *a.sets.v);
    if (!s || !a.sets.v) {
        msg_error("out of memory");
        goto out;
    }
    pthread_mutex_init(&s->mu, NULL);
    s->speed = 4;
    a.lang = env && !strncmp(env, "zh", 2) ? DEMO_ZH : DEMO_EN;
    int first = parse_args(argc, argv, &a);
    if (first < 0) {
        rc = opts_status(first);
        goto out;
    }
    s->lang = a.lang;
    const char *listen = a.listen;
    int class_mode = a.class_mode, port = a.port;
    const char **sets = a.sets.v;
    int n_sets = a.sets.n;
    int n_names = argc - first;
    if (n_names > 2) {
        msg_error("serve: at most two demos side by side ('%s' is a third)",
                  argv[first + 2]);
        goto out;
    }
    if (demo_catalog_open(&cat, home, sizeof home, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    have_cat = 1;
    char *dflt[] = {class_mode ? "triage" : "baseline"};
    if (class_mode && n_names > 1) {
        msg_error("serve --class: one demo (the class's district beside its "
                  "model-only twin)");
        goto out;
    }
    if (resolve(n_names ? argv + first : dflt, n_names ? n_names : 1,
                class_mode, &cat, s))
        goto out;
    for (int i = 0; i < s->n_runs; i++) {
        struct serve_run *R = &s->run[i];
        cogov_params *p;
        char name[PARAM_STRING_MAX], key[PARAM_STRING_MAX];
        if (cogov_params_load(&p, R->scenario, sets, n_sets, err,
                              sizeof err) ||
            cogov_param_get_string(p, "name", key, sizeof key, err,
                                   sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        scenario_name(R->scenario, key, name, sizeof name);
        int bad = demo_run_init(&R->r, p, name, name, DS_OPEN, 7, err,
                                sizeof err);
        cogov_params_free(p);
        if (bad) {
            msg_error("%s", err);
            goto out;
        }
        /* a schedule in the file is not a what-if of the page: refuse it
         * rather than drop it */
        int n = cogov_run_changes_load(R->r.run, R->scenario, err,
                                       sizeof err);
        if (n < 0) {
            msg_error("%s", err);
            goto out;
        }
        if (n > 0) {
            msg_error("%s has a change schedule; cogov serve starts from a "
                      "scenario without one", R->scenario);
            goto out;
        }
        if (!(R->pending = cogov_params_copy(R->r.p))) {
            msg_error("out of memory");
            goto out;
        }
        R->tis = calloc((size_t)R->r.n_frames, sizeof *R->tis);
        if (!R->tis) {
            msg_error("out of memory");
            goto out;
        }
    }
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    if (class_mode && serve_class_init(s, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    int bound = 0;
    if (serve_http_start(s, listen, port, &d, &bound, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    char host[64];
    snprintf(host, sizeof host, "%s", listen);
    if (!strcmp(listen, "0.0.0.0"))
        lan_address(host, sizeof host);
    snprintf(s->url, sizeof s->url, "http://%s:%d/student", host, bound);
    if (class_mode && serve_class_qr(s)) {
        msg_error("cannot draw the QR code of %s", s->url);
        goto out;
    }
    printf("cogov serve: open http://%s:%d/ in a browser (Ctrl-C stops)\n",
           strcmp(listen, "0.0.0.0") ? listen : "127.0.0.1", bound);
    if (class_mode)
        printf("cogov serve: students open %s, join code %s%s\n", s->url,
               s->code, strncmp(listen, "127.", 4) ? ""
               : " (only on this computer: --listen 0.0.0.0 opens it to "
                 "the network)");
    fflush(stdout);

    volatile sig_atomic_t *stop = stopsig_catch(STOPSIG_HUP, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* the day loop: this thread advances the runs; the HTTP threads only
     * read them or flip flags, under s->mu */
    while (!*stop) {
        pthread_mutex_lock(&s->mu);
        double speed = s->speed;
        if (s->playing && serve_step(s, err, sizeof err))
            s->playing = 0;
        int playing = s->playing;
        pthread_mutex_unlock(&s->mu);
        struct timespec ts = {0, playing ? (long)(1e9 / speed) : 50000000L};
        nanosleep(&ts, NULL);
    }
    printf("cogov serve: stopped\n");
    rc = 0;
out:
    if (d)
        serve_http_stop(d);
    if (s) {
        free(s->choice);
        free(s->qr_svg);
        for (int i = 0; i < 2; i++) {
            demo_run_free(&s->run[i].r);   /* a zeroed one too */
            free(s->run[i].tis);
            cogov_params_free(s->run[i].pending);
        }
        pthread_mutex_destroy(&s->mu);
    }
    if (have_cat)
        demo_catalog_free(&cat);
    free(a.sets.v);
    free(s);
    return rc;
}
