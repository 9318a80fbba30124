# Little's law from the output file alone (docs/MODEL.md section 8): over
# a steady window, mean open matters = arrival rate x mean time in system.
# Arrivals are matters_new (petitions are new matters too); the time in
# system averages over the matters that left in the window, resolved or
# abandoned (time_in_system_mean weighted by the day's leavers). The
# scenario is the reference baseline at its own community size (5 000
# residents a community) with committees a little short of staff (45
# instead of 51.4 hours a day), so that it is stressed: matters are
# abandoned (about 15%), and resolution time alone would miss them.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

check "baseline, 15 000 residents in 3 communities, 730 days" \
    "$COGOV" run "$TOP/scenarios/baseline.cfg" --days 730 -q -o run.h5 \
    --set population.residents=15000 --set population.communities=3 \
    --set community.staff_hours=45
check "export" "$COGOV" export run.h5 --wide --csv run.csv

# L, lambda, W and the extremes of the daily metrics over days [a, b)
awk -F, -v a=365 -v b=730 '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$1 >= a && $1 < b {
    res = $col["matters_resolved"]; ab = $col["matters_abandoned"]
    L += $col["matters_open"]; lam += $col["matters_new"]; nd++
    if (res + ab > 0) {
        W += (res + ab) * $col["time_in_system_mean"]; n += res + ab
        # the share of the day, as defined
        d = $col["abandoned_share"] - ab / (res + ab)
        if (d > 1e-12 || d < -1e-12) bad_share++
        # abandoned matters are older than any resolved one: counting
        # them can only raise the mean and the 90th percentile
        if (res > 0 && ($col["time_in_system_mean"] < \
                        $col["resolution_days_mean"] - 1e-9 || \
                        $col["time_in_system_p90"] < \
                        $col["resolution_days_p90"])) bad_order++
    } else if ($col["time_in_system_mean"] != "NA") bad_share++
    aband += ab; out += res + ab
}
END {
    L /= nd; lam /= nd; W /= n
    printf "%.6f %.6f %.6f %.6f %d %d\n", L, lam, W, aband / out, \
        bad_share, bad_order
}' run.csv > little
read -r L lam W share bad_share bad_order < little
echo "window 365-730: L=$L lambda=$lam W=$W abandoned share=$share"
expect "Little's law closes within 2% (L=$L, lambda x W=$lam x $W)" \
    awk -v L="$L" -v l="$lam" -v W="$W" \
    'BEGIN { d = (l * W - L) / L; exit !(d < 0.02 && d > -0.02) }'
# the test is not vacuous: matters are abandoned, and counting them
# changes the mean a resident waits
expect "the window is stressed (abandoned share $share > 5%)" \
    awk -v s="$share" 'BEGIN { exit !(s > 0.05) }'
expect "abandoned_share = abandoned / (resolved + abandoned) every day" \
    test "$bad_share" -eq 0
expect "time in system >= resolution time (mean and p90) every day" \
    test "$bad_order" -eq 0
summary
