#!/bin/sh
# The performance benchmark behind `make bench` (docs/PERFORMANCE.md).
# Runs bin/release/cogov-bench on the all-mechanisms scenario for each
# size and thread count, --reps times each (one process per run, so peak
# memory is the run's own), and prints the medians: wall time,
# resident-days per second, speed-up over one thread, peak memory per
# resident, start-up time, the share of HDF5 output, the mean number of
# threads busy (CPU seconds of all threads / wall: what bounds the
# speed-up, docs/PERFORMANCE.md "Busy threads"), and the share of each
# daily phase. Then STREAM-like bandwidth (bench/stream.c) for the bandwidth
# analysis. A benchmark prints figures; it never fails on a slow machine.
# The "busy machine" rows run 1 and 2 threads while a spinning process
# holds one core (docs/PERFORMANCE.md, "Busy machine").
set -u
cd "$(dirname "$0")/.." || exit 1

reps=3
sizes="100000 1000000"
threads="1 2"
days=365
config=""
stream=1
busy_sizes="10000 100000 1000000"
ratio_sizes="100000 10000000"
ratio_rd=36500000
usage() {
    cat <<EOF
usage: bench/run.sh [--reps N] [--sizes "N ..."] [--threads "T ..."]
                    [--days D] [--config FILE] [--no-stream]
                    [--busy-sizes "N ..."] [--no-busy]
                    [--ratio-sizes "N ..."] [--ratio-resident-days R]
                    [--no-ratio]
Defaults: --reps 3 --sizes "100000 1000000" --threads "1 2" --days 365,
--config scenarios/all.cfg (its seven mechanisms on; bench/every.cfg has
every switch on), --busy-sizes "10000 100000 1000000" (1 and 2 threads
beside a process spinning on one core), --ratio-sizes "100000 10000000"
(the cost of a resident-day on 1 thread at each size, against the first;
its shorter run lasts R / N days, at least 10, R 36500000 by default).
\$BENCH names the benchmark program (default bin/release/cogov-bench),
\$COGOV_STREAM the probe of the machine (default bin/release/cogov-stream).
EOF
}
while [ $# -gt 0 ]; do
    case "$1" in
    --reps) reps=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --no-stream) stream=0; shift ;;
    --busy-sizes) busy_sizes=$2; shift 2 ;;
    --no-busy) busy_sizes=""; shift ;;
    --ratio-sizes) ratio_sizes=$2; shift 2 ;;
    --ratio-resident-days) ratio_rd=$2; shift 2 ;;
    --no-ratio) ratio_sizes=""; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
[ -n "$config" ] || config=scenarios/all.cfg
BENCH=${BENCH:-bin/release/cogov-bench}
STREAM=bin/release/cogov-stream
[ "$stream" = 1 ] || STREAM=""
# the machine's probes (core-to-core latency, parallel regions)
PROBE=${COGOV_STREAM:-bin/release/cogov-stream}
for f in "$BENCH" $STREAM "$config"; do
    [ -e "$f" ] || { echo "bench/run.sh: $f missing (run make bench)" >&2
                     exit 1; }
done
tmp=$(mktemp -d) || exit 1
spinner=""
trap '[ -n "$spinner" ] && kill "$spinner" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "cogov benchmark: $config, $days days, median of $reps runs (thread counts alternated)"
echo "machine: $(nproc) CPUs ($cpu), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive (cogov's choice)}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# How far apart the host placed two of this machine's CPUs (before and
# after the runs): the 2-thread speed-up depends on it (PERFORMANCE.md).
c2c() { [ -x "$PROBE" ] && [ "$(nproc)" -gt 1 ] &&
        echo "$1 $("$PROBE" --core-to-core)"; }
