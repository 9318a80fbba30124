# cogov demo without a terminal: every built-in demo runs to completion as
# plain progress lines, errors are clear and leave nothing behind, the
# demos are found from elsewhere, frames are deterministic, and --gif
# writes an animated GIF with one frame a simulated week (counted by
# walking the GIF's blocks, ImageMagick being unavailable).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8 OMP_NUM_THREADS=2

# gif_frames FILE: "FRAMES TRAILER" of a GIF89a file (image descriptors,
# 1 when the trailer was reached), or "bad ..." when it is not one.
gif_frames() {
    od -An -v -tu1 "$1" | awk '
    function skip_table(packed) { return 3 * 2 ^ (packed % 8 + 1) }
    BEGIN { st = "hdr"; pos = 0; frames = 0; trailer = 0 }
    { for (i = 1; i <= NF; i++) { b = $i + 0; pos++
        if (st == "hdr") {
            split("71 73 70 56 57 97", sig, " ")
            if (pos <= 6 && b != sig[pos]) { print "bad signature"; exit }
            if (pos == 11) packed = b
            if (pos == 13) { if (packed >= 128) { skip = skip_table(packed); st = "skip"; after = "block" } else st = "block" }
        } else if (st == "skip") {
            if (--skip == 0) st = after
        } else if (st == "block") {
            if (b == 33) st = "label"
            else if (b == 44) { frames++; need = 9; st = "desc" }
            else if (b == 59) { trailer = 1; st = "end" }
            else { print "bad block " b " at " pos; exit }
        } else if (st == "label") {
            st = "sub"
        } else if (st == "sub") {
            if (b == 0) st = "block"; else { skip = b; st = "skip"; after = "sub" }
        } else if (st == "desc") {
            if (--need == 0) {
                if (b >= 128) { skip = skip_table(b); st = "skip"; after = "lzw" } else st = "lzw"
            }
        } else if (st == "lzw") {
            st = "sub"
        }
    } }
    END { if (st != "end" && !trailer) print frames, 0; else print frames, trailer }'
}

check "demo --help" "$COGOV" demo --help
expect "help names the keys" grep -q "space pause/play" "$WORK/out"
check "demo lists the demos" "$COGOV" demo
for d in baseline triage linkage purchase venture microprojects grid mediation station tipping; do
    expect "listed: $d" grep -q "^  $d " "$WORK/out"
done
check "listed in Chinese" "$COGOV" demo --list --lang zh
expect "Chinese titles" grep -q "三事分流（对照：baseline）" "$WORK/out"
check "Chinese by default under a Chinese locale" env LANG=zh_CN.UTF-8 "$COGOV" demo tipping --days 7
expect "zh from LANG" grep -q "格兰诺维特阈值模型" "$WORK/out"

# a whole demo, non-interactively: the explanation, then one line a week
# for each of the two runs, to the last day
"$COGOV" demo triage < /dev/null > triage.txt 2> triage.err
expect "triage demo runs to completion" test $? -eq 0
expect "explanation first" sh -c 'head -n 1 triage.txt | grep -q "^Baseline: top-down"'
expect "both runs explained" grep -q "Nan'an, Chongqing" triage.txt
expect "52 weeks of baseline" test "$(grep -c '^week [0-9]* day [0-9]* baseline: ' triage.txt)" -eq 52
expect "52 weeks of triage" test "$(grep -c '^week [0-9]* day [0-9]* triage: ' triage.txt)" -eq 52
expect "last day 363" grep -q "^week 52 day 363 triage: open=" triage.txt
expect "deliberation only under triage" sh -c '! grep -q "baseline: .* solved_deliberation=[1-9]" triage.txt && grep -q "triage: .* solved_deliberation=[1-9]" triage.txt'
expect "nothing on stderr" test ! -s triage.err
expect "no HDF5 written" sh -c '! ls *.h5 >/dev/null 2>&1'

# every other built-in demo starts and runs (two weeks each, for speed)
for d in baseline linkage purchase venture microprojects grid mediation party station tipping_base tipping; do
    check "demo $d runs" "$COGOV" demo "$d" --days 14
    expect "demo $d: two weeks" grep -q "^week 2 day 13 " "$WORK/out"
