"""`fakehmc certify` end to end: exit status, summary, progress bar, JUnit XML, self-contained HTML."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from certify_support import ROOT, SCENARIOS, certify_command

NAIVE_FAILS = {"var-full", "caa-node", SCENARIOS[-1]}  # it always runs recfgct and never grows /var


def junit_cases(path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    return {case.get("name"): case for case in root.iter("testcase")}


def test_good_tool_passes_every_scenario(certified):
    r = certified["good"]
    assert r.proc.returncode == 0, r.proc.stdout + r.proc.stderr
    assert f"{len(SCENARIOS)} of {len(SCENARIOS)} scenarios passed" in r.proc.stdout
    cases = junit_cases(r.junit)
    assert list(cases) == SCENARIOS
    assert all(c.find("failure") is None and c.find("error") is None for c in cases.values())
    assert "chfs -a size=+1G /var" in cases["var-full"].findtext("system-out")  # the tool's own output


def test_naive_tool_fails_exactly_where_recfgct_is_wrong(certified):
    r = certified["naive"]
    assert r.proc.returncode == 1
    rows = {line.split()[0]: line.split()[1] for line in r.proc.stdout.splitlines()[1:] if line.strip()
            and not line.endswith("passed")}
    assert {name for name, verdict in rows.items() if verdict == "FAIL"} == NAIVE_FAILS
    cases = junit_cases(r.junit)
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == NAIVE_FAILS
    assert cases["caa-node"].find("failure").get("message") == "must not run recfgct on a CAA node"
    var_full = cases["var-full"].find("failure").get("message")
    assert "grows /var on lpar2 with chfs" in var_full and "DLPAR add of 1 GB" in var_full
    assert "recfgct" in cases["caa-node"].findtext("system-out")
    suite = ET.parse(r.junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(len(SCENARIOS)), "3", "0")


def test_progress_bar_on_stderr_one_update_per_scenario(certified):
    err = certified["good"].proc.stderr
    bars = re.findall(r"\[[#-]{30}\] (\d+)/(\d+)", err)
    assert [int(done) for done, _ in bars] == list(range(len(SCENARIOS) + 1))
    assert "[" + "#" * 30 + "]" in err


@pytest.mark.parametrize("tool", ["good", "naive"])
def test_html_is_self_contained(certified, tool):
    html = certified[tool].html.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    for external in ("<script", "<link", "src=", "href=", "url(", "@import", "http://", "https://"):
        assert external not in html, external
    assert html.count('<tr class="scenario ') == len(SCENARIOS)


def test_html_escapes_failure_details(certified):
    html = certified["naive"].html.read_text()
    # the transcript's ">" marker on the offending command (the clock moved while the tool ran)
    assert re.search(r"&gt; 09:0\d:\d\d lpar2 root exec", html)


def test_unknown_scenario_is_a_usage_error_before_anything_runs(key_dir):
    cmd = [*certify_command(), "--tool", "true", "--scenarios", "healthy,no-such-scenario", "--key-dir", str(key_dir)]
    r = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 2 and "no scenario named 'no-such-scenario'" in r.stderr
    assert "healthy" not in r.stdout


def test_fakehmc_cli_offers_certify():
    r = subprocess.run([*certify_command(), "--help"], check=False, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: fakehmc certify [-h] --tool COMMAND"), r.stdout
    assert "--scenarios" in r.stdout and "--junit" in r.stdout and "--html" in r.stdout
