"""Filesystem commands over the modelled storage: df, chfs, rm, ls, du, find (reference §3.1, §3.2).

The model knows the filesystems (sizes in 512-byte blocks) and a set of files by size (os.files);
directories are the standard AIX tree, the mount points and every parent of a modelled file.
"""

from __future__ import annotations

import fnmatch
import math
import posixpath
import re
from datetime import timedelta

from ..shell.command import CommandContext
from ..world import lvm, storage
from ..world.aix import AixOS, Filesystem, file_size
from ..world.errors import WorldError
from ..world.vfs import SYMLINKS, Stat, Vfs, VfsError, normpath, resolve
from ..world.vfs import resolve as vfs_resolve
from . import messages as M
from .common import aix_command, cwd, parse, partition

# The standard AIX directory tree the model always has [I].
KNOWN_DIRS = frozenset({
    "/", "/admin", "/audit", "/dev", "/etc", "/home", "/lpp", "/mnt", "/opt", "/opt/rsct",
    "/opt/rsct/bin", "/proc", "/sbin", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/lib/dr",
    "/usr/lib/dr/scripts", "/usr/lib/dr/scripts/all", "/usr/sbin", "/usr/sbin/rsct", "/usr/sbin/rsct/bin",
    "/usr/sbin/rsct/install", "/usr/sbin/rsct/install/bin", "/var", "/var/adm", "/var/adm/ras",
    "/var/ct", "/var/ct/cfg", "/var/spool", "/var/tmp",
})
GLOB_CHARS = set("*?[")


# ---- the directory model -------------------------------------------------------------------------------
def _parents(path: str) -> list[str]:
    out = []
    while path not in ("/", ""):
        path = path.rsplit("/", 1)[0] or "/"
        out.append(path)
    return out


def all_dirs(os: AixOS) -> set[str]:
    return Vfs(os).dirs()  # one truth: harness/world/vfs.py


def is_dir(os: AixOS, path: str) -> bool:
    return path in all_dirs(os)


def children(os: AixOS, directory: str) -> list[tuple[str, bool]]:
    """(name, is_dir) of the entries directly in ``directory``, sorted by name."""
    prefix = directory.rstrip("/") + "/"
    entries: dict[str, bool] = {}
    for d in all_dirs(os):
        if d != directory and d.startswith(prefix) and "/" not in d[len(prefix):]:
            entries[d[len(prefix):]] = True
    for f in os.files:
        if f.startswith(prefix) and "/" not in f[len(prefix):]:
            entries.setdefault(f[len(prefix):], False)
    return sorted(entries.items())


