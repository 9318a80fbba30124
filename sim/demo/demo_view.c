/* The screen of the live demo as text: one panel per run, side by side
 * (stacked when the terminal is narrow), each with the map of buildings,
 * the backlog by scope, who solved matters this week and sparklines of
 * the district means. Pure functions of the frames, so the tests can
 * render a screen without a terminal. Scales are shared by the panels
 * (a comparison is only fair on one scale) and bars only ever grow their
 * scale, so a draining backlog is seen to shrink. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"

/* ---- words ---- */

static const struct {
    const char *key, *w[DEMO_N_LANG];
} words[] = {
    {"scope.private", {"private", "居民私事"}},
    {"scope.community", {"community", "社区小事"}},
    {"scope.government", {"government", "政府大事"}},
    {"ch.self", {"self", "自己"}},
    {"ch.tie", {"neighbours", "亲邻"}},
    {"ch.market", {"market", "市场"}},
    {"ch.community", {"committee", "居委会"}},
    {"ch.deliberation", {"deliberation", "议事会"}},
    {"ch.socorg", {"organisations", "社会组织"}},
    {"ch.volunteer", {"volunteers", "志愿者"}},
    {"ch.mediation", {"mediation", "调解"}},
    {"ch.government", {"government", "政府"}},
    {"ch.units", {"local units", "驻区单位"}},
    {"satisfaction", {"satisfaction", "满意度"}},
    {"trust_gov", {"trust gov", "政府信任"}},
    {"trust_com", {"trust com", "社区信任"}},
    {"participation", {"participation", "参与率"}},
    {"backlog", {"backlog: open matters", "积压：未办结事务"}},
    {"solved", {"solved this week", "本周办结"}},
    {"map", {"map", "地图"}},
    {"week", {"week %d/%d", "第 %d/%d 周"}},
    {"day", {"day %d", "第 %d 天"}},
    {"days", {"day", "天"}},
    {"means", {"district means", "全区均值"}},
    {"paused", {"paused", "已暂停"}},
    {"finished", {"finished", "已结束"}},
    {"speed", {"%g weeks/s", "每秒 %g 周"}},
    {"maxspeed", {"full speed", "全速"}},
    {"keys",
     {"space pause/play  s step  + faster  - slower  r restart  q quit",
      "空格 暂停/继续  s 单步  + 加速  - 减速  r 重来  q 退出"}},
    {"start", {"Press space to start, q to quit.", "按空格键开始，q 退出。"}},
    {"demo", {"cogov demo", "cogov 演示"}},
};

const char *demo_view_word(const char *key, int lang)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i].key, key))
            return words[i].w[lang];
    return key;
}

/* ---- one line of at most `max` columns ---- */

struct line {
    struct demo_text t;
    int w, max, color;
};

static void line_text(struct line *L, const char *s)
{
    size_t n = strlen(s);
    size_t fit = demo_text_fit(s, n, L->max - L->w);
    demo_text_add(&L->t, s, fit);
    L->w += demo_text_width(s, fit);
}

static void line_esc(struct line *L, const char *esc)
{
    if (L->color)
        demo_text_puts(&L->t, esc);
}

static void line_pad(struct line *L, int col)
{
    while (L->w < col && L->w < L->max) {
        demo_text_puts(&L->t, " ");
        L->w++;
    }
}

