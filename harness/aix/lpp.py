"""Installed software: lslpp, installp (from the AIX media), emgr -l (reference §3.12, §3.15)."""

from __future__ import annotations

import fnmatch
import textwrap

from ..shell.command import CommandContext
from ..world import filesets
from ..world.causes import faulttree
from .common import aix_command, parse, partition, require_root, world

DESC_WIDTH = 29  # [I] lslpp wraps the description after 29 columns (reference §3.12 sample)
HEADER = "  Fileset                      Level  State      Description         "  # [U] §3.12, trailing blanks
RULE = "  " + "-" * 76  # [U]


def _rows(name: str, level: str, desc: str) -> list[str]:
    """[U] `"  %-25s %7s  %-10s %s"`, continuation lines at column 49 (§3.12 sample)."""
    parts = textwrap.wrap(desc, DESC_WIDTH) or [""]
    first = f"  {name:<25} {level:>7}  {'COMMITTED':<10} {parts[0]}"
    return [first] + [" " * 49 + p for p in parts[1:]]


@aix_command
def lslpp(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: lslpp {-d|-f|-h|-i|-l|-L|-p} [-a|-c|-J|-q] [-O{[r][s][u]}] "
                               "[FilesetName ...]\n"))  # [U]
    opts, args = parse(ctx, "lLhqcOa", usage)
    flags = {o for o, _ in opts}
    if not flags & {"-l", "-L", "-h"}:
        usage(ctx)
        return 1
    installed = filesets.installed(os)
    chosen: list[str] = []
    rc = 0
    for pattern in args or ["*"]:
        hits = [n for n in installed if fnmatch.fnmatchcase(n, pattern)]
        if not hits:
            ctx.error(f"lslpp: 0504-132  Fileset {pattern} not installed.\n")  # [U] §3.12
            rc = 1
        chosen += [h for h in hits if h not in chosen]
    if not chosen:
        return rc
    quiet = "-q" in flags
    if "-L" in flags:
        if not quiet:
            ctx.writeln("  Fileset                      Level  State  Type  Description (Uninstaller)")  # [U]
            ctx.writeln("  " + "-" * 76)
        for name in chosen:
            level, desc, _root = installed[name]
            ctx.writeln(f"  {name:<25} {level:>7}    C     F    {desc}")  # [U]
        return rc
    if not quiet:
        ctx.writeln(HEADER)
        ctx.writeln(RULE)
    ctx.writeln("Path: /usr/lib/objrepos")
    for name in chosen:
        level, desc, _root = installed[name]
        for line in _rows(name, level, desc):
            ctx.writeln(line)
    roots = [n for n in chosen if installed[n][2]]
    if roots:
        ctx.writeln("Path: /etc/objrepos")
        for name in roots:
            level, desc, _root = installed[name]
            for line in _rows(name, level, desc):
                ctx.writeln(line)
    return rc


# ---- installp ---------------------------------------------------------------------------------------
BANNER = "+" + "-" * 77 + "+"


