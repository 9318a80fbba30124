/* `cogov serve` (docs/TEACHING.md, "In the browser"): the demo runs in
 * memory, driven from a web page on the projector. serve.c holds the
 * command, the runs and the thread that advances them; serve_http.c the
 * HTTP side (libmicrohttpd): the embedded page, Chart.js and a small JSON
 * API. Everything a request changes goes through serve_* functions under
 * the state's mutex, so a browser that disconnects leaves the run going. */
#ifndef COGOV_SERVE_H
#define COGOV_SERVE_H

#include <pthread.h>
#include <stddef.h>

#include "demo/demo.h"

/* One page asset compiled in (build/web_assets.c, from sim/demo/web/). */
struct serve_asset {
    const char *name, *type, *text;
};
extern const struct serve_asset serve_assets[];
extern const int serve_n_assets;

/* A slider or a switch of the page. */
struct serve_control {
    const char *key;
    double lo, hi, step;          /* slider range; a switch: 0, 1, 1 */
    const char *label[DEMO_N_LANG];
};
extern const struct serve_control serve_controls[];
extern const int serve_n_controls;

struct serve_run {
    struct demo_run r;           /* r.p: the parameters at day 0; the
                                    what-ifs so far are r.run's schedule */
    cogov_params *pending;       /* in force from the next day (owned) */
    double *tis;                 /* [n_frames] time_in_system_mean of the
                                    frame's last day (NaN: none left) */
    char scenario[4200];         /* file it came from */
    char *text[DEMO_N_LANG];     /* explanation (not owned) */
};

/* A student of the class (--class): a secret token and a resident of the
 * class's district (run 1). */
enum { SERVE_MAX_STUDENTS = 60 };
struct serve_student {
    char token[33];              /* 128 random bits, hex */
    uint32_t resident;
};

struct serve {
    pthread_mutex_t mu;
    int class_mode;
    char code[8];                /* join code, 6 digits */
    char url[96];                /* where students connect */
    char *qr_svg;                /* QR code of url?code=..., owned */
    struct serve_student student[SERVE_MAX_STUDENTS];
    int n_students;
    struct cogov_choice *choice; /* [n_res] of run 1: the class's */
    struct serve_run run[2];
    int n_runs;
    int playing;
    double speed;                /* weeks a second */
    int lang;
    unsigned long version;       /* bumped by every change of state */
    double tokens;               /* rate limit of actions (token bucket) */
    double tokens_t;
    volatile int quit;
};

/* Under s->mu. Each returns 0, or -1 with err (nothing changed). */
int serve_step(struct serve *s, char *err, size_t errlen);
int serve_reset(struct serve *s, char *err, size_t errlen);
/* Set control `key` of run `run` to value (text as typed): from the next
 * day, or at day 0 before the first step (the run is then rebuilt). */
int serve_set(struct serve *s, int run, const char *key, const char *value,
              char *err, size_t errlen);
/* The scenario file of run `run`: its parameters and the change
 * schedule. NULL on OOM. Ownership: the caller frees. */
char *serve_scenario(const struct serve *s, int run);
/* Current value of key in p, as JSON text. */
void serve_value(struct demo_text *out, const cogov_params *p,
                 const char *key);
/* Is one more action allowed now (a bucket of 40, 20 a second)? */
int serve_rate_ok(struct serve *s);

/* serve_class.c, the class (--class; docs/TEACHING.md). Under s->mu. */
/* Start class mode on run 1: the choices array, a join code. 0 or -1. */
int serve_class_init(struct serve *s, char *err, size_t errlen);
/* Give run i the class's choices (run 1 in class mode) after it was
 * built again. */
void serve_class_attach(struct serve *s, int i);
/* A new student with the join code: *k its index. 0, or -1 with err and
 * an HTTP status in *status. */
int serve_class_join(struct serve *s, const char *code, int *k,
                     unsigned *status, char *err, size_t errlen);
/* The student of a token, or -1. */
int serve_class_find(const struct serve *s, const char *token);
/* Student k's decision `what` (report, volunteer, attend, vote,
 * project) = value (yes, no, auto, or a domain name for project): from
 * the next day. 0, or -1 with err (nothing changed). */
int serve_class_decide(struct serve *s, int k, const char *what,
                       const char *value, char *err, size_t errlen);
/* What student k sees, as JSON. */
void serve_class_me(const struct serve *s, int k, struct demo_text *t);
/* The QR code of the students' URL with the join code, as SVG, into
 * s->qr_svg (libqrencode). 0 or -1. */
int serve_class_qr(struct serve *s);
/* The class on the projector: code, students, their decisions. */
void serve_class_json(const struct serve *s, struct demo_text *t);

/* serve_http.c: start the HTTP daemon on addr:port (port 0: any free
 * one; *bound gets the port). 0 or -1 with err. */
struct MHD_Daemon;
int serve_http_start(struct serve *s, const char *addr, int port,
                     struct MHD_Daemon **d, int *bound, char *err,
                     size_t errlen);
void serve_http_stop(struct MHD_Daemon *d);

int cmd_serve(int argc, char **argv);

#endif
