"""What a Virtual I/O Server serves: its physical disks, its virtual server adapters (vhostN, vfchostN,
virtual ethernet), the virtual target devices (VTDs) that map a backing disk to a vhost, the virtual
fibre channel mappings and the Shared Ethernet Adapters (SEAs).

The server adapters are the HMC's: ``ioslots.adapters(system, vios)`` of type ``scsi``/``fc`` with
``adapter_type == "server"`` are, in slot order, the ``vhost0, vhost1, ...`` / ``vfchost0, ...`` that
padmin sees; their client is the adapter's ``remote_lpar_id``. What only the VIOS knows (disks,
VTDs, vfc and SEA mappings) lives in ``system.io["vios_maps"][<vios id>]`` (JSON-able, so dumps
and the state directory carry it), created on first use with a default that matches what the
client partitions already show: every client's ``hdisk0`` (``harness/aix/hw.py``: vscsi0, LUN
0x8100000000000000) is a VIOS disk mapped to the client's vhost, and two disks are left free [I].

Client side: :func:`client_virtual_disks` is what a client partition sees as hdisks over vscsi.
Errors are WorldError codes; the ioscli layer (harness/vios/) renders the real messages.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import ioslots
from .errors import WorldError

if TYPE_CHECKING:
    from .system import ManagedSystem, Partition
    from .world import World

ROOT_DISK_MB = 286102  # [I] a 300 GB SAS drive, for a VIOS without an OS model
CLIENT_DISK_MB = 102400  # [I] a 100 GB LUN per client rootvg
FREE_DISKS = 2  # [I] spare disks a fresh VIOS has for new mappings
SAS_DISK = "SAS Disk Drive"  # [I] lsdev description of the default disks
FIRST_LUN = 0x81  # [V] the first VTD on a vhost is LUN 0x8100000000000000
SYSTEM_LV_PPS = 10  # hd5 (1), hd6 (8), hd8 (1): harness/vios/devices.py SYSTEM_LVS


@dataclass(frozen=True)
class ClientDisk:
    """One disk a client partition sees over virtual SCSI."""

    name: str  # hdiskN on the client
    pvid: str  # the backing disk's PVID (the same on both sides)
    size_mb: int
    lun: str  # 0x8100000000000000
    location: str  # U<tm>.<serial>-V<client id>-C<client slot>-T1-L<lun>
    vios: str  # the serving VIOS partition's name
    vhost: str
    vtd: str
    backing: str  # the VIOS device behind it


# ---- state --------------------------------------------------------------------------------------------
def is_vios(part: "Partition") -> bool:
    return part.env == "vioserver"


def state(system: "ManagedSystem", vios: "Partition") -> dict:
    maps = system.io.setdefault("vios_maps", {})
    st = maps.get(str(vios.id))
    if st is None:
        st = maps[str(vios.id)] = _default(system, vios)
    return st


def _pvid(system: "ManagedSystem", vios: "Partition", n: int) -> str:
    a = zlib.crc32(f"{system.serial}:{vios.id}".encode()) & 0xFFFFFF
    b = zlib.crc32(f"{system.serial}:{vios.id}:{n}".encode())
    return f"00{a:06x}{b:08x}"


def _disk(system: "ManagedSystem", vios: "Partition", n: int, size_mb: int, vg: str = "") -> dict:
    unit = ioslots.unit_phys_loc(system)
    return {"name": f"hdisk{n}", "pvid": _pvid(system, vios, n), "size_mb": size_mb, "vg": vg,
            "physloc": f"{unit}-P1-C1-T1-L{n + 1}-L0", "description": SAS_DISK}  # [I] SAS location shape


def apply_scenario(system: "ManagedSystem", vios: "Partition", spec: dict) -> dict:
    """A scenario's ``vios`` table: ioslevel, free_disks, disk_size_mb, mappings, seas (scenario schema)."""
    st = _default(system, vios, int(spec.get("free_disks", FREE_DISKS)),
                  int(spec.get("disk_size_mb", CLIENT_DISK_MB)))
    system.io.setdefault("vios_maps", {})[str(vios.id)] = st
    if spec.get("ioslevel"):
        st["ioslevel"] = str(spec["ioslevel"])
    for m in spec.get("mappings", []):
        map_disk(system, vios, m["vdev"], m["vadapter"], m.get("dev"))
    for sea in spec.get("seas", []):
        make_sea(system, vios, sea["sea"], [v for v in sea["vadapter"].split(",") if v], sea["default"],
                 int(sea["defaultid"]))
    return st


