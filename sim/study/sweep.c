/* The `cogov sweep` command (docs/CLUSTER.md): plan, run, status,
 * collect, slurm and analyze. This is the command-line layer: each verb
 * reads its options from a table (base/opts.h: getopt_long, and the
 * verb's --help from the same table), turns failures into one message and
 * an exit status, and leaves the work to the sweep_* modules. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700   /* realpath */
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/opts.h"
#include "base/stopsig.h"
#include "engine/burnin.h"
#include "study/sweep.h"

static const char *usage_sweep =
    "usage: cogov sweep VERB ... (cogov sweep VERB --help for each)\n"
    "  plan SWEEP.cfg -o DIR   expand a sweep file into DIR/index.h5\n"
    "  run DIR                 run the pending tasks (resumes); under mpirun"
    "\n"
    "                          cogov-mpi runs them as an MPI task farm\n"
    "  status DIR              pending, running, done, failed\n"
    "  collect DIR             final-window means of every run into the "
    "index\n"
    "                          (--csv FILE: one row per run)\n"
    "  slurm DIR               an sbatch job-array script "
    "(DIR/sweep.sbatch)\n"
    "  analyze DIR             Morris / Sobol' sensitivity of the outputs\n"
    "\n"
    "A sweep file names a base scenario, the parameters to vary (value "
    "lists,\n"
    "ranges with steps, a Latin hypercube, Morris trajectories, a Sobol' "
    "design\n"
    "or a CSV of points), the replicates and the seed; replicate r of every"
    "\n"
    "point uses the same seed. Every run is one task and one file\n"
    "DIR/runs/run_NNNNNN.h5; rerunning skips complete files. See\n"
    "docs/CLUSTER.md and docs/SENSITIVITY.md.\n";

/* The one operand of a verb (a file or a directory). */
static int one_operand(const char *verb, const char *what, int argc,
                       char **argv, int first, const char **out)
{
    if (argc - first != 1)
        return msg_error("sweep %s: %s one %s (see cogov sweep %s --help)",
                         verb, argc - first ? "give" : "needs", what, verb);
    *out = argv[first];
    return 0;
}

/* ---- plan --------------------------------------------------------- */

static const char *plan_out;
static const struct opt plan_opts[] = {
    {"output", 'o', OPT_STRING, "DIR", "the sweep directory (index.h5, "
     "runs/)", .target = &plan_out},
    {0}};
static const struct opt_cmd plan_cmd = {
    "sweep plan", "usage: cogov sweep plan SWEEP.cfg -o DIR\n",
    "Expand a sweep file into DIR/index.h5: every run, its parameters and\n"
    "seed. The same plan again is kept; a different one is refused.\n",
    plan_opts, NULL, NULL};

