"""lssyscfg -r {lpar | prof | sys | sysprof | cage | frame} [-m system] [--filter ...] [-F [names] [--header]]"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import check_fields, parse_fields, render
from .messages import text
from .options import FLAG, OPTIONAL, VALUE, parse
from .syscfg_records import lpar_record, prof_record, sys_record, sysprof_record, sysprofs
from .targets import HmcTarget

USAGE = """Usage: lssyscfg -r {lpar | prof | sys | sysprof | cage | frame}
                [-m managed-system | -e managed-frame]
                [--filter "filter-data"]
                [-F [attribute-names] [--header]] [--help]
"""  # [I] layout; synopsis [V] POWER8 man page

SPEC = {"-r": VALUE, "-m": VALUE, "-e": VALUE, "-F": OPTIONAL, "--header": FLAG, "--filter": VALUE,
        "--help": FLAG}
# [V-client] --osrefresh is rejected as an invalid parameter by older HMCs (powercollector retries
# without it); [I] that V8 is the first level that knows it.
SPEC_V8 = {**SPEC, "--osrefresh": FLAG}
RESOURCES = ("lpar", "prof", "sys", "sysprof", "cage", "frame")
FILTERS = {"lpar": ("lpar_names", "lpar_ids", "work_groups"),
           "prof": ("lpar_names", "lpar_ids", "profile_names"),
           "sys": (), "sysprof": ("profile_names",), "cage": (), "frame": ()}
SUMMARY = "list managed systems, partitions and partition profiles"
FLAGS = ("-r lpar", "-r prof", "-r sys", "-r sysprof", "-r frame", "-m", "-F", "--header", "--filter", "--osrefresh")


@hmc_command(USAGE)
def lssyscfg(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC if t.level == "V7" else SPEC_V8)
    opts.require("-r")
    resource = opts.choice("-r", RESOURCES)
    if resource in ("lpar", "prof", "sysprof"):
        opts.require("-m")  # [V] -m is required for lpar/prof/sysprof
    fields = opts.get("-F")
    filters = parse_filter(opts.get("--filter"), FILTERS[resource]) if opts.has("--filter") else {}
    if resource == "sysprof":
        # [V syntax] bond-huang: lssyscfg -r sysprof -m sys --filter "profile_names=sysprof1";
        # the records (name, lpar_names, lpar_ids, profile_names) are [I]
        lst = listing("lssyscfg.sysprof", t.level)
        check_fields(fields, lst)
        system = t.system(opts.get("-m"))
        t.require_connected(system)
        names = filters.get("profile_names")
        records = [sysprof_record(t, system, sp) for sp in sysprofs(t.world, system)
                   if not names or sp["name"] in names]
        ctx.write(render(records, lst, fields, opts.flag("--header")))
        return 0
    if resource in ("cage", "frame"):
        # [V] V9 prints "No results were found." for a system without frames; [V-client] V10 fails
        # instead (xCAT), with a text not captured [I].
        if opts.has("-m"):
            t.system(opts.get("-m"))
        ctx.write(text("no_results") + "\n")
        return 1 if (resource == "frame" and t.level == "V10") else 0
    if resource == "sys":
        lst = listing("lssyscfg.sys", t.level)
        check_fields(fields, lst)
        systems = [t.system(opts.get("-m"))] if opts.has("-m") else t.systems()
        records = [sys_record(t, s) for s in systems]
    else:
        lst = listing(f"lssyscfg.{resource}", t.level)
        check_fields(fields, lst)
        system = t.system(opts.get("-m"))
        t.require_connected(system)
        parts = select_partitions(t.partitions(system), filters)
        if "work_groups" in filters and "none" not in filters["work_groups"]:
            parts = []  # the model has no workload groups: every partition is in `none`
        if resource == "lpar":
            asked = parse_fields(fields).names if fields else None  # -F names: only those are computed
            only = frozenset(asked) if asked else None
            records = [lpar_record(t, system, p, only) for p in parts]
        else:
            names = filters.get("profile_names")
            records = [prof_record(t, system, p, prof) for p in parts for prof in p.profiles
                       if not names or prof.name in names]
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0

