"""`fakehmc compose`: a compose file every compose on the machine accepts (``docker compose`` v2 and
Debian's docker-compose v1: .ci/run installs both), and that starts a working estate with each."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from harness.runtime.compose import compose_commands, compose_document, compose_version, to_yaml
from harness.runtime.containers import free_subnet, leftovers, remove_estates
from tests.conftest import unavailable

SCENARIO = str(Path(__file__).parent / "seed-two.toml")


def implementations() -> list[pytest.param]:
    """One param per major version found (v2 first): the same file must work with each."""
    seen: dict[str, list[str]] = {}
    for cmd in compose_commands():
        seen.setdefault("v" + compose_version(cmd).split(".")[0], cmd)
    return [pytest.param(cmd, id=major) for major, cmd in seen.items()] or [pytest.param(None, id="none")]


@pytest.fixture(params=implementations())
def compose_bin(request) -> list[str]:
    if request.param is None:
        unavailable("no compose (apt-get install docker-compose; .ci/run adds the v2 plugin)")
    return request.param


def test_both_compose_versions_present_in_ci():
    """CI installs v1 (Debian) and v2 (the plugin): a lost install step shows here, not as a silent skip."""
    import os

    majors = {compose_version(c).split(".")[0] for c in compose_commands()}
    if {"1", "2"} - majors:
        msg = f"compose versions found: {sorted(majors)}; .ci/run installs v1 and v2"
        if os.environ.get("FAKEHMC_REQUIRE_CLIENTS"):
            pytest.fail(msg)
        pytest.skip(msg)


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


def test_compose_config_accepts_it(tmp_path, capsys, compose_bin):
    cmd = compose_bin
    path = write(tmp_path, capsys, SCENARIO)
    proc = subprocess.run([*cmd, "-f", str(path), "config", "-q"], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_compose_up_serves_the_estate(tmp_path, capsys, image, docker_client, compose_bin, monkeypatch):
    from harness.runtime.embedded import HostInfo
    from tests.containers.test_containers import ssh

    cmd = compose_bin
    monkeypatch.setenv("FAKEHMC_CONTROL_TOKEN", "token-from-the-shell")
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
        # the one interpolated variable: the engine's token is the shell's
        engine = next(n for n in names if n.endswith("engine-1") or n.endswith("engine_1"))
        env = docker_client.api.inspect_container(engine)["Config"]["Env"]
        assert "FAKEHMC_CONTROL_TOKEN=token-from-the-shell" in env
    finally:
        subprocess.run([*cmd, *project, "down", "-t", "5"], check=False, capture_output=True, timeout=120)
        remove_estates(docker_client, estate_id)
    assert leftovers(docker_client, estate_id) == {"containers": [], "networks": []}
