# The layer rule of docs/ARCHITECTURE.md, read from the includes: a file
# under sim/LAYER/ includes only headers of its own layer or of layers
# below it (base < io < model < engine < post < demo < study < cli), and
# post/ (readers of output files) includes neither model/ nor engine/,
# and demo/ only the public API of the engine (below).
# Also: every source file sits in a layer folder, and no layer includes
# a header that does not exist.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1

rank() {
    case $1 in
        base) echo 0 ;; io) echo 1 ;; model) echo 2 ;; engine) echo 3 ;;
        post) echo 4 ;; demo) echo 5 ;; study) echo 6 ;; cli) echo 7 ;;
        *) echo 99 ;;
    esac
}

# every C file of sim/ is in a known layer folder
stray=""
for f in $(find sim -name '*.[ch]' | sort); do
    l=$(echo "$f" | cut -d/ -f2)
    [ "$(rank "$l")" -lt 99 ] && [ "$(echo "$f" | tr -cd / | wc -c)" -eq 2 ] \
        || stray="$stray $f"
done
[ -z "$stray" ] && pass || fail "files outside the layer folders:$stray"

bad=""
missing=""
for f in $(find sim -name '*.[ch]' | sort); do
    l=$(echo "$f" | cut -d/ -f2)
    r=$(rank "$l")
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        case $inc in
            cogov/*) [ -e "include/$inc" ] || missing="$missing $f:$inc"
                     continue ;;   # the public headers (base)
            */*) ;;
            *) bad="$bad $f:$inc(no-layer)"; continue ;;
        esac
        [ -e "sim/$inc" ] || missing="$missing $f:$inc"
        il=${inc%%/*}
        ir=$(rank "$il")
        if [ "$ir" -gt "$r" ]; then
            bad="$bad $f:$inc"
        elif [ "$l" = post ] && { [ "$il" = model ] || [ "$il" = engine ]; }; then
            bad="$bad $f:$inc(post-reads-files-only)"
        fi
    done
done
[ -z "$bad" ] && pass || fail "includes against the layer rule:$bad"
[ -z "$missing" ] && pass || fail "includes of missing headers:$missing"

# no circle of calls between the files of a layer: from the objects of
# the build, an edge A -> B when A.o uses a function B.o defines; tsort
# reports a loop. (model/: the day's phases above routing, above matters,
# above the world; docs/ARCHITECTURE.md.)
OBJ=${BUILD:-$TOP/build}
for l in base io model engine post study demo; do
    ls "$OBJ/$l"/*.o >/dev/null 2>&1 || continue
    for o in "$OBJ/$l"/*.o; do
        n=$(basename "$o" .o)
        nm "$o" | awk -v n="$n" '$2 == "T" { print "D", $3, n } $1 == "U" { print "U", $2, n }'
    done > "$WORK/syms"
    awk '$1 == "D" { def[$2] = $3 } $1 == "U" { use[NR] = $2 " " $3 }
         END { for (k in use) { split(use[k], a, " ");
               if ((a[1] in def) && def[a[1]] != a[2]) print a[2], def[a[1]] } }' \
        "$WORK/syms" | sort -u > "$WORK/edges"
    if tsort "$WORK/edges" >/dev/null 2>"$WORK/loop"; then pass; else
        fail "calls between the files of sim/$l/ go in a circle: $(tr '\n' ' ' < "$WORK/loop")"
    fi
done

# demo/ (cogov demo, cogov serve) runs the model through the public API
# (include/cogov/sim.h) like any other program: no header of model/ or
# engine/, and no call of a function they define but the API's.
demo_bad=""
for f in sim/demo/*.[ch]; do
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\(model\|engine\)\/\([^"]*\)".*/\1\/\2/p' "$f"); do
        demo_bad="$demo_bad $f:$inc"
    done
done
[ -z "$demo_bad" ] && pass || fail "demo/ includes model/ or engine/ headers:$demo_bad"
if ls "$OBJ"/demo/*.o "$OBJ"/engine/*.o "$OBJ"/model/*.o >/dev/null 2>&1; then
    nm "$OBJ"/engine/*.o "$OBJ"/model/*.o | awk '$2 == "T" || $2 == "D" || $2 == "R" || $2 == "B" { print $3 }' |
        grep -v '^cogov_' | sort -u > "$WORK/inner"
    for o in "$OBJ"/demo/*.o; do
        nm "$o" | awk '$1 == "U" { print $2 }' | sort -u |
            comm -12 - "$WORK/inner" | sed "s|^|$(basename "$o"):|"
    done > "$WORK/demo_calls"
    [ ! -s "$WORK/demo_calls" ] && pass ||
        fail "demo/ uses the engine or the model past the public API: $(tr '\n' ' ' < "$WORK/demo_calls")"
fi

# the public headers include nothing of sim/
pub=$(grep -l '#include "\(base\|io\|model\|engine\|post\|study\|demo\|cli\)/' include/cogov/*.h 2>/dev/null | tr '\n' ' ')
[ -z "$pub" ] && pass || fail "public headers include engine internals: $pub"
summary
