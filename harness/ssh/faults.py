"""SSH-level faults that no proxy can make: what they are, how they are checked, how the transport
waits on them.

The faults themselves live in the world (``world.ssh_faults``, managed by harness/control/faults.py);
the transport only asks its backend ``ssh_fault(kind)`` (the active fault of that kind for this host,
counted as triggered, or None) and ``fault_active(id)``. Backends without those methods (the
transport's own test backend) never see a fault.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

# kind -> (summary, parameters it takes)
SSH_FAULTS: dict[str, tuple[str, dict[str, str]]] = {
    "banner_stall": (("accept TCP but hold back the SSH version string (until healed, or `seconds` real "
                      "seconds)"), {"seconds": "number, optional"}),
    "kex_fail": ("send the version string, then drop the connection during key exchange", {}),
    "slow_auth": ("answer every password check only after `seconds` real seconds",
                  {"seconds": "number, default 5"}),
    "auth_refused": ("refuse every authentication, right password or not", {}),
    "max_startups": (("refuse new connections while `limit` unauthenticated ones are open (sshd "
                      "MaxStartups)"), {"limit": "integer, default 10"}),
    "channel_hang": ("accept the command, then never answer until healed or the client goes", {}),
    "drop_mid_output": (("send the first `after_bytes` characters of the output, then drop the "
                         "connection"), {"after_bytes": "integer, default 64"}),
}


def validate(spec: dict) -> dict:
    """A clean fault record from a request body; ValueError says what is wrong."""
    kind = spec.get("ssh")
    if kind not in SSH_FAULTS:
        raise ValueError(f"unknown ssh fault {kind!r} (known: {', '.join(SSH_FAULTS)})")
    allowed = {"ssh", "host", "max_count", *SSH_FAULTS[kind][1]}
    extra = sorted(set(spec) - allowed)
    if extra:
        raise ValueError(f"ssh fault {kind}: unknown field(s) {', '.join(extra)}")
    out = {"ssh": kind, "host": str(spec.get("host", "*")), "max_count": _opt_int(spec, "max_count")}
    if kind in ("banner_stall", "slow_auth"):
        seconds = spec.get("seconds", None if kind == "banner_stall" else 5)
        out["seconds"] = None if seconds is None else _number(seconds, "seconds")
    if kind == "max_startups":
        out["limit"] = _opt_int(spec, "limit") or 10
    if kind == "drop_mid_output":
        out["after_bytes"] = _opt_int(spec, "after_bytes") if "after_bytes" in spec else 64
    return out


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number >= 0")
    return float(value)


def _opt_int(spec: dict, name: str) -> int | None:
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0")
    return value


def consult(backend: Any, kind: str) -> dict | None:
    fn = getattr(backend, "ssh_fault", None)
    return fn(kind) if fn is not None else None


class Gate:
    """Wakes every waiter when faults change, so a stalled banner or a hung channel resumes the moment
    its fault is healed (no polling)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None  # the waiters' loop, once one waited

    def pulse(self) -> None:
        loop = self._loop
        if loop is not None and not _on_loop(loop):  # a command's worker thread changed the world
            loop.call_soon_threadsafe(self.pulse)
            return
        self._event.set()
        self._event = asyncio.Event()

    async def wait_while(self, holds: Callable[[], bool], timeout: float | None = None) -> None:
        loop = self._loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while holds():
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except TimeoutError:
                return


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


async def hold(backend: Any, fault: dict, seconds: float | None = None) -> None:
    """Wait while ``fault`` stays active (and at most ``seconds`` real seconds when given)."""
    gate = getattr(backend, "gate", None)
    active = getattr(backend, "fault_active", None)
    if gate is None or active is None:
        if seconds:
            await asyncio.sleep(seconds)
        return
    await gate.wait_while(lambda: active(fault["id"]), seconds)
