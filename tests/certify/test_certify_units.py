"""Expectations, the schema's [[expect]] tables, the reports' escaping, and the tool's timeout."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from harness.certify import html, junit
from harness.certify.expectations import Expectation, Run, evaluate, parse_expectations
from harness.certify.runner import ScenarioResult, run_scenario, select_scenarios
from harness.scenario import schema
from harness.scenario.catalogue import read_scenario

CERTIFIED = {"healthy", "seed-lpar30", "var-full", "rmc-stopped", "network-down", "cloned-node-id", "caa-node"}


def entry(host: str, command: str, rc: int = 0) -> dict:
    return {"time": 0.0, "host": host, "user": "root", "channel": "exec", "command": command, "exit_code": rc,
            "bytes_out": 0}


RUN = Run(0, "lpar2: DCaps 0x0\n", [entry("lpar2", "chfs -a size=+1G /var"), entry("lpar2", "rmcctrl -z"),
                                    entry("lpar2", "rmcctrl -A"), entry("lpar2", "rmcctrl -p")])


def check(raw: dict, run: Run = RUN):
    return evaluate(Expectation.of(raw), run, estate=None)


@pytest.mark.parametrize("raw, passed", [
    ({"kind": "exit", "code": 0}, True),
    ({"kind": "exit", "code": 2}, False),
    ({"kind": "exit_nonzero"}, False),
    ({"kind": "output_contains", "text": "DCaps 0x0"}, True),
    ({"kind": "ran", "host": "lpar2", "command": "chfs"}, True),
    ({"kind": "ran", "host": "lpar1", "command": "chfs"}, False),
    ({"kind": "not_ran", "host": "lpar2", "command": "recfgct"}, True),
    ({"kind": "not_ran", "command": "rmcctrl|recfgct", "regex": True}, False),
    ({"kind": "order", "host": "lpar2", "commands": ["chfs", "rmcctrl -A", "rmcctrl -p"]}, True),
    ({"kind": "order", "host": "lpar2", "commands": ["rmcctrl -p", "chfs"]}, False),
])
def test_expectations_without_an_estate(raw, passed):
    assert check(raw).passed is passed


def test_a_killed_tool_meets_no_exit_expectation():
    killed = Run(None, "", [])
    assert not check({"kind": "exit", "code": 0}, killed).passed
    assert "timeout" in check({"kind": "exit_nonzero"}, killed).detail


def test_descriptions_default_to_something_readable():
    assert Expectation.of({"kind": "not_ran", "host": "lpar2", "command": "recfgct"}).description == \
        "never runs 'recfgct' on lpar2"


def test_every_certified_builtin_declares_valid_expectations():
    assert CERTIFIED <= set(select_scenarios("all"))
    for name in CERTIFIED:
        exps = parse_expectations(read_scenario(name)[0])
        assert exps and all(e.description for e in exps), name
    caa = [e.description for e in parse_expectations(read_scenario("caa-node")[0])]
    assert "must not run recfgct on a CAA node" in caa


@pytest.mark.parametrize("bad, complaint", [
    ({"kind": "reboot"}, "is not one of"),
    ({"kind": "ran", "host": "lpar2"}, "missing key 'command'"),
    ({"kind": "eventually", "condition": "lpar2 rmc_state is active", "within": "soon"}, "does not match"),
    ({"kind": "dlpar", "lpar": "lpar2", "mb": 1024, "op": "s"}, "is not one of"),
    ({"kind": "exit", "code": 0, "colour": "red"}, "unknown key"),
])
def test_schema_rejects_bad_expectations(bad, complaint):
    data, _ = read_scenario("healthy")
    found = schema.problems({**data, "expect": [bad]})
    assert found and any(complaint in msg for _, _, msg in found), found


def test_reports_escape_everything():
    nasty = "<script>alert('x')</script> & \x1b[31mred\x1b[0m"
    r = ScenarioResult("a<b", description=nasty, rc=1, output=nasty,
                       checks=[evaluate(Expectation.of({"kind": "exit", "code": 0, "description": nasty}), RUN, None)],
                       transcript=[entry("lpar2", nasty)])
    page = html.render([r], tool=nasty)
    assert "<script" not in page and "&lt;script&gt;" in page and "a&lt;b" in page
    xml = junit.to_xml([r], tool=nasty)
    case = ET.fromstring(xml).find("testsuite/testcase")
    assert case.get("name") == "a<b" and "<script>" in case.findtext("system-out")  # parsed back intact


def test_tool_timeout_kills_the_whole_process_group(key_dir):
    # 3000 s: under the moving clock (x60) the tool's sleep is 50 real seconds, still past the timeout
    r = run_scenario("sleep 3000 | cat", "healthy", timeout=1, key_dir=key_dir)
    assert r.rc is None and "killed after 1 s" in r.output and not r.passed
    assert r.seconds < 15


def test_the_tool_gets_the_estate_in_its_environment(key_dir):
    r = run_scenario('cat "$FAKEHMC_HOSTS_JSON"; echo ===; env | grep ^FAKEHMC_ | sort', "healthy", key_dir=key_dir)
    assert r.rc == 0, r.output
    doc, _, env = r.output.partition("===\n")  # the JSON document, then the variables
    hosts = json.loads(doc)["hosts"]
    assert [h["name"] for h in hosts] == ["hmc1", "lpar1", "lpar2", "lpar3", "vios1"]
    assert all(len(line) < 400 for line in doc.splitlines())  # one host per line, for grep in shell tools
    variables = dict(line.split("=", 1) for line in env.splitlines())
    hmc = hosts[0]
    assert (variables["FAKEHMC_HMC_ADDRESS"], variables["FAKEHMC_HMC_PORT"]) == (hmc["address"], str(hmc["port"]))
    assert (variables["FAKEHMC_HMC_USER"], variables["FAKEHMC_HMC_PASSWORD"]) == ("hscroot", "abc123")
    assert variables["FAKEHMC_CONTROL"].startswith("http://127.0.0.1:")
    assert json.loads(variables["FAKEHMC_HOSTS"]) == hosts and variables["FAKEHMC_SCENARIO"] == "healthy"
