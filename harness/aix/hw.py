"""Hardware and configuration queries: prtconf, lsattr, lsdev, bootinfo, lscfg, chdev (reference §3.9,
§3.10, §3.15). Memory figures follow the OS view (os.online_mem_mb), so they move with DLPAR.
"""

from __future__ import annotations

from ..shell.command import CommandContext, CommandExit
from ..world import lvm
from ..world.procs import SMT_THREADS
from ..world.aix import AixOS
from ..world.system import ManagedSystem, Partition
from .common import aix_command, parse, partition

# processor -> (clock MHz, firmware level) [I: typical values of each generation]
_PROC = {"POWER4": (1300, "3H041021"), "POWER5": (1650, "SF240_338"), "POWER6": (4704, "EM350_149"),
         "POWER7": (3550, "AL770_052"), "POWER8": (3525, "SV860_138"), "POWER9": (3450, "VL950_092"),
         "POWER10": (3600, "MH1030_065")}
PAGING_MB = 512  # [I]


def _proc(system: ManagedSystem) -> tuple[int, str]:
    return _PROC.get(system.processor.upper(), (3525, "SV860_138"))


def _gen(system: ManagedSystem) -> str:
    return system.processor.upper().replace("POWER", "")


def loc_prefix(system: ManagedSystem, part: Partition) -> str:
    """Location code of the partition's virtual devices: U<type>.<model>.<serial>-V<lpar id> [V shape]."""
    tm = system.type_model.replace("-", ".")
    return f"U{tm}.{system.serial}-V{part.id}"


# ---- device model ----------------------------------------------------------------------------------
def devices(part: Partition, system: ManagedSystem) -> list[tuple[str, str, str, str, str]]:
    """(name, class, location, description, slot) of the partition's devices [I: a typical LPAR]."""
    os = part.os
    loc = loc_prefix(system, part)
    removed = set(os.device_attrs.get("_slots", {}).get("removed", []))
    out = [("sys0", "sys", "", "System Object", ""),
           ("sysplanar0", "planar", "", "System Planar", ""),
           ("vio0", "bus", "", "Virtual I/O Bus", ""),
           ("vsa0", "adapter", f"{loc}-C0", "LPAR Virtual Serial Adapter", f"{loc}-C0"),
           ("vty0", "tty", f"{loc}-C0-L0", "Asynchronous Terminal", ""),
           ("mem0", "memory", "", "Memory", ""),
           ("L2cache0", "memory", "", "L2 Cache", "")]
    # one device per virtual processor, named after its first logical CPU (SMT threads apart) [V proc0,
    # proc4 at 00-00, 00-04 in chef/ohai's lsdev capture]; follows DLPAR through os.online_procs
    for n in range(max(os.online_procs, 1)):
        cpu = n * SMT_THREADS
        out.append((f"proc{cpu}", "processor", f"00-{cpu:02d}", "Processor", ""))
    for n, iface in enumerate(os.net.interfaces):
        slot = f"{loc}-C{2 + n}"
        if slot in removed:
            continue
        out.append((f"ent{n}", "adapter", f"{slot}-T1", "Virtual I/O Ethernet Adapter (l-lan)", slot))
    slot = f"{loc}-C{2 + len(os.net.interfaces)}"
    if slot not in removed:
        out.append(("vscsi0", "adapter", f"{slot}-T1", "Virtual SCSI Client Adapter", slot))
        for lun, pv in enumerate(lvm.model(os).pvs):  # every disk of the LVM model (lvm.add_pv)
            out.append((pv.name, "disk", f"{slot}-T1-L{0x81 + lun:x}00000000000000", pv.description, ""))
    for iface in os.net.interfaces:
        out.append((iface.name, "if", "", "Standard Ethernet Network Interface", ""))
    out.append(("lo0", "if", "", "Loopback Network Interface", ""))
    out.append(("inet0", "tcpip", "", "Internet Network Extension", ""))
    if os.rsct.caa:
        out.append(("cluster0", "cluster", "", "Cluster Node", ""))
    return out


