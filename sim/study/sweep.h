/* Parameter sweeps (docs/CLUSTER.md; docs/MODEL.md section 8): a
 * sweep file names a base scenario, the parameters to vary and the
 * replicates; `cogov sweep plan` expands it into DIR/index.h5, every run
 * is one task writing one file DIR/runs/run_NNNNNN.h5, and the state of a
 * task is read from the files alone, so tasks run anywhere (a local pool,
 * an MPI task farm, Slurm array elements) and resume after any kill.
 *
 * Modules: sweep_plan.c (sweep file -> plan), sweep_index.c (index.h5),
 * sweep_task.c (one task, task states, locks), sweep_run.c (local pool and
 * the run driver), sweep_mpi.c (MPI task farm, MPI builds only),
 * sweep_collect.c (status and collect), sweep_slurm.c (sbatch script),
 * sweep.c (the `cogov sweep` command). */
#ifndef COGOV_SWEEP_H
#define COGOV_SWEEP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "base/params.h"

enum sweep_design { SWEEP_GRID, SWEEP_LHS };
enum sweep_seed_rule { SWEEP_SEED_HASH, SWEEP_SEED_OFFSET };

/* Largest sweep `plan` accepts: the index holds every run in memory. */
#define SWEEP_MAX_RUNS 10000000LL

/* A planned sweep. Run k is point k / n_replicates, replicate
 * k % n_replicates; its parameters are base with value[k][j] stored in
 * key j, and seed[k]. Ownership: filled by sweep_plan_load or
 * sweep_index_read, released by sweep_plan_free. */
struct sweep_plan {
    char name[PARAM_STRING_MAX];
    char *base_scenario;            /* as written in the sweep file */
    int64_t seed;                   /* sweep seed */
    enum sweep_design design;
    enum sweep_seed_rule seed_rule;
    int64_t n_points, n_replicates, n_runs;
    int n_params;
    char **keys;                    /* [n_params] dotted keys */
    const struct param_def **rows;  /* [n_params] rows of params_table() */
    double *value;                  /* [n_runs * n_params] */
    int64_t *point, *replicate, *run_seed; /* [n_runs] */
    struct params base;             /* base scenario + fixed settings */
    char *sweep_config;             /* text of the sweep file */
    char *base_config;              /* base as libconfig text */
    char created_utc[32];
    int64_t window;                 /* days of the last collect, 0: none */
};

void sweep_plan_free(struct sweep_plan *pl);

/* Parse and expand the sweep file at path. Every error (libconfig syntax,
 * unknown keys with did-you-mean, values out of range, bad ranges,
 * replicates < 1, a missing or broken base scenario, a point the engine's
 * cross-key checks refuse) is one message naming the file and line. 0, or
 * -1 with err. */
int sweep_plan_load(const char *path, struct sweep_plan *pl, char *err,
                    size_t errlen);

/* The seed of replicate r (see docs/CLUSTER.md, "Seeds"). */
int64_t sweep_seed_of(int64_t sweep_seed, enum sweep_seed_rule rule,
                      int64_t r);

/* The resolved parameters of run k: base, the point's values, the seed.
 * 0, or -1 with err (the engine's cross-key checks). */
int sweep_run_params(const struct sweep_plan *pl, int64_t k,
                     struct params *p, char *err, size_t errlen);

/* Store v (a number; for an enum its index, for a bool 0/1) into key row
 * of p, checked against the row's type and range. 0, or -1 with a reason
 * ("must be in [0, 1]") in why. */
int sweep_store_value(const struct param_def *row, double v,
                      struct params *p, char *why, size_t whylen);

/* Same plan? (runs, points, seeds, keys, values and base configuration;
 * not the sweep file's comments.) */
int sweep_plan_equal(const struct sweep_plan *a, const struct sweep_plan *b);

/* ---- index.h5 (sweep_index.c) ------------------------------------- */

/* What collect adds to the index; NULL when planning. */
struct sweep_final {
    int64_t window;
    char **status;                  /* [n_runs] pending|running|done|failed */
    char **error;                   /* [n_runs] "" when none */
    int n_metrics;
    char **metric;                  /* [n_metrics] */
    char **units, **description;    /* [n_metrics], may hold NULLs */
    double *value;                  /* [n_metrics * n_runs], NaN if not done */
};

/* Write DIR/index.h5 (through index.h5.partial and a rename, so a reader
 * never sees half an index). 0, or -1 with err. */
int sweep_index_write(const char *dir, const struct sweep_plan *pl,
                      const struct sweep_final *fin, char *err,
                      size_t errlen);

/* Read DIR/index.h5 into pl (and load its base configuration). 0, or -1
 * with err naming the file. */
