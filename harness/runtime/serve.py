"""Serving an estate in the foreground until SIGINT/SIGTERM: shared by `fakehmc up` and the
container engine, so both report errors, print the host table and stop the same way."""

from __future__ import annotations

import asyncio
import signal
import sys
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
    print(f"control API: {estate.control_url}")
    for h in estate.hosts:
        if h.rest:
            print(f"REST API of {h.name}: {h.rest}   (certificate sha256 {h.rest_sha256})")
    hmc = next((h for h in estate.hosts if h.kind == "hmc"), None)
    if hmc:
        print(f"try: ssh -p {hmc.port} {hmc.username}@{hmc.address} lspartition -dlpar   (password {hmc.password})")
    sys.stdout.flush()


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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if extra is not None:
        await extra.close()
    await estate.close()
    return 0
