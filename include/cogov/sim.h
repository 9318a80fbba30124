/* The public C interface of cogov: parameters by key and a run stepped
 * one day at a time. A program includes <cogov/sim.h> and links with
 * `pkg-config --cflags --libs cogov` (libcogov.a, installed by `make
 * install`); docs/API.md has an example. Everything else under sim/ is
 * internal and may change.
 *
 * Conventions: functions return 0 on success and -1 on failure, writing
 * one line into err (errlen bytes, COGOV_ERR_MAX is enough; err may be
 * NULL when errlen is 0). Nothing here prints, exits or aborts except on
 * out of memory inside the engine. Ownership is stated at each function:
 * what cogov_run_create and cogov_params_load give is the caller's and
 * is released by the matching _free. A run is used by one thread at a time; the engine
 * itself uses OpenMP threads inside a day (OMP_NUM_THREADS), and the
 * results do not depend on their number. */
#ifndef COGOV_PUBLIC_SIM_H
#define COGOV_PUBLIC_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COGOV_ERR_MAX 1024

/* ---- Parameters by key ------------------------------------------------
 * A parameter set holds a value for every key of the parameter table
 * (`cogov config --defaults` lists them; docs/MODEL.md section 9). */
typedef struct cogov_params cogov_params;

/* The types a key can have. An "enum" key takes one of a fixed set of
 * words and is read and set as a string. */
enum cogov_type {
    COGOV_UNKNOWN = -1, COGOV_INT, COGOV_DOUBLE, COGOV_BOOL, COGOV_STRING
};

/* The defaults, then the scenario file `path` (may be NULL: defaults
 * only) with its base chain, then the nsets assignments "key=value" of
 * sets, checked as `cogov run --set` checks them. Ownership: *p is the
 * caller's (cogov_params_free); sets are only read. */
int cogov_params_load(cogov_params **p, const char *path,
                      const char *const *sets, int nsets, char *err,
                      size_t errlen);
void cogov_params_free(cogov_params *p);

/* The type of key, COGOV_UNKNOWN when there is no such key. */
enum cogov_type cogov_param_type(const cogov_params *p, const char *key);

/* Read key. Fails (with a message naming the key and its type) when the
 * key is unknown or of another type; an int key may be read as a double.
 * cogov_param_get_string copies at most n bytes, NUL included. */
int cogov_param_get_int(const cogov_params *p, const char *key,
                        int64_t *v, char *err, size_t errlen);
int cogov_param_get_double(const cogov_params *p, const char *key,
                           double *v, char *err, size_t errlen);
int cogov_param_get_bool(const cogov_params *p, const char *key, int *v,
                         char *err, size_t errlen);
int cogov_param_get_string(const cogov_params *p, const char *key,
                           char *buf, size_t n, char *err, size_t errlen);

/* Set key, checked against its type and range as a scenario file is; on
 * failure p keeps its value. A double key also takes cogov_param_set_int. */
int cogov_param_set_int(cogov_params *p, const char *key, int64_t v,
                        char *err, size_t errlen);
int cogov_param_set_double(cogov_params *p, const char *key, double v,
                           char *err, size_t errlen);
int cogov_param_set_bool(cogov_params *p, const char *key, int v, char *err,
                         size_t errlen);
int cogov_param_set_string(cogov_params *p, const char *key, const char *v,
                           char *err, size_t errlen);

/* Set one key from text, "key=value" exactly as `cogov run --set` takes
 * it, then check the whole set as a scenario is checked; on failure p
 * keeps every value it had. */
int cogov_params_set(cogov_params *p, const char *assign, char *err,
                     size_t errlen);

/* A copy of p (NULL when out of memory). Ownership: the caller's
 * (cogov_params_free). */
cogov_params *cogov_params_copy(const cogov_params *p);

/* Every key of p as scenario text (libconfig), what `cogov config`
 * prints: a scenario file that gives p again. NULL when out of memory.
 * Ownership: the caller frees it (free). */
char *cogov_params_text(const cogov_params *p);

/* ---- A run ------------------------------------------------------------ */
typedef struct cogov_run cogov_run;

/* Create the world of day 0 for p (validated first: the checks of
 * `cogov run`). With out_path (may be NULL) every day is also written to
 * an HDF5 run file, the same as `cogov run -o out_path` writes: it stays
 * "out_path.partial" until the last day is done, and an existing out_path
 * is refused unless force. scenario names the run in that file (NULL: the
 * key `name`, else "api"). Ownership: *r is the caller's (cogov_run_free);
 * p is copied and may be freed at once. */