# How fast each CPU runs the model alone (a 1-thread run of 20 000
# residents x 100 days pinned to it, median of 3): on a VM one vCPU can
# run much slower than another for minutes, and a 1-thread run meets it
# or not depending on where it lands (PERFORMANCE.md, "Session 20").
cpu_speed() {
    command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt 1 ] || return 0
    line=""
    # the CPUs this process may use (Cpus_allowed_list: "0-3,8,10-11")
    cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status |
           tr ',' '\n' | awk -F- '{ b = NF > 1 ? $2 : $1
                                    for (c = $1; c <= b; c++) print c }')
    for c in $cpus; do
        for r in 1 2 3; do
            taskset -c "$c" "$BENCH" "$config" --threads 1 \
                -o "$tmp/speed.h5" --set population.residents=20000 \
                --set time.days=100 2>/dev/null | tr ' ' '\n' |
                sed -n 's/^wall=//p'
        done | sort -g | sed -n 2p >"$tmp/speed-$c"
        line="$line cpu$c $(cat "$tmp/speed-$c") s"
    done
    echo "$1 the model alone on each CPU (20 000 x 100 days, 1 thread, median of 3):$line"
    # the fastest CPU before the runs: the 1-thread runs are pinned to it
    if [ "$1" = before: ]; then
        fastest=$(for c in $cpus; do echo "$(cat "$tmp/speed-$c") $c"; done |
                  sort -g | sed -n '1s/.* //p')
    fi
}
# What waking the second thread costs under the policy cogov runs with
# (passive unless the user set one): the 2-thread speed-up of small runs
# pays it for every parallel region of the day (PERFORMANCE.md,
# "Session 23").
regions() {
    [ -x "$PROBE" ] && [ "$(nproc)" -gt 1 ] || return 0
    if [ -n "${OMP_WAIT_POLICY:-}${GOMP_SPINCOUNT:-}" ]; then
        echo "$1 $("$PROBE" --regions)"
    else
        echo "$1 $(OMP_WAIT_POLICY=passive "$PROBE" --regions)"
    fi
}
fastest=
c2c before:
regions before:
cpu_speed before:
[ -n "$fastest" ] && echo "1-thread runs of the table pinned to cpu$fastest, the fastest before the runs (a speed-up against the best single CPU)"
echo

# Median of each key=value field over the lines of a file.
median() {
    awk '{ for (i = 1; i <= NF; i++) { split($i, a, "="); k[i] = a[1];
                                         v[i, NR] = a[2] } nf = NF }
         END { for (i = 1; i <= nf; i++) {
                   n = 0; for (r = 1; r <= NR; r++) x[++n] = v[i, r]
                   for (p = 2; p <= n; p++) for (q = p; q > 1 && x[q] < x[q-1]; q--) {
                       t = x[q]; x[q] = x[q-1]; x[q-1] = t }
                   m = n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
                   printf "%s=%s ", k[i], m }
               print "" }' "$1"
}

# The thread counts alternate within each repetition (1, 2, 1, 2, ...),
# so that a slow minute of this kind of machine (shared VMs move by 25%
# and more from one minute to the next, docs/PERFORMANCE.md "Noise")
# falls on both sides of a speed-up rather than on one.
for n in $sizes; do
    r=1
    while [ "$r" -le "$reps" ]; do
        for t in $threads; do
            pin=""
            [ "$t" = 1 ] && [ -n "$fastest" ] && pin="taskset -c $fastest"
            $pin "$BENCH" "$config" --threads "$t" -o "$tmp/run-$n-$t.h5" \
                --set population.residents="$n" --set time.days="$days" \
                >>"$tmp/raw-$n-$t" 2>"$tmp/err" ||
                { echo "bench/run.sh: run failed:" >&2; cat "$tmp/err" >&2
                  exit 1; }
        done
        r=$((r + 1))
    done
    for t in $threads; do
        median "$tmp/raw-$n-$t" >"$tmp/med-$n-$t"
    done
done

# Same datasets for every thread count (determinism, checked on the last
# run of each case).
for n in $sizes; do
    first=""
    for t in $threads; do
        if [ -z "$first" ]; then first=$t; continue; fi
        for g in /timeseries /communities; do
            h5diff -q "$tmp/run-$n-$first.h5" "$tmp/run-$n-$t.h5" $g $g \
                >/dev/null 2>&1 ||
                echo "WARNING: $n residents: $g differs between $first and $t threads"
        done
    done
