"""World dumps come from outside (PUT /state, /state/restore, the state file, bundles): check them before
any of it is used, and say which field is wrong.

What is refused: anything that is not a fakehmc world dump of format 1; nesting deeper than MAX_DEPTH;
a number that is not finite (a NaN clock broke every HMC command); duplicate HMC, system or partition
names (a host is found by name); wildcard addresses (a host would listen on every interface); a fault
of a kind the fake does not know (an unknown SSH fault kind dropped every connection); and a world that
breaks conservation (999,999 MB assigned on a 131,072 MB system).
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from ..world.world import World

MAX_DEPTH = 48


class DumpError(ValueError):
    """Not a usable world dump; the message names the field."""


def _walk(data: Any) -> None:
    """Depth and finiteness, iteratively (a recursive walk is what deep nesting attacks)."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DumpError(f"{path or 'the dump'}: nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, float) and not math.isfinite(value):
            raise DumpError(f"{path}: {value} is not a finite number")
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v, depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value))


def _unique_names(data: dict) -> None:
    seen: dict[str, str] = {}

    def claim(name: Any, where: str, space: str) -> None:
        if not isinstance(name, str) or not name:
            raise DumpError(f"{where}.name: must be a non-empty string")
        key = f"{space}:{name}"
        if key in seen:
            raise DumpError(f"{where}.name: duplicate name {name!r} (also {seen[key]})")
        seen[key] = where

    for i, h in enumerate(_list(data, "hmcs")):
        claim(_dict(h, f"hmcs[{i}]").get("name"), f"hmcs[{i}]", "host")
    for i, s in enumerate(_list(data, "systems")):
        s = _dict(s, f"systems[{i}]")
        claim(s.get("name"), f"systems[{i}]", "system")
        for j, p in enumerate(s.get("partitions", [])):
            claim(_dict(p, f"systems[{i}].partitions[{j}]").get("name"), f"systems[{i}].partitions[{j}]", "host")


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise DumpError(f"{key}: must be a list")
    return value


def _dict(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise DumpError(f"{where}: must be an object")
    return value


def _faults(data: dict) -> None:
    from ..ssh import faults as ssh_faults
    from ..world.causes import CAUSES
    from .faults import ACTIONS

    for i, c in enumerate(data.get("active_causes", [])):
        if _dict(c, f"active_causes[{i}]").get("cause") not in CAUSES:
            raise DumpError(f"active_causes[{i}].cause: unknown cause {c.get('cause')!r}")
    for i, r in enumerate(data.get("rules", [])):
        if _dict(r, f"rules[{i}]").get("action") not in ACTIONS:
            raise DumpError(f"rules[{i}].action: must be one of {', '.join(ACTIONS)}")
    for i, f in enumerate(data.get("ssh_faults", [])):
        spec = {k: v for k, v in _dict(f, f"ssh_faults[{i}]").items() if k not in ("id", "kind", "count", "since")}
        try:
            ssh_faults.validate(spec)
        except (ValueError, TypeError) as exc:
            raise DumpError(f"ssh_faults[{i}]: {exc}") from None


def _addresses(world: World) -> None:
    for host in world.hosts():
        address = getattr(host, "address", "") or ""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue  # names and empty addresses are the scenario's business
        if ip.is_unspecified:
            raise DumpError(f"{host.name}: address {address} would listen on every interface "
                            f"(serve beyond loopback with --listen)")


def load_world_dump(data: Any, source: str = "world dump") -> World:
    """A World from an untrusted dump; DumpError (a ValueError) naming the field when it is not one."""
    try:
        if not isinstance(data, dict):
            raise DumpError("must be a JSON object (GET /state)")
        if data.get("format") != 1:
            raise DumpError(f"format: {data.get('format')!r} is not 1")
        _walk(data)
        _unique_names(data)
        _faults(data)
        clock = _dict(data.get("clock"), "clock")
        if not isinstance(clock.get("now"), (int, float)) or isinstance(clock.get("now"), bool) or clock["now"] < 0:
            raise DumpError("clock.now: must be a number of seconds >= 0")
        try:
            world = World.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
            raise DumpError(f"not a fakehmc world dump: {type(exc).__name__}: {exc}") from None
        _addresses(world)
        problems = world.check_invariants()
        if problems:
            raise DumpError("; ".join(problems))
        return world
    except DumpError as exc:
        raise DumpError(f"{source}: {exc}") from None
