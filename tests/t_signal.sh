# Stops, kills and full disks lose nothing and never leave a file that
# looks finished but is not: SIGTERM/SIGINT stop a run within a second
# and leave only NAME.partial (complete=0) with whole days; kill -9 at
# random moments never leaves a final-named output or checkpoint that is
# not whole, and the last checkpoint always restarts to the uninterrupted
# result; a write error (file-size limit, full file system) is one clear
# error and leaves no output.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS=1
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
attr() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p'; }
rows() { h5ls "$1/timeseries/$2" 2>/dev/null | sed -n 's/.*{\([0-9]*\)\/Inf}.*/\1/p'; }
wait_for() {   # wait_for FILE: until it exists (at most 20 s)
    i=0
    while [ ! -e "$1" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
}

# --- SIGTERM and SIGINT during a large run ----------------------------
BIG="--set population.residents=200000 --set population.communities=20 --days 5000 --set output.flush_every=7"
for sig in TERM INT; do
    "$COGOV" run "$SMALL" $BIG -o $sig.h5 2>$sig.err &
    pid=$!
    wait_for $sig.h5.partial
    sleep 0.6
    t0=$(now_ms)
    kill -$sig $pid
    wait $pid
    rc=$?
    ms=$(( $(now_ms) - t0 ))
    echo "SIG$sig: stopped in $ms ms (status $rc)"
    if [ $sig = TERM ]; then want=143; else want=130; fi
    expect "SIG$sig: exit status $want (got $rc)" test $rc -eq $want
    expect "SIG$sig: stopped within a second (took $ms ms)" test $ms -lt 1000
    expect "SIG$sig: no final-named file" test ! -e $sig.h5
    expect "SIG$sig: the .partial stays" test -f $sig.h5.partial
    expect "SIG$sig: one line naming the partial file" \
        sh -c "test \$(wc -l < $sig.err) -eq 1 && grep -q 'stopped by signal.*$sig.h5.partial (complete=0)' $sig.err"
    expect "SIG$sig: complete=0" test "$(attr $sig.h5.partial /complete)" = 0
    n=$(rows $sig.h5.partial day)
    expect "SIG$sig: the days done were flushed ($n)" test "${n:-0}" -ge 1
    expect "SIG$sig: every series has the same days" \
        test "$(rows $sig.h5.partial matters_open)" = "$n" -a "$(rows $sig.h5.partial gov_spending)" = "$n"
    last=$(h5dump -d /timeseries/day -s $((n - 1)) -c 1 $sig.h5.partial 2>/dev/null | sed -n 's/^ *(\([0-9]*\)): \([0-9]*\).*/\2/p')
    expect "SIG$sig: rows are whole days 0..$((n - 1)) (last $last)" test "$last" = $((n - 1))
done

# stop_after SECONDS CMD...: start CMD, SIGTERM it after SECONDS; sets
# rc (its status) and ms (from the signal to its end)
stop_after() {
    delay=$1; shift
    "$@" &
    pid=$!
    sleep "$delay"
    t0=$(now_ms)
    kill -TERM $pid
    wait $pid
    rc=$?
    ms=$(( $(now_ms) - t0 ))
}

# a stop while a large population is still being drawn: nothing written
stop_after 0.15 "$COGOV" run "$SMALL" --set population.residents=6000000 \
    --set population.communities=50 -o init.h5 2>init.err
expect "stop during initialisation: status 143 (got $rc)" test $rc -eq 143
expect "stop during initialisation: within a second (took $ms ms)" test $ms -lt 1000
expect "stop during initialisation: no file at all" test ! -e init.h5 -a ! -e init.h5.partial

# a stop while a sweep task draws a large population: the task's child
# ends at once (before, it finished drawing first), the sweep stops
# within a second, the task is not failed and reruns on resume
cat > bigsweep.cfg <<EOF
name = "big";
base = "$SMALL";
replicates = 1;
fixed = { population = { residents = 6000000; communities = 50; }; };
vary = ( { key = "give_up"; values = [0.02]; } );
EOF
check "plan a sweep of one large task" "$COGOV" sweep plan bigsweep.cfg -o bigsweep
stop_after 0.3 "$COGOV" sweep run bigsweep -q >bigsweep.out 2>bigsweep.err
echo "sweep stopped while drawing: $ms ms (status $rc)"
expect "sweep stop while drawing: status 143 (got $rc)" test $rc -eq 143
expect "sweep stop while drawing: within a second (took $ms ms)" test $ms -lt 1000
expect "sweep stop while drawing: the task is not failed" test ! -e bigsweep/runs/run_000000.failed
"$COGOV" sweep status bigsweep >bigstatus.out 2>&1
expect "sweep stop while drawing: the task is pending" grep -q "pending *1" bigstatus.out
rm -rf bigsweep

# a stop while checkpoints of a large world are written (one a day): the
# checkpoint in progress is abandoned between slabs of its arrays, the
# run stops within a second, the last whole checkpoint stays
"$COGOV" run "$SMALL" --set population.residents=1000000 --set population.communities=20 \
    --days 30 -o ck.h5 --checkpoint-every 1 -q 2>ck.err &
pid=$!
wait_for ck.h5.ckpt
sleep 0.3
t0=$(now_ms)
kill -TERM $pid
wait $pid
rc=$?
ms=$(( $(now_ms) - t0 ))
echo "stop while checkpointing: $ms ms (status $rc)"
expect "stop while checkpointing: status 143 (got $rc)" test $rc -eq 143
expect "stop while checkpointing: within a second (took $ms ms)" test $ms -lt 1000
expect "stop while checkpointing: no CKPT.partial left" test ! -e ck.h5.ckpt.partial
check "stop while checkpointing: the last checkpoint is a readable checkpoint" h5dump -a /restart/state_fnv1a ck.h5.ckpt
rm -f ck.h5.ckpt ck.h5.partial

# --- kill -9 at random moments ----------------------------------------
SET="--set population.residents=10000 --set population.communities=5 --days 200
 --set mechanisms.triage.enabled=true --set mechanisms.linkage.enabled=true
 --set mechanisms.purchase.enabled=true --set output.flush_every=3
 --set output.snapshot_every=50"
check "reference run" "$COGOV" run "$SMALL" $SET -o ref.h5 -q
t0=$(now_ms)
check "timed run with checkpoints" "$COGOV" run "$SMALL" $SET -o timed.h5 -q --checkpoint-every 30
span=$(( $(now_ms) - t0 ))
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "kill -9 test: run takes $span ms; random seed $seed"
delays=$(awk -v s=$seed -v t=$span 'BEGIN { srand(s); for (i = 0; i < 5; i++) printf "%d ", rand() * t * 1.1 }')
k=0
for d in $delays; do
    k=$((k + 1))
    mkdir -p kill$k && cd kill$k
    "$COGOV" run "$SMALL" $SET -o k.h5 -q --checkpoint-every 30 2>/dev/null &
    pid=$!
    sleep "$(awk -v d=$d 'BEGIN { printf "%.3f", d / 1000 }')"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    what="kill -9 after $d ms"
    if [ -e k.h5 ]; then   # it had finished: then it must be whole
        expect "$what: a final-named output is complete" test "$(attr k.h5 /complete)" = 1
        check "$what: ... and equals the reference" h5diff ../ref.h5 k.h5 /timeseries /timeseries
    else
        pass
    fi
    if [ -e k.h5.ckpt ]; then   # the last checkpoint restarts to the end
        mv k.h5.ckpt last.ckpt
        check "$what: the checkpoint restarts" "$COGOV" run --restart last.ckpt -o r.h5 -q
        for g in /timeseries /communities /snapshots; do
            check "$what: restart == uninterrupted ($g)" h5diff ../ref.h5 r.h5 $g $g
        done
    else
        pass
    fi
    cd ..
done

# --- the memory limit is the real one: ulimit -v counts ----------------
avail_kb=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)
if [ "${avail_kb:-0}" -gt 1000000 ]; then
    check_fails "a run beyond ulimit -v is refused up front, naming it" \
        "needs about [0-9.]+ GiB but this machine has 0\.[0-9]+ GiB left under the address-space limit \(ulimit -v\)" \
        sh -c "ulimit -v 300000; '$COGOV' run '$SMALL' --set population.residents=5000000 -o ulimit.h5"
    expect "and nothing written" test ! -e ulimit.h5 -a ! -e ulimit.h5.partial
