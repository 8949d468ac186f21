"""lshmcusr [-t {default | user}] [--filter "names=..., taskroles=..."] [-F [names] [--header]]

Users come from the world's HMC (topology [[hmc.users]]); the line follows the captured V7 form
[V 2nd-hand: name,taskrole,description,pwage,resourcerole,...,resources=<ResourceID = ALL:>...].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter
from .formatting import check_fields, record, render
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lshmcusr [-t {default | user}] [--filter "filter-data"]
                [-F [attribute-names] [--header]] [--help]
"""  # [I] layout
SPEC = {"-t": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list HMC users and their task roles"
FLAGS = ("-t user", "--filter names", "--filter taskroles", "-F", "--header")

ALL_RESOURCES = "<ResourceID = ALL:><UserDefinedName = AllSystemResources>"  # [V] literal


def _values(user) -> dict[str, str]:
    return {
        "name": user.name,
        "taskrole": user.role,
        "description": user.description,
        "pwage": user.pwage,
        "resourcerole": "ALL:",
        "authentication_type": user.authentication_type,
        "remote_webui_access": user.remote_webui_access,
        "remote_ssh_access": user.remote_ssh_access,
        "min_pwage": user.min_pwage,
        "session_timeout": user.session_timeout,
        "verify_timeout": user.verify_timeout,
        "idle_timeout": user.idle_timeout,
        "inactivity_expiration": user.inactivity_expiration,
        "resources": ALL_RESOURCES,
        "password_encryption": "sha512",  # [I] md5 in the V7 sample; newer levels hash with sha512
        "disabled": user.disabled,
    }


@hmc_command(USAGE)
def lshmcusr(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    kind = opts.choice("-t", ("default", "user"))
    lst = listing("lshmcusr", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    filters = parse_filter(opts.get("--filter"), ("names", "taskroles", "resourceroles")) \
        if opts.has("--filter") else {}
    users = list(t.hmc.users.values())
    if "names" in filters:
        users = [u for u in users if u.name in filters["names"]]
    if "taskroles" in filters:
        users = [u for u in users if u.role in filters["taskroles"]]
    if "resourceroles" in filters and "ALL:" not in filters["resourceroles"]:
        users = []
    if kind == "default":
        # the defaults applied to new users, as chhmcusr -t default left them
        records = [record(dict(t.hmc.console.user_defaults), lst)]
    else:
        records = [record(_values(u), lst) for u in sorted(users, key=lambda u: u.name)]
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
