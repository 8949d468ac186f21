"""I/O of a managed system: physical I/O slots (owned by a partition or by nobody) and the virtual
adapters of each partition (ethernet, SCSI, serial, fibre channel).

The state lives in ``ManagedSystem.io``, a JSON-able dict (so world dumps carry it, and an old dump
without it loads with an empty one). An empty state is filled lazily with a *default inventory*
derived from the system and its partitions, so existing scenarios need no change, and everything is
deterministic (values come from the serial, the partition IDs and the OS's interfaces, never from
the RNG):

- one I/O unit ``U<enclosure>.001.DQD<serial[-4:]>`` with six PCIe slots ``P1-C1..C6``, each on its
  own bus (bus_id 2..7, DRC index ``2101<bus:04X>`` as in the sample ``bus_id=2 ... 21010002`` [V]);
  the first two belong to the first VIOS of the system, if there is one, and are in use (its disks
  and its network); the others are unassigned [I];
- per partition: server serial adapters in slots 0 and 1 [V shape ``0/server/1/any//any/1``], one
  virtual ethernet per OS interface from slot 2 (the OS model puts ent<n> at C<2+n>), then one
  client SCSI adapter to the system's first VIOS (the OS model's vscsi0); a VIOS gets a server SCSI
  adapter in slot ``10 + client id`` for every client [I].

A virtual adapter the HMC adds is marked ``added``: the OS model does not derive it, so the
partition's lsslot learns it from :func:`os_slots`; a default one the HMC removes is put in ``gone``
(and in the OS's released slots, so its devices vanish).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition

# enclosure type of the system unit per processor generation [I: typical feature types]
_ENCLOSURE = {"POWER5": "U787F", "POWER6": "U789D", "POWER7": "U78A0", "POWER8": "U78C9", "POWER9": "U78D3",
              "POWER10": "U78DA"}

# description, feature codes, PCI vendor/device/subsystem vendor/subsystem device/class/revision, device
# prefix the OS configures in it [V shapes from v7 io slot sample; I: the adapters chosen]
_ADAPTERS = [
    ("PCI-E SAS Controller", ["5901"], ("1014", "0339", "1014", "03BB", "0104", "02"), ["sissas"]),
    ("4-Port 10/100/1000 Base-TX PCI-Express Adapter", ["5717"], ("14E4", "1657", "1014", "02C6", "0200", "01"),
     ["ent"]),
    ("8 Gigabit PCI Express Dual Port Fibre Channel Adapter", ["5735"], ("10DF", "F100", "10DF", "F100", "0C04",
                                                                        "03"), ["fcs"]),
    ("Empty slot", ["0"], ("FFFF", "FFFF", "FFFF", "FFFF", "FFFF", "FF"), []),  # [V] the sample's empty slot
    ("2-Port 10/100/1000 Base-TX PCI-Express Adapter", ["5767", "5768"], ("8086", "105E", "1014", "037C", "0200",
                                                                          "06"), ["ent"]),
    ("Empty slot", ["0"], ("FFFF", "FFFF", "FFFF", "FFFF", "FFFF", "FF"), []),
]
PCI_FIELDS = ("pci_vendor_id", "pci_device_id", "pci_subs_vendor_id", "pci_subs_device_id", "pci_class",
              "pci_revision_id")

DEFAULT_MAX_VIRTUAL_SLOTS = 10  # [I] the HMC wizard's default for a client partition
VIOS_MAX_VIRTUAL_SLOTS = 100  # [I]
VSWITCH = "ETHERNET0"  # [V] the default virtual switch's name


# ---- identity ------------------------------------------------------------------------------------
def unit_phys_loc(system: "ManagedSystem") -> str:
    enclosure = _ENCLOSURE.get(system.processor.upper(), "U78C9")
    return f"{enclosure}.001.DQD{system.serial[-4:].upper()}"


def virtual_loc(system: "ManagedSystem", lpar_id: int) -> str:
    """U<type>.<model>.<serial>-V<id>, as the partition's own location codes (harness/aix/hw.py) [V shape]."""
    return f"U{system.type_model.replace('-', '.')}.{system.serial}-V{lpar_id}"


def virtual_drc_name(system: "ManagedSystem", lpar_id: int, slot: int) -> str:
    return f"{virtual_loc(system, lpar_id)}-C{slot}"


def virtual_drc_index(slot: int) -> str:
    return f"{0x30000000 + slot:08X}"  # [I] virtual slot DRC indexes are 3000xxxx


def mac_prefix(system: "ManagedSystem") -> str:
    digits = "".join(c for c in system.serial.upper() if c.isalnum())[-4:].rjust(4, "0")
    hexed = "".join(c if c in "0123456789ABCDEF" else format(ord(c) % 16, "X") for c in digits)
    return "FA" + hexed[:4]  # [I] locally administered, like the seed's FA... addresses


