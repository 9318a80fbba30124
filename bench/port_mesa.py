#!/usr/bin/env python3
"""cogov's baseline core as a Mesa 3 model, for comparing speed with Mesa.

NOT PART OF THE PRODUCT, and Mesa is not one of its dependencies. A
benchmark comparison (docs/PERFORMANCE.md, "Against Python"; issue 18
item 3): the model written the way a Mesa 3 user writes one, on Mesa's
own machinery, so that cogov's speed-up over Mesa can be measured
wherever Mesa is installed. Written against Mesa 3.2.0 (the 3.2.0 tag of
github.com/projectmesa/mesa); it imports mesa like any user's model does
(`pip install mesa`, or PYTHONPATH=/path/to/mesa for a source tree).

What is Mesa here: the residents are `mesa.Agent`s, created in the
model, each registered by Mesa in the model's AgentSets; the government,
the committees and the grassroots organisations are agents too (an
organisation that exits is removed with `Agent.remove()`); the model is a
`mesa.Model` seeded through `super().__init__(seed=...)`, whose `step()`
activates the residents in a freshly shuffled order
(`agents_by_type[Resident].shuffle_do("step")`), then the handlers
(`AgentSet.do("step", day)`), then the residents' later stages
(`AgentSet.do(stage)`, influence computed and then committed in
`advance`, as Mesa's simultaneous activation did), and ends with
`DataCollector.collect`: the daily metrics are the DataCollector's model
reporters, read back from it.

What is not rewritten: the rules. The agents' and the model's rule methods
are those of bench/port_agents.py (the plain-Python agent port; the
classes here subclass its classes, which take their parameters and tables
from bench/port_common.py), so the three ports state the rules once
(port_numpy.py vectorised, port_agents.py agent by agent). All random
draws come from the model's `random` (Mesa's `model.random`, a
`random.Random(seed)`), in the agent port's order: at the same seed this
port prints the agent port's rows digit for digit (tests/t_port.sh checks
it, and checks both against cogov within seed noise). The difference in
time between the two is what Mesa adds.

usage: bin/cogov config scenarios/baseline.cfg --set time.burn_in_days=0 \\
           [--set population.residents=N --set time.days=D --set seed=S] \\
       | PYTHONPATH=/path/to/mesa python3 bench/port_mesa.py - [--quiet]
prints one CSV row a day (port_common.COLUMNS); --quiet prints only the
run time. Needs Mesa 3 (and so NumPy; pandas only if you ask the
DataCollector for a data frame, which this port does not).
"""
import os
import sys

try:
    import mesa
except ImportError as e:
    sys.exit("port_mesa.py: no mesa module (pip install mesa, or "
             "PYTHONPATH=/path/to/mesa with a Mesa 3 source tree)"
             if e.name == "mesa" else
             "port_mesa.py: mesa does not import: %s" % e)
if int(mesa.__version__.split(".")[0]) < 3:
    sys.exit("port_mesa.py: mesa %s found; this port is written for Mesa 3 "
             "(AgentSet.shuffle_do, Model(seed=...))" % mesa.__version__)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import port_agents as pa  # noqa: E402
import port_common as pc  # noqa: E402


# Each class names the agent port's class first so that its rules (step,
# the later stages) come before mesa.Agent's empty step and advance.
class Resident(pa.Resident, mesa.Agent):
    """A resident: a Mesa agent with the agent port's state and rules."""

    def __init__(self, model, community):
        mesa.Agent.__init__(self, model)     # unique_id, registration
        self.setup(community)


class Office(pa.Handler, mesa.Agent):
    """The government or a neighbourhood committee: hours a day on a
    priority queue."""

    def __init__(self, model, channel, quality, trust):
        mesa.Agent.__init__(self, model)
        pa.Handler.__init__(self, model, channel, quality, trust)


class Organisation(pa.Organisation, mesa.Agent):
    """A grassroots organisation; removed from the model when it exits."""

    def __init__(self, model, home, quality, domains):
        mesa.Agent.__init__(self, model)
        pa.Organisation.__init__(self, model, home, quality, domains)


def _residents(m):
    return m.agents_by_type[Resident]


def _mean(attr):
    return lambda m: _residents(m).agg(attr, sum) / len(_residents(m))


def _count(key):
    return lambda m: m.counts.get(key, 0)


# The daily metrics (port_common.COLUMNS), as a DataCollector's model
# reporters. Python's sum over the AgentSet, in the order the agents were
# created, as the agent port sums.
REPORTERS = {
    "day": "day",
    "matters_new": _count("new"),
    "matters_open": lambda m: sum(len(a.matters) for a in _residents(m)),
    "matters_resolved": _count("resolved"),
    "matters_abandoned": _count("abandoned"),
    "matters_escalated": _count("escalated"),
    "satisfaction_mean": _mean("satisfaction"),
    "trust_gov_mean": _mean("trust_gov"),
    "trust_com_mean": _mean("trust_com"),
    "grievance_mean": _mean("grievance"),
    "participation_rate": lambda m: sum(m.participants) / len(_residents(m)),
    "volunteer_count": lambda m: _residents(m).agg("volunteer", sum),
    "socorg_count": lambda m: len(m.live_orgs()),
}
REPORTERS.update(("resolved_by_channel[%s]" % c, _count(c))
                 for c in pc.CHANNELS)


class District(pa.Model, mesa.Model):
    """The district: a mesa.Model (the agent port's Model supplies the
    set-up and the district-level rules: routing, outcomes, funding)."""

    Resident, Office, Organisation = Resident, Office, Organisation

    def __init__(self, p):
        mesa.Model.__init__(self, seed=p["seed"])   # self.random, self.rng
        self.no_orgs = mesa.agent.AgentSet([], random=self.random)
        self.setup(p)
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)

    # the organisations are the model's agents of their type
    def keep_org(self, o):
        pass                                     # registered by mesa.Agent

    def live_orgs(self):
        return self.agents_by_type.get(Organisation, self.no_orgs)

    def close_org(self, o):
        pa.Model.close_org(self, o)
        o.remove()

    def step(self):
        self.day = self.steps - 1               # Mesa counts steps from 1
        self.counts = {}
        self.capacity()
        self.arrive()
        residents = self.agents_by_type[Resident]
        residents.shuffle_do("step")
        self.agents_by_type[Office].do("step", self.day)
        self.live_orgs().do("step", self.day)
        self.fund()
        for stage in pa.STAGES:
            residents.do(stage)
        self.count_participants()
        self.datacollector.collect(self)


class Run:
    """What port_common.main steps: one District.step() a day, the day's
    row read back from the DataCollector."""

    def __init__(self, p):
        self.model = District(p)
        self.n = self.model.n

    def step(self, day):
        self.model.step()
        mv = self.model.datacollector.model_vars
        return [mv[c][-1] for c in pc.COLUMNS]


if __name__ == "__main__":
    sys.exit(pc.main(sys.argv, "port_mesa", Run, __doc__))
