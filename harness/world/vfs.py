"""The files of one AIX partition: one truth for what exists, what it holds, who owns it and who may
read, write or run it. The shell's redirections, the file commands, `ls`/`find`/`df`, SFTP and scp
all go through a :class:`Vfs`; nothing here ever touches the host's filesystem.

What the world keeps (all plain data in AixOS, so snapshots and the state directory hold it):
- ``os.files``: path -> text (files written by the shell, SFTP, a scenario) or a size in bytes
  (files modelled by size only: RSCT traces, core files, ctsnap archives).
- ``os.file_meta``: path -> [mode, owner, group, mtime] for files whose metadata differs from the
  default (root/system, 0644, written before the world started).
- ``os.dirs``: directories made after install: path -> [mode, owner, group, mtime]. The standard
  AIX tree, the mount points and every parent of a file exist without an entry.
Programs (the registered commands at their full paths) are files too: the caller passes their
modes in (``programs``), so `ls`, `test -x` and running them answer from the same table.

Writes take space from the filesystem holding the path (``Filesystem.size_blocks``); when it has
none left the write fails with ENOSPC, as a full /var does on AIX. Every size and count is bounded
so that no client can exhaust the server's memory.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from .aix import AixOS, Filesystem, file_size

# ---- bounds (fakehmc's own: a real AIX has none this small, a shared server needs them) -----------
MAX_PATH = 1023          # PATH_MAX on AIX
MAX_NAME = 255           # NAME_MAX on JFS2
MAX_FILE_CHARS = 8 << 20  # text kept per file
MAX_TEXT_TOTAL = 64 << 20  # text kept per partition
MAX_NODES = 20_000       # files and made directories per partition
MAX_LIST = 50_000        # entries one walk may visit

# ---- the standard tree ------------------------------------------------------------------------------
# Directories every AIX partition has [I: a stock AIX 7 tree]; mode, owner, group.
STANDARD_DIRS: dict[str, tuple[int, str, str]] = {
    "/": (0o755, "root", "system"), "/admin": (0o755, "root", "system"),
    "/audit": (0o755, "root", "system"), "/dev": (0o775, "root", "system"),
    "/etc": (0o755, "root", "system"), "/home": (0o755, "bin", "bin"),
    "/lpp": (0o755, "bin", "bin"), "/mnt": (0o755, "root", "system"), "/opt": (0o755, "root", "system"),
    "/proc": (0o555, "root", "system"), "/sbin": (0o755, "root", "system"),
    "/tmp": (0o1777, "bin", "bin"), "/usr": (0o755, "bin", "bin"), "/usr/bin": (0o755, "bin", "bin"),
    "/usr/lib": (0o755, "bin", "bin"), "/usr/sbin": (0o755, "root", "system"),
    "/var": (0o755, "bin", "bin"), "/var/adm": (0o775, "root", "system"),
    "/var/adm/ras": (0o755, "root", "system"), "/var/spool": (0o755, "bin", "bin"),
    "/var/tmp": (0o1777, "bin", "bin"), "/var/ct": (0o755, "root", "system"),
    "/var/ct/cfg": (0o755, "root", "system"), "/usr/lib/dr": (0o755, "root", "system"),
    "/usr/lib/dr/scripts": (0o755, "root", "system"), "/usr/lib/dr/scripts/all": (0o755, "root", "system"),
    "/opt/rsct": (0o755, "root", "system"), "/opt/rsct/bin": (0o755, "bin", "bin"),
    "/usr/sbin/rsct": (0o755, "bin", "bin"), "/usr/sbin/rsct/bin": (0o755, "bin", "bin"),
    "/usr/sbin/rsct/install": (0o755, "bin", "bin"), "/usr/sbin/rsct/install/bin": (0o755, "bin", "bin"),
}
# AIX symbolic links at the root [V: /bin -> /usr/bin, /lib -> /usr/lib, /u -> /home on AIX].
SYMLINKS = {"/bin": "/usr/bin", "/lib": "/usr/lib", "/u": "/home"}
DEFAULT_FILE = (0o644, "root", "system")
PRIMARY_GROUP = {"root": "system", "padmin": "staff"}  # [I] padmin's primary group on a VIOS
UIDS = {"root": 0, "daemon": 1, "bin": 2, "sys": 3, "adm": 4, "padmin": 100}
GIDS = {"system": 0, "staff": 1, "bin": 2, "sys": 3, "adm": 4}

# AIX strerror() texts, the tail of most file-command messages.
STRERROR = {
    "ENOENT": "A file or directory in the path name does not exist.",  # [V] AIX errno 2 text
    "EACCES": "The file access permissions do not allow the specified action.",  # [V] AIX errno 13
    "ENOSPC": "There is not enough space in the file system.",  # [V] AIX errno 28 (cp capture)
    "EEXIST": "Do not specify an existing file.",  # [V] AIX errno 17
    "ENOTDIR": "A file or directory in the path name does not exist.",  # [I]
    "EISDIR": "Is a directory.",  # [I]
    "ENOTEMPTY": "The directory is not empty.",  # [I]
    "ENAMETOOLONG": "The file name is too long.",  # [I]
    "EPERM": "The requested operation is not permitted.",  # [I]
    "EINVAL": "A system call received a parameter that is not valid.",  # [V] AIX errno 22
}


class VfsError(Exception):
    def __init__(self, code: str, path: str = ""):
        super().__init__(code, path)
        self.code, self.path = code, path

    @property
    def text(self) -> str:
        return STRERROR.get(self.code, self.code)


@dataclass(frozen=True)
class Stat:
    kind: str  # "f" file, "d" directory, "l" symbolic link
    mode: int  # permission bits (with sticky/setuid)
    owner: str
    group: str
    size: int
    mtime: float  # virtual clock seconds
    nlink: int = 1
    target: str = ""  # a symbolic link's target


def normpath(path: str, cwd: str = "/") -> str:
    if not path.startswith("/"):
        path = posixpath.join(cwd or "/", path)
    path = posixpath.normpath(path)
    return "/" + path.lstrip("/") if path.startswith("//") else path


def resolve(path: str, cwd: str = "/") -> str:
    """The absolute path with the root symbolic links (/bin -> /usr/bin) followed."""
    path = normpath(path, cwd)
    for link, target in SYMLINKS.items():
        if path == link or path.startswith(link + "/"):
            return target + path[len(link):]
    return path


def _parents(path: str) -> list[str]:
    out = []
    while path not in ("/", ""):
        path = path.rsplit("/", 1)[0] or "/"
        out.append(path)
    return out


class Vfs:
    """The partition's files as ``user`` sees them at virtual time ``now``."""

    def __init__(self, os: AixOS, *, user: str = "root", now: float = 0.0,
                 programs: Mapping[str, tuple[int, str, str]] | None = None, umask: int = 0o022):
        self.os, self.user, self.now, self.umask = os, user, now, umask
        self.programs = programs or {}
        self._dirs: set[str] | None = None

    # ---- who may do what ------------------------------------------------------------------------
    def groups(self, user: str | None = None) -> set[str]:
        user = user or self.user
        return {PRIMARY_GROUP.get(user, "staff")}

    def primary_group(self) -> str:
        return PRIMARY_GROUP.get(self.user, "staff")

    def allowed(self, st: Stat, bit: int) -> bool:
        """bit: 4 read, 2 write, 1 execute. root may do anything but run what nobody may run."""
        if self.user == "root":
            return bit != 1 or st.kind == "d" or bool(st.mode & 0o111)
        if st.owner == self.user:
            return bool(st.mode & (bit << 6))
        if st.group in self.groups():
            return bool(st.mode & (bit << 3))
        return bool(st.mode & bit)

    # ---- what exists --------------------------------------------------------------------------------
    def dirs(self) -> set[str]:
        if self._dirs is None:
            d = set(STANDARD_DIRS) | set(self.os.dirs)
            for fs in self.os.filesystems:
                d.add(fs.mount)
                d.update(_parents(fs.mount))
            for path in list(self.os.files) + list(self.programs) + list(self.os.dirs):
                d.update(_parents(path))
            for user in self.os.users:
                d.add(self.home(user))
            self._dirs = d
        return self._dirs

    def _changed(self) -> None:
        self._dirs = None

    def home(self, user: str) -> str:
        return "/" if user == "root" else f"/home/{user}"

    def kind(self, path: str) -> str | None:
        if path in SYMLINKS:
            return "l"
        path = resolve(path)
        if path in self.os.files or path in self.programs:
            return "f"
        if path in self.dirs():
            return "d"
        return None

    def is_dir(self, path: str) -> bool:
        return self.kind(path) in ("d", "l") and resolve(path) in self.dirs()

    def is_file(self, path: str) -> bool:
        return resolve(path) in self.os.files or resolve(path) in self.programs

    def stat(self, path: str, follow: bool = True) -> Stat:
        if not follow and path in SYMLINKS:
            return Stat("l", 0o777, "bin", "bin", len(SYMLINKS[path]), 0.0, 1, SYMLINKS[path])
        path = resolve(path)
        if path in self.os.files:
            mode, owner, group, mtime = self.os.file_meta.get(path, [*DEFAULT_FILE, 0.0])
            return Stat("f", mode, owner, group, file_size(self.os.files[path]), mtime)
        if path in self.programs:
            mode, owner, group = self.programs[path]
            return Stat("f", mode, owner, group, 0, 0.0)
        if path in self.dirs():
            meta = self.os.dirs.get(path)
            if meta is None:
                mode, owner, group = STANDARD_DIRS.get(path) or self._home_meta(path) or (0o755, "root", "system")
                meta = [mode, owner, group, 0.0]
            mode, owner, group, mtime = meta
            return Stat("d", mode, owner, group, 256 if path != "/" else 4096, mtime, 2)
        raise VfsError("ENOENT", path)

    def _home_meta(self, path: str) -> tuple[int, str, str] | None:
        for user in self.os.users:
            if user != "root" and path == self.home(user):
                return (0o755, user, PRIMARY_GROUP.get(user, "staff"))
        return None

    def listdir(self, path: str) -> list[str]:
        """Names directly in the directory ``path``, sorted (no . and ..)."""
        path = resolve(path)
        if path not in self.dirs():
            raise VfsError("ENOTDIR" if self.is_file(path) else "ENOENT", path)
        prefix = path.rstrip("/") + "/"
        names = set()
        for group in (self.dirs(), self.os.files, self.programs):
            for p in group:
                if p.startswith(prefix) and p != path and "/" not in p[len(prefix):]:
                    names.add(p[len(prefix):])
        if path == "/":
            names.update(link[1:] for link in SYMLINKS)
        return sorted(names)

    def walk(self, top: str) -> list[str]:
        """``top`` and everything below it, depth first, names sorted; bounded by MAX_LIST."""
        out: list[str] = []
        stack = [resolve(top)]
        while stack:
            path = stack.pop()
            out.append(path)
            if len(out) > MAX_LIST:
                break
            if path in self.dirs():
                base = path.rstrip("/") + "/"
                stack.extend(base + n for n in reversed(self.listdir(path)) if base + n not in SYMLINKS)
        return out

    def read(self, path: str) -> str:
        path = resolve(path)
        st = self.stat(path)
        if st.kind == "d":
            raise VfsError("EISDIR", path)
        if not self.allowed(st, 4):
            raise VfsError("EACCES", path)
        value = self.os.files.get(path)
        return value if isinstance(value, str) else ""

    def read_bytes(self, path: str) -> bytes:
        """The file's bytes: its text, or for a file modelled by size only (a core file, a ctsnap
        archive) that many zero bytes, so a client that fetches it gets the size `ls` shows [I]."""
        text = self.read(path)
        value = self.os.files.get(resolve(path))
        if isinstance(value, int):
            return b"\0" * min(value, MAX_FILE_CHARS)
        return text.encode("utf-8", "surrogateescape")

    def may_execute(self, path: str) -> bool:
        try:
            st = self.stat(path)
        except VfsError:
            return False
        return st.kind == "f" and self.allowed(st, 1)

    # ---- space ----------------------------------------------------------------------------------------
    def fs_of(self, path: str) -> Filesystem | None:
        return self.os.fs_for_path(resolve(path))

    def free_bytes(self, path: str) -> int:
        fs = self.fs_of(path)
        return self.os.free_blocks(fs) * 512 if fs is not None else MAX_FILE_CHARS

    # ---- changes ---------------------------------------------------------------------------------------
    def _check_name(self, path: str) -> None:
        if len(path) > MAX_PATH or any(len(part) > MAX_NAME for part in path.split("/")):
            raise VfsError("ENAMETOOLONG", path)

    def _check_parent(self, path: str) -> None:
        parent = posixpath.dirname(path) or "/"
        kind = self.kind(parent)
        if kind is None:
            raise VfsError("ENOENT", path)
        if kind == "f":
            raise VfsError("ENOTDIR", path)
        if not self.allowed(self.stat(parent), 2):
            raise VfsError("EACCES", path)

    def _nodes(self) -> int:
        return len(self.os.files) + len(self.os.dirs)

    def _text_total(self) -> int:
        return sum(len(v) for v in self.os.files.values() if isinstance(v, str))

    def create(self, path: str, truncate: bool = True, mode: int | None = None) -> None:
        """Open for writing: create the file (or truncate it) as ``>`` does."""
        path = resolve(path)
        self._check_name(path)
        if path in self.dirs():
            raise VfsError("EISDIR", path)
        if path in self.programs:
            raise VfsError("EACCES", path)  # the installed programs are read-only to everyone here
        if path in self.os.files:
            st = self.stat(path)
            if not self.allowed(st, 2):
                raise VfsError("EACCES", path)
            if truncate:
                self.os.files[path] = ""
                self._touch(path)
            return
        self._check_parent(path)
        if self._nodes() >= MAX_NODES or self.free_bytes(path) <= 0:
            raise VfsError("ENOSPC", path)  # no room even for the new file's inode
        self.os.files[path] = ""
        bits = (0o666 if mode is None else mode) & ~self.umask & 0o7777
        self.os.file_meta[path] = [bits, self.user, self.primary_group(), self.now]
        self._changed()

    def write(self, path: str, text: str, append: bool = True, offset: int | None = None) -> None:
        """Add ``text`` to an opened file (or put it at ``offset``). What fits is written; the rest
        fails with ENOSPC, as a write(2) on a filling filesystem does."""
        path = resolve(path)
        if path not in self.os.files:
            self.create(path)
        old = self.os.files[path]
        if isinstance(old, int) and old and offset is None and append:
            # a file modelled by its size only (dd from /dev/zero, a core file) grows by what is added
            grow = file_size(text)
            room = self.free_bytes(path) + self._slack(path, old)
            self.os.files[path] = old + min(grow, room)
            self._touch(path)
            if grow > room:
                raise VfsError("ENOSPC", path)
            return
        old_text = old if isinstance(old, str) else ""
        if offset is None:
            offset = len(old_text) if append else 0
        new = old_text[:offset].ljust(offset, "\0") + text + old_text[offset + len(text):]
        grow = file_size(new) - file_size(old)
        room = self.free_bytes(path) + self._slack(path, old)
        limit = min(MAX_FILE_CHARS, len(old_text) + max(0, MAX_TEXT_TOTAL - self._text_total()))
        if grow > room or len(new) > limit:
            fit = max(0, min(len(new), len(old_text) + max(0, min(room, limit - len(old_text)))))
            self.os.files[path] = new[:fit]
            self._touch(path)
            raise VfsError("ENOSPC", path)
        self.os.files[path] = new
        self._touch(path)

    def _slack(self, path: str, old) -> int:
        """Bytes left in the file's last 512-byte block (writing there takes no new block)."""
        size = file_size(old)
        return (-size) % 512

    def _touch(self, path: str, mtime: float | None = None) -> None:
        meta = self.os.file_meta.get(path)
        if meta is None:
            meta = self.os.file_meta[path] = [*DEFAULT_FILE, 0.0]
        meta[3] = self.now if mtime is None else mtime

    def touch(self, path: str, mtime: float | None = None) -> None:
        rpath = resolve(path)
        if rpath in self.dirs():
            meta = self.os.dirs.setdefault(rpath, [*self._dir_default(rpath), 0.0])
            meta[3] = self.now if mtime is None else mtime
            return
        if rpath not in self.os.files:
            self.create(rpath, truncate=False)
        elif not self.allowed(self.stat(rpath), 2) and self.stat(rpath).owner != self.user:
            raise VfsError("EACCES", rpath)
        self._touch(rpath, mtime)

    def _dir_default(self, path: str) -> tuple[int, str, str]:
        st = self.stat(path)
        return st.mode, st.owner, st.group

    def mkdir(self, path: str, parents: bool = False, mode: int | None = None) -> list[str]:
        """Make a directory (and its missing parents with ``parents``); returns what was made."""
        path = resolve(path)
        self._check_name(path)
        made: list[str] = []
        chain = [path] if not parents else [p for p in reversed([path] + _parents(path)) if p != "/"]
        for p in chain:
            kind = self.kind(p)
            if kind in ("d", "l"):
                if p == path and not parents:
                    raise VfsError("EEXIST", p)
                continue
            if kind == "f":
                raise VfsError("EEXIST" if p == path else "ENOTDIR", p)
            self._check_parent(p)
            if self._nodes() >= MAX_NODES or self.free_bytes(p) <= 0:
                raise VfsError("ENOSPC", p)
            bits = (0o777 if mode is None else mode) & ~self.umask & 0o7777
            self.os.dirs[p] = [bits, self.user, self.primary_group(), self.now]
            self._changed()
            made.append(p)
        return made

    def remove(self, path: str) -> None:
        """Unlink one file."""
        path = resolve(path)
        if path in self.programs and path not in self.os.files:
            raise VfsError("EACCES", path)
        if path not in self.os.files:
            raise VfsError("EISDIR" if path in self.dirs() else "ENOENT", path)
        self._check_parent(path)
        del self.os.files[path]
        self.os.file_meta.pop(path, None)
        self._changed()

    def rmdir(self, path: str) -> None:
        path = resolve(path)
        if path not in self.dirs():
            raise VfsError("ENOTDIR" if self.is_file(path) else "ENOENT", path)
        if self.listdir(path):
            raise VfsError("ENOTEMPTY", path)
        if path in STANDARD_DIRS or any(fs.mount == path for fs in self.os.filesystems) or path == "/":
            raise VfsError("EPERM" if self.user != "root" else "ENOTEMPTY", path)  # [I] busy/mount point
        self._check_parent(path)
        self.os.dirs.pop(path, None)
        self._changed()

    def rmtree(self, path: str) -> list[str]:
        """Remove a directory and what it holds, deepest first; returns the paths that would not go."""
        failed = []
        for p in reversed(self.walk(path)):
            try:
                if p in self.os.files:
                    self.remove(p)
                elif p in self.programs:
                    raise VfsError("EACCES", p)
                else:
                    self.rmdir(p)
            except VfsError as exc:
                failed.append((p, exc))
        return failed

    def rename(self, src: str, dst: str) -> None:
        src, dst = resolve(src), resolve(dst)
        if src == dst:
            return
        if src in self.os.files:
            self._check_parent(src)
            self.create(dst)
            self.os.files[dst] = self.os.files.pop(src)
            meta = self.os.file_meta.pop(src, None)
            if meta is not None:
                self.os.file_meta[dst] = meta
            self._changed()
            return
        if src not in self.dirs() or src in self.programs:
            raise VfsError("ENOENT", src)
        if dst.startswith(src.rstrip("/") + "/"):
            raise VfsError("EINVAL", dst)
        if self.kind(dst) is not None:
            raise VfsError("EEXIST", dst)
        self._check_parent(src)
        self._check_parent(dst)
        moved = [p for p in self.walk(src)]
        prefix = src.rstrip("/")
        for p in moved:
            new = dst + p[len(prefix):]
            if p in self.os.files:
                self.os.files[new] = self.os.files.pop(p)
                if p in self.os.file_meta:
                    self.os.file_meta[new] = self.os.file_meta.pop(p)
            elif p in self.dirs():
                self.os.dirs[new] = self.os.dirs.pop(p, None) or [*self._dir_default(p), self.now]
        self._changed()

    def copy(self, src: str, dst: str, keep: bool = False) -> None:
        """Copy a file's content (``keep``: mode, owner and time too, as cp -p)."""
        st = self.stat(src)
        if st.kind == "d":
            raise VfsError("EISDIR", src)
        text = self.read(src)
        rsrc, rdst = resolve(src), resolve(dst)
        existed = rdst in self.os.files
        self.create(rdst, mode=st.mode)
        value = self.os.files.get(rsrc)
        if isinstance(value, int) and value:
            if value > self.free_bytes(rdst):
                raise VfsError("ENOSPC", rdst)
            self.os.files[rdst] = value  # a file modelled by size stays one
        else:
            self.write(rdst, text, append=False)
        if keep:
            self.os.file_meta[rdst] = [st.mode, st.owner, st.group, st.mtime]
        elif not existed:
            self.os.file_meta[rdst][0] = st.mode & ~self.umask & 0o7777

    def chmod(self, path: str, mode: int) -> None:
        st = self.stat(path)
        if self.user != "root" and st.owner != self.user:
            raise VfsError("EPERM", path)
        self._set_meta(path, st, mode=mode & 0o7777)

    def chown(self, path: str, owner: str | None, group: str | None) -> None:
        st = self.stat(path)
        if self.user != "root":
            raise VfsError("EPERM", path)
        self._set_meta(path, st, owner=owner or st.owner, group=group or st.group)

    def _set_meta(self, path: str, st: Stat, **changes) -> None:
        path = resolve(path)
        if path in self.programs and path not in self.os.files:
            raise VfsError("EPERM", path)  # [I] installed programs: fakehmc keeps their modes fixed
        meta = [changes.get("mode", st.mode), changes.get("owner", st.owner), changes.get("group", st.group),
                st.mtime]
        if st.kind == "d":
            self.os.dirs[path] = meta
            self._changed()
        else:
            self.os.file_meta[path] = meta


def uid(name: str) -> int:
    return UIDS.get(name, 200 + sum(map(ord, name)) % 800)


def gid(name: str) -> int:
    return GIDS.get(name, 200 + sum(map(ord, name)) % 800)


def user_of(uid_: int, known: list[str]) -> str | None:
    return next((u for u in list(UIDS) + known if uid(u) == uid_), None)


def group_of(gid_: int) -> str | None:
    return next((g for g, n in GIDS.items() if n == gid_), None)
