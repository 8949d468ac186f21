"""Dynamic LPAR of I/O: physical slots (add, remove, move) and virtual adapters (add, remove).

The checks follow dlpar.py: the HMC must reach the system and the partition must be Running with an
RMC session whose DCaps has the I/O bit (0x4), else HSCL2957 [V code]. A removal goes through the
OS first (drmgr -c slot -r): a registered DLPAR script that handles "slot" may veto it, and a slot
whose devices are in use cannot be unconfigured; either way the HMC reports the OS's output and
return code (HSCL2929 for a physical slot [V], HSCL294D for a virtual one [V-client code]) and
nothing changes. Everything is checked before anything changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import drmgr, ioslots as io
from .dlpar import require_dlpar
from .errors import WorldError

if TYPE_CHECKING:
    from .hmc import Hmc
    from .system import ManagedSystem, Partition
    from .world import World

DCAP_IO = 0x4  # bit 2: DR I/O capable [V seed list]

# [I] the AIX odm message for a device that cannot be unconfigured, as the chdev errors print it
_BUSY = ("Method error (/usr/lib/methods/ucfgdevice):\n"
         "\t0514-062 Cannot perform the requested function because the\n"
         "\t\t specified device is busy.")
BUSY_RC = 1  # [I]


# ---- physical slots -------------------------------------------------------------------------------
def _slot(system: "ManagedSystem", drc_index: str) -> dict:
    slot = io.slot_by_drc(system, drc_index)
    if slot is None:
        raise WorldError("io_slot_not_found", drc_index=drc_index)
    return slot


def _os_released(part: "Partition", drc_name: str) -> bool:
    """The OS already gave the slot up (drmgr -c slot -r -s DRC on the partition)."""
    if part.os is None:
        return True
    return drc_name in part.os.device_attrs.get("_slots", {}).get("removed", [])


def _forget_release(part: "Partition", drc_name: str) -> None:
    if part.os is not None:
        removed = part.os.device_attrs.get("_slots", {}).get("removed", [])
        if drc_name in removed:
            removed.remove(drc_name)


def _os_refuses(world: "World", part: "Partition", code: str, busy_device: str | None, **facts) -> None:
    """The OS side of a slot removal: DLPAR scripts for "slot" first, then the devices [I order]."""
    if part.os is None or _os_released(part, facts["drc_name"]):
        return
    try:
        drmgr.check(world, part, "slot", "remove", 1)
    except WorldError as exc:
        if exc.code != "dr_script_refused":
            raise
        raise WorldError(code, lpar=part.name, lpar_id=part.id, os_rc=exc.facts.get("os_rc", 1),
                         os_output=str(exc.facts.get("os_output", "")).rstrip("\n"), **facts) from None
    if busy_device is not None:
        drmgr.log(world, part, "slot", "remove", 1, failed=True)
        raise WorldError(code, lpar=part.name, lpar_id=part.id, os_rc=BUSY_RC,
                         os_output=_BUSY, device=busy_device, **facts)


def slot_add(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", drc_index: str) -> None:
    slot = _slot(system, drc_index)
    require_dlpar(world, hmc, system, part, DCAP_IO)
    if slot["lpar_id"] is not None:
        owner = system.partitions[slot["lpar_id"]]
        raise WorldError("io_slot_assigned", drc_index=slot["drc_index"], owner=owner.name, lpar=part.name)
    io.assign(system, slot, part)
    _forget_release(part, slot["drc_name"])
    drmgr.log(world, part, "slot", "add", 1)


def _check_removal(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", slot: dict) -> None:
    require_dlpar(world, hmc, system, part, DCAP_IO)
    if slot["lpar_id"] != part.id:
        raise WorldError("io_slot_not_owned", drc_index=slot["drc_index"], lpar=part.name)
    busy = next(iter(slot.get("devices", [])[1:] or slot.get("devices", [])), None) if slot.get("in_use") else None
    _os_refuses(world, part, "HSCL2929", busy, drc_name=slot["drc_name"], drc_index=slot["drc_index"])


def slot_remove(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", drc_index: str) -> None:
    slot = _slot(system, drc_index)
    _check_removal(world, hmc, system, part, slot)
    _forget_release(part, slot["drc_name"])
    io.assign(system, slot, None)
    drmgr.log(world, part, "slot", "remove", 1)


def slot_move(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", target: "Partition",
              drc_index: str) -> None:
    slot = _slot(system, drc_index)
    require_dlpar(world, hmc, system, target, DCAP_IO)  # both ends before anything moves [I]
    _check_removal(world, hmc, system, part, slot)
    _forget_release(part, slot["drc_name"])
    io.assign(system, slot, target)
    _forget_release(target, slot["drc_name"])
    drmgr.log(world, part, "slot", "remove", 1)
    drmgr.log(world, target, "slot", "add", 1)


# ---- virtual adapters -------------------------------------------------------------------------------
KINDS = ("eth", "scsi", "serial", "fc")
ATTRS = {
    "eth": ("ieee_virtual_eth", "port_vlan_id", "addl_vlan_ids", "is_trunk", "trunk_priority", "vswitch",
            "mac_addr", "is_required"),
    "scsi": ("adapter_type", "remote_lpar_id", "remote_lpar_name", "remote_slot_num", "is_required"),
    "serial": ("adapter_type", "supports_hmc", "remote_lpar_id", "remote_lpar_name", "remote_slot_num",
               "is_required"),
    "fc": ("adapter_type", "remote_lpar_id", "remote_lpar_name", "remote_slot_num", "wwpns", "is_required"),
}


def _text(attrs: dict, name: str, default: str | None = None) -> str | None:
    v = attrs.get(name, default)
    return ",".join(v) if isinstance(v, list) else v


def _int(attrs: dict, name: str, default: int | None = None, low: int = 0, high: int = 1 << 31) -> int | None:
    v = _text(attrs, name)
    if v is None:
        return default
    if not (v.isascii() and v.isdigit()) or not low <= int(v) <= high:
        raise WorldError("bad_config_value", name=name)
    return int(v)


def _flag(attrs: dict, name: str, default: int = 0) -> int:
    return _int(attrs, name, default, 0, 1)


def _remote(system: "ManagedSystem", attrs: dict, required: bool) -> dict:
    rid, rname, rslot = (_text(attrs, "remote_lpar_id"), _text(attrs, "remote_lpar_name"),
                         _text(attrs, "remote_slot_num"))
    remote = None
    if rid not in (None, "", "any"):
        if not rid.isdigit() or int(rid) not in system.partitions:
            raise WorldError("lpar_id_not_found", id=rid)
        remote = system.partitions[int(rid)]
    elif rname not in (None, ""):
        remote = system.partition(rname) if not rname.isdigit() else None
        if remote is None:
            raise WorldError("lpar_name_not_found", name=rname)
    if required and (remote is None or rslot in (None, "", "any")):
        raise WorldError("config_missing", name="remote_lpar_id" if remote is None else "remote_slot_num")
    if rslot not in (None, "", "any") and not (rslot.isascii() and rslot.isdigit()):
        raise WorldError("bad_config_value", name="remote_slot_num")
    return {"remote_lpar_id": str(remote.id) if remote else "any", "remote_lpar_name": remote.name if remote else "",
            "remote_slot_num": rslot if rslot not in (None, "") else "any"}


def _new_adapter(system: "ManagedSystem", part: "Partition", kind: str, slot: int, attrs: dict) -> dict:
    adapter: dict = {"type": kind, "slot_num": slot, "is_required": _flag(attrs, "is_required"), "added": True}
    if kind == "eth":
        pvid = _int(attrs, "port_vlan_id", None, 1, 4094)
        if pvid is None:
            raise WorldError("config_missing", name="port_vlan_id")
        ieee = _flag(attrs, "ieee_virtual_eth")
        raw = attrs.get("addl_vlan_ids", [])
        vlans = [v for v in (raw if isinstance(raw, list) else raw.split(",")) if v not in ("", "none")]
        if any(not (v.isdigit() and 1 <= int(v) <= 4094) for v in vlans) or (vlans and not ieee):
            raise WorldError("bad_config_value", name="addl_vlan_ids")
        trunk = _flag(attrs, "is_trunk")
        prio = _int(attrs, "trunk_priority", 1 if trunk else 0, 1 if trunk else 0, 15)
        mac = (_text(attrs, "mac_addr") or "").replace(":", "").upper()
        if mac and (len(mac) != 12 or any(c not in "0123456789ABCDEF" for c in mac)):
            raise WorldError("bad_config_value", name="mac_addr")
        adapter.update({"is_trunk": trunk, "trunk_priority": prio if trunk else 0, "ieee_virtual_eth": ieee,
                        "port_vlan_id": pvid, "addl_vlan_ids": vlans,
                        "vswitch": _text(attrs, "vswitch") or io.VSWITCH,
                        "mac_addr": mac or f"{io.mac_prefix(system)}{part.id:03X}{slot:03X}"[-12:]})
    elif kind in ("scsi", "fc"):
        atype = _text(attrs, "adapter_type")
        if atype not in ("client", "server"):
            raise WorldError("config_missing" if atype is None else "bad_config_value", name="adapter_type")
        adapter.update({"adapter_type": atype, **_remote(system, attrs, required=(atype == "client"))})
        if kind == "fc":
            base = f"C05076{system.serial[-4:].upper()}{part.id:02X}{slot:02X}"[-14:]
            adapter["wwpns"] = [f"{base}{n:02X}".lower() for n in (0, 1)] if atype == "client" else []
    else:  # serial
        atype = _text(attrs, "adapter_type", "server")
        if atype not in ("client", "server"):
            raise WorldError("bad_config_value", name="adapter_type")
        adapter.update({"adapter_type": atype, "supports_hmc": _flag(attrs, "supports_hmc"),
                        **_remote(system, attrs, required=(atype == "client"))})
    return adapter


def virtual_add(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", kind: str,
                slot: int | None, attrs: dict) -> int:
    """Add a virtual adapter; returns its slot number."""
    if kind not in KINDS:
        raise WorldError("bad_operation", op=kind)
    if kind == "fc" and system.processor.upper() in ("POWER5", "POWER6"):
        raise WorldError("vfc_unsupported", system=system.name)
    require_dlpar(world, hmc, system, part, DCAP_IO)
    limit = io.max_virtual_slots(system, part)
    if slot is None:
        slot = io.next_avail_virtual_slot(system, part)
    low = 0 if kind == "serial" else 2  # [I] slots 0 and 1 hold the HMC's serial adapters
    if not low <= slot < limit:
        raise WorldError("vslot_invalid", slot=slot, lpar=part.name, low=low, max=limit - 1)
    if io.adapter_at(system, part, slot) is not None:
        raise WorldError("vslot_in_use", slot=slot, lpar=part.name)
    adapter = _new_adapter(system, part, kind, slot, attrs)
    v = io.virtual(system, part)
    v["adapters"].append(adapter)
    drc = io.virtual_drc_name(system, part.id, slot)
    if drc in v.get("gone", []):
        v["gone"].remove(drc)
    drmgr.log(world, part, "slot", "add", 1)
    return slot


def _virtual_busy(system: "ManagedSystem", part: "Partition", a: dict) -> str | None:
    """The device that keeps an adapter in use, or None [I: console, configured interface, rootvg]."""
    if a.get("added") or part.os is None:
        return None
    if a["type"] == "serial":
        return "vsa0" if a["slot_num"] == 0 else None
    if a["type"] == "eth":
        iface = next((i for i in part.os.net.interfaces if i.name == a.get("interface")), None)
        if iface is None or not iface.up:
            return None
        return "ent" + iface.name.lstrip("en")
    if a["type"] == "scsi":
        if a.get("adapter_type") == "client":
            return "vscsi0"
        client = system.partitions.get(int(a["remote_lpar_id"])) if str(a["remote_lpar_id"]).isdigit() else None
        return f"vhost{a['slot_num']}" if client is not None and client.running else None
    return None


def virtual_remove(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", slot: int,
                   kind: str | None = None) -> None:
    require_dlpar(world, hmc, system, part, DCAP_IO)
    adapter = io.adapter_at(system, part, slot)
    if adapter is None or (kind is not None and adapter["type"] != kind):
        raise WorldError("vslot_not_found", slot=slot, lpar=part.name)
    drc = io.virtual_drc_name(system, part.id, slot)
    _os_refuses(world, part, "HSCL294D", _virtual_busy(system, part, adapter), drc_name=drc,
                drc_index=io.virtual_drc_index(slot))
    v = io.virtual(system, part)
    v["adapters"].remove(adapter)
    if not adapter.get("added") and part.os is not None:
        # the OS model derives this slot's devices itself: it released them and the slot is gone
        removed = part.os.device_attrs.setdefault("_slots", {}).setdefault("removed", [])
        if drc not in removed:
            removed.append(drc)
        v.setdefault("gone", []).append(drc)
    drmgr.log(world, part, "slot", "remove", 1)
