# End to end: run a small scenario and read the file back, checking the
# output contract of MODEL.md section 8, atomic output and --force.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
SMALL="$TOP/tests/small.cfg"

check "run small" "$COGOV" run "$SMALL" -o run.h5 -q
expect "final file exists" test -f run.h5
expect "no partial left" test ! -e run.h5.partial
h5dump -A run.h5 > attrs.txt 2>&1
for a in cogov_version scenario seed n_residents n_communities days complete created_utc; do
    expect "root attribute $a" grep -q "ATTRIBUTE \"$a\"" attrs.txt
done
h5dump -a /complete run.h5 | grep -q "(0): 1" ; expect "complete=1" test $? -eq 0
for a in cogov_version git_revision model_id compiler cflags hdf5_version libconfig_version mpi_version; do
    expect "/code attribute $a" grep -q "ATTRIBUTE \"$a\"" attrs.txt
done
h5dump -d /config run.h5 > config.txt
expect "/config holds the resolved configuration" grep -q "residents = 3000;" config.txt
h5ls -r run.h5 > list.txt
for m in day matters_new matters_resolved matters_open matters_unreported \
    matters_abandoned matters_escalated resolution_days_mean resolution_days_p90 \
    satisfaction_mean trust_gov_mean trust_com_mean efficacy_mean grievance_mean \
    participation_rate volunteer_count volunteer_hours gov_spending \
    gov_cost_per_resolved admin_burden socorg_count socorg_capacity_hours \
    social_worker_count community_fund_balance migrant_satisfaction_gap \
    resolved_by_channel open_by_scope; do
    expect "/timeseries/$m" grep -q "^/timeseries/$m .*{60" list.txt
done
for m in matters_open satisfaction_mean trust_gov_mean participation_rate; do
    expect "/communities/$m is [day, community]" grep -q "^/communities/$m .*{60/Inf, 3}" list.txt
done
h5dump -a /timeseries/resolved_by_channel/channels run.h5 > ch.txt
expect "channels attribute" grep -q '"self", "tie", "market", "community", "deliberation", "socorg",' ch.txt
h5dump -a /timeseries/matters_open/units run.h5 | grep -q '"matters"'; expect "units attribute" test $? -eq 0
h5dump -a /timeseries/matters_open/description run.h5 >/dev/null 2>&1; expect "description attribute" test $? -eq 0
# compression chosen by size: 60 days make 64-row chunks of 512 bytes,
# stored with a checksum and not deflated (docs/PERFORMANCE.md)
h5dump -p -d /timeseries/matters_open run.h5 > filters.txt
expect "short series: 64-row chunks" grep -q "CHUNKED ( 64 )" filters.txt
expect "short series: checksummed" grep -q "CHECKSUM FLETCHER32" filters.txt
expect "short series: not deflated" sh -c '! grep -q DEFLATE filters.txt'
h5dump -B run.h5 | grep -q "ISTORE_K 4"; expect "chunk index nodes of K = 4" test $? -eq 0
h5dump -p -d /timeseries/matters_open run.h5 | grep -q "H5S_UNLIMITED"; expect "extendible" test $? -eq 0

check "cogov check: contract and identities" "$COGOV" check run.h5

# never overwrite silently
cp run.h5 keep.h5
# a bad -o is told before the district is set up and burned in (a
# million residents with the default three-year burn-in take minutes;
# the check, milliseconds): the timeout would end a late refusal
check_fails "bad -o refused before the burn-in" \
    "directory .*nodir for .*nodir/x.h5: No such file" \
    timeout 20 "$COGOV" run "$TOP/scenarios/baseline.cfg" \
    --set population.residents=1000000 -o nodir/x.h5 -q
check_fails "existing output refused" "run.h5 exists.*--force" "$COGOV" run "$SMALL" -o run.h5 -q
expect "existing file untouched" cmp -s run.h5 keep.h5
check "--force replaces" "$COGOV" run "$SMALL" -o run.h5 -q --force --seed 2
expect "it was replaced" sh -c '! cmp -s run.h5 keep.h5'
# default output name
check "default output name" "$COGOV" run "$SMALL" --days 5 -q
expect "NAME-sSEED.h5" test -f small-s1.h5
# snapshots
check "snapshots" "$COGOV" run "$SMALL" --days 10 --set output.snapshot_every=5 -o snap.h5 -q
h5ls -r snap.h5 > snap.txt
expect "snapshot day 5" grep -q "^/snapshots/day_00005/residents/trust_gov .*{3000}" snap.txt
# export reads it back
check "export long CSV" "$COGOV" export run.h5 --csv run.csv
expect "tidy header" sh -c 'head -n 1 run.csv | grep -qx "run,scenario,seed,day,metric,value,community,channel,scope"'
# A binding the user asks for survives cogov executing itself again to
# set its wait policy (sim/base/waitpolicy.c): two threads, two CPUs. It
# had put every thread on the first CPU.
if [ "$(nproc)" -ge 2 ]; then
    env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT -u LD_PRELOAD OMP_PROC_BIND=true \
        OMP_PLACES=threads OMP_DISPLAY_AFFINITY=true OMP_AFFINITY_FORMAT='cpu %A' \
        "$COGOV" run "$SMALL" --set population.residents=20000 \
        --set time.days=2 -o bind.h5 -q --threads 2 >bind.txt 2>&1
    expect "OMP_PROC_BIND: two threads on two CPUs" \
        test "$(grep '^cpu ' bind.txt | sort -u | wc -l)" -eq 2
fi
summary
