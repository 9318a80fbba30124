/* One task of a sweep: one run, one file (docs/CLUSTER.md, "Tasks and
 * their files"). The state of a task is read from DIR/runs alone:
 * run_NNNNNN.h5 (complete: h5out renames only a finished file) = done,
 * run_NNNNNN.failed = failed, run_NNNNNN.h5.partial = running or killed,
 * nothing = pending (run_NNNNNN.h5.partial.PID is the name a task's file
 * is created under before it appears as .partial, io/afile.c: left over
 * only by a process killed in between, and removed by the next `sweep
 * run`). A task being run holds a POSIX record lock on byte
 * NNNNNN of DIR/runs/.lock; the kernel drops it when its process dies
 * (kill -9 included), so a .partial without a lock is a killed task, and
 * two processes never run the same task. fcntl locks rather than flock
 * because NFS supports them through lockd. */
#include <dirent.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/sim.h"
#include "io/h5in.h"
#include "study/sweep.h"

const char *const sweep_state_names[N_TASK_STATES] = {"pending", "running",
                                                      "done", "failed"};

void sweep_task_path(const char *dir, int64_t k, const char *suffix,
                     char *buf, size_t n)
{
    snprintf(buf, n, "%s%sruns/run_%06lld%s", dir ? dir : "", dir ? "/" : "",
             (long long)k, suffix);
}

/* The lock file of this process, opened once and never closed while
 * locks are held: closing any descriptor of a file drops all of the
 * process's locks on it. -1 when it cannot be opened. */
static int lock_fd = -1;
static char lock_dir[4096];

static int lock_file(const char *dir)
{
    if (lock_fd >= 0 && !strcmp(lock_dir, dir))
        return lock_fd;
    if (lock_fd >= 0)
        close(lock_fd);
    char path[4200];
    snprintf(path, sizeof path, "%s/runs/.lock", dir);
    lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0)
        lock_fd = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(lock_dir, sizeof lock_dir, "%s", dir);
    return lock_fd;
}

enum { LOCK_HELD, LOCK_BUSY, LOCK_NONE };

/* Lock task k for this process: LOCK_HELD, LOCK_BUSY (another process
 * has it) or LOCK_NONE (the file system has no locks: go on unguarded). */
static int task_lock(const char *dir, int64_t k, int unlock)
{
    int fd = lock_file(dir);
    if (fd < 0)
        return LOCK_NONE;
    struct flock fl = {.l_type = unlock ? F_UNLCK : F_WRLCK,
                       .l_whence = SEEK_SET,
                       .l_start = (off_t)k,
                       .l_len = 1};
    if (fcntl(fd, F_SETLK, &fl) == 0)
        return LOCK_HELD;
    return errno == EAGAIN || errno == EACCES ? LOCK_BUSY : LOCK_NONE;
}

/* Is task k locked by another process? 1 yes, 0 no, -1 cannot tell. */
static int task_locked(const char *dir, int64_t k)
{
    int fd = lock_file(dir);
    if (fd < 0)
        return -1;
    struct flock fl = {.l_type = F_WRLCK,
                       .l_whence = SEEK_SET,
                       .l_start = (off_t)k,
                       .l_len = 1};
    if (fcntl(fd, F_GETLK, &fl) != 0)
        return -1;
    return fl.l_type != F_UNLCK;
}

enum { HAS_FINAL = 1, HAS_PARTIAL = 2, HAS_FAILED = 4 };

/* Call fn(ctx, path of DIR/runs, k, suffix, name) for each entry of
 * DIR/runs named run_k... with k in [0, n_runs): one listing rather than a
 * stat per task, cheap on Lustre too. 0, or -1 with errno (no listing). */
static int each_task_name(const char *dir, int64_t n_runs,
                          void (*fn)(void *, const char *, int64_t,
                                     const char *, const char *),
                          void *ctx, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/runs", dir);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        long long k;
        int used = 0;
        if (sscanf(e->d_name, "run_%lld%n", &k, &used) != 1 || k < 0 ||
            k >= n_runs)
            continue;
        fn(ctx, path, (int64_t)k, e->d_name + used, e->d_name);
    }
    closedir(d);
    return 0;
}

static void note_state(void *ctx, const char *runs, int64_t k,
                       const char *suf, const char *name)
{
    unsigned char *states = ctx;
    (void)runs;
    (void)name;
    if (!strcmp(suf, ".h5"))
        states[k] |= HAS_FINAL;
    else if (!strcmp(suf, ".h5.partial"))
        states[k] |= HAS_PARTIAL;
    else if (!strcmp(suf, ".failed"))
        states[k] |= HAS_FAILED;
}

