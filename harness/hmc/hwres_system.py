"""lshwres listings of managed-system resources: -r procpool, -r mempool, -r sriov, -r hca,
-r proc|mem --level pool, and -r virtualio --rsubtype vswitch|vnic. Values come from the world
(harness/world/sysres.py, ioslots.py); formats are in attributes.py with their tags.

What the model holds and so what these print:
- procpool: DefaultPool (ID 0, no maximum or reserve: ``-F`` of those prints ``null`` [V-client: a
  collector maps ``null`` to 0]) and SharedPool01..63, each with the shared partitions assigned to it;
- mempool (AMS), sriov, hca, vnic: the default inventory has no shared memory pool, SR-IOV adapter,
  HCA or vNIC, so "No results were found." (exit 0) [V: the HMC's answer for an empty listing];
- vswitch: ETHERNET0 (VEB) on every POWER6+ system, plus any switch a virtual ethernet adapter names,
  with the VLANs its adapters use [V: ETHERNET0 default; I: VEB listed when no adapter uses it].
"""

from __future__ import annotations

from ..world import ioslots as io, sysres
from ..world.system import ManagedSystem
from .attributes import listing
from .filters import parse_filter, select_partitions
from .formatting import Record, check_fields, proc_units, record, render
from .messages import error
from .options import Options
from .targets import HmcTarget

SUBTYPES = {"sriov": ("adapter", "physport", "logport"), "mempool": ("pgdev",)}

# Versions are data: the first HMC level that knows a resource; older levels refuse the value as any
# unknown one [I: SR-IOV and vNIC arrived with HMC V8 (V8R8.2 / V8R8.4)]
SINCE = {("-r", "sriov"): "V8", ("--rsubtype", "vnic"): "V8", ("-t", "sriov"): "V8"}
_ORDER = ("V7", "V8", "V9", "V10")


def require_level(t: HmcTarget, option: str, value: str | None) -> None:
    first = SINCE.get((option, value or ""))
    if first is not None and _ORDER.index(t.level) < _ORDER.index(first):
        raise error("invalid_value", name=option, value=value)


