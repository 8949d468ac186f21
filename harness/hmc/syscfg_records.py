"""World -> lssyscfg records (-r lpar, -r sys, -r prof). Values only; formatting.py prints them.

Every RMC-derived value (rmc_state, rmc_ipaddr, dlpar_*_capable, os_version) comes from
RmcMachinery.view(), so the listing changes exactly when the machinery's causes change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter

from ..world import profile_io
from . import syscfg_settings
from ..world.dlpar import DCAP_MEM, DCAP_PROC
from ..world.rmc import RmcView
from ..world.system import ManagedSystem, Partition, Profile
from ..world.versions import VIOS_IOSLEVEL
from .attributes import LPAR_POWER7_ONLY, PROF_ALL, SYS_KEPT_WHEN_OFF, listing
from .formatting import Record, proc_units, record
from .targets import HmcTarget

DCAP_IO = 0x4  # bit 2: DR I/O capable [V seed list]


def _flag(cond: bool) -> str:
    return "1" if cond else "0"


def os_version(t: HmcTarget, system: ManagedSystem, part: Partition, view: RmcView) -> str:
    """``AIX 6.1 6100-05-01-1016`` as the partition last reported it over RMC; ``Unknown`` when the HMC
    never heard from it or it is not activated [V value forms; I when the cached value is dropped]."""
    if part.state == "Not Activated" or not view.os_type:
        return "Unknown"
    if view.os_type == "VIOS" and part.os is not None and part.os.level_key in VIOS_IOSLEVEL:
        return f"VIOS {VIOS_IOSLEVEL[part.os.level_key]}"  # [V shape] `VIOS 3.1.0.11`: the ioslevel only
    return " ".join(x for x in (view.os_type, view.os_version, view.oslevel) if x)


_OLD_PROCESSORS = ("POWER4", "POWER5", "POWER6")


def generation(system: ManagedSystem) -> int:
    """5 for POWER5, 7 for POWER7+, ... (8 when the scenario names none it knows)."""
    return _generation_of(system.processor)


@lru_cache(maxsize=64)  # asked for every partition of every listing; a handful of processor names exist
def _generation_of(processor: str) -> int:
    digits = "".join(c for c in processor.upper().removeprefix("POWER") if c.isdigit())
    return int(digits) if digits else 8


def compat_mode(system: ManagedSystem) -> str:
    """The mode a partition runs in with desired mode `default`: the processor's own [V POWER7/POWER8 lines]."""
    return f"POWER{generation(system)}"


def rmc_state(t: HmcTarget, system: ManagedSystem, part: Partition, view: RmcView | None = None) -> str:
    """active / inactive / none. A Not Activated partition shows inactive [V: ziutus aix53_15, Not
    Activated, rmc_state=inactive]; `none` is for a running one the HMC never heard from [V RSCT doc]."""
    state = (view or t.view(system, part)).state
    return "inactive" if part.state == "Not Activated" else state


RMC_FIELDS = frozenset({"os_version", "rmc_state", "rmc_ipaddr", "rmc_osshutdown_capable", "dlpar_mem_capable",
                        "dlpar_proc_capable", "dlpar_io_capable"})


def _rmc_values(t: HmcTarget, system: ManagedSystem, part: Partition) -> dict[str, str]:
    """The values that come from the HMC's RMC view of the partition (the dearest to compute)."""
    view = t.view(system, part)
    caps = view.dcaps if view.active else 0
    return {
        "os_version": os_version(t, system, part, view),
        "rmc_state": rmc_state(t, system, part, view),
        "rmc_ipaddr": view.ipaddr,
        "rmc_osshutdown_capable": _flag(view.active),  # [I] needs an RMC session only
        "dlpar_mem_capable": _flag(bool(caps & DCAP_MEM)),
        "dlpar_proc_capable": _flag(bool(caps & DCAP_PROC)),
        "dlpar_io_capable": _flag(bool(caps & DCAP_IO)),
    }


