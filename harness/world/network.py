"""The LAN between the HMC and the partitions' operating systems (RMC on port 657, ping, ssh).

This is not the service path (HMC <-> managed system firmware): faults here never touch that one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import lru_cache

# Parsing addresses is most of the cost of a route lookup (benchmarks/: every RMC poll and
# heartbeat does several); the parsed values are immutable, so they are kept per string.
_address = lru_cache(maxsize=1 << 16)(ipaddress.IPv4Address)


@lru_cache(maxsize=1 << 16)
def _interface_network(ip: str, netmask: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(f"{ip}/{netmask}", strict=False)


@dataclass
class Interface:
    name: str  # "en0", "eth0"
    ip: str
    netmask: str = "255.255.255.0"
    up: bool = True
    mtu: int = 1500
    mac: str = ""

    @property
    def network(self) -> ipaddress.IPv4Network:
        return _interface_network(self.ip, self.netmask)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@lru_cache(maxsize=1 << 12)
def route_network(destination: str) -> ipaddress.IPv4Network:
    if destination in ("default", "0", "0.0.0.0"):
        return ipaddress.IPv4Network("0.0.0.0/0")
    return ipaddress.IPv4Network(destination, strict=False)


@dataclass
class Route:
    destination: str  # "default" or a network "10.1.1.0/24"
    gateway: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class PortBlock:
    """A firewall rule dropping traffic to ``port`` from ``src`` to ``dst`` (host names, "*" = any)."""

    src: str
    dst: str
    port: int = 657
    proto: str = "both"  # "tcp", "udp" or "both"

    def matches(self, src: str, dst: str, port: int, proto: str) -> bool:
        return (self.src in ("*", src) and self.dst in ("*", dst) and self.port == port
                and self.proto in ("both", proto))

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class NetStack:
    """What one host has on the LAN: interfaces and routes."""

    interfaces: list[Interface] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    def primary(self) -> Interface | None:
        return self.interfaces[0] if self.interfaces else None

    def owns(self, ip: str) -> Interface | None:
        return next((i for i in self.interfaces if i.ip == ip and i.up), None)

    def next_hop(self, ip: str) -> tuple[Interface, str | None] | None:
        """Longest-prefix match: (outgoing interface, gateway or None when directly connected)."""
        addr = _address(ip)
        best: tuple[int, Interface, str | None] | None = None
        for iface in self.interfaces:
            if iface.up and addr in iface.network:
                if best is None or iface.network.prefixlen > best[0]:
                    best = (iface.network.prefixlen, iface, None)
        for route in self.routes:
            net = route_network(route.destination)
            if addr not in net or (best is not None and net.prefixlen <= best[0]):
                continue
            gw = _address(route.gateway)
            out = next((i for i in self.interfaces if i.up and gw in i.network), None)
            if out is not None:
                best = (net.prefixlen, out, route.gateway)
        return (best[1], best[2]) if best else None

    def can_route_to(self, ip: str) -> Interface | None:
        """The up interface traffic to ``ip`` leaves by, or None (no route)."""
        hop = self.next_hop(ip)
        return hop[0] if hop else None

    def to_dict(self) -> dict:
        return {"interfaces": [i.to_dict() for i in self.interfaces],
                "routes": [r.to_dict() for r in self.routes]}

    @classmethod
    def from_dict(cls, data: dict) -> "NetStack":
        return cls([Interface(**i) for i in data.get("interfaces", [])],
                   [Route(**r) for r in data.get("routes", [])])


@dataclass
class Lan:
    """Cables and firewalls: which hosts are cut off and which ports are dropped."""

    cut: set[str] = field(default_factory=set)  # hosts whose LAN link is down (cable pulled)
    blocks: list[PortBlock] = field(default_factory=list)
    routers: set[str] = field(default_factory=set)  # gateway addresses that really forward packets

    def ip_path(self, src: str, src_net: NetStack, dst: str, dst_net: NetStack, dst_ip: str) -> bool:
        """Can ``src`` reach ``dst_ip`` on ``dst`` and get an answer back?"""
        if src in self.cut or dst in self.cut:
            return False
        there = self._hop_ok(src_net.next_hop(dst_ip))
        if there is None or dst_net.owns(dst_ip) is None:
            return False
        return self._hop_ok(dst_net.next_hop(there.ip)) is not None

    def _hop_ok(self, hop: tuple[Interface, str | None] | None) -> Interface | None:
        if hop is None:
            return None
        iface, gateway = hop
        return iface if gateway is None or gateway in self.routers else None

    def port_open(self, src: str, dst: str, port: int, proto: str) -> bool:
        return not any(b.matches(src, dst, port, proto) for b in self.blocks)

    def to_dict(self) -> dict:
        return {"cut": sorted(self.cut), "blocks": [b.to_dict() for b in self.blocks],
                "routers": sorted(self.routers)}

    @classmethod
    def from_dict(cls, data: dict) -> "Lan":
        return cls(set(data.get("cut", [])), [PortBlock(**b) for b in data.get("blocks", [])],
                   set(data.get("routers", [])))
