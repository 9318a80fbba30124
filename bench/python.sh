#!/bin/sh
# cogov against Python (docs/PERFORMANCE.md, "Against Python"; issue 18
# item 3): cogov-bench on 1 thread, the NumPy port (bench/port_numpy.py)
# and the plain-Python agent port in Mesa's structure (bench/port_agents.py;
# not Mesa: its time is a lower bound on the time of a Mesa port doing the
# same work the same way, so its ratio is a lower bound on cogov's
# speed-up over such a port, not an upper one) on the baseline core
# (scenarios/baseline.cfg, no burn-in), at each size, in one call; then,
# where the python can import mesa (Mesa 3; PYTHONPATH honoured), the Mesa
# port (bench/port_mesa.py: the agent port's rules on Mesa's agents,
# AgentSets and DataCollector) in a second table, and without mesa a line
# that says it was skipped. The ports are comparisons, not part of the
# product; tests/t_port.sh checks they give cogov's daily metrics.
#
# Each program runs as its own process, timed from outside: wall seconds
# and CPU seconds (user + system of the process and its children), start-up
# (Python and NumPy imports, parameters, initialisation; cogov's parse,
# initialisation and HDF5 file) included. cogov runs --reps times, the
# ports once (medians). On a shared machine the CPU seconds are the
# fairer figure: the wall time of a process also counts the time it waited
# for a core. The agent port runs the whole horizon only where that is
# expected to take at most --agent-limit CPU seconds (from its cost per
# resident-day at the size before); otherwise cogov and the agent port
# both run a shorter horizon, printed in the row: nothing is extrapolated.
# The Mesa port follows the same rule with its own cost per resident-day.
# Prints figures and never fails on a slow machine; without a python3
# that has numpy it says so and exits 0.
set -u
cd "$(dirname "$0")/.." || exit 1

