"""File transfer onto a partition: the SFTP subsystem and scp (legacy `scp -t/-f` on an exec channel
and OpenSSH 9's SFTP-based scp), both over the partition's filesystem in the world
(harness/world/vfs.py). Nothing here opens, reads or writes a host file: every asyncssh SFTPServer
method that would touch the host is overridden.

The backend hands out the files as a user sees them (``backend.vfs_for(user)``; None on an HMC,
whose sshd offers no SFTP: the subsystem request fails and an exec of `scp -t` reaches the
restricted shell). Each change is recorded in the transcript (channel "sftp"/"scp"), which is also
what makes it durable in the state directory before the client hears it succeeded.
"""

from __future__ import annotations

import errno
import logging
import os
import stat as pystat
from typing import Any

import asyncssh
from asyncssh.constants import (FILEXFER_TYPE_DIRECTORY, FILEXFER_TYPE_REGULAR, FILEXFER_TYPE_SYMLINK,
                                FXF_APPEND, FXF_CREAT, FXF_EXCL, FXF_TRUNC, FXF_WRITE)

from ..world.vfs import MAX_FILE_CHARS, Stat, VfsError, gid, normpath, resolve, uid

log = logging.getLogger("fakehmc.ssh")

# What open handles may hold in memory, over every SFTP/scp channel of the process (fakehmc's bound:
# a client opening thousands of handles must not exhaust the server) and per channel.
MAX_BUFFERED_TOTAL = 256 << 20
MAX_HANDLES = 64
_buffered = [0]  # bytes held by open handles, all channels

_IFMT = {"f": pystat.S_IFREG, "d": pystat.S_IFDIR, "l": pystat.S_IFLNK}
_TYPE = {"f": FILEXFER_TYPE_REGULAR, "d": FILEXFER_TYPE_DIRECTORY, "l": FILEXFER_TYPE_SYMLINK}


def _error(exc: VfsError) -> asyncssh.SFTPError:
    """The SFTP status a client sees for a refused operation, with AIX's errno text as the message."""
    cls = {"ENOENT": asyncssh.SFTPNoSuchFile, "ENOTDIR": asyncssh.SFTPNoSuchFile,
           "EACCES": asyncssh.SFTPPermissionDenied, "EPERM": asyncssh.SFTPPermissionDenied,
           "EEXIST": asyncssh.SFTPFailure, "ENOSPC": asyncssh.SFTPFailure}.get(exc.code, asyncssh.SFTPFailure)
    return cls(exc.text)


class _Handle:
    __slots__ = ("data", "dirty", "path", "writable", "zeros")

    def __init__(self, path: str, data: bytearray, writable: bool, zeros: int = 0):
        self.path, self.data, self.writable, self.dirty = path, data, writable, False
        self.zeros = zeros  # a file modelled by size only: read as that many zero bytes, made per request

    def seek(self, offset: int, whence: int) -> int:
        """asyncssh's ranges@asyncssh.com asks where data and holes are: data all through, no holes."""
        size = self.zeros or len(self.data)
        if whence == getattr(os, "SEEK_DATA", 3):
            if offset >= size:
                raise OSError(errno.ENXIO, "no more data")
            return offset
        return size  # SEEK_HOLE: the end of the file


