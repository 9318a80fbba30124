/* `cogov sweep slurm`: an sbatch script running the sweep as a Slurm job
 * array (docs/CLUSTER.md, "Slurm"). Element i runs the tasks of chunk i
 * through `cogov sweep run DIR --task i --chunk C`, so a sweep larger than
 * the cluster's array limit still fits one array; resubmitting the same
 * script resumes, since elements skip tasks whose file is complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study/sweep.h"

/* Characters a value may hold on an #SBATCH line, where Slurm does no
 * shell quoting. */
static int plain(const char *s, const char *extra)
{
    if (!s || !*s)
        return 0;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || strchr(extra, *c)))
            return 0;
    return 1;
}

/* Single-quoted for the shell. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (const char *c = s; *c; c++)
        if (*c == '\'')
            fputs("'\\''", f);
        else
            fputc(*c, f);
    fputc('\'', f);
}

char *sweep_slurm_script(const char *dir, const struct sweep_plan *pl,
                         const struct sweep_slurm_opts *o, int64_t *chunk,
                         char *err, size_t errlen)
{
    if (!plain(dir, "/._-+")) {
        snprintf(err, errlen, "%s: Slurm's #SBATCH lines cannot quote this "
                 "path; use a sweep directory whose absolute path has only "
                 "letters, digits and / . _ - +", dir);
        return NULL;
    }
    if (o->array_max < 1) {
        snprintf(err, errlen, "--array-max must be at least 1");
        return NULL;
    }
    if (o->time && !plain(o->time, ":-")) {
        snprintf(err, errlen, "--time '%s': expected Slurm's format, e.g. "
                 "30, 2:00:00 or 1-12:00:00", o->time);
        return NULL;
    }
    if (o->mem && !plain(o->mem, "")) {
        snprintf(err, errlen, "--mem '%s': expected e.g. 4G or 2000M",
                 o->mem);
        return NULL;
    }
    if ((o->partition && !plain(o->partition, "_.,-")) ||
        (o->account && !plain(o->account, "_.-"))) {
        snprintf(err, errlen, "--partition/--account: letters, digits and "
                 "_ . - only");
        return NULL;
    }
    *chunk = (pl->n_runs + o->array_max - 1) / o->array_max;
    if (*chunk < 1)
        *chunk = 1;
    int64_t elements = (pl->n_runs + *chunk - 1) / *chunk;

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    fprintf(f,
            "#!/bin/bash\n"
            "# Sweep \"%s\": %lld tasks (%lld points x %lld replicates) as a "
            "Slurm job array\n"
            "# of %lld elements, %lld task%s each. Written by `cogov sweep "
            "slurm`; submit with\n"
            "#   sbatch %s/sweep.sbatch\n"
            "# Submitting it again resumes: tasks whose file is complete are "
            "skipped.\n",
            pl->name, (long long)pl->n_runs, (long long)pl->n_points,
            (long long)pl->n_replicates, (long long)elements,
            (long long)*chunk, *chunk == 1 ? "" : "s", dir);
    fprintf(f, "#SBATCH --job-name=cogov-%s\n",
            plain(pl->name, "._-") ? pl->name : "sweep");
    fprintf(f, "#SBATCH --array=0-%lld", (long long)elements - 1);
    if (o->throttle > 0)
        fprintf(f, "%%%lld", (long long)o->throttle);
    fprintf(f, "\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=%d\n",
            o->cpus > 0 ? o->cpus : 1);
    if (o->time)
        fprintf(f, "#SBATCH --time=%s\n", o->time);
    if (o->mem)
        fprintf(f, "#SBATCH --mem=%s\n", o->mem);
    if (o->partition)
        fprintf(f, "#SBATCH --partition=%s\n", o->partition);
    if (o->account)
        fprintf(f, "#SBATCH --account=%s\n", o->account);
    fprintf(f, "#SBATCH --output=%s/slurm/%%A_%%a.out\n", dir);
    for (int i = 0; i < o->n_modules; i++) {
        fputs("module load ", f);
        put_quoted(f, o->modules[i]);
        fputc('\n', f);
    }
    fprintf(f,
            "# one OpenMP thread per allocated core; each task writes its "
            "own file and never\n"
            "# the index, so HDF5's own file locks (which NFS and Lustre "
            "often refuse) are\n"
            "# not needed: cogov guards tasks with fcntl record locks.\n"
            "export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n"
            "export HDF5_USE_FILE_LOCKING=FALSE\n"
            "exec ");
    put_quoted(f, o->cogov);
    fputs(" sweep run ", f);
    put_quoted(f, dir);
    fprintf(f, " --task \"$SLURM_ARRAY_TASK_ID\"");
    if (*chunk > 1)
        fprintf(f, " --chunk %lld", (long long)*chunk);
    fputc('\n', f);
    if (fclose(f) != 0 || !text) {
        free(text);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return text;
}
