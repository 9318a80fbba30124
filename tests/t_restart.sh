# Checkpoint and restart: a run continued from a checkpoint gives bitwise
# the datasets of a run never stopped (every mechanism on, cycles
# shortened so that tenders, evaluations, grants, votes, projects,
# vacancies and insolvencies all happen around the checkpoints; several
# thread counts); the saved state itself matches at a later checkpoint;
# forks record their provenance and refuse what cannot change.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"
# threads that wait passively: the machine is shared, and spinning
# threads slow a loaded machine down without changing any result
export OMP_WAIT_POLICY=passive
DAYS=120
SET="--set population.residents=3000 --set population.communities=4
 --set output.snapshot_every=40 --set output.flush_every=7
 --set purchase.cycle_days=60 --set purchase.eval_every_days=15
 --set purchase.renew_min_score=0.9 --set paid.buy_rate=0.5
 --set purchase.budget_change_day=70 --set purchase.budget_change_factor=0.5
 --set venture.day=30 --set microprojects.day=100 --set microprojects.lag_days=5
 --set microprojects.duration_days=10 --set socorg.insolvency_days=20
 --set socialwork.hire_days=10 --set socialwork.turnover=0.01
 --set volunteer.join_rate=0.01 --set socorg.formation_rate=2
 --set activities.per_year=100 --set activities.first_attend=0.05
 --set activities.tie_days=30 --set activities.max_ties=3
 --set migration.turnover=0.1 --set migration.associations=true
 --set association.form_rate=0.5 --set association.join_rate=0.3"
for m in triage linkage purchase venture microprojects grid mediation \
    activities party station rules migration; do
    SET="$SET --set mechanisms.$m.enabled=true"
done
run() { OMP_NUM_THREADS=1 "$COGOV" run "$SMALL" $SET -q "$@"; }
same() {   # same DESCRIPTION A B: every dataset of the trajectory is equal
    for g in /timeseries /communities /snapshots; do
        check "$1: $g" h5diff "$2" "$3" $g $g
    done
}

# the reference, and the same run writing a checkpoint every 50 days
check "uninterrupted run" run --days $DAYS -o full.h5
check "run with checkpoints" run --days $DAYS -o ck.h5 --checkpoint-every 50
same "checkpointing changes nothing" full.h5 ck.h5
expect "checkpoint file named OUTPUT.ckpt" test -f ck.h5.ckpt
expect "no temporary checkpoint left" test ! -e ck.h5.ckpt.partial
h5dump -a /complete ck.h5.ckpt | grep -q "(0): 0"
expect "a checkpoint is not a complete output" test $? -eq 0

# restart after N days, with 1, 2 or 3 threads
t=1
for d in 20 50 95 110; do
    mkdir -p d$d && cd d$d
    check "stop after $d days (checkpoint)" run --days $d -o part.h5 --checkpoint-every $d
    check "restart from day $d with $t threads" env OMP_NUM_THREADS=$t \
        "$COGOV" run --restart part.h5.ckpt --days $DAYS -o rest.h5 -q
    same "restart at $d" ../full.h5 rest.h5
    cd ..
    t=$((t % 3 + 1))
done

# give_up 1: every overdue matter is given up on its first overdue day;
# its freed slot keeps a finite clock, which a restart reads and checks
mkdir -p giveup && cd giveup
GU="--set give_up=1 --set patience=5"
check "uninterrupted, give_up 1" run $GU --days 80 -o full.h5
check "stop after 50 days, give_up 1" run $GU --days 50 -o part.h5 \
    --checkpoint-every 50
check "restart with give_up 1" env OMP_NUM_THREADS=2 "$COGOV" run \
    --restart part.h5.ckpt --days 80 -o rest.h5 -q
same "restart at 50, give_up 1" full.h5 rest.h5
cd ..

# community buffers (world_community_buffers, scratch of phase 11)
# forced on, before the checkpoint and after the restart
mkdir -p buf && cd buf
check "stop after 50 days, community buffers on" env \
    COGOV_COMMUNITY_BUFFERS=on OMP_NUM_THREADS=2 "$COGOV" run "$SMALL" $SET \
    -q --days 50 -o part.h5 --checkpoint-every 50
check "restart with community buffers on" env COGOV_COMMUNITY_BUFFERS=on \
    OMP_NUM_THREADS=2 "$COGOV" run --restart part.h5.ckpt --days $DAYS \
    -o rest.h5 -q
same "restart at 50, community buffers on" ../full.h5 rest.h5
cd ..

