"""A running estate (`fakehmc up`, as `make run` serves it) reached the way its banner says (issue 17.5),
and public-key login on its real host endpoints with OpenSSH and paramiko (issue 18.5): the key a
partition's scenario authorizes and the key `mkauthkeys --add` gives the HMC get in; any other key
is refused."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import asyncssh
import paramiko
import pytest
from running_estate import fakehmc_up

from tests.conftest import require_binary

OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
KEY_ONLY = [*OPTS, "-o", "BatchMode=yes", "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
            "-o", "PreferredAuthentications=publickey", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"]

SCENARIO = """
[scenario]
name = "keys"
seed = 3

[[hmc]]
name = "hmc1"
level = "V9"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"
memory_mb = 65536
proc_units = 8.0

  [[system.partition]]
  name = "lpar2"
  id = 2
  aix_level = "7.1"
  authorized_keys = {{ root = ["{lpar_key}"] }}
"""


def keypair(directory: Path, name: str) -> tuple[Path, str]:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@tests")
    path = directory / name
    path.write_bytes(key.export_private_key("openssh"))
    path.chmod(0o600)
    return path, key.export_public_key("openssh").decode().strip()


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    keys = {name: keypair(d, name) for name in ("lpar", "hmc", "stranger")}
    scenario = d / "keys.toml"
    scenario.write_text(SCENARIO.format(lpar_key=keys["lpar"][1]))
    with fakehmc_up(d, "--scenario", str(scenario), "--clock-scale", "0") as est:
        est.keys = keys
        yield est


def openssh_key(host: dict, key: Path, command: str) -> subprocess.CompletedProcess:
    require_binary("ssh", "openssh-client")
    argv = ["ssh", *KEY_ONLY, "-i", str(key), "-p", str(host["port"]), f"{host['username']}@{host['address']}", command]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def paramiko_key(host: dict, key: Path, command: str) -> tuple[str, int]:
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(host["address"], port=host["port"], username=host["username"],
              pkey=paramiko.Ed25519Key.from_private_key_file(str(key)), look_for_keys=False, allow_agent=False,
              timeout=30)
    try:
        _, out, _ = c.exec_command(command, timeout=30)
        return out.read().decode(), out.channel.recv_exit_status()
    finally:
        c.close()


def test_the_banner_says_how_to_reach_every_host(running):
    b = running.banner
    hosts = running.doc["hosts"]
    assert [h["name"] for h in hosts] == ["hmc1", "lpar2"]
    start = b.index("reach each host with OpenSSH (type the password after # when asked):")
    for i, h in enumerate(hosts):
        assert b[start + 1 + i] == (f"  {h['name']:<5}  ssh -p {h['port']} {h['username']}@{h['address']}"
                                    f"   # password: {h['password']}")
    assert b[start + 1 + len(hosts)].startswith("REST API: ")
    assert b[start + 2 + len(hosts)].startswith(f"control API: {running.doc['control']}   ")
    assert b[-1].startswith(f"ready file: {running.ready_file.resolve()}   ")


def test_each_printed_line_logs_in_as_pasted(running):
    """The printed command, run as a newcomer would (sshpass types the printed password)."""
    require_binary("sshpass")
    require_binary("ssh", "openssh-client")
    expected = {"hmc1": "hscroot\n", "lpar2": "root\n"}
    start = running.banner.index("reach each host with OpenSSH (type the password after # when asked):")
    for line in running.banner[start + 1:start + 3]:
        name, command = line.split(None, 1)
        command, password = command.split("   # password: ")
        argv = shlex.split(command)
        r = subprocess.run(["sshpass", "-p", password, argv[0], *OPTS, "-o", "PubkeyAuthentication=no", *argv[1:],
                            "whoami" if name != "hmc1" else "echo $USER"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert (r.stdout, r.returncode) == (expected[name], 0), (line, r.stderr)


def test_openssh_logs_in_to_a_partition_with_its_authorized_key(running):
    r = openssh_key(running.host("lpar2"), running.keys["lpar"][0], "whoami")
    assert (r.stdout, r.returncode) == ("root\n", 0), r.stderr


def test_paramiko_logs_in_to_a_partition_with_its_authorized_key(running):
    assert paramiko_key(running.host("lpar2"), running.keys["lpar"][0], "whoami") == ("root\n", 0)


def test_a_key_nobody_authorized_is_refused_by_both_clients(running):
    for name in ("lpar2", "hmc1"):
        r = openssh_key(running.host(name), running.keys["stranger"][0], "whoami")
        assert r.returncode == 255 and "Permission denied (publickey" in r.stderr, (name, r.stderr)
        with pytest.raises(paramiko.AuthenticationException):
            paramiko_key(running.host(name), running.keys["stranger"][0], "whoami")


def test_mkauthkeys_add_lets_the_key_log_in_to_the_hmc(running):
    hmc = running.host("hmc1")
    path, public = running.keys["hmc"]
    r = openssh_key(hmc, path, "lshmc -V")
    assert r.returncode == 255, "the key logged in before it was added"
    require_binary("sshpass")
    add = subprocess.run(["sshpass", "-p", hmc["password"], "ssh", *OPTS, "-o", "PubkeyAuthentication=no",
                          "-p", str(hmc["port"]), f"{hmc['username']}@{hmc['address']}",
                          f"mkauthkeys --add '{public}'"],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert (add.stdout, add.returncode) == ("", 0), add.stderr
    r = openssh_key(hmc, path, "lshmc -V")
    assert r.returncode == 0 and r.stdout.startswith('"version= Version: 9\n'), r.stderr
    out, rc = paramiko_key(hmc, path, "lshmc -V")
    assert rc == 0 and out == r.stdout
