"""The System Resource Controller of a partition: starting and stopping subsystems.

Whether a start succeeds is derived from causes in the world (a full /var, a damaged RSCT registry,
RMC not running), never from a flag that says "DRM is broken". A subsystem whose daemon dies at
start still gets a PID from startsrc, as on AIX, and lssrc then shows it inoperative.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from .aix import ErrEntry, Subsystem, log_error

if TYPE_CHECKING:
    from .system import Partition
    from .world import World


def start_blocker(part: "Partition", name: str) -> str | None:
    """Why the daemon of ``name`` would die right after starting, or None if it runs."""
    os = part.os
    assert os is not None
    sub = os.subsystem(name)
    level = os.level
    is_rsct = sub is not None and sub.group in ("rsct", "rsct_rm")
    if is_rsct and os.var_full():
        return "var_full"
    if sub is not None and sub.group == "rsct_rm":
        if not os.is_active("ctrmc"):
            return "ctrmc_down"
        if os.rsct.config_corrupt and name != level.mgmt_rm:
            return "config_corrupt"
    return None


def _log_failure(world: "World", part: "Partition", name: str, reason: str) -> None:
    # SRC logs a software error when a daemon it started exits at once [I: label and text].
    log_error(part.os, ErrEntry("E18E984F", "SRC", world.clock.now, "P", "S", "SRC", "SOFTWARE PROGRAM ERROR",
                                f"SUBSYSTEM {name} EXITED ({reason})"))


def start(world: "World", part: "Partition", name: str) -> tuple[int, bool]:
    """Start subsystem ``name``: returns (pid, still_running). The caller checked it is defined."""
    os = part.os
    sub = os.subsystem(name)
    pid = world.alloc_pid(part, name)
    reason = start_blocker(part, name)
    if reason is None:
        sub.status, sub.pid, sub.started_at = "active", pid, world.clock.now
    else:
        sub.status, sub.pid = "inoperative", None
        _log_failure(world, part, name, reason)
    if reason is None:
        world.rmc.subsystem_started(part, name)
    return pid, reason is None


def stop(world: "World", part: "Partition", name: str) -> bool:
    """Stop ``name``; False if it was not running."""
    sub = part.os.subsystem(name)
    if sub is None or sub.status != "active":
        return False
    sub.status, sub.pid = "inoperative", None
    world.rmc.subsystem_stopped(part, name)
    return True


def rsct_rms(part: "Partition") -> list[Subsystem]:
    return [s for s in part.os.subsystems if s.group == "rsct_rm"]


def start_rmc(world: "World", part: "Partition") -> list[tuple[str, int, bool]]:
    """Start ctrmc and the resource managers it runs (rmcctrl -s / -A, boot)."""
    os = part.os
    started = []
    if not os.is_active("ctrmc"):
        pid, ok = start(world, part, "ctrmc")
        started.append(("ctrmc", pid, ok))
    if os.is_active("ctrmc"):
        defaults = {d.name: d for d in os.level.subsystems}
        for sub in rsct_rms(part):
            if sub.status != "active" and defaults.get(sub.name) and defaults[sub.name].normally_active:
                pid, ok = start(world, part, sub.name)
                started.append((sub.name, pid, ok))
    return started


def stop_rmc(world: "World", part: "Partition", include_rms: bool = True) -> None:
    """Stop the resource managers (when asked) and then ctrmc (rmcctrl -z / -K / -k)."""
    if include_rms:
        for sub in rsct_rms(part):
            stop(world, part, sub.name)
    stop(world, part, "ctrmc")


def boot(world: "World", part: "Partition") -> None:
    """What init does when the OS comes up: start every subsystem that normally runs."""
    defaults = {d.name: d for d in part.os.level.subsystems}
    for sub in part.os.subsystems:
        d = defaults.get(sub.name)
        if sub.group not in ("rsct", "rsct_rm") and d and d.normally_active and sub.defined:
            pid = stable_pid(part, sub.name) if d.stable_pid else world.alloc_pid(part, sub.name)
            sub.status, sub.pid, sub.started_at = "active", pid, None
    ctrmc = part.os.subsystem("ctrmc")
    if ctrmc is not None and ctrmc.defined:
        start_rmc(world, part)
    _boot_mcproxy(part)


def _boot_mcproxy(part: "Partition") -> None:
    """The in-band RMC proxy (AIX 7.2+, versions._MCPROXY) starts at boot [I]. Its PID is derived from
    the partition's name, not drawn from world.rng, so every other PID of a scenario stays as it was."""
    sub = part.os.subsystem("mcproxy")
    if sub is None or not sub.defined or sub.status == "active" or start_blocker(part, "mcproxy"):
        return
    sub.status, sub.pid = "active", stable_pid(part, "mcproxy")


def stable_pid(part: "Partition", name: str) -> int:
    """A boot PID derived from the partition's name and the process's, in AIX's PID shape (slot in the
    high bits, even generation count below) [I]; a scenario's pinned PID wins."""
    pinned = part.os.pinned_pids.get(name) if part.os is not None else None
    h = zlib.crc32(f"{part.name}/{name}".encode())
    return pinned or ((0x30 + (h >> 8) % 0xD0) << 16) | ((h & 0xFF or 1) << 1)