# The values read straight off the partition (a chsyscfg setting of the same name overrides them, as it
# does every value): an -F list of these alone (`-F name,state`, what pollers ask most) needs nothing else.
_OWN_FIELDS: dict[str, Callable[[Partition], str]] = {
    "name": attrgetter("name"),
    "lpar_id": lambda p: str(p.id),
    "lpar_env": attrgetter("env"),
    "state": attrgetter("state"),
    "logical_serial_num": attrgetter("logical_serial"),
    "default_profile": attrgetter("default_profile"),
    "curr_profile": attrgetter("curr_profile"),
    "boot_mode": attrgetter("boot_mode"),
    "lpar_keylock": attrgetter("lpar_keylock"),
    "auto_start": lambda p: str(p.auto_start),
    "uuid": attrgetter("uuid"),
}


def lpar_values(t: HmcTarget, system: ManagedSystem, part: Partition,
                only: frozenset[str] | None = None) -> dict[str, str]:
    """Every lssyscfg -r lpar value of ``part``; with ``only`` (an -F list) the RMC ones only if asked, and
    the partition's own values alone when the list asks for nothing else."""
    settings = part.settings
    if only is not None and only.issubset(_OWN_FIELDS):
        return {a: settings[a] if a in settings else _OWN_FIELDS[a](part) for a in only}
    vios = part.env == "vioserver"
    running = part.state == "Running"
    activated = part.state != "Not Activated"
    srr = settings.get("simplified_remote_restart_capable",
                       "1" if generation(system) >= 8 and t.level != "V7" and not vios else "0")
    desired_mode = settings.get("desired_lpar_proc_compat_mode", "default")
    values = {name: get(part) for name, get in _OWN_FIELDS.items()}
    values.update({
        "resource_config": "1",
        "work_group_id": "none",
        "shared_proc_pool_util_auth": "0",
        "allow_perf_collection": "0",
        "power_ctrl_lpar_ids": "none",
        "ipl_source": "null",  # [V literal] an IBM i attribute; null for AIX/Linux/VIOS [I]
        "redundant_err_path_reporting": "0",
        "sync_curr_profile": "0",  # [I]
        # [V values] the POWER7/POWER8 lines: time_ref=0, lpar_avail_priority=127 (a VIOS 191 [I]),
        # desired mode default, current mode the processor's while activated [I: default when off]
        "time_ref": "0",
        "lpar_avail_priority": "191" if vios else "127",
        "desired_lpar_proc_compat_mode": "default",
        "curr_lpar_proc_compat_mode": compat_mode(system) if activated else "default",
        "pend_lpar_proc_compat_mode": "default",
        "suspend_capable": "0",
        "remote_restart_capable": "0",
        # [V] a POWER8 client on V8: simplified_remote_restart_capable=1 and Remote Restartable once
        # started; Invalid until first activated [V IBM "Remote restart states"]; null when not capable
        # [V-client powercampus `lpar lsrr`]. [I] that client partitions on POWER8+ are SRR-capable.
        "simplified_remote_restart_capable": srr,
        "remote_restart_status": ("null" if srr == "0" else "Remote Restartable" if running or part.curr_profile
                                  else "Invalid"),
        "affinity_group_id": "none",
        "vtpm_enabled": "0",
        "msp": _flag(vios),
        "kvm_capable": "0",
        "curr_secure_boot": "0",
        "powervm_mgmt_capable": "0",
        "description": "",
        "os": "vios" if vios else "aix",  # [T] hmcpctl shows os=linux
    })
    if only is None or not RMC_FIELDS.isdisjoint(only):
        values.update(_rmc_values(t, system, part))
    values.update({k: v for k, v in settings.items() if k in values})
    # a partition runs in its profile's compatibility mode, or its processor's with `default`
    values["desired_lpar_proc_compat_mode"] = desired_mode
    if activated and desired_mode != "default":
        values["curr_lpar_proc_compat_mode"] = desired_mode
    return values


def lpar_record(t: HmcTarget, system: ManagedSystem, part: Partition,
                only: frozenset[str] | None = None) -> Record:
    """``only``: the names an -F list asks for; the record then holds those alone (all -F prints of it)."""
    # a VIOS line has no boot_mode [V v7_lssyscfg_r_lpar_default.txt]
    omit = {"boot_mode"} if part.env == "vioserver" else set()
    if system.processor.upper() in _OLD_PROCESSORS:
        omit |= LPAR_POWER7_ONLY
    values = lpar_values(t, system, part, only)
    if only is not None:  # no default line is printed: skip ordering the ~40 values (the dearest part)
        return Record({a: values[a] for a in only if a in values and a not in omit}, ())
    return record(values, listing("lssyscfg.lpar", t.level), omit)


