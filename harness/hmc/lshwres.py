"""lshwres -r {mem | proc} -m system --level {lpar | sys} [--filter ...] [-F [names] [--header]]

-r io and -r virtualio are listed by hwres_io.py and hwres_virtualio.py.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from . import hwres_io, hwres_system, hwres_virtualio
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
       lshwres -r virtualio --rsubtype {eth | fc | scsi | serial | slot | vnic | vswitch}
               -m managed-system [--level {lpar | slot | sys}]
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r procpool -m managed-system
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r mempool -m managed-system [--rsubtype pgdev]
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r sriov --rsubtype {adapter | physport | logport} -m managed-system
               [--level {eth | ethc | roce}]
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
       lshwres -r hca -m managed-system --level {lpar | sys}
               [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout; synopsis [V] P8 man page

SPEC = {"-r": VALUE, "-m": VALUE, "--level": VALUE, "--rsubtype": VALUE, "-R": FLAG, "-F": OPTIONAL,
        "--header": FLAG, "--filter": VALUE, "--help": FLAG}
SUMMARY = "list memory, processor, I/O slot and virtual I/O resources of a managed system and its partitions"
FLAGS = ("-r mem", "-r proc", "-r io", "-r virtualio", "--rsubtype slot", "--rsubtype unit", "--rsubtype bus",
         "--rsubtype iopool", "--rsubtype slotchildren", "--rsubtype eth", "--rsubtype scsi", "--rsubtype serial",
         "--rsubtype fc", "-m", "--level lpar", "--level sys", "--level slot", "--level pool",
         "--filter", "-F", "--header", "-r procpool", "-r mempool", "-r sriov", "-r hca", "--rsubtype vswitch",
         "--rsubtype vnic", "--rsubtype adapter", "--rsubtype physport", "--rsubtype logport", "--rsubtype pgdev")

# resources listed by hwres_system.py (pools, SR-IOV, HCA); accel, pmem, rspool ... are not modelled
_SYSTEM_RESOURCES = {"procpool": hwres_system.procpool_text, "mempool": hwres_system.mempool_text,
                     "sriov": hwres_system.sriov_text, "hca": hwres_system.hca_text}
_LPAR_RECORDS = {"mem": mem_lpar_record, "proc": proc_lpar_record}
_SYS_RECORDS = {"mem": mem_sys_record, "proc": proc_sys_record}


@hmc_command(USAGE)
def lshwres(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("mem", "proc", "io", "virtualio") + tuple(_SYSTEM_RESOURCES))
    if resource in ("io", "virtualio"):
        ctx.write((hwres_io if resource == "io" else hwres_virtualio).list_text(t, opts))
        return 0
    if resource in _SYSTEM_RESOURCES:
        ctx.write(_SYSTEM_RESOURCES[resource](t, opts))
        return 0
    opts.require("-m", "--level")
    level = opts.choice("--level", ("lpar", "sys", "pool"))
    if level == "pool":
        ctx.write(hwres_system.level_pool_text(t, opts, resource))
        return 0
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
