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
# the HMC console's own settings and users (issue 11): superadmin (and hmcpe) only [I]
CHANGE_COMMANDS = CHANGE_COMMANDS | frozenset({
    "chhmc", "mkhmcusr", "chhmcusr", "rmhmcusr", "mkpwdpolicy", "chpwdpolicy", "rmpwdpolicy", "chhmcldap",
    # reference commands that would change something, refused to every role that may not change
    "chaccfg", "mkaccfg", "rmaccfg", "chcod", "chcodpool", "chhmccert", "chhmcencr", "chhmcfs", "chled",
    "chlparutil", "chnportlogin", "chpsm", "chsacfg", "chsvc", "chsvcevent", "chsyspwd", "chtskey", "chusrtca",
    "chvet", "mksysconn", "rmsysconn", "hmcshutdown", "updhmc", "rmdump", "rmfile", "rmlock",
    "rmprofdata", "rstprofdata", "bkprofdata", "mksysplan", "rmsysplan", "deploysysplan", "mkviosbk",
    "rmviosbk", "rnviosbk", "rstviosbk", "updvios", "startdump", "optmem", "installios", "termtask",
    "rmviosimg", "cpviosimg", "chipsec", "chlparstate", "chproxy", "chstat", "rmlparutil", "rrstartlpar",
    "cpsysplan"})
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


# [V] the AIX hmcauth man page: hmcclientliveupdate may power partitions on and off, remove and create
# them (automatic mode), set their boot device and manage virtual Ethernet adapters
ROLE_COMMANDS["hmcclientliveupdate"] = frozenset({"chsysstate", "mksyscfg", "rmsyscfg", "chsyscfg", "chhwres"})
# [I] serviceable events are the service representative's (and the operator's) work
ROLE_COMMANDS["hmcservicerep"] = ROLE_COMMANDS["hmcservicerep"] | {"chsvcevent"}
ROLE_COMMANDS["hmcoperator"] = ROLE_COMMANDS["hmcoperator"] | {"chsvcevent"}
# [V] every predefined role holds the ChangeUserPasswords task, only hmcsuperadmin ManageHMCUser
# (a V8 HMC's lsaccfg -t taskrole): any user may change its own password with chhmcusr, only the
# managers anything else -- checked in harness/hmc/hmcusers.py, which knows who is asking
USER_MANAGERS = frozenset({"hmcsuperadmin", "hmcpe"})
SELF_SERVICE = {"chhmcusr": USER_MANAGERS}


def is_change(command: str, argv: list[str]) -> bool:
    if command not in CHANGE_COMMANDS or command in SELF_SERVICE:
        return False
    read_only = READ_ONLY_FORMS.get(command)
    return not (read_only and read_only(argv))


def allowed(role: str, command: str, argv: list[str] | None = None) -> bool:
    """May a user with task role ``role`` run ``command`` with these arguments?"""
    if not is_change(command, argv or []):
        return True
    granted = ROLE_COMMANDS.get(role, frozenset())
    return "*" in granted or command in granted


# ---- managed-system commands (hwres_system, lic, sysinfo) [I]: firmware and service indicators are
# service work, so the service representative and the operator may use them; the viewer may not.
CHANGE_COMMANDS = CHANGE_COMMANDS | {"updlic", "chled"}
ROLE_COMMANDS["hmcoperator"] = ROLE_COMMANDS["hmcoperator"] | {"chled"}
ROLE_COMMANDS["hmcservicerep"] = ROLE_COMMANDS["hmcservicerep"] | {"updlic", "chled"}
