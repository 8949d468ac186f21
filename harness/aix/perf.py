"""Memory, processors, disks and paging as the running partition reports them: svmon, vmstat, iostat,
pmcycles, bindprocessor, lswpar, lsps, swap. Memory and processors follow the OS's online view, i.e.
DLPAR (world/procs.py memory_frames, lcpus); disks and paging space come from the LVM model.

Layouts: `svmon -G` and `svmon -G -O unit=MB` as in public captures [V]; `vmstat` headers as in public
captures [V]; `pmcycles -m` and `bindprocessor -q` [V chef/ohai and a collector's comment]; the rest
tagged [I]/[U] where rendered.
"""

from __future__ import annotations

import zlib

from ..shell.command import CommandContext
from ..world import procs as P
from .common import aix_command, parse, partition, world
from .procs import _procs

# ---- memory and processors -------------------------------------------------------------------------------
@aix_command
def svmon(ctx: CommandContext) -> int:
    part = partition(ctx)
    opts, args = parse(ctx, "GO:iPUSn", lambda c: c.error(  # [U]
        "Usage: svmon -G [-O options] [-i Interval [NumIntervals]]\n"))
    flags = dict(opts)
    if "-G" not in flags and not args:
        flags["-G"] = ""
    if "-G" not in flags:
        ctx.error("svmon: 0780-... only the global report (-G) is modelled\n")  # [U]
        return 1
    m = P.memory_frames(world(ctx), part)
    options = dict(kv.partition("=")[::2] for kv in flags.get("-O", "").split(",") if kv)
    mb = options.get("unit", "").upper() == "MB"
    mode = "Ded"  # dedicated memory (no AMS in the model)

    def n(frames: int) -> str:
        return "%.2f" % (frames / 256) if mb else str(frames)

    if options.get("summary") == "longreal":  # [U] layout; a line of seven numbers, as ohai greps it
        ctx.writeln("Unit: MB" if mb else "Unit: page")
        ctx.writeln("-" * 79)
        ctx.writeln(" " * 20 + "Memory")
        ctx.writeln("-" * 79)
        ctx.writeln(f"{'Size':>10} {'Inuse':>11} {'Free':>11} {'Pin':>11} {'Virtual':>11} {'Available':>11} "
                    f"{'Pgsp':>9}")
        ctx.writeln(f"{n(m['size']):>10} {n(m['inuse']):>11} {n(m['free']):>11} {n(m['pin']):>11} "
                    f"{n(m['virtual']):>11} {n(m['avail']):>11} {n(m['pgsp_size']):>9}")
        return 0
    if mb:
        ctx.writeln("Unit: MB")
        ctx.writeln("-" * 86)
    avail = f"{'available':>11}" if mb else ""
    ctx.writeln(f"{'':<10}{'size':>9}{'inuse':>12}{'free':>12}{'pin':>12}{'virtual':>12}{avail}{'mmode':>8}")
    avail_v = f"{n(m['avail']):>11}" if mb else ""
    ctx.writeln(f"{'memory':<10}{n(m['size']):>9}{n(m['inuse']):>12}{n(m['free']):>12}{n(m['pin']):>12}"
                f"{n(m['virtual']):>12}{avail_v}{mode:>8}")
    ctx.writeln(f"{'pg space':<10}{n(m['pgsp_size']):>9}{n(m['pgsp_inuse']):>12}")
    ctx.writeln("")
    other = m["pin"] // 6
    ctx.writeln(f"{'':<10}{'work':>9}{'pers':>12}{'clnt':>12}{'other':>12}")
    ctx.writeln(f"{'pin':<10}{n(m['pin'] - other):>9}{'0':>12}{'0':>12}{n(other):>12}")
    ctx.writeln(f"{'in use':<10}{n(m['virtual']):>9}{'0':>12}{n(m['inuse'] - m['virtual']):>12}")
    if not mb:
        ctx.writeln("")
        ctx.writeln(f"{'PageSize':<10}{'PoolSize':>9}{'inuse':>12}{'pgsp':>12}{'pin':>12}{'virtual':>12}")
        for label, share, per in (("s    4 KB", 0.6, 1), ("m   64 KB", 0.4, 16)):
            ctx.writeln(f"{label:<10}{'-':>9}{int(m['inuse'] * share / per):>12}"
                        f"{int(m['pgsp_inuse'] * share / per):>12}"
                        f"{int(m['pin'] * share / per):>12}{int(m['virtual'] * share / per):>12}")
    return 0


