"""What the Python ports of the baseline share (bench/port_numpy.py,
bench/port_agents.py and, through the latter, bench/port_mesa.py):
reading the effective parameters that `cogov config` prints, the checks
that they describe the baseline core, the community sizes, and the daily
metrics row.

A comparison for benchmarks (docs/PERFORMANCE.md, "Against Python"), not
part of the product. Only the standard library here.
"""
import math
import re
import signal
import sys
import time

DOMAINS = ("elder_care", "child_care", "property", "dispute", "safety",
           "employment", "facilities", "admin", "integration")
D_DISPUTE, D_ADMIN = 3, 7
CHANNELS = ("self", "tie", "market", "community", "deliberation", "socorg",
            "volunteer", "mediation", "government")
CH = {c: k for k, c in enumerate(CHANNELS)}
PRIVATE, COMMUNITY, GOVERNMENT = 0, 1, 2
# household flags, as in sim/model/world.h
MIGRANT, ELDERLY, CHILD, LOW_INCOME = 1, 2, 4, 8
COLUMNS = (["day", "matters_new", "matters_open", "matters_resolved",
            "matters_abandoned", "matters_escalated", "satisfaction_mean",
            "trust_gov_mean", "trust_com_mean", "grievance_mean",
            "participation_rate", "volunteer_count", "socorg_count"] +
           ["resolved_by_channel[%s]" % c for c in CHANNELS])

_TOKEN = re.compile(r'\s*(?:#[^\n]*\n|"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w]*)'
                    r'|([-+]?[0-9.][0-9.eE+-]*[Ll]?)|([={};:,()\[\]]))')


def parse_config(text, source):
    """The nested groups of `cogov config SCENARIO` output (libconfig
    syntax as that command writes it: groups, scalars, strings, bools) as
    dicts. Lists (a change schedule) are refused: the ports run one
    parameter set."""
    toks = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            line = text.count("\n", 0, pos) + 1
            raise SystemExit("%s:%d: cannot read %r (expected the output of "
                             "`cogov config`)" % (source, line,
                                                  text[pos:pos + 20]))
        if m.group(1) is not None:
            toks.append(("str", m.group(1)))
        elif m.group(2) is not None:
            w = m.group(2)
            if w.lower() in ("true", "false"):
                toks.append(("val", w.lower() == "true"))
            else:
                toks.append(("name", w))
        elif m.group(3) is not None:
            s = m.group(3).rstrip("Ll")
            toks.append(("val", float(s) if re.search(r"[.eE]", s) else int(s)))
        elif m.group(4) is not None:
            toks.append(("op", m.group(4)))
        pos = m.end()

    def group(k, close):
        d = {}
        while k < len(toks) and toks[k] != ("op", close):
            kind, name = toks[k]
            if kind != "name" or toks[k + 1][1] not in ("=", ":"):
                raise SystemExit("%s: unexpected %r (expected a key)"
                                 % (source, name))
            k += 2
            kind, v = toks[k]
            if (kind, v) == ("op", "{"):
                d[name], k = group(k + 1, "}")
            elif kind in ("str", "val"):
                d[name] = v
            else:
                raise SystemExit("%s: key %s: only groups and scalars are "
                                 "read (a change schedule is not run by the "
                                 "ports)" % (source, name))
            k += 1
            if k < len(toks) and toks[k] in (("op", ";"), ("op", ",")):
                k += 1
        return d, k
    d, _ = group(0, None)
    return d


def read_params(path):
    text = sys.stdin.read() if path == "-" else open(path).read()
    p = parse_config(text, "<stdin>" if path == "-" else path)
    check_baseline(p, "<stdin>" if path == "-" else path)
    return p


REQUIRED = ("seed", "time", "patience", "max_age", "give_up", "population",
            "domains", "matters", "report", "selfhelp", "government",
            "community", "outcome", "mechanisms", "linkage", "paid", "socorg",
            "socialwork", "volunteer", "escalation", "influence",
            "participation")


