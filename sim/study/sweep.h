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
#include <stdio.h>

#include "base/params.h"
#include "io/afile.h"

enum sweep_design { SWEEP_GRID, SWEEP_LHS, SWEEP_MORRIS, SWEEP_SOBOL,
                    SWEEP_POINTS, N_SWEEP_DESIGNS };
extern const char *const sweep_design_names[N_SWEEP_DESIGNS];
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
    int64_t design_n;               /* lhs/sobol points, morris trajectories */
    int levels;                     /* morris */
    int64_t candidates;             /* morris: choose among, 0: none */
    int second_order;               /* sobol */
    double *unit;                   /* [n_points * n_params] the design in
                                     * [0,1] (lhs, morris, sobol), or NULL */
    char warnings[2048];            /* planner warnings, one per line */
    double *lo, *hi;                /* [n_params] ranges from..to of a
                                     * sampled design; NaN for a list
                                     * (sweep_plan_load only) */
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

/* mkdir -p path. 0 or -1 (errno). */
int sweep_make_dirs(const char *path);

/* Put plan pl into dir: create dir/runs and dir/index.h5, or, when dir
 * holds an index already, check it holds the same plan (*existed = 1).
 * 0, or -1 with err (a different plan is kept, never replaced). */
int sweep_plan_install(const char *dir, struct sweep_plan *pl, int *existed,
                       char *err, size_t errlen);

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

/* Remove the temporary names of task files (run_N.h5.partial.PID) that a
 * process killed while creating its task's file left in DIR/runs (a task
 * that is running holds its lock and keeps its own). */
void sweep_task_clean(const char *dir, int64_t n_runs);

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
/* 0 while sweep_task_run has no file of its task open yet (the world is
 * being drawn), then 1: a child of the pool catches the stop signals with
 * it as the busy flag (base/stopsig.h), so a stop during the drawing of a
 * large world ends the task at once, not when the drawing is done. */
extern volatile sig_atomic_t sweep_task_writing;

/* Tasks of [first, last) not done, from a fresh listing (failed, pending,
 * or running: *running of them held by another process). */
int64_t sweep_undone(const char *dir, int64_t n_runs, int64_t first,
                     int64_t last, int64_t *running);

/* Exit status of `sweep run` when every task it could run ended but some
 * of its range are not done (held elsewhere, or left pending). */
enum { SWEEP_INCOMPLETE = 3 };

/* Refuse (-1 with err) when the done runs in dir were made by another
 * code revision than this cogov's (the first done run is read). */
int sweep_check_revision(const char *dir, int64_t n_runs, char *err,
                         size_t errlen);

/* Record err as the failure of task k (DIR/runs/run_NNNNNN.failed): 0;
 * 1 when only an empty marker could be made (a full disk), which still
 * marks the task failed; -1 when no marker could be made. */
int sweep_task_fail(const char *dir, int64_t k, const char *err);

/* ---- running (sweep_run.c, sweep_mpi.c) --------------------------- */

struct sweep_run_opts {
    int64_t task, chunk;   /* task >= 0: only tasks task*chunk .. +chunk-1 */
    int jobs;              /* local processes at a time */
    int threads;           /* OpenMP threads per task, 0: automatic */
    int oversubscribe;     /* jobs x threads may exceed the CPUs */
    int quiet;
    int allow_mixed;       /* run beside runs of another code revision */
    volatile sig_atomic_t *stop;
};

/* Run the pending tasks of the sweep in dir. Returns 0 only when every
 * task asked for is done; 1 when some failed, SWEEP_INCOMPLETE when some
 * are still held by another process (or were left undone), 128+signal
 * when stopped, and -1 with err when nothing could run. */
int sweep_run(const char *dir, const struct sweep_run_opts *o, char *err,
              size_t errlen);

/* After a run over tasks [first, last): 0 when all are done, else a
 * message on stderr and SWEEP_INCOMPLETE. */
int sweep_finish_check(const char *dir, const struct sweep_plan *pl,
                       int64_t first, int64_t last);

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