# ---- state ----------------------------------------------------------------------------------------
def state(system: "ManagedSystem") -> dict:
    """The system's I/O state, created on first use; partitions without adapters get their defaults."""
    io = system.io
    if "slots" not in io:
        io["slots"] = _default_slots(system)
        io.setdefault("virtual", {})
    virtual = io.setdefault("virtual", {})
    for part in system.partitions.values():
        entry = virtual.get(str(part.id))
        if entry is None or entry.get("name") != part.name:
            virtual[str(part.id)] = _default_virtual(system, part)
    return io


def _first_vios(system: "ManagedSystem", exclude: int | None = None) -> "Partition | None":
    vioses = sorted((p for p in system.partitions.values() if p.env == "vioserver" and p.id != exclude),
                    key=lambda p: p.id)
    return vioses[0] if vioses else None


def _default_slots(system: "ManagedSystem") -> list[dict]:
    unit = unit_phys_loc(system)
    owner = _first_vios(system)
    out = []
    for i, (desc, codes, pci, prefixes) in enumerate(_ADAPTERS):
        bus = 2 + i
        phys = f"C{i + 1}"
        owned = owner is not None and i < 2
        slot = {"unit_phys_loc": unit, "bus_id": bus, "phys_loc": phys, "drc_index": f"2101{bus:04X}",
                "drc_name": f"{unit}-P1-{phys}", "description": desc, "feature_codes": list(codes),
                **dict(zip(PCI_FIELDS, pci)), "prefixes": list(prefixes),
                "lpar_id": owner.id if owned else None, "in_use": owned, "devices": []}
        if owned:
            slot["devices"] = _devices_for(system, owner.id, slot)
        out.append(slot)
    return out


def _default_virtual(system: "ManagedSystem", part: "Partition") -> dict:
    adapters: list[dict] = [
        {"type": "serial", "slot_num": n, "is_required": 1, "adapter_type": "server", "supports_hmc": 1,
         "remote_lpar_id": "any", "remote_lpar_name": "", "remote_slot_num": "any", "added": False}
        for n in (0, 1)]
    ifaces = part.os.net.interfaces if part.os is not None else []
    prefix = mac_prefix(system)
    for n, iface in enumerate(ifaces):
        slot = 2 + n
        mac = iface.mac.replace(":", "").upper() if len(iface.mac.replace(":", "")) == 12 else \
            f"{prefix}{part.id:03X}{slot:03X}"[-12:]
        adapters.append({"type": "eth", "slot_num": slot, "is_required": 0, "is_trunk": 0, "trunk_priority": 0,
                         "ieee_virtual_eth": 0, "port_vlan_id": 1, "addl_vlan_ids": [], "vswitch": VSWITCH,
                         "mac_addr": mac, "interface": iface.name, "added": False})
    vios = _first_vios(system, exclude=part.id)
    if part.env != "vioserver":
        remote = ({"remote_lpar_id": str(vios.id), "remote_lpar_name": vios.name,
                   "remote_slot_num": str(10 + part.id)} if vios is not None else
                  {"remote_lpar_id": "any", "remote_lpar_name": "", "remote_slot_num": "any"})
        adapters.append({"type": "scsi", "slot_num": 2 + len(ifaces), "is_required": 1, "adapter_type": "client",
                         **remote, "added": False})
    else:
        clients = [c for c in sorted(system.partitions.values(), key=lambda p: p.id)
                   if c.env != "vioserver" and _first_vios(system, exclude=c.id) is part]
        if any(c.os is not None and c.os.net.interfaces for c in clients):
            # the bridge of the clients' VLAN: a trunk adapter (the SEA's virtual side) on the
            # vswitch and PVID the clients' adapters use [I: the usual single-VIOS layout]. The OS
            # model does not derive it, so it is listed as one the OS learnt of (``added``).
            adapters.append({"type": "eth", "slot_num": 2 + len(ifaces), "is_required": 1, "is_trunk": 1,
                             "trunk_priority": 1, "ieee_virtual_eth": 0, "port_vlan_id": 1, "addl_vlan_ids": [],
                             "vswitch": VSWITCH, "mac_addr": f"{prefix}{part.id:03X}{2 + len(ifaces):03X}"[-12:],
                             "added": True})
        for client in clients:
            slot = 10 + client.id
            if slot >= VIOS_MAX_VIRTUAL_SLOTS:
                continue
            client_ifaces = len(client.os.net.interfaces) if client.os is not None else 0
            adapters.append({"type": "scsi", "slot_num": slot, "is_required": 0, "adapter_type": "server",
                             "remote_lpar_id": str(client.id), "remote_lpar_name": client.name,
                             "remote_slot_num": str(2 + client_ifaces), "added": False})
    max_slots = VIOS_MAX_VIRTUAL_SLOTS if part.env == "vioserver" else DEFAULT_MAX_VIRTUAL_SLOTS
    top = max(a["slot_num"] for a in adapters)
    return {"name": part.name, "max_slots": max(max_slots, top + 1), "adapters": adapters, "gone": []}