static int cmd_plan(int argc, char **argv)
{
    const char *file = NULL, *dir;
    char err[CONFIG_ERR_MAX];
    plan_out = NULL;
    int first = opts_parse(&plan_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (one_operand("plan", "sweep file", argc, argv, first, &file))
        return 1;
    if (!(dir = plan_out))
        return msg_error("usage: cogov sweep plan SWEEP.cfg -o DIR");
    struct sweep_plan pl;
    if (sweep_plan_load(file, &pl, err, sizeof err))
        return msg_error("%s", err);
    for (const char *w = pl.warnings; *w;) {
        const char *nl = strchr(w, '\n');
        int len = nl ? (int)(nl - w) : (int)strlen(w);
        fprintf(stderr, "cogov: warning: %s: %.*s\n", file, len, w);
        w += len + (nl != NULL);
    }
    int rc = 1, existed = 0;
    if (sweep_plan_install(dir, &pl, &existed, err, sizeof err)) {
        msg_error("%s", err);
        goto out;
    }
    if (existed) {
        printf("cogov sweep plan: %s already holds this plan (%lld runs); "
               "nothing to do\n", dir, (long long)pl.n_runs);
        rc = 0;
        goto out;
    }
    printf("cogov sweep plan: %lld runs (%lld points x %lld replicates) in "
           "%s/index.h5\n"
           "  run here:      cogov sweep run %s --jobs N\n"
           "  with MPI:      mpirun -np P cogov-mpi sweep run %s\n"
           "  with Slurm:    cogov sweep slurm %s && sbatch %s/sweep.sbatch"
           "\n",
           (long long)pl.n_runs, (long long)pl.n_points,
           (long long)pl.n_replicates, dir, dir, dir, dir, dir);
    rc = 0;
out:
    sweep_plan_free(&pl);
    return rc;
}

/* ---- run ---------------------------------------------------------- */

static struct sweep_run_opts run_o;
static long long run_task, run_chunk;
static const char *run_burn_in_cache;
static const struct opt run_opts[] = {
    {"jobs", 'j', OPT_INT, "N", "processes at a time on this machine "
     "(default 1)", .target = &run_o.jobs, .lo = 1, .hi = 4096},
    {"task", 0, OPT_LLONG, "K", "only task K (or chunk K with --chunk): "
     "one Slurm array element", .target = &run_task, .lo = 0,
     .hi = SWEEP_MAX_RUNS},
    {"chunk", 0, OPT_LLONG, "C", "with --task: tasks K*C to K*C+C-1",
     .target = &run_chunk, .lo = 1, .hi = SWEEP_MAX_RUNS},
    {"threads", 0, OPT_INT, "T", "OpenMP threads per task (default: the "
     "cores shared among the jobs)", .target = &run_o.threads, .lo = 1,
     .hi = 4096},
    {"oversubscribe", 0, OPT_FLAG, NULL, "run N jobs even when N x threads "
     "exceeds the CPUs (default: fewer jobs)",
     .target = &run_o.oversubscribe},
    {"allow-mixed-revisions", 0, OPT_FLAG, NULL, "run beside runs made by "
     "another code revision", .target = &run_o.allow_mixed},
    {"quiet", 'q', OPT_FLAG, NULL, "only errors", .target = &run_o.quiet},
    {"burn-in-cache", 0, OPT_STRING, "DIR", "reuse burned-in states of "
     "tasks with the same status quo\nand seed from DIR (cogov run --help)",
     .target = &run_burn_in_cache},
    {0}};
static const struct opt_cmd run_cmd = {
    "sweep run", "usage: cogov sweep run DIR [options]\n"
    "       mpirun -np P cogov-mpi sweep run DIR [options]\n",
    "Run the tasks of DIR that are not done (a rerun resumes). Exit status:"
    "\n0 when every task asked for is done, 1 when one failed, 3 when some "
    "are\nheld by another process or left undone, 128+N when stopped by "
    "signal N.\n",
    run_opts, NULL, NULL};

static int cmd_run(int argc, char **argv)
{
    const char *dir = NULL;
    run_o = (struct sweep_run_opts){.jobs = 1};
    run_task = -1;
    run_chunk = 0;
    run_burn_in_cache = NULL;
    int first = opts_parse(&run_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    char err[CONFIG_ERR_MAX];
    if (burnin_folder(run_burn_in_cache, err, sizeof err))
        return msg_error("%s", err);
    if (one_operand("run", "directory", argc, argv, first, &dir))
        return 1;
    if (run_chunk && run_task < 0)
        return msg_error("sweep run: --chunk goes with --task (array element"
                         " K runs tasks K*C to K*C+C-1)");
    run_o.task = run_task;
    run_o.chunk = run_chunk ? run_chunk : 1;
    struct sweep_run_opts o = run_o;
    o.stop = stopsig_catch(0, NULL);
    int rc = sweep_run(dir, &o, err, sizeof err);
    if (rc < 0)
        return msg_error("%s", err);
    return rc;
}

/* ---- status ------------------------------------------------------- */

static const struct opt status_opts[] = {{0}};
static const struct opt_cmd status_cmd = {
    "sweep status", "usage: cogov sweep status DIR\n",
    "Count the tasks of DIR by state (pending, running, done, failed) from"
    "\nits files alone, and show the errors of failed tasks.\n",
    status_opts, NULL, NULL};

static void progress_bar(int64_t done, int64_t total)
{
    int width = 40, fill = total ? (int)(width * done / total) : width;
    printf("[");
    for (int i = 0; i < width; i++)
        putchar(i < fill ? '#' : '-');
    printf("] %3d%%  %lld/%lld done\n",
           total ? (int)(100 * done / total) : 100, (long long)done,
           (long long)total);
}

static int cmd_status(int argc, char **argv)
{
    const char *dir = NULL;
    int first = opts_parse(&status_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (one_operand("status", "directory", argc, argv, first, &dir))
        return 1;
    struct sweep_plan pl;
    char err[CONFIG_ERR_MAX];
    int64_t c[N_TASK_STATES];
    unsigned char *states;
    if (sweep_index_read(dir, &pl, err, sizeof err))
        return msg_error("%s", err);
    if (sweep_count(dir, pl.n_runs, c, &states, err, sizeof err)) {
        sweep_plan_free(&pl);
        return msg_error("%s", err);
    }
    printf("sweep \"%s\" in %s: %lld tasks (%lld points x %lld "
           "replicates)\n", pl.name, dir, (long long)pl.n_runs,
           (long long)pl.n_points, (long long)pl.n_replicates);
    for (int s = 0; s < N_TASK_STATES; s++)
        printf("  %-8s %lld\n", sweep_state_names[s], (long long)c[s]);
    if (isatty(STDOUT_FILENO))
        progress_bar(c[TASK_DONE], pl.n_runs);
    int shown = 0;
    for (int64_t k = 0; k < pl.n_runs && shown < 5; k++) {
        if (states[k] != TASK_FAILED)
            continue;
        char path[4200], line[512];
        sweep_task_path(dir, k, ".failed", path, sizeof path);
        sweep_read_line(path, line, sizeof line);
        printf("%s  task %lld: %s\n", shown ? "" : "failed tasks (rerun "
               "`cogov sweep run` to retry them):\n", (long long)k, line);
        shown++;
    }
    if (c[TASK_FAILED] > shown)
        printf("  ... and %lld more (cogov sweep collect puts every error in"
               " /runs/error)\n", (long long)(c[TASK_FAILED] - shown));
    free(states);
    sweep_plan_free(&pl);
    return 0;
}

/* ---- collect ------------------------------------------------------ */

static int col_window, col_force;
static const char *col_csv;
static const struct opt collect_opts[] = {
    {"window", 0, OPT_INT, "DAYS", "the final window of the means (default "
     "90)", .target = &col_window, .lo = 1, .hi = 36500},
    {"csv", 0, OPT_STRING, "FILE", "also write one row per run (run, point,"
     " replicate, seed,\nstatus, every varied value, the means); - for "
     "stdout", .target = &col_csv},
    {"force", 0, OPT_FLAG, NULL, "replace FILE if it exists",
     .target = &col_force},
    {0}};
static const struct opt_cmd collect_cmd = {
    "sweep collect", "usage: cogov sweep collect DIR [options]\n",
    "Fill DIR/index.h5 with the final-window mean of every metric of every"
    "\ndone run (what cogov plot --sweep and sweep analyze read).\n",
    collect_opts, NULL, NULL};

static int cmd_collect(int argc, char **argv)
{
    const char *dir = NULL;
    col_window = 0;
    col_force = 0;
    col_csv = NULL;
    int first = opts_parse(&collect_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (one_operand("collect", "directory", argc, argv, first, &dir))
        return 1;
    const char *csv = col_csv;
    int force = col_force;
    long long window = col_window;
    char err[CONFIG_ERR_MAX];
    struct afile af;
    int64_t c[N_TASK_STATES];
    struct sweep_plan pl;
    struct sweep_final fin;
    if (sweep_final_load(dir, (int)window, &pl, &fin, c, err, sizeof err))
        return msg_error("%s", err);
    int rc = 0;
    if (sweep_index_write(dir, &pl, &fin, err, sizeof err)) {
        rc = msg_error("%s", err);
    } else if (csv && !strcmp(csv, "-")) {
        rc = sweep_write_csv(stdout, &pl, &fin) ? 1 : 0;
    } else if (csv) {
        FILE *f = sweep_out_open(&af, csv, force);
        if (!f)
            rc = 1;
        else {
            sweep_write_csv(f, &pl, &fin);
            rc = sweep_out_close(&af, f);
        }
    }
    if (rc == 0 && !(csv && !strcmp(csv, "-")))
        printf("cogov sweep collect: %s/index.h5%s%s holds the final-window "
               "means of %lld done runs (%lld failed, %lld running, %lld "
               "pending)\n", dir, csv ? " and " : "", csv ? csv : "",
               (long long)c[TASK_DONE], (long long)c[TASK_FAILED],
               (long long)c[TASK_RUNNING], (long long)c[TASK_PENDING]);
    sweep_final_free(&fin, pl.n_runs);
    sweep_plan_free(&pl);
    return rc;
}

/* ---- slurm -------------------------------------------------------- */

static struct sweep_slurm_opts sl_o;
static struct opt_list sl_modules, sl_sbatch;
static const char *sl_out;
static int sl_force;
static const struct opt slurm_opts[] = {
    {"runs-per-task", 0, OPT_LLONG, "N", "runs of one array element "
     "(default: as many as fill about\nten minutes, from the run time "
     "measured on done runs)", .target = &sl_o.runs_per_task, .lo = 1,
     .hi = SWEEP_MAX_RUNS},
    {"array-max", 0, OPT_LLONG, "M", "largest array the cluster allows "
     "(default 1000)", .target = &sl_o.array_max, .lo = 1, .hi = 100000000},
    {"throttle", 0, OPT_LLONG, "N", "array elements running at once",
     .target = &sl_o.throttle, .lo = 1, .hi = 100000000},
    {"cpus", 0, OPT_INT, "C", "--cpus-per-task (default 1)",
     .target = &sl_o.cpus, .lo = 1, .hi = 4096},
    {"time", 0, OPT_STRING, "T", "time limit of an element (30, 2:00:00)",
     .target = &sl_o.time},
    {"mem", 0, OPT_STRING, "M", "memory of an element (4G)",
     .target = &sl_o.mem},
    {"partition", 0, OPT_STRING, "P", "partition", .target = &sl_o.partition},
    {"account", 0, OPT_STRING, "A", "account", .target = &sl_o.account},
    {"module", 0, OPT_LIST, "M", "a `module load M` line (repeat)",
     .target = &sl_modules},
    {"sbatch", 0, OPT_LIST, "OPTS", "extra #SBATCH options, e.g. "
     "\"--qos=long\" (repeat)", .target = &sl_sbatch},
    {"collect", 0, OPT_FLAG, NULL, "also write DIR/collect.sbatch and "
     "DIR/submit.sh, which\nsubmits the array and a collect job that waits "
     "for it", .target = &sl_o.collect},
    {"output", 'o', OPT_STRING, "FILE", "the script (default "
     "DIR/sweep.sbatch)", .target = &sl_out},
    {"force", 0, OPT_FLAG, NULL, "replace scripts that differ in more "
     "than their array", .target = &sl_force},
    {0}};
static const struct opt_cmd slurm_cmd = {
    "sweep slurm", "usage: cogov sweep slurm DIR [options]\n",
    "Write an sbatch job-array script running the tasks of DIR that are "
    "not\ndone, several to an element. Run it again after a partial run: "
    "the\narray then holds only the elements with tasks left, and the "
    "script is\nupdated. Prints the core hours the runs left need.\n",
    slurm_opts, NULL, NULL};

/* A file of `sweep slurm`, checked by sweep_slurm_keep, then written. */
struct script {
    const char *path, *text;
    mode_t mode;
    int exists, replaced;
};

/* Write s through io/afile.h: replacing only the file that was there
 * when it was checked (a file that appeared since is refused). */
static int put_script(const struct script *s)
{
    struct afile af;
    FILE *f = sweep_out_open(&af, s->path, s->exists);
    if (!f)
        return 1;
    if (fputs(s->text, f) < 0 || fchmod(fileno(f), s->mode) != 0) {
        msg_error("cannot write %s: %s", s->path, strerror(errno));
        sweep_out_abort(&af, f);
        return 1;
    }
    return sweep_out_close(&af, f);
}

static int cmd_slurm(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    int rc = 1;
    char *text = NULL, *ctext = NULL, *stext = NULL;
    sl_o = (struct sweep_slurm_opts){.array_max = 1000, .cpus = 1};
    opt_list_free(&sl_modules);
    opt_list_free(&sl_sbatch);
    sl_out = NULL;
    sl_force = 0;
    int first = opts_parse(&slurm_cmd, argc, argv);
    if (first < 0)
        return opts_status(first);
    if (one_operand("slurm", "directory", argc, argv, first, &dir))
        return 1;
    struct sweep_slurm_opts o = sl_o;
    o.modules = sl_modules.v;
    o.n_modules = sl_modules.n;
    o.sbatch = sl_sbatch.v;
    o.n_sbatch = sl_sbatch.n;
    out = sl_out;
    int force = sl_force;
    char err[CONFIG_ERR_MAX], absdir[4096], exe[4096], logs[4200],
        def_out[4200], path[4400], spath[4400];
    struct sweep_plan pl;
    if (sweep_index_read(dir, &pl, err, sizeof err))
        return msg_error("%s", err);
    if (!realpath(dir, absdir) || !realpath("/proc/self/exe", exe)) {
        msg_error("cannot resolve the absolute path of %s or of cogov: %s",
                  dir, strerror(errno));
        sweep_plan_free(&pl);
        return 1;
    }
    o.cogov = exe;
    struct sweep_slurm_plan sp;
    text = sweep_slurm_script(absdir, &pl, &o, &sp, err, sizeof err);
    sweep_plan_free(&pl);
    if (!text) {
        msg_error("%s", err);
        goto out;
    }
    snprintf(def_out, sizeof def_out, "%s/sweep.sbatch", dir);
    if (!out)
        out = def_out;
    char absout[8400];
    if (!realpath(out, absout)) {   /* not there yet: its folder's path */
        const char *slash = strrchr(out, '/');
        char folder[4096], rfolder[4096];
        snprintf(folder, sizeof folder, "%.*s",
                 slash ? (int)(slash - out) : 1, slash ? out : ".");
        if (!realpath(folder[0] ? folder : "/", rfolder)) {
            msg_error("cannot resolve the folder of %s: %s", out,
                      strerror(errno));
            goto out;
        }
        snprintf(absout, sizeof absout, "%s/%.4000s", rfolder,
                 slash ? slash + 1 : out);
    }
    /* every file checked before any is written: a refusal leaves them
     * all as they were */
    struct script files[3] = {{out, text, 0755, 0, 0}};
    int nfiles = 1;
    if (o.collect) {
        snprintf(path, sizeof path, "%s/collect.sbatch", dir);
        snprintf(spath, sizeof spath, "%s/submit.sh", dir);
        ctext = sweep_slurm_collect_script(absdir, &o, err, sizeof err);
        stext = sweep_slurm_submit_script(absout, absdir);
        if (!ctext || !stext) {
            msg_error("%s", ctext ? "out of memory" : err);
            goto out;
        }
        files[nfiles++] = (struct script){path, ctext, 0644, 0, 0};
        files[nfiles++] = (struct script){spath, stext, 0755, 0, 0};
    }
    for (int k = 0; k < nfiles; k++)
        if (sweep_slurm_keep(files[k].path, files[k].text, force,
                             &files[k].exists, &files[k].replaced))
            goto out;
    snprintf(logs, sizeof logs, "%s/slurm", dir);
    if (sweep_make_dirs(logs)) {
        msg_error("cannot create %s (Slurm needs it for the job logs): %s",
                  logs, strerror(errno));
        goto out;
    }
    for (int k = 0; k < nfiles; k++)
        if (put_script(&files[k]))
            goto out;
    printf("cogov sweep slurm: %s %s: %lld of %lld tasks left, in %lld array"
           " elements of %lld\n", files[0].replaced ? "updated" : "wrote",
           out, (long long)sp.left, (long long)sp.n_runs,
           (long long)sp.elements, (long long)sp.chunk);
    if (sp.run_seconds > 0)
        printf("  runs take %.1f s each (median of %d done runs): an element "
               "about %.1f min, %.2f core hours in all (%d cpus an element)"
               "\n", sp.run_seconds, sp.measured,
               sp.run_seconds * (double)sp.chunk / 60,
               sp.run_seconds * (double)sp.left * o.cpus / 3600, o.cpus);
    else
        printf("  run time not measured yet (no done run): run one with "
               "cogov sweep run %s --task 0 for a core-hour estimate and "
               "--runs-per-task by time\n", dir);
    if (o.collect)
        printf("  submit with sh %s (the array, then a collect job after "
               "it)\n", spath);
    else
        printf("  submit with sbatch %s\n", out);
    rc = 0;
out:
    free(text);
    free(ctext);
    free(stext);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } subs[] = {{"plan", cmd_plan},
                {"run", cmd_run},
                {"status", cmd_status},
                {"collect", cmd_collect},
                {"slurm", cmd_slurm},
                {"analyze", cmd_sweep_analyze}};
    if (argc < 2 || opt_is_help(argv[1])) {
        fputs(usage_sweep, argc < 2 ? stderr : stdout);
        return argc < 2;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(argc - 1, argv + 1);
    return msg_error("sweep: unknown subcommand '%s' (plan, run, status, "
                     "collect, slurm, analyze; see cogov sweep --help)",
                     argv[1]);
}
