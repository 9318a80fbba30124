# Files a run writes are its own (docs/RELIABILITY.md, "Output files"):
# two runs racing for one -o never publish each other's file; a stale
# NAME.partial left by a kill is replaced, a live one is refused by name;
# output, checkpoint and input never alias one another (not even with
# --force); a missing checkpoint folder is refused before the run; a
# scenario name never becomes a path outside the working folder.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS=1
wait_for() {   # wait_for FILE: until it exists (at most 20 s)
    i=0
    while [ ! -e "$1" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
}
attr() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p'; }

# --- two writers of one -o -------------------------------------------
LONG="--set population.residents=20000 --days 3000"
"$COGOV" run "$SMALL" $LONG --seed 7 -o race.h5 -q 2>a.err &
a=$!
wait_for race.h5.partial
check_fails "a second writer of race.h5 is refused while the first runs" \
    "race.h5 is being written by another running process" \
    "$COGOV" run "$SMALL" --days 5 --seed 8 -o race.h5 --force -q
expect "the second writer left the first one's partial alone" \
    test -e race.h5.partial
kill -TERM $a
wait $a
expect "the first writer stopped, leaving its partial (complete=0)" \
    test "$(attr race.h5.partial /complete)" = 0
# the partial of a killed run holds no lock: the next run replaces it
check "a stale partial is replaced" \
    "$COGOV" run "$SMALL" --days 5 --seed 9 -o race.h5 -q
expect "the published file is the run's own (seed 9)" \
    test "$(attr race.h5 /seed)" = 9
expect "no partial left" test ! -e race.h5.partial

# many runs started at once for one new name: exactly one publishes, each
# other one fails with a clear message, and the file is whole
for i in 1 2 3 4; do
    "$COGOV" run "$SMALL" --days 20 --seed $i -o many.h5 -q 2>many$i.err &
done
wait
expect "of four racing runs, one file, complete" \
    test "$(attr many.h5 /complete)" = 1
n_err=$(cat many1.err many2.err many3.err many4.err | grep -c .)
expect "every other run said why ($n_err lines)" test "$n_err" -eq 3
expect "no partial left by the race" test ! -e many.h5.partial

# --- aliasing of output, checkpoint and inputs --------------------------
cp "$SMALL" s.cfg
sed -i "s#\.\./scenarios/#$TOP/scenarios/#" s.cfg
cp s.cfg s.orig
check_fails "-o the scenario itself, even with --force" \
    "output s.cfg and the scenario s.cfg are the same file" \
    "$COGOV" run s.cfg -o s.cfg --force
check_fails "-o a symbolic link to the scenario" \
    "are the same file" \
    sh -c "ln -sf s.cfg link.h5 && '$COGOV' run s.cfg -o link.h5 --force"
check_fails "--checkpoint the output's partial" \
    "output's partial o.h5.partial and the checkpoint o.h5.partial" \
    "$COGOV" run s.cfg -o o.h5 --checkpoint-every 5 --checkpoint o.h5.partial
check_fails "--checkpoint the scenario" \
    "checkpoint s.cfg and the scenario s.cfg are the same file" \
    "$COGOV" run s.cfg -o o.h5 --checkpoint-every 5 --checkpoint s.cfg --force
expect "the scenario is untouched" cmp -s s.cfg s.orig
check "a run with a checkpoint" \
    "$COGOV" run s.cfg --days 10 -o r.h5 --checkpoint-every 5 -q
check_fails "-o the restart file" \
    "output r.h5.ckpt and the restart file r.h5.ckpt are the same file" \
    "$COGOV" run --restart r.h5.ckpt --days 20 -o r.h5.ckpt --force
check_fails "a missing checkpoint folder is refused before the run" \
    "--checkpoint nodir/x.ckpt: folder nodir: No such file or directory" \
    "$COGOV" run s.cfg -o m.h5 --checkpoint-every 5 --checkpoint nodir/x.ckpt
expect "and no output was started" test ! -e m.h5.partial -a ! -e m.h5

# --- a stale checkpoint partial ---------------------------------------
echo "left by a kill" > st.h5.ckpt.partial
check "a run checkpointing over a stale CKPT.partial" \
    "$COGOV" run s.cfg --days 10 -o st.h5 --checkpoint-every 5 -q
expect "the stale checkpoint partial is gone" test ! -e st.h5.ckpt.partial
expect "the checkpoint was written" test -s st.h5.ckpt

# --- a scenario read once: from a pipe, /dev/stdin, a FIFO --------------
printf 'population = { residents = 500; communities = 2; };\n' > tiny.cfg
check "a scenario on /dev/stdin" \
    sh -c "'$COGOV' run /dev/stdin --days 3 -o stdin.h5 -q < tiny.cfg"
expect "its output is complete" test "$(attr stdin.h5 /complete)" = 1
mkfifo fifo.cfg
(cat tiny.cfg > fifo.cfg &)
check "a scenario from a FIFO (read once, no hang)" \
    timeout 20 "$COGOV" run fifo.cfg --days 3 -o fifo.h5 -q

# --- final files of the readers and studies (io/afile.h) ---------------
# cogov patterns --csv stands for them all (export, report, plot, sweep
# collect/analyze, calibrate, the demo's GIF, the sweep index): its CSV
# is open while the runs go on (a 30-day burn-in: these are tests of the
# file, and the sanitizer build burns the default 1095 days slowly)
P="--scenarios $TOP/scenarios --only P1 --no-ablation -q --set time.burn_in_days=30"
"$COGOV" patterns $P --scale 0.2 --replicates 50 --days 3000 \
    --csv pat.csv 2>pa.err &
a=$!
wait_for pat.csv.partial
check_fails "a second writer of pat.csv is refused while the first runs" \
    "pat.csv is being written by another running process" \
    "$COGOV" patterns $P --scale 0.02 --replicates 2 --days 60 \
    --csv pat.csv --force
kill -KILL $a
wait $a 2>/dev/null
expect "killed mid-write: no pat.csv, only its stale partial" \
    test ! -e pat.csv -a -e pat.csv.partial
check "the next writer replaces the stale partial" \
    "$COGOV" patterns $P --scale 0.02 --replicates 2 --days 60 --csv pat.csv
expect "pat.csv is whole (a header and 2 rows a metric), no partial" \
    sh -c 'test ! -e pat.csv.partial && test "$(head -n 1 pat.csv)" = \
        "pattern,metric,window_from,window_to,replicate,seed,a,b,ablation" \
        && test $(($(wc -l < pat.csv) % 2)) = 1'
cp pat.csv pat.before
check_fails "an existing pat.csv is not replaced without --force" \
    "pat.csv exists; use --force" \
    "$COGOV" patterns $P --scale 0.02 --replicates 3 --days 60 --csv pat.csv
expect "and it is unchanged, with no partial" \
    sh -c 'cmp -s pat.csv pat.before && test ! -e pat.csv.partial'
check "--force replaces it" "$COGOV" patterns $P --scale 0.02 \
    --replicates 3 --days 60 --csv pat.csv --force
expect "with the new study's rows" sh -c '! cmp -s pat.csv pat.before'
"$COGOV" run "$SMALL" --days 5 -o rep.h5 -q
echo keep > rep.md
check_fails "cogov report -o: an existing file is not replaced" \
    "rep.md exists; use --force" "$COGOV" report rep.h5 -o rep.md
expect "and it is unchanged" test "$(cat rep.md)" = keep
check "cogov report -o --force replaces it" \
    "$COGOV" report rep.h5 -o rep.md --force
expect "with the report, no partial" \
    sh -c 'test "$(cat rep.md)" != keep && test ! -e rep.md.partial'

# --- names never become paths ------------------------------------------
mkdir -p deep/er && cd deep/er
grep -v '^name' ../../s.cfg > n.cfg
echo 'name = "../../escaped";' >> n.cfg
check "a scenario named ../../escaped runs" "$COGOV" run n.cfg --days 3 -q
expect "its default output stays here, named safely" \
    test -e ______escaped-s1.h5 -a ! -e ../../escaped-s1.h5
printf 'name = "x\\nforged line";\n' >> n2.cfg
grep -v '^name' ../../s.cfg >> n2.cfg
check_fails "a name with a control character is refused by name" \
    "name: control character \(byte 0x0a\)" "$COGOV" run n2.cfg --days 3
cd ../..

summary
