"""Run a tool once per scenario against a fresh embedded estate and check it.

The clock (``clock="moving"``, the default): from the instant the tool starts, the world and the
tool's own clock (libfaketime, harness/runtime/warp.py) move together at ``time_scale`` virtual
seconds per real second, so a tool that sleeps and polls behaves as on real hardware in a fraction
of the time; when the tool exits the clock freezes and the expectations are checked on virtual
time alone. ``clock="frozen"``: only the tool's control-API calls move the clock while it runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..scenario.catalogue import builtin_names, read_scenario
from .expectations import Check, Expectation, Run, evaluate, parse_expectations

MAX_OUTPUT = 1_000_000  # characters of tool output kept for the reports
DEFAULT_TIME_SCALE = 60.0  # a virtual minute per real second: the seed's 15-minute tool runs in 15 s
CLOCKS = ("moving", "frozen")


@dataclass
class ScenarioResult:
    scenario: str
    description: str = ""
    rc: int | None = None
    output: str = ""
    seconds: float = 0.0
    checks: list[Check] = field(default_factory=list)
    transcript: list[dict] = field(default_factory=list)  # what the tool ran (world transcript entries)
    timeline: list[dict] = field(default_factory=list)  # {"label", "time", "partitions": {name: {...}}}
    error: str = ""  # the scenario could not be run at all
    virtual_seconds: float = 0.0  # virtual time that passed while the tool ran

    @property
    def passed(self) -> bool:
        return not self.error and all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


class NoExpectations(ValueError):
    def __init__(self, scenario: str):
        super().__init__(f"{scenario} declares no [[expect]] tables: certify refuses it rather than pass any tool; "
                         "add what a good tool must and must not do and the state it must leave (README, "
                         "Certifying a tool)")


def select_scenarios(spec: str) -> list[str]:
    """'all' -> every built-in scenario; else a comma list of names/files."""
    if spec.strip() == "all":
        return list(builtin_names())
    return [s.strip() for s in spec.split(",") if s.strip()]


def certify(tool: str, scenarios: list[str], *, timeout: float = 120, key_dir: Path | None = None,
            on_done: Callable[[int, ScenarioResult], None] | None = None, clock: str = "moving",
            time_scale: float = DEFAULT_TIME_SCALE) -> list[ScenarioResult]:
    if clock == "moving":
        from ..runtime.warp import find_libfaketime

        find_libfaketime()  # LibfaketimeMissing now, not once per scenario
    results = []
    for i, name in enumerate(scenarios):
        results.append(run_scenario(tool, name, timeout=timeout, key_dir=key_dir, clock=clock,
                                    time_scale=time_scale))
        if on_done is not None:
            on_done(i + 1, results[-1])
    return results


def run_scenario(tool: str, scenario: str, *, timeout: float = 120, key_dir: Path | None = None,
                 clock: str = "moving", time_scale: float = DEFAULT_TIME_SCALE) -> ScenarioResult:
    from ..api import Estate

    result = ScenarioResult(scenario)
    start = time.monotonic()
    try:
        data, _ = read_scenario(scenario)
        result.description = data.get("scenario", {}).get("description", "")
        expectations = parse_expectations(data)
        if not expectations:
            raise NoExpectations(scenario)
        estate = Estate(scenario, key_dir=key_dir, control_port=0).start()
    except Exception as exc:  # noqa: BLE001 - a bad scenario fails its row; the others still run
        result.error = f"{type(exc).__name__}: {exc}"
        result.seconds = time.monotonic() - start
        return result
    try:
        _run_with(estate, tool, timeout, expectations, result, time_scale if clock == "moving" else 0)
    except Exception as exc:  # noqa: BLE001 - one broken run must not lose the others' reports
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        estate.stop()
        result.seconds = time.monotonic() - start
    return result


def _run_with(estate, tool: str, timeout: float, expectations: list[Expectation], result: ScenarioResult,
              time_scale: float = 0) -> None:
    result.timeline.append(estate.call(sample, "start"))
    env = {**os.environ, **estate.env(None)}  # the same environment as the pytest plugin's estate.env()
    started = estate.now()
    try:
        if time_scale > 0:  # last thing before the tool starts: both clocks start from here
            env = _warped(env, estate.warp(time_scale))
        result.rc, result.output = run_tool(tool, env, timeout)
    finally:
        if time_scale > 0:
            estate.freeze()
    result.virtual_seconds = estate.now() - started
    raw, epoch = estate.call(lambda w: ([t.to_dict() for t in w.transcript], w.clock.epoch))
    result.transcript = raw
    result.timeline.append(estate.call(sample, "after the tool"))
    run = Run(result.rc, result.output, raw, epoch)
    result.checks = [evaluate(e, run, estate) for e in expectations]
    result.timeline.append(estate.call(sample, "after the final advance"))


def _warped(env: dict, variables: dict) -> dict:
    from ..runtime.warp import preload

    return {**env, **variables, "LD_PRELOAD": preload(env, variables["LD_PRELOAD"])}


def ready_json(estate) -> str:
    """The ready document with one host per line, so a shell tool can grep its host out of it."""
    from ..api import ready_json as render

    return render(estate.hosts, estate.control_url)


def run_tool(tool: str, env: dict, timeout: float) -> tuple[int | None, str]:
    """(exit code or None when killed at the timeout, stdout and stderr interleaved)."""
    proc = subprocess.Popen(tool, shell=True, executable="/bin/sh", env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: kill the whole pipeline, not just /bin/sh
        except ProcessLookupError:
            pass
        out, _ = proc.communicate()
        rc = None
        out += f"\n[fakehmc certify: killed after {timeout:g} s]\n".encode()
    text = out.decode("utf-8", "replace")
    return rc, text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + "\n[... output truncated]\n"


def sample(world, label: str) -> dict:
    """Each partition's state as its (first) HMC sees it: rmc_state, DCaps, and the partition state."""
    parts = {}
    for p in world.partitions():
        system = world.system_of(p)
        hmc = next((h for h in world.hmcs.values() if system.name in h.managed_systems), None)
        view = world.rmc.view(hmc, system, p) if hmc is not None else None
        parts[p.name] = {"rmc_state": view.state if view else "none", "dcaps": hex(view.dcaps) if view else "0x0",
                         "state": p.state}
    return {"label": label, "time": world.clock.datetime().strftime("%Y-%m-%d %H:%M:%S"), "partitions": parts}
