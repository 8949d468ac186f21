"""World -> UOM objects: ManagementConsole, ManagedSystem, LogicalPartition, VirtualIOServer and the
``quick`` properties. Every value comes from the record builders lssyscfg and lshwres print from
(harness/hmc/syscfg_records.py, hwres_records.py), so the two doors never disagree.

Element names and their order follow captured HMC responses (pypowervm test data) [V names]; the
subset served is what DLPAR and inventory tools read. ``kb`` tells who may write a property [V].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..hmc.hwres_records import mem_lpar_record, mem_sys_record, proc_lpar_record, proc_sys_record
from ..hmc.syscfg_records import lpar_values
from ..hmc.targets import HmcTarget
from ..world.system import ManagedSystem, Partition
from . import ids
from .uomxml import El, Entry, group, leaf, obj_xml

UOM = "/rest/api/uom"

# lssyscfg state -> LogicalPartitionStateEnum [V enum values, pypowervm LPARState]
PARTITION_STATE = {"Running": "running", "Not Activated": "not activated", "Starting": "starting",
                   "Open Firmware": "open firmware", "Shutting Down": "shutting down", "Error": "error",
                   "Not Available": "not available", "Migrating - Running": "migrating running",
                   "Migrating - Not Activated": "migrating not active", "Suspended": "suspended"}
PARTITION_TYPE = {"aixlinux": "AIX/Linux", "vioserver": "Virtual IO Server", "os400": "OS400"}  # [V]
# lssyscfg -r sys state -> the ManagedSystem State enum [I: lower-case forms of the CLI states]
SYSTEM_STATE = {"Operating": "operating", "Power Off": "power off", "No Connection": "no connection",
                "Initializing": "initializing", "Standby": "standby", "Error": "error"}
SHARING_MODE = {"uncap": "uncapped", "cap": "capped", "keep_idle_procs": "keep idle procs",
                "share_idle_procs": "sre idle proces", "share_idle_procs_active": "sre idle procs active",
                "share_idle_procs_always": "sre idle procs always"}  # [V uncapped/capped; I the rest]


@dataclass
class View:
    """What one REST request sees: the world through one HMC, and the base URL it is served at."""

    t: HmcTarget
    base: str  # https://addr:port

    @property
    def world(self):
        return self.t.world

    def stamp(self) -> str:
        """Atom time stamps on the virtual clock (``2014-12-01T22:56:46.781Z`` form [V])."""
        d = self.world.clock.datetime()
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"

    def created_ms(self) -> int:
        """AtomCreated: the world's start, so that an etag changes only when the object does [I]."""
        clock = self.world.clock
        return int((clock.datetime().timestamp() - clock.now) * 1000)

    def url(self, path: str) -> str:
        return f"{self.base}{UOM}/{path}"

    # ---- lookups -----------------------------------------------------------------------------------
    def system_by_uuid(self, uuid: str) -> ManagedSystem | None:
        return next((s for s in self.t.systems() if ids.system_uuid(self.world, s) == uuid.lower()), None)

    def partitions(self, system: ManagedSystem | None = None, vios: bool | None = None):
        for s in ([system] if system else self.t.systems()):
            for p in self.t.partitions(s):
                if vios is None or (p.env == "vioserver") == vios:
                    yield s, p

    def partition_by_uuid(self, uuid: str, system: ManagedSystem | None = None, vios: bool | None = None):
        return next(((s, p) for s, p in self.partitions(system, vios)
                     if ids.partition_uuid(self.world, s, p) == uuid.upper()), (None, None))


