"""lshwres -r {mem | proc} -m system --level {lpar | sys} [--filter ...] [-F [names] [--header]]

-r io and -r virtualio are listed by hwres_io.py and hwres_virtualio.py.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from . import hwres_io, hwres_virtualio
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import check_fields, render
from .hwres_records import mem_lpar_record, mem_sys_record, proc_lpar_record, proc_sys_record
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lshwres -r mem -m managed-system --level {lpar | sys}
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r proc -m managed-system --level {lpar | sys}
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r io --rsubtype {unit | bus | slot | iopool | slotchildren}
               -m managed-system [--level {pool | sys}]
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r virtualio --rsubtype {eth | fc | scsi | serial | slot}
               -m managed-system [--level {lpar | slot | sys}]
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout; synopsis [V] P8 man page

SPEC = {"-r": VALUE, "-m": VALUE, "--level": VALUE, "--rsubtype": VALUE, "-R": FLAG, "-F": OPTIONAL,
        "--header": FLAG, "--filter": VALUE, "--help": FLAG}
SUMMARY = "list memory, processor, I/O slot and virtual I/O resources of a managed system and its partitions"
FLAGS = ("-r mem", "-r proc", "-r io", "-r virtualio", "--rsubtype slot", "--rsubtype unit", "--rsubtype bus",
         "--rsubtype iopool", "--rsubtype slotchildren", "--rsubtype eth", "--rsubtype scsi", "--rsubtype serial",
         "--rsubtype fc", "-m", "--level lpar", "--level sys", "--level slot", "--level pool",
         "--filter", "-F", "--header")

_LPAR_RECORDS = {"mem": mem_lpar_record, "proc": proc_lpar_record}
_SYS_RECORDS = {"mem": mem_sys_record, "proc": proc_sys_record}


@hmc_command(USAGE)
def lshwres(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("mem", "proc", "io", "virtualio"))  # procpool, sriov ... are not modelled
    if resource in ("io", "virtualio"):
        ctx.write((hwres_io if resource == "io" else hwres_virtualio).list_text(t, opts))
        return 0
    opts.require("-m", "--level")
    level = opts.choice("--level", ("lpar", "sys"))
    allowed = ("lpar_names", "lpar_ids") if level == "lpar" else ()
    filters = parse_filter(opts.get("--filter"), allowed) if opts.has("--filter") else {}
    lst = listing(f"lshwres.{resource}.{level}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if level == "sys":
        records = [_SYS_RECORDS[resource](t, system)]
    else:
        parts = select_partitions(t.partitions(system), filters)  # [I] HSCL8012 as in lssyscfg
        records = [_LPAR_RECORDS[resource](t, system, p) for p in parts]
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
