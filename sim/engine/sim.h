/* One run, from parameters to a complete HDF5 file (docs/MODEL.md,
 * "Process overview"): world_init, the day loop of phases, observation,
 * output. */
#ifndef COGOV_SIM_H
#define COGOV_SIM_H

#include <signal.h>
#include <stddef.h>

#include "base/params.h"
#include "engine/changes.h"
#include "engine/checkpoint.h"
#include "engine/observe.h"

/* Parts of a run whose wall-clock time sim_run can account (make bench):
 * the daily phases in their order, then observation, HDF5 output and the
 * set-up and finish around the day loop. */
enum sim_part {
    SP_CAPACITY, SP_GENERATE, SP_INTAKE, SP_SELFHELP, SP_MATCH, SP_WORK,
    SP_DELIBERATE, SP_FUND, SP_OUTCOMES, SP_ESCALATE, SP_INFLUENCE,
    SP_PARTICIPATE, SP_OBSERVE, SP_WRITE, SP_INIT, SP_CLOSE, N_SIM_PARTS
};
extern const char *const sim_part_names[N_SIM_PARTS];

/* Seconds per part, accumulated (the caller zeroes it). */
struct run_timing {
    double t[N_SIM_PARTS];
};

struct run_opts {
    const char *out_path;        /* final HDF5 file name */
    int force;                   /* replace an existing file */
    const char *scenario;        /* name recorded in the file */
    const char *config_text;     /* resolved configuration */
    volatile sig_atomic_t *stop; /* set by a signal handler: stop soon */
    /* set to 1 just before the first file is created (may be NULL): until
     * then a signal handler may end the process at once */
    volatile sig_atomic_t *writing;
    /* called after each observed day (may be NULL); non-zero stops */
    int (*on_day)(const struct world *w, const struct day_metrics *dm,
                  void *ctx);
    void *ctx;
    int checkpoint_every;        /* days between checkpoints; 0 = none */
    const char *checkpoint_path; /* where checkpoints go (replaced) */
    struct checkpoint *restart;  /* continue from it (NULL: from day 0) */
    struct run_timing *timing;   /* if not NULL, seconds per part added */
    /* parameter changes applied at the start of their days (may be NULL;
     * engine/changes.h) */
    const struct changes *changes;
};

enum { RUN_OK = 0, RUN_ERROR = -1, RUN_STOPPED = 2 };

/* Run p to o->out_path. Returns RUN_OK; RUN_ERROR with err (and no file
 * with the final name); or RUN_STOPPED when *o->stop was set (the
 * ".partial" file is left with the days completed, complete=0; none when
 * the stop came before the first day). The stop flag is looked at between
 * the phases of a day, so a run stops within one phase. With o->restart
 * the run continues a checkpoint (p from checkpoint_params): the output
 * holds the saved days, then the new ones. */
int sim_run(const struct params *p, const struct run_opts *o, char *err,
            size_t errlen);

/* The same run a day at a time, for callers that look between days (the
 * public API, engine/api.c). o->out_path may be NULL: no file is written
 * (and no checkpoint can be). sim_open returns RUN_OK with *s set, or
 * RUN_ERROR / RUN_STOPPED with nothing left behind. Ownership: *s is the
 * caller's until sim_close; p and the strings of o are borrowed and must
 * outlive it. */
struct sim_session;
int sim_open(struct sim_session **s, const struct params *p,
             const struct run_opts *o, char *err, size_t errlen);
/* Simulate, observe and write the next day (sim_day(s) of them done):
 * RUN_OK, RUN_STOPPED (stop flag, on_day or a checkpoint abandoned) or
 * RUN_ERROR with err. Only call while sim_day(s) < p->time.days. */
int sim_next(struct sim_session *s, char *err, size_t errlen);
/* Days simulated so far; the world; the metrics of the last day (NULL
 * before sim_open has set them up). */
int sim_day(const struct sim_session *s);
const struct world *sim_world(const struct sim_session *s);
const struct day_metrics *sim_metrics(const struct sim_session *s);
/* Write a checkpoint of the state after the last day to path (as
 * checkpoint_write). 0, -1 with err (also without an output file or
 * before the first day), or 1 when the stop flag abandoned it. */
int sim_checkpoint(struct sim_session *s, const char *path, char *err,
                   size_t errlen);
/* End the run as rc says and free s (NULL: no-op returning rc): RUN_OK
 * completes the output (complete=1, renamed to its final name); RUN_STOPPED
 * keeps the days done under ".partial"; RUN_ERROR removes the unfinished
 * output. Returns rc, or RUN_ERROR when closing fails. */
int sim_close(struct sim_session *s, int rc, char *err, size_t errlen);

/* Advance w by one day (phases 1-11; observation is separate). */
void sim_step(struct world *w, int day);

/* The world of day 0 for p: drawn, then (time.burn_in_days > 0) the
 * days -time.burn_in_days .. -1 of p's status quo (its parameters with
 * every mechanism off, docs/MODEL.md 5) simulated and not recorded, so
 * that day 0 starts from the district's settled state; then p takes
 * effect as a change on day 0 does (setup_fork). When reuse is on
 * (engine/burnin.h) the burned-in state of an equal status quo is
 * restored instead of simulated: bitwise the same world. 0, 1 when
 * stopped (nothing made), or -1 with one line in err. */
int sim_setup(struct world **w, const struct params *p,
              volatile sig_atomic_t *stop, char *err, size_t errlen);

/* Check the files of a run before it starts: the output, the checkpoint
 * (NULL: none), the scenario and the restart file (NULL: none) must not
 * name each other or each other's ".partial" (not even with --force: a
 * run would overwrite its own input); the checkpoint's folder must exist
 * and be writable. 0, or -1 with one line in err. */
int sim_check_files(const char *out, const char *checkpoint,
                    const char *scenario, const char *restart, char *err,
                    size_t errlen);

/* The default output name of a run of scenario `name` with seed:
 * "NAME-sSEED.h5", the name made safe (io/afile.h afile_safe_name). */
void sim_default_output(char *out, size_t n, const char *name,
                        long long seed);

/* Refuse up front a population this machine cannot hold (memory.c):
 * 0, or 1 after printing the error. */
int sim_check_memory(const struct params *p);
/* The same check, quiet: 0, or -1 with the message in err. */
int sim_memory_check(const struct params *p, char *err, size_t errlen);

/* Attributes of /code for this build (static storage). */
int sim_code_attrs(const char *const **keys, const char *const **values);

#endif