# ---- ManagementConsole ---------------------------------------------------------------------------
def console_entry(v: View, schema: str) -> Entry:
    hmc, world = v.t.hmc, v.world
    uid = ids.hmc_uuid(world, hmc)
    mtype, _, model = hmc.type_model.partition("-")
    level = hmc.level
    body = [
        group("MachineTypeModelAndSerialNumber", [leaf("MachineType", mtype, "CUR"), leaf("Model", model, "CUR"),
                                                  leaf("SerialNumber", hmc.serial, "CUR")], kb="ROR"),
        El("ManagedFrames", kb="CUD"),
        El("ManagedSystems", kb="CUD", links=[v.url(f"ManagementConsole/{uid}/ManagedSystem/"
                                                    f"{ids.system_uuid(world, s)}") for s in v.t.systems()]),
        leaf("ManagementConsoleName", hmc.name),
        group("NetworkInterfaces", [leaf("ManagementConsoleNetworkInterface", hmc.ip)], kb="ROR"),  # [I]
        group("VersionInfo", [leaf(k, val) for k, val in version_info(level.version_text)], kb="ROR"),
    ]
    content = obj_xml("ManagementConsole", uid, v.created_ms(), body, schema, "            ")
    return Entry("ManagementConsole", uid, v.url(f"ManagementConsole/{uid}"), content, v.stamp())


def version_info(version_text: str) -> list[tuple[str, str]]:
    """VersionInfo from the lshmc -V text the HMC level holds: ``Version: 8 / Release: 8.2.0 / Service
    Pack: 0 / HMC Build level ...`` [V values; I the split of Release into Release/Maintenance/Minor]."""
    def find(label: str) -> str:
        m = re.search(label + r":?\s*([^\s\\]+)", version_text)
        return m.group(1) if m else ""

    release = find("Release").split(".")
    release += [""] * (3 - len(release))
    return [("BuildLevel", find("HMC Build level")), ("Maintenance", release[1] or "0"),
            ("Minor", release[2] or "0"), ("Release", release[0]), ("ServicePackName", find("Service Pack")),
            ("Version", "V" + find("Version"))]


# ---- ManagedSystem -------------------------------------------------------------------------------
# lssyscfg -r sys values -> AssociatedIPLConfiguration's [V names and "userinit"/"standby"/"manual"/
# "Permanent" values from pypowervm's managedsystem capture; I the rest of the mapping]
POWER_ON_SIDE = {"perm": "Permanent", "temp": "Temporary"}
KEYLOCK = {"norm": "normal", "manual": "manual"}


def _ipl_configuration(sv: dict) -> El:
    """The Hypervisor extended group: what lssyscfg -r sys prints of the next IPL."""
    def val(key: str, table: dict | None = None) -> str:
        raw = str(sv.get(key, ""))
        return (table or {}).get(raw, raw)

    return El("AssociatedIPLConfiguration", kb="CUD", group=True, xag="Hypervisor", children=[
        leaf("CurrentPowerOnSide", val("curr_power_on_side", POWER_ON_SIDE)),
        leaf("CurrentSystemKeylock", val("curr_sys_keylock", KEYLOCK)),
        leaf("PendingPowerOnSide", val("pend_power_on_side", POWER_ON_SIDE), "CUD"),
        leaf("PendingSystemKeylock", val("pend_sys_keylock", KEYLOCK), "CUD"),
        leaf("PowerOnLogicalPartitionStartPolicy", val("power_on_lpar_start_policy"), "CUD"),
        leaf("PowerOnOption", val("power_on_option"), "CUD")])


