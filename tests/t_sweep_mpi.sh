# The MPI task farm: the small sweep under mpirun -np 2 (bin/cogov-mpi)
# gives the same files, bit for bit, as the serial bin/cogov; the serial
# build refuses to be started as several MPI ranks.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/sweep_lib.sh"
cd "$WORK"
MPI="$TOP/bin/cogov-mpi"
# Open MPI refuses root without these; --oversubscribe lets 2 ranks share
# fewer cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# containers often forbid the cross-memory attach of Open MPI's shared
# memory transport; the farm's messages are a few bytes anyway
export OMPI_MCA_btl_vader_single_copy_mechanism=none

if [ ! -x "$MPI" ] || ! command -v mpirun >/dev/null 2>&1; then
    fail "bin/cogov-mpi or mpirun missing: make deps installs Open MPI and make builds bin/cogov-mpi when mpicc is found"
    summary
    exit 1
fi

check "plan (serial)" "$COGOV" sweep plan "$SWEEP" -o serial
check "plan (MPI)" "$COGOV" sweep plan "$SWEEP" -o mpi
check "serial run" "$COGOV" sweep run serial -q
check "mpirun -np 2 cogov-mpi sweep run" mpirun -np 2 --oversubscribe "$MPI" sweep run mpi
cp out mpi.out
expect "both ranks ran tasks (a farm, not one rank)" grep -q '^\[rank 1\] task' mpi.out
expect "rank 0 ran tasks too" grep -q '^\[rank 0\] task' mpi.out
expect "every task ran once" test "$(grep -c '^\[rank [01]\] task [0-9]* done' mpi.out)" -eq 8
expect "one complete file per task" complete_runs mpi 8
expect "MPI and serial runs are bitwise identical" same_runs serial mpi 8
h5dump -a /code/mpi_version mpi/runs/run_000000.h5 | grep -q "Open MPI"
expect "the MPI build records its MPI library" test $? -eq 0

check "mpirun again resumes: nothing left to run" mpirun -np 2 --oversubscribe "$MPI" sweep run mpi
expect "0 tasks to run" grep -q "0 of 8 tasks to run on 2 MPI ranks" out
rm mpi/runs/run_000003.h5 mpi/runs/run_000006.h5
check "mpirun redoes missing tasks" mpirun -np 2 --oversubscribe "$MPI" sweep run mpi -q
expect "complete again" complete_runs mpi 8
expect "and still identical" same_runs serial mpi 8

check_fails "the serial build refuses mpirun" "built without MPI but started as 2 MPI ranks" \
    mpirun -np 2 --oversubscribe "$COGOV" sweep run serial
check "cogov-mpi without mpirun runs the local pool" "$MPI" sweep run serial --jobs 2
summary
