"""chsysstate and lsrefcode: asynchronous power transitions on the virtual clock, with conservation.

Expected texts: success prints nothing [V-client]; states Starting / Running / Open Firmware /
Shutting Down / Not Activated [V]; the delays, reference codes and error texts are [I]
(harness/world/power.py, harness/hmc/messages.py).
"""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS

M = f"-m {HEALTHY_SYS}"


def state(hmc, name: str) -> str:
    return hmc.run(f"lssyscfg -r lpar {M} --filter lpar_names={name} -F state").out.strip()


def rmc_state(hmc, name: str) -> str:
    return hmc.run(f"lssyscfg -r lpar {M} --filter lpar_names={name} -F rmc_state").out.strip()


def avail(hmc) -> tuple[int, str]:
    mem = int(hmc.run(f"lshwres -r mem --level sys {M} -F curr_avail_sys_mem").out)
    units = hmc.run(f"lshwres -r proc --level sys {M} -F curr_avail_sys_proc_units").out.strip()
    return mem, units


def test_shutdown_immed_then_on_moves_through_the_states_and_conserves_the_pool(healthy):
    before = avail(healthy)
    r = healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o shutdown --immed")
    assert (r.rc, r.out, r.err) == (0, "", "")
    assert state(healthy, "lpar1") == "Shutting Down"
    assert rmc_state(healthy, "lpar1") != "active"  # the OS went down at once
    healthy.world.advance(5)
    assert state(healthy, "lpar1") == "Not Activated"
    assert avail(healthy) == (before[0] + 4096, "14.5")  # lpar1 held 4096 MB and 0.5 units (vios1 holds 0.5)
    assert healthy.world.check_invariants() == []

    r = healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o on -f default_profile")
    assert (r.rc, r.out) == (0, "")
    assert state(healthy, "lpar1") == "Starting"
    assert avail(healthy) == before  # the hypervisor holds the profile's resources from Starting on
    healthy.world.advance(30)
    assert state(healthy, "lpar1") == "Running"
    assert rmc_state(healthy, "lpar1") != "active"  # RMC waits for the mgmt RM's next poll
    healthy.world.advance(430)
    assert rmc_state(healthy, "lpar1") == "active"
    assert healthy.world.check_invariants() == []
    # DLPAR works again once RMC is back
    assert healthy.run(f"chhwres -r mem {M} -o a -p lpar1 -q 256").rc == 0


def test_activation_takes_the_profile_values(healthy):
    healthy.run(f"chsysstate -r lpar {M} -n lpar2 -o shutdown --immed")
    healthy.world.advance(5)
    r = healthy.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=lpar2,desired_mem=2048'")
    assert (r.rc, r.out) == (0, "")
    assert healthy.run(f"chsysstate -r lpar {M} --id 2 -o on").rc == 0  # no -f: the current profile [I]
    healthy.world.advance(30)
    assert healthy.run(f"lshwres -r mem --level lpar {M} --filter lpar_ids=2 -F curr_mem").out == "2048\n"
    assert healthy.part("lpar2").os.online_mem_mb == 2048
    assert healthy.world.check_invariants() == []


def test_boot_mode_of_stops_at_open_firmware(healthy):
    healthy.run(f"chsysstate -r lpar {M} -n lpar3 -o shutdown --immed")
    healthy.world.advance(5)
    healthy.run(f"chsysstate -r lpar {M} -n lpar3 -o on -f default_profile -b of")
    healthy.world.advance(60)
    assert state(healthy, "lpar3") == "Open Firmware"
    assert healthy.run(f"lsrefcode -r lpar {M} --filter lpar_names=lpar3 -F refcode").out == "CA00E1DC\n"  # [I]


@pytest.mark.parametrize("how", ["-o shutdown --immed --restart", "-o dumprestart"])
def test_restart_comes_back_running(healthy, how):
    assert healthy.run(f"chsysstate -r lpar {M} -n lpar1 {how}").rc == 0
    healthy.world.advance(5)
    assert state(healthy, "lpar1") == "Starting"
    healthy.world.advance(30)
    assert state(healthy, "lpar1") == "Running"


