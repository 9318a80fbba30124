# The command line and the configuration: strict and kind errors, --set,
# base inheritance, defaults that round-trip.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"

check "--help" "$COGOV" --help
check "--version" "$COGOV" --version
check "run --help" "$COGOV" run --help
check "help run" "$COGOV" help run
expect "help run is run --help" grep -q "^usage: cogov run SCENARIO" "$WORK/out"
# every command has its own --help (from its option table), the same as
# cogov help CMD
for c in run config plot report export info check demo; do
    check "$c --help" "$COGOV" $c --help
    cp "$WORK/out" h1
    expect "$c --help is a usage" grep -q "^usage: cogov $c" h1
    expect "$c --help lists -h" grep -q -- "-h, --help" h1
    check "help $c" "$COGOV" help $c
    expect "help $c == $c --help" cmp -s h1 "$WORK/out"
done
check_fails "help of nothing known" "unknown command 'frob'" "$COGOV" help frob
check_fails "no command" "usage: cogov" "$COGOV"
check_fails "unknown command" "unknown command 'frobnicate'" "$COGOV" frobnicate

# unknown key with a suggestion, naming file and line
printf 'base = "%s";\npopulation = {\n  migrant_shar = 0.3;\n};\n' "$SMALL" > typo.cfg
check_fails "misspelled key" "typo.cfg:3.*population.migrant_shar.*did you mean 'population.migrant_share'" \
    "$COGOV" run typo.cfg -o x.h5
expect "no output after a bad key" test ! -e x.h5 -a ! -e x.h5.partial
# wrong type
printf 'population = { residents = "many"; };\n' > type.cfg
check_fails "wrong type" "type.cfg:1.*population.residents" "$COGOV" run type.cfg -o x.h5
# out of range
printf 'population = { migrant_share = 1.5; };\n' > range.cfg
check_fails "out of range" "range.cfg:1.*population.migrant_share.*1.5" "$COGOV" run range.cfg -o x.h5
# integer overflow that libconfig 1.5 would silently wrap
printf 'population = { residents = 3000000000; };\n' > big.cfg
check_fails "32-bit wrap is caught" "big.cfg:1.*population.residents" "$COGOV" run big.cfg -o x.h5
printf 'seed = 99999999999999999999;\n' > huge.cfg
check_fails "beyond 64 bits" "huge.cfg:1.*seed" "$COGOV" run huge.cfg -o x.h5
# syntax error with file and line
printf 'population = {\n  residents = ;\n};\n' > syntax.cfg
check_fails "syntax error" "syntax.cfg:2" "$COGOV" run syntax.cfg -o x.h5
# an integer where a float is expected is fine
printf 'base = "%s";\npopulation = { migrant_share = 1; };\n' "$SMALL" > intfloat.cfg
check "integer for a float" "$COGOV" config intfloat.cfg
# a bad --set
check_fails "--set unknown key" "population.residnts.*did you mean" \
    "$COGOV" run "$SMALL" --set population.residnts=10 -o x.h5
check_fails "--set bad value" "population.residents" \
    "$COGOV" run "$SMALL" --set population.residents=abc -o x.h5
check_fails "--set without =" "--set" "$COGOV" run "$SMALL" --set seed -o x.h5
check_fails "missing scenario file" "nothere.cfg" "$COGOV" run nothere.cfg -o x.h5
expect "no output after any error" test ! -e x.h5 -a ! -e x.h5.partial

# --set and base = work
"$COGOV" config "$SMALL" --set population.migrant_share=0.7 --set seed=42 > resolved.cfg
expect "--set reaches the resolved config" grep -q "migrant_share = 0.7;" resolved.cfg
expect "--set seed" grep -q "^seed = 42;" resolved.cfg
expect "base = inherits (residents from small.cfg)" grep -q "residents = 3000;" resolved.cfg
mkdir -p sub
printf 'base = "../child.cfg";\ntime = { days = 7; };\n' > sub/grandchild.cfg
printf 'base = "%s";\nseed = 5;\n' "$SMALL" > child.cfg
"$COGOV" config sub/grandchild.cfg > gc.cfg
expect "base chain resolves relative paths" grep -q "^seed = 5;" gc.cfg
expect "the including file wins" grep -q "days = 7;" gc.cfg
printf 'base = "b.cfg";\n' > a.cfg; printf 'base = "a.cfg";\n' > b.cfg
check_fails "base cycle" "cycle" "$COGOV" config a.cfg

