/* `cogov demo`: classroom mode (docs/TEACHING.md). Resolves built-in demo
 * names and scenario files to one or two runs, explains them, then shows
 * them live in the terminal, as plain progress lines when output is not a
 * terminal, or as an animated GIF (--gif). Runs stay in memory: no HDF5
 * file is written. Errors become one message and a non-zero exit here;
 * the demo_* modules below return status codes. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/msg.h"
#include "base/opts.h"
#include "base/stopsig.h"
#include "base/scenario.h"
#include "io/afile.h"
#include "demo/demo.h"

/* set by the stop signals (base/stopsig.h) */
static volatile sig_atomic_t *demo_stop;

/* One run to show: where it comes from and how it is explained. */
struct pick {
    const char *scenario;
    const struct demo_entry *entry; /* NULL for a scenario file */
    char title[256];
    char *text;                     /* owned */
};

static int is_scenario_file(const char *a)
{
    struct stat st;
    size_t n = strlen(a);
    return strchr(a, '/') || (n > 4 && !strcmp(a + n - 4, ".cfg")) ||
           stat(a, &st) == 0;
}

/* The leading comment block of a scenario file, as its explanation: the
 * first line is the title, the rest the text. */
static int file_blurb(struct pick *k)
{
    FILE *f = fopen(k->scenario, "r");
    struct demo_text t = {0};
    char line[1024];
    k->title[0] = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (line[0] != '#')
            break;
        char *s = line + 1;
        s += *s == ' ';
        s[strcspn(s, "\n")] = 0;
        if (!k->title[0] && *s)
            snprintf(k->title, sizeof k->title, "%s", s);
        else if (*s) {
            if (t.len)
                demo_text_puts(&t, " ");
            demo_text_puts(&t, s);
        }
    }
    if (f)
        fclose(f);
    if (!k->title[0])
        snprintf(k->title, sizeof k->title, "%s", k->scenario);
    if (!t.len)
        demo_text_puts(&t, "(no description: the file starts without "
                           "comments)");
    if (t.oom) {
        demo_text_free(&t);
        return -1;
    }
    k->text = t.s;
    return 0;
}

static void list_demos(const struct demo_catalog *c, int lang, FILE *out)
{
    fprintf(out, "built-in demos (%s):\n", c->path);
    for (int i = 0; i < c->n; i++) {
        const struct demo_entry *e = &c->e[i];
        fprintf(out, "  %-15s %s", e->name, e->title[lang]);
        if (e->compare)
            fprintf(out, lang == DEMO_ZH ? "（对照：%s）" : " (with %s)",
                    e->compare);
        fputc('\n', out);
    }
    fprintf(out, "\ncogov demo NAME shows one; cogov demo NAME NAME two side "
                 "by side; --gif FILE draws a GIF.\n");
}

static int default_lang(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return !strncmp(v, "zh", 2) ? DEMO_ZH : DEMO_EN;
    }
    return DEMO_EN;
}

