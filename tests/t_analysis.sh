# cogov plot, report, export and info end to end on small runs: figures
# hold their panels and legend entries (generated script and SVG text),
# report numbers equal means computed here with awk from the exported CSV,
# and every error case exits non-zero with one clear message and leaves no
# figure behind.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"
RUN="--days 40 -q"
# tiny runs: one thread each keeps the shared machine free
OMP_NUM_THREADS=1
export OMP_NUM_THREADS

# two scenarios with the same three seeds, one more with a single run
for s in 1 2 3; do
    "$COGOV" run "$SMALL" $RUN --seed $s --set name=baseline -o base$s.h5
    "$COGOV" run "$SMALL" $RUN --seed $s --set name=triage \
        --set mechanisms.triage.enabled=true -o tri$s.h5
done
"$COGOV" run "$SMALL" $RUN --seed 9 --set name=linkage \
    --set mechanisms.linkage.enabled=true -o link.h5
RUNS="base1.h5 base2.h5 base3.h5 tri1.h5 tri2.h5 tri3.h5 link.h5"

# --- the dashboard ---------------------------------------------------
check "dashboard SVG" "$COGOV" plot $RUNS -o dash.svg --keep keep
expect "SVG written" test -s dash.svg
expect "no .partial left" test ! -e dash.svg.partial
for t in "Scenario comparison" Backlog "Time in system" Satisfaction \
    "Trust in government" Participation "Government spending" \
    "Who resolves matters" "baseline (3 runs)" "triage (3 runs)" \
    "linkage" "government" "kin and neighbours" "open matters (matters)" \
    "spending (yuan/day)"; do
    expect "SVG shows '$t'" grep -qF ">$t" dash.svg
done
expect "the note explains the bands" grep -qF "bands: 95% CI of the mean" dash.svg
expect "three scenarios in the script" \
    grep -qF 'array G_title[3] = ["baseline (3 runs)", "triage (3 runs)", "linkage"]' keep/plot.gp
expect "six metric panels" grep -qx 'nm = 6' keep/plot.gp
expect "the channel panel" grep -qx 'ch = 1' keep/plot.gp
expect "the dashboard script of analysis/" grep -qF "# ---- analysis/dashboard.gp ----" keep/plot.gp
expect "one data file per scenario" test -s keep/scenario1.dat -a -s keep/scenario3.dat
expect "40 days of data" test "$(grep -vc '^#' keep/scenario1.dat)" -eq 40
expect "channels: a row per scenario" test "$(grep -vc '^#' keep/channels.dat)" -eq 3
# the kept script redraws the figure by itself
check "kept script redraws" sh -c 'cd keep && gnuplot plot.gp'
expect "redrawn to the same name" test -s dash.svg

# the band: day 20 of matters_open in scenario1.dat is the mean of the
# three baseline runs' 7-day trailing means, recomputed here from CSV
for s in 1 2 3; do "$COGOV" export base$s.h5 --csv b$s.csv; done
cat b1.csv b2.csv b3.csv | awk -F, '$5 == "matters_open" && $7 == "" && $4 >= 14 && $4 <= 20 {
    s += $6; n++ } END { printf "%.6f\n", s / n }' > want
awk '$1 == 20 { printf "%.6f\n", $2 }' keep/scenario1.dat > got
expect "band centre = mean of smoothed replicates ($(cat want))" cmp -s want got

check "PNG with custom panels" "$COGOV" plot $RUNS -o two.png \
    --metrics satisfaction_mean,matters_resolved --keep keep2
expect "PNG signature" sh -c 'head -c 8 two.png | od -An -c | grep -q "P   N   G"'
expect "two panels" grep -qx 'nm = 2' keep2/plot.gp
expect "no channel panel unless asked" grep -qx 'ch = 0' keep2/plot.gp
check "PDF" "$COGOV" plot base1.h5 tri1.h5 -o d.pdf --smooth 1
expect "PDF signature" sh -c 'head -c 5 d.pdf | grep -q "%PDF"'