def system_entry(v: View, system: ManagedSystem, schema: str, groups: set[str] | None = None) -> Entry:
    """``groups``: the ?group= extended attribute groups (xag.py; None: all)."""
    t, world = v.t, v.world
    uid = ids.system_uuid(world, system)
    from ..hmc.syscfg_records import sys_state, sys_values
    from .xag import select

    mem = mem_sys_record(t, system)
    proc = proc_sys_record(t, system)
    mtype, _, model = system.type_model.partition("-")
    body = [
        _ipl_configuration(sys_values(t, system)),
        El("AssociatedLogicalPartitions", kb="CUD",
           links=[v.url(f"ManagedSystem/{uid}/LogicalPartition/{ids.partition_uuid(world, system, p)}")
                  for _, p in v.partitions(system, vios=False)]),
        group("AssociatedSystemMemoryConfiguration", [
            leaf("ConfigurableSystemMemory", mem.get("configurable_sys_mem")),
            leaf("CurrentAvailableSystemMemory", mem.get("curr_avail_sys_mem")),
            leaf("InstalledSystemMemory", mem.get("installed_sys_mem")),
            leaf("MemoryRegionSize", mem.get("mem_region_size")),
            leaf("PendingAvailableSystemMemory", mem.get("pend_avail_sys_mem")),
            leaf("MemoryUsedByHypervisor", mem.get("sys_firmware_mem")),
        ], kb="ROO"),
        group("AssociatedSystemProcessorConfiguration", [
            leaf("ConfigurableSystemProcessorUnits", proc.get("configurable_sys_proc_units")),
            leaf("CurrentAvailableSystemProcessorUnits", proc.get("curr_avail_sys_proc_units")),
            leaf("InstalledSystemProcessorUnits", proc.get("installed_sys_proc_units")),
            leaf("MinimumProcessorUnitsPerVirtualProcessor", proc.get("min_proc_units_per_virtual_proc")),
            leaf("PendingAvailableSystemProcessorUnits", proc.get("pend_avail_sys_proc_units")),
        ], kb="ROO"),
        El("AssociatedVirtualIOServers", kb="CUD",
           links=[v.url(f"ManagedSystem/{uid}/VirtualIOServer/{ids.partition_uuid(world, system, p)}")
                  for _, p in v.partitions(system, vios=True)]),
        group("MachineTypeModelAndSerialNumber", [leaf("MachineType", mtype, "CUR"), leaf("Model", model, "CUR"),
                                                  leaf("SerialNumber", system.serial, "CUR")], kb="ROR"),
        leaf("PrimaryIPAddress", system.ipaddr),
        leaf("State", SYSTEM_STATE.get(sys_state(t, system), sys_state(t, system).lower())),
        leaf("SystemName", system.name, "CUR"),
    ]
    content = obj_xml("ManagedSystem", uid, v.created_ms(), select(body, groups), schema, "            ")
    return Entry("ManagedSystem", uid, v.url(f"ManagedSystem/{uid}"), content, v.stamp())


