#!/usr/bin/env python3
"""A plain-Python agent port of cogov's baseline core, in Mesa's structure.

NOT MESA, and NOT PART OF THE PRODUCT. A benchmark comparison
(docs/PERFORMANCE.md, "Against Python"; issue 18 item 3) that needs only
the standard library. This file is the model written the way a Mesa 3
model is: a Resident agent class with its own state and methods, a Model
that owns the agents and the handlers, and each day the agents activated
in a freshly shuffled order (what Mesa 3's
`model.agents.shuffle_do("step")` does), then the later stages agent by
agent (`model.agents.do("stage")`), with handlers as objects holding
priority queues. bench/port_mesa.py runs these same classes' rules on
Mesa itself (its classes subclass these and mesa.Agent / mesa.Model) and
prints this file's rows at the same seed; what this file leaves out is
what Mesa adds on top (Agent registration in weak-keyed AgentSets, the
unique-id bookkeeping of mesa.Agent, shuffle_do's weakref dereferencing,
the DataCollector). So without Mesa this file's time is a lower bound on
that port's time, and cogov's speed-up over it is a LOWER bound on
cogov's speed-up over the Mesa port (not an upper one). A Mesa port
written differently (say, NumPy inside Model.step) could be faster; that
would be the NumPy port (bench/port_numpy.py), which is timed apart.

The rules are bench/port_numpy.py's (docs/MODEL.md as of main at commit
902501a, scenarios/baseline.cfg with every mechanism off, no burn-in; see
that file's header for the list), applied agent by agent: a resident's
own matters, outcomes, grievance and petition in its own step, the
handlers' queues in the handlers' step, influence double-buffered (the
stage computes, an `advance` stage commits, as Mesa's simultaneous
activation did), participation from the ties' choices of yesterday. Where
cogov fixes an order (matters in slot order when buyers share a seller's
hours) the shuffled activation decides instead; that changes no
distribution. Random draws from Python's `random` (Mersenne Twister), one
stream per model as Mesa's `model.random`: not bitwise cogov's, agreement
is statistical (tests/t_port.sh checks it against the NumPy port).

usage: bin/cogov config scenarios/baseline.cfg --set time.burn_in_days=0 \\
           [--set population.residents=N --set time.days=D --set seed=S] \\
       | python3 bench/port_agents.py - [--quiet]
prints one CSV row a day (port_common.COLUMNS); --quiet prints only the
run time. Standard library only.
"""
import heapq
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import port_common as pc  # noqa: E402

HELD, TRANSIT, QUEUED, GONE = 1, 2, 3, 0
# a resident's stages after the handlers' day, in this order (MODEL.md 7.8-7.11)
STAGES = ("settle", "petition", "influence", "advance", "participate")


def trunc_normal(rnd, mean, sd):
    if sd <= 0:
        return min(1.0, max(0.0, mean))
    while True:
        x = rnd.gauss(mean, sd)
        if 0 <= x <= 1:
            return x


def poisson(rnd, lam):
    u = rnd.random()
    p = math.exp(-lam)
    k, s = 0, p
    while u > s:
        k += 1
        p *= lam / k
        s += p
    return k


class Matter:
    __slots__ = ("id", "owner", "domain", "scope", "severity", "hours",
                 "done", "created", "status", "handler", "prio", "ready")

    def __init__(self, mid, owner, domain, scope, severity, hours, created,
                 prio=1):
        self.id, self.owner, self.domain, self.scope = mid, owner, domain, scope
        self.severity, self.hours, self.done = severity, hours, 0.0
        self.created, self.status, self.handler = created, HELD, None
        self.prio, self.ready = prio, 0

    def key(self):
        return (-self.prio, -self.severity, self.created, self.id)


class Handler:
    """Government, a committee or a grassroots organisation: hours a day
    spent on a priority queue (MODEL.md 7.5)."""

    def __init__(self, model, channel, quality, trust):
        self.model, self.channel = model, channel
        self.quality, self.trust = quality, trust
        self.queue = []       # heap of (key, matter); gone ones skipped
        self.load = 0.0       # hours queued and not yet worked
        self.hours = 0.0

    def enqueue(self, m):
        m.status, m.handler = QUEUED, self
        self.load += m.hours - m.done
        heapq.heappush(self.queue, (m.key(), m))

    def step(self, day):
        h = self.hours
        q = self.queue
        while h > 1e-9 and q:
            m = q[0][1]
            if m.status != QUEUED or m.handler is not self:
                heapq.heappop(q)
                continue
            need = m.hours - m.done
            if need <= h:
                h -= need
                self.load -= need
                heapq.heappop(q)
                self.model.resolve(m, self.channel, self.quality, self.trust,
                                   day)
            else:
                m.done += h
                self.load -= h
                h = 0


