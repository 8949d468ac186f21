"""AIX storage as the Logical Volume Manager holds it: physical volumes (disks), volume groups cut into
physical partitions (PPs), logical volumes made of PPs, and the JFS2 filesystems that live on them.

One model answers lsvg, lspv, lslv, lsfs, mount, df and chfs alike: a filesystem's size lives on the
Filesystem (os.filesystems, 512-byte blocks), its logical volume holds LPs of the VG's PP size, and a
VG's free PPs are what its disks hold minus what its LVs use. Growing a filesystem past its LV
allocates PPs from the VG, and fails (0516-404) when the VG has none left.

Other code adds disks with ``add_pv`` (the VIOS mapping a vscsi disk to a client partition); a disk
without a VG shows ``None`` in lspv. Identifiers are derived from the partition's machine id and the
object's name, never drawn from world.rng, so adding this model moved no other random value.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import WorldError

if TYPE_CHECKING:
    from .aix import AixOS, Filesystem

BLOCKS_PER_MB = 2048
ROOTVG_PP_MB = 64  # [I] a common rootvg PP size for a 50-100 GB boot disk
# the LVs every rootvg holds besides the filesystem ones: (name, type, LPs, state, label) [I: AIX 7 install]
_ROOTVG_SYSTEM_LVS = (
    ("hd5", "boot", 1, "closed/syncd", "primary_bootlv"),
    ("hd6", "paging", 8, "open/syncd", "None"),
    ("hd8", "jfs2log", 1, "open/syncd", "None"),
)
_ROOTVG_TAIL_LVS = (("lg_dumplv", "sysdump", 16, "open/syncd", "None"),)
# `lsvg -l rootvg` order: boot, paging, log, then the filesystems, the dump device, livedump [I]
_FS_ORDER = ("hd4", "hd2", "hd9var", "hd3", "hd1", "hd10opt", "hd11admin")


@dataclass
class PhysicalVolume:
    name: str  # hdisk0
    pvid: str  # 16 hex digits
    size_mb: int
    vg: str = ""  # "" when the disk belongs to no volume group
    description: str = "Virtual SCSI Disk Drive"
    origin: str = ""  # who added it: "" (install), "vios:<name>" ...

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class VolumeGroup:
    name: str
    vgid: str  # 32 hex digits
    pp_size_mb: int
    active: bool = True  # varied on
    auto_on: bool = True
    major: int = 10

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class LogicalVolume:
    name: str
    vg: str
    type: str  # jfs2, boot, paging, jfs2log, sysdump
    lps: int
    minor: int  # the .N of the LV identifier
    pv: str  # the disk its PPs are on (one-disk placement)
    label: str = "None"
    state: str = ""  # fixed state for non-filesystem LVs; filesystem LVs follow the mount
    copies: int = 1
    max_lps: int = 512  # chlv -x; extendlv past it fails with 0516-787 [V]
    intra: str = "middle"  # intra-physical policy: the installer puts its LVs in the centre [V lslv hd1]

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Lvm:
    pvs: list[PhysicalVolume] = field(default_factory=list)
    vgs: list[VolumeGroup] = field(default_factory=list)
    lvs: list[LogicalVolume] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"pvs": [p.to_dict() for p in self.pvs], "vgs": [v.to_dict() for v in self.vgs],
                "lvs": [lv.to_dict() for lv in self.lvs]}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Lvm":
        data = data or {}
        return cls([PhysicalVolume(**p) for p in data.get("pvs", [])],
                   [VolumeGroup(**v) for v in data.get("vgs", [])],
                   [LogicalVolume(**lv) for lv in data.get("lvs", [])])

    def pv(self, name: str) -> PhysicalVolume | None:
        return next((p for p in self.pvs if p.name == name), None)

    def vg(self, name: str) -> VolumeGroup | None:
        return next((v for v in self.vgs if v.name == name), None)

    def lv(self, name: str) -> LogicalVolume | None:
        return next((lv for lv in self.lvs if lv.name == name), None)


# ---- identifiers ------------------------------------------------------------------------------------------
def _hex(*parts: object, digits: int = 8) -> str:
    h = zlib.crc32("/".join(map(str, parts)).encode())
    return f"{h:08x}"[:digits]


def _prefix(os: "AixOS") -> str:
    """PVIDs and VGIDs start with the machine's CPU id, as AIX makes them [I: 00f6f42a... in captures]."""
    mid = (os.machine_id or "00" + _hex(os.hostname)[:6] + "4C00").lower()
    return mid[:8]


