# valgrind memcheck of small runs: a run writing checkpoints and
# snapshots with several mechanisms on, its restart, and a refused bad
# input. Any memory error or definite leak fails (docs/RELIABILITY.md).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
export OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
if ! command -v valgrind >/dev/null; then
    fail "valgrind is not installed (make deps installs it)"; summary; exit 1
fi
vg() {   # vg DESCRIPTION EXPECTED-STATUS ARGS...: no memcheck error
    d=$1 want=$2; shift 2
    $VG "$COGOV" "$@" >out 2>err
    rc=$?
    if [ $rc -eq $want ]; then pass; else
        fail "$d: status $rc, expected $want"; sed 's/^/  | /' err | head -n 30 >&2; fi
}
vg "run with checkpoints and snapshots" 0 run "$TOP/tests/small.cfg" --days 12 \
    -o a.h5 -q --checkpoint-every 6 --set output.snapshot_every=5 \
    --set mechanisms.triage.enabled=true --set mechanisms.linkage.enabled=true \
    --set mechanisms.purchase.enabled=true
vg "restart (a fork)" 0 run --restart a.h5.ckpt --days 18 -o b.h5 -q \
    --set mechanisms.grid.enabled=true
vg "a refused base cycle" 1 run "$TOP/tests/bad/base_cycle.cfg" -o c.h5
summary