# Chinese
check "--lang zh" "$COGOV" plot $RUNS -o zh.svg --lang zh
for t in 情景比较 积压事务 在途时间 满意度 对政府的信任 居民参与 政府支出 \
    事务由谁解决 "baseline（3 次）" 未办结事务（件） 亲友邻里; do
    expect "zh SVG shows '$t'" grep -qF ">$t" zh.svg
done
expect "zh uses a CJK font" grep -qF 'font-family="Noto Sans CJK SC"' zh.svg

# small multiples
check "--by-community" "$COGOV" plot base1.h5 --by-community \
    --metrics satisfaction_mean -o com.svg
for t in "community 0" "community 1" "community 2" "Satisfaction by community" \
    "mean of communities"; do
    expect "communities SVG shows '$t'" grep -qF ">$t" com.svg
done
expect "no community 3 in a 3-community run" sh -c '! grep -qF ">community 3<" com.svg'

# --- report ----------------------------------------------------------
check "report text" "$COGOV" report $RUNS
expect "report names the reference" grep -q "differences from 'baseline'" "$WORK/out"
check "report markdown" "$COGOV" report $RUNS --format markdown -o rep.md
expect "markdown table" grep -q '^| metric | scenario | n | mean | 95% CI |' rep.md
check "report csv" "$COGOV" report $RUNS --format csv --window 10 \
    --metrics matters_open,satisfaction_mean -o rep.csv
# mean over replicates of the final-10-day means, from the exported CSV
for s in 1 2 3; do
    awk -F, '$5 == "matters_open" && $7 == "" && $4 >= 30 { s += $6; n++ }
        END { printf "%.17g\n", s / n }' b$s.csv
done | awk '{ s += $1 } END { printf "%.6f\n", s / 3 }' > want
awk -F, '$1 == "matters_open" && $3 == "baseline" { printf "%.6f\n", $5 }' rep.csv > got
expect "report mean = awk mean of final windows ($(cat want))" cmp -s want got
expect "paired difference for triage" grep -q '^matters_open,matters,triage,3,.*,paired,10$' rep.csv
expect "Welch for the single linkage run" grep -q '^matters_open,matters,linkage,1,.*,welch,10$' rep.csv
check_fails "report refuses to overwrite" "rep.csv exists" "$COGOV" report $RUNS -o rep.csv
# --reference: differences from another scenario, the same numbers with
# the sign turned
check "report --reference" "$COGOV" report $RUNS --format csv --window 10 \
    --metrics matters_open --reference triage -o ref.csv
expect "reference column names triage" grep -q '^matters_open,matters,baseline,3,.*,triage,' ref.csv
a=$(awk -F, '$3 == "triage" { print $9 }' rep.csv)
b=$(awk -F, '$3 == "baseline" { print $9 }' ref.csv)
expect "diff vs triage = -(diff vs baseline) ($a, $b)" \
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(a + b == 0 && a != 0) }'
check_fails "unknown --reference lists the scenarios" \
    "no scenario 'nope' among the runs \(scenarios: baseline, triage, linkage\)" \
    "$COGOV" report $RUNS --reference nope