# ---- LogicalPartition / VirtualIOServer ------------------------------------------------------------
def partition_elements(v: View, system: ManagedSystem, part: Partition) -> list[El]:
    t, world = v.t, v.world
    sys_uid = ids.system_uuid(world, system)
    uid = ids.partition_uuid(world, system, part)
    lv = lpar_values(t, system, part)
    mem = mem_lpar_record(t, system, part)
    proc = proc_lpar_record(t, system, part)
    kind = "VirtualIOServer" if part.env == "vioserver" else "LogicalPartition"
    p = part.proc
    if p.mode == "ded":
        desired = group("DedicatedProcessorConfiguration", [
            leaf("DesiredProcessors", p.procs, "CUD"), leaf("MaximumProcessors", p.max_procs, "CUD"),
            leaf("MinimumProcessors", p.min_procs, "CUD")])
        current = group("CurrentDedicatedProcessorConfiguration", [
            leaf("CurrentMaximumProcessors", proc.get("curr_max_procs")),
            leaf("CurrentMinimumProcessors", proc.get("curr_min_procs")),
            leaf("CurrentProcessors", proc.get("curr_procs")),
            leaf("RunProcessors", proc.get("run_procs"))], kb="ROR")
    else:
        desired = group("SharedProcessorConfiguration", [
            leaf("DesiredProcessingUnits", _pu(p.units), "CUD"), leaf("DesiredVirtualProcessors", p.procs, "CUD"),
            leaf("MaximumProcessingUnits", _pu(p.max_units), "CUD"),
            leaf("MaximumVirtualProcessors", p.max_procs, "CUD"),
            leaf("MinimumProcessingUnits", _pu(p.min_units), "CUD"),
            leaf("MinimumVirtualProcessors", p.min_procs, "CUD"),
            leaf("SharedProcessorPoolID", p.pool_id, "CUD"), leaf("UncappedWeight", p.uncap_weight, "CUD")])
        current = group("CurrentSharedProcessorConfiguration", [
            leaf("AllocatedVirtualProcessors", proc.get("curr_procs")),
            leaf("CurrentMaximumProcessingUnits", proc.get("curr_max_proc_units")),
            leaf("CurrentMinimumProcessingUnits", proc.get("curr_min_proc_units")),
            leaf("CurrentProcessingUnits", proc.get("curr_proc_units")),
            leaf("CurrentSharedProcessorPoolID", proc.get("curr_shared_proc_pool_id")),
            leaf("CurrentUncappedWeight", proc.get("curr_uncap_weight")),
            leaf("CurrentMinimumVirtualProcessors", proc.get("curr_min_procs")),
            leaf("CurrentMaximumVirtualProcessors", proc.get("curr_max_procs")),
            leaf("RuntimeProcessingUnits", proc.get("run_proc_units")),
            leaf("RuntimeUncappedWeight", proc.get("run_uncap_weight"))], kb="ROR")
    ded = p.mode == "ded"
    return [
        leaf("AllowPerformanceDataCollection", lv["allow_perf_collection"] == "1", "CUD"),
        El("AssociatedPartitionProfile", kb="CUD",
           href=v.url(f"{kind}/{uid}/LogicalPartitionProfile/{_prof_uuid(world, system, part)}")),
        leaf("AvailabilityPriority", lv["lpar_avail_priority"], "CUD"),
        leaf("CurrentProcessorCompatibilityMode", lv["curr_lpar_proc_compat_mode"], "ROO"),
        leaf("CurrentProfileSync", "On" if lv["sync_curr_profile"] == "1" else "Off", "CUD"),  # [I] Off
        leaf("IsOperationInProgress", False),
        leaf("KeylockPosition", "normal" if part.lpar_keylock == "norm" else "manual", "CUD"),
        leaf("LogicalSerialNumber", lv["logical_serial_num"], "CUD"),
        leaf("OperatingSystemVersion", lv["os_version"], "CUD"),
        group("PartitionCapabilities", [
            leaf("DynamicLogicalPartitionIOCapable", lv["dlpar_io_capable"] == "1"),
            leaf("DynamicLogicalPartitionMemoryCapable", lv["dlpar_mem_capable"] == "1"),
            leaf("DynamicLogicalPartitionProcessorCapable", lv["dlpar_proc_capable"] == "1"),
            leaf("InternalAndExternalIntrusionDetectionCapable", False, "CUD"),
            leaf("ResourceMonitoringControlOperatingSystemShutdownCapable", lv["rmc_osshutdown_capable"] == "1",
                 "CUD")]),
        leaf("PartitionID", part.id, "COD"),
        group("PartitionMemoryConfiguration", [
            leaf("ActiveMemoryExpansionEnabled", False, "CUD"),
            leaf("DesiredMemory", part.mem.cur, "CUD"),
            leaf("MaximumMemory", part.mem.max, "CUD"),
            leaf("MinimumMemory", part.mem.min, "CUD"),
            leaf("CurrentMaximumMemory", mem.get("curr_max_mem")),
            leaf("CurrentMemory", mem.get("curr_mem")),
            leaf("CurrentMinimumMemory", mem.get("curr_min_mem")),
            leaf("RuntimeMemory", mem.get("run_mem")),
            leaf("RuntimeMinimumMemory", mem.get("run_min_mem")),
            leaf("SharedMemoryEnabled", False, "CUD")]),
        leaf("PartitionName", part.name, "CUR"),
        group("PartitionProcessorConfiguration", [
            leaf("HasDedicatedProcessors", ded, "CUD"),
            desired,
            leaf("SharingMode", SHARING_MODE.get(p.sharing_mode, p.sharing_mode), "CUD"),
            leaf("CurrentHasDedicatedProcessors", ded),
            leaf("CurrentSharingMode", SHARING_MODE.get(p.sharing_mode, p.sharing_mode)),
            leaf("RuntimeHasDedicatedProcessors", ded),
            current]),
        leaf("PartitionState", PARTITION_STATE.get(part.state, part.state.lower()), "ROO"),
        leaf("PartitionType", PARTITION_TYPE.get(part.env, part.env), "COD"),
        leaf("PartitionUUID", uid, "ROO"),
        leaf("ResourceMonitoringControlState", lv["rmc_state"]),
        leaf("ResourceMonitoringIPAddress", lv["rmc_ipaddr"], "ROO"),
        El("AssociatedManagedSystem", kb="CUD", href=v.url(f"ManagedSystem/{sys_uid}")),
        leaf("ReferenceCode", part.refcode or "", "ROO"),
    ] + (_vios_groups(system, part) if part.env == "vioserver" else [])


