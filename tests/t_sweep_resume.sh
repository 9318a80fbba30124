# Resume: a sweep killed with kill -9 on its whole process group at a
# random moment, then run again to the end, has exactly one complete file
# per task, bitwise identical to an uninterrupted sweep; the same after a
# SIGTERM to the driver alone (which stops its tasks and leaves .partial
# files, not failures).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"

# 2 points x 4 replicates (~0.1 s each here); the pauses below scale with
# the measured task time, so the kill falls while tasks are running
cat > resume.cfg <<CFG
base = "$TOP/tests/small.cfg";
seed = 5;
replicates = 4;
fixed = { population = { residents = 4000; communities = 2; }; time = { days = 120; }; };
vary = ( { key = "linkage.platform_days"; values = [1, 5]; },
         { key = "mechanisms.linkage.enabled"; values = [true]; } );
CFG
N=8
check "plan the reference" "$COGOV" sweep plan resume.cfg -o ref
check "uninterrupted sweep" "$COGOV" sweep run ref --jobs 2 -q
expect "reference complete" complete_runs ref $N

# start DIR [JOBS]: `sweep run DIR --jobs JOBS` (2 unless given) in a
# session (process group) of its own; DIR.pgid, DIR.pid and, when it
# ends, DIR.rc
start() {
    setsid sh -c 'echo $$ > "$1.pgid"; "$2" sweep run "$1" --jobs "$3" -q & echo $! > "$1.pid"; wait $!; echo $? > "$1.rc"' \
        sh "$1" "$COGOV" "${2:-2}" >"$1.log" 2>&1 &
}

# wait_first DIR: until the first task is complete (at most 60 s); sets
# FIRST_MS to the milliseconds that took (about one task's run time)
wait_first() {
    t0=$(date +%s%N)
    i=0
    while ! ls "$1"/runs/run_*.h5 >/dev/null 2>&1; do
        i=$((i + 1)); [ $i -lt 1200 ] || return 1
        sleep 0.01
    done
    FIRST_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# launch DIR [JOBS]: plan DIR, start its sweep, wait for its first
# complete task
launch() {
    check "plan $1" "$COGOV" sweep plan resume.cfg -o "$1"
    start "$1" "${2:-2}"
    expect "$1: a first task completes" wait_first "$1"
}

# resume_ok DIR: run DIR to the end; one complete file per task, each
# identical to the uninterrupted sweep's
resume_ok() {
    check "$1: resume" "$COGOV" sweep run "$1" --jobs 2 -q
    expect "$1: exactly one complete file per task" complete_runs "$1" $N
    expect "$1: identical to the uninterrupted sweep" same_runs ref "$1" $N
}

# random_delay: a random pause shorter than a quarter of what the first
# task took (under load the first task's time may include a slow start,
# so a whole one could outlast the sweep).
random_delay() {
    span=$(( FIRST_MS > 4 ? FIRST_MS / 4 : 1 ))
    ms=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % span ))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# freeze DIR: stop the whole job (SIGSTOP) at a moment when tasks remain;
# if it ended first (a machine under load can be that uneven), the test
# could prove nothing: fail loudly rather than pass
freeze() {
    kill -STOP "-$(cat "$1.pgid")" 2>/dev/null
    left=$(( N - $(ls "$1"/runs | grep -c '^run_[0-9]*\.h5$') ))
    [ ! -e "$1.rc" ] && [ "$left" -gt 0 ]
}

# launch_frozen DIR: launch DIR's sweep, let it run a random while, and
# freeze it (the whole job stopped) with tasks left. On a loaded machine
# the whole sweep may end first (a test that proved nothing): then it is
# planned and launched again, up to five times, and only then fails.
launch_frozen() {
    try=1
    while :; do
        launch "$1"
        d=$(random_delay)
        sleep "$d"
        if freeze "$1"; then pass; return; fi
        kill -9 "-$(cat "$1.pgid")" 2>/dev/null
        wait
        if [ $try -ge 5 ]; then
            fail "$1: frozen before the end (the sweep ended first, 5 times)"
            return
        fi
        echo "$1: the sweep ended before the freeze (try $try); again"
        rm -rf "$1" "$1.pgid" "$1.pid" "$1.rc" "$1.log"
        try=$((try + 1))
    done
}

# 1. kill -9 on the whole job
launch_frozen killed
pg=$(cat killed.pgid)
kill -9 "-$pg"
wait
sleep 0.2
# zombies of the group may wait for init to reap them; none may be alive
alive=$(ps -eo pgid=,stat= | awk -v g="$pg" '$1 == g && $2 !~ /^Z/')
if [ -n "$alive" ]; then fail "processes survived kill -9"; else pass; fi
done_at_kill=$(ls killed/runs | grep -c '^run_[0-9]*\.h5$')
partial_at_kill=$(ls killed/runs | grep -c '\.partial$')
echo "killed after first file + ${d}s: $done_at_kill complete, $partial_at_kill partial"
expect "the kill came before the end (else the test proves nothing)" test "$done_at_kill" -lt $N
expect "no file is complete that should not be" sh -c \
    "for f in killed/runs/run_*.h5; do h5dump -a /complete \$f | grep -q '(0): 1' || exit 1; done"
check "status after the kill" "$COGOV" sweep status killed
expect "status counts every task" test "$(($(count pending killed) + $(count done killed) + $(count running killed) + $(count failed killed)))" -eq $N
expect "a killed task is pending, not running (its lock died with it)" test "$(count running killed)" -eq 0
resume_ok killed

