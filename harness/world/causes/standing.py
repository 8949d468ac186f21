"""Whether an injected cause still holds in the world now: a fault entry records what was done, not
what the tool did since. ``holds(world, entry)`` is True while the damage is still there, False once
the world no longer shows it (a /var the tool grew, a route it deleted), None for causes that are
properties rather than damage (a CAA node, a registered DLPAR script) or that no state shows alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import CAUSES, resolve_target
from .network import DEAD_GATEWAY

Check = Callable[[Any, Any, Any], bool]
STANDING: dict[str, Check] = {}


def _check(name: str):
    def register(fn: Check) -> Check:
        STANDING[name] = fn
        return fn

    return register


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def holds(world, entry: dict) -> bool | None:
    check = STANDING.get(entry.get("cause", ""))
    if check is None:
        return None
    try:
        target = resolve_target(world, CAUSES[entry["cause"]], entry.get("target"))
        return bool(check(world, target, entry.get("value")))
    except Exception:  # noqa: BLE001 - a partition removed since: nothing left to hold
        return None


def _inactive(part, name: str) -> bool:
    sub = part.os.subsystem(name)
    return sub is None or sub.status != "active"


@_check("var_full")
def _(world, part, value) -> bool:
    var = part.os.filesystem("/var")
    return var is not None and part.os.free_blocks(var) <= 0


@_check("rmc_stopped")
def _(world, part, value) -> bool:
    return _inactive(part, "ctrmc")


@_check("stopped_subsystems")
def _(world, part, value) -> bool:
    return any(_inactive(part, n) for n in _names(value))


@_check("no_route_to_hmc")
def _(world, part, value) -> bool:
    return any(r.destination == f"{value}/32" and r.gateway == DEAD_GATEWAY for r in part.os.net.routes)


@_check("block_port_657")
def _(world, part, value) -> bool:
    return bool(part.os.ip_filters_active) and any(r.get("fault") for r in part.os.ip_filters)


@_check("mtu_mismatch")
def _(world, part, value) -> bool:
    iface = part.os.net.primary()
    return iface is not None and iface.mtu > 1500


@_check("missing_fileset")
def _(world, part, value) -> bool:
    # the partition's table overrides the level's catalogue: "" marks a fileset not installed
    return any(n in part.os.filesets and not part.os.filesets[n] for n in _names(value))


@_check("backlevel_fileset")
def _(world, part, value) -> bool:
    return any(part.os.filesets.get(n) == str(level) for n, level in dict(value).items())


@_check("hosts_entry_missing")
def _(world, part, value) -> bool:
    from .. import hosts

    names = list(world.hmcs) if value in (True, None) else _names(value)
    return any(hosts.lookup(world, part, n) is None for n in names)


@_check("hmc_rmc_stuck")
def _(world, part, value) -> bool:
    key = f"{world.system_of(part).name}/{part.id}"
    return any(key in hmc.stuck_sessions for hmc in world.hmcs.values())


@_check("hmc_lost_system")
def _(world, part, value) -> bool:
    return not all(world.system_of(part).hmc_connected.values())


@_check("service_path_down")
def _(world, system, value) -> bool:
    return not all(system.hmc_connected.values())


@_check("lan_cut")
def _(world, part, value) -> bool:
    return part.host in world.lan.cut


@_check("rsct_config_corrupt")
def _(world, part, value) -> bool:
    return bool(part.os.rsct.config_corrupt)


@_check("acls_corrupt")
def _(world, part, value) -> bool:
    return not part.os.rsct.acls_ok


@_check("thl_corrupt")
def _(world, part, value) -> bool:
    return not part.os.rsct.thl_ok


@_check("clone_node_id_of")
def _(world, part, value) -> bool:
    twin = next((p for p in world.partitions() if p.name == value), None)
    return twin is not None and twin.os is not None and twin.os.rsct.node_id == part.os.rsct.node_id


@_check("second_interface")
def _(world, part, value) -> bool:
    name = value.get("name", "en1") if isinstance(value, dict) else "en1"
    gateway = value.get("gateway") if isinstance(value, dict) else None
    iface = next((i for i in part.os.net.interfaces if i.name == name), None)
    routed = any(r.gateway == gateway for r in part.os.net.routes) if gateway else True
    return iface is not None and iface.up and routed


@_check("rmcd_crashing")
def _(world, part, value) -> bool:
    return (part.os.rmcd_crash or {}).get("left", 0) > 0


@_check("ip_changed")
def _(world, part, value) -> bool:
    old = str(value if value not in (True, None) else "10.1.1.99")
    return any(r.mn_name == old for r in part.os.rsct.mgmt_resources)


@_check("hmc_replaced")
def _(world, part, value) -> bool:
    current = {h.name for h in world.hmcs.values()}
    return not any(r.hmc in current for r in part.os.rsct.mgmt_resources)


@_check("recycled_ip")
def _(world, part, value) -> bool:
    system = world.system_of(part)
    other = system.partition(str(value))
    ip = part.os.net.primary().ip
    return other is not None and any(n and n.system == system.name and n.lpar_id == other.id and n.ip == ip
                                     for hmc in world.hmcs.values() for n in hmc.managed_nodes)
