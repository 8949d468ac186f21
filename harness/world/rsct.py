"""RSCT configuration operations of one partition: recfgct and the rmcctrl actions.

State changes only; the AIX command layer (harness/aix/rsct.py) parses argv and renders the real
messages. Refusals are reported as WorldError codes with facts, never as text.

Sources: reference/aix-rsct.md §2.1 (rmcctrl), §2.2 (recfgct) [V unless tagged].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import src
from .aix import Subsystem
from .errors import WorldError

if TYPE_CHECKING:
    from .system import Partition
    from .world import World

CT_DIR = "/var/ct/"  # everything under it is wiped by recfgct [V RECFGCT-DOC]


@dataclass
class Started:
    """One subsystem an operation started: its PID as startsrc reported it and whether it kept running
    (a daemon that dies at once still got a PID [V seed/§1.2])."""

    name: str
    pid: int
    running: bool


def _subsystem(part: Partition, name: str, group: str) -> Subsystem:
    sub = part.os.subsystem(name)
    if sub is None:
        sub = Subsystem(name, group, defined=False)
        part.os.subsystems.append(sub)
    return sub


def ctrmc_defined(part: Partition) -> bool:
    sub = part.os.subsystem("ctrmc")
    return bool(sub and sub.defined)


# ---- rmcctrl ---------------------------------------------------------------------------------------
def add_ctrmc(world: World, part: Partition) -> None:
    """rmcctrl -a: the ctrmc definition (SRC object + /etc/inittab entry) is (re)created."""
    _subsystem(part, "ctrmc", "rsct").defined = True


def delete_ctrmc(world: World, part: Partition) -> None:
    """rmcctrl -d: RMC is stopped and its SRC definition removed [I: stops before rmssys]."""
    src.stop_rmc(world, part, include_rms=True)
    sub = part.os.subsystem("ctrmc")
    if sub is not None:
        sub.defined = False


def start_rmc(world: World, part: Partition) -> list[Started]:
    """rmcctrl -s / -A: start ctrmc and the resource managers it runs. Empty when already running.
    Raises WorldError("not_defined") when ctrmc is not in the SRC object class."""
    if not ctrmc_defined(part):
        raise WorldError("not_defined", subsystem="ctrmc")
    return [Started(n, pid, ok) for n, pid, ok in src.start_rmc(world, part)]


def stop_rmc(world: World, part: Partition, include_rms: bool = True) -> None:
    """rmcctrl -k (ctrmc only), -K / -z (resource managers, then ctrmc)."""
    src.stop_rmc(world, part, include_rms=include_rms)


def enable_remote(world: World, part: Partition) -> None:
    """rmcctrl -p: rmcd accepts remote clients (binds TCP 657). The HMC comes back on its next poll."""
    part.os.rsct.remote_enabled = True


def disable_remote(world: World, part: Partition) -> None:
    """rmcctrl -P: no remote clients: a live HMC session cannot survive."""
    part.os.rsct.remote_enabled = False
    world.rmc.os_changed(part)


# ---- recfgct ---------------------------------------------------------------------------------------
def valid_node_id(text: str) -> bool:
    """recfgct -i takes 9 to 16 hexadecimal digits [V RECFGCT-DOC]."""
    return 9 <= len(text) <= 16 and all(c in "0123456789abcdefABCDEF" for c in text)


def recfgct(world: World, part: Partition, node_id: str | None = None, keep_id: bool = False) -> Started:
    """Wipe /var/ct and make RSCT look freshly installed, then start RMC again.

    Returns the ctrmc start (recfgct prints its PID). Refuses, changing nothing, while an RSCT peer
    domain is online (WorldError "peer_domain_online") [V CN-RMC].
    """
    os = part.os
    rsct = os.rsct
    if rsct.peer_domain_online:
        raise WorldError("peer_domain_online", domain=rsct.peer_domain)
    if node_id is not None and not valid_node_id(node_id):
        raise WorldError("bad_node_id", node_id=node_id)
    src.stop_rmc(world, part, include_rms=True)
    src.stop(world, part, "ctcas")
    if node_id is not None:
        rsct.node_id = node_id.lower().rjust(16, "0")
    elif not keep_id:
        rsct.node_id = world.new_node_id()
    rsct.config_corrupt = False
    rsct.acls_ok = True
    rsct.thl_ok = True
    rsct.mgmt_resources.clear()
    rsct.acl_granted.clear()
    for path in [p for p in os.files if p.startswith(CT_DIR)]:
        del os.files[path]
    world.rmc.rsct_reconfigured(part)
    # recfgct re-adds ctcas and ctrmc to the SRC (its two 0513-071 lines) and starts ctrmc [V].
    _subsystem(part, "ctcas", "rsct").defined = True
    _subsystem(part, "ctrmc", "rsct").defined = True
    started = [Started(n, pid, ok) for n, pid, ok in src.start_rmc(world, part)]
    ctrmc = next((s for s in started if s.name == "ctrmc"), None)
    if ctrmc is None:  # cannot happen: ctrmc was stopped above
        sub = os.subsystem("ctrmc")
        ctrmc = Started("ctrmc", sub.pid or 0, sub.status == "active")
    return ctrmc