# ---- attributes --------------------------------------------------------------------------------------
def attributes(part: Partition, system: ManagedSystem, device: str) -> list[tuple[str, str, str, str]] | None:
    """(attribute, value, description, user_settable) [V realmem, maxuproc rows; others U]."""
    os = part.os
    changed = os.device_attrs.get(device, {})
    if device == "sys0":
        rows = [("autorestart", "true", "Automatically REBOOT OS after a crash", "True"),
                ("fullcore", "false", "Enable full CORE dump", "True"),
                ("maxpout", "8193", "HIGH water mark for pending write I/Os per file", "True"),
                ("maxuproc", "128", "Maximum number of PROCESSES allowed per user", "True"),
                ("minpout", "4096", "LOW water mark for pending write I/Os per file", "True"),
                ("modelname", f"IBM,{system.type_model}", "Machine name", "False"),
                ("ncargs", "256", "ARG/ENV list size in 4K byte blocks", "True"),
                ("realmem", str(os.online_mem_mb * 1024), "Amount of usable physical memory in Kbytes", "False"),
                ("systemid", f"IBM,02{system.serial}", "Hardware system identifier", "False")]
    elif device.startswith("proc") and device[4:].isdigit():
        if not any(d[0] == device for d in devices(part, system)):
            return None
        mhz, _fw = _proc(system)
        rows = [("frequency", str(mhz * 1_000_000), "Processor Speed", "False"),
                ("smt_enabled", "true", "Processor SMT enabled", "False"),
                ("smt_threads", str(SMT_THREADS), "Processor SMT threads", "False"),
                ("state", "enable", "Processor state", "False"),
                ("type", f"PowerPC_{system.processor.upper()}", "Processor type", "False")]  # [V ohai capture]
    elif device == "mem0":
        rows = [("ent_mem_cap", "", "Expanded memory capacity in Mbytes", "False"),
                ("goodsize", str(os.online_mem_mb), "Amount of usable physical memory in Mbytes", "False"),
                ("mem_exp_factor", "", "Memory expansion factor", "False"),
                ("size", str(os.online_mem_mb), "Total amount of physical memory in Mbytes", "False")]
    elif device.startswith("en") and device[2:].isdigit():
        iface = next((i for i in os.net.interfaces if i.name == device), None)
        if iface is None:
            return None
        rows = [("mtu", str(iface.mtu), "Maximum IP Packet Size for This Device", "True"),
                ("netaddr", iface.ip, "Internet Address", "True"),
                ("netmask", iface.netmask, "Subnet Mask", "True"),
                ("state", "up" if iface.up else "down", "Current Interface Status", "True")]
    elif device == "cluster0" and os.rsct.caa:
        rows = [("node_uuid", "00000000-0000-0000-0000-000000000000" if changed.get("node_uuid") else
                 f"{os.rsct.node_id[:8]}-{os.rsct.node_id[8:12]}-11e0-8000-{os.rsct.node_id[4:16]}",
                 "OS image identifier", "True")]
    else:
        return None
    return [(a, changed.get(a, v), d, u) for a, v, d, u in rows]


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [" ".join(c.ljust(w) for c, w in zip(r, widths)) + " " + r[-1] for r in rows]


