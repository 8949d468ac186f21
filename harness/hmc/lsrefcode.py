"""lsrefcode -r {lpar | sys} -m system [--filter ...] [-n count] [-s {p | s}] [-F [names] [--header]]

Reference codes come from harness.world.power, which records every code a power transition shows.
``-n N`` lists up to N codes per partition, newest first [V: LKML transcript]; without it, only the
current one.
"""

from __future__ import annotations

from datetime import timedelta

from ..shell.command import CommandContext
from ..world import power
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import check_fields, record, render
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lsrefcode -r {lpar | sys} -m managed-system [-s {p | s}] [-n number]
                 [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout; flags [V-client] xCAT, ansible
SPEC = {"-r": VALUE, "-m": VALUE, "-s": VALUE, "-n": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG,
        "--help": FLAG}
SUMMARY = "list reference codes of partitions and managed systems"
FLAGS = ("-r lpar", "-r sys", "-m", "-s", "-n", "--filter", "-F", "--header")


def _stamp(t: HmcTarget, at: float) -> str:
    return (t.world.clock.epoch + timedelta(seconds=at)).strftime("%m/%d/%Y %H:%M:%S")  # [V] format


def _word2(code: str) -> str:
    return "03D00000" if code else ""  # [I]


@hmc_command(USAGE)
def lsrefcode(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "sys"))
    opts.require("-m")
    opts.choice("-s", ("p", "s"))
    count = opts.integer("-n")
    count = 1 if count is None else max(count, 1)
    filters = parse_filter(opts.get("--filter"), ("lpar_names", "lpar_ids") if resource == "lpar" else ()) \
        if opts.has("--filter") else {}
    lst = listing(f"lsrefcode.{resource}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    records = []
    if resource == "sys":
        for at, code in power.system_refcodes(t.world, system)[:count]:
            records.append(record({"time_stamp": _stamp(t, at), "refcode": code, "word2": _word2(code),
                                   "fru_call_out_loc_codes": ""}, lst))
    else:
        for part in select_partitions(t.partitions(system), filters):
            for at, code in power.refcodes(t.world, part)[:count]:
                records.append(record({"lpar_name": part.name, "lpar_id": str(part.id),
                                       "time_stamp": _stamp(t, at), "refcode": code, "word2": _word2(code),
                                       "fru_call_out_loc_codes": ""}, lst))
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
