"""LogicalPartitionProfile: the profiles a partition keeps (what ``lssyscfg -r prof`` lists), as a feed
under ``LogicalPartition/{uuid}/LogicalPartitionProfile`` and one entry per profile, so that the
partition's AssociatedPartitionProfile link resolves.

Element names [I]: as third-party REST clients of the HMC read them (ProfileName, ProfileType,
AssociatedPartition, ProfileMemory with Desired/Maximum/MinimumMemory, ProcessorAttributes with
HasDedicatedProcessors, SharingMode and a Shared/DedicatedProcessorConfiguration); no captured
profile entry was found, so their order and ``kb`` flags follow the LogicalPartition object's [I].
The subset served is what the world's Profile holds: memory and processors.
"""

from __future__ import annotations


from ..world.system import ManagedSystem, Partition, Profile
from . import ids
from .ids import profile_uuid  # noqa: F401  (re-exported: profiles are served here)
from .resources import SHARING_MODE, View, _pu
from .uomxml import El, Entry, group, leaf, obj_xml

PROFILE_TYPE = "REG_LPAR_PROF_TYPE"  # [I] a regular (not a system-profile) partition profile


def _processors(prof: Profile) -> El:
    p = prof.proc
    if p.mode == "ded":
        config = group("DedicatedProcessorConfiguration", [
            leaf("DesiredProcessors", p.procs, "CUD"), leaf("MaximumProcessors", p.max_procs, "CUD"),
            leaf("MinimumProcessors", p.min_procs, "CUD")])
    else:
        config = group("SharedProcessorConfiguration", [
            leaf("DesiredProcessingUnits", _pu(p.units), "CUD"), leaf("DesiredVirtualProcessors", p.procs, "CUD"),
            leaf("MaximumProcessingUnits", _pu(p.max_units), "CUD"),
            leaf("MaximumVirtualProcessors", p.max_procs, "CUD"),
            leaf("MinimumProcessingUnits", _pu(p.min_units), "CUD"),
            leaf("MinimumVirtualProcessors", p.min_procs, "CUD"),
            leaf("SharedProcessorPoolID", p.pool_id, "CUD"), leaf("UncappedWeight", p.uncap_weight, "CUD")])
    return group("ProcessorAttributes", [
        leaf("HasDedicatedProcessors", p.mode == "ded", "CUD"),
        leaf("SharingMode", SHARING_MODE.get(p.sharing_mode, p.sharing_mode), "CUD"), config])


def profile_entries(v: View, system: ManagedSystem, part: Partition, schema: str, kind: str) -> list[Entry]:
    part_uid = ids.partition_uuid(v.world, system, part)
    out = []
    for prof in part.profiles:
        uid = profile_uuid(v.world, system, part, prof.name)
        body = [El("AssociatedPartition", kb="CUD", href=v.url(f"{kind}/{part_uid}")),
                group("ProfileMemory", [leaf("DesiredMemory", prof.mem.cur, "CUD"),
                                        leaf("MaximumMemory", prof.mem.max, "CUD"),
                                        leaf("MinimumMemory", prof.mem.min, "CUD")]),
                leaf("ProfileName", prof.name, "CUR"),
                leaf("ProfileType", PROFILE_TYPE, "COD"),
                _processors(prof)]
        content = obj_xml("LogicalPartitionProfile", uid, v.created_ms(), body, schema, "            ")
        out.append(Entry("LogicalPartitionProfile", uid,
                         v.url(f"{kind}/{part_uid}/LogicalPartitionProfile/{uid}"), content, v.stamp()))
    return out
