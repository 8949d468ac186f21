"""The seed (shared/seed): lpar30 "IBM.DRM and others are failing to start", rmcctrl -z/-A/-p cures
nothing, recfgct does; after five minutes lssrc and lsrsrc print exactly what the report shows."""

from __future__ import annotations

from aix_helpers import run, view

from harness.scenario.catalogue import load_scenario
from tests.seed_texts import SEED_LSSRC
from tests.seed_texts import SEED_MGMT_SERVER as SEED_LSRSRC


RECFGCT_LINES = [
    "/usr/lib/dr/scripts/all/ctrmc_MDdr               DR script to refresh Management Domain configuration",
    "0513-071 The ctcas Subsystem has been added.",
    "0513-071 The ctrmc Subsystem has been added.",
]


def test_before_repair_drm_inoperative_and_dcaps_zero():
    w = load_scenario("seed-lpar30")
    r = run(w, "lpar30", "lssrc -g rsct_rm")
    assert r.rc == 0
    assert " IBM.DRM          rsct_rm                       inoperative\n" in r.out
    assert " IBM.CSMAgentRM   rsct_rm          7274530      active\n" in r.out
    v = view(w, "lpar30")
    assert v.active and v.dcaps == 0


def test_whole_story_byte_for_byte():
    w = load_scenario("seed-lpar30")
    assert run(w, "lpar30", "/usr/sbin/rsct/bin/rmcctrl -z").out == ""
    a = run(w, "lpar30", "/usr/sbin/rsct/bin/rmcctrl -A")  # [I] output, as recfgct's last two lines
    assert a.rc == 0 and a.out.startswith("0513-071 The ctrmc Subsystem has been added.\n"
                                          "0513-059 The ctrmc Subsystem has been started. Subsystem PID is ")
    assert run(w, "lpar30", "/usr/sbin/rsct/bin/rmcctrl -p").rc == 0
    w.advance(600)
    assert view(w, "lpar30").dcaps == 0  # -z/-A/-p restarted DRM on the same damaged registry
    assert "IBM.DRM          rsct_rm                       inoperative" in run(w, "lpar30", "lssrc -g rsct_rm").out

    r = run(w, "lpar30", "/usr/sbin/rsct/install/bin/recfgct")
    assert r.rc == 0 and r.err == ""
    lines = r.out.splitlines()
    assert lines[:3] == RECFGCT_LINES and len(lines) == 4
    ctrmc_pid = w.host("lpar30").partition.os.subsystem("ctrmc").pid
    assert lines[3] == f"0513-059 The ctrmc Subsystem has been started. Subsystem PID is {ctrmc_pid}."

    w.advance(360)
    assert run(w, "lpar30", "lssrc -g rsct_rm").out == SEED_LSSRC
    assert run(w, "lpar30", 'lsrsrc "IBM.ManagementServer"').out == SEED_LSRSRC
    v = view(w, "lpar30")
    assert v.active and v.dcaps == 0xC5F and v.cmdcaps == (0x1B, 0x1B) and v.pinned_mem == 994


def test_recfgct_wipes_management_resources_until_the_next_poll():
    w = load_scenario("seed-lpar30")
    assert run(w, "lpar30", "lsrsrc IBM.ManagementServer").out == SEED_LSRSRC
    old = run(w, "lpar30", "lsnodeid").out
    run(w, "lpar30", "recfgct")
    assert run(w, "lpar30", "lsrsrc IBM.ManagementServer").out == \
        "Resource Persistent Attributes for IBM.ManagementServer\n"
    assert run(w, "lpar30", "lsnodeid").out != old
    assert run(w, "lpar30", "rmcdomainstatus -s ctrmc").out == ""


def test_recfgct_keep_and_given_node_id():
    w = load_scenario("seed-lpar30")
    old = run(w, "lpar30", "lsnodeid").out
    assert run(w, "lpar30", "/opt/rsct/install/bin/recfgct -s").rc == 0
    assert run(w, "lpar30", "lsnodeid").out == old
    assert run(w, "lpar30", "recfgct -i 0123456789abcdef").rc == 0
    assert run(w, "lpar30", "lsnodeid").out == "0123456789abcdef\n"
    bad = run(w, "lpar30", "recfgct -i xyz")
    assert bad.rc == 1 and bad.out == ""
    assert run(w, "lpar30", "lsnodeid").out == "0123456789abcdef\n"