@aix_command
def installp(ctx: CommandContext) -> int:
    """Install or update filesets from the AIX media: the media carries this AIX level's own levels
    [model]. Output is a shortened installp report [U: real installp prints far more]."""
    require_root(ctx)
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: installp [-a|-r|-c|-u|-C] [-eLogFile] [-V Number] [-dDevice] [-b] [-S] "
                               "[-B] [-D] [-I] [-p] [-Q] [-q] [-v] [-X] [-F|-g] [-O{[r][s][u]}] [-t SaveDir] [-w] "
                               "[-Y] [-Z] {FilesetName [Level]...|-f ListFile|all}\n"))  # [U]
    opts, args = parse(ctx, "acgXYNvpFQqwIBDSd:e:V:t:O:uCrlL", usage)
    flags = dict(opts)
    if not args or "-d" not in flags or not ({"-a", "-c"} & set(flags)):
        usage(ctx)
        return 1
    media = filesets.defaults(os)
    names = [n for a in args for n in (sorted(media) if a == "all" else [a])]
    unknown = [n for n in names if n not in media]
    ctx.writeln(BANNER)
    ctx.writeln(" " * 20 + "Pre-installation Verification...")
    ctx.writeln(BANNER)
    ctx.writeln("Verifying selections...done")
    ctx.writeln("Verifying requisites...done")
    ctx.writeln("Results...")
    ctx.writeln("")
    if unknown:
        ctx.writeln("FAILURES")
        ctx.writeln("--------")
        ctx.writeln("  Filesets listed in this section failed pre-installation verification")
        ctx.writeln("  and will not be installed.")
        ctx.writeln("")
        ctx.writeln("  Missing Filesets")
        ctx.writeln("  ----------------")
        for n in unknown:
            ctx.writeln(f"  {n}  # not found on the installation media")
        ctx.writeln("")
        ctx.writeln("  << End of Failure Section >>")
        return 1
    current = filesets.installed(os)
    todo = [n for n in names if current.get(n, ("",))[0] != media[n][0]]
    if not todo:
        ctx.writeln("WARNINGS")
        ctx.writeln("--------")
        ctx.writeln("  Problems described in this section are not likely to be the source of any")
        ctx.writeln("  immediate or serious failures, but further actions may be necessary or")
        ctx.writeln("  desired.")
        ctx.writeln("")
        ctx.writeln("  Already Installed")
        ctx.writeln("  -----------------")
        for n in names:
            ctx.writeln(f"  {n} {media[n][0]:<30}# {media[n][1]}")
        ctx.writeln("")
        ctx.writeln("  << End of Warning Section >>")
        return 0
    ctx.writeln("SUCCESSES")
    ctx.writeln("---------")
    ctx.writeln("  Filesets listed in this section passed pre-installation verification")
    ctx.writeln("  and will be installed.")
    ctx.writeln("")
    ctx.writeln("  Selected Filesets")
    ctx.writeln("  -----------------")
    for n in todo:
        ctx.writeln(f"  {n + ' ' + media[n][0]:<44}# {media[n][1]}")
    ctx.writeln("")
    ctx.writeln("  << End of Success Section >>")
    ctx.writeln("")
    summary = []
    for n in todo:
        level = faulttree.install_fileset(world(ctx), part, n)
        summary.append((n, level, "USR"))
        if media[n][2]:
            summary.append((n, level, "ROOT"))
    ctx.writeln("Installation Summary")
    ctx.writeln("--------------------")
    ctx.writeln("Name                        Level           Part        Event       Result")
    ctx.writeln("-" * 79)
    for n, level, part_name in summary:
        ctx.writeln(f"{n:<27} {level:<15} {part_name:<11} {'APPLY':<11} SUCCESS    ")
    return 0


# ---- emgr ---------------------------------------------------------------------------------------------
@aix_command
def emgr(ctx: CommandContext) -> int:
    partition(ctx)
    usage = (lambda c: c.error("Usage: emgr -l [-L Label | -n EfixNumber | -u VUID] [-v{1-3}] [-X]\n"))  # [U]
    opts, args = parse(ctx, "lL:n:u:v:XPc", usage)
    flags = dict(opts)
    if "-l" not in flags and "-P" not in flags or args:
        usage(ctx)
        return 1
    fixes = partition(ctx).os.efixes
    if not fixes:
        ctx.writeln("There is no efix data on this system.")  # [U: message text]
        return 0
    label = flags.get("-L")
    if label is not None:
        fixes = [f for f in fixes if f.get("label") == label]
        if not fixes:
            ctx.error(f"There is no efix data for label {label} on this system.\n")  # [U]
            return 1
    _efix_table(ctx, partition(ctx).os.efixes, fixes)
    return 0


EFIX_STATES = (("S", "STABLE"), ("M", "MOUNTED"), ("U", "UNMOUNTED"), ("Q", "REBOOT REQUIRED"), ("B", "BROKEN"),
               ("I", "INSTALLING"), ("R", "REMOVING"), ("T", "TESTED"), ("P", "PATCHED"), ("N", "NOT PATCHED"),
               ("SP", "STABLE + PATCHED"), ("SN", "STABLE + NOT PATCHED"), ("QP", "BOOT IMAGE MODIFIED + PATCHED"),
               ("QN", "BOOT IMAGE MODIFIED + NOT PATCHED"), ("RQ", "REMOVING + REBOOT REQUIRED"))


def _efix_table(ctx: CommandContext, every: list[dict], shown: list[dict]) -> None:
    """[V IBM/ansible-power-aix sample_emgr_output1]: the table, a reboot-required state starred."""
    ctx.writeln("ID  STATE LABEL      INSTALL TIME      UPDATED BY ABSTRACT")
    ctx.writeln("=== ===== ========== ================= ========== ======================================")
    for fix in shown:
        n = every.index(fix) + 1
        state = fix.get("state", "S")
        shown_state = f"*{state}*" if state.startswith("Q") else f" {state}"
        ctx.writeln(f"{n:<3} {shown_state:<5} {fix['label']:<10} {fix.get('installed', '01/01/24 00:00:00'):<17} "
                    f"{'':<10} {fix.get('abstract', ''):<38}")
    ctx.writeln("")
    ctx.writeln("STATE codes:")
    for code, text in EFIX_STATES:
        ctx.writeln(f" {code} = {text}")
