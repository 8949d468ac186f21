"""Causes inside RSCT on a partition: a damaged registry, ACLs, trust, node ids, stopped daemons."""

from __future__ import annotations

from .. import src
from .registry import cause


@cause("rsct_config_corrupt", "the RSCT registry under /var/ct is damaged: RMs other than the "
       "management-domain RM die at start (the seed); recfgct cures it")
def _corrupt(world, part, value) -> None:
    part.os.rsct.config_corrupt = bool(value)
    if part.running and value:
        for sub in src.rsct_rms(part):  # a damaged registry brings down the RMs at their next read
            if sub.name != part.os.level.mgmt_rm:
                src.stop(world, part, sub.name)


@_corrupt.healer
def _(world, part, value) -> None:
    part.os.rsct.config_corrupt = False


@cause("acls_corrupt", "ctrmc.acls / ctsec_map damaged: the HMC gets a session but no permission")
def _acls(world, part, value) -> None:
    part.os.rsct.acls_ok = False
    part.os.rsct.acl_granted.clear()


@_acls.healer
def _(world, part, value) -> None:
    part.os.rsct.acls_ok = True


@cause("thl_corrupt", "the trusted host list lacks the HMC's key: authentication fails (rmcdomainstatus i)")
def _thl(world, part, value) -> None:
    part.os.rsct.thl_ok = False
    world.rmc.drop_partition(part)


@_thl.healer
def _(world, part, value) -> None:
    part.os.rsct.thl_ok = True


@cause("clone_node_id_of", "this partition was cloned from another and shares its RSCT node id "
       "(value: the other partition); recfgct on either cures it")
def _clone(world, part, value) -> None:
    twin = next((p for p in world.partitions() if p.name == value), None)
    if twin is None or twin.os is None:
        from ..errors import WorldError
        raise WorldError("unknown_target", cause="clone_node_id_of", target=value)
    part.os.rsct.node_id = twin.os.rsct.node_id


@cause("rmc_stopped", "RMC stopped (rmcctrl -z) and never restarted", phase="running")
def _rmc_stopped(world, part, value) -> None:
    src.stop_rmc(world, part)


@_rmc_stopped.healer
def _(world, part, value) -> None:
    src.start_rmc(world, part)


@cause("stopped_subsystems", "daemons that crashed and were not restarted (value: list of names)",
       phase="running")
def _stopped(world, part, value) -> None:
    for name in ([value] if isinstance(value, str) else value):
        src.stop(world, part, name)


@_stopped.healer
def _(world, part, value) -> None:
    for name in ([value] if isinstance(value, str) else value):
        if part.os.subsystem(name) is not None and not part.os.is_active(name):
            src.start(world, part, name)


@cause("peer_domain", "the partition is a node of an online RSCT peer domain (PowerHA/SAMP); "
       "recfgct refuses (value: domain name)")
def _peer(world, part, value) -> None:
    part.os.rsct.peer_domain = str(value)
    part.os.rsct.peer_domain_online = True


@cause("caa", "the partition is a Cluster Aware AIX member")
def _caa(world, part, value) -> None:
    part.os.rsct.caa = bool(value)
