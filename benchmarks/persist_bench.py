"""Persistence with --state-dir (harness/runtime/persist.py): does its cost stay bounded?

- sustained: `fakehmc up --state-dir` over SSH, DLPAR changes and listings alternating on 4 channels of
  one connection; commands/s of a server's commands ``total - block``..``total`` against a fresh
  server's first ``block``, the two measured in alternating slices (ABBA), median of the per-pair
  ratios with their range, and the server CPU seconds per command beside.
- estate size: one `chhwres` (run + journal line) in-process on the seed estate and on a
  10,000-partition estate (10 systems), each with its own state dir; the two back to back in each
  round (ABBA), median of the per-round ratios and their range, in wall and in process CPU time.

    python benchmarks/persist_bench.py [--quick]   -> JSON on stdout
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FAKEHMC, connect, start_server  # noqa: E402

HEALTHY_SYSTEM = "Server-8286-42A-SN2112ABC"
SEED_SYSTEM = "Server-9117-MMB-SN10284FP"


def _spread(values: list[float]) -> dict:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "n": len(values)}


# ---- sustained throughput over SSH ----------------------------------------------------------------------
def _command(i: int, channel: int) -> str:
    """The ``i``-th command a channel sends: DLPAR memory add/remove and listings, alternating."""
    if i % 2:
        op = "a" if (i // 2) % 2 == 0 else "r"
        return f"chhwres -r mem -m {HEALTHY_SYSTEM} -o {op} -p lpar{channel % 3 + 1} -q 256"
    return f"lssyscfg -r lpar -m {HEALTHY_SYSTEM} -F name,state"


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Driver:
    """One connection to one server; ``run(n)`` sends the next ``n`` commands over ``channels`` channels
    at once and returns (wall seconds, server CPU seconds)."""

    def __init__(self, conn, pid: int, channels: int = 4):
        self.conn, self.pid, self.channels = conn, pid, channels
        self.sent = [0] * channels  # commands sent per channel (its position in the pattern)
        self.done = 0

    async def run(self, n: int) -> tuple[float, float]:
        left = n

        async def worker(w: int) -> None:
            nonlocal left
            while left > 0:
                left -= 1
                self.sent[w] += 1
                cmd = _command(self.sent[w], w)
                r = await self.conn.run(cmd)
                if r.exit_status != 0:
                    raise RuntimeError(f"{cmd}: {r.exit_status} {r.stdout} {r.stderr}")
                self.done += 1

        cpu, t = _cpu_s(self.pid), time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(self.channels)))
        return time.perf_counter() - t, _cpu_s(self.pid) - cpu


async def _interleaved(fresh, aged, age: int, block: int, sub: int) -> dict:
    """Age one server by ``age`` commands, then measure ``block`` commands on each in ``sub`` slices,
    alternating fresh/aged (ABBA order), so that the machine's load drifts over both alike."""
    async with connect(fresh.host("hmc1")) as c_fresh, connect(aged.host("hmc1")) as c_aged:
        a, b = _Driver(c_fresh, fresh.proc.pid), _Driver(c_aged, aged.proc.pid)
        t = time.perf_counter()
        while b.done < age:
            await b.run(min(block, age - b.done))
        aging_s = time.perf_counter() - t
        n = block // sub
        out: dict[str, list] = {"fresh": [], "aged": []}
        for k in range(sub):
            order = ((a, "fresh"), (b, "aged")) if k % 2 == 0 else ((b, "aged"), (a, "fresh"))
            for drv, name in order:
                wall, cpu = await drv.run(n)
                out[name].append((n / wall, cpu / n))
        return {"slices": out, "aging_s": aging_s, "aged_done": b.done, "fresh_done": a.done}


def _server(tmp: Path, name: str):
    state, ready = tmp / f"{name}-state", tmp / f"{name}-ready.json"
    argv = [*FAKEHMC, "up", "--scenario", "healthy", "--clock-scale", "0", "--port", "0", "--listen", "127.0.0.1",
            "--state-dir", str(state), "--ready-file", str(ready)]
    return start_server(argv, ready), state


