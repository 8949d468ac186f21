"""Conditions of the fault tree that decide whether RMC traffic flows, derived from world state.

rmc.py asks here (link_problem / establish_problem / pending_flag) so each new cause adds a row of
logic in one place instead of branches in the session machinery. Every condition reads state a cause
changed (filter rules, an interface MTU, a route, the installed filesets, /etc/hosts, the HMC's
partition records); none reads a "broken" flag.

Phases: "poll" is the management-domain RM joining the domain (TCP 657 both ways, small packets);
"beat" is the daemons' UDP heartbeat with full-size packets [I: reference §4.2 and §5 F2/F3].
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from . import filesets

if TYPE_CHECKING:
    from .hmc import Hmc
    from .network import Interface
    from .system import ManagedSystem, Partition
    from .world import World

RMC_PORT = 657
BACK_UNREACHABLE = "hmc cannot reach the partition address"
UDP_ONE_WAY = "udp 657 dropped one way"
MTU_MISMATCH = "mtu mismatch"


def filter_drops(part: Partition, direction: str, proto: str) -> bool:
    """Does an active AIX IP filter rule on ``part`` drop ``proto`` port 657 ``direction`` ("in" =
    HMC -> partition, "out" = partition -> HMC)?"""
    os = part.os
    if not os.ip_filters_active:
        return False
    for rule in os.ip_filters:
        if rule.get("action") != "deny" or int(rule.get("port", RMC_PORT)) != RMC_PORT:
            continue
        if rule.get("direction", "both") in ("both", direction) and rule.get("proto", "all") in ("all", proto):
            return True
    return False


def _hmc_mtu(hmc: Hmc) -> int:
    iface = hmc.net.primary()
    return iface.mtu if iface else 1500


def link_problem(world: World, hmc: Hmc, system: ManagedSystem, part: Partition,
                 out_iface: Interface, phase: str) -> str:
    """Why RMC traffic cannot flow for reasons the basic LAN model does not cover ("" = it can)."""
    os = part.os
    for net in os.hmc_unreachable_nets:
        try:
            if ipaddress.IPv4Address(out_iface.ip) in ipaddress.IPv4Network(net, strict=False):
                return BACK_UNREACHABLE
        except ValueError:
            continue
    # the session is set up over TCP 657; a TCP block in either direction stops it at once
    if filter_drops(part, "in", "tcp") or filter_drops(part, "out", "tcp"):
        return f"port {RMC_PORT}/tcp blocked"
    if phase == "beat":
        if filter_drops(part, "in", "udp") or filter_drops(part, "out", "udp"):
            return UDP_ONE_WAY
        # full-size heartbeat / data packets do not pass a path with a smaller MTU [I]
        if out_iface.mtu != _hmc_mtu(hmc):
            return MTU_MISMATCH
    return ""


def _hosts_resolves(part: Partition, name: str) -> bool:
    text = part.os.files.get("/etc/hosts")
    if not isinstance(text, str):
        return True  # the standard /etc/hosts (never rewritten) lists the HMC [model]
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and (name in words[1:] or name.split(".")[0] in words[1:]):
            return True
    return False


def establish_problem(world: World, hmc: Hmc, system: ManagedSystem, part: Partition, ip: str) -> str:
    """Why the partition's management-domain RM cannot join ``hmc``'s domain on this poll."""
    os = part.os
    missing = filesets.rmc_problem(os, hmc)
    if missing:
        return missing
    if f"{system.name}/{part.id}" in hmc.stuck_sessions:
        return "stale session record on the HMC"  # cured by diagrmc --autocorrect / lspartition -dlparreset
    if os.stale_mcp_generation == os.rsct.poll_generation:
        return "mgmt RM holds a replaced HMC"  # cured by restarting the RM (rmcctrl -z/-A)
    # POWER4 partitions needed name resolution of the HMC for DLPAR [V GIBSON]
    if system.processor.upper().startswith("POWER4") and not _hosts_resolves(part, hmc.hostname):
        return "hmc name not resolvable"
    # a stale partition definition on the HMC owns this address: the HMC files the partition's
    # registration under the other record [V CN-RMC instance 1 symptoms; mechanism I]
    for slot in hmc.slots_with_ip(ip):  # an index: a scan of every record was quadratic (benchmarks/)
        node = hmc.managed_nodes[slot]
        if not (node.system == system.name and node.lpar_id == part.id):
            return "address owned by another partition record"
    return ""


def pending_flag(world: World, hmc_name: str, part: Partition) -> str | None:
    """rmcdomainstatus flag for an MCP without a session, when the fault tree says more than O:
    i = pending up (handshake done, heartbeats not answered) [V how-2-know], X = communication
    suspended for a network configuration problem such as the MTU [U]."""
    hmc = world.hmcs.get(hmc_name)
    os = part.os
    if hmc is None or not os.is_active("ctrmc"):
        return None
    if filter_drops(part, "in", "udp") != filter_drops(part, "out", "udp") and not (
            filter_drops(part, "in", "tcp") or filter_drops(part, "out", "tcp")):
        return "i"
    iface = os.net.can_route_to(hmc.ip)
    if iface is not None and iface.mtu != _hmc_mtu(hmc):
        return "X"
    return None