@aix_command
def lsattr(ctx: CommandContext) -> int:
    part = partition(ctx)
    system = ctx.session.system
    usage = (lambda c: c.error("Usage: lsattr [-E | -D | -R] [-F Format] [-H] [-O] -l Name [-a Attribute] ...\n"))  # [U]
    opts, args = parse(ctx, "EDRHOl:a:F:c:", usage)
    flags = dict(opts)
    wanted = [v for o, v in opts if o == "-a"]
    if args or "-l" not in flags:
        usage(ctx)
        return 1
    rows = attributes(part, system, flags["-l"])
    if rows is None:
        # [U] 0514-519 text from the AIX odm message catalog (memory)
        ctx.error(f"lsattr: 0514-519 The following device was not found in the customized\n"
                  f"\tdevice configuration database:\n\t{flags['-l']}\n")
        return 255
    if wanted:
        unknown = [a for a in wanted if a not in {r[0] for r in rows}]
        if unknown:
            ctx.error(f'lsattr: 0514-528 The "{unknown[0]}" attribute does not exist in the predefined\n'
                      "\tdevice configuration database.\n")  # [U]
            return 255
        rows = [r for a in wanted for r in rows if r[0] == a]
    if "-F" in flags:
        for r in rows:
            d = dict(zip(("attribute", "value", "description", "user_settable"), r))
            ctx.writeln(" ".join(d.get(f, "") for f in flags["-F"].split()))
        return 0
    if "-O" in flags:
        ctx.writeln("#" + ":".join(r[0] for r in rows))
        ctx.writeln(":".join(r[1] for r in rows))
        return 0
    if "-H" in flags:
        rows = [("attribute", "value", "description", "user_settable")] + rows
    lines = _table(rows)
    if "-H" in flags:
        lines.insert(1, "")
    for line in lines:
        ctx.writeln(line)
    return 0


