"""errpt: the AIX error log (reference §3.11)."""

from __future__ import annotations

from datetime import timedelta

from ..shell.command import CommandContext
from ..world.aix import ErrEntry
from .common import aix_command, parse, partition

TYPE_WORDS = {"P": "PERM", "T": "TEMP", "U": "UNKN", "I": "INFO"}  # [C]


def _when(ctx: CommandContext, entry: ErrEntry):
    return ctx.session.world.clock.epoch + timedelta(seconds=entry.time)


def summary_row(ctx: CommandContext, entry: ErrEntry) -> str:
    """`%08X   %10.10s %1.1s %1.1s %-14.14s %-.39s` with TIMESTAMP mmddHHMMyy [C/V]."""
    stamp = _when(ctx, entry).strftime("%m%d%H%M%y")
    ident = entry.identifier.upper().rjust(8, "0")[:8]
    return f"{ident}   {stamp:>10.10} {entry.type:1.1} {entry.cls:1.1} {entry.resource:<14.14} {entry.description:.39}"


def detail(ctx: CommandContext, entry: ErrEntry, seq: int) -> list[str]:
    """[C] header fields of errpt -a; the sections after Description are [U]."""
    os = ctx.session.partition.os
    when = _when(ctx, entry).strftime("%a %b %d %H:%M:%S %Z %Y")
    lines = [
        "-" * 75,
        f"LABEL:\t\t{entry.label}",
        f"IDENTIFIER:\t{entry.identifier.upper()}",
        "",
        f"Date/Time:       {when}",
        f"Sequence Number: {seq}",
        f"Machine Id:      {os.machine_id}",
        f"Node Id:         {os.hostname}",
        f"Class:           {entry.cls}",
        f"Type:            {TYPE_WORDS.get(entry.type, entry.type)}",
        "WPAR:            Global",
        f"Resource Name:   {entry.resource}",
        "",
        "Description",
        entry.description,
        "",
    ]
    if entry.detail:
        lines += ["Detail Data", entry.detail, ""]
    return lines


@aix_command
def errpt(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: errpt [-a] [-A] [-d ErrorClassList] [-T ErrorTypeList] "
                               "[-N ResourceNameList] [-j ErrorID] [-J ErrorLabel] [-s StartDate] "
                               "[-e EndDate]\n"))  # [U]
    opts, args = parse(ctx, "aAd:T:N:j:J:k:K:s:e:Dgl:", usage)
    if args:
        usage(ctx)
        return 1
    entries = list(enumerate(os.errpt, 1 + os.errpt_dropped))  # sequence numbers survive the wrap
    long = False
    for o, v in opts:
        values = [x.strip() for x in v.split(",")] if v else []
        if o in ("-a", "-A"):
            long = True
        elif o == "-d":
            entries = [(n, e) for n, e in entries if e.cls in values]
        elif o == "-T":
            entries = [(n, e) for n, e in entries if TYPE_WORDS.get(e.type) in values or e.type in values]
        elif o == "-N":
            entries = [(n, e) for n, e in entries if e.resource in values]
        elif o == "-j":
            entries = [(n, e) for n, e in entries if e.identifier.upper() in (x.upper() for x in values)]
        elif o == "-k":
            entries = [(n, e) for n, e in entries if e.identifier.upper() not in (x.upper() for x in values)]
        elif o == "-J":
            entries = [(n, e) for n, e in entries if e.label in values]
        elif o == "-K":
            entries = [(n, e) for n, e in entries if e.label not in values]
        elif o == "-l":
            entries = [(n, e) for n, e in entries if str(n) in values]
    entries.sort(key=lambda ne: (ne[1].time, ne[0]), reverse=True)  # newest first [C]
    if long:
        for n, entry in entries:
            for line in detail(ctx, entry, n):
                ctx.writeln(line)
        return 0
    if entries:
        ctx.writeln("IDENTIFIER TIMESTAMP  T C RESOURCE_NAME  DESCRIPTION")
    for _, entry in entries:
        ctx.writeln(summary_row(ctx, entry))
    return 0
