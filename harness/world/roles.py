"""HMC task roles: which commands each predefined role may run, as data.

[V] the five predefined task roles (IBM "HMC tasks, user roles, IDs, and associated commands"):
hmcsuperadmin, hmcoperator, hmcviewer, hmcpe, hmcservicerep. The per-command matrix below is [I]
(the IBM table was not retrieved): the viewer only reads; the operator runs the system but does not
create or delete partitions; the service representative powers systems and partitions and opens
consoles. Listing commands are open to every role. A refused command prints HSCL350B and changes
nothing [V-client ansible hmc_user.py].
"""

from __future__ import annotations

# Commands that change something; everything else reads. A command may change only with some flags.
CHANGE_COMMANDS = frozenset({"chhwres", "chsysstate", "mksyscfg", "chsyscfg", "rmsyscfg", "migrlpar",
                             "viosvrcmd", "mkvterm", "rmvterm", "diagrmc", "lpar_netboot"})
READ_ONLY_FORMS = {"diagrmc": lambda argv: "--autocorrect" not in argv,
                   "migrlpar": lambda argv: False}

ALL = frozenset({"*"})
ROLE_COMMANDS: dict[str, frozenset[str]] = {
    "hmcsuperadmin": ALL,
    "hmcpe": ALL,
    "hmcoperator": frozenset({"chhwres", "chsysstate", "chsyscfg", "migrlpar", "viosvrcmd", "mkvterm",
                              "rmvterm", "diagrmc", "lpar_netboot"}),
    "hmcservicerep": frozenset({"chsysstate", "mkvterm", "rmvterm", "diagrmc"}),
    "hmcviewer": frozenset(),
}


def is_change(command: str, argv: list[str]) -> bool:
    if command not in CHANGE_COMMANDS:
        return False
    read_only = READ_ONLY_FORMS.get(command)
    return not (read_only and read_only(argv))


def allowed(role: str, command: str, argv: list[str] | None = None) -> bool:
    """May a user with task role ``role`` run ``command`` with these arguments?"""
    if not is_change(command, argv or []):
        return True
    granted = ROLE_COMMANDS.get(role, frozenset())
    return "*" in granted or command in granted