def tree_blocks(os: AixOS, path: str) -> int:
    """512-byte blocks used below ``path``: modelled files plus the unmodelled data of every
    filesystem mounted at or below it."""
    prefix = path.rstrip("/") + "/"
    blocks = sum((file_size(size) + 511) // 512 for f, size in os.files.items() if f.startswith(prefix) or f == path)
    for fs in os.filesystems:
        if fs.mount == path or fs.mount.startswith(prefix) or path == "/":
            blocks += fs.base_used_blocks
    return blocks


def _abs(ctx: CommandContext, path: str) -> str:
    return storage.normpath(path, cwd(ctx))


# ---- df ----------------------------------------------------------------------------------------------
DF_USAGE = "Usage: df [-P] | [-I|-M|-i|-t|-v] [-k|-m|-g] [-s] [FileSystem...|File...]"  # [U]


def _pct(used: int, total: int) -> int:
    return math.ceil(used * 100 / total) if total else 0  # [I] 728 of 262144 used shows 1%


def _inodes(os: AixOS, fs: Filesystem) -> tuple[int, int]:
    used = fs.inodes_used + sum(1 for f in os.files if os.fs_for_path(f) is fs)
    total = max(1, fs.size_blocks // 32)  # [I] JFS2 allocates inodes dynamically: one per 16 KB here
    return used, max(1, round(used * 100 / total))


def _df_amount(blocks: int, unit: str) -> str:
    if unit == "k":
        return str(blocks // 2)
    if unit == "m":
        return "%.2f" % (blocks / 2048)
    if unit == "g":
        return "%.2f" % (blocks / 2097152)
    return str(blocks)


_DF_HEADERS = {"512": "512-blocks", "k": "1024-blocks", "m": "MB blocks", "g": "GB blocks"}


def _df_targets(ctx: CommandContext, os: AixOS, args: list[str]) -> tuple[list[Filesystem | str], int]:
    """Filesystems to show (a string names a pseudo filesystem's mount: /proc, /aha) and the exit
    code so far. Without arguments: what `mount` lists, in its order (world/lvm.py)."""
    if not args:
        out: list[Filesystem | str] = []
        for dev, mnt, vfs, _at in lvm.mount_table(os):
            fs = next((f for f in os.filesystems if f.mount == mnt and f.mounted), None)
            out.append(fs if fs is not None else mnt)
        return out, 0
    pseudo = {mnt for _dev, mnt, _vfs in lvm.pseudo_filesystems(os)}
    out, rc = [], 0
    for arg in args:
        path = _abs(ctx, arg)
        hit = next((m for m in pseudo if path == m or path.startswith(m + "/")), None)
        if hit is not None:
            out.append(hit)
            continue
        fs = next((f for f in os.filesystems if f.device == arg), None)
        if fs is None and (path in os.files or is_dir(os, path)):
            fs = os.fs_for_path(path)
        if fs is None:
            ctx.error(f"df: {arg}: {M.ENOENT}\n")  # [U]
            rc = 1
            continue
        out.append(fs)
    return out, rc


# pseudo filesystems in df: device name and the inodes column [I: /ahafs shows 46 used, 1%]
_DF_PSEUDO = {"/proc": ("/proc", "-", "-"), "/aha": ("/ahafs", "46", "1%")}


@aix_command
def df(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "gkmPIMistv", lambda c: c.error(DF_USAGE + "\n"))
    flags = [o for o, _ in opts]
    unit = "512"
    for o in flags:
        if o in ("-k", "-m", "-g"):
            unit = o[1]
    targets, rc = _df_targets(ctx, os, args)
    if "-P" in flags:
        unit = "k" if unit == "k" else "512"
        head = _DF_HEADERS[unit]
        w = len(head)
        if targets or not args:
            ctx.writeln(f"{'Filesystem':<13} {head:>{w}} {'Used':>9} {'Available':>9} {'Capacity':>8} Mounted on")
        for fs in targets:
            if isinstance(fs, str):
                dev = _DF_PSEUDO[fs][0]
                ctx.writeln(f"{dev:<13} {'-':>{w}} {'-':>9} {'-':>9} {'-':>8} {fs}")  # [U]
                continue
            free = os.free_blocks(fs)
            used = fs.size_blocks - free
            ctx.writeln(f"{fs.device:<13} {_df_amount(fs.size_blocks, unit):>{w}} {_df_amount(used, unit):>9} "
                        f"{_df_amount(free, unit):>9} {str(_pct(used, fs.size_blocks)) + '%':>8} {fs.mount}")
        return rc
    head = _DF_HEADERS[unit]
    w = len(head)
    if targets or not args:
        ctx.writeln(f"{'Filesystem':<13} {head:>{w}} {'Free':>9} %Used {'Iused':>8} %Iused Mounted on")
    for fs in targets:
        if isinstance(fs, str):
            # pseudo filesystem: dashes, the %Used dash one column left of a number's % [V]
            dev, iused, ipct = _DF_PSEUDO[fs]
            ctx.writeln(f"{dev:<13} {'-':>{w}} {'-':>9} {'-':>4} {iused:>8} {ipct:>6} {fs}")
            continue
        free = os.free_blocks(fs)
        used = fs.size_blocks - free
        iused, ipct = _inodes(os, fs)
        ctx.writeln(f"{fs.device:<13} {_df_amount(fs.size_blocks, unit):>{w}} {_df_amount(free, unit):>9} "
                    f"{str(_pct(used, fs.size_blocks)) + '%':>5} {iused:>8} {str(ipct) + '%':>6} {fs.mount}")
    return rc


# ---- chfs --------------------------------------------------------------------------------------------
_SIZE_RE = re.compile(r"^([+-]?)(\d+)([MmGg]?)$")


@aix_command
def chfs(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error(M.CHFS_USAGE + "\n"))
    opts, args = parse(ctx, "a:d:m:n:u:A:t:p:", usage)
    if len(args) != 1:
        usage(ctx)
        return 1
    target = args[0]
    fs = next((f for f in os.filesystems if f.mount == target or f.device == target), None)
    if fs is None:
        ctx.error(M.CHFS_NO_FS.format(fs=target) + "\n")
        return 1
    size = None
    for o, v in opts:
        if o == "-a":
            key, _, value = v.partition("=")
            if key == "size":
                size = value
    if size is None:
        return 0  # other attributes are accepted without effect [I]
    m = _SIZE_RE.match(size)
    if not m:
        ctx.error(f"chfs: {size} is not a valid size.\n")  # [U]
        return 1
    sign, number, suffix = m.groups()
    blocks = int(number) * {"": 1, "m": 2048, "g": 2097152}[suffix.lower()]
    new = fs.size_blocks + blocks if sign == "+" else fs.size_blocks - blocks if sign == "-" else blocks
    try:
        new = storage.resize(os, fs, new)
    except WorldError as exc:
        if exc.code == "vg_full":
            ctx.error(M.ALLOCP_FAILED + "\n" + M.EXTENDLV_FAILED + "\n")
        elif exc.code == "max_lps":  # [V: what chfs printed for /home past hd1's 512 LPs]
            ctx.error(f"0516-787 extendlv: Maximum allocation for logical volume {exc.facts['lv']}\n"
                      f"\tis {exc.facts['max']}.\n")
        elif exc.code == "too_small":
            ctx.error(M.CHFS_TOO_SMALL + "\n")
        else:
            ctx.error(f"chfs: {size} is not a valid size.\n")  # [U]
        return 1
    ctx.writeln(M.CHFS_CHANGED.format(blocks=new))
    return 0


# ---- rm ----------------------------------------------------------------------------------------------
@aix_command
def rm(ctx: CommandContext) -> int:
    vfs = ctx.session.vfs
    usage = (lambda c: c.error("Usage: rm [-firRe] [--] File...\n"))  # [U]
    opts, args = parse(ctx, "firRe", usage)
    flags = {o for o, _ in opts}
    force, recursive = "-f" in flags, bool(flags & {"-r", "-R"})
    if not args:
        if force:
            return 0
        usage(ctx)
        return 2
    rc = 0
    for arg in args:
        path = vfs_resolve(arg, cwd(ctx))
        targets = [path]
        if vfs.kind(path) is None and GLOB_CHARS & set(path):
            # the shell found no match and passed the word on; the model expands it itself
            targets = sorted(f for f in vfs.os.files if fnmatch.fnmatchcase(f, path)) or [path]
        for target in targets:
            kind = vfs.kind(target)
            try:
                if kind == "d":
                    if not recursive:
                        ctx.error(f"rm: 0653-603 Cannot remove directory {arg}.\n")  # [U]
                        rc = 2
                        continue
                    for _path, exc in vfs.rmtree(target):
                        if exc.code != "ENOTEMPTY":  # a parent of what would not go: said once
                            ctx.error(f"rm: {_path}: {exc.text}\n")
                        rc = 2
                elif kind is None:
                    if not force:
                        ctx.error(f"rm: {arg}: {M.ENOENT}\n")  # [U]
                        rc = 2
                else:
                    vfs.remove(target)
            except VfsError as exc:
                ctx.error(f"rm: {arg}: {exc.text}\n")
                rc = 2
    return rc


# ---- ls ----------------------------------------------------------------------------------------------
_TYPE = {"f": "-", "d": "d", "l": "l"}


def mode_string(kind: str, mode: int) -> str:
    out = _TYPE.get(kind, "-")
    for shift, special, char in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = (mode >> shift) & 7
        x = bits & 1
        last = ("x" if x else "-") if not mode & special else (char if x else char.upper())
        out += ("r" if bits & 4 else "-") + ("w" if bits & 2 else "-") + last
    return out


def ls_time(ctx: CommandContext, mtime: float) -> str:
    """[I] AIX ls -l: "Mon DD HH:MM" within six months of now, else "Mon DD YYYY " """
    clock = ctx.session.world.clock
    when = clock.epoch + timedelta(seconds=mtime)
    if abs(clock.now - mtime) < 183 * 86400:
        return when.strftime("%b %d %H:%M")
    return when.strftime("%b %d %Y ")


def ls_long(ctx: CommandContext, st: Stat, name: str) -> str:
    nlink = st.nlink
    line = (f"{mode_string(st.kind, st.mode)} {nlink:>4} {st.owner:<8} {st.group:<8} {st.size:>10} "
            f"{ls_time(ctx, st.mtime)} {name}")
    return line + (f" -> {st.target}" if st.kind == "l" else "")


@aix_command
def ls(ctx: CommandContext) -> int:
    vfs = ctx.session.vfs
    opts, args = parse(ctx, "adl1trRAFi", lambda c: c.error("Usage: ls [-1ACFHLNRabcdefgiklmnopqrstux] [File...]\n"))
    flags = {o for o, _ in opts}
    long, as_dir = "-l" in flags, "-d" in flags
    show_all, almost = "-a" in flags, "-A" in flags
    if not args:
        args = ["."]
    rc = 0
    files, dirs = [], []
    for arg in args:
        path = normpath(arg, cwd(ctx))
        try:
            st = vfs.stat(path, follow=not (long and path in SYMLINKS))
        except VfsError:
            ctx.error(f"ls: 0653-341 The file {arg} does not exist.\n")  # [U]
            rc = 2
            continue
        if st.kind == "d" and not as_dir:
            dirs.append((arg, resolve(path)))
        else:
            files.append((arg, st))
    for name, st in _sorted(files, flags):
        ctx.writeln(ls_long(ctx, st, name) if long else name)
    for i, (arg, path) in enumerate(dirs):
        if len(args) > 1:
            if files or i:
                ctx.writeln("")
            ctx.writeln(f"{arg}:")
        names = vfs.listdir(path)
        if not (show_all or almost):
            names = [n for n in names if not n.startswith(".")]
        base = path.rstrip("/") + "/"
        entries = [(n, vfs.stat(base + n, follow=False)) for n in names]
        if show_all:
            entries = [(".", vfs.stat(path)), ("..", vfs.stat(posixpath.dirname(path) or "/"))] + entries
        entries = _sorted(entries, flags)
        if long:
            total = sum((st.size + 4095) // 4096 * 4 for _, st in entries)  # [I] 1 KB units, 4 KB blocks
            ctx.writeln(f"total {total}")
        for name, st in entries:
            ctx.writeln(ls_long(ctx, st, name) if long else name)
    return rc


def _sorted(entries, flags):
    if "-t" in flags:
        entries = sorted(entries, key=lambda e: (-e[1].mtime, e[0]))
    if "-r" in flags:
        entries = list(reversed(entries))
    return entries


# ---- du ----------------------------------------------------------------------------------------------
def _du_amount(blocks: int, unit: str) -> str:
    """[U] AIX du prints MB and GB with two decimals."""
    if unit == "k":
        return str((blocks + 1) // 2)
    if unit == "m":
        return "%.2f" % (blocks / 2048)
    if unit == "g":
        return "%.2f" % (blocks / 2097152)
    return str(blocks)


@aix_command
def du(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "sakmgrxlH", lambda c: c.error("Usage: du [-a|-s] [-k|-m|-g] [-lrx] [File...]\n"))
    flags = {o for o, _ in opts}
    unit = "512"
    for o, _ in opts:
        if o in ("-k", "-m", "-g"):
            unit = o[1]
    if not args:
        args = ["."]
    rc = 0
    for arg in args:
        path = _abs(ctx, arg)
        if path in os.files:
            ctx.writeln(f"{_du_amount((file_size(os.files[path]) + 511) // 512, unit)}\t{arg}")
            continue
        if not is_dir(os, path):
            ctx.error(f"du: {arg}: {M.ENOENT}\n")  # [U]
            rc = 1
            continue
        if "-s" not in flags:
            for sub in _walk_dirs(os, path)[:-1]:
                shown = arg.rstrip("/") + sub[len(path.rstrip("/")):] if path != "/" else sub
                ctx.writeln(f"{_du_amount(tree_blocks(os, sub), unit)}\t{shown}")
        ctx.writeln(f"{_du_amount(tree_blocks(os, path), unit)}\t{arg}")
    return rc


def _walk_dirs(os: AixOS, top: str) -> list[str]:
    """Directories below ``top`` in post-order (children first), ``top`` last."""
    out = []
    for name, directory in children(os, top):
        if directory:
            out.extend(_walk_dirs(os, top.rstrip("/") + "/" + name))
    out.append(top)
    return out


# ---- find --------------------------------------------------------------------------------------------
def _walk_all(os: AixOS, top: str) -> list[tuple[str, bool]]:
    out = [(top, True)]
    for name, directory in children(os, top):
        full = top.rstrip("/") + "/" + name
        if directory:
            out.extend(_walk_all(os, full))
        else:
            out.append((full, False))
    return out


@aix_command
def find(ctx: CommandContext) -> int:
    os = partition(ctx).os
    argv = ctx.argv[1:]
    roots = []
    while argv and not argv[0].startswith("-") and argv[0] not in ("!", "("):
        roots.append(argv.pop(0))
    if not roots:
        ctx.error("Usage: find Path-list [Expression-list]\n")  # [U]
        return 1
    tests = []
    xdev = False
    execs: list[tuple[list[str], bool]] = []  # -exec command words, and whether it ends with + (batch)
    i = 0
    while i < len(argv):
        prim = argv[i]
        needs_arg = prim in ("-name", "-type", "-size", "-user", "-perm", "-mtime")
        if prim == "-exec":
            end = next((k for k in range(i + 1, len(argv)) if argv[k] in (";", "+")), None)
            if end is None or end == i + 1:
                ctx.error("find: 0652-018 An expression term lacks a required parameter.\n")  # [U]
                return 1
            execs.append((argv[i + 1:end], argv[end] == "+"))
            i = end + 1
            continue
        if prim in ("-print", "-xdev", "-mount", "-follow"):
            xdev = xdev or prim in ("-xdev", "-mount")
            i += 1
            continue
        if not needs_arg:
            ctx.error(f"find: 0652-017 {prim} is not a valid option.\n")  # [U]
            return 1
        if i + 1 >= len(argv):
            ctx.error("find: 0652-018 An expression term lacks a required parameter.\n")  # [U]
            return 1
        value = argv[i + 1]
        if prim == "-type" and value not in ("f", "d"):
            ctx.error("find: 0652-009 There is a missing conjunction\n")  # [U]
            return 1
        if prim == "-size" and not re.match(r"^[+-]?\d+c?$", value):
            ctx.error("find: 0652-009 There is a missing conjunction\n")  # [U]
            return 1
        tests.append((prim, value))
        i += 2
    rc = 0
    vfs = ctx.session.vfs
    for root in roots:
        path = _abs(ctx, root)
        if vfs.kind(path) is not None:
            entries = [(p, vfs.kind(p) == "d") for p in vfs.walk(path)]
        else:
            ctx.error(f"find: 0652-019 The status on {root} is not valid.\n")  # [U]
            rc = 1
            continue
        top_fs = os.fs_for_path(path)
        found = []
        for full, directory in entries:
            if xdev and os.fs_for_path(full) is not top_fs:
                continue
            if all(_match(os, full, directory, prim, value, ctx) for prim, value in tests):
                shown = root.rstrip("/") + full[len(path.rstrip("/")):] if full != path else root
                found.append(shown)
        if not execs:
            for shown in found:
                ctx.writeln(shown)
            continue
        rc = max(rc, _find_exec(ctx, execs, found))
    return rc


def _find_exec(ctx: CommandContext, execs: list[tuple[list[str], bool]], found: list[str]) -> int:
    """-exec through the same shell: only modelled commands run, each on the world like any other."""
    shell = getattr(ctx, "shell", None)
    if shell is None:
        return 1
    from ..shell.streams import IO, Buffer, Stdin

    rc = 0
    for words, batch in execs:
        runs = [[w for w in words if w != "{}"] + found] if batch else \
            [[path if w == "{}" else w for w in words] for path in found]
        for argv in runs if found else []:
            out, err = Buffer(), Buffer()
            status = shell.run_argv(argv, IO(Stdin(), out, err), {})
            ctx.write(out.getvalue())
            ctx.error(err.getvalue())
            rc = max(rc, 1 if status else 0)
    return rc


def _match(os: AixOS, path: str, directory: bool, prim: str, value: str, ctx: CommandContext | None = None) -> bool:
    if prim == "-name":
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1] or "/", value)
    if prim == "-type":
        return directory == (value == "d")
    if prim == "-size":
        size = 256 if directory else file_size(os.files.get(path, 0))
        if not value.lstrip("+-").rstrip("c").isdigit():
            return False
        sign = value[0] if value[0] in "+-" else ""
        number = value.lstrip("+-")
        n = int(number.rstrip("c"))
        have = size if number.endswith("c") else (size + 511) // 512
        return have > n if sign == "+" else have < n if sign == "-" else have == n
    if prim == "-user":
        return Vfs(os).stat(path).owner == value
    if prim == "-mtime" and ctx is not None and re.fullmatch(r"[+-]?\d+", value):
        days = int((ctx.session.world.clock.now - Vfs(os).stat(path).mtime) // 86400)
        n = int(value.lstrip("+-"))
        return days > n if value[0] == "+" else days < n if value[0] == "-" else days == n
    if prim == "-perm" and re.fullmatch(r"-?[0-7]{1,4}", value):
        mode = Vfs(os).stat(path).mode & 0o7777
        want = int(value.lstrip("-"), 8)
        return mode & want == want if value.startswith("-") else mode == want
    return True
