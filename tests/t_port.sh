# The Python ports of the baseline core (bench/port_numpy.py,
# bench/port_agents.py; docs/PERFORMANCE.md "Against Python") give the
# daily metrics of cogov within seed noise. Not bit for bit: the ports draw
# from other random streams (NumPy's PCG64, Python's Mersenne Twister)
# than cogov's Philox, so the same seed is another district. Each run is
# summarised by its metric means (whole run, second half); the two sides'
# means over seeds are compared with a two-sample t test on the
# between-seed SD at a Bonferroni level (bench/port_compare.py). The test
# also shows the check has power: the NumPy port with government's latency
# 5 days instead of 3 must be told apart. Skipped (with a message) when no
# python3 has numpy (Debian python3-numpy, `make deps`). Where that python
# imports mesa 3 (pip install mesa, or PYTHONPATH=/path/to/mesa), the Mesa
# port (bench/port_mesa.py) is checked too: against cogov within seed
# noise, and row for row against the agent port at the same seed (it runs
# the agent port's rules, drawing from the same stream in the same order);
# without mesa those cases say they are skipped (Mesa is no dependency of
# cogov, and CI has none) and the port's message for it is checked.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1

PY=""
for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if "$py" -c 'import numpy' >/dev/null 2>&1; then PY=$py; break; fi
done
if [ -z "$PY" ]; then
    echo "t_port: skipped: no python3 with numpy (Debian python3-numpy; make deps)"
    summary
    exit 0
fi
B="$TOP/bench"
BASE="$TOP/scenarios/baseline.cfg"

# cfg N DAYS SEED [KEY=VALUE...]: the effective parameters, as the ports read them
cfg() {
    n=$1 d=$2 s=$3; shift 3
    sets=""
    for kv in "$@"; do sets="$sets --set $kv"; done
    # shellcheck disable=SC2086
    "$COGOV" config "$BASE" --set time.burn_in_days=0 \
        --set population.residents="$n" --set time.days="$d" --set seed="$s" $sets
}

# lanes CMD: CMD SEED for the seeds $seeds, in two processes at once (the
# runs are independent, each on one core); fails if any run failed
lanes() {
    (for s in $seeds; do case $s in *[13579]) "$@" "$s" || exit 1 ;; esac; done) &
    odd=$!
    even=0
    for s in $seeds; do case $s in *[13579]) ;; *) "$@" "$s" || even=1 ;; esac; done
    wait $odd && [ "$even" = 0 ]
}

# cogov against the NumPy port: 2 000 residents x 200 days, 10 seeds
numpy_seed() {
    "$COGOV" run "$BASE" --set population.residents=2000 --set time.days=200 \
        --set time.burn_in_days=0 --set seed="$1" -q -o "c$1.h5" &&
        "$COGOV" export "c$1.h5" --wide --csv "c$1.csv" &&
        cfg 2000 200 "$1" >"p$1.cfg" &&
        "$PY" "$B/port_numpy.py" "p$1.cfg" >"n$1.csv" &&
        cfg 2000 200 "$1" government.latency_days=5 |
        "$PY" "$B/port_numpy.py" - >"x$1.csv"
}
export OMP_NUM_THREADS=1
seeds="1 2 3 4 5 6 7 8 9 10"
expect "cogov runs and NumPy port runs" lanes numpy_seed
expect "a port's CSV has a row a day" test "$(wc -l <n1.csv)" -eq 201
A=""; N=""; X=""
for s in $seeds; do A="$A c$s.csv"; N="$N n$s.csv"; X="$X x$s.csv"; done
# shellcheck disable=SC2086
check "NumPy port: the daily metrics of cogov within seed noise" \
    "$PY" "$B/port_compare.py" $A -- $N
cp "$WORK/out" numpy.txt
expect "every metric of the baseline compared" \
    test "$(grep -Ec '^(satisfaction_mean|trust_gov_mean|trust_com_mean|matters_open|participation_rate|resolved_by_channel\[(self|tie|market|community|socorg|government)\]) ' numpy.txt)" -eq 22
# shellcheck disable=SC2086
check "the check tells a 5-day latency from cogov's 3 (its power)" \
    "$PY" "$B/port_compare.py" --expect-differ $A -- $X

# the agent port against the NumPy port: 1 000 residents x 200 days, 6 seeds;
# with mesa, the Mesa port and cogov too
MESA=""
if "$PY" -c 'import mesa; assert int(mesa.__version__.split(".")[0]) >= 3' \
    >/dev/null 2>&1; then MESA=yes; fi
agents_seed() {
    cfg 1000 200 "$1" >"q$1.cfg" &&
        "$PY" "$B/port_numpy.py" "q$1.cfg" >"m$1.csv" &&
        "$PY" "$B/port_agents.py" "q$1.cfg" >"a$1.csv" || return 1
    [ -z "$MESA" ] || { "$PY" "$B/port_mesa.py" "q$1.cfg" >"b$1.csv" &&
        "$COGOV" run "$BASE" --set population.residents=1000 \
            --set time.days=200 --set time.burn_in_days=0 --set seed="$1" \
            -q -o "k$1.h5" &&
        "$COGOV" export "k$1.h5" --wide --csv "k$1.csv"; }
}
seeds="1 2 3 4 5 6"
expect "agent port runs" lanes agents_seed
A=""; N=""; M=""; K=""
for s in $seeds; do A="$A a$s.csv"; N="$N m$s.csv"; M="$M b$s.csv"; K="$K k$s.csv"; done
# shellcheck disable=SC2086
check "agent port: the daily metrics of the NumPy port within seed noise" \
    "$PY" "$B/port_compare.py" $N -- $A
