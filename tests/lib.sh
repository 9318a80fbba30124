# Shared helpers of the shell tests (tests/t_*.sh). Each test script
# sources this, calls `check NAME COMMAND...` / `check_fails ...`, and ends
# with `summary`, whose last line is "NAME: N passed, N failed".
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
COGOV=${COGOV:-$TOP/bin/cogov}
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cogov-$T_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $*" >&2; }

# check DESCRIPTION CMD...: CMD must succeed.
check() {
    d=$1; shift
    if "$@" >"$WORK/out" 2>"$WORK/err"; then pass; else
        fail "$d (exit $?)"; sed 's/^/  | /' "$WORK/err" | head -n 20 >&2; fi
}

# check_fails DESCRIPTION PATTERN CMD...: CMD must exit non-zero and its
# stderr must match the extended regex PATTERN.
check_fails() {
    d=$1; pat=$2; shift 2
    if "$@" >"$WORK/out" 2>"$WORK/err"; then
        fail "$d: succeeded but should have failed"
    elif ! grep -Eq -- "$pat" "$WORK/err"; then
        fail "$d: message does not match /$pat/:"
        sed 's/^/  | /' "$WORK/err" | head -n 5 >&2
    else pass; fi
}

# expect DESCRIPTION CONDITION-CMD...: a plain assertion.
expect() {
    d=$1; shift
    if "$@"; then pass; else fail "$d"; fi
}

summary() {
    echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ]
}