def _rootvg_mb(vios: "Partition") -> int:
    """rootvg's disk holds the OS's filesystems, boot, paging and log LVs and the free space the OS model
    has (os.vg_free_mb, what chfs and mklv draw on), so the two views add up [I: one disk in rootvg]."""
    if vios.os is None:
        return ROOT_DISK_MB
    pp = _pp_mb()
    fs_pps = sum(-(-f.size_blocks // (pp * 2048)) for f in vios.os.filesystems)
    return (fs_pps + SYSTEM_LV_PPS) * pp + vios.os.vg_free_mb


def _default(system: "ManagedSystem", vios: "Partition", free: int = FREE_DISKS,
             size_mb: int = CLIENT_DISK_MB) -> dict:
    st = {"disks": [_disk(system, vios, 0, _rootvg_mb(vios), "rootvg")], "vtds": [], "vfc": [], "seas": [], "lvs": [],
          "license_accepted": True}
    n = 1
    for a in server_adapters(system, vios, "scsi"):
        client = system.partitions.get(_int(a.get("remote_lpar_id")))
        if client is None or client.os is None:
            continue
        st["disks"].append(_disk(system, vios, n, size_mb))
        st["vtds"].append({"name": f"vtscsi{n - 1}", "slot": a["slot_num"], "backing": f"hdisk{n}",
                           "lun": FIRST_LUN})
        n += 1
    for _ in range(free):
        st["disks"].append(_disk(system, vios, n, size_mb))
        n += 1
    return st


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---- server adapters --------------------------------------------------------------------------------
def server_adapters(system: "ManagedSystem", vios: "Partition", kind: str) -> list[dict]:
    """The HMC's server adapters of ``kind`` ("scsi" or "fc") on the VIOS, in slot order."""
    return [a for a in ioslots.adapters(system, vios, kind) if a.get("adapter_type") == "server"]


def vhosts(system: "ManagedSystem", vios: "Partition") -> list[tuple[str, dict]]:
    return [(f"vhost{i}", a) for i, a in enumerate(server_adapters(system, vios, "scsi"))]


def vfchosts(system: "ManagedSystem", vios: "Partition") -> list[tuple[str, dict]]:
    return [(f"vfchost{i}", a) for i, a in enumerate(server_adapters(system, vios, "fc"))]


def adapter_physloc(system: "ManagedSystem", vios: "Partition", adapter: dict) -> str:
    return ioslots.virtual_drc_name(system, vios.id, adapter["slot_num"])


def client_of(system: "ManagedSystem", adapter: dict) -> "Partition | None":
    return system.partitions.get(_int(adapter.get("remote_lpar_id")))


def client_id_shown(system: "ManagedSystem", adapter: dict) -> int:
    """The Client Partition ID lsmap shows: the client's once it runs, 0 before [I from a capture
    showing 0x00000000 for a vhost whose client was not started]."""
    client = client_of(system, adapter)
    return client.id if client is not None and client.running else 0


def vhost_named(system: "ManagedSystem", vios: "Partition", name: str) -> dict | None:
    return dict(vhosts(system, vios)).get(name)


def vfchost_named(system: "ManagedSystem", vios: "Partition", name: str) -> dict | None:
    return dict(vfchosts(system, vios)).get(name)


# ---- ethernet -----------------------------------------------------------------------------------------
def virtual_eths(system: "ManagedSystem", vios: "Partition") -> list[tuple[str, dict]]:
    """(entN, adapter) of the VIOS's virtual ethernet adapters (the OS names them as hw.py does)."""
    out = []
    for a in ioslots.adapters(system, vios, "eth"):
        if a.get("added"):
            out.append((ioslots.adapter_device(system, vios, a), a))
        else:
            ifaces = [i.name for i in vios.os.net.interfaces] if vios.os else []
            n = a["slot_num"] - 2
            if 0 <= n < len(ifaces):
                out.append((f"ent{n}", a))
    return out


def physical_devices(system: "ManagedSystem", vios: "Partition", prefix: str) -> list[tuple[str, dict]]:
    """(device, slot) of the physical adapter ports with ``prefix`` in the slots the VIOS owns."""
    out = []
    for s in ioslots.owned_slots(system, vios):
        for dev in s.get("devices", []):
            if dev.startswith(prefix) and dev[len(prefix):].isdigit():
                out.append((dev, s))
    return out


def ent_names(system: "ManagedSystem", vios: "Partition") -> set[str]:
    st = state(system, vios)
    return ({n for n, _ in virtual_eths(system, vios)} | {n for n, _ in physical_devices(system, vios, "ent")}
            | {s["name"] for s in st["seas"]})


# ---- queries ----------------------------------------------------------------------------------------------
def disk(system: "ManagedSystem", vios: "Partition", name: str) -> dict | None:
    return next((d for d in state(system, vios)["disks"] if d["name"] == name), None)


def vtds(system: "ManagedSystem", vios: "Partition", slot: int | None = None) -> list[dict]:
    out = [v for v in state(system, vios)["vtds"] if slot is None or v["slot"] == slot]
    return sorted(out, key=lambda v: natural_key(v["name"]))  # [V] by name (I: vtscsi2 before vtscsi10)


def vtd_for_backing(system: "ManagedSystem", vios: "Partition", backing: str) -> dict | None:
    return next((v for v in state(system, vios)["vtds"] if v["backing"] == backing), None)


def lv(system: "ManagedSystem", vios: "Partition", name: str) -> dict | None:
    return next((x for x in state(system, vios).setdefault("lvs", []) if x["name"] == name), None)


def disk_in_use(system: "ManagedSystem", vios: "Partition", d: dict) -> bool:
    return bool(d["vg"]) or vtd_for_backing(system, vios, d["name"]) is not None


def lun_text(lun: int) -> str:
    return f"0x{lun:02x}00000000000000"


def natural_key(name: str) -> tuple[str, int]:
    """vhost2 before vhost10, as the device listings order them [V captures]."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return head, int(tail) if tail else -1


# ---- changes (mkvdev / rmvdev / vfcmap / SEA) -----------------------------------------------------------
def map_disk(system: "ManagedSystem", vios: "Partition", backing: str, vhost: str, dev: str | None = None,
             force: bool = False) -> dict:
    """mkvdev -vdev backing -vadapter vhost [-dev name]: a new VTD on the vhost, at the lowest free LUN."""
    st = state(system, vios)
    adapter = vhost_named(system, vios, vhost)
    if adapter is None:
        raise WorldError("no_vadapter", name=vhost)
    d = disk(system, vios, backing) or lv(system, vios, backing)
    if d is None:
        raise WorldError("no_device", name=backing)
    if d.get("vg") and "pvid" in d:  # a disk in a volume group (an LV of one is a backing device)
        raise WorldError("disk_in_vg", name=backing, vg=d["vg"])
    if vtd_for_backing(system, vios, backing) is not None and not force:
        raise WorldError("disk_mapped", name=backing)
    taken = ({v["name"] for v in st["vtds"]} | ent_names(system, vios) | {x["name"] for x in st["disks"]}
             | {x["name"] for x in st.get("lvs", [])})
    if dev is not None:
        if dev in taken or dev.startswith(("vhost", "vfchost")):
            raise WorldError("dev_exists", name=dev)
        name = dev
    else:
        k = 0
        while f"vtscsi{k}" in taken:
            k += 1
        name = f"vtscsi{k}"
    used = {v["lun"] for v in st["vtds"] if v["slot"] == adapter["slot_num"]}
    lun = FIRST_LUN
    while lun in used:
        lun += 1
    vtd = {"name": name, "slot": adapter["slot_num"], "backing": backing, "lun": lun}
    st["vtds"].append(vtd)
    return vtd


def unmap(system: "ManagedSystem", vios: "Partition", *, vtd: str | None = None,
          backing: str | None = None) -> dict:
    """rmvdev -vtd name | -vdev backing."""
    st = state(system, vios)
    for v in st["vtds"]:
        if (vtd is not None and v["name"] == vtd) or (backing is not None and v["backing"] == backing):
            st["vtds"].remove(v)
            return v
    raise WorldError("no_vtd", name=vtd or backing)


# ---- logical volumes in rootvg (mklv / rmlv): rootvg's free space is the VIOS OS's own (os.vg_free_mb,
# what chfs draws on as root), counted in its 64 MB physical partitions -------------------------------
def _pp_mb() -> int:
    from .storage import PP_SIZE_MB

    return PP_SIZE_MB


def make_lv(system: "ManagedSystem", vios: "Partition", vg: str, size_mb: int, name: str | None = None) -> dict:
    st = state(system, vios)
    lvs = st.setdefault("lvs", [])
    if vg not in {d["vg"] for d in st["disks"] if d["vg"]}:
        raise WorldError("no_vg", name=vg)
    pps = -(-size_mb // _pp_mb())
    if size_mb <= 0:
        raise WorldError("bad_size", name=str(size_mb))
    if pps * _pp_mb() > vios.os.vg_free_mb:
        raise WorldError("vg_full", name=vg)
    taken = {x["name"] for x in lvs} | {f.lv for f in vios.os.filesystems} | {"hd5", "hd6", "hd8"}
    if name is not None:
        if name in taken or disk(system, vios, name) is not None:
            raise WorldError("dev_exists", name=name)
    else:
        k = 0
        while f"lv{k:02d}" in taken:
            k += 1
        name = f"lv{k:02d}"
    vios.os.vg_free_mb -= pps * _pp_mb()
    entry = {"name": name, "vg": vg, "size_mb": pps * _pp_mb()}
    lvs.append(entry)
    return entry


def remove_lv(system: "ManagedSystem", vios: "Partition", name: str) -> dict:
    entry = lv(system, vios, name)
    if entry is None:
        raise WorldError("no_lv", name=name)
    if vtd_for_backing(system, vios, name) is not None:
        raise WorldError("lv_mapped", name=name)
    state(system, vios)["lvs"].remove(entry)
    vios.os.vg_free_mb += entry["size_mb"]
    return entry


def fc_ports(system: "ManagedSystem", vios: "Partition") -> list[tuple[str, dict]]:
    return physical_devices(system, vios, "fcs")


def vfc_map(system: "ManagedSystem", vios: "Partition", vfchost: str, fcp: str) -> None:
    """vfcmap -vadapter vfchostN -fcp fcsM (an empty fcp unmaps)."""
    st = state(system, vios)
    adapter = vfchost_named(system, vios, vfchost)
    if adapter is None:
        raise WorldError("no_vfchost", name=vfchost)
    st["vfc"] = [m for m in st["vfc"] if m["slot"] != adapter["slot_num"]]
    if not fcp:
        return
    if fcp not in dict(fc_ports(system, vios)):
        raise WorldError("no_fcp", name=fcp)
    st["vfc"].append({"slot": adapter["slot_num"], "fcs": fcp})


def vfc_mapping(system: "ManagedSystem", vios: "Partition", adapter: dict) -> str:
    return next((m["fcs"] for m in state(system, vios)["vfc"] if m["slot"] == adapter["slot_num"]), "")


def make_sea(system: "ManagedSystem", vios: "Partition", phys: str, virts: list[str], default: str,
             default_id: int) -> dict:
    """mkvdev -sea phys -vadapter virt[,virt] -default virt -defaultid N: a new entN bridging them."""
    st = state(system, vios)
    physical = dict(physical_devices(system, vios, "ent"))
    virtual = dict(virtual_eths(system, vios))
    if phys not in physical and phys not in {s["name"] for s in st["seas"]}:
        raise WorldError("no_device", name=phys)
    for v in virts + [default]:
        if v not in virtual:
            raise WorldError("not_virtual_eth", name=v)
    if default not in virts:
        raise WorldError("default_not_listed", name=default)
    for s in st["seas"]:
        if phys == s["phys"] or set(virts) & set(s["virts"]):
            raise WorldError("adapter_busy", name=phys if phys == s["phys"] else sorted(set(virts) & set(s["virts"]))[0])
    taken = ent_names(system, vios)
    k = 0
    while f"ent{k}" in taken:
        k += 1
    sea = {"name": f"ent{k}", "phys": phys, "virts": list(virts), "default": default, "default_id": default_id}
    st["seas"].append(sea)
    return sea


def remove_sea(system: "ManagedSystem", vios: "Partition", name: str) -> dict:
    st = state(system, vios)
    for s in st["seas"]:
        if s["name"] == name:
            st["seas"].remove(s)
            return s
    raise WorldError("no_vtd", name=name)


# ---- the client's view --------------------------------------------------------------------------------
def vioses(system: "ManagedSystem") -> list["Partition"]:
    return sorted((p for p in system.partitions.values() if is_vios(p)), key=lambda p: p.id)


def client_virtual_disks(world: "World", client: "Partition", first: int = 0) -> list[ClientDisk]:
    """The hdisks a client partition sees over virtual SCSI, in the order its cfgmgr names them:
    by client adapter slot, then LUN. Names start at hdisk``first`` (0: the client's only disks are
    virtual; pass the number of other disks the client has to number after them) [I ordering]."""
    system = world.system_of(client)
    found: list[tuple[int, dict, "Partition", str]] = []  # (client slot, vtd, vios, vhost)
    for vios in vioses(system):
        if vios.id == client.id:
            continue
        for vhost, adapter in vhosts(system, vios):
            client_slot = _int(adapter.get("remote_slot_num"))
            if _int(adapter.get("remote_lpar_id")) != client.id or client_slot is None:
                continue
            found += [(client_slot, v, vios, vhost) for v in vtds(system, vios, adapter["slot_num"])]
    found.sort(key=lambda f: (f[0], f[1]["lun"]))
    out = []
    for n, (client_slot, v, vios, vhost) in enumerate(found):
        backing = disk(system, vios, v["backing"]) or {"pvid": "none", **(lv(system, vios, v["backing"]) or {})}
        loc = f"{ioslots.virtual_drc_name(system, client.id, client_slot)}-T1-L{v['lun']:02X}00000000000000"
        out.append(ClientDisk(f"hdisk{first + n}", backing["pvid"], int(backing.get("size_mb", 0)),
                              lun_text(v["lun"]), loc, vios.name, vhost, v["name"], v["backing"]))
    return out
