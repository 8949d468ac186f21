"""lpar_netboot in the world: the partition is powered off, started to Open Firmware, its network
adapters are read out (``-M -n``), and either powered off again or network-booted.

The states and reference codes follow power.py (Starting C2001000 -> CA000040 -> Open Firmware
CA00E1DC); the network boot then shows the firmware's boot codes, CA00E174 (establishing the host
connection), CA00E175 (BOOTP request) and CA00E177 (TFTP transfer), before the loaded image runs
and the partition is Running [I: the codes as remembered from IBM's SRC list, the delays guessed;
no capture of a timed sequence]. Everything happens on the virtual clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import events, ioslots as io, power
from .errors import WorldError

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition
    from .world import World

DISCOVERY_SECONDS = 20  # reading the adapters at the Open Firmware prompt, then power off [I]
# seconds after Open Firmware -> reference code (None: the image runs, the partition is Running) [I]
BOOT_STEPS = ((5, "CA00E174"), (10, "CA00E175"), (20, "CA00E177"), (40, None))


def ready_at() -> int:
    """Seconds from the command until the partition sits at the Open Firmware prompt."""
    return power.BOOT_SECONDS


def eth_adapters(system: "ManagedSystem", part: "Partition") -> list[dict]:
    return io.adapters(system, part, "eth")


def start(world: "World", system: "ManagedSystem", part: "Partition", profile: str, discover_only: bool) -> None:
    """Power the partition off (at once) and on to Open Firmware with ``profile``; then either power
    it off again (``discover_only``) or boot it from the network. Raises WorldError."""
    if system.state != "Operating":
        raise WorldError("sys_not_operating", system=system.name, state=system.state)
    if power.find_profile(part, profile) is None:
        raise WorldError("profile_not_found", name=profile, lpar=part.name)
    if part.state != "Not Activated":
        power.deactivate_now(world, system, part)  # "# Checking for power off." / "# Power off complete."
    power.activate(world, system, part, profile, "of")
    after = ready_at()
    if discover_only:
        world.clock.schedule(after + DISCOVERY_SECONDS, "netboot.off", system.name, part.id)
    else:
        for delay, code in BOOT_STEPS:
            world.clock.schedule(after + delay, "netboot.step", system.name, part.id, code)


def _found(world: "World", system_name: str, lpar_id: int):
    system = world.systems.get(system_name)
    part = system.partitions.get(lpar_id) if system else None
    return (system, part) if part is not None and part.state == "Open Firmware" else None


@events.on("netboot.off")
def _off(world: "World", system_name: str, lpar_id: int) -> None:
    found = _found(world, system_name, lpar_id)
    if found:
        power.deactivate_now(world, *found)


@events.on("netboot.step")
def _step(world: "World", system_name: str, lpar_id: int, code: str | None) -> None:
    found = _found(world, system_name, lpar_id)
    if not found:
        return
    system, part = found
    if code is not None:
        power.set_refcode(world, part, code)
        return
    # the network image runs [I: an installed OS boots from it like from disk]
    part.state = "Running"
    power.set_refcode(world, part, power.REFCODES["running"])
    if part.os is not None:
        from . import src

        src.boot(world, part)
