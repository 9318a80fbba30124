# Sensitivity analysis (docs/SENSITIVITY.md): the estimators of `cogov
# sweep analyze --table` on functions with analytic answers, evaluated on
# designs cogov plans (Ishigami a = 7, b = 0.1 on a Sobol' design; a
# function of known ordering on Morris trajectories); then a Morris sweep
# of the model itself, analysed from its directory with replicates.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"

# in_ci FILE PARAM INDEX TRUE: TRUE lies in [low, high] of that row
in_ci() {
    awk -F, -v p="$2" -v i="$3" -v t="$4" \
        '$3 == p && $4 == i { found = 1; ok = ($6 <= t && t <= $7);
                              if (!ok) print "  " p " " i " = " $5 " [" $6 ", " $7 "], analytic " t > "/dev/stderr" }
         END { exit !(found && ok) }' "$1"
}

# --- Ishigami on a Sobol' design planned by cogov ----------------------
cat > ish.cfg <<CFG
base = "$TOP/scenarios/baseline.cfg";
design = "sobol"; points = 1024; seed = 5;
fixed = { mechanisms = { triage = { enabled = true; }; }; };
vary = ( { key = "triage.accuracy"; from = 0.0; to = 1.0; },
         { key = "triage.transfer_penalty"; from = 0.0; to = 1.0; },
         { key = "triage.admin_reduction"; from = 0.0; to = 1.0; } );
CFG
check "plan a Sobol' design" "$COGOV" sweep plan ish.cfg -o ish
expect "5120 runs: 1024 x (A, AB1..AB3, B)" grep -q "5120 runs" out
check "collect --csv of a planned sweep" "$COGOV" sweep collect ish --csv ish.csv
expect "one row per run and a header" test "$(wc -l < ish.csv)" -eq 5121
expect "header: bookkeeping and varied keys" \
    grep -q '^run,point,replicate,seed,status,triage.accuracy,triage.transfer_penalty,triage.admin_reduction$' ish.csv
awk -F, 'BEGIN { OFS = ","; pi = atan2(0, -1); OFMT = "%.12g" }
    NR == 1 { print "point,x1,x2,x3,y"; next }
    { a = -pi + 2 * pi * $6; b = -pi + 2 * pi * $7; c = -pi + 2 * pi * $8
      printf "%s,%s,%s,%s,%.12g\n", $2, $6, $7, $8, sin(a) + 7 * sin(b)^2 + 0.1 * c^4 * sin(a) }' \
    ish.csv > ishigami.csv
check "analyze --table (Sobol')" "$COGOV" sweep analyze --table ishigami.csv \
    --design sobol --inputs x1,x2,x3 -o ish_out
# analytic: V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = 8 b^2 pi^8 / 225
eval "$(awk 'BEGIN { pi = atan2(0, -1); b = 0.1; p4 = pi^4; p8 = p4 * p4
    v1 = 0.5 * (1 + b * p4 / 5)^2; v2 = 49 / 8; v13 = 8 * b * b * p8 / 225
    v = v1 + v2 + v13
    printf "S1_1=%.6f S1_2=%.6f ST_1=%.6f ST_2=%.6f ST_3=%.6f\n", v1 / v, v2 / v, (v1 + v13) / v, v2 / v, v13 / v }')"
expect "Ishigami S1(x1) = $S1_1 within its interval" in_ci ish_out/sensitivity.csv x1 S1 "$S1_1"
expect "Ishigami S1(x2) = $S1_2 within its interval" in_ci ish_out/sensitivity.csv x2 S1 "$S1_2"
expect "Ishigami S1(x3) = 0 within its interval" in_ci ish_out/sensitivity.csv x3 S1 0
expect "Ishigami ST(x1) = $ST_1 within its interval" in_ci ish_out/sensitivity.csv x1 ST "$ST_1"
expect "Ishigami ST(x2) = $ST_2 within its interval" in_ci ish_out/sensitivity.csv x2 ST "$ST_2"
expect "Ishigami ST(x3) = $ST_3 within its interval" in_ci ish_out/sensitivity.csv x3 ST "$ST_3"
if in_ci ish_out/sensitivity.csv x3 ST 0.5 2>/dev/null; then
    fail "a wrong value passes the interval check"; else pass; fi
expect "markdown table" grep -q '^| `x2` | 0.4' ish_out/sensitivity.md
expect "S1/ST figure" test -s ish_out/sobol_y.png
check_fails "results are not overwritten" "sensitivity.csv exists; use --force" \
    "$COGOV" sweep analyze --table ishigami.csv --design sobol --inputs x1,x2,x3 -o ish_out
check_fails "a table that is not a whole design" "not a whole number of Saltelli blocks" \
    sh -c "head -n 100 ishigami.csv > part.csv && \"$COGOV\" sweep analyze --table part.csv --design sobol --inputs x1,x2,x3 -o p"
check_fails "an input that is not a column" "--inputs names 'x9'" \
    "$COGOV" sweep analyze --table ishigami.csv --design sobol --inputs x1,x9 -o p

# --- Morris ranking of a function of known ordering --------------------
cat > mor.cfg <<CFG
base = "$TOP/scenarios/baseline.cfg";
design = "morris"; trajectories = 20; candidates = 60; levels = 4; seed = 2;
fixed = { mechanisms = { triage = { enabled = true; }; }; };
vary = ( { key = "triage.accuracy"; from = 0.0; to = 1.0; },
         { key = "triage.transfer_penalty"; from = 0.0; to = 1.0; },
         { key = "triage.admin_reduction"; from = 0.0; to = 1.0; },
         { key = "triage.deliberation_quality"; from = 0.0; to = 1.0; } );
