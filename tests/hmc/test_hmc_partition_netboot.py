"""lpar_netboot: adapter discovery (-M -n) and a network boot, with the states and reference codes the
partition passes through on the virtual clock."""

from __future__ import annotations

from hmc_helpers import HEALTHY_SYS

M = HEALTHY_SYS


def state(hmc, lpar: str) -> str:
    return hmc.run(f"lssyscfg -r lpar -m {M} -F state --filter lpar_names={lpar}").out.strip()


def refcode(hmc, lpar: str) -> str:
    return hmc.run(f"lsrefcode -r lpar -m {M} --filter lpar_names={lpar} -F refcode").out.strip()


def test_discovery_prints_the_captured_lines_and_powers_off_again(healthy):
    part = healthy.part("lpar2")
    mac = next(i.mac for i in part.os.net.interfaces).replace(":", "").lower()
    r = healthy.run(f"lpar_netboot -M -n -f -t ent lpar2 default_profile {M}")
    assert r.rc == 0
    # [V] ansible capture of `lpar_netboot -M -n -f -t ent ...` (V9-era HMC)
    assert r.out == ("# Connecting to lpar2.\n# Connected\n# Checking for power off.\n# Power off complete.\n"
                     "# Power on lpar2 to Open Firmware.\n# Power on complete.\n# Getting adapter location codes.\n"
                     "# Type\t Location Code\t MAC Address\t Full Path Name\t Ping Result\t Device Type\n"
                     f"ent U8286.42A.2112ABC-V2-C2-T1 {mac} /vdevice/l-lan@30000002 n/a virtual\n")
    assert (state(healthy, "lpar2"), refcode(healthy, "lpar2")) == ("Starting", "C2001000")
    healthy.world.advance(30)
    assert (state(healthy, "lpar2"), refcode(healthy, "lpar2")) == ("Open Firmware", "CA00E1DC")
    healthy.world.advance(20)
    assert state(healthy, "lpar2") == "Not Activated"
    history = healthy.run(f"lsrefcode -r lpar -m {M} --filter lpar_names=lpar2 -n 5 -F refcode").out.split()
    assert history[:4] == ["00000000", "CA00E1DC", "CA000040", "C2001000"]


def test_v7_discovery_has_no_ping_or_device_type_column(mixed):
    r = mixed("V7").run(f"lpar_netboot -M -n -t ent sh1 default_profile {M}")
    lines = r.out.splitlines()
    # [V] xCAT's comment of an older HMC's output
    assert lines[-2] == "# Type\t Location Code\t MAC Address\t Full Path Name\tPing Result"
    assert lines[-1].startswith("ent U8286.42A.2112ABC-V4-C2-T1 ") and lines[-1].endswith(" /vdevice/l-lan@30000002")


def test_network_boot_passes_through_the_firmware_codes_to_running(healthy):
    r = healthy.run(f"lpar_netboot -t ent -D -S 10.1.1.1 -G 10.1.1.254 -C 10.1.1.20 -K 255.255.255.0 "
                    f"lpar3 default_profile {M}")
    assert r.rc == 0
    # [V] a NIM walkthrough's lines
    assert r.out.endswith("# Client IP address is 10.1.1.20.\n# Server IP address is 10.1.1.1.\n"
                          "# Gateway IP address is 10.1.1.254.\n# Subnetmask IP address is 255.255.255.0.\n"
                          "# Getting adapter location codes.\n# /vdevice/l-lan@30000002 ping successful.\n"
                          "# Network booting install adapter.\n# bootp sent over network.\n"
                          "# Network boot proceeding, lpar_netboot is exiting.\n# Finished.\n")
    seen = []
    for _ in range(16):
        healthy.world.advance(5)
        seen.append((state(healthy, "lpar3"), refcode(healthy, "lpar3")))
    steps = [s for i, s in enumerate(seen) if i == 0 or s != seen[i - 1]]
    assert steps == [("Starting", "C2001000"), ("Starting", "CA000040"), ("Open Firmware", "CA00E1DC"),
                     ("Open Firmware", "CA00E174"),
                     ("Open Firmware", "CA00E175"), ("Open Firmware", "CA00E177"), ("Running", "")]
    assert healthy.world.check_invariants() == []


def test_errors(healthy):
    r = healthy.run(f"lpar_netboot -M -n -t ent nope default_profile {M}")
    assert (r.rc, r.out) == (1, "HSCL8012 The partition named nope was not found.\n")
    r = healthy.run(f"lpar_netboot -M -n -t ent lpar1 noprof {M}")
    assert r.rc == 1 and r.out.startswith("HSCL8018 ")
    assert state(healthy, "lpar1") == "Running"  # refused before anything changed
    assert healthy.run(f"lpar_netboot -M -n lpar1 default_profile {M}").rc == 1  # -t is required
    r = healthy.run(f"lpar_netboot -t ent -m 0123456789ab lpar1 default_profile {M}")
    assert r.rc == 1 and r.out.endswith("# Unable to find a network adapter to boot from.\n")
    assert state(healthy, "lpar1") == "Not Activated"