if [ -n "$MESA" ]; then
    # shellcheck disable=SC2086
    check "Mesa port: the daily metrics of cogov within seed noise" \
        "$PY" "$B/port_compare.py" $K -- $M
    same=0
    for s in $seeds; do cmp -s "a$s.csv" "b$s.csv" && same=$((same + 1)); done
    expect "Mesa port: the agent port's rows at the same seed" test "$same" -eq 6
    expect "a Mesa port's CSV has a row a day" test "$(wc -l <b1.csv)" -eq 201
else
    echo "t_port: Mesa port cases skipped: $PY has no mesa module (pip install mesa, or PYTHONPATH=/path/to/mesa)"
    check_fails "without mesa the Mesa port says what is missing" \
        "port_mesa.py: (no mesa module|mesa does not import)" \
        "$PY" "$B/port_mesa.py" q1.cfg
fi

# bad input: the ports run the baseline core only
cfg 1000 10 1 mechanisms.triage.enabled=true >triage.cfg
check_fails "a mechanism on is refused" "mechanisms.triage.enabled is true" \
    "$PY" "$B/port_numpy.py" triage.cfg
check_fails "the agent port refuses it too" "mechanisms.triage.enabled is true" \
    "$PY" "$B/port_agents.py" triage.cfg
[ -z "$MESA" ] || check_fails "the Mesa port refuses it too" \
    "mechanisms.triage.enabled is true" "$PY" "$B/port_mesa.py" triage.cfg
"$COGOV" config "$BASE" >burnin.cfg
check_fails "a burn-in is refused" "time.burn_in_days is 1095" \
    "$PY" "$B/port_numpy.py" burnin.cfg
printf 'seed = 1;\nfoo = @;\n' >junk.cfg
check_fails "not a cogov config output" "junk.cfg:2: cannot read" \
    "$PY" "$B/port_numpy.py" junk.cfg
check_fails "compare needs two runs a side" "at least two runs" \
    "$PY" "$B/port_compare.py" n1.csv -- n2.csv

# the machinery of make bench-python on a tiny case (a measurement, not a
# test of speed): a row per size; with a tiny --agent-limit the agent port
# and cogov run a shorter horizon at the second size, and say so
check "bench/python.sh on a tiny case" env BENCH="$TOP/bin/tests/cogov-bench" \
    COGOV="$COGOV" PYTHON="$PY" sh "$B/python.sh" --sizes "300 600" \
    --days 20 --reps 1 --agent-limit 0.000001
cp "$WORK/out" bench.txt
sed '/^Mesa port (/,$d' bench.txt >main.txt     # the table of the ports...
sed -n '/^Mesa port (/,$p' bench.txt >mesa.txt  # ...and the Mesa port's
expect "a row per size" test "$(grep -Ec '^ +(300|600) +20 ' main.txt)" -eq 2
expect "the whole horizon for the agent port at the first size" \
    grep -Eq '^ +300 +20 .*x \( *[0-9]+x\) +20 ' main.txt
expect "a shorter horizon, shown, where it would take too long" \
    grep -Eq '^ +600 +20 .*x \( *[0-9]+x\) +7 ' main.txt
if [ -n "$MESA" ]; then
    expect "the Mesa port: the whole horizon at the first size" \
        grep -Eq '^ +300 +20 .*x \( *[0-9]+x\) +[0-9.]+x$' mesa.txt
    expect "the Mesa port: a shorter horizon at the second" \
        grep -Eq '^ +600 +7 .*x \( *[0-9]+x\) +[0-9.]+x$' mesa.txt
else
    expect "without mesa, python.sh says the Mesa port was skipped" \
        grep -q '^Mesa port: skipped (no mesa module' bench.txt
    expect "and prints no Mesa table" test ! -s mesa.txt
fi
# a Mesa found that does not import (a source tree without a module it
# needs) is told from no Mesa, and so is a Mesa older than 3
mkdir -p fake/mesa
printf 'raise ImportError("No module named %s", name="scipy")\n' "'scipy'" \
    >fake/mesa/__init__.py
check "python.sh with a mesa that does not import" env \
    BENCH="$TOP/bin/tests/cogov-bench" COGOV="$COGOV" PYTHON="$PY" \
    PYTHONPATH="$PWD/fake${PYTHONPATH:+:$PYTHONPATH}" sh "$B/python.sh" \
    --sizes 300 --days 5 --reps 1
expect "it names the module missing and its Debian package" grep -q \
    "^Mesa port: skipped (mesa does not import: No module named 'scipy'; Debian: python3-scipy)$" \
    "$WORK/out"
printf '__version__ = "2.4.0"\n' >fake/mesa/__init__.py
check "python.sh with a Mesa 2" env BENCH="$TOP/bin/tests/cogov-bench" \
    COGOV="$COGOV" PYTHON="$PY" \
    PYTHONPATH="$PWD/fake${PYTHONPATH:+:$PYTHONPATH}" sh "$B/python.sh" \
    --sizes 300 --days 5 --reps 1
expect "it says the port needs Mesa 3" grep -q \
    '^Mesa port: skipped (mesa 2.4.0 in .*; the port is written for Mesa 3)$' \
    "$WORK/out"
check_fails "python.sh rejects an unknown option" "unknown argument" \
    sh "$B/python.sh" --fast
summary
