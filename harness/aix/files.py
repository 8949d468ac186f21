"""File commands over the partition's filesystem (harness/world/vfs.py): mkdir, rmdir, cp, mv, touch,
chmod, chown, tee, tar, and the shells themselves (sh, ksh, ...) that run scripts the partition holds.

Message texts: the AIX strerror texts come from vfs.STRERROR; the command prefixes and message
numbers below are [I] unless marked, written as AIX commands print them (`cmd: path: reason`).
"""

from __future__ import annotations

import io as _io
import re
import tarfile

from ..shell.command import CommandContext
from ..shell.streams import IO, Buffer, Stdin
from ..world.vfs import MAX_FILE_CHARS, Vfs, VfsError, resolve
from .common import aix_command, cwd, parse


def vfs_of(ctx: CommandContext) -> Vfs:
    vfs = getattr(ctx.session, "vfs", None)
    if vfs is None:
        ctx.error(f"{ctx.name}: not available on this host\n")  # [I] files live on partitions only
        from ..shell.command import CommandExit
        raise CommandExit(1)
    return vfs


def _abs(ctx: CommandContext, path: str) -> str:
    return resolve(path, cwd(ctx))


def _fail(ctx: CommandContext, arg: str, exc: VfsError) -> None:
    ctx.error(f"{ctx.name}: {arg}: {exc.text}\n")


