"""lshwres -r io --rsubtype {slot | unit | bus | iopool | slotchildren}: physical I/O of a managed system.

The slot line [V] (reference 4.5, v7_lshwres_r_io_rsubtype_slot.txt): an unassigned slot has
``lpar_id=none`` and no ``lpar_name``; a feature-code list holding commas is quoted whole. The model
is harness/world/io.py. unit, bus, iopool and slotchildren are [I] (no sample found).
"""

from __future__ import annotations

from ..world import ioslots as io
from ..world.system import ManagedSystem
from .attributes import listing
from .filters import parse_filter, select_partitions
from .formatting import Record, check_fields, record, render
from .options import Options
from .targets import HmcTarget

RSUBTYPES = ("slot", "unit", "bus", "iopool", "slotchildren")
FILTERS = ("lpar_names", "lpar_ids", "units", "buses", "slots", "pools")


def slot_record(t: HmcTarget, system: ManagedSystem, slot: dict) -> Record:
    owner = system.partitions.get(slot["lpar_id"]) if slot["lpar_id"] is not None else None
    values = {
        "unit_phys_loc": slot["unit_phys_loc"],
        "bus_id": str(slot["bus_id"]),
        "phys_loc": slot["phys_loc"],
        "drc_index": slot["drc_index"],
        "lpar_id": str(owner.id) if owner else "none",
        "slot_io_pool_id": "none",
        "description": slot["description"],
        "feature_codes": list(slot["feature_codes"]) or "none",
        **{f: slot[f] for f in io.PCI_FIELDS},
        "bus_grouping": "0",
        "iop": "0",
        "parent_slot_drc_index": "none",
        "drc_name": slot["drc_name"],
        "interposer_present": "0",
        "interposer_pcie": "0",
    }
    if owner is not None:
        values["lpar_name"] = owner.name  # [V] only on assigned slots
    return record(values, listing("lshwres.io.slot", t.level))


def _slots(t: HmcTarget, system: ManagedSystem, filters: dict[str, list[str]]) -> list[dict]:
    out = io.slots(system)
    if filters.get("lpar_names") or filters.get("lpar_ids"):
        wanted = {p.id for p in select_partitions(t.partitions(system), filters)}
        out = [s for s in out if s["lpar_id"] in wanted]
    if filters.get("units"):
        out = [s for s in out if s["unit_phys_loc"] in filters["units"]]
    if filters.get("buses"):
        out = [s for s in out if str(s["bus_id"]) in filters["buses"]]
    if filters.get("slots"):
        keys = {k.upper().removeprefix("0X") for k in filters["slots"]}
        out = [s for s in out if s["drc_index"] in keys or s["drc_name"] in filters["slots"]]
    if filters.get("pools"):
        out = []  # [I] no slot belongs to an I/O pool in the model
    return out


def records(t: HmcTarget, system: ManagedSystem, rsubtype: str, level: str,
            filters: dict[str, list[str]]) -> list[Record]:
    if rsubtype == "slot":
        return [slot_record(t, system, s) for s in _slots(t, system, filters)]
    if rsubtype == "unit":
        units = sorted({s["unit_phys_loc"] for s in _slots(t, system, filters)})
        return [record({"unit_phys_loc": u}, listing("lshwres.io.unit", t.level)) for u in units]
    if rsubtype == "bus":
        seen: dict[tuple[str, int], dict] = {}
        for s in _slots(t, system, filters):
            seen.setdefault((s["unit_phys_loc"], s["bus_id"]), s)
        return [record({"unit_phys_loc": unit, "bus_id": str(bus), "backplane_phys_loc": "P1",
                        "bus_drc_index": f"{0x20000000 + bus:08X}", "bus_drc_name": f"{unit}-P1"},
                       listing("lshwres.io.bus", t.level)) for (unit, bus) in sorted(seen)]
    if rsubtype == "iopool":
        if level == "pool":
            return []  # [I] no I/O pools are defined
        return [record({"io_pools": "none"}, listing("lshwres.io.iopool.sys", t.level))]
    return []  # slotchildren: IOP children exist only on IBM i systems [I]


def list_text(t: HmcTarget, opts: Options) -> str:
    opts.require("--rsubtype", "-m")
    rsubtype = opts.choice("--rsubtype", RSUBTYPES)
    levels = ("pool", "sys") if rsubtype == "iopool" else ("sys",)
    level = opts.choice("--level", levels) or "sys"
    filters = parse_filter(opts.get("--filter"), FILTERS) if opts.has("--filter") else {}
    key = f"lshwres.io.iopool.{level}" if rsubtype == "iopool" else f"lshwres.io.{rsubtype}"
    lst = listing(key, t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    return render(records(t, system, rsubtype, level, filters), lst, fields, opts.flag("--header"))
