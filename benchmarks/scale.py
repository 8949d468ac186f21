"""Scale: big estates built in a fresh process each (so resident memory is this estate's alone).

    python benchmarks/scale.py build N_SYSTEMS N_PARTITIONS   -> JSON on stdout
    python benchmarks/scale.py serve N_PARTITIONS READY_FILE KEY_DIR   (an SSH server, like `fakehmc up`)
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import rss_kb
from estates import estate

LISTING_REPEAT = 5


def _listing_time(world, system_name: str, hmc_name: str = "hmc1") -> tuple[float, int]:
    """Best of LISTING_REPEAT: `lssyscfg -r lpar -m SYS` through the HMC shell, in-process."""
    from harness.runtime.backend import HostBackend

    backend = HostBackend(lambda: world, hmc_name, lambda: None)
    best, lines = float("inf"), 0
    for _ in range(LISTING_REPEAT):
        shell = backend.new_shell("hscroot", interactive=False, pty=False)
        t = time.perf_counter()
        res = shell.run(f"lssyscfg -r lpar -m {system_name}")
        best = min(best, time.perf_counter() - t)
        if res.exit_code != 0:
            raise RuntimeError(res.stdout + res.stderr)
        lines = res.stdout.count("\n")
    return best, lines


def build(n_systems: int, n_parts: int) -> dict:
    from harness.runtime.registries import registry_for
    from harness.scenario.builder import build_world
    from harness.world.world import World

    registry_for("hmc")  # imports, so their memory is not counted below
    data = estate(n_systems, n_parts)
    gc.collect()
    rss0 = rss_kb()
    t = time.perf_counter()
    world = build_world(data)
    build_s = time.perf_counter() - t
    gc.collect()
    rss1 = rss_kb()
    assert world.check_invariants() == []
    out = {"systems": n_systems, "partitions": n_parts, "build_s": build_s,
           "rss_per_partition_kb": (rss1 - rss0) / n_parts}
    # baselines: the same state as plain dicts (json.loads of the world's own snapshot), and
    # rebuilding the same objects from it without running any machinery (World.from_dict)
    snapshot = json.dumps(world.to_dict())
    gc.collect()
    rss2 = rss_kb()
    plain = json.loads(snapshot)
    gc.collect()
    out["plain_rss_per_partition_kb"] = (rss_kb() - rss2) / n_parts
    t = time.perf_counter()
    World.from_dict(plain)
    out["restore_s"] = time.perf_counter() - t
    del plain
    big = max(world.systems.values(), key=lambda s: len(s.partitions))
    out["listing_system_partitions"] = len(big.partitions)
    out["listing_s"], out["listing_lines"] = _listing_time(world, big.name)
    small = build_world(estate(1, 10))
    out["small_listing_s"], out["small_listing_lines"] = _listing_time(small, next(iter(small.systems)))
    return out


def serve(n_parts: int, ready_file: Path, key_dir: Path) -> None:
    """Serve a one-system estate of ``n_parts`` partitions, every host on 127.0.0.1 with its own port."""
    from harness.runtime.embedded import Estate, EstateConfig
    from harness.scenario.builder import build_world

    t0 = time.perf_counter()
    world = build_world(estate(1, n_parts, name="endpoints"))
    t1 = time.perf_counter()

    class BigEstate(Estate):
        def _initial_world(self):
            return world

    async def main() -> None:
        config = EstateConfig(listen="127.0.0.1", port=0, clock_scale=0, control_port=None, key_dir=key_dir)
        est = BigEstate(config)
        t2 = time.perf_counter()
        await est.start()
        t3 = time.perf_counter()
        doc = est.ready_document()
        doc["timing"] = {"build_s": t1 - t0, "listen_s": t3 - t2, "rss_kb": rss_kb()}
        tmp = ready_file.with_name(ready_file.name + ".tmp")
        tmp.write_text(json.dumps(doc))
        os.replace(tmp, ready_file)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await est.close()

    asyncio.run(main())


if __name__ == "__main__":
    if sys.argv[1] == "build":
        print(json.dumps(build(int(sys.argv[2]), int(sys.argv[3]))))
    elif sys.argv[1] == "serve":
        serve(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
