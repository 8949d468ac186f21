"""/etc/hosts of a partition: generated from the world until something rewrites it.

The model has one shared name table (World.resolve). A partition's /etc/hosts becomes a real text
file in ``os.files`` once a fault or an admin writes it; from then on its lines decide what the
partition can resolve (host, ping by name, the POWER4 name-resolution fault).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .system import Partition
    from .world import World

PATH = "/etc/hosts"
# [U] the loopback lines of a stock AIX /etc/hosts, from memory
HEADER = ("127.0.0.1               loopback localhost      # loopback (lo0) name/address\n"
          "::1                     loopback localhost      # IPv6 loopback (lo0) name/address\n")


def generated(world: World, part: Partition, without: tuple[str, ...] = ()) -> str:
    lines = [HEADER]
    for host in world.hosts():
        if host.hmc is not None:
            names = [host.hmc.hostname] if host.hmc.hostname == host.name else [host.hmc.hostname, host.name]
        else:
            os = host.partition.os
            names = [os.hostname] if os.hostname == host.name else [os.hostname, host.name]
        if host.name in without or any(n in without for n in names) or not host.address:
            continue
        lines.append(f"{host.address:<23} {' '.join(names)}\n")
    return "".join(lines)


def text(world: World, part: Partition) -> str:
    current = part.os.files.get(PATH)
    return current if isinstance(current, str) else generated(world, part)


def materialise(world: World, part: Partition) -> None:
    if not isinstance(part.os.files.get(PATH), str):
        part.os.files[PATH] = generated(world, part)


def lookup(world: World, part: Partition, name: str) -> str | None:
    """Name -> address as the partition's resolver answers it (/etc/hosts only; DNS not modelled)."""
    if name.replace(".", "").isdigit():
        return name if is_ip(name) else None
    current = part.os.files.get(PATH)
    if not isinstance(current, str):
        return world.resolve(name)
    short = name.split(".")[0]
    for line in current.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and (name in words[1:] or short in [w.split(".")[0] for w in words[1:]]):
            return words[0]
    return None


def is_ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


def reverse(world: World, part: Partition, ip: str) -> str | None:
    current = text(world, part)
    for line in current.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == ip:
            return words[1]
    return None
