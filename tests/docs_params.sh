#!/bin/sh
# The parameter section of docs/MODEL.md is generated from the engine's
# parameter table (cogov config --markdown). With --write, rewrite it;
# without, exit 1 if it is stale.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
doc="$top/docs/MODEL.md"
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
"$top/bin/cogov" config --markdown > "$tmp"
awk -v table="$tmp" '
    /<!-- params:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- params:end -->/ { skip = 0 }
    !skip { print }' "$doc" > "$tmp.new"
if [ "${1:-}" = "--write" ]; then
    cp "$tmp.new" "$doc"
    echo "docs/MODEL.md: parameter table rewritten"
elif ! cmp -s "$tmp.new" "$doc"; then
    echo "docs/MODEL.md: the parameter table is stale; run make docs-params" >&2
    exit 1
fi