done
check "Chinese explanation" "$COGOV" demo tipping --days 7 --lang zh
expect "zh text" grep -q "格兰诺维特阈值模型" "$WORK/out"
check "two demos side by side" "$COGOV" demo triage linkage --days 7
expect "no partner when two are named" sh -c "! grep -q ' baseline: ' '$WORK/out' && grep -q ' linkage: ' '$WORK/out'"

# any scenario file, explained by its leading comments
printf '# My district: a test scenario.\n# Nothing but a small run.\nbase = "%s";\n' "$TOP/tests/small.cfg" > mine.cfg
check "a scenario file" "$COGOV" demo mine.cfg --days 7
expect "its comments explain it" grep -q "^  Nothing but a small run." "$WORK/out"
expect "its title" grep -q "^My district: a test scenario." "$WORK/out"

# errors: one clear message, non-zero exit
check_fails "unknown demo" "no built-in demo 'tripage'.*baseline, triage" "$COGOV" demo tripage
check_fails "missing file" "no such scenario file 'nothere.cfg'" "$COGOV" demo nothere.cfg
check_fails "three runs" "at most two runs" "$COGOV" demo baseline triage linkage
check_fails "bad --lang" '--lang: "fr" is not one of en, zh' "$COGOV" demo triage --lang fr
check_fails "bad --map" "--map 'happiness'.*participation" "$COGOV" demo triage --map happiness
check_fails "bad --map-range" "--map-range '1:0'" "$COGOV" demo triage --map-range 1:0
check_fails "bad --speed" '--speed: "fast" is not a number' "$COGOV" demo triage --speed fast
check_fails "bad --set" "population.residnts.*did you mean" "$COGOV" demo triage --set population.residnts=10
check_fails "bad --days" "time.days" "$COGOV" demo triage --days 0
check_fails "unknown option" "unknown option '--colour'" "$COGOV" demo triage --colour
check_fails "value missing" "--gif needs a value" "$COGOV" demo triage --gif

# the demos are found next to the executable, through COGOV_HOME, or in
# the current directory; else the error says how to point at them
mkdir -p elsewhere/bin
cp "$COGOV" elsewhere/bin/cogov
check_fails "demos not found" "COGOV_HOME" elsewhere/bin/cogov demo triage --days 7
check "COGOV_HOME" env COGOV_HOME="$TOP" elsewhere/bin/cogov demo triage --days 7
check "current directory" sh -c "cd '$TOP' && '$WORK/elsewhere/bin/cogov' demo triage --days 7"
check_fails "bad COGOV_HOME" "COGOV_HOME=/nonexistent" env COGOV_HOME=/nonexistent "$COGOV" demo triage

# determinism: the frames are the same for any thread count, and differ
# with the seed
check "frames, 1 thread" "$COGOV" demo linkage --days 56 --data d1 --threads 1
check "frames, 2 threads" "$COGOV" demo linkage --days 56 --data d2 --threads 2
check "frames, seed 2" "$COGOV" demo linkage --days 56 --data d3 --seed 2
for f in run1.csv run1_map.dat run2.csv run2_map.dat; do
    expect "$f identical across threads" cmp -s "d1/$f" "d2/$f"
done
expect "another seed, other frames" sh -c '! cmp -s d1/run2.csv d3/run2.csv'
expect "8 frames a run" test "$(wc -l < d1/run1.csv)" -eq 9
check_fails "data not overwritten" "d1/run1.csv exists.*--force" "$COGOV" demo linkage --days 7 --data d1
echo x > notadir
check_fails "--data on a file" "--data notadir: not a folder" "$COGOV" demo linkage --days 7 --data notadir
check_fails "--frames on a file" "--frames notadir: not a folder" "$COGOV" demo linkage --days 7 --frames notadir
expect "data kept" cmp -s d1/run1.csv d2/run1.csv

# Ctrl-C stops a plain run with 130 and says so
"$COGOV" demo triage --days 7300 > long.txt 2> long.err &
pid=$!
# (the first week, not a fixed time: a signal before the handlers are set
# is ignored in a background job, and a loaded machine builds slowly)
i=0
while [ $i -lt 150 ] && ! grep -q "^week" long.txt 2>/dev/null; do sleep 0.2; i=$((i + 1)); done
kill -INT $pid
wait $pid
expect "SIGINT exits 130" test $? -eq 130
expect "SIGINT is reported" grep -q "stopped by signal 2" long.err

