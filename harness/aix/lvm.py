"""LVM and filesystem commands over the one storage model (world/lvm.py): lsvg, lspv, lslv, lsfs, mount,
umount, crfs, rmfs, extendlv. chfs and df (fs.py) read and change the same model.

Layouts: `lsvg VG`, `lsvg -p`, `lslv`, `lsfs`, `lsfs -c`, `mount` follow captured AIX 7 output
(IBM/ansible-power-aix unit-test samples, an IBM support page) [V]; `lsvg -l`, `lspv`, `lspv hdiskN`
column widths are from memory of AIX 7 [I]. Messages carry their own tags.
"""

from __future__ import annotations

import re
from datetime import timedelta

from ..shell.command import CommandContext
from ..world import lvm as L
from ..world.aix import AixOS, Filesystem
from ..world.errors import WorldError
from . import messages as M
from .common import aix_command, parse, partition, require_root, world

# ---- messages ------------------------------------------------------------------------------------------
NO_VG = "0516-306 {cmd}: Unable to find volume group {vg} in the Device\n\tConfiguration Database."  # [U]
NO_LV = "0516-306 lslv: Unable to find  {lv} in the Device\n\tConfiguration Database."  # [U]
# [V "0516-1396 : The physical volume hdisk1, wa..." for a disk in no VG (nodejs/build AIX 7.3 notes);
# the rest of the text and that a missing disk gets the same message are [I]
NO_PV = "0516-1396 : The physical volume {pv}, was not found in the\nsystem database."
MAX_LPS = "0516-787 extendlv: Maximum allocation for logical volume {lv}\n\tis {max}."  # [V ansible chfs msg]
MKLV_FAILED = "0516-822 mklv: Unable to create logical volume."  # [U]
CRFS_NO_LV = "crfs: 0506-972 Cannot create logical volume for jfs2 file system."  # [U]
CRFS_EXISTS = "crfs: 0506-909 {mnt} file system already exists."  # [I]
CRFS_USAGE = ("Usage: crfs -v Vfs {-g Volumegroup | -d Device} [-l LogPartitions] -m Mountpoint\n"
              "\t[-u Mountgroup] [-A {yes|no}] [-t {yes|no}] [-p {ro|rw}]\n"
              "\t[-a Attribute=Value ...] [-n Nodename]")  # [U]
RMFS_MOUNTED = "rmfs: 0506-921 {mnt} is currently mounted."  # [I]
RMFS_NO_FS = "rmfs: 0506-915 No record matching {fs} was found in /etc/filesystems."  # [U]
UMOUNT_BUSY = "umount: 0506-349 Cannot unmount {dev}: The requested resource is busy."  # [I]
UMOUNT_NOT_MOUNTED = "umount: 0506-347 Cannot find anything to unmount."  # [I]
MOUNT_UNKNOWN = "mount: 0506-334 {what} is not a known file system."  # [U]
MOUNT_ALREADY = ("mount: 0506-324 Cannot mount {dev} on {mnt}: "
                 "There is a request to a device or address that does not exist.")  # [U]
EXTENDLV_USAGE = ("Usage: extendlv [-a Position] [-e Range] [-u Upperbound] [-s Strict]\n"
                  "\tLVname NumberOfLPs[M|G] [PVname...]")  # [U]
LSVG_USAGE = ("Usage: lsvg [-L] [-o] [-n DescriptorPV] [-i] [-l | -M | -p] VGname...\n"
              "       lsvg [-L] [-o] [-p]")  # [U]
EPERM_TEXT = "The file access permissions do not allow the specified action."  # AIX strerror(EPERM) [I]
# the filesystems the running system holds open: umount and rmfs refuse them [I]
BUSY_MOUNTS = frozenset({"/", "/usr", "/var", "/tmp", "/opt", "/admin", "/proc", "/aha"})


def _os(ctx: CommandContext) -> AixOS:
    part = partition(ctx)
    from ..world import vscsi_client

    vscsi_client.sync(world(ctx), part)  # disks a VIOS mapped to this partition since (cfgmgr's view)
    return part.os


def _when(ctx: CommandContext, at: float | None, os: AixOS) -> str:
    t = os.boot_time if at is None else at
    return (world(ctx).clock.epoch + timedelta(seconds=t)).strftime("%b %d %H:%M")


