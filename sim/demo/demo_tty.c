/* The live terminal view of `cogov demo`: raw keys (space, s, +, -, r, q),
 * the screen redrawn in place each simulated week on the alternate
 * screen, and the terminal given back as it was on every way out: q, the
 * end of the loop, an error, SIGINT/SIGTERM/SIGHUP (the caller's stop
 * flag), Ctrl-Z (restored while stopped, raw again on resume) and a crash
 * (restored before the default action). Signal handlers only call
 * async-signal-safe functions (tcsetattr, write, sigaction, raise). */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "demo/demo.h"

static struct termios saved;
static volatile sig_atomic_t tty_active, resized;

static const char enter_seq[] = "\033[?1049h\033[?25l\033[H\033[2J";
static const char leave_seq[] = "\033[0m\033[?25h\033[?1049l";

static void write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(STDOUT_FILENO, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

static void raw_mode(void)
{
    struct termios t = saved;
    /* no line editing, no echo; keep ISIG so Ctrl-C and Ctrl-Z reach our
     * handlers, and output processing so '\n' still returns the carriage */
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
    write_all(enter_seq, sizeof enter_seq - 1);
}

static void restore(void)
{
    if (!tty_active)
        return;
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    write_all(leave_seq, sizeof leave_seq - 1);
}

static void on_winch(int sig)
{
    (void)sig;
    resized = 1;
}

static void on_tstp(int sig)
{
    int e = errno;
    struct sigaction dfl, mine;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    restore();
    sigaction(SIGTSTP, &dfl, &mine);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    /* continued: take the terminal again and redraw */
    sigaction(SIGTSTP, &mine, NULL);
    if (tty_active)
        raw_mode();
    resized = 1;
    errno = e;
}

static void on_fatal(int sig)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    restore();
    tty_active = 0;
    sigaction(sig, &dfl, NULL);
    raise(sig);
}

static const int fatal_sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
enum { N_FATAL = sizeof fatal_sigs / sizeof fatal_sigs[0] };

struct handlers {
    struct sigaction winch, tstp, fatal[N_FATAL];
};

static void install(struct handlers *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, &old->winch);
    sa.sa_handler = on_tstp;
    sigaction(SIGTSTP, &sa, &old->tstp);
    sa.sa_handler = on_fatal;
    for (int k = 0; k < N_FATAL; k++)
        sigaction(fatal_sigs[k], &sa, &old->fatal[k]);
}

static void uninstall(const struct handlers *old)
{
    sigaction(SIGWINCH, &old->winch, NULL);
    sigaction(SIGTSTP, &old->tstp, NULL);
    for (int k = 0; k < N_FATAL; k++)
        sigaction(fatal_sigs[k], &old->fatal[k], NULL);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void term_size(int *cols, int *rows)
{
    struct winsize ws;
    *cols = 80;
    *rows = 24;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
        ws.ws_row > 0) {
        *cols = ws.ws_col;
        *rows = ws.ws_row;
    }
}

/* Wait up to ms milliseconds for keys; returns the bytes read (0 on
 * timeout or a signal). */
static int read_keys(char *buf, int size, int ms)
{
    struct pollfd pf = {STDIN_FILENO, POLLIN, 0};
    if (poll(&pf, 1, ms) <= 0)
        return 0;
    ssize_t n = read(STDIN_FILENO, buf, (size_t)size);
    return n > 0 ? (int)n : 0;
}

static int draw(const struct demo_live *L)
{
    int cols, rows;
    struct demo_text t = {0};
    term_size(&cols, &rows);
    demo_text_puts(&t, "\033[H");
    demo_view_render(&L->view, cols, rows, &t);
    int oom = t.oom;
    if (!oom)
        write_all(t.s, t.len);
    demo_text_free(&t);
    return oom ? -1 : 0;
}

static void draw_intro(const struct demo_live *L)
{
    int cols, rows;
    term_size(&cols, &rows);
    struct demo_text t = {0}, intro = {0};
    demo_text_puts(&t, "\033[H\033[2J");
    demo_view_intro(&intro, L->titles, L->texts, L->n_texts,
                    cols < 100 ? cols : 100);
    /* as many lines of the introduction as fit, then the prompt */
    const char *s = intro.s ? intro.s : "";
    for (int y = 0; *s && y < rows - 2; y++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        demo_text_add(&t, s, demo_text_fit(s, n, cols));
        demo_text_puts(&t, "\r\n");
        s = nl ? nl + 1 : s + n;
    }
    demo_text_puts(&t, "\r\n\033[1m");
    demo_text_puts(&t, demo_view_word("start", L->view.lang));
    demo_text_puts(&t, "\033[0m");
    if (!t.oom)
        write_all(t.s, t.len);
    demo_text_free(&t);
    demo_text_free(&intro);
}

static const double speeds[] = {0.5, 1, 2, 4, 8, 16, 32, 0};
enum { N_SPEEDS = sizeof speeds / sizeof speeds[0] };