def test_osshutdown_needs_rmc(hmc_for):
    hmc = hmc_for("network-down")
    r = hmc.run(f"chsysstate -r lpar {M} -n lpar2 -o osshutdown --immed")
    # [I] the DLPAR HSCL2957 text is assumed for an OS shutdown without RMC
    assert (r.rc, r.out) == (1, ("HSCL2957 There is currently no RMC connection between the management console "
                                "and partition 2, or the partition does not support dynamic partitioning "
                                "operations.\n"))
    assert state(hmc, "lpar2") == "Running"


def test_osshutdown_with_rmc_takes_the_os_down(healthy):
    assert healthy.run(f"chsysstate -r lpar {M} -n lpar2 -o osshutdown").rc == 0
    assert state(healthy, "lpar2") == "Shutting Down"
    healthy.world.advance(44)
    assert state(healthy, "lpar2") == "Shutting Down"
    healthy.world.advance(1)
    assert state(healthy, "lpar2") == "Not Activated"


@pytest.mark.parametrize("line,text", [
    ("-r lpar {M} -n nope -o on", "HSCL8012 The partition named nope was not found.\n"),  # [V-client code]
    ("-r lpar {M} -n lpar1 -o on", ("HSCL0DB1 The partition lpar1 cannot be activated because it is in the "
                                   "Running state.\n")),  # [I]
    ("-r lpar {M} -n lpar1 -o reboot", ("An invalid parameter value was entered.  The invalid value is reboot "
                                       "for the -o parameter.  Please correct your entry and retry the "
                                       "command.\n")),  # [I]
])
def test_errors(healthy, line, text):
    r = healthy.run("chsysstate " + line.format(M=M))
    assert (r.rc, r.out) == (1, text)
    assert state(healthy, "lpar1") == "Running"


def test_profile_not_found_and_not_enough_memory(healthy):
    healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o shutdown --immed")
    healthy.world.advance(5)
    r = healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o on -f nope")
    assert (r.rc, r.out) == (1, "HSCL8018 The partition profile named nope was not found.\n")  # [I]
    healthy.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=lpar1,max_mem=200000,desired_mem=200000'")
    r = healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o on")
    assert r.rc == 1 and r.out.startswith("HSCL1565 ")  # [I]
    assert state(healthy, "lpar1") == "Not Activated"
    assert healthy.world.check_invariants() == []


def test_system_off_and_on(healthy):
    assert healthy.run(f"chsysstate -r sys {M} -o off").rc == 0
    assert healthy.run(f"lssyscfg -r sys {M} -F state").out == "Power Off In Progress\n"
    assert {state(healthy, n) for n in ("lpar1", "lpar2", "lpar3")} == {"Not Activated"}
    healthy.world.advance(30)
    assert healthy.run(f"lssyscfg -r sys {M} -F state").out == "Power Off\n"
    assert healthy.run(f"chsysstate -r sys {M} -o on").rc == 0
    healthy.world.advance(60)
    assert healthy.run("lssyscfg -r sys -F name,state").out == f"{HEALTHY_SYS},Operating\n"
    assert healthy.run(f"chsysstate -r sys {M} -o rebuild").rc == 0
    assert healthy.world.check_invariants() == []


def test_lsrefcode_history_newest_first_with_a_space_delimiter(healthy):
    healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o shutdown --immed")
    healthy.world.advance(5)
    healthy.run(f"chsysstate -r lpar {M} -n lpar1 -o on")
    healthy.world.advance(30)
    r = healthy.run(f"lsrefcode -r lpar {M} --filter lpar_names=lpar1 -n 3 -F 'time_stamp refcode'")
    # [V] LKML transcript: a value holding the space delimiter is quoted; codes [I]
    assert r.out == ('"11/26/2026 09:00:35" \n'
                     '"11/26/2026 09:00:20" CA000040\n'
                     '"11/26/2026 09:00:05" C2001000\n')
    line = healthy.run(f"lsrefcode -r lpar {M} --filter lpar_ids=1").out
    assert line == ("lpar_name=lpar1,lpar_id=1,time_stamp=11/26/2026 09:00:35,refcode=,word2=,"
                    "fru_call_out_loc_codes=\n")
    assert healthy.run(f"lsrefcode -r sys {M} -s p -F refcode").out == "\n"