# the state itself: a restarted run's checkpoint equals the uninterrupted
# run's, field by field (dataset names and values under /restart)
mkdir -p state && cd state
check "checkpoint at 50" run --days 50 -o a.h5 --checkpoint-every 50
check "restart to 100 with a checkpoint" env OMP_NUM_THREADS=2 \
    "$COGOV" run --restart a.h5.ckpt --days 100 -o b.h5 -q --checkpoint-every 100
check "reference checkpoint at 100" run --days 100 -o c.h5 --checkpoint-every 100
for g in world residents communities matters orgs contracts workers projects \
    queues free_slots ages rate_total rate_cum params; do
    check "saved state after 100 days, $g: restarted == uninterrupted" \
        h5diff b.h5.ckpt c.h5.ckpt /restart/$g /restart/$g
done
# a chain of restarts: 50 -> 100 -> 120
check "restart a restarted run's checkpoint" env OMP_NUM_THREADS=3 \
    "$COGOV" run --restart b.h5.ckpt --days $DAYS -o chain.h5 -q
same "chain of two restarts" ../full.h5 chain.h5
h5dump -a provenance chain.h5 > prov.txt 2>&1
expect "provenance lists both restarts" test "$(grep -o 'restarted from' prov.txt | wc -l)" -eq 2
cd ..

# the last checkpoint of a run (after 100 days) also restarts to the end
mv ck.h5 ck-done.h5
check "restart from the last periodic checkpoint" "$COGOV" run --restart ck.h5.ckpt -q
same "restart of the periodic checkpoint" full.h5 ck.h5

# forks: a what-if from a saved state
mkdir -p fork && cd fork
check "burn in 60 days" run --days 60 -o burn.h5 --checkpoint-every 60
check "plain continuation" "$COGOV" run --restart burn.h5.ckpt --days 120 -o plain.h5 -q
check "fork: triage off" "$COGOV" run --restart burn.h5.ckpt --days 120 -o off.h5 -q \
    --set mechanisms.triage.enabled=false --set mediation.mediators_per_10k=50 \
    --checkpoint-every 120
h5dump -a restart_overrides off.h5 > ov.txt
expect "overrides recorded" grep -q 'mechanisms.triage.enabled=false; mediation.mediators_per_10k=50' ov.txt
h5dump -a restart_days_done off.h5 | grep -q '"60"'
expect "parent day recorded" test $? -eq 0
h5dump -a restart_checkpoint off.h5 | grep -q 'burn.h5.ckpt'
expect "parent checkpoint recorded" test $? -eq 0
h5dump -d /config off.h5 | grep -q 'enabled = false'
expect "/config is the fork's configuration" test $? -eq 0
h5ls off.h5/timeseries/day | grep -q '{120/Inf}'
expect "the fork's output holds all 120 days" test $? -eq 0
"$COGOV" export plain.h5 --csv plain.csv && "$COGOV" export off.h5 --csv off.csv
awk -F, '$4 < 60' plain.csv | cut -d, -f4- > p1; awk -F, '$4 < 60' off.csv | cut -d, -f4- > o1
expect "days before the fork are the parent's" cmp -s p1 o1
awk -F, '$4 >= 60' plain.csv | cut -d, -f4- > p2; awk -F, '$4 >= 60' off.csv | cut -d, -f4- > o2
expect "the fork changes the days after it" sh -c '! cmp -s p2 o2'
# mediators are derived from mediators_per_10k: a fork recomputes them
h5dump -d /restart/communities/mediators burn.h5.ckpt | grep -q '(0): 1,'
expect "burn-in: 1 mediator per community" test $? -eq 0
h5dump -d /restart/communities/mediators off.h5.ckpt | grep -Eq '\(0\): [2-9]'
expect "fork: mediators recomputed" test $? -eq 0
check "fork with a new seed" "$COGOV" run --restart burn.h5.ckpt --days 120 --seed 7 -o s7.h5 -q
# grown ties (7.18) are state whether or not activities are on now
check "fork: activities off, checkpointed" "$COGOV" run --restart burn.h5.ckpt \
    --days 120 -o act_off.h5 -q --set mechanisms.activities.enabled=false \
    --checkpoint-every 90
check "restart of a state with grown ties, activities off" "$COGOV" run \
    --restart act_off.h5.ckpt --days 120 -o act_off2.h5 -q
same "grown ties restored with activities off" act_off.h5 act_off2.h5
check "burn in 60 days without activities" run --days 60 -o noact.h5 \
    --checkpoint-every 60 --set mechanisms.activities.enabled=false
check "fork: activities on from a state without grown ties" "$COGOV" run \
    --restart noact.h5.ckpt --days 120 -o act_on.h5 -q \
    --set mechanisms.activities.enabled=true
