"""The table of causes: each cause module registers its own with ``@cause`` (imported from here, not
from the package, whose ``load_all`` imports those modules: no import cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..world import World

Fn = Callable[["World", Any, Any], None]


@dataclass
class Cause:
    name: str
    summary: str
    target: str  # "partition", "hmc", "system" or "world"
    apply: Fn
    heal: Fn | None = None
    # when a scenario starts with it: "boot" = before the OS boots (the daemons meet it at start),
    # "running" = after boot (something happened to a running system)
    phase: str = "boot"


CAUSES: dict[str, Cause] = {}


def cause(name: str, summary: str, target: str = "partition", phase: str = "boot"):
    """Register ``apply(world, target_obj, value)``; decorate the healer with ``.healer``."""

    def deco(fn: Fn) -> Fn:
        c = Cause(name, summary, target, fn, None, phase)
        CAUSES[name] = c

        def healer(heal_fn: Fn) -> Fn:
            c.heal = heal_fn
            return heal_fn

        fn.healer = healer  # type: ignore[attr-defined]
        return fn

    return deco