static void line_printf(struct line *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void line_printf(struct line *L, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    line_text(L, buf);
}

/* ---- colours and glyphs ---- */

/* xterm-256 ramp from bad (red) through yellow to good (green). */
static const int ramp[] = {196, 202, 208, 214, 220, 226, 190, 154, 118, 82,
                           46};
enum { N_RAMP = sizeof ramp / sizeof ramp[0] };
/* Channel colours (backgrounds) and letters, in channel order. */
static const int ch_color[N_CHANNELS] = {250, 152, 180, 75, 141, 214, 120,
                                         219, 203, 229};
static const char ch_letter[N_CHANNELS] = {'s', 't', 'm', 'c', 'd', 'o',
                                           'v', 'x', 'g', 'u'};
static const int scope_color[N_SCOPES] = {180, 75, 203};

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static void colour_fg(struct line *L, int c)
{
    char esc[24];
    snprintf(esc, sizeof esc, "\033[38;5;%dm", c);
    line_esc(L, esc);
}

static void colour_bg(struct line *L, int c)
{
    char esc[32];
    snprintf(esc, sizeof esc, "\033[48;5;%dm\033[38;5;16m", c);
    line_esc(L, esc);
}

/* A map cell of value x on the view's scale: a coloured block, or a
 * density glyph without colour. */
static void map_cell(struct line *L, const struct demo_view *v, int state,
                     double x, int width)
{
    double t = v->hi > v->lo ? clamp01((x - v->lo) / (v->hi - v->lo)) : 0;
    if (L->color) {
        double good = demo_states[state].high_is_good ? t : 1 - t;
        colour_fg(L, ramp[(int)lround(good * (N_RAMP - 1))]);
        for (int k = 0; k < width; k++)
            line_text(L, v->utf8 ? "█" : "#");
        line_esc(L, "\033[0m");
        return;
    }
    static const char *const u8[] = {"·", "░", "▒", "▓", "█"};
    static const char *const ascii[] = {".", ":", "+", "#", "@"};
    int g = (int)lround(t * 4);
    for (int k = 0; k < width; k++)
        line_text(L, v->utf8 ? u8[g] : ascii[g]);
}

static void sparkline(struct line *L, const struct demo_view *v,
                      const double *x, int n, double lo, double hi,
                      int width)
{
    static const char *const u8[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char *const ascii[] = {"_", ".", ",", "-", "~", "=", "*",
                                        "#"};
    int cols = n < width ? n : width;
    for (int j = 0; j < cols; j++) {
        /* resample the whole history onto the columns */
        int f = n <= width ? j : (int)((long long)(j + 1) * n / width) - 1;
        int g = (int)lround(clamp01((x[f] - lo) / (hi - lo)) * 7);
        line_text(L, v->utf8 ? u8[g] : ascii[g]);
    }
}

/* ---- panel ---- */

static int frame_of(const struct demo_view *v, const struct demo_run *r)
{
    int f = v->frame < r->done ? v->frame : r->done - 1;
    return f;
}

/* Largest backlog of any scope and largest weekly total solved, over all
 * runs up to the frame shown: the shared scales of the bars. */
static void bar_scales(const struct demo_view *v, double *open_max,
                       double *solved_max)
{
    *open_max = 1;
    *solved_max = 1;
    for (int i = 0; i < v->n_runs; i++) {
        const struct demo_run *r = &v->runs[i];
        int last = frame_of(v, r);
        for (int f = 0; f <= last; f++) {
            double tot = 0;
            for (int s = 0; s < N_SCOPES; s++)
                if (r->frames[f].open_scope[s] > *open_max)
                    *open_max = r->frames[f].open_scope[s];
            for (int c = 0; c < N_CHANNELS; c++)
                tot += r->frames[f].solved[c];
            if (tot > *solved_max)
                *solved_max = tot;
        }
    }
}

enum { SP_SAT, SP_TG, SP_TC, SP_PART, N_SPARK };
static const char *const spark_keys[N_SPARK] = {"satisfaction", "trust_gov",
                                                "trust_com", "participation"};

static double spark_value(const struct demo_frame *f, int k)
{
    switch (k) {
    case SP_SAT: return f->satisfaction;
    case SP_TG: return f->trust_gov;
    case SP_TC: return f->trust_com;
    default: return f->participation;
    }
}

/* Shared range of sparkline k: at least 0.05 wide, so that noise in the
 * third decimal does not look like a trend. */
static void spark_range(const struct demo_view *v, int k, double *lo,
                        double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < v->n_runs; i++) {
        const struct demo_run *r = &v->runs[i];
        for (int f = 0; f <= frame_of(v, r); f++) {
            double x = spark_value(&r->frames[f], k);
            *lo = x < *lo ? x : *lo;
            *hi = x > *hi ? x : *hi;
        }
    }
    if (!(*hi - *lo >= 0.05)) {
        double mid = isfinite(*lo) ? 0.5 * (*lo + *hi) : 0.5;
        *lo = mid - 0.025;
        *hi = mid + 0.025;
    }
}

/* Resident-weighted mean of the map over buildings [a, b). */
static double cell_mean(const struct demo_run *r, const float *map,
                        uint32_t a, uint32_t b)
{
    double s = 0, n = 0;
    for (uint32_t k = a; k < b; k++) {
        s += (double)map[k] * r->b_res[k];
        n += r->b_res[k];
    }
    return n > 0 ? s / n : 0;
}

/* The map rows: one per community when they fit, else consecutive
 * communities share a row. Buildings are aggregated into cells when a
 * row has more buildings than columns. */
static void map_rows(struct line *lines, int nrows, const struct demo_view *v,
                     const struct demo_run *r, int f, int width)
{
    const float *map = demo_run_map(r, f);
    uint32_t nc = r->n_comm;
    int rows = (uint32_t)nrows < nc ? nrows : (int)nc;
    int label_w = nc >= 100 ? 5 : nc >= 10 ? 4 : 3;
    int cells_w = width - label_w;
    for (int k = 0; k < rows; k++) {
        struct line *L = &lines[k];
        uint32_t c0 = (uint32_t)((uint64_t)k * nc / (uint32_t)rows);
        uint32_t c1 = (uint32_t)((uint64_t)(k + 1) * nc / (uint32_t)rows);
        uint32_t a = r->c_first[c0];
        uint32_t b = r->c_first[c1 - 1] + r->c_nb[c1 - 1];
        uint32_t nb = b - a;
        line_printf(L, "c%u", c0 + 1);
        line_pad(L, label_w);
        if (cells_w <= 0 || nb == 0)
            continue;
        /* two columns a building when they fit (squarer cells), else one
         * column a cell of one or more buildings */
        int cw = (int)nb * 2 <= cells_w ? 2 : 1;
        uint32_t fit = (uint32_t)(cells_w / cw);
        uint32_t cells = nb < fit ? nb : fit;
        for (uint32_t j = 0; j < cells; j++) {
            uint32_t s = a + (uint32_t)((uint64_t)j * nb / cells);
            uint32_t e = a + (uint32_t)((uint64_t)(j + 1) * nb / cells);
            map_cell(L, v, r->state, cell_mean(r, map, s, e), cw);
        }
    }
}

static void channel_bar(struct line *L, const struct demo_view *v,
                        const struct demo_frame *fr, double solved_max,
                        int width)
{
    double tot = 0;
    for (int c = 0; c < N_CHANNELS; c++)
        tot += fr->solved[c];
    int len = (int)lround(tot / solved_max * width);
    double cum = 0;
    int at = 0;
    for (int c = 0; c < N_CHANNELS && tot > 0; c++) {
        cum += fr->solved[c];
        int end = (int)lround(cum / tot * len);
        if (end <= at)
            continue;
        colour_bg(L, ch_color[c]);
        for (; at < end; at++) {
            char s[2] = {ch_letter[c], 0};
            line_text(L, s);
        }
        line_esc(L, "\033[0m");
    }
}

/* "s self 3  t neighbours 12 ..." for the channels that solved anything,
 * over two lines. */
static void channel_legend(struct line *L, const struct demo_view *v,
                           const struct demo_frame *fr)
{
    int row = 0;
    for (int c = 0; c < N_CHANNELS; c++) {
        if (fr->solved[c] <= 0)
            continue;
        char key[32], item[96];
        snprintf(key, sizeof key, "ch.%s", channel_names[c]);
        snprintf(item, sizeof item, "%s %.0f", demo_view_word(key, v->lang),
                 fr->solved[c]);
        int need = 2 + demo_text_width(item, strlen(item)) + 2;
        if (L[row].w > 0 && L[row].w + need > L[row].max && row == 0)
            row = 1;
        struct line *M = &L[row];
        if (M->w > 0)
            line_text(M, "  ");
        colour_bg(M, ch_color[c]);
        char s[2] = {ch_letter[c], 0};
        line_text(M, s);
        line_esc(M, "\033[0m");
        line_text(M, " ");
        line_text(M, item);
    }
}

/* Lines of one panel (fixed lines + map rows). */
enum { PANEL_FIXED = 14 };

static int render_panel(struct line *P, int maxlines,
                        const struct demo_view *v, const struct demo_run *r,
                        int width, double open_max, double solved_max)
{
    int f = frame_of(v, r);
    const struct demo_frame *fr = &r->frames[f];
    int map_n = maxlines - PANEL_FIXED;
    if (map_n > (int)r->n_comm)
        map_n = (int)r->n_comm;
    if (map_n < 1)
        map_n = 1;
    int y = 0;
    struct line sink = {{0}, 0, 0, 0}; /* takes what does not fit */
#define NEXT (y < maxlines ? &P[y++] : (y++, &sink))
    struct line *L = NEXT;
    line_esc(L, "\033[1m");
    line_text(L, v->utf8 ? "▌" : "|");
    line_text(L, r->label);
    line_esc(L, "\033[0m");

    L = NEXT;
    const struct demo_state_def *st = &demo_states[r->state];
    line_printf(L, "%s: %s  %g ", demo_view_word("map", v->lang),
                st->label[v->lang], v->lo);
    for (int k = 0; k < 5; k++)
        map_cell(L, v, r->state, v->lo + (v->hi - v->lo) * k / 4.0, 1);
    line_printf(L, " %g", v->hi);
    if (y + map_n <= maxlines)
        map_rows(&P[y], map_n, v, r, f, width);
    y += map_n;

    L = NEXT;
    line_printf(L, "%s %.0f", demo_view_word("backlog", v->lang), fr->open);
    int bar_w = width - 18;
    for (int s = 0; s < N_SCOPES; s++) {
        char key[32];
        snprintf(key, sizeof key, "scope.%s", scope_names[s]);
        L = NEXT;
        line_text(L, "  ");
        line_text(L, demo_view_word(key, v->lang));
        line_pad(L, 13);
        line_printf(L, "%5.0f ", fr->open_scope[s]);
        int n = bar_w > 0 ? (int)lround(fr->open_scope[s] / open_max * bar_w)
                          : 0;
        colour_fg(L, scope_color[s]);
        for (int k = 0; k < n; k++)
            line_text(L, v->utf8 ? "█" : "#");
        line_esc(L, "\033[0m");
    }

    double tot = 0;
    for (int c = 0; c < N_CHANNELS; c++)
        tot += fr->solved[c];
    L = NEXT;
    line_printf(L, "%s %.0f", demo_view_word("solved", v->lang), tot);
    channel_bar(NEXT, v, fr, solved_max, width);
    if (y + 2 <= maxlines)
        channel_legend(&P[y], v, fr);
    y += 2;

    for (int k = 0; k < N_SPARK; k++) {
        double lo, hi, hist[4096];
        spark_range(v, k, &lo, &hi);
        int n = f + 1 < 4096 ? f + 1 : 4096;
        for (int q = 0; q < n; q++)
            hist[q] = spark_value(&r->frames[f + 1 - n + q], k);
        L = NEXT;
        line_text(L, demo_view_word(spark_keys[k], v->lang));
        line_pad(L, 14);
        sparkline(L, v, hist, n, lo, hi, width - 14 - 7);
        line_pad(L, width - 6);
        line_printf(L, "%6.3f", spark_value(fr, k));
    }
#undef NEXT
    demo_text_free(&sink.t);
    return y < maxlines ? y : maxlines;
}

/* ---- screen ---- */

static void header(struct line *L, const struct demo_view *v)
{
    /* the longest run sets the clock (a shorter one rests on its end) */
    const struct demo_run *r0 = &v->runs[0];
    int n_frames = 0;
    for (int i = 0; i < v->n_runs; i++)
        if (v->runs[i].n_frames > n_frames) {
            n_frames = v->runs[i].n_frames;
            r0 = &v->runs[i];
        }
    int f = frame_of(v, r0);
    line_esc(L, "\033[1m");
    line_text(L, demo_view_word("demo", v->lang));
    line_esc(L, "\033[0m");
    line_text(L, "   ");
    line_printf(L, demo_view_word("week", v->lang), v->frame + 1, n_frames);
    line_text(L, "  ");
    line_printf(L, demo_view_word("day", v->lang), r0->frames[f].day);
    line_text(L, "   ");
    if (v->finished) {
        line_text(L, v->utf8 ? "■ " : "# ");
        line_text(L, demo_view_word("finished", v->lang));
    } else if (v->paused) {
        line_text(L, v->utf8 ? "❚❚ " : "|| ");
        line_text(L, demo_view_word("paused", v->lang));
    } else {
        line_text(L, v->utf8 ? "▶ " : "> ");
        if (v->speed > 0)
            line_printf(L, demo_view_word("speed", v->lang), v->speed);
        else
            line_text(L, demo_view_word("maxspeed", v->lang));
    }
}

static void emit(struct demo_text *out, struct line *L, int last)
{
    demo_text_add(out, L->t.s ? L->t.s : "", L->t.len);
    if (L->color)
        demo_text_puts(out, "\033[0m");
    demo_text_puts(out, last ? "\033[K" : "\033[K\r\n");
}

void demo_view_render(const struct demo_view *v, int cols, int rows,
                      struct demo_text *out)
{
    enum { GAP = 2, MIN_PANEL = 36, MAX_LINES = 256 };
    if (rows > MAX_LINES)
        rows = MAX_LINES;
    if (rows < 1 || cols < 1 || v->n_runs < 1 || v->runs[0].done < 1)
        return;
    struct line screen[MAX_LINES], panel[MAX_LINES];
    memset(screen, 0, sizeof screen);
    for (int y = 0; y < rows; y++) {
        screen[y].max = cols;
        screen[y].color = v->color;
    }
    header(&screen[0], v);
    int body = rows - 2; /* header and the keys line */
    int side = v->n_runs == 1 || cols >= v->n_runs * MIN_PANEL + GAP;
    int pw = side ? (cols - GAP * (v->n_runs - 1)) / v->n_runs : cols;
    int ph = side ? body : body / v->n_runs;
    double open_max, solved_max;
    bar_scales(v, &open_max, &solved_max);
    for (int i = 0; i < v->n_runs && ph > 0; i++) {
        memset(panel, 0, sizeof panel);
        for (int y = 0; y < ph; y++) {
            panel[y].max = pw;
            panel[y].color = v->color;
        }
        int n = render_panel(panel, ph, v, &v->runs[i], pw, open_max,
                             solved_max);
        for (int y = 0; y < n; y++) {
            struct line *S = &screen[1 + (side ? y : i * ph + y)];
            if (side && i > 0)
                line_pad(S, i * (pw + GAP));
            demo_text_add(&S->t, panel[y].t.s ? panel[y].t.s : "",
                          panel[y].t.len);
            S->w += panel[y].w;
            demo_text_free(&panel[y].t);
        }
    }
    if (rows > 1)
        line_text(&screen[rows - 1], demo_view_word("keys", v->lang));
    for (int y = 0; y < rows; y++) {
        emit(out, &screen[y], y == rows - 1);
        if (screen[y].t.oom)
            out->oom = 1;
        demo_text_free(&screen[y].t);
    }
}

void demo_view_intro(struct demo_text *out, const char *const *titles,
                     const char *const *texts, int n, int cols)
{
    for (int i = 0; i < n; i++) {
        if (i)
            demo_text_puts(out, "\n");
        demo_text_wrap(out, titles[i], cols, "");
        demo_text_wrap(out, texts[i], cols, "  ");
    }
}

void demo_view_summary(struct demo_text *out, const struct demo_run *r,
                       int f, int lang)
{
    const struct demo_frame *fr = &r->frames[f];
    demo_text_printf(out, "%s: ", r->label);
    demo_text_printf(out, demo_view_word("day", lang), fr->day);
    demo_text_printf(out, ", %s %.0f (", demo_view_word("backlog", lang),
                     fr->open);
    for (int s = 0; s < N_SCOPES; s++) {
        char key[32];
        snprintf(key, sizeof key, "scope.%s", scope_names[s]);
        demo_text_printf(out, "%s%s %.0f", s ? ", " : "",
                         demo_view_word(key, lang), fr->open_scope[s]);
    }
    demo_text_printf(out, "), %s %.3f, %s %.3f, %s %.3f\n",
                     demo_view_word("satisfaction", lang), fr->satisfaction,
                     demo_view_word("trust_gov", lang), fr->trust_gov,
                     demo_view_word("participation", lang),
                     fr->participation);
}

void demo_view_line(struct demo_text *out, const struct demo_run *r, int f)
{
    const struct demo_frame *fr = &r->frames[f];
    double tot = 0;
    for (int c = 0; c < N_CHANNELS; c++)
        tot += fr->solved[c];
    demo_text_printf(out, "week %d day %d %s: open=%.0f", f + 1, fr->day,
                     r->name, fr->open);
    for (int s = 0; s < N_SCOPES; s++)
        demo_text_printf(out, " open_%s=%.0f", scope_names[s],
                         fr->open_scope[s]);
    demo_text_printf(out, " solved=%.0f", tot);
    for (int c = 0; c < N_CHANNELS; c++)
        demo_text_printf(out, " solved_%s=%.0f", channel_names[c],
                         fr->solved[c]);
    demo_text_printf(out, " satisfaction=%.4f trust_gov=%.4f trust_com=%.4f "
                     "participation=%.4f efficacy=%.4f\n",
                     fr->satisfaction, fr->trust_gov, fr->trust_com,
                     fr->participation, fr->efficacy);
}