def check_baseline(p, source):
    """The ports run the baseline core only: refuse anything else with one
    line naming the key."""
    for k in REQUIRED:
        if k not in p:
            raise SystemExit("%s: no key %s (expected the whole output of "
                             "`cogov config SCENARIO`)" % (source, k))
    for name, m in sorted(p["mechanisms"].items()):
        if m.get("enabled"):
            raise SystemExit("%s: mechanisms.%s.enabled is true; the ports "
                             "run the baseline core (every mechanism off)"
                             % (source, name))
    if p["volunteer"]["initial_share"] != 0:
        raise SystemExit("%s: volunteer.initial_share is %s; the ports start "
                         "with no registered volunteers (cogov draws them "
                         "among the first day's participants, MODEL.md 5, "
                         "which the ports do not; use 0, the default)"
                         % (source, p["volunteer"]["initial_share"]))
    if p["time"]["burn_in_days"] != 0:
        raise SystemExit("%s: time.burn_in_days is %s; the ports have no "
                         "burn-in (use --set time.burn_in_days=0)"
                         % (source, p["time"]["burn_in_days"]))
    if p["participation"]["network"] != "local":
        raise SystemExit("%s: participation.network must be \"local\" for "
                         "the ports" % source)
    if p["participation"]["threshold_censored"]:
        raise SystemExit("%s: participation.threshold_censored must be false "
                         "for the ports" % source)
    if p["population"]["residents"] < p["population"]["communities"]:
        raise SystemExit("%s: population.residents below "
                         "population.communities" % source)


def community_sizes(p, normals):
    """Residents per community (docs/MODEL.md 5, step 1): weights
    max(0.05, 1 + sd x N(0,1)) from `normals`, largest remainder, none
    empty."""
    nr = p["population"]["residents"]
    nc = p["population"]["communities"]
    sd = p["population"]["community_size_sd"]
    wt = [max(0.05, 1.0 + sd * z) for z in normals[:nc]]
    tot = sum(wt)
    exact = [nr * x / tot for x in wt]
    n = [int(math.floor(x)) for x in exact]
    frac = [x - f for x, f in zip(exact, n)]
    for c in sorted(range(nc), key=lambda c: (-frac[c], c))[:nr - sum(n)]:
        n[c] += 1
    for c in range(nc):
        if n[c] == 0:
            big = max(range(nc), key=lambda k: (n[k], -k))
            n[big] -= 1
            n[c] = 1
    return n


def domain_table(p):
    """Per domain: rate, scope weights, hours, grassroots flag."""
    return [p["domains"][d] for d in DOMAINS]


def eligible(d, f):
    """Is a household with flags f exposed to domain d? (MODEL.md 2)"""
    if d == 0:
        return bool(f & ELDERLY)
    if d == 1:
        return bool(f & CHILD)
    if d == 5:
        return bool(f & LOW_INCOME) and not f & ELDERLY
    if d == 8:
        return bool(f & MIGRANT)
    return True


def rate_table(p):
    """rate[f][d]: the daily rate of domain d for household flags f
    (MODEL.md 7.1, no micro-projects: the baseline has none)."""
    dt = domain_table(p)
    out = []
    for f in range(16):
        row = []
        for d in range(len(DOMAINS)):
            r = dt[d]["rate"] if eligible(d, f) else 0.0
            if d == D_ADMIN and f & MIGRANT:
                r *= p["matters"]["admin_migrant_factor"]
            row.append(r)
        out.append(row)
    return out


def grievance_cap(p):
    """The grievance that drives disputes stops here (MODEL.md 7.1;
    matters.dispute_grievance_cap, absent before main d0b1989: no cap)."""
    return p["matters"].get("dispute_grievance_cap", math.inf)


def station_posts(p, n):
    """Work-station social workers of a community of n residents (MODEL.md
    7.7): llround(station_per_10k x n / 10000)."""
    x = p["socialwork"]["station_per_10k"] * n / 10000.0
    return int(math.floor(x + 0.5))


def admin_burden(p, n):
    """The committee's admin share (MODEL.md 7.5) with no mechanism on."""
    c = p["community"]
    a = p["government"]["admin_push"] + c["admin_per_1k"] * n / 1000.0
    b = a / c["staff_hours"] if c["staff_hours"] > 0 else 0.0
    return min(b, c["admin_burden_cap"])


def write_header(out):
    out.write(",".join(COLUMNS) + "\n")


def write_row(out, values):
    out.write(",".join(repr(float(v)) if isinstance(v, float) else str(v)
                       for v in values) + "\n")


def main(argv, name, make, doc):
    """The command line of a port: read the parameters (a file, or - for
    standard input), build the model with make(p), step it day by day and
    print a row a day, or with --quiet only the run time."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `| head` ends it quietly
    quiet = "--quiet" in argv
    args = [a for a in argv[1:] if a != "--quiet"]
    if len(args) != 1 or args[0] in ("-h", "--help"):
        (sys.stdout if args else sys.stderr).write(doc)
        return 0 if args and args[0] in ("-h", "--help") else 2
    p = read_params(args[0])
    t0 = time.perf_counter()
    model = make(p)
    if not quiet:
        write_header(sys.stdout)
    for day in range(p["time"]["days"]):
        row = model.step(day)
        if not quiet:
            write_row(sys.stdout, row)
    if quiet:
        print("%s: %d residents x %d days: %.3f s"
              % (name, model.n, p["time"]["days"], time.perf_counter() - t0))
    return 0
