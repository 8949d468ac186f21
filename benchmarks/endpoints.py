"""1,000 partition endpoints (plus the HMC) served from one process, and a 1,000-line listing over
SSH, against the bare server with as many listeners answering as many bytes."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from common import BARE, PY, ROOT, connect, start_server

N_PARTITIONS = 1000
SYSTEM = "Server-8286-42A-SN2100000"  # estates.estate's first system
LOGINS = 5


async def _logins(hosts: list[dict], command: str) -> list[float]:
    out = []
    for host in hosts:
        t = time.perf_counter()
        async with connect(host) as conn:
            r = await conn.run(command)
            if r.exit_status != 0:
                raise RuntimeError(f"{host['name']}: {command!r} rc={r.exit_status} {r.stdout!r}")
        out.append(time.perf_counter() - t)
    return out


async def _listing(host: dict, command: str, repeat: int = 5) -> tuple[float, int]:
    async with connect(host) as conn:
        best, size = float("inf"), 0
        for _ in range(repeat + 1):
            t = time.perf_counter()
            r = await conn.run(command)
            best = min(best, time.perf_counter() - t)
            size = len(r.stdout)
        return best, size


def run(tmp: Path, key_dir: Path) -> dict:
    res: dict = {}
    ready = tmp / "endpoints.json"
    argv = [PY, str(ROOT / "benchmarks" / "scale.py"), "serve", str(N_PARTITIONS), str(ready), str(key_dir)]
    # first start: host keys generated into an empty key directory; then a restart that reads them
    t = time.perf_counter()
    start_server(argv, ready, timeout=600).stop()
    res["fakehmc_cold_ready_s"] = time.perf_counter() - t
    t = time.perf_counter()
    srv = start_server(argv, ready, timeout=600)
    res["fakehmc_ready_s"] = time.perf_counter() - t
    try:
        hosts = srv.ready["hosts"]
        res["endpoints"] = len(hosts)
        res.update({f"fakehmc_{k}": v for k, v in srv.ready["timing"].items()})
        rng = random.Random(1)
        parts = rng.sample([h for h in hosts if h["kind"] == "aix"], LOGINS)
        res["fakehmc_login_s"] = sorted(asyncio.run(_logins(parts, "uname")))[LOGINS // 2]
        hmc = next(h for h in hosts if h["kind"] == "hmc")
        res["fakehmc_listing_s"], size = asyncio.run(_listing(hmc, f"lssyscfg -r lpar -m {SYSTEM}"))
        res["listing_bytes"] = size
    finally:
        srv.stop()
    bready = tmp / "bare-endpoints.json"
    t = time.perf_counter()
    bare = start_server([*BARE, "--listen", "127.0.0.1", "--port", "0", "--key-dir", str(tmp / "barekeys"),
                         "--ready-file", str(bready), "--count", str(len(hosts)), "--payload-bytes", str(size)],
                        bready, timeout=600)
    res["bare_ready_s"] = time.perf_counter() - t
    try:
        bhosts = bare.ready["hosts"]
        logins = asyncio.run(_logins(random.Random(1).sample(bhosts, LOGINS), "uname"))
        res["bare_login_s"] = sorted(logins)[LOGINS // 2]
        res["bare_listing_s"], _ = asyncio.run(_listing(bhosts[0], "lssyscfg"))
    finally:
        bare.stop()
    return res
