/* Running a sweep's tasks on this machine (docs/CLUSTER.md, "Running"):
 * a pool of N worker processes, each forked once and running task after
 * task as the parent hands them out over a socket, so that a task that
 * crashes takes only its worker down: the task is recorded as failed, and
 * a fresh worker takes the tasks left. Or, in an MPI build started by
 * mpirun, the task farm of sweep_mpi.c. A task leaves nothing behind in
 * its worker that the next task sees (tests/t_sweep.sh compares tasks run
 * by one worker with the same tasks run alone). The parent never enters
 * an OpenMP region, so each forked worker starts OpenMP afresh. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "base/stopsig.h"
#include "study/sweep.h"

int sweep_mpi_launch_size(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && atoi(v) > 0)
            return atoi(v);
    }
    return 1;
}

/* Tasks this call is asked to run: [*first, *last). */
static int task_range(const struct sweep_plan *pl,
                      const struct sweep_run_opts *o, int64_t *first,
                      int64_t *last, char *err, size_t errlen)
{
    *first = 0;
    *last = pl->n_runs;
    if (o->task < 0)
        return 0;
    int64_t chunk = o->chunk > 0 ? o->chunk : 1;
    if (o->task > (pl->n_runs - 1) / chunk) {
        if (chunk == 1)
            snprintf(err, errlen, "--task %lld: the sweep has tasks 0 to "
                     "%lld", (long long)o->task, (long long)pl->n_runs - 1);
        else
            snprintf(err, errlen, "--task %lld --chunk %lld: the sweep's "
                     "%lld tasks make chunks 0 to %lld", (long long)o->task,
                     (long long)chunk, (long long)pl->n_runs,
                     (long long)((pl->n_runs - 1) / chunk));
        return -1;
    }
    *first = o->task * chunk;
    *last = *first + chunk < pl->n_runs ? *first + chunk : pl->n_runs;
    return 0;
}

/* CPUs this process may use: its affinity mask (taskset, Slurm's
 * binding), capped by a cgroup v2 CPU quota (containers, systemd, Slurm's
 * cgroup plugin), read from its cgroup's cpu.max. */
static int cpu_budget(void)
{
    int n = 1;
#ifdef _OPENMP
    n = omp_get_num_procs();   /* libgomp counts the affinity mask */
#else
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    n = c > 0 ? (int)c : 1;
#endif
    char path[4200] = "/sys/fs/cgroup/cpu.max", line[4096];
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "0::/", 4)) {   /* the v2 hierarchy */
                line[strcspn(line, "\n")] = 0;
                snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max",
                         line + 3);
            }
        fclose(f);
    }
    long long quota, period;
    f = fopen(path, "r");
    if (f) {
        /* "max 100000" (no quota) does not parse: no cap */
        if (fscanf(f, "%lld %lld", &quota, &period) == 2 && quota > 0 &&
            period > 0 && (quota + period - 1) / period < n)
            n = (int)((quota + period - 1) / period);
        fclose(f);
    }
    return n > 0 ? n : 1;
}

/* OpenMP threads each task runs with: --threads, else OMP_NUM_THREADS,
 * else the CPUs shared among the jobs. */
static int task_threads(const struct sweep_run_opts *o, int jobs, int cpus)
{
    if (o->threads > 0)
        return o->threads;
#ifdef _OPENMP
    if (getenv("OMP_NUM_THREADS"))
        return omp_get_max_threads();
#endif
    return cpus / jobs > 0 ? cpus / jobs : 1;
}

/* Tasks at a time: --jobs, less when jobs x threads would exceed the
 * CPUs (unless --oversubscribe), since then the tasks' threads wait for
 * each other and the sweep runs slower (docs/PERFORMANCE.md). */
static int run_jobs(const struct sweep_run_opts *o, int threads, int cpus)
{
    int jobs = o->jobs > 0 ? o->jobs : 1;
    if (!o->oversubscribe && (int64_t)jobs * threads > cpus)
        jobs = cpus / threads > 0 ? cpus / threads : 1;
    return jobs;
}

/* A worker ended while it held task k: note the result, record a crash
 * as a failure. */
