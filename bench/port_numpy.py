#!/usr/bin/env python3
"""A NumPy port of cogov's baseline core, for comparing speed with Python.

NOT PART OF THE PRODUCT. A benchmark comparison (docs/PERFORMANCE.md,
"Against Python"; issue 18 item 3): the model a user would otherwise write
in NumPy, vectorised over residents and matters, so anyone can measure
cogov's speed against Python on their own machine.

What it runs: the rules of docs/MODEL.md and sim/model/*.c as of main at
commit 902501a (2026-12-03) for scenarios/baseline.cfg with every
mechanism off and no burn-in (section 5 step 6 is skipped): initial
population, ties, grassroots organisations and work-station social
workers (section 5); arrivals by domain, scope, severity and hours (7.1);
reporting by trust and severity growth of held matters (7.2); routing
without triage (government after its latency, community matters to the
committee, private matters forwarded up at low priority); self-help, ties,
buying from a grassroots organisation or the market (7.3); handlers'
hours and priority queues of government, committees (with the admin
burden and station social workers) and organisations (7.5); grassroots
organisations' books, formation and exit, social workers' turnover and
skill (7.7); outcomes, grievance (driving disputes up to
matters.dispute_grievance_cap), giving up and max_age abandonment (7.8);
petitions (7.9); influence over ties (7.10); threshold participation and
volunteers joining and leaving (7.11). What the baseline does not run
(any mechanism, volunteer work, which reaches the team only through the
linkage platform, the community fund) is not here. Cost accounting
(gov_spending) and the time-in-system metrics are not computed.

Not bitwise: cogov draws from Philox4x32-10 keyed by (seed, purpose, day,
entity), this port from NumPy's PCG64 in its own order, and keeps states
in float64 where cogov keeps float32. The same seed gives a different
district; agreement is statistical (tests/t_port.sh compares means over
seeds within the between-seed spread).

usage: bin/cogov config scenarios/baseline.cfg --set time.burn_in_days=0 \\
           [--set population.residents=N --set time.days=D --set seed=S] \\
       | python3 bench/port_numpy.py - [--quiet]
prints one CSV row a day (port_common.COLUMNS); --quiet prints only the
run time. Needs numpy (Debian python3-numpy) and nothing else.
"""
import os
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("port_numpy.py: numpy is missing (Debian: apt-get install "
             "python3-numpy)")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import port_common as pc  # noqa: E402

HELD, TRANSIT, QUEUED = 1, 2, 3          # matter status (0: gone)
HK_GOV, HK_COMMITTEE, HK_SOCORG = 1, 2, 3  # handler kinds
FIELDS = (("owner", np.int64), ("comm", np.int64), ("dom", np.int8),
          ("scope", np.int8), ("sev", np.float64), ("hours", np.float64),
          ("done", np.float64), ("created", np.int64), ("status", np.int8),
          ("hk", np.int8), ("handler", np.int64), ("ready", np.int64),
          ("prio", np.int8), ("paid", np.bool_))


def trunc_normal(rng, mean, sd, n):
    """normal(mean, sd) redrawn until inside [0, 1]; mean may be an array."""
    mean = np.broadcast_to(np.asarray(mean, float), (n,)).copy()
    if sd <= 0:
        return np.clip(mean, 0, 1)
    x = mean + sd * rng.standard_normal(n)
    bad = (x < 0) | (x > 1)
    while bad.any():
        x[bad] = mean[bad] + sd * rng.standard_normal(int(bad.sum()))
        bad = (x < 0) | (x > 1)
    return x


def draw_distinct(rng, lo, span, me, k, width, taken):
    """Per row i, k[i] distinct indices in [lo[i], lo[i] + span[i]) other
    than me[i] and than the row's `taken`, by rejection (MODEL.md 5, step
    4); columns k[i]..width-1 are -1."""
    n = len(lo)
    out = np.full((n, width), -1, np.int64)
    need = np.arange(width)[None, :] < k[:, None]
    bad = need.copy()
    while True:
        r, c = np.nonzero(bad)
        if not len(r):
            return out
        out[r, c] = lo[r] + (rng.random(len(r)) * span[r]).astype(np.int64)
        rs = np.unique(r)
        o = out[rs]
        b = (o == me[rs, None]) | (o[:, :, None] == taken[rs, None, :]).any(2)
        for a in range(1, width):
            b[:, a] |= (o[:, a:a + 1] == o[:, :a]).any(1)
        bad[:] = False
        bad[rs] = b & need[rs]


