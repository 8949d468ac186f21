"""Estates on a Docker swarm (single node here): a generated stack deployed with `docker stack deploy`
runs the seed story over SSH, a second estate through the SDK (`fakehmc up --docker --swarm`) runs
beside it without collisions, and teardown by label leaves nothing.

The swarm is initialised when inactive (advertised on 127.0.0.1) and left again after, only if this
module initialised it. One stack estate for the module; the tests run in order.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from ipaddress import ip_address, ip_network
from pathlib import Path

import pytest
import yaml

from harness.runtime.containers import ContainerError, free_subnet
from harness.runtime.swarm import (SwarmEstate, default_publish_base, remove_swarm_estates, stack_document,
                                   swarm_leftovers, to_yaml)
from tests.conftest import unavailable
from tests.containers.conftest import estate_id as new_id
from tests.containers.test_containers import entry, ssh

SCENARIO = str(Path(__file__).parent / "seed-two.toml")
SYSTEM = "Server-9117-MMB-SN10284FP"
NOTHING = {"services": [], "containers": [], "networks": [], "volumes": []}


def write_stack(tmp_path: Path, capsys, *argv: str) -> Path:
    from harness.runtime.containers_cli import add_compose_arguments, cmd_compose

    p = argparse.ArgumentParser()
    add_compose_arguments(p)
    assert cmd_compose(p.parse_args([SCENARIO, "--swarm", *argv])) == 0
    path = tmp_path / "stack.yml"
    path.write_text(capsys.readouterr().out)
    return path


# ---- the stack file, without a swarm -------------------------------------------------------------
def test_stack_file_reads_back_and_names_the_estate():
    doc = stack_document(SCENARIO, subnet="10.213.7.0/24", estate_id="ci-a")
    assert yaml.safe_load(to_yaml(doc)) == doc and doc["version"] == "3.8"
    assert doc["networks"]["lan"] == {"driver": "overlay", "attachable": True, "labels": {"fakehmc.estate": "ci-a"},
                                      "ipam": {"config": [{"subnet": "10.213.7.0/24"}]}}
    assert doc["networks"]["svc"]["internal"] is True
    assert doc["volumes"]["state"]["labels"] == {"fakehmc.estate": "ci-a"}
    engine = doc["services"]["engine"]
    assert engine["volumes"] == [{"type": "volume", "source": "state", "target": "/home/fakehmc"}]
    hosts = ("hmc1", "lpar21", "lpar30")
    assert json.loads(engine["environment"]["FAKEHMC_ADDRESSES"]) == {n: f"dns:{n}" for n in hosts}
    assert engine["environment"]["FAKEHMC_CONTROL_TOKEN"] == "${FAKEHMC_CONTROL_TOKEN:-}"
    # ports derive from the /24: estates on distinct subnets never share a port
    ports = {name: s["ports"][0]["published"] for name, s in doc["services"].items()}
    assert ports == {"engine": 30700, "hmc1": 30701, "lpar21": 30702, "lpar30": 30703}
    assert all(s["deploy"]["endpoint_mode"] == "dnsrr" and s["deploy"]["labels"]["fakehmc.estate"] == "ci-a"
               for s in doc["services"].values())
    lpar = doc["services"]["lpar30"]
    assert lpar["networks"] == {"lan": {"aliases": ["lpar30"]}, "svc": {}}
    assert lpar["command"][-3:] == ["--probe", "hmc1=hmc1", "--no-wait-upstream"]
    chosen = stack_document(SCENARIO, subnet="10.213.7.0/24", publish_base=41000, constraints=["node.hostname==ci-3"])
    assert chosen["services"]["lpar30"]["ports"][0]["published"] == 41003
    assert chosen["services"]["engine"]["deploy"]["placement"] == {"constraints": ["node.hostname==ci-3"]}
    assert default_publish_base("10.213.255.0/24") == 55500
    with pytest.raises(ContainerError, match="not valid ports"):
        stack_document(SCENARIO, publish_base=65534)


def test_docker_stack_config_accepts_it(tmp_path, capsys):
    """The docker CLI's own reading of the file (`docker stack config`, no swarm needed): nothing ignored."""
    path = write_stack(tmp_path, capsys, "--estate-id", "ci-a", "--subnet", "10.213.9.0/24")
    proc = subprocess.run(["docker", "stack", "config", "-c", str(path)], check=False, capture_output=True, text=True,
                          env=dict(os.environ, FAKEHMC_CONTROL_TOKEN="t0k"))
    if proc.returncode != 0 and "unknown command" in proc.stderr + proc.stdout:
        unavailable("this docker CLI has no `docker stack config` (docker 20.10+)")
    assert proc.returncode == 0, proc.stderr
    assert "Ignoring" not in proc.stderr and "unsupported" not in proc.stderr, proc.stderr
    read = yaml.safe_load(proc.stdout)
    assert read["services"]["engine"]["environment"]["FAKEHMC_CONTROL_TOKEN"] == "t0k"
    assert read["services"]["hmc1"]["ports"][0] == {"mode": "host", "target": 22, "published": 30901,
                                                     "protocol": "tcp"}
    assert read["services"]["lpar21"]["sysctls"]["net.ipv4.ip_unprivileged_port_start"] == "0"