# 2. SIGTERM to the driver: it stops its tasks, exits 143, leaves no
# failure; resuming finishes the sweep
launch_frozen stopped
kill -TERM "$(cat stopped.pid)"
kill -CONT "-$(cat stopped.pgid)"
wait
expect "exit status 128+15" test "$(cat stopped.rc)" = 143
expect "a stopped task is not a failure" sh -c '! ls stopped/runs | grep -q failed'
expect "stopped before the end" test "$(count done stopped)" -lt $N
resume_ok stopped

# 3. one task's process dies (kill -9 of that worker only): the task is
# recorded as failed with the signal, the other tasks go on. With --jobs
# 1 the killed worker was the only one: the pool forks a fresh worker for
# the tasks after it (docs/CLUSTER.md, "Running").
# crash DIR JOBS: freeze the whole job so the victim cannot finish between
# being found and being killed; kill a worker that is mid-task, then let
# the job go on. Between tasks there may be none: thaw and try again.
crash() {
    launch "$1" "$2"
    pg=$(cat "$1.pgid")
    victim=""
    i=0
    while [ -z "$victim" ] && [ $i -lt 500 ] && [ ! -e "$1.rc" ]; do
        kill -STOP "-$pg" 2>/dev/null
        victim=""
        for c in $(ps -o pid=,stat= --ppid "$(cat "$1.pid")" | awk '$2 ~ /^T/ { print $1 }'); do
            # mid-task: it holds its task's file open and that file is
            # not published yet. A task that has published its file is
            # done, whatever kills it now, even while it still holds the
            # file open: the open file shows as its first name,
            # run_N.h5.partial.PID (deleted), both before and after the
            # publication, so the published name is checked as well.
            f=$(ls -l "/proc/$c/fd" 2>/dev/null |
                sed -n 's|.*/\(run_[0-9]*\.h5\)\.partial.*|\1|p' | head -n 1)
            if [ -n "$f" ] && [ ! -e "$1/runs/$f" ]; then
                victim=$c; break; fi
        done
        [ -n "$victim" ] && kill -9 "$victim"
        kill -CONT "-$pg" 2>/dev/null
        [ -n "$victim" ] || sleep 0.005
        i=$((i + 1))
    done
    expect "$1: a running task process was found and killed" test -n "$victim"
    wait
    expect "$1: the sweep went on and exits 1 (a task failed)" test "$(cat "$1.rc")" = 1
    expect "$1: exactly one task failed" test "$(count failed "$1")" -eq 1
    expect "$1: every other task is done" test "$(count done "$1")" -eq $((N - 1))
    expect "$1: the failure names the signal" sh -c "cat $1/runs/*.failed | grep -q 'killed by signal 9'"
    resume_ok "$1"
}
crash crash 2
crash crash1 1

# 3b. a process killed between creating its task's file under its own
# temporary name and linking it as .partial (a few system calls) leaves
# run_N.h5.partial.PID behind: the next `sweep run` removes it (the task
# is not locked, so no live process owns it) and leaves other names be.
check "plan litter" "$COGOV" sweep plan resume.cfg -o litter
: > litter/runs/run_000002.h5.partial.99999
: > litter/runs/run_000002.h5.partial.mine
check "litter: run" "$COGOV" sweep run litter --jobs 2 -q
expect "litter: the killed process's temporary name is gone" \
    test ! -e litter/runs/run_000002.h5.partial.99999
expect "litter: a name that is not one is kept" \
    test -e litter/runs/run_000002.h5.partial.mine
rm -f litter/runs/run_000002.h5.partial.mine
expect "litter: exactly one complete file per task" complete_runs litter $N

# 4. kill -9 of the driver alone (issue 19.5): its task processes die with
# it (they stop at the end of their day, leaving .partial files) instead
# of running on, orphaned, holding their locks; a resume reruns what they
# left and ends complete. Longer tasks here, so that a task that went on
# would visibly finish.
sed 's/days = 120;/days = 1500;/; s/replicates = 4;/replicates = 2;/' resume.cfg > orphan.cfg
check "plan orphaned" "$COGOV" sweep plan orphan.cfg -o orphaned
start orphaned
expect "orphaned: tasks started" sh -c 'i=0; until ls orphaned/runs | grep -q partial; do i=$((i + 1)); [ $i -lt 3000 ] || exit 1; sleep 0.01; done'
pg=$(cat orphaned.pgid)
kill -STOP "-$pg"
before=$(ls orphaned/runs | grep -c '^run_[0-9]*\.h5$')
kill -9 "$(cat orphaned.pid)"
kill -CONT "-$pg"
wait
# the children stop at the end of their current day; allow 20 s
i=0
while [ $i -lt 200 ] && ps -eo pgid=,stat=,args= | awk -v g="$pg" \
        '$1 == g && $2 !~ /^Z/ && /sweep run/' | grep -q .; do
    sleep 0.1; i=$((i + 1))
done
alive=$(ps -eo pgid=,stat=,args= | awk -v g="$pg" '$1 == g && $2 !~ /^Z/ && /sweep run/')
if [ -n "$alive" ]; then fail "task processes outlived their driver: $alive"; else pass; fi
after=$(ls orphaned/runs | grep -c '^run_[0-9]*\.h5$')
expect "the orphaned tasks stopped rather than ran on ($before complete at the kill, $after after)" test "$after" -eq "$before"
expect "no task is left running" test "$(count running orphaned)" -eq 0
expect "no task was recorded as failed" sh -c '! ls orphaned/runs | grep -q failed'
check "orphaned: resume" "$COGOV" sweep run orphaned --jobs 2 -q
expect "orphaned: exactly one complete file per task" complete_runs orphaned 4
summary
