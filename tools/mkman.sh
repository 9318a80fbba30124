#!/bin/sh
# The man page cogov(1), from the program's own help texts (make man,
# make install): help2man (Debian: help2man) turns `cogov --help` and
# `cogov --version` into the page, and the sections added here hold each
# command's `cogov COMMAND --help` verbatim, so the page never says
# other than --help. Usage: tools/mkman.sh BIN/cogov DATADIR > cogov.1
set -eu
cogov=$1
datadir=$2
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT

# roff-safe verbatim text: backslashes doubled, a leading . or ' escaped
verbatim() {
    printf '.nf\n'
    sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    printf '.fi\n'
}

{
    printf '[COMMANDS]\n'
    for c in run config plot report export info check sweep patterns demo; do
        printf '.SS "cogov %s"\n' "$c"
        "$cogov" "$c" --help 2>&1 | verbatim
    done
    cat <<EOT
[ENVIRONMENT]
.TP
.B COGOV_PATH
Folders, separated by colons, where the file named by a scenario's
\fBbase = "other.cfg";\fR
is looked for when it is not beside the including file; the installed
scenario library ($datadir/scenarios) is looked in last.
.TP
.B OMP_NUM_THREADS
Threads of a run; results do not depend on their number.
[FILES]
.TP
.I $datadir/scenarios/
The scenario library (baseline.cfg, triage.cfg, ...).
.TP
.I $datadir/R/cogov.R
The R reader of run files (read_runs, read_params).
[SEE ALSO]
The model, calibration and guides: README.md and docs/ in the
documentation folder of cogov (docs/MODEL.md, docs/READERS.md,
docs/API.md, docs/CLUSTER.md).
EOT
} > "$inc"

help2man --no-info --no-discard-stderr --section=1 \
    --name="agent-based simulation of urban community co-governance" \
    --include="$inc" "$cogov"