# ---- on a swarm ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def swarm(docker_client):
    import docker

    state = docker_client.info().get("Swarm", {})
    inited = False
    if state.get("LocalNodeState") == "inactive":
        try:
            docker_client.swarm.init(advertise_addr="127.0.0.1", listen_addr="127.0.0.1:2377")
        except docker.errors.APIError as exc:
            unavailable(f"cannot init a single-node swarm: {exc}")
        inited = True
    elif state.get("LocalNodeState") != "active" or not state.get("ControlAvailable"):
        unavailable(f"this Docker engine is in a swarm but not a manager ({state.get('LocalNodeState')})")
    yield docker_client
    if inited:
        docker_client.swarm.leave(force=True)


@pytest.fixture(scope="module")
def stack(swarm, image, tmp_path_factory):
    """The seed-two estate deployed from a generated stack file by `docker stack deploy`."""
    sid = new_id("stack")
    from harness.runtime.swarm import port_free, render_stack

    subnet = next(n for n in (free_subnet(swarm, 3, skip=i) for i in range(20))
                  if all(port_free(default_publish_base(n) + i) for i in range(4)))

    path = tmp_path_factory.mktemp("stack") / "stack.yml"
    path.write_text(render_stack(SCENARIO, estate_id=sid, image=image, subnet=subnet, clock_scale=0))
    token = "stack-test-token"
    proc = subprocess.run(["docker", "stack", "deploy", "--resolve-image", "never", "-c", str(path), sid],
                          check=False, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, FAKEHMC_CONTROL_TOKEN=token))
    estate = SwarmEstate(SCENARIO, image=image, subnet=subnet, estate_id=sid, client=swarm)
    try:
        assert proc.returncode == 0, proc.stderr
        assert "Ignoring" not in proc.stderr, proc.stderr
        estate.control_token = token
        estate.attach()
        yield estate
    finally:
        removed = remove_swarm_estates(swarm, sid)
        assert removed["services"] == [f"{sid}_{n}" for n in ("engine", "hmc1", "lpar21", "lpar30")]
        assert removed["networks"] == [f"{sid}_lan", f"{sid}_svc"] and removed["volumes"] == [f"{sid}_state"]
        assert swarm_leftovers(swarm, sid) == NOTHING


