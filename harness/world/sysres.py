"""Managed-system resources beside memory and processors: shared processor pools, the system's
settable configuration (chsyscfg -r sys), system-level memory settings (huge pages, region size),
service LEDs, and renaming a managed system.

State lives in ``ManagedSystem.resources`` (JSON-able, so dumps and the state directory carry it; an
old dump without it loads with the defaults). Defaults derive from the system, never from the RNG.

Facts [V]: 64 shared processor pools per POWER6+ system (IDs 0-63), pool 0 is ``DefaultPool`` and
cannot be changed, the others are named ``SharedPool01``..``SharedPool63`` and are usable once their
maximum is above 0 (powercampus, IBM "Managing shared processor pools"). POWER5 has only the default
pool (``max_shared_proc_pools=1`` in lshwres -r proc --level sys [V]). Settings that a real system
applies at its next power-on (power-on side/speed/option, huge pages, memory region size) are held
as pending values and become current when the system powers on (power.py calls :func:`ipl`) [V:
the HMC shows pend_* and curr_* pairs; I: exactly which values wait for the IPL].
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import WorldError

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition
    from .world import World

HUGE_PAGE_MB = 16384  # [V] huge_page_size=16384
REGION_SIZES = (16, 32, 64, 128, 256)  # [I] logical memory block sizes a system offers

# ---- shared processor pools ----------------------------------------------------------------------


def pool_count(system: ManagedSystem) -> int:
    return 1 if system.processor.upper() == "POWER5" else 64


def _pools(system: ManagedSystem) -> dict:
    return system.resources.setdefault("procpools", {})


def pool(system: ManagedSystem, pool_id: int) -> dict:
    """{"id", "name", "max", "reserved"} of pool ``pool_id`` (0 has no max or reserve)."""
    if pool_id == 0:
        return {"id": 0, "name": "DefaultPool", "max": None, "reserved": None}
    stored = _pools(system).get(str(pool_id), {})
    return {"id": pool_id, "name": stored.get("name", f"SharedPool{pool_id:02d}"),
            "max": float(stored.get("max", 0.0)), "reserved": float(stored.get("reserved", 0.0))}


def pools(system: ManagedSystem) -> list[dict]:
    return [pool(system, i) for i in range(pool_count(system))]


def find_pool(system: ManagedSystem, name: str | None = None, pool_id: str | None = None) -> dict:
    if pool_id is not None:
        if pool_id.isascii() and pool_id.isdigit() and int(pool_id) < pool_count(system):
            return pool(system, int(pool_id))
        raise WorldError("pool_not_found", name=pool_id)
    found = next((p for p in pools(system) if p["name"] == name), None)
    if found is None:
        raise WorldError("pool_not_found", name=name)
    return found


def members(system: ManagedSystem, pool_id: int) -> list[Partition]:
    """Shared-processor partitions assigned to the pool, by ID (dedicated ones belong to none)."""
    return sorted((p for p in system.partitions.values() if p.proc.mode == "shared" and p.proc.pool_id == pool_id),
                  key=lambda p: p.id)


def entitled(system: ManagedSystem, pool_id: int) -> float:
    """Processing units the pool's activated partitions are entitled to."""
    return round(sum(p.proc.units for p in members(system, pool_id) if p.state != "Not Activated"), 2)


