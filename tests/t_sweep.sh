# Sweeps on this machine: plan (and its refusals), run serially and with
# --jobs, status, a failing task recorded and retried, collect into the
# index, common random numbers, the Slurm script (docs/CLUSTER.md).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"

check "sweep --help" "$COGOV" sweep --help
# each verb has its own --help, the same as cogov help sweep VERB
for v in plan run status collect slurm analyze; do
    check "sweep $v --help" "$COGOV" sweep $v --help
    cp "$WORK/out" h1
    expect "sweep $v --help is its usage" grep -q "^usage: cogov sweep $v" h1
    check "help sweep $v" "$COGOV" help sweep $v
    expect "help sweep $v == sweep $v --help" cmp -s h1 "$WORK/out"
done
check_fails "an unknown option names the verb" "sweep run: unknown option '--bogus'" \
    "$COGOV" sweep run d --bogus
check "calibrate --help" "$COGOV" calibrate --help
check_fails "unknown subcommand" "unknown subcommand 'frob'" "$COGOV" sweep frob
check_fails "plan needs -o" "usage: cogov sweep plan" "$COGOV" sweep plan "$SWEEP"

# plan
check "plan" "$COGOV" sweep plan "$SWEEP" -o d
expect "plan reports 8 runs" grep -q "8 runs (4 points x 2 replicates)" out
expect "index written" test -f d/index.h5 -a -d d/runs
expect "no partial index" test ! -e d/index.h5.partial
h5dump -A d/index.h5 > attrs.txt
for a in cogov_version sweep_name base_scenario sweep_seed n_points \
    n_replicates n_runs created_utc window; do
    expect "index attribute $a" grep -q "ATTRIBUTE \"$a\"" attrs.txt
done
h5ls -r d/index.h5 > list.txt
for d in /sweep_config /base_config /runs/run /runs/point /runs/replicate \
    /runs/seed /runs/file /runs/status /runs/error \
    /params/triage.accuracy /params/mechanisms.triage.enabled; do
    expect "index dataset $d" grep -q "^$d " list.txt
done
h5dump -d /runs/seed d/index.h5 | tr -s ' ,\n' '\n' | grep -E '^[0-9]{5,}$' > seeds.txt
expect "8 seeds" test "$(wc -l < seeds.txt)" -eq 8
expect "replicate r has one seed at every point (common random numbers)" \
    test "$(sort -u seeds.txt | wc -l)" -eq 2
h5dump -d /runs/file d/index.h5 > files.txt
expect "file names relative to DIR" grep -q '"runs/run_000007.h5"' files.txt

# plan again: the same plan is kept, a different one refused
cp d/index.h5 keep.h5
check "same plan again" "$COGOV" sweep plan "$SWEEP" -o d
expect "says nothing to do" grep -q "already holds this plan" out
expect "index untouched" cmp -s d/index.h5 keep.h5
sed "s|^base = .*|base = \"$TOP/tests/small.cfg\";|; s/replicates = 2;/replicates = 3;/" \
    "$SWEEP" > sweep3.cfg
check_fails "different plan refused" "holds a different plan; it is kept" \
    "$COGOV" sweep plan sweep3.cfg -o d
expect "index still untouched" cmp -s d/index.h5 keep.h5
mkdir -p orphan/runs
check_fails "runs without an index refused" "orphan/runs exists but" \
    "$COGOV" sweep plan "$SWEEP" -o orphan
check_fails "bad sweep file: file and line" "bad.cfg:2: unknown key 'replicate'.*did you mean 'replicates'" \
    sh -c "printf 'base = \"$TOP/tests/small.cfg\";\nreplicate = 2;\n' > bad.cfg && \"$COGOV\" sweep plan bad.cfg -o bad"
expect "nothing written for a bad sweep" test ! -e bad