static int speed_index(double s)
{
    if (s <= 0)
        return N_SPEEDS - 1;
    int best = 0;
    for (int k = 0; k < N_SPEEDS - 1; k++)
        if (fabs(speeds[k] - s) < fabs(speeds[best] - s))
            best = k;
    return best;
}

static void set_finished(struct demo_view *v)
{
    int last = 0;
    for (int i = 0; i < v->n_runs; i++)
        if (v->runs[i].n_frames > last)
            last = v->runs[i].n_frames;
    v->finished = v->frame + 1 >= last;
}

/* Show the next week: compute it for every run that has it. */
static void advance(struct demo_view *v)
{
    int more = 0;
    for (int i = 0; i < v->n_runs; i++) {
        struct demo_run *r = &v->runs[i];
        if (r->done <= v->frame + 1)
            demo_run_next(r);
        more |= r->done > v->frame + 1;
    }
    if (more)
        v->frame++;
    set_finished(v);
}

static int restart(struct demo_view *v, char *err, size_t errlen)
{
    for (int i = 0; i < v->n_runs; i++)
        if (demo_run_restart(&v->runs[i], err, errlen))
            return -1;
    v->frame = 0;
    for (int i = 0; i < v->n_runs; i++)
        demo_run_next(&v->runs[i]);
    set_finished(v);
    return 0;
}

int demo_tty_run(struct demo_live *L, char *err, size_t errlen)
{
    struct demo_view *v = &L->view;
    struct handlers old;
    int rc = 0, quit = 0;
    if (tcgetattr(STDIN_FILENO, &saved)) {
        snprintf(err, errlen, "cannot read the terminal settings: %s",
                 strerror(errno));
        return -1;
    }
    install(&old);
    tty_active = 1;
    raw_mode();

    if (L->wait_intro) {
        draw_intro(L);
        while (!quit) {
            char keys[32];
            int n = read_keys(keys, sizeof keys, 250);
            if (*L->stop)
                goto out;
            if (resized) {
                resized = 0;
                draw_intro(L);
            }
            for (int k = 0; k < n; k++) {
                if (keys[k] == 'q' || keys[k] == 'Q')
                    quit = 1;
                else if (keys[k] == ' ' || keys[k] == '\n' || keys[k] == '\r')
                    goto start;
            }
        }
        goto out;
    }
start:
    write_all("\033[2J", 4);
    for (int i = 0; i < v->n_runs; i++)
        if (v->runs[i].done == 0)
            demo_run_next(&v->runs[i]);
    v->frame = 0;
    set_finished(v);
    int si = speed_index(v->speed);
    v->speed = speeds[si];
    double next = now() + (v->speed > 0 ? 1.0 / v->speed : 0);
    int dirty = 1;
    while (!quit) {
        if (*L->stop)
            break;
        if (resized) {
            resized = 0;
            write_all("\033[2J", 4);
            dirty = 1;
        }
        if (dirty && draw(L)) {
            snprintf(err, errlen, "out of memory drawing the screen");
            rc = -1;
            break;
        }
        dirty = 0;
        int wait = 250;
        if (!v->paused && !v->finished) {
            double left = next - now();
            wait = left > 0 ? (int)(left * 1000) + 1 : 0;
            if (wait > 250)
                wait = 250;
        }
        char keys[32];
        int n = read_keys(keys, sizeof keys, wait);
        for (int k = 0; k < n && !quit; k++) {
            switch (keys[k]) {
            case ' ':
                if (!v->finished) {
                    v->paused = !v->paused;
                    next = now() + (v->speed > 0 ? 1.0 / v->speed : 0);
                }
                break;
            case 's':
            case 'S':
                v->paused = 1;
                if (!v->finished)
                    advance(v);
                break;
            case '+':
            case '=':
                if (si < N_SPEEDS - 1)
                    v->speed = speeds[++si];
                break;
            case '-':
            case '_':
                if (si > 0)
                    v->speed = speeds[--si];
                break;
            case 'r':
            case 'R':
                if (restart(v, err, errlen)) {
                    rc = -1;
                    quit = 1;
                }
                next = now() + (v->speed > 0 ? 1.0 / v->speed : 0);
                break;
            case 'q':
            case 'Q':
                quit = 1;
                break;
            default:
                continue;
            }
            dirty = 1;
        }
        if (!quit && !v->paused && !v->finished && now() >= next) {
            advance(v);
            double t = now();
            next = v->speed > 0 ? next + 1.0 / v->speed : t;
            if (next < t) /* fell behind: do not race to catch up */
                next = t + (v->speed > 0 ? 1.0 / v->speed : 0);
            dirty = 1;
        }
    }
out:
    restore();
    tty_active = 0;
    uninstall(&old);
    if (rc == 0 && *L->stop)
        rc = (int)*L->stop;
    return rc;
}
