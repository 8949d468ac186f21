"""Causes: the things that break an estate, each with how it is applied and how it heals.

A scenario lists causes that are active at start; the control plane applies and heals the same
causes at runtime. Symptoms are never set here directly: a cause changes the world (a file fills
/var, a route points at a dead gateway, a registry is damaged) and the machinery derives the rest.

Each cause module registers with ``@cause(...)``; ``apply_cause``/``heal_cause`` record what is active
in ``world.active_causes`` so faults can be listed and healed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import WorldError
from .registry import CAUSES, Cause, Fn, cause  # noqa: F401  (the table, where cause modules register)

if TYPE_CHECKING:
    from ..world import World


def resolve_target(world: "World", c: Cause, target: str | None):
    if c.target == "world":
        return world
    if c.target == "hmc":
        obj = world.hmcs.get(target or "")
    elif c.target == "system":
        obj = world.find_system(target or "")
    else:
        obj = next((p for p in world.partitions() if target in (p.name, p.host)), None)
    if obj is None:
        raise WorldError("unknown_target", cause=c.name, target=target)
    return obj


def apply_cause(world: "World", name: str, target: str | None, value: Any = True, record: bool = True) -> dict:
    c = CAUSES.get(name)
    if c is None:
        raise WorldError("unknown_cause", cause=name, known=sorted(CAUSES))
    obj = resolve_target(world, c, target)
    c.apply(world, obj, value)
    entry = {"id": world.next_fault_id(), "cause": name, "target": target, "value": value,
             "since": world.clock.now, "healable": c.heal is not None}
    if record:
        world.active_causes.append(entry)
    world.changed()
    return entry


def heal_cause(world: "World", fault_id: int) -> dict:
    entry = next((e for e in world.active_causes if e["id"] == fault_id), None)
    if entry is None:
        raise WorldError("unknown_fault", id=fault_id)
    c = CAUSES[entry["cause"]]
    if c.heal is None:
        raise WorldError("not_healable", cause=c.name)
    c.heal(world, resolve_target(world, c, entry["target"]), entry["value"])
    world.active_causes.remove(entry)
    world.changed()
    return entry


def load_all() -> None:
    """Import every cause module so the table is complete."""
    from . import hmc, network, rsct, storage  # noqa: F401
    from . import faulttree  # noqa: F401  (fault tree of issue 4)
    from . import hmcside  # noqa: F401  (HMC-side RMC reset, F16)


load_all()
