"""Time: advance by a duration or until a condition holds (with a virtual-time limit), over HTTP and
the CLI; conditions parse up front; transcripts carry virtual and ISO time and filter by host/since."""

from __future__ import annotations

import pytest

from harness.scenario.catalogue import load_scenario
from harness.world.conditions import ConditionError, compile_condition
from tests.control.controlhelp import call, cli
from tests.sshclients import asyncssh_run


def test_seed_story_until_dcaps_nonzero(estate_factory, capsys):
    est = estate_factory("seed-lpar30")
    url = est.estate.control_url
    doc = call(url + "/clock/advance", "POST", {"until": "lpar30 dcaps is nonzero", "limit": "15m"})[1]
    assert (doc["held"], doc["now"]) == (False, 900.0)  # the damaged registry cures nothing by itself
    assert asyncssh_run(est.host("lpar30"), "/usr/sbin/rsct/install/bin/recfgct")[2] == 0
    rc, out = cli(est, "clock", "advance", "--until", "lpar30 dcaps is nonzero and lpar30 IBM.DRM is active",
                  "--limit", "15m", capsys=capsys)
    assert rc == 0 and out.endswith(" held: lpar30 dcaps is nonzero and lpar30 IBM.DRM is active\n")
    now = call(url + "/clock")[1]["now"]
    assert 900 < now <= 900 + 7 * 60  # stopped at the poll that brought DCaps, not at the limit
    out, _, _ = asyncssh_run(est.host("hmc1"), "lspartition -dlpar")
    assert "DCaps:<0x0>" not in out
    rc, _ = cli(est, "clock", "advance", "--until", "lpar30 state is Not Activated", "--limit", "1m", capsys=capsys)
    assert rc == 1


@pytest.mark.parametrize("text", [
    "lpar2 rmc_state is active", "lpar2 rmc_state is active on hmc1", "lpar3 dcaps is 0xc5f",
    "lpar2 state is Running", "hmc1 sees lpar2 active", "lpar2 ctrmc is active and lpar1 dcaps is nonzero",
    "lpar1 IBM.DRM is inoperative",
])
def test_conditions(text):
    world = load_scenario("healthy")
    held = compile_condition(world, text)()
    assert held is (text != "lpar1 IBM.DRM is inoperative")


@pytest.mark.parametrize("text, words", [
    ("lpar9 rmc_state is active", "unknown partition 'lpar9'"),
    ("lpar2 rmc_state is active on hmc7", "unknown hmc 'hmc7'"),
    ("lpar2 mood is happy", "unknown property 'mood'"),
    ("lpar2 dcaps is big", "dcaps is nonzero, zero or a number"),
    ("when pigs fly", "cannot read condition"),
    ("", "empty condition"),
])
def test_bad_conditions_say_why(text, words):
    with pytest.raises(ConditionError, match=words):
        compile_condition(load_scenario("healthy"), text)


def test_transcript_entries_filters_and_cli(estate_factory, capsys):
    est = estate_factory("healthy")
    url = est.estate.control_url
    asyncssh_run(est.host("lpar1"), "hostname")
    est.advance(90)
    asyncssh_run(est.host("hmc1"), "lshmc -V")
    asyncssh_run(est.host("lpar1"), "false")
    entries = call(url + "/transcript")[1]
    assert [(e["seq"], e["host"], e["time"], e["exit_code"]) for e in entries] == [
        (0, "lpar1", 0.0, 0), (1, "hmc1", 90.0, 0), (2, "lpar1", 90.0, 1)]
    first = entries[0]
    assert (first["user"], first["channel"], first["command"], first["bytes_out"]) == ("root", "exec", "hostname", 6)
    assert first["iso"] == "2026-11-26T09:00:00+00:00"
    assert [e["seq"] for e in call(url + "/transcript?host=lpar1&since=60")[1]] == [2]
    assert [e["seq"] for e in call(url + "/transcript?since=2026-11-26T09:01:00Z")[1]] == [1, 2]
    rc, out = cli(est, "transcript", "lpar1", capsys=capsys)
    assert rc == 0 and out.splitlines()[1].split()[-1] == "false"
    rc, out = cli(est, "transcript", "lpar1", "--since", "60", capsys=capsys)
    assert len(out.splitlines()) == 1
