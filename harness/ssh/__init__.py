"""SSH transport of fakehmc: one asyncssh endpoint per simulated host.

Public API (imported lazily, so ``import harness.ssh`` does not load asyncssh)::

    from harness.ssh import EndpointSpec, SshServer, SshBindError, Backend, ShellLike, RunResult
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Backend", "EndpointSpec", "RunResult", "ShellLike", "SshBindError", "SshServer"]

_WHERE = {
    "EndpointSpec": "server", "SshServer": "server", "SshBindError": "server",
    "Backend": "session", "ShellLike": "session", "RunResult": "session",
}

if TYPE_CHECKING:
    from .server import EndpointSpec, SshBindError, SshServer
    from .session import Backend, RunResult, ShellLike


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
