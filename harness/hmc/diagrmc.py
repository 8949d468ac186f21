"""diagrmc [-m sys] [{-p lpar | --id N}] [--autocorrect] [-v]: diagnose RMC connections (HMC V8+).

The command exists on V8+ (``diagrmc --autocorrect -v`` replaced ``lspartition -dlparreset`` [T]), but
neither its syntax nor its output was found: the whole format below is [I]. One line per running
partition: ``<name> (<id>) on <system>: RMC active`` or ``... RMC inactive: <reason>``; with
``--autocorrect`` the HMC pushes its key and address to the partitions again and asks each one to
reconnect, which heals what was wrong on the HMC's side (NVRAM not updated, a stale key); causes inside
the partition or on the network stay, and the line says so.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world.causes import hmcside
from ..world.system import ManagedSystem, Partition
from .boundary import hmc_command
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: diagrmc [-m managed-system] [{-p partition-name | --id partition-ID}]
               [--autocorrect] [-v] [--help]
"""  # [I]
SPEC = {"-m": VALUE, "-p": VALUE, "--id": VALUE, "--autocorrect": FLAG, "-v": FLAG, "--help": FLAG}
SUMMARY = "diagnose and repair RMC connections between the HMC and partitions"
FLAGS = ("-m", "-p", "--id", "--autocorrect", "-v")

REASONS = {  # RmcMachinery.link_ok reasons -> words [I]
    "no service connection": "the management console has no connection to the managed system",
    "rmc down": "the RMC subsystem is not active in the partition",
    "no ip path": "the partition cannot reach the management console on the network",
    "no ip path back": "the management console cannot reach the partition on the network",
    "port 657/tcp blocked": "port 657/tcp is blocked between the partition and the management console",
    "port 657/udp blocked": "port 657/udp is blocked between the partition and the management console",
}


def _diagnose(t: HmcTarget, system: ManagedSystem, part: Partition) -> str:
    view = t.view(system, part)
    if view.active:
        if not view.dcaps:
            return "RMC active, dynamic partitioning capabilities not reported by the partition"
        return "RMC active"
    ok, why = t.world.rmc.link_ok(t.hmc, system, part)
    if not ok:
        return "RMC inactive: " + REASONS.get(why, why)
    os = part.os
    if not os.is_active(os.level.mgmt_rm):
        return f"RMC inactive: {os.level.mgmt_rm} is not active in the partition"
    if not os.rsct.thl_ok:
        return "RMC inactive: the partition does not trust the management console's key"
    if f"{system.name}/{part.id}" in t.hmc.stuck_sessions:
        return "RMC inactive: the management console holds a stale RMC session for the partition"
    if t.world.rmc.duplicate_node_id(t.hmc, part):
        return "RMC inactive: another partition uses the same RSCT node ID"
    return "RMC inactive: the partition has not connected to the management console yet"


@hmc_command(USAGE)
def diagrmc(ctx: CommandContext, t: HmcTarget) -> int:
    if t.level == "V7":
        # [T] V7 resets RMC with lspartition -dlparreset; diagrmc arrived with V8
        ctx.error(f"bash: {ctx.argv[0]}: command not found\n")
        return 127
    opts = parse(ctx.argv[1:], SPEC)
    systems = [t.system(opts.get("-m"))] if opts.has("-m") else t.systems()
    chosen: Partition | None = None
    if opts.has("-p") or opts.has("--id"):
        opts.require("-m")
        chosen = t.pick_partition(systems[0], opts, "-p", "--id")
    if opts.flag("--autocorrect"):
        rmc = t.world.rmc
        # stale session records are dropped; those partitions reconnect on their next poll (minutes)
        reset = set(hmcside.reset(t.world, t.hmc, systems, chosen))
        for system in systems:
            for part in t.partitions(system):
                if (chosen is None or part is chosen) and part.running and part.os is not None \
                        and not t.view(system, part).active and f"{system.name}/{part.id}" not in reset:
                    rmc.try_establish(t.hmc, part)
        t.world.changed()
    lines = []
    for system in systems:
        for part in t.partitions(system):
            if chosen is not None and part is not chosen:
                continue
            if not part.running or part.os is None:
                if chosen is not None or opts.flag("-v"):
                    lines.append(f"{part.name} ({part.id}) on {system.name}: partition is {part.state}")
                continue
            lines.append(f"{part.name} ({part.id}) on {system.name}: {_diagnose(t, system, part)}")
    ctx.write("".join(line + "\n" for line in lines))
    return 0