# ---- physical slots ---------------------------------------------------------------------------------
def slots(system: "ManagedSystem") -> list[dict]:
    """Every physical slot; ``lpar_id`` is None when unassigned or its owner no longer exists."""
    out = state(system)["slots"]
    for s in out:
        if s["lpar_id"] is not None and s["lpar_id"] not in system.partitions:
            s["lpar_id"], s["in_use"], s["devices"] = None, False, []
    return out


def slot_by_drc(system: "ManagedSystem", drc_index: str) -> dict | None:
    key = drc_index.strip().upper().removeprefix("0X")
    return next((s for s in slots(system) if s["drc_index"] == key), None)


def owned_slots(system: "ManagedSystem", part: "Partition") -> list[dict]:
    return [s for s in slots(system) if s["lpar_id"] == part.id]


def _devices_for(system: "ManagedSystem", lpar_id: int, slot: dict) -> list[str]:
    """What the OS configures in a slot it receives: a PCI bridge and one device per adapter port [I]."""
    n = int(slot["bus_id"])
    return [f"pci{n}"] + [f"{p}{10 + n}" for p in slot.get("prefixes", [])]


def assign(system: "ManagedSystem", slot: dict, part: "Partition | None") -> None:
    if part is None:
        slot["lpar_id"], slot["in_use"], slot["devices"] = None, False, []
    else:
        slot["lpar_id"], slot["in_use"] = part.id, False
        slot["devices"] = _devices_for(system, part.id, slot)


# ---- virtual adapters ---------------------------------------------------------------------------------
def virtual(system: "ManagedSystem", part: "Partition") -> dict:
    return state(system)["virtual"][str(part.id)]


def adapters(system: "ManagedSystem", part: "Partition", kind: str | None = None) -> list[dict]:
    out = sorted(virtual(system, part)["adapters"], key=lambda a: a["slot_num"])
    return [a for a in out if kind is None or a["type"] == kind]


def adapter_at(system: "ManagedSystem", part: "Partition", slot: int) -> dict | None:
    return next((a for a in virtual(system, part)["adapters"] if a["slot_num"] == slot), None)


def max_virtual_slots(system: "ManagedSystem", part: "Partition") -> int:
    return int(virtual(system, part)["max_slots"])


def next_avail_virtual_slot(system: "ManagedSystem", part: "Partition") -> int:
    """The lowest free slot above the highest used one, else the lowest free one from 2 [I]."""
    used = {a["slot_num"] for a in virtual(system, part)["adapters"]}
    top = max(used) + 1 if used else 2
    limit = max_virtual_slots(system, part)
    if top < limit:
        return top
    return next((n for n in range(2, limit) if n not in used), limit)


def adapter_device(system: "ManagedSystem", part: "Partition", adapter: dict) -> str:
    """The OS device of an adapter the HMC added (cfgmgr names it after the existing ones) [I]."""
    kind = adapter["type"]
    same = [a for a in adapters(system, part, kind) if a.get("added")]
    k = same.index(adapter) if adapter in same else len(same)
    if kind == "eth":
        base = len(part.os.net.interfaces) if part.os is not None else 0
        return f"ent{base + k}"
    if kind == "scsi":
        return f"{'vhost' if adapter.get('adapter_type') == 'server' else 'vscsi'}{1 + k}"
    if kind == "fc":
        return f"fcs{k}"
    return f"vsa{adapter['slot_num']}"


def os_slots(system: "ManagedSystem", part: "Partition",
             rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The partition's ``lsslot -c slot`` rows (drc name, description, devices) as the hypervisor has
    them: virtual slots the HMC removed are gone, adapters it added and physical slots the partition
    owns appear [V shape: "Logical I/O Slot" / "Virtual I/O Slot"; I device names]."""
    v = virtual(system, part)
    gone = set(v.get("gone", []))
    out = [r for r in rows if r[0] not in gone]
    have = {r[0] for r in out}
    for a in adapters(system, part):
        drc = virtual_drc_name(system, part.id, a["slot_num"])
        if a.get("added") and drc not in have:
            out.append((drc, "Virtual I/O Slot", adapter_device(system, part, a)))
    for s in owned_slots(system, part):
        out.append((s["drc_name"], "Logical I/O Slot", " ".join(s.get("devices", [])) or "Empty"))
    return out
