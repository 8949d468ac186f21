"""Command lines run off the event loop, one worker thread each, behind the world gate (worldgate.py).

A command holds the gate while it runs and lets others in at its yield points (harness/shell/pace.py:
every simple command and loop iteration). One that has used more than LANE_AFTER of CPU is a runaway:
it waits for the estate's single background lane, asleep, and once there naps LANE_NAP every
LANE_SLICE, so the loop (every other client, the control and REST APIs) and short commands keep their
latency however many runaways there are. Limits of one command line, beyond the interpreter's step
limits (harness/shell/interpreter.py): RUN_BUDGET seconds of CPU time (its worker thread's), like a
CPU-time ulimit. A command whose client went away is ended at its next yield point, like a process
killed by SIGHUP.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..shell.expand import LimitExceeded
from ..shell.pace import paced
from .worldgate import WorldGate

LANE_AFTER = 0.02  # CPU seconds after which a command is a runaway
LANE_SLICE = 0.001  # a runaway runs this long between naps (measured best: benchmarks/hostile_bench.py) ...
LANE_NAP = 0.0005  # ... and sleeps this long: the GIL goes to the loop and to short commands
RUN_BUDGET = 10.0  # CPU seconds for one command line
MAX_WORKERS = 256  # threads made on demand; runaways past this wait to start
_LANE_POLL = 0.05  # how often a runaway waiting for the lane looks whether it was cancelled


class CommandKilled(LimitExceeded):
    """The client went away: the run ends here (its output goes nowhere)."""


class Job:
    """One command line in a worker thread."""

    def __init__(self, runner: CommandRunner):
        self._runner = runner
        self.cancelled = False
        self.in_lane = False
        self.started = 0.0  # the worker thread's CPU time when the command started
        self._nap_at = 0.0
        self.future: asyncio.Future | None = None

    def cancel(self) -> None:
        self.cancelled = True

    def run(self, shell: Any, source: str) -> Any:
        gate = self._runner.gate
        gate.acquire()
        try:
            self.started = time.thread_time()
            with paced(self.checkpoint):
                return shell.run(source)
        finally:
            if self.in_lane:
                self._runner.lane.release()
            gate.release()

    def checkpoint(self) -> None:
        """A yield point (called holding the gate; holds it again when it returns or raises)."""
        ran = time.thread_time() - self.started  # CPU time: waits and a busy machine do not count
        if self.in_lane and time.perf_counter() >= self._nap_at:
            self._wait(time.sleep, LANE_NAP)
            self._nap_at = time.perf_counter() + LANE_SLICE
        elif not self.in_lane and ran > LANE_AFTER:
            self._wait(self._enter_lane)
            self._nap_at = time.perf_counter() + LANE_SLICE
        elif self._runner.gate.waiting:
            self._wait(_let_others_in)  # the gate goes round its waiters and comes back
        if self.cancelled:
            raise CommandKilled("killed")
        if ran > RUN_BUDGET:
            raise LimitExceeded(f"time limit exceeded ({RUN_BUDGET:g} s)")

    def _wait(self, how, *args: Any) -> None:
        """Do ``how`` outside the gate."""
        gate = self._runner.gate
        gate.release()
        try:
            how(*args)
        finally:
            gate.acquire()

    def _enter_lane(self) -> None:
        lane = self._runner.lane
        while not lane.acquire(timeout=_LANE_POLL):
            if self.cancelled:
                return
        self.in_lane = True


def _let_others_in() -> None:
    pass


class CommandRunner:
    """The estate's workers, its background lane and the commands in flight."""

    def __init__(self, gate: WorldGate):
        self.gate = gate
        self.lane = threading.Lock()
        self._pool = ThreadPoolExecutor(MAX_WORKERS, thread_name_prefix="fakehmc-command")
        self._jobs: set[Job] = set()

    @property
    def in_flight(self) -> int:
        """Command lines running or waiting in a worker."""
        return len(self._jobs)

    def start(self, shell: Any, source: str) -> Job:
        """Start ``shell.run(source)`` in a worker; await ``job.future`` (on the loop) for its result."""
        job = Job(self)
        job.future = asyncio.get_running_loop().run_in_executor(self._pool, job.run, shell, source)
        self._jobs.add(job)
        job.future.add_done_callback(lambda _f: self._jobs.discard(job))
        return job

    def close(self) -> None:
        """End every command in flight at its next yield point; no new ones start."""
        for job in list(self._jobs):
            job.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