def _sysconf(part) -> str:
    os = part.os
    text = f"lcpu={P.lcpus(part)} mem={os.online_mem_mb}MB"
    if part.proc.mode == "shared":
        text += f" ent={os.entitled_units:.2f}"
    return text


def _intervals(ctx: CommandContext, args: list[str]) -> int | None:
    nums = [a for a in args if a.isdigit()]
    if len(nums) != len(args) or len(nums) > 2:
        return None
    if not nums:
        return 1
    return int(nums[1]) if len(nums) == 2 else 1  # [I] an interval without a count: one sample here


@aix_command
def vmstat(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error(  # [U]
        "Usage: vmstat [-fsviItlw] [-p pagesize|ALL] [PhysicalVolume...] [Interval [Count]]\n"))
    opts, args = parse(ctx, "fsviItlwp:", usage)
    flags = {o for o, _ in opts}
    count = _intervals(ctx, args)
    if count is None:
        usage(ctx)
        return 1
    m = P.memory_frames(world(ctx), part)
    if "-v" in flags:  # [I] a subset of the counters
        for value, label in ((m["size"], "memory pages"), (int(m["size"] * 0.95), "lruable pages"),
                             (m["free"], "free pages"), (1, "memory pools"), (m["pin"], "pinned pages"),
                             (m["pgsp_size"], "paging space pages")):
            ctx.writeln(f"{value:>16} {label}")
        return 0
    shared = part.proc.mode == "shared"
    ctx.writeln("")
    ctx.writeln(f"System configuration: {_sysconf(part)}")
    ctx.writeln("")
    if shared:
        ctx.writeln("kthr    memory              page              faults              cpu          ")
        ctx.writeln("----- ----------- ------------------------ ------------ -----------------------")
        ctx.writeln(" r  b   avm   fre  re  pi  po  fr   sr  cy  in   sy  cs us sy id wa    pc    ec")
    else:
        ctx.writeln("kthr    memory              page              faults        cpu     ")
        ctx.writeln("----- ----------- ------------------------ ------------ -----------")
        ctx.writeln(" r  b   avm   fre  re  pi  po  fr   sr  cy  in   sy  cs us sy id wa")
    now = world(ctx).clock.now
    for i in range(count):
        h = zlib.crc32(f"{part.name}/vm/{int(now)}/{i}".encode())
        row = (f"{1:>2} {1:>2} {m['virtual']:>5} {m['free']:>5} {0:>3} {0:>3} {0:>3} {0:>3} {0:>4} {0:>3} "
               f"{5 + h % 20:>3} {300 + h % 400:>4} {150 + h % 200:>3} {0:>2} {1:>2} {99:>2} {0:>2}")
        if shared:
            pc = 0.01 + (h % 3) / 100
            row += f" {pc:>5.2f} {100 * pc / max(0.01, part.os.entitled_units):>5.1f}"
        ctx.writeln(row)
    return 0


@aix_command
def iostat(ctx: CommandContext) -> int:
    part = partition(ctx)
    from ..world import lvm

    usage = (lambda c: c.error(  # [U]
        "Usage: iostat [-a] [-l] [-s] [-t] [-T] [-V] [-z] [-d | -p] [Drives] [Interval [Count]]\n"))
    opts, args = parse(ctx, "adlpstTVz", usage)
    flags = {o for o, _ in opts}
    disks = [pv.name for pv in lvm.model(part.os).pvs]
    pick = [a for a in args if not a.isdigit()]
    if any(d not in disks for d in pick):
        ctx.error(f"iostat: 0551-157 Unable to find the disk {next(d for d in pick if d not in disks)}.\n")  # [U]
        return 1
    shown = pick or disks
    ctx.writeln("")
    conf = f"lcpu={P.lcpus(part)} drives={len(disks)}"
    if part.proc.mode == "shared":
        conf += f" ent={part.os.entitled_units:.2f}"
    ctx.writeln(f"System configuration: {conf} paths={len(disks)} vdisks={len(disks)}")  # [I]
    ctx.writeln("")
    if "-d" not in flags:
        shared = part.proc.mode == "shared"
        ctx.writeln("tty:      tin         tout    avg-cpu: % user % sys % idle % iowait" +
                    (" physc % entc" if shared else ""))
        ctx.writeln("          0.0          1.2                0.1   0.3   99.6      0.0" +
                    ("   0.0    1.1" if shared else ""))
        ctx.writeln("")
    if "-t" in flags:
        return 0
    ctx.writeln("Disks:        % tm_act     Kbps      tps    Kb_read   Kb_wrtn")
    up = max(1, int(world(ctx).clock.now - part.os.boot_time))
    for d in shown:
        h = zlib.crc32(f"{part.name}/{d}/io".encode())
        kbps = 1 + h % 40 / 10
        ctx.writeln(f"{d:<14}{0.1:>8.1f}{kbps:>9.1f}{kbps / 4:>9.1f}{int(up * kbps * 0.3):>11}"
                    f"{int(up * kbps * 0.7):>10}")
    return 0


