"""fakehmc capture: a captured fake estate, served again, answers the listing commands identically."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from harness.capture import parse
from harness.capture.cli import main
from harness.runtime.embedded import EstateConfig
from harness.runtime.thread import EstateThread
from harness.scenario.catalogue import load_scenario
from tests.sshclients import asyncssh_run

LISTINGS = ("lssyscfg -r sys -F name,type_model,serial_num,state",
            "lssyscfg -r lpar -m {m} -F name,lpar_id,lpar_env,state,rmc_state",
            "lshwres -r mem -m {m} --level lpar -F lpar_name,curr_min_mem,curr_mem,curr_max_mem",
            "lshwres -r proc -m {m} --level lpar -F lpar_name,curr_proc_mode,curr_proc_units,curr_procs")


def _listings(est) -> list[str]:
    hmc = est.host("hmc1") if any(h.name == "hmc1" for h in est.hosts) else est.hosts[0]
    out = []
    for sysname in sorted(est.call(lambda: list(est.world.systems))):
        for cmd in LISTINGS:
            stdout, stderr, rc = asyncssh_run(hmc, cmd.format(m=sysname))
            assert rc == 0, stdout + stderr
            out.append(stdout)
    return out


def _capture(est, tmp_path, monkeypatch, *extra: str) -> str:
    hmc = est.host("hmc1")
    (tmp_path / "pw").write_text(hmc.password + "\n")
    monkeypatch.delenv("FAKEHMC_PASSWORD", raising=False)
    out = tmp_path / "captured.toml"
    assert main(["capture", "--hmc", f"{hmc.address}:{hmc.port}", "--user", hmc.username,
                 "--password-file", str(tmp_path / "pw"), "-o", str(out), "--accept-new-host-key", *extra]) == 0
    assert out.stat().st_mode & 0o777 == 0o600  # a capture describes a real estate: the owner's alone
    return str(out)


def test_capture_refuses_an_unverified_host_key(estate_factory, tmp_path, monkeypatch, capsys):
    est = estate_factory("healthy")
    hmc = est.host("hmc1")
    (tmp_path / "pw").write_text(hmc.password + "\n")
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.ssh/known_hosts
    out = tmp_path / "captured.toml"
    args = ["capture", "--hmc", f"{hmc.address}:{hmc.port}", "--user", hmc.username,
            "--password-file", str(tmp_path / "pw"), "-o", str(out)]
    assert main(args) == 1
    assert "--accept-new-host-key" in capsys.readouterr().err and not out.exists()
    assert est.call(lambda: len(est.world.transcript)) == 0  # no command ran: no password was sent
    known = tmp_path / "known"
    import asyncio

    import asyncssh

    key = asyncio.run(asyncssh.get_server_host_key(hmc.address, hmc.port))
    known.write_text(f"[{hmc.address}]:{hmc.port} {key.export_public_key().decode()}")
    assert main([*args, "--known-hosts", str(known)]) == 0


@pytest.mark.parametrize("scenario", ["healthy", "seed-lpar30", "recycled-ip"])
def test_captured_estate_answers_listings_identically(scenario, estate_factory, tmp_path, monkeypatch):
    original = estate_factory(scenario)
    path = _capture(original, tmp_path, monkeypatch)
    text = Path(path).read_text()
    assert original.host("hmc1").password not in text
    load_scenario(path)  # what `fakehmc validate` checks
    copy = estate_factory(path)
    assert _listings(copy) == _listings(original)
    level = asyncssh_run(original.host("hmc1"), "lshmc -V")[0]
    assert asyncssh_run(copy.host("hmc1"), "lshmc -V")[0] == level


def _free_port(addresses: list[str]) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            socks = []
            for a in addresses:
                s = socket.socket()
                socks.append(s)
                s.bind((a, port))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no common free port")


def test_partitions_causes_and_anonymise(estate_factory, key_dir, tmp_path, monkeypatch):
    # partitions are reached at their rmc_ipaddr on one port, as on a real LAN
    port = _free_port([f"127.0.0.{i}" for i in range(10, 13)])
    original = EstateThread(EstateConfig(scenario="rmc-stopped", port=port, clock_scale=0, key_dir=key_dir)).start()
    try:
        _check_partitions_and_anonymise(original, port, estate_factory, tmp_path, monkeypatch)
    finally:
        original.stop()


def _check_partitions_and_anonymise(original, port, estate_factory, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKEHMC_LPAR_PASSWORD", "fakeaix")
    path = _capture(original, tmp_path, monkeypatch, "--partitions", "--lpar-port", str(port), "--anonymise")
    text = Path(path).read_text()
    for secret in ("abc123", "fakeaix", "2112ABC", "lpar1", "lpar2", "hmc1", "127.0.0.1"):
        assert secret not in text
    assert "rmc_stopped = true" in text
    assert 'hostname = "lpar-' in text  # read on the partitions themselves
    assert len(set(re.findall(r'name = "(lpar-[0-9a-f]{6})"', text))) == 2
    # deterministic: the same estate anonymises to the same file
    (tmp_path / "again").mkdir()
    again = _capture(original, tmp_path / "again", monkeypatch, "--partitions", "--lpar-port", str(port), "--anonymise")
    assert Path(again).read_text() == text
    copy = estate_factory(path)
    cmd = "lssyscfg -r lpar -m {m} -F lpar_id,lpar_env,state,rmc_state"
    m1 = original.call(lambda: next(iter(original.world.systems)))
    m2 = copy.call(lambda: next(iter(copy.world.systems)))
    assert asyncssh_run(copy.host(copy.hosts[0].name), cmd.format(m=m2))[0] == \
        asyncssh_run(original.host("hmc1"), cmd.format(m=m1))[0]


def test_parse_quoted_records():
    line = 'name=a,"ipaddr=1.2.3.4,5.6.7.8","virtual_eth_adapters=""2/1/1/3,4,5/0/1""",state=Not Activated'
    assert parse.parse_record(line) == {"name": "a", "ipaddr": "1.2.3.4,5.6.7.8",
                                        "virtual_eth_adapters": '"2/1/1/3,4,5/0/1"', "state": "Not Activated"}
    assert parse.hmc_level('"version= Version: 7\n","base_version=V7R7.9.0\n"') == "V7"
    assert parse.parse_records("No results were found.\n") == []


def test_only_read_only_commands_are_sent():
    from harness.capture.capture import READ_ONLY, command

    assert all(c.split()[0] in {"lshmc", "lssyscfg", "lshwres", "lspartition", "oslevel", "uname", "hostname",
                                "lssrc", "df"} for c in READ_ONLY)
    with pytest.raises(ValueError):
        command("chhwres -r mem -m {m} -o a -p x -q 256", m="s")
    assert command("lssyscfg -r lpar -m {m}", m="a b") == "lssyscfg -r lpar -m 'a b'"
