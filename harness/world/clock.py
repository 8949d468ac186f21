"""The virtual clock: every delay of the real machine is a timer here, never a wall-clock sleep.

Timers are data (an event name and JSON-able arguments), not callbacks, so a world with pending
timers can be dumped to a file and loaded back exactly. The world dispatches each event by name.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable


@dataclass(order=True)
class Timer:
    at: float
    seq: int
    event: str = field(compare=False)
    args: tuple = field(compare=False, default=())
    cancelled: bool = field(compare=False, default=False)

    def to_dict(self) -> dict:
        return {"at": self.at, "seq": self.seq, "event": self.event, "args": list(self.args)}


class VirtualClock:
    """Seconds since the world's epoch; ``advance`` fires due timers in order, deterministically."""

    def __init__(self, epoch: datetime, now: float = 0.0):
        self.epoch = epoch if epoch.tzinfo else epoch.replace(tzinfo=timezone.utc)
        self.now = now
        self._heap: list[Timer] = []
        self._seq = 0
        self.dispatch: Callable[[str, tuple], Any] | None = None  # set by the world
        # When a journal persists the world (harness/runtime/persist.py): timers added (Timer) and
        # removed (their seq) since it last looked, so it writes those and not the whole heap.
        self.log: list | None = None

    def datetime(self) -> datetime:
        return self.epoch + timedelta(seconds=self.now)

    def schedule(self, delay: float, event: str, *args: Any) -> Timer:
        return self.schedule_at(self.now + max(0.0, delay), event, *args)

    def schedule_at(self, at: float, event: str, *args: Any) -> Timer:
        self._seq += 1
        timer = Timer(at, self._seq, event, tuple(args))
        heapq.heappush(self._heap, timer)
        if self.log is not None:
            self.log.append(timer)
        return timer

    def cancel_where(self, pred: Callable[[Timer], bool]) -> int:
        n = 0
        for t in self._heap:
            if not t.cancelled and pred(t):
                t.cancelled = True
                n += 1
                if self.log is not None:
                    self.log.append(t.seq)
        return n

    def pending(self) -> list[Timer]:
        return sorted(t for t in self._heap if not t.cancelled)

    def next_due(self) -> float | None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].at if self._heap else None

    def advance(self, seconds: float) -> int:
        """Move time forward by ``seconds``, firing every timer due on the way. Returns timers fired."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        return self.advance_to(self.now + seconds)

    def advance_to(self, target: float, until: Callable[[], bool] | None = None,
                   max_fired: int | None = None) -> int:
        """Fire timers due up to ``target``; stop early (at that timer's time) once ``until()`` holds, or
        after ``max_fired`` timers (time then stands at the last one fired: call again to go on)."""
        fired = 0
        while True:
            due = self.next_due()
            if due is None or due > target:
                break
            if max_fired is not None and fired >= max_fired:
                return fired
            timer = heapq.heappop(self._heap)
            if self.log is not None:
                self.log.append(timer.seq)
            self.now = max(self.now, timer.at)
            if self.dispatch is not None:
                self.dispatch(timer.event, timer.args)
            fired += 1
            if until is not None and until():
                return fired
        self.now = max(self.now, target)
        return fired

    def to_dict(self) -> dict:
        return {"epoch": self.epoch.isoformat(), "now": self.now, "seq": self._seq,
                "timers": [t.to_dict() for t in self.pending()]}

    @classmethod
    def from_dict(cls, data: dict) -> "VirtualClock":
        clock = cls(datetime.fromisoformat(data["epoch"]), data["now"])
        clock._seq = data["seq"]
        for t in data["timers"]:
            heapq.heappush(clock._heap, Timer(t["at"], t["seq"], t["event"], tuple(t["args"])))
        return clock