def change_pool(system: ManagedSystem, target: dict, new_name: str | None = None, max_units: float | None = None,
                reserved: float | None = None) -> None:
    """chhwres -r procpool -o s on a pool; checks everything before it changes anything."""
    if target["id"] == 0:
        raise WorldError("default_pool", name="DefaultPool")  # [V] the default pool cannot be changed
    if new_name is not None:
        if not new_name or any(p["name"] == new_name and p["id"] != target["id"] for p in pools(system)):
            raise WorldError("pool_name_in_use", name=new_name)
    new_max = target["max"] if max_units is None else max_units
    new_res = target["reserved"] if reserved is None else reserved
    if max_units is not None and max_units != int(max_units):
        raise WorldError("pool_max_integer", value=max_units)  # [V] the maximum must be an integer
    if new_max > system.configurable_proc_units:
        raise WorldError("pool_max_too_big", value=new_max, avail=system.configurable_proc_units)
    need = entitled(system, target["id"]) + new_res
    if members(system, target["id"]) and new_max + 1e-9 < need:
        raise WorldError("pool_max_too_small", pool=target["name"], value=new_max, need=round(need, 2))
    if reserved is not None and reserved - target["reserved"] > system.avail_proc_units() + 1e-9:
        raise WorldError("proc_insufficient", quantity=reserved, avail=system.avail_proc_units())
    stored = _pools(system).setdefault(str(target["id"]), {})
    if new_name is not None:
        stored["name"] = new_name
    stored["max"], stored["reserved"] = float(new_max), round(float(new_res), 2)


def move_partition(system: ManagedSystem, part: Partition, target: dict) -> None:
    """A shared partition joins pool ``target`` (dynamically when it runs) [V: DLPAR pool change]."""
    if part.proc.mode != "shared":
        raise WorldError("pool_ded_partition", lpar=part.name)
    if target["id"] != 0:
        if target["max"] <= 0:
            raise WorldError("pool_not_configured", name=target["name"])
        units = part.proc.units if part.state != "Not Activated" else 0.0
        if entitled(system, target["id"]) + target["reserved"] + units > target["max"] + 1e-9:
            raise WorldError("pool_max_too_small", pool=target["name"], value=target["max"],
                             need=round(entitled(system, target["id"]) + target["reserved"] + units, 2))
    part.proc.pool_id = target["id"]
    for prof in part.profiles:
        if prof.name == part.curr_profile:
            prof.proc.pool_id = target["id"]  # [I] the running configuration is synchronised


# ---- the system's settable configuration (chsyscfg -r sys) ---------------------------------------
# name -> (allowed values or None for free text, listed attribute(s) it sets). Pending ones become the
# current ones at the next power-on. [V names: IBM chsyscfg man page list as remembered; I values]
SETTINGS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "power_off_policy": (("0", "1"), ("power_off_policy",)),
    "power_on_side": (("perm", "temp"), ("pend_power_on_side",)),
    "power_on_speed": (("slow", "fast", "norm"), ("pend_power_on_speed",)),
    "power_on_option": (("autostart", "standby"), ("pend_power_on_option",)),
    "power_on_lpar_start_policy": (("autostart", "userinit", "inactive", "autorecovery"),
                                   ("pend_power_on_lpar_start_policy",)),
    "mfg_default_ipl_source": (("a", "b", "c", "d"), ("pend_mfg_default_ipl_source",)),
    "mfg_default_boot_mode": (("norm", "dd", "ds", "of", "sms"), ("pend_mfg_default_boot_mode",)),
    "max_power_ctrl_lpars": (None, ("max_power_ctrl_lpars",)),
    "service_lpar_id": (None, ("service_lpar_id", "service_lpar_name")),
    "service_lpar_name": (None, ("service_lpar_id", "service_lpar_name")),
    "sp_failover_enabled": (("0", "1"), ()),
}
DEFAULTS = {
    "power_off_policy": "1", "curr_power_on_side": "temp", "pend_power_on_side": "temp",
    "curr_power_on_speed": "norm", "pend_power_on_speed": "norm", "power_on_option": "autostart",
    "pend_power_on_option": "autostart", "power_on_lpar_start_policy": "userinit",
    "pend_power_on_lpar_start_policy": "userinit", "curr_mfg_default_ipl_source": "a",
    "pend_mfg_default_ipl_source": "a", "curr_mfg_default_boot_mode": "norm", "pend_mfg_default_boot_mode": "norm",
    "max_power_ctrl_lpars": "1", "service_lpar_id": "none", "service_lpar_name": "none", "sp_failover_enabled": "1",
}
# pending -> current at power-on
_AT_IPL = {"pend_power_on_side": "curr_power_on_side", "pend_power_on_speed": "curr_power_on_speed",
           "pend_power_on_option": "power_on_option",
           "pend_power_on_lpar_start_policy": "power_on_lpar_start_policy",
           "pend_mfg_default_ipl_source": "curr_mfg_default_ipl_source",
           "pend_mfg_default_boot_mode": "curr_mfg_default_boot_mode"}


