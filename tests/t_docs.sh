# Documentation in step with the code: the parameter table of
# docs/MODEL.md equals the engine's table, and every key is described in
# the text of the submodels.
. "$(dirname "$0")/lib.sh"
check "docs/MODEL.md parameter table is current" sh "$TOP/tests/docs_params.sh"
# every key appears in the prose above the generated table too
sed '/<!-- params:begin -->/,$d' "$TOP/docs/MODEL.md" > "$WORK/prose.md"
"$COGOV" config --markdown | sed -n 's/^| `\([^`]*\)`.*/\1/p' > "$WORK/keys"
missing=""
while read -r k; do
    case "$k" in
        name|seed|time.days|output.*|domains.*) continue ;;
        mechanisms.*.enabled)  # a row of the switch table
            m=${k#mechanisms.}; m=${m%.enabled}
            grep -qF "| \`$m\` |" "$WORK/prose.md" || missing="$missing $k"
            continue ;;
    esac
    grep -qF "$k" "$WORK/prose.md" || grep -qF "\`${k#*.}\`" "$WORK/prose.md" || missing="$missing $k"
done < "$WORK/keys"
[ -z "$missing" ] && pass || fail "keys not described in docs/MODEL.md:$missing"
# every dotted key CALIBRATION.md gives a basis for exists in the table
"$COGOV" config --markdown | sed -n 's/^| `\([^`]*\)`.*/\1/p' | sort > "$WORK/all"
grep '^| `' "$TOP/docs/CALIBRATION.md" | cut -d'|' -f2 |
    grep -o '`[a-z_]*\.[a-z_.0-9]*`' | tr -d '`' | sort -u > "$WORK/cited"
stale=$(comm -13 "$WORK/all" "$WORK/cited" | grep -v '\.cfg$' | tr '\n' ' ')
[ -z "$stale" ] && pass || fail "CALIBRATION.md cites keys the table does not have: $stale"
summary