class Organisation(Handler):
    def __init__(self, model, home, quality, domains):
        super().__init__(model, pc.CH["socorg"], quality, 2)
        self.home, self.domains = home, domains
        self.funds, self.alive = 0.0, True


class Resident:
    """One resident (a mesa.Agent in bench/port_mesa.py): household,
    states, ties, and its own matters."""

    def __init__(self, model, community):
        self.model = model
        self.setup(community)

    def setup(self, community):
        """The household and initial states, drawn from the model's stream
        (MODEL.md 5); the ties are drawn by the model once the community
        is complete."""
        p, rnd = self.model.p, self.model.random
        pop, pa = p["population"], p["participation"]
        self.community = community
        f = 0
        for bit, key in ((pc.MIGRANT, "migrant_share"),
                         (pc.ELDERLY, "elderly_share"),
                         (pc.CHILD, "child_share"),
                         (pc.LOW_INCOME, "low_income_share")):
            if rnd.random() < pop[key]:
                f |= bit
        self.flags = f
        self.matters = []
        self.ties = []
        self.grievance = 0.0
        self.petitioning = False
        off = pop["migrant_trust_offset"] if f & pc.MIGRANT else 0.0
        self.trust_gov = trunc_normal(rnd, pop["trust_gov_mean"] + off,
                                      pop["trust_sd"])
        self.trust_com = trunc_normal(rnd, pop["trust_com_mean"] + off,
                                      pop["trust_sd"])
        self.efficacy = trunc_normal(rnd, pop["efficacy_mean"],
                                     pop["efficacy_sd"])
        self.threshold = trunc_normal(rnd, pa["threshold_mean"],
                                      pa["threshold_sd"])
        self.participating = rnd.random() < pa["initial_rate"]
        if rnd.random() < pa["instigator_share"]:
            self.threshold = 0.0
        self.satisfaction = pop["satisfaction_init"]
        self.volunteer = rnd.random() < p["volunteer"]["initial_share"]

    # stage 1: new matters, reporting, self-help (7.1-7.3)
    def step(self):
        md, p, rnd, day = self.model, self.model.p, self.model.random, \
            self.model.day
        g = min(self.grievance, md.grv_cap)   # disputes' grievance (7.1)
        lam = md.rate_tot[self.flags] + md.dx * g
        for _ in range(poisson(rnd, lam)):
            w = list(md.rate[self.flags])
            w[pc.D_DISPUTE] += md.dx * g
            x = rnd.random() * sum(w)
            d = 0
            while d < len(w) - 1 and x >= w[d]:
                x -= w[d]
                d += 1
            sh = md.shares[d]
            x = rnd.random() * sum(sh)
            s = 0 if x < sh[0] else 1 if x < sh[0] + sh[1] else 2
            mt = p["matters"]
            hrs = rnd.gammavariate(mt["hours_shape"], 1.0) * \
                md.dom_hours[d] / mt["hours_shape"]
            m = Matter(md.next_id(), self, d, s,
                       rnd.betavariate(mt["severity_a"], mt["severity_b"]),
                       max(hrs, 0.01), day)
            self.matters.append(m)
            md.count("new")
        rp = p["report"]
        for m in self.matters:
            if m.status != HELD:
                continue
            trust = self.trust_gov if m.scope == pc.GOVERNMENT else \
                self.trust_com
            pr = rp["base"] + rp["trust_slope"] * trust
            if m.scope == pc.PRIVATE:
                pr *= rp["private_factor"]
            if rnd.random() < pr:
                md.route(m, self)
            else:
                m.severity = min(1.0, m.severity + rp["severity_growth"])
        for m in list(self.matters):
            if m.status == HELD and m.scope == pc.PRIVATE:
                self.help_self(m)

    def help_self(self, m):
        md, p, rnd = self.model, self.model.p, self.model.random
        sh, pd = p["selfhelp"], p["paid"]
        own = sh["own"]
        if self.flags & pc.ELDERLY:
            own *= sh["elderly_factor"]
        if self.flags & pc.LOW_INCOME:
            own *= sh["low_income_factor"]
        tie = 1 - (1 - sh["tie"]) ** len(self.ties)
        wtp = pd["wtp"] * (pd["low_income_wtp"]
                           if self.flags & pc.LOW_INCOME else 1)
        low = min(pd["socorg_price"], pd["market_price"])
        buy = pd["buy_rate"] * min(1.0, wtp / low)
        if rnd.random() < own:
            md.resolve(m, pc.CH["self"], sh["quality"], 0, md.day)
        elif rnd.random() < tie:
            md.resolve(m, pc.CH["tie"], sh["quality"], 0, md.day)
        elif rnd.random() < buy:
            org = md.seller(self.community, m) \
                if pd["socorg_price"] < pd["market_price"] else None
            if org is not None:
                org.funds += pd["socorg_price"] * m.hours
                org.enqueue(m)
            elif rnd.random() < pd["buy_rate"] * min(
                    1.0, wtp / pd["market_price"]) / buy:
                md.resolve(m, pc.CH["market"], pd["market_quality"], 0,
                           md.day)

    # stage 3: overdue matters, giving up, abandonment, petitions (7.8, 7.9)
    def settle(self):
        md, p, rnd, day = self.model, self.model.p, self.model.random, \
            self.model.day
        over = 0.0
        for m in list(self.matters):
            age = day - m.created
            gone = age >= p["max_age"]
            if p["patience"] < age < p["max_age"] and m.prio != 2:
                over += m.severity
                gone = gone or rnd.random() < p["give_up"]
            if gone:
                md.abandon(m)
        oc = p["outcome"]
        self.grievance = self.grievance * (1 - oc["grievance_decay"]) + \
            oc["grievance_rate"] * over

    def petition(self):
        md, p = self.model, self.model.p
        if self.grievance >= p["escalation"]["threshold"] and \
                not self.petitioning:
            self.petitioning = True
            m = Matter(md.next_id(), self, pc.D_ADMIN, pc.GOVERNMENT, 1.0,
                       p["escalation"]["cost"], md.day, prio=2)
            self.matters.append(m)
            md.to_government(m)
            md.count("new")
            md.count("escalated")

    # stage 4: influence over ties, computed then committed (7.10)
    def influence(self):
        w = self.model.p["influence"]["weight"]
        t = self.ties
        self.peers = sum(1 for j in t if j.participating)
        self.next = (self.trust_gov, self.trust_com, self.satisfaction)
        if t:
            k = len(t)
            self.next = (
                self.trust_gov + w * (sum(j.trust_gov for j in t) / k -
                                      self.trust_gov),
                self.trust_com + w * (sum(j.trust_com for j in t) / k -
                                      self.trust_com),
                self.satisfaction + w * (sum(j.satisfaction for j in t) / k -
                                         self.satisfaction))

    def advance(self):
        self.trust_gov, self.trust_com, self.satisfaction = self.next

    # stage 5: participation and volunteering (7.11)
    def participate(self):
        p, rnd = self.model.p, self.model.random
        share = self.peers / len(self.ties) if self.ties else 0.0
        self.participating = share * p["participation"]["gain"] * \
            self.efficacy * self.trust_com >= self.threshold
        v = p["volunteer"]
        if not self.volunteer:
            if self.participating and \
                    rnd.random() < v["join_rate"] * self.efficacy:
                self.volunteer = True
        elif rnd.random() < v["leave_rate"] * v["dissatisfaction_leave"] * \
                (1 - self.satisfaction):
            self.volunteer = False   # no hours banked in the baseline


