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
cat b1.csv b2.csv b3.csv | awk -F, '$5 == "matters_open" && $4 >= 14 && $4 <= 20 {
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
    awk -F, '$5 == "matters_open" && $4 >= 30 { s += $6; n++ }
        END { printf "%.17g\n", s / n }' b$s.csv
done | awk '{ s += $1 } END { printf "%.6f\n", s / 3 }' > want
awk -F, '$1 == "matters_open" && $3 == "baseline" { printf "%.6f\n", $5 }' rep.csv > got
expect "report mean = awk mean of final windows ($(cat want))" cmp -s want got
expect "paired difference for triage" grep -q '^matters_open,matters,triage,3,.*,paired,10$' rep.csv
expect "Welch for the single linkage run" grep -q '^matters_open,matters,linkage,1,.*,welch,10$' rep.csv
check_fails "report refuses to overwrite" "rep.csv exists" "$COGOV" report $RUNS -o rep.csv

# --- export and info -------------------------------------------------
check "export long, several runs" "$COGOV" export base1.h5 tri1.h5 --csv two.csv
expect "both runs in the long CSV" test "$(cut -d, -f2 two.csv | sort -u | tr '\n' ' ')" = "baseline scenario triage "
check "info" "$COGOV" info base1.h5
for t in "scenario    baseline" "seed        1" "days        40 of 40" \
    "complete    yes" "mechanisms  none"; do
    expect "info shows '$t'" grep -qF "$t" "$WORK/out"
done
check "info names the mechanisms on" "$COGOV" info tri1.h5
expect "triage is on" grep -q "^mechanisms  triage$" "$WORK/out"
check "info --metrics" "$COGOV" info --metrics
expect "metric table with both labels" grep -q "^matters_open .*Backlog / 积压事务" "$WORK/out"

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
check_fails "unknown language" "--lang 'fr': expected en or zh" "$COGOV" plot base1.h5 --lang fr
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
