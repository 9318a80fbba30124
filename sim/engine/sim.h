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

/* Advance w by one day (phases 1-11; observation is separate). */
void sim_step(struct world *w, int day);

/* Refuse up front a population this machine cannot hold (memory.c):
 * 0, or 1 after printing the error. */
int sim_check_memory(const struct params *p);

/* Attributes of /code for this build (static storage). */
int sim_code_attrs(const char *const **keys, const char *const **values);

#endif
