"""Crash: `fakehmc up --state-dir D` killed with SIGKILL at random points (seeded) right after
acknowledged DLPAR replies, and once with a command still in flight; every restart from D holds
every acknowledged change, and the world's invariants hold."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncssh

from harness.runtime import persist

SYSTEM = "Server-8286-42A-SN2112ABC"
PARTS = ("lpar1", "lpar2", "lpar3")
QUANTUM = 256
ROUNDS = 4


def start_server(state_dir: Path, ready: Path) -> tuple[subprocess.Popen, dict]:
    if ready.exists():
        ready.unlink()
    proc = subprocess.Popen([sys.executable, "-m", "harness.cli", "up", "--scenario", "healthy", "--state-dir",
                             str(state_dir), "--clock-scale", "0", "--listen", "127.0.0.1", "--port", "0",
                             "--control-port", "0", "--ready-file", str(ready)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if ready.exists():
            try:
                return proc, json.loads(ready.read_text())
            except ValueError:
                pass
        if proc.poll() is not None:
            raise AssertionError(f"server exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("server not ready within 60 s")


def world_memory(state_dir: Path) -> tuple[dict[str, int], list[str]]:
    world = persist.load(persist.state_path(state_dir))
    mem = {p.name: p.mem.cur for p in world.partitions() if p.name in PARTS}
    return mem, world.check_invariants()


async def read_memory(hmc: dict) -> dict[str, int]:
    async with _connect(hmc) as conn:
        r = await conn.run(f"lshwres -r mem -m {SYSTEM} --level lpar -F lpar_name,curr_mem")
        return {n: int(v) for n, v in (line.split(",") for line in r.stdout.split())}


def _connect(hmc: dict):
    return asyncssh.connect(hmc["address"], port=hmc["port"], username=hmc["username"], password=hmc["password"],
                            known_hosts=None, client_keys=None, agent_path=None, config=None)


ACKED = [0]  # acknowledged changes over the whole test


async def drive(proc: subprocess.Popen, hmc: dict, expected: dict[str, int], rng: random.Random, kill_after: int,
                with_in_flight: bool) -> tuple[str, int] | None:
    """DLPAR changes until ``kill_after`` were acknowledged (``expected`` follows them), maybe one more
    left in flight, then SIGKILL. Returns the in-flight change (partition, delta) or None."""
    async with _connect(hmc) as conn:
        acked = 0
        while acked < kill_after:
            part, op = rng.choice(PARTS), rng.choice("ar")
            r = await conn.run(f"chhwres -r mem -m {SYSTEM} -o {op} -p {part} -q {QUANTUM}")
            if r.exit_status == 0:
                expected[part] += QUANTUM if op == "a" else -QUANTUM
                acked += 1
                ACKED[0] += 1
            else:
                assert "HSCL" in r.stdout, r.stdout  # a real refusal (bounds), not a failure
        pending = None
        if with_in_flight:  # one more, killed before its reply is read
            part = rng.choice(PARTS)
            delta = QUANTUM if expected[part] <= 4096 else -QUANTUM
            await conn.create_process(
                f"chhwres -r mem -m {SYSTEM} -o {'a' if delta > 0 else 'r'} -p {part} -q {QUANTUM}")
            pending = (part, delta)
        os.kill(proc.pid, signal.SIGKILL)  # right after the last acknowledged reply
        return pending


def test_sigkill_after_acknowledged_dlpar(tmp_path):
    rng = random.Random(8)
    state_dir, ready = tmp_path / "state", tmp_path / "ready.json"
    expected: dict[str, int] | None = None
    in_flight: tuple[str, int] | None = None  # (partition, delta) sent but not acknowledged when killed
    ACKED[0] = 0
    for round_no in range(ROUNDS):
        proc, doc = start_server(state_dir, ready)
        try:
            hmc = next(h for h in doc["hosts"] if h["kind"] == "hmc")
            seen = asyncio.run(read_memory(hmc))
            if expected is not None:
                for name in PARTS:
                    allowed = {expected[name]}
                    if in_flight and in_flight[0] == name:
                        allowed.add(expected[name] + in_flight[1])
                    assert seen[name] in allowed, (round_no, name, seen[name], allowed)
            expected = {n: seen[n] for n in PARTS}
            kill_after = rng.randint(1, 6)
            with_in_flight = round_no == ROUNDS - 1

            try:
                in_flight = asyncio.run(drive(proc, hmc, expected, rng, kill_after, with_in_flight))
            except (asyncssh.Error, OSError):
                pass  # the connection dies with the server
            proc.wait(10)
            on_disk, problems = world_memory(state_dir)
            assert problems == []
            for name in PARTS:
                allowed = {expected[name]}
                if in_flight and in_flight[0] == name:
                    allowed.add(expected[name] + in_flight[1])
                assert on_disk[name] in allowed, (round_no, name, on_disk[name], allowed)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert ACKED[0] >= ROUNDS
    # and a clean restart after the last kill still serves the same memory
    proc, doc = start_server(state_dir, ready)
    try:
        hmc = next(h for h in doc["hosts"] if h["kind"] == "hmc")
        seen = asyncio.run(read_memory(hmc))
        on_disk, problems = world_memory(state_dir)
        assert problems == [] and {n: seen[n] for n in PARTS} == on_disk
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


# commands that mark only what they changed (a partition, or nothing outside the meta), then listings
# that show each change; after SIGKILL the restarted server shows the same
PRECISE_CHANGES = [
    f"chhwres -r virtualio -m {SYSTEM} -o a -p lpar2 --rsubtype eth -s 6 -a port_vlan_id=7",
    f"chled -r sa -t virtuallpar -m {SYSTEM} -p lpar2 -o on",
    f"chhwres -r procpool -m {SYSTEM} -o s --poolid 1 -a max_pool_proc_units=2",
    f"chhwres -r procpool -m {SYSTEM} -o s -p lpar3 -a shared_proc_pool_id=1",
    f"mksyscfg -r prof -m {SYSTEM} -o save -p lpar1 -n crashsaved --force",
    "mkauthkeys --add 'ssh-rsa AAAAB3NzaC1yc2E crash@test'",
]
PROBES = [
    f"lshwres -r virtualio --rsubtype eth --level lpar -m {SYSTEM} -F lpar_name,slot_num,port_vlan_id",
    f"lsled -r sa -m {SYSTEM} -t virtuallpar",
    f"lshwres -r procpool -m {SYSTEM}",
    f"lssyscfg -r prof -m {SYSTEM} -F name,lpar_name",
]


async def _run_all(hmc: dict, commands: list[str]) -> list[tuple[int, str]]:
    async with _connect(hmc) as conn:
        out = []
        for command in commands:
            r = await conn.run(command)
            out.append((r.exit_status, r.stdout))
        return out


def test_sigkill_after_acknowledged_precise_changes(tmp_path):
    state_dir, ready = tmp_path / "state", tmp_path / "ready.json"
    proc, doc = start_server(state_dir, ready)
    try:
        hmc = next(h for h in doc["hosts"] if h["kind"] == "hmc")
        before = asyncio.run(_run_all(hmc, PROBES))
        acked = asyncio.run(_run_all(hmc, PRECISE_CHANGES))
        assert [rc for rc, _ in acked] == [0] * len(PRECISE_CHANGES), acked
        after = asyncio.run(_run_all(hmc, PROBES))
        assert all(a != b for a, b in zip(before, after)), "each probe shows a change"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    world = persist.load(persist.state_path(state_dir))
    assert "ssh-rsa AAAAB3NzaC1yc2E crash@test" in world.hmcs["hmc1"].users["hscroot"].authorized_keys
    proc, doc = start_server(state_dir, ready)
    try:
        hmc = next(h for h in doc["hosts"] if h["kind"] == "hmc")
        assert asyncio.run(_run_all(hmc, PROBES)) == after
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
