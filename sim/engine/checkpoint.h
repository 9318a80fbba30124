/* Checkpoint and restart (docs/RELIABILITY.md, "Restart"): the whole
 * state of a world after a day, written to an HDF5 restart file, and a run
 * continued from it to bitwise the same result as a run never stopped, or
 * forked with changed parameters (a what-if from a saved state).
 *
 * A checkpoint file is the run's output so far (root attributes, /config,
 * /code, /timeseries, /communities, /snapshots: days [0, days_done), with
 * complete = 0) plus a /restart group holding the parameters and every
 * field of the world listed in sim/engine/checkpoint_fields.c. It is
 * written under "<path>.partial", synced and renamed, so a file with the
 * final name is always whole. The implementation is the files
 * engine/checkpoint_*.c (their stack: engine/checkpoint_impl.h). */
#ifndef COGOV_CHECKPOINT_H
#define COGOV_CHECKPOINT_H

#include <signal.h>
#include <stddef.h>

#include "base/params.h"
#include "engine/observe.h"
#include "model/world.h"

struct checkpoint;

/* Write the state of w after day w->day to path. history is the run's
 * output file so far (its ".partial", flushed: h5out_flush), whose rows
 * must cover days [0, w->day]; out_path is the run's final output name,
 * recorded as the default output of a restart. A file already at path is
 * replaced only once the new one is complete. Returns 0; -1 with err; or
 * 1 when *stop (may be NULL) was set meanwhile: the new checkpoint is
 * abandoned. In both failures path keeps what it held. */
int checkpoint_write(const char *path, const struct world *w,
                     const char *history, const char *out_path,
                     volatile sig_atomic_t *stop, char *err, size_t errlen);

/* The state of w before day 0 (after a burn-in, days_done 0, no
 * history) as the bytes of an HDF5 file (/restart as a checkpoint holds
 * it), for reuse by runs with the same burn-in (engine/burnin.h).
 * Ownership: *buf is the caller's (free). 0 or -1 with err. */
int checkpoint_image(const struct world *w, void **buf, size_t *len,
                     char *err, size_t errlen);
/* Open such an image (len bytes at buf, copied; name is what messages
 * call it); checkpoint_restore then rebuilds the world, checking the
 * state hash. Anything but an image of days_done 0 is refused. 0 or -1
 * with err. */
int checkpoint_open_image(struct checkpoint **ck, const void *buf,
                          size_t len, const char *name, char *err,
                          size_t errlen);

/* The parameters an open checkpoint or image was written with. */
const struct params *checkpoint_saved(const struct checkpoint *ck);
/* The layout version of /restart this build writes and reads. */
int checkpoint_format(void);

/* Open a checkpoint and read what it says about itself. Ownership: *ck is
 * the caller's, released with checkpoint_close(). 0 or -1 with err. */
int checkpoint_open(struct checkpoint **ck, const char *path, char *err,
                    size_t errlen);
void checkpoint_close(struct checkpoint *ck);

/* Days the checkpointed run had simulated (the restart's first day). */
int checkpoint_days_done(const struct checkpoint *ck);
/* Final output name of the checkpointed run. */
const char *checkpoint_output(const struct checkpoint *ck);
/* Scenario name recorded in the checkpoint. */
const char *checkpoint_scenario(const struct checkpoint *ck);

/* Parameters of the checkpointed run with the nsets "key=value" overrides
 * applied (checked like --set), validated. Keys that only shape day 0
 * (the population, initial organisations, volunteers and participation)
 * are refused: the saved state already holds what they made. time.days
 * must exceed the days already done. What changed is remembered for
 * checkpoint_record(). 0, or -1 with err. */
int checkpoint_params(struct checkpoint *ck, struct params *p,
                      const char *const *sets, int nsets, char *err,
                      size_t errlen);

/* What changing key after day 0 means, from the flags of its row in the
 * parameter table (sim/base/params.c): CK_KEY_DYNAMIC (the dynamics from
 * then on; also an unknown key), CK_KEY_INIT_ONLY (PARAM_FIXED_AFTER_DAY0:
 * it only shaped day 0, refused by a fork and by a change schedule) or
 * CK_KEY_PASSIVE (PARAM_PASSIVE: neither state nor dynamics, e.g. name,
 * time.days, output.*). */
enum { CK_KEY_DYNAMIC, CK_KEY_INIT_ONLY, CK_KEY_PASSIVE };
int checkpoint_key_kind(const char *key);

/* A world for p (from checkpoint_params) holding the saved state. When p
 * differs from the saved parameters (a fork), what is derived from them
 * (rate table, mediators, grid workers, purchase budget) is recomputed.
 * Ownership: *w is the caller's (world_free). 0 or -1 with err. */
int checkpoint_restore(struct checkpoint *ck, const struct params *p,
                       struct world **w, char *err, size_t errlen);

/* Append the saved trajectory (rows of days [0, days_done) and the
 * snapshots taken on those days) to a new output through its observer.
 * dm is scratch sized for the world. 0 or -1 with err. */
int checkpoint_replay(struct checkpoint *ck, struct observer *ob,
                      struct day_metrics *dm, char *err, size_t errlen);

/* Provenance of a restarted run in its output's root attributes:
 * restart_checkpoint, restart_days_done, restart_overrides (the changed
 * keys, "" for a plain restart) and provenance (the chain of restarts,
 * one line each). 0 or -1 with err. */
int checkpoint_record(const struct checkpoint *ck, struct h5out *out,
                      char *err, size_t errlen);

/* Introspection of the saved state, for tests and debugging: the saved
 * fields of records and residents and the loose arrays of the world
 * (free list, ages, rate table), numbered 0 .. checkpoint_fields()-1.
 * checkpoint_field_name writes e.g. "orgs/fee_recent" or "free_slots"
 * into buf. */
int checkpoint_fields(void);
const char *checkpoint_field_name(int k, char *buf, size_t n);
/* 1 when field k holds the same bytes in a and b (and both have the same
 * number of records, or array length). */
int checkpoint_field_equal(const struct world *a, const struct world *b,
                           int k);
/* What a restart would give if field k were not saved: every record of w
 * takes the value it has in `from` (a world fresh from world_init), zero
 * where `from` has no such record. */
void checkpoint_field_forget(struct world *w, const struct world *from,
                             int k);
/* Overwrite, in record `index` modulo the number of records (or resident
 * `index` modulo n_res), the first n bytes of field k (at most its size)
 * with `bytes`: the checkpoint fuzzer's way to craft a saved state
 * (tests/fuzz/fuzz_checkpoint.c). 0, or -1 when there is no such field or
 * record. */
int checkpoint_field_poke(struct world *w, int k, size_t index,
                          const void *bytes, size_t n);

#endif
