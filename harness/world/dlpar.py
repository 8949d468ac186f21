"""Dynamic LPAR: the hypervisor and the OS change together, or the operation fails and neither does.

Checks follow the real order: the HMC must reach the system (service path) and the partition over
RMC with DLPAR capabilities (HSCL2957 otherwise), the amount must fit the partition's bounds and the
system's free pool, and the OS (IBM.DRM, drmgr scripts, pinned memory) may still refuse a removal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import drmgr
from .errors import WorldError

if TYPE_CHECKING:
    from .hmc import Hmc
    from .system import ManagedSystem, Partition
    from .world import World

DCAP_PROC = 0x1  # bit 0: DR CPU capable [V seed list]
DCAP_MEM = 0x2  # bit 1: DR MEM capable [V seed list]


def require_dlpar(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", bit: int) -> None:
    if not system.hmc_connected.get(hmc.name, False):
        raise WorldError("no_connection", system=system.name)
    if part.state != "Running":
        raise WorldError("not_running", lpar=part.name, lpar_id=part.id, state=part.state)
    view = world.rmc.view(hmc, system, part)
    if not view.active or not (view.dcaps & bit):
        raise WorldError("HSCL2957", lpar=part.name, lpar_id=part.id)


def memory(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", op: str, mb: int,
           target: "Partition | None" = None) -> None:
    """op: "a" add, "r" remove, "s" set to ``mb``, "m" move ``mb`` to ``target``."""
    require_dlpar(world, hmc, system, part, DCAP_MEM)
    if op == "s":
        delta = mb - part.mem.cur
        if delta == 0:
            return
        return memory(world, hmc, system, part, "a" if delta > 0 else "r", abs(delta))
    if mb <= 0:
        raise WorldError("bad_quantity", quantity=mb)
    lmb = system.mem_region_size
    if mb % lmb:
        raise WorldError("not_lmb_multiple", quantity=mb, lmb=lmb)
    if op == "a":
        if part.mem.cur + mb > part.mem.max:
            raise WorldError("mem_over_max", lpar=part.name, quantity=mb, cur=part.mem.cur, max=part.mem.max)
        if mb > system.avail_mem():
            raise WorldError("mem_insufficient", quantity=mb, avail=system.avail_mem())
        _apply_mem(part, mb)
        drmgr.log(world, part, "mem", "add", mb)
        return
    if op in ("r", "m"):
        if part.mem.cur - mb < part.mem.min:
            raise WorldError("mem_under_min", lpar=part.name, quantity=mb, cur=part.mem.cur, min=part.mem.min)
        if target is not None:
            require_dlpar(world, hmc, system, target, DCAP_MEM)
            if target.mem.cur + mb > target.mem.max:
                raise WorldError("mem_over_max", lpar=target.name, quantity=mb, cur=target.mem.cur,
                                 max=target.mem.max)
        removable = _os_removable_mem(part)
        if mb > removable:
            raise WorldError("HSCL2932", lpar=part.name, requested=mb, removed=0, os_rc=1,
                             os_output=_pinned_refusal(part, mb, removable))
        drmgr.check(world, part, "mem", "remove", mb)  # registered DLPAR scripts may refuse
        _apply_mem(part, -mb)
        drmgr.log(world, part, "mem", "remove", mb)
        if target is not None:
            _apply_mem(target, mb)
        return
    raise WorldError("bad_operation", op=op)


def _os_removable_mem(part: "Partition") -> int:
    """The OS cannot give back memory that is pinned [V: HSCL2932 'The operating system prevented...']."""
    os = part.os
    return max(0, os.online_mem_mb - os.pinned_mem_mb - 256) if os else 0


def _pinned_refusal(part: "Partition", mb: int, removable: int) -> str:
    # [I] the drmgr wording on AIX; only the Linux form was captured
    return ("0931-013 The DLPAR operation could not be supported by one or more kernel extensions.\n"
            f"Removable memory is {removable} MB, {mb} MB was requested.\n")


def _apply_mem(part: "Partition", delta: int) -> None:
    part.mem.cur += delta
    if part.os is not None:
        part.os.online_mem_mb += delta


def processors(world: "World", hmc: "Hmc", system: "ManagedSystem", part: "Partition", op: str,
               procs: int | None, units: float | None) -> None:
    """Shared partitions move virtual processors (--procs) and entitlement (--procunits);
    dedicated partitions move whole processors (--procs)."""
    require_dlpar(world, hmc, system, part, DCAP_PROC)
    sign = {"a": 1, "r": -1}.get(op)
    if sign is None:
        raise WorldError("bad_operation", op=op)
    p = part.proc
    new_procs = p.procs + sign * (procs or 0)
    new_units = round(p.units + sign * (units or 0.0), 2)
    if p.mode == "ded":
        if units:
            raise WorldError("ded_units", lpar=part.name)
        if new_procs > p.max_procs or new_procs < p.min_procs:
            raise WorldError("proc_out_of_range", lpar=part.name, value=new_procs, min=p.min_procs, max=p.max_procs)
        if sign > 0 and procs > system.avail_proc_units():
            raise WorldError("proc_insufficient", quantity=procs, avail=system.avail_proc_units())
        p.procs = new_procs
    else:
        if not (p.min_procs <= new_procs <= p.max_procs):
            raise WorldError("proc_out_of_range", lpar=part.name, value=new_procs, min=p.min_procs, max=p.max_procs)
        if not (p.min_units <= new_units <= p.max_units):
            raise WorldError("units_out_of_range", lpar=part.name, value=new_units, min=p.min_units,
                             max=p.max_units)
        if new_units > new_procs or new_units < 0.05 * new_procs:
            raise WorldError("units_per_proc", lpar=part.name, units=new_units, procs=new_procs)
        if sign > 0 and (units or 0) > system.avail_proc_units():
            raise WorldError("proc_insufficient", quantity=units, avail=system.avail_proc_units())
        p.procs, p.units = new_procs, new_units
    if part.os is not None:
        part.os.online_procs = p.procs
        part.os.entitled_units = p.units_used()
        drmgr.log(world, part, "cpu" if procs else "capacity", "add" if sign > 0 else "remove",
                  procs or units or 0)
