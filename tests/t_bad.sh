# The corpus of bad inputs (tests/bad/): each case must fail with exit
# status 1..127 (never a crash), exactly one line on stderr, "cogov: "
# and the pattern of NAME.err, nothing on stdout, and no file created or
# changed where it ran (no output, no .partial, an existing file
# untouched).
#
# A case NAME is NAME.err (an extended regex; @OUT@ @DIR@ are replaced as
# below) with, optionally:
#   NAME.cfg   the input; @CFG@ in the arguments
#   NAME.args  the cogov arguments (default: run @CFG@ -o @OUT@; for
#              sweep_* cases: sweep plan @CFG@ -o @DIR@/sweep), with @CFG@, @OUT@ (DIR/
#              out.h5), @DIR@ (the case's own empty directory, also the
#              working directory), @BAD@ (tests/bad), @SMALL@
#   NAME.pre   sh run in DIR first (exit 77: skip the case), with $COGOV
#              and $SMALL set; NAME.post runs after the check
. "$(dirname "$0")/lib.sh"
BAD="$TOP/tests/bad"
SMALL="$TOP/tests/small.cfg"
export COGOV SMALL
skipped=""
listing() { (cd "$1" && find . -exec sh -c 'for f; do
    if [ -f "$f" ]; then cksum "$f"; else echo "dir $f"; fi; done' sh {} + |
    sort); }
listing "$BAD" > "$WORK/bad.before"
n=0
for e in "$BAD"/*.err; do
    name=$(basename "$e" .err)
    n=$((n + 1))
    dir="$WORK/$name"
    mkdir -p "$dir"
    if [ -f "$BAD/$name.args" ]; then
        args=$(cat "$BAD/$name.args")
    else
        case $name in
        sweep_*) args="sweep plan @CFG@ -o @DIR@/sweep" ;;
        *) args="run @CFG@ -o @OUT@" ;;
        esac
    fi
    sub() { sed -e "s|@CFG@|$BAD/$name.cfg|g" -e "s|@OUT@|$dir/out.h5|g" \
        -e "s|@DIR@|$dir|g" -e "s|@BAD@|$BAD|g" -e "s|@SMALL@|$SMALL|g"; }
    args=$(printf '%s\n' "$args" | sub)
    pat=$(head -n 1 "$e" | sub)
    if [ -f "$BAD/$name.pre" ]; then
        (cd "$dir" && sh "$BAD/$name.pre") >"$WORK/pre.log" 2>&1
        rc=$?
        if [ $rc = 77 ]; then skipped="$skipped $name"; continue; fi
        if [ $rc != 0 ]; then fail "$name: setup failed"; cat "$WORK/pre.log" >&2; continue; fi
    fi
    listing "$dir" > "$WORK/before"
    (cd "$dir" && eval "\"\$COGOV\" $args") >"$WORK/out" 2>"$WORK/err"
    rc=$?
    listing "$dir" > "$WORK/after"
    [ -f "$BAD/$name.post" ] && (cd "$dir" && sh "$BAD/$name.post") >/dev/null 2>&1
    why=""
    if [ $rc = 0 ]; then why="succeeded"
    elif [ $rc -ge 128 ]; then why="died with status $rc"
    elif [ "$(wc -l < "$WORK/err")" != 1 ]; then why="stderr has $(wc -l < "$WORK/err") lines"
    elif ! grep -q '^cogov: ' "$WORK/err"; then why="stderr does not start with 'cogov: '"
    elif ! grep -Eq -- "$pat" "$WORK/err"; then why="message does not match /$pat/"
    elif [ -s "$WORK/out" ]; then why="printed on stdout"
    elif ! cmp -s "$WORK/before" "$WORK/after"; then
        why="files changed: $(diff "$WORK/before" "$WORK/after" | grep '^[<>]' | tr '\n' ' ')"
    fi
    if [ -z "$why" ]; then pass; else
        fail "$name: $why"
        sed 's/^/  | /' "$WORK/err" | head -n 5 >&2
    fi
done
listing "$BAD" > "$WORK/bad.after"
expect "tests/bad itself is unchanged" cmp -s "$WORK/bad.before" "$WORK/bad.after"
expect "the corpus has at least 30 cases" test $n -ge 30
[ -n "$skipped" ] && echo "skipped (setup not possible here):$skipped"
summary
