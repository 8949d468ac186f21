"""System identity commands: oslevel, uname, lparstat, hostname (reference §3.7, §3.8)."""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world.system import ManagedSystem, Partition
from .common import aix_command, parse, partition


# ---- oslevel -----------------------------------------------------------------------------------------
def _base_level(oslevel: str) -> str:
    """7200-05-06-2320 -> 7.2.0.0 (ansible-power-aix's reading of the VVRR field) [V]."""
    digits = oslevel.split("-", 1)[0]
    if len(digits) == 4 and digits.isdigit():
        return ".".join(digits)
    return digits


@aix_command
def oslevel(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: oslevel [-l Level | -g Level | -q] [-r | -s]\n"))  # [U]
    opts, args = parse(ctx, "rsqlg", usage)
    flags = [o for o, _ in opts]
    if args or len(flags) > 1 or any(f in ("-q", "-l", "-g") for f in flags):
        usage(ctx)
        return 1
    if "-s" in flags:
        ctx.writeln(os.oslevel)  # [V] VVRR-TL-SP-YYWW
    elif "-r" in flags:
        ctx.writeln("-".join(os.oslevel.split("-")[:2]))  # [V] VVRR-TL
    else:
        ctx.writeln(_base_level(os.oslevel))
    return 0


# ---- uname -------------------------------------------------------------------------------------------
@aix_command
def uname(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    system = ctx.session.system
    usage = (lambda c: c.error("usage: uname [-snlrvmapxLMufFW]\n"))  # [U]
    opts, args = parse(ctx, "snlrvmapxLMufFW", usage)
    flags = [o for o, _ in opts]
    if args:
        usage(ctx)
        return 1
    if "-L" in flags:
        ctx.writeln(f"{part.id} {part.name}")  # [V]
        return 0
    if "-M" in flags:
        ctx.writeln(f"IBM,{system.type_model}")  # [V §3.9 'System Model: IBM,8231-E1D']
        return 0
    if "-u" in flags:
        ctx.writeln(f"IBM,02{system.serial}")  # [U] plant code 02 + system serial
        return 0
    if "-W" in flags:
        ctx.writeln("0")  # [V] outside a WPAR
        return 0
    if "-f" in flags or "-F" in flags:
        ctx.writeln(os.machine_id[2:10] if len(os.machine_id) >= 10 else os.machine_id)  # [U]
        return 0
    if "-a" in flags:
        flags = ["-s", "-n", "-r", "-v", "-m"]
    fields = {
        "-s": "AIX",
        "-n": os.hostname,
        "-l": os.hostname,  # [U] -l prints the LAN network number; not modelled
        "-r": os.level.uname_release,
        "-v": os.level.uname_version,
        "-m": os.machine_id,
        "-x": os.machine_id,
        "-p": "powerpc",  # [V] uname -rvp -> 2 7 powerpc
    }
    out = [fields[f] for f in ("-s", "-n", "-l", "-r", "-v", "-m", "-x", "-p") if f in flags]
    ctx.writeln(" ".join(out) if out else "AIX")
    return 0


# ---- hostname ----------------------------------------------------------------------------------------
@aix_command
def hostname(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "s", lambda c: c.error("Usage: hostname [-s] [HostName]\n"))  # [U]
    if args:
        ctx.error("Usage: hostname [-s] [HostName]\n")  # [I] changing the host name is not modelled
        return 1
    name = os.hostname.split(".")[0] if opts else os.hostname
    ctx.writeln(name)
    return 0


# ---- lparstat ----------------------------------------------------------------------------------------
def lparstat_fields(part: Partition, system: ManagedSystem) -> list[tuple[str, str]]:
    """`lparstat -i` fields in the AIX 7.2 order [V §3.8]; values for a dedicated partition and the pool
    figures are [I]."""
    os = part.os
    proc, mem = part.proc, part.mem
    shared = proc.mode == "shared"
    uncapped = shared and proc.sharing_mode == "uncap"
    active_cpus = int(system.configurable_proc_units)
    ded_cpus = sum(p.proc.procs for p in system.partitions.values()
                   if p.proc.mode == "ded" and p.state != "Not Activated")
    pool_ent = sum(p.proc.units for p in system.partitions.values()
                   if p.proc.mode == "shared" and p.state != "Not Activated")
    dash = "-"

    def units(v: float) -> str:
        return f"{v:.2f}"

    weight = str(proc.uncap_weight) if uncapped else ("0" if shared else dash)
    return [
        ("Node Name", os.hostname),
        ("Partition Name", part.name),
        ("Partition Number", str(part.id)),
        ("Type", "Shared-SMT-4" if shared else "Dedicated-SMT-4"),
        ("Mode", ("Uncapped" if uncapped else "Capped") if shared else "Capped"),
        ("Entitled Capacity", units(os.entitled_units)),
        ("Partition Group-ID", str(32768 + part.id)),
        ("Shared Pool ID", str(proc.pool_id) if shared else dash),
        ("Online Virtual CPUs", str(os.online_procs)),
        ("Maximum Virtual CPUs", str(proc.max_procs)),
        ("Minimum Virtual CPUs", str(proc.min_procs)),
        ("Online Memory", f"{os.online_mem_mb} MB"),
        ("Maximum Memory", f"{mem.max} MB"),
        ("Minimum Memory", f"{mem.min} MB"),
        ("Variable Capacity Weight", weight),
        ("Minimum Capacity", units(proc.min_units if shared else proc.min_procs)),
        ("Maximum Capacity", units(proc.max_units if shared else proc.max_procs)),
        ("Capacity Increment", "0.01" if shared else "1.00"),
        ("Maximum Physical CPUs in system", str(int(system.installed_proc_units))),
        ("Active Physical CPUs in system", str(active_cpus)),
        ("Active CPUs in Pool", str(active_cpus - ded_cpus) if shared else dash),
        ("Shared Physical CPUs in system", str(active_cpus - ded_cpus) if shared else dash),
        ("Maximum Capacity of Pool", str((active_cpus - ded_cpus) * 100) if shared else dash),
        ("Entitled Capacity of Pool", str(round(pool_ent * 100)) if shared else dash),
        ("Unallocated Capacity", "0.00" if shared else dash),
        ("Physical CPU Percentage", "%.2f%%" % (100.0 * proc.units / max(proc.procs, 1) if shared else 100.0)),
        ("Unallocated Weight", "0" if shared else dash),
        ("Memory Mode", "Dedicated"),
        ("Total I/O Memory Entitlement", dash),
        ("Variable Memory Capacity Weight", dash),
        ("Memory Pool ID", dash),
        ("Physical Memory in the Pool", dash),
        ("Hypervisor Page Size", dash),
        ("Unallocated Variable Memory Capacity Weight", dash),
        ("Unallocated I/O Memory entitlement", dash),
        ("Memory Group ID of LPAR", dash),
        ("Desired Virtual CPUs", str(proc.procs)),
        ("Desired Memory", f"{mem.cur} MB"),
        ("Desired Variable Capacity Weight", weight),
        ("Desired Capacity", units(proc.units if shared else proc.procs)),
        ("Target Memory Expansion Factor", dash),
        ("Target Memory Expansion Size", dash),
        ("Power Saving Mode", "Disabled"),
        ("Sub Processor Mode", dash),
    ]


@aix_command
def lparstat(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error("Usage: lparstat [ -i | -W | -c | -h | -H | -m | -E | -l ] "
                               "[ interval [ count ] ]\n"))  # [U]
    opts, args = parse(ctx, "is", usage)
    flags = {o for o, _ in opts}
    if "-i" not in flags or args:  # only the configuration listing is modelled [I]
        usage(ctx)
        return 1
    for label, value in lparstat_fields(part, ctx.session.system):
        ctx.writeln(f"{label:<43}: {value}")  # [V] "%-43s: %s"
    return 0
