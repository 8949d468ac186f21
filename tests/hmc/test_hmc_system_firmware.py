"""Firmware levels (lslic) moved by updlic on the virtual clock: retrieve -> install (the installed
level moves) -> activate (the activated level moves; concurrent: the system stays Operating and the
platform IPL level stays); a disruptive level power-cycles the system through its real states and
the IPL activates it; accept copies the running level to the p-side; reject copies it back.
Durations are [I] (harness/world/firmware.py); the tests step the clock by those constants."""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS
from hmc_parse import attr_records

from harness.world import firmware as fw

M = f"-m {HEALTHY_SYS}"
LEVELS = "activated_level,installed_level,accepted_level,platform_ipl_level"


def levels(h) -> str:
    return h.run(f"lslic -t sys {M} -F {LEVELS}").out.strip()


def test_lslic_lists_the_system_levels_by_its_processor(healthy):
    rec = attr_records(healthy.run(f"lslic -t sys {M}").out)[0]
    assert rec["ecnumber"] == "01SV860" and rec["mtms"] == "8286-42A*2112ABC"  # a POWER8 scale-out system
    assert (rec["activated_level"], rec["activated_spname"]) == ("205", "FW860.81")
    assert rec["accepted_level"] == rec["perm_level_primary"] == "180"
    # [V-client] ansible's query
    assert healthy.run(f"lslic {M} -F activated_spname,activated_level,ecnumber").out == "FW860.81,205,01SV860\n"


def test_a_concurrent_update_moves_the_levels_on_the_clock(healthy):
    h = healthy
    r = h.run(f"updlic -o a -t sys -l latestconcurrent -r ibmwebsite {M}")
    assert (r.rc, r.out) == (0, "")
    assert levels(h) == "205,205,180,205"
    h.world.advance(fw.RETRIEVE_SECONDS + 1)
    assert levels(h) == "205,205,180,205"  # still installing
    r = h.run(f"updlic -o a -t sys -l latest -r disk {M}")
    assert r.rc == 1 and r.out.startswith("HSCF0182")  # one update at a time [I code]
    h.world.advance(fw.INSTALL_SECONDS)
    assert levels(h) == "205,215,180,205"  # the t-side holds the new level
    assert h.run(f"lssyscfg -r sys {M} -F state").out == "Operating\n"
    h.world.advance(fw.ACTIVATE_SECONDS)
    assert levels(h) == "215,215,180,205"  # concurrent: the platform IPL level stays [V]
    assert h.run(f"lssyscfg -r lpar {M} -F state").out == "Running\n" * 4  # lpar1-3 and vios1
    assert h.run(f"updlic -o c -t sys {M}").rc == 0
    h.world.advance(fw.ACCEPT_SECONDS)
    assert levels(h) == "215,215,215,205"


def test_a_disruptive_update_power_cycles_the_system(healthy):
    h = healthy
    assert h.run(f"updlic -o a -t sys -l latest -r ibmwebsite {M}").rc == 0
    h.world.advance(fw.RETRIEVE_SECONDS + fw.INSTALL_SECONDS + 1)
    assert h.run(f"lssyscfg -r sys {M} -F state").out == "Power Off In Progress\n"
    assert h.run(f"lssyscfg -r lpar {M} -F state").out == "Not Activated\n" * 4
    seen = set()
    for _ in range(20):
        h.world.advance(10)
        seen.add(h.run(f"lssyscfg -r sys {M} -F state").out.strip())
    assert {"Initializing", "Operating"} <= seen  # [I] a restart goes straight from Power Off to Initializing
    h.world.advance(300)
    assert levels(h) == "226,226,180,226"  # the IPL ran the new level


def test_install_only_activates_at_the_next_power_on_and_reject_goes_back(healthy):
    h = healthy
    assert h.run(f"updlic -o i -t sys -l 215 -r disk {M}").rc == 0
    h.world.advance(fw.RETRIEVE_SECONDS + fw.INSTALL_SECONDS + 1)
    assert levels(h) == "205,215,180,205"
    assert h.run(f"updlic -o k -t sys {M}").rc == 0  # reject: the p-side back onto the t-side
    h.world.advance(fw.REJECT_SECONDS)
    assert levels(h) == "205,180,180,205"
    h.run(f"chsysstate -r sys {M} -o off --immed")
    h.world.advance(60)
    h.run(f"chsysstate -r sys {M} -o on")
    h.world.advance(120)
    assert levels(h) == "180,180,180,180"


@pytest.mark.parametrize("cmd, code", [
    ("updlic -o a -t sys -l 999 -r ibmwebsite", "HSCF0180"),
    ("updlic -o a -t sys -l 180 -r ibmwebsite", "HSCF0181"),
    ("updlic -o a -t power -l latest -r ibmwebsite", "HSCF0184"),
    ("lslic -t power", "HSCF0184"),
    ("updlic -o a -t sys -r ibmwebsite", "A required parameter was not entered.  The missing parameter is -l."),
    ("updlic -o a -t sys -l latest -r gopher", "The invalid value is gopher for the -r parameter."),
    ("updlic -o z -t sys", "The invalid value is z for the -o parameter."),
])
def test_updlic_errors_change_nothing(healthy, cmd, code):
    before = levels(healthy)
    r = healthy.run(f"{cmd} {M}")
    assert r.rc == 1 and code in r.out, r.out
    healthy.world.advance(3600)
    assert levels(healthy) == before


def test_a_pre_power8_system_has_its_own_stream(seed):
    sys_name = next(iter(seed.world.systems))
    out = seed.run(f"lslic -m {sys_name} -F ecnumber,activated_spname").out
    assert out == "01AL770,AL770_063\n"  # POWER7 9117-MMB [I levels; V EC format]


def test_installed_level_activated_disruptively_and_update_control(healthy):
    h = healthy
    assert h.run(f"updlic -o i -l 215 -r dvd {M}").rc == 0  # -t left out: the system's code [I]
    h.world.advance(fw.RETRIEVE_SECONDS + fw.INSTALL_SECONDS + 1)
    assert levels(h) == "205,215,180,205"
    assert h.run(f"updlic -o d -t sys {M}").rc == 0  # [V] disruptive activation
    assert h.run(f"lssyscfg -r sys {M} -F state").out == "Power Off In Progress\n"
    h.world.advance(300)
    assert levels(h) == "215,215,180,215"
    assert h.run(f"updlic -o d -t sys {M}").out.startswith("HSCF0181")  # nothing left to activate
    assert h.run(f"updlic -o o {M}").rc == 0
    assert h.run(f"lslic {M} -F update_control").out == "Operating System\n"  # [V value]
    assert h.run(f"updlic -o h {M}").rc == 0
    assert h.run(f"lslic {M} -F update_control").out == "HMC\n"