# ---- -r sys --------------------------------------------------------------------------------------
# Capabilities per processor generation: POWER5 values are the captured 9131-52A line [V]; the later
# generations are [I] (what each generation introduced: LPM/HEA with POWER6, AME/AMS/vFC/remote
# restart with POWER7(+), simplified remote restart with POWER8; no GX InfiniBand/HEA from POWER8).
_CAPS_POWER5 = {
    "active_lpar_mobility_capable": "0", "inactive_lpar_mobility_capable": "0",
    "active_lpar_share_idle_procs_capable": "0", "active_mem_expansion_capable": "0",
    "hardware_active_mem_expansion_capable": "0", "active_mem_sharing_capable": "0",
    "addr_broadcast_perf_policy_capable": "0", "bsr_capable": "0", "cod_mem_capable": "0", "cod_proc_capable": "1",
    "dynamic_platform_optimization_capable": "0", "electronic_err_reporting_capable": "0",
    "firmware_power_saver_capable": "0", "hardware_power_saver_capable": "0", "hardware_discovery_capable": "0",
    "hca_capable": "1", "huge_page_mem_capable": "1", "lhea_capable": "0", "lpar_avail_priority_capable": "0",
    "lpar_proc_compat_mode_capable": "0", "lpar_remote_restart_capable": "0",
    "powervm_lpar_remote_restart_capable": "0", "powervm_lpar_simplified_remote_restart_capable": "0",
    "lpar_suspend_capable": "0", "micro_lpar_capable": "1", "os400_capable": "0", "5250_application_capable": "0",
    "redundant_err_path_reporting_capable": "1", "shared_eth_failover_capable": "1", "sni_msg_passing_capable": "0",
    "sp_failover_capable": "1", "vet_activation_capable": "1", "virtual_fc_capable": "0",
    "virtual_io_server_capable": "1", "virtual_switch_capable": "0", "vsn_phase2_capable": "0",
    "vsi_on_veth_capable": "0",
}
_GAINED = {  # generation -> capabilities it turns on [I]
    6: ("active_lpar_mobility_capable inactive_lpar_mobility_capable lhea_capable lpar_proc_compat_mode_capable "
        "lpar_avail_priority_capable virtual_switch_capable bsr_capable firmware_power_saver_capable "
        "hardware_power_saver_capable electronic_err_reporting_capable cod_mem_capable"),
    7: ("active_lpar_share_idle_procs_capable active_mem_expansion_capable active_mem_sharing_capable "
        "virtual_fc_capable lpar_suspend_capable lpar_remote_restart_capable powervm_lpar_remote_restart_capable "
        "hardware_discovery_capable vsn_phase2_capable vsi_on_veth_capable dynamic_platform_optimization_capable "
        "addr_broadcast_perf_policy_capable"),
    8: "powervm_lpar_simplified_remote_restart_capable hardware_active_mem_expansion_capable",
}
_LOST = {8: "hca_capable lhea_capable"}


def capabilities(system: ManagedSystem) -> dict[str, str]:
    gen = generation(system)
    caps = dict(_CAPS_POWER5)
    for g in sorted(set(_GAINED) | set(_LOST)):
        if gen >= g:
            caps.update({c: "1" for c in _GAINED.get(g, "").split()})
            caps.update({c: "0" for c in _LOST.get(g, "").split()})
    return caps


def compat_modes(system: ManagedSystem) -> list[str]:
    """lpar_proc_compat_modes: default and every earlier mode the processor can run [I list]."""
    gen = generation(system)
    modes = ["default"]
    for g in range(6, gen + 1):
        modes.append(f"POWER{g}")
        if g in (6, 7) and g < gen:
            modes.append(f"POWER{g}+")
    return modes


def sys_state(t: HmcTarget, system: ManagedSystem) -> str:
    return system.state if t.connected(system) else "No Connection"