int sweep_task_states(const char *dir, int64_t n_runs, unsigned char *states,
                      char *err, size_t errlen)
{
    char path[4200];
    memset(states, 0, (size_t)n_runs);
    if (each_task_name(dir, n_runs, note_state, states, path, sizeof path)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (int64_t k = 0; k < n_runs; k++) {
        unsigned char h = states[k];
        if (h & HAS_FINAL)
            states[k] = TASK_DONE;
        else if ((h & HAS_PARTIAL) && task_locked(dir, k) != 0)
            states[k] = TASK_RUNNING;
        else if (h & HAS_FAILED)
            states[k] = TASK_FAILED;
        else
            states[k] = TASK_PENDING;
    }
    return 0;
}

/* A temporary name run_k.h5.partial.PID of a task no process holds: a
 * process creating it holds the task's lock until it has linked and
 * removed that name, so unlocked it was left by one that died in
 * between (kill -9). ctx: DIR. */
static void clean_name(void *ctx, const char *runs, int64_t k,
                       const char *suf, const char *name)
{
    static const char tmp[] = ".h5.partial.";
    const char *pid = suf + sizeof tmp - 1;
    if (strncmp(suf, tmp, sizeof tmp - 1) || !*pid ||
        strspn(pid, "0123456789") != strlen(pid) ||
        task_locked(ctx, k) != 0)
        return;
    char f[4600];
    snprintf(f, sizeof f, "%s/%s", runs, name);
    unlink(f);
}

void sweep_task_clean(const char *dir, int64_t n_runs)
{
    char path[4200];
    each_task_name(dir, n_runs, clean_name, (void *)dir, path, sizeof path);
}

int sweep_task_fail(const char *dir, int64_t k, const char *err)
{
    char path[4200], tmp[4300];
    sweep_task_path(dir, k, ".failed", path, sizeof path);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        /* one line: the index keeps it in /runs/error */
        for (const char *c = err; *c; c++)
            fputc(*c == '\n' ? ' ' : *c, f);
        fputc('\n', f);
        if (fclose(f) == 0 && rename(tmp, path) == 0)
            return 0;
        unlink(tmp);
    }
    /* the message did not fit (a full disk, a name in the way): an empty
     * marker needs no data block, and a failed task must never look
     * pending, to `sweep status` or to a resume */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0 && close(fd) == 0)
        return 1;
    return -1;
}

int64_t sweep_undone(const char *dir, int64_t n_runs, int64_t first,
                     int64_t last, int64_t *running)
{
    char err[CONFIG_ERR_MAX];
    unsigned char *states = malloc((size_t)n_runs + 1);
    int64_t n = 0;
    *running = 0;
    if (!states || sweep_task_states(dir, n_runs, states, err, sizeof err)) {
        free(states);
        return last - first;    /* cannot tell: count none as done */
    }
    for (int64_t k = first; k < last; k++) {
        n += states[k] != TASK_DONE;
        *running += states[k] == TASK_RUNNING;
    }
    free(states);
    return n;
}

int sweep_finish_check(const char *dir, const struct sweep_plan *pl,
                       int64_t first, int64_t last)
{
    int64_t running, undone = sweep_undone(dir, pl->n_runs, first, last,
                                           &running);
    if (undone == 0)
        return 0;
    /* never exit 0 with runs undone: `sweep run && sweep collect` must not
     * collect an incomplete sweep */
    fprintf(stderr, "cogov: sweep run %s: %lld of %lld tasks are not done"
            "%s%lld%s; run it again to finish them\n", dir,
            (long long)undone, (long long)(last - first),
            running ? " (" : "", (long long)running,
            running ? " held by another process: a `cogov sweep run` or "
                      "Slurm element still running)" : "");
    return SWEEP_INCOMPLETE;
}

