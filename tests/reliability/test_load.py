"""Load and concurrency: many SSH sessions at once against one estate.

The estate runs on its own loop in a thread (EstateThread); the clients run on another loop in this
thread (asyncssh), so the server is driven over real sockets as a DLPAR tool would drive it.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter

import asyncssh
import pytest

from harness.runtime.embedded import HostInfo

SESSIONS = 200
SECONDS = 20.0  # the mixed phase, once every session has connected
SYSTEM = "Server-8286-42A-SN2112ABC"  # healthy.toml
PARTS = ("lpar1", "lpar2", "lpar3")
QUANTUM = 256  # MB, one LMB


def rss_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


def connect(host: HostInfo):
    return asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                            known_hosts=None, client_keys=None, agent_path=None, config=None,
                            preferred_auth="password")


def mem_views(estate, name: str) -> tuple[int, int]:
    """(hypervisor curr_mem, what the partition's OS has online)."""
    def read():
        part = next(p for p in estate.world.partitions() if p.name == name)
        return part.mem.cur, part.os.online_mem_mb
    return estate.call(read)


@pytest.fixture
def healthy(estate_factory):
    return estate_factory("healthy")


def test_200_sessions_mixed_reads_and_dlpar(healthy):
    hmc = healthy.host("hmc1")
    lpars = [healthy.host(n) for n in PARTS]
    start = {n: mem_views(healthy, n)[0] for n in PARTS}
    applied: Counter = Counter()  # partition -> MB added minus removed, as the replies said
    ops: Counter = Counter()
    failures: list[str] = []
    rss: dict[str, int] = {}
    reads_hmc = [f"lssyscfg -r lpar -m {SYSTEM} -F name,state,lpar_id",
                 f"lshwres -r mem -m {SYSTEM} --level lpar -F lpar_name,curr_mem",
                 "lspartition -dlpar", f"lshwres -r mem -m {SYSTEM} --level sys -F curr_avail_sys_mem"]
    reads_aix = ["lparstat -i | grep Memory", "lssrc -g rsct_rm", "oslevel -s", "df -m /var"]

    async def main() -> None:
        all_in = asyncio.Event()
        waiting = [SESSIONS]
        phase = {"stop_at": float("inf")}

        async def session(i: int) -> None:
            rng = random.Random(i)
            on_hmc = i % 4 != 0  # three quarters on the HMC (DLPAR and reads), the rest on partitions
            host = hmc if on_hmc else lpars[i % len(lpars)]
            try:
                await asyncio.sleep((i % 50) * 0.02)  # do not open 200 connections in the same instant
                async with connect(host) as conn:
                    waiting[0] -= 1
                    if waiting[0] == 0:
                        phase["stop_at"] = time.monotonic() + SECONDS
                        all_in.set()
                    await asyncio.wait_for(all_in.wait(), 120)
                    while time.monotonic() < phase["stop_at"]:
                        if on_hmc and rng.random() < 0.4:
                            part, op = rng.choice(PARTS), rng.choice("ar")
                            r = await conn.run(f"chhwres -r mem -m {SYSTEM} -o {op} -p {part} -q {QUANTUM}")
                            if r.exit_status == 0:
                                applied[part] += QUANTUM if op == "a" else -QUANTUM
                                ops["dlpar ok"] += 1
                            elif "HSCL" in r.stdout:  # above max, below min, no free memory: real refusals
                                ops["dlpar refused"] += 1
                            else:
                                failures.append(f"{i}: chhwres rc={r.exit_status} {r.stdout!r} {r.stderr!r}")
                        else:
                            cmd = rng.choice(reads_hmc if on_hmc else reads_aix)
                            r = await conn.run(cmd)
                            if r.exit_status != 0:
                                failures.append(f"{i}: {cmd!r} rc={r.exit_status} {r.stdout!r} {r.stderr!r}")
                            ops["read"] += 1
            except (TimeoutError, OSError, asyncssh.Error) as exc:
                failures.append(f"{i}: {type(exc).__name__}: {exc}")

        async def sample_rss() -> None:
            await all_in.wait()
            await asyncio.sleep(SECONDS / 4)
            rss["warm"] = rss_kb()  # the server and the clients share this process
            while time.monotonic() < phase["stop_at"]:
                await asyncio.sleep(0.5)
            rss["end"] = rss_kb()

        await asyncio.gather(sample_rss(), *(session(i) for i in range(SESSIONS)))

    asyncio.run(main())
    print(f"\nload: {dict(ops)}; RSS after warm-up {rss.get('warm')} KB, at the end {rss.get('end')} KB")
    assert failures == [], failures[:10]
    assert ops["dlpar ok"] > 0 and ops["read"] > 0
    for name in PARTS:  # no lost update: the world holds exactly what the clients were told
        cur, online = mem_views(healthy, name)
        assert cur == start[name] + applied[name], (name, cur, start[name], applied[name])
        assert online == cur
    assert healthy.call(healthy.world.check_invariants) == []
    assert rss["end"] < 2 * rss["warm"], rss  # generous: flat, not a leak per command


def test_two_dlpar_operations_on_one_partition_at_once(healthy):
    """Both operations complete, one after the other: each command line runs atomically on the
    estate's loop, so the second sees the first's result and the state is never torn.

    A real HMC [I]: DLPAR requests for one partition are serialised; a request arriving while
    another is in progress either waits or is refused with a "partition busy / another operation in
    progress" HSCL message. Queueing (this fake's behaviour) is the first of those."""
    hmc = healthy.host("hmc1")

    async def both(cmds: list[str]) -> list[tuple[int, str]]:
        async def one(cmd: str):
            async with connect(hmc) as conn:
                r = await conn.run(cmd)
                return r.exit_status, r.stdout + r.stderr

        return await asyncio.gather(*(one(c) for c in cmds))

    add = f"chhwres -r mem -m {SYSTEM} -o a -p lpar1 -q {QUANTUM}"
    remove = f"chhwres -r mem -m {SYSTEM} -o r -p lpar1 -q {QUANTUM}"
    for cmds, delta in (([add, add], 2 * QUANTUM), ([add, remove], 0), ([remove, remove], -2 * QUANTUM)):
        start = mem_views(healthy, "lpar1")[0]
        results = asyncio.run(both(cmds))
        assert results == [(0, ""), (0, "")], results
        cur, online = mem_views(healthy, "lpar1")
        assert (cur, online) == (start + delta, start + delta)
        assert healthy.call(healthy.world.check_invariants) == []
    # many at once, on the limit: exactly as many succeed as fit below the maximum, none tears
    max_mem = healthy.call(lambda: healthy.world.host("lpar1").partition.mem.max)
    fits = (max_mem - mem_views(healthy, "lpar1")[0]) // QUANTUM
    results = asyncio.run(both([add] * (fits + 3)))
    assert sum(rc == 0 for rc, _ in results) == fits
    assert all(rc == 0 or "HSCL" in out for rc, out in results), results
    assert mem_views(healthy, "lpar1") == (max_mem, max_mem)
    assert healthy.call(healthy.world.check_invariants) == []
