# Slurm: start a one-node Slurm (Debian's slurm-wlm, auth/none, a minimal
# slurm.conf in a temporary directory), submit the job-array script of
# `cogov sweep slurm`, check the runs against a serial sweep, then remove
# a result and resubmit: the array resumes, redoing only that task.
# Needs root (slurmd runs jobs as their user); anything else that keeps
# Slurm from starting is a failure, with its logs.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"

if [ "$(id -u)" != 0 ]; then
    echo "t_sweep_slurm: SKIPPED: starting slurmctld and slurmd needs root" >&2
    echo "t_sweep_slurm: SKIPPED (not root): the Slurm array test did not run"
    summary
    exit 0
fi
for b in slurmctld slurmd sbatch sinfo; do
    command -v $b >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    if ! command -v $b >/dev/null 2>&1; then
        fail "$b missing: make deps installs slurm-wlm"
        summary
        exit 1
    fi
done

S="$WORK/slurm"
mkdir -p "$S/state" "$S/spool"
HOST=$(hostname -s 2>/dev/null || hostname)
# ports of our own, away from a system Slurm's 6817/6818
PORT=$((20000 + $$ % 20000))
cat > "$S/slurm.conf" <<CONF
ClusterName=cogovtest
SlurmctldHost=$HOST(127.0.0.1)
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MaxArraySize=1001
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=cogovtest Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"

CTLD=""
SLURMD=""
cleanup() {
    [ -n "$SLURMD" ] && kill "$SLURMD" 2>/dev/null
    [ -n "$CTLD" ] && kill "$CTLD" 2>/dev/null
    [ -n "$SLURMD" ] && wait "$SLURMD" 2>/dev/null
    [ -n "$CTLD" ] && wait "$CTLD" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

slurmctld -D -c -f "$S/slurm.conf" >"$S/ctld.out" 2>&1 &
CTLD=$!
slurmd -D -N "$HOST" -f "$S/slurm.conf" >"$S/slurmd.out" 2>&1 &
SLURMD=$!

# wait (at most 30 s) for the node to be idle
up=0
i=0
while [ $i -lt 60 ]; do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -q '^idle'; then up=1; break; fi
    sleep 0.5
    i=$((i + 1))
done
if [ $up -ne 1 ]; then
    fail "Slurm did not start (no idle node after 30 s); logs follow"
    for l in "$S/ctld.out" "$S/slurmd.out" "$S/slurmctld.log" "$S/slurmd.log"; do
        [ -f "$l" ] && { echo "--- $l" >&2; tail -n 15 "$l" >&2; }
    done
    summary
    exit 1
fi
pass

# submit SCRIPT: sbatch it and wait until every array element has ended
# (polling scontrol, faster than sbatch --wait); 0 when all COMPLETED
submit() {
    id=$(sbatch --parsable "$1") || return 1
    i=0
    while [ $i -lt 1200 ]; do
        st=$(scontrol -o show job "$id" 2>/dev/null |
             sed -n 's/.* JobState=\([A-Z_]*\) .*/\1/p')
        if [ -n "$st" ] && ! echo "$st" | grep -qvE \
            '^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE)$'; then
            echo "$st" | sort | uniq -c
            ! echo "$st" | grep -qv '^COMPLETED$'
            return
        fi
        sleep 0.25
        i=$((i + 1))
    done
    echo "job $id did not end in 300 s" >&2
    return 1
}

check "plan" "$COGOV" sweep plan "$SWEEP" -o d
check "slurm script, 3 elements" "$COGOV" sweep slurm d --array-max 3 --time 5
check "submit the array; every element completes" submit d/sweep.sbatch
expect "3 array elements logged" test "$(ls d/slurm | wc -l)" -eq 3
expect "one complete file per task" complete_runs d 8
check "serial reference" "$COGOV" sweep plan "$SWEEP" -o ref
check "serial run" "$COGOV" sweep run ref -q
expect "Slurm array and serial runs are bitwise identical" same_runs ref d 8

# resubmission resumes: the script written again holds only the element
# with the missing task, and --collect chains a collect job after it
ls -i d/runs > inodes.before
rm d/runs/run_000004.h5
rm -f d/slurm/*
check "the script again, with a collect job" "$COGOV" sweep slurm d --runs-per-task 3 --time 5 --collect
expect "only element 1 is left" grep -q '^#SBATCH --array=1$' d/sweep.sbatch
check "submit.sh submits the array and the collect job" sh d/submit.sh
i=0
while [ ! -s d/runs.csv ] && [ $i -lt 1200 ]; do sleep 0.25; i=$((i + 1)); done
expect "the collect job ran after the array: runs.csv" test -s d/runs.csv
expect "complete again" complete_runs d 8
expect "still identical" same_runs ref d 8
ls -i d/runs > inodes.after
expect "only task 4 was rewritten" test "$(diff inodes.before inodes.after | grep -c '^>')" -eq 1
expect "only element 1 ran" sh -c 'ls d/slurm | grep -v collect | grep -q "_1.out$" && test "$(ls d/slurm | grep -vc collect)" -eq 1'
expect "the collected table has every run done" test "$(grep -c ',done,' d/runs.csv)" -eq 8
summary
