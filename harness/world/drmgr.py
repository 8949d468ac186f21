"""DLPAR scripts registered with drmgr inside a partition, and what a DLPAR event logs.

A DLPAR operation that reaches the OS runs every registered script for the resource: the check
phase (checkrelease / checkacquire) may refuse, then pre and post phases [V IBM "Actions taken by
DLPAR scripts", reference §3.13, §3.16]. A refusal makes the HMC report the partition's own output and
the OS return code (HSCL2932 for memory) and changes nothing.

A script is a dict: name, description, resources (["mem", "cpu", "capacity"]; default all),
veto_removal / veto_add (bool), output (what it prints when it refuses), rc (its exit code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .aix import ErrEntry, log_error
from .errors import WorldError

if TYPE_CHECKING:
    from .system import Partition
    from .world import World

SCRIPT_DIR = "/usr/lib/dr/scripts/all"
# RSCT's own script, installed with rsct.core.rmc and re-registered by recfgct [V recfgct output]
RSCT_SCRIPT = {"name": "ctrmc_MDdr", "description": "DR script to refresh Management Domain configuration",
               "resources": ["mem", "cpu", "capacity"], "builtin": True}
# [U] drmgr's summary when a script refuses; the number and words are not verified
SCRIPT_REFUSED = "0930-023 The DR operation could not be supported by one or more DR scripts."


def scripts(part: Partition) -> list[dict]:
    """Registered scripts in drmgr -l order: RSCT's first, then the installed ones."""
    return [dict(RSCT_SCRIPT)] + [dict(s) for s in part.os.dr_scripts]


def path_of(script: dict) -> str:
    return f"{SCRIPT_DIR}/{script['name']}"


def register(part: Partition, name: str, description: str = "", **extra) -> dict:
    name = name.rsplit("/", 1)[-1]
    part.os.dr_scripts = [s for s in part.os.dr_scripts if s.get("name") != name]
    entry = {"name": name, "description": description or f"{name} DLPAR script", **extra}
    part.os.dr_scripts.append(entry)
    return entry


def unregister(part: Partition, name: str) -> bool:
    name = name.rsplit("/", 1)[-1]
    before = len(part.os.dr_scripts)
    part.os.dr_scripts = [s for s in part.os.dr_scripts if s.get("name") != name]
    return len(part.os.dr_scripts) != before


def _applies(script: dict, resource: str) -> bool:
    return resource in script.get("resources", ["mem", "cpu", "capacity"])


def check(world: World, part: Partition, resource: str, op: str, quantity: int) -> None:
    """The check phase of every script: raises the HMC's failure when one refuses.
    ``op`` is "remove" or "add"."""
    if part.os is None:
        return
    key = "veto_removal" if op == "remove" else "veto_add"
    for script in part.os.dr_scripts:
        if _applies(script, resource) and script.get(key):
            rc = int(script.get("rc", 1)) or 1
            output = str(script.get("output", "")).rstrip("\n")
            text = (output + "\n" if output else "") + SCRIPT_REFUSED + "\n"
            log(world, part, resource, op, quantity, failed=True)
            if resource == "mem" and op == "remove":
                raise WorldError("HSCL2932", lpar=part.name, requested=quantity, removed=0, os_rc=rc,
                                 os_output=text)
            raise WorldError("dr_script_refused", lpar=part.name, script=script.get("name", ""), os_rc=rc,
                             os_output=text)


def log(world: World, part: Partition, resource: str, op: str, quantity: int, failed: bool = False) -> None:
    """errpt entry of a DLPAR event [U: labels, identifiers and texts are not verified]."""
    if part.os is None:
        return
    what = {"mem": "MEMORY", "cpu": "PROCESSOR", "capacity": "CAPACITY"}.get(resource, resource.upper())
    verb = "REMOVE" if op == "remove" else "ADD"
    if failed:
        log_error(part.os, ErrEntry("A6DF45AA", "DR_SCRIPT_FAIL", world.clock.now, "T", "S", "DR_KER",
                                    f"DR {what} {verb} FAILED: A DLPAR SCRIPT REFUSED IT", f"Quantity {quantity}"))
    else:
        log_error(part.os, ErrEntry("B6E1A5C1", "DR_EVENT", world.clock.now, "I", "S", "DR_KER",
                                    f"DLPAR {what} {verb} OPERATION COMPLETED", f"Quantity {quantity}"))