# --- export and info -------------------------------------------------
check "export long, several runs" "$COGOV" export base1.h5 tri1.h5 --csv two.csv
expect "both runs in the long CSV" test "$(cut -d, -f2 two.csv | sort -u | tr '\n' ' ')" = "baseline scenario triage "
# tidy: community, channel and scope in their own columns
head -n 1 two.csv > hdr
expect "tidy header" grep -qx "run,scenario,seed,day,metric,value,community,channel,scope" hdr
expect "no metric packs a column into its name" sh -c "! cut -d, -f5 two.csv | grep -q -e '\\[' -e '^community_satisfaction_mean'"
expect "channel rows: 10 channels a day" test "$(awk -F, '$1 == "base1.h5" && $5 == "resolved_by_channel" && $8 != ""' two.csv | wc -l)" -eq $((40 * 10))
expect "scope rows name the scope" test "$(awk -F, '$5 == "open_by_scope" && $4 == 0 && $1 == "base1.h5" { print $9 }' two.csv | tr '\n' ' ')" = "private community government "
expect "community rows: 3 communities a day" test "$(awk -F, '$1 == "base1.h5" && $5 == "satisfaction_mean" && $7 != ""' two.csv | wc -l)" -eq $((40 * 3))
# the community column agrees with the wide form's community_X[k]
"$COGOV" export base1.h5 --wide --csv w.csv
col=$(head -n 1 w.csv | tr , '\n' | grep -nx 'community_satisfaction_mean\[2\]' | cut -d: -f1)
awk -F, -v c="$col" 'NR > 1 { print $1, $c }' w.csv > wide2
awk -F, '$1 == "base1.h5" && $5 == "satisfaction_mean" && $7 == 2 { print $4, $6 }' two.csv > long2
expect "community 2 in the long form = the wide column" cmp -s wide2 long2
# gzip: FILE.gz, or -z to stdout, the same bytes once inflated
check "export to FILE.gz" "$COGOV" export base1.h5 tri1.h5 --csv two.csv.gz
expect "gzip signature" sh -c 'head -c 2 two.csv.gz | od -An -tx1 | grep -q "1f 8b"'
expect "gzip inflates to the plain CSV" sh -c 'gzip -dc two.csv.gz | cmp -s - two.csv'
"$COGOV" export base1.h5 tri1.h5 -z > z.gz
expect "-z to stdout" sh -c 'gzip -dc z.gz | cmp -s - two.csv'
# snapshots: a row per resident, building and community size from the file
"$COGOV" run "$SMALL" --days 12 -q --set output.snapshot_every=5 -o snap.h5
check "export --snapshots" "$COGOV" export snap.h5 --snapshots --csv snap.csv
expect "snapshot header" grep -qx "run,scenario,seed,day,resident,community,community_size,building,efficacy,flags,grievance,participating,satisfaction,threshold,trust_com,trust_gov,volunteer_hours" snap.csv
expect "days 0, 5 and 10, 3000 residents each" test "$(cut -d, -f4 snap.csv | sort | uniq -c | awk '$2 != "day" { printf "%s:%s ", $2, $1 }')" = "0:3000 10:3000 5:3000 "
expect "community_size = residents counted per community" sh -c "awk -F, 'NR > 1 && \$4 == 5 { n[\$6]++; s[\$6] = \$7 } END { for (c in n) if (n[c] != s[c]) exit 1 }' snap.csv"
expect "buildings numbered across the district" test "$(awk -F, 'NR > 1 { print $8 }' snap.csv | sort -un | wc -l)" -gt 3
h5dump -d /snapshots/day_00005/residents/trust_gov -m %.9g snap.h5 | awk '/\(0\)/ { gsub(/,/, ""); print $2; exit }' > want
awk -F, '$4 == 5 && $5 == 0 { print $16 }' snap.csv > got
expect "snapshot value read back ($(cat want))" cmp -s want got
check "--day picks one snapshot" "$COGOV" export snap.h5 --snapshots --day 10 --csv s10.csv
expect "3000 rows of day 10" test "$(awk -F, 'NR > 1 && $4 == 10' s10.csv | wc -l)" -eq 3000 -a "$(wc -l < s10.csv)" -eq 3001
check_fails "no snapshot of that day" "no snapshot of day 7" "$COGOV" export snap.h5 --snapshots --day 7
check_fails "a run without snapshots" "base1.h5: no snapshots \(run with --set output.snapshot_every=N\)" \
    "$COGOV" export base1.h5 --snapshots
check_fails "--day without --snapshots" "--day picks a snapshot" "$COGOV" export snap.h5 --day 5
check "info" "$COGOV" info base1.h5
for t in "scenario    baseline" "seed        1" "days        40 of 40" \
    "complete    yes" "mechanisms  none"; do
    expect "info shows '$t'" grep -qF "$t" "$WORK/out"
