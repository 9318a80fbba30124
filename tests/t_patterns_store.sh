# `cogov patterns --store DIR` (docs/CALIBRATION.md, "How the study is
# run"): every finished run is kept in DIR, a study stopped part-way (by
# SIGTERM as at the end of a session or a Slurm time limit, by kill -9)
# resumes where it stopped with bitwise the same table and CSV as an
# uninterrupted study; unreadable, truncated, corrupted files and files of
# another key or model identity are refused by name, run again and
# replaced; a store written by another model identity is not used.
# COGOV_TEST_MODEL_ID (read by sim/study/patterns_store.c for tests only)
# stands in for a build of other model sources.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
S="$TOP/scenarios"
# P2a and P3a: baseline, triage and linkage, and four ablated arms, of
# which baseline with triage.admin_reduction=0 shares baseline's runs
# (triage is off: its runs cannot differ); 3 seeds: 18 runs of 2 000
# residents (about 6 s on a loaded machine)
A="--scenarios $S --scale 0.02 --replicates 3 --only P2a,P3a"
N=18
stored() { ls "$1" 2>/dev/null | grep -c '\.h5$'; }
same_output() {   # same_output NAME TXT CSV: bitwise the reference's
    expect "$1: the same table" cmp -s ref.txt "$2"
    expect "$1: the same CSV" cmp -s ref.csv "$3"
}
model=$("$COGOV" --version | sed -n 's/.* model \([0-9a-f]*\)$/\1/p')

check "the uninterrupted study, no store" "$COGOV" patterns $A --csv ref.csv -q
cp "$WORK/out" ref.txt

check "the study with a store" "$COGOV" patterns $A --store st --csv full.csv -q
cp "$WORK/out" full.txt
expect "every run kept ($(stored st) files)" test "$(stored st)" -eq $N
expect "summary line: none read, all kept" grep -q \
    "^store st: 0 runs read from it, $N run and kept in it, 0 files refused, 0 runs not kept\$" \
    "$WORK/err"
same_output "with a store" full.txt full.csv
expect "no partial file left" sh -c '! ls st | grep -q partial'

check "again, from the store" "$COGOV" patterns $A --store st --csv again.csv -q
cp "$WORK/out" again.txt
expect "summary line: all read, none run" grep -q \
    "^store st: $N runs read from it, 0 run and kept in it, 0 files refused" \
    "$WORK/err"
same_output "from the store" again.txt again.csv

# stopped part-way, twice: SIGTERM once three runs are kept, then kill -9
# three runs later; one replicate at a time so that the study is
# mid-way when the signal comes
run_until() {   # run_until SIGNAL COUNT: start the study, signal it then
    "$COGOV" patterns $A --store st2 --threads 1 --csv part.csv -q \
        > part.txt 2> part.err &
    pid=$!
    t=0
    while [ "$(stored st2)" -lt "$2" ] && kill -0 $pid 2>/dev/null &&
        [ $t -lt 600 ]; do
        sleep 0.1
        t=$((t + 1))
    done
    kill -"$1" $pid 2>/dev/null
    wait $pid
    echo $?
}
rc=$(run_until TERM 3)
n1=$(stored st2)
expect "SIGTERM stopped the study (exit $rc) with $n1 of $N runs kept" \
    test "$rc" -ne 0 -a "$n1" -ge 3 -a "$n1" -lt $N
expect "no CSV that looks complete" test ! -e part.csv
rc=$(run_until KILL $((n1 + 3)))
n2=$(stored st2)
expect "kill -9 stopped the resumed study (exit $rc) with $n2 of $N runs kept" \
    test "$rc" -ne 0 -a "$n2" -gt "$n1" -a "$n2" -lt $N
expect "no CSV that looks complete" test ! -e part.csv
check "resumed to the end" "$COGOV" patterns $A --store st2 --csv resumed.csv -q
cp "$WORK/out" resumed.txt
expect "the resumed study read the $n2 kept runs and ran the others" grep -q \
    "^store st2: $n2 runs read from it, $((N - n2)) run and kept in it, 0 files refused" \
    "$WORK/err"
same_output "stopped twice and resumed" resumed.txt resumed.csv
expect "its store is the uninterrupted one, file for file" \
    diff -r st st2

# bad files: refused by name, run again, replaced (the same run gives
# the same bytes: st2 holds the good files)
f1=$(ls st/baseline-seed1-*.h5)
f2=$(ls st/triage-seed1-*.h5)
f3=$(ls st/baseline-seed2-*.h5)
f4=$(ls st/linkage-seed3-*.h5)
f5=$(ls st/triage-seed2-*.h5)
size=$(wc -c < "$f1")
# 16 bytes of 0xff in the middle of the series' chunks
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of="$f1" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
truncate -s $(($(wc -c < "$f2") / 2)) "$f2"
cp "$(ls st/triage-seed3-*.h5)" "$f3"                     # another run's key
COGOV_TEST_MODEL_ID=0123456789abcdef "$COGOV" patterns --scenarios "$S" \
    --scale 0.02 --replicates 3 --only P3a --no-ablation --store other -q \
    > /dev/null 2>&1
cp "$(ls other/linkage-seed3-*.h5)" "$f4"                 # another model's
echo "not a store file" > "$f5"
check "a study over bad files" "$COGOV" patterns $A --store st --csv bad.csv -q
cp "$WORK/err" bad.err
same_output "over bad files" "$WORK/out" bad.csv
expect "corrupted values: refused by their checksum" grep -q \
    "^cogov: patterns store: $f1: its values do not read back (.*Fletcher32.*); refused, running it again\$" bad.err
expect "truncated: refused" grep -q \
    "^cogov: patterns store: $f2: not a readable HDF5 file (.*truncated.*); refused" bad.err
expect "another run's file: refused" grep -q \
    "^cogov: patterns store: $f3: written for another run (its key differs" bad.err
expect "another model's file: refused, naming both" grep -q \
    "^cogov: patterns store: $f4: written by model 0123456789abcdef; this is model $model; refused" bad.err
expect "not HDF5: refused" grep -q \
    "^cogov: patterns store: $f5: not a readable HDF5 file" bad.err
expect "one line for each bad file ($(grep -c refused, bad.err))" \
    test "$(grep -c 'refused, running it again$' bad.err)" -eq 5
expect "summary line: 5 refused and run again" grep -q \
    "^store st: $((N - 5)) runs read from it, 5 run and kept in it, 5 files refused" bad.err
for f in "$f1" "$f2" "$f3" "$f4" "$f5"; do
    expect "$(basename "$f") replaced by the good file" \
        cmp -s "$f" "st2/$(basename "$f")"
done

# a store of another model identity is not used: none of its runs read
check "another model identity over the store" env \
    COGOV_TEST_MODEL_ID=0123456789abcdef "$COGOV" patterns $A --store st \
    --csv other.csv -q
expect "summary line: nothing read" grep -q \
    "^store st: 0 runs read from it, $N run and kept in it, 0 files refused" \
    "$WORK/err"
same_output "another model identity" "$WORK/out" other.csv
expect "its runs are files of their own ($(stored st))" \
    test "$(stored st)" -eq $((2 * N))

check_fails "--store on a file" "--store ref.csv: not a folder" \
    "$COGOV" patterns $A --store ref.csv
check_fails "--store without a value" "--store needs a value" \
    "$COGOV" patterns --store
echo "stopped at $n1 and $n2 of $N runs"
summary
