"""What a partition profile holds besides memory and processors: its virtual adapters, physical I/O
slots, I/O pools, virtual slot count and boot mode, as the HMC prints them in ``lssyscfg -r prof``.

A profile keeps the element strings of its lists (``Profile.io``), normalised; this module turns them
into the adapter records of harness/world/ioslots.py at activation, and the running configuration
back into elements for ``mksyscfg -r prof -o save``. Element shapes [V, reference 3.3 and ziutus'
captured profiles]:

- serial  ``slot/type/supports_hmc/remote_lpar_id/remote_lpar_name/remote_slot_num/is_required``
  (``0/server/1/any//any/1``);
- scsi    ``slot/type/remote_lpar_id/remote_lpar_name/remote_slot_num/is_required``
  (``2/client/2/vios1/2/1``, ``2/server/5/nim1/3/0``; an empty id names the partition by name);
- eth     ``slot/ieee_virtual_eth/port_vlan_id/addl_vlan_ids/trunk_priority/is_required`` on a POWER5
  (``6/0/6//2/1``: trunk priority 2, 0 for a client), with
  ``/vswitch/mac_addr/allowed_os_mac_addrs/qos_priority`` after it on later systems
  (``10/0/1//0/0/ETHERNET0//all/none``); a VLAN list holds commas (``2/1/1/3,4,5/0/1``);
- fc      ``slot/type/remote_lpar_id/remote_lpar_name/remote_slot_num/wwpns/is_required``
  (``504/client/2/vio_server1/8/c050760431670010,c050760431670011/1``);
- io_slots ``drc_index/slot_io_pool_id/is_required`` (``21010002/none/1``).

An empty MAC or WWPN list means "the hypervisor's": the adapter gets the one it had, else a new one [I].
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ioslots as io
from .errors import WorldError

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition, Profile

ADAPTER_LISTS = {"virtual_serial_adapters": "serial", "virtual_scsi_adapters": "scsi",
                 "virtual_eth_adapters": "eth", "virtual_fc_adapters": "fc"}
LISTS = tuple(ADAPTER_LISTS) + ("io_slots", "lpar_io_pool_ids")
KEYS = LISTS + ("max_virtual_slots", "boot_mode", "settings")
BOOT_MODES = ("norm", "dd", "sms", "of", "ds")  # [V] the profile/chsysstate boot modes


def _old(system: "ManagedSystem") -> bool:
    return system.processor.upper() in ("POWER4", "POWER5")


# ---- element <-> adapter ---------------------------------------------------------------------------
def _fields(text: str, low: int, high: int, name: str) -> list[str]:
    parts = text.split("/")
    if not low <= len(parts) <= high:
        raise WorldError("bad_config_value", name=name)
    return parts + [""] * (high - len(parts))


def element_attrs(kind: str, text: str) -> tuple[int, dict]:
    """(slot, attributes as chhwres -a names them) of one element; WorldError when malformed."""
    name = {v: k for k, v in ADAPTER_LISTS.items()}[kind]
    if kind == "eth":
        f = _fields(text, 6, 10, name)
        trunk = f[4] not in ("0", "")  # the field is the trunk priority, 0 for a client adapter [V]
        attrs = {"ieee_virtual_eth": f[1], "port_vlan_id": f[2], "addl_vlan_ids": f[3],
                 "is_trunk": "1" if trunk else "0", "trunk_priority": f[4] if trunk else None,
                 "is_required": f[5], "vswitch": f[6] or None, "mac_addr": f[7] or None}
    elif kind == "serial":
        f = _fields(text, 7, 7, name)
        attrs = {"adapter_type": f[1], "supports_hmc": f[2], "remote_lpar_id": f[3], "remote_lpar_name": f[4],
                 "remote_slot_num": f[5], "is_required": f[6]}
    elif kind == "scsi":
        f = _fields(text, 6, 6, name)
        attrs = {"adapter_type": f[1], "remote_lpar_id": f[2], "remote_lpar_name": f[3], "remote_slot_num": f[4],
                 "is_required": f[5]}
    else:
        f = _fields(text, 7, 7, name)
        attrs = {"adapter_type": f[1], "remote_lpar_id": f[2], "remote_lpar_name": f[3], "remote_slot_num": f[4],
                 "wwpns": [w for w in f[5].split(",") if w], "is_required": f[6]}
    slot = f[0]
    if not (slot.isascii() and slot.isdigit()):
        raise WorldError("bad_config_value", name=name)
    for flag in ("is_required", "ieee_virtual_eth", "supports_hmc"):
        if flag in attrs and attrs[flag] not in ("0", "1"):
            raise WorldError("bad_config_value", name=name)
    return int(slot), {k: v for k, v in attrs.items() if v is not None}


def adapter_element(system: "ManagedSystem", a: dict, keep_mac: bool = False) -> str:
    """The element a profile holds for the adapter record ``a``."""
    kind, slot, req = a["type"], a["slot_num"], a["is_required"]
    if kind == "eth":
        head = (f"{slot}/{a['ieee_virtual_eth']}/{a['port_vlan_id']}/{','.join(a['addl_vlan_ids'])}/"
                f"{a['trunk_priority'] if a['is_trunk'] else 0}/{req}")
        if _old(system):
            return head
        return f"{head}/{a['vswitch']}/{a['mac_addr'] if keep_mac else ''}/all/none"
    remote = f"{a['remote_lpar_id']}/{a['remote_lpar_name']}/{a['remote_slot_num']}"
    if kind == "serial":
        return f"{slot}/{a['adapter_type']}/{a['supports_hmc']}/{remote}/{req}"
    if kind == "scsi":
        return f"{slot}/{a['adapter_type']}/{remote}/{req}"
    return f"{slot}/{a['adapter_type']}/{remote}/{','.join(a.get('wwpns', []))}/{req}"


def build_adapter(system: "ManagedSystem", part: "Partition", kind: str, text: str) -> dict:
    """The adapter record of one element, checked as chhwres checks an added adapter."""
    from .dlpar_io import _new_adapter  # one set of checks for adapters, whoever adds them

    slot, attrs = element_attrs(kind, text)
    if kind == "fc" and system.processor.upper() in ("POWER4", "POWER5", "POWER6"):
        raise WorldError("vfc_unsupported", system=system.name)
    wwpns = attrs.pop("wwpns", [])
    unbound = (attrs.get("adapter_type") == "client" and attrs.get("remote_lpar_id") in ("any", "")
               and not attrs.get("remote_lpar_name"))
    if unbound:
        # [I] a client adapter whose server is `any` (an estate without a VIOS) is kept as it is;
        # chhwres would refuse to create one, so it is checked as a server adapter
        attrs["adapter_type"] = "server"
    adapter = _new_adapter(system, part, kind, slot, attrs)
    if unbound:
        adapter["adapter_type"] = "client"
    if kind == "fc" and wwpns:
        adapter["wwpns"] = [w.lower() for w in wwpns]
    if kind == "eth" and not attrs.get("mac_addr"):
        adapter["mac_addr"] = ""  # the hypervisor's, decided at activation
    return adapter


def normalise(system: "ManagedSystem", part: "Partition", values: dict) -> dict:
    """Check a profile's I/O (every element, slot clashes and range, physical slots) and return it
    with each element in the form the HMC prints. Raises WorldError, changing nothing."""
    out = dict(values)
    top = int(out.get("max_virtual_slots", io.DEFAULT_MAX_VIRTUAL_SLOTS))
    if not 2 <= top <= 65535:  # [I] bounds
        raise WorldError("bad_config_value", name="max_virtual_slots")
    used: set[int] = set()
    for name, kind in ADAPTER_LISTS.items():
        elems = []
        for text in out.get(name, []):
            a = build_adapter(system, part, kind, text)
            low = 0 if kind == "serial" else 2  # [I] slots 0 and 1 hold the HMC's serial adapters
            if not low <= a["slot_num"] < top:
                raise WorldError("vslot_invalid", slot=a["slot_num"], lpar=part.name, low=low, max=top - 1)
            if a["slot_num"] in used:
                raise WorldError("vslot_in_use", slot=a["slot_num"], lpar=part.name)
            used.add(a["slot_num"])
            elems.append(adapter_element(system, a, keep_mac=bool(a.get("mac_addr"))))
        out[name] = elems
    slots = []
    for text in out.get("io_slots", []):
        f = text.split("/")
        if len(f) != 3 or f[2] not in ("0", "1"):
            raise WorldError("bad_config_value", name="io_slots")
        slot = io.slot_by_drc(system, f[0])
        if slot is None:
            raise WorldError("io_slot_not_found", drc_index=f[0])
        slots.append(f"{slot['drc_index']}/{f[1] or 'none'}/{f[2]}")
    out["io_slots"] = slots
    pools = [p for p in out.get("lpar_io_pool_ids", []) if p != "none"]
    if any(not p.isdigit() for p in pools):
        raise WorldError("bad_config_value", name="lpar_io_pool_ids")
    out["lpar_io_pool_ids"] = pools
    if out.get("boot_mode", "norm") not in BOOT_MODES:
        raise WorldError("bad_config_value", name="boot_mode")
    out["max_virtual_slots"] = top
    out.setdefault("boot_mode", part.boot_mode or "norm")
    return out


# ---- running configuration <-> profile ---------------------------------------------------------------
def snapshot(system: "ManagedSystem", part: "Partition") -> dict:
    """The partition's running I/O as profile contents (what ``mksyscfg -r prof -o save`` stores)."""
    out: dict = {name: [adapter_element(system, a) for a in io.adapters(system, part, kind)]
                 for name, kind in ADAPTER_LISTS.items()}
    out["io_slots"] = [f"{s['drc_index']}/none/1" for s in io.owned_slots(system, part)]  # [I] required
    out["lpar_io_pool_ids"] = []
    out["max_virtual_slots"] = io.max_virtual_slots(system, part)
    out["boot_mode"] = part.boot_mode or "norm"
    return out


