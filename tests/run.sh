#!/bin/sh
# Runs every test of `make check`: the unit programs (bin/tests/test_*)
# and the shell tests (tests/t_*.sh), or the ones named as arguments.
# Prints each program's summary with its wall time and CPU time (user +
# system of it and its children: what it costs on a loaded machine), and
# a total; exits non-zero if anything failed. BIN (default bin) is where the unit programs are; COGOV, read by
# tests/lib.sh, the command the shell tests run.
cd "$(dirname "$0")/.." || exit 1
BIN=${BIN:-bin}
# OpenMP threads that wait passively: on a shared, loaded machine spinning
# threads made the model tests several times slower; results are the same
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
pass=0
fail=0
failed=""
log=$(mktemp)
tms=$(mktemp)
# CPU seconds of the children this shell has waited for (`times`, run in
# this shell: a subshell's children are not its own)
cpu() { awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) {
    split($i, a, "m"); s += a[1] * 60 + a[2] } printf "%.1f\n", s }' "$tms"; }
times > "$tms"
cpu0=$(cpu)
start0=$(date +%s)
[ $# -gt 0 ] || set -- "$BIN"/tests/test_* tests/t_*.sh
for t in "$@"; do
    # a test named but missing is a failure, never a silent skip
    if [ ! -e "$t" ]; then
        echo "$t: no such test"
        printf '%-40s %4d passed %3d failed %4ds %6.1fs CPU\n' "$t" 0 1 0 0
        fail=$((fail + 1))
        failed="$failed $t"
        continue
    fi
    case "$t" in *.sh) cmd="sh $t" ;; *) cmd="$t" ;; esac
    times > "$tms"
    c0=$(cpu)
    start=$(date +%s)
    $cmd >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    times > "$tms"
    c=$(awk -v a="$c0" -v b="$(cpu)" 'BEGIN { printf "%.1f", b - a }')
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
    [ -n "$p" ] || p=0
    [ -n "$f" ] || f=0
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ $rc -ne 0 ]; then
        failed="$failed $t"
        cat "$log"
    fi
    printf '%-40s %4d passed %3d failed %4ds %6.1fs CPU\n' "$t" "$p" "$f" \
        "$secs" "$c"
done
times > "$tms"
echo "time: $(( $(date +%s) - start0 )) s wall, $(awk -v a="$cpu0" -v b="$(cpu)" \
    'BEGIN { printf "%.1f", b - a }') s CPU; load average $(cut -d' ' -f1-3 \
    /proc/loadavg 2>/dev/null)"
rm -f "$log" "$tms"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
# `make check` sums the stages' totals
[ -n "${CHECK_TOTALS:-}" ] && echo "$pass passed, $fail failed" >> "$CHECK_TOTALS"
[ "$fail" -eq 0 ]