class World:
    def __init__(self, p):
        self.p = p
        self.rng = rng = np.random.default_rng(p["seed"])
        pop = p["population"]
        nc = pop["communities"]
        self.nc = nc
        sizes = pc.community_sizes(p, list(rng.standard_normal(nc)))
        self.csize = np.array(sizes, np.int64)
        n = self.n = int(self.csize.sum())
        self.comm = np.repeat(np.arange(nc), self.csize)
        first = np.concatenate(([0], np.cumsum(self.csize)[:-1]))
        # residents: household flags, states (section 5)
        f = np.zeros(n, np.int64)
        for bit, key in ((pc.MIGRANT, "migrant_share"),
                         (pc.ELDERLY, "elderly_share"),
                         (pc.CHILD, "child_share"),
                         (pc.LOW_INCOME, "low_income_share")):
            f |= np.where(rng.random(n) < pop[key], bit, 0)
        self.flags = f
        off = np.where(f & pc.MIGRANT, pop["migrant_trust_offset"], 0.0)
        self.tg = trunc_normal(rng, pop["trust_gov_mean"] + off,
                               pop["trust_sd"], n)
        self.tc = trunc_normal(rng, pop["trust_com_mean"] + off,
                               pop["trust_sd"], n)
        self.eff = trunc_normal(rng, pop["efficacy_mean"], pop["efficacy_sd"],
                                n)
        pa = p["participation"]
        self.thr = trunc_normal(rng, pa["threshold_mean"], pa["threshold_sd"],
                                n)
        self.part = rng.random(n) < pa["initial_rate"]
        self.thr[rng.random(n) < pa["instigator_share"]] = 0.0
        self.sat = np.full(n, float(pop["satisfaction_init"]))
        self.grv = np.zeros(n)
        self.petitioning = np.zeros(n, bool)
        self.vol = rng.random(n) < p["volunteer"]["initial_share"]
        # ties: building, then community (section 5, step 4)
        bs = p["population"]["building_size"]
        idx = np.arange(n)
        c0 = first[self.comm]
        c1 = c0 + self.csize[self.comm]
        b0 = c0 + (idx - c0) // bs * bs
        b1 = np.minimum(b0 + bs, c1)
        kb = np.minimum(b1 - b0 - 1, pop["ties_building"])
        kc = np.minimum(c1 - c0 - 1 - kb, pop["ties_community"])
        tb = draw_distinct(rng, b0, b1 - b0, idx, kb, pop["ties_building"],
                           np.full((n, 1), -1))
        tcm = draw_distinct(rng, c0, c1 - c0, idx, kc,
                            pop["ties_community"], tb)
        ties = np.concatenate((tb, tcm), 1)
        self.tmask = ties >= 0
        self.ties = np.where(self.tmask, ties, idx[:, None])
        self.deg = self.tmask.sum(1)
        # grassroots organisations (section 5, step 5; 7.7)
        self.grassroots_domains = [d for d, name in enumerate(pc.DOMAINS)
                                   if p["domains"][name]["grassroots"]]
        self.org_home = np.zeros(0, np.int64)
        self.org_q = np.zeros(0)
        self.org_funds = np.zeros(0)
        self.org_alive = np.zeros(0, bool)
        self.org_dom = np.zeros((0, len(pc.DOMAINS)), bool)
        self.org_load = np.zeros(0)
        x = p["socorg"]["initial_grassroots"]
        for c in range(nc):
            k = int(x) + (rng.random() < x - int(x))
            for _ in range(k):
                self.new_org(c)
        # work-station social workers
        sw = p["socialwork"]
        posts = [pc.station_posts(p, int(s)) for s in self.csize]
        self.sw_comm = np.repeat(np.arange(nc), posts)
        e = sw["stock_experience"]
        self.sw_skill = np.full(len(self.sw_comm),
                                (1 - e) * sw["skill_init"] + e)
        self.sw_vacant_until = np.full(len(self.sw_comm), -1)  # -1: filled
        self.burden = np.array([pc.admin_burden(p, int(s))
                                for s in self.csize])
        # matters
        self.m = {k: np.zeros(0, t) for k, t in FIELDS}
        rt = np.array(pc.rate_table(p))
        self.rate = rt                     # [flags, domain]
        self.rate_tot = rt.sum(1)
        dt = pc.domain_table(p)
        self.share_cum = np.cumsum([[d["private"], d["community"],
                                     d["government"]] for d in dt], 1)
        self.dom_hours = np.array([d["hours"] for d in dt])
        self.dx = (p["domains"]["dispute"]["rate"] *
                   p["matters"]["dispute_grievance_factor"])
        self.grv_cap = pc.grievance_cap(p)
        self.latency = int(p["government"]["latency_days"])
        self.participants = np.bincount(self.comm, self.part, nc)
        self.counts = {}

    def new_org(self, c):
        rng = self.rng
        so = self.p["socorg"]
        dom = np.zeros(len(pc.DOMAINS), bool)
        g = self.grassroots_domains
        if g:
            dom[g[rng.integers(len(g))]] = True
            if rng.random() < so["second_domain"]:
                dom[g[rng.integers(len(g))]] = True
        self.org_home = np.append(self.org_home, c)
        self.org_q = np.append(self.org_q,
                               rng.beta(so["quality_a"], so["quality_b"]))
        self.org_funds = np.append(self.org_funds, 0.0)
        self.org_alive = np.append(self.org_alive, True)
        self.org_dom = np.vstack((self.org_dom, dom))
        self.org_load = np.append(self.org_load, 0.0)

    def add_matters(self, **cols):
        k = len(cols["owner"])
        for name, t in FIELDS:
            v = cols.get(name, 0)
            self.m[name] = np.concatenate(
                (self.m[name], np.broadcast_to(np.asarray(v, t), (k,))))

    def count(self, key, k=1):
        self.counts[key] = self.counts.get(key, 0) + k

    # -- outcomes (7.8), applied in order, owners repeating in turn --------
    def feel(self, owners, target, o):
        """satisfaction and the target trust (1 government, 2 community)
        toward o; owners may repeat: applied in the given order."""
        if not len(owners):
            return
        oc = self.p["outcome"]
        ws, wt = oc["satisfaction_weight"], oc["trust_weight"]
        order = np.argsort(owners, kind="stable")
        so = owners[order]
        start = np.r_[0, np.nonzero(np.diff(so))[0] + 1]
        rank = np.empty(len(so), np.int64)
        rank[order] = np.arange(len(so)) - np.repeat(start,
                                                     np.diff(np.r_[start,
                                                                   len(so)]))
        for r in range(int(rank.max()) + 1):
            s = rank == r
            i, t, v = owners[s], target[s], o[s]
            self.sat[i] += ws * (v - self.sat[i])
            g, c = t == 1, t == 2
            self.tg[i[g]] += wt * (v[g] - self.tg[i[g]])
            self.tc[i[c]] += wt * (v[c] - self.tc[i[c]])

    def resolve(self, idx, ch, q, day):
        """Matters idx (in order) resolved through channels ch with
        qualities q."""
        m = self.m
        pet = m["prio"][idx] == 2
        own = m["owner"][idx]
        # a settled petition answers the grievance behind it (7.9)
        self.grv[own[pet]] *= self.p["escalation"]["reset"]
        self.petitioning[own[pet]] = False
        self.count("petitions_settled", int(pet.sum()))
        keep = ~pet
        age = day - m["created"][idx[keep]]
        o = q[keep] / (1.0 + age / self.p["outcome"]["timeliness_days"])
        target = np.select([ch[keep] == pc.CH["government"],
                            np.isin(ch[keep], (pc.CH["community"],
                                               pc.CH["socorg"]))], [1, 2], 0)
        self.feel(own[keep], target, o)
        for c, k in zip(*np.unique(ch, return_counts=True)):
            self.count(pc.CHANNELS[c], int(k))
        self.count("resolved", len(idx))
        m["status"][idx] = 0

    # -- the day -----------------------------------------------------------
    def capacity(self):
        p = self.p
        sw = p["socialwork"]
        filled = self.sw_vacant_until < 0
        h = sw["hours_per_day"] * (sw["skill_base"] +
                                   (1 - sw["skill_base"]) * self.sw_skill)
        station = np.bincount(self.sw_comm[filled], h[filled], self.nc)
        self.committee_hours = (p["community"]["staff_hours"] *
                                (1 - self.burden) + station)
        so = p["socorg"]
        self.org_cap = np.where(self.org_alive, so["grassroots_hours"] +
                                np.where(self.org_funds > 0,
                                         so["coordinator_hours"], 0), 0.0)

    def generate(self, day):
        p, rng = self.p, self.rng
        g = np.minimum(self.grv, self.grv_cap)   # disputes' grievance (7.1)
        lam = self.rate_tot[self.flags] + self.dx * g
        a = rng.poisson(lam)
        owners = np.repeat(np.arange(self.n), a)
        k = len(owners)
        w = self.rate[self.flags[owners]].copy()
        w[:, pc.D_DISPUTE] += self.dx * g[owners]
        cum = np.cumsum(w, 1)
        dom = (rng.random(k)[:, None] * cum[:, -1:] >= cum).sum(1)
        dom = np.minimum(dom, len(pc.DOMAINS) - 1)
        sc = self.share_cum[dom]
        scope = (rng.random(k)[:, None] * sc[:, -1:] >= sc).sum(1)
        mt = p["matters"]
        sev = rng.beta(mt["severity_a"], mt["severity_b"], k)
        hrs = rng.gamma(mt["hours_shape"], 1.0, k) * self.dom_hours[dom] / \
            mt["hours_shape"]
        self.add_matters(owner=owners, comm=self.comm[owners], dom=dom,
                         scope=np.minimum(scope, 2), sev=sev,
                         hours=np.maximum(hrs, 0.01), created=day,
                         status=HELD, prio=1)
        self.count("new", k)

    def intake(self, day):
        p, m = self.p, self.m
        # transit matters whose day has come reach government's queue
        arr = (m["status"] == TRANSIT) & (m["ready"] <= day)
        m["status"][arr] = QUEUED
        held = np.nonzero(m["status"] == HELD)[0]
        own, scope = m["owner"][held], m["scope"][held]
        trust = np.where(scope == pc.GOVERNMENT, self.tg[own], self.tc[own])
        rp = p["report"]
        pr = rp["base"] + rp["trust_slope"] * trust
        pr = np.where(scope == pc.PRIVATE, pr * rp["private_factor"], pr)
        rep = self.rng.random(len(held)) < pr
        stay = held[~rep]
        m["sev"][stay] = np.minimum(1.0, m["sev"][stay] +
                                    rp["severity_growth"])
        r = held[rep]
        com = m["scope"][r] == pc.COMMUNITY
        # community matters to the committee; the rest up to government
        # after its latency, private ones at low priority (7.2)
        m["status"][r] = np.where(com, QUEUED, TRANSIT)
        m["hk"][r] = np.where(com, HK_COMMITTEE, HK_GOV)
        m["handler"][r] = np.where(com, m["comm"][r], 0)
        m["ready"][r] = day + self.latency
        m["prio"][r[m["scope"][r] == pc.PRIVATE]] = 0

    def selfhelp(self, day):
        p, m, rng = self.p, self.m, self.rng
        s = np.nonzero((m["status"] == HELD) & (m["scope"] == pc.PRIVATE))[0]
        own = m["owner"][s]
        f = self.flags[own]
        sh, pd = p["selfhelp"], p["paid"]
        pown = sh["own"] * np.where(f & pc.ELDERLY, sh["elderly_factor"], 1) \
            * np.where(f & pc.LOW_INCOME, sh["low_income_factor"], 1)
        ptie = 1 - (1 - sh["tie"]) ** self.deg[own]
        wtp = pd["wtp"] * np.where(f & pc.LOW_INCOME, pd["low_income_wtp"], 1)
        low = min(pd["socorg_price"], pd["market_price"])

        def buy(price):
            return pd["buy_rate"] * np.minimum(1.0, wtp / price)
        u = rng.random((3, len(s)))
        act = np.select([u[0] < pown, u[1] < ptie, u[2] < buy(low)],
                        [1, 2, 3], 0)
        done, ch, q = [], [], []
        ratio = buy(pd["market_price"]) / buy(low)
        for j in np.nonzero(act)[0]:   # in slot order: sellers are shared
            if act[j] < 3:
                done.append(s[j])
                ch.append(pc.CH["self"] if act[j] == 1 else pc.CH["tie"])
                q.append(sh["quality"])
                continue
            k = -1
            if pd["socorg_price"] < pd["market_price"]:
                free = (self.org_cap * p["linkage"]["horizon_days"] -
                        self.org_load)
                ok = (self.org_alive & self.org_dom[:, m["dom"][s[j]]] &
                      (self.org_home == m["comm"][s[j]]) &
                      (free >= m["hours"][s[j]]) & (free > 0))
                if ok.any():
                    k = int(np.argmax(np.where(ok, free, -np.inf)))
            if k >= 0:
                self.org_funds[k] += pd["socorg_price"] * m["hours"][s[j]]
                self.org_load[k] += m["hours"][s[j]]
                m["status"][s[j]], m["hk"][s[j]] = QUEUED, HK_SOCORG
                m["handler"][s[j]], m["paid"][s[j]] = k, True
            elif rng.random() < ratio[j]:
                done.append(s[j])
                ch.append(pc.CH["market"])
                q.append(pd["market_quality"])
        if done:
            self.resolve(np.array(done), np.array(ch), np.array(q), day)

    def queue_order(self, idx):
        """idx sorted by handler, then priority (MODEL.md 7.5)."""
        m = self.m
        g = self.group(idx)
        o = np.lexsort((idx, m["created"][idx], -m["sev"][idx],
                        -m["prio"][idx], g))
        return idx[o], g[o]

    def group(self, idx):
        m = self.m
        hk, h = m["hk"][idx], m["handler"][idx]
        return np.where(hk == HK_GOV, 0, np.where(hk == HK_COMMITTEE, 1 + h,
                                                  1 + self.nc + h))

    def work(self, day):
        p, m = self.p, self.m
        q = np.nonzero(m["status"] == QUEUED)[0]
        if not len(q):
            return
        q, g = self.queue_order(q)
        hours = np.concatenate(([p["government"]["staff_hours"]],
                                self.committee_hours, self.org_cap))
        need = m["hours"][q] - m["done"][q]
        cs = np.cumsum(need)
        start = np.r_[0, np.nonzero(np.diff(g))[0] + 1]
        base = np.repeat(cs[start] - need[start],
                         np.diff(np.r_[start, len(q)]))
        incl = cs - base
        excl = incl - need
        H = hours[g]
        res = incl <= H
        # the first matter not finished in each queue gets what is left
        # (only it can start below the queue's hours)
        part = ~res & (excl < H - 1e-9)
        m["done"][q[part]] += (H - excl)[part]
        org = g >= 1 + self.nc
        k = g - 1 - self.nc
        np.add.at(self.org_load, k[org & res], -need[org & res])
        np.add.at(self.org_load, k[org & part], -(H - excl)[org & part])
        ch = np.where(g == 0, pc.CH["government"],
                      np.where(org, pc.CH["socorg"], pc.CH["community"]))
        ql = np.where(g == 0, p["government"]["quality"],
                      np.where(org, self.org_q[np.maximum(k, 0)],
                               p["community"]["quality"]))
        self.resolve(q[res], ch[res], ql[res], day)

    def fund(self, day):
        p, m, rng = self.p, self.m, self.rng
        so, sw = p["socorg"], p["socialwork"]
        alive = np.nonzero(self.org_alive)[0]
        pay = alive[self.org_funds[alive] > 0]
        self.org_funds[pay] -= so["coordinator_cost"]
        self.org_q[alive] += so["learning"] * (1 - self.org_q[alive])
        inc = p["linkage"]["incubation_participation"]
        pf = np.minimum(1.0, self.participants / self.csize / inc)
        gone = alive[rng.random(len(alive)) <
                     so["grassroots_exit"] * (1 - pf[self.org_home[alive]])]
        if len(gone):   # dissolved: its queue goes back to routing
            self.org_alive[gone] = False
            self.org_load[gone] = 0
            back = np.nonzero((m["status"] == QUEUED) & (m["hk"] == HK_SOCORG)
                              & np.isin(m["handler"], gone))[0]
            m["done"][back] = 0
            m["status"][back], m["hk"][back] = TRANSIT, HK_GOV
            m["ready"][back], m["prio"][back] = day + self.latency, 0
        born = np.nonzero(rng.random(self.nc) <
                          so["formation_rate"] / 365.0 * pf)[0]
        for c in born:
            self.new_org(int(c))
        # social workers: turnover, hiring, skill
        vac = self.sw_vacant_until
        hire = (vac >= 0) & (vac <= day)
        filled = vac < 0
        leave = filled & (rng.random(len(vac)) < sw["turnover"])
        learn = filled & ~leave
        self.sw_skill[learn] += sw["learning"] * (1 - self.sw_skill[learn])
        vac[leave] = day + int(sw["hire_days"])
        vac[hire] = -1
        self.sw_skill[hire] = sw["skill_init"]

    def outcomes(self, day):
        p, m = self.p, self.m
        live = np.nonzero(m["status"] > 0)[0]
        age = day - m["created"][live]
        pet = m["prio"][live] == 2
        ab = age >= p["max_age"]
        od = (age > p["patience"]) & (age < p["max_age"]) & ~pet
        ab |= od & (self.rng.random(len(live)) < p["give_up"])
        oc = p["outcome"]
        over = np.bincount(m["owner"][live[od]], m["sev"][live[od]], self.n)
        self.grv = self.grv * (1 - oc["grievance_decay"]) + \
            oc["grievance_rate"] * over
        a = live[ab]
        st, hk = m["status"][a], m["hk"][a]
        target = np.where(st == HELD, 0, np.where(hk == HK_GOV, 1, 2))
        self.petitioning[m["owner"][a[m["prio"][a] == 2]]] = False
        kq = a[(st == QUEUED) & (hk == HK_SOCORG)]
        np.add.at(self.org_load, m["handler"][kq],
                  -(m["hours"][kq] - m["done"][kq]))
        self.feel(m["owner"][a], target, np.zeros(len(a)))
        m["status"][a] = 0
        self.count("abandoned", len(a))

    def escalate(self, day):
        p = self.p
        who = np.nonzero((self.grv >= p["escalation"]["threshold"]) &
                         ~self.petitioning)[0]
        self.petitioning[who] = True
        self.add_matters(owner=who, comm=self.comm[who], dom=pc.D_ADMIN,
                         scope=pc.GOVERNMENT, sev=1.0,
                         hours=p["escalation"]["cost"], created=day,
                         status=TRANSIT, hk=HK_GOV, ready=day + self.latency,
                         prio=2)
        self.count("escalated", len(who))
        self.count("new", len(who))

    def influence(self):
        w = self.p["influence"]["weight"]
        t, mk = self.ties, self.tmask
        deg = np.maximum(self.deg, 1)
        has = self.deg > 0
        self.peers = (self.part[t] & mk).sum(1)
        for name in ("tg", "tc", "sat"):
            x = getattr(self, name)
            mean = (x[t] * mk).sum(1) / deg
            setattr(self, name, np.where(has, x + w * (mean - x), x))

    def participate(self, day):
        p, rng = self.p, self.rng
        v = p["volunteer"]
        share = np.where(self.deg > 0, self.peers / np.maximum(self.deg, 1),
                         0.0)
        part = share * p["participation"]["gain"] * self.eff * self.tc >= \
            self.thr
        u = rng.random((2, self.n))
        # no hours are banked in the baseline (the team gets no work): the
        # recognition term is 1
        join = ~self.vol & part & (u[0] < v["join_rate"] * self.eff)
        leave = self.vol & (u[1] < v["leave_rate"] *
                            v["dissatisfaction_leave"] * (1 - self.sat))
        self.vol = (self.vol | join) & ~leave
        self.part = part
        self.participants = np.bincount(self.comm, part, self.nc)

    def compact(self):
        keep = self.m["status"] > 0
        if keep.all():
            return
        for k in self.m:
            self.m[k] = self.m[k][keep]

    def step(self, day):
        self.counts = {}
        self.capacity()
        self.generate(day)
        self.intake(day)
        self.selfhelp(day)
        self.work(day)
        self.fund(day)
        self.outcomes(day)
        self.escalate(day)
        self.influence()
        self.participate(day)
        self.compact()
        c = self.counts
        n = float(self.n)
        return ([day, c.get("new", 0), len(self.m["status"]),
                 c.get("resolved", 0), c.get("abandoned", 0),
                 c.get("escalated", 0), self.sat.sum() / n,
                 self.tg.sum() / n, self.tc.sum() / n, self.grv.sum() / n,
                 self.part.sum() / n, int(self.vol.sum()),
                 int(self.org_alive.sum())] +
                [c.get(ch, 0) for ch in pc.CHANNELS])


if __name__ == "__main__":
    sys.exit(pc.main(sys.argv, "port_numpy", World, __doc__))