# defaults round-trip: the printed defaults, run, equal the built-ins
"$COGOV" config --defaults > defaults.cfg
check "defaults file is valid" "$COGOV" config defaults.cfg
"$COGOV" config defaults.cfg > d1.cfg
printf 'seed = 1;\n' > minimal.cfg
"$COGOV" config minimal.cfg > d2.cfg
# the name differs (file stems); everything else must be equal
grep -v -e '^name' -e '^#' d1.cfg > a1
grep -v -e '^name' -e '^#' d2.cfg > a2
expect "defaults round-trip (resolved text)" cmp -s a1 a2
SETS="--set population.residents=1500 --set population.communities=2 --days 20"
check "run the printed defaults" "$COGOV" run defaults.cfg $SETS -o d.h5 -q
check "run the built-in defaults" "$COGOV" run minimal.cfg $SETS -o m.h5 -q
check "printed defaults == built-in defaults (datasets)" \
    h5diff d.h5 m.h5 /timeseries /timeseries
# --seeds: replicates in one call, every output checked before the first
R="--set population.residents=1500 --days 30 -q"
check "--seeds 1-3" "$COGOV" run "$SMALL" $R --seeds 1-3 -o rep.h5
expect "one file per seed" test -s rep-s1.h5 -a -s rep-s2.h5 -a -s rep-s3.h5
check "a single run of seed 2" "$COGOV" run "$SMALL" $R --seed 2 -o one2.h5
check "--seeds gives the run of that seed" h5diff rep-s2.h5 one2.h5 /timeseries /timeseries
check_fails "--seeds refuses an existing output before running" "rep-s3.h5 exists" \
    "$COGOV" run "$SMALL" $R --seeds 3,4 -o rep.h5
expect "no run of seed 4 after the refusal" test ! -e rep-s4.h5 -a ! -e rep-s4.h5.partial
check_fails "--seeds with --seed" "--seeds and --seed" "$COGOV" run "$SMALL" $R --seeds 1-2 --seed 4
check_fails "--seeds bad range" "--seeds: '5-2' is not a range" "$COGOV" run "$SMALL" $R --seeds 5-2
check_fails "--seeds not a number" '--seeds: "x" is not an integer' "$COGOV" run "$SMALL" $R --seeds 1,x
check_fails "--seeds twice the same" "seed 2 given twice" "$COGOV" run "$SMALL" $R --seeds 1-3,2

# a fork that changes the model is a new scenario; report takes it with
# its parent (a continuation and a new seed keep the parent's name)
check "parent with a checkpoint" "$COGOV" run "$SMALL" $R --seeds 1-2 -o par.h5 --checkpoint-every 30
for s in 1 2; do
    check "fork $s" "$COGOV" run --restart par-s$s.h5.ckpt --days 50 -q -o fork$s.h5 \
        --set mechanisms.triage.enabled=true
    check "continuation $s" "$COGOV" run --restart par-s$s.h5.ckpt --days 50 -q -o cont$s.h5
done
h5dump -a scenario fork1.h5 | grep "(0)" > f1.txt; h5dump -a scenario fork2.h5 | grep "(0)" > f2.txt
expect "fork named after parent and day" grep -Eq '"small-fork30-[0-9a-f]{6}"' f1.txt
expect "forks with the same changes share the name" cmp -s f1.txt f2.txt
expect "a continuation keeps the name" sh -c 'h5dump -a scenario cont1.h5 | grep -q "\"small\""'
check "report takes a fork with its parent" "$COGOV" report cont1.h5 cont2.h5 fork1.h5 fork2.h5
expect "paired difference of the fork" grep -q "paired by seed" "$WORK/out"
check "--set name= names a fork" "$COGOV" run --restart par-s1.h5.ckpt --days 50 -q \
    -o named.h5 --set mechanisms.triage.enabled=true --set name=what_if
expect "the given name wins" sh -c 'h5dump -a scenario named.h5 | grep -q "\"what_if\""'

# GNU forms of options (getopt_long): --key=value, bundled short
# options with a value, options after the operand
check "--days=N, -qo FILE" "$COGOV" run "$SMALL" --days=3 -qo gnu.h5 \
    --set population.residents=1500
expect "-q: nothing printed" test ! -s "$WORK/out"
expect "-qo wrote the file" test -s gnu.h5
check "old spellings keep working" "$COGOV" run --days 3 -q --output gnu2.h5 \
    --set population.residents=1500 "$SMALL"
check "both spellings give the same run" h5diff gnu.h5 gnu2.h5 /timeseries /timeseries
check_fails "a value that is not an integer names the option" \
    '--days: "10x" is not an integer' "$COGOV" run "$SMALL" --days=10x
check_fails "a flag given a value" "--force takes no value" \
    "$COGOV" run "$SMALL" --force=yes
check_fails "a missing value" "--output needs a value" "$COGOV" run "$SMALL" -o
check_fails "unknown option names the command" \
    "run: unknown option '--bogus' \(see cogov run --help\)" \
    "$COGOV" run "$SMALL" --bogus
summary
