"""The in-band RMC proxy (`lssrc -ls mcproxy`), the HMC-side RMC fault hmc_rmc_stuck (diagrmc
--autocorrect / lspartition -dlparreset) and chrsrc on IBM.MCP / IBM.ManagementServer (reference §2.5,
§2.5b, §5 F8/F16)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from aix_helpers import run, view

from harness.hmc import build_registry as hmc_registry
from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario
from harness.shell.command import CommandContext
from harness.world.causes import CAUSES, apply_cause, heal_cause
from harness.world.versions import AIX_LEVELS

SYSTEM = "Server-8286-42A-SN2112ABC"
RMCCTRL = "/usr/sbin/rsct/bin/rmcctrl"
HMC_REG = hmc_registry()
AVOCADO = re.compile(r"\s*Hostname:\s*(\S+)")  # avocado-misc-tests get_hmc_from_mcproxy [V]


def hmc_run(world, line: str):
    argv = shlex.split(line)
    ctx = CommandContext(argv=argv, stdin="", env={}, session=Session(world, world.host("hmc1"), "hscroot"))
    rc = HMC_REG.lookup(argv[0]).fn(ctx)
    return rc, "".join(ctx.out), "".join(ctx.err)


def avocado_hmc(out: str) -> str:
    for line in out.splitlines():
        m = AVOCADO.match(line)
        if m:
            return m.group(1)
    return ""


# ---- mcproxy ------------------------------------------------------------------------------------------
def test_mcproxy_only_on_levels_with_in_band_rmc():
    have = {k for k, lvl in AIX_LEVELS.items() if any(s.name == "mcproxy" for s in lvl.subsystems)}
    assert have == {"7.2", "7.3", "vios-3.1"}
    for key in have:  # additive: the new row follows the older RSCT rows, group rsct; only subsystems
        # with stable (not random) boot PIDs come after it
        subs = AIX_LEVELS[key].subsystems
        i = [s.name for s in subs].index("mcproxy")
        assert subs[i].group == "rsct" and all(s.stable_pid for s in subs[i + 1:])
    names72 = [s.name for s in AIX_LEVELS["7.2"].subsystems]
    names72.remove("mcproxy")
    assert names72 == [s.name for s in AIX_LEVELS["7.1"].subsystems]


def test_lssrc_ls_mcproxy_names_each_hmc_managing_the_partition():
    w = load_scenario("healthy")
    lpar = next(p for p in w.partitions() if p.os and p.os.level.key == "7.2")
    r = run(w, lpar.host, "lssrc -ls mcproxy")
    assert r.rc == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "Subsystem         Group            PID          Status"
    assert re.fullmatch(r" mcproxy {10}rsct {13}\d+ +active", lines[1])
    assert avocado_hmc(r.out) == w.hmcs["hmc1"].hostname
    assert "Number of management consoles: 1" in lines
    # lssrc -s / -g rsct show it as an ordinary rsct subsystem
    assert " mcproxy          rsct" in run(w, lpar.host, "lssrc -g rsct").out
    assert " mcproxy          rsct" in run(w, lpar.host, "lssrc -a").out


def test_mcproxy_absent_on_aix_61_and_71():
    w = load_scenario("healthy")
    for key in ("6.1", "7.1"):
        lpar = next(p for p in w.partitions() if p.os and p.os.level.key == key)
        r = run(w, lpar.host, "lssrc -ls mcproxy")
        assert (r.rc, r.out) == (1, "")
        assert r.err == "0513-085 The mcproxy Subsystem is not on file.\n"
        assert "mcproxy" not in run(w, lpar.host, "lssrc -a").out


def test_lssrc_ls_mcproxy_when_inoperative():
    w = load_scenario("healthy")
    lpar = next(p for p in w.partitions() if p.os and p.os.level.key == "7.2")
    r = run(w, lpar.host, "stopsrc -s mcproxy")
    assert r.out == "0513-044 The mcproxy Subsystem was requested to stop.\n"
    r = run(w, lpar.host, "lssrc -ls mcproxy")
    assert r.rc == 1 and r.out == ""
    assert r.err == ("0513-036 The request could not be passed to the mcproxy subsystem.\n"
                     "Start the subsystem and try your command again.\n")
    assert avocado_hmc(r.out) == ""
    assert run(w, lpar.host, "startsrc -s mcproxy").out.startswith("0513-059 The mcproxy Subsystem has been started.")
    assert avocado_hmc(run(w, lpar.host, "lssrc -ls mcproxy").out) == "hmc1"


def test_mcproxy_lists_no_hmc_once_the_service_path_is_lost():
    w = load_scenario("hmc-lost-system")
    r = run(w, "lpar2", "lssrc -ls mcproxy")
    assert r.rc == 0 and "Number of management consoles: 0" in r.out
    assert avocado_hmc(r.out) == ""


# ---- hmc_rmc_stuck ------------------------------------------------------------------------------------
def test_hmc_rmc_stuck_registered_and_partition_healthy():
    assert CAUSES["hmc_rmc_stuck"].target == "partition" and CAUSES["hmc_rmc_stuck"].heal is not None
    w = load_scenario("hmc-rmc-stuck")
    w.advance(420)
    v = view(w, "lpar2")
    assert (v.active, v.state, v.dcaps) == (False, "inactive", 0)
    assert view(w, "lpar1").active
    assert " 0% packet loss" in run(w, "lpar2", "ping -c 2 hmc1").out
    assert "active" in run(w, "lpar2", "lssrc -s IBM.MgmtDomainRM").out
    assert '"127.0.0.10"' in run(w, "lpar2", "lsrsrc IBM.MCP HMCIPAddr").out
    rc, out, _ = hmc_run(w, "lspartition -dlpar")
    assert "<2*8286-42A*2112ABC, lpar2, 127.0.0.12>\n       Active:<0>" in out
    # restarting RMC inside the partition does not help: the stale record is on the HMC
    for cmd in (f"{RMCCTRL} -z", f"{RMCCTRL} -A", f"{RMCCTRL} -p"):
        assert run(w, "lpar2", cmd).rc == 0
    assert not w.advance_until(lambda: view(w, "lpar2").active, 900)


def test_diagrmc_autocorrect_resets_the_hmc_and_the_session_returns_at_the_next_poll():
    w = load_scenario("hmc-rmc-stuck")
    rc, out, _ = hmc_run(w, f"diagrmc -m {SYSTEM} -p lpar2")
    assert out == (f"lpar2 (2) on {SYSTEM}: RMC inactive: the management console holds a stale RMC "
                   "session for the partition\n")
    rc, out, _ = hmc_run(w, "diagrmc --autocorrect")
    assert rc == 0
    assert f"lpar2 (2) on {SYSTEM}: RMC inactive: the partition has not connected to the management console yet" \
        in out  # not at once [V T1020611: several minutes]
    assert w.hmcs["hmc1"].stuck_sessions == []
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)
    assert view(w, "lpar2").dcaps != 0


def _v7_stuck(tmp_path: Path):
    fixture = Path(__file__).resolve().parents[2] / "fixtures/scenarios/hmc-rmc-stuck.toml"
    text = fixture.read_text().replace('level = "V9"', 'level = "V7"')
    path = tmp_path / "stuck-v7.toml"
    path.write_text(text)
    return load_scenario(str(path))


def test_lspartition_dlparreset_on_v7(tmp_path):
    w = _v7_stuck(tmp_path)
    rc, _, err = hmc_run(w, "diagrmc --autocorrect")
    assert rc == 127  # no diagrmc on V7
    assert not w.advance_until(lambda: view(w, "lpar2").active, 420)
    assert hmc_run(w, "lspartition -dlparreset") == (0, "", "")
    assert not view(w, "lpar2").active
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)


def test_lspartition_dlparreset_is_invalid_after_v7():
    w = load_scenario("hmc-rmc-stuck")
    rc, out, _ = hmc_run(w, "lspartition -dlparreset")
    assert rc != 0 and "The invalid parameter is -dlparreset." in out
    assert w.hmcs["hmc1"].stuck_sessions == [f"{SYSTEM}/2"]


def test_hmc_rmc_stuck_heals_through_the_fault_table():
    w = load_scenario("healthy")
    part = next(p for p in w.partitions() if p.os and p.os.level.key == "7.2")
    assert view(w, part.host).active
    entry = apply_cause(w, "hmc_rmc_stuck", part.name, True)
    assert not view(w, part.host).active
    assert not w.advance_until(lambda: view(w, part.host).active, 420)
    heal_cause(w, entry["id"])
    assert w.advance_until(lambda: view(w, part.host).active, 420)
    assert w.check_invariants() == []


# ---- chrsrc -------------------------------------------------------------------------------------------
def _restart_rmc(w, host: str) -> None:
    for cmd in (f"{RMCCTRL} -z", f"{RMCCTRL} -A"):
        assert run(w, host, cmd).rc == 0


def test_chrsrc_selection_form_repairs_hmc_replaced_with_one_resource():
    w = load_scenario("hmc-replaced")
    r = run(w, "lpar2", "chrsrc -s 'MNName == \"127.0.0.12\"' IBM.MCP HMCIPAddr=127.0.0.10")
    assert (r.rc, r.out, r.err) == (0, "", "")
    assert run(w, "lpar2", "lsrsrc IBM.MCP HMCIPAddr").out == (
        'Resource Persistent Attributes for IBM.MCP\nresource 1:\n        HMCIPAddr = "127.0.0.10"\n')
    assert not view(w, "lpar2").active  # the RM acts on it when restarted
    _restart_rmc(w, "lpar2")
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)
    out = run(w, "lpar2", "lsrsrc IBM.MCP").out
    assert out.count("resource ") == 1 and '"10.1.1.9"' not in out and 'KeyToken          = "hmc1"' in out


def test_chrsrc_file_form():
    w = load_scenario("hmc-replaced")
    w.host("lpar2").partition.os.files["/tmp/infile.mcp"] = (
        "PersistentResourceAttributes::\nresource 1:\n        HMCIPAddr = \"127.0.0.10\"\n"
        "        KeyToken  = \"hmc1\"\n")
    r = run(w, "lpar2", "chrsrc -f /tmp/infile.mcp -s 'MNName == \"127.0.0.12\"' IBM.MCP")
    assert (r.rc, r.err) == (0, "")
    assert 'KeyToken          = "hmc1"' in run(w, "lpar2", "lsrsrc IBM.MCP").out
    _restart_rmc(w, "lpar2")
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)


@pytest.mark.parametrize("line, err", [
    ("chrsrc -s 'MNName == \"1.2.3.4\"' IBM.MCP HMCIPAddr=127.0.0.10", "2612-024 "),
    ("chrsrc -s 'MNName == \"127.0.0.12\"' IBM.MCP Bogus=1", '2612-023 The attribute "Bogus"'),
    ("chrsrc -s 'MNName == \"127.0.0.12\"' IBM.MCP NodeNameList=x", '2612-034 The attribute "NodeNameList"'),
    ("chrsrc -s 'MNName == \"127.0.0.12\"' IBM.Nope A=1", '2612-041 The resource class name "IBM.Nope"'),
    ("chrsrc -f /tmp/none -s 'MNName == \"x\"' IBM.MCP", "2612-017 "),
    ("chrsrc IBM.MCP HMCIPAddr=1", "Usage: chrsrc"),
])
def test_chrsrc_errors(line, err):
    w = load_scenario("hmc-replaced")
    r = run(w, "lpar2", line)
    assert r.rc == 1 and err in r.err, r.err


def test_chrsrc_on_aix61_changes_ibm_managementserver():
    w = load_scenario("healthy")
    lpar = next(p for p in w.partitions() if p.os and p.os.level.key == "6.1")
    ip = w.hmcs["hmc1"].ip
    r = run(w, lpar.host, f"chrsrc -s 'Name == \"{ip}\"' IBM.ManagementServer ClusterTM=7042-CR9")
    assert (r.rc, r.err) == (0, "")
    assert 'ClusterTM        = "7042-CR9"' in run(w, lpar.host, "lsrsrc IBM.ManagementServer").out
    # the other generation's class holds no resources there
    assert run(w, lpar.host, "chrsrc -s 'MNName == \"x\"' IBM.MCP KeyToken=a").rc == 1


def test_chrsrc_needs_root():
    w = load_scenario("hmc-replaced")
    r = run(w, "lpar2", "chrsrc -s 'MNName == \"x\"' IBM.MCP KeyToken=a", user="guest")
    assert r.rc == 126 and "0403-006" in r.err