done
check "info names the mechanisms on" "$COGOV" info tri1.h5
expect "triage is on" grep -q "^mechanisms  triage$" "$WORK/out"
check "info --metrics" "$COGOV" info --metrics
expect "metric table with both labels" grep -q "^matters_open .*Backlog / 积压事务" "$WORK/out"

# --- paper figures -----------------------------------------------------
# --diff-from: each day's difference from the reference, paired by seed
# as cogov report pairs (raw days: --smooth 1), recomputed here by awk
check "--diff-from" "$COGOV" plot $RUNS --diff-from baseline --smooth 1 \
    --metrics matters_open,satisfaction_mean -o diff.svg --keep keepd
for s in 1 2 3; do "$COGOV" export tri$s.h5 --csv t$s.csv; done
cat b1.csv b2.csv b3.csv | awk -F, '$5 == "matters_open" && $7 == "" && $4 == 25 { s -= $6 } END { printf "%s ", s }' > want
cat t1.csv t2.csv t3.csv | awk -F, '$5 == "matters_open" && $7 == "" && $4 == 25 { s += $6 } END { print s }' >> want
awk '{ printf "%.6f\n", ($1 + $2) / 3 }' want > want2
awk '$1 == 25 { printf "%.6f\n", $2 }' keepd/scenario1.dat > got
expect "triage - baseline on day 25 = awk paired mean ($(cat want2))" cmp -s want2 got
expect "one line per scenario but the reference" test ! -e keepd/scenario3.dat -a -s keepd/scenario2.dat
expect "title names the reference" grep -qF ">Difference from baseline" diff.svg
expect "a dashed zero line" grep -qx 'diff = 1' keepd/plot.gp
check_fails "--diff-from an unknown scenario" "no scenario 'nope' among the runs" \
    "$COGOV" plot $RUNS --diff-from nope -o x.svg
check_fails "--diff-from and the channel bars" "resolved_by_channel is a bar chart" \
    "$COGOV" plot $RUNS --diff-from baseline --metrics resolved_by_channel -o x.svg
# a panel without differences says so: the same runs under two names
for s in 1 2 3; do
    "$COGOV" run "$SMALL" $RUN --seed $s --set name=twin -o twin$s.h5
done
check "twins against baseline" "$COGOV" plot base1.h5 base2.h5 base3.h5 twin1.h5 twin2.h5 twin3.h5 \
    --metrics matters_open,trust_gov_mean -o twins.svg --keep keept
expect "equal scenarios: every panel says they differ less than the bands" \
    grep -qx 'array M_note\[2\] = \["scenarios differ by less than the width of their 95% bands", "scenarios differ by less than the width of their 95% bands"\]' keept/plot.gp
expect "the note is in the figure" grep -qF ">scenarios differ by less than the width" twins.svg
check "twins as differences" "$COGOV" plot base1.h5 base2.h5 base3.h5 twin1.h5 twin2.h5 twin3.h5 \
    --diff-from baseline --metrics matters_open -o twind.svg --keep keeptd
expect "no difference beyond the CI, said" grep -qF ">no difference beyond the 95% CI on any day" twind.svg
expect "a real difference draws no such note" grep -qx 'array M_note\[2\] = \["", ""\]' keepd/plot.gp
# --from drops the warm-up
check "--from 10" "$COGOV" plot $RUNS --from 10 -o from.svg --keep keepf
expect "first row is day 10" test "$(grep -v '^#' keepf/scenario1.dat | head -n 1 | cut -d' ' -f1)" = 10
expect "the axis starts at day 10" grep -qx 'xfrom = 10' keepf/plot.gp
check_fails "--from beyond the runs" "--from 400: the runs end at day 39" \
    "$COGOV" plot $RUNS --from 400 -o x.svg
# count metrics: bands never below 0 (3 replicates of rare events would
# give a t interval below 0)
check "counts" "$COGOV" plot $RUNS --metrics matters_resolved,matters_abandoned \
    --smooth 1 -o counts.svg --keep keepc
