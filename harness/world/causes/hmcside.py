"""HMC-side RMC faults (reference/aix-rsct.md §5 F16): the partition and the LAN are healthy, the HMC's
own RMC needs a reset.

hmc_rmc_stuck targets the *partition* (a scenario's causes hang off partitions) and names the HMC(s) in
its value: LparCmdRM on that HMC keeps a stale session record for the partition, so the partition's
management-domain RM cannot open a new session (rmc_conditions.establish_problem) and the HMC shows
Active:<0>, DCaps:<0x0>, rmc_state inactive, although ping, IBM.MCP and the partition's daemons look
fine, and restarting RMC inside the partition does not help. The repair is on the HMC:
`diagrmc --autocorrect` (V8+) or `lspartition -dlparreset` (V7) [V T1020611]; both call ``reset`` below,
and the session comes back on the partition's next poll (minutes) [V T1020611 "it will take several
minutes before RMC connection is restored"]. The stale-record mechanism itself is [I].
"""

from __future__ import annotations

from ..aix import MgmtResource
from .registry import cause


def _hmcs(world, part, value) -> list:
    system = world.system_of(part)
    names = [value] if isinstance(value, str) else (list(value) if isinstance(value, (list, tuple)) else None)
    return [h for h in world.hmcs.values()
            if system.name in h.managed_systems and (names is None or h.name in names)]


@cause("hmc_rmc_stuck", "the HMC's RMC keeps a stale session record for this partition (value: HMC name, default "
       "every HMC managing it): Active:<0> although the LAN and the partition are healthy; "
       "`diagrmc --autocorrect` (HMC V8+) or `lspartition -dlparreset` (V7) cures it", phase="running")
def _stuck(world, part, value) -> None:
    system = world.system_of(part)
    rsct = part.os.rsct
    key = f"{system.name}/{part.id}"
    mn = part.os.net.primary().ip
    for hmc in _hmcs(world, part, value):
        if key not in hmc.stuck_sessions:
            hmc.stuck_sessions.append(key)
        # the partition was connected before: its IBM.MCP resource and ACL for the HMC are in place
        if not any(r.hmc == hmc.name for r in rsct.mgmt_resources):
            rsct.mgmt_resources.append(MgmtResource(
                hmc=hmc.name, hmc_ip=hmc.ip, hmc_hostname=hmc.hostname, hmc_node_id=hmc.node_id,
                key_token=hmc.hostname, hmc_mtms=hmc.mtms, hmc_type_model=hmc.type_model,
                hmc_serial=hmc.serial, mn_name=mn, key_generation=hmc.key_generation))
        if hmc.name not in rsct.acl_granted:
            rsct.acl_granted.append(hmc.name)
        session = world.rmc.session(hmc.name, system.name, part.id)
        if session is not None:
            del world.rmc.sessions[session.key]


@_stuck.healer
def _(world, part, value) -> None:
    key = f"{world.system_of(part).name}/{part.id}"
    for hmc in _hmcs(world, part, value):
        if key in hmc.stuck_sessions:
            hmc.stuck_sessions.remove(key)


def reset(world, hmc, systems=None, part=None) -> list[str]:
    """The HMC's RMC is reset (diagrmc --autocorrect, lspartition -dlparreset): stale session records of
    ``part`` (or of every partition of ``systems``, or all) are dropped and the HMC pushes its key and
    address to NVRAM again. Returns the keys cleared; those partitions reconnect on their next poll."""
    names = None if systems is None else {s.name for s in systems}
    cleared = []
    for key in list(hmc.stuck_sessions):
        system_name, lpar_id = key.rsplit("/", 1)
        if names is not None and system_name not in names:
            continue
        if part is not None and (world.system_of(part).name, part.id) != (system_name, int(lpar_id)):
            continue
        hmc.stuck_sessions.remove(key)
        cleared.append(key)
    world.rmc.push_nvram(hmc)
    world.changed()
    return cleared