def test_stack_deploy_brings_the_estate_up_healthy(stack):
    services = stack.client.services.list(filters={"label": f"fakehmc.estate={stack.id}"})
    assert sorted(s.name for s in services) == [f"{stack.id}_{n}" for n in ("engine", "hmc1", "lpar21", "lpar30")]
    for s in services:
        [task] = [t for t in s.tasks() if t["DesiredState"] == "running"]
        info = stack.client.api.inspect_container(task["Status"]["ContainerStatus"]["ContainerID"])
        assert info["State"]["Health"]["Status"] == "healthy" and info["Config"]["User"] == "fakehmc"
    assert stack.control("GET", "/health")["status"] == "ready"
    # the HMC shows the addresses the hosts' tasks really have on the overlay LAN
    out, rc = ssh(stack.hmc, f"lssyscfg -r lpar -m {SYSTEM} -F name,rmc_ipaddr")
    assert rc == 0 and out.split() == [f"lpar21,{stack.lan_addresses['lpar21']}",
                                       f"lpar30,{stack.lan_addresses['lpar30']}"], (out, stack.lan_addresses)
    out, rc = ssh(stack.host("lpar30"), "hostname; ping -c 1 hmc1")
    assert rc == 0 and out.startswith("aix6\n") and f"({stack.lan_addresses['hmc1']})" in out
    # the engine's world is on the volume
    assert stack.client.volumes.get(f"{stack.id}_state").attrs["Labels"]["fakehmc.estate"] == stack.id


def test_seed_story_over_ssh_on_the_swarm(stack):
    hmc, lpar = stack.hmc, stack.host("lpar30")
    out, rc = ssh(hmc, "lspartition -dlpar")
    assert rc == 0 and "Active:<1>" in entry(out, 24) and "DCaps:<0x0>" in entry(out, 24)
    out, rc = ssh(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert rc == 1 and out.startswith("HSCL2957 ")
    for flag in ("-z", "-A", "-p"):
        assert ssh(lpar, f"/usr/sbin/rsct/bin/rmcctrl {flag}")[1] == 0
    stack.advance(600)
    assert "DCaps:<0x0>" in entry(ssh(hmc, "lspartition -dlpar")[0], 24)
    out, rc = ssh(lpar, "/usr/sbin/rsct/install/bin/recfgct")
    assert rc == 0 and "0513-071 The ctrmc Subsystem has been added." in out
    stack.advance(360)
    assert "Active:<1>, OS:<AIX, 6.1, 6100-05-01-1016>, DCaps:<0xc5f>" in entry(ssh(hmc, "lspartition -dlpar")[0], 24)
    assert ssh(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024") == ("", 0)


def test_a_second_estate_beside_it_through_the_sdk(stack, tmp_path):
    """`fakehmc up --docker --swarm` logic: its own subnet, ports, names; the first estate is untouched."""
    ready = tmp_path / "ready.json"
    other = SwarmEstate(SCENARIO, image=stack.image, clock_scale=0, estate_id=new_id("sdk"), client=stack.client,
                        ready_file=ready)
    with other:
        assert other.plan.subnet != stack.plan.subnet and not set(other.ports.values()) & set(stack.ports.values())
        assert {h.name for h in other.hosts} == {h.name for h in stack.hosts}  # same names, no collision
        doc = json.loads(ready.read_text())
        assert doc["hosts"][0]["port"] == other.ports["hmc1"] and doc["token"] == other.control_token
        out, rc = ssh(other.hmc, f"lssyscfg -r lpar -m {SYSTEM} -F name,rmc_ipaddr")
        assert rc == 0 and out.split()[0] == f"lpar21,{other.lan_addresses['lpar21']}"
        assert ip_address(other.lan_addresses["lpar21"]) in ip_network(other.plan.subnet)
        # the two worlds are apart: the other estate's clock moved, the stack's did not
        before = stack.control("GET", "/clock")
        other.advance(3600)
        assert stack.control("GET", "/clock") == before
    assert not ready.exists()
    assert swarm_leftovers(stack.client, other.id) == NOTHING
    assert len(stack.client.services.list(filters={"label": f"fakehmc.estate={stack.id}"})) == 4
