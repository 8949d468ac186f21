"""Causes on the HMC side: a swapped (replaced or reinstalled) HMC, a broken service path."""

from __future__ import annotations

from .registry import cause


@cause("hmc_swap", "the HMC was replaced or reinstalled: a new RMC key and node id; every partition must "
       "re-authenticate (after the next NVRAM push and poll) and the old IBM.MCP resource stays behind, stale",
       target="hmc", phase="running")
def _swap(world, hmc, value) -> None:
    hmc.key_generation += 1
    hmc.node_id = world.rng.getrandbits(63)
    for system in world.systems_of_hmc(hmc):
        for part in system.partitions.values():
            if part.os is None:
                continue
            for res in part.os.rsct.mgmt_resources:
                if res.hmc == hmc.name:
                    # [I] the old HMC's resource keeps its identity but no longer matches any HMC
                    res.hmc = f"{hmc.name}@gen{res.key_generation}"
            if hmc.name in part.os.rsct.acl_granted:
                part.os.rsct.acl_granted.remove(hmc.name)
    for key in [k for k, s in world.rmc.sessions.items() if s.hmc == hmc.name]:
        del world.rmc.sessions[key]  # DMSRM restarted: its sessions are gone


@cause("service_path_down", "the HMC lost its service connection to the managed system (FSP cable, "
       "HMC network to the FSP); value: the HMC name, default every HMC of the system", target="system")
def _service_down(world, system, value) -> None:
    for name in _hmcs(system, value):
        system.hmc_connected[name] = False


@_service_down.healer
def _(world, system, value) -> None:
    for name in _hmcs(system, value):
        system.hmc_connected[name] = True


def _hmcs(system, value) -> list[str]:
    return [value] if isinstance(value, str) and value in system.hmc_connected else list(system.hmc_connected)