def _vios_groups(system: ManagedSystem, vios: Partition) -> list[El]:
    """The VIOS's extended groups in the element order of the VirtualIOServer object [V pypowervm
    _VIOS_EL_ORDER: PhysicalVolumes, SharedEthernetAdapters, ..., TrunkAdapters, ..., the free adapters]."""
    from .vios_groups import vios_network

    net = vios_network(system, vios, {name: sw_id for sw_id, name, _ in _switches(system)})
    return (_vios_storage(system, vios) + [net["SharedEthernetAdapters"], net["TrunkAdapters"],
                                           net["FreeIOAdaptersForLinkAggregation"],
                                           net["FreeEthenetBackingDevicesForSEA"]])


def _vios_storage(system: ManagedSystem, vios: Partition) -> list[El]:
    """The ViosStorage group: the VIOS's physical disks, as padmin's lspv lists them (vios_maps.py).
    Element names and order [V pypowervm PhysicalVolume]; where it sits in the VIOS object [I]."""
    from ..world import vios_maps

    disks = []
    for d in vios_maps.state(system, vios)["disks"]:
        used = bool(d.get("vg")) or vios_maps.disk_in_use(system, vios, d)
        disks.append(group("PhysicalVolume", kb="", children=[
            leaf("Description", d.get("description", ""), "CUD"),
            leaf("LocationCode", d.get("physloc", "")),
            leaf("ReservePolicy", "NoReserve", "CUD"),  # [I] the VIOS default for SAS disks
            leaf("AvailableForUsage", not used, "CUD"),
            leaf("VolumeCapacity", d["size_mb"], "CUR"),
            leaf("VolumeName", d["name"], "CUR"),
            leaf("VolumeState", "active"),  # [I] every modelled disk is Available
            leaf("IsFibreChannelBacked", False)]))
    return [El("PhysicalVolumes", kb="CUD", children=disks, group=True, xag="ViosStorage")]


def _pu(x: float) -> str:
    from ..hmc.formatting import proc_units

    return proc_units(x)


def _prof_uuid(world, system, part) -> str:
    """The current profile's id (profiles.py serves it; the last activated one, else the default)."""
    return ids.profile_uuid(world, system, part, part.curr_profile or part.default_profile)


def partition_entry(v: View, system: ManagedSystem, part: Partition, schema: str,
                    under_system: bool = False, groups: set[str] | None = None) -> Entry:
    """``groups``: the ?group= extended attribute groups (xag.py; None: all)."""
    from .xag import select

    kind = "VirtualIOServer" if part.env == "vioserver" else "LogicalPartition"
    uid = ids.partition_uuid(v.world, system, part)
    content = obj_xml(kind, uid, v.created_ms(), select(partition_elements(v, system, part), groups), schema,
                      "            ")
    path = f"{kind}/{uid}"
    if under_system:
        path = f"ManagedSystem/{ids.system_uuid(v.world, system)}/{path}"
    return Entry(kind, uid, v.url(path), content, v.stamp())