def contents(system: "ManagedSystem", part: "Partition", prof: "Profile") -> dict:
    """A profile's I/O; a profile from before profiles held I/O shows the running configuration."""
    return prof.io if prof.io else snapshot(system, part)


def apply(system: "ManagedSystem", part: "Partition", prof: "Profile") -> None:
    """Activation: the partition gets the profile's virtual adapters, slots and boot mode. The
    adapters the OS model derives itself stay unmarked; the others are ``added``, and default ones the
    profile lacks are ``gone`` (harness/world/ioslots.py)."""
    if not prof.io:
        return
    v = io.virtual(system, part)
    current = {(a["type"], a["slot_num"]): a for a in v["adapters"]}
    default = {(a["type"], a["slot_num"]): a for a in io._default_virtual(system, part)["adapters"]}
    adapters = []
    for name, kind in ADAPTER_LISTS.items():
        for text in prof.io.get(name, []):
            a = build_adapter(system, part, kind, text)
            key = (kind, a["slot_num"])
            base = default.get(key)
            a["added"] = base is None or bool(base.get("added"))
            if base is not None and "interface" in base:
                a["interface"] = base["interface"]
            if kind == "eth" and not a["mac_addr"]:
                known = base or current.get(key)
                a["mac_addr"] = (known or {}).get("mac_addr") or \
                    f"{io.mac_prefix(system)}{part.id:03X}{a['slot_num']:03X}"[-12:]
            if kind == "fc" and not a.get("wwpns") and current.get(key, {}).get("wwpns"):
                a["wwpns"] = current[key]["wwpns"]
            adapters.append(a)
    have = {(a["type"], a["slot_num"]) for a in adapters}
    removed = part.os.device_attrs.setdefault("_slots", {}).setdefault("removed", []) if part.os else []
    gone = []
    for key, base in default.items():
        drc = io.virtual_drc_name(system, part.id, base["slot_num"])
        if key in have:
            if drc in removed:
                removed.remove(drc)
        else:
            gone.append(drc)
            if part.os is not None and drc not in removed:
                removed.append(drc)
    v["adapters"], v["gone"] = adapters, gone
    v["max_slots"] = max(int(prof.io.get("max_virtual_slots", v["max_slots"])),
                         max((a["slot_num"] for a in adapters), default=1) + 1)
    wanted = {text.split("/")[0].upper() for text in prof.io.get("io_slots", [])}
    for slot in io.owned_slots(system, part):
        if slot["drc_index"] not in wanted:
            io.assign(system, slot, None)  # the partition holds exactly its profile's slots
    for text in prof.io.get("io_slots", []):
        slot = io.slot_by_drc(system, text.split("/")[0])
        if slot is not None and slot["lpar_id"] != part.id:
            owner = system.partitions.get(slot["lpar_id"]) if slot["lpar_id"] is not None else None
            if owner is not None and owner.state != "Not Activated":
                continue  # [I] a slot a running partition holds stays with it (required ones refuse below)
            io.assign(system, slot, part)
    if prof.io.get("boot_mode"):
        part.boot_mode = prof.io["boot_mode"]
    mode = prof.io.get("settings", {}).get("lpar_proc_compat_mode")
    if mode:
        part.settings["desired_lpar_proc_compat_mode"] = mode  # the partition runs in its profile's mode


def check_activation(system: "ManagedSystem", part: "Partition", prof: "Profile") -> None:
    """A required physical slot held by another activated partition stops the activation [I code]."""
    for text in (prof.io or {}).get("io_slots", []):
        drc, _pool, required = (text.split("/") + ["", "", ""])[:3]
        slot = io.slot_by_drc(system, drc)
        if slot is None or slot["lpar_id"] in (None, part.id) or required != "1":
            continue
        owner = system.partitions.get(slot["lpar_id"])
        if owner is not None and owner.state != "Not Activated":
            raise WorldError("io_slot_assigned", drc_index=slot["drc_index"], owner=owner.name)