fi

# --- write errors: a file-size limit, a full file system ---------------
# (cogov ignores SIGXFSZ itself, so the limit shows as a write error)
(ulimit -f 200; "$COGOV" run "$SMALL" --set output.snapshot_every=5 -o fsize.h5 -q) 2>fsize.err
rc=$?
expect "file-size limit: exit status 1 (got $rc)" test $rc -eq 1
expect "file-size limit: one line saying why" \
    sh -c 'test $(wc -l < fsize.err) -eq 1 && grep -q "^cogov: .*File too large.*fsize.h5.partial was removed" fsize.err'
expect "file-size limit: no output left" test ! -e fsize.h5 -a ! -e fsize.h5.partial
if [ "$(id -u)" = 0 ] && mkdir -p full && mount -t tmpfs -o size=600k tmpfs full 2>/dev/null; then
    "$COGOV" run "$SMALL" --set output.snapshot_every=5 -o full/out.h5 -q 2>nospc.err
    rc=$?
    expect "full disk: exit status 1 (got $rc)" test $rc -eq 1
    expect "full disk: one line saying why" \
        sh -c 'test $(wc -l < nospc.err) -eq 1 && grep -q "^cogov: .*No space left on device" nospc.err'
    expect "full disk: no output left" test ! -e full/out.h5 -a ! -e full/out.h5.partial
    # a checkpoint that no longer fits: the run fails, the previous one stays
    rm -rf full/*
    "$COGOV" run "$SMALL" --days 60 -o ck.h5 -q --checkpoint-every 20 --checkpoint full/k.ckpt \
        --set output.snapshot_every=20 2>ckfull.err
    rc=$?
    expect "full disk at a checkpoint: exit status 1 (got $rc)" test $rc -eq 1
    expect "full disk at a checkpoint: one line naming it" \
        sh -c 'test $(wc -l < ckfull.err) -eq 1 && grep -q "^cogov: checkpoint full/k.ckpt: .*No space left on device" ckfull.err'
    expect "full disk at a checkpoint: no temporary file left" test ! -e full/k.ckpt.partial
    if [ -e full/k.ckpt ]; then
        check "the earlier checkpoint still restarts" "$COGOV" run --restart full/k.ckpt -o again.h5 -q
    else
        fail "no earlier checkpoint survived (the first did not fit: tmpfs too small)"
    fi
    umount full
else
    echo "t_signal: cannot mount a small tmpfs here; full-disk cases skipped"
fi
summary