def _listing_text(t: HmcTarget, opts: Options, kind: str, records_fn) -> str:
    lst = listing(kind, t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    return render(records_fn(system, lst), lst, fields, opts.flag("--header"))


# ---- -r procpool --------------------------------------------------------------------------------------
def procpool_records(t: HmcTarget, system: ManagedSystem, filters: dict[str, list[str]]) -> list[Record]:
    lst = listing("lshwres.procpool", t.level)
    out = []
    for pool in sysres.pools(system):
        if filters.get("pool_names") and pool["name"] not in filters["pool_names"]:
            continue
        if filters.get("pool_ids") and str(pool["id"]) not in filters["pool_ids"]:
            continue
        parts = sysres.members(system, pool["id"])
        values = {"name": pool["name"], "shared_proc_pool_id": str(pool["id"]),
                  "lpar_names": [p.name for p in parts] or "none", "lpar_ids": [str(p.id) for p in parts] or "none"}
        omit: set[str] = set()
        if pool["id"] == 0:
            values.update({n: "null" for n in ("max_pool_proc_units", "curr_reserved_pool_proc_units",
                                                "pend_reserved_pool_proc_units")})
            omit = {"max_pool_proc_units", "curr_reserved_pool_proc_units", "pend_reserved_pool_proc_units"}
        else:
            reserved = proc_units(pool["reserved"])
            values.update({"max_pool_proc_units": proc_units(pool["max"]), "curr_reserved_pool_proc_units": reserved,
                           "pend_reserved_pool_proc_units": reserved})
        rec = record(values, lst, omit)
        rec.extra.update({n: values[n] for n in omit})  # -F of a default-pool-only gap prints null
        out.append(rec)
    return out


def procpool_text(t: HmcTarget, opts: Options) -> str:
    opts.require("-m")
    filters = parse_filter(opts.get("--filter"), ("pool_names", "pool_ids")) if opts.has("--filter") else {}
    return _listing_text(t, opts, "lshwres.procpool", lambda s, _: procpool_records(t, s, filters))


def proc_pool_level(t: HmcTarget, system: ManagedSystem) -> list[Record]:
    """The physical shared processor pool: configurable units minus dedicated partitions' processors."""
    ded = sum(p.proc.procs for p in system.partitions.values() if p.proc.mode == "ded" and p.state != "Not Activated")
    configurable = system.configurable_proc_units - ded
    avail = system.avail_proc_units()
    values = {"configurable_pool_proc_units": proc_units(configurable), "curr_avail_pool_proc_units": proc_units(avail),
              "pend_avail_pool_proc_units": proc_units(avail)}
    return [record(values, listing("lshwres.proc.pool", t.level))]


def level_pool_text(t: HmcTarget, opts: Options, resource: str) -> str:
    if resource == "mem":
        return _listing_text(t, opts, "lshwres.mem.pool", lambda s, _: [])  # no AMS pool is modelled
    return _listing_text(t, opts, "lshwres.proc.pool", lambda s, _: proc_pool_level(t, s))


# ---- -r mempool / sriov / hca: the model holds none ----------------------------------------------------
def mempool_text(t: HmcTarget, opts: Options) -> str:
    opts.require("-m")
    sub = opts.choice("--rsubtype", SUBTYPES["mempool"])
    return _listing_text(t, opts, "lshwres.mempool.pgdev" if sub else "lshwres.mempool", lambda s, _: [])


def sriov_text(t: HmcTarget, opts: Options) -> str:
    require_level(t, "-r", "sriov")
    opts.require("--rsubtype", "-m")
    sub = opts.choice("--rsubtype", SUBTYPES["sriov"])
    if opts.has("--level"):
        opts.choice("--level", ("eth", "ethc", "roce", "sys"))  # [I] port-type levels of physport/logport
    return _listing_text(t, opts, f"lshwres.sriov.{sub}", lambda s, _: [])  # no SR-IOV adapter modelled


def hca_text(t: HmcTarget, opts: Options) -> str:
    opts.require("-m", "--level")
    level = opts.choice("--level", ("sys", "lpar"))
    return _listing_text(t, opts, f"lshwres.hca.{level}", lambda s, _: [])


# ---- -r virtualio --rsubtype vswitch | vnic -------------------------------------------------------------
def vswitches(system: ManagedSystem) -> dict[str, set[str]]:
    """Switch name -> VLAN IDs its adapters use; ETHERNET0 always exists on POWER6+ [V]."""
    out: dict[str, set[str]] = {}
    if system.processor.upper() != "POWER5":
        out[io.VSWITCH] = set()
    for part in system.partitions.values():
        for a in io.adapters(system, part, "eth"):
            vlans = out.setdefault(a.get("vswitch") or io.VSWITCH, set())
            vlans.add(str(a["port_vlan_id"]))
            vlans.update(str(v) for v in a.get("addl_vlan_ids", []))
    return out


def vswitch_records(t: HmcTarget, system: ManagedSystem, filters: dict[str, list[str]]) -> list[Record]:
    lst = listing("lshwres.virtualio.vswitch.sys", t.level)
    out = []
    for name, vlans in sorted(vswitches(system).items()):
        if filters.get("vswitches") and name not in filters["vswitches"]:
            continue
        ordered = sorted(vlans, key=int) if vlans else []
        out.append(record({"vswitch": name, "switch_mode": "VEB", "vlan_ids": ordered or "none"}, lst))
    return out


def vnic_records(t: HmcTarget, system: ManagedSystem, filters: dict[str, list[str]]) -> list[Record]:
    out = []
    lst = listing("lshwres.virtualio.vnic.lpar", t.level)
    for part in select_partitions(t.partitions(system), filters):
        for a in io.adapters(system, part, "vnic"):
            out.append(record({"lpar_name": part.name, "lpar_id": str(part.id), "slot_num": str(a["slot_num"]),
                               "state": "0" if part.state == "Not Activated" else "1",
                               "is_required": str(a.get("is_required", 0)),
                               "port_vlan_id": str(a.get("port_vlan_id", 0)), "mac_addr": a.get("mac_addr", ""),
                               "backing_devices": list(a.get("backing_devices", []))}, lst))
    return out


def virtualio_records(t: HmcTarget, system: ManagedSystem, rsubtype: str,
                      filters: dict[str, list[str]]) -> list[Record]:
    require_level(t, "--rsubtype", rsubtype)
    if system.processor.upper() == "POWER5" and rsubtype == "vnic":
        raise error("invalid_value", name="--rsubtype", value=rsubtype)  # [I] no vNIC before POWER8
    return (vswitch_records if rsubtype == "vswitch" else vnic_records)(t, system, filters)