# the GIF: one frame a week (a last partial week too), complete, atomic
check "gif" "$COGOV" demo tipping --days 35 --gif t.gif
expect "gif reported" grep -q "wrote t.gif (5 frames" "$WORK/out"
expect "gif has 5 frames and a trailer" test "$(gif_frames t.gif)" = "5 1"
expect "no partial gif" test ! -e t.gif.partial
check "gif, partial week, Chinese" "$COGOV" demo triage --days 36 --gif z.gif --lang zh
expect "6 frames" test "$(gif_frames z.gif)" = "6 1"
check "gif again" "$COGOV" demo tipping --days 35 --gif t2.gif
expect "same seed, same GIF" cmp -s t.gif t2.gif
cp t.gif keep.gif
check_fails "gif not overwritten" "t.gif exists.*--force" "$COGOV" demo tipping --days 14 --gif t.gif
expect "gif untouched" cmp -s t.gif keep.gif
check "gif --force" "$COGOV" demo tipping --days 14 --gif t.gif --force
expect "2 frames now" test "$(gif_frames t.gif)" = "2 1"
printf 'base = "%s";\ntime = { days = 14; };\n' "$TOP/tests/small.cfg" > short.cfg
check "gif of runs of different lengths" "$COGOV" demo short.cfg mine.cfg --gif two.gif
expect "as many frames as the longer run" test "$(gif_frames two.gif)" = "9 1"
mkdir -p nognuplot
check_fails "no gnuplot" "gnuplot not found.*apt-get" env PATH="$WORK/nognuplot" "$COGOV" demo tipping --days 14 --gif none.gif
expect "no gif without gnuplot" test ! -e none.gif -a ! -e none.gif.partial
# the frame counter itself: a non-GIF and a cut GIF are told apart
printf 'GIF87a-not-really' > fake.gif
fake=$(gif_frames fake.gif)
expect "the frame counter rejects a non-GIF" test "${fake%% *}" = bad
head -c 20000 z.gif > cut.gif
expect "the frame counter sees a cut GIF" test "$(gif_frames cut.gif | cut -d' ' -f2)" = 0
# --frames DIR: a PNG a week and a PDF with a page a week, for slides
check "stills" "$COGOV" demo triage --days 21 --lang zh --frames stills
expect "a PNG a week" test "$(ls stills/week*.png | wc -l)" -eq 3
expect "PNG files" sh -c 'for f in stills/week*.png; do head -c 8 $f | od -An -c | grep -q "P   N   G" || exit 1; done'
expect "a PDF page a week" test "$(grep -a -c '/Type /Page\b' stills/weeks.pdf)" -eq 3
expect "nothing else left in DIR" test "$(ls -A stills | wc -l)" -eq 4
cp stills/weeks.pdf keep.pdf
check_fails "stills not overwritten" "stills/week01.png exists.*--force" "$COGOV" demo triage --days 14 --frames stills
expect "stills untouched" cmp -s stills/weeks.pdf keep.pdf
check "stills --force" "$COGOV" demo triage --days 14 --frames stills --force
expect "2 pages now" test "$(grep -a -c '/Type /Page\b' stills/weeks.pdf)" -eq 2
expect "and no stale third week" test ! -e stills/week03.png
check_fails "no gnuplot, no stills" "gnuplot not found" env PATH="$WORK/nognuplot" "$COGOV" demo triage --days 14 --frames nostills
expect "nothing left behind" test "$(ls -A nostills | wc -l)" -eq 0

# The tipping demo shows what the lesson guide says it shows: on the left
# participation stays low, on the right it jumps several-fold within
# weeks (seeds 1 and 2).
for seed in 1 2; do
    check "tipping demo, seed $seed" "$COGOV" demo tipping --plain --go --days 91 --seed $seed
    expect "seed $seed: below the point participation stays under 10%" awk '
        /^week 13 .* tipping_base:/ { for (i = 1; i <= NF; i++) if ($i ~ /^participation=/) { split($i, a, "="); b = a[2] } }
        END { exit !(b != "" && b < 0.10) }' "$WORK/out"
    expect "seed $seed: above it participation is several times higher" awk '
        /^week 13 .* tipping_base:/ { for (i = 1; i <= NF; i++) if ($i ~ /^participation=/) { split($i, a, "="); b = a[2] } }
        /^week 13 .* tipping:/ { for (i = 1; i <= NF; i++) if ($i ~ /^participation=/) { split($i, a, "="); t = a[2] } }
        END { exit !(b > 0 && t > 3 * b) }' "$WORK/out"
done
summary
