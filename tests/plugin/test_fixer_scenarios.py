"""The example DLPAR tool (examples/dlpar_fixer.py) against every fault scenario, the way a user's
suite would test it with the plugin: run the tool, assert on the transcript what it did and did not
do, then move virtual time until the HMC shows RMC active and a DLPAR memory add succeeds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.api import dlpar_capable, rmc_active

TOOL = Path(__file__).resolve().parents[2] / "examples" / "dlpar_fixer.py"
SYSTEM = "Server-8286-42A-SN2112ABC"
SEED_SYSTEM = "Server-9117-MMB-SN10284FP"
RMCCTRL = ["rmcctrl -z", "rmcctrl -A", "rmcctrl -p"]


def run_tool(fakehmc, expect_rc: int = 0) -> str:
    r = subprocess.run([sys.executable, str(TOOL)], env=fakehmc.env(), capture_output=True, text=True, timeout=120,
                       check=False)
    assert r.returncode == expect_rc, r.stdout + r.stderr
    return r.stdout


def rmc_state(fakehmc, system: str, lpar: str) -> str:
    r = fakehmc.ssh("hmc1", f"lssyscfg -r lpar -m {system} --filter lpar_names={lpar} -F rmc_state")
    return r.stdout.strip()


def curr_mem(fakehmc, system: str, lpar: str) -> int:
    r = fakehmc.ssh("hmc1", f'lshwres -r mem -m {system} --level lpar --filter "lpar_names={lpar}" -F curr_mem')
    return int(r.stdout)


def assert_dlpar_returns(fakehmc, system: str, lpar: str, limit: float = 15 * 60) -> None:
    """Advance in one-minute steps until lssyscfg says rmc_state=active, then add 256 MB."""
    fakehmc.advance_until(lambda: rmc_state(fakehmc, system, lpar) == "active", limit=limit, step=60)
    before = curr_mem(fakehmc, system, lpar)
    r = fakehmc.ssh("hmc1", f"chhwres -r mem -m {system} -o a -p {lpar} -q 256")
    assert (r.stdout, r.exit_status) == ("", 0)
    assert curr_mem(fakehmc, system, lpar) == before + 256
    assert fakehmc.check_invariants() == []


@pytest.mark.fakehmc(scenario="var-full")
def test_var_full(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_ran("lpar2", "chfs -a size=+1G /var", rc=0)
    t.assert_order("lpar2", ["df -g /var", "chfs -a size=+1G /var", *RMCCTRL])
    t.assert_not_ran("lpar2", "recfgct")
    t.assert_not_ran("lpar1", re.compile(r"chfs|rmcctrl"))  # the healthy partition is left alone
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar2")


@pytest.mark.fakehmc(scenario="rmc-stopped")
def test_rmc_stopped(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_order("lpar2", ["lssrc -s ctrmc", *RMCCTRL])
    t.assert_not_ran("lpar2", "chfs")
    t.assert_not_ran("lpar2", "recfgct")
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar2")


@pytest.mark.fakehmc(scenario="network-down")
def test_network_down(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_order("lpar2", ["netstat -rn", "route delete -host 127.0.0.10 127.0.0.254"])
    t.assert_not_ran("lpar2", "rmcctrl")  # RMC itself was fine: only the route was wrong
    t.assert_not_ran("lpar2", "recfgct")
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar2")


@pytest.mark.fakehmc(scenario="cloned-node-id")
def test_cloned_node_id(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_ran("lpar2", "/usr/sbin/rsct/install/bin/recfgct", rc=0, times=1)  # recfgct is the cure
    t.assert_not_ran("lpar1", "recfgct")  # on one of the twins only
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar2")
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar1")


@pytest.mark.fakehmc(scenario="caa-node")
def test_caa_node(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_order("lpar2", RMCCTRL)
    t.assert_not_ran("lpar2", "recfgct")  # a PowerHA/CAA node: recfgct would wreck the cluster
    assert_dlpar_returns(fakehmc, SYSTEM, "lpar2")


@pytest.mark.fakehmc(scenario="seed-lpar30")
def test_seed_story(fakehmc):
    run_tool(fakehmc)
    t = fakehmc.transcript
    t.assert_order("lpar30", [*RMCCTRL, "lssrc -g rsct_rm", "recfgct"])  # restart first; recfgct last
    assert_dlpar_returns(fakehmc, SEED_SYSTEM, "lpar30")


@pytest.mark.fakehmc(scenario="caa-node")
def test_caa_node_with_a_damaged_registry_is_left_to_a_human(fakehmc):
    fakehmc.fault("rsct_config_corrupt", "lpar2")  # now IBM.DRM dies at every start
    out = run_tool(fakehmc, expect_rc=2)
    assert "peer domain" in out
    fakehmc.transcript.assert_order("lpar2", [*RMCCTRL, "lssrc -g rsct_rm"])
    fakehmc.transcript.assert_not_ran("lpar2", "recfgct")
    assert fakehmc.advance_until(dlpar_capable("lpar2"), limit=20 * 60, raise_on_timeout=False) == -1


def test_fault_injected_at_runtime_then_repaired(fakehmc):
    assert fakehmc.scenario == "healthy"
    run_tool(fakehmc)
    fakehmc.transcript.assert_not_ran(None, re.compile("chfs|rmcctrl|recfgct|route"))
    mark = fakehmc.transcript.mark()
    fault = fakehmc.fault("var_full", "lpar3")
    assert fault["cause"] == "var_full" and fault in fakehmc.faults()
    run_tool(fakehmc)
    since = fakehmc.transcript.since(mark)
    since.assert_order("lpar3", ["chfs -a size=+1G /var", *RMCCTRL])
    since.assert_not_ran("lpar1", "rmcctrl")
    elapsed = fakehmc.advance_until(rmc_active("lpar3"), limit=900)
    assert 0 < elapsed <= 7 * 60  # the next poll of the management-domain RM
    assert fakehmc.ssh("hmc1", f"chhwres -r mem -m {SYSTEM} -o a -p lpar3 -q 256").ok