int sweep_check_revision(const char *dir, int64_t n_runs, char *err,
                         size_t errlen)
{
    unsigned char *states = malloc((size_t)n_runs + 1);
    int rc = 0;
    if (!states || sweep_task_states(dir, n_runs, states, err, errlen)) {
        free(states);
        return states ? -1 : 0;
    }
    for (int64_t k = 0; k < n_runs; k++) {
        if (states[k] != TASK_DONE)
            continue;
        char path[4200], rev[256] = "", model[256] = "",
            why[CONFIG_ERR_MAX];
        struct h5in *f;
        sweep_task_path(dir, k, ".h5", path, sizeof path);
        if (h5in_open(&f, path, 0, why, sizeof why))
            continue;
        h5in_object_attr(f, "code", "git_revision", rev, sizeof rev);
        h5in_object_attr(f, "code", "model_id", model, sizeof model);
        h5in_close(f);
        /* this binary's as its run files record them */
        const char *const *keys, *const *vals;
        const char *mine = "", *my_model = "";
        int nk = sim_code_attrs(&keys, &vals);
        for (int i = 0; i < nk; i++) {
            if (!strcmp(keys[i], "git_revision"))
                mine = vals[i];
            if (!strcmp(keys[i], "model_id"))
                my_model = vals[i];
        }
        /* the model identity (docs/MODEL.md 8) decides: runs of another
         * revision with the same model sources (a commit of docs or
         * tests) give the same results; files from before the identity
         * existed are compared by revision */
        if (model[0] && strcmp(model, my_model)) {
            snprintf(err, errlen, "%s holds runs of cogov model %s "
                     "(revision %s, e.g. %s) and this cogov's model is %s "
                     "(revision %s): their results may differ, so one "
                     "sweep mixing them would not be reproducible from one "
                     "code. Run it with the cogov that made them, or pass "
                     "--allow-mixed-revisions", dir, model, rev, path,
                     my_model, mine);
            rc = -1;
        } else if (!model[0] && rev[0] && strcmp(rev, mine)) {
            snprintf(err, errlen, "%s holds runs of cogov revision %s (e.g. "
                     "%s) and this cogov is %s: one sweep mixing them "
                     "would not be reproducible from one code. Run it with "
                     "the cogov that made them, or pass "
                     "--allow-mixed-revisions", dir, rev, path, mine);
            rc = -1;
        }
        break;    /* the first done run stands for the others */
    }
    free(states);
    return rc;
}

void sweep_read_line(const char *path, char *buf, size_t n)
{
    buf[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(buf, (int)n, f))
        buf[strcspn(buf, "\n")] = 0;
    fclose(f);
    if (!buf[0] && strstr(path, ".failed"))
        snprintf(buf, n, "failed; its message could not be written (a full "
                 "disk?): see the output of the sweep run");
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

volatile sig_atomic_t sweep_task_writing;

enum sweep_result sweep_task_run(
    const char *dir, const struct sweep_plan *pl, int64_t k,
    volatile sig_atomic_t *stop,
    int (*on_day)(const struct world *, const struct day_metrics *, void *),
    void *ctx, char *msg, size_t msglen)
{
    char final_path[4200], failed[4200], err[CONFIG_ERR_MAX];
    struct stat st;
    enum sweep_result res;
    sweep_task_path(dir, k, ".h5", final_path, sizeof final_path);
    sweep_task_path(dir, k, ".failed", failed, sizeof failed);
    int lk = task_lock(dir, k, 0);
    if (lk == LOCK_BUSY) {
        snprintf(msg, msglen, "task %lld: another process is running it",
                 (long long)k);
        return TASK_SKIP_BUSY;
    }
    if (stat(final_path, &st) == 0) {
        snprintf(msg, msglen, "task %lld: already done", (long long)k);
        res = TASK_SKIP_DONE;
        goto out;
    }
    if (unlink(failed) != 0 && errno != ENOENT) {
        snprintf(msg, msglen, "task %lld: cannot remove %s: %s",
                 (long long)k, failed, strerror(errno));
        res = TASK_ERROR;
        goto out;
    }
    struct params p;
    char *config_text = NULL;
    double t0 = now_seconds();
    sweep_task_writing = 0;
    if (sweep_run_params(pl, k, &p, err, sizeof err)) {
        res = TASK_ERROR;
    } else if (!(config_text = config_to_string(params_table(), &p, 0))) {
        snprintf(err, sizeof err, "out of memory");
        res = TASK_ERROR;
    } else {
        struct run_opts o = {.out_path = final_path,
                             .force = 0,
                             .scenario = p.name,
                             .config_text = config_text,
                             .stop = stop,
                             .writing = &sweep_task_writing,
                             .on_day = on_day,
                             .ctx = ctx};
        int r = sim_run(&p, &o, err, sizeof err);
        res = r == RUN_OK ? TASK_RAN : r == RUN_STOPPED ? TASK_STOPPED
                                                        : TASK_ERROR;
    }
    free(config_text);
    if (res == TASK_ERROR) {
        int m = sweep_task_fail(dir, k, err);
        snprintf(msg, msglen, "task %lld failed: %s%s%s%s", (long long)k,
                 err, m ? " (" : "", m ? failed : "",
                 m > 0 ? " holds no message: it could not be written)"
                 : m < 0 ? " could not be created: the task is reported "
                           "failed here only)" : "");
    } else if (res == TASK_STOPPED) {
        snprintf(msg, msglen, "task %lld stopped by a signal; it reruns on "
                 "resume", (long long)k);
    } else {
        snprintf(msg, msglen, "task %lld done (point %lld, replicate %lld, "
                 "%.2f s)", (long long)k, (long long)pl->point[k],
                 (long long)pl->replicate[k], now_seconds() - t0);
    }
out:
    if (lk == LOCK_HELD)
        task_lock(dir, k, 1);
    return res;
}
