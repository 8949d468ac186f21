"""A small condition language for "advance the clock until ...":

    lpar30 rmc_state is active          what the HMC shows (lssyscfg rmc_state: active/inactive/none)
    lpar30 dcaps is nonzero             DCaps the HMC sees (also: is zero, is 0xc5f)
    lpar30 state is Running             the partition's state (lssyscfg state)
    lpar30 IBM.DRM is active            an SRC subsystem's status inside the partition (lssrc)
    hmc1 sees lpar30 active             an RMC session between that HMC and the partition (or inactive)
    A and B                             both

Partitions are named as in the scenario (name or SSH host name). HMC views use the first HMC that
manages the partition's system, unless the condition names one with "on hmcN" at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .system import Partition
    from .world import World


class ConditionError(ValueError):
    """A condition that does not parse or names an unknown host."""


Predicate = Callable[[], bool]

_SEES = re.compile(r"^(\S+)\s+sees\s+(\S+)\s+(active|inactive)$")
_IS = re.compile(r"^(\S+)\s+(\S+)\s+is\s+(.+?)(?:\s+on\s+(\S+))?$")


def compile_condition(world: World, text: str) -> Predicate:
    """Parse ``text`` against ``world`` now (so typos fail at once) and return the predicate."""
    parts = [p.strip() for p in re.split(r"\s+and\s+", text.strip()) if p.strip()]
    if not parts:
        raise ConditionError("empty condition")
    preds = [_one(world, p) for p in parts]
    return lambda: all(p() for p in preds)


def _one(world: World, text: str) -> Predicate:
    m = _SEES.match(text)
    if m:
        hmc_name, part_name, want = m.groups()
        part = _partition(world, part_name)
        hmc = _hmc(world, part, hmc_name)
        return lambda: _view(world, hmc, part).active == (want == "active")
    m = _IS.match(text)
    if not m:
        raise ConditionError(f"cannot read condition {text!r} (e.g. 'lpar30 rmc_state is active', "
                             "'lpar30 dcaps is nonzero', 'hmc1 sees lpar30 active')")
    part_name, what, value, on = m.groups()
    part = _partition(world, part_name)
    if what == "rmc_state":
        hmc = _hmc(world, part, on)
        return lambda: _view(world, hmc, part).state == value
    if what.lower() == "dcaps":
        hmc = _hmc(world, part, on)
        test = _number_test(value)
        return lambda: test(_view(world, hmc, part).dcaps)
    if what == "state":
        return lambda: part.state == value
    if part.os is not None and part.os.subsystem(what) is not None:
        return lambda: (part.os.is_active(what)) == (value == "active")
    raise ConditionError(f"unknown property {what!r} (rmc_state, dcaps, state, or a subsystem name)")


def _number_test(value: str) -> Callable[[int], bool]:
    if value == "nonzero":
        return lambda n: n != 0
    if value == "zero":
        return lambda n: n == 0
    try:
        want = int(value, 0)
    except ValueError:
        raise ConditionError(f"dcaps is nonzero, zero or a number, not {value!r}") from None
    return lambda n: n == want


def _partition(world: World, name: str) -> Partition:
    part = next((p for p in world.partitions() if name in (p.name, p.host)), None)
    if part is None:
        raise ConditionError(f"unknown partition {name!r}")
    return part


def _hmc(world: World, part: Partition, name: str | None):
    system = world.system_of(part)
    if name is not None:
        hmc = world.hmcs.get(name)
        if hmc is None:
            raise ConditionError(f"unknown hmc {name!r}")
        return hmc
    hmc = next((h for h in world.hmcs.values() if system.name in h.managed_systems), None)
    if hmc is None:
        raise ConditionError(f"no HMC manages {part.name}")
    return hmc


def _view(world: World, hmc, part):
    return world.rmc.view(hmc, world.system_of(part), part)
