/* Classroom mode, `cogov demo` (docs/TEACHING.md): a small district run in
 * memory a week at a time, shown live in a terminal, as plain progress
 * lines, or drawn by gnuplot as an animated GIF. Internal to the command;
 * the engine knows nothing of it: the demo runs through the public API
 * (include/cogov/sim.h) like any other program. */
#ifndef COGOV_DEMO_H
#define COGOV_DEMO_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "base/params.h"
#include "cogov/sim.h"
#include "io/schema.h"

enum { DEMO_EN, DEMO_ZH, DEMO_N_LANG };

/* ---- demo_text.c: growable UTF-8 text, display width, wrapping ---- */

/* A growable, always NUL-terminated string. A failed allocation sets oom
 * and drops what follows; the owner checks oom once at the end. */
struct demo_text {
    char *s;
    size_t len, cap;
    int oom;
};
void demo_text_add(struct demo_text *t, const char *s, size_t n);
void demo_text_puts(struct demo_text *t, const char *s);
void demo_text_printf(struct demo_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void demo_text_free(struct demo_text *t);

/* Terminal columns of UTF-8 text: CJK ideographs and full-width forms
 * count 2, escape sequences (ESC [ ... letter) 0, everything else 1. */
int demo_text_width(const char *s, size_t n);
/* Bytes of s (at most n) that fit in `cols` columns, never splitting a
 * character or an escape sequence. */
size_t demo_text_fit(const char *s, size_t n, int cols);
/* Wrap paragraph s to `cols` columns: breaks at spaces, and between any
 * two CJK characters; each line of the result ends with '\n'. */
void demo_text_wrap(struct demo_text *out, const char *s, int cols,
                    const char *indent);

/* ---- demo_run.c: a district run week by week, in memory ---- */

/* States the map can colour buildings by. */
enum demo_state {
    DS_SATISFACTION, DS_TRUST_GOV, DS_TRUST_COM, DS_EFFICACY,
    DS_PARTICIPATION, DS_GRIEVANCE, DS_OPEN, N_DEMO_STATES
};
struct demo_state_def {
    const char *name;            /* for --map and the demo catalogue */
    const char *label[DEMO_N_LANG];
    double lo, hi;               /* default colour range */
    int high_is_good;            /* colour high values green, else red */
};
extern const struct demo_state_def demo_states[N_DEMO_STATES];
/* Index of state `name`, or -1. */
int demo_state_find(const char *name);

/* One frame: the district at the end of a simulated week. */
struct demo_frame {
    int day;                     /* last day simulated */
    double open, open_scope[N_SCOPES];
    double solved[N_CHANNELS];   /* resolved during the frame's days */
    double satisfaction, trust_gov, trust_com, participation, efficacy;
};

struct demo_run {
    char name[PARAM_STRING_MAX]; /* scenario name (plain lines, files) */
    char label[160];             /* panel title */
    cogov_params *p;             /* the parameters of day 0 (owned) */
    cogov_run *run;              /* the run (owned) */
    int days;                    /* time.days */
    int state;                   /* enum demo_state of the map */
    int frame_days;              /* days a frame covers (7) */
    int n_frames;                /* frames of the whole run */
    int done;                    /* frames computed so far */
    struct demo_frame *frames;   /* [n_frames] */
    uint32_t n_res, n_buildings, n_comm;
    uint32_t *r_b;               /* building of each resident */
    uint32_t *b_res;             /* residents of each building */
    uint32_t *b_comm;            /* community of each building */
    uint32_t *c_first, *c_nb;    /* first building and buildings of each
                                    community */
    float *map;                  /* [n_frames][n_buildings] */
    double *acc;                 /* scratch [n_buildings] */
    double *x;                   /* scratch [n_res] */
    char err[COGOV_ERR_MAX];     /* why the run stopped early ("": it did
                                    not) */
};

/* Build the run of p (copied into r) for its time.days days in frames of
 * frame_days. Ownership: r's buffers are released by demo_run_free. 0, or
 * -1 with err. */
int demo_run_init(struct demo_run *r, const cogov_params *p,
                  const char *name, const char *label, int state,
                  int frame_days, char *err, size_t errlen);
/* Simulate the next frame. 1 when a frame was added, 0 when the run was
 * already complete or failed (then r->err says why: a run in memory
 * fails only when the engine does). */
int demo_run_next(struct demo_run *r);
/* Start again from day 0 with r->p (unchanged: the same parameters and
 * seed, so the same frames). 0, or -1 with err (r is then freed). */
int demo_run_restart(struct demo_run *r, char *err, size_t errlen);
void demo_run_free(struct demo_run *r);
/* The frame f of the map, one value per building. */
const float *demo_run_map(const struct demo_run *r, int f);

/* ---- demo_catalog.c: the built-in demos (scenarios/demo/demos.conf) ---- */

struct demo_entry {
    char *name, *scenario, *compare;   /* scenario: path to the file */
    int state;                         /* map state, -1: not set */
    double lo, hi;                     /* map range; lo >= hi: default */
    char *title[DEMO_N_LANG], *text[DEMO_N_LANG];
};
struct demo_catalog {
    char *path;                        /* the catalogue file */
    struct demo_entry *e;
    int n;
};

/* Where the files of the demos live: the directory holding scenarios/demo
 * and analysis/. $COGOV_HOME if set, else the directory above the
 * executable's (bin/..), else the current directory. 0, or -1 with err
 * naming every place looked at. */
int demo_catalog_home(char *home, size_t n, char *err, size_t errlen);
/* Load a catalogue file; every scenario it names must exist. 0, or -1
 * with err naming file, line and key. Ownership: demo_catalog_free. */
int demo_catalog_load(struct demo_catalog *c, const char *path, char *err,
                      size_t errlen);
/* demo_catalog_home, then its scenarios/demo/demos.conf loaded into c
 * (home receives the directory). 0, or -1 with err. */
int demo_catalog_open(struct demo_catalog *c, char *home, size_t n,
                      char *err, size_t errlen);
const struct demo_entry *demo_catalog_get(const struct demo_catalog *c,
                                          const char *name);
void demo_catalog_free(struct demo_catalog *c);

/* ---- demo_view.c: the screen of the live view, as text ---- */

struct demo_view {
    struct demo_run *runs;
    int n_runs;
    int frame;                   /* frame shown */
    int lang, utf8, color;
    int paused, finished;
    double speed;                /* weeks a second; 0: as fast as it can */
    double lo, hi;               /* map colour range */
};

/* The whole screen, `rows` lines of at most `cols` columns each, with
 * colours as ANSI escapes when v->color. Lines end with "\033[K\r\n"
 * except the last. */
void demo_view_render(const struct demo_view *v, int cols, int rows,
                      struct demo_text *out);
/* The introduction: each demo's title and explanation, wrapped. */
void demo_view_intro(struct demo_text *out, const char *const *titles,
                     const char *const *texts, int n, int cols);
/* One plain progress line of run r at frame f (key=value, newline). */
void demo_view_line(struct demo_text *out, const struct demo_run *r, int f);
/* One line in words of what run r showed at frame f. */
void demo_view_summary(struct demo_text *out, const struct demo_run *r,
                       int f, int lang);
/* Localised word (e.g. "private") by key; the key itself if unknown. */
const char *demo_view_word(const char *key, int lang);

/* ---- demo_tty.c: the interactive terminal ---- */

struct demo_live {
    struct demo_view view;
    const char *const *titles;   /* the introduction shown before the */
    const char *const *texts;    /* start: n_texts titles and texts */
    int n_texts;
    int wait_intro;              /* wait for a key before starting */
    volatile sig_atomic_t *stop; /* set on SIGINT/SIGTERM/SIGHUP */
};
/* Run the live view on the terminal (stdin and stdout are terminals).
 * The terminal is restored on every way out. Returns 0 (q or the end),
 * or the signal number that stopped it; -1 with err on failure. */
int demo_tty_run(struct demo_live *L, char *err, size_t errlen);

/* ---- demo_gif.c: frame data and the animated GIF ---- */

/* Write the frames of the runs into dir: runK.csv (one row a frame) and
 * runK_map.dat (one matrix a frame, communities x buildings). 0 or -1. */
int demo_gif_data(const char *dir, const struct demo_run *runs, int n,
                  char *err, size_t errlen);
/* Draw the runs' frames with gnuplot (script: home/analysis/demo_gif.gp)
 * into out, through an exclusive out.partial published at the end
 * (io/afile.h; an existing out is replaced only with force); or, with out
 * NULL,
 * stills into the directory stills: weekNN.png, one a frame, and
 * weeks.pdf, a page a frame (drawn in stills/.cogov-frames.XXXXXX and
 * moved in at the end). 0 or -1 with err. */
int demo_gif_draw(const char *home, const char *out, int force,
                  const char *stills, const struct demo_run *runs, int n,
                  double lo, double hi, int lang, char *err, size_t errlen);

/* --set KEY=VALUE, --seed N and --days N of the demo commands, for every
 * run, in the order given (a later one wins). v has room for argc
 * entries; seed and days hold the pairs of the shorthands. */
struct demo_sets {
    const char **v;
    int n;
    char seed[64], days[64];
};
/* The option rows --seed, --days and --set, calling fn (which passes
 * them to demo_sets_add). */
#define DEMO_SET_OPTS(fn)                                                  \
    {"seed", 0, OPT_CALL, "N", "as for cogov run, for every run",          \
     .call = fn},                                                          \
    {"days", 0, OPT_CALL, "N", "as for cogov run, for every run",          \
     .call = fn},                                                          \
    {"set", 0, OPT_CALL, "KEY=VALUE", "as for cogov run, for every run",   \
     .call = fn}
/* Add option `name` (set, seed or days) with its value. */
void demo_sets_add(struct demo_sets *s, const char *name, const char *val);

/* `cogov demo [DEMO...] [options]`: an exit status. */
int cmd_demo(int argc, char **argv);

#endif
