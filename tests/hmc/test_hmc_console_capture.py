"""fakehmc capture keeps the HMC console: a captured estate answers lshmc -n and lshmc -r as the
original did (further interfaces with their MACs, DNS, NTP, remote access), and --anonymise drops
what says where the estate lives (harness/capture/capture.py _console, anonymise.py)."""

from __future__ import annotations

from pathlib import Path

import tomllib

from harness.capture.cli import main
from tests.sshclients import asyncssh_run

TOML = """
[scenario]
name = "console-capture"
seed = 3

[[hmc]]
name = "hmc1"
level = "V10"
mac = "00:14:5e:7f:2f:4c"
nameservers = ["10.1.1.53"]
ntp_servers = ["10.1.1.123"]
remote_access = { xntp = "enable", remotewebui = "disable", syslogserver = "10.1.1.9" }
interfaces = [ { name = "eth1", address = "192.168.2.10", mac = "00:14:5e:7f:2f:4d", lparcomm = "on" } ]

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1
"""


def _capture(est, tmp_path, monkeypatch, *extra: str) -> Path:
    hmc = est.host("hmc1")
    (tmp_path / "pw").write_text(hmc.password + "\n")
    monkeypatch.delenv("FAKEHMC_PASSWORD", raising=False)
    out = tmp_path / "captured.toml"
    assert main(["capture", "--hmc", f"{hmc.address}:{hmc.port}", "--user", hmc.username,
                 "--password-file", str(tmp_path / "pw"), "-o", str(out), "--accept-new-host-key", *extra]) == 0
    return out


def test_captured_console_answers_lshmc_n_and_r_identically(estate_factory, tmp_path, monkeypatch):
    src = tmp_path / "console.toml"
    src.write_text(TOML)
    original = estate_factory(str(src))
    path = _capture(original, tmp_path, monkeypatch)
    hmc = tomllib.loads(path.read_text())["hmc"][0]
    assert hmc["interfaces"] == [{"name": "eth1", "address": "192.168.2.10", "netmask": "255.255.255.0",
                                  "mac": "00:14:5e:7f:2f:4d", "lparcomm": "on", "jumboframe": "off",
                                  "tso": "off", "ipv4dhcp": "off", "speed": "auto", "duplex": "auto"}]
    copy = estate_factory(str(path))
    for line in ("lshmc -n", "lshmc -r"):
        assert asyncssh_run(copy.host("hmc1"), line) == asyncssh_run(original.host("hmc1"), line), line


def test_anonymised_capture_leaves_out_where_the_estate_lives(estate_factory, tmp_path, monkeypatch):
    src = tmp_path / "console.toml"
    src.write_text(TOML)
    original = estate_factory(str(src))
    text = _capture(original, tmp_path, monkeypatch, "--anonymise").read_text()
    for secret in ("192.168.2.10", "10.1.1.53", "10.1.1.123", "10.1.1.9", "00:14:5e"):
        assert secret not in text, secret
    hmc = tomllib.loads(text)["hmc"][0]
    assert hmc["remote_access"] == {"remotewebui": "disable", "xntp": "enable"}
    assert hmc["interfaces"][0]["lparcomm"] == "on"