# ---- mkdir / rmdir ----------------------------------------------------------------------------------
@aix_command
def mkdir(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    opts, args = parse(ctx, "pm:", lambda c: c.error("Usage: mkdir [-p] [-m mode] Directory ...\n"))  # [I]
    flags = dict(opts)
    mode = None
    if "-m" in flags:
        mode = _mode(flags["-m"], 0o777)
        if mode is None:
            ctx.error(f"mkdir: invalid mode: {flags['-m']}\n")  # [U]
            return 2
    if not args:
        ctx.error("Usage: mkdir [-p] [-m mode] Directory ...\n")
        return 2
    rc = 0
    for arg in args:
        try:
            vfs.mkdir(_abs(ctx, arg), parents="-p" in flags, mode=mode)
        except VfsError as exc:
            # [I] AIX mkdir: the numbered line, then the errno text after the path
            what = "0653-358 Cannot create" if exc.code in ("EEXIST", "ENOSPC", "EACCES") else \
                "0653-357 Cannot access directory"
            ctx.error(f"mkdir: {what} {arg}.\n{arg}: {exc.text}\n")
            rc = 2
    return rc


@aix_command
def rmdir(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    opts, args = parse(ctx, "p", lambda c: c.error("Usage: rmdir [-p] Directory ...\n"))
    rc = 0
    for arg in args:
        try:
            vfs.rmdir(_abs(ctx, arg))
        except VfsError as exc:
            if exc.code == "ENOTEMPTY":
                ctx.error(f"rmdir: 0653-611 Directory {arg} is not empty.\n")  # [I]
            else:
                _fail(ctx, arg, exc)
            rc = 2
    return rc


# ---- cp / mv ----------------------------------------------------------------------------------------
def _target(vfs: Vfs, ctx: CommandContext, src: str, dest: str, many: bool) -> str:
    d = _abs(ctx, dest)
    if vfs.is_dir(d):
        return d.rstrip("/") + "/" + src.rstrip("/").rsplit("/", 1)[-1]
    return d


@aix_command
def cp(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    usage = "Usage: cp [-fhipHILPU] [-d|-e] Source_file Target_file\n"  # [I] first line of AIX usage
    opts, args = parse(ctx, "fhipRrHLPUIde", lambda c: c.error(usage))
    flags = {o for o, _ in opts}
    if len(args) < 2:
        ctx.error(usage)
        return 2
    *sources, dest = args
    if len(sources) > 1 and not vfs.is_dir(_abs(ctx, dest)):
        ctx.error(f"cp: {dest}: {VfsError('ENOTDIR').text}\n")
        return 2
    rc = 0
    for src in sources:
        spath = _abs(ctx, src)
        kind = vfs.kind(spath)
        if kind is None:
            ctx.error(f"cp: {src}: {VfsError('ENOENT').text}\n")
            rc = 1
            continue
        target = _target(vfs, ctx, src, dest, len(sources) > 1)
        try:
            if vfs.is_dir(spath):
                if not flags & {"-r", "-R"}:
                    ctx.error(f"cp: 0653-435 {src} is a directory.\n")  # [I]
                    rc = 1
                    continue
                _copy_tree(vfs, spath, target, "-p" in flags)
            else:
                vfs.copy(spath, target, keep="-p" in flags)
        except VfsError as exc:
            ctx.error(f"cp: {exc.path if exc.code == 'ENOSPC' else src}: {exc.text}\n")
            rc = 1
    return rc


def _copy_tree(vfs: Vfs, src: str, dst: str, keep: bool) -> None:
    if dst.startswith(src.rstrip("/") + "/"):
        raise VfsError("EINVAL", dst)
    for path in vfs.walk(src):
        new = dst + path[len(src.rstrip("/")):] if src != "/" else dst + path
        if vfs.is_dir(path):
            vfs.mkdir(new, parents=True)
        else:
            vfs.copy(path, new, keep=keep)


@aix_command
def mv(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    usage = "Usage: mv [-I] [ -d | -e] [-i | -f] [-E{force|ignore|warn}] [--] src target\n"  # [I]
    opts, args = parse(ctx, "fiIde", lambda c: c.error(usage))
    if len(args) < 2:
        ctx.error(usage)
        return 2
    *sources, dest = args
    rc = 0
    for src in sources:
        spath = _abs(ctx, src)
        target = _target(vfs, ctx, src, dest, len(sources) > 1)
        try:
            if vfs.kind(spath) is None:
                raise VfsError("ENOENT", spath)
            if vfs.is_file(target) and vfs.is_file(spath):
                vfs.remove(target)
            vfs.rename(spath, target)
        except VfsError as exc:
            ctx.error(f"mv: 0653-401 Cannot rename {src} to {dest}:\n             {exc.text}\n")  # [I]
            rc = 2
    return rc


# ---- touch / chmod / chown --------------------------------------------------------------------------
_STAMP = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d{2}))?$")


@aix_command
def touch(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    opts, args = parse(ctx, "acmfr:t:", lambda c: c.error("Usage: touch [-amc] [-f] [-r RefFile|-t Time] File ...\n"))
    flags = dict(opts)
    mtime = None
    if "-r" in flags:
        try:
            mtime = vfs.stat(_abs(ctx, flags["-r"])).mtime
        except VfsError as exc:
            _fail(ctx, flags["-r"], exc)
            return 2
    rc = 0
    for arg in args:
        path = _abs(ctx, arg)
        if "-c" in flags and vfs.kind(path) is None:
            continue
        try:
            vfs.touch(path, mtime)
        except VfsError as exc:
            ctx.error(f"touch: 0652-046 Cannot create {arg}.\n")  # [I]
            del exc
            rc = 1
    return rc


def _mode(spec: str, base: int) -> int | None:
    """An octal mode or a symbolic one (u+x, go-w, a=r, +x) applied to ``base``; None if invalid."""
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8)
    mode = base
    for clause in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)([-+=])([rwxXst]*)", clause)
        if not m:
            return None
        who, op, perms = m.groups()
        who = who or "a"
        mask = 0
        for w in ("a" if "a" in who else who):
            shifts = {"u": (6,), "g": (3,), "o": (0,), "a": (6, 3, 0)}[w]
            for sh in shifts:
                for p, bit in (("r", 4), ("w", 2), ("x", 1), ("X", 1)):
                    if p in perms:
                        mask |= bit << sh
            if "s" in perms:
                mask |= {"u": 0o4000, "g": 0o2000}.get(w, 0o6000 if w == "a" else 0)
            if "t" in perms:
                mask |= 0o1000
        if op == "+":
            mode |= mask
        elif op == "-":
            mode &= ~mask
        else:
            clear = 0
            for w in ("a" if "a" in who else who):
                clear |= {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}[w]
            mode = (mode & ~clear) | mask
    return mode


def _owner_mode_flags(args: list[str]) -> tuple[bool, list[str]]:
    """chmod's and chown's shared leading flags (-R -f -h, then --): (recursive, the rest)."""
    args = list(args)
    recursive = False
    while args and args[0] in ("-R", "-f", "-h", "--"):
        recursive = recursive or args[0] == "-R"
        if args.pop(0) == "--":
            break
    return recursive, args


@aix_command
def chmod(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    recursive, args = _owner_mode_flags(ctx.argv[1:])
    if len(args) < 2:
        ctx.error("Usage: chmod [-R] [-h] [-f] PermissionCode File ...\n")  # [I]
        return 2
    spec, files = args[0], args[1:]
    rc = 0
    for arg in files:
        path = _abs(ctx, arg)
        try:
            targets = vfs.walk(path) if recursive and vfs.is_dir(path) else [path]
            for t in targets:
                mode = _mode(spec, vfs.stat(t).mode)
                if mode is None:
                    ctx.error(f"chmod: 0652-150 Invalid mode: {spec}\n")  # [I]
                    return 2
                vfs.chmod(t, mode)
        except VfsError as exc:
            _fail(ctx, arg, exc)
            rc = 2
    return rc


@aix_command
def chown(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    recursive, args = _owner_mode_flags(ctx.argv[1:])
    if len(args) < 2:
        ctx.error("Usage: chown [-f] [-h] [-R] Owner[:Group] File ...\n")  # [I]
        return 2
    owner, _, group = args[0].replace(".", ":", 1).partition(":") if ":" in args[0] or "." in args[0] \
        else (args[0], "", "")
    known = set(vfs.os.users) | {"root", "bin", "sys", "adm", "daemon", "nobody"}
    if owner and owner not in known and not owner.isdigit():
        ctx.error(f"chown: {owner}: 0652-180 Unknown user name.\n")  # [U]
        return 2
    rc = 0
    for arg in args[1:]:
        path = _abs(ctx, arg)
        try:
            targets = vfs.walk(path) if recursive and vfs.is_dir(path) else [path]
            for t in targets:
                vfs.chown(t, owner or None, group or None)
        except VfsError as exc:
            _fail(ctx, arg, exc)
            rc = 2
    return rc


# ---- tee ----------------------------------------------------------------------------------------------
@aix_command
def tee(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    opts, args = parse(ctx, "ai", lambda c: c.error("Usage: tee [-a] [-i] [File...]\n"))
    append = any(o == "-a" for o, _ in opts)
    ctx.write(ctx.stdin)
    rc = 0
    for arg in args:
        path = _abs(ctx, arg)
        if path == "/dev/null":
            continue
        try:
            vfs.create(path, truncate=not append)
            vfs.write(path, ctx.stdin, append=True)
        except VfsError as exc:
            ctx.error(f"tee: {arg}: {exc.text}\n")  # [I]
            rc = 1
    return rc


tee.consumes_stdin = True  # type: ignore[attr-defined]


# ---- tar ----------------------------------------------------------------------------------------------
MAX_TAR_MEMBERS = 5000


def _tar_bytes(vfs: Vfs, ctx: CommandContext, names: list[str], verbose: bool) -> bytes:
    buf = _io.BytesIO()
    total = 0
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in names:
            top = _abs(ctx, name)
            if vfs.kind(top) is None:
                ctx.error(f"tar: {name}: {VfsError('ENOENT').text}\n")
                continue
            for path in vfs.walk(top):
                shown = name.rstrip("/") + path[len(top.rstrip("/")):] if path != top else name
                st = vfs.stat(path)
                info = tarfile.TarInfo(shown)
                info.mode, info.uname, info.gname, info.mtime = st.mode & 0o7777, st.owner, st.group, 0
                if st.kind == "d":
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                    continue
                value = vfs.os.files.get(path)
                data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else b"\0" * (value or 0)
                total += len(data)
                if total > MAX_FILE_CHARS:
                    raise VfsError("ENOSPC", path)
                info.size = len(data)
                tar.addfile(info, _io.BytesIO(data))
                if verbose:
                    ctx.writeln(f"a {shown} {(len(data) + 511) // 512} blocks.")  # [I] AIX tar -v
    return buf.getvalue()


@aix_command
def tar(ctx: CommandContext) -> int:
    vfs = vfs_of(ctx)
    argv = ctx.argv[1:]
    if not argv:
        ctx.error("Usage: tar -{c|r|t|u|x} [ -BdDEFhilmopRsUvw ] [ -Number ] [ -f TarFile ] [ File ... ]\n")  # [I]
        return 1
    key = argv[0].lstrip("-")
    rest = argv[1:]
    archive = None
    if "f" in key:
        if not rest:
            ctx.error("tar: 0511-079 The -f flag requires a file name.\n")  # [U]
            return 1
        archive, rest = rest[0], rest[1:]
    verbose = "v" in key
    try:
        if "c" in key:
            data = _tar_bytes(vfs, ctx, rest, verbose)
            if archive in (None, "-"):
                ctx.write(data.decode("utf-8", "surrogateescape"))
            else:
                path = _abs(ctx, archive)
                vfs.create(path)
                vfs.write(path, data.decode("utf-8", "surrogateescape"), append=False)
            return 0
        text = ctx.stdin if archive in (None, "-") else vfs.read(_abs(ctx, archive))
        try:
            tf = tarfile.open(fileobj=_io.BytesIO(text.encode("utf-8", "surrogateescape")), mode="r:")
            members = tf.getmembers()[:MAX_TAR_MEMBERS]
        except (tarfile.TarError, EOFError):
            ctx.error("tar: 0511-164 There is a media read or write block size error.\n")  # [U]
            return 1
        if "t" in key:
            for m in members:
                ctx.writeln(m.name)
            return 0
        if "x" in key:
            for m in members:
                if rest and not any(m.name == r or m.name.startswith(r.rstrip("/") + "/") for r in rest):
                    continue
                path = _abs(ctx, m.name)
                if m.isdir():
                    vfs.mkdir(path, parents=True)
                    continue
                if not m.isfile():
                    continue
                parent = path.rsplit("/", 1)[0] or "/"
                if vfs.kind(parent) is None:
                    vfs.mkdir(parent, parents=True)
                body = tf.extractfile(m)
                data = body.read(MAX_FILE_CHARS) if body is not None else b""
                vfs.create(path, mode=m.mode)
                vfs.write(path, data.decode("utf-8", "surrogateescape"), append=False)
                if verbose:
                    ctx.writeln(f"x {m.name}, {m.size} bytes, {(m.size + 511) // 512} media blocks.")  # [I]
            return 0
    except VfsError as exc:
        ctx.error(f"tar: {exc.path}: {exc.text}\n")
        return 1
    ctx.error(f"tar: 0511-105 The {key[:1]} function is not valid.\n")  # [U]
    return 1


# ---- the shells ---------------------------------------------------------------------------------------
SHELL_PATHS = ("/usr/bin/sh", "/usr/bin/ksh", "/usr/bin/bsh", "/usr/bin/psh", "/usr/bin/ksh93", "/usr/bin/rksh")


def sh(ctx: CommandContext) -> int:
    """sh/ksh [-xevun] [-c command [name [arg ...]] | -s [arg ...] | script [arg ...]]: a child shell
    of the same interpreter, over the same modelled commands and files."""
    shell = getattr(ctx, "shell", None)
    name = ctx.name
    if shell is None:
        ctx.error(f"{name}: not available here\n")  # [I]
        return 1
    args = ctx.argv[1:]
    options: set[str] = set()
    command = None
    read_stdin = False
    while args and args[0][:1] in "-+" and len(args[0]) > 1 and args[0] != "--":
        flag = args.pop(0)
        for c in flag[1:]:
            if c == "c":
                command = ""
            elif c == "s":
                read_stdin = True
            elif c in "xeunvfa":
                options.add(c)
            elif c in "ilmhpbCkr":
                pass  # interactive/monitor and friends change nothing for a command run here [I]
            elif c == "o":
                if args:
                    args.pop(0)
            else:
                ctx.error(f"{name}: -{c}: 0403-010 A specified flag is not valid for this command.\n")  # [I]
                return 2
    if args and args[0] == "--":
        args.pop(0)
    out, err = Buffer(), Buffer()
    io = IO(Stdin(ctx.stdin), out, err)
    if command is not None:
        if not args:
            ctx.error(f"{name}: 0403-011 The specified substitution is not valid for this command.\n")  # [U]
            return 2
        text, zero, params = args[0], (args[1] if len(args) > 1 else name), args[2:]
        rc = shell.run_child(text, zero, params, io, options=options)
    elif args and not read_stdin:
        vfs = getattr(ctx.session, "vfs", None)
        path = _abs(ctx, args[0])
        try:
            text = vfs.read(path) if vfs is not None else None
        except VfsError:
            text = None
        if text is None:
            ctx.error(f"{name}: {args[0]}: 0403-016 Cannot find or open the file.\n")  # [I] ksh wording
            return 127
        rc = shell.run_child(text, args[0], args[1:], io, options=options)
    else:
        rc = shell.run_child(ctx.stdin, name, args, IO(Stdin(), out, err), options=options)
    ctx.write(out.getvalue())
    ctx.error(err.getvalue())
    return rc


sh.consumes_stdin = True  # type: ignore[attr-defined]


# ---- dd: how an administrator fills (or tests) a filesystem ---------------------------------------------
_DD_UNITS = {"": 1, "c": 1, "w": 2, "b": 512, "k": 1024, "m": 1 << 20, "g": 1 << 30}
MAX_DD_BYTES = 1 << 40  # a size-only file of up to 1 TB costs nothing; the filesystem decides


def _dd_number(text: str) -> int | None:
    m = re.fullmatch(r"(\d+)([cwbkmgKMG]?)", text)
    return int(m.group(1)) * _DD_UNITS[m.group(2).lower()] if m else None


@aix_command
def dd(ctx: CommandContext) -> int:
    """dd if=/dev/zero|FILE of=FILE bs=N count=N: a copy from /dev/zero makes a file modelled by its
    size (no content kept), so filling /tmp or /var costs the server no memory."""
    vfs = vfs_of(ctx)
    ops: dict[str, str] = {}
    for arg in ctx.argv[1:]:
        key, eq, value = arg.partition("=")
        if not eq or key not in ("if", "of", "bs", "ibs", "obs", "count", "skip", "seek", "conv"):
            ctx.error(f"dd: 0511-040 The {arg} parameter is not valid.\n")  # [U]
            return 2
        ops[key] = value
    bs = _dd_number(ops.get("bs", ops.get("ibs", "512")))
    count = _dd_number(ops["count"]) if "count" in ops else None
    if bs is None or bs == 0 or ("count" in ops and count is None):
        ctx.error("dd: 0511-040 A parameter value is not valid.\n")  # [U]
        return 2
    source = ops.get("if", "-")
    if source in ("/dev/zero", "/dev/urandom", "/dev/random"):
        if count is None:
            ctx.error("dd: 0511-040 count= is needed with an endless input here.\n")  # [I] fakehmc bound
            return 2
        total = min(bs * count, MAX_DD_BYTES)
        data: str | None = None
    else:
        try:
            data = ctx.stdin if source == "-" else vfs.read(_abs(ctx, source))
        except VfsError as exc:
            _fail(ctx, source, exc)
            return 2
        if count is not None:
            data = data[:bs * count]
        total = len(data.encode("utf-8", "surrogateescape"))
    records = (total + bs - 1) // bs
    target = ops.get("of")
    rc, written = 0, total
    if target is None:
        ctx.write(data if data is not None else "\0" * min(total, MAX_FILE_CHARS))
    else:
        path = _abs(ctx, target)
        try:
            vfs.create(path)
            if data is not None:
                vfs.write(path, data, append=False)
            else:
                room = vfs.free_bytes(path)
                written = min(total, room)
                vfs.os.files[resolve(path)] = written  # a file modelled by size only
                if written < total:
                    raise VfsError("ENOSPC", path)
        except VfsError as exc:
            ctx.error(f"dd: 0511-053 The write failed.\n{exc.text}\n")  # [I]
            rc = 2
            written = written if data is None else 0
    full, part = divmod(written, bs)
    ctx.error(f"{records}+0 records in\n{full}+{1 if part else 0} records out\n")
    return rc