/* Read the index into pl and every done run's final-window means into
 * fin (what collect stores), without writing anything. Ownership: the
 * caller frees both (sweep_final_free, sweep_plan_free). 0 or -1. */
int sweep_final_load(const char *dir, int window, struct sweep_plan *pl,
                     struct sweep_final *fin, int64_t counts[N_TASK_STATES],
                     char *err, size_t errlen);
void sweep_final_free(struct sweep_final *fin, int64_t n_runs);

/* One row per run: run, point, replicate, seed, status, every varied
 * value (a choice by name, a switch as true/false), the final-window
 * means (empty where a run is not done). 0, or -1 on a write error. */
int sweep_write_csv(FILE *f, const struct sweep_plan *pl,
                    const struct sweep_final *fin);

struct sweep_slurm_opts {
    int64_t array_max;     /* largest array index + 1 the cluster allows */
    int64_t throttle;      /* %N: array elements running at once, 0: any */
    int64_t runs_per_task; /* tasks of one element, 0: from the run time */
    int cpus;              /* --cpus-per-task */
    int collect;           /* also a dependent collect job */
    const char *time, *mem, *partition, *account;
    const char *const *modules;  /* `module load` lines */
    int n_modules;
    const char *const *sbatch;   /* extra #SBATCH options */
    int n_sbatch;
    const char *cogov;     /* absolute path of the cogov binary */
};

/* What a script covers. */
struct sweep_slurm_plan {
    int64_t n_runs, left;      /* tasks; tasks not done */
    int64_t chunk, elements;   /* tasks an element; elements submitted */
    double run_seconds;        /* median run time of done runs, 0: none */
    int measured;              /* done runs measured */
};

/* The sbatch script for the sweep in dir (malloc'd text): an array of
 * only the elements holding tasks not done (a resubmission runs only
 * those), chunk tasks each (runs_per_task, or about ten minutes of the
 * measured run time, at least n_runs / array_max). NULL with err (also
 * when no task is left). */
char *sweep_slurm_script(const char *dir, const struct sweep_plan *pl,
                         const struct sweep_slurm_opts *o,
                         struct sweep_slurm_plan *sp, char *err,
                         size_t errlen);

/* The script of the collect job (--collect). NULL with err. */
char *sweep_slurm_collect_script(const char *dir,
                                 const struct sweep_slurm_opts *o, char *err,
                                 size_t errlen);

/* submit.sh of --collect: sbatch the array script, then collect.sbatch
 * of dir after it (malloc'd; NULL when out of memory). */
char *sweep_slurm_submit_script(const char *script, const char *dir);

/* May text replace the file at path (*exists when there is one)? Yes when
 * there is none, when it is the same, when only its array line and
 * comments differ (*replaced = 1), or with force (*replaced = 1);
 * otherwise a message and 1. */
int sweep_slurm_keep(const char *path, const char *text, int force,
                     int *exists, int *replaced);

/* Read the first line of a text file into buf ("" if missing); for an
 * empty .failed marker (sweep_task_fail returned 1), a line saying so. */
void sweep_read_line(const char *path, char *buf, size_t n);

/* Write a final file through io/afile.h (an exclusive, locked
 * "<path>.partial", refused when path exists unless force): open, then
 * close with fsync and a rename that publishes only our file, or abort
 * (the partial is removed). NULL / non-zero on error, the message
 * printed. */
FILE *sweep_out_open(struct afile *a, const char *path, int force);
int sweep_out_close(struct afile *a, FILE *f);
void sweep_out_abort(struct afile *a, FILE *f);

/* `cogov sweep VERB ...` (argv[0] = "sweep"): an exit status. */
int cmd_sweep(int argc, char **argv);

/* `cogov sweep analyze ...` (analyze.c; argv[0] = "analyze"). */
int cmd_sweep_analyze(int argc, char **argv);

/* `cogov calibrate ...` (calibrate.c): an exit status. */
int cmd_calibrate(int argc, char **argv);

#endif
