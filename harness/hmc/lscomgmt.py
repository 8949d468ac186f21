"""lscomgmt -m sys [-F [names] [--header]]: PowerVM NovaLink co-management of a managed system.

[V-client] fence_lpar sends ``lscomgmt -m <ms>`` and looks for ``,curr_master_mtms=(.*?),`` in the
default line. The model has no co-management: the HMC is the only (and implicit) master, and the
line's other attributes and values are [I].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import listing
from .boundary import hmc_command
from .formatting import check_fields, record, render
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lscomgmt -m managed-system [-F [attribute-names] [--header]] [--help]
"""  # [I]
SPEC = {"-m": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list the co-management settings of a managed system"
FLAGS = ("-m", "-F", "--header")


@hmc_command(USAGE)
def lscomgmt(ctx: CommandContext, t: HmcTarget) -> int:
    if t.level in ("V7", "V8"):
        # [V-client reference 10] co-management (and lscomgmt) came with V9
        ctx.error(f"bash: {ctx.argv[0]}: command not found\n")
        return 127
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-m")
    lst = listing("lscomgmt", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    values = {"is_comgmt_capable": "0", "curr_master_mtms": "none", "curr_master_name": "none",
              "pend_master_mtms": "none", "curr_master_mode": "none"}
    # no master: the master attributes are left out of the default line [I], so fence_lpar's
    # ",curr_master_mtms=" test fails and it activates with -f `lssyscfg ... -F curr_profile`
    omit = frozenset({"curr_master_mtms", "curr_master_name", "pend_master_mtms", "curr_master_mode"})
    ctx.write(render([record(values, lst, omit)], lst, fields, opts.flag("--header")))
    return 0
