# A change schedule (`changes = (...)` in a scenario, engine/changes.c):
# a run with a change on day D gives bitwise the datasets of a checkpoint
# taken after D days and forked with the same --set, for any thread
# count; before D it is the run without the change, after D it differs;
# and every malformed schedule is refused naming file, line and key.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
S="--set population.residents=4000"
base=$TOP/scenarios/baseline.cfg

cat > ch.cfg <<EOF2
base = "$base";
changes = (
  { day = 30; set = ["mechanisms.triage.enabled=true", "triage.accuracy=0.7"]; },
  { day = 45; set = ["government.admin_push=1.5"]; }
);
EOF2
check "scheduled run" env OMP_NUM_THREADS=2 "$COGOV" run ch.cfg $S --days 70 -o ch.h5 -q
check "scheduled run, 1 thread" env OMP_NUM_THREADS=1 "$COGOV" run ch.cfg $S --days 70 -o ch1.h5 -q
check "same datasets with 1 and 2 threads" h5diff -q ch.h5 ch1.h5 /timeseries /timeseries
check "plain run" "$COGOV" run "$base" $S --days 70 -o plain.h5 -q
check "plain run to day 30 with a checkpoint" "$COGOV" run "$base" $S --days 30 \
    --checkpoint-every 30 -o p30.h5 -q
check "fork at day 30" "$COGOV" run --restart p30.h5.ckpt --days 45 \
    --checkpoint-every 45 --set mechanisms.triage.enabled=true \
    --set triage.accuracy=0.7 -o f45.h5 -q
check "fork again at day 45" "$COGOV" run --restart f45.h5.ckpt --days 70 \
    --set government.admin_push=1.5 -o fork.h5 -q
check "schedule == checkpoint forks: /timeseries" h5diff -q ch.h5 fork.h5 /timeseries /timeseries
check "schedule == checkpoint forks: /communities" h5diff -q ch.h5 fork.h5 /communities /communities
# rows 0..29 equal the plain run, row 30 on differ
col() {   # col FILE.h5 METRIC: the metric's values, one a line
    "$COGOV" export "$1" --wide | awk -F, -v m="$2" \
        'NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i; next } { print $c }'
}
col ch.h5 matters_open > a.txt
col plain.h5 matters_open > b.txt
expect "70 rows each" test "$(wc -l < a.txt)" -eq 70 -a "$(wc -l < b.txt)" -eq 70
expect "days before the change are the plain run's" cmp -s "$(head -n 30 a.txt > a30; echo a30)" "$(head -n 30 b.txt > b30; echo b30)"
expect "the change acts from day 30" sh -c '! cmp -s a.txt b.txt'
check "the file records the schedule" sh -c "h5dump -a /config_text ch.h5 2>/dev/null | grep -q 'day = 45' || h5dump -d /config ch.h5 | grep -q 'day = 45'"

# refusals: file, line and key
bad() {   # bad NAME PATTERN LINES...
    n=$1; pat=$2; shift 2
    printf 'base = "%s";\n' "$base" > "$n.cfg"
    for l in "$@"; do printf '%s\n' "$l" >> "$n.cfg"; done
    check_fails "refused: $n" "$pat" "$COGOV" run "$n.cfg" $S --days 70 -o "$n.h5" -q
    expect "no output for $n" test ! -e "$n.h5"
}
bad day0 "day0.cfg:3: changes\[0\]: day = 0: expected a day from 1 to 69" \
    'changes = (' '  { day = 0; set = ["triage.accuracy=0.7"]; } );'
bad late "late.cfg:3: .*day = 70: expected a day from 1 to 69" \
    'changes = (' '  { day = 70; set = ["triage.accuracy=0.7"]; } );'
bad order "order.cfg:3: .*day = 10: days must increase .*day 20" \
    'changes = ( { day = 20; set = ["triage.accuracy=0.7"]; },' \
    '  { day = 10; set = ["triage.accuracy=0.6"]; } );'
bad initonly "initonly.cfg:2: .*population.residents' cannot change during a run \(it only shapes day 0\)" \
    'changes = ( { day = 5; set = ["population.residents=10"]; } );'
bad passive "passive.cfg:2: .*'output.flush_every' cannot change during a run \(it does not act on the model\)" \
    'changes = ( { day = 5; set = ["output.flush_every=3"]; } );'
bad name_zh "name_zh.cfg:2: .*'name_zh' cannot change during a run \(it does not act on the model\)" \
    'changes = ( { day = 5; set = ["name_zh=x"]; } );'
bad seed "seed.cfg:2: .*'seed' cannot change during a run" \
    'changes = ( { day = 5; set = ["seed=3"]; } );'
bad unknown "unknown.cfg:2: .*unknown key 'triage.acuracy'.*triage.accuracy" \
    'changes = ( { day = 5; set = ["triage.acuracy=0.7"]; } );'
bad range "range.cfg:2: .*triage.accuracy.*1\.5" \
    'changes = ( { day = 5; set = ["triage.accuracy=1.5"]; } );'
bad member "member.cfg:2: changes\[0\]: unknown key 'when' \(allowed: day, set\)" \
    'changes = ( { when = 5; set = ["triage.accuracy=0.7"]; } );'
bad noset "noset.cfg:2: changes\[0\]: key 'set' must be an array" \
    'changes = ( { day = 5; } );'
bad notlist "notlist.cfg:2: key 'changes': expected a list" \
    'changes = 3;'
printf 'base = "%s";\nchanges = ( { day = 5; set = ["triage.accuracy=0.7"]; } );\n' "$base" > inbase.cfg
printf 'base = "inbase.cfg";\n' > child.cfg
check_fails "a schedule in a base file is refused" "inbase.cfg:2: .*changes" \
    "$COGOV" run child.cfg $S --days 70 -o child.h5 -q
check_fails "no checkpoints with a schedule" "change schedule: --checkpoint-every" \
    "$COGOV" run ch.cfg $S --days 70 -o ck.h5 --checkpoint-every 10 -q
summary
