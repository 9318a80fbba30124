#!/bin/sh
# The do-nothing screen of issue 13 item 9 (docs/CALIBRATION.md 7): run a
# scenario with each parameter halved and doubled, for a few seeds, and
# report, for every main metric, the effect (doubled minus halved, mean
# over seeds) in units of the between-seed SD of the scenario at its
# defaults. A parameter that moves no metric by 2 SD does nothing at
# realistic values.
#
# Usage: analysis/screen.sh OUTDIR [KEY ...]
# Environment: SCENARIO (default scenarios/all.cfg), SEEDS (default 3),
#   RESIDENTS (default 20000, in RESIDENTS / 5000 communities; government
#   hours and budgets scaled with it), DAYS (default 730).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cogov="$top/bin/cogov"
out=${1:?usage: analysis/screen.sh OUTDIR [KEY ...]}
shift
[ $# -gt 0 ] || set -- triage.deliberation_quorum patience influence.weight \
    microprojects.effect triage.fund_per_resident
SCENARIO=${SCENARIO:-$top/scenarios/all.cfg}
SEEDS=${SEEDS:-3}
RESIDENTS=${RESIDENTS:-20000}
DAYS=${DAYS:-730}
METRICS="matters_open matters_abandoned resolution_days_mean satisfaction_mean
trust_gov_mean trust_com_mean participation_rate volunteer_count
volunteer_hours gov_spending"
mkdir -p "$out"
f=$(awk -v n="$RESIDENTS" 'BEGIN { print n / 100000 }')
comms=$(awk -v n="$RESIDENTS" 'BEGIN { c = int(n / 5000); print c < 1 ? 1 : c }')
# value KEY: the scenario's value of KEY (resolved configuration)
value() {
    "$cogov" config "$SCENARIO" | awk -v k="${1##*.}" -v g="${1%.*}" '
        g == k && $1 == k { v = $3 }
        $1 == g && $2 == "=" { in_g = 1 } in_g && $1 == k { v = $3 }
        /^ *};/ { in_g = 0 }
        END { sub(/;$/, "", v); print v }'
}
# run TAG SET...: one run per seed, exported to TAG-sN.csv
run() {
    tag=$1; shift
    s=1
    while [ "$s" -le "$SEEDS" ]; do
        if [ ! -s "$out/$tag-s$s.csv" ]; then
            "$cogov" run "$SCENARIO" -q --seed "$s" --days "$DAYS" \
                --set population.residents="$RESIDENTS" \
                --set population.communities="$comms" \
                --set government.staff_hours="$(awk -v f="$f" 'BEGIN { print 300 * f }')" \
                --set purchase.budget_per_year="$(awk -v f="$f" 'BEGIN { print 2000000 * f }')" \
                --set venture.budget_per_year="$(awk -v f="$f" 'BEGIN { print 500000 * f }')" \
                "$@" -o "$out/$tag-s$s.h5" --force
            "$cogov" export "$out/$tag-s$s.h5" --wide --csv "$out/$tag-s$s.csv" --force
            rm -f "$out/$tag-s$s.h5"
        fi
        s=$((s + 1))
    done
}
# finals TAG METRIC: the final-90-day mean of METRIC for each seed
finals() {
    for c in "$out/$1"-s*.csv; do
        awk -F, -v m="$2" -v from=$((DAYS - 90)) '
            NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i; next }
            $1 >= from && $c != "NA" { s += $c; n++ }
            END { printf "%.10g\n", n ? s / n : 0 }' "$c"
    done
}
run default
printf '%-32s %-10s %-10s %-22s %10s %10s %8s\n' key halved doubled metric \
    effect seed_sd "eff/sd"
for key in "$@"; do
    v=$(value "$key")
    [ -n "$v" ] || { echo "screen: $key not in $SCENARIO" >&2; exit 1; }
    lo=$(awk -v v="$v" 'BEGIN { print v / 2 }')
    hi=$(awk -v v="$v" 'BEGIN { x = 2 * v; print x }')
    case $key in
    patience) lo=$(awk -v v="$v" 'BEGIN { print int(v / 2) }') ;;
    esac
    # shares cannot exceed 1
    case $key in
    microprojects.effect|triage.deliberation_quorum)
        hi=$(awk -v x="$hi" 'BEGIN { print (x > 1 ? 1 : x) }') ;;
    esac
    run "$key-lo" --set "$key=$lo"
    run "$key-hi" --set "$key=$hi"
    for m in $METRICS; do
        line=$( { finals default "$m" | sed 's/^/d /'
                  finals "$key-lo" "$m" | sed 's/^/l /'
                  finals "$key-hi" "$m" | sed 's/^/h /'; } |
            awk -v k="$key" -v lo="$lo" -v hi="$hi" -v m="$m" '
            $1 == "d" { d[++nd] = $2; sd += $2 }
            $1 == "l" { sl += $2; nl++ } $1 == "h" { sh += $2; nh++ }
            END { mu = sd / nd; for (i = 1; i <= nd; i++) q += (d[i] - mu) ^ 2
                  s = nd > 1 ? sqrt(q / (nd - 1)) : 0
                  e = sh / nh - sl / nl
                  r = s > 0 ? e / s : (e == 0 ? 0 : 1e9)
                  printf "%-32s %-10s %-10s %-22s %10.4g %10.4g %8.2f\n",
                      k, lo, hi, m, e, s, r }')
        echo "$line"
    done
done
