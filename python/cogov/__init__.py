"""Read cogov run files (HDF5) into pandas data frames.

    import cogov
    runs = cogov.read_runs(["triage-s1.h5", "baseline-s1.h5"])
    params = cogov.read_params(["triage-s1.h5", "baseline-s1.h5"])

read_runs gives one tidy row per run, day, metric and column: run (the
path as given), scenario, seed, day, metric, value, and community,
channel and scope where they apply (missing elsewhere). The layout read
is that of docs/MODEL.md section 8: /timeseries/<metric> one value a day;
the 2-D /timeseries/resolved_by_channel [day, channel] and open_by_scope
[day, scope], whose columns are named by their "channels" and "scopes"
attributes; /communities/<metric> [day, community], community numbered
from 0 as in the file. A community series has the same metric name as the
district series (matters_open), told apart by its community value.

read_params gives one row per run and one column per parameter key, typed
as the file stores it (/parameters: int, float, bool, str).

Needs h5py and pandas (Debian: python3-h5py, python3-pandas). docs/READERS.md.
"""

import h5py
import numpy as np
import pandas as pd

__all__ = ["read_runs", "read_params", "read_run_attrs"]

# The column of a 2-D /timeseries series, by the attribute naming them.
_COLUMN_OF = {"channels": "channel", "scopes": "scope"}
COLUMNS = ["run", "scenario", "seed", "day", "metric", "value",
           "community", "channel", "scope"]


def _text(v):
    """An HDF5 string (bytes from a fixed-length string) as str."""
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray):
        return [_text(x) for x in v.tolist()]
    return v


def _paths(paths):
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return [str(p) for p in paths]


def _open(path):
    f = h5py.File(path, "r")
    if "cogov_version" not in f.attrs:
        f.close()
        raise ValueError(f"{path}: not a cogov run file (no cogov_version "
                         "attribute)")
    if int(f.attrs.get("complete", 0)) != 1:
        f.close()
        raise ValueError(f"{path}: incomplete run (complete=0): the run "
                         "stopped or is still running")
    return f


def read_run_attrs(path):
    """The root attributes of one run file as a dict of Python values."""
    with _open(path) as f:
        return {k: _text(v.item() if isinstance(v, np.generic) else v)
                for k, v in f.attrs.items()}


def _frame(path, scenario, seed, day, metric, values, **cols):
    """Long rows of values ([day] or [day, k]) with the extra columns."""
    n = len(day)
    k = 1 if values.ndim == 1 else values.shape[1]
    out = {
        "run": path, "scenario": scenario, "seed": seed,
        # rows are days: day repeats per column, columns cycle per day
        "day": np.repeat(day, k),
        "metric": metric,
        "value": values.reshape(n * k).astype("float64"),
    }
    for name, labels in cols.items():
        out[name] = np.tile(np.asarray(labels), n)
    return pd.DataFrame(out)


def _one(path):
    parts = []
    with _open(path) as f:
        scenario = _text(f.attrs["scenario"])
        seed = int(f.attrs["seed"])
        day = f["timeseries/day"][()].astype("int64")
        for name, d in f["timeseries"].items():
            if name == "day":
                continue
            x = d[()]
            if x.ndim == 1:
                parts.append(_frame(path, scenario, seed, day, name, x))
                continue
            labels = None
            for attr, col in _COLUMN_OF.items():
                if attr in d.attrs:
                    labels = {col: _text(d.attrs[attr])}
            if labels is None:
                raise ValueError(f"{path}: /timeseries/{name} is 2-D "
                                 "without a channels or scopes attribute")
            parts.append(_frame(path, scenario, seed, day, name, x,
                                **labels))
        if "communities" in f:
            for name, d in f["communities"].items():
                x = d[()]
                parts.append(_frame(path, scenario, seed, day, name, x,
                                    community=np.arange(x.shape[1])))
    return parts


def read_runs(paths):
    """A tidy frame of every series of the run files in paths (one path or
    a list): columns run, scenario, seed, day, metric, value, community
    (Int64, missing outside /communities), channel and scope (text, missing
    where they do not apply)."""
    parts = []
    for p in _paths(paths):
        parts.extend(_one(p))
    df = pd.concat(parts, ignore_index=True) if parts else \
        pd.DataFrame(columns=COLUMNS)
    for c in ("community", "channel", "scope"):
        if c not in df:
            df[c] = None
    df["community"] = df["community"].astype("Int64")
    for c in ("run", "scenario", "metric", "channel", "scope"):
        df[c] = df[c].astype("string")
    df["seed"] = df["seed"].astype("int64")
    df["day"] = df["day"].astype("int64")
    return df[COLUMNS]


def read_params(paths):
    """One row per run file (column run) and one column per parameter key
    of its /parameters group, in the parameter table's order, typed as
    stored: int64, float64, bool or text."""
    rows = []
    for p in _paths(paths):
        with _open(p) as f:
            if "parameters" not in f:
                raise ValueError(f"{p}: no /parameters (written by a cogov "
                                 "older than the typed parameters)")
            row = {"run": p}
            for k, v in f["parameters"].attrs.items():
                v = v.item() if isinstance(v, np.generic) else v
                row[k] = _text(v)
            rows.append(row)
    df = pd.DataFrame(rows)
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].astype("string")
    return df
