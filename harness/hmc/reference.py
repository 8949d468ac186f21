"""The whole HMC command reference as data: every command a V9/V10 HMC has, the first level that has
it, and for what fakehmc does not model, why and how it answers.

A real HMC never says "command not found" to its own commands, so every command here that no
module implements is registered with the fallback below: ``--help`` prints its synopsis, a listing
of something the world never holds (dumps, locks, VIOS backups, system plans) answers "No results
were found." (exit 0) -- true of the world --, and any other form is refused with an HSCL message
and exit 1, changing nothing. ``fakehmc coverage`` prints the table with a status per command.

Sources of the list: the CLIRunner job's command list (IBM REST API docs, P8 and P9) [V], the
ansible-power-hmc command table [V], the P9 man pages seen (lshmc, lshmcusr, mkhmcusr, chhmcusr,
chsyspwd, chsvc, viosvrcmd) [V], the HMC 9.1.930 man page PDF's first pages (asmmenu, bkconsdata) [V];
the rest of the names, the first level of each and the synopses are [I] from memory of the V9/V10
reference and should be checked against a real HMC's /hmcrbin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..shell.command import CommandContext

LEVEL_ORDER = ("V7", "V8", "V9", "V10")

_FLAG = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
# how a command the model does not hold answers
EMPTY = "empty"  # a listing of things the world never holds: "No results were found."
REFUSE = "refuse"  # a change or a listing of hardware/services the model lacks: an HSCL refusal
TERMINAL = "terminal"  # needs the HMC's local console or a GUI


@dataclass(frozen=True)
class RefCommand:
    name: str
    purpose: str
    since: str = "V7"
    answer: str = REFUSE
    why: str = ""  # why it is not modelled (or, for a partial one, what is missing)
    synopsis: str = ""


def _c(name, purpose, since="V7", answer=REFUSE, why="", synopsis=""):
    return RefCommand(name, purpose, since, answer, why, synopsis)


_LIST_TAIL = "[-F [attribute-names] [--header]] [--help]"
_HW = "hardware the model has no notion of"
_FILES = "moves files to or from media or remote hosts; the fake never reads or writes a host file"
_HMC_SW = "changes the HMC's own software installation, which the model does not hold"

REFERENCE: tuple[RefCommand, ...] = (
    _c("asmmenu", "launch the Advanced System Management menu", answer=TERMINAL,
       why="opens a browser on the HMC's local console", synopsis="asmmenu --ip IP-address [--help]"),
    _c("bkconsdata", "back up console data", why=_FILES,
       synopsis="bkconsdata -r {usb | ftp | sftp | nfs | none} [-h host-name] [-u user-ID] [--passwd password] "
                "[-d remote-directory] [--help]"),
    _c("bkprofdata", "back up partition configuration data", why=_FILES,
       synopsis="bkprofdata -m managed-system -f file [--force] [--help]"),
    _c("chaccfg", "change access control configuration (resource and task roles)",
       why="user-defined task and resource roles are not modelled (the five predefined roles are)",
       synopsis="chaccfg -t {resourcerole | taskrole} {-f input-data-file | -i \"input-data\"} [--help]"),
    _c("chcod", "enter Capacity on Demand codes", why="Capacity on Demand is not modelled",
       synopsis="chcod -o {e | a | r | s} -m managed-system -k CoD-activation-code [--help]"),
    _c("chcodpool", "change a Power Enterprise Pool", since="V8", why="Enterprise Pools are not modelled",
       synopsis="chcodpool -o {create | add | remove | update | ...} -p pool-name [--help]"),
    _c("chhmc", "change HMC configuration"),
    _c("chhmccert", "change the HMC's certificate", since="V8", why="the HMC's TLS certificate is not modelled",
       synopsis="chhmccert -o {apply | remove | ...} [--help]"),
    _c("chhmcencr", "change HMC password and web encryptions", why="encryption suites are not modelled",
       synopsis="chhmcencr -c {passwd | webui | ssh} -o {a | r | s} -e encryption [--help]"),
    _c("chhmcfs", "free up space in HMC file systems", why="the HMC's file systems are not modelled",
       synopsis="chhmcfs -o f {-d days | -h hours | -s size} [-f file-system] [--help]"),
    _c("chhmcldap", "change the HMC's LDAP configuration"),
    _c("chhmcusr", "change an HMC user"),
    _c("chhwres", "change hardware resources"),
    _c("chipsec", "change IPsec configuration", since="V8", why="IPsec is not modelled"),
    _c("chlparstate", "suspend or resume a partition", why="partition suspend/resume is not modelled",
       synopsis="chlparstate -o {suspend | resume} -m managed-system {-p partition-name | --id partition-ID} "
                "[--help]"),
    _c("chled", "change the state of an LED", why="LEDs are not modelled",
       synopsis="chled -m managed-system -r {sa | lpar} -o {on | off} [--help]"),
    _c("chlparutil", "change utilization data collection settings", why="utilization sampling is not modelled",
       synopsis="chlparutil -r config [-m managed-system] -s sample-rate [--help]"),
    _c("chnportlogin", "perform N_Port login/logout for virtual fibre channel WWPNs", since="V8",
       why="fibre channel fabric logins are not modelled",
       synopsis="chnportlogin -m managed-system {-o login | -o logout} {-p partition-name | --id partition-ID} "
                "[--help]"),
    _c("chproxy", "change the HMC's network proxy", since="V8", why="proxies are not modelled"),
    _c("chpsm", "change the power saver mode", since="V8", why="power management is not modelled",
       synopsis="chpsm -m managed-system -o {enable | disable} [--help]"),
    _c("chpwdpolicy", "change password policy", since="V8"),
    _c("chsacfg", "change service agent configuration (call home)", why="call home is not modelled",
       synopsis="chsacfg -t {callhome | email | ftpfilter | ...} {-i \"input-data\" | -o ...} [--help]"),
    _c("chstat", "change statistics collection (sample rate, VLAN statistics)", since="V8",
       why="statistics collection is not modelled"),
    _c("chsvc", "change a service (SNMP, cloud connector)", since="V8", why="SNMP and the cloud connector are "
       "not modelled", synopsis="chsvc -s {snmp | cloudconn} -o {start | stop | add | remove | restart} [--help]"),
    _c("chsvcevent", "update or close serviceable events", why="closing events is not modelled yet",
       synopsis="chsvcevent -p problem-number -h analyzing-HMC -o {close | comment} [--help]"),
    _c("chsyscfg", "change system resources (partitions, profiles, systems)"),
    _c("chsyspwd", "change a managed system's password", why="service processor passwords are not modelled",
       synopsis="chsyspwd -t {access | admin | general} {-m managed-system | -e managed-frame} "
                "[--passwd current-password] [--newpasswd new-password] [--help]"),
    _c("chsysstate", "change partition or system state"),
    _c("chtskey", "change a trusted system key", since="V8", why="trusted system keys are not modelled",
       synopsis="chtskey -m managed-system ... [--help]"),
    _c("chusrtca", "change the text shown at logon", why="the logon banner is not modelled",
       synopsis="chusrtca -o {a | r} ... [--help]"),
    _c("chvet", "activate Virtualization Engine technologies", why="VET codes are not modelled",
       synopsis="chvet -o e -m managed-system -k activation-code [--help]"),
    _c("cpdump", "copy dumps", why=_FILES, synopsis="cpdump -r {dvd | ftp | sftp | usb} -f file [--help]"),
    _c("cpfile", "copy files to the HMC", why=_FILES, synopsis="cpfile -t {modelmap | ...} -l {l | s} [--help]"),
    _c("cpviosimg", "copy a VIOS installation image to the HMC", since="V9", why=_FILES,
       synopsis="cpviosimg -r {sftp | nfs} -n image-name [--help]"),
    _c("cpsysplan", "copy a system plan", why=_FILES),
    _c("deploysysplan", "deploy a system plan", why="system plans are not modelled",
       synopsis="deploysysplan -f file-name -m managed-system [--help]"),
    _c("diagrmc", "diagnose and correct RMC connections", since="V8"),
    _c("getdump", "offload a dump from a managed system", why="dumps are not modelled",
       synopsis="getdump -m managed-system -t {pss | sp | sys | ...} [--help]"),
    _c("getfile", "get a file from a remote site", why=_FILES, synopsis="getfile -t type -l {r | s} [--help]"),
    _c("getupgfiles", "get HMC upgrade files", why=_HMC_SW,
       synopsis="getupgfiles -r {ftp | sftp | nfs | disk} -h host-name -d remote-directory [--help]"),
    _c("hmcshutdown", "shut down or reboot the HMC", why="stopping the HMC would end the estate's console; "
       "not modelled", synopsis="hmcshutdown -t {now | number-of-minutes} [-r] [--help]"),
    _c("hmcwin", "open a window on the HMC's local display", answer=TERMINAL, why="needs the local console"),
    _c("hwdbg", "hardware debug", answer=TERMINAL, why="for IBM service only"),
    _c("installios", "install the Virtual I/O Server", why="VIOS installation from media is not modelled",
       synopsis="installios [-s managed-system -S netmask -p partition-name -r profile -i client-IP -d source "
                "-m MAC -g gateway] [--help]"),
    _c("logssh", "log SSH sessions", since="V8", answer=EMPTY, why="SSH session logging is not kept",
       synopsis="logssh [-u user-name] [--help]"),
    _c("lpar_netboot", "retrieve MAC address and physical location code from network adapters",
       why="network boot is not modelled here"),
    _c("lpcfgop", "perform a partition configuration image operation", why="the partition configuration "
       "image is not modelled", synopsis="lpcfgop -m managed-system -o {clear | dump} [--help]"),
    _c("lsaccfg", "list access control configuration", answer=EMPTY,
       why="no user-defined roles exist; [I] a real -t taskrole also lists the predefined roles",
       synopsis="lsaccfg -t {resource | resourcerole | taskrole} [--filter \"filter-data\"] " + _LIST_TAIL),
    _c("lscod", "list Capacity on Demand information", why="Capacity on Demand is not modelled here"),
    _c("lscodpool", "list Power Enterprise Pool information", since="V8", answer=EMPTY,
       why="no Enterprise Pools exist in the model",
       synopsis="lscodpool -p pool-name --level {pool | sys} [--filter \"filter-data\"] " + _LIST_TAIL),
    _c("lsdump", "list dump information", answer=EMPTY, why="no dumps exist in the model",
       synopsis="lsdump [-m managed-system] [-r {avail | dumpparms}] " + _LIST_TAIL),
    _c("lsfru", "list field-replaceable units", why=_HW,
       synopsis="lsfru -t {sp | ...} -m managed-system [-F ...] [--help]"),
    _c("lshmc", "list HMC configuration information"),
    _c("lshmccert", "list the HMC's certificate", since="V8", why="the HMC's TLS certificate is not modelled"),
    _c("lshmcencr", "list HMC encryptions", why="encryption suites are not modelled"),
    _c("lshmcfs", "list HMC file system information", why="the HMC's file systems are not modelled"),
    _c("lshmcldap", "list HMC LDAP information"),
    _c("lshmcusr", "list HMC user information"),
    _c("lshwinfo", "list environmental information (temperatures)", why=_HW),
    _c("lshwres", "list hardware resources"),
    _c("lsiotopo", "list I/O topology", since="V8", why="I/O enclosure topology is not modelled"),
    _c("lsipsec", "list IPsec configuration", since="V8", why="IPsec is not modelled"),
    _c("lsled", "list LED states", why="LEDs are not modelled here"),
    _c("lslic", "list Licensed Internal Code levels", why="firmware levels are not modelled here"),
    _c("lslock", "list lock information", answer=EMPTY, why="no HMC locks are held in the model",
       synopsis="lslock [-e managed-frame | -m managed-system] " + _LIST_TAIL),
    _c("lslogon", "list logon information", why="the logon history is not kept"),
    _c("lslparmigr", "list partition migration information"),
    _c("lslparutil", "list utilization data"),
    _c("lsmediadev", "list storage media devices", answer=EMPTY, why="no removable media exists in the model",
       synopsis="lsmediadev " + _LIST_TAIL),
    _c("lsmemdev", "list memory devices for Active Memory Sharing paging", answer=EMPTY,
       why="no paging devices exist in the model",
       synopsis="lsmemdev -m managed-system -r avail {-p VIOS-name | --id VIOS-ID} [--filter \"filter-data\"] "
                + _LIST_TAIL),
    _c("lsmemopt", "list memory affinity scores", why="memory affinity is not modelled here"),
    _c("lsnportlogin", "list N_Port login status", since="V8", answer=EMPTY,
       why="fibre channel fabric logins are not modelled",
       synopsis="lsnportlogin -m managed-system [--filter \"filter-data\"] " + _LIST_TAIL),
    _c("lspartition", "list partition information (RMC)"),
    _c("lsproxy", "list the HMC's network proxy", since="V8", why="proxies are not modelled"),
    _c("lspsm", "list the power saver mode", since="V8", why="power management is not modelled"),
    _c("lspwdpolicy", "list password policy information", since="V8"),
    _c("lsrefcode", "list reference codes"),
    _c("lsrrstartlpar", "list remote restart information", since="V8", answer=EMPTY,
       why="simplified remote restart is not modelled",
       synopsis="lsrrstartlpar -r {lpar | mc} [-m managed-system] [--filter \"filter-data\"] " + _LIST_TAIL),
    _c("lssacfg", "list service agent configuration", why="call home is not modelled here"),
    _c("lsstat", "list statistics (VLAN, performance)", since="V8", why="statistics collection is not modelled"),
    _c("lssvc", "list services (SNMP, cloud connector)", since="V8", why="SNMP and the cloud connector are not "
       "modelled"),
    _c("lssvcevents", "list serviceable events"),
    _c("lssyscfg", "list system resources"),
    _c("lssysconn", "list system connections"),
    _c("lssysplan", "list system plans", answer=EMPTY, why="no system plans exist in the model",
       synopsis="lssysplan " + _LIST_TAIL),
    _c("lstskey", "list trusted system keys", since="V8", why="trusted system keys are not modelled"),
    _c("lsupdhmc", "list HMC updates available", since="V9", answer=EMPTY, why="no HMC updates are staged",
       synopsis="lsupdhmc -t {ibmwebsite | ftp | sftp | nfs | disk} [-h host-name] [-u user-ID] " + _LIST_TAIL),
    _c("lsusrtca", "list the text shown at logon", answer=EMPTY, why="no logon banner is set",
       synopsis="lsusrtca [-t {gui | ssh}] " + _LIST_TAIL),
    _c("lsvet", "list Virtualization Engine technologies activation information", why="VET codes are not "
       "modelled"),
    _c("lsvsn", "list virtual serial numbers", since="V10", why="virtual serial numbers are not modelled"),
    _c("lsviosbk", "list VIOS backup files", since="V9", answer=EMPTY, why="no VIOS backups exist in the model",
       synopsis="lsviosbk [--filter \"filter-data\"] " + _LIST_TAIL),
    _c("lsviosimg", "list VIOS installation images", since="V9", answer=EMPTY,
       why="no VIOS images are stored in the model", synopsis="lsviosimg " + _LIST_TAIL),
    _c("migrcfg", "migrate a partition configuration", why="configuration migration is not modelled"),
    _c("migrdbg", "debug partition migrations", since="V8", why="migration debug data is not kept"),
    _c("migrlpar", "migrate partitions"),
    _c("mkaccfg", "create access control objects", why="user-defined roles are not modelled",
       synopsis="mkaccfg -t {resourcerole | taskrole} {-f input-data-file | -i \"input-data\"} [--help]"),
    _c("mkauthkeys", "manage SSH authentication keys"),
    _c("mkhmcusr", "create an HMC user"),
    _c("mkprofdata", "create partition configuration data", why="profile data files are not modelled"),
    _c("mkpwdpolicy", "create a password policy", since="V8"),
    _c("mksyscfg", "create system resources (partitions, profiles)"),
    _c("mksysconn", "create a system connection", why="adding managed systems at run time is not modelled",
       synopsis="mksysconn --ip IP-address [-r {sys | frame}] [--passwd password] [--help]"),
    _c("mksysplan", "create a system plan", why="system plans are not modelled",
       synopsis="mksysplan -f file-name -m managed-system [--help]"),
    _c("mkviosbk", "back up a VIOS", since="V9", why="VIOS backups are not modelled",
       synopsis="mkviosbk -t {vios | viosioconfig | ssp} -m managed-system {-p VIOS-name | --id VIOS-ID} "
                "-f file [--help]"),
    _c("mkvterm", "open a virtual terminal session"),
    _c("monhmc", "monitor HMC subsystems (disk, memory, processors)", why="the HMC's own resources are not "
       "sampled", synopsis="monhmc -r {disk | mem | proc | swap} [-n interval] [--help]"),
    _c("optmem", "optimize memory affinity", why="memory affinity optimisation is not modelled"),
    _c("pedbg", "product engineering debug", answer=TERMINAL, why="for IBM product engineering only"),
    _c("pesh", "product engineering shell", answer=TERMINAL, why="for IBM product engineering only"),
    _c("refdev", "refresh devices of a partition", why="device refresh is not modelled"),
    _c("rmaccfg", "remove access control objects", why="user-defined roles are not modelled"),
    _c("rmdump", "remove a dump", why="dumps are not modelled"),
    _c("rmfile", "remove a file from the HMC", why=_FILES),
    _c("rmhmcusr", "remove HMC users"),
    _c("rmlparutil", "remove utilization data", why="utilization samples are derived, not stored"),
    _c("rmlock", "remove a lock", why="HMC locks are not modelled"),
    _c("rmprofdata", "remove partition configuration data", why="profile data files are not modelled"),
    _c("rmpwdpolicy", "remove a password policy", since="V8"),
    _c("rmsyscfg", "remove system resources (partitions, profiles)"),
    _c("rmsysconn", "remove a system connection", why="removing managed systems at run time is not modelled"),
    _c("rmsysplan", "remove a system plan", why="system plans are not modelled"),
    _c("rmviosbk", "remove a VIOS backup file", since="V9", why="VIOS backups are not modelled"),
    _c("rmviosimg", "remove a VIOS installation image", since="V9", why="VIOS images are not modelled"),
    _c("rmvterm", "close a virtual terminal session"),
    _c("rnviosbk", "rename a VIOS backup file", since="V9", why="VIOS backups are not modelled"),
    _c("rrstartlpar", "remote restart a partition", since="V8", why="simplified remote restart is not modelled"),
    _c("rsthwres", "restore hardware resources after a failed DLPAR", why="pending DLPAR states are not kept "
       "after a failure"),
    _c("rstprofdata", "restore partition configuration data", why=_FILES),
    _c("rstupgdata", "restore upgrade data", why=_HMC_SW),
    _c("rstviosbk", "restore a VIOS backup", since="V9", why="VIOS backups are not modelled"),
    _c("saveupgdata", "save upgrade data", why=_HMC_SW),
    _c("sendfile", "send a file to a remote site", why=_FILES),
    _c("startdump", "initiate a dump", why="dumps are not modelled"),
    _c("termtask", "terminate a task", why="HMC GUI tasks are not modelled"),
    _c("updhmc", "update the HMC", why=_HMC_SW),
    _c("updlic", "update Licensed Internal Code", why="firmware levels are not modelled here"),
    _c("updvios", "update a VIOS", since="V9", why="VIOS software updates are not modelled"),
    _c("viosvrcmd", "run a Virtual I/O Server command"),
    _c("vtmenu", "open a virtual terminal through a menu", answer=TERMINAL,
       why="an interactive menu over a PTY; use mkvterm, which is modelled"),
)
REFERENCE = tuple(sorted(REFERENCE, key=lambda c: c.name))
BY_NAME = {c.name: c for c in REFERENCE}

# Commands the model answers for but not entirely: what is missing
PARTIAL: dict[str, str] = {
    "lshmc": "-D, -e, -h, -i, --bmc, --firewall (hardware and services not modelled) are refused",
    "chhmc": "-c date, kerberos, sol are refused; eth0's address cannot move (clients reach the HMC by it)",
    "chhmcusr": "-t assign (managed resource roles: every user holds AllSystemResources) is refused; "
                "no interactive password prompt",
    "mkhmcusr": "-f input files and the interactive password prompt",
    "lshmcusr": "--script; resourcerole is always ALL:",
    "lshmcldap": "-r user lists the HMC users whose authentication_type is ldap (no directory is searched)",
    "lssvcevents": "-t console lists nothing; events come from the scenario, none is raised at run time",
    "chsvcevent": "close and closeall only (no comments, no call-home approval)",
    "lsaccfg": "only the predefined task roles (user-defined roles are not modelled); -t resource is refused",
    "lshmcfs": "-o c (temporary-file candidates) is not accepted; sizes are world data, not measured",
    "monhmc": "-r disk only (mem, proc, swap are refused); -n N > 0 prints once instead of repeating",
}

# Names outside the reference that people expect, and why they answer "command not found"
NOT_IN_REFERENCE: dict[str, str] = {
    "rmhmcldap": "not an HMC command [I]: the LDAP configuration is removed with chhmcldap -o r -r ldap",
}


def level_has(level: str, name: str) -> bool:
    cmd = BY_NAME.get(name)
    return cmd is None or LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(cmd.since)


def level_gated(name: str):
    """Wrap a registry command so that, on a level older than it, even --help is "command not found"."""
    import functools

    def deco(fn):
        @functools.wraps(fn)
        def run(ctx: CommandContext) -> int:
            hmc = getattr(ctx.session, "hmc", None)
            if hmc is not None and not level_has(hmc.level_key, name):
                from ..shell.flavours import HMC_FLAVOUR

                ctx.error(HMC_FLAVOUR.not_found.format(name=name) + "\n")
                return 127
            return fn(ctx)

        return run

    return deco


# [I] the words of an HMC asked for something this model does not hold
NOT_AVAILABLE = "HSCL0005 The {name} command is not available on this management console: {why}."


def fallback(cmd: RefCommand):
    """The registry function of a reference command no module implements."""
    from .boundary import hmc_command

    usage = f"Usage: {cmd.synopsis or cmd.name + ' [--help]'}\n"
    known = set(_FLAG.findall(cmd.synopsis))

    @level_gated(cmd.name)
    @hmc_command(usage)
    def run(ctx: CommandContext, t) -> int:
        if known:  # an option the synopsis does not have is the usual invalid-parameter error
            from .messages import error

            bad = next((w for w in ctx.argv[1:] if _FLAG.fullmatch(w) and w not in known), None)
            if bad is not None:
                raise error("invalid_parameter", name=bad)
        if cmd.answer == EMPTY:
            ctx.write("No results were found.\n")  # [V] the HMC's empty-listing answer, exit 0
            return 0
        ctx.write(NOT_AVAILABLE.format(name=cmd.name, why=cmd.why) + "\n")
        return 1

    run.__name__ = cmd.name
    return run


def register_fallbacks(reg, bin_dir: str, wrap) -> None:
    """Register every reference command ``reg`` does not hold yet (call after all the modules)."""
    for cmd in REFERENCE:
        if reg.lookup(cmd.name) is None:
            # made on first use, like the modelled commands: ~95 wrappers cost ~4 ms at start-up
            reg.register_lazy(cmd.name, lambda cmd=cmd: (wrap(cmd.name, fallback(cmd)), f"not modelled: {cmd.why}", ()),
                              paths=(f"{bin_dir}/{cmd.name}",))
            FALLBACKS.add(cmd.name)


FALLBACKS: set[str] = set()


def status(name: str, registered: bool) -> tuple[str, str]:
    """(status, note) of one reference command for the coverage table."""
    cmd = BY_NAME[name]
    if not registered or name in FALLBACKS:
        how = {EMPTY: 'answers "No results were found."', REFUSE: "refuses with HSCL0005 [I]",
               TERMINAL: "refuses with HSCL0005 [I]"}[cmd.answer]
        return "not modelled", f"{cmd.why}; {how}"
    if name in PARTIAL:
        return "partial", PARTIAL[name]
    return "implemented", ""
