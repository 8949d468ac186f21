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
from .inline import InlineCosts, command_of
from .worldgate import WorldGate

LANE_AFTER = 0.02  # CPU seconds after which a command is a runaway
TURN = 0.001  # a command keeps the world this long before it lets waiters in (each hand-over costs ~2 thread switches)
# a runaway runs LANE_SLICE between naps (hostile_bench.py, 2026-12-04: 1 ms gave 1.90x and 1.95x of idle
# latency, 0.5 ms 1.32x and 1.69x) ...
LANE_SLICE = 0.0005
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
        self.cpu = 0.0  # CPU seconds the command took, once it is done
        self._nap_at = 0.0
        self._turn_ends = 0.0  # perf_counter when the current turn at the gate is over
        self.future: asyncio.Future | None = None

    def cancel(self) -> None:
        self.cancelled = True

    def run(self, shell: Any, source: str) -> Any:
        gate = self._runner.gate
        gate.acquire()
        self._turn_ends = time.perf_counter() + TURN
        try:
            self.started = time.thread_time()
            with paced(self.checkpoint):
                return shell.run(source)
        finally:
            self.cpu = time.thread_time() - self.started
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
        elif self._runner.gate.waiting and time.perf_counter() >= self._turn_ends:
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
            self._turn_ends = time.perf_counter() + TURN

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
        self.costs = InlineCosts()  # what earlier runs cost: which lines may run on the loop (inline.py)

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

    def run(self, host: str, world: Any, shell: Any, source: str) -> Job:
        """``start`` the line in a worker, or run it here on the loop when inline.py says it is short (the
        Job's future is then already done). Either way its CPU cost is measured for the next decision."""
        name = command_of(shell, source)
        if name is None:
            return self.start(shell, source)
        key = (host, name)
        if not self.costs.cheap(world, key):
            job = self.start(shell, source)
            job.future.add_done_callback(lambda _f: self.costs.learn(world, key, job.cpu))
            return job
        job = Job(self)
        job.future = asyncio.get_running_loop().create_future()
        started = time.thread_time()
        try:
            job.future.set_result(shell.run(source))
        except Exception as e:  # noqa: BLE001 - as a worker's would, the exception reaches the awaiter
            job.future.set_exception(e)
        job.cpu = time.thread_time() - started
        self.costs.learn(world, key, job.cpu)
        return job

    def close(self) -> None:
        """End every command in flight at its next yield point; no new ones start."""
        for job in list(self._jobs):
            job.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