static void reap(const char *dir, int64_t k, int status, int stopping,
                 int64_t counts[5], int quiet)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) <= TASK_SKIP_BUSY) {
        counts[WEXITSTATUS(status)]++;
        return;
    }
    /* stopped by a signal before its file was created (stopsig.h) */
    int st = WIFEXITED(status) ? WEXITSTATUS(status) - 128 : 0;
    if (stopping || st == SIGINT || st == SIGTERM || st == SIGHUP) {
        counts[TASK_STOPPED]++;
        return;
    }
    char msg[256];
    if (WIFSIGNALED(status))
        snprintf(msg, sizeof msg, "the task's process was killed by signal "
                 "%d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(msg, sizeof msg, "the task's process exited with status %d",
                 WEXITSTATUS(status));
    char final_path[4200];
    sweep_task_path(dir, k, ".h5", final_path, sizeof final_path);
    if (access(final_path, F_OK) == 0) {
        counts[TASK_RAN]++;
        return;
    }
    int m = sweep_task_fail(dir, k, msg);
    counts[TASK_ERROR]++;
    if (!quiet || m)
        fprintf(m ? stderr : stdout, "task %lld failed: %s%s\n",
                (long long)k, msg, m > 0 ? " (its .failed marker holds no "
                "message: it could not be written)" : m < 0 ? " (its "
                ".failed marker could not be created)" : "");
    fflush(stdout);
}

/* Read n bytes (a whole message of the pool's protocol): 1, 0 at the end
 * of the stream (the other side ended), -1 on an error. */
static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r == 0 && p == (char *)buf ? 0 : -1;
        p += r;
        n -= (size_t)r;
    }
    return 1;
}

/* One worker of the pool: forked once, it runs the tasks the parent
 * sends over fd (an 8-byte task number each) one after another and
 * answers each with its result (one byte); it ends when the parent shuts
 * its side (no task left, or a stop). A stop signal while the worker
 * waits, or before its task's file exists, ends it at once with 128 +
 * the signal. */
static _Noreturn void worker(int fd, pid_t parent, const char *dir,
                             const struct sweep_plan *pl,
                             const struct sweep_run_opts *o, int threads)
{
    char msg[CONFIG_ERR_MAX + 256];
#ifdef __linux__
    /* die with the driver: a kill -9 of `sweep run` must not leave tasks
     * running (and holding their locks) that a resume would then skip;
     * SIGTERM stops the run cleanly, leaving a .partial a resume reruns */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != parent)
        _exit(TASK_STOPPED);
    /* a stop before the task's file exists ends the worker at once (128 +
     * signal, counted as stopped): drawing a large world does not look
     * at the stop flag */
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &old);
    int pending = o->stop ? (int)*o->stop : 0;
    sweep_task_writing = 0;
    volatile sig_atomic_t *stop = stopsig_catch(0, &sweep_task_writing);
    if (pending)
        _exit(128 + pending);
    sigprocmask(SIG_SETMASK, &old, NULL);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    int64_t k;
    while (read_full(fd, &k, sizeof k) == 1) {
        enum sweep_result r = sweep_task_run(dir, pl, k, stop, NULL, NULL,
                                             msg, sizeof msg);
#ifdef __SANITIZE_ADDRESS__
        /* LeakSanitizer checks at exit, which a worker's _exit skips:
         * check after each task instead, so that a task that leaks fails
         * the sweep of a sanitized build (make check-sanitize) */
        if (__lsan_do_recoverable_leak_check()) {
            snprintf(msg, sizeof msg, "task %lld: LeakSanitizer found "
                     "memory its worker leaked", (long long)k);
            r = TASK_ERROR;
        }
#endif
        if (!o->quiet || r == TASK_ERROR)
            fprintf(r == TASK_ERROR ? stderr : stdout, "%s\n", msg);
        fflush(NULL);
        unsigned char res = (unsigned char)r;
        ssize_t w;
        while ((w = write(fd, &res, 1)) < 0 && errno == EINTR)
            ;
        /* idle again: from here a stop ends the worker at once */
        sweep_task_writing = 0;
        if (w != 1 || *stop)
            _exit(*stop ? 128 + (int)*stop : 0);
    }
    /* a forked child must not run the parent's exit path (atexit
     * handlers, HDF5's cleanup of the parent's ids) */
    _exit(0);
}

