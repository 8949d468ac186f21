"""Host keys for huge estates: one RSA host key per estate instead of one per host.

FLAG (a deliberate departure from real machines): in an estate of more than ``SHARED_RSA_ABOVE``
hosts, each host keeps its own ed25519 key (what OpenSSH, paramiko and asyncssh clients negotiate
first), but hosts without an RSA key on disk yet share one RSA key, kept under
``<key dir>/hostkeys/estate-<hash>/``. A client that insists on an RSA host key (``rsa-sha2-*``)
sees the same key on every such host. Why: RSA-2048 generation costs ~80 ms a key, so the first start
of a 1,000-partition estate spent ~80 s generating keys (benchmarks/). Smaller estates are unchanged.
"""

from __future__ import annotations

import asyncssh

from ..ssh.hostkeys import KEY_TYPES, HostKeyStore

SHARED_RSA_ABOVE = 64  # hosts
_SHARED = "_estate"


class SharedRsaKeyStore(HostKeyStore):
    def __init__(self, state_dir):
        super().__init__(state_dir)
        self._shared: dict[str, asyncssh.SSHKey] = {}

    def load_or_create(self, host: str) -> list[asyncssh.SSHKey]:
        with self._host_lock(host):
            cached = self._cache.get(host)
            if cached is not None:
                return cached
            keys = []
            for stem, alg, opts in KEY_TYPES:
                own = self.root is not None and self.key_paths(host)[stem].exists()
                if alg == "ssh-rsa" and not own:
                    keys.append(self._shared_key(stem, alg, opts))
                else:
                    keys.append(self._one(host, stem, alg, opts))
            self._cache[host] = keys
            return keys

    def _shared_key(self, stem: str, alg: str, opts: dict) -> asyncssh.SSHKey:
        with self._host_lock(_SHARED):
            key = self._shared.get(stem)
            if key is None:
                key = self._shared[stem] = self._one(_SHARED, stem, alg, opts)
            return key