expect "no band of a count below 0" sh -c "grep -hv '^#' keepc/scenario*.dat | awk '{ for (i = 3; i <= NF; i += 3) if (\$i < 0) exit 1 }'"
# ... which the t interval alone would give on some day: the replicate
# values of day d from the CSVs, mean - t(2) sd / sqrt(3) < 0
cat b1.csv b2.csv b3.csv | awk -F, '$5 == "matters_resolved" && $7 == "" { s[$4] += $6; q[$4] += $6 * $6 }
    END { for (d in s) { m = s[d] / 3; v = (q[d] - 3 * m * m) / 2; if (v > 0 && m - 4.303 * sqrt(v / 3) < 0) n++ } print n + 0 }' > negdays
expect "the raw t interval would go below 0 on $(cat negdays) days" test "$(cat negdays)" -gt 0
# --size in inches or cm; PDF with its fonts embedded
check "--size 8.9cm,6cm PDF" "$COGOV" plot $RUNS --size 8.9cm,6cm -o col.pdf
expect "PDF page 8.9 cm x 6 cm" sh -c "grep -ao 'MediaBox *\[[^]]*\]' col.pdf | head -n 1 | awk '{ gsub(/[][]/, \"\"); exit !(\$4 > 250 && \$4 < 254 && \$5 > 168 && \$5 < 172) }'"
expect "every font of the PDF embedded" sh -c 'n=$(grep -ac "/FontName" col.pdf); f=$(grep -ac "/FontFile" col.pdf); test "$n" -gt 0 -a "$f" -ge "$n"'
check "--size 7,5 in inches" "$COGOV" plot base1.h5 --size 7,5 -o in.pdf
expect "PDF page 7 x 5 in" sh -c "grep -ao 'MediaBox *\[[^]]*\]' in.pdf | head -n 1 | grep -q '504 360'"
check "--size PNG" "$COGOV" plot base1.h5 --size 3.5,2.5 --metrics matters_open -o small.png
expect "PNG at 300 dpi: 1050 x 750 pixels" \
    test "$(od -An -tu1 -j16 -N8 small.png | tr -s ' ')" = " 0 0 4 26 0 0 2 238"
check_fails "--size without H" "--size '7': expected W,H" "$COGOV" plot base1.h5 --size 7 -o x.pdf
check_fails "--size too small" "each side must be 1 to 50 inches" "$COGOV" plot base1.h5 --size 1cm,1cm -o x.pdf
# tick labels never collide: the per-community view of 12 communities,
# and the checker itself finds collisions when ticks are forced dense
"$COGOV" run "$SMALL" --days 400 -q --set population.communities=12 -o c12.h5
check "12 communities" "$COGOV" plot c12.h5 --by-community -o c12.svg --keep keep12
expect "no two tick labels collide ($(awk -f "$TOP/tests/ticks.awk" c12.svg))" \
    sh -c "awk -f '$TOP/tests/ticks.awk' c12.svg 2>/dev/null | awk '{ exit !(\$1 > 20 && \$2 == 0) }'"
check "a 17 x 12 cm figure per community" "$COGOV" plot c12.h5 --by-community --size 17cm,12cm -o c12s.svg
expect "no collisions at 17 x 12 cm" sh -c "awk -f '$TOP/tests/ticks.awk' c12s.svg 2>/dev/null | awk '{ exit !(\$2 == 0) }'"
sed 's/^xstep = .*/xstep = 25/' keep12/plot.gp > keep12/dense.gp
(cd keep12 && gnuplot -e 'out="dense.svg"' dense.gp)
expect "the checker sees forced collisions" \
    sh -c "awk -f '$TOP/tests/ticks.awk' keep12/dense.svg 2>/dev/null | awk '{ exit !(\$2 > 0) }'"
# Chinese display names from the scenario's name_zh
for s in 1 2; do
    "$COGOV" run "$SMALL" $RUN --seed $s --set name=zhtest --set name_zh=分诊试点 -o zh$s.h5
