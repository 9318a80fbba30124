# The machinery of `make bench` on tiny cases (the benchmark itself is a
# measurement, not a test): cogov-bench prints every figure and its parts
# add up to its wall time; bench/run.sh takes the medians and shares and
# compares thread counts; bad arguments fail clearly.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
B="$TOP/bin/tests/cogov-bench"
SMALL="$TOP/tests/small.cfg"

check "a timed run" "$B" "$SMALL" -o one.h5 --threads 2 --set time.days=40
cp "$WORK/out" one.txt
expect "the run's file is complete" sh -c 'h5dump -a /complete one.h5 | grep -q "(0): 1"'
for k in residents days threads wall cpu startup capacity generate intake \
    selfhelp match work deliberate fund outcomes escalate influence \
    participate observe write init close slots_mean peak_rss; do
    expect "figure $k printed" grep -Eq "(^| )$k=[0-9.]+( |$)" one.txt
done
expect "the run's own size and threads" grep -q "^residents=3000 days=40 threads=2 " one.txt
# parts are timed back to back inside the run: together they are most of
# the wall time and never more (parsing and freeing are outside them)
expect "parts add up to the wall time" awk '{
    for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
    n = split("init capacity generate intake selfhelp match work deliberate fund outcomes escalate influence participate observe write close", p, " ")
    for (i = 1; i <= n; i++) s += v[p[i]]
    exit !(s <= v["wall"] * 1.001 + 0.001 && s >= 0.5 * v["wall"] && v["peak_rss"] > 1e6) }' one.txt

# CPU seconds of all threads (getrusage, which also counts the loading
# before the clock starts, hence the slack): more than nothing, at most
# what two threads could spend in the wall time
expect "CPU seconds of the run's threads" awk '{
    for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
    exit !(v["cpu"] > 0 && v["cpu"] <= 2 * v["wall"] + 0.05) }' one.txt
check "a timed run on one thread" "$B" "$SMALL" -o one1.h5 --threads 1 --set time.days=40
expect "one thread spends at most the wall time" awk '{
    for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }
    exit !(v["cpu"] > 0 && v["cpu"] <= v["wall"] + 0.05) }' "$WORK/out"

check_fails "no output file" "usage: cogov-bench" "$B" "$SMALL"
check_fails "bad thread count" '--threads: 0 is out of range' "$B" "$SMALL" -o x.h5 --threads 0
check_fails "bad key" "no_such_key" "$B" "$SMALL" -o x.h5 --set no_such_key=1
expect "nothing written after a failure" test ! -e x.h5

check "bench/run.sh on a tiny case" env BENCH="$B" \
    COGOV_STREAM="$TOP/bin/tests/cogov-stream" sh "$TOP/bench/run.sh" \
    --reps 3 --sizes "2000 3000" --threads "1 2" --days 30 --no-stream \
    --config "$SMALL" --busy-sizes 2000 --ratio-sizes "2000 4000" \
    --ratio-resident-days 400000
cp "$WORK/out" table.txt
expect "busy machine rows: one process spinning" grep -q "^busy machine: one process spinning" table.txt
expect "busy machine row: 1 and 2 threads and their ratio" \
    grep -Eq '^ +2000 +[0-9.]+ +[0-9.]+ +[0-9.]+$' table.txt
expect "one row per size and thread count" test "$(grep -Ec '^ +(2000|3000) +[12] ' table.txt)" -eq 4
expect "busy threads: at most the thread count" awk '
    $1 ~ /^(2000|3000)$/ && NF == 9 && ($2 == 1 || $2 == 2) {
        rows++; if (!($9 > 0 && $9 <= $2 + 0.6)) bad++ }
    END { exit !(rows == 4 && !bad) }' table.txt
expect "one thread is the speed-up reference" test "$(grep -Ec '^ +(2000|3000) +1 .* 1\.00 ' table.txt)" -eq 2
expect "phase shares printed" grep -q "^influence " table.txt
expect "cost of a resident-day by size, the first size the reference" \
    grep -Eq '^ +2000 +200/600 +[0-9.]+ +1\.00$' table.txt
expect "cost of a resident-day at the second size, and its ratio" \
    grep -Eq '^ +4000 +100/300 +[0-9.]+ +[0-9.]+$' table.txt
if [ "$(nproc)" -gt 1 ]; then
    expect "the cost of a parallel region before the runs" grep -Eq \
        '^before: parallel region of 2 threads: [0-9.]+ us' table.txt
fi
expect "no stream table when asked" sh -c '! grep -q "bandwidth" table.txt'
expect "thread counts gave the same datasets" sh -c '! grep -q WARNING table.txt'
if [ "$(nproc)" -gt 1 ] && command -v taskset >/dev/null 2>&1; then
    expect "each CPU's speed before and after the runs" test "$(grep -Ec \
        '^(before|after): the model alone on each CPU .*: cpu[0-9]+ [0-9.]+ s cpu[0-9]+ [0-9.]+ s' \
        table.txt)" -eq 2
    expect "1-thread runs pinned to the fastest CPU" grep -Eq \
        '^1-thread runs of the table pinned to cpu[0-9]+, the fastest' table.txt
fi
check_fails "run.sh rejects an unknown option" "unknown argument" \
    sh "$TOP/bench/run.sh" --fast

# the core-to-core latency that make bench prints before and after its
# runs (a figure in ns, or why there is none on a machine of one CPU)
S="$TOP/bin/tests/cogov-stream"
check "core-to-core latency" "$S" --core-to-core
expect "a latency in ns, or why not" grep -Eq \
    '^core-to-core latency: ([0-9]+ ns one way|needs 2 CPUs)' "$WORK/out"
# the floor of phase 11's walk: a row for each case (residents of a
# community, communities), with the defaults' 8 ties a resident, ns a tie
# without and with the prefetch, ns a resident at the better of the two
check "the bare walk over the ties" "$S" --walk
expect "five cases, 8 ties a resident, ns a tie each way and a resident" awk '
    $1 ~ /^(5000|50000|500000)$/ && NF == 6 {
        rows++; best = $4 < $5 ? $4 : $5
        if (!($3 == 8 * $1 * $2 && $4 > 0 && $5 > 0 &&
              $6 > 7.5 * best && $6 < 8.5 * best)) bad++ }
    END { exit !(rows == 5 && !bad) }' "$WORK/out"
# what a parallel region of 2 threads costs under the policy in force
check "the cost of a parallel region" env OMP_WAIT_POLICY=passive "$S" --regions
expect "three costs in us, and the policy" grep -Eq \
    '^(parallel region of 2 threads: [0-9.]+ us back to back, [0-9.]+ us with a barrier, [0-9.]+ us after 100 us of one thread alone \(OMP_WAIT_POLICY=passive\)|parallel regions: need 2 CPUs)$' "$WORK/out"
check_fails "cogov-stream rejects an unknown option" "usage: cogov-stream" \
    "$S" --fast
summary
