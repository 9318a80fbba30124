#!/bin/sh
# A scripted class for `cogov serve --class` (docs/TEACHING.md, the lesson's
# row "The class takes part"): starts the lesson's server (triage demo,
# 6 000 residents, one year), joins K students, runs the year once with
# every student on "as the model would" (the class's district must equal
# its model-only twin bitwise), then has every student attend and vote
# VOTE for the agenda, resets as the lesson does and runs the year again.
# Prints, for the model-only twin and the class's district, participation
# in week 1 and its mean over the year, matters solved by deliberation,
# the community backlog, and how many of the students' building meetings
# were quorate.
#
# usage: sh tools/class.sh [SEED [STUDENTS [VOTE [DIR]]]]
#   SEED 1, STUDENTS 30 (at most 60), VOTE yes|no (default yes), DIR: where
#   the series go (default a new temporary directory; twin.csv, class.csv
#   are api/frames.csv of runs 0 and 1, quorate_auto.txt, quorate_class.txt
#   one line per student and week: present, needed).
# Needs bin/cogov (make) and curl. One core is enough: OMP_NUM_THREADS=1.
set -eu
SEED=${1:-1}
K=${2:-30}
VOTE=${3:-yes}
DIR=${4:-$(mktemp -d)}
COGOV=${COGOV:-bin/cogov}
mkdir -p "$DIR"
"$COGOV" serve triage --class --port 0 --seed "$SEED" > "$DIR/serve.out" \
    2> "$DIR/serve.err" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
i=0
while ! grep -q "join code" "$DIR/serve.out" && [ $i -lt 600 ] &&
      kill -0 $PID 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
done
U=$(sed -n 's|.*open \(http://127.0.0.1:[0-9]*/\) .*|\1|p' "$DIR/serve.out")
CODE=$(sed -n 's/.*join code \([0-9]\{6\}\).*/\1/p' "$DIR/serve.out")
if [ -z "$U" ] || [ -z "$CODE" ]; then cat "$DIR/serve.err" >&2; exit 1; fi

# an action, again while the server says slow down (429)
post() {
    while :; do
        c=$(curl -s -o "$DIR/post.out" -w '%{http_code}' -X POST "$U$1")
        [ "$c" = 429 ] || break
        sleep 0.2
    done
    [ "$c" = 200 ] || { echo "class.sh: $1: $c $(cat "$DIR/post.out")" >&2
                        exit 1; }
}
: > "$DIR/tokens.txt"
k=0
while [ $k -lt "$K" ]; do
    post "api/join?code=$CODE"
    sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' "$DIR/post.out" \
        >> "$DIR/tokens.txt"
    k=$((k + 1))
done

# a year of weekly steps; after each, every student's building meeting
year() {
    : > "$DIR/$1"
    w=0
    while [ $w -lt 52 ]; do
        post "api/control?do=step"
        while read -r T; do
            curl -s "${U}api/me?token=$T" | sed -n \
                's/.*"meeting_present":\([0-9]*\),"building_size":\([0-9]*\),"quorum":\([0-9.e-]*\),.*/\1 \2 \3/p'
        done < "$DIR/tokens.txt" | awk '{n = $2 * $3; c = int(n);
            if (c < n) c++; if (c < 1) c = 1; print $1, c}' >> "$DIR/$1"
        w=$((w + 1))
    done
}
year quorate_auto.txt
curl -s "${U}api/frames.csv?run=0" > "$DIR/twin.csv"
curl -s "${U}api/frames.csv?run=1" > "$DIR/class_auto.csv"
if cmp -s "$DIR/twin.csv" "$DIR/class_auto.csv"; then same=yes; else same=NO; fi
while read -r T; do post "api/decide?token=$T&what=vote&value=$VOTE"; done \
    < "$DIR/tokens.txt"
post "api/control?do=reset"
year quorate_class.txt
curl -s "${U}api/frames.csv?run=0" > "$DIR/twin2.csv"
curl -s "${U}api/frames.csv?run=1" > "$DIR/class.csv"
cmp -s "$DIR/twin.csv" "$DIR/twin2.csv" || same=NO
kill $PID
wait $PID || true
trap - EXIT

# columns of frames.csv by name
series() {
    awk -F, -v tag="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { n++; p = $c["participation_rate"]; if (n == 1) p1 = p; sp += p
          d += $c["solved_deliberation"]; oc = $c["open_community"]
          so += oc; ot = $c["open_private"] + oc + $c["open_government"] }
        END { printf "%-6s participation week 1 %.2f %%, mean %.2f %%; " \
              "deliberated %d; open community mean %.0f, week 52 %d; " \
              "open all week 52 %d\n", tag, 100 * p1, 100 * sp / n, d,
              so / n, oc, ot }' "$1"
}
quorate() {
    awk -v tag="$2" '{ n++; q += $1 >= $2 } END {
        printf "%-6s students'"'"' building meetings quorate %d of %d\n",
        tag, q, n }' "$1"
}
echo "seed $SEED, $K students voting $VOTE; series in $DIR"
echo "class district with every student on auto = twin, bitwise: $same"
series "$DIR/twin.csv" twin
series "$DIR/class.csv" class
quorate "$DIR/quorate_auto.txt" twin
quorate "$DIR/quorate_class.txt" class
