"""Issue 14 item 6: latency of `lssyscfg` on one client while ten hostile sessions run, against the same
client's latency with the estate idle, measured in alternating phases (idle, hostile, idle, ...) in one run.

A hostile session runs `while true; do :; done` on an AIX partition over and over (each run ends at the
shell's loop limit) on its own connection. Target: hostile within 2x of idle.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import connect, fakehmc_argv, median, start_server  # noqa: E402 - a folder of scripts

CMD = "lssyscfg -r sys -F name,state"
HOSTILE = "while true; do :; done"


async def _hostile(host: dict, stop: asyncio.Event) -> int:
    runs = 0
    async with connect(host) as conn:
        while not stop.is_set():
            await conn.run(HOSTILE)
            runs += 1
    return runs


async def _sample(hmc: dict, n: int) -> list[float]:
    out = []
    async with connect(hmc) as conn:
        for _ in range(n):
            t = time.perf_counter()
            r = await conn.run(CMD)
            out.append(time.perf_counter() - t)
            if r.exit_status != 0:
                raise RuntimeError(r.stdout)
    return out


async def _phases(ready: dict, rounds: int, n: int, sessions: int) -> dict:
    hmc = next(h for h in ready["hosts"] if h["kind"] == "hmc")
    lpar = next(h for h in ready["hosts"] if h["kind"] == "aix")
    idle, hostile, ratios = [], [], []
    for _ in range(rounds):
        a = await _sample(hmc, n)
        stop = asyncio.Event()
        tasks = [asyncio.create_task(_hostile(lpar, stop)) for _ in range(sessions)]
        await asyncio.sleep(0.5)  # the hostile loops are running
        b = await _sample(hmc, n)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        idle += a
        hostile += b
        ratios.append(median(b) / median(a))
    return {"idle_p50_s": median(idle), "hostile_p50_s": median(hostile), "hostile_max_s": max(hostile),
            "ratios": ratios, "ratio_median": median(ratios), "sessions": sessions}


def run(tmp: Path, quick: bool = False, sessions: int = 10) -> dict:
    server = start_server(fakehmc_argv(tmp, "healthy"), tmp / "ready.json")
    try:
        # a hostile phase is slow when the estate cannot isolate sessions: few samples keep the run bounded
        return asyncio.run(_phases(server.ready, 1 if quick else 2, 3 if quick else 5, sessions))
    finally:
        server.stop()


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(run(Path(d), "--quick" in sys.argv), indent=1))
