# Reuse of burned-in states (engine/burnin.h): a run that starts from the
# burned-in state of an earlier run with the same status quo and seed
# (--burn-in-cache DIR, or in memory within `cogov patterns`) gives
# bitwise the datasets of a run that burns in itself, for several
# scenarios and 1 or 2 threads; the key holds what can shape the status
# quo and nothing else; a damaged, truncated or misnamed entry is refused,
# burned in again and replaced.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
export OMP_WAIT_POLICY=passive
SC="$TOP/scenarios"
SET="--set population.residents=3000 --set population.communities=3
 --set time.burn_in_days=200 --set output.snapshot_every=20 --days 40"
run() { "$COGOV" run "$@" $SET --force; }
same() {   # same DESCRIPTION A B: every dataset of the trajectory is equal
    for g in /timeseries /communities /snapshots; do
        check "$1: $g" h5diff "$2" "$3" $g $g
    done
}
entries() { find "$1" -name '*.h5' | wc -l; }

# scenarios with different mechanisms, sharing a status quo or not:
# baseline, triage, station, party (all.cfg: purchase.cfg's mechanisms)
# and migrants_activities are base.cfg with mechanisms on (activities and
# migration allocate state of their own at day 0); influx has its own
# population
for s in baseline triage station party migrants_activities influx; do
    check "$s: burns in itself" env OMP_NUM_THREADS=1 \
        "$COGOV" run "$SC/$s.cfg" $SET -o $s-self.h5 -q
    check "$s: cold cache, 1 thread" env OMP_NUM_THREADS=1 \
        "$COGOV" run "$SC/$s.cfg" $SET -o $s-cold.h5 --burn-in-cache bc
    check "$s: warm cache, 2 threads" env OMP_NUM_THREADS=2 \
        "$COGOV" run "$SC/$s.cfg" $SET -o $s-warm.h5 --burn-in-cache bc
    expect "$s: the second run reused the burn-in" \
        grep -q "burn-in reused from bc" "$WORK/out"
    same "$s: cold cache" $s-self.h5 $s-cold.h5
    same "$s: warm cache" $s-self.h5 $s-warm.h5
done
expect "one entry per status quo (2)" test "$(entries bc)" -eq 2

# the key: names, the run's length, mechanisms and the keys they own do
# not matter; any other key, the seed and the burn-in's length do
mkdir key && cd key
check "first" "$COGOV" run "$SC/baseline.cfg" $SET -o a.h5 --burn-in-cache bc
check "other days and name" "$COGOV" run "$SC/baseline.cfg" $SET \
    --days 30 --set name=other -o b.h5 --burn-in-cache bc
expect "passive keys reuse" grep -q "reused" "$WORK/out"
check "a mechanism on" "$COGOV" run "$SC/baseline.cfg" $SET \
    --set mechanisms.linkage.enabled=true -o c.h5 --burn-in-cache bc
expect "mechanisms reuse" grep -q "reused" "$WORK/out"
for k in seed=9 time.burn_in_days=150 volunteer.join_rate=0.01 \
    grid.residents_per_worker=300; do
    check "$k" "$COGOV" run "$SC/baseline.cfg" $SET --set $k -o d.h5 \
        --burn-in-cache bc --force
    expect "$k: burned in again" grep -q "simulated, kept in" "$WORK/out"
done
expect "one entry per status quo (5)" test "$(entries bc)" -eq 5
# keys owned by a mechanism (off in every status quo) are not in the key
# (tests/test_burnin_owners.c checks every such row)
for k in party.threshold_factor=0.4 triage.admin_reduction=0; do
    check "$k" "$COGOV" run "$SC/baseline.cfg" $SET --set $k -o d.h5 \
        --burn-in-cache bc --force
    expect "$k: owned by a mechanism, reused" grep -q "reused" "$WORK/out"
done
expect "still one entry per status quo (5)" test "$(entries bc)" -eq 5
cd ..

# a damaged entry is refused, burned in again and replaced
mkdir bad && cd bad
check "keep" run "$SC/baseline.cfg" -o ref.h5 --burn-in-cache bc -q
f=$(find bc -name '*.h5')
n=$(stat -c %s "$f")
cp "$f" good
for how in flip truncate empty; do
    cp good "$f"
    case $how in
    flip)   # bytes inside the saved state
        for at in 3 4 5 6 7; do
            head -c 64 /dev/zero | tr '\0' '\377' |
                dd of="$f" bs=1 seek=$((n * at / 10)) conv=notrunc \
                    2>/dev/null
        done ;;
    truncate) truncate -s $((n / 2)) "$f" ;;
    empty) : > "$f" ;;
    esac
    check_fails "$how: refused" "refused, burning in again" sh -c \
        "'$COGOV' run '$SC/baseline.cfg' $(echo $SET) -o $how.h5 --force \
         --burn-in-cache bc && false"
    check "$how: burned in again" run "$SC/baseline.cfg" -o $how.h5 \
        --burn-in-cache bc
    same "$how: results" ref.h5 $how.h5
    check "$how: the entry was replaced" run "$SC/baseline.cfg" \
        -o $how-again.h5 --burn-in-cache bc
    expect "$how: and is reused" grep -q "reused from" "$WORK/out"
done
# an entry of another status quo under this one's name
check "another" run "$SC/baseline.cfg" --set seed=5 -o other.h5 \
    --burn-in-cache bc2 -q
cp bc2/*.h5 "$f"
check_fails "misnamed entry refused" "another status quo" sh -c \
    "'$COGOV' run '$SC/baseline.cfg' $(echo $SET) -o mis.h5 --force \
     --burn-in-cache bc && false"
check "misnamed: burned in again" run "$SC/baseline.cfg" -o mis.h5 \
    --burn-in-cache bc
same "misnamed: results" ref.h5 mis.h5
cd ..

# bad options
: > notadir
check_fails "a file is not a cache folder" "not a folder" \
    "$COGOV" run "$SC/baseline.cfg" $SET -o x.h5 --burn-in-cache notadir
check_fails "nor a folder that cannot be made" "cannot create" \
    "$COGOV" run "$SC/baseline.cfg" $SET -o x.h5 --burn-in-cache notadir/sub
expect "nothing written" test ! -e x.h5

# patterns: arms share burn-ins in memory, results bitwise as without
P="--scenarios $SC --only P2a,P3a --scale 0.03 --replicates 3 --days 40
 --set time.burn_in_days=150"
check "patterns, reuse" env OMP_NUM_THREADS=2 "$COGOV" patterns $P \
    --csv reuse.csv
cp "$WORK/err" reuse.err
expect "patterns reused burn-ins" grep -Eq "burn-ins: [0-9]+ simulated, [1-9][0-9]* reused" reuse.err
check "patterns, no reuse" env OMP_NUM_THREADS=2 "$COGOV" patterns $P \
    --csv plain.csv --no-burn-in-reuse
expect "patterns: the same values" cmp -s reuse.csv plain.csv

# sweeps: tasks share burn-ins through the folder (points that differ
# only in a mechanism switch, and a second run of the plan), results as
# without
. "$TOP/tests/sweep_lib.sh"
check "sweep plan" "$COGOV" sweep plan "$SWEEP" -o s1
cp -r s1 s2
check "sweep run, cache" "$COGOV" sweep run s1 --burn-in-cache sbc -q
check "sweep run, no cache" "$COGOV" sweep run s2 -q
expect "sweep: the same runs" same_runs s1 s2 8
expect "sweep: fewer burn-ins than runs" test "$(entries sbc)" -lt 8
summary