def sys_values(t: HmcTarget, system: ManagedSystem) -> dict[str, str | list[str]]:
    state = sys_state(t, system)
    now = t.world.clock.datetime()
    gen = generation(system)
    caps = capabilities(system)
    values: dict[str, str | list[str]] = {
        "name": system.name,
        "type_model": system.type_model,
        "serial_num": system.serial,
        "ipaddr": system.ipaddr,
        "state": state,
        "detailed_state": "None",
        "sys_time": now.strftime("%m/%d/%Y %H:%M:%S"),  # [V] 10/14/2017 19:45:21
        "power_off_policy": "1",
        **caps,
        "lpar_proc_compat_modes": compat_modes(system),
        "assign_5250_cpw_percent": "0",
        "max_lpars": str(system.max_lpars),
        "max_power_ctrl_lpars": "1",
        "max_remote_restart_capable_lpars": "32",  # [I] a capable system's limits
        "max_suspend_capable_lpars": "16",
        "hca_bandwidth_capabilities": "null",  # [V]
        "service_lpar_id": "none",  # [V] literal
        "service_lpar_name": "none",
        "curr_sys_keylock": "norm",
        "pend_sys_keylock": "norm",
        "curr_power_on_side": "temp",
        "pend_power_on_side": "temp",
        "curr_power_on_speed": "norm",
        "pend_power_on_speed": "norm",
        "curr_power_on_speed_override": "none",  # [V]
        "pend_power_on_speed_override": "none",
        "power_on_type": "power on",
        "power_on_option": "autostart",
        "power_on_lpar_start_policy": "userinit",
        "pend_power_on_option": "autostart",
        "pend_power_on_lpar_start_policy": "userinit",
        "power_on_method": "02",
        "power_on_attr": "0000",
        "sp_boot_attr": "0000",
        "sp_boot_major_type": "08",
        "sp_boot_minor_type": "01",
        "sp_version": "00030030" if gen <= 5 else f"000{min(gen, 9)}0000",  # [V] POWER5; later [I]
        "mfg_default_config": "0",
        "curr_mfg_default_ipl_source": "a",
        "pend_mfg_default_ipl_source": "a",
        "curr_mfg_default_boot_mode": "norm",
        "pend_mfg_default_boot_mode": "norm",
        "capabilities": [c for c, v in caps.items() if v == "1"],
    }
    from ..world.sysres import settings

    values.update({k: v for k, v in settings(system).items() if k in values})  # chsyscfg -r sys changes them
    if state != "Operating":
        # [V] a powered-off system keeps what the service processor knows (sys_time, keylock,
        # power-on settings, a few capabilities); firmware-only values print `unavailable` and
        # max_power_ctrl_lpars drops to 0. [I] No Connection alike: the HMC's last view of the FSP.
        for name in values:
            if name not in SYS_KEPT_WHEN_OFF:
                values[name] = "unavailable"
        values["max_power_ctrl_lpars"] = "0"
    return values


def sys_omitted(values: dict) -> set[str]:
    """What a line leaves out [V: the Operating line lacks the first three, the Power Off line the
    last; I: the rules]."""
    omit = set()
    if values["service_lpar_id"] == "none":
        omit.add("service_lpar_name")
    if values["lpar_remote_restart_capable"] == "0":
        omit.add("max_remote_restart_capable_lpars")
    if values["lpar_suspend_capable"] == "0":
        omit.add("max_suspend_capable_lpars")
    if values["os400_capable"] == "unavailable":
        omit.add("5250_application_capable")
    return omit


def sys_record(t: HmcTarget, system: ManagedSystem) -> Record:
    values = sys_values(t, system)
    return record(values, listing("lssyscfg.sys", t.level), sys_omitted(values))


# ---- -r prof -------------------------------------------------------------------------------------
_SHARED_ONLY = frozenset({"min_proc_units", "desired_proc_units", "max_proc_units", "uncap_weight",
                          "shared_proc_pool_id", "shared_proc_pool_name"})
_HUGE = frozenset({"min_num_huge_pages", "desired_num_huge_pages", "max_num_huge_pages"})


def _listed(elems: list[str]) -> str | list[str]:
    return list(elems) if elems else "none"


