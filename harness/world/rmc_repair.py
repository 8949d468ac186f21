"""HMC-side repairs of the RMC machinery, as world functions the HMC commands can call.

- ``rebuild``: `chsysstate -m SYS -o rebuild -r sys`: the HMC re-reads the managed system's partition
  inventory. Records (lspartition entries) of partitions that no longer exist are dropped, and a
  stale record of a partition that is not running gives up an address a running partition now
  uses (the recycled-IP fault, CN-RMC instance 1 [V symptoms; mechanism I]). Running partitions are
  re-registered; their RMC sessions come back on the partitions' next polls (minutes), never at once.
- ``reconnect``: the HMC's service-path connection to the managed system is restored (the
  service_path_down fault); NVRAM is refreshed and sessions return on the next polls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .hmc import ManagedNode

if TYPE_CHECKING:
    from .hmc import Hmc
    from .system import ManagedSystem
    from .world import World


def stale_records(world: World, hmc: Hmc, system: ManagedSystem) -> list[int]:
    """Slots of ``hmc.managed_nodes`` for ``system`` that a rebuild drops."""
    running_ips = {}
    for part in system.partitions.values():
        if part.running and part.os is not None:
            running_ips.update({i.ip: part.id for i in part.os.net.interfaces})
    out = []
    for slot, node in enumerate(hmc.managed_nodes):
        if node is None or node.system != system.name:
            continue
        part = system.partitions.get(node.lpar_id)
        if part is None or not part.running and running_ips.get(node.ip, part.id) != part.id:
            out.append(slot)
    return out


def rebuild(world: World, hmc: Hmc, system: ManagedSystem) -> list[ManagedNode]:
    """Returns the records dropped. Slots are kept as gaps (lspartition numbering is for life)."""
    dropped = []
    for slot in stale_records(world, hmc, system):
        dropped.append(hmc.managed_nodes[slot])
        hmc.managed_nodes[slot] = None
    for part in system.partitions.values():
        if part.running and part.os is not None and hmc.node_slot(system.name, part.id) is not None:
            world.rmc.register(hmc, system, part)
    world.changed()
    return dropped


def reconnect(world: World, hmc: Hmc, system: ManagedSystem) -> None:
    system.hmc_connected[hmc.name] = True
    world.rmc.push_nvram(hmc)
    world.changed()


def disconnect(world: World, hmc: Hmc, system: ManagedSystem) -> None:
    """The service path drops: the HMC loses the system (DLPAR and RMC go with it)."""
    system.hmc_connected[hmc.name] = False
    world.changed()
