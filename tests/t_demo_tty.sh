# The live view of cogov demo under a pseudo-terminal (tmux, from
# Debian): the explanation before the start, the panels on screen, space
# pauses, s steps one week, + speeds up, r restarts, q quits, Ctrl-C
# stops, and the terminal settings are the same afterwards every time.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
if ! command -v tmux >/dev/null 2>&1; then
    fail "tmux is not installed (make deps installs it)"
    summary
    exit 1
fi
# a tmux server of our own, in our own directory, killed on the way out
export TMUX_TMPDIR="$WORK"
unset TMUX  # also when make check runs inside a tmux session
SOCK="cogov-demo-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$WORK"' EXIT

# start NAME ARGS...: run `cogov demo ARGS` in a 100x30 pane; the script
# records the terminal settings before and after, and the exit status
start() {
    name=$1; shift
    mkdir -p "$name"
    {
        echo "cd '$WORK/$name'"
        echo "trap ':' INT"
        echo "stty -g > stty.before"
        printf "env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 TERM=xterm-256color '%s' demo" "$COGOV"
        for a in "$@"; do printf " '%s'" "$a"; done
        echo
        echo 'rc=$?'
        echo "stty -g > stty.after"
        echo 'echo $rc > rc'  # last: the test waits for it
        echo "exec sleep 600"
    } > "$name/run.sh"
    tm new-session -d -s "$name" -x 100 -y 30 "sh '$WORK/$name/run.sh'"
}
screen() { tm capture-pane -p -t "$1"; }
# wait_for SESSION REGEX: until the screen matches (5 s at most)
wait_for() {
    i=0
    while [ $i -lt 50 ]; do
        screen "$1" > "$WORK/screen"
        grep -Eq -- "$2" "$WORK/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "  screen of $1 when waiting for /$2/:" >&2
    sed 's/^/  | /' "$WORK/screen" >&2
    return 1
}
# wait_file FILE: until it exists (5 s at most)
wait_file() {
    i=0
    while [ $i -lt 50 ] && [ ! -s "$1" ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$1" ]
}
week() { screen "$1" | sed -n 's/.*week \([0-9]*\)\/[0-9]*.*/\1/p' | head -n 1; }
day() { screen "$1" | sed -n 's/.* day \([0-9]*\) .*/\1/p' | head -n 1; }

# ---- one session through every key ----
start a tipping --speed 4
expect "explanation before the start" wait_for a "Granovetter's threshold model"
expect "both demos explained" grep -q "efficacy 0.37" "$WORK/screen"
expect "asks for space" grep -q "Press space to start, q to quit." "$WORK/screen"
sleep 0.3
expect "waits on the explanation" grep -q "Press space" "$WORK/screen"
tm send-keys -t a Space
expect "space starts it" wait_for a "week [0-9]+/52 .* weeks/s"
expect "it advances" wait_for a "week ([3-9]|[1-9][0-9])/52"
s="$WORK/screen"
for panel in "Participation below its tipping point" "Participation tips" \
    "map: participation" "backlog: open matters" "private" "community" \
    "government" "solved this week" "satisfaction" "trust gov" "trust com" \
    "participation " "space pause/play"; do
    expect "panel: $panel" grep -q "$panel" "$s"
done
expect "map rows of six communities, twice" test "$(grep -c 'c6 .*c6 ' "$s")" -eq 1
expect "sparklines drawn" grep -q "▁\|▂\|▃\|▄\|▅\|▆\|▇\|█" "$s"
tm capture-pane -e -p -t a > colours
expect "the map in colour" grep -q "38;5;" colours

tm send-keys -t a Space
expect "space pauses" wait_for a "paused"
w1=$(week a)
sleep 0.8
w2=$(week a)
expect "paused stays put (week $w1, then $w2)" test -n "$w1" -a "$w1" = "$w2"
d1=$(day a)
tm send-keys -t a s
expect "s steps one week" wait_for a "week $((w1 + 1))/52"
d2=$(day a)
expect "a step is seven days ($d1 -> $d2)" test "$d2" -eq $((d1 + 7))
expect "still paused after a step" grep -q "paused" "$WORK/screen"
tm send-keys -t a s s
expect "two more steps" wait_for a "week $((w1 + 3))/52"
tm send-keys -t a +
tm send-keys -t a Space
expect "+ doubles the speed" wait_for a "8 weeks/s"
tm send-keys -t a -
tm send-keys -t a -
expect "- halves it" wait_for a "2 weeks/s"
tm send-keys -t a Space
expect "paused again" wait_for a "paused"
tm send-keys -t a r
expect "r restarts at week 1" wait_for a "week 1/52 "
tm send-keys -t a q
expect "q quits" wait_file a/rc
expect "q exits 0" test "$(cat a/rc)" = 0
expect "terminal settings restored after q" cmp -s a/stty.before a/stty.after
expect "back on the normal screen, with a summary" wait_for a "^Participation tips \(efficacy 0.37\): day 6, backlog"

# ---- Ctrl-C while playing ----
start b triage --go --speed 2
expect "--go starts at once" wait_for b "week [0-9]+/52"
tm resize-window -t b -x 60 -y 40
expect "narrow: the panels stack" wait_for b "^▌三事分流"
tm send-keys -t b C-c
expect "Ctrl-C stops it" wait_file b/rc
expect "Ctrl-C exits 130" test "$(cat b/rc)" = 130
expect "terminal settings restored after Ctrl-C" cmp -s b/stty.before b/stty.after

# ---- to the end, in Chinese, then q ----
start c triage --go --speed 0 --days 28 --lang zh --no-color
expect "the end is shown as finished" wait_for c "第 4/4 周 .*已结束"
tm capture-pane -e -p -t c > colours
expect "--no-color: no colours" sh -c "! grep -q '38;5;' colours"
expect "--no-color: the map in glyphs" grep -Eq "c1 +[·░▒▓█]+" "$WORK/screen"
expect "Chinese panels" grep -q "社区小事" "$WORK/screen"
sleep 0.3
expect "stays on the last week" wait_for c "第 4/4 周 .*已结束"
tm send-keys -t c Space
tm send-keys -t c q
expect "q after the end" wait_file c/rc
expect "exit 0 after the end" test "$(cat c/rc)" = 0
expect "terminal settings restored after the end" cmp -s c/stty.before c/stty.after

# ---- q on the explanation screen ----
start d linkage
expect "explanation shown" wait_for d "Press space"
tm send-keys -t d q
expect "q before the start" wait_file d/rc
expect "exit 0 before the start" test "$(cat d/rc)" = 0
expect "terminal settings restored before the start" cmp -s d/stty.before d/stty.after
summary
