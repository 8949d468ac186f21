"""World -> lshwres records for memory and processors, at partition and system level.

``curr_*`` is the hypervisor's allocation, ``run_*`` what the running OS reports [I semantics]; a
partition that is Not Activated holds nothing and prints zeros [V for memory, I for processors].
Pending values follow the current ones: the model has no pending-only changes.
"""

from __future__ import annotations

from ..world import sysres
from ..world.system import ManagedSystem, Partition
from .attributes import MEM_HUGE_PAGES, PROC_LPAR_DED, listing
from .formatting import Record, proc_units, record
from .targets import HmcTarget


def mem_lpar_record(t: HmcTarget, system: ManagedSystem, part: Partition) -> Record:
    active = part.state != "Not Activated"
    m = part.mem
    lo, cur, hi = (m.min, m.cur, m.max) if active else (0, 0, 0)
    run_mem = part.os.online_mem_mb if (part.running and part.os is not None) else 0
    values = {
        "lpar_name": part.name,
        "lpar_id": str(part.id),
        "curr_min_mem": str(lo),
        "curr_mem": str(cur),
        "curr_max_mem": str(hi),
        "pend_min_mem": str(lo),
        "pend_mem": str(cur),
        "pend_max_mem": str(hi),
        "run_min_mem": str(lo if part.running else 0),
        "run_mem": str(run_mem),
        **{name: "0" for name in MEM_HUGE_PAGES},
        "mem_mode": "ded",
        "curr_hpt_ratio": "1:64",
    }
    omit = MEM_HUGE_PAGES if part.env == "vioserver" else frozenset()  # [V] VIOS lines lack them
    return record(values, listing("lshwres.mem.lpar", t.level), omit)


def mem_sys_record(t: HmcTarget, system: ManagedSystem) -> Record:
    avail = system.avail_mem()
    ms = sysres.mem_settings(system)
    huge = ms["huge_pages"]
    huge_free = str(huge - sysres.huge_pages_in_use(system))
    values = {
        "configurable_sys_mem": str(system.configurable_mem),
        "curr_avail_sys_mem": str(avail),
        "pend_avail_sys_mem": str(avail),
        "installed_sys_mem": str(system.installed_mem),
        "deconfig_sys_mem": str(system.deconfig_mem),
        "sys_firmware_mem": str(system.firmware_mem),
        "mem_region_size": str(system.mem_region_size),
        "configurable_num_sys_huge_pages": str(huge),  # set aside at the last power-on (sysres.ipl)
        "curr_avail_num_sys_huge_pages": huge_free,
        "pend_avail_num_sys_huge_pages": huge_free,
        "max_num_sys_huge_pages": str(sysres.max_huge_pages(system)),  # [I]
        "requested_num_sys_huge_pages": str(ms["requested_huge_pages"]),
        "huge_page_size": "16384",
        "max_mem_pools": "0",
        "default_hpt_ratios": "1:64",
        "possible_hpt_ratios": ["1:32", "1:64", "1:128", "1:256", "1:512"],
        "pend_mem_region_size": ms["pend_region_size"],
        "curr_mem_mirroring_mode": ms["mirroring"],
        "pend_mem_mirroring_mode": ms["pend_mirroring"],
    }
    # [V-client] ansible finds curr_mem_mirroring_mode only where the system can mirror memory
    omit = set() if sysres.mirroring_capable(system) else {"curr_mem_mirroring_mode", "pend_mem_mirroring_mode"}
    return record(values, listing("lshwres.mem.sys", t.level), omit)


def proc_lpar_record(t: HmcTarget, system: ManagedSystem, part: Partition) -> Record:
    p = part.proc
    active = part.state != "Not Activated"
    running = part.running

    def units(x: float, live: bool = active) -> str:
        return proc_units(x if live else 0.0)

    def count(n: int, live: bool = active) -> str:
        return str(n if live else 0)

    values = {"lpar_name": part.name, "lpar_id": str(part.id)}
    for stage in ("curr", "pend"):
        values.update({
            f"{stage}_shared_proc_pool_id": str(p.pool_id),
            f"{stage}_shared_proc_pool_name": sysres.pool(system, p.pool_id)["name"],
            f"{stage}_proc_mode": p.mode,
            f"{stage}_min_proc_units": units(p.min_units),
            f"{stage}_proc_units": units(p.units),
            f"{stage}_max_proc_units": units(p.max_units),
            f"{stage}_min_procs": count(p.min_procs),
            f"{stage}_procs": count(p.procs),
            f"{stage}_max_procs": count(p.max_procs),
            f"{stage}_sharing_mode": p.sharing_mode,
            f"{stage}_uncap_weight": str(p.uncap_weight),
        })
    os_units = part.os.entitled_units if (running and part.os is not None) else 0.0
    os_procs = part.os.online_procs if (running and part.os is not None) else 0
    values.update({"run_proc_units": units(os_units, running), "run_procs": count(os_procs, running),
                   "run_uncap_weight": str(p.uncap_weight if running else 0)})
    lst = listing("lshwres.proc.lpar", t.level)
    if p.mode == "ded":
        shared_only = set(values) - set(PROC_LPAR_DED)  # -F of a shared-only name prints empty [I]
        return record(values, lst, shared_only, order=PROC_LPAR_DED)
    return record(values, lst)


def proc_sys_record(t: HmcTarget, system: ManagedSystem) -> Record:
    avail = system.avail_proc_units()
    max_procs = str(int(system.configurable_proc_units))
    old = system.processor in ("POWER5", "POWER6")
    virtual = sum(p.proc.procs for p in system.partitions.values()
                  if p.proc.mode == "shared" and p.state != "Not Activated")
    values = {
        "configurable_sys_proc_units": proc_units(system.configurable_proc_units),
        "curr_avail_sys_proc_units": proc_units(avail),
        "pend_avail_sys_proc_units": proc_units(avail),
        "installed_sys_proc_units": proc_units(system.installed_proc_units),
        "deconfig_sys_proc_units": proc_units(system.deconfig_proc_units).removesuffix(".0"),  # [V] "0"
        "min_proc_units_per_virtual_proc": "0.1" if old else "0.05",  # [V] 0.1 on POWER5; [I] 0.05 later
        "max_virtual_procs_per_lpar": "64",
        "max_procs_per_lpar": max_procs,
        "max_curr_virtual_procs_per_aixlinux_lpar": "64",
        "max_curr_virtual_procs_per_vios_lpar": "64",
        "max_curr_virtual_procs_per_os400_lpar": "64",
        "max_curr_procs_per_aixlinux_lpar": max_procs,
        "max_curr_procs_per_vios_lpar": max_procs,
        "max_curr_procs_per_os400_lpar": max_procs,
        "max_shared_proc_pools": "1" if old else "64",
        "curr_sys_virtual_procs": str(virtual),
    }
    return record(values, listing("lshwres.proc.sys", t.level))