static int parse_range(const char *s, double *lo, double *hi)
{
    char *end;
    *lo = strtod(s, &end);
    if (end == s || *end != ':')
        return -1;
    const char *h = end + 1;
    *hi = strtod(h, &end);
    return end == h || *end || !(*lo < *hi) ? -1 : 0;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Refuse to replace the data files in dir unless forced; make dir. */
static int check_data_dir(const char *dir, int n, int force)
{
    char err[512];
    if (afile_folder(dir, "--data", err, sizeof err) != 0)
        return msg_error("%s", err);
    for (int i = 0; i < n && !force; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/run%d.csv", dir, i + 1);
        if (file_exists(p))
            return msg_error("%s exists; use --force to replace it or "
                             "another --data directory", p);
    }
    return 0;
}

/* Refuse to replace stills in dir unless forced (any weekNN.png or
 * weeks.pdf: the number of frames is not known yet); forced, remove them
 * (a shorter run leaves no stale weeks); make dir. */
static int check_frames_dir(const char *dir, int force)
{
    char err[512];
    if (afile_folder(dir, "--frames", err, sizeof err) != 0)
        return msg_error("%s", err);
    char p[4200];
    for (int f = 0; f <= 100; f++) {
        if (f < 100)
            snprintf(p, sizeof p, "%s/week%02d.png", dir, f + 1);
        else
            snprintf(p, sizeof p, "%s/weeks.pdf", dir);
        if (force)
            remove(p);
        else if (file_exists(p))
            return msg_error("%s exists; use --force to replace it or "
                             "another --frames directory", p);
    }
    return 0;
}

static void print_text(const struct demo_text *t, FILE *f)
{
    if (t->s)
        fputs(t->s, f);
}

struct opts {
    int lang, list, plain, go, color, force, state;
    long long threads;
    double speed, lo, hi;
    const char *gif, *data, *frames;
    const char *names[3];
    int n_names;
    struct demo_sets sets;
};

static int opt_map(void *ctx, const struct opt *row, const char *val)
{
    struct opts *o = ctx;
    o->state = demo_state_find(val);
    if (o->state < 0)
        return msg_error("--map '%s': expected satisfaction, trust_gov, "
                         "trust_com, efficacy, participation, grievance or "
                         "open", val);
    return 0;
}

static int opt_range(void *ctx, const struct opt *row, const char *val)
{
    struct opts *o = ctx;
    if (parse_range(val, &o->lo, &o->hi))
        return msg_error("--map-range '%s': expected LO:HI with LO < HI, "
                         "e.g. 0.3:0.8", val);
    return 0;
}

/* --set, --seed N, --days N: for every run, in the order given */
static int opt_set(void *ctx, const struct opt *row, const char *val)
{
    demo_sets_add(&((struct opts *)ctx)->sets, row->name, val);
    return 0;
}

/* Options into o; returns 0, 1 after an error, or -1 after --help. */
static int parse_args(int argc, char **argv, struct opts *o)
{
    o->lang = default_lang();
    o->color = 1;
    o->speed = 4;
    o->state = -1;
    o->lo = o->hi = 0;
    int no_color = 0;
    const struct opt rows[] = {
        {"list", 0, OPT_FLAG, NULL, "list the built-in demos",
         .target = &o->list},
        {"lang", 0, OPT_CHOICE, "en|zh",
         "language of explanations and labels (default: zh\nwhen LANG "
         "starts with zh, else en)", .target = &o->lang,
         .choices = "en,zh"},
        {"map", 0, OPT_CALL, "STATE",
         "colour buildings by satisfaction, trust_gov,\ntrust_com, "
         "efficacy, participation, grievance or\nopen (open matters per "
         "resident)", .call = opt_map},
        {"map-range", 0, OPT_CALL, "LO:HI",
         "the values at the two ends of the colour scale",
         .call = opt_range},
        {"gif", 0, OPT_STRING, "FILE",
         "draw an animated GIF with gnuplot (one frame a\nweek)",
         .target = &o->gif},
        {"frames", 0, OPT_STRING, "DIR",
         "stills for slides: DIR/weekNN.png (one a week) and\nDIR/weeks.pdf "
         "(a page a week)", .target = &o->frames},
        {"data", 0, OPT_STRING, "DIR",
         "also write the frames as data files into DIR", .target = &o->data},
        {"force", 0, OPT_FLAG, NULL,
         "replace the FILE or DIR files if they exist", .target = &o->force},
        {"plain", 0, OPT_FLAG, NULL, "plain progress lines even on a terminal",
         .target = &o->plain},
        {"speed", 0, OPT_DOUBLE, "N",
         "weeks a second at the start (default 4; 0: full)",
         .target = &o->speed, .dlo = 0, .dhi = 1000},
        {"go", 0, OPT_FLAG, NULL,
         "start at once, without waiting on the explanation",
         .target = &o->go},
        {"no-color", 0, OPT_FLAG, NULL,
         "no colours (also when NO_COLOR is set)", .target = &no_color},
        DEMO_SET_OPTS(opt_set),
        {"threads", 0, OPT_LLONG, "N",
         "OpenMP threads (default 1: the district is small)",
         .target = &o->threads, .lo = 1, .hi = 4096},
        {0}};
    const struct opt_cmd cmd = {
        "demo", "usage: cogov demo [NAME|SCENARIO ...] [options]\n",
        "Watch governance mechanisms work on a small district, live: a map "
        "of\nthe buildings, the backlog by scope, who solves matters, trust "
        "and\nparticipation, week by week. Two runs are shown side by side."
        "\n\n"
        "  cogov demo                   list the built-in demos\n"
        "  cogov demo triage            a demo (with the run it is compared "
        "to)\n"
        "  cogov demo baseline linkage  two demos side by side\n"
        "  cogov demo my.cfg            any scenario file\n"
        "  cogov demo triage --gif triage.gif    an animated GIF for slides\n",
        rows,
        "keys: space pause/play, s step a week, + faster, - slower, r "
        "restart,\nq quit. Ctrl-C also quits; the terminal is restored "
        "either way.\n\n"
        "The built-in demos are scenarios/demo/demos.conf, found through\n"
        "$COGOV_HOME, else next to the executable (bin/../scenarios/demo), "
        "else\nin the current directory.\n",
        o};
    int first = opts_parse(&cmd, argc, argv);
    if (first < 0)
        return first == OPTS_HELP ? -1 : 1;
    if (no_color)
        o->color = 0;
    for (int i = first; i < argc; i++) {
        if (o->n_names == 2)
            return msg_error("demo: at most two runs side by side ('%s', "
                             "'%s' and '%s')", o->names[0], o->names[1],
                             argv[i]);
        o->names[o->n_names++] = argv[i];
    }
    return 0;
}

/* Turn the names and files of o into at most two picks. */
static int resolve(const struct opts *o, const struct demo_catalog *cat,
                   struct pick *k, int *n)
{
    *n = 0;
    for (int i = 0; i < o->n_names; i++) {
        const char *a = o->names[i];
        if (is_scenario_file(a)) {
            if (!file_exists(a))
                return msg_error("demo: no such scenario file '%s'", a);
            k[*n].scenario = a;
            if (file_blurb(&k[*n]))
                return msg_error("out of memory");
            (*n)++;
            continue;
        }
        const struct demo_entry *e = demo_catalog_get(cat, a);
        if (!e) {
            struct demo_text names = {0};
            for (int j = 0; j < cat->n; j++) {
                demo_text_puts(&names, j ? ", " : "");
                demo_text_puts(&names, cat->e[j].name);
            }
            msg_error("demo: no built-in demo '%s' and no such file; the "
                      "demos are: %s", a, names.s ? names.s : "(none)");
            demo_text_free(&names);
            return 1;
        }
        /* a demo named alone comes with the run it is compared to */
        const struct demo_entry *with[2] = {NULL, e};
        if (o->n_names == 1 && e->compare)
            with[0] = demo_catalog_get(cat, e->compare);
        for (int j = 0; j < 2; j++) {
            if (!with[j])
                continue;
            k[*n].scenario = with[j]->scenario;
            k[*n].entry = with[j];
            snprintf(k[*n].title, sizeof k[*n].title, "%s",
                     with[j]->title[o->lang]);
            (*n)++;
        }
    }
    return 0;
}

/* --gif FILE (gif) or --frames DIR (stills) of the runs drawn: 0 after
 * saying what was written; else the exit status, after the error (or,
 * stopped by a signal, 128 + the signal: nothing is left written). */
static int draw(const char *home, const char *gif, int force,
                const char *stills, const struct demo_run *runs, int n_runs,
                double lo, double hi, int lang)
{
    char err[CONFIG_ERR_MAX];
    if (demo_gif_draw(home, gif, force, stills, runs, n_runs, lo, hi, lang,
                      err, sizeof err)) {
        if (*demo_stop) {
            fprintf(stderr, "cogov: demo stopped by signal %d; no %s "
                    "written\n", (int)*demo_stop, gif ? "GIF" : "stills");
            return 128 + (int)*demo_stop;
        }
        return msg_error("%s", err);
    }
    int frames = 0;
    for (int i = 0; i < n_runs; i++)
        frames = runs[i].done > frames ? runs[i].done : frames;
    if (gif)
        printf("cogov: wrote %s (%d frames, one a week)\n", gif, frames);
    else
        printf("cogov: wrote %s/week01.png ... week%02d.png and "
               "%s/weeks.pdf\n", stills, frames, stills);
    return 0;
}

int cmd_demo(int argc, char **argv)
{
    struct opts o;
    struct demo_catalog cat;
    struct pick picks[2];
    struct demo_run runs[2];
    int n_picks = 0, n_runs = 0, rc = 1, have_cat = 0;
    char err[CONFIG_ERR_MAX], home[4096] = ".";
    memset(&o, 0, sizeof o);
    memset(&cat, 0, sizeof cat);
    memset(picks, 0, sizeof picks);
    o.sets.v = calloc((size_t)argc + 1, sizeof *o.sets.v);
    if (!o.sets.v)
        return msg_error("out of memory");
    int pr = parse_args(argc, argv, &o);
    if (pr) {
        rc = pr < 0 ? 0 : 1;
        goto out;
    }

    /* the catalogue: needed to list, for names, and for the GIF script */
    int need_cat = o.list || o.n_names == 0 || o.gif || o.frames;
    for (int i = 0; i < o.n_names; i++)
        need_cat |= !is_scenario_file(o.names[i]);
    if (need_cat) {
        if (demo_catalog_open(&cat, home, sizeof home, err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        have_cat = 1;
    }
    if (o.list || o.n_names == 0) {
        if (o.gif || o.data || o.frames)
            msg_error("demo: name a demo or a scenario to run");
        else
            list_demos(&cat, o.lang, stdout);
        rc = o.gif || o.data || o.frames;
        goto out;
    }
    if (resolve(&o, &cat, picks, &n_picks))
        goto out;
    if (o.gif && !o.force && file_exists(o.gif)) {
        msg_error("%s exists; use --force to replace it or --gif with "
                  "another name", o.gif);
        goto out;
    }
    if (o.data && check_data_dir(o.data, n_picks, o.force))
        goto out;
    if (o.frames && check_frames_dir(o.frames, o.force))
        goto out;

    /* the map: what --map says, else the last demo that says */
    int state = o.state;
    double lo = o.lo, hi = o.hi;
    for (int i = n_picks - 1; i >= 0 && state < 0; i--)
        if (picks[i].entry && picks[i].entry->state >= 0) {
            state = picks[i].entry->state;
            if (!(lo < hi) && picks[i].entry->lo < picks[i].entry->hi) {
                lo = picks[i].entry->lo;
                hi = picks[i].entry->hi;
            }
        }
    if (state < 0)
        state = DS_SATISFACTION;

    for (int i = 0; i < n_picks; i++) {
        cogov_params *p;
        char name[PARAM_STRING_MAX], key[PARAM_STRING_MAX];
        int64_t residents = 0;
        if (cogov_params_load(&p, picks[i].scenario, o.sets.v, o.sets.n,
                              err, sizeof err) ||
            cogov_param_get_string(p, "name", key, sizeof key, err,
                                   sizeof err) ||
            cogov_param_get_int(p, "population.residents", &residents, err,
                                sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
        scenario_name(picks[i].scenario, key, name, sizeof name);
        if (residents > 20000)
            fprintf(stderr, "cogov: note: %s has %lld residents; a demo is "
                    "made for a few thousand and this one will be slow "
                    "(try --set population.residents=6000)\n",
                    picks[i].scenario, (long long)residents);
        int bad = demo_run_init(&runs[i], p, name, picks[i].title, state, 7,
                                err, sizeof err);
        cogov_params_free(p);
        if (bad) {
            msg_error("%s", err);
            goto out;
        }
        n_runs++;
    }
    if (!(lo < hi)) {
        lo = demo_states[state].lo;
        hi = demo_states[state].hi;
        if (state == DS_GRIEVANCE &&
            cogov_param_get_double(runs[0].p, "escalation.threshold", &hi,
                                   err, sizeof err)) {
            msg_error("%s", err);
            goto out;
        }
    }
#ifdef _OPENMP
    omp_set_num_threads(o.threads ? (int)o.threads : 1);
#endif
    demo_stop = stopsig_catch(STOPSIG_HUP, NULL);

    setlocale(LC_CTYPE, "");
    int utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
    const char *term = getenv("TERM");
    /* the live view needs keys, a screen and a terminal that can move
     * its cursor; anything else gets plain lines */
    int live = !o.gif && !o.frames && !o.plain && isatty(STDIN_FILENO) &&
               isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb");
    const char *titles[2], *texts[2];
    for (int i = 0; i < n_runs; i++) {
        titles[i] = picks[i].title;
        texts[i] = picks[i].entry ? picks[i].entry->text[o.lang]
                                  : picks[i].text;
    }

    if (live) {
        struct demo_live L;
        memset(&L, 0, sizeof L);
        L.view.runs = runs;
        L.view.n_runs = n_runs;
        L.view.lang = o.lang;
        L.view.utf8 = utf8;
        L.view.color = o.color && !getenv("NO_COLOR");
        L.view.speed = o.speed;
        L.view.lo = lo;
        L.view.hi = hi;
        L.titles = titles;
        L.texts = texts;
        L.n_texts = n_runs;
        L.wait_intro = !o.go;
        L.stop = demo_stop;
        int r = demo_tty_run(&L, err, sizeof err);
        if (r < 0) {
            msg_error("%s", err);
            goto out;
        }
        /* what was on the screen, for the record */
        for (int i = 0; i < n_runs; i++) {
            struct demo_text t = {0};
            int f = L.view.frame < runs[i].done ? L.view.frame
                                                : runs[i].done - 1;
            if (f >= 0)
                demo_view_summary(&t, &runs[i], f, o.lang);
            print_text(&t, stdout);
            demo_text_free(&t);
        }
        if (r > 0) {
            rc = 128 + r;
            goto out;
        }
    } else {
        /* plain lines, or the frames of the GIF */
        if (!o.gif && !o.frames) {
            struct demo_text t = {0};
            demo_view_intro(&t, titles, texts, n_runs, 78);
            print_text(&t, stdout);
            demo_text_free(&t);
            putchar('\n');
        }
        for (int more = 1; more && !*demo_stop;) {
            more = 0;
            for (int i = 0; i < n_runs; i++) {
                if (!demo_run_next(&runs[i]))
                    continue;
                more = 1;
                if (!o.gif && !o.frames) {
                    struct demo_text t = {0};
                    demo_view_line(&t, &runs[i], runs[i].done - 1);
                    print_text(&t, stdout);
                    demo_text_free(&t);
                }
            }
            fflush(stdout);
        }
        if (*demo_stop) {
            fprintf(stderr, "cogov: demo stopped by signal %d\n",
                    (int)*demo_stop);
            rc = 128 + (int)*demo_stop;
            goto out;
        }
    }
    for (int i = 0; i < n_runs; i++)
        if (runs[i].err[0]) {
            msg_error("%s", runs[i].err);
            goto out;
        }
    if (o.data && demo_gif_data(o.data, runs, n_runs, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (o.gif && (rc = draw(home, o.gif, o.force, NULL, runs, n_runs, lo,
                            hi, o.lang)) != 0)
        goto out;
    if (o.frames && (rc = draw(home, NULL, o.force, o.frames, runs, n_runs,
                               lo, hi, o.lang)) != 0)
        goto out;
    rc = 0;
out:
    for (int i = 0; i < n_runs; i++)
        demo_run_free(&runs[i]);
    for (int i = 0; i < 2; i++)
        free(picks[i].text);
    if (have_cat)
        demo_catalog_free(&cat);
    free(o.sets.v);
    return rc;
}