h5dump -d /timeseries/ties_per_resident act_on.h5 | grep -q '(1[01][0-9]): .*[0-9]\.[0-9]*[1-9]'
expect "the fork grows ties" test $? -eq 0
h5dump -a seed s7.h5 | grep -q '(0): 7'
expect "seed of the fork recorded" test $? -eq 0
check_fails "population keys cannot change" \
    "burn.h5.ckpt.*population.residents only shapes the initial state" \
    "$COGOV" run --restart burn.h5.ckpt --days 120 --set population.residents=9000 -o x.h5
check_fails "the burn-in is not run again (time.burn_in_days)" \
    "burn.h5.ckpt.*time.burn_in_days only shapes the initial state" \
    "$COGOV" run --restart burn.h5.ckpt --days 120 --set time.burn_in_days=10 -o x.h5
check_fails "days must go beyond the checkpoint" "time.days = 60.*above 60" \
    "$COGOV" run --restart burn.h5.ckpt -o x.h5
check_fails "a checkpoint takes no scenario" "give no scenario" \
    "$COGOV" run "$SMALL" --restart burn.h5.ckpt -o x.h5
check_fails "default output of a restart is the parent's: refused" "burn.h5 exists.*--force" \
    "$COGOV" run --restart burn.h5.ckpt --days 90
check_fails "an output is not a checkpoint" "plain.h5.*not a cogov checkpoint" \
    "$COGOV" run --restart plain.h5 --days 200 -o x.h5
expect "no output after refused restarts" test ! -e x.h5 -a ! -e x.h5.partial
cp burn.h5.ckpt keep.ckpt
check_fails "a checkpoint of another run is not overwritten" "keep.ckpt exists.*--force" \
    "$COGOV" run "$SMALL" --days 10 -o y.h5 --checkpoint-every 5 --checkpoint keep.ckpt
expect "it is untouched" cmp -s keep.ckpt burn.h5.ckpt

# damaged checkpoints: an unreadable one says so; single flipped bits
# anywhere in the file are refused, or restart to exactly the result of
# the intact one (a flip in unused bytes); never a crash or another result
cp burn.h5.ckpt locked.ckpt && chmod 000 locked.ckpt
if [ "$(id -u)" != 0 ]; then
    check_fails "an unreadable checkpoint: Permission denied" \
        "locked.ckpt: cannot read it: Permission denied" \
        "$COGOV" run --restart locked.ckpt --days 90 -o x.h5
elif su nobody -s /bin/sh -c true 2>/dev/null; then   # root reads anything
    check_fails "an unreadable checkpoint: Permission denied" \
        "locked.ckpt: cannot read it: Permission denied" \
        su nobody -s /bin/sh -c "'$COGOV' run --restart '$PWD/locked.ckpt' --days 90 -o /tmp/x.h5"
fi
chmod 600 locked.ckpt
check "the intact checkpoint restarts" \
    "$COGOV" run --restart burn.h5.ckpt --days 70 -o intact.h5 -q
size=$(wc -c < burn.h5.ckpt)
flips=30 refused=0 same_out=0 other=0 crashed=0 x=12345
for k in $(seq $flips); do
    x=$(( (x * 1103515245 + 12345) % 2147483648 ))
    at=$(( x % size )) bit=$(( 1 << (x / 65536 % 8) ))
    cp burn.h5.ckpt flip.ckpt
    byte=$(od -An -tu1 -j $at -N1 flip.ckpt | tr -d ' ')
    printf "$(printf '\\%03o' $(( byte ^ bit )))" |
        dd of=flip.ckpt bs=1 seek=$at conv=notrunc 2>/dev/null
    rm -f flip.h5
    "$COGOV" run --restart flip.ckpt --days 70 -o flip.h5 -q 2>flip.err
    rc=$?
    if [ $rc -ge 128 ]; then crashed=$((crashed + 1)); echo "flip at $at: crash ($rc)" >&2
    elif [ $rc -ne 0 ]; then refused=$((refused + 1))
    elif h5diff -q intact.h5 flip.h5 /timeseries /timeseries >/dev/null 2>&1 &&
         h5diff -q intact.h5 flip.h5 /communities /communities >/dev/null 2>&1 &&
         h5diff -q intact.h5 flip.h5 /snapshots /snapshots >/dev/null 2>&1; then
        same_out=$((same_out + 1))
    else other=$((other + 1)); echo "flip at $at (bit $bit): another result" >&2
    fi
done
echo "t_restart: $flips bit flips: $refused refused, $same_out the same result, $other another result, $crashed crashed"
expect "no flipped bit crashes a restart" test $crashed -eq 0
expect "no flipped bit gives another result" test $other -eq 0
cd ..
summary
