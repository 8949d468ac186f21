"""A two-partition estate as real containers: the seed's story over SSH to the containers' LAN IPs,
a real network cut (docker network disconnect) and a real firewall (iptables on port 657) seen by
the HMC with no fault-API call, then teardown with nothing left behind.

One estate for the module (clock frozen: only POST /clock/advance moves it); the tests run in order.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from pathlib import Path

import asyncssh
import pytest

from harness.runtime.containers import ContainerEstate, leftovers
from harness.runtime.embedded import HostInfo
from tests.conftest import unavailable
from tests.containers.conftest import estate_id

HERE = Path(__file__).parent
SCENARIO = str(HERE / "seed-two.toml")
SYSTEM = "Server-9117-MMB-SN10284FP"


def ssh(host: HostInfo, command: str, address: str | None = None, port: int | None = None,
        timeout: float = 30) -> tuple[str, int]:
    async def go():
        async with asyncssh.connect(address or host.address, port=port or host.port, username=host.username,
                                    password=host.password, known_hosts=None, client_keys=None,
                                    connect_timeout=timeout) as conn:
            r = await conn.run(command)
            return r.stdout, r.exit_status

    return asyncio.run(asyncio.wait_for(go(), timeout))


def reachable(address: str, port: int, timeout: float = 2.0) -> bool:
    try:
        socket.create_connection((address, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def entry(out: str, lpar_id: int) -> str:
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("<#") and f"LPAR:<{lpar_id}*" in line)
    return "\n".join(lines[i:i + 2])


def rmc_states(estate: ContainerEstate) -> dict[str, str]:
    out, rc = ssh(estate.hmc, f"lssyscfg -r lpar -m {SYSTEM} -F name,rmc_state")
    assert rc == 0, out
    return dict(line.split(",") for line in out.split())


@pytest.fixture(scope="module")
def estate(image):
    started = time.monotonic()
    est = ContainerEstate(SCENARIO, image=image, clock_scale=0, estate_id=estate_id())
    est.up()
    print(f"\n[containers] estate up, all healthy in {time.monotonic() - started:.1f}s ({est.timings})")
    yield est
    removed = est.down()
    assert len(removed["containers"]) == 4 and len(removed["networks"]) == 2
    assert leftovers(est.client, est.id) == {"containers": [], "networks": []}


def test_every_host_is_a_container_on_its_lan_ip(estate):
    names = {h.name: h for h in estate.hosts}
    assert set(names) == {"hmc1", "lpar21", "lpar30"}
    assert estate.control("GET", "/health")["status"] == "ready"
    assert [h["address"] for h in estate.control("GET", "/hosts")] == [h.address for h in estate.hosts]
    for h in estate.hosts:
        assert h.port == 22 and h.address.startswith(estate.plan.subnet.rsplit(".", 1)[0])
        info = estate.client.api.inspect_container(estate.container_name(h.name))
        assert info["State"]["Health"]["Status"] == "healthy"
        assert info["Config"]["User"] == "fakehmc"  # not root
        assert info["NetworkSettings"]["Networks"][estate.lan_network]["IPAddress"] == h.address
    # the HMC shows the addresses tools can reach
    out, rc = ssh(estate.hmc, f"lssyscfg -r lpar -m {SYSTEM} -F name,rmc_ipaddr")
    assert rc == 0 and out.split() == [f"lpar21,{names['lpar21'].address}", f"lpar30,{names['lpar30'].address}"]
    out, rc = ssh(names["lpar30"], "hostname; ping -c 1 hmc1")
    assert rc == 0 and out.startswith("aix6\n") and f"({names['hmc1'].address})" in out
    # the service network is internal: no way out
    net = estate.client.api.inspect_network(estate.svc_network)
    assert net["Internal"] is True


def test_seed_story_through_the_containers(estate):
    hmc, lpar = estate.hmc, estate.host("lpar30")
    out, rc = ssh(hmc, "lspartition -dlpar")
    assert rc == 0 and "Active:<1>" in entry(out, 24) and "DCaps:<0x0>" in entry(out, 24)
    out, rc = ssh(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert rc == 1 and out.startswith("HSCL2957 ")
    for flag in ("-z", "-A", "-p"):
        assert ssh(lpar, f"/usr/sbin/rsct/bin/rmcctrl {flag}")[1] == 0
    estate.advance(600)
    assert "DCaps:<0x0>" in entry(ssh(hmc, "lspartition -dlpar")[0], 24)  # the recycle cures nothing
    out, rc = ssh(lpar, "/usr/sbin/rsct/install/bin/recfgct")
    assert rc == 0 and "0513-071 The ctrmc Subsystem has been added." in out
    estate.advance(360)
    assert "Active:<1>, OS:<AIX, 6.1, 6100-05-01-1016>, DCaps:<0xc5f>" in entry(ssh(hmc, "lspartition -dlpar")[0], 24)
    out, rc = ssh(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert (out, rc) == ("", 0)
    out, _ = ssh(lpar, "lparstat -i | grep '^Online Memory'")
    assert out.split(":", 1)[1].strip() == "9216 MB"
    # one world: the engine's transcript saw every command sent to the containers, in order
    cmds = [e["command"] for e in estate.control("GET", "/transcript?host=lpar30")]
    assert cmds.index("/usr/sbin/rsct/bin/rmcctrl -z") < cmds.index("/usr/sbin/rsct/install/bin/recfgct")


def test_docker_network_disconnect_is_a_lan_cut(estate):
    lpar = estate.host("lpar21")
    hmc_ip = estate.hmc.address
    assert rmc_states(estate)["lpar21"] == "active"
    estate.disconnect("lpar21")
    try:
        assert not reachable(lpar.address, 22)  # really gone from the LAN
        estate.wait_observed("lpar21", "lan_cut")  # its prober saw it; no fault-API call
        estate.advance(180)  # two missed heartbeats
        out, _ = ssh(estate.hmc, "lspartition -dlpar")
        assert "Active:<0>" in entry(out, 21) and "DCaps:<0x0>" in entry(out, 21)
        assert rmc_states(estate) == {"lpar21": "inactive", "lpar30": "active"}
        # on the partition's console (its endpoint on the engine): the HMC does not answer a ping
        address, port = estate.console("lpar21")
        out, rc = ssh(lpar, f"ping -c 1 {hmc_ip}", address=address, port=port)
        assert rc == 1 and "100% packet loss" in out
    finally:
        estate.connect("lpar21")
    estate.wait_observed("lpar21", None)
    for _ in range(10):  # the next RMC poll (5-7 minutes) brings the session back
        estate.advance(60)
        if rmc_states(estate)["lpar21"] == "active":
            break
    assert rmc_states(estate)["lpar21"] == "active"
    out, rc = ssh(lpar, f"ping -c 1 {hmc_ip}")
    assert rc == 0 and "0% packet loss" in out
    assert "Active:<1>" in entry(ssh(estate.hmc, "lspartition -dlpar")[0], 21)


def test_a_cut_followed_at_once_by_an_advance_is_seen(estate):
    """No waiting for the 2 s prober: the engine probes every link before it moves the clock, so a cut
    made a moment before an advance has its symptoms after it, and a reconnect heals the same way."""
    assert rmc_states(estate)["lpar21"] == "active"
    estate.disconnect("lpar21")
    try:
        estate.advance(180)  # at once: two missed heartbeats
        out, _ = ssh(estate.hmc, "lspartition -dlpar")
        assert "Active:<0>" in entry(out, 21) and "DCaps:<0x0>" in entry(out, 21)
        assert estate.observations()["applied"].get("lpar21") == "lan_cut"
    finally:
        estate.connect("lpar21")
    estate.advance(420)  # at once: the next RMC poll (5-7 minutes) brings the session back
    assert estate.observations()["applied"].get("lpar21") is None
    assert rmc_states(estate)["lpar21"] == "active"
    assert "Active:<1>" in entry(ssh(estate.hmc, "lspartition -dlpar")[0], 21)


def test_iptables_dropping_port_657_breaks_rmc_only(estate):
    lpar = estate.host("lpar21")
    rule = ["OUTPUT", "-p", "tcp", "--dport", "657", "-j", "DROP"]
    rc, out = estate.exec_root("lpar21", "iptables", "-A", *rule)
    if rc != 0:
        unavailable(f"iptables does not work in this container (the engine needs NET_ADMIN): {out.strip()}")
    try:
        estate.wait_observed("lpar21", "block_port")
        estate.advance(180)
        assert rmc_states(estate)["lpar21"] == "inactive"
        out, rc = ssh(lpar, f"ping -c 1 {estate.hmc.address}")  # ICMP still goes through
        assert rc == 0, out
    finally:
        estate.exec_root("lpar21", "iptables", "-D", *rule)
    estate.wait_observed("lpar21", None)
    for _ in range(10):
        estate.advance(60)
        if rmc_states(estate)["lpar21"] == "active":
            break
    assert rmc_states(estate)["lpar21"] == "active"


def test_up_docker_cli_detached_sigterm_then_down(image, tmp_path, docker_client):
    """`fakehmc up --docker --detach`; containers stop cleanly on SIGTERM; `fakehmc down --docker`
    (the cleanup after a crashed run) leaves nothing behind."""
    import argparse
    import json

    from harness.runtime.containers_cli import add_down_arguments, add_up_arguments, cmd_down, run_up_docker

    p = argparse.ArgumentParser()
    for flag, default in (("--scenario", None), ("--seed", None), ("--clock-scale", 0.0),
                          ("--ready-file", None), ("--listen", None), ("--state-dir", None)):
        p.add_argument(flag, default=default, type=float if flag == "--clock-scale" else None)
    add_up_arguments(p)
    ready = tmp_path / "ready.json"
    cli_id = estate_id("cli")
    args = p.parse_args(["--docker", "--detach", "--scenario", "healthy", "--image", image,
                         "--estate-id", cli_id, "--ready-file", str(ready)])
    try:
        assert run_up_docker(args) == 0
        doc = json.loads(ready.read_text())
        assert [h["name"] for h in doc["hosts"]] == ["hmc1", "lpar1", "lpar2", "lpar3", "vios1"]
        hmc = HostInfo(**doc["hosts"][0])
        out, rc = ssh(hmc, "lssyscfg -r sys -F name")
        assert (out, rc) == ("Server-8286-42A-SN2112ABC\n", 0)
        api = docker_client.api
        for name in (f"fakehmc-{cli_id}-engine", f"fakehmc-{cli_id}-lpar1"):
            started = time.monotonic()
            api.stop(name, timeout=20)  # SIGTERM; SIGKILL only after 20 s
            assert time.monotonic() - started < 10, f"{name} ignored SIGTERM"
            assert api.inspect_container(name)["State"]["ExitCode"] == 0, api.logs(name, tail=20)
    finally:
        d = argparse.ArgumentParser()
        add_down_arguments(d)
        assert cmd_down(d.parse_args(["--docker", "--estate-id", cli_id])) == 0
    assert leftovers(docker_client, cli_id) == {"containers": [], "networks": []}


def test_state_dir_keeps_the_engine_world_on_a_host_path(image, tmp_path):
    """--state-dir with --docker: the engine's world is written on the host, as the caller, and a new
    estate on the same directory carries on from it (clock, faults, transcript)."""
    state = tmp_path / "state"
    with ContainerEstate(SCENARIO, image=image, clock_scale=0, estate_id=estate_id("state-"), state_dir=state) as est:
        est.advance(600)
        est.control("POST", "/faults", {"cause": "rmc_stopped", "target": "lpar21"})
        saved = state / "world.json"  # harness/runtime/persist.py
        assert saved.exists() and saved.stat().st_uid == os.getuid()
    with ContainerEstate(SCENARIO, image=image, clock_scale=0, estate_id=estate_id("state-"), state_dir=state) as est:
        assert est.control("GET", "/clock")["now"] == 600
        assert [f["cause"] for f in est.control("GET", "/faults")["causes"]] == ["rsct_config_corrupt", "rmc_stopped"]
