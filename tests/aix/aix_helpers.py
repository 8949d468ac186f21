"""Helpers for the AIX command tests, imported as ``aix_helpers`` (a name no other test folder uses):
a world from a built-in scenario and one command line run on one of its partitions, as the shell would."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from harness.aix import build_registry
from harness.runtime.session import Session
from harness.shell.command import CommandContext

REGISTRY = build_registry()


@dataclass
class Result:
    rc: int
    out: str
    err: str


def run(world, host: str, line: str, user: str = "root") -> Result:
    argv = shlex.split(line)
    session = Session(world, world.host(host), user)
    ctx = CommandContext(argv=argv, stdin="", env={}, session=session)
    spec = REGISTRY.lookup(argv[0])
    assert spec is not None, f"{argv[0]} is not registered"
    rc = spec.fn(ctx)
    result = Result(rc, "".join(ctx.out), "".join(ctx.err))
    assert "unexpected error" not in result.err, result.err
    return result


def view(world, host: str):
    """What the (only) HMC sees of the partition's RMC connection."""
    part = world.host(host).partition
    return world.rmc.view(world.hmcs["hmc1"], world.system_of(part), part)

