"""The world gate: one lock per estate that whoever touches the world holds.

Commands run in worker threads (harness/runtime/commandlane.py); everything else (SSH sessions, the clock
ticker, the control API, the REST API) runs on the estate's event loop. Rather than take the gate in each
of those handlers, the loop holds it whenever it is running and lets go only while it sleeps in its
selector (``GatedSelector``): every callback of the loop is inside the gate without knowing it, and a
worker gets the world while the loop waits for I/O. A worker lets go at its yield points when someone
waits (``checkpoint``), so the loop is never held up longer than one simple command.

Hand-over is first come, first served: a releaser passes the gate straight to the oldest waiter, so a
worker that releases and asks again goes to the back of the queue instead of winning the race at once.
"""

from __future__ import annotations

import asyncio
import selectors
import threading
from collections import deque
from typing import Any


class WorldGate:
    def __init__(self) -> None:
        self._mutex = threading.Lock()  # guards _held and _queue
        self._held = False
        self._queue: deque[threading.Lock] = deque()  # a locked lock per waiter, released on hand-over

    @property
    def waiting(self) -> int:
        """How many wait for the gate (a hint: read without the mutex)."""
        return len(self._queue)

    def acquire(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        turn.acquire()  # released by the holder handing the gate over: it is ours now

    def release(self) -> None:
        with self._mutex:
            if self._queue:
                self._queue.popleft().release()  # still held: by the waiter now
            else:
                self._held = False

    def checkpoint(self) -> None:
        """Let the waiters in first when there are any (a worker's yield point)."""
        if self._queue:
            self.release()
            self.acquire()

    def __enter__(self) -> WorldGate:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


class GatedSelector:
    """A loop's selector that releases the gate while it blocks and takes it back before the loop runs
    its callbacks. Everything else is the wrapped selector's."""

    def __init__(self, inner: selectors.BaseSelector, gate: WorldGate):
        self.inner = inner
        self.gate = gate

    def select(self, timeout: float | None = None) -> list:
        self.gate.release()
        try:
            return self.inner.select(timeout)
        finally:
            self.gate.acquire()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def install(loop: asyncio.AbstractEventLoop, gate: WorldGate) -> bool:
    """Put ``gate`` around ``loop``'s selector; called on the loop (which then holds the gate). False on a
    loop without a selector of its own (not asyncio's selector loop): commands then stay on the loop."""
    selector = getattr(loop, "_selector", None)  # asyncio.BaseSelectorEventLoop's, stable since 3.4
    if selector is None:
        return False
    gate.acquire()
    loop._selector = GatedSelector(selector, gate)  # type: ignore[attr-defined]
    return True


def uninstall(loop: asyncio.AbstractEventLoop, gate: WorldGate) -> None:
    """Undo ``install`` (called on the loop, holding the gate)."""
    outer, prev = None, getattr(loop, "_selector", None)
    while isinstance(prev, GatedSelector):  # estates sharing a loop may have wrapped it in any order
        if prev.gate is gate:
            if outer is None:
                loop._selector = prev.inner  # type: ignore[attr-defined]
            else:
                outer.inner = prev.inner
            gate.release()
            return
        outer, prev = prev, prev.inner