def sustained(tmp: Path, total: int, block: int, sub: int = 10) -> dict:
    """Commands/s of commands ``total - block``..``total`` of a server against its first ``block``
    commands. Two servers: one is aged by ``total - block`` commands first, then slices of both alternate
    (a fresh server's first block beside the aged server's last one), so a change of load on the shared
    machine hits both sides. The ratio is the median of the per-pair ratios (each pair measured back to
    back), with their range; the server CPU seconds per command are reported beside (less noisy than
    wall time on a loaded machine)."""
    (fresh, _), (aged, state) = _server(tmp, "fresh"), _server(tmp, "aged")
    try:
        r = asyncio.run(_interleaved(fresh, aged, total - block, block, sub))
    finally:
        fresh.stop()
        aged.stop()
    first, last = r["slices"]["fresh"], r["slices"]["aged"]
    ratios = [b[0] / a[0] for a, b in zip(first, last)]
    cpu_ratios = [b[1] / a[1] for a, b in zip(first, last) if a[1] > 0]
    journal = state / "journal.jsonl"
    return {"total": total, "block": block, "slices": sub,
            "first_cmds_per_s": statistics.median(x[0] for x in first),
            "last_cmds_per_s": statistics.median(x[0] for x in last),
            "first_range": [min(x[0] for x in first), max(x[0] for x in first)],
            "last_range": [min(x[0] for x in last), max(x[0] for x in last)],
            "ratio_median": statistics.median(ratios), "ratio_range": [min(ratios), max(ratios)],
            "first_cpu_s_per_cmd": statistics.median(x[1] for x in first),
            "last_cpu_s_per_cmd": statistics.median(x[1] for x in last),
            "cpu_ratio_median": statistics.median(cpu_ratios) if cpu_ratios else float("nan"),
            "aging_s": r["aging_s"], "commands": [r["fresh_done"], r["aged_done"]],
            "journal_bytes_at_end": journal.stat().st_size if journal.exists() else 0,
            "state_dir_bytes": sum(p.stat().st_size for p in state.rglob("*") if p.is_file())}


# ---- one chhwres persisted, by estate size --------------------------------------------------------------
def _estate(kind: str, state_dir: Path):
    from estates import estate

    from harness.runtime import persist
    from harness.runtime.backend import HostBackend
    from harness.scenario.builder import build_world
    from harness.scenario.catalogue import load_scenario

    if kind == "seed":
        world, system, parts = load_scenario("seed-lpar30", None), SEED_SYSTEM, ["lpar21", "lpar22", "lpar23"]
    else:
        world = build_world(estate(10, 10000))
        system, parts = "Server-8286-42A-SN2100000", ["lpar00001", "lpar00002", "lpar00003"]
    journal = persist.Journal(state_dir, world)
    backend = HostBackend(lambda: world, "hmc1", journal.persist)
    return world, system, parts, backend, journal


def _one_chhwres(backend, system: str, part: str, op: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one command and its journal line; the CPU time
    is what a preemption on a loaded machine does not inflate."""
    cmd = f"chhwres -r mem -m {system} -o {op} -p {part} -q 256"
    c = time.process_time()
    t = time.perf_counter()
    shell = backend.new_shell("hscroot", interactive=False, pty=False)
    res = shell.run(cmd)
    backend.record(user="hscroot", channel="exec", command=cmd, exit_code=res.exit_code, bytes_out=len(res.stdout))
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    if res.exit_code != 0:
        raise RuntimeError(f"{cmd}: {res.stdout} {res.stderr}")
    return elapsed, cpu


def by_estate_size(tmp: Path, rounds: int) -> dict:
    """One chhwres on each estate per round, the two back to back (order alternating, ABBA), so a
    change of load on the shared machine hits both; the ratio is the median of the per-round ratios
    (10k / seed) with their range, in wall time and in process CPU time."""
    sides = {kind: _estate(kind, tmp / f"chhwres-{kind}") for kind in ("seed", "10k")}
    times: dict[str, list[float]] = {kind: [] for kind in sides}
    cpus: dict[str, list[float]] = {kind: [] for kind in sides}
    for r in range(rounds + 4):  # the first rounds warm up (first write of each section after compaction)
        order = list(sides.items()) if r % 2 == 0 else list(reversed(sides.items()))
        for kind, (world, system, parts, backend, journal) in order:
            t, c = _one_chhwres(backend, system, parts[r % 3], "a" if (r // 3) % 2 == 0 else "r")
            if r >= 4:
                times[kind].append(t)
                cpus[kind].append(c)
    out = {kind: _spread(v) for kind, v in times.items()}
    for kind, v in cpus.items():
        out[kind]["cpu"] = _spread(v)
    for kind, (world, system, parts, backend, journal) in sides.items():
        out[kind]["partitions"] = len(world.partitions())
        out[kind]["base_bytes"] = journal.base_bytes
        out[kind]["journal_line_bytes"] = journal.journal_bytes / max(journal.lines, 1)
    for name, series in (("wall", times), ("cpu", cpus)):
        # a coarse CPU clock can read zero for a short command: such a pair has no ratio
        ratios = [b / a for a, b in zip(series["seed"], series["10k"]) if a > 0]
        out[f"{name}_ratio"] = {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios),
                                "n": len(ratios)}
    return out


def run(tmp: Path, quick: bool = False) -> dict:
    total, block = (2000, 200) if quick else (11000, 1000)
    return {"sustained": sustained(tmp, total, block), "chhwres": by_estate_size(tmp, 10 if quick else 40)}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="fakehmc-persist-") as d:
        print(json.dumps(run(Path(d), "--quick" in sys.argv)))
