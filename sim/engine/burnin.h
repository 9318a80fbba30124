/* Reuse of burned-in states (docs/MODEL.md 5, "Burn-in"; README,
 * "Cost"). Runs whose status quo is the same (every parameter that is
 * not PASSIVE nor owned by a mechanism, with every mechanism off,
 * including the seed and the burn-in's length) burn in to the same
 * state before day 0; the first
 * such run keeps it as a checkpoint image (engine/checkpoint.h) in this
 * process's memory and/or in a cache folder, and later ones restore it
 * instead of simulating the burn-in again: bitwise the same world. An
 * entry that does not read back, whose saved parameters are not the
 * key's or whose state does not match its hash is refused (one line on
 * stderr) and the burn-in is simulated again. */
#ifndef COGOV_BURNIN_H
#define COGOV_BURNIN_H

#include <stddef.h>
#include <stdint.h>

#include "base/params.h"
#include "model/world.h"

/* Keep burned-in states in memory, up to max_bytes of images (the least
 * recently used go first); 0 turns it off and frees them. Not to be
 * called while runs are being set up in other threads. */
void burnin_memory(size_t max_bytes);
/* The cache folder shared by processes (created if missing; NULL: none).
 * Entries are <dir>/<key>.h5, written atomically (io/afile). 0, or -1
 * with one line in err. */
int burnin_folder(const char *dir, char *err, size_t errlen);

/* The status quo of p: p with every mechanism off (what the burn-in
 * simulates). */
void burnin_status_quo(const struct params *p, struct params *quo);
/* The key of quo's burn-in (16 hex digits and a NUL in hex): FNV-1a over
 * the cogov version, model identity and checkpoint format, then every row
 * of the parameter table that is not PASSIVE, by key and exact value,
 * except the rows quo cannot read: those owned by switches, which are
 * off in a status quo (config_row_active). */
uint64_t burnin_key(const struct params *quo, char hex[17]);

/* A world burned in under quo, restored from memory or the folder: 1
 * (*w set, w->p = quo), 0 when there is none or it was refused. Safe to
 * call from several threads. */
int burnin_lookup(struct world **w, const struct params *quo);
/* Keep w (just burned in under quo = *w->p) for later runs; a failure to
 * keep it is reported on stderr and otherwise ignored. Thread-safe. */
void burnin_store(const struct world *w);
/* Is any reuse on (memory or folder)? */
int burnin_enabled(void);

/* Counts since the process started, for tests and `patterns`. */
struct burnin_counts {
    long memory_hits, folder_hits, misses, refused, stored;
};
void burnin_counts(struct burnin_counts *c);

#endif