def new_pvid(os: "AixOS", name: str) -> str:
    return _prefix(os) + _hex(os.hostname, "pv", name)


def new_vgid(os: "AixOS", name: str) -> str:
    return _prefix(os) + "00004c00" + "0000" + _hex(os.hostname, "vg", name) + _hex(name, "t")[:4]


# ---- building -------------------------------------------------------------------------------------------
def model(os: "AixOS") -> Lvm:
    """The partition's LVM, built on first use from its filesystems and free space when the state
    predates this model (state directories written before it, hand-made test worlds)."""
    lvm = os.lvm
    if not lvm.vgs and os.filesystems:
        install_rootvg(os, os.vg_free_mb)
    return lvm


def install_rootvg(os: "AixOS", free_mb: int, disk_mb: int | None = None, pp_mb: int = ROOTVG_PP_MB) -> None:
    """What the AIX installer leaves: rootvg on hdisk0 with the system LVs and one LV per filesystem.
    The disk is sized so that ``free_mb`` stays free (or ``disk_mb`` when given)."""
    lvm = os.lvm
    pp_blocks = pp_mb * BLOCKS_PER_MB
    lvm.vgs.insert(0, VolumeGroup("rootvg", new_vgid(os, "rootvg"), pp_mb))
    by_lv = {fs.lv or fs.device.rsplit("/", 1)[-1]: fs for fs in os.filesystems}
    names = [n for n in _FS_ORDER if n in by_lv] + [n for n in by_lv if n not in _FS_ORDER and n != "livedump"]
    rows: list[tuple[str, str, int, str, str]] = list(_ROOTVG_SYSTEM_LVS)
    for n in names:
        rows.append((n, by_lv[n].vfs, -(-by_lv[n].size_blocks // pp_blocks), "", by_lv[n].mount))
    rows += list(_ROOTVG_TAIL_LVS)
    if "livedump" in by_lv:
        fs = by_lv["livedump"]
        rows.append(("livedump", fs.vfs, -(-fs.size_blocks // pp_blocks), "", fs.mount))
    for i, (name, typ, lps, state, label) in enumerate(rows, 1):
        lvm.lvs.append(LogicalVolume(name, "rootvg", typ, lps, i, "hdisk0", label, state, max_lps=max(512, lps),
                                     intra="edge" if typ == "boot" else "center"))
    used = sum(lv.lps for lv in lvm.lvs if lv.vg == "rootvg")
    vgda = 1  # the PP the VGDA and boot record take on a rootvg disk [I]
    size = disk_mb if disk_mb is not None else (used + vgda) * pp_mb + max(0, free_mb)
    lvm.pvs.insert(0, PhysicalVolume("hdisk0", new_pvid(os, "hdisk0"), size, "rootvg"))
    sync_free(os)


def add_pv(os: "AixOS", name: str, pvid: str | None = None, size_mb: int = 51200, vg: str | None = None,
           description: str = "Virtual SCSI Disk Drive", origin: str = "") -> PhysicalVolume:
    """A disk the partition now sees (a vscsi disk a VIOS maps to it, a scenario's data disk). With
    ``vg`` the disk joins that volume group (created with a 64 MB PP size when it does not exist)."""
    lvm = model(os)
    if lvm.pv(name) is not None:
        raise WorldError("pv_exists", name=name)
    pv = PhysicalVolume(name, pvid or new_pvid(os, name), int(size_mb), vg or "", description, origin)
    lvm.pvs.append(pv)
    if vg and lvm.vg(vg) is None:
        lvm.vgs.append(VolumeGroup(vg, new_vgid(os, vg), ROOTVG_PP_MB, major=35 + len(lvm.vgs)))
    return pv


def remove_pv(os: "AixOS", name: str) -> bool:
    """The disk went away (rmvdev on the VIOS). A disk holding LVs stays: AIX would show it missing."""
    lvm = model(os)
    pv = lvm.pv(name)
    if pv is None or any(lv.pv == name for lv in lvm.lvs):
        return False
    lvm.pvs.remove(pv)
    return True


# ---- queries ----------------------------------------------------------------------------------------------
def total_pps(lvm: Lvm, pv: PhysicalVolume) -> int:
    vg = lvm.vg(pv.vg)
    if vg is None:
        return 0
    return pv.size_mb // vg.pp_size_mb - (1 if pv.name == "hdisk0" and vg.name == "rootvg" else 0)


def used_pps(lvm: Lvm, pv: PhysicalVolume) -> int:
    return sum(lv.lps * lv.copies for lv in lvm.lvs if lv.pv == pv.name)


def free_pps(lvm: Lvm, pv: PhysicalVolume) -> int:
    return max(0, total_pps(lvm, pv) - used_pps(lvm, pv))


def vg_pvs(lvm: Lvm, vg: str) -> list[PhysicalVolume]:
    return [p for p in lvm.pvs if p.vg == vg]


def vg_lvs(lvm: Lvm, vg: str) -> list[LogicalVolume]:
    return [lv for lv in lvm.lvs if lv.vg == vg]


def vg_totals(lvm: Lvm, vg: str) -> tuple[int, int, int]:
    """(total, free, used) PPs of a volume group."""
    pvs = vg_pvs(lvm, vg)
    total = sum(total_pps(lvm, p) for p in pvs)
    free = sum(free_pps(lvm, p) for p in pvs)
    return total, free, total - free


def fs_of(os: "AixOS", lv: LogicalVolume) -> "Filesystem | None":
    return next((f for f in os.filesystems if (f.lv or f.device.rsplit("/", 1)[-1]) == lv.name), None)


def lv_of(os: "AixOS", fs: "Filesystem") -> LogicalVolume | None:
    return model(os).lv(fs.lv or fs.device.rsplit("/", 1)[-1])


def lv_state(os: "AixOS", lv: LogicalVolume) -> str:
    if lv.state:
        return lv.state
    if lv.type == "jfs2log":  # a VG's log is open while a filesystem that logs to it is mounted
        used = any(f.mounted and (x := os.lvm.lv(f.lv)) is not None and x.vg == lv.vg for f in os.filesystems)
        return "open/syncd" if used else "closed/syncd"
    fs = fs_of(os, lv)
    return "open/syncd" if fs is not None and fs.mounted else "closed/syncd"


def log_lv(os: "AixOS", vg: str) -> LogicalVolume | None:
    """The JFS2 log of a volume group (hd8 in rootvg, loglvNN in the others)."""
    return next((lv for lv in os.lvm.lvs if lv.vg == vg and lv.type == "jfs2log"), None)


def ensure_log(os: "AixOS", vg: str) -> LogicalVolume:
    """crfs on a VG without a JFS2 log makes one: loglv00, one LP [V loglvNN rows in lsvg -l captures]."""
    log = log_lv(os, vg)
    if log is not None:
        return log
    n = 0
    while os.lvm.lv(f"loglv{n:02d}") is not None:
        n += 1
    return create_lv(os, vg, 1, "jfs2log", f"loglv{n:02d}")


def mount_point(os: "AixOS", lv: LogicalVolume) -> str:
    fs = fs_of(os, lv)
    return fs.mount if fs is not None else "N/A"


def free_distribution(lvm: Lvm, pv: PhysicalVolume) -> str:
    """Free PPs in the five regions of the disk (outer edge .. inner edge). Allocation fills the
    centre first, then the middles, then the edges (the default intra-policy) [I]."""
    total = total_pps(lvm, pv)
    base, extra = divmod(total, 5)
    sizes = [base + (1 if i < extra else 0) for i in range(5)]
    used = used_pps(lvm, pv)
    free = list(sizes)
    for region in (2, 1, 3, 0, 4):
        take = min(free[region], used)
        free[region] -= take
        used -= take
    return "..".join(f"{n:02d}" for n in free)


def used_distribution(lvm: Lvm, pv: PhysicalVolume) -> str:
    total = total_pps(lvm, pv)
    base, extra = divmod(total, 5)
    sizes = [base + (1 if i < extra else 0) for i in range(5)]
    free = [int(x) for x in free_distribution(lvm, pv).split("..")]
    return "..".join(f"{s - f:02d}" for s, f in zip(sizes, free))


# ---- changes ----------------------------------------------------------------------------------------------
def sync_free(os: "AixOS") -> None:
    """os.vg_free_mb mirrors rootvg's free space for readers that predate this model."""
    lvm = os.lvm
    vg = lvm.vg("rootvg")
    if vg is not None:
        os.vg_free_mb = vg_totals(lvm, "rootvg")[1] * vg.pp_size_mb


def _pick_pv(lvm: Lvm, vg: str, need: int, prefer: str = "") -> PhysicalVolume:
    pvs = vg_pvs(lvm, vg)
    ordered = [p for p in pvs if p.name == prefer] + [p for p in pvs if p.name != prefer]
    for p in ordered:
        if free_pps(lvm, p) >= need:
            return p
    raise WorldError("vg_full", needed=need, free=sum(free_pps(lvm, p) for p in pvs))


def extend_lv(os: "AixOS", lv: LogicalVolume, add_lps: int) -> None:
    """Grow ``lv`` by ``add_lps`` LPs from its VG's free PPs (extendlv, chfs growth); WorldError
    vg_full when the disk holding it cannot give them (one-disk placement [I])."""
    lvm = model(os)
    if add_lps <= 0:
        return
    if lv.lps + add_lps > lv.max_lps:
        raise WorldError("max_lps", lv=lv.name, max=lv.max_lps)
    pv = lvm.pv(lv.pv)
    if pv is None or free_pps(lvm, pv) < add_lps * lv.copies:
        raise WorldError("vg_full", needed=add_lps, free=free_pps(lvm, pv) if pv else 0)
    lv.lps += add_lps
    sync_free(os)


def resize_fs(os: "AixOS", fs: "Filesystem", new_blocks: int) -> int:
    """chfs -a size=: the filesystem takes ``new_blocks`` rounded up to whole PPs; its LV grows from the
    VG's free PPs when it must (and shrinks with it). Returns the new size in blocks.
    WorldError: bad_size, vg_full (0516-404), too_small."""
    lvm = model(os)
    lv = lv_of(os, fs)
    if new_blocks <= 0:
        raise WorldError("bad_size", size=new_blocks)
    pp_mb = lvm.vg(lv.vg).pp_size_mb if lv is not None else ROOTVG_PP_MB
    pp_blocks = pp_mb * BLOCKS_PER_MB
    new_blocks = -(-new_blocks // pp_blocks) * pp_blocks
    if new_blocks == fs.size_blocks:
        return new_blocks
    if new_blocks < os.used_blocks(fs):
        raise WorldError("too_small", size=new_blocks, used=os.used_blocks(fs))
    need = new_blocks // pp_blocks
    if lv is not None:
        if need > lv.lps:
            extend_lv(os, lv, need - lv.lps)
        elif new_blocks < fs.size_blocks:
            lv.lps = need  # a JFS2 shrink gives the PPs back [I]
    fs.size_blocks = new_blocks
    sync_free(os)
    return new_blocks


def next_lv_name(lvm: Lvm, typ: str = "jfs2") -> str:
    stem = "fslv" if typ.startswith("jfs") else "lv"
    n = 0
    while lvm.lv(f"{stem}{n:02d}") is not None:
        n += 1
    return f"{stem}{n:02d}"


def create_lv(os: "AixOS", vg_name: str, lps: int, typ: str = "jfs2", name: str = "") -> LogicalVolume:
    lvm = model(os)
    vg = lvm.vg(vg_name)
    if vg is None:
        raise WorldError("no_vg", vg=vg_name)
    pv = _pick_pv(lvm, vg_name, lps)
    minor = max((lv.minor for lv in vg_lvs(lvm, vg_name)), default=0) + 1
    lv = LogicalVolume(name or next_lv_name(lvm, typ), vg_name, typ, lps, minor, pv.name)
    lvm.lvs.append(lv)
    sync_free(os)
    return lv


def remove_lv(os: "AixOS", lv: LogicalVolume) -> None:
    os.lvm.lvs.remove(lv)
    sync_free(os)


def problems(os: "AixOS") -> list[str]:
    """What must always hold (world.check_invariants): no disk gives more PPs than it has, every
    filesystem fits in its LV, no LV exceeds its maximum."""
    lvm = os.lvm
    out = []
    for pv in lvm.pvs:
        if pv.vg and used_pps(lvm, pv) > total_pps(lvm, pv):
            out.append(f"{pv.name}: {used_pps(lvm, pv)} PPs used of {total_pps(lvm, pv)}")
    for fs in os.filesystems:
        lv = lvm.lv(fs.lv or fs.device.rsplit("/", 1)[-1])
        vg = lvm.vg(lv.vg) if lv is not None else None
        if lv is not None and vg is not None and fs.size_blocks > lv.lps * vg.pp_size_mb * BLOCKS_PER_MB:
            out.append(f"{fs.mount}: {fs.size_blocks} blocks on {lv.name} of {lv.lps} LPs")
    out += [f"{lv.name}: {lv.lps} LPs over its maximum {lv.max_lps}" for lv in lvm.lvs if lv.lps > lv.max_lps]
    return out


# ---- pseudo filesystems -------------------------------------------------------------------------------------
def pseudo_filesystems(os: "AixOS") -> list[tuple[str, str, str]]:
    """(device, mount point, vfs) of the kernel's own mounts: /proc everywhere, the AIX Event
    Infrastructure (/ahafs on /aha) on AIX 7 [I: mounted by default from 7.1]."""
    out = [("/proc", "/proc", "procfs")]
    if os.level.uname_version == "7":
        out.append(("/ahafs", "/aha", "ahafs"))
    return out


def mount_table(os: "AixOS") -> list[tuple[str, str, str, float | None]]:
    """(device, mount point, vfs, mounted_at) in mount order: the rootvg filesystems, /proc after
    /admin (the /etc/filesystems order), /aha once the boot mounts are done, then later mounts."""
    boot = [f for f in os.filesystems if f.mounted and f.mounted_at is None]
    later = sorted((f for f in os.filesystems if f.mounted and f.mounted_at is not None),
                   key=lambda f: f.mounted_at)
    pseudo = {mnt: (dev, mnt, vfs, None) for dev, mnt, vfs in pseudo_filesystems(os)}
    rows: list[tuple[str, str, str, float | None]] = []
    for f in boot:
        rows.append((f.device, f.mount, f.vfs, None))
        if f.mount == "/admin" and "/proc" in pseudo:
            rows.append(pseudo.pop("/proc"))
    rows += list(pseudo.values())
    rows += [(f.device, f.mount, f.vfs, f.mounted_at) for f in later]
    return rows


# ---- volume group lifecycle (mkvg, extendvg, reducevg, varyonvg, varyoffvg) --------------------------------
def default_pp_mb(size_mb: int) -> int:
    """mkvg without -s: the smallest power-of-two PP size (at least 4 MB) that keeps the disk within
    1016 PPs, the original-format limit [I]."""
    pp = 4
    while size_mb // pp > 1016:
        pp *= 2
    return pp


def make_vg(os: "AixOS", name: str, disks: list[str], pp_mb: int | None = None) -> VolumeGroup:
    """WorldError: vg_exists, no_pv (a named disk does not exist), pv_in_vg (a disk belongs to a VG)."""
    lvm = model(os)
    if lvm.vg(name) is not None:
        raise WorldError("vg_exists", vg=name)
    pvs = []
    for d in disks:
        pv = lvm.pv(d)
        if pv is None:
            raise WorldError("no_pv", pv=d)
        if pv.vg:
            raise WorldError("pv_in_vg", pv=d, vg=pv.vg)
        pvs.append(pv)
    pp = pp_mb or default_pp_mb(max(p.size_mb for p in pvs))
    vg = VolumeGroup(name, new_vgid(os, name), pp, major=35 + len(lvm.vgs))
    lvm.vgs.append(vg)
    for pv in pvs:
        pv.vg = name
    return vg


def extend_vg(os: "AixOS", name: str, disk: str) -> None:
    lvm = model(os)
    vg, pv = lvm.vg(name), lvm.pv(disk)
    if vg is None:
        raise WorldError("no_vg", vg=name)
    if pv is None:
        raise WorldError("no_pv", pv=disk)
    if pv.vg:
        raise WorldError("pv_in_vg", pv=disk, vg=pv.vg)
    pv.vg = name
    sync_free(os)


def reduce_vg(os: "AixOS", name: str, disk: str) -> bool:
    """Take ``disk`` out of the VG; True when that removed the VG (its last disk). WorldError pv_busy
    when LVs live on the disk."""
    lvm = model(os)
    pv = lvm.pv(disk)
    if lvm.vg(name) is None:
        raise WorldError("no_vg", vg=name)
    if pv is None or pv.vg != name:
        raise WorldError("no_pv", pv=disk)
    if any(lv.pv == disk for lv in lvm.lvs):
        raise WorldError("pv_busy", pv=disk)
    pv.vg = ""
    if not vg_pvs(lvm, name):
        lvm.vgs.remove(lvm.vg(name))
        return True
    sync_free(os)
    return False


def open_lvs(os: "AixOS", vg: str) -> list[LogicalVolume]:
    return [lv for lv in vg_lvs(model(os), vg) if lv_state(os, lv).startswith("open")]
