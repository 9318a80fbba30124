# The queues settle by service, not by the max_age cut-off (issue 13,
# item 1; docs/CALIBRATION.md 2.0). The five regimes of `make run`
# (baseline, triage, linkage, purchase, all) run at a fifth of the
# reference district (20 000 residents in 4 communities, government and
# budgets scaled) with max_age 180 and 365, seed 1. Required:
#  - the baseline backlog grows by less than 10% when max_age doubles
#    (it was proportional to max_age when committees were overloaded);
#  - every regime's difference from the baseline in each main metric of
#    `cogov report` (final 90 days) changes by less than 10% of itself
#    plus the noise of one run: twice the standard error of the 90-day
#    mean (daily SD / sqrt 90) of the regime's series and 1% of the
#    baseline's level (less is not a difference at this size). The runs share
#    their random numbers until the first matter reaches 180 days; after
#    that their paths differ as two seeds' would, and small differences
#    (a few matters a day at this size) are that noise.
# The runs of a max_age share their burn-in (--burn-in-cache: the same
# results, bitwise, tests/t_burnin.sh): 2 burn-ins of 1095 days, not 10.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
export OMP_NUM_THREADS=2
SC=$TOP/scenarios
DAYS=${EQ_DAYS:-730}
METRICS="matters_resolved matters_open matters_abandoned resolution_days_mean
satisfaction_mean trust_gov_mean trust_com_mean participation_rate
volunteer_count gov_spending gov_cost_per_resolved"

# final NAME METRIC: "MEAN SE" of METRIC over the last 90 days of run NAME
final() {
    awk -F, -v m="$2" -v from=$((DAYS - 90)) '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i; next }
        $1 >= from && $c != "NA" { s += $c; q += $c * $c; n++ }
        END { if (!c || n < 2) exit 1; mu = s / n; v = (q - n * mu * mu) / (n - 1)
              printf "%.10g %.10g\n", mu, sqrt(v > 0 ? v : 0) / sqrt(n) }' "$1.csv"
}

for age in 180 365; do
    for s in baseline triage linkage purchase all; do
        check "run $s max_age=$age" "$COGOV" run "$SC/$s.cfg" -q \
            --days "$DAYS" --set max_age=$age \
            --set population.residents=20000 --set population.communities=4 \
            --set government.staff_hours=60 \
            --set purchase.budget_per_year=400000 \
            --set venture.budget_per_year=100000 -o "$s-$age.h5" \
            --burn-in-cache burn-in
        check "export $s max_age=$age" "$COGOV" export "$s-$age.h5" --wide \
            --csv "$s-$age.csv"
    done
done

o180=$(final baseline-180 matters_open)
o365=$(final baseline-365 matters_open)
echo "baseline backlog: ${o180% *} (max_age 180), ${o365% *} (max_age 365)"
expect "baseline backlog independent of max_age ($o180 -> $o365)" \
    awk -v a="${o180% *}" -v b="${o365% *}" 'BEGIN { exit !(b < 1.1 * a) }'

for m in $METRICS; do
    b180=$(final baseline-180 "$m") && b365=$(final baseline-365 "$m") ||
        { fail "no $m"; continue; }
    for s in triage linkage purchase all; do
        r180=$(final "$s-180" "$m") && r365=$(final "$s-365" "$m") ||
            { fail "no $m for $s"; continue; }
        line=$(echo "$b180 $b365 $r180 $r365" | awk -v m="$m" -v s="$s" '{
            d1 = $5 - $1; d2 = $7 - $3
            tol = 0.1 * (d1 < 0 ? -d1 : d1) + 2 * $6 + 0.01 * ($1 < 0 ? -$1 : $1)
            ch = d2 - d1; if (ch < 0) ch = -ch
            printf "%-22s %-9s diff %12.5g -> %12.5g  change %10.4g  tolerance %10.4g  %s\n",
                m, s, d1, d2, ch, tol, ch <= tol ? "ok" : "FAIL" }')
        echo "$line"
        case $line in
        *FAIL) fail "$line" ;;
        *) pass ;;
        esac
    done
done
summary