class PartitionSFTPServer(asyncssh.SFTPServer):
    """SFTP over one partition's files, as ``user`` sees them."""

    def __init__(self, chan: Any, backend: Any, user: str, channel: str = "sftp"):
        super().__init__(chan)
        self._backend, self._user, self._channel = backend, user, channel
        self._held: dict[int, int] = {}  # id(handle) -> bytes it holds (counted in _buffered)
        vfs = self._vfs()
        self._home = vfs.home(user) if vfs is not None else "/"

    # ---- plumbing ------------------------------------------------------------------------------------
    def _vfs(self):
        vfs = self._backend.vfs_for(self._user)
        if vfs is None:
            raise asyncssh.SFTPPermissionDenied("no files on this host")
        return vfs

    def _path(self, path: bytes) -> str:
        text = path.decode("utf-8", "surrogateescape") or "."
        return normpath(text, self._home)

    def _record(self, what: str) -> None:
        try:
            self._backend.record(user=self._user, channel=self._channel, command=what, exit_code=0, bytes_out=0)
        except Exception:  # noqa: BLE001 - the transfer itself has happened
            log.exception("recording %s failed", what)

    def _attrs(self, st: Stat) -> asyncssh.SFTPAttrs:
        epoch = self._backend.world.clock.epoch.timestamp()
        when = int(epoch + st.mtime)
        return asyncssh.SFTPAttrs(type=_TYPE[st.kind], size=st.size, uid=uid(st.owner), gid=gid(st.group),
                                  owner=st.owner, group=st.group, permissions=_IFMT[st.kind] | st.mode,
                                  atime=when, mtime=when, nlink=st.nlink)

    def _stat(self, path: bytes, follow: bool = True) -> asyncssh.SFTPAttrs:
        try:
            return self._attrs(self._vfs().stat(self._path(path), follow=follow))
        except VfsError as exc:
            raise _error(exc) from None

    # ---- queries -------------------------------------------------------------------------------------
    def realpath(self, path: bytes) -> bytes:
        return self._path(path).encode("utf-8", "surrogateescape")

    def stat(self, path: bytes) -> asyncssh.SFTPAttrs:
        return self._stat(path)

    def lstat(self, path: bytes) -> asyncssh.SFTPAttrs:
        return self._stat(path, follow=False)

    def fstat(self, file_obj: object) -> asyncssh.SFTPAttrs:
        assert isinstance(file_obj, _Handle)
        attrs = self._stat(file_obj.path.encode("utf-8", "surrogateescape"))
        attrs.size = file_obj.zeros or len(file_obj.data)
        return attrs

    def listdir(self, path: bytes) -> list[asyncssh.SFTPName]:
        vfs = self._vfs()
        p = self._path(path)
        try:
            names = vfs.listdir(p)
            st = vfs.stat(p)
            if not vfs.allowed(st, 4):
                raise VfsError("EACCES", p)
            out = [asyncssh.SFTPName(b".", attrs=self._attrs(st)),
                   asyncssh.SFTPName(b"..", attrs=self._attrs(vfs.stat(p.rsplit("/", 1)[0] or "/")))]
            base = p.rstrip("/") + "/"
            for name in names:
                out.append(asyncssh.SFTPName(name.encode("utf-8", "surrogateescape"),
                                             attrs=self._attrs(vfs.stat(base + name, follow=False))))
            return out
        except VfsError as exc:
            raise _error(exc) from None

    def readlink(self, path: bytes) -> bytes:
        st = self._stat(path, follow=False)
        if st.type != FILEXFER_TYPE_SYMLINK:
            raise asyncssh.SFTPFailure(VfsError("EINVAL").text)
        return self._vfs().stat(self._path(path), follow=False).target.encode()

    def statvfs(self, path: bytes) -> asyncssh.SFTPVFSAttrs:
        vfs = self._vfs()
        fs = vfs.fs_of(self._path(path))
        if fs is None:
            return asyncssh.SFTPVFSAttrs(bsize=4096, frsize=512, namemax=255)
        free = vfs.os.free_blocks(fs)
        inodes = max(1, fs.size_blocks // 32)  # as df -i counts them (harness/aix/fs.py)
        ifree = max(0, inodes - fs.inodes_used)
        return asyncssh.SFTPVFSAttrs(bsize=4096, frsize=512, blocks=fs.size_blocks, bfree=free, bavail=free,
                                     files=inodes, ffree=ifree, favail=ifree, namemax=255)

    # ---- files -----------------------------------------------------------------------------------------
    def _hold(self, handle: _Handle, more: int) -> None:
        if _buffered[0] + more > MAX_BUFFERED_TOTAL:
            raise asyncssh.SFTPFailure(VfsError("ENOSPC").text)  # [I] fakehmc's memory bound
        _buffered[0] += more
        self._held[id(handle)] = self._held.get(id(handle), 0) + more

    def _release(self, handle: _Handle) -> None:
        _buffered[0] -= self._held.pop(id(handle), 0)

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> _Handle:
        if len(self._held) >= MAX_HANDLES:
            raise asyncssh.SFTPFailure("Too many open files.")  # [I] AIX EMFILE text
        handle = self._open(path, pflags, attrs)
        try:
            self._hold(handle, len(handle.data))
        except asyncssh.SFTPError:
            self._held.pop(id(handle), None)
            raise
        return handle

    def _open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> _Handle:
        vfs = self._vfs()
        p = self._path(path)
        try:
            if pflags & FXF_WRITE or pflags & FXF_APPEND:
                exists = vfs.kind(p) is not None
                if exists and pflags & FXF_EXCL and pflags & FXF_CREAT:
                    raise asyncssh.SFTPFileAlreadyExists(VfsError("EEXIST").text)
                if not exists and not pflags & FXF_CREAT:
                    raise VfsError("ENOENT", p)
                mode = attrs.permissions & 0o7777 if attrs.permissions is not None else None
                vfs.create(p, truncate=bool(pflags & FXF_TRUNC), mode=mode)
                data = bytearray(vfs.read(p).encode("utf-8", "surrogateescape"))
                self._record(f"open {p} for writing")
                return _Handle(resolve(p), data, True)
            if vfs.kind(p) == "d":
                raise VfsError("EISDIR", p)
            value = vfs.os.files.get(resolve(p))
            if isinstance(value, int) and vfs.read(p) == "":
                return _Handle(p, bytearray(), False, zeros=value)  # [I] zeros, as many as `ls -l` shows
            return _Handle(p, bytearray(vfs.read_bytes(p)), False)
        except VfsError as exc:
            raise _error(exc) from None

    def read(self, file_obj: object, offset: int, size: int) -> bytes:
        assert isinstance(file_obj, _Handle)
        if file_obj.zeros:
            return b"\0" * max(0, min(size, file_obj.zeros - offset))
        return bytes(file_obj.data[offset:offset + size])

    def write(self, file_obj: object, offset: int, data: bytes) -> int:
        assert isinstance(file_obj, _Handle)
        if not file_obj.writable:
            raise asyncssh.SFTPPermissionDenied(VfsError("EACCES").text)
        end = offset + len(data)
        grow = max(0, end - len(file_obj.data))
        vfs = self._vfs()
        if end > MAX_FILE_CHARS or grow > vfs.free_bytes(file_obj.path) - _pending(vfs, file_obj):
            raise asyncssh.SFTPFailure(VfsError("ENOSPC").text)  # [I] SSH_FX_FAILURE, AIX's text
        self._hold(file_obj, grow)
        if offset > len(file_obj.data):
            file_obj.data.extend(b"\0" * (offset - len(file_obj.data)))
        file_obj.data[offset:end] = data
        file_obj.dirty = True
        return len(data)

    def close(self, file_obj: object) -> None:
        assert isinstance(file_obj, _Handle)
        self._release(file_obj)
        if not (file_obj.writable and file_obj.dirty):
            return
        vfs = self._vfs()
        try:
            vfs.create(file_obj.path, truncate=True)
            vfs.write(file_obj.path, file_obj.data.decode("utf-8", "surrogateescape"), append=True)
        except VfsError as exc:
            raise _error(exc) from None
        finally:
            self._record(f"write {file_obj.path} ({len(file_obj.data)} bytes)")

    def setstat(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> None:
        vfs = self._vfs()
        p = self._path(path)
        try:
            if attrs.permissions is not None:
                vfs.chmod(p, attrs.permissions & 0o7777)
            if attrs.mtime is not None:
                epoch = self._backend.world.clock.epoch.timestamp()
                vfs.touch(p, float(attrs.mtime) - epoch)
            if attrs.size is not None and vfs.kind(p) == "f":
                text = vfs.read(p)
                vfs.create(p, truncate=True)
                vfs.write(p, text[:attrs.size], append=True)
            if attrs.uid is not None and attrs.owner is None and self._user == "root":
                pass  # [I] numeric owners from a client's machine mean nothing here; kept as they are
        except VfsError as exc:
            raise _error(exc) from None
        self._record(f"setstat {p}")

    def fsetstat(self, file_obj: object, attrs: asyncssh.SFTPAttrs) -> None:
        assert isinstance(file_obj, _Handle)
        if attrs.size is not None and file_obj.writable:
            del file_obj.data[attrs.size:]
            file_obj.dirty = True
            attrs.size = None
        self.setstat(file_obj.path.encode("utf-8", "surrogateescape"), attrs)

    # ---- names ------------------------------------------------------------------------------------------
    def _change(self, what: str, fn, *args) -> None:
        try:
            fn(*args)
        except VfsError as exc:
            raise _error(exc) from None
        self._record(what)

    def remove(self, path: bytes) -> None:
        p = self._path(path)
        self._change(f"remove {p}", self._vfs().remove, p)

    def mkdir(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> None:
        p = self._path(path)
        mode = attrs.permissions & 0o7777 if attrs.permissions is not None else None
        self._change(f"mkdir {p}", lambda: self._vfs().mkdir(p, mode=mode))

    def rmdir(self, path: bytes) -> None:
        p = self._path(path)
        self._change(f"rmdir {p}", self._vfs().rmdir, p)

    def rename(self, oldpath: bytes, newpath: bytes) -> None:
        old, new = self._path(oldpath), self._path(newpath)
        vfs = self._vfs()
        if vfs.kind(new) is not None:
            raise asyncssh.SFTPFailure(VfsError("EEXIST").text)  # SFTP v3 rename does not replace
        self._change(f"rename {old} {new}", vfs.rename, old, new)

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        old, new = self._path(oldpath), self._path(newpath)
        vfs = self._vfs()

        def replace() -> None:
            if vfs.kind(new) == "f" and vfs.kind(old) == "f":
                vfs.remove(new)
            vfs.rename(old, new)
        self._change(f"rename {old} {new}", replace)

    def symlink(self, oldpath: bytes, newpath: bytes) -> None:
        raise asyncssh.SFTPOpUnsupported("symbolic links are not modelled")  # [I]

    def link(self, oldpath: bytes, newpath: bytes) -> None:
        raise asyncssh.SFTPOpUnsupported("hard links are not modelled")  # [I]

    def lsetstat(self, path: bytes, attrs: asyncssh.SFTPAttrs) -> None:
        self.setstat(path, attrs)

    def fstatvfs(self, file_obj: object) -> asyncssh.SFTPVFSAttrs:
        assert isinstance(file_obj, _Handle)
        return self.statvfs(file_obj.path.encode("utf-8", "surrogateescape"))

    def fsync(self, file_obj: object) -> None:
        return None

    def exit(self) -> None:
        """The client has closed the subsystem: end the channel with status 0, as sshd does when its
        sftp-server exits (OpenSSH's scp fails a transfer whose ssh ends without a status)."""
        for key in list(self._held):
            _buffered[0] -= self._held.pop(key)
        if self._channel == "sftp":
            try:
                self.channel.exit(0)
            except (OSError, asyncssh.Error):
                pass


def _pending(vfs, handle: _Handle) -> int:
    """Bytes of the file already counted against the filesystem (the handle replaces them)."""
    value = vfs.os.files.get(handle.path)
    return 0 if value is None else -len(value.encode("utf-8", "surrogateescape")) if isinstance(value, str) else -value


def file_server_factory(backend: Any, user: str, channel: str):
    """The sftp_factory asyncssh calls with the channel, or None when the host has no files."""
    vfs_for = getattr(backend, "vfs_for", None)
    try:
        if vfs_for is None or vfs_for(user) is None:
            return None
    except Exception:  # noqa: BLE001 - a host that cannot say has no files
        log.exception("%s: vfs_for failed", getattr(backend, "name", "?"))
        return None
    return lambda chan: PartitionSFTPServer(chan, backend, user, channel)