# ---- quick properties [I: key names are the UOM element names, plus UUID] -----------------------------
def partition_quick(v: View, system: ManagedSystem, part: Partition) -> dict:
    t = v.t
    lv = lpar_values(t, system, part)
    mem = mem_lpar_record(t, system, part)
    proc = proc_lpar_record(t, system, part)
    ded = part.proc.mode == "ded"
    return {
        "PartitionName": part.name,
        "PartitionID": part.id,
        "UUID": ids.partition_uuid(v.world, system, part),
        "PartitionType": PARTITION_TYPE.get(part.env, part.env),
        "PartitionState": PARTITION_STATE.get(part.state, part.state.lower()),
        "ResourceMonitoringControlState": lv["rmc_state"],
        "ResourceMonitoringIPAddress": lv["rmc_ipaddr"] or None,
        "OperatingSystemVersion": lv["os_version"],
        "CurrentMemory": int(mem.get("curr_mem")),
        "CurrentProcessors": None if not ded else int(proc.get("curr_procs")),
        "CurrentProcessingUnits": float(proc.get("curr_proc_units") or 0) if not ded else None,
        "AllocatedVirtualProcessors": int(proc.get("curr_procs")) if not ded else None,
        "HasDedicatedProcessors": ded,
        "SharingMode": SHARING_MODE.get(part.proc.sharing_mode, part.proc.sharing_mode),
        "DynamicLogicalPartitionMemoryCapable": lv["dlpar_mem_capable"] == "1",
        "DynamicLogicalPartitionProcessorCapable": lv["dlpar_proc_capable"] == "1",
        "DynamicLogicalPartitionIOCapable": lv["dlpar_io_capable"] == "1",
        "LogicalSerialNumber": lv["logical_serial_num"],
        "ReferenceCode": part.refcode or "",
        "AssociatedManagedSystem": v.url(f"ManagedSystem/{ids.system_uuid(v.world, system)}"),
    }


def system_quick(v: View, system: ManagedSystem) -> dict:
    from ..hmc.syscfg_records import sys_state

    mem = mem_sys_record(v.t, system)
    proc = proc_sys_record(v.t, system)
    mtype, _, model = system.type_model.partition("-")
    state = sys_state(v.t, system)
    return {
        "SystemName": system.name,
        "UUID": ids.system_uuid(v.world, system),
        "State": SYSTEM_STATE.get(state, state.lower()),
        "MachineType": mtype,
        "Model": model,
        "SerialNumber": system.serial,
        "PrimaryIPAddress": system.ipaddr,
        "InstalledSystemMemory": int(mem.get("installed_sys_mem") or 0) if state == "Operating" else None,
        "CurrentAvailableSystemMemory": _num(mem.get("curr_avail_sys_mem")),
        "InstalledSystemProcessorUnits": _num(proc.get("installed_sys_proc_units")),
        "CurrentAvailableSystemProcessorUnits": _num(proc.get("curr_avail_sys_proc_units")),
    }


def _num(s):
    try:
        f = float(s)
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() and "." not in str(s) else f


# ---- SharedProcessorPool [V element names, pypowervm data; values from lshwres -r procpool] ----------
def pool_uuid(v: View, system: ManagedSystem, pool_id: int) -> str:
    import uuid

    return str(uuid.uuid3(uuid.UUID(ids.system_uuid(v.world, system)), f"procpool/{pool_id}"))


def pool_entries(v: View, system: ManagedSystem, schema: str) -> list[Entry]:
    from ..hmc.hwres_system import proc_pool_level, procpool_records
    from ..world import sysres

    sys_uid = ids.system_uuid(v.world, system)
    out = []
    for rec in procpool_records(v.t, system, {}):
        pool_id = int(rec.get("shared_proc_pool_id"))
        members = sysres.members(system, pool_id)
        links = [v.url(f"ManagedSystem/{sys_uid}/{'VirtualIOServer' if p.env == 'vioserver' else 'LogicalPartition'}/"
                       f"{ids.partition_uuid(v.world, system, p)}") for p in members]
        body = [El("AssignedPartitions", kb="CUD", links=links)]
        if pool_id == 0:
            avail = proc_pool_level(v.t, system)[0].get("curr_avail_pool_proc_units")
        else:
            used = sum(p.proc.units_used() for p in members if p.state != "Not Activated")
            maximum, reserved = float(rec.get("max_pool_proc_units")), float(rec.get("curr_reserved_pool_proc_units"))
            avail = f"{max(0.0, maximum - reserved - used):.2f}"  # [I] what the pool can still give
            body += [leaf("CurrentReservedProcessingUnits", rec.get("curr_reserved_pool_proc_units")),
                     leaf("MaximumProcessingUnits", rec.get("max_pool_proc_units"), "CUD"),
                     leaf("PendingReservedProcessingUnits", rec.get("pend_reserved_pool_proc_units"), "CUD")]
        body += [leaf("PoolID", pool_id), leaf("AvailableProcUnits", f"{float(avail):.2f}", "CUD"),
                 leaf("PoolName", rec.get("name"), "CUR")]
        uid = pool_uuid(v, system, pool_id)
        content = obj_xml("SharedProcessorPool", uid, v.created_ms(), body, schema, "            ")
        out.append(Entry("SharedProcessorPool", uid, v.url(f"ManagedSystem/{sys_uid}/SharedProcessorPool/{uid}"),
                         content, v.stamp()))
    return out