done

field() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"; }

printf '%10s %7s %9s %13s %8s %10s %9s %8s %9s\n' residents threads "wall s" \
    "res-days/s" speed-up "peak B/res" "start s" "HDF5 %" "busy thr"
for n in $sizes; do
    base=""
    for t in $threads; do
        f="$tmp/med-$n-$t"
        wall=$(field "$f" wall)
        [ -z "$base" ] && base=$wall
        awk -v n="$n" -v t="$t" -v d="$days" -v wall="$wall" -v base="$base" \
            -v rss="$(field "$f" peak_rss)" -v st="$(field "$f" startup)" \
            -v wr="$(field "$f" write)" -v cl="$(field "$f" close)" \
            -v cpu="$(field "$f" cpu)" \
            'BEGIN { printf "%10d %7d %9.2f %13.3g %8.2f %10.0f %9.3f %8.2f %9.2f\n",
                     n, t, wall, n * d / wall, base / wall, rss / n, st,
                     100 * (wr + cl) / wall, cpu / wall }'
    done
done

echo
echo "share of wall time (%), median runs:"
parts="init generate intake selfhelp match work deliberate fund outcomes escalate influence participate observe write close"
printf '%-12s' part
for n in $sizes; do for t in $threads; do printf ' %10s' "$n/$t"; done; done
echo
for p in $parts capacity; do
    printf '%-12s' "$p"
    for n in $sizes; do
        for t in $threads; do
            f="$tmp/med-$n-$t"
            awk -v x="$(field "$f" "$p")" -v wall="$(field "$f" wall)" \
                'BEGIN { printf " %10.2f", 100 * x / wall }'
        done
    done
    echo
done

# Busy machine: a shell loop spinning on the last CPU (pinned with
# taskset when there is one, so that exactly one core is held, as by
# another user's job) while 1 and then 2 threads run; 2 threads should
# take at most 1.2x the time of 1.
if [ -n "$busy_sizes" ]; then
    echo
    last=$(( $(nproc) - 1 ))
    if command -v taskset >/dev/null 2>&1; then
        taskset -c "$last" sh -c 'while :; do :; done' &
        how="pinned to CPU $last"
    else
        sh -c 'while :; do :; done' &
        how="not pinned (no taskset)"
    fi
    spinner=$!
    echo "busy machine: one process spinning, $how; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%10s %10s %10s %12s\n' residents "1 thr s" "2 thr s" "2 thr / 1"
    for n in $busy_sizes; do
        r=1
        while [ "$r" -le "$reps" ]; do   # 1 and 2 threads alternate
            for t in 1 2; do
                "$BENCH" "$config" --threads "$t" -o "$tmp/busy.h5" \
                    --set population.residents="$n" --set time.days="$days" \
                    >>"$tmp/busy-$n-$t" 2>"$tmp/err" ||
                    { echo "bench/run.sh: run failed:" >&2; cat "$tmp/err" >&2
                      exit 1; }
            done
            r=$((r + 1))
        done
        for t in 1 2; do
            median "$tmp/busy-$n-$t" >"$tmp/bmed-$n-$t"
        done
        awk -v n="$n" -v a="$(field "$tmp/bmed-$n-1" wall)" \
            -v b="$(field "$tmp/bmed-$n-2" wall)" \
            'BEGIN { printf "%10d %10.2f %10.2f %12.2f\n", n, a, b, b / a }'
    done
    kill "$spinner" 2>/dev/null
    wait "$spinner" 2>/dev/null
    spinner=""
fi

