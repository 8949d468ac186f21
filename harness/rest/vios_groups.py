"""A VirtualIOServer's ``ViosNetwork`` extended group: its Shared Ethernet Adapters (what padmin's
``mkvdev -sea`` made, as ``lsmap -all -net`` lists them), its trunk adapters (the virtual Ethernet
adapters the HMC created with is_trunk=1) and the physical Ethernet ports still free for a SEA or a link
aggregation (the ``ent`` devices of the slots it owns that no SEA uses).

Element names, their order and the EthernetBackingDevice/TrunkAdapter shapes [V pypowervm wrappers
network.py, virtual_io_server.py and its captured VIOS feed]; values from harness/world/vios_maps.py and
ioslots.py. Defaults the model does not hold (HighAvailabilityMode, QueueSize, ThreadModeEnabled) are
the VIOS defaults of the capture [I].
"""

from __future__ import annotations

from ..world import ioslots, vios_maps
from ..world.system import ManagedSystem, Partition
from .uomxml import El, group, leaf

XAG = "ViosNetwork"
PHYS_TYPE = "physicalEthernetAdpter"  # [V] the HMC's spelling


def _phys_ports(system: ManagedSystem, vios: Partition) -> list[tuple[str, dict, str]]:
    """(entN, slot, port location) of the VIOS's physical Ethernet ports [I: one port per slot, -T1]."""
    out = []
    for dev, slot in vios_maps.physical_devices(system, vios, "ent"):
        ports = [d for d in slot.get("devices", []) if d.startswith("ent")]
        out.append((dev, slot, f"{slot['drc_name']}-T{ports.index(dev) + 1}"))
    return out


def _backing(dev: str, slot: dict, loc: str, name: str = "EthernetBackingDevice") -> El:
    return group(name, [leaf("Description", slot.get("description", ""), "CUD"), leaf("DeviceName", dev),
                        leaf("DeviceType", PHYS_TYPE),
                        leaf("DynamicReconfigurationConnectorName", loc, "CUD"), leaf("PhysicalLocation", loc)],
                 kb="")


def _trunk(system: ManagedSystem, vios: Partition, dev: str, a: dict, switch_ids: dict[str, int]) -> El:
    drc = ioslots.virtual_drc_name(system, vios.id, a["slot_num"])
    tagged = [str(x) for x in a.get("addl_vlan_ids", [])]
    body = [leaf("DynamicReconfigurationConnectorName", drc, "CUD"), leaf("LocationCode", drc),
            leaf("RequiredAdapter", bool(a.get("is_required")), "CUD"), leaf("VariedOn", True, "CUD"),
            leaf("VirtualSlotNumber", a["slot_num"], "COD"),
            leaf("AllowedOperatingSystemMACAddresses", "ALL", "CUD"),
            leaf("MACAddress", str(a.get("mac_addr", "")).upper(), "CUR"),
            leaf("PortVLANID", a["port_vlan_id"], "CUR"), leaf("QualityOfServicePriorityEnabled", False, "CUD")]
    if tagged:
        body.append(leaf("TaggedVLANIDs", " ".join(tagged), "CUA"))
    body += [leaf("TaggedVLANSupported", bool(a.get("ieee_virtual_eth")), "CUA"),
             leaf("VirtualSwitchID", switch_ids.get(a.get("vswitch") or ioslots.VSWITCH, 0)),
             leaf("DeviceName", dev), leaf("TrunkPriority", a.get("trunk_priority", 0), "CUD")]
    return group("TrunkAdapter", body, kb="")


def vios_network(system: ManagedSystem, vios: Partition, switch_ids: dict[str, int]) -> dict[str, El]:
    """The group's elements by name (resources.py places them in the VIOS's element order)."""
    st = vios_maps.state(system, vios)
    virtual = dict(vios_maps.virtual_eths(system, vios))
    ports = _phys_ports(system, vios)
    by_dev = {dev: (slot, loc) for dev, slot, loc in ports}
    seas = []
    for s in st["seas"]:
        trunks = [_trunk(system, vios, v, virtual[v], switch_ids) for v in s["virts"] if v in virtual]
        backing = by_dev.get(s["phys"])
        body = []
        if backing is not None:
            body.append(El("BackingDeviceChoice", children=[_backing(s["phys"], *backing)], plain=True))
        body += [leaf("HighAvailabilityMode", "disabled", "CUD"), leaf("DeviceName", s["name"], "CUD"),
                 leaf("JumboFramesEnabled", False, "UOD"), leaf("PortVLANID", s["default_id"]),
                 leaf("QualityOfServiceMode", "disabled", "CUD"), leaf("QueueSize", 8192, "UOD"),
                 leaf("ThreadModeEnabled", True, "CUD"), group("TrunkAdapters", trunks)]
        seas.append(group("SharedEthernetAdapter", body, kb=""))
    used = {s["phys"] for s in st["seas"]}
    free = [(dev, slot, loc) for dev, slot, loc in ports if dev not in used]
    trunks = [_trunk(system, vios, dev, a, switch_ids) for dev, a in virtual.items() if a.get("is_trunk")]
    return {
        "SharedEthernetAdapters": El("SharedEthernetAdapters", kb="CUD", children=seas, group=True, xag=XAG),
        "TrunkAdapters": El("TrunkAdapters", kb="CUD", children=trunks, group=True, xag=XAG),
        "FreeIOAdaptersForLinkAggregation": El(
            "FreeIOAdaptersForLinkAggregation", kb="ROR", group=True, xag=XAG,
            children=[El("IOAdapterChoice", children=[_backing(d, s, loc, "IOAdapter")], plain=True)
                      for d, s, loc in free]),
        "FreeEthenetBackingDevicesForSEA": El(  # [V] the element's spelling
            "FreeEthenetBackingDevicesForSEA", kb="ROR", group=True, xag=XAG,
            children=[El("IOAdapterChoice", children=[_backing(d, s, loc)], plain=True) for d, s, loc in free]),
    }