int sweep_index_read(const char *dir, struct sweep_plan *pl, char *err,
                     size_t errlen);

/* ---- tasks (sweep_task.c) ---------------------------------------- */

enum sweep_state { TASK_PENDING, TASK_RUNNING, TASK_DONE, TASK_FAILED,
                   N_TASK_STATES };
extern const char *const sweep_state_names[N_TASK_STATES];

/* Results of sweep_task_run. */
enum sweep_result {
    TASK_RAN = 0,       /* ran to a complete file */
    TASK_ERROR = 1,     /* failed; the error is in runs/run_NNNNNN.failed */
    TASK_STOPPED = 2,   /* stopped by a signal; .partial left */
    TASK_SKIP_DONE = 3, /* its file was already complete */
    TASK_SKIP_BUSY = 4  /* another process holds the task */
};

/* "DIR/runs/run_000042" + suffix (".h5", ".h5.partial", ".failed") into
 * buf. The name is relative to DIR when dir is NULL. */
void sweep_task_path(const char *dir, int64_t k, const char *suffix,
                     char *buf, size_t n);

/* State of every task from one listing of DIR/runs (a lock held on a task
 * tells running from killed). states has n_runs entries. 0 or -1. */
int sweep_task_states(const char *dir, int64_t n_runs, unsigned char *states,
                      char *err, size_t errlen);

/* Run task k of pl in this process: lock it, skip it if complete, run it
 * through sim_run, record a failure in its .failed file. stop: set by a
 * signal handler. on_day/ctx: called after each day (the MPI farm serves
 * requests there). Fills msg with a one-line report. */
struct world;
struct day_metrics;
enum sweep_result sweep_task_run(
    const char *dir, const struct sweep_plan *pl, int64_t k,
    volatile sig_atomic_t *stop,
    int (*on_day)(const struct world *, const struct day_metrics *, void *),
    void *ctx, char *msg, size_t msglen);

/* Record err as the failure of task k (DIR/runs/run_NNNNNN.failed). */
int sweep_task_fail(const char *dir, int64_t k, const char *err);

/* ---- running (sweep_run.c, sweep_mpi.c) --------------------------- */

struct sweep_run_opts {
    int64_t task, chunk;   /* task >= 0: only tasks task*chunk .. +chunk-1 */
    int jobs;              /* local processes at a time */
    int threads;           /* OpenMP threads per task, 0: automatic */
    int quiet;
    volatile sig_atomic_t *stop;
};

/* Run the pending tasks of the sweep in dir. Returns 0 when every task
 * asked for is done, 1 when some failed, 128+signal when stopped, and -1
 * with err when nothing could run. */
int sweep_run(const char *dir, const struct sweep_run_opts *o, char *err,
              size_t errlen);

/* Ranks of an MPI launch seen in the environment (1 when not launched by
 * mpirun/srun with MPI). */
int sweep_mpi_launch_size(void);

#ifdef COGOV_MPI
/* The dynamic task farm over MPI (sweep_mpi.c). Same returns as
 * sweep_run. */
int sweep_mpi_farm(const char *dir, const struct sweep_plan *pl,
                   const struct sweep_run_opts *o, char *err, size_t errlen);
#endif

/* ---- status, collect, Slurm -------------------------------------- */

/* Counts per state (and the failed tasks' errors, up to max_errors of
 * them printed by the caller). 0 or -1. */
int sweep_count(const char *dir, int64_t n_runs, int64_t counts[N_TASK_STATES],
                unsigned char **states, char *err, size_t errlen);

/* Fill the index with each done run's final-window means (window <= 0:
 * SUMMARY_WINDOW_DAYS). counts receives the states. 0 or -1. */
int sweep_collect(const char *dir, int window, int64_t counts[N_TASK_STATES],
                  char *err, size_t errlen);

struct sweep_slurm_opts {
    int64_t array_max;     /* largest array index + 1 the cluster allows */
    int64_t throttle;      /* %N: array elements running at once, 0: any */
    int cpus;              /* --cpus-per-task */
    const char *time, *mem, *partition, *account;
    const char *const *modules;  /* `module load` lines */
    int n_modules;
    const char *cogov;     /* absolute path of the cogov binary */
};

/* The sbatch script for the sweep in dir (malloc'd text), with the chunk
 * of tasks per array element in *chunk. NULL with err. */
char *sweep_slurm_script(const char *dir, const struct sweep_plan *pl,
                         const struct sweep_slurm_opts *o, int64_t *chunk,
                         char *err, size_t errlen);

/* Read the first line of a text file into buf ("" if missing). */
void sweep_read_line(const char *path, char *buf, size_t n);

/* `cogov sweep VERB ...` (argv[0] = "sweep"): an exit status. */
int cmd_sweep(int argc, char **argv);

#endif
