#!/bin/sh
# The main job of `make run`: run the default scenario comparison and draw
# a figure comparing them. Usage: analysis/compare.sh OUTDIR [SCENARIO...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-results}
shift || true
[ $# -gt 0 ] || set -- "$top/scenarios/baseline.cfg" "$top/scenarios/more_staff.cfg"
mkdir -p "$out"
files=""
for sc in "$@"; do
    name=$(basename "$sc" .cfg)
    f="$out/$name.h5"
    "$top/bin/cogov" run "$sc" -o "$f" --force
    files="$files $f"
done
# shellcheck disable=SC2086
sh "$top/analysis/plot_compare.sh" "$out/compare.png" $files
echo
echo "results in $out/:"
for f in $files "$out/compare.png"; do echo "  $f"; done
