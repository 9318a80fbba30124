#!/bin/sh
# `make fuzz`: replay the regression inputs (tests/bad/*.cfg and
# tests/fuzz/regressions/*), then fuzz the scenario loader for SECONDS
# (default 30) from a corpus seeded with the scenarios and the bad
# inputs; then the same for checkpoint loading (bin/fuzz_checkpoint,
# inputs tests/fuzz/checkpoint/*) for CK_SECONDS (default 20). A crash is kept as build/fuzz/crash-*; make it a case of
# tests/bad/ (NAME.cfg + NAME.err) so that it is never lost.
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-30}
ck_secs=${2:-20}
bin=bin/fuzz_config
out=build/fuzz
mkdir -p "$out/corpus" "$out/tmp"
rm -rf "$out"/tmp/cogov-fuzz.* "$out"/tmp/cogov-fuzzck.*
export TMPDIR="$PWD/$out/tmp"
cp scenarios/*.cfg tests/small.cfg "$out/corpus/" 2>/dev/null
for f in tests/bad/*.cfg; do cp "$f" "$out/corpus/bad_$(basename "$f")"; done
# stdin is /dev/null: a `base = "/dev/stdin";` must not wait for a terminal
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
regress=$(ls tests/bad/*.cfg tests/fuzz/regressions/* 2>/dev/null)
if ! "$bin" -runs=1 $regress </dev/null >"$out/regress.log" 2>&1; then
    tail -n 30 "$out/regress.log"
    echo "fuzz: a regression input fails (log: $out/regress.log)"
    exit 1
fi
echo "fuzz: $(echo "$regress" | wc -w) regression inputs pass; fuzzing for ${secs}s"
if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/" \
    "$out/corpus" </dev/null >"$out/fuzz.log" 2>&1; then
    tail -n 40 "$out/fuzz.log"
    echo "fuzz: FAILED; the input is $(ls -t "$out"/crash-* "$out"/timeout-* "$out"/leak-* 2>/dev/null | head -n 1)"
    echo "fuzz: add it to tests/bad/ (NAME.cfg and NAME.err) once fixed"
    exit 1
fi
grep -E "stat::number_of_executed_units|cov:" "$out/fuzz.log" | tail -n 2
echo "fuzz: no crash in ${secs}s"

# checkpoint loading: crafted saved states (tests/fuzz/fuzz_checkpoint.c);
# its files go to a RAM disk when there is one (each input writes and
# syncs a checkpoint)
ck=bin/fuzz_checkpoint
ckdir="$out/ckcorpus"
mkdir -p "$ckdir"
cp tests/fuzz/checkpoint/* "$ckdir/"
cktmp="$out/tmp"
[ -d /dev/shm ] && [ -w /dev/shm ] && cktmp=$(mktemp -d /dev/shm/cogov-fuzzck.XXXXXX)
ckregress=$(ls tests/fuzz/checkpoint/*)
if ! TMPDIR="$cktmp" "$ck" -runs=1 $ckregress </dev/null >"$out/ckregress.log" 2>&1; then
    tail -n 30 "$out/ckregress.log"
    echo "fuzz: a checkpoint regression input fails (log: $out/ckregress.log)"
    exit 1
fi
echo "fuzz: $(echo "$ckregress" | wc -w) checkpoint inputs pass; fuzzing checkpoints for ${ck_secs}s"
if ! TMPDIR="$cktmp" "$ck" -max_total_time="$ck_secs" -timeout=10 \
    -rss_limit_mb=2048 -max_len=136 -len_control=0 -print_final_stats=1 \
    -artifact_prefix="$out/ck-" "$ckdir" </dev/null >"$out/ckfuzz.log" 2>&1; then
    tail -n 40 "$out/ckfuzz.log"
    echo "fuzz: checkpoint FAILED; the input is $(ls -t "$out"/ck-* 2>/dev/null | head -n 1)"
    echo "fuzz: add it to tests/fuzz/checkpoint/ once fixed"
    [ "$cktmp" != "$out/tmp" ] && rm -rf "$cktmp"
    exit 1
fi
[ "$cktmp" != "$out/tmp" ] && rm -rf "$cktmp"
grep -E "stat::number_of_executed_units" "$out/ckfuzz.log" | tail -n 1
echo "fuzz: no crash in ${ck_secs}s of checkpoints"
# for `make check`'s total: each regression input, and the fuzzing runs
n=$(echo "$regress $ckregress" | wc -w)
[ -n "${CHECK_TOTALS:-}" ] && echo "$((n + 2)) passed, 0 failed" >> "$CHECK_TOTALS"
exit 0
