"""A tool reaches a partition at the address the HMC reports (rmc_ipaddr), with plain OpenSSH:
through the estate's ssh config in the default mode and with --listen, and directly on port 22 when
root serves each host on its own loopback address."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.api import Estate

SYSTEM = "Server-8286-42A-SN2112ABC"
OPTS = ["-o", "PubkeyAuthentication=no", "-o", "BatchMode=no"]


@pytest.fixture(autouse=True)
def _clients():
    if not (shutil.which("ssh") and shutil.which("sshpass")):
        pytest.fail("these tests drive OpenSSH through sshpass: apt-get install openssh-client sshpass")


def reported_address(estate_or_run, lpar: str = "lpar2") -> str:
    out = estate_or_run(f"lssyscfg -r lpar -m {SYSTEM} -F rmc_ipaddr --filter lpar_names={lpar}")
    return out.strip()


def openssh(password: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sshpass", "-p", password, "ssh", *OPTS, *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def test_default_mode_through_the_ssh_config(key_dir):
    with Estate("healthy", key_dir=key_dir) as estate:
        ip = reported_address(lambda c: estate.ssh("hmc1", c).stdout)
        env = estate.env()
        password = estate.host("lpar2").password
        r = openssh(password, "-F", env["FAKEHMC_SSH_CONFIG"], f"root@{ip}", "uname -n")
        assert (r.returncode, r.stdout) == (0, "lpar2\n"), r.stderr
        # the GIT_SSH_COMMAND-style wrapper, by host name
        r = subprocess.run(["sshpass", "-p", password, env["FAKEHMC_SSH"], *OPTS, "lpar2", "uname -n"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert (r.returncode, r.stdout) == (0, "lpar2\n"), r.stderr


def test_listen_address_through_fakehmc_ssh_config(tmp_path, key_dir):
    """fakehmc up --listen 127.0.0.1: every host on one address, one port each; the HMC still reports
    the model's addresses, and `fakehmc ssh-config` says where each one is."""
    ready = tmp_path / "ready.json"
    fakehmc = [sys.executable, "-c", "import sys; from harness.cli import main; sys.exit(main())"]
    server = subprocess.Popen([*fakehmc, "up", "--scenario", "healthy", "--listen", "127.0.0.1", "--port", "0",
                               "--clock-scale", "0", "--ready-file", str(ready), "--state-dir", str(tmp_path / "s")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.exists(), server.stderr.read().decode() if server.poll() is not None else "no ready file"
        hosts = {h["name"]: h for h in json.loads(ready.read_text())["hosts"]}
        assert {h["address"] for h in hosts.values()} == {"127.0.0.1"}
        config = tmp_path / "ssh_config"
        out = subprocess.run([*fakehmc, "ssh-config", "--ready-file", str(ready)], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        config.write_text(out)
        hmc = hosts["hmc1"]
        ip = reported_address(lambda c: openssh(hmc["password"], "-F", str(config), "hmc1", c).stdout)
        assert ip.startswith("127.0.0.") and ip != "127.0.0.1"  # the model's address, not the listener's
        r = openssh(hosts["lpar2"]["password"], "-F", str(config), f"root@{ip}", "uname -n")
        assert (r.returncode, r.stdout) == (0, "lpar2\n"), r.stderr
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        server.stderr.close()


def test_root_serves_port_22_on_each_reported_address(key_dir):
    if os.geteuid() != 0:
        pytest.skip("port 22 needs root (CI runs as root)")
    with Estate("healthy", key_dir=key_dir, port=22) as estate:
        ip = reported_address(lambda c: estate.ssh("hmc1", c).stdout)
        r = openssh(estate.host("lpar2").password, "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", f"root@{ip}", "uname -n")
        assert (r.returncode, r.stdout) == (0, "lpar2\n"), r.stderr


def test_the_config_maps_every_name_and_address(key_dir):
    with Estate("seed-lpar30", key_dir=key_dir, listen="127.0.0.1") as estate:
        text = estate.ssh_config()
        blocks = {b.splitlines()[0]: b for b in text.split("\n\n")[1:]}
        lpar30 = next(b for head, b in blocks.items() if head.split()[1] == "lpar30")
        info = estate.host("lpar30")
        assert lpar30.splitlines()[0].split()[1:] == ["lpar30", "aix6", "127.0.0.16"]
        assert f"    HostName 127.0.0.1\n    Port {info.port}\n    User root\n" in lpar30
        assert len(blocks) == len(estate.hosts)
        config = Path(estate.env()["FAKEHMC_SSH_CONFIG"])
        assert config.read_text() == text
    assert not config.exists()  # the files go with the estate


def test_certify_hands_the_config_to_the_tool(key_dir):
    from harness.certify.runner import run_scenario

    tool = '"$FAKEHMC_SSH" -G 127.0.0.12 | grep -E "^(hostname|port|user) "; echo "$FAKEHMC_SSH_CONFIG"'
    r = run_scenario(tool, "healthy", key_dir=key_dir, clock="frozen")
    lines = r.output.splitlines()
    assert lines[:2] == ["user root", "hostname 127.0.0.12"] and lines[2].startswith("port "), r.output
    assert int(lines[2].split()[1]) > 0 and lines[3].endswith("ssh_config")
