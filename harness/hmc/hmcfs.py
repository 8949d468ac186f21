"""lshmcfs, chhmcfs and monhmc -r disk: the HMC's own file systems as world data
(harness/world/hmc_console.py HmcFilesystem), so that freeing temporary files shows in both listings.

Forms [V: the reference command table names lshmcfs "list HMC file system information" and chhmcfs
"free up space in HMC file systems"; rbvppc runs `monhmc -r disk -n 0`]:
  lshmcfs [-o c {-d days | -h hours}] [--filter "names=/var,..."] [-F [names] [--header]]
  chhmcfs -o f {-d days | -h hours | -s size-MB} [-f file-system]
  monhmc -r disk [-n interval]
[I] attribute names (filesystem, filesystem_size, filesystem_avail, temp_files_start_time,
temp_files_size, sizes in MB), the file systems and their sizes, and the df-style monhmc layout (the
fixed widths of coreutils df before 8.x); monhmc -n N > 0 would repeat every N seconds on a real
HMC -- here it prints once, as -n 0 does.
"""

from __future__ import annotations

from datetime import timedelta

from ..shell.command import CommandContext
from .attributes import Listing
from .boundary import hmc_command
from .filters import parse_filter
from .formatting import record, render
from .messages import HmcError, error
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

FS = Listing(("filesystem", "filesystem_size", "filesystem_avail", "temp_files_start_time", "temp_files_size"))
LS_USAGE = """Usage: lshmcfs [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""
CH_USAGE = """Usage: chhmcfs -o f {-d days | -h hours | -s size} [-f file-system] [--help]
"""
MON_USAGE = """Usage: monhmc -r {disk | mem | proc | swap} [-n interval] [--help]
"""
COMMANDS = {
    "lshmcfs": ("list the HMC's file systems: size, free space and temporary files", ("--filter names", "-F",
                                                                                      "--header")),
    "chhmcfs": ("free the temporary files of HMC file systems (lshmcfs and monhmc show the space)",
                ("-o f", "-d", "-h", "-s", "-f")),
    "monhmc": ("monitor the HMC's disks (-r disk, df-style); mem, proc and swap are refused",
               ("-r disk", "-n")),
}


def _time(t: HmcTarget, seconds: float) -> str:
    return (t.world.clock.epoch + timedelta(seconds=seconds)).strftime("%m/%d/%Y %H:%M:%S")


@hmc_command(LS_USAGE)
def lshmcfs(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"--filter": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG})
    names = parse_filter(opts.get("--filter"), ("names",)).get("names") if opts.has("--filter") else None
    recs = [record({"filesystem": f.mount, "filesystem_size": str(f.size_mb),
                    "filesystem_avail": str(f.size_mb - f.used_mb),
                    "temp_files_start_time": _time(t, f.temp_since) if f.temp_mb else "",
                    "temp_files_size": str(f.temp_mb)}, FS)
            for f in t.hmc.console.filesystems if names is None or f.mount in names]
    ctx.write(render(recs, FS, opts.get("-F"), opts.flag("--header")))
    return 0


@hmc_command(CH_USAGE)
def chhmcfs(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-o": VALUE, "-d": VALUE, "-h": VALUE, "-s": VALUE, "-f": VALUE, "--help": FLAG})
    opts.require("-o")
    opts.choice("-o", ("f",))
    given = [o for o in ("-d", "-h", "-s") if opts.has(o)]
    if not given:
        raise error("missing_parameter", name="-d")
    if len(given) > 1:
        raise error("conflicting_parameters", first=given[0], second=given[1])
    amount = opts.integer(given[0])
    filesystems = t.hmc.console.filesystems
    if opts.has("-f"):
        filesystems = [f for f in filesystems if f.mount == opts.get("-f")]
        if not filesystems:
            raise error("invalid_value", name="-f", value=opts.get("-f"))
    now = t.world.clock.now
    for fs in filesystems:
        if not fs.temp_mb:
            continue
        if given[0] == "-s":  # free up to this many MB
            freed = min(fs.temp_mb, amount)
        else:  # every temporary file older than that (they all date from temp_since) [I]
            age = amount * (86400 if given[0] == "-d" else 3600)
            freed = fs.temp_mb if now - fs.temp_since >= age else 0
        fs.temp_mb -= freed
        fs.used_mb -= freed
        if fs.temp_mb == 0:
            fs.temp_since = now
    return 0


@hmc_command(MON_USAGE)
def monhmc(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-r": VALUE, "-n": VALUE, "--help": FLAG})
    opts.require("-r")
    kind = opts.choice("-r", ("disk", "mem", "proc", "swap"))
    opts.integer("-n")
    if kind != "disk":
        raise HmcError(f"HSCL0005 The monhmc command is not available on this management console: the HMC's "
                       f"{'memory' if kind == 'mem' else kind} use is not sampled.")  # [I]
    lines = [f"{'Filesystem':<20}{'1K-blocks':>10} {'Used':>9} {'Available':>9} {'Use%':>4} Mounted on"]
    for f in t.hmc.console.filesystems:
        size, used = f.size_mb * 1024, f.used_mb * 1024
        pct = -(-used * 100 // size) if size else 0  # df rounds the percentage up
        lines.append(f"{f.device:<20}{size:>10} {used:>9} {size - used:>9} {pct:>3}% {f.mount}")
    ctx.write("\n".join(lines) + "\n")
    return 0