# The cost of a resident-day by size (issue 18 item 3: at most 1.3x at
# 10M what it is at 100 000): 1 thread (pinned like the table's), two run
# lengths a size so that start-up cancels: (wall of 3d days - wall of d
# days) / (n x 2d), with d = R / n days (at least 10; R = 36 500 000:
# 365 at 100 000, 10 at 10M); sizes alternate within each repetition;
# medians.
ratio_days() {
    awk -v n="$1" -v rd="$ratio_rd" 'BEGIN { d = int(rd / n); print d < 10 ? 10 : d }'
}
if [ -n "$ratio_sizes" ]; then
    echo
    where=""
    [ -n "$fastest" ] && where=" on cpu$fastest"
    echo "cost of a resident-day by size (1 thread$where, wall of two run lengths so that start-up cancels, median of $reps):"
    printf '%10s %12s %10s %10s\n' residents days "ns/r-d" ratio
    r=1
    while [ "$r" -le "$reps" ]; do
        for n in $ratio_sizes; do
            d=$(ratio_days "$n")
            pin=""
            [ -n "$fastest" ] && pin="taskset -c $fastest"
            for len in "$d" $((3 * d)); do
                $pin "$BENCH" "$config" --threads 1 -o "$tmp/ratio.h5" \
                    --set population.residents="$n" --set time.days="$len" \
                    >"$tmp/ratio-line" 2>"$tmp/err" ||
                    { echo "bench/run.sh: run failed:" >&2; cat "$tmp/err" >&2
                      exit 1; }
                field "$tmp/ratio-line" wall >"$tmp/ratio-wall-$len"
            done
            awk -v a="$(cat "$tmp/ratio-wall-$d")" \
                -v b="$(cat "$tmp/ratio-wall-$((3 * d))")" -v n="$n" -v d="$d" \
                'BEGIN { printf "ns=%.6g\n", (b - a) / (n * 2 * d) * 1e9 }' \
                >>"$tmp/ratio-$n"
        done
        r=$((r + 1))
    done
    first=""
    for n in $ratio_sizes; do
        d=$(ratio_days "$n")
        median "$tmp/ratio-$n" >"$tmp/ratio-med-$n"
        ns=$(field "$tmp/ratio-med-$n" ns)
        [ -z "$first" ] && first=$ns
        awk -v n="$n" -v d="$d" -v ns="$ns" -v f="$first" \
            'BEGIN { printf "%10d %12s %10.1f %10.2f\n", n, d "/" 3 * d, ns, (f > 0) ? ns / f : 0 }'
    done
fi

echo
c2c after:
cpu_speed after:
[ -n "$STREAM" ] || { echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }
echo
"$STREAM" | tee "$tmp/stream"

# Achieved bandwidth of the streaming phases against the triad bandwidth
# of as many threads (the largest working set). Bytes per resident-day
# are the arrays each phase streams, counted from the code in
# docs/PERFORMANCE.md ("Bandwidth"); data a phase finds in cache counts
# too, so a phase can exceed the memory bandwidth.
echo
echo "bandwidth of the streaming phases (GB/s, % of triad):"
printf '%-12s %6s' phase "B/r-d"
for n in $sizes; do for t in $threads; do printf ' %16s' "$n/$t"; done; done
echo
# influence (74 B), participation (21 B) and the observation's sums (22 B)
# are one pass since the fused pass of issue 18 (timed as participate)
for pb in generate:8 outcomes:pool participate:117; do
    p=${pb%:*}; b0=${pb#*:}
    printf '%-12s %6s' "$p" "$b0"
    for n in $sizes; do
        for t in $threads; do
            f="$tmp/med-$n-$t"
            # outcomes reads the whole pool: 64 B a slot, its mark and
            # list entry, plus 16 B of grievance and overdue a resident
            b=$b0
            [ "$b" = pool ] && b=$(awk -v s="$(field "$f" slots_mean)" \
                -v n="$n" 'BEGIN { printf "%.0f", 73 * s / n + 16 }')
            tri=$(awk -v t="$t" '$3 == t { x = $6 } END { print x + 0 }' "$tmp/stream")
            awk -v x="$(field "$f" "$p")" -v b="$b" -v n="$n" -v d="$days" \
                -v tri="$tri" 'BEGIN { g = (x > 0) ? b * n * d / x / 1e9 : 0
                    printf " %8.1f (%4.0f%%)", g, (tri > 0) ? 100 * g / tri : 0 }'
        done
    done
    echo
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
