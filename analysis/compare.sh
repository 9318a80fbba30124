#!/bin/sh
# The main job of `make run`: run each scenario of the comparison with
# REPLICATES seeds (the same seeds for every scenario: common random
# numbers), then draw the dashboard in English and Chinese and write a
# report of the final-window means with their 95% CIs.
#
# Usage: analysis/compare.sh OUTDIR [SCENARIO.cfg ...]
# Environment: REPLICATES (default 3), DAYS (default: each scenario's own),
# BURN_IN_CACHE (default OUTDIR/burn-in: runs with the same status quo and
# seed share one burn-in, docs/MODEL.md 5; "" burns every run in itself).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cogov="$top/bin/cogov"

# The default comparison, reference first: scenarios/NAME.cfg for each.
SCENARIOS="baseline triage linkage purchase all"

out=${1:-results}
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
    for s in $SCENARIOS; do set -- "$@" "$top/scenarios/$s.cfg"; done
fi
REPLICATES=${REPLICATES:-3}
days=""
[ -n "${DAYS:-}" ] && days="--days $DAYS"
mkdir -p "$out"
cache=${BURN_IN_CACHE-$out/burn-in}
files=""
for sc in "$@"; do
    name=$(basename "$sc" .cfg)
    r=1
    while [ "$r" -le "$REPLICATES" ]; do
        f="$out/$name-s$r.h5"
        # shellcheck disable=SC2086
        "$cogov" run "$sc" --seed "$r" $days -o "$f" --force \
            ${cache:+--burn-in-cache "$cache"}
        files="$files $f"
        r=$((r + 1))
    done
done
# shellcheck disable=SC2086
"$cogov" plot $files -o "$out/compare.png" --force
# shellcheck disable=SC2086
"$cogov" plot $files -o "$out/compare-zh.png" --lang zh --force
# shellcheck disable=SC2086
"$cogov" report $files --format markdown -o "$out/report.md" --force
echo
echo "results in $out/:"
for f in $files "$out/compare.png" "$out/compare-zh.png" "$out/report.md"; do
    echo "  $f"
done
