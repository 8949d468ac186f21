"""Power transitions of partitions and managed systems, as timer events on the world clock.

What the real machine does [V-client: power-virt-tests, fence_lpar, xCAT poll these states]:
- activation (``chsysstate -o on``): ``Starting`` -> ``Open Firmware`` (boot mode ``of``/``sms``) or
  ``Running``. The hypervisor takes the profile's memory and processors when the partition starts,
  so the system's free pool is conserved at every instant (system.py counts every partition that
  is not ``Not Activated``). The OS then boots (src.boot) and RMC comes back on the
  management-domain RM's next poll, about five minutes later [V: RSCT doc].
- shutdown (``-o shutdown [--immed]``, ``-o osshutdown [--immed]``): ``Shutting Down`` ->
  ``Not Activated``; the OS stops at once (its RMC session drops), the resources return to the pool
  when the partition reaches ``Not Activated``. ``--restart`` activates it again with its current
  profile. ``curr_profile`` keeps the last profile (fence_lpar reads it to power the partition back
  on [V-client]).
- system power (``-r sys -o on|off``): off stops every partition and the system goes to
  ``Power Off``; on brings it back to ``Operating`` and starts the partitions marked auto_start.

Delays and reference codes are [I]: no capture of a real transition's timing or code sequence was
found. The codes are kept in one table so a capture can correct them here.
Reference-code history lives with the world while it runs (the latest code of each partition is
persisted in ``Partition.refcode``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import events, profile_io, src
from .errors import WorldError
from .system import MemAlloc, ProcAlloc

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition, Profile
    from .world import World

# ---- timing [I] -----------------------------------------------------------------------------------
FIRMWARE_SECONDS = 15  # Starting: firmware initialising the partition
BOOT_SECONDS = 30  # Starting -> Running / Open Firmware
SHUTDOWN_SECONDS = {  # (kind, immediate) -> Shutting Down -> Not Activated
    ("shutdown", False): 60,  # delayed power off
    ("shutdown", True): 5,
    ("osshutdown", False): 45,  # the OS runs `shutdown`
    ("osshutdown", True): 15,  # `shutdown -F`
}
SYSTEM_OFF_SECONDS = 30
SYSTEM_ON_SECONDS = 60

# ---- reference codes [I] ---------------------------------------------------------------------------
REFCODES = {
    "activate": "C2001000",  # partition power-on started
    "firmware": "CA000040",  # firmware IPL in progress
    "open_firmware": "CA00E1DC",  # stopped at the Open Firmware / SMS prompt
    "running": "",  # AIX clears the panel once it runs [I]
    "shutting_down": "D1008001",
    "not_activated": "00000000",
    "sys_off": "D1008001",
    "sys_on": "C1001F00",
    "sys_running": "",
}

LPAR_EVENTS = ("power.firmware", "power.boot", "power.down")


# ---- reference-code history ------------------------------------------------------------------------
def _history(world: World) -> dict[str, list[tuple[float, str]]]:
    return world.__dict__.setdefault("_refcode_history", {})


def set_refcode(world: World, part: Partition, code: str) -> None:
    part.refcode = code
    _history(world).setdefault(part.uuid or part.name, []).append((world.clock.now, code))


def refcodes(world: World, part: Partition) -> list[tuple[float, str]]:
    """(time, code) newest first; a partition without recorded history shows its current code."""
    hist = _history(world).get(part.uuid or part.name)
    if hist:
        return list(reversed(hist))
    # no transition seen since the world began: the code shown then, stamped with the world's epoch
    return [(0.0, part.refcode if part.refcode or part.state != "Not Activated"
             else REFCODES["not_activated"])]


def system_refcodes(world: World, system: ManagedSystem) -> list[tuple[float, str]]:
    hist = _history(world).get("sys:" + system.name)
    if hist:
        return list(reversed(hist))
    return [(0.0, "" if system.state == "Operating" else REFCODES["sys_off"])]


def _set_sys_refcode(world: World, system: ManagedSystem, code: str) -> None:
    _history(world).setdefault("sys:" + system.name, []).append((world.clock.now, code))


# ---- partitions ------------------------------------------------------------------------------------
def _cancel(world: World, system: ManagedSystem, part: Partition) -> None:
    world.clock.cancel_where(lambda t: t.event in LPAR_EVENTS and tuple(t.args[:2]) == (system.name, part.id))


def find_profile(part: Partition, name: str | None) -> Profile | None:
    wanted = name or part.curr_profile or part.default_profile
    return next((p for p in part.profiles if p.name == wanted), None)


def activate(world: World, system: ManagedSystem, part: Partition, profile: str | None = None,
             boot_mode: str | None = None) -> None:
    """Start ``part`` with ``profile`` (its current or default one when None). Raises WorldError."""
    if system.state != "Operating":
        raise WorldError("sys_not_operating", system=system.name, state=system.state)
    if part.state != "Not Activated":
        raise WorldError("lpar_not_inactive", lpar=part.name, lpar_id=part.id, state=part.state)
    prof = find_profile(part, profile)
    if prof is None:
        raise WorldError("profile_not_found", name=profile or part.default_profile, lpar=part.name)
    if prof.mem.cur > system.avail_mem():
        raise WorldError("activate_no_mem", lpar=part.name, quantity=prof.mem.cur, avail=system.avail_mem())
    if prof.proc.units_used() > system.avail_proc_units() + 1e-9:
        raise WorldError("activate_no_proc", lpar=part.name, quantity=prof.proc.units_used(),
                         avail=system.avail_proc_units())
    profile_io.check_activation(system, part, prof)
    profile_io.apply(system, part, prof)  # the profile's adapters, slots and boot mode
    part.mem = MemAlloc(**prof.mem.to_dict())
    part.proc = ProcAlloc(**prof.proc.to_dict())
    part.curr_profile = prof.name
    if boot_mode:
        part.boot_mode = boot_mode
    part.state = "Starting"  # from here the hypervisor holds the profile's resources
    if part.os is not None:
        part.os.online_mem_mb = part.mem.cur
        part.os.online_procs = part.proc.procs
        part.os.entitled_units = part.proc.units_used()
    _cancel(world, system, part)
    set_refcode(world, part, REFCODES["activate"])
    world.clock.schedule(FIRMWARE_SECONDS, "power.firmware", system.name, part.id)
    world.clock.schedule(BOOT_SECONDS, "power.boot", system.name, part.id, boot_mode or part.boot_mode)


def _os_down(world: World, part: Partition) -> None:
    """Every daemon of the OS stops (SRC events tell RMC, whose sessions drop)."""
    if part.os is None:
        return
    for sub in part.os.subsystems:
        if sub.status == "active":
            src.stop(world, part, sub.name)
    world.rmc.drop_partition(part)


def shutdown(world: World, system: ManagedSystem, part: Partition, kind: str = "shutdown",
             immed: bool = False, restart: bool = False) -> None:
    """``kind`` is "shutdown" (through the hypervisor) or "osshutdown" (the OS, over RMC)."""
    if part.state == "Not Activated":
        raise WorldError("lpar_not_active", lpar=part.name, lpar_id=part.id, state=part.state)
    _cancel(world, system, part)
    part.state = "Shutting Down"
    set_refcode(world, part, REFCODES["shutting_down"])
    _os_down(world, part)
    world.clock.schedule(SHUTDOWN_SECONDS[(kind, immed)], "power.down", system.name, part.id, restart)


def deactivate_now(world: World, system: ManagedSystem, part: Partition) -> None:
    """The partition stops holding resources at once (system power off, migration source)."""
    _cancel(world, system, part)
    _os_down(world, part)
    part.state = "Not Activated"
    set_refcode(world, part, REFCODES["not_activated"])


def _part(world: World, system_name: str, lpar_id: int) -> tuple[ManagedSystem, Partition] | None:
    system = world.systems.get(system_name)
    part = system.partitions.get(lpar_id) if system else None
    return (system, part) if part is not None else None


@events.on("power.firmware")
def _firmware(world: World, system_name: str, lpar_id: int) -> None:
    found = _part(world, system_name, lpar_id)
    if found and found[1].state == "Starting":
        set_refcode(world, found[1], REFCODES["firmware"])


@events.on("power.boot")
def _boot(world: World, system_name: str, lpar_id: int, boot_mode: str) -> None:
    found = _part(world, system_name, lpar_id)
    if not found or found[1].state != "Starting":
        return
    part = found[1]
    if boot_mode in ("of", "sms") or part.os is None:
        # [I] a partition with no OS installed stops at the firmware prompt too
        part.state = "Open Firmware"
        set_refcode(world, part, REFCODES["open_firmware"])
        return
    part.state = "Running"
    set_refcode(world, part, REFCODES["running"])
    part.os.boot_time = world.clock.now  # uptime, ps STIME and mount dates count from here
    part.os.stopped_procs = []
    for fs in part.os.filesystems:  # /etc/filesystems "mount = true" ones come back mounted (lsfs Auto)
        fs.mounted, fs.mounted_at = fs.auto, None
    src.boot(world, part)  # init starts the daemons; RMC follows on the mgmt RM's poll


@events.on("power.down")
def _down(world: World, system_name: str, lpar_id: int, restart: bool) -> None:
    found = _part(world, system_name, lpar_id)
    if not found or found[1].state != "Shutting Down":
        return
    system, part = found
    part.state = "Not Activated"
    set_refcode(world, part, REFCODES["not_activated"])
    if restart:
        try:
            activate(world, system, part, part.curr_profile or None)
        except WorldError:
            pass  # [I] a restart that cannot get its resources leaves the partition off


# ---- managed systems -------------------------------------------------------------------------------
def system_off(world: World, system: ManagedSystem, restart: bool = False) -> None:
    if system.state not in ("Operating", "Standby"):
        raise WorldError("sys_not_operating", system=system.name, state=system.state)
    for part in system.partitions.values():
        if part.state != "Not Activated":
            deactivate_now(world, system, part)
    system.state = "Power Off In Progress"
    _set_sys_refcode(world, system, REFCODES["sys_off"])
    world.clock.schedule(SYSTEM_OFF_SECONDS, "power.sys_off", system.name, restart)


def system_on(world: World, system: ManagedSystem) -> None:
    if system.state != "Power Off":
        raise WorldError("sys_not_off", system=system.name, state=system.state)
    system.state = "Initializing"
    _set_sys_refcode(world, system, REFCODES["sys_on"])
    world.clock.schedule(SYSTEM_ON_SECONDS, "power.sys_on", system.name)


@events.on("power.sys_off")
def _sys_off(world: World, system_name: str, restart: bool) -> None:
    system = world.systems.get(system_name)
    if system is None or system.state != "Power Off In Progress":
        return
    system.state = "Power Off"
    if restart:
        system_on(world, system)


# What takes effect when a system powers on, in order: sysres.ipl (pending memory settings), then
# firmware.ipl (the installed level activates). Filled by world.py, so this module imports neither
# (firmware turns systems off through this module: importing it back would close a cycle).
ON_IPL: list = []


@events.on("power.sys_on")
def _sys_on(world: World, system_name: str) -> None:
    system = world.systems.get(system_name)
    if system is None or system.state != "Initializing":
        return
    system.state = "Operating"
    _set_sys_refcode(world, system, REFCODES["sys_running"])
    for hook in ON_IPL:  # pending settings, huge pages, region size, then the firmware level take effect
        hook(world, system)
    for part in sorted(system.partitions.values(), key=lambda p: p.id):
        if part.auto_start and part.state == "Not Activated":
            try:
                activate(world, system, part, part.default_profile)
            except WorldError:
                pass
