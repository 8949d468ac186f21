"""lsaccfg -t {taskrole | resourcerole | resource}: the HMC's access control configuration.

[V] a V8R8.2.0 HMC's `lsaccfg -t taskrole` (the five predefined roles, parent=Predefined, their tasks
per resource class in one doubly quoted resources= value) and `lsaccfg -t resourcerole` ("No results
were found.": no user-defined resource roles) (ziutus data/192.168.200.34.20170910_2337.txt).
User-defined roles (mkaccfg/chaccfg/rmaccfg) are not modelled, so the lists are the predefined ones.
[I] the --filter names and the refusal of -t resource (managed resource objects are not listed).
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import Listing
from .boundary import hmc_command
from .filters import parse_filter
from .formatting import record, render
from .messages import HmcError
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget
from .taskroles import PREDEFINED_TASK_ROLES

TASKROLE = Listing(("name", "parent", "resources"))
RESOURCEROLE = Listing(("name", "resources"))
USAGE = """Usage: lsaccfg -t {resource | resourcerole | taskrole} [--script] [--filter "filter-data"]
               [-F [attribute-names] [--header]] [--help]
"""
COMMANDS = {"lsaccfg": ("list access control roles: the predefined task roles and their tasks",
                        ("-t taskrole", "-t resourcerole", "--filter", "-F", "--header"))}


def _resources(groups) -> list[str]:
    # one element holding commas: the formatter prints it in doubled quotes inside the quoted pair [V]
    return [",".join(f"{cls}:{'+'.join(tasks)}" for cls, tasks in groups)]


@hmc_command(USAGE)
def lsaccfg(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-t": VALUE, "--script": FLAG, "--filter": VALUE, "-F": OPTIONAL,
                                "--header": FLAG, "--help": FLAG})
    opts.require("-t")
    kind = opts.choice("-t", ("resource", "resourcerole", "taskrole"))
    if kind == "resource":
        from .reference import NOT_AVAILABLE

        raise HmcError(NOT_AVAILABLE.format(name="lsaccfg -t resource",
                                            why="managed resource objects are not listed"))
    key = "taskrole_names" if kind == "taskrole" else "resourcerole_names"
    names = parse_filter(opts.get("--filter"), (key,)).get(key) if opts.has("--filter") else None
    if kind == "resourcerole":
        lst, recs = RESOURCEROLE, []
    else:
        lst = TASKROLE
        recs = [record({"name": name, "parent": "Predefined", "resources": _resources(groups)}, lst)
                for name, groups in PREDEFINED_TASK_ROLES.items() if names is None or name in names]
    ctx.write(render(recs, lst, opts.get("-F"), opts.flag("--header")))
    return 0
