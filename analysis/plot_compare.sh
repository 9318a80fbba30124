#!/bin/sh
# Draw a PNG comparing runs (one line per run) from their HDF5 files:
# backlog, resolution days, satisfaction and trust in government.
# Usage: analysis/plot_compare.sh OUT.png RUN.h5 [RUN.h5 ...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
png=$1
shift
command -v gnuplot >/dev/null 2>&1 || {
    echo "plot_compare: gnuplot not found (apt-get install gnuplot-nox)" >&2
    exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plots=""
i=0
for f in "$@"; do
    i=$((i + 1))
    "$top/bin/cogov" export "$f" --wide --csv "$tmp/run$i.csv"
    name=$(basename "$f" .h5)
    plots="$plots$tmp/run$i.csv|$name "
done
gnuplot -e "runs='$plots'; out='$png'" "$top/analysis/compare.gp"
echo "wrote $png"
