"""Whom record and capture talk to: the upstream's SSH host key is verified before any password goes out.

One of: a known_hosts file (default ~/.ssh/known_hosts), ``--host-key SHA256:...`` (the fingerprint
``ssh-keygen -lf`` prints), or an explicit ``--accept-new-host-key`` (trust whatever key is shown, and
say which). A key that none of them vouches for ends the connection before authentication, with the
fingerprint that was presented in the message so the user can check it out of band.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class HostKeyRefused(Exception):
    pass


@dataclass
class HostKeyPolicy:
    known_hosts: Path | None = None  # None: ~/.ssh/known_hosts when it exists
    fingerprint: str | None = None
    accept_new: bool = False

    def _known_hosts(self) -> Any:
        path = self.known_hosts or Path(os.path.expanduser("~/.ssh/known_hosts"))
        if path.exists():
            return str(path)
        if self.known_hosts is not None:
            raise HostKeyRefused(f"known_hosts file {path} does not exist")
        return ([], [], [])  # trust nothing by default: validate_host_public_key decides

    def connect_options(self) -> tuple[dict, type]:
        """Keyword arguments for asyncssh.connect, and the client object that saw the key."""
        import asyncssh

        policy = self

        class _Client(asyncssh.SSHClient):
            presented: str | None = None

            def validate_host_public_key(self, host: str, addr: str, port: int, key: Any) -> bool:
                _Client.presented = key.get_fingerprint("sha256")
                if policy.fingerprint is not None:
                    return _Client.presented == policy.fingerprint
                return policy.accept_new

        return {"known_hosts": self._known_hosts(), "client_factory": _Client}, _Client

    def explain(self, host: str, port: int, presented: str | None) -> str:
        shown = f" presented {presented}" if presented else ""
        if self.fingerprint is not None:
            return f"{host}:{port}{shown}, not the expected {self.fingerprint}: refusing to send credentials"
        return (f"{host}:{port}{shown}, which no known_hosts entry vouches for: add it to known_hosts, or pass "
                f"--host-key FINGERPRINT, or --accept-new-host-key to trust it")


async def connect(policy: HostKeyPolicy, host: str, port: int, **kwargs: Any):
    """asyncssh.connect with the host key checked; HostKeyRefused when it is not trusted."""
    import asyncssh

    options, client = policy.connect_options()
    try:
        return await asyncssh.connect(host, port=port, **options, **kwargs)
    except asyncssh.HostKeyNotVerifiable:
        raise HostKeyRefused(policy.explain(host, port, client.presented)) from None


def add_arguments(parser) -> None:
    parser.add_argument("--known-hosts", type=Path, default=None,
                        help="verify the upstream host key against this file (default ~/.ssh/known_hosts)")
    parser.add_argument("--host-key", default=None, metavar="SHA256:...",
                        help="the upstream host key's fingerprint, as ssh-keygen -lf prints it")
    parser.add_argument("--accept-new-host-key", action="store_true",
                        help="trust whatever host key the upstream shows (its fingerprint is printed)")


def from_args(args) -> HostKeyPolicy:
    return HostKeyPolicy(args.known_hosts, args.host_key, args.accept_new_host_key)