int cogov_run_create(cogov_run **r, const cogov_params *p,
                     const char *scenario, const char *out_path, int force,
                     char *err, size_t errlen);

/* Simulate and observe the next day. Returns 1 when a day was done, 0
 * when every day of time.days was already done (then an output file is
 * completed: complete=1 and renamed to out_path), -1 with err. */
int cogov_run_step(cogov_run *r, char *err, size_t errlen);

/* Days simulated so far, and days the run has (time.days). */
int cogov_run_days_done(const cogov_run *r);
int cogov_run_days(const cogov_run *r);

/* Today's value (the last simulated day) of a metric of /timeseries by
 * its name (`cogov info --metrics`), of a channel of resolved_by_channel
 * as "resolved_by_channel/<channel>" (matters the channel resolved that
 * day) or of a scope of the backlog as "open_by_scope/<scope>" (open
 * matters of that scope at the end of the day); the names of channels and
 * scopes are those of the run file's attributes. -1 with err when the
 * name is unknown or no day was simulated yet. */
int cogov_run_metric(const cogov_run *r, const char *name, double *v,
                     char *err, size_t errlen);

/* ---- Changes during a run ---------------------------------------------
 * A change schedule (docs/MODEL.md, "Input"): assignments applied at the
 * start of given days, as a scenario's `changes` list is. */

/* Change key from the next day on: assign is "key=value" as for --set.
 * Refused (nothing changes) before the first day (set the parameters
 * instead), after the last, for a key that only shapes day 0 (population,
 * initial organisations...), the seed, time.days, output.* or name, and
 * for a value the parameter table or the checks of the whole set refuse;
 * err names the key and why. Several changes of one day accumulate. */
int cogov_run_change(cogov_run *r, const char *assign, char *err,
                     size_t errlen);

/* Read the `changes` list of scenario file path into the run's schedule
 * (replacing it), checked as `cogov run` checks it. Only before the
 * first day. Returns the number of days with changes (0: the file has
 * none), or -1 with err (the schedule is then empty). */
int cogov_run_changes_load(cogov_run *r, const char *path, char *err,
                           size_t errlen);

/* The schedule so far: the number of days with changes; for the k-th
 * (0 .. that number - 1, days increasing) its day into *day and its
 * assignments ("key=value", in the order made) into *sets, returning
 * their number, or -1 for another k. The strings belong to r and stay
 * valid until the next change or cogov_run_free. */
int cogov_run_change_days(const cogov_run *r);
int cogov_run_change_day(const cogov_run *r, int k, int *day,
                         const char *const **sets);

/* The schedule so far as scenario text ("changes = ( ... );", "" when
 * empty): appended to cogov_params_text of the run's parameters it makes
 * a scenario file replaying the run. NULL when out of memory. Ownership:
 * the caller frees it. */
char *cogov_run_changes_text(const cogov_run *r);

/* The parameters in force from the next day (those of day 0 with every
 * change scheduled up to now). NULL when out of memory. Ownership: the
 * caller's (cogov_params_free). */
cogov_params *cogov_run_params(const cogov_run *r);

/* ---- The district: residents, buildings, communities ------------------
 * Residents are numbered 0 .. residents-1, buildings 0 .. buildings-1 and
 * communities 0 .. communities-1; the buildings of a community are
 * consecutive, in community order. Available from cogov_run_create on,
 * until the run is freed; a run with an output file gives up its world
 * when the last day completes the file, and these then fail (-1 with
 * err) or return 0. */
int64_t cogov_run_residents(const cogov_run *r);
int64_t cogov_run_buildings(const cogov_run *r);
int64_t cogov_run_communities(const cogov_run *r);

/* The building of each resident into building[0 .. n_res-1] and the
 * community of each building into community[0 .. n_build-1] (either may
 * be NULL). n_res and n_build must be at least the counts above. 0, or
 * -1 with err. The buffers are the caller's. */
int cogov_run_map(const cogov_run *r, uint32_t *building, size_t n_res,
                  uint32_t *community, size_t n_build, char *err,
                  size_t errlen);

