"""Serving an estate in the foreground until SIGINT/SIGTERM: shared by `fakehmc up` and the
container engine, so both report errors, print the host table and stop the same way."""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from pathlib import Path
from typing import Awaitable, Callable, Protocol

from .embedded import Estate


class Closable(Protocol):
    async def close(self) -> None: ...


def print_hosts(estate: Estate) -> None:
    rows = [("NAME", "KIND", "ADDRESS", "PORT", "USER", "PASSWORD")]
    rows += [(h.name, h.kind, h.address, str(h.port), h.username, h.password) for h in estate.hosts]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"fakehmc: scenario {estate.world.scenario}, clock x{estate.config.clock_scale:g}")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    for line in reach_lines(estate):
        print(line)
    sys.stdout.flush()


def reach_lines(estate: Estate) -> list[str]:
    """How to reach the estate, ready to copy and paste: one OpenSSH command line per host (its
    password after the shell comment sign), then the REST slot, the control API and the ready file."""
    width = max((len(h.name) for h in estate.hosts), default=0)
    lines = ["reach each host with OpenSSH (type the password after # when asked):"]
    for h in estate.hosts:
        lines.append(f"  {h.name:<{width}}  ssh -p {h.port} {h.username}@{h.address}   # password: {h.password}")
    rest = [h for h in estate.hosts if getattr(h, "rest", None)]
    for h in rest:
        also = f" and {h.rest_443} (its port 443)" if getattr(h, "rest_443", "") else ""
        lines.append(f"REST API: {h.rest}{also}   # {h.name}, user {h.username}, password {h.password}; "
                     f"self-signed certificate sha256 {h.rest_sha256}")
    if not rest:
        lines.append("REST API: not served (fakehmc up --no-rest, or no HMC in the estate)")
    if estate.control_url:
        lines.append(f"control API: {estate.control_url}   (fakehmc clock/fault/state/transcript use it)")
    ready = estate.config.ready_file
    if ready is not None:
        lines.append(f"ready file: {Path(ready).resolve()}   (JSON: every host's address, port, user, password; "
                     "the control URL)")
    return lines


async def serve(make_estate: Callable[[], Estate],
                sidecar: Callable[[Estate], Awaitable[Closable]] | None = None) -> int:
    """Build, start and serve an estate until a signal; exit 2 for a bad scenario, 1 if it cannot bind.
    ``sidecar`` starts a helper service before the estate (and is closed before it)."""
    from ..scenario.builder import ScenarioError

    try:
        estate = make_estate()
    except ScenarioError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 2
    extra = None
    try:
        if sidecar is not None:
            extra = await sidecar(estate)
        await estate.start()
    except OSError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        await estate.close()
        return 1
    print_hosts(estate)
    # What start-up built lives as long as the server: kept out of every later collection (and the
    # collector back on if the caller turned it off for the start-up).
    gc.freeze()
    gc.enable()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if extra is not None:
        await extra.close()
    await estate.close()
    return 0