# the shipped studies plan, vary only what their base switches on, and a
# varied key of a mechanism that is off everywhere is warned about
for f in "$TOP"/scenarios/sweeps/*.cfg; do
    b=$(basename "$f" .cfg)
    check "shipped sweep $b plans" "$COGOV" sweep plan "$f" -o "shipped_$b"
    expect "shipped sweep $b: no warning" test ! -s "$WORK/err"
done
printf 'base = "%s/scenarios/baseline.cfg";\nvary = ( { key = "triage.accuracy"; values = [0.6, 0.9]; } );\n' "$TOP" > off.cfg
check "a sweep of a switched-off mechanism still plans" "$COGOV" sweep plan off.cfg -o off
expect "but warns that its points are identical" \
    grep -q "warning: off.cfg: 'triage.accuracy' belongs to a mechanism that is off in every run (mechanisms.triage.enabled = false)" "$WORK/err"

check "status of a new sweep" "$COGOV" sweep status d
expect "8 pending" test "$(count pending d)" = 8

# one task
check "run --task 2" "$COGOV" sweep run d --task 2 -q
expect "only task 2 ran" test "$(ls d/runs)" = "run_000002.h5"
expect "1 done" test "$(count done d)" = 1
check_fails "--task beyond the sweep" "tasks 0 to 7" "$COGOV" sweep run d --task 8
check_fails "--chunk needs --task" "--chunk goes with --task" "$COGOV" sweep run d --chunk 2
check_fails "run without an index" "no sweep index here" "$COGOV" sweep run orphan

# a task that fails is recorded and does not stop the others
mkdir d/runs/run_000005.h5.partial
check_fails "a failing task makes the exit status non-zero" "task 5 failed" \
    "$COGOV" sweep run d --jobs 2 -q
expect "the others ran" test "$(count done d)" = 7
expect "1 failed" test "$(count failed d)" = 1
expect "its error is recorded" grep -q "run_000005.h5.partial" d/runs/run_000005.failed
check "status lists the failure" "$COGOV" sweep status d
expect "status shows the error" grep -q "task 5: h5out" out
check "collect with a failure" "$COGOV" sweep collect d
h5dump -d /runs/status -d /runs/error -d /final/matters_new d/index.h5 > coll.txt
expect "status failed in the index" grep -q '"done", "done", "failed", "done"' coll.txt
expect "error in the index" grep -q 'cannot remove stale' coll.txt
expect "NaN where a run is not done" grep -q 'nan' coll.txt
h5dump -a /window d/index.h5 | grep -q '(0): 90'; expect "index window 90" test $? -eq 0

# a failed task whose .failed marker cannot be written (here a folder in
# the way of its temporary file; a full disk does the same) is still
# reported failed: an empty marker, the status, the exit code
mkdir d/runs/run_000005.failed.tmp
rm -f d/runs/run_000005.failed
check_fails "a failure whose message cannot be written still fails the run" \
    "task 5 failed: .*holds no message" "$COGOV" sweep run d -q
expect "an empty marker stands for it" test -f d/runs/run_000005.failed -a ! -s d/runs/run_000005.failed
check "status with an empty marker" "$COGOV" sweep status d
expect "status calls the task failed, not pending" \
    sh -c 'grep -q "failed *1" out && grep -q "pending *0" out && grep -q "task 5: failed; its message could not be written" out'
rmdir d/runs/run_000005.failed.tmp
check_fails "... and a rerun still fails it, with its message" "task 5 failed" \
    "$COGOV" sweep run d -q
expect "the message is back" grep -q "run_000005.h5.partial" d/runs/run_000005.failed

# retry: rerunning redoes the failed task and skips the done ones
rmdir d/runs/run_000005.h5.partial
check "rerun" "$COGOV" sweep run d --jobs 2
expect "only the failed task ran again" grep -q "1 of 8 tasks to run" out
expect "one complete file per task" complete_runs d 8
check "collect" "$COGOV" sweep collect d --window 30

# the pool (docs/CLUSTER.md, "Running"): --jobs N forks N workers once,
# each runs task after task, and a task's results do not depend on what
# its worker ran before: a sweep mixing mechanisms and sizes, run by one
# worker, equals each of its tasks run alone in a fresh process
cat > mixed.cfg <<CFG
base = "$TOP/scenarios/all.cfg";
seed = 3;
fixed = { time = { days = 30; burn_in_days = 0; }; };
vary = ( { key = "mechanisms.triage.enabled"; values = [false, true]; },
         { key = "mechanisms.grid.enabled"; values = [true, false]; },
         { key = "population.residents"; values = [1500, 700]; } );
CFG
check "plan a mixed sweep" "$COGOV" sweep plan mixed.cfg -o one
check "... and again" "$COGOV" sweep plan mixed.cfg -o alone
# the driver's children, sampled until it ends (a zombie until waited for);
# in the sanitized build LeakSanitizer's check at exit clones a tracer,
# a child of the driver for an instant, so leaks are not checked here
# (the other sweeps of this file check them)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    "$COGOV" sweep run one --jobs 1 -q &
drv=$!
: > procs
while ps -o stat= -p $drv | grep -qv Z; do
    ps -o pid= --ppid $drv >> procs
    sleep 0.01
done
wait $drv
expect "one worker ran them all" test $? = 0
expect "... one process, forked once (seen: $(sort -u procs | tr '\n' ' '))" \
    test "$(sort -u procs | wc -l)" -eq 1
k=0
while [ $k -lt 8 ]; do
    "$COGOV" sweep run alone --task $k -q || fail "task $k alone"
    k=$((k + 1))
done
expect "each task alone gives what the worker gave after the others" \
    same_runs one alone 8

# jobs x threads never exceed the CPUs unless asked (docs/PERFORMANCE.md)
check "plan cpu" "$COGOV" sweep plan "$SWEEP" -o cpu
check "--jobs 2 on one CPU" taskset -c 0 "$COGOV" sweep run cpu --jobs 2 --task 0 --chunk 2
expect "one at a time on one CPU" grep -q "2 of 2 tasks to run, 1 at a time (1 thread each)" out
expect "it says why" grep -q -- "--jobs 2 x 1 thread would exceed the 1 CPU this process may use; running 1 at a time (--oversubscribe runs 2)" out
check "--threads 2 --jobs 1 on one CPU" taskset -c 0 "$COGOV" sweep run cpu --threads 2 --task 1 --chunk 2
expect "an explicit --threads is kept" grep -q "2 of 2 tasks to run, 1 at a time (2 threads each)" out
check "--oversubscribe" taskset -c 0 "$COGOV" sweep run cpu --jobs 2 --oversubscribe --task 2 --chunk 2
expect "--oversubscribe runs 2 at a time" grep -q "2 of 2 tasks to run, 2 at a time (1 thread each)" out
expect "no note with --oversubscribe" sh -c '! grep -q "would exceed" out'
if [ "$(nproc --all)" -ge 2 ]; then
    check "2 CPUs: --jobs 2" taskset -c 0,1 "$COGOV" sweep run cpu --jobs 2 --task 3 --chunk 2
    expect "2 CPUs run 2 jobs of 1 thread" grep -q "2 of 2 tasks to run, 2 at a time (1 thread each)" out
fi
h5dump -d /runs/status -d /final/satisfaction_mean d/index.h5 > coll2.txt
expect "all done in the index" test "$(grep -o '"done"' coll2.txt | wc -l)" -eq 8
expect "no NaN left" sh -c '! grep -q nan coll2.txt'
h5dump -a /final/satisfaction_mean/window d/index.h5 | grep -q '(0): 30'; expect "window attribute" test $? -eq 0
h5ls d/index.h5/final > final.txt
for m in matters_open satisfaction_mean trust_gov_mean participation_rate gov_cost_per_resolved; do
    expect "/final/$m" grep -q "^$m " final.txt
done

# a task held by another process: `sweep run` runs the rest and still
# exits non-zero, so `sweep run && sweep collect` never collects a sweep
# with runs undone (issue 19.5)
sed "s|^base = .*|base = \"$TOP/tests/small.cfg\";|; s/days = 45;/days = 400;/" "$SWEEP" > held.cfg
check "plan a sweep to hold a task of" "$COGOV" sweep plan held.cfg -o held
# the holder and its task process in a process group of their own, frozen
# (SIGSTOP) while the task is mid-run
setsid sh -c 'echo $$ > held.pgid; exec "$1" sweep run held --task 3 -q' sh "$COGOV" &
holder=$!
i=0
while [ ! -e held/runs/run_000003.h5.partial ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
kill -STOP "-$(cat held.pgid)"
check_fails "sweep run exits non-zero while a task is held elsewhere" \
    "1 of 8 tasks are not done \(1 held by another process" \
    "$COGOV" sweep run held -q --jobs 2
expect "exit status 3 (incomplete)" sh -c "\"$COGOV\" sweep run held -q 2>/dev/null; test \$? -eq 3"
expect "the other 7 are done" test "$(count done held)" = 7
kill -CONT "-$(cat held.pgid)"; wait "$holder"
check "once the holder ends, the sweep is complete and run exits 0" "$COGOV" sweep run held -q
expect "8 done" complete_runs held 8

# the same sweep run serially gives the same files, bit for bit
check "plan a serial copy" "$COGOV" sweep plan "$SWEEP" -o serial
check "run serially" "$COGOV" sweep run serial -q
expect "serial and --jobs 2 give identical runs" same_runs d serial 8
# collect reads each run's typed /parameters: a run file of another
# point (triage off where the plan has it on) is refused, naming the key
cp d/runs/run_000000.h5 serial/runs/run_000002.h5
check "collect a sweep holding a foreign run" "$COGOV" sweep collect serial
h5dump -d /runs/status -d /runs/error serial/index.h5 > foreign.txt
expect "the foreign run is failed" grep -q '"done", "done", "failed", "done"' foreign.txt
expect "its error names the key" grep -q 'mechanisms.triage.enabled is 0 where the sweep plans 1' foreign.txt
cp d/runs/run_000002.h5 serial/runs/run_000002.h5
# common random numbers: where two points run the same model (accuracy
# does not matter with triage off) the runs agree; where they differ they
# face the same arrivals but not the same outcome
if h5diff -q d/runs/run_000000.h5 d/runs/run_000004.h5 /timeseries /timeseries >/dev/null 2>&1; then pass
else fail "accuracy changed a run with triage off"; fi
if h5diff -q d/runs/run_000000.h5 d/runs/run_000002.h5 /timeseries /timeseries >/dev/null 2>&1; then
    fail "switching triage on changed nothing"; else pass; fi
if h5diff -q d/runs/run_000000.h5 d/runs/run_000001.h5 /timeseries /timeseries >/dev/null 2>&1; then
    fail "two replicates gave the same run"; else pass; fi
# each run alone is reproducible from its own /config
h5dump -d /config -b -o cfg.bin d/runs/run_000003.h5 >/dev/null 2>&1
tr -d '\000' < cfg.bin > run3.cfg
check "rerun task 3 from its /config with cogov run" "$COGOV" run run3.cfg -o run3.h5 -q
expect "same time series as the sweep's run" \
    h5diff -q run3.h5 d/runs/run_000003.h5 /timeseries /timeseries

# the Slurm script
check "plan a sweep for Slurm" "$COGOV" sweep plan "$SWEEP" -o sl
check "slurm script" "$COGOV" sweep slurm sl --array-max 3 --time 10 --cpus 2
expect "array of 3 elements" grep -q '^#SBATCH --array=0-2$' sl/sweep.sbatch
expect "chunks of 3 tasks" grep -q -- '--task "$SLURM_ARRAY_TASK_ID" --chunk 3$' sl/sweep.sbatch
expect "log directory made" test -d sl/slurm
expect "no estimate before a run is measured" grep -q "run time not measured yet" out
check "same script again" "$COGOV" sweep slurm sl --array-max 3 --time 10 --cpus 2
cp sl/sweep.sbatch keep.sbatch
check_fails "a different script is not overwritten" "sweep.sbatch exists and differs in more than its array" \
    "$COGOV" sweep slurm sl --array-max 4
expect "script untouched" cmp -s sl/sweep.sbatch keep.sbatch
check "--force replaces it" "$COGOV" sweep slurm sl --runs-per-task 2 --force
expect "now 4 elements of 2 tasks" grep -q '^#SBATCH --array=0-3$' sl/sweep.sbatch
check_fails "bad --time" "--time '2 hours'" "$COGOV" sweep slurm sl --time "2 hours" -o x.sbatch
check_fails "--sbatch takes options" "--sbatch 'qos=long': one line" \
    "$COGOV" sweep slurm sl --sbatch qos=long -o x.sbatch
# after a partial run the script is rewritten (no --force needed) with
# only the elements that have tasks left, and estimates the core hours
check "run the first element's tasks" "$COGOV" sweep run sl --task 0 --chunk 2 -q
check "the script again after a partial run" "$COGOV" sweep slurm sl --runs-per-task 2
expect "it says it updated the script" grep -q "updated .*sweep.sbatch: 6 of 8 tasks left, in 3 array elements of 2" out
expect "the array holds only the elements left" grep -q '^#SBATCH --array=1-3$' sl/sweep.sbatch
expect "a core-hour estimate from the measured runs" grep -q "core hours in all" out
check "runs per task from the measured time (about ten minutes an element)" \
    "$COGOV" sweep slurm sl -o auto.sbatch
expect "one element holds every task left" grep -q '^#SBATCH --array=0$' auto.sbatch
check "--sbatch and --collect" "$COGOV" sweep slurm sl --runs-per-task 2 \
    --sbatch "--qos=long" --sbatch "--constraint=cpu" --collect -o c.sbatch
expect "extra #SBATCH lines" sh -c "grep -q '^#SBATCH --qos=long$' c.sbatch && grep -q '^#SBATCH --constraint=cpu$' c.sbatch"
expect "a collect job" grep -q "sweep collect '.*/sl' --csv '.*/sl/runs.csv' --force" sl/collect.sbatch
expect "submit.sh chains it after the array" grep -q 'sbatch --dependency=afterany:"${jid%%;\*}"' sl/submit.sh
expect "submit.sh is executable, collect.sbatch not" sh -c "test -x sl/submit.sh && test ! -x sl/collect.sbatch"
check "the same --collect files again" "$COGOV" sweep slurm sl --runs-per-task 2 \
    --sbatch "--qos=long" --sbatch "--constraint=cpu" --collect -o c.sbatch