done
check "name_zh in a Chinese figure" "$COGOV" plot zh1.h5 zh2.h5 base1.h5 --lang zh -o zhn.svg
expect "the Chinese name in the key" grep -qF ">分诊试点（2 次）" zhn.svg
expect "a scenario without name_zh keeps its name" grep -qF ">baseline" zhn.svg
check "name_zh not in English" "$COGOV" plot zh1.h5 zh2.h5 -o enn.svg
expect "English figures keep the name" grep -qF ">zhtest (2 runs)" enn.svg

# --- errors ----------------------------------------------------------
check_fails "gnuplot missing" "gnuplot not found on PATH.*apt-get install gnuplot-nox" \
    env PATH=/nonexistent "$COGOV" plot base1.h5 -o nognuplot.png
expect "no figure without gnuplot" test ! -e nognuplot.png -a ! -e nognuplot.png.partial
check_fails "gnuplot failing" "gnuplot failed \(exit 1\)" \
    env COGOV_GNUPLOT=/bin/false "$COGOV" plot base1.h5 -o fail.png
expect "no figure when gnuplot fails" test ! -e fail.png -a ! -e fail.png.partial
printf 'not hdf5\n' > text.h5
check_fails "not HDF5" "text.h5: not an HDF5 file" "$COGOV" plot text.h5
h5copy -i base1.h5 -o plain.h5 -s /config -d /config
check_fails "HDF5 but not cogov" "plain.h5: an HDF5 file but not a cogov output" \
    "$COGOV" report plain.h5
check_fails "missing file" "nothere.h5: cannot open" "$COGOV" export nothere.h5
# an incomplete run: stopped by a signal, it leaves NAME.partial (complete=0)
"$COGOV" run "$SMALL" --days 36500 -q -o long.h5 2>/dev/null &
pid=$!
i=0
while [ ! -e long.h5.partial ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill -TERM $pid
wait $pid
for cmd in plot report export; do
    check_fails "$cmd of an incomplete run" "long.h5.partial: incomplete run \(complete=0\)" \
        "$COGOV" $cmd long.h5.partial
done
check_fails "info of an incomplete run describes it and fails" "incomplete run" \
    "$COGOV" info long.h5.partial
expect "info says complete: no" grep -q "^complete    no" "$WORK/out"
check_fails "unknown metric" "unknown metric 'backlog'; metrics are: matters_new" \
    "$COGOV" plot base1.h5 --metrics backlog -o m.png
check_fails "unknown metric in report" "unknown metric 'backlog'" \
    "$COGOV" report base1.h5 --metrics backlog
check_fails "unknown community metric" "unknown community metric 'gov_spending'.*matters_open" \
    "$COGOV" plot base1.h5 --by-community --metrics gov_spending -o m.png
expect "no figure after an unknown metric" test ! -e m.png
check_fails "existing figure kept" "dash.svg exists; use --force" "$COGOV" plot base1.h5 -o dash.svg
check "--force replaces it" "$COGOV" plot base1.h5 -o dash.svg --force
check_fails "unknown format" "unknown figure format '.gif'" "$COGOV" plot base1.h5 -o x.gif
check_fails "unknown language" '--lang: "fr" is not one of en, zh' "$COGOV" plot base1.h5 --lang fr
"$COGOV" run "$SMALL" $RUN --seed 2 --set name=baseline \
    --set population.migrant_share=0.5 -o other.h5
check_fails "same name, other configuration" "base1.h5 and other.h5 are both scenario 'baseline' but their configurations differ.*migrant_share" \
    "$COGOV" report base1.h5 other.h5
check_fails "--by-community takes one run" "draws one run \(2 given\)" \
    "$COGOV" plot base1.h5 base2.h5 --by-community
check_fails "--sweep with runs" "no run files" "$COGOV" plot --sweep d base1.h5 --x a --z b
mkdir sw
cp base1.h5 sw/index.h5
check_fails "a run is not a sweep index" "not a sweep index" \
    "$COGOV" plot --sweep sw --x seed --z matters_open
summary