# ---- VirtualSwitch / VirtualNetwork [V element names and the VLAN<id>-<switch> network name, pypowervm
# data; the switches and VLANs are the ones lshwres -r virtualio --rsubtype vswitch lists] ---------------
DEFAULT_SWITCH_API_NAME = "ETHERNET0(Default)"  # [V] how the REST API names the default switch


def _switches(system: ManagedSystem) -> list[tuple[int, str, dict[str, bool]]]:
    """(switch id, CLI name, {vlan: tagged}) in switch-id order (ETHERNET0 first) [I: ids by name order]."""
    from ..hmc.hwres_system import vswitches
    from ..world import ioslots as io

    tagged: dict[tuple[str, str], bool] = {}
    for part in system.partitions.values():
        for a in io.adapters(system, part, "eth"):
            sw = a.get("vswitch") or io.VSWITCH
            tagged[(sw, str(a["port_vlan_id"]))] = tagged.get((sw, str(a["port_vlan_id"])), False)
            for vid in a.get("addl_vlan_ids", []):
                tagged.setdefault((sw, str(vid)), True)
    names = sorted(vswitches(system), key=lambda n: (n != io.VSWITCH, n))
    return [(i, name, {vid: tagged.get((name, vid), False) for vid in sorted(vswitches(system)[name], key=int)})
            for i, name in enumerate(names)]


def _uid(v: View, system: ManagedSystem, what: str) -> str:
    import uuid

    return str(uuid.uuid3(uuid.UUID(ids.system_uuid(v.world, system)), what))


def switch_entries(v: View, system: ManagedSystem, schema: str) -> list[Entry]:
    from ..world import ioslots as io

    sys_uid = ids.system_uuid(v.world, system)
    out = []
    for sw_id, name, vlans in _switches(system):
        uid = _uid(v, system, f"vswitch/{name}")
        links = [v.url(f"ManagedSystem/{sys_uid}/VirtualNetwork/{_uid(v, system, f'vnet/{name}/{vid}')}")
                 for vid in vlans]
        body = [leaf("SwitchID", sw_id), leaf("SwitchMode", "Veb", "CUD"),
                leaf("SwitchName", DEFAULT_SWITCH_API_NAME if name == io.VSWITCH else name, "CUD"),
                El("VirtualNetworks", kb="CUD", links=links)]
        content = obj_xml("VirtualSwitch", uid, v.created_ms(), body, schema, "            ")
        out.append(Entry("VirtualSwitch", uid, v.url(f"ManagedSystem/{sys_uid}/VirtualSwitch/{uid}"), content,
                         v.stamp()))
    return out


def network_entries(v: View, system: ManagedSystem, schema: str) -> list[Entry]:
    sys_uid = ids.system_uuid(v.world, system)
    out = []
    for sw_id, name, vlans in _switches(system):
        sw_href = v.url(f"ManagedSystem/{sys_uid}/VirtualSwitch/{_uid(v, system, f'vswitch/{name}')}")
        for vid, tagged in vlans.items():
            uid = _uid(v, system, f"vnet/{name}/{vid}")
            body = [El("AssociatedSwitch", kb="COD", href=sw_href), leaf("NetworkName", f"VLAN{vid}-{name}", "CUR"),
                    leaf("NetworkVLANID", vid, "COD"), leaf("VswitchID", sw_id), leaf("TaggedNetwork", tagged, "COD")]
            content = obj_xml("VirtualNetwork", uid, v.created_ms(), body, schema, "            ")
            out.append(Entry("VirtualNetwork", uid, v.url(f"ManagedSystem/{sys_uid}/VirtualNetwork/{uid}"), content,
                             v.stamp()))
    return out


