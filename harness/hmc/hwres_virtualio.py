"""lshwres -r virtualio --rsubtype {eth | scsi | serial | fc | slot} --level {lpar | sys | slot}.

Shapes [V] (reference 4.6, ziutus real lines): eth ``lpar_name,lpar_id,slot_num,state,is_required,
is_trunk,[trunk_priority,]ieee_virtual_eth,port_vlan_id,[vswitch,]addl_vlan_ids,mac_addr`` (a VLAN list
holding commas quotes the pair); scsi ``...,adapter_type,remote_lpar_id,remote_lpar_name,
remote_slot_num``; serial ``...,connect_status=unavailable,adapter_type=server,supports_hmc=1,
remote_lpar_id=any,remote_lpar_name=,remote_slot_num=any``; slot --level lpar ``lpar_name,lpar_id,
curr_max_virtual_slots,pend_max_virtual_slots,next_avail_virtual_slot``. ``state`` is 1 while the
partition is activated, 0 otherwise [V values, I rule]. fc, eth --level sys and slot --level slot [I].
"""

from __future__ import annotations

from ..world import ioslots as io
from ..world.system import ManagedSystem, Partition
from .attributes import listing
from .filters import parse_filter, select_partitions
from .formatting import Record, check_fields, record, render
from .messages import error
from .options import Options
from .targets import HmcTarget

LEVELS = {"eth": ("lpar", "sys"), "scsi": ("lpar",), "serial": ("lpar",), "fc": ("lpar",), "slot": ("lpar", "slot"),
          "vswitch": ("sys",), "vnic": ("lpar",)}  # vswitch and vnic: hwres_system.py
_DEFAULT_LEVEL = {"vswitch": "sys"}
FILTERS = ("lpar_names", "lpar_ids", "slots", "vlans", "vswitches")


def _head(part: Partition, a: dict) -> dict:
    return {"lpar_name": part.name, "lpar_id": str(part.id), "slot_num": str(a["slot_num"]),
            "state": "0" if part.state == "Not Activated" else "1", "is_required": str(a["is_required"])}


def eth_record(t: HmcTarget, system: ManagedSystem, part: Partition, a: dict) -> Record:
    values = {**_head(part, a), "is_trunk": str(a["is_trunk"]), "trunk_priority": str(a["trunk_priority"]),
              "ieee_virtual_eth": str(a["ieee_virtual_eth"]), "port_vlan_id": str(a["port_vlan_id"]),
              "vswitch": a["vswitch"], "addl_vlan_ids": list(a["addl_vlan_ids"]), "mac_addr": a["mac_addr"],
              "allowed_os_mac_addrs": "all", "qos_priority": "none"}
    omit = set()
    if not a["is_trunk"]:
        omit.add("trunk_priority")  # [V]
    if system.processor.upper() == "POWER5":
        omit.add("vswitch")  # [V] the POWER5 line has no vswitch
    return record(values, listing("lshwres.virtualio.eth.lpar", t.level), omit)


def _remote(a: dict) -> dict:
    return {"adapter_type": a["adapter_type"], "remote_lpar_id": str(a["remote_lpar_id"]),
            "remote_lpar_name": a["remote_lpar_name"], "remote_slot_num": str(a["remote_slot_num"])}


def scsi_record(t: HmcTarget, system: ManagedSystem, part: Partition, a: dict) -> Record:
    return record({**_head(part, a), **_remote(a)}, listing("lshwres.virtualio.scsi.lpar", t.level))


def serial_record(t: HmcTarget, system: ManagedSystem, part: Partition, a: dict) -> Record:
    values = {**_head(part, a), "connect_status": "unavailable", "supports_hmc": str(a["supports_hmc"]),
              **_remote(a)}
    return record(values, listing("lshwres.virtualio.serial.lpar", t.level))


def fc_record(t: HmcTarget, system: ManagedSystem, part: Partition, a: dict) -> Record:
    values = {**_head(part, a), **_remote(a), "wwpns": list(a.get("wwpns", []))}
    return record(values, listing("lshwres.virtualio.fc.lpar", t.level))


def slot_lpar_record(t: HmcTarget, system: ManagedSystem, part: Partition) -> Record:
    top = str(io.max_virtual_slots(system, part))
    values = {"lpar_name": part.name, "lpar_id": str(part.id), "curr_max_virtual_slots": top,
              "pend_max_virtual_slots": top, "next_avail_virtual_slot": str(io.next_avail_virtual_slot(system, part))}
    return record(values, listing("lshwres.virtualio.slot.lpar", t.level))


def slot_slot_record(t: HmcTarget, system: ManagedSystem, part: Partition, a: dict) -> Record:
    values = {"slot_num": str(a["slot_num"]), "lpar_name": part.name, "lpar_id": str(part.id), "config": a["type"],
              "state": "0" if part.state == "Not Activated" else "1",
              "drc_name": io.virtual_drc_name(system, part.id, a["slot_num"])}
    return record(values, listing("lshwres.virtualio.slot.slot", t.level))


_ADAPTER_RECORDS = {"eth": eth_record, "scsi": scsi_record, "serial": serial_record, "fc": fc_record}


def _keep(a: dict, filters: dict[str, list[str]]) -> bool:
    if filters.get("slots") and str(a["slot_num"]) not in filters["slots"]:
        return False
    if filters.get("vlans"):
        vlans = {str(a.get("port_vlan_id", ""))} | set(a.get("addl_vlan_ids", []))
        if not vlans & set(filters["vlans"]):
            return False
    return not (filters.get("vswitches") and a.get("vswitch") not in filters["vswitches"])


def records(t: HmcTarget, system: ManagedSystem, rsubtype: str, level: str,
            filters: dict[str, list[str]]) -> list[Record]:
    if rsubtype == "eth" and level == "sys":
        prefix = io.mac_prefix(system).lower()
        return [record({"max_vlans_per_port": "20", "mac_prefix": f"0x{prefix}"},
                       listing("lshwres.virtualio.eth.sys", t.level))]
    parts = select_partitions(t.partitions(system), filters)
    if rsubtype == "slot" and level == "lpar":
        return [slot_lpar_record(t, system, p) for p in parts]
    out: list[Record] = []
    for part in parts:
        kind = None if rsubtype == "slot" else rsubtype
        for a in io.adapters(system, part, kind):
            if not _keep(a, filters):
                continue
            out.append(slot_slot_record(t, system, part, a) if rsubtype == "slot"
                       else _ADAPTER_RECORDS[rsubtype](t, system, part, a))
    return out


def list_text(t: HmcTarget, opts: Options) -> str:
    opts.require("--rsubtype", "-m")
    rsubtype = opts.choice("--rsubtype", tuple(LEVELS))
    level = opts.choice("--level", LEVELS[rsubtype]) or _DEFAULT_LEVEL.get(rsubtype, "lpar")
    filters = parse_filter(opts.get("--filter"), FILTERS) if opts.has("--filter") else {}
    lst = listing(f"lshwres.virtualio.{rsubtype}.{level}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if rsubtype == "fc" and system.processor.upper() in ("POWER5", "POWER6"):
        raise error("vfc_unsupported", system=system.name)  # [V code] reference 4.6
    if rsubtype in ("vswitch", "vnic"):
        from .hwres_system import virtualio_records

        return render(virtualio_records(t, system, rsubtype, filters), lst, fields, opts.flag("--header"))
    return render(records(t, system, rsubtype, level, filters), lst, fields, opts.flag("--header"))
