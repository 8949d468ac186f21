"""`fakehmc compose`: a compose file docker-compose accepts, and that starts a working estate."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path


from harness.runtime.compose import compose_document, to_yaml
from harness.runtime.containers import free_subnet, leftovers, remove_estates
from tests.conftest import unavailable

SCENARIO = str(Path(__file__).parent / "seed-two.toml")


def compose_bin() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], check=False,
                                                 capture_output=True).returncode == 0:
        return ["docker", "compose"]
    unavailable("no docker-compose (apt-get install docker-compose)")


def write(tmp_path: Path, capsys, *argv: str) -> Path:
    import argparse

    from harness.runtime.containers_cli import add_compose_arguments, cmd_compose

    p = argparse.ArgumentParser()
    add_compose_arguments(p)
    assert cmd_compose(p.parse_args(list(argv))) == 0
    path = tmp_path / "docker-compose.yml"
    path.write_text(capsys.readouterr().out)
    return path


def test_yaml_writer_reads_back():
    import yaml  # PyYAML, a test dependency (pyproject.toml [test])
    doc = compose_document(SCENARIO, subnet="10.213.77.0/24")
    assert yaml.safe_load(to_yaml(doc)) == doc
    assert doc["networks"]["service"]["internal"] is True
    assert doc["services"]["lpar30"]["networks"]["lan"]["ipv4_address"] == "10.213.77.12"
    assert json.loads(doc["services"]["engine"]["environment"]["FAKEHMC_ADDRESSES"])["hmc1"] == "10.213.77.10"


def test_compose_config_accepts_it(tmp_path, capsys):
    cmd = compose_bin()
    path = write(tmp_path, capsys, SCENARIO)
    proc = subprocess.run([*cmd, "-f", str(path), "config", "-q"], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_compose_up_serves_the_estate(tmp_path, capsys, image, docker_client):
    from harness.runtime.embedded import HostInfo
    from tests.containers.test_containers import ssh

    cmd = compose_bin()
    from tests.containers.conftest import estate_id as new_id

    estate_id = new_id("compose")
    subnet = free_subnet(docker_client, 3)
    path = write(tmp_path, capsys, SCENARIO, "--image", image, "--subnet", subnet, "--estate-id", estate_id,
                 "--clock-scale", "0")
    project = ["-p", estate_id, "-f", str(path)]
    try:
        proc = subprocess.run([*cmd, *project, "up", "-d"], check=False, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        names = [c.name for c in docker_client.containers.list(filters={"label": f"fakehmc.estate={estate_id}"})]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            health = [docker_client.api.inspect_container(n)["State"].get("Health", {}).get("Status") for n in names]
            if health and all(h == "healthy" for h in health):
                break
            time.sleep(0.5)
        assert len(names) == 4 and all(h == "healthy" for h in health), health
        hmc_ip = subnet.rsplit(".", 1)[0] + ".10"
        out, rc = ssh(HostInfo("hmc1", "hmc", hmc_ip, 22, "hscroot", "abc123"),
                      "lssyscfg -r lpar -m Server-9117-MMB-SN10284FP -F name,rmc_ipaddr")
        assert rc == 0 and out.split()[0] == f"lpar21,{subnet.rsplit('.', 1)[0]}.11", out
    finally:
        subprocess.run([*cmd, *project, "down", "-t", "5"], check=False, capture_output=True, timeout=120)
        remove_estates(docker_client, estate_id)
    assert leftovers(docker_client, estate_id) == {"containers": [], "networks": []}
