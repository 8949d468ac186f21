"""DLPAR from inside the partition: drmgr (scripts and slots) and lsslot (reference §3.13, §3.16)."""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import drmgr as wd, ioslots
from . import hw
from .common import aix_command, parse, partition, require_root

DRMGR_USAGE = ("Usage: drmgr { -i script_name [-w minutes] [-f] | -u script_name } [-D hostname]\n"
               "       drmgr [-b] [-R base_directory_path] [-S syslog_ID]\n"
               "       drmgr -l\n"
               "       drmgr -c {slot|pci|phb} {-a|-r|-R|-Q|-I} -s drc_name [-w minutes] [-d level]")  # [V syntax, U layout]


def _slots(ctx: CommandContext) -> list[tuple[str, str, str]]:
    """(drc name, description, devices) of the partition's virtual slots [I]."""
    part = partition(ctx)
    system = ctx.session.system
    by_slot: dict[str, list[str]] = {}
    for name, _cls, _loc, _desc, slot in hw.devices(part, system):
        if slot:
            by_slot.setdefault(slot, []).append(name)
    removed = part.os.device_attrs.get("_slots", {}).get("removed", [])
    out = [(slot, "Virtual I/O Slot", " ".join(devs)) for slot, devs in by_slot.items()]
    out += [(slot, "Virtual I/O Slot", "Empty") for slot in removed]
    out = ioslots.os_slots(system, part, out)  # physical slots the HMC assigned by DLPAR
    return sorted(out, key=lambda s: int(s[0].rsplit("-C", 1)[1]))


@aix_command
def lsslot(ctx: CommandContext) -> int:
    partition(ctx)
    usage = (lambda c: c.error("Usage: lsslot -c {slot|pci|phb|mem|port} [-a | -o | -l drc_name] [-F delimiter]\n"))  # [U]
    opts, args = parse(ctx, "c:aol:F:s:", usage)
    flags = dict(opts)
    if args or flags.get("-c") not in ("slot", "pci", "phb", "mem", "port"):
        usage(ctx)
        return 1
    if flags["-c"] != "slot":
        ctx.writeln("No slots found.")  # [U] a partition with only virtual I/O owns no PCI slots
        return 0
    slots = _slots(ctx)
    if "-l" in flags:
        slots = [s for s in slots if s[0] == flags["-l"]]
    if "-a" in flags:
        slots = [s for s in slots if s[2] == "Empty"]
    if "-o" in flags:
        slots = [s for s in slots if s[2] != "Empty"]
    if "-F" in flags:
        d = flags["-F"]
        for s in slots:
            ctx.writeln(d.join(s))
        return 0
    ctx.writeln(f"{'# Slot':<25} {'Description':<17} Device(s)")  # [U] §3.13
    for slot, desc, devs in slots:
        ctx.writeln(f"{slot:<25} {desc:<17} {devs}")
    return 0


@aix_command
def drmgr(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error(DRMGR_USAGE + "\n"))
    opts, args = parse(ctx, "i:u:w:fD:bR:S:lc:arRQIs:d:h", usage)
    flags = dict(opts)
    if args:
        usage(ctx)
        return 1
    if "-h" in flags:
        ctx.writeln(DRMGR_USAGE)
        return 0
    if "-l" in flags:
        # [U] listing layout; the script line matches what recfgct prints [V]
        ctx.writeln("DR Install Root Directory: /usr/lib/dr/scripts")
        ctx.writeln("Syslog ID: DRMGR")
        ctx.writeln("------------------------------------------------------------")
        for s in wd.scripts(part):
            ctx.writeln(f"{wd.path_of(s):<48} {s.get('description', '')}")
        return 0
    if "-c" in flags:
        return _slot_op(ctx, flags)
    require_root(ctx)
    if "-i" in flags:
        name = flags["-i"]
        files = part.os.files
        if name.startswith("/") and name not in files and not name.startswith(wd.SCRIPT_DIR):
            ctx.error(f"drmgr: The script {name} does not exist.\n")  # [U]
            return 1
        wd.register(part, name)
        return 0
    if "-u" in flags:
        if not wd.unregister(part, flags["-u"]):
            ctx.error(f"drmgr: The script {flags['-u']} is not installed.\n")  # [U]
            return 1
        return 0
    if {"-b", "-R", "-S"} & set(flags):
        return 0  # [U] silent on success
    usage(ctx)
    return 1


def _slot_op(ctx: CommandContext, flags: dict) -> int:
    """drmgr -c slot -r|-a -s DRC: the OS side of a virtual slot removal / addition [U messages]."""
    require_root(ctx)
    part = partition(ctx)
    kind = flags["-c"]
    if kind not in ("slot", "pci", "phb"):
        ctx.error(DRMGR_USAGE + "\n")
        return 1
    drc = flags.get("-s")
    if not drc or not ({"-a", "-r", "-Q", "-R", "-I"} & set(flags)):
        ctx.error(DRMGR_USAGE + "\n")
        return 1
    slots = {s[0]: s for s in _slots(ctx)}
    if kind != "slot" or drc not in slots:
        ctx.error(f"drmgr: The specified DRC name {drc} was not found.\n")  # [U]
        return 1
    state = part.os.device_attrs.setdefault("_slots", {})
    removed = state.setdefault("removed", [])
    if "-Q" in flags:
        ctx.writeln(f"{drc}")
        return 0
    if "-r" in flags:
        if drc in removed:
            ctx.error(f"drmgr: The slot {drc} is already empty.\n")  # [U]
            return 1
        removed.append(drc)
        return 0
    if "-a" in flags:
        if drc not in removed:
            ctx.error(f"drmgr: The slot {drc} is already in use.\n")  # [U]
            return 1
        removed.remove(drc)
        return 0
    return 0