def _pp_text(n: int, pp: int) -> str:
    return f"{n} ({n * pp} megabytes)"


def _two(left: str, lval: str, right: str, rval: str, lw: int = 20, vw: int = 25, rw: int = 16) -> str:
    return f"{left:<{lw}}{lval:<{vw}}{right:<{rw}}{rval}"


# ---- lsvg ----------------------------------------------------------------------------------------------
def _vg_block(os: AixOS, vg: L.VolumeGroup) -> list[str]:
    lvm = L.model(os)
    total, free, used = L.vg_totals(lvm, vg.name)
    pvs = L.vg_pvs(lvm, vg.name)
    lvs = L.vg_lvs(lvm, vg.name)
    opened = sum(1 for lv in lvs if L.lv_state(os, lv).startswith("open"))
    pp = vg.pp_size_mb
    vgdas = 2 if len(pvs) == 1 else len(pvs) + 1 if len(pvs) == 2 else len(pvs)  # [V samples; I beyond 2]
    # an original-format VG: 1016 PPs per disk times a factor, 32 disks divided by it [V IBM support page]
    factor = max(1, -(-max((L.total_pps(lvm, p) for p in pvs), default=1) // 1016))
    rows = [
        _two("VOLUME GROUP:", vg.name, "VG IDENTIFIER:", vg.vgid),
        _two("VG STATE:", "active" if vg.active else "inactive", "PP SIZE:", f"{pp} megabyte(s)"),
        _two("VG PERMISSION:", "read/write", "TOTAL PPs:", _pp_text(total, pp)),
        _two("MAX LVs:", "256", "FREE PPs:", _pp_text(free, pp)),
        _two("LVs:", str(len(lvs)), "USED PPs:", _pp_text(used, pp)),
        _two("OPEN LVs:", str(opened), "QUORUM:", f"{vgdas // 2 + 1} (Enabled)"),
        _two("TOTAL PVs:", str(len(pvs)), "VG DESCRIPTORS:", str(vgdas)),
        _two("STALE PVs:", "0", "STALE PPs:", "0"),
        _two("ACTIVE PVs:", str(len(pvs)), "AUTO ON:", "yes" if vg.auto_on else "no"),
        f"{'MAX PPs per VG:':<20}{'32512':<42}",
        _two("MAX PPs per PV:", str(1016 * factor), "MAX PVs:", str(32 // factor)),
        _two("LTG size (Dynamic):", "256 kilobyte(s)", "AUTO SYNC:", "no"),
        _two("HOT SPARE:", "no", "BB POLICY:", "relocatable "),
        _two("PV RESTRICTION:", "none", "INFINITE RETRY:", "no"),
        _two("DISK BLOCK SIZE:", "512", "CRITICAL VG:", "no"),
        _two("FS SYNC OPTION:", "no", "CRITICAL PVs:", "no"),
    ]
    if os.level.key in ("7.2", "7.3", "vios-3.1"):
        rows.append(_two("ENCRYPTION:", "no", "", "").rstrip())  # [V 7.2 TL5 sample; I which levels]
    return rows


def _vg_lv_rows(os: AixOS, vg: L.VolumeGroup) -> list[str]:
    """[I] `lsvg -l` columns: name 20, type 11, LPs 8, PPs 8, PVs 5, state 14, mount point."""
    rows = [f"{vg.name}:", f"{'LV NAME':<20}{'TYPE':<11}{'LPs':<8}{'PPs':<8}{'PVs':<5}{'LV STATE':<14}MOUNT POINT"]
    for lv in L.vg_lvs(L.model(os), vg.name):
        rows.append(f"{lv.name:<20}{lv.type:<11}{lv.lps:<8}{lv.lps * lv.copies:<8}{1:<5}"
                    f"{L.lv_state(os, lv):<14}{L.mount_point(os, lv)}")
    return rows


def _vg_pv_rows(os: AixOS, vg: L.VolumeGroup) -> list[str]:
    lvm = L.model(os)
    rows = [f"{vg.name}:", f"{'PV_NAME':<18}{'PV STATE':<18}{'TOTAL PPs':<12}{'FREE PPs':<12}FREE DISTRIBUTION"]
    for pv in L.vg_pvs(lvm, vg.name):
        rows.append(f"{pv.name:<18}{'active':<18}{L.total_pps(lvm, pv):<12}{L.free_pps(lvm, pv):<12}"
                    f"{L.free_distribution(lvm, pv)}")
    return rows


@aix_command
def lsvg(ctx: CommandContext) -> int:
    os = _os(ctx)
    lvm = L.model(os)
    usage = (lambda c: c.error(LSVG_USAGE + "\n"))
    opts, args = parse(ctx, "Lon:ilMp", usage)
    flags = {o for o, _ in opts}
    if not args:
        if flags - {"-o", "-L"}:
            usage(ctx)
            return 1
        for vg in lvm.vgs:
            if vg.active or "-o" not in flags:
                ctx.writeln(vg.name)
        return 0
    rc = 0
    for name in args:
        vg = lvm.vg(name)
        if vg is None:
            ctx.error(NO_VG.format(cmd="lsvg", vg=name) + "\n")
            rc = 1
            continue
        if not vg.active:
            ctx.error("0516-010 : Volume group must be varied on; use varyonvg command.\n")  # [I]
            rc = 1
            continue
        if "-l" in flags:
            rows = _vg_lv_rows(os, vg)
        elif "-p" in flags:
            rows = _vg_pv_rows(os, vg)
        else:
            rows = _vg_block(os, vg)
        for line in rows:
            ctx.writeln(line)
    return rc


# ---- lspv ----------------------------------------------------------------------------------------------
@aix_command
def lspv(ctx: CommandContext) -> int:
    os = _os(ctx)
    lvm = L.model(os)
    usage = (lambda c: c.error("Usage: lspv [-L] [-P] [-l | -p | -M] [-n DescriptorPV] [-v VGid] PVname\n"))  # [U]
    opts, args = parse(ctx, "LPlpMn:v:u", usage)
    flags = {o for o, _ in opts}
    if not args:
        for pv in lvm.pvs:
            vg = lvm.vg(pv.vg)
            state = ("active" if vg.active else "") if vg is not None else ""
            ctx.writeln(f"{pv.name:<16}{pv.pvid:<36}{pv.vg or 'None':<16}{state}".rstrip())
        return 0
    if len(args) != 1:
        usage(ctx)
        return 1
    pv = lvm.pv(args[0])
    if pv is None:
        ctx.error(NO_PV.format(pv=args[0]) + "\n")
        return 1
    vg = lvm.vg(pv.vg)
    if vg is None:
        ctx.error(NO_PV.format(pv=pv.name) + "\n")
        return 1
    if "-l" in flags:
        ctx.writeln(f"{pv.name}:")
        ctx.writeln(f"{'LV NAME':<22}{'LPs':<5}{'PPs':<5}{'DISTRIBUTION':<26}MOUNT POINT")  # [I]
        for lv in lvm.lvs:
            if lv.pv == pv.name:
                ctx.writeln(f"{lv.name:<22}{lv.lps:<5}{lv.lps * lv.copies:<5}{'..'.join(['00'] * 5):<26}"
                            f"{L.mount_point(os, lv)}")
        return 0
    total, free = L.total_pps(lvm, pv), L.free_pps(lvm, pv)
    pp = vg.pp_size_mb
    lvs = sum(1 for lv in lvm.lvs if lv.pv == pv.name)
    rows = [  # [I] widths from memory of AIX 7
        _two("PHYSICAL VOLUME:", pv.name, "VOLUME GROUP:", vg.name, vw=25, rw=18),
        f"{'PV IDENTIFIER:':<20}{pv.pvid} VG IDENTIFIER     {vg.vgid}",
        f"{'PV STATE:':<20}{'active':<43}",  # padded as a two-column line [V capture]
        _two("STALE PARTITIONS:", "0", "ALLOCATABLE:", "yes", rw=18),
        _two("PP SIZE:", f"{pp} megabyte(s)", "LOGICAL VOLUMES:", str(lvs), rw=18),
        _two("TOTAL PPs:", _pp_text(total, pp), "VG DESCRIPTORS:", "2", rw=18),
        _two("FREE PPs:", _pp_text(free, pp), "HOT SPARE:", "no", rw=18),
        _two("USED PPs:", _pp_text(total - free, pp), "MAX REQUEST:", "256 kilobytes", rw=18),
        f"{'FREE DISTRIBUTION:':<20}{L.free_distribution(lvm, pv):<43}",
        f"{'USED DISTRIBUTION:':<20}{L.used_distribution(lvm, pv):<43}",
        f"{'MIRROR POOL:':<20}None",
    ]
    for line in rows:
        ctx.writeln(line)
    return 0


# ---- lslv ----------------------------------------------------------------------------------------------
@aix_command
def lslv(ctx: CommandContext) -> int:
    os = _os(ctx)
    lvm = L.model(os)
    usage = (lambda c: c.error("Usage: lslv [-L] [-l | -m] [-n PVname] LVname\n"
                               "       lslv [-L] [-n PVname] -p PVname [LVname]\n"))  # [U]
    opts, args = parse(ctx, "Llmn:p:", usage)
    if len(args) != 1:
        usage(ctx)
        return 1
    lv = lvm.lv(args[0])
    if lv is None:
        ctx.error(NO_LV.format(lv=args[0]) + "\n")
        return 1
    vg = lvm.vg(lv.vg)
    flags = {o for o, _ in opts}
    if "-l" in flags:
        ctx.writeln(f"{lv.name}:{L.mount_point(os, lv)}")
        ctx.writeln(f"{'PV':<18}{'COPIES':<16}{'IN BAND':<11}DISTRIBUTION")  # [I]
        ctx.writeln(f"{lv.pv:<18}{f'{lv.lps:03d}:000:000':<16}{'100%':<11}000:000:{lv.lps:03d}:000:000")
        return 0
    fs = L.fs_of(os, lv)
    mount = fs.mount if fs is not None else "N/A"
    label = fs.mount if fs is not None else lv.label
    inter = "minimum"
    intra = lv.intra  # installer's LVs centre, boot LV edge, later ones middle [V hd1 on 7.3, crfs sample]
    opened = L.lv_state(os, lv).replace("open/", "opened/")  # lslv says opened/syncd [V AIX 7.3 capture]
    w = (20, 23, 16)
    rows = [
        _two("LOGICAL VOLUME:", lv.name, "VOLUME GROUP:", lv.vg, *w),
        f"{'LV IDENTIFIER:':<20}{vg.vgid}.{lv.minor} {'PERMISSION:':<16}read/write",
        _two("VG STATE:", "active/complete", "LV STATE:", opened, *w),
        _two("TYPE:", lv.type, "WRITE VERIFY:", "off", *w),
        _two("MAX LPs:", str(lv.max_lps), "PP SIZE:", f"{vg.pp_size_mb} megabyte(s)", *w),
        _two("COPIES:", str(lv.copies), "SCHED POLICY:", "parallel", *w),
        _two("LPs:", str(lv.lps), "PPs:", str(lv.lps * lv.copies), *w),
        _two("STALE PPs:", "0", "BB POLICY:", "relocatable" if lv.type != "boot" else "non-relocatable", *w),
        _two("INTER-POLICY:", inter, "RELOCATABLE:", "yes" if lv.type != "boot" else "no", *w),
        _two("INTRA-POLICY:", intra, "UPPER BOUND:", "32", *w),
        _two("MOUNT POINT:", mount, "LABEL:", label, *w),
        f"{'MIRROR WRITE CONSISTENCY: on/ACTIVE':<65}",
        f"{'EACH LP COPY ON A SEPARATE PV ?: yes':<72}",
        f"{'Serialize IO ?:     NO':<59}",
        _two("INFINITE RETRY:", "no", "PREFERRED READ:", "0", *w),
    ]
    if os.level.key in ("7.2", "7.3", "vios-3.1"):
        rows.append("ENCRYPTION:         no")
    for line in rows:
        ctx.writeln(line)
    return 0


# ---- lsfs ----------------------------------------------------------------------------------------------
def _fs_rows(os: AixOS) -> list[tuple[str, str, str, str, bool, str]]:
    """(device, mount, vfs, size, auto, type) in /etc/filesystems order; /proc after /admin [V mount sample]."""
    rows = []
    pseudo = {mnt: dev for dev, mnt, _ in L.pseudo_filesystems(os)}
    for f in os.filesystems:
        typ = "bootfs" if f.mount in ("/", "/usr", "/var", "/tmp") else ""  # [I]
        rows.append((f.device, f.mount, f.vfs, str(f.size_blocks), f.auto, typ))
        if f.mount == "/admin" and "/proc" in pseudo:
            rows.append(("/proc", "/proc", "procfs", "--", True, ""))
            pseudo.pop("/proc")
    if "/proc" in pseudo:
        rows.append(("/proc", "/proc", "procfs", "--", True, ""))
    return rows


@aix_command
def lsfs(ctx: CommandContext) -> int:
    os = _os(ctx)
    L.model(os)
    usage = (lambda c: c.error(  # [U]
        "Usage: lsfs [-q] [-c | -l] [-a | -v VfsType | -u MountGroup | [FileSystem...]]\n"))
    opts, args = parse(ctx, "qclav:u:", usage)
    flags = dict(opts)
    rows = _fs_rows(os)
    if "-v" in flags:
        rows = [r for r in rows if r[2] == flags["-v"]]
    rc = 0
    if args:
        chosen = []
        for a in args:
            hit = [r for r in rows if a in (r[0], r[1])]
            if not hit:
                ctx.error(f"lsfs: No record matching '{a}' was found in /etc/filesystems.\n")  # [U]
                rc = 1
            chosen += hit
        rows = chosen
        if not rows:
            return rc
    if "-c" in flags:
        ctx.writeln("#MountPoint:Device:Vfs:Nodename:Type:Size:Options:AutoMount:Acct")
        for dev, mnt, vfs, size, auto, typ in rows:
            ctx.writeln(f"{mnt}:{dev}:{vfs}::{typ}:{size if size != '--' else ''}:rw:{'yes' if auto else 'no'}:no")
        return rc
    ctx.writeln("Name            Nodename   Mount Pt               VFS   Size    Options    Auto Accounting")
    for dev, mnt, vfs, size, auto, _typ in rows:
        opt = "rw" if mnt == "/var/adm/ras/livedump" else "--"  # [I]
        ctx.writeln(f"{dev:<15} {'--':<10} {mnt:<22} {vfs:<5} {size:<7} {opt:<10} {'yes' if auto else 'no':<4} no")
    return rc


# ---- mount / umount ------------------------------------------------------------------------------------
def _find_fs(os: AixOS, what: str) -> Filesystem | None:
    return next((f for f in os.filesystems if what in (f.mount, f.device)), None)


@aix_command
def mount(ctx: CommandContext) -> int:
    os = _os(ctx)
    L.model(os)
    opts, args = parse(ctx, "afnop:rt:v:V:", lambda c: c.error(
        "Usage: mount [-fipr] [-n Node] [-o Options] [-p] [-r] [-v Vfs] [-t Type | [Device] Directory]\n"))  # [U]
    if not args:
        ctx.writeln("  node       mounted        mounted over    vfs       date        options      ")
        ctx.writeln("-------- ---------------  ---------------  ------ ------------ --------------- ")
        for dev, mnt, vfs, at in L.mount_table(os):
            options = "rw,log=/dev/hd8" if vfs == "jfs2" else "rw"
            if vfs == "jfs2":
                fs = _find_fs(os, mnt)
                lv = L.lv_of(os, fs) if fs is not None else None
                log = L.log_lv(os, lv.vg) if lv is not None else None
                if log is not None:
                    options = f"rw,log=/dev/{log.name}"
            ctx.writeln(f"{'':>8} {dev:<16} {mnt:<16} {vfs:<6} {_when(ctx, at, os):<12} {options:<15} ")
        return 0
    rc = 0
    for what in args[-1:]:
        fs = _find_fs(os, what)
        if fs is not None and ctx.session.user != "root":  # mount runs for everyone; the kernel refuses
            ctx.error(f"mount: 0506-324 Cannot mount {fs.device} on {fs.mount}: {EPERM_TEXT}\n")  # [I]
            rc = 1
            continue
        if fs is None:
            if what in {m for _, m, _ in L.pseudo_filesystems(os)}:
                ctx.error(MOUNT_ALREADY.format(dev=what, mnt=what) + "\n")
            else:
                ctx.error(MOUNT_UNKNOWN.format(what=what) + "\n")
            rc = 1
            continue
        if fs.mounted:
            ctx.error(f"mount: 0506-324 Cannot mount {fs.device} on {fs.mount}: "
                      "The requested resource is busy.\n")  # [I]
            rc = 1
            continue
        lv = L.lv_of(os, fs)
        vg = L.model(os).vg(lv.vg) if lv is not None else None
        if vg is not None and not vg.active:  # the LV device is gone with its varied-off VG
            ctx.error(MOUNT_ALREADY.format(dev=fs.device, mnt=fs.mount) + "\n")
            rc = 1
            continue
        fs.mounted, fs.mounted_at = True, world(ctx).clock.now
    return rc


@aix_command
def umount(ctx: CommandContext) -> int:
    os = _os(ctx)
    L.model(os)
    opts, args = parse(ctx, "fn:t:", lambda c: c.error(
        "Usage: umount [-f] [-n Node] [-t Type] [Device|Directory]\n"))  # [U]
    if len(args) != 1:
        ctx.error("Usage: umount [-f] [-n Node] [-t Type] [Device|Directory]\n")  # [U]
        return 1
    fs = _find_fs(os, args[0])
    if fs is not None and fs.mounted and ctx.session.user != "root":
        ctx.error(f"umount: 0506-349 Cannot unmount {fs.device}: {EPERM_TEXT}\n")  # [I]
        return 1
    if fs is None or not fs.mounted:
        pseudo = {m for _, m, _ in L.pseudo_filesystems(os)} | {d for d, _, _ in L.pseudo_filesystems(os)}
        if args[0] in pseudo:
            ctx.error(UMOUNT_BUSY.format(dev=args[0]) + "\n")
            return 1
        ctx.error(UMOUNT_NOT_MOUNTED + "\n")
        return 1
    if fs.mount in BUSY_MOUNTS or any(f.mounted and f is not fs and f.mount.startswith(fs.mount.rstrip("/") + "/")
                                      for f in os.filesystems):
        ctx.error(UMOUNT_BUSY.format(dev=fs.device) + "\n")
        return 1
    fs.mounted, fs.mounted_at = False, None
    return 0


# ---- crfs / rmfs / extendlv -----------------------------------------------------------------------------
_SIZE_RE = re.compile(r"^(\d+)([MmGg]?)$")


def _blocks(text: str) -> int | None:
    m = _SIZE_RE.match(text)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "m": 2048, "g": 2097152}[m.group(2).lower()]


@aix_command
def crfs(ctx: CommandContext) -> int:
    os = _os(ctx)
    lvm = L.model(os)
    usage = (lambda c: c.error(CRFS_USAGE + "\n"))
    opts, args = parse(ctx, "v:g:d:l:m:u:A:t:p:a:n:", usage)
    flags: dict[str, str] = {}
    attrs: dict[str, str] = {}
    for o, v in opts:
        if o == "-a":
            key, _, value = v.partition("=")
            attrs[key] = value
        else:
            flags[o] = v
    if args or "-v" not in flags or "-m" not in flags or ("-g" not in flags) == ("-d" not in flags):
        usage(ctx)
        return 1
    require_root(ctx)
    if flags["-v"] not in ("jfs2", "jfs"):
        ctx.error(f"crfs: 0506-931 {flags['-v']} is not a valid virtual file system type.\n")  # [U]
        return 1
    mnt = flags["-m"]
    if _find_fs(os, mnt) is not None or mnt in {m for _, m, _ in L.pseudo_filesystems(os)}:
        ctx.error(CRFS_EXISTS.format(mnt=mnt) + "\n")
        return 1
    vg_name = flags.get("-g")
    if "-d" in flags:
        lv = lvm.lv(flags["-d"].rsplit("/", 1)[-1])
        if lv is None:
            ctx.error(f"crfs: 0506-910 Cannot find {flags['-d']} in the Device Configuration Database.\n")  # [U]
            return 1
        vg_name = lv.vg
    vg = lvm.vg(vg_name or "")
    if vg is None:
        ctx.error(NO_VG.format(cmd="getlvodm", vg=vg_name) + "\n" + MKLV_FAILED + "\n" + CRFS_NO_LV + "\n")
        return 1
    if not vg.active:
        ctx.error("0516-010 : Volume group must be varied on; use varyonvg command.\n"  # [I]
                  + MKLV_FAILED + "\n" + CRFS_NO_LV + "\n")
        return 1
    size = _blocks(attrs.get("size", "")) if "-d" not in flags else None
    if "-d" not in flags and not size:
        ctx.error("crfs: 0506-917 The size attribute is required.\n")  # [U]
        return 1
    pp_blocks = vg.pp_size_mb * L.BLOCKS_PER_MB
    if "-d" in flags:
        size = lv.lps * pp_blocks
        try:
            L.ensure_log(os, vg.name)
        except WorldError:
            ctx.error(M.ALLOCP_FAILED + "\n" + MKLV_FAILED + "\n" + CRFS_NO_LV + "\n")
            return 1
    else:
        try:
            need = -(-size // pp_blocks) + (0 if L.log_lv(os, vg.name) else 1)
            if L.vg_totals(lvm, vg.name)[1] < need:
                raise WorldError("vg_full", needed=need)
            lv = L.create_lv(os, vg.name, -(-size // pp_blocks))
            L.ensure_log(os, vg.name)
        except WorldError:
            ctx.error(M.ALLOCP_FAILED + "\n" + MKLV_FAILED + "\n" + CRFS_NO_LV + "\n")
            return 1
        size = lv.lps * pp_blocks
    auto = flags.get("-A", "no") == "yes"
    os.filesystems.append(Filesystem(f"/dev/{lv.name}", mnt, size, size // 2048 * 8, inodes_used=4, lv=lv.name,
                                     vfs=flags["-v"], mounted=False, auto=auto))
    kb = size // 2
    ctx.writeln("File system created successfully.")
    # [I] JFS2 metadata: 208 KB for 64-128 MB, 4 KB more per further 128 MB (1 GB -> 1048340 seen)
    ctx.writeln(f"{kb - 208 - 4 * max(0, size // 262144 - 1)} kilobytes total disk space.")
    ctx.writeln(f"New File System size is {size}")
    return 0


@aix_command
def rmfs(ctx: CommandContext) -> int:
    os = _os(ctx)
    L.model(os)
    usage = (lambda c: c.error("Usage: rmfs [-r] [-i] FileSystem\n"))  # [U]
    opts, args = parse(ctx, "ri", usage)
    if len(args) != 1:
        usage(ctx)
        return 1
    require_root(ctx)
    fs = _find_fs(os, args[0])
    if fs is None:
        ctx.error(RMFS_NO_FS.format(fs=args[0]) + "\n")
        return 1
    if fs.mounted:
        ctx.error(RMFS_MOUNTED.format(mnt=fs.mount) + "\n")
        return 1
    lv = L.lv_of(os, fs)
    os.filesystems.remove(fs)
    for path in [p for p in os.files if p.startswith(fs.mount.rstrip("/") + "/")]:
        del os.files[path]
    if lv is not None:
        L.remove_lv(os, lv)
        ctx.writeln(f"rmlv: Logical volume {lv.name} is removed.")  # [V shape]
    return 0


@aix_command
def extendlv(ctx: CommandContext) -> int:
    os = _os(ctx)
    lvm = L.model(os)
    usage = (lambda c: c.error(EXTENDLV_USAGE + "\n"))
    opts, args = parse(ctx, "a:e:u:s:m:", usage)
    if len(args) < 2:
        usage(ctx)
        return 1
    require_root(ctx)
    lv = lvm.lv(args[0])
    if lv is None:
        ctx.error(f"0516-306 getlvodm: Unable to find  {args[0]} in the Device\n\tConfiguration Database.\n"
                  + M.EXTENDLV_FAILED + "\n")  # [U]
        return 1
    vg = lvm.vg(lv.vg)
    m = _SIZE_RE.match(args[1])
    if not m or int(m.group(1)) == 0:
        ctx.error(f"0516-1202 extendlv: Invalid number of logical partitions {args[1]}.\n")  # [U]
        usage(ctx)
        return 1
    n, unit = int(m.group(1)), m.group(2).lower()
    lps = n if not unit else -(-(n * (1024 if unit == "g" else 1)) // vg.pp_size_mb)
    try:
        L.extend_lv(os, lv, lps)
    except WorldError as exc:
        if exc.code == "max_lps":
            ctx.error(MAX_LPS.format(lv=lv.name, max=lv.max_lps) + "\n")
        else:
            ctx.error(M.ALLOCP_FAILED + "\n" + M.EXTENDLV_FAILED + "\n")
        return 1
    return 0