@aix_command
def pmcycles(ctx: CommandContext) -> int:
    part = partition(ctx)
    from .hw import _proc

    opts, args = parse(ctx, "m", lambda c: c.error("Usage: pmcycles [-m]\n"))  # [U]
    mhz = _proc(ctx.session.system)[0]
    if not opts:
        ctx.writeln(f"This machine runs at {mhz} MHz")  # [I]
        return 0
    for n in range(P.lcpus(part)):
        ctx.writeln(f"CPU {n} runs at {mhz} MHz")
    return 0


@aix_command
def bindprocessor(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error("Usage: bindprocessor What ProcNum\n       bindprocessor -q\n"
                               "       bindprocessor -u What\n       bindprocessor -s SmtSet\n"))  # [U]
    args = ctx.argv[1:]
    if args == ["-q"]:
        ctx.writeln("The available processors are:  " + " ".join(str(n) for n in range(P.lcpus(part))))  # [I]
        return 0
    if len(args) == 2 and args[0].isdigit() and args[1].isdigit():
        pid, cpu = int(args[0]), int(args[1])
        if cpu >= P.lcpus(part):
            ctx.error(f"1730-002: Processor {cpu} is not available\n")  # [U]
            return 1
        if pid not in {p.pid for p in _procs(ctx)}:
            ctx.error(f"1730-001 : Process {pid} does not match an existing process\n")  # [U]
            return 1
        return 0  # binding is not modelled further: it changes nothing another command shows
    usage(ctx)
    return 1


@aix_command
def lswpar(ctx: CommandContext) -> int:
    """The model holds no workload partitions: the listing is empty [U: that lswpar prints nothing]."""
    partition(ctx)
    parse(ctx, "acdDGILMNRsStX:Oq", lambda c: c.error("Usage: lswpar [-q] [-s States] [-t Types] [WparName...]\n"))
    return 0


@aix_command
def lsps(ctx: CommandContext) -> int:
    part = partition(ctx)
    from ..world import lvm

    opts, args = parse(ctx, "acls", lambda c: c.error("Usage: lsps { -s | [ -c | -l ] { -a | PagingSpace } }\n"))  # [U]
    flags = {o for o, _ in opts}
    model = lvm.model(part.os)
    hd6 = model.lv("hd6")
    size = P.paging_mb(part.os)
    used = max(1, round(P.memory_frames(world(ctx), part)["pgsp_inuse"] * 100 / max(1, size * 256)))
    if "-s" in flags:
        ctx.writeln("Total Paging Space   Percent Used")
        ctx.writeln(f"{str(size) + 'MB':>11}{str(used) + '%':>15}")  # [I]
        return 0
    if "-c" in flags:
        ctx.writeln("#Psname:Pvname:Vgname:Size:Used:Active:Auto:Type:Chksum")
        ctx.writeln(f"hd6:{hd6.pv if hd6 else 'hdisk0'}:rootvg:{hd6.lps if hd6 else 8}:{used}:y:y:lv:0")
        return 0
    ctx.writeln("Page Space      Physical Volume   Volume Group    Size %Used Active  Auto  Type Chksum")
    ctx.writeln(f"{'hd6':<16}{hd6.pv if hd6 else 'hdisk0':<18}{'rootvg':<12}{str(size) + 'MB':>8}{used:>6}"
                f"{'yes':>7}{'yes':>6}{'lv':>6}{0:>7}")  # [I]
    return 0


@aix_command
def swap(ctx: CommandContext) -> int:
    part = partition(ctx)
    opts, args = parse(ctx, "als", lambda c: c.error("Usage: swap [-a device] [-d device] [-l] [-s]\n"))  # [U]
    m = P.memory_frames(world(ctx), part)
    total, used = m["pgsp_size"], m["pgsp_inuse"]
    flags = {o for o, _ in opts}
    if "-l" in flags:
        ctx.writeln("device              maj,min        total       free")  # [I]
        ctx.writeln(f"/dev/hd6             10,  2     {total // 256:>6}MB   {(total - used) // 256:>6}MB")
        return 0
    # [V chef/ohai memory spec: 4 KB blocks]
    ctx.writeln(f"allocated  = {total:>11} blocks    used  = {used:>8} blocks      free  = {total - used:>11} blocks")
    return 0
