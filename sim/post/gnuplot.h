/* Driving gnuplot, the plotting engine of `cogov plot`: a job writes data
 * files and one script into a working directory (temporary, or kept with
 * --keep DIR so that the figure can be edited and redrawn with `gnuplot
 * plot.gp` there), runs gnuplot on it and moves the figure into place only
 * when gnuplot succeeded. The drawing logic lives in the .gp files of
 * analysis/, compiled into the binary (build/gp_scripts.c, made by
 * analysis/embed.sh); a job's script is a header of variables followed by
 * those scripts. */
#ifndef COGOV_GNUPLOT_H
#define COGOV_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "io/afile.h"
#include "post/labels.h"

/* The scripts of analysis/, by file name without .gp. */
struct gp_script {
    const char *name, *text;
};
extern const struct gp_script gp_scripts[];
extern const int gp_n_scripts;

struct gp_job {
    char dir[4096];        /* working directory */
    int keep;              /* dir was given by the user: leave it */
    FILE *script;          /* DIR/plot.gp while the job is open */
    char out[4096];        /* the figure, absolute */
    char partial[4112];    /* where gnuplot writes it first */
    struct afile af;       /* the partial, ours while af_open (io/afile) */
    int af_open;
    char gnuplot[4096];    /* the program */
    char **made;           /* files created in dir, removed unless kept */
    int n_made;
};

/* Locate gnuplot: $COGOV_GNUPLOT, else `gnuplot` on PATH. 0, or -1 with a
 * message saying how to install it. */
int gp_find(char *path, size_t n, char *err, size_t errlen);

/* Start a job drawing `out` (.png, .svg or .pdf; refused when it exists
 * unless force) at width x height pixels (PDF: at 100 px an inch; a PNG
 * at png_scale times as many pixels, text and lines scaled alike, e.g. 3
 * for 300 dpi), with
 * labels in lang and font (NULL: a default for lang). keep_dir (may be
 * NULL) is the working directory to keep. Writes the script's header:
 * encoding, terminal, output. 0, or -1 with err and nothing left behind.
 * Ownership: j is the caller's until gp_finish or gp_abort. */
int gp_begin_scaled(struct gp_job *j, const char *out, int force,
                    const char *keep_dir, enum lang lang, const char *font,
                    int width, int height, double png_scale, char *err,
                    size_t errlen);
/* gp_begin_scaled with png_scale 1 */
int gp_begin(struct gp_job *j, const char *out, int force,
             const char *keep_dir, enum lang lang, const char *font,
             int width, int height, char *err, size_t errlen);

/* Create data file DIR/name for writing (the caller closes it). */
FILE *gp_data(struct gp_job *j, const char *name, char *err, size_t errlen);

/* Write s as a gnuplot double-quoted string literal. */
void gp_string(FILE *f, const char *s);

/* `name = "value"` and `array name[n] = ["..", ...]` lines. */
void gp_set_string(FILE *f, const char *name, const char *value);
void gp_set_array(FILE *f, const char *name, const char *const *v, int n);
void gp_set_numbers(FILE *f, const char *name, const double *v, int n);

/* Append analysis/<name>.gp to the script. 0, or -1 if there is none. */
int gp_append(struct gp_job *j, const char *name, char *err, size_t errlen);

/* Close the script, run gnuplot in the working directory, move the figure
 * to its name, clean up. 0, or -1 with err (gnuplot's own messages
 * appended) and no figure left under the final name. Frees the job. */
int gp_finish(struct gp_job *j, char *err, size_t errlen);

/* Give up: remove what the job made (unless kept). */
void gp_abort(struct gp_job *j);

#endif
