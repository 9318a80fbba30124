# The model identity (docs/MODEL.md 8): `cogov --version` prints the hash
# the Makefile computes from the model's sources; run files carry it in
# /code, checkpoints in /restart (a restart's provenance names it); a
# copy of the sources without .git (a tarball) gives the same identity
# wherever it lies, an edit of a doc or a test does not change it, an
# edit of a model source does, and the build recompiles base/versions.c
# with the new one.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mk() { make --no-print-directory -s "$@"; }
# builds echo their commands: the test reads which files were compiled
mkv() { make --no-print-directory "$@"; }

check "--version" "$COGOV" --version
id=$(sed -n 's/^cogov .* model \([0-9a-f]\{16\}\)$/\1/p' "$WORK/out")
expect "--version prints a model identity of 16 hex digits ($id)" \
    test -n "$id"
tree_id=$(mk -C "$TOP" model-id)
expect "it is the one make computes from the tree ($tree_id)" \
    test "$id" = "$tree_id"

check "a small run" "$COGOV" run "$TOP/tests/small.cfg" --days 3 -o run.h5
h5dump -a /code/model_id run.h5 > attr.txt 2>&1
expect "the run file's /code/model_id is it" grep -q "\"$id\"" attr.txt
# a checkpoint names it too, and a restart's provenance says it
check "a run with a checkpoint" "$COGOV" run "$TOP/tests/small.cfg" --days 3 \
    --checkpoint-every 2 --checkpoint run.ckpt -o ck.h5
check "restarted" "$COGOV" run --restart run.ckpt --days 4 -o re.h5
h5dump -a /provenance re.h5 > prov.txt 2>&1
expect "the restart's provenance names the checkpoint's model" \
    grep -q "revision [^ ]*, model $id)" prov.txt

# two copies of the sources, no .git, in other folders: what a tarball
# gives; the identity depends on contents and relative names alone
copy() {
    mkdir -p "$1"
    (cd "$TOP" && tar cf - Makefile VERSION sim include docs tests) |
        (cd "$1" && tar xf -)
}
copy a/cogov
copy b/src/cogov
expect "no .git in the copy" test ! -e a/cogov/.git
ida=$(mk -C a/cogov model-id)
idb=$(mk -C b/src/cogov model-id)
expect "a copy without .git has the same identity ($ida)" test "$ida" = "$id"
expect "so has a second copy elsewhere ($idb)" test "$idb" = "$id"

# docs and tests are not the model
echo "one more line" >> a/cogov/docs/MODEL.md
echo "# one more line" >> a/cogov/tests/t_run.sh
touch a/cogov/sim/model/matter.c
expect "editing a doc and a test, touching a source: same identity" \
    test "$(mk -C a/cogov model-id)" = "$id"

# the build: base/versions.o carries the identity and is rebuilt when it
# changes, not otherwise
check "build base/versions.o" mkv -C a/cogov build/base/versions.o
expect "it compiled base/versions.c" grep -q "versions.c" "$WORK/out"
expect "the object holds the identity" grep -q "$id" a/cogov/build/base/versions.o
check "build it in the second copy" mkv -C b/src/cogov build/base/versions.o
expect "the second build holds the same identity" \
    grep -q "$id" b/src/cogov/build/base/versions.o
check "make again" mkv -C a/cogov build/base/versions.o
expect "nothing rebuilt when the identity is the same" \
    sh -c '! grep -q versions "$1"' sh "$WORK/out"

echo "/* one more line */" >> a/cogov/sim/model/matter.c
new=$(mk -C a/cogov model-id)
expect "editing sim/model/matter.c changes the identity ($new)" \
    test -n "$new" -a "$new" != "$id"
check "make after the edit" mkv -C a/cogov build/base/versions.o
expect "base/versions.c is recompiled" grep -q "versions.c" "$WORK/out"
expect "the object holds the new identity" \
    grep -q "$new" a/cogov/build/base/versions.o
echo "x" > a/cogov/sim/engine/extra.h
expect "a new engine header changes it too" \
    test "$(mk -C a/cogov model-id)" != "$new"
summary
