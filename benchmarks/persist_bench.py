"""Persistence with --state-dir (harness/runtime/persist.py): does its cost stay bounded?

- sustained: `fakehmc up --state-dir` over SSH, DLPAR changes and listings alternating on 4 channels of
  one connection; commands/s of the first block against the last one, ``total`` commands in all (each
  the median of 10 slices, with their range).
- estate size: one `chhwres` (run + journal line) in-process on the seed estate and on a
  10,000-partition estate (10 systems), each with its own state dir; interleaved ABAB, median and spread.

    python benchmarks/persist_bench.py [--quick]   -> JSON on stdout
"""

from __future__ import annotations

import asyncio
import json
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
async def _drive(host: dict, total: int, block: int, channels: int = 4) -> list[float]:
    """Seconds taken by each block of ``block`` commands, ``total`` commands in all."""
    started = finished = 0
    marks: list[float] = []
    async with connect(host) as conn:
        async def worker(w: int) -> None:
            nonlocal started, finished
            i = 0
            while started < total:
                started += 1
                i += 1
                if i % 2:
                    op = "a" if (i // 2) % 2 == 0 else "r"
                    cmd = f"chhwres -r mem -m {HEALTHY_SYSTEM} -o {op} -p lpar{w % 3 + 1} -q 256"
                else:
                    cmd = f"lssyscfg -r lpar -m {HEALTHY_SYSTEM} -F name,state"
                r = await conn.run(cmd)
                if r.exit_status != 0:
                    raise RuntimeError(f"{cmd}: {r.exit_status} {r.stdout} {r.stderr}")
                finished += 1
                if finished % block == 0:
                    marks.append(time.perf_counter())

        start = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(channels)))
    edges = [start] + marks
    return [b - a for a, b in zip(edges, edges[1:])]


def sustained(tmp: Path, total: int, block: int, sub: int = 10) -> dict:
    """Commands/s of the first ``block`` commands and of the last, each the median of ``sub`` slices
    (one slow slice on a shared machine must not decide the figure)."""
    state = tmp / "sustained-state"
    argv = [*FAKEHMC, "up", "--scenario", "healthy", "--clock-scale", "0", "--port", "0", "--listen", "127.0.0.1",
            "--state-dir", str(state), "--ready-file", str(tmp / "sustained-ready.json")]
    srv = start_server(argv, tmp / "sustained-ready.json")
    try:
        slices = asyncio.run(_drive(srv.host("hmc1"), total, block // sub))
    finally:
        srv.stop()
    rates = [block // sub / s for s in slices]
    first, last = rates[:sub], rates[-sub:]
    journal = state / "journal.jsonl"
    return {"total": total, "block": block, "first_cmds_per_s": statistics.median(first),
            "last_cmds_per_s": statistics.median(last), "first_range": [min(first), max(first)],
            "last_range": [min(last), max(last)], "rates": rates, "journal_bytes_at_end": journal.stat().st_size if journal.exists() else 0,
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


def _one_chhwres(backend, system: str, part: str, op: str) -> float:
    cmd = f"chhwres -r mem -m {system} -o {op} -p {part} -q 256"
    t = time.perf_counter()
    shell = backend.new_shell("hscroot", interactive=False, pty=False)
    res = shell.run(cmd)
    backend.record(user="hscroot", channel="exec", command=cmd, exit_code=res.exit_code, bytes_out=len(res.stdout))
    elapsed = time.perf_counter() - t
    if res.exit_code != 0:
        raise RuntimeError(f"{cmd}: {res.stdout} {res.stderr}")
    return elapsed


def by_estate_size(tmp: Path, rounds: int) -> dict:
    sides = {kind: _estate(kind, tmp / f"chhwres-{kind}") for kind in ("seed", "10k")}
    times: dict[str, list[float]] = {kind: [] for kind in sides}
    for r in range(rounds + 4):  # the first rounds warm up (first write of each section after compaction)
        for kind, (world, system, parts, backend, journal) in sides.items():
            t = _one_chhwres(backend, system, parts[r % 3], "a" if (r // 3) % 2 == 0 else "r")
            if r >= 4:
                times[kind].append(t)
    out = {kind: _spread(v) for kind, v in times.items()}
    for kind, (world, system, parts, backend, journal) in sides.items():
        out[kind]["partitions"] = len(world.partitions())
        out[kind]["base_bytes"] = journal.base_bytes
        out[kind]["journal_line_bytes"] = journal.journal_bytes / max(journal.lines, 1)
    return out


def run(tmp: Path, quick: bool = False) -> dict:
    total, block = (2000, 200) if quick else (11000, 1000)
    return {"sustained": sustained(tmp, total, block), "chhwres": by_estate_size(tmp, 10 if quick else 40)}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="fakehmc-persist-") as d:
        print(json.dumps(run(Path(d), "--quick" in sys.argv)))
