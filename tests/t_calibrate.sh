# cogov calibrate (docs/SENSITIVITY.md): targets made by the model itself
# at known parameters are recovered by ABC over sweeps (rejection on a
# Latin hypercube, then sequential rounds), and a calibration killed in
# the middle resumes to the same posterior, bit for bit.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"

FIXED='fixed = { population = { residents = 3000; communities = 2; }; time = { days = 30; }; };'
# the truth: initial volunteer share 0.02, government hourly cost 95
# (prior ranges 0.005-0.035 and 40-120). The initial volunteers are
# drawn among the first day's participants (docs/MODEL.md 5), about 4%
# of this district: a share above that registers them all and can no
# longer be told apart, so the truth and the prior stay below it.
printf 'volunteer.initial_share,government.hourly_cost\n0.02,95\n' > truth.csv
cat > truth.cfg <<CFG
base = "$TOP/tests/small.cfg";
design = "points"; points_file = "truth.csv"; seed = 99; replicates = 2;
$FIXED
CFG
check "run the model at the true parameters" sh -c \
    "\"$COGOV\" sweep plan truth.cfg -o truth && \"$COGOV\" sweep run truth -q && \"$COGOV\" sweep collect truth --csv truth.runs.csv --window 10"
# targets from its output: the volunteer share (per resident) and the
# daily government spending, final 10 days, with 5% and 2% errors
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { n += $c["volunteer_count"]; h += $c["gov_spending"]; k++ }
    END { n /= k * 3000; h /= k
      printf "targets = (\n"
      printf "  { name = \"volunteer share\"; metric = \"volunteer_count\"; per = \"resident\"; window = 10;\n    observed = %.6f; sd = %.6f; source = \"synthetic: the model at 0.02\"; },\n", n, 0.05 * n
      printf "  { name = \"spending\"; metric = \"gov_spending\"; window = 10;\n    observed = %.6f; sd = %.6f; source = \"synthetic: the model at 95\"; }\n);\n", h, 0.02 * h }' \
    truth.runs.csv > targets.cfg
cat > prior.cfg <<CFG
base = "$TOP/tests/small.cfg";
design = "lhs"; points = 30; seed = 7;
$FIXED
vary = ( { key = "volunteer.initial_share"; from = 0.005; to = 0.035; },
         { key = "government.hourly_cost"; from = 40.0; to = 120.0; } );
CFG
check "calibrate" "$COGOV" calibrate prior.cfg --targets targets.cfg -o cal \
    --rounds 3 --accept 0.3 --jobs 2
expect "three rounds, each a sweep" sh -c 'for r in 0 1 2; do test -f cal/round_$r/index.h5 || exit 1; done'
expect "rounds narrow the tolerance" awk '/^cogov calibrate: round/ { gsub(/.*<= /, ""); e[n++] = $0 } END { exit !(n == 3 && e[2] < e[0]) }' "$WORK/out"
expect "posterior, summary and pairs figure" test -s cal/posterior.csv -a -s cal/summary.md -a -s cal/pairs.png
# weighted posterior mean and sd of column c
post() {
    awk -F, -v c="$1" 'NR > 1 { w += $3; m += $3 * $c; s += $3 * $c * $c }
        END { m /= w; printf "%.6g %.6g\n", m, sqrt(s / w - m * m) }' cal/posterior.csv
}
set -- $(post 1); share=$1; share_sd=$2
set -- $(post 2); cost=$1; cost_sd=$2
expect "volunteer share recovered: $share (sd $share_sd) near 0.02" \
    awk -v m="$share" 'BEGIN { exit !(m > 0.016 && m < 0.024) }'
expect "hourly cost recovered: $cost (sd $cost_sd) near 95" \
    awk -v m="$cost" 'BEGIN { exit !(m > 87 && m < 103) }'
expect "the posterior is narrower than the prior (sd 0.0087, 23)" \
    awk -v a="$share_sd" -v b="$cost_sd" 'BEGIN { exit !(a < 0.0043 && b < 11.5) }'
expect "summary names the targets' sources" grep -q "synthetic: the model at 95" cal/summary.md

# a calibration killed while a later round runs resumes to the same
# posterior
setsid sh -c 'echo $$ > k.pgid; exec "$1" calibrate prior.cfg --targets targets.cfg -o killed --rounds 3 --accept 0.3 --jobs 2 -q' sh "$COGOV" &
i=0
until ls killed/round_1/runs 2>/dev/null | grep -q partial || [ $i -ge 3000 ]; do sleep 0.01; i=$((i + 1)); done
kill -9 "-$(cat k.pgid)"
wait
expect "killed in round 1" test ! -e killed/posterior.csv
check "resume the calibration" "$COGOV" calibrate prior.cfg --targets targets.cfg -o killed \
    --rounds 3 --accept 0.3 --jobs 2
expect "the same posterior as without the kill" cmp cal/posterior.csv killed/posterior.csv

# the shipped targets file loads (a prior with no runs done yet: --no-run
# plans round 0 and stops with status 3)
"$COGOV" calibrate prior.cfg --targets "$TOP/scenarios/targets.cfg" -o shipped --no-run >shipped.out 2>&1
expect "scenarios/targets.cfg loads; --no-run stops after planning (status 3)" test $? -eq 3
expect "... and says how to run the round" grep -q "round 0 is planned in shipped/round_0" shipped.out
expect "... with round 0 planned" test -f shipped/round_0/index.h5

# bad input
printf 'targets = ( { metric = "nosuch"; observed = 1.0; sd = 0.1; source = "x"; } );\n' > bad.cfg
check_fails "unknown metric in a targets file" "bad.cfg:1: metric must name a metric" \
    "$COGOV" calibrate prior.cfg --targets bad.cfg -o b
printf 'targets = ( { metric = "gov_spending"; observed = 1.0; source = "x"; } );\n' > bad.cfg
check_fails "a target without sd or tolerance" "give one of sd = SE; or tolerance" \
    "$COGOV" calibrate prior.cfg --targets bad.cfg -o b
check_fails "a grid prior is refused" "design = \"lhs\" or \"sobol\", not \"grid\"" \
    "$COGOV" calibrate "$SWEEP" --targets targets.cfg -o b
check_fails "the targets file is required" "usage: cogov calibrate" \
    "$COGOV" calibrate prior.cfg -o b
summary
