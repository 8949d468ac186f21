"""Volume group and logical volume lifecycle over the LVM model (world/lvm.py): mkvg, extendvg, reducevg,
varyonvg, varyoffvg, mklv, rmlv. A disk a VIOS maps to the partition (lvm.add_pv) can become a VG here,
hold LVs and filesystems (crfs), and be given back. Messages carry their tags.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import lvm as L
from ..world.errors import WorldError
from . import messages as M
from .common import aix_command, parse, partition, require_root

VG_NOT_ON = "0516-010 : Volume group must be varied on; use varyonvg command."  # [I]
MKVG_FAILED = "0516-862 mkvg: Unable to create volume group."  # [I]
NOT_A_PV = "0516-1396 {cmd}: The physical volume {pv}, was not found in the\nsystem database."  # [I]
IN_OTHER_VG = ("0516-1398 {cmd}: The physical volume {pv}, appears to belong to\nanother volume group. "
               "Use the force option to add this physical volume\nto a volume group.")  # [I]
NO_VG = "0516-306 {cmd}: Unable to find volume group {vg} in the Device\n\tConfiguration Database."  # [U]
LV_OPEN = ("0516-012 lvaryoffvg: Logical volume must be closed.  If the logical\n\tvolume contains a filesystem, "
           "the umount command will close\n\tthe LV device.\n0516-942 varyoffvg: Unable to vary off volume "
           "group {vg}.")  # [I]
MKLV_FAILED = "0516-822 mklv: Unable to create logical volume."  # [U]
_PP_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}


def _vg_or_error(ctx: CommandContext, cmd: str, name: str) -> L.VolumeGroup | None:
    vg = L.model(partition(ctx).os).vg(name)
    if vg is None:
        ctx.error(NO_VG.format(cmd=cmd, vg=name) + "\n")
    return vg


@aix_command
def mkvg(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: mkvg [-B | -S] [-t factor] [-C | -c] [-f] [-i] [-n] [-P Partitions]\n"
                               "\t[-s Size] [-V MajorNumber] [-v LogicalVolumes] [-y VGname] PVname...\n"))  # [U]
    opts, args = parse(ctx, "BSt:Ccfinp:P:s:V:v:y:G", usage)
    flags = dict(opts)
    if not args:
        usage(ctx)
        return 1
    require_root(ctx)
    pp = flags.get("-s")
    if pp is not None and (not pp.isdigit() or int(pp) not in _PP_SIZES):
        ctx.error(f"0516-1262 mkvg: Invalid physical partition size {pp}.\n" + MKVG_FAILED + "\n")  # [U]
        return 1
    lvm = L.model(os)
    name = flags.get("-y") or next(f"vg{n:02d}" for n in range(100) if lvm.vg(f"vg{n:02d}") is None)
    try:
        L.make_vg(os, name, args, int(pp) if pp else None)
    except WorldError as exc:
        if exc.code == "vg_exists":
            ctx.error("0516-360 mkvg: The device name is already used; choose a different name.\n"
                      + MKVG_FAILED + "\n")  # [U]
        elif exc.code == "no_pv":
            ctx.error(NOT_A_PV.format(cmd="mkvg", pv=exc.facts["pv"]) + "\n" + MKVG_FAILED + "\n")
        else:
            ctx.error(IN_OTHER_VG.format(cmd="mkvg", pv=exc.facts["pv"]) + "\n" + MKVG_FAILED + "\n")
        return 1
    ctx.writeln(name)
    return 0


@aix_command
def extendvg(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: extendvg [-f] VGname PVname...\n"))  # [U]
    opts, args = parse(ctx, "f", usage)
    if len(args) < 2:
        usage(ctx)
        return 1
    require_root(ctx)
    if _vg_or_error(ctx, "extendvg", args[0]) is None:
        return 1
    for disk in args[1:]:
        try:
            L.extend_vg(os, args[0], disk)
        except WorldError as exc:
            text = NOT_A_PV if exc.code == "no_pv" else IN_OTHER_VG
            ctx.error(text.format(cmd="extendvg", pv=disk) + "\n"
                      "0516-792 extendvg: Unable to extend volume group.\n")  # [I]
            return 1
    return 0


@aix_command
def reducevg(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: reducevg [-d] [-f] VGname PVname...\n"))  # [U]
    opts, args = parse(ctx, "df", usage)
    if len(args) < 2:
        usage(ctx)
        return 1
    require_root(ctx)
    if _vg_or_error(ctx, "reducevg", args[0]) is None:
        return 1
    for disk in args[1:]:
        try:
            gone = L.reduce_vg(os, args[0], disk)
        except WorldError as exc:
            if exc.code == "pv_busy":
                ctx.error(f"0516-016 ldeletepv: Cannot delete physical volume with allocated\n"
                          f"\tpartitions. Use either migratepv to move the partitions or\n"
                          f"\treducevg with the -d option to delete the partitions.\n"
                          f"0516-884 reducevg: Unable to remove physical volume {disk}.\n")  # [I]
            else:
                ctx.error(f"0516-884 reducevg: Unable to remove physical volume {disk}.\n")  # [U]
            return 1
        if gone:
            ctx.writeln("ldeletepv: Volume Group deleted since it contains no physical volumes.")  # [I]
    return 0


@aix_command
def varyoffvg(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "s", lambda c: c.error("Usage: varyoffvg [-s] VGname\n"))  # [U]
    if len(args) != 1:
        ctx.error("Usage: varyoffvg [-s] VGname\n")
        return 1
    require_root(ctx)
    vg = _vg_or_error(ctx, "varyoffvg", args[0])
    if vg is None:
        return 1
    if vg.name == "rootvg":
        ctx.error("0516-1140 varyoffvg: Unable to vary off volume group rootvg.\n")  # [U]
        return 1
    if not vg.active:
        return 0
    if L.open_lvs(os, vg.name):
        ctx.error(LV_OPEN.format(vg=vg.name) + "\n")
        return 1
    vg.active = False
    return 0


@aix_command
def varyonvg(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "bcfnprsut", lambda c: c.error("Usage: varyonvg [-b] [-c] [-f] [-n] [-p] [-r] [-s] "
                                                          "[-u] [-t] VGname\n"))  # [U]
    if len(args) != 1:
        ctx.error("Usage: varyonvg [-b] [-c] [-f] [-n] [-p] [-r] [-s] [-u] [-t] VGname\n")
        return 1
    require_root(ctx)
    vg = _vg_or_error(ctx, "varyonvg", args[0])
    if vg is None:
        return 1
    vg.active = True
    L.sync_free(os)
    return 0


@aix_command
def mklv(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: mklv [-a Position] [-b BadBlocks] [-c Copies] [-d Schedule]\n"
                               "\t[-e Range] [-i] [-L Label] [-m MapFile] [-r Relocate] [-s Strict]\n"
                               "\t[-t Type] [-u UpperBound] [-v Verify] [-w MWC] [-x MaxLPs] [-y LVname]\n"
                               "\t[-S StripeSize] [-Y Prefix] VGname NumberOfLPs [PVname...]\n"))  # [U]
    opts, args = parse(ctx, "a:b:c:d:e:iL:m:o:r:s:t:u:v:w:x:y:S:Y:TU:G:P:", usage)
    flags = dict(opts)
    if len(args) < 2 or not args[1].isdigit() or int(args[1]) == 0:
        usage(ctx)
        return 1
    require_root(ctx)
    vg = _vg_or_error(ctx, "mklv", args[0])
    if vg is None:
        ctx.error(MKLV_FAILED + "\n")
        return 1
    if not vg.active:
        ctx.error(VG_NOT_ON + "\n" + MKLV_FAILED + "\n")
        return 1
    lvm = L.model(os)
    name = flags.get("-y", "")
    if name and lvm.lv(name) is not None:
        ctx.error(f"0516-1133 mklv: The name {name} will not be accepted by the lvm.\n" + MKLV_FAILED + "\n")  # [U]
        return 1
    try:
        lv = L.create_lv(os, vg.name, int(args[1]), flags.get("-t", "jfs"), name)
    except WorldError:
        ctx.error(M.ALLOCP_FAILED + "\n" + MKLV_FAILED + "\n")
        return 1
    if "-x" in flags and flags["-x"].isdigit():
        lv.max_lps = max(int(flags["-x"]), lv.lps)
    ctx.writeln(lv.name)
    return 0


@aix_command
def rmlv(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "fp:", lambda c: c.error("Usage: rmlv [-f] [-p PVname] LVname...\n"))  # [U]
    if not args:
        ctx.error("Usage: rmlv [-f] [-p PVname] LVname...\n")
        return 1
    require_root(ctx)
    lvm = L.model(os)
    for name in args:
        lv = lvm.lv(name)
        if lv is None:
            ctx.error(f"0516-306 getlvodm: Unable to find  {name} in the Device\n\tConfiguration Database.\n"
                      f"0516-912 rmlv: Unable to remove logical volume {name}.\n")  # [U]
            return 1
        if L.lv_state(os, lv).startswith("open"):
            ctx.error(f"0516-1008 rmlv: Logical volume {name} must be closed.  If the logical\n"
                      "\tvolume contains a filesystem, the umount command will close\n\tthe LV device.\n"
                      f"0516-912 rmlv: Unable to remove logical volume {name}.\n")  # [I]
            return 1
        fs = L.fs_of(os, lv)
        if fs is not None:
            os.filesystems.remove(fs)
        L.remove_lv(os, lv)
        ctx.writeln(f"rmlv: Logical volume {name} is removed.")
    return 0
