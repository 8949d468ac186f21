"""Installed software (lslpp) of an AIX partition: the RSCT filesets per AIX level, kept as data.

The level's defaults apply unless the partition's ``os.filesets`` overrides a fileset ("" = not
installed, e.g. the missing-fileset fault; a level string = back-level or updated).

Sources: reference/aix-rsct.md §3.12 [V fileset names of an AIX 7.2 TL4 image], T1020611
["rsct.core.rmc needs to be 3.1.0.x level or higher"]; descriptions and root parts are [U].
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .aix import AixOS
    from .hmc import Hmc

# name -> (description [U], has a root part in /etc/objrepos [I])
RSCT_FILESETS: dict[str, tuple[str, bool]] = {
    "rsct.core.auditrm": ("RSCT Audit Log Resource Manager", False),
    "rsct.core.errm": ("RSCT Event Response Resource Manager", False),
    "rsct.core.fsrm": ("RSCT File System Resource Manager", False),
    "rsct.core.gui": ("RSCT Graphical User Interface", False),
    "rsct.core.hostrm": ("RSCT Host Resource Manager", False),
    "rsct.core.lprm": ("RSCT Least Privilege Resource Manager", False),
    "rsct.core.microsensor": ("RSCT MicroSensor Resource Manager", False),
    "rsct.core.rmc": ("RSCT Resource Monitoring and Control", True),
    "rsct.core.sec": ("RSCT Security", True),
    "rsct.core.sensorrm": ("RSCT Sensor Resource Manager", False),
    "rsct.core.sr": ("RSCT Registry", True),
    "rsct.core.utils": ("RSCT Utilities", True),
}
# a few base filesets so that `lslpp -l` without arguments is not only RSCT [U levels]
BASE_FILESETS: dict[str, tuple[str, bool]] = {
    "bos.rte": ("Base Operating System Runtime", True),
    "bos.mp64": ("Base Operating System 64-bit Multiprocessor Runtime", True),
    "devices.chrp.base.rte": ("RISC CHRP Base System Device Software", True),
}
# AIX 6.1 up to TL5 needs csm.client for IBM.CSMAgentRM [V T1020611]
CSM_CLIENT = ("csm.client", "Cluster Systems Management Client", True, "1.7.1.2")

# The oldest rsct.core.rmc an HMC level keeps an RMC session with [I: T1020611 names 3.1.0.x for
# current HMCs; the seed's AIX 6.1 TL5 (RSCT 2.5.5.1) works with a V7 HMC, so older levels are assumed
# accepted by all listed HMC levels down to 2.5].
MIN_RMC_LEVEL = {"V7": "2.4.0.0", "V8": "2.5.0.0", "V9": "2.5.0.0", "V10": "2.5.0.0"}


def vtuple(level: str) -> tuple[int, ...]:
    out = []
    for part in level.split("."):
        out.append(int(part) if part.isdigit() else 0)
    return tuple(out)


def defaults(os: AixOS) -> dict[str, tuple[str, str, bool]]:
    """name -> (level, description, root part) as installed with this AIX level."""
    lvl = os.level
    base_level = f"{lvl.uname_version}.{lvl.uname_release}.{os.oslevel.split('-')[1].lstrip('0') or '0'}.0" \
        if "-" in os.oslevel else f"{lvl.uname_version}.{lvl.uname_release}.0.0"
    out = {name: (base_level, desc, root) for name, (desc, root) in BASE_FILESETS.items()}
    for name, (desc, root) in RSCT_FILESETS.items():
        out[name] = (lvl.rsct_version, desc, root)
    if lvl.mgmt_rm == "IBM.CSMAgentRM":
        out[CSM_CLIENT[0]] = (CSM_CLIENT[3], CSM_CLIENT[1], CSM_CLIENT[2])
    return out


def installed(os: AixOS) -> dict[str, tuple[str, str, bool]]:
    """What lslpp sees: defaults with the partition's overrides applied."""
    out = defaults(os)
    for name, level in os.filesets.items():
        if not level:
            out.pop(name, None)
        else:
            desc, root = (RSCT_FILESETS.get(name) or BASE_FILESETS.get(name) or (name, False))
            if name in out:
                desc, root = out[name][1], out[name][2]
            out[name] = (level, desc, root)
    return dict(sorted(out.items()))


def level_of(os: AixOS, name: str) -> str:
    entry = installed(os).get(name)
    return entry[0] if entry else ""


def rmc_problem(os: AixOS, hmc: Hmc) -> str:
    """"" when the RSCT filesets allow a management-domain session with ``hmc``."""
    level = level_of(os, "rsct.core.rmc")
    if not level:
        return "rsct.core.rmc not installed"
    if vtuple(level) < vtuple(MIN_RMC_LEVEL.get(hmc.level_key, "2.5.0.0")):
        return "rsct.core.rmc back-level"
    return ""


def install(os: AixOS, name: str) -> str:
    """installp from the AIX media: the fileset at this AIX level's own level. Returns the level."""
    level = defaults(os).get(name, ("", "", False))[0]
    if not level:
        return ""
    os.filesets.pop(name, None)
    return level