cp sl/collect.sbatch keep.collect
cp sl/submit.sh keep.submit
check_fails "other --collect files are not overwritten" "collect.sbatch exists and differs in more than its array" \
    "$COGOV" sweep slurm sl --runs-per-task 2 --sbatch "--qos=short" --collect -o c2.sbatch
expect "collect.sbatch and submit.sh untouched, no new script" \
    sh -c "cmp -s sl/collect.sbatch keep.collect && cmp -s sl/submit.sh keep.submit && test ! -e c2.sbatch"
check "--force replaces them" "$COGOV" sweep slurm sl --runs-per-task 2 \
    --sbatch "--qos=short" --collect -o c2.sbatch --force
expect "the new collect job and submit.sh" \
    sh -c "grep -q '^#SBATCH --qos=short$' sl/collect.sbatch && grep -q 'c2.sbatch' sl/submit.sh && test -x sl/submit.sh"
expect "no partial file left" sh -c "! ls sl/*.partial c2.sbatch.partial 2>/dev/null"
check "sweep slurm --help" "$COGOV" sweep slurm --help
expect "--help lists --runs-per-task" grep -q -- "--runs-per-task=N" out
check "cogov help sweep slurm" "$COGOV" help sweep slurm
check "finish the sweep" "$COGOV" sweep run sl -q --jobs 2
check_fails "nothing left to submit" "every task is done or running elsewhere" \
    "$COGOV" sweep slurm sl -o y.sbatch
summary