/* The state of every resident after the last simulated day (day 0's
 * initial state before the first step) into out[0 .. n-1], n at least
 * cogov_run_residents: "satisfaction", "trust_gov", "trust_com",
 * "efficacy", "grievance" (the values the model holds), "participating"
 * (1 or 0), "volunteer" (1 or 0) or "open_matters" (matters of the
 * resident not yet resolved or abandoned). -1 with err for another name.
 * The buffer is the caller's. */
int cogov_run_state(const cogov_run *r, const char *name, double *out,
                    size_t n, char *err, size_t errlen);

/* ---- One resident, for a class that decides for some ------------------
 * (`cogov serve --class`, docs/TEACHING.md): what a person deciding for
 * resident i sees, and the decisions that replace the model's draws. */
struct cogov_resident {
    uint32_t community;           /* 0 .. communities-1 */
    uint32_t building;            /* 0 .. buildings-1 (of the district) */
    uint32_t neighbours;          /* the resident's ties */
    uint32_t neighbours_taking_part;  /* of them, taking part today */
    int participating, volunteer; /* 1 or 0 */
    double trust_gov, trust_com, satisfaction, efficacy;
};
struct cogov_community {
    uint32_t first_resident, residents;  /* its residents, consecutive */
    uint32_t first_building, buildings;  /* its buildings, consecutive */
    uint32_t participants;        /* residents taking part today */
    uint32_t agenda;              /* items waiting for its committee */
    double fund;                  /* its community fund, yuan */
};
/* A matter of a resident not yet resolved or abandoned. domain and scope
 * are names of the run file's attributes (static strings). */
struct cogov_matter {
    const char *domain, *scope;
    double severity;
    int age;                      /* days since it arose */
    int reported;                 /* 0 while the resident holds it back */
};
/* Resident i, community c: 0, or -1 with err for an index out of range
 * (or no world: see above). */
int cogov_run_resident(const cogov_run *r, int64_t i,
                       struct cogov_resident *out, char *err,
                       size_t errlen);
int cogov_run_community(const cogov_run *r, int64_t c,
                        struct cogov_community *out, char *err,
                        size_t errlen);
/* Residents present at the last meeting of building b (taking part and
 * not voting no; 0 before the first meeting, and in a district without
 * building meetings: mechanisms.triage); -1 for b out of range. */
int64_t cogov_run_building_participants(const cogov_run *r, int64_t b);
/* The first max matters of resident i, oldest slot first, into out:
 * their number, or -1 with err. */
int cogov_run_matters(const cogov_run *r, int64_t i, struct cogov_matter *out,
                      int max, char *err, size_t errlen);

/* A person's decisions for a resident, taken by the model at its decision
 * points (reporting a matter, volunteering, attending the meeting, its
 * vote, the micro-project domain) in place of its own draws; -1 leaves a
 * decision to the model. report, volunteer, attend, vote: 1 yes, 0 no;
 * project: the index of a domain (the run file's domain names) but
 * admin. */
struct cogov_choice {
    int8_t report, volunteer, attend, vote, project;
};
/* Let the run read choice[0 .. n-1], one per resident (n at least
 * cogov_run_residents), from the next day on; NULL: the model decides
 * for everyone again. The array stays the caller's: it must outlive the
 * run or be detached, and may be changed between steps. 0, or -1 with
 * err. */
int cogov_run_set_choices(cogov_run *r, const struct cogov_choice *choice,
                          size_t n, char *err, size_t errlen);

/* Write a checkpoint of the state after the last simulated day to path
 * (replaced only once the new one is whole). Needs a run with out_path;
 * `cogov run --restart path` continues it bitwise as if never stopped. */
int cogov_run_checkpoint(cogov_run *r, const char *path, char *err,
                         size_t errlen);

/* Where the run's time went, for benchmarks: *names and *seconds point
 * to n entries (n is returned), the parts of a day in the model's order
 * (capacity, generate, ..., participate), then observe, write (HDF5
 * output), init (cogov_run_create) and close (completing the file).
 * Seconds accumulate from creation; the arrays belong to r. */
int cogov_run_timing(const cogov_run *r, const char *const **names,
                     const double **seconds);

/* Slots of the matter pool after the last simulated day (open matters
 * and free slots): the size of what a day scans, for benchmarks. */
int64_t cogov_run_pool_slots(const cogov_run *r);

/* Release r. An output whose days are not all done is removed (the
 * ".partial" file too): only a finished run leaves a file. r may be NULL. */
void cogov_run_free(cogov_run *r);

#ifdef __cplusplus
}
#endif

#endif
