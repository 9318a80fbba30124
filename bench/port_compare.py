#!/usr/bin/env python3
"""Do two sets of runs give the same daily metrics within seed noise?

NOT PART OF THE PRODUCT: the faithfulness check of the Python ports
(bench/port_numpy.py, bench/port_agents.py, bench/port_mesa.py;
tests/t_port.sh).

usage: port_compare.py [--expect-differ] A1.csv A2.csv ... -- B1.csv ...
Each file is one run's daily metrics: `cogov export RUN.h5 --wide` or a
port's output (port_common.COLUMNS; other columns are ignored). Each run
is summarised by its mean of each metric over two windows (the whole run,
and its second half); the runs of a side are replicates (different
seeds). For each metric and window the difference of the two sides'
means is compared with its standard error from the between-seed SDs
(the two-sample t statistic with the pooled SD: under the hypothesis
tested, that both sides run the same model, the two SDs are one), against
the two-sided Student t quantile with nA + nB - 2 degrees of freedom at
the Bonferroni level 0.01 / (number of comparisons). The
random streams differ, so nothing is compared bit for bit. Exit status 0
when every metric agrees (1 if not; with --expect-differ, 0 only when at
least one differs: the check's power, a negative control).
"""
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import port_common as pc  # noqa: E402

METRICS = [c for c in pc.COLUMNS if c != "day"]
ALPHA = 0.01


def run_means(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("port_compare.py: %s: no rows" % path)
    n = len(rows)
    out = {}
    for k in METRICS:
        if k not in rows[0]:
            sys.exit("port_compare.py: %s: no column %s" % (path, k))
        v = [float(r[k]) for r in rows]
        out[(k, "all")] = sum(v) / n
        out[(k, "2nd half")] = sum(v[n // 2:]) / (n - n // 2)
    return out


def t_cdf(t, df):
    """Student t CDF by Simpson's rule on the density (no SciPy)."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / \
        math.sqrt(df * math.pi)
    x = abs(t)
    n = 2000
    h = x / n
    s = 0.0
    for i in range(n + 1):
        y = c * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
        s += y * (1 if i in (0, n) else 4 if i % 2 else 2)
    half = s * h / 3
    return 0.5 + half if t >= 0 else 0.5 - half


def t_quantile(p, df):
    lo, hi = 0.0, 1000.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return hi


def stats(xs):
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1)
    return m, var, n


def main(argv):
    args = argv[1:]
    expect_differ = "--expect-differ" in args
    args = [a for a in args if a != "--expect-differ"]
    if "--" not in args:
        sys.stderr.write(__doc__)
        return 2
    k = args.index("--")
    a, b = args[:k], args[k + 1:]
    if len(a) < 2 or len(b) < 2:
        sys.exit("port_compare.py: at least two runs a side")
    ra = [run_means(f) for f in a]
    rb = [run_means(f) for f in b]
    keys = [key for key in ra[0]
            if any(r[key] != 0 for r in ra + rb)]
    level = ALPHA / len(keys)
    bad = 0
    print("%-36s %-8s %12s %12s %9s %9s" % ("metric", "window", "A mean",
                                           "B mean", "|d|/se", "limit"))
    for key in keys:
        ma, va, na = stats([r[key] for r in ra])
        mb, vb, nb = stats([r[key] for r in rb])
        df = na + nb - 2
        se2 = ((na - 1) * va + (nb - 1) * vb) / df * (1 / na + 1 / nb)
        d = abs(ma - mb)
        lim = t_quantile(1 - level / 2, df)
        if se2 == 0:
            z, ok = (0.0 if d == 0 else math.inf), d == 0
        else:
            z = d / math.sqrt(se2)
            ok = z <= lim
        bad += not ok
        print("%-36s %-8s %12.6g %12.6g %9.2f %9.2f %s" %
              (key[0], key[1], ma, mb, z, lim, "" if ok else "DIFFERS"))
    print("%d of %d comparisons differ (two-sided level %.2g each)"
          % (bad, len(keys), level))
    if expect_differ:
        return 0 if bad else 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
