"""Start-up, command latency and throughput over SSH: fakehmc (`fakehmc up` subprocess) against the
bare asyncssh server (benchmarks/bare_server.py, same start, same client)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from common import SYSTEM, Server, bare_argv, connect, fakehmc_argv, median, pct, start_server

STARTUP_CMD = "lspartition -dlpar"
LATENCY_CMD = f"lssyscfg -r lpar -m {SYSTEM} -F name,state"


class Target:
    """How to start one side (fakehmc or bare) and which host to talk to."""

    def __init__(self, label: str, tmp: Path):
        self.label = label
        self.tmp = tmp
        if label == "fakehmc":
            # host keys go to tmp/xdg/fakehmc (the default key dir under XDG_STATE_HOME), generated
            # once by the warm-up start, then read, as on every later start of a real install
            self.argv = fakehmc_argv(tmp)
            self.ready = tmp / "ready.json"
            self.env = {"XDG_STATE_HOME": str(tmp / "xdg")}
            self.host_name = "hmc1"
        else:
            self.argv = bare_argv(tmp)
            self.ready = tmp / "bare-ready.json"
            self.env = {}
            self.host_name = None

    def start(self) -> Server:
        return start_server(self.argv, self.ready, self.env)


async def _first_command(host: dict, command: str) -> None:
    async with connect(host) as conn:
        r = await conn.run(command)
        if r.exit_status != 0 or not r.stdout:
            raise RuntimeError(f"{command!r}: rc={r.exit_status} {r.stdout!r} {r.stderr!r}")


def _startup_once(target: Target) -> float:
    """Seconds from Popen to the first successful STARTUP_CMD answer."""
    srv = target.start()
    try:
        asyncio.run(_first_command(srv.host(target.host_name), STARTUP_CMD))
        return time.perf_counter() - srv.started
    finally:
        srv.stop()


async def _latency(host: dict, n: int, warmup: int = 10) -> list[float]:
    async with connect(host) as conn:
        out = []
        for i in range(n + warmup):
            t = time.perf_counter()
            r = await conn.run(LATENCY_CMD)
            dt = time.perf_counter() - t
            if r.exit_status != 0:
                raise RuntimeError(f"rc={r.exit_status}: {r.stdout!r}")
            if i >= warmup:
                out.append(dt)
        return out


async def _throughput(host: dict, conns: int, seconds: float) -> tuple[int, float, int]:
    connections = await asyncio.gather(*(connect(host) for _ in range(conns)))
    failures = 0
    done = 0
    try:
        await asyncio.gather(*(c.run(LATENCY_CMD) for c in connections))  # warm-up: one command each
        stop_at = time.perf_counter() + seconds

        async def worker(c) -> None:
            nonlocal done, failures
            while time.perf_counter() < stop_at:
                r = await c.run(LATENCY_CMD)
                if r.exit_status == 0:
                    done += 1
                else:
                    failures += 1

        t = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in connections))
        elapsed = time.perf_counter() - t
    finally:
        for c in connections:
            c.close()
    return done, elapsed, failures


def run(tmp: Path, quick: bool = False) -> dict:
    """fakehmc and the bare server are measured in alternation (ABAB...), so that a change in the
    machine's load during the run touches both sides alike."""
    targets = {label: Target(label, tmp) for label in ("fakehmc", "bare")}
    results: dict = {"startup": {}, "latency": {}, "throughput": {}}
    for label, target in targets.items():
        _startup_once(target)  # warm-up: host keys generated, bytecode compiled
    runs = 2 if quick else 7
    starts: dict[str, list[float]] = {label: [] for label in targets}
    for _ in range(runs):
        for label, target in targets.items():
            starts[label].append(_startup_once(target))
    for label in targets:
        results["startup"][label] = {"median_s": median(starts[label]), "runs": starts[label]}
    servers = {label: t.start() for label, t in targets.items()}
    try:
        hosts = {label: servers[label].host(targets[label].host_name) for label in targets}
        blocks, per_block = (2, 50) if quick else (6, 100)
        lat: dict[str, list[float]] = {label: [] for label in targets}
        for _ in range(blocks):
            for label in targets:
                lat[label] += asyncio.run(_latency(hosts[label], per_block))
        for label in targets:
            results["latency"][label] = {"p50_s": pct(lat[label], 0.5), "p99_s": pct(lat[label], 0.99),
                                         "n": len(lat[label])}
        rounds, seconds = (1, 3.0) if quick else (5, 4.0)
        tp = {label: [0, 0.0, 0] for label in targets}
        per_round: dict[str, list[float]] = {label: [] for label in targets}
        for _ in range(rounds):
            for label in targets:
                done, elapsed, failures = asyncio.run(_throughput(hosts[label], 50, seconds))
                tp[label][0] += done
                tp[label][1] += elapsed
                tp[label][2] += failures
                per_round[label].append(done / elapsed)
        for label in targets:
            done, elapsed, failures = tp[label]
            results["throughput"][label] = {"cmds_per_s": done / elapsed, "failures": failures, "connections": 50,
                                            "seconds": elapsed, "rounds": per_round[label]}
    finally:
        for srv in servers.values():
            srv.stop()
    return results


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(run(Path(d), quick="--quick" in sys.argv), indent=2))
