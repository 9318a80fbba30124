# The scenario library: every .cfg under scenarios/ (subdirectories too,
# but for the sweep files of scenarios/sweeps/, planned by t_sweep.sh, and
# the calibration targets of targets.cfg)
# resolves and runs, shortened; the library's own files say what they are
# (a header naming the practice and the what-if, a name matching the file).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
LIB="$TOP/scenarios"

# pop_key KEY FILE: population.KEY of a resolved configuration
pop_key() {
    sed -n "/^population = {/,/^};/s/^  $1 = \(.*\);/\1/p" "$2"
}

files=$(find "$LIB" -name '*.cfg' -not -path "$LIB/sweeps/*" \
    -not -name targets.cfg | sort)
expect "scenarios/ holds scenario files" test -n "$files"
for f in $files; do
    rel=${f#"$TOP"/}
    check "$rel resolves" "$COGOV" config "$f"
    # short and small: at most 4 000 residents (a community keeps at
    # least 100), 20 days after a 30-day burn-in (the switch to the
    # scenario at day 0 is run); the Pingshan district never at full size
    n=$(pop_key residents "$WORK/out")
    c=$(pop_key communities "$WORK/out")
    small=$n
    [ "$n" -gt 4000 ] && small=4000
    [ "$small" -lt $((c * 100)) ] && small=$((c * 100))
    check "$rel runs (shortened)" "$COGOV" run "$f" --days 20 \
        --set time.burn_in_days=30 \
        --set population.residents="$small" --threads 1 -o run.h5 -q --force
    h5dump -a /complete run.h5 2>/dev/null | grep -q "(0): 1"
    expect "$rel: complete output" test $? -eq 0
done

# the library's top level (scenarios/demo/ is the classroom's)
for f in "$LIB"/*.cfg; do
    b=$(basename "$f")
    expect "$b opens with '# $b:'" sh -c "head -n 1 '$f' | grep -q '^# $b: '"
    [ "$b" = base.cfg ] && continue
    # targets.cfg: the calibration targets (docs/SENSITIVITY.md), loaded
    # by tests/t_calibrate.sh
    [ "$b" = targets.cfg ] && continue
    expect "$b inherits (base = ...)" grep -q '^base = "' "$f"
    expect "$b names its what-if" grep -q '^# What-if: ' "$f"
    expect "$b says what to compare it with" grep -qi '^#.*compare' "$f"
    stem=${b%.cfg}
    expect "$b: name = \"$stem\"" grep -q "^name = \"$stem\";" "$f"
done

# the regime files the issue names are all there
for s in base baseline triage linkage purchase grid_mediation all pingshan; do
    expect "scenarios/$s.cfg exists" test -f "$LIB/$s.cfg"
done
# the Pingshan district: 23 communities, about 650 000 residents, over 90%
# non-registered (seed 001)
"$COGOV" config "$LIB/pingshan.cfg" > ps.cfg
expect "pingshan: 23 communities" test "$(pop_key communities ps.cfg)" = 23
expect "pingshan: 650 000 residents" test "$(pop_key residents ps.cfg)" = 650000
share=$(pop_key migrant_share ps.cfg)
expect "pingshan: over 90% non-registered ($share)" \
    awk -v s="$share" 'BEGIN { exit !(s > 0.9) }'
summary