ADVANCED_KSV = "V1_6_0"  # [V] the ksv of the CNA's Advanced group elements in a capture


def _cna_advanced(system: ManagedSystem, part: Partition, a: dict, schema: str) -> list[El]:
    """The Advanced group of a ClientNetworkAdapter: the IP address, mask and default gateway the
    partition's OS configured on the adapter's interface (as ifconfig and netstat -rn show them) [V names,
    ksv and order; I: only while the partition runs, and absent below schema V1_6_0]."""
    from ..world import ioslots as io
    from . import levels

    if part.os is None or not part.running or not levels.at_least(schema, ADVANCED_KSV):
        return []
    # the adapters the partition was built with name their interface; an added one is entN -> enN
    name = a.get("interface") or "en" + io.adapter_device(system, part, a).removeprefix("ent")
    iface = next((i for i in part.os.net.interfaces if i.name == name), None)
    if iface is None or not iface.ip:
        return []
    gateway = next((r.gateway for r in part.os.net.routes if r.destination in ("default", "0", "0.0.0.0")), "")
    out = [El("IPAddress", iface.ip, xag="Advanced", ksv=ADVANCED_KSV),
           El("SubnetMask", iface.netmask, xag="Advanced", ksv=ADVANCED_KSV)]
    if gateway:
        out.append(El("Gateway", gateway, xag="Advanced", ksv=ADVANCED_KSV))
    return out


# ---- ClientNetworkAdapter [V element names, pypowervm data; the adapters lshwres -r virtualio
# --rsubtype eth lists] -------------------------------------------------------------------------------
def cna_entries(v: View, system: ManagedSystem, part: Partition, schema: str, kind: str,
                groups: set[str] | None = None) -> list[Entry]:
    """``groups``: the ?group= extended attribute groups (xag.py; None: all)."""
    from ..world import ioslots as io
    from .xag import select

    sys_uid = ids.system_uuid(v.world, system)
    part_uid = ids.partition_uuid(v.world, system, part)
    switch_ids = {name: sw_id for sw_id, name, _ in _switches(system)}
    out = []
    for a in io.adapters(system, part, "eth"):
        sw = a.get("vswitch") or io.VSWITCH
        drc = io.virtual_drc_name(system, part.id, a["slot_num"])
        uid = _uid(v, system, f"cna/{part.id}/{a['slot_num']}")
        tagged = [str(x) for x in a.get("addl_vlan_ids", [])]
        nets = [v.url(f"ManagedSystem/{sys_uid}/VirtualNetwork/{_uid(v, system, f'vnet/{sw}/{vid}')}")
                for vid in [str(a["port_vlan_id"])] + tagged]
        body = [leaf("DynamicReconfigurationConnectorName", drc, "CUD"), leaf("LocationCode", drc),
                leaf("LocalPartitionID", part.id, "CUR"), leaf("VirtualSlotNumber", a["slot_num"], "COD"),
                leaf("MACAddress", str(a.get("mac_addr", "")).upper(), "CUR"),
                leaf("PortVLANID", a["port_vlan_id"], "CUR"),
                El("TaggedVLANIDs", " ".join(tagged) if tagged else None, "CUA"),  # [I] separator
                leaf("TaggedVLANSupported", bool(a.get("ieee_virtual_eth")), "CUA"),
                El("AssociatedVirtualSwitch", kb="CUD",
                   links=[v.url(f"ManagedSystem/{sys_uid}/VirtualSwitch/{_uid(v, system, f'vswitch/{sw}')}")]),
                leaf("VirtualSwitchID", switch_ids.get(sw, 0))]
        body += _cna_advanced(system, part, a, schema)
        body += [leaf("TrunkPriority", a.get("trunk_priority", 0), "CUD"),
                El("VirtualNetworks", kb="CUR", links=nets)]
        content = obj_xml("ClientNetworkAdapter", uid, 0, select(body, groups), schema, "            ")
        out.append(Entry("ClientNetworkAdapter", uid, v.url(f"{kind}/{part_uid}/ClientNetworkAdapter/{uid}"), content,
                         v.stamp()))
    return out
