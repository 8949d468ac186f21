"""Causes on the LAN between the HMC and the partitions (never the service path)."""

from __future__ import annotations

from ..network import PortBlock, Route
from .registry import cause

DEAD_GATEWAY = "127.0.0.254"  # an address nothing answers on


@cause("no_route_to_hmc", "a stale host route sends traffic for the HMC (value: its address) to a dead "
       "gateway; `route delete -host ADDR 127.0.0.254` cures it")
def _no_route(world, part, value) -> None:
    part.os.net.routes.insert(0, Route(f"{value}/32", DEAD_GATEWAY))


@_no_route.healer
def _(world, part, value) -> None:
    part.os.net.routes[:] = [r for r in part.os.net.routes
                             if not (r.destination == f"{value}/32" and r.gateway == DEAD_GATEWAY)]


@cause("lan_cut", "the partition's LAN link is down (cable pulled, container disconnected)")
def _cut(world, part, value) -> None:
    world.lan.cut.add(part.host)


@_cut.healer
def _(world, part, value) -> None:
    world.lan.cut.discard(part.host)


@cause("port_blocks", "firewall rules dropping port 657 (value: list of {src, dst, port, proto})", target="world")
def _blocks(world, _world, value) -> None:
    for block in value:
        world.lan.blocks.append(PortBlock(**block))


@_blocks.healer
def _(world, _world, value) -> None:
    for block in value:
        rule = PortBlock(**block)
        if rule in world.lan.blocks:
            world.lan.blocks.remove(rule)


def _one_way_blocks(part, value) -> list[PortBlock]:
    """value: {"port": 657, "direction": "in"|"out"|"both", "peer": "hmc1" or "*", "proto": "both"}
    (a bare number is the port, both directions, any peer)."""
    spec = value if isinstance(value, dict) else {"port": int(value) if value is not True else 657}
    port, peer = int(spec.get("port", 657)), str(spec.get("peer", "*"))
    proto, direction = spec.get("proto", "both"), spec.get("direction", "both")
    if direction not in ("in", "out", "both") or proto not in ("tcp", "udp", "both"):
        from ..errors import WorldError
        raise WorldError("bad_value", cause="block_port", value=value)
    out = []
    if direction in ("out", "both"):
        out.append(PortBlock(part.host, peer, port, proto))
    if direction in ("in", "both"):
        out.append(PortBlock(peer, part.host, port, proto))
    return out


@cause("block_port", "a firewall on the partition drops a port (value: {port, direction in|out|both, "
       "peer, proto}; default 657 both ways): one-way blocks break RMC as surely as two-way ones")
def _block_port(world, part, value) -> None:
    world.lan.blocks.extend(_one_way_blocks(part, value))


@_block_port.healer
def _(world, part, value) -> None:
    for rule in _one_way_blocks(part, value):
        if rule in world.lan.blocks:
            world.lan.blocks.remove(rule)