sizes="1000 10000 100000"
days=365
reps=3
agent_limit=300
usage() {
    cat <<EOF
usage: bench/python.sh [--sizes "N ..."] [--days D] [--reps N]
                       [--agent-limit SECONDS]
Defaults: --sizes "1000 10000 100000" --days 365 --reps 3 (cogov's runs;
the ports run once) --agent-limit 300 (CPU seconds the agent port, and
the Mesa port, may take at a size; above, both it and cogov run a shorter
horizon).
\$BENCH names the benchmark program (default bin/release/cogov-bench),
\$COGOV the cogov that prints the parameters (default bin/release/cogov),
\$PYTHON a python3 with numpy. The Mesa port runs when that python
imports mesa 3: \`pip install mesa\`, or a Mesa source tree with
PYTHONPATH=/path/to/mesa (the directory that holds mesa/), e.g.
  PYTHONPATH=/path/to/mesa-3.2.0 make bench-python
(Mesa 3.2's own imports need scipy and tqdm besides numpy and pandas:
Debian's python3-scipy and python3-tqdm.) Without it the Mesa port is
skipped, with a line that says why.
EOF
}
while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --agent-limit) agent_limit=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/python.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
BENCH=${BENCH:-bin/release/cogov-bench}
COGOV=${COGOV:-bin/release/cogov}
for f in "$BENCH" "$COGOV"; do
    [ -x "$f" ] || { echo "bench/python.sh: $f missing (run make bench)" >&2
                     exit 1; }
done
PY=""
for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if "$py" -c 'import numpy' >/dev/null 2>&1; then PY=$py; break; fi
done
if [ -z "$PY" ]; then
    echo "against Python: skipped (no python3 with numpy; Debian python3-numpy, make deps)"
    exit 0
fi
# Mesa: "VERSION (DIRECTORY)" when $PY imports mesa 3, else empty, and
# why not in mesa_why (a mesa found whose own import failed, such as a
# source tree without scipy or tqdm, is told from no mesa at all)
mesa_why=$("$PY" -c '
import os, sys
try:
    import mesa
except ImportError as e:
    if e.name == "mesa":
        sys.exit("no mesa module, version 3 or later, for %s; pip install "
                 "mesa, or PYTHONPATH=/path/to/mesa" % sys.argv[1])
    sys.exit("mesa does not import: %s%s" % (e, "; Debian: python3-%s" % e.name
             if e.name in ("scipy", "tqdm", "pandas", "networkx") else ""))
if int(mesa.__version__.split(".")[0]) < 3:
    sys.exit("mesa %s in %s; the port is written for Mesa 3" %
             (mesa.__version__, os.path.dirname(mesa.__file__)))
print("%s (%s)" % (mesa.__version__, os.path.dirname(mesa.__file__)))' "$PY" 2>&1)
case $? in
0) mesa=$mesa_why ;;
*) mesa="" ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# timed CMD...: "wall cpu" of CMD (its output discarded), or exit
timed() {
    "$PY" -c '
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
w = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
if r.returncode:
    sys.exit("bench/python.sh: %s failed: %s" % (sys.argv[1],
             r.stderr.decode(errors="replace").strip()))
print("%.4f %.4f" % (w, u.ru_utime + u.ru_stime))' "$@"
}
# median of the lines "wall cpu" of a file, per column
median2() {
    for col in 1 2; do
        cut -d' ' -f"$col" "$1" | sort -g |
            awk '{ x[NR] = $1 } END { printf "%s ", NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
    done
    echo
}
# cogov N D: median "wall cpu" of --reps runs of cogov-bench on 1 thread
# (measured once per N and D in a call; the Mesa table reuses it)
cogov() {
    if [ ! -s "$tmp/cogov-$1-$2" ]; then
        : >"$tmp/cg"
        r=1
        while [ "$r" -le "$reps" ]; do
            timed "$BENCH" scenarios/baseline.cfg --threads 1 \
                -o "$tmp/run.h5" --set population.residents="$1" \
                --set time.days="$2" >>"$tmp/cg" || exit 1
            r=$((r + 1))
        done
        median2 "$tmp/cg" >"$tmp/cogov-$1-$2"
    fi
    cat "$tmp/cogov-$1-$2"
}
# horizon N: the days a port runs at N residents: --days, or fewer where
# its CPU seconds per resident-day so far ($per_rd) say --days would take
# more than --agent-limit
horizon() {
    if [ -z "$per_rd" ]; then echo "$days"; return; fi
    awk -v r="$per_rd" -v n="$1" -v d="$days" -v l="$agent_limit" \
        'BEGIN { e = r * n * d; if (e <= l) print d
                 else { x = int(l / (r * n)); print (x < 7 ? 7 : x) } }'
}
# port FILE N D: "wall cpu" of one run of a port
port() {
    "$COGOV" config scenarios/baseline.cfg --set time.burn_in_days=0 \
        --set population.residents="$2" --set time.days="$3" >"$tmp/p.cfg" ||
        exit 1
    timed "$PY" "bench/$1" "$tmp/p.cfg" --quiet || exit 1
}

echo "cogov against Python: scenarios/baseline.cfg (every mechanism off, no burn-in), cogov-bench on 1 thread"
echo "machine: $(nproc) CPUs, $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$PY" -c 'import sys, numpy; print("Python %d.%d, NumPy %s" % (sys.version_info[0], sys.version_info[1], numpy.__version__))')${mesa:+, Mesa $mesa}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent port: not Mesa; its ratio is a lower bound on cogov's speed-up over a Mesa port doing the same work"
if [ -z "$mesa" ]; then
    echo "Mesa port: skipped ($(printf '%s' "$mesa_why" | tail -n 1))"
fi
echo "seconds: wall / CPU (user + system); a ratio is the port's CPU seconds over cogov's (wall over wall in brackets)"
printf '%9s %5s %16s %16s %16s %5s %16s %16s %16s\n' "" "" "cogov 1 thread" \
    "NumPy port" "NumPy / cogov" "" "cogov 1 thread" "agent port" "agents / cogov"
printf '%9s %5s %16s %16s %16s %5s %16s %16s %16s\n' residents days \
    "wall / CPU s" "wall / CPU s" "CPU (wall)" days "wall / CPU s" \
    "wall / CPU s" "CPU (wall)"
per_rd=""   # the agent port's CPU seconds per resident-day so far
for n in $sizes; do
    c=$(cogov "$n" "$days") || exit 1
    np=$(port port_numpy.py "$n" "$days") || exit 1
    ad=$(horizon "$n")
    a=$(port port_agents.py "$n" "$ad") || exit 1
    echo "$n $ad $a" >>"$tmp/agents"
    ca=$c
    [ "$ad" = "$days" ] || ca=$(cogov "$n" "$ad") || exit 1
    per_rd=$(echo "$a" | awk -v n="$n" -v d="$ad" '{ print $2 / (n * d) }')
    echo "$n $days $c $np $ad $ca $a" | awk '{
        printf "%9d %5d %7.3f / %6.3f %7.2f / %6.2f %7.0fx (%5.0fx) %5d %7.3f / %6.3f %7.1f / %6.1f %7.0fx (%5.0fx)\n",
            $1, $2, $3, $4, $5, $6, $6 / $4, $5 / $3,
            $7, $8, $9, $10, $11, $11 / $9, $10 / $8 }'
done
if [ -n "$mesa" ]; then
    echo "Mesa port (bench/port_mesa.py, the agent port's rules on Mesa's Agent, AgentSet, DataCollector):"
    printf '%9s %5s %16s %16s %16s %14s\n' "" "" "cogov 1 thread" \
        "Mesa port" "Mesa / cogov" "Mesa / agents"
    printf '%9s %5s %16s %16s %16s %14s\n' residents days "wall / CPU s" \
        "wall / CPU s" "CPU (wall)" "CPU"
    per_rd=""
    for n in $sizes; do
        md=$(horizon "$n")
        m=$(port port_mesa.py "$n" "$md") || exit 1
        c=$(cogov "$n" "$md") || exit 1
        per_rd=$(echo "$m" | awk -v n="$n" -v d="$md" '{ print $2 / (n * d) }')
        # the agent port's CPU seconds at the same size and horizon, if run
        a=$(awk -v n="$n" -v d="$md" '$1 == n && $2 == d { print $4 }' \
            "$tmp/agents")
        echo "$n $md $c $m ${a:--}" | awk '{
            r = $7 == "-" ? "-" : sprintf("%.2fx", $6 / $7)
            printf "%9d %5d %7.3f / %6.3f %7.1f / %6.1f %7.0fx (%5.0fx) %14s\n",
                $1, $2, $3, $4, $5, $6, $6 / $4, $5 / $3, r }'
    done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
