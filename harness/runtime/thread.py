"""Run an estate on its own event loop in a background thread, for tests and the Python API.

The world is only touched from the estate's loop: ``call`` runs a function there and waits for it.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import Any, Callable, TypeVar

from ..world.world import World
from .embedded import Estate, EstateConfig, HostInfo

T = TypeVar("T")


class EstateThread:
    def __init__(self, config: EstateConfig):
        self.config = config
        self.estate: Estate | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fakehmc-estate", daemon=True)

    def start(self) -> "EstateThread":
        self._thread.start()
        try:
            self._submit(self._start()).result(timeout=60)
        except BaseException:
            self.stop()
            raise
        return self

    async def _start(self) -> None:
        self.estate = Estate(self.config)
        await self.estate.start()

    def _submit(self, coro) -> Future:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        async def run() -> T:
            return fn(*args)

        return self._submit(run()).result(timeout=60)

    @property
    def world(self) -> World:
        """The live world. Read it through ``call`` when the estate is serving clients."""
        return self.estate.world

    @property
    def hosts(self) -> list[HostInfo]:
        return self.estate.hosts

    def host(self, name: str) -> HostInfo:
        return next(h for h in self.estate.hosts if h.name == name)

    def advance(self, seconds: float) -> None:
        self._submit(self.estate.advance_in_slices(seconds)).result()

    def stop(self) -> None:
        if self.estate is not None and self._loop.is_running():
            try:
                self._submit(self.estate.close()).result(timeout=30)
            except Exception:
                pass
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    def __enter__(self) -> "EstateThread":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
