"""`fakehmc coverage --kind aix`: the AIX commands an administrator or a tool reaches for, each with its
status in the fake. A command is "modelled" when the registry has it (it reads or changes the world),
"utility" when it is one of the shell's text tools, and "not modelled" when AIX has it and the fake
answers as ksh does for a missing program (`ksh: NAME:  not found.`, rc 127). The reference list is
data: AIX 7 commands from the IBM AIX commands reference, grouped as an administrator meets them.
"""

from __future__ import annotations

from ..shell.command import Registry

# name -> (path on AIX, what it does): commands AIX has that a CI tool or an administrator uses
REFERENCE: dict[str, tuple[str, str]] = {
    # LVM and filesystems
    "mkvg": ("/usr/sbin/mkvg", "create a volume group"),
    "extendvg": ("/usr/sbin/extendvg", "add a disk to a volume group"),
    "reducevg": ("/usr/sbin/reducevg", "remove a disk from a volume group"),
    "varyonvg": ("/usr/sbin/varyonvg", "activate a volume group"),
    "varyoffvg": ("/usr/sbin/varyoffvg", "deactivate a volume group"),
    "importvg": ("/usr/sbin/importvg", "import a volume group"),
    "exportvg": ("/usr/sbin/exportvg", "export a volume group"),
    "chvg": ("/usr/sbin/chvg", "change a volume group"),
    "mklv": ("/usr/sbin/mklv", "create a logical volume"),
    "rmlv": ("/usr/sbin/rmlv", "remove a logical volume"),
    "chlv": ("/usr/sbin/chlv", "change a logical volume"),
    "mirrorvg": ("/usr/sbin/mirrorvg", "mirror a volume group"),
    "syncvg": ("/usr/sbin/syncvg", "synchronise stale partitions"),
    "migratepv": ("/usr/sbin/migratepv", "move partitions between disks"),
    "chpv": ("/usr/sbin/chpv", "change a physical volume"),
    "mkps": ("/usr/sbin/mkps", "add a paging space"),
    "chps": ("/usr/sbin/chps", "change a paging space"),
    # devices
    "cfgmgr": ("/usr/sbin/cfgmgr", "configure devices"),
    "mkdev": ("/usr/sbin/mkdev", "make a device available"),
    "rmdev": ("/usr/sbin/rmdev", "remove a device"),
    "lsmcode": ("/usr/sbin/lsmcode", "microcode levels"),
    "lscons": ("/usr/sbin/lscons", "the console device"),
    "lspath": ("/usr/sbin/lspath", "MPIO paths of disks"),
    # users and security
    "lsuser": ("/usr/sbin/lsuser", "list user attributes"),
    "mkuser": ("/usr/bin/mkuser", "create a user"),
    "chuser": ("/usr/bin/chuser", "change a user"),
    "rmuser": ("/usr/sbin/rmuser", "remove a user"),
    "passwd": ("/usr/bin/passwd", "change a password"),
    "lsgroup": ("/usr/sbin/lsgroup", "list groups"),
    "mkgroup": ("/usr/bin/mkgroup", "create a group"),
    "su": ("/usr/bin/su", "switch user"),
    "sudo": ("/usr/bin/sudo", "run as another user (if installed)"),
    "last": ("/usr/bin/last", "login history"),
    "w": ("/usr/bin/w", "who is doing what"),
    # processes and performance
    "topas": ("/usr/bin/topas", "interactive performance monitor"),
    "nmon": ("/usr/bin/nmon", "performance monitor"),
    "sar": ("/usr/sbin/sar", "system activity report"),
    "mpstat": ("/usr/bin/mpstat", "per-CPU statistics"),
    "procstat": ("/usr/bin/procstat", "process details"),
    "nice": ("/usr/bin/nice", "run with another priority"),
    "renice": ("/usr/sbin/renice", "change a priority"),
    "smtctl": ("/usr/sbin/smtctl", "SMT mode"),
    "lsrset": ("/usr/bin/lsrset", "resource sets"),
    # system
    "shutdown": ("/usr/sbin/shutdown", "stop the system"),
    "reboot": ("/usr/sbin/reboot", "restart the system"),
    "lsitab": ("/usr/sbin/lsitab", "list /etc/inittab records"),
    "mkitab": ("/usr/sbin/mkitab", "add an /etc/inittab record"),
    "crontab": ("/usr/bin/crontab", "user cron tables"),
    "at": ("/usr/bin/at", "run a job later"),
    "alog": ("/usr/bin/alog", "boot and console logs"),
    "snap": ("/usr/sbin/snap", "collect support data"),
    "invscout": ("/usr/sbin/invscout", "inventory scout"),
    "lsconf": ("/usr/sbin/lsconf", "the system configuration (prtconf's engine)"),
    "chtz": ("/usr/sbin/chtz", "change the time zone"),
    "setclock": ("/usr/sbin/setclock", "set the clock from a time server"),
    "ntpdate": ("/usr/sbin/ntpdate", "set the clock from NTP"),
    "smitty": ("/usr/bin/smitty", "the menu tool (curses)"),
    "smit": ("/usr/bin/smit", "the menu tool"),
    "chsec": ("/usr/bin/chsec", "change security stanzas"),
    "lssec": ("/usr/bin/lssec", "list security stanzas"),
    "chssys": ("/usr/bin/chssys", "change an SRC subsystem definition"),
    "mkssys": ("/usr/bin/mkssys", "define an SRC subsystem"),
    "rmssys": ("/usr/sbin/rmssys", "remove an SRC subsystem"),
    "odmget": ("/usr/bin/odmget", "query the ODM"),
    # software
    "lppchk": ("/usr/bin/lppchk", "verify installed filesets"),
    "instfix": ("/usr/sbin/instfix", "list installed fixes and levels"),
    "suma": ("/usr/sbin/suma", "download service updates"),
    "mksysb": ("/usr/bin/mksysb", "back up rootvg"),
    "savevg": ("/usr/bin/savevg", "back up a volume group"),
    "nimclient": ("/usr/sbin/nimclient", "NIM client operations"),
    # network
    "mktcpip": ("/usr/sbin/mktcpip", "configure TCP/IP"),
    "no": ("/usr/sbin/no", "network tunables"),
    "tcpdump": ("/usr/sbin/tcpdump", "capture packets"),
    "nslookup": ("/usr/bin/nslookup", "query DNS"),
    "telnet": ("/usr/bin/telnet", "remote terminal"),
    "ftp": ("/usr/bin/ftp", "file transfer"),
    "lsnfsexp": ("/usr/sbin/lsnfsexp", "NFS exports"),
    "showmount": ("/usr/bin/showmount", "NFS mounts of a server"),
    "ioo": ("/usr/sbin/ioo", "I/O tunables"),
    "vmo": ("/usr/sbin/vmo", "VMM tunables"),
    "schedo": ("/usr/sbin/schedo", "scheduler tunables"),
}

