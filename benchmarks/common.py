"""Helpers shared by the benchmarks: servers as subprocesses, an asyncssh client, statistics."""

from __future__ import annotations

import asyncio
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FAKEHMC = [PY, "-m", "harness.cli"]
BARE = [PY, str(ROOT / "benchmarks" / "bare_server.py")]
SYSTEM = "Server-9117-MMB-SN10284FP"  # the seed's managed system


def rss_kb(pid: int | str = "self") -> int:
    """Resident set size in KiB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class Server:
    """A server subprocess (fakehmc up or the bare server) and its ready document."""

    proc: subprocess.Popen
    ready: dict
    started: float  # time.perf_counter() just before Popen

    def host(self, name: str | None = None) -> dict:
        hosts = self.ready["hosts"]
        return hosts[0] if name is None else next(h for h in hosts if h["name"] == name)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_server(argv: list[str], ready_file: Path, env: dict | None = None, timeout: float = 120) -> Server:
    """Start ``argv`` (which writes ``ready_file``) and wait for the ready file."""
    if ready_file.exists():
        ready_file.unlink()
    started = time.perf_counter()
    # Bytecode is written (and reused from the warm-up start on), as on any installed copy: a
    # PYTHONDONTWRITEBYTECODE inherited from the caller would charge fakehmc's own modules (not the
    # bare server's site-packages, compiled at install) a recompilation on every start.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, **(env or {})}
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while True:
        if ready_file.exists():
            try:
                ready = json.loads(ready_file.read_text())
                break
            except ValueError:
                pass
        if proc.poll() is not None:
            raise RuntimeError(f"{argv[:3]} exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError(f"{argv} not ready after {timeout}s")
        time.sleep(0.002)
    return Server(proc, ready, started)


def fakehmc_argv(tmp: Path, scenario: str = "seed-lpar30", extra: list[str] | None = None) -> list[str]:
    return [*FAKEHMC, "up", "--scenario", scenario, "--clock-scale", "0", "--port", "0", "--listen", "127.0.0.1",
            "--ready-file", str(tmp / "ready.json"), *(extra or [])]


def bare_argv(tmp: Path, extra: list[str] | None = None) -> list[str]:
    return [*BARE, "--listen", "127.0.0.1", "--port", "0", "--key-dir", str(tmp / "barekeys"),
            "--ready-file", str(tmp / "bare-ready.json"), *(extra or [])]


def connect(host: dict, **kw) -> asyncssh.connection._ConnectionContextManager:
    return asyncssh.connect(host["address"], port=host["port"], username=host["username"],
                            password=host["password"], known_hosts=None, client_keys=None, agent_path=None,
                            config=None, preferred_auth="password", **kw)


def fmt_s(seconds: float) -> str:
    if math.isnan(seconds):
        return "n/a"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def run_async(coro):
    return asyncio.run(coro)
