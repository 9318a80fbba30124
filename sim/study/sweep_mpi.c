/* The MPI task farm of `cogov sweep run` (docs/CLUSTER.md, "MPI"),
 * compiled only in the MPI build (make MPI=1, bin/cogov-mpi). Rank 0
 * lists the pending tasks and hands them out one at a time as ranks ask
 * for work; it runs tasks too, and answers requests between the days of
 * its own run (through sim_run's on_day callback), so a request waits at
 * most one simulated day. Every rank runs its task with its own OpenMP
 * threads; MPI is called only from the main thread, outside parallel
 * regions (MPI_THREAD_FUNNELED). A task's results do not depend on which
 * rank runs it: same files as a serial sweep, bit for bit. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "study/sweep.h"

enum { TAG_REQUEST = 1, TAG_TASK = 2 };

/* A request: the task just finished (-1 at first), its result, and 1 when
 * the rank stops asking (a signal reached it). */
enum { REQ_TASK, REQ_RESULT, REQ_QUIT, REQ_LEN };

struct farm {
    const char *dir;
    const struct sweep_plan *pl;
    const struct sweep_run_opts *o;
    int64_t *queue, nq, next;
    int active;                  /* workers not yet told to stop */
    int64_t counts[5];
};

static void reply(struct farm *fm, int rank, const int64_t *req)
{
    if (req[REQ_TASK] >= 0 && req[REQ_RESULT] >= 0 && req[REQ_RESULT] < 5)
        fm->counts[req[REQ_RESULT]]++;
    if (req[REQ_QUIT]) {
        fm->active--;
        return;
    }
    int64_t t = -1;
    if (!(fm->o->stop && *fm->o->stop) && fm->next < fm->nq)
        t = fm->queue[fm->next++];
    else
        fm->active--;
    MPI_Send(&t, 1, MPI_INT64_T, rank, TAG_TASK, MPI_COMM_WORLD);
}

/* Answer every request that has arrived, without waiting. */
static void serve(struct farm *fm)
{
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_REQUEST, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return;
        int64_t req[REQ_LEN];
        MPI_Recv(req, REQ_LEN, MPI_INT64_T, st.MPI_SOURCE, TAG_REQUEST,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        reply(fm, st.MPI_SOURCE, req);
    }
}

static int serve_between_days(const struct world *w,
                              const struct day_metrics *dm, void *ctx)
{
    (void)w;
    (void)dm;
    serve(ctx);
    return 0;
}

static void report(const struct sweep_run_opts *o, enum sweep_result r,
                   const char *msg, int rank)
{
    if (!o->quiet || r == TASK_ERROR)
        fprintf(r == TASK_ERROR ? stderr : stdout, "[rank %d] %s\n", rank,
                msg);
    fflush(NULL);
}

static void master(struct farm *fm, int size)
{
    char msg[CONFIG_ERR_MAX + 256];
    while (fm->next < fm->nq && !(fm->o->stop && *fm->o->stop)) {
        serve(fm);
        if (fm->next >= fm->nq)
            break;
        int64_t k = fm->queue[fm->next++];
        enum sweep_result r = sweep_task_run(fm->dir, fm->pl, k, fm->o->stop,
                                             serve_between_days, fm, msg,
                                             sizeof msg);
        fm->counts[r]++;
        report(fm->o, r, msg, 0);
    }
    while (fm->active > 0) {
        int64_t req[REQ_LEN];
        MPI_Status st;
        MPI_Recv(req, REQ_LEN, MPI_INT64_T, MPI_ANY_SOURCE, TAG_REQUEST,
                 MPI_COMM_WORLD, &st);
        reply(fm, st.MPI_SOURCE, req);
    }
    (void)size;
}

static void worker(const struct farm *fm, int rank)
{
    char msg[CONFIG_ERR_MAX + 256];
    int64_t req[REQ_LEN] = {-1, -1, 0};
    for (;;) {
        req[REQ_QUIT] = fm->o->stop && *fm->o->stop;
        MPI_Send(req, REQ_LEN, MPI_INT64_T, 0, TAG_REQUEST, MPI_COMM_WORLD);
        if (req[REQ_QUIT])
            return;
        int64_t k;
        MPI_Recv(&k, 1, MPI_INT64_T, 0, TAG_TASK, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        if (k < 0)
            return;
        enum sweep_result r = sweep_task_run(fm->dir, fm->pl, k, fm->o->stop,
                                             NULL, NULL, msg, sizeof msg);
        report(fm->o, r, msg, rank);
        req[REQ_TASK] = k;
        req[REQ_RESULT] = r;
    }
}

int sweep_mpi_farm(const char *dir, const struct sweep_plan *pl,
                   const struct sweep_run_opts *o, char *err, size_t errlen)
{
    int provided, rank, size;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        snprintf(err, errlen, "MPI_Init_thread failed");
        return -1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#ifdef _OPENMP
    if (o->threads > 0)
        omp_set_num_threads(o->threads);
#endif
    struct farm fm = {.dir = dir, .pl = pl, .o = o, .active = size - 1};
    int64_t rc = 0;
    if (rank == 0) {
        unsigned char *states = malloc((size_t)pl->n_runs + 1);
        fm.queue = malloc(((size_t)pl->n_runs + 1) * sizeof *fm.queue);
        int64_t busy = 0;
        if (!states || !fm.queue ||
            sweep_task_states(dir, pl->n_runs, states, err, errlen)) {
            if (!states || !fm.queue)
                snprintf(err, errlen, "out of memory");
            rc = -1;
        } else {
            for (int64_t k = 0; k < pl->n_runs; k++) {
                if (states[k] == TASK_RUNNING)
                    busy++;
                else if (states[k] != TASK_DONE)
                    fm.queue[fm.nq++] = k;
            }
        }
        free(states);
        if (!o->quiet)
            printf("cogov sweep run %s: %lld of %lld tasks to run on %d MPI "
                   "ranks%s\n", dir, (long long)fm.nq, (long long)pl->n_runs,
                   size, busy ? " (others are running elsewhere)" : "");
        fflush(stdout);
        master(&fm, size);
        if (rc == 0) {
            if (!o->quiet)
                printf("cogov sweep run %s: %lld ran, %lld failed, %lld "
                       "stopped, %lld skipped\n", dir,
                       (long long)fm.counts[TASK_RAN],
                       (long long)fm.counts[TASK_ERROR],
                       (long long)fm.counts[TASK_STOPPED],
                       (long long)(fm.counts[TASK_SKIP_DONE] +
                                   fm.counts[TASK_SKIP_BUSY]));
            rc = o->stop && *o->stop ? 128 + (int)*o->stop
                 : fm.counts[TASK_ERROR]
                     ? 1 : sweep_finish_check(dir, pl, 0, pl->n_runs);
        }
        free(fm.queue);
    } else {
        worker(&fm, rank);
    }
    /* every rank exits with rank 0's verdict */
    MPI_Bcast(&rc, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    /* rank 0 reports an error; the others just fail */
    return rc < 0 && rank != 0 ? 1 : (int)rc;
}
