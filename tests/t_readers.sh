# The Python and R readers (python/cogov, R/cogov.R) on real run files:
# read_runs gives, for every run, day, metric and column, exactly the value
# `cogov export` writes (so the 2-D series come back in the file's
# orientation: a channel, scope or community per column), strings as text,
# community and channel in their own columns; read_params gives each key
# with its type and the run's value; files that are not complete runs are
# refused.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1

# the Python that has Debian's h5py and pandas (python3-h5py, -pandas)
PY=""
for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if "$py" -c 'import h5py, pandas' >/dev/null 2>&1; then PY=$py; break; fi
done
expect "a python3 with h5py and pandas (make deps)" test -n "$PY"
expect "Rscript with hdf5r (make deps)" Rscript -e 'library(hdf5r)'

# two small runs: two communities, different seeds and mechanisms
check "run a" "$COGOV" run "$TOP/tests/small.cfg" --days 25 --seed 3 \
    --set population.communities=2 -q -o a.h5
check "run b" "$COGOV" run "$TOP/scenarios/all.cfg" --days 20 --seed 4 \
    --set population.residents=2000 --set population.communities=3 -q -o b.h5
check "export" "$COGOV" export a.h5 b.h5 --csv runs.csv

cat > check.py <<'PYEOF'
import sys
import numpy as np
import pandas as pd
import cogov

df = cogov.read_runs(["a.h5", "b.h5"])
ok = True
def expect(what, cond):
    global ok
    if not cond:
        print("FAIL", what); ok = False

expect("columns", list(df.columns) == ["run", "scenario", "seed", "day",
       "metric", "value", "community", "channel", "scope"])
expect("strings are text", isinstance(df.scenario.iloc[0], str)
       and set(df.scenario) == {"small", "all"})
expect("channels as text", set(df.channel.dropna()) >= {"self", "government"})
expect("communities 0..2 in b", sorted(df[df.run == "b.h5"].community.dropna()
       .unique().tolist()) == [0, 1, 2])
expect("seeds", df.groupby("run").seed.first().to_dict() == {"a.h5": 3, "b.h5": 4})
# every value equals export's row of the same run, day, metric and column
# (export writes the same tidy columns: community, channel, scope)
keys = ["run", "day", "metric", "community", "channel", "scope"]
def keyed(d):
    d = d[keys + ["value"]].copy()
    d["run"] = d.run.astype(str)
    d["community"] = d.community.fillna(-1).astype("int64")
    for col in ("channel", "scope"):
        d[col] = d[col].fillna("").astype(str)
    return d
mine = keyed(df)
ref = keyed(pd.read_csv("runs.csv", keep_default_na=False, na_values=["NA", ""],
                        float_precision="round_trip"))
j = mine.merge(ref, on=keys, how="outer", suffixes=("", "_csv"),
               indicator=True)
expect("the same rows as export (%d vs %d)" % (len(mine), len(ref)),
       len(mine) == len(ref) and (j._merge == "both").all())
same = (j.value == j.value_csv) | (j.value.isna() & j.value_csv.isna())
expect("every value equals export's (%d differ)" % (~same).sum(), same.all())
expect("not all zero", (j.value.fillna(0) != 0).sum() > 100)

p = cogov.read_params(["a.h5", "b.h5"]).set_index("run")
expect("int key", p["population.communities"].tolist() == [2, 3]
       and str(p["population.communities"].dtype) == "int64")
expect("bool key", p["mechanisms.triage.enabled"].tolist() == [False, True]
       and str(p["mechanisms.triage.enabled"].dtype) == "bool")
expect("float key", str(p["population.migrant_share"].dtype) == "float64")
expect("string key", p.loc["b.h5", "name"] == "all")
expect("days", p["time.days"].tolist() == [25, 20])
# a run that did not finish (complete=0, as a stopped run leaves it)
import shutil, h5py
shutil.copy("a.h5", "inc.h5")
with h5py.File("inc.h5", "r+") as f:
    f.attrs["complete"] = np.int32(0)
for bad in ("runs.csv", "inc.h5"):
    try:
        cogov.read_runs(bad)
        expect("refuses " + bad, False)
    except ValueError as e:
        expect("message names " + bad, bad in str(e))
    except OSError:
        expect("h5py refuses " + bad, bad == "runs.csv")
print("python readers:", "ok" if ok else "FAILED", len(mine), "rows")
sys.exit(0 if ok else 1)
PYEOF
check "python read_runs and read_params agree with export" \
    env PYTHONPATH="$TOP/python" "$PY" check.py

cat > check.R <<'REOF'
args <- commandArgs(trailingOnly = TRUE)
source(file.path(args[1], "R", "cogov.R"))
fails <- 0
expect <- function(what, cond) {
  if (!isTRUE(cond)) { cat("FAIL", what, "\n"); fails <<- fails + 1 }
}
df <- read_runs(c("a.h5", "b.h5"))
expect("columns", identical(names(df), c("run", "scenario", "seed", "day",
       "metric", "value", "community", "channel", "scope")))
expect("strings are text", is.character(df$scenario) &&
       setequal(unique(df$scenario), c("small", "all")))
expect("channel is text", is.character(df$channel) &&
       all(c("self", "government") %in% df$channel))
expect("communities of b", identical(sort(unique(na.omit(
       df$community[df$run == "b.h5"]))), 0:2))
keyed <- function(d) {
  data.frame(run = as.character(d$run), day = d$day, metric = d$metric,
             community = ifelse(is.na(d$community), -1L,
                                as.integer(d$community)),
             channel = ifelse(is.na(d$channel) | d$channel == "", "",
                              d$channel),
             scope = ifelse(is.na(d$scope) | d$scope == "", "", d$scope),
             value = d$value, stringsAsFactors = FALSE)
}
mine <- keyed(df)
ref <- keyed(read.csv("runs.csv", na.strings = c("NA", ""),
                      stringsAsFactors = FALSE))
j <- merge(mine, ref, by = c("run", "day", "metric", "community", "channel",
                             "scope"), all = TRUE)
expect(sprintf("the same rows as export (%d vs %d)", nrow(mine), nrow(ref)),
       nrow(mine) == nrow(ref) && nrow(j) == nrow(ref))
same <- (is.na(j$value.x) & is.na(j$value.y)) |
        (!is.na(j$value.x) & !is.na(j$value.y) & j$value.x == j$value.y)
expect(sprintf("every value equals export's (%d differ)", sum(!same)),
       all(same))
p <- read_params(c("a.h5", "b.h5"))
expect("int key", identical(as.integer(p[["population.communities"]]),
       c(2L, 3L)))
expect("bool key", identical(p[["mechanisms.triage.enabled"]], c(FALSE, TRUE)))
expect("float key", is.double(p[["population.migrant_share"]]))
expect("string key", identical(p[["name"]][2], "all"))
r <- try(read_runs("runs.csv"), silent = TRUE)
expect("refuses a file that is not a run", inherits(r, "try-error"))
r <- try(read_runs("inc.h5"), silent = TRUE)
expect("refuses an incomplete run", inherits(r, "try-error") &&
       grepl("incomplete", r))
cat("R readers:", if (fails == 0) "ok" else "FAILED", nrow(mine), "rows\n")
quit(status = if (fails == 0) 0 else 1)
REOF
check "R read_runs and read_params agree with export" Rscript check.R "$TOP"
summary
