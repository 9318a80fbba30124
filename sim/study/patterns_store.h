/* The store of `cogov patterns --store DIR` (docs/CALIBRATION.md, "How
 * the study is run"): each finished run of the study (an arm's scenario,
 * ablation and seed) is kept as one HDF5 file in DIR as soon as it is
 * done, so that a study stopped part-way (Ctrl-C, kill -9, the end of a
 * session) continues where it stopped, with bitwise the same output.
 *
 * A run's key is a text naming the store format, the model identity
 * (base/versions.h), the --scale factor, the study's series (days, and the
 * names of the values recorded each day, in order) and the run's loaded
 * parameters at exact values (the whole configuration, seed included).
 * The file is named by the scenario, ablation, seed and a 64-bit FNV-1a
 * hash of the key, and holds the key itself: a file is used only when its
 * key is this run's, byte for byte, and its values read back through
 * their Fletcher-32 checksums; else it is refused with one line on stderr
 * naming it, and the run is simulated again and the file replaced. Files
 * are written atomically (io/afile.h). */
#ifndef COGOV_PATTERNS_STORE_H
#define COGOV_PATTERNS_STORE_H

#include "base/params.h"

struct patterns_store;

struct patterns_store_counts {
    long read;      /* runs taken from the store */
    long written;   /* runs simulated and stored */
    long refused;   /* files refused (then simulated and replaced) */
    long unwritten; /* runs simulated whose file could not be written */
};

/* Open (create if missing: one level) the store folder dir for series of
 * n_values values a day named by names (comma-separated), at district
 * scale factor scale. 0 with *s, or -1 with one line in err. Ownership:
 * patterns_store_close. */
int patterns_store_open(struct patterns_store **s, const char *dir,
                        const char *names, int n_values, double scale,
                        char *err, size_t errlen);
void patterns_store_close(struct patterns_store *s);

/* The folder, as given. */
const char *patterns_store_dir(const struct patterns_store *s);

/* The run of p (scenario file `file`, ablation "key=value" or "") from
 * the store into series (p->time.days rows of n_values): 1 when it was
 * there and good, 0 when it must be simulated (absent, or refused: one
 * line on stderr). Not to be called from several threads at once. */
int patterns_store_read(struct patterns_store *s, const struct params *p,
                        const char *file, const char *ablation,
                        double *series);

/* Keep a simulated run in the store, replacing any file of its name. A
 * failure is one line on stderr and is otherwise ignored (the study goes
 * on; the run is simulated again next time). Safe to call from several
 * threads. */
void patterns_store_write(struct patterns_store *s, const struct params *p,
                          const char *file, const char *ablation,
                          const double *series);

void patterns_store_counts(const struct patterns_store *s,
                           struct patterns_store_counts *c);

#endif