def settings(system: ManagedSystem) -> dict[str, str]:
    """Every listed value the settings hold (lssyscfg -r sys shows them)."""
    return {**DEFAULTS, **system.resources.get("settings", {})}


def change_settings(system: ManagedSystem, changes: dict[str, str]) -> None:
    """Apply chsyscfg -r sys attributes (new_name excluded); all checked before any is applied."""
    out: dict[str, str] = {}
    for name, value in changes.items():
        allowed, _ = SETTINGS[name]
        if allowed is not None and value not in allowed:
            raise WorldError("bad_config_value", name=name)
        if name == "max_power_ctrl_lpars" and not (value.isdigit() and 1 <= int(value) <= system.max_lpars):
            raise WorldError("bad_config_value", name=name)
        if name in ("service_lpar_id", "service_lpar_name"):
            if value == "none":
                out["service_lpar_id"] = out["service_lpar_name"] = "none"
                continue
            part = system.partition(int(value) if name == "service_lpar_id" and value.isdigit() else value)
            if part is None or (name == "service_lpar_id" and not value.isdigit()):
                raise WorldError("lpar_id_not_found" if name == "service_lpar_id" else "lpar_name_not_found",
                                 id=value, name=value)
            out["service_lpar_id"], out["service_lpar_name"] = str(part.id), part.name
            continue
        targets = SETTINGS[name][1] or (name,)
        for t in targets:
            out[t] = value
    system.resources.setdefault("settings", {}).update(out)


# ---- system-level memory settings (chhwres -r mem -o s) -------------------------------------------
def mem_settings(system: ManagedSystem) -> dict:
    m = system.resources.get("mem", {})
    return {"requested_huge_pages": int(m.get("requested_huge_pages", 0)),
            "huge_pages": int(m.get("huge_pages", 0)),
            "pend_region_size": str(m.get("pend_region_size", system.mem_region_size)),
            "mirroring": m.get("mirroring", "none"),
            "pend_mirroring": m.get("pend_mirroring", m.get("mirroring", "none"))}


def max_huge_pages(system: ManagedSystem) -> int:
    return system.configurable_mem // HUGE_PAGE_MB // 2  # [I] at most half the memory


def huge_pages_in_use(system: ManagedSystem) -> int:
    return 0  # [model] partitions hold no huge pages (their profiles ask for 0)


def mirroring_capable(system: ManagedSystem) -> bool:
    """Active memory mirroring for the hypervisor: enterprise models from POWER7 on [I: the types listed]."""
    return (system.processor.upper() not in ("POWER5", "POWER6")
            and system.type_model.startswith(("9117-", "9119-", "9179-", "9080-", "9040-", "9043-")))