CFG
check "plan a Morris design" "$COGOV" sweep plan mor.cfg -o mor
expect "100 runs: 20 trajectories x 5 points" grep -q "100 runs" out
check "collect --csv" "$COGOV" sweep collect mor --csv mor.csv
# y = 10 x1 + 5 x2^2 + x3 + 0 x4: mu* is 10 > 5 > 1 > 0, sigma 0 but for x2
awk -F, 'NR == 1 { print "point,x1,x2,x3,x4,y"; next }
    { printf "%s,%s,%s,%s,%s,%.12g\n", $2, $6, $7, $8, $9, 10 * $6 + 5 * $7^2 + $8 }' mor.csv > lin.csv
check "analyze --table (Morris)" "$COGOV" sweep analyze --table lin.csv \
    --design morris --inputs x1,x2,x3,x4 -o mor_out --no-figures
order=$(awk -F, '$4 == "mu_star" { print $3 }' mor_out/sensitivity.csv | tr '\n' ' ')
expect "Morris ranks x1 > x2 > x3 > x4 (got $order)" test "$order" = "x1 x2 x3 x4 "
expect "mu*(x1) is its slope 10" awk -F, '$3 == "x1" && $4 == "mu_star" { exit !($5 > 9.999 && $5 < 10.001) }' mor_out/sensitivity.csv
expect "mu*(x4) is 0" awk -F, '$3 == "x4" && $4 == "mu_star" { exit !($5 == 0) }' mor_out/sensitivity.csv
expect "sigma(x2) > 0 (non-linear), sigma(x1) = 0" awk -F, \
    '$4 == "sigma" && $3 == "x2" { a = $5 } $4 == "sigma" && $3 == "x1" { b = $5 } END { exit !(a > 0.1 && b < 1e-9) }' mor_out/sensitivity.csv
check_fails "rows out of design order are refused" "moves more or fewer than one input" \
    sh -c "(head -n 1 lin.csv; tail -n +2 lin.csv | sort -t, -k2 -g -r) | awk -F, 'BEGIN{OFS=\",\"} NR>1{\$1=NR-2} {print}' > shuf.csv && \"$COGOV\" sweep analyze --table shuf.csv --design morris --inputs x1,x2,x3,x4 -o s --no-figures"

# --- a Morris sweep of the model, analysed from its directory ---------
cat > model.cfg <<CFG
base = "$TOP/tests/small.cfg";
design = "morris"; trajectories = 3; seed = 4; replicates = 2;
fixed = { population = { residents = 1500; communities = 2; }; time = { days = 40; }; };
vary = ( { key = "population.migrant_share"; from = 0.1; to = 0.5; },
         { key = "government.staff_hours"; from = 40.0; to = 200.0; } );
CFG
check "plan a Morris sweep of the model" "$COGOV" sweep plan model.cfg -o m
check "run two of its tasks" "$COGOV" sweep run m --task 0 -q
check_fails "analyze refuses an unfinished sweep" "1 of 18 runs are done" \
    "$COGOV" sweep analyze m
check "run the rest" "$COGOV" sweep run m --jobs 2 -q
check "analyze the sweep" "$COGOV" sweep analyze m --metric satisfaction_mean \
    --metric matters_open --lang zh
expect "mu* of both parameters for both metrics" \
    test "$(grep -c ',morris,.*,mu_star,' m/analysis/sensitivity.csv)" -eq 4
expect "the seed-noise share is reported" \
    awk -F, '$4 == "seed_noise_share" { n++; if (!($5 >= 0 && $5 <= 1)) bad = 1 } END { exit !(n == 2 && !bad) }' m/analysis/sensitivity.csv
expect "Chinese table" grep -q '随机种子噪声' m/analysis/sensitivity.md
expect "mu*-sigma figure" test -s m/analysis/morris_satisfaction_mean.png
check_fails "an unknown metric" "--metric nosuch: not a metric" \
    "$COGOV" sweep analyze m --metric nosuch --force
check "collect --csv of the model runs" "$COGOV" sweep collect m --csv m.csv
# (but for the metrics of mechanisms these runs leave off: no mediation
# ended, no micro-project started, nobody moved in, so they have no value)
expect "18 rows, no empty metric" sh -c \
    "test \$(tail -n +2 m.csv | grep -c ',done,') -eq 18 && awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) off[i] = \$i == \"mediation_success\" || \$i == \"microproject_lag_days\" || \$i == \"newcomer_ties_mean\" || \$i == \"fund_nongov_share\" || \$i == \"units_reputation_mean\"; next } { for (i = 1; i <= NF; i++) if (\$i == \"\" && !off[i]) bad = 1 } END { exit bad }' m.csv"
# a scattered design is drawn as a scatter with binned means, or by two
# parameters coloured by the metric
check "plot --sweep of a Morris design (scatter)" "$COGOV" plot --sweep m \
    --x population.migrant_share --z satisfaction_mean -o scatter.png --keep kx
expect "the runs and the bins are drawn" sh -c \
    "test -s scatter.png && test \$(wc -l < kx/runs.dat) -eq 18 && grep -q sweep_scatter kx/plot.gp"
check "plot --sweep by two parameters" "$COGOV" plot --sweep m \
    --x population.migrant_share --y government.staff_hours --z satisfaction_mean -o two.png
expect "figure" test -s two.png
check_fails "collect --csv does not overwrite" "m.csv exists; use --force" \
    "$COGOV" sweep collect m --csv m.csv
summary
