"""Per-host SSH host keys, generated once and kept under the state directory.

Layout (the same file names as OpenSSH, so an admin recognises them)::

    <state_dir>/hostkeys/<host>/ssh_host_ed25519_key      (+ .pub)
    <state_dir>/hostkeys/<host>/ssh_host_rsa_key          (+ .pub)

Keys are generated only when missing (RSA generation is slow), in a worker thread so that starting
many hosts never stalls the event loop, and reused on every later start: a restarted server
presents the same host keys, so clients' known_hosts entries stay valid.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import threading
from pathlib import Path

import asyncssh

log = logging.getLogger("fakehmc.ssh")

# (file stem, asyncssh algorithm, generation options). Order = order offered to clients.
KEY_TYPES: tuple[tuple[str, str, dict], ...] = (
    ("ed25519", "ssh-ed25519", {}),
    # 2048 bits: what most AIX/HMC installs carry; rsa-sha2-256/512 are offered by asyncssh.
    ("rsa", "ssh-rsa", {"key_size": 2048}),
)

_HOST_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def host_dir_name(host: str) -> str:
    """The directory name for a host: the name itself when it is a safe file name, otherwise a
    sanitised form plus a short hash (so distinct names never share keys)."""
    if _HOST_RE.fullmatch(host) and ".." not in host:
        return host
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", host).strip("._-")[:64] or "host"
    return f"{safe}-{hashlib.sha256(host.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class HostKeyStore:
    """Loads or creates the host keys of each simulated host.

    ``state_dir=None`` keeps keys in memory only (a new identity on every process start).
    """

    def __init__(self, state_dir: Path | str | None):
        self.root = Path(state_dir) / "hostkeys" if state_dir is not None else None
        self._cache: dict[str, list[asyncssh.SSHKey]] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def key_dir(self, host: str) -> Path:
        if self.root is None:
            raise ValueError("no state directory: host keys are kept in memory")
        return self.root / host_dir_name(host)

    def key_paths(self, host: str) -> dict[str, Path]:
        d = self.key_dir(host)
        return {stem: d / f"ssh_host_{stem}_key" for stem, _, _ in KEY_TYPES}

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            return self._host_locks.setdefault(host, threading.Lock())

    def load_or_create(self, host: str) -> list[asyncssh.SSHKey]:
        """Blocking: return the host's keys, generating (and saving) the missing ones."""
        with self._host_lock(host):
            cached = self._cache.get(host)
            if cached is not None:
                return cached
            keys = [self._one(host, stem, alg, opts) for stem, alg, opts in KEY_TYPES]
            self._cache[host] = keys
            return keys

    async def get(self, host: str) -> list[asyncssh.SSHKey]:
        """The host's keys; disk and CPU work happen in a thread, never on the event loop."""
        cached = self._cache.get(host)
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.load_or_create, host)

    def _one(self, host: str, stem: str, alg: str, opts: dict) -> asyncssh.SSHKey:
        if self.root is None:
            return asyncssh.generate_private_key(alg, **opts)
        d = self.key_dir(host)
        path = d / f"ssh_host_{stem}_key"
        if path.exists():
            try:
                # Our own files: skip OpenSSL 3's slow RSA consistency check (~50 ms a key).
                key = asyncssh.read_private_key(path, unsafe_skip_rsa_key_validation=True)
                if key.algorithm == alg.encode():
                    return key
                log.warning("host key %s has algorithm %s, expected %s; regenerating",
                            path, key.algorithm.decode(), alg)
            except (asyncssh.KeyImportError, OSError, ValueError) as exc:
                log.warning("host key %s is unreadable (%s); regenerating", path, exc)
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = asyncssh.generate_private_key(alg, comment=f"root@{host}", **opts)
        _write_atomic(path, key.export_private_key("openssh"), 0o600)
        _write_atomic(path.with_name(path.name + ".pub"), key.export_public_key("openssh"), 0o644)
        log.info("generated %s host key for %s at %s", alg, host, path)
        return key
