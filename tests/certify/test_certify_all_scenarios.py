"""Every built-in scenario certifies: each declares what a good tool must do, a do-nothing tool fails
every broken one, the example good tool passes them all, and a scenario without expectations is
refused. One certify run per tool over all the scenarios (do-nothing ~10 s, good tool ~60 s)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from certify_support import EXAMPLES

from harness.certify.expectations import parse_expectations
from harness.certify.runner import certify, select_scenarios
from harness.scenario.catalogue import builtin_names, read_scenario

# Nothing wrong here: a do-nothing tool meets every expectation. (drmgr-veto has no RMC fault either,
# but a good tool must name the application's DLPAR script that vetoes removals, and leave it.)
NOTHING_TO_REPAIR = {"healthy", "hmc-console", "vios-mappings"}  # estates with nothing broken


def test_all_means_every_builtin_and_each_declares_expectations():
    assert select_scenarios("all") == list(builtin_names())
    assert len(builtin_names()) >= 24
    for name in builtin_names():
        exps = parse_expectations(read_scenario(name)[0])
        assert exps, name
        # what a tool must do or leave, not only how it exits
        assert {e.kind for e in exps} - {"exit", "exit_nonzero"}, name


@pytest.fixture(scope="module")
def do_nothing(key_dir):
    return {r.scenario: r for r in certify("true", select_scenarios("all"), timeout=30, key_dir=key_dir)}


def test_a_do_nothing_tool_fails_every_broken_scenario(do_nothing):
    assert all(not r.error for r in do_nothing.values()), {n: r.error for n, r in do_nothing.items() if r.error}
    passed = {name for name, r in do_nothing.items() if r.passed}
    assert passed == NOTHING_TO_REPAIR


def test_flapping_sessions_need_to_stay_up(do_nothing):
    """mtu-mismatch comes up at each poll and drops at the heartbeats: 'stays' catches it."""
    why = {c.expectation.description: c.detail for c in do_nothing["mtu-mismatch"].failures}
    assert "false again" in why["lpar2 comes up and stays DLPAR-capable for 20 minutes"]


def test_the_good_tool_passes_every_scenario(key_dir):
    tool = f"{sys.executable} {EXAMPLES / 'good_tool.py'}"
    results = certify(tool, select_scenarios("all"), timeout=90, key_dir=key_dir)
    failed = {r.scenario: r.error or [(c.expectation.description, c.detail) for c in r.failures]
              for r in results if not r.passed}
    assert not failed, failed
    by_name = {r.scenario: r for r in results}
    assert by_name["hmc-lost-system"].rc == 2 and "No Connection" in by_name["hmc-lost-system"].output
    assert "app_memguard" in by_name["drmgr-veto"].output and "app_memguard" not in by_name["healthy"].output


def test_a_scenario_without_expectations_is_refused(tmp_path, key_dir):
    source = read_scenario("healthy")[1].read_text()
    bare = tmp_path / "bare.toml"
    bare.write_text(source.split("[[expect]]")[0].replace('name = "healthy"', 'name = "bare"'))
    [r] = certify("true", [str(bare)], key_dir=key_dir)
    assert not r.passed and "declares no [[expect]]" in r.error
    proc = subprocess.run([sys.executable, "-m", "harness.certify.cli", "--tool", "true", "--scenarios", str(bare),
                           "--key-dir", str(key_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "declares no [[expect]]" in proc.stderr and "refuses" in proc.stderr
    assert "passed" not in proc.stdout
