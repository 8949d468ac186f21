"""Issue 14 item 1: no command on one channel holds up another. Commands run in worker threads behind the
world gate (harness/runtime/worldgate.py, commandlane.py): runaway loops on a partition leave the HMC
answering, a gone client's runaway ends, and concurrent DLPAR from several sessions keeps the world whole.
No wall-clock bounds: each test compares what happened (which run finished first, a counter that stops)."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest

SYS = "Server-8286-42A-SN2112ABC"
COUNTER = "i=0; while true; do i=$((i+1)); echo $i > /tmp/{name}; done"  # ends at the step limit if let be


def _connect(host):
    return asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                            known_hosts=None, client_keys=None, agent_path=None)


async def _read_counter(lpar, name: str) -> int:
    async with _connect(lpar) as conn:
        r = await conn.run(f"cat /tmp/{name} 2>/dev/null")
        return int(r.stdout.strip() or 0)


@pytest.mark.timeout(240)
def test_an_hmc_command_completes_while_ten_runaway_loops_run_on_a_partition(estate_factory):
    est = estate_factory("healthy")
    hmc, lpar = est.host("hmc1"), est.host("lpar1")

    async def go():
        conns = [await _connect(lpar) for _ in range(10)]
        loops = [asyncio.create_task(c.run(COUNTER.format(name=f"spin{i}"))) for i, c in enumerate(conns)]
        for _ in range(400):  # every loop is under way in its worker before the HMC is asked
            if est.call(lambda: est.estate.runner.in_flight) == 10:
                break
            await asyncio.sleep(0.05)
        async with _connect(hmc) as conn:
            r = await conn.run(f"lssyscfg -r sys -m {SYS} -F name,state")
        running = sum(not t.done() for t in loops)
        for c in conns:
            c.close()
        await asyncio.gather(*loops, return_exceptions=True)
        return r, running

    r, running = asyncio.run(go())
    assert (r.exit_status, r.stdout) == (0, f"{SYS},Operating\n")
    # On the loop, the HMC command waited for every loop queued before it to reach its step limit.
    assert running == 10


@pytest.mark.timeout(240)
def test_a_gone_clients_runaway_command_ends(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    command = COUNTER.format(name="count")

    async def go():
        conn = await _connect(lpar)
        task = asyncio.create_task(conn.run(command))
        while await _read_counter(lpar, "count") < 10:
            await asyncio.sleep(0.05)
        conn.close()
        await asyncio.gather(task, return_exceptions=True)
        last, seen = -1, await _read_counter(lpar, "count")
        for _ in range(600):  # until the counter stands still (a loop let be runs to its step limit)
            if seen == last:
                break
            await asyncio.sleep(0.25)
            last, seen = seen, await _read_counter(lpar, "count")
        return seen

    final = asyncio.run(go())
    entries = est.call(lambda: [e for e in est.world.transcript if e.command == command])
    assert [e.exit_code for e in entries] == [129]  # ended like a process killed by SIGHUP
    # it stopped where it was killed (maybe between `>` emptying the file and echo: 0); let be, the step
    # limit (200,000 simple commands) would have ended it near 66,666
    assert final < 50_000


@pytest.mark.timeout(240)
def test_concurrent_dlpar_from_several_sessions_keeps_the_world_whole(estate_factory):
    est = estate_factory("healthy")
    est.call(est.estate.set_clock_scale, 30)  # the ticker moves the clock meanwhile
    hmc = est.host("hmc1")
    lpars = ["lpar1", "lpar2", "lpar3", "vios1"]
    before = est.call(lambda: {p.name: p.mem.cur for p in est.world.systems[SYS].partitions.values()})

    def script(me: str, other: str) -> str:
        # each round gives `me` 256 MB, moves it to `other`, takes it back from `other`: net nothing
        ops = [f"chhwres -r mem -m {SYS} -o a -p {me} -q 256",
               f"chhwres -r mem -m {SYS} -o m -p {me} -t {other} -q 256",
               f"chhwres -r mem -m {SYS} -o r -p {other} -q 256",
               f"chhwres -r proc -m {SYS} -o a -p {me} --procunits 0.1",
               f"chhwres -r proc -m {SYS} -o r -p {me} --procunits 0.1",
               f"lshwres -r mem -m {SYS} --level sys -F curr_avail_sys_mem >/dev/null"]
        return "for n in 1 2 3 4 5 6; do " + " ".join(f"{op}; echo $?;" for op in ops) + " done"

    async def go():
        async with _connect(hmc) as conn:
            runs = [conn.run(script(me, lpars[(i + 1) % 4])) for i, me in enumerate(lpars) for _ in range(2)]
            results = await asyncio.gather(*runs)
            listing = await conn.run(f"lshwres -r mem -m {SYS} --level lpar -F lpar_name,curr_mem")
            avail = await conn.run(f"lshwres -r mem -m {SYS} --level sys -F curr_avail_sys_mem")
        return results, listing.stdout, avail.stdout

    async def tick():  # control-side clock advances at the same time, in slices on the loop
        for _ in range(20):
            await asyncio.to_thread(est.advance, 5)

    async def both():
        return (await asyncio.gather(go(), tick()))[0]

    results, listing, avail = asyncio.run(both())
    for r in results:
        assert r.stderr == ""
        assert set(r.stdout.split()) == {"0"}, r.stdout
    assert est.call(est.world.check_invariants) == []
    world = est.call(lambda: ({p.name: p.mem.cur for p in est.world.systems[SYS].partitions.values()},
                              est.world.systems[SYS].avail_mem()))
    assert world[0] == before  # every round was net nothing
    assert dict(line.split(",") for line in listing.split()) == {k: str(v) for k, v in before.items()}
    assert avail.strip() == str(world[1])


@pytest.mark.timeout(120)
def test_a_command_over_its_cpu_budget_ends_with_the_shells_message(estate_factory, monkeypatch):
    from harness.runtime import commandlane

    monkeypatch.setattr(commandlane, "RUN_BUDGET", 0.2)  # 10 s in service: the loop limit would come first
    lpar = estate_factory("healthy").host("lpar1")

    async def go():
        async with _connect(lpar) as conn:
            return await conn.run("while true; do :; done; echo never")

    r = asyncio.run(go())
    assert (r.exit_status, r.stdout, r.stderr) == (1, "", "ksh: time limit exceeded (0.2 s)\n")
