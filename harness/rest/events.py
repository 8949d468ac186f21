"""``GET /rest/api/uom/Event``: the events a real HMC queues for a client when objects change.

Each session has a listener holding the last values it saw of the watched properties of every managed
system and partition. A GET returns, as Atom Event entries, what changed since: ``ADD_URI`` /
``DELETE_URI`` for objects that appeared or went, ``MODIFY_URI`` with ``EventDetail`` naming the changed
properties (``PartitionState``, ``ResourceMonitoringControlState``, ``DynamicLogicalPartition*Capable``,
``CurrentMemory`` ...). With nothing to report the GET waits (a long poll) until the world changes or
the wait ends, then answers 204.

[V] the Event entry shape and the EventType values (pypowervm data). [I] EventDetail as a comma list of
property names; the first GET of a session registers it and answers at once; the wait length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ids
from .resources import View, partition_quick, system_quick
from .uomxml import Entry, leaf, obj_xml

LONG_POLL_SECONDS = 10.0  # [I] real seconds a GET waits for an event
SYSTEM_PROPS = ("State",)
PARTITION_PROPS = ("PartitionState", "ResourceMonitoringControlState", "ResourceMonitoringIPAddress",
                   "DynamicLogicalPartitionMemoryCapable", "DynamicLogicalPartitionProcessorCapable",
                   "DynamicLogicalPartitionIOCapable", "CurrentMemory", "CurrentProcessingUnits",
                   "AllocatedVirtualProcessors", "CurrentProcessors", "OperatingSystemVersion", "ReferenceCode")


def snapshot(v: View) -> dict[str, dict]:
    """URL -> watched property values, for every system and partition this HMC manages."""
    out: dict[str, dict] = {}
    for system in v.t.systems():
        sys_uid = ids.system_uuid(v.world, system)
        q = system_quick(v, system)
        out[v.url(f"ManagedSystem/{sys_uid}")] = {k: q[k] for k in SYSTEM_PROPS}
        for _, part in v.partitions(system):
            kind = "VirtualIOServer" if part.env == "vioserver" else "LogicalPartition"
            q = partition_quick(v, system, part)
            url = v.url(f"ManagedSystem/{sys_uid}/{kind}/{ids.partition_uuid(v.world, system, part)}")
            out[url] = {k: q[k] for k in PARTITION_PROPS}
    return out


def diff(old: dict[str, dict], new: dict[str, dict]) -> list[tuple[str, str, str]]:
    events = [("DELETE_URI", url, "") for url in old if url not in new]
    for url, values in new.items():
        if url not in old:
            events.append(("ADD_URI", url, ""))
            continue
        changed = [k for k, val in values.items() if old[url].get(k) != val]
        if changed:
            events.append(("MODIFY_URI", url, ",".join(changed)))
    return events


@dataclass
class Listener:
    seen: dict[str, dict]
    next_id: int
    pending: list[tuple[int, str, str, str]] = field(default_factory=list)

    def collect(self, v: View) -> None:
        now = snapshot(v)
        for kind, url, detail in diff(self.seen, now):
            self.pending.append((self.next_id, kind, url, detail))
            self.next_id += 1
        self.seen = now


def event_entries(v: View, events: list[tuple[int, str, str, str]], schema: str) -> list[Entry]:
    import uuid

    entries = []
    for event_id, kind, url, detail in events:
        uid = str(uuid.uuid3(uuid.UUID(ids.hmc_uuid(v.world, v.t.hmc)), f"event/{event_id}"))
        body = [leaf("EventType", kind), leaf("EventID", event_id), leaf("EventData", url), leaf("EventDetail", detail)]
        content = obj_xml("Event", uid, 0, body, schema, "            ")
        entries.append(Entry("Event", uid, v.url(f"Event/{uid}"), content, v.stamp()))
    return entries
