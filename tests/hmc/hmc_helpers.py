"""Helpers of the HMC command tests: run commands against scenario worlds as the shell would."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from harness.hmc import build_registry
from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario
from harness.shell.command import CommandContext
from harness.world import src

HEALTHY_SYS = "Server-8286-42A-SN2112ABC"
SEED_SYS = "Server-9117-MMB-SN10284FP"

REGISTRY = build_registry()


@dataclass
class Result:
    out: str
    err: str
    rc: int


class Hmc:
    """One HMC session on a world."""

    def __init__(self, world):
        self.world = world
        self.session = Session(world, world.host("hmc1"), "hscroot")

    def run_argv(self, argv: list[str]) -> Result:
        spec = REGISTRY.lookup(argv[0])
        assert spec is not None, argv[0]
        ctx = CommandContext(argv=argv, stdin="", env={}, session=self.session)
        rc = spec.fn(ctx)
        return Result("".join(ctx.out), "".join(ctx.err), rc)

    def run(self, line: str) -> Result:
        return self.run_argv(shlex.split(line))

    def part(self, name: str):
        return next(p for p in self.world.partitions() if p.name == name)

    def system(self, name: str = HEALTHY_SYS):
        return self.world.systems[name]


# one system under one HMC whose users hold each task role: the role tests log in as each of them
ROLES_TOML = """
[scenario]
name = "roles"
seed = 3

[[hmc]]
name = "hmc1"
level = "V9"
users = [
  {{ name = "hscroot", password = "abc123", role = "hmcsuperadmin", description = "HMC Super User" }},
  {{ name = "viewer", password = "v", role = "hmcviewer", description = "read only" }},
  {{ name = "oper", password = "o", role = "hmcoperator", description = "operator" }},
  {{ name = "svc", password = "s", role = "hmcservicerep", description = "" }},
]

[[system]]
name = "{sys}"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1

  [[system.partition]]
  name = "vios1"
  id = 2
  aix_level = "vios-3.1"
"""
DENIED = "HSCL350B The user does not have the appropriate authority.\n"  # [V-client code; I period]


def roles_world(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES_TOML.format(sys=HEALTHY_SYS))
    return load_scenario(str(path))


def as_user(world, user: str) -> Hmc:
    """An HMC session of the named user (the role comes from the scenario's users)."""
    hmc = Hmc(world)
    hmc.session = Session(world, world.host("hmc1"), user)
    return hmc


def deactivate(world, part) -> None:
    """Shut a partition down in the model: the hypervisor frees it, RMC drops it."""
    part.state = "Not Activated"
    part.curr_profile = ""
    world.rmc.drop_partition(part)


def repair_seed(world) -> None:
    """The seed's cure on lpar30: recfgct wipes /var/ct (new node id, clean registry) and restarts
    RMC; about five minutes later the HMC sees DCaps."""
    part = next(p for p in world.partitions() if p.name == "lpar30")
    src.stop_rmc(world, part)
    part.os.rsct.config_corrupt = False
    part.os.rsct.node_id = world.new_node_id()
    world.rmc.rsct_reconfigured(part)
    src.start_rmc(world, part)
    world.advance(360)


MIXED_TOML = """
[scenario]
name = "mixed"
seed = 5

[[hmc]]
name = "hmc1"
level = "{level}"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"
memory_mb = 65536
proc_units = 8.0

  [[system.partition]]
  name = "vios1"
  id = 1
  aix_level = "vios-3.1"

  [[system.partition]]
  name = "ded1"
  id = 2
  processors = {{ mode = "ded", min_procs = 1, procs = 2, max_procs = 4 }}

  [[system.partition]]
  name = "off1"
  id = 3
  state = "Not Activated"

  [[system.partition]]
  name = "sh1"
  id = 4

    [system.partition.processors]
    mode = "shared"
    min_units = 0.1
    units = 0.5
    max_units = 2.0
    min_procs = 1
    procs = 1
    max_procs = 2
"""
