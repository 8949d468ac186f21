"""lssysconn -r all [--filter ...] [-F [names] [--header]]: the HMC's connections to managed systems.

[V] ziutus lssysconn_r_all.txt: ``resource_type=sys,type_model_serial_num=9131-52A*6535CCG,sp=primary,
sp_phys_loc=unavailable,ipaddr=192.168.200.39,alt_ipaddr=unavailable,state=Connected``; a system the
HMC cannot reach shows ``sp=unavailable,...,state=No Connection,connection_error_code=Connecting
0000-0000-00000000`` [V xCAT mailing list].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter
from .formatting import check_fields, record, render
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lssysconn -r all [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout
SPEC = {"-r": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list the HMC's connections to managed systems"
FLAGS = ("-r all", "--filter", "-F", "--header")


@hmc_command(USAGE)
def lssysconn(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    opts.choice("-r", ("all",))
    lst = listing("lssysconn", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    filters = parse_filter(opts.get("--filter"), ("ipaddrs", "type_model_serial_num")) \
        if opts.has("--filter") else {}
    records = []
    for system in t.systems():
        if "ipaddrs" in filters and system.ipaddr not in filters["ipaddrs"]:
            continue
        if "type_model_serial_num" in filters and system.mtms not in filters["type_model_serial_num"]:
            continue
        connected = t.connected(system)
        values = {"resource_type": "sys", "type_model_serial_num": system.mtms,
                  "sp": "primary" if connected else "unavailable", "sp_phys_loc": "unavailable",
                  "ipaddr": system.ipaddr, "alt_ipaddr": "unavailable",
                  "state": "Connected" if connected else "No Connection",
                  "connection_error_code": "" if connected else "Connecting 0000-0000-00000000"}
        records.append(record(values, lst, omit=frozenset({"connection_error_code"}) if connected else frozenset()))
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