def set_mem(system: ManagedSystem, requested_huge_pages: int | None = None, region_size: str | None = None,
            mirroring: str | None = None) -> None:
    """chhwres -r mem -o s: everything waits for the next power-on. Huge pages can only be requested
    while the system is powered off [V-client: ansible power_system's documentation]; the region size
    takes 16..256 MB or auto [V-client: ansible's choices]; mirroring none|sys_firmware_only [V-client]."""
    if requested_huge_pages is not None:
        if system.state != "Power Off":
            raise WorldError("huge_pages_powered_on", system=system.name, state=system.state)
        if not 0 <= requested_huge_pages <= max_huge_pages(system):
            raise WorldError("huge_pages_range", value=requested_huge_pages, max=max_huge_pages(system))
    if region_size is not None and region_size not in {str(r) for r in REGION_SIZES} | {"auto"}:
        raise WorldError("bad_config_value", name="pend_mem_region_size")
    if mirroring is not None:
        if mirroring not in ("none", "sys_firmware_only"):
            raise WorldError("bad_config_value", name="mem_mirroring_mode")
        if not mirroring_capable(system):
            raise WorldError("mirroring_unsupported", system=system.name)
    m = system.resources.setdefault("mem", {})
    if requested_huge_pages is not None:
        m["requested_huge_pages"] = requested_huge_pages
    if region_size is not None:
        m["pend_region_size"] = region_size
    if mirroring is not None:
        m["pend_mirroring"] = mirroring


def ipl(world: World, system: ManagedSystem) -> None:
    """The system powered on: pending settings become current; huge pages are carved out of free
    memory, as many of the requested as fit [I]; the memory region size changes."""
    stored = system.resources.setdefault("settings", {})
    current = settings(system)
    for pend, curr in _AT_IPL.items():
        stored[curr] = current[pend]
    m = system.resources.setdefault("mem", {})
    wanted = int(m.get("requested_huge_pages", 0))
    m["huge_pages"] = 0
    free = system.avail_mem()
    m["huge_pages"] = min(wanted, max(0, free) // HUGE_PAGE_MB)
    pend = str(m.get("pend_region_size", system.mem_region_size))
    if pend != "auto":  # auto: the firmware keeps choosing the size it has [I]
        system.mem_region_size = int(pend)
    m["mirroring"] = m.get("pend_mirroring", m.get("mirroring", "none"))


# ---- service indicators (lsled / chled) ------------------------------------------------------------
def leds(system: ManagedSystem) -> dict:
    return system.resources.setdefault("leds", {"phys": "off", "virtualsys": "off", "lpar": {}})


def lpar_led(system: ManagedSystem, part: Partition) -> str:
    return leds(system)["lpar"].get(str(part.id), "off")


def set_led(system: ManagedSystem, kind: str, state: str, part: Partition | None = None) -> None:
    led = leds(system)
    if kind == "virtuallpar":
        led["lpar"][str(part.id)] = state
    else:
        led[kind] = state


# ---- renaming a managed system ----------------------------------------------------------------------
def rename(world: World, system: ManagedSystem, new_name: str) -> None:
    """Every index that names the system by its user-defined name follows it: the world's table, each
    HMC's managed list and lspartition records, RMC sessions, stale-session marks, pending timers
    and the reference-code history."""
    old = system.name
    if new_name == old:
        return
    if not new_name or new_name in world.systems:
        raise WorldError("sys_name_in_use", name=new_name)
    world.systems = {(new_name if k == old else k): v for k, v in world.systems.items()}
    system.name = new_name
    for hmc in world.hmcs.values():
        hmc.managed_systems = [new_name if n == old else n for n in hmc.managed_systems]
        for i, node in enumerate(hmc.managed_nodes):
            if node is not None and node.system == old:
                node.system = new_name
        hmc.__dict__.pop("_slot_index", None)  # node_slot's cache is keyed by system name
        prefix = f"{old}/"
        hmc.stuck_sessions = [new_name + "/" + s[len(prefix):] if s.startswith(prefix) else s
                              for s in hmc.stuck_sessions]
    sessions = world.rmc.sessions
    for key in list(sessions):
        sess = sessions[key]
        if sess.system == old:
            del sessions[key]
            sess.system = new_name
            sessions[sess.key] = sess
    for timer in world.clock.pending():
        if timer.args and timer.args[0] == old:
            timer.args = (new_name, *timer.args[1:])
    hist = world.__dict__.get("_refcode_history", {})
    if "sys:" + old in hist:
        hist["sys:" + new_name] = hist.pop("sys:" + old)