def _status(registry: Registry, name: str) -> str:
    from ..shell.utilities import UTILITIES

    if registry.lookup(name) is None:
        return "not modelled"
    aix = _aix_names()
    if name in UTILITIES and name not in aix:
        return "utility"
    return "modelled"


def _aix_names() -> set[str]:
    from . import build_registry

    return {s.name for s in build_registry().specs()}


def aix_coverage_table(registry: Registry) -> str:
    """A Markdown table: every registered command and every reference command, with its status."""
    lines = ["| command | status | path | implemented flags | summary |", "|---|---|---|---|---|"]
    rows: dict[str, str] = {}
    for spec in registry.specs():
        flags = " ".join(f"`{f}`" for f in spec.flags) or "-"
        path = spec.paths[0] if spec.paths else "(builtin)"
        summary = spec.summary.replace("|", "\\|")
        rows[spec.name] = f"| `{spec.name}` | {_status(registry, spec.name)} | {path} | {flags} | {summary} |"
    for name, (path, summary) in REFERENCE.items():
        if name not in rows:
            rows[name] = f"| `{name}` | not modelled | {path} | - | {summary} |"
    lines += [rows[name] for name in sorted(rows)]
    counts = {s: sum(1 for r in rows.values() if f"| {s} |" in r) for s in ("modelled", "utility", "not modelled")}
    lines += ["", f"{counts['modelled']} modelled, {counts['utility']} shell utilities, "
                  f"{counts['not modelled']} not modelled (answer `ksh: NAME:  not found.`, rc 127)."]
    return "\n".join(lines) + "\n"