@aix_command
def chdev(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: chdev -l Name [-a Attribute=Value ...] [-P | -T] [-U]\n"))  # [U]
    opts, args = parse(ctx, "l:a:PTUp:w:", usage)
    flags = dict(opts)
    sets = [v for o, v in opts if o == "-a"]
    if args or "-l" not in flags or not sets or any("=" not in s for s in sets):
        usage(ctx)
        return 1
    device = flags["-l"]
    rows = attributes(part, ctx.session.system, device)
    if rows is None:
        ctx.error(f"chdev: 0514-519 The following device was not found in the customized\n"
                  f"\tdevice configuration database:\n\t{device}\n")  # [U]
        return 255
    names = {r[0]: r[3] for r in rows}
    for s in sets:
        attr, value = s.split("=", 1)
        if names.get(attr) != "True":
            ctx.error("Method error (/usr/lib/methods/chggen):\n"
                      "\t0514-018 The values specified for the following attributes \n"
                      f"\t\t are not valid:\n\t{attr}\t\n")  # [V shape, §3.10]
            return 1
    iface = next((i for i in os.net.interfaces if i.name == device), None)
    for s in sets:
        attr, value = s.split("=", 1)
        if iface is not None:
            if attr == "mtu":
                if not value.isdigit() or not 60 <= int(value) <= 65536:
                    ctx.error("Method error (/usr/lib/methods/chgif):\n"
                              "\t0514-018 The values specified for the following attributes \n"
                              "\t\t are not valid:\n\tmtu\t\n")  # [U]
                    return 1
                iface.mtu = int(value)
            elif attr == "state":
                iface.up = value == "up"
            continue
        os.device_attrs.setdefault(device, {})[attr] = value
    ctx.session.world.rmc.os_changed(part)
    ctx.writeln(f"{device} changed")  # [V]
    return 0


# ---- prtconf -------------------------------------------------------------------------------------------
def prtconf_lines(part: Partition, system: ManagedSystem, ctx: CommandContext) -> list[str]:
    """[V key lines §3.9]; sections after the first block are [U] in their indentation."""
    os = part.os
    mhz, fw = _proc(system)
    gen = _gen(system)
    iface = os.net.primary()
    gw = next((r.gateway for r in os.net.routes if r.destination in ("default", "0.0.0.0/0")), "")
    return [
        f"System Model: IBM,{system.type_model}",
        f"Machine Serial Number: {system.serial}",
        f"Processor Type: PowerPC_{system.processor.upper()}",
        f"Processor Implementation Mode: POWER {gen}",
        f"Processor Version: PV_{gen}_Compat",
        f"Number Of Processors: {os.online_procs}",
        f"Processor Clock Speed: {mhz} MHz",
        "CPU Type: 64-bit",
        "Kernel Type: 64-bit",
        f"LPAR Info: {part.id} {part.name}",
        f"Memory Size: {os.online_mem_mb} MB",
        f"Good Memory Size: {os.online_mem_mb} MB",
        f"Platform Firmware level: {fw}",
        f"Firmware Version: IBM,{fw}",
        "Console Login: enable",
        "Auto Restart: true",
        "Full Core: false",
        "",
        "Network Information",
        f"\tHost Name: {os.hostname}",
        f"\tIP Address: {iface.ip if iface else ''}",
        f"\tSub Netmask: {iface.netmask if iface else ''}",
        f"\tGateway: {gw}",
        "\tName Server: ",
        "\tDomain Name: ",
        "",
        "Paging Space Information",
        f"\tTotal Paging Space: {PAGING_MB}MB",
        "\tPercent Used: 1%",
        "",
        "Volume Groups Information",
        "==============================================================================",
        "Active VGs",
        "==============================================================================",
    ] + _vg_sections(os) + [
        "",
        "INSTALLED RESOURCE LIST",
        "",
        "The following resources are installed on the machine.",
        "+/- = Added or deleted from Resource List.",
        "*   = Diagnostic support not available.",
        "  ",
        "  Model Architecture: chrp",
        "  Model Implementation: Multiple Processor, PCI bus",
        "  ",
    ] + _cfg_rows(part, system)


def _vg_sections(os: AixOS) -> list[str]:
    """The active VGs as `lsvg -p` shows them, one block each between rules (world/lvm.py)."""
    model = lvm.model(os)
    out = []
    for vg in model.vgs:
        if not vg.active:
            continue
        out += [f"{vg.name}:", "PV_NAME           PV STATE          TOTAL PPs   FREE PPs    FREE DISTRIBUTION"]
        for pv in lvm.vg_pvs(model, vg.name):
            out.append(f"{pv.name:<18}{'active':<18}{lvm.total_pps(model, pv):<12}{lvm.free_pps(model, pv):<12}"
                       f"{lvm.free_distribution(model, pv)}")
        out.append("=" * 78)
        out.append("")
    return out[:-1] if out else out


def _cfg_rows(part: Partition, system: ManagedSystem, only: str | None = None) -> list[str]:
    rows = []
    for name, _cls, loc, desc, _slot in devices(part, system):
        if name in ("lo0", "inet0") or (name.startswith("en") and not name.startswith("ent")):
            continue
        if only is not None and name != only:
            continue
        mark = "+" if name in ("sys0", "sysplanar0", "mem0", "L2cache0") or name.startswith("proc") else "*"
        rows.append(f"{mark} {name:<16} {loc:<48} {desc}")
    return rows


@aix_command
def prtconf(ctx: CommandContext) -> int:
    part = partition(ctx)
    system = ctx.session.system
    usage = (lambda c: c.error("Usage: prtconf [-c] [-k] [-L] [-m] [-s] [-v]\n"))  # [U]
    opts, args = parse(ctx, "ckLmsv", usage)
    if args:
        usage(ctx)
        return 1
    lines = prtconf_lines(part, system, ctx)
    picks = {"-c": "CPU Type:", "-k": "Kernel Type:", "-L": "LPAR Info:", "-m": "Memory Size:",
             "-s": "Processor Clock Speed:"}
    chosen = [picks[o] for o, _ in opts if o in picks]
    if chosen:
        lines = [line for line in lines if any(line.startswith(p) for p in chosen)]
    for line in lines:
        ctx.writeln(line)
    return 0


# ---- lsdev -----------------------------------------------------------------------------------------
@aix_command
def lsdev(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error("Usage: lsdev [-C] [-c Class] [-l Name] [-S State] [-H] [-F Format]\n"))  # [U]
    opts, args = parse(ctx, "CPc:l:s:t:S:HF:r:", usage)
    flags = dict(opts)
    if args:
        usage(ctx)
        return 1
    devs = devices(part, ctx.session.system)
    if "-c" in flags:
        devs = [d for d in devs if d[1] == flags["-c"]]
    if "-l" in flags:
        import fnmatch
        devs = [d for d in devs if fnmatch.fnmatchcase(d[0], flags["-l"])]
    if "-S" in flags and flags["-S"].lower() not in ("a", "available"):
        devs = []
    if "-F" in flags:
        for d in devs:
            vals = {"name": d[0], "class": d[1], "location": d[2].split("-", 2)[-1] if d[2] else "",
                    "description": d[3], "status": "Available", "physloc": d[2]}
            ctx.writeln(" ".join(vals.get(f, "") for f in flags["-F"].split()))
        return 0
    if not devs:
        return 0
    # name, status, location (only the processors' 00-NN: virtual devices have none), description; each
    # column as wide as its widest value [V `proc0 Available 00-00 Processor`, ohai capture]
    rows = [(d[0], "Available", d[2] if d[1] == "processor" else "", d[3]) for d in devs]
    if "-H" in flags:
        rows.insert(0, ("name", "status", "location", "description"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for n, r in enumerate(rows):
        ctx.writeln(f"{r[0]:<{widths[0]}} {r[1]:<{widths[1]}} {r[2]:<{widths[2]}} {r[3]}")
        if n == 0 and "-H" in flags:
            ctx.writeln("")
    return 0


# ---- bootinfo ---------------------------------------------------------------------------------------
@aix_command
def bootinfo(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("usage: bootinfo {-a | -b | -B hdisk | -c | -e | -k | -K | -m | -M | -p | "
                               "-r | -s hdisk | -t | -T | -y | -z}\n"))  # [U]
    opts, args = parse(ctx, "abB:ceEkKmMprs:tTyz", usage)
    if len(opts) != 1 or args:
        usage(ctx)
        return 1
    flag, value = opts[0]
    answers = {"-r": str(os.online_mem_mb * 1024), "-K": "64", "-y": "64", "-b": "hdisk0", "-p": "chrp",
               "-z": "1", "-T": "rspc" if False else "chrp", "-c": "1", "-e": "1", "-k": "3", "-a": "3",
               "-t": "1", "-M": "1", "-m": "1"}
    if flag == "-s":
        disk = lvm.model(os).pv(value)
        if disk is None:
            return 1  # [U] silent failure for an unknown disk
        ctx.writeln(str(disk.size_mb))
        return 0
    if flag == "-B":
        ctx.writeln("1" if value == "hdisk0" else "0")
        return 0
    ctx.writeln(answers.get(flag, "0"))
    return 0


# ---- lscfg --------------------------------------------------------------------------------------------
@aix_command
def lscfg(ctx: CommandContext) -> int:
    part = partition(ctx)
    system = ctx.session.system
    usage = (lambda c: c.error("Usage: lscfg [-v] [-p] [-s] [-l Name]\n"))  # [U]
    opts, args = parse(ctx, "vpsl:", usage)
    flags = dict(opts)
    if args:
        usage(ctx)
        return 1
    if "-l" in flags:
        rows = _cfg_rows(part, system, only=flags["-l"])
        if not rows:
            ctx.error(f"lscfg: device {flags['-l']} not found.\n")  # [U]
            return 1
        for r in rows:
            ctx.writeln("  " + r[2:])
        return 0
    lines = prtconf_lines(part, system, ctx)
    start = lines.index("INSTALLED RESOURCE LIST")
    for line in lines[start:]:
        ctx.writeln(line)
    return 0


def require(ctx: CommandContext, ok: bool, message: str, code: int = 1) -> None:
    if not ok:
        ctx.error(message + "\n")
        raise CommandExit(code)


__all__ = ["AixOS", "bootinfo", "chdev", "devices", "loc_prefix", "lsattr", "lscfg", "lsdev", "prtconf"]