/* A worker of the pool as the parent sees it. */
struct slot {
    pid_t pid;      /* 0: none */
    int fd;         /* the parent's end of its socket */
    int64_t task;   /* the task it runs, -1 when idle */
    int shut;       /* told that no task is left */
};

/* Fork the worker of slot s (the parent's slots sl and poll list pf,
 * jobs long); 0, or -1 when it could not be started. */
static int spawn(struct slot *sl, struct pollfd *pf, int jobs, int s,
                 const char *dir, const struct sweep_plan *pl,
                 const struct sweep_run_opts *o, int threads)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
        fprintf(stderr, "cogov: socketpair: %s\n", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t c = fork();
    if (c == 0) {
        /* keep no other worker's socket open: each sees its end; and
         * none of the parent's pool (LeakSanitizer would call it leaked) */
        for (int j = 0; j < jobs; j++)
            if (sl[j].pid > 0)
                close(sl[j].fd);
        free(sl);
        free(pf);
        close(sv[0]);
        worker(sv[1], parent, dir, pl, o, threads);
    }
    close(sv[1]);
    if (c < 0) {
        fprintf(stderr, "cogov: fork: %s\n", strerror(errno));
        close(sv[0]);
        return -1;
    }
    sl[s] = (struct slot){.pid = c, .fd = sv[0], .task = -1};
    return 0;
}

/* Run the tasks of list (n of them) on a pool of jobs workers. */
static int pool(const char *dir, const struct sweep_plan *pl,
                const int64_t *list, int64_t n,
                const struct sweep_run_opts *o, int jobs, int threads,
                int64_t counts[5])
{
    struct slot *sl = calloc((size_t)jobs, sizeof *sl);
    struct pollfd *pf = calloc((size_t)jobs, sizeof *pf);
    int forwarded = 0;
    int64_t next = 0;
    if (!sl || !pf) {
        free(sl);
        free(pf);
        return -1;
    }
    for (;;) {
        int stopping = o->stop && *o->stop;
        if (stopping && !forwarded) {
            for (int j = 0; j < jobs; j++)
                if (sl[j].pid > 0) {
                    kill(sl[j].pid, SIGTERM);
                    shutdown(sl[j].fd, SHUT_WR);
                    sl[j].shut = 1;
                }
            forwarded = 1;
        }
        /* hand out tasks: to idle workers, to new ones in empty slots */
        int live = 0;
        for (int j = 0; j < jobs; j++) {
            if (!stopping && next < n && sl[j].pid == 0 &&
                spawn(sl, pf, jobs, j, dir, pl, o, threads))
                continue;
            if (sl[j].pid == 0)
                continue;
            live++;
            if (sl[j].task >= 0 || sl[j].shut)
                continue;
            if (next < n && !stopping &&
                send(sl[j].fd, &list[next], sizeof list[next],
                     MSG_NOSIGNAL) == (ssize_t)sizeof list[next]) {
                sl[j].task = list[next++];
            } else if (next >= n || stopping) {
                shutdown(sl[j].fd, SHUT_WR);
                sl[j].shut = 1;
            }
            /* a send that failed: the worker died; its end is seen below */
        }
        if (live == 0)
            break;
        for (int j = 0; j < jobs; j++)
            pf[j] = (struct pollfd){.fd = sl[j].pid > 0 ? sl[j].fd : -1,
                                    .events = POLLIN};
        if (poll(pf, (nfds_t)jobs, -1) < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "cogov: poll: %s\n", strerror(errno));
            break;
        }
        for (int j = 0; j < jobs; j++) {
            if (sl[j].pid <= 0 || !pf[j].revents)
                continue;
            unsigned char r;
            if (read_full(sl[j].fd, &r, 1) == 1) {
                if (r <= TASK_SKIP_BUSY && sl[j].task >= 0)
                    counts[r]++;
                sl[j].task = -1;
                continue;
            }
            /* the worker ended: a task it held failed or was stopped */
            int st;
            while (waitpid(sl[j].pid, &st, 0) < 0 && errno == EINTR)
                ;
            if (sl[j].task >= 0)
                reap(dir, sl[j].task, st, o->stop && *o->stop, counts,
                     o->quiet);
            close(sl[j].fd);
            sl[j] = (struct slot){.pid = 0, .task = -1};
        }
    }
    /* after a poll failure: end the workers left */
    for (int j = 0; j < jobs; j++)
        if (sl[j].pid > 0) {
            kill(sl[j].pid, SIGTERM);
            waitpid(sl[j].pid, NULL, 0);
            close(sl[j].fd);
        }
    free(sl);
    free(pf);
    return 0;
}

