# Determinism of the parallel paths at a scale the other tests do not
# reach: communities of several chunks (8192 residents each) and a matter
# pool of many pieces, every mechanism on. The same scenario and seed give
# bitwise identical datasets for 1, 2 and 3 threads.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SET="--set population.residents=40000 --set population.communities=2 --days 100"
for m in triage linkage purchase venture microprojects grid mediation; do
    SET="$SET --set mechanisms.$m.enabled=true"
done
for t in 1 2 3; do
    check "run with $t threads" env OMP_NUM_THREADS=$t "$COGOV" run \
        "$TOP/tests/small.cfg" $SET --seed 5 -o t$t.h5 -q
done
for t in 2 3; do
    for g in /timeseries /communities; do
        check "$g: 1 vs $t threads" h5diff -q t1.h5 t$t.h5 $g $g
    done
done
# the pool was large enough to be shared out (more than one piece of 1024)
check "matters open" "$COGOV" export t1.h5
expect "pool of several pieces" awk -F, '$5 == "matters_open" && $6 > 3000 { ok = 1 } END { exit !ok }' "$WORK/out"
summary