class Model:
    """The district (a mesa.Model in bench/port_mesa.py, which subclasses
    this one and replaces the containers: the agent classes below, the
    organisations' registry (keep_org, live_orgs, close_org) and step)."""

    Resident, Office, Organisation = Resident, Handler, Organisation

    def __init__(self, p):
        self.random = random.Random(p["seed"])
        self.setup(p)

    def setup(self, p):
        """The district of MODEL.md 5, drawn from self.random."""
        self.p = p
        rnd = self.random
        pop = p["population"]
        nc = pop["communities"]
        sizes = pc.community_sizes(p, [rnd.gauss(0, 1) for _ in range(nc)])
        self.day, self._id, self.counts = 0, 0, {}
        self.rate = pc.rate_table(p)
        self.rate_tot = [sum(r) for r in self.rate]
        dt = pc.domain_table(p)
        self.shares = [(d["private"], d["community"], d["government"])
                       for d in dt]
        self.dom_hours = [d["hours"] for d in dt]
        self.dx = (p["domains"]["dispute"]["rate"] *
                   p["matters"]["dispute_grievance_factor"])
        self.grv_cap = pc.grievance_cap(p)
        self.latency = int(p["government"]["latency_days"])
        self.n = sum(sizes)
        self.residents = []
        self.by_community = []
        for c, n in enumerate(sizes):
            members = [self.Resident(self, c) for _ in range(n)]
            self.residents.extend(members)
            self.by_community.append(members)
            bs = pop["building_size"]
            for k, a in enumerate(members):
                b0 = k // bs * bs
                building = members[b0:b0 + bs]
                kb = min(len(building) - 1, pop["ties_building"])
                a.ties = rnd.sample([x for x in building if x is not a], kb)
                kc = min(n - 1 - kb, pop["ties_community"])
                while len(a.ties) < kb + kc:
                    j = members[rnd.randrange(n)]
                    if j is not a and j not in a.ties:
                        a.ties.append(j)
        # handlers
        self.government = self.Office(self, pc.CH["government"],
                                      p["government"]["quality"], 1)
        self.committees = [self.Office(self, pc.CH["community"],
                                       p["community"]["quality"], 2)
                           for _ in range(nc)]
        self.burden = [pc.admin_burden(p, n) for n in sizes]
        sw = p["socialwork"]
        e = sw["stock_experience"]
        # station social workers: [community, skill, vacant until or -1]
        self.workers = [[c, (1 - e) * sw["skill_init"] + e, -1]
                        for c, n in enumerate(sizes)
                        for _ in range(pc.station_posts(p, n))]
        self.grassroots = [d for d, name in enumerate(pc.DOMAINS)
                           if p["domains"][name]["grassroots"]]
        self.orgs = []
        x = p["socorg"]["initial_grassroots"]
        for c in range(nc):
            for _ in range(int(x) + (rnd.random() < x - int(x))):
                self.new_org(c)
        self.transit = []
        self.count_participants()

    def count_participants(self):
        self.participants = [sum(a.participating for a in m)
                             for m in self.by_community]

    def next_id(self):
        self._id += 1
        return self._id

    def count(self, key, k=1):
        self.counts[key] = self.counts.get(key, 0) + k

    def new_org(self, c):
        rnd, so = self.random, self.p["socorg"]
        dom = set()
        if self.grassroots:
            dom.add(rnd.choice(self.grassroots))
            if rnd.random() < so["second_domain"]:
                dom.add(rnd.choice(self.grassroots))
        self.keep_org(self.Organisation(self, c, rnd.betavariate(
            so["quality_a"], so["quality_b"]), dom))

    def keep_org(self, o):
        self.orgs.append(o)

    def live_orgs(self):
        """The organisations alive, in the order they were formed."""
        return (o for o in self.orgs if o.alive)

    def close_org(self, o):
        o.alive = False

    def seller(self, c, m):
        best, best_free = None, 0.0
        horizon = self.p["linkage"]["horizon_days"]
        for o in self.live_orgs():
            if o.home == c and m.domain in o.domains:
                free = o.hours * horizon - o.load
                if free >= m.hours and free > best_free:
                    best, best_free = o, free
        return best

    def to_government(self, m, low=False):
        m.status, m.handler = TRANSIT, self.government
        m.ready = self.day + self.latency
        if low:
            m.prio = 0
        self.transit.append(m)

    def route(self, m, owner):
        if m.scope == pc.COMMUNITY:
            self.committees[owner.community].enqueue(m)
        else:
            self.to_government(m, low=m.scope == pc.PRIVATE)

    def resolve(self, m, channel, quality, trust, day):
        a, oc = m.owner, self.p["outcome"]
        if m.prio == 2:
            a.grievance *= self.p["escalation"]["reset"]
            a.petitioning = False
        else:
            o = quality / (1 + (day - m.created) / oc["timeliness_days"])
            self.feel(a, trust, o)
        m.status = GONE
        a.matters.remove(m)
        self.count(pc.CHANNELS[channel])
        self.count("resolved")

    def feel(self, a, trust, o):
        oc = self.p["outcome"]
        a.satisfaction += oc["satisfaction_weight"] * (o - a.satisfaction)
        if trust == 1:
            a.trust_gov += oc["trust_weight"] * (o - a.trust_gov)
        elif trust == 2:
            a.trust_com += oc["trust_weight"] * (o - a.trust_com)

    def abandon(self, m):
        a = m.owner
        trust = 0
        if m.status in (QUEUED, TRANSIT):
            trust = m.handler.trust
            if m.status == QUEUED:
                m.handler.load -= m.hours - m.done
        if m.prio == 2:
            a.petitioning = False
        self.feel(a, trust, 0.0)
        m.status = GONE
        a.matters.remove(m)
        self.count("abandoned")

    def shuffle_do(self, agents, method):
        """Mesa 3's AgentSet.shuffle_do, without its weakrefs."""
        order = list(agents)
        self.random.shuffle(order)
        for a in order:
            getattr(a, method)()

    def capacity(self):
        p = self.p
        sw, so = p["socialwork"], p["socorg"]
        station = [0.0] * len(self.committees)
        for c, skill, vac in self.workers:
            if vac < 0:
                station[c] += sw["hours_per_day"] * (
                    sw["skill_base"] + (1 - sw["skill_base"]) * skill)
        for c, h in enumerate(self.committees):
            h.hours = p["community"]["staff_hours"] * (1 - self.burden[c]) + \
                station[c]
        self.government.hours = p["government"]["staff_hours"]
        for o in self.live_orgs():
            o.hours = so["grassroots_hours"] + (
                so["coordinator_hours"] if o.funds > 0 else 0)

    def arrive(self):
        keep = []
        for m in self.transit:
            if m.status != TRANSIT:
                continue
            if m.ready <= self.day:
                self.government.enqueue(m)
            else:
                keep.append(m)
        self.transit = keep

    def fund(self):
        p, rnd, day = self.p, self.random, self.day
        so, sw = p["socorg"], p["socialwork"]
        inc = p["linkage"]["incubation_participation"]
        pf = [min(1.0, k / len(m) / inc)
              for k, m in zip(self.participants, self.by_community)]
        for o in list(self.live_orgs()):
            if o.funds > 0:
                o.funds -= so["coordinator_cost"]
            o.quality += so["learning"] * (1 - o.quality)
            if rnd.random() < so["grassroots_exit"] * (1 - pf[o.home]):
                self.close_org(o)   # its queue goes back up to government
                for _, m in sorted(o.queue, key=lambda e: e[0]):
                    if m.status == QUEUED and m.handler is o:
                        m.done = 0.0
                        self.to_government(m, low=True)
                o.queue, o.load = [], 0.0
        for c in range(len(self.committees)):
            if rnd.random() < so["formation_rate"] / 365.0 * pf[c]:
                self.new_org(c)
        for w in self.workers:
            if w[2] >= 0:
                if w[2] <= day:
                    w[1], w[2] = sw["skill_init"], -1
            elif rnd.random() < sw["turnover"]:
                w[2] = day + int(sw["hire_days"])
            else:
                w[1] += sw["learning"] * (1 - w[1])

    def step(self, day):
        self.day = day
        self.counts = {}
        rs = self.residents
        self.capacity()
        self.arrive()
        self.shuffle_do(rs, "step")
        self.government.step(self.day)
        for h in self.committees:
            h.step(self.day)
        for o in self.live_orgs():
            o.step(self.day)
        self.fund()
        # the later stages do not depend on the order (AgentSet.do)
        for stage in STAGES:
            for a in rs:
                getattr(a, stage)()
        self.count_participants()
        n = float(len(rs))
        c = self.counts
        row = ([self.day, c.get("new", 0),
                sum(len(a.matters) for a in rs), c.get("resolved", 0),
                c.get("abandoned", 0), c.get("escalated", 0),
                sum(a.satisfaction for a in rs) / n,
                sum(a.trust_gov for a in rs) / n,
                sum(a.trust_com for a in rs) / n,
                sum(a.grievance for a in rs) / n,
                sum(self.participants) / n,
                sum(a.volunteer for a in rs),
                sum(1 for _ in self.live_orgs())] +
               [c.get(ch, 0) for ch in pc.CHANNELS])
        return row


if __name__ == "__main__":
    sys.exit(pc.main(sys.argv, "port_agents", Model, __doc__))
