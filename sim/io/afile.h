/* Final files written under a temporary name that is this process's
 * alone (docs/RELIABILITY.md, "Output files"). afile_begin creates
 * "<path>.partial" exclusively and holds an open-file-description lock on
 * it while the file is written: a second writer of the same path is
 * refused by name, and a .partial left by a killed process (no lock) is
 * recognised as stale and replaced. afile_publish syncs the file, checks
 * that the name still holds the file this process created, renames it to
 * <path> and syncs the directory, so a file with the final name is always
 * complete and always ours. */
#ifndef COGOV_AFILE_H
#define COGOV_AFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct afile {
    char *path;      /* final name */
    char *partial;   /* "<path>.partial" */
    int fd;          /* holds the lock; -1 when not open */
    dev_t dev;
    ino_t ino;
    int force;       /* publishing may replace an existing <path> */
};

/* Create <path>.partial (empty, mode 0666 & ~umask) and lock it. Refuses
 * when another live process writes the same partial, when <path> exists
 * and force is 0, or when <path> is a directory. Returns 0, or -1 with one
 * line in err (the file is then not created). Ownership: a's strings and
 * lock are released by afile_end. */
int afile_begin(struct afile *a, const char *path, int force, char *err,
                size_t errlen);

/* Give the finished partial file its final name (fsync of the file, the
 * rename, fsync of the directory). Without force an existing <path> is
 * never replaced (link(2) fails atomically). 0, or -1 with err; on -1 the
 * partial is left as it was. */
int afile_publish(struct afile *a, char *err, size_t errlen);

/* A final file written through stdio: afile_begin, then a stream of its
 * own descriptor of the partial (closing it keeps the lock). NULL with
 * err; then nothing is left behind. */
FILE *afile_fopen(struct afile *a, const char *path, int force, char *err,
                  size_t errlen);

/* Finish what afile_fopen began: flush and close f (may be NULL when the
 * caller wrote through another descriptor of a->fd), then, unless failed
 * is set or the stream saw an error, publish; always afile_end. A write
 * error or failed removes the partial (failed: the caller's own message
 * stays in err untouched); a publish failure keeps it complete under its
 * partial name (the message says so). 0, or -1 with err. */
int afile_fclose(struct afile *a, FILE *f, int failed, char *err,
                 size_t errlen);

/* Release the lock and the strings. remove = 1 deletes the partial file
 * when it is still ours (a failed write leaves nothing that looks like a
 * result); 0 leaves it (a stopped run keeps its days). */
void afile_end(struct afile *a, int remove);

/* Is the partial of an unfinished write of path (by a live process)
 * locked? 1 yes, 0 no (absent or stale). */
int afile_busy(const char *path);

/* Remove "<path>.partial" when no live process writes it (a stale one left
 * by a kill). 0, or -1 with err when it is in use or cannot be removed. */
int afile_clear_stale(const char *path, char *err, size_t errlen);

/* Do the names a and b denote the same file: the same inode when both
 * exist, else the same folder (resolved) and the same last component?
 * (Output, checkpoint and input files must never alias each other.) */
int afile_same(const char *a, const char *b);

/* A file name made of text (a scenario's name): every byte that is not a
 * letter, a digit, '-', '_' or UTF-8 (>= 0x80) becomes '_', so the name
 * stays in the working folder and prints safely; at most n - 1 bytes. */
void afile_safe_name(char *out, size_t n, const char *text);

/* Make the folder dir unless it exists (its parent must), and refuse a
 * name that is not a folder. 0, or -1 with one line in err that begins
 * with what (the option that named dir, e.g. "--store") and dir:
 * "WHAT DIR: cannot create it: REASON" or "WHAT DIR: not a folder". */
int afile_folder(const char *dir, const char *what, char *err,
                 size_t errlen);

#endif