def prof_record(t: HmcTarget, system: ManagedSystem, part: Partition, prof: Profile) -> Record:
    m, p = prof.mem, prof.proc
    vios = part.env == "vioserver"
    pio = profile_io.contents(system, part, prof)
    values: dict[str, str | list[str]] = {
        "name": prof.name,
        "lpar_name": part.name,
        "lpar_id": str(part.id),
        "lpar_env": part.env,
        "all_resources": "0",
        "min_mem": str(m.min),
        "desired_mem": str(m.cur),
        "max_mem": str(m.max),
        "min_num_huge_pages": "0",
        "desired_num_huge_pages": "0",
        "max_num_huge_pages": "0",
        "mem_mode": "ded",
        "hpt_ratio": "1:64",
        "proc_mode": p.mode,
        "min_proc_units": proc_units(p.min_units),
        "desired_proc_units": proc_units(p.units),
        "max_proc_units": proc_units(p.max_units),
        "min_procs": str(p.min_procs),
        "desired_procs": str(p.procs),
        "max_procs": str(p.max_procs),
        "sharing_mode": p.sharing_mode,
        "uncap_weight": str(p.uncap_weight),
        "io_slots": _listed(pio.get("io_slots", [])),
        "lpar_io_pool_ids": _listed(pio.get("lpar_io_pool_ids", [])),
        "max_virtual_slots": str(pio.get("max_virtual_slots", 10)),
        **{name: _listed(pio.get(name, [])) for name in profile_io.ADAPTER_LISTS},
        "hca_adapters": "none",
        "boot_mode": pio.get("boot_mode") or part.boot_mode,
        "conn_monitoring": "0",
        "auto_start": str(part.auto_start),
        "power_ctrl_lpar_ids": "none",
        "work_group_id": "none",
        "redundant_err_path_reporting": "0",
        "shared_proc_pool_id": str(p.pool_id),
        "shared_proc_pool_name": "DefaultPool" if p.pool_id == 0 else f"SharedPool{p.pool_id:02d}",  # [I] names
    }
    for name, (default, _ok) in syscfg_settings.PROFILE.items():
        value = pio.get("settings", {}).get(name, default if name not in values else values[name])
        values[name] = value if name != "power_ctrl_lpar_ids" or value == "none" else value.split(",")
    values["vtpm_adapters"] = "none"  # [V] the POWER7 lines; virtual TPMs are not modelled
    omit: set[str] = set()
    if p.mode == "ded":
        omit |= _SHARED_ONLY  # [V Veritas] a dedicated profile has no units, weight or pool
    if vios:
        omit |= _HUGE  # [V] ziutus vios2 profile: no huge-page fields, boot_mode=norm kept
    caps = capabilities(system)
    if caps["active_mem_expansion_capable"] != "1":
        omit.add("mem_expansion")  # [V] kfsolutions' line has none, Veritas' has it [I the rule]
    if caps["lhea_capable"] != "1":
        omit |= {"lhea_logical_ports", "lhea_capabilities"}
    order = None
    if system.processor.upper() in _OLD_PROCESSORS:
        order = PROF_ALL  # [V] the POWER5 lines: the short order, no virtual fibre channel
        omit.add("virtual_fc_adapters")
    return record(values, listing("lssyscfg.prof", t.level), omit, order)


# ---- system profiles ---------------------------------------------------------------------------------
# A system profile names one partition profile per partition (mksyscfg -r sysprof). They are kept on
# the managed system, so snapshots and the state directory carry them [I: nothing else uses them yet].
def sysprofs(world, system: ManagedSystem) -> list[dict]:
    """[{"name": str, "lpars": [[lpar_id, profile_name], ...]}] of ``system``."""
    return system.sysprofs


def sysprof_record(t: HmcTarget, system: ManagedSystem, sp: dict) -> Record:
    parts = [(system.partitions.get(i), prof) for i, prof in sp["lpars"]]
    parts = [(p, prof) for p, prof in parts if p is not None]  # a removed partition drops out [I]
    values = {"name": sp["name"], "lpar_names": [p.name for p, _ in parts],
              "lpar_ids": [str(p.id) for p, _ in parts], "profile_names": [prof for _, prof in parts]}
    return record(values, listing("lssyscfg.sysprof", t.level))
