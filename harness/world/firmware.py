"""Managed-system firmware (Licensed Internal Code) levels and updates on the virtual clock.

The service processor holds two copies of the code: the temporary side (t-side, the *installed*
level, what the next IPL runs) and the permanent side (p-side, the *accepted* level, the one to go
back to); the *activated* level is what runs now, and the *platform IPL* level what the hypervisor
last booted from [V: HMC help "Installed / Activated / Accepted / Platform IPL Level"]. An EC number
``PPNNSSS`` names the code stream (e.g. ``01AL770``) [V format]. A concurrent update changes the
activated level without disturbing partitions; a disruptive one restarts the system [V].

``updlic`` starts an update; it moves through retrieve -> install -> activate on the clock. [I: a real
updlic returns only when it is done; here it returns once started and the levels move as time passes.]
The streams and service packs below are [I] examples of the real shapes, one table per processor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import events
from .errors import WorldError

if TYPE_CHECKING:
    from .system import ManagedSystem
    from .world import World

# processor -> (EC number, [(level, service pack name, disruptive)...] oldest first) [I]
STREAMS: dict[str, tuple[str, list[tuple[int, str, bool]]]] = {
    "POWER5": ("01SF240", [(338, "SF240_338", False), (358, "SF240_358", False), (382, "SF240_382", False),
                           (418, "SF240_418", True)]),
    "POWER6": ("01EL350", [(107, "EL350_107", False), (118, "EL350_118", False), (132, "EL350_132", False),
                           (149, "EL350_149", True)]),
    "POWER7": ("01AL770", [(52, "AL770_052", False), (63, "AL770_063", False), (76, "AL770_076", False),
                           (91, "AL770_091", True)]),
    "POWER8": ("01SV860", [(180, "FW860.60", False), (205, "FW860.81", False), (215, "FW860.90", False),
                           (226, "FW860.B0", True)]),
    "POWER9": ("01VL950", [(92, "FW950.10", False), (105, "FW950.30", False), (119, "FW950.40", False),
                           (136, "FW950.60", True)]),
    "POWER10": ("01ML1050", [(50, "FW1050.00", False), (58, "FW1050.10", False), (66, "FW1050.20", False),
                             (78, "FW1050.30", True)]),
}

# ---- timing [I] ------------------------------------------------------------------------------------
RETRIEVE_SECONDS = 120
INSTALL_SECONDS = 600
ACTIVATE_SECONDS = 300  # concurrent activation
ACCEPT_SECONDS = 60
REJECT_SECONDS = 60

REPOSITORIES = ("ibmwebsite", "ftp", "sftp", "dvd", "disk", "mountpoint", "usb")  # [V] updlic -r


def stream(system: ManagedSystem) -> tuple[str, list[tuple[int, str, bool]]]:
    return STREAMS.get(system.processor.upper(), STREAMS["POWER8"])


def spname(system: ManagedSystem, level: int) -> str:
    return next((sp for lvl, sp, _ in stream(system)[1] if lvl == level), f"{stream(system)[0][3:]}_{level:03d}")


def levels(system: ManagedSystem) -> dict:
    """{"activated", "installed", "accepted", "platform_ipl", "update"} (levels are numbers)."""
    fw = system.resources.get("firmware")
    if fw is None:
        sps = stream(system)[1]
        fw = system.resources["firmware"] = {"activated": sps[1][0], "installed": sps[1][0], "accepted": sps[0][0],
                                             "platform_ipl": sps[1][0], "update": None}
    return fw


def has_power_subsystem(system: ManagedSystem) -> bool:
    """Only frame-based systems (bulk power assemblies) have power-subsystem code [I: 9119-F/9125-F types]."""
    return system.type_model.startswith(("9119-F", "9125-F", "9119-59", "9119-69"))


def redundant_sp(system: ManagedSystem) -> bool:
    """Enterprise (multi-drawer) models carry two service processors [I: the types listed]."""
    return system.type_model.startswith(("9117-", "9119-", "9179-", "9080-", "9040-", "9043-"))


def pick_level(system: ManagedSystem, wanted: str) -> tuple[int, bool]:
    """-l latest | latestconcurrent | <level number>: the level and whether it activates disruptively."""
    fw = levels(system)
    sps = stream(system)[1]
    if wanted == "latest":
        lvl, _, disruptive = sps[-1]
    elif wanted == "latestconcurrent":
        lvl, _, disruptive = next(((lv, sp, d) for lv, sp, d in reversed(sps) if not d), sps[0])
    else:
        match = next(((lv, sp, d) for lv, sp, d in sps if str(lv) == wanted or str(lv).zfill(3) == wanted
                      or sp == wanted), None)
        if match is None:
            raise WorldError("lic_level_not_found", level=wanted, system=system.name)
        lvl, _, disruptive = match
    if lvl <= fw["activated"] and lvl <= fw["installed"]:
        raise WorldError("lic_level_current", level=wanted, system=system.name)
    # any disruptive service pack between the running level and the target makes it disruptive [V rule]
    disruptive = disruptive or any(d for lv, _, d in sps if fw["activated"] < lv <= lvl)
    return lvl, disruptive


def start(world: World, system: ManagedSystem, op: str, level: str | None = None) -> None:
    """updlic -o a|i|d|c|r|k on the system; raises WorldError when it cannot start."""
    fw = levels(system)
    if fw.get("update"):
        raise WorldError("lic_in_progress", system=system.name)
    if system.state != "Operating" and op in ("a", "r", "d"):
        raise WorldError("sys_not_operating", system=system.name, state=system.state)
    seq = int(fw.get("seq", 0)) + 1
    fw["seq"] = seq
    if op in ("a", "i"):
        lvl, disruptive = pick_level(system, level or "latest")
        fw["update"] = {"op": op, "phase": "retrieve", "level": lvl, "disruptive": disruptive, "seq": seq}
        world.clock.schedule(RETRIEVE_SECONDS, "firmware.phase", system.name, seq)
    elif op == "c":
        fw["update"] = {"op": op, "phase": "accept", "seq": seq}
        world.clock.schedule(ACCEPT_SECONDS, "firmware.phase", system.name, seq)
    elif op == "k":
        fw["update"] = {"op": op, "phase": "reject", "seq": seq}
        world.clock.schedule(REJECT_SECONDS, "firmware.phase", system.name, seq)
    elif op == "d":
        if fw["installed"] == fw["activated"]:
            raise WorldError("lic_level_current", level=str(fw["installed"]), system=system.name)
        fw["update"] = {"op": op, "phase": "restart", "level": fw["installed"], "disruptive": True, "seq": seq}
        from . import power

        power.system_off(world, system, restart=True)  # the IPL activates the installed level
    elif op == "r":
        if fw["installed"] == fw["accepted"] and fw["activated"] == fw["accepted"]:
            raise WorldError("lic_nothing_to_remove", system=system.name)
        fw["update"] = {"op": op, "phase": "remove", "level": fw["accepted"], "disruptive": True, "seq": seq}
        world.clock.schedule(RETRIEVE_SECONDS, "firmware.phase", system.name, seq)
    else:
        raise WorldError("bad_operation", op=op)


def in_progress(system: ManagedSystem) -> dict | None:
    return levels(system).get("update")


@events.on("firmware.phase")
def _phase(world: World, system_name: str, seq: int) -> None:
    system = world.systems.get(system_name)
    if system is None:
        return
    fw = levels(system)
    up = fw.get("update")
    if not up or up.get("seq") != seq:
        return
    phase = up["phase"]
    if phase == "retrieve":
        up["phase"] = "install"
        world.clock.schedule(INSTALL_SECONDS, "firmware.phase", system_name, seq)
    elif phase in ("install", "remove"):
        fw["installed"] = up["level"]  # the t-side now holds the new code
        if up["op"] == "i":
            fw["update"] = None  # installed, activated at the next IPL
            return
        up["phase"] = "activate"
        if up["disruptive"]:
            from . import power

            up["phase"] = "restart"
            power.system_off(world, system, restart=True)  # the IPL activates the installed level
            return
        world.clock.schedule(ACTIVATE_SECONDS, "firmware.phase", system_name, seq)
    elif phase == "activate":
        fw["activated"] = up["level"]  # concurrent: the platform IPL level stays [V]
        fw["update"] = None
    elif phase == "accept":
        fw["accepted"] = fw["activated"]  # t-side copied to the p-side
        fw["update"] = None
    elif phase == "reject":
        fw["installed"] = fw["accepted"]  # p-side copied back to the t-side
        fw["update"] = None


def ipl(world: World, system: ManagedSystem) -> None:
    """The system powered on: it runs the installed (t-side) level."""
    fw = levels(system)
    fw["activated"] = fw["platform_ipl"] = fw["installed"]
    up = fw.get("update")
    if up and up.get("phase") == "restart":
        fw["update"] = None
