# Helpers of the sweep tests (tests/t_sweep*.sh), sourced after lib.sh.
SWEEP="$TOP/tests/sweep.cfg"
# Runs never spin threads against each other on the shared test machine;
# results are the same for any thread count.
export OMP_NUM_THREADS=1

# same_runs A B N: the N run files of sweep directories A and B hold
# bitwise identical datasets (time series, per-community series, config).
same_runs() {
    k=0
    while [ "$k" -lt "$3" ]; do
        f=runs/$(printf 'run_%06d.h5' "$k")
        for g in /timeseries /communities /config; do
            h5diff -q "$1/$f" "$2/$f" "$g" "$g" >/dev/null 2>&1 || {
                echo "  $1/$f and $2/$f differ in $g" >&2; return 1; }
        done
        k=$((k + 1))
    done
}

# complete_runs DIR N: exactly one complete file per task, nothing else.
complete_runs() {
    n=$(ls "$1/runs" | grep -c '^run_[0-9]*\.h5$')
    [ "$n" -eq "$2" ] || { echo "  $n complete files, expected $2" >&2; return 1; }
    extra=$(ls "$1/runs" | grep -v '^run_[0-9]*\.h5$')
    [ -z "$extra" ] || { echo "  left over: $extra" >&2; return 1; }
    for f in "$1"/runs/run_*.h5; do
        h5dump -a /complete "$f" 2>/dev/null | grep -q '(0): 1' || {
            echo "  $f is not complete=1" >&2; return 1; }
    done
}

# count STATE DIR: the count `cogov sweep status` gives for STATE.
count() {
    "$COGOV" sweep status "$2" | sed -n "s/^  $1 *\([0-9]*\)$/\1/p"
}