int sweep_run(const char *dir, const struct sweep_run_opts *o, char *err,
              size_t errlen)
{
    struct sweep_plan pl;
    int64_t first, last, counts[5] = {0};
    unsigned char *states = NULL;
    int64_t *list = NULL, n = 0, busy = 0;
    int rc = -1;
    if (sweep_index_read(dir, &pl, err, errlen))
        return -1;
    if (task_range(&pl, o, &first, &last, err, errlen))
        goto out;
    if (!o->allow_mixed &&
        sweep_check_revision(dir, pl.n_runs, err, errlen))
        goto out;
    /* temporary names left by a killed process (one listing; not for
     * each element of a Slurm array, --task) */
    if (o->task < 0)
        sweep_task_clean(dir, pl.n_runs);
    int launched = sweep_mpi_launch_size();
#ifdef COGOV_MPI
    if (launched > 1 && o->task >= 0) {
        snprintf(err, errlen, "--task under mpirun would run the same task "
                 "on every rank; leave --task out for the MPI task farm");
        goto out;
    }
    /* started by mpirun, or by srun's PMI/PMIx (size known only after
     * MPI_Init): the farm; a plain start: the local pool */
    if (launched > 1 || getenv("OMPI_COMM_WORLD_SIZE") ||
        getenv("PMI_RANK") || getenv("PMIX_RANK")) {
        rc = sweep_mpi_farm(dir, &pl, o, err, errlen);
        goto out;
    }
#else
    if (launched > 1) {
        snprintf(err, errlen, "this cogov was built without MPI but started "
                 "as %d MPI ranks, which would each run the whole sweep; "
                 "build the MPI variant (make MPI=1) and run bin/cogov-mpi "
                 "under mpirun, or run cogov sweep run --jobs N",
                 launched);
        goto out;
    }
#endif
    states = malloc((size_t)pl.n_runs + 1);
    list = malloc(((size_t)pl.n_runs + 1) * sizeof *list);
    if (!states || !list) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (sweep_task_states(dir, pl.n_runs, states, err, errlen))
        goto out;
    for (int64_t k = first; k < last; k++) {
        if (states[k] == TASK_RUNNING)
            busy++;
        else if (states[k] != TASK_DONE)
            list[n++] = k;
    }
    int cpus = cpu_budget(), asked = o->jobs > 0 ? o->jobs : 1;
    int threads = task_threads(o, asked, cpus);
    int jobs = run_jobs(o, threads, cpus);
    if (!o->quiet) {
        printf("cogov sweep run %s: %lld of %lld tasks to run, %d at a time"
               " (%d thread%s each)%s\n", dir, (long long)n,
               (long long)(last - first), jobs, threads,
               threads == 1 ? "" : "s",
               busy ? " (others are running elsewhere)" : "");
        if (jobs < asked)
            printf("cogov sweep run: --jobs %d x %d thread%s would exceed "
                   "the %d CPU%s this process may use; running %d at a "
                   "time (--oversubscribe runs %d)\n", asked, threads,
                   threads == 1 ? "" : "s", cpus, cpus == 1 ? "" : "s",
                   jobs, asked);
    }
    fflush(stdout);
    if (pool(dir, &pl, list, n, o, jobs, threads, counts)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (!o->quiet)
        printf("cogov sweep run %s: %lld ran, %lld failed, %lld stopped, "
               "%lld skipped\n", dir, (long long)counts[TASK_RAN],
               (long long)counts[TASK_ERROR], (long long)counts[TASK_STOPPED],
               (long long)(counts[TASK_SKIP_DONE] + counts[TASK_SKIP_BUSY]));
    if (o->stop && *o->stop)
        rc = 128 + (int)*o->stop;
    else
        rc = counts[TASK_ERROR] ? 1 : sweep_finish_check(dir, &pl, first,
                                                         last);
out:
    free(states);
    free(list);
    sweep_plan_free(&pl);
    return rc;
}
