"""lshwres -r io | virtualio and chhwres -r io | virtualio: golden lines, DLPAR round trips, failures.

Golden shapes: the io slot line is reference 4.5 (v7_lshwres_r_io_rsubtype_slot.txt: attribute order,
``lpar_id=none`` and no ``lpar_name`` when unassigned, a feature-code list quoted whole); the virtualio
lines are reference 4.6 (eth/scsi/serial/slot attribute order, trunk_priority only on trunks, a VLAN
list quoted whole). Values (location codes, DRC indexes, PCI ids) are the model's deterministic
defaults (harness/world/io.py) [I]. HSCL2957 wording is messages.py's; HSCL2929 follows reference 5.
"""

from __future__ import annotations

import copy
import shlex

import pytest
from hmc_helpers import HEALTHY_SYS, REGISTRY

from harness.aix import build_registry as aix_registry
from harness.runtime.registries import registry_for
from harness.runtime.session import Session
from harness.shell import HMC_FLAVOUR, Shell
from harness.shell.command import CommandContext
from harness.world import drmgr, ioslots as io

M = f"-m {HEALTHY_SYS}"
UNIT = "U78C9.001.DQD2ABC"  # [I] enclosure of a POWER8 system unit + the serial's last four
AIX = aix_registry()

C1_UNASSIGNED = (f"unit_phys_loc={UNIT},bus_id=2,phys_loc=C1,drc_index=21010002,lpar_id=none,slot_io_pool_id=none,"
                 "description=PCI-E SAS Controller,feature_codes=5901,pci_vendor_id=1014,pci_device_id=0339,"
                 "pci_subs_vendor_id=1014,pci_subs_device_id=03BB,pci_class=0104,pci_revision_id=02,bus_grouping=0,"
                 f"iop=0,parent_slot_drc_index=none,drc_name={UNIT}-P1-C1,interposer_present=0,interposer_pcie=0")


def aix(world, host: str, line: str):
    argv = shlex.split(line)
    ctx = CommandContext(argv=argv, stdin="", env={}, session=Session(world, world.host(host), "root"))
    rc = AIX.lookup(argv[0]).fn(ctx)
    return rc, "".join(ctx.out), "".join(ctx.err)


def io_state(hmc) -> tuple:
    s = hmc.system()
    io.state(s)  # the default inventory is created on first use
    return (copy.deepcopy(s.io), {p.name: copy.deepcopy(p.os.device_attrs) for p in s.partitions.values() if p.os})


# ---- lshwres -r io ----------------------------------------------------------------------------------
def test_io_slot_unassigned_line_has_lpar_id_none_and_no_lpar_name(hmc_for):
    r = hmc_for("network-down").run(f"lshwres -r io --rsubtype slot {M}")  # an estate without a VIOS
    lines = r.out.splitlines()
    assert (r.rc, lines[0]) == (0, C1_UNASSIGNED)
    assert len(lines) == 6 and all("lpar_name=" not in line for line in lines)
    # a feature-code list with a comma is quoted whole [V]
    assert ',"feature_codes=5767,5768",' in lines[4]


def test_io_slot_assigned_line_names_the_partition(mixed):
    line = mixed("V7").run(f"lshwres -r io --rsubtype slot {M} --filter lpar_names=vios1").out.splitlines()[0]
    assert line.startswith(f"unit_phys_loc={UNIT},bus_id=2,phys_loc=C1,drc_index=21010002,lpar_name=vios1,"
                           "lpar_id=1,slot_io_pool_id=none,description=PCI-E SAS Controller,")


def test_io_slot_F_and_grep(healthy):
    r = healthy.run(f"lshwres -r io --rsubtype slot {M} -F drc_index,lpar_id,drc_name,bus_id")
    # the VIOS (id 10) owns the first two slots
    assert r.out.splitlines()[:3] == [f"21010002,10,{UNIT}-P1-C1,2", f"21010003,10,{UNIT}-P1-C2,3",
                                      f"21010004,none,{UNIT}-P1-C3,4"]
    r = healthy.run(f"lshwres -r io --rsubtype slot {M} -F lpar_name:drc_name:description --header")
    assert r.out.splitlines()[:4:3] == ["lpar_name:drc_name:description", f":{UNIT}-P1-C3:8 Gigabit PCI Express "
                                                                             "Dual Port Fibre Channel Adapter"]
    shell = Shell(registry_for("hmc"), HMC_FLAVOUR, healthy.session)
    out = shell.run(f"lshwres -r io --rsubtype slot {M} -F drc_index,lpar_id,drc_name | grep -i {UNIT.lower()}-p1-c3")
    assert (out.exit_code, out.stdout) == (0, f"21010004,none,{UNIT}-P1-C3\n")


def test_io_other_subtypes(healthy):
    assert healthy.run(f"lshwres -r io --rsubtype unit {M}").out == f"unit_phys_loc={UNIT}\n"
    assert healthy.run(f"lshwres -r io --rsubtype bus {M} -F bus_id").out.split() == ["2", "3", "4", "5", "6", "7"]
    assert healthy.run(f"lshwres -r io --rsubtype iopool {M}").out == "io_pools=none\n"
    assert healthy.run(f"lshwres -r io --rsubtype slotchildren {M}").out == "No results were found.\n"
    assert healthy.run(f"lshwres -r io --rsubtype slot {M} --filter buses=3 -F phys_loc").out == "C2\n"
    r = healthy.run(f"lshwres -r io --rsubtype slot {M} -F nosuch")
    assert r.rc == 1 and "The invalid attribute is nosuch." in r.out


# ---- lshwres -r virtualio ------------------------------------------------------------------------------
def test_virtualio_eth_scsi_serial_slot_lines(mixed):
    hmc = mixed("V7")
    mac = hmc.part("sh1").os.net.interfaces[0].mac.upper()
    eth = hmc.run(f"lshwres -r virtualio --rsubtype eth --level lpar {M} --filter lpar_names=sh1").out
    assert eth == (f"lpar_name=sh1,lpar_id=4,slot_num=2,state=1,is_required=0,is_trunk=0,ieee_virtual_eth=0,"
                   f"port_vlan_id=1,vswitch=ETHERNET0,addl_vlan_ids=,mac_addr={mac}\n")
    scsi = hmc.run(f"lshwres -r virtualio --rsubtype scsi --level lpar {M}").out.splitlines()
    assert ("lpar_name=sh1,lpar_id=4,slot_num=3,state=1,is_required=1,adapter_type=client,remote_lpar_id=1,"
            "remote_lpar_name=vios1,remote_slot_num=14") in scsi
    assert ("lpar_name=vios1,lpar_id=1,slot_num=14,state=1,is_required=0,adapter_type=server,remote_lpar_id=4,"
            "remote_lpar_name=sh1,remote_slot_num=3") in scsi
    assert ("lpar_name=off1,lpar_id=3,slot_num=3,state=0,is_required=1,adapter_type=client,remote_lpar_id=1,"
            "remote_lpar_name=vios1,remote_slot_num=13") in scsi
    serial = hmc.run(f"lshwres -r virtualio --rsubtype serial --level lpar {M} --filter lpar_ids=4").out
    assert serial.splitlines()[0] == ("lpar_name=sh1,lpar_id=4,slot_num=0,state=1,is_required=1,"
                                      "connect_status=unavailable,adapter_type=server,supports_hmc=1,"
                                      "remote_lpar_id=any,remote_lpar_name=,remote_slot_num=any")
    slot = hmc.run(f"lshwres -r virtualio --rsubtype slot --level lpar {M} --filter lpar_names=sh1").out
    assert slot == ("lpar_name=sh1,lpar_id=4,curr_max_virtual_slots=10,pend_max_virtual_slots=10,"
                    "next_avail_virtual_slot=4\n")


def test_virtualio_trunk_and_vlan_list_and_v8_fields(healthy):
    r = healthy.run(f'chhwres -r virtualio {M} -o a -p lpar1 --rsubtype eth -s 5 '
                    f'-a "ieee_virtual_eth=1,port_vlan_id=7,is_trunk=1,trunk_priority=2,\\"addl_vlan_ids=10,11\\""')
    assert (r.rc, r.out) == (0, "")
    line = healthy.run(f"lshwres -r virtualio --rsubtype eth --level lpar {M} --filter lpar_names=lpar1,slots=5").out
    assert line.startswith("lpar_name=lpar1,lpar_id=1,slot_num=5,state=1,is_required=0,is_trunk=1,trunk_priority=2,"
                           'ieee_virtual_eth=1,port_vlan_id=7,vswitch=ETHERNET0,"addl_vlan_ids=10,11",mac_addr=')
    assert line.endswith(",allowed_os_mac_addrs=all,qos_priority=none\n")  # V9 HMC
    assert healthy.run(f"lshwres -r virtualio --rsubtype eth --level lpar {M} --filter lpar_ids=2 "
                       f"-F slot_num,trunk_priority").out == "2,\n"


# ---- chhwres -r io ---------------------------------------------------------------------------------------
def test_io_add_remove_round_trip(healthy):
    w = healthy.world
    line = f"lshwres -r io --rsubtype slot {M} --filter slots=21010004 -F lpar_name,lpar_id"
    assert healthy.run(line).out == ",none\n"
    r = healthy.run(f"chhwres -r io --rsubtype slot {M} -o a --id 1 -l 21010004")
    assert (r.rc, r.out) == (0, "")
    assert healthy.run(line).out == "lpar1,1\n"
    assert healthy.run(f"lshwres -r io --rsubtype slot {M} --filter lpar_names=lpar1 -F drc_index").out == "21010004\n"
    rows = io.os_slots(healthy.system(), healthy.part("lpar1"), [])
    assert rows == [(f"{UNIT}-P1-C3", "Logical I/O Slot", "pci4 fcs14")]
    assert healthy.run(f"chhwres -r io {M} -o m -p lpar1 -t lpar2 -l 21010004 -w 0").rc == 0
    assert healthy.run(line).out == "lpar2,2\n"
    assert healthy.run(f"chhwres -r io --rsubtype slot {M} -o r --id 2 -l 21010004").rc == 0
    assert healthy.run(line).out == ",none\n"
    assert io.os_slots(healthy.system(), healthy.part("lpar2"), []) == []
    assert w.check_invariants() == []


def test_io_round_trip_shows_in_lsslot(healthy):
    w = healthy.world
    drc = f"{UNIT}-P1-C3"
    assert drc not in aix(w, "lpar1", "lsslot -c slot")[1]
    assert healthy.run(f"chhwres -r io {M} -o a -p lpar1 -l 21010004").rc == 0
    assert f"{drc:<25} Logical I/O Slot  pci4 fcs14" in aix(w, "lpar1", "lsslot -c slot")[1]
    assert healthy.run(f"chhwres -r io {M} -o r -p lpar1 -l 21010004").rc == 0
    assert drc not in aix(w, "lpar1", "lsslot -c slot")[1]
    # a virtual adapter the HMC adds shows too, and one it removes is gone
    assert healthy.run(f'chhwres -r virtualio {M} -o a -p lpar1 --rsubtype eth -s 6 -a "port_vlan_id=3"').rc == 0
    assert "U8286.42A.2112ABC-V1-C6   Virtual I/O Slot  ent1" in aix(w, "lpar1", "lsslot -c slot")[1]
    assert aix(w, "lpar1", "drmgr -c slot -r -s U8286.42A.2112ABC-V1-C3")[0] == 0  # the OS releases vscsi0
    assert healthy.run(f"chhwres -r virtualio {M} -o r -p lpar1 -s 3").rc == 0
    assert "-V1-C3 " not in aix(w, "lpar1", "lsslot -c slot")[1]


def test_io_without_rmc_is_hscl2957_and_changes_nothing(hmc_for):
    hmc = hmc_for("network-down")
    before = io_state(hmc)
    r = hmc.run(f"chhwres -r io --rsubtype slot {M} -o a --id 2 -l 21010004")
    assert r.rc == 1
    assert r.out == ("HSCL2957 There is currently no RMC connection between the management console and "
                     "partition 2, or the partition does not support dynamic partitioning operations.\n")
    assert hmc.run(f'chhwres -r virtualio {M} -o a --id 2 --rsubtype eth -a "port_vlan_id=3"').out.startswith(
        "HSCL2957 ")
    assert io_state(hmc) == before


def test_io_remove_vetoed_by_a_dlpar_script_is_hscl2929(healthy):
    assert healthy.run(f"chhwres -r io {M} -o a -p lpar1 -l 21010004").rc == 0
    drmgr.register(healthy.part("lpar1"), "/usr/local/dr/keepslot", resources=["slot"], veto_removal=True,
                   output="keepslot: the adapter carries the backup network", rc=255)
    before = io_state(healthy)
    r = healthy.run(f"chhwres -r io --rsubtype slot {M} -o r -p lpar1 -l 21010004")
    assert r.rc == 1
    assert r.out == ("HSCL2929 The dynamic removal of I/O resources failed: The I/O slot dynamic partitioning "
                     "operation failed.  Here are the I/O slot IDs that failed and the reasons for failure:\n"
                     "keepslot: the adapter carries the backup network\n"
                     f"{drmgr.SCRIPT_REFUSED}\n"
                     f"The OS return code is 255.  {UNIT}-P1-C3 (21010004)\n")
    assert io_state(healthy) == before
    assert healthy.run(f"chhwres -r io {M} -o m -p lpar1 -t lpar2 -l 21010004").out.startswith("HSCL2929 ")
    assert io_state(healthy) == before


def test_io_remove_of_a_busy_slot_is_hscl2929_unless_released(mixed):
    hmc = mixed("V9")
    before = io_state(hmc)
    r = hmc.run(f"chhwres -r io {M} -o r -p vios1 -l 21010002")
    assert r.rc == 1 and r.out.startswith("HSCL2929 ")
    assert "0514-062 Cannot perform the requested function because the" in r.out
    assert r.out.endswith(f"The OS return code is 1.  {UNIT}-P1-C1 (21010002)\n")
    assert io_state(hmc) == before


@pytest.mark.parametrize("line,start", [
    ("-o a -p lpar1 -l 2101FFFF", "HSCL2940 "),  # unknown slot
    ("-o r -p lpar1 -l 21010002", "HSCL2942 "),  # not lpar1's
    ("-o a -p nosuch -l 21010002", "HSCL8012 "),
    ("-o x -p lpar1 -l 21010002", "An invalid parameter value was entered."),
    ("-o a -p lpar1", "A required parameter was not entered.  The missing parameter is -l."),
    ("-o m -p lpar1 -l 21010002", "A required parameter was not entered.  The missing parameter is -t."),
])
def test_io_usage_and_model_errors(healthy, line, start):
    before = io_state(healthy)
    r = healthy.run(f"chhwres -r io {M} {line}")
    assert r.rc == 1 and r.out.startswith(start), r.out
    assert io_state(healthy) == before


def test_io_add_of_an_assigned_slot_is_refused(mixed):
    hmc = mixed("V9")
    r = hmc.run(f"chhwres -r io {M} -o a -p sh1 -l 21010002")
    assert r.rc == 1 and r.out.startswith("HSCL2941 The I/O slot 21010002 is assigned to partition vios1.")


# ---- chhwres -r virtualio --------------------------------------------------------------------------------
def test_virtualio_add_remove_round_trip(healthy):
    before = healthy.run(f"lshwres -r virtualio --rsubtype slot --level lpar {M} --filter lpar_names=lpar2 "
                         "-F next_avail_virtual_slot").out
    assert before == "4\n"
    r = healthy.run(f'chhwres -r virtualio {M} -o a -p lpar2 --rsubtype scsi -a "adapter_type=server"')
    assert (r.rc, r.out) == (0, "")
    assert healthy.run(f"lshwres -r virtualio --rsubtype scsi --level lpar {M} --filter lpar_names=lpar2,slots=4").out \
        == ("lpar_name=lpar2,lpar_id=2,slot_num=4,state=1,is_required=0,adapter_type=server,remote_lpar_id=any,"
            "remote_lpar_name=,remote_slot_num=any\n")
    assert healthy.run(f"chhwres -r virtualio {M} -o r -p lpar2 -s 4").rc == 0
    assert healthy.run(f"lshwres -r virtualio --rsubtype slot --level lpar {M} --filter lpar_names=lpar2 "
                       "-F next_avail_virtual_slot").out == "4\n"
    assert healthy.run(f'chhwres -r virtualio {M} -o a --id 2 --rsubtype serial -s 9 -a "adapter_type=server"').rc == 0
    assert "slot_num=9," in healthy.run(f"lshwres -r virtualio --rsubtype serial --level lpar {M} --filter lpar_ids=2").out


@pytest.mark.parametrize("line,start", [
    ('-o a -p lpar1 --rsubtype eth -s 2 -a "port_vlan_id=3"', "HSCL2944 "),  # slot taken
    ('-o a -p lpar1 --rsubtype eth -s 10 -a "port_vlan_id=3"', "HSCL2943 "),  # over max (10 slots)
    ('-o a -p lpar1 --rsubtype eth -s 5', "HSCL1502 The port_vlan_id attribute is required."),
    ('-o a -p lpar1 --rsubtype eth -a "port_vlan_id=5000"', "An invalid value was entered for the port_vlan_id"),
    ('-o a -p lpar1 --rsubtype eth -a "bogus=1"', "An invalid attribute was entered.  The invalid attribute is bogus."),
    ('-o a -p lpar1 --rsubtype scsi -a "adapter_type=client,remote_lpar_id=9,remote_slot_num=3"', "HSCL8013 "),
    ("-o r -p lpar1 -s 7", "HSCL2945 "),
    ("-o r -p lpar1", "A required parameter was not entered.  The missing parameter is -s."),
    ("-o r -p lpar1 -s 2", "HSCL294D Dynamic remove of virtual I/O resources failed"),  # ent0 carries en0
])
def test_virtualio_errors_change_nothing(healthy, line, start):
    before = io_state(healthy)
    r = healthy.run(f"chhwres -r virtualio {M} {line}")
    assert r.rc == 1 and r.out.startswith(start), r.out
    assert io_state(healthy) == before


def test_virtualio_remove_of_a_released_default_slot(healthy):
    """The OS gave vscsi0 up (drmgr -c slot -r): the HMC removal then succeeds and the slot is gone."""
    w = healthy.world
    drc = "U8286.42A.2112ABC-V1-C3"
    assert aix(w, "lpar1", f"drmgr -c slot -r -s {drc}")[0] == 0
    assert healthy.run(f"chhwres -r virtualio {M} -o r -p lpar1 --rsubtype scsi -s 3").rc == 0
    assert healthy.run(f"lshwres -r virtualio --rsubtype scsi --level lpar {M} --filter lpar_ids=1").out \
        == "No results were found.\n"
    assert io.os_slots(healthy.system(), healthy.part("lpar1"), [(drc, "Virtual I/O Slot", "Empty")]) == []


# ---- snapshots and garbage ---------------------------------------------------------------------------
def test_world_dump_round_trip_keeps_io_and_old_dumps_load(healthy):
    from harness.world.world import World

    assert healthy.run(f"chhwres -r io {M} -o a -p lpar1 -l 21010004").rc == 0
    data = healthy.world.to_dict()
    again = World.from_dict(data)
    assert io.slot_by_drc(again.systems[HEALTHY_SYS], "21010004")["lpar_id"] == 1
    for s in data["systems"]:
        s.pop("io")
    old = World.from_dict(data)
    assert io.slot_by_drc(old.systems[HEALTHY_SYS], "21010004")["lpar_id"] is None


@pytest.mark.parametrize("argv", [
    ["lshwres", "-r", "io"], ["lshwres", "-r", "io", "--rsubtype", "nosuch", "-m", HEALTHY_SYS],
    ["lshwres", "-r", "virtualio", "--rsubtype", "eth", "--level", "pool", "-m", HEALTHY_SYS],
    ["lshwres", "-r", "virtualio", "--rsubtype", "slot", "-m", HEALTHY_SYS, "--filter", '"'],
    ["chhwres", "-r", "io", "-m", HEALTHY_SYS, "-o", "a", "-p", "lpar1", "-l", "\x00é"],
    ["chhwres", "-r", "virtualio", "-m", HEALTHY_SYS, "-o", "a", "-p", "lpar1", "--rsubtype", "eth", "-a", '"'],
    ["chhwres", "-r", "virtualio", "-m", HEALTHY_SYS, "-o", "r", "-p", "lpar1", "-s", "-1"],
    ["chhwres", "-r", "virtualio", "-m", HEALTHY_SYS, "-o", "a", "-p", "lpar1", "--rsubtype", "fc", "-a",
     "adapter_type=client,remote_lpar_id=,remote_slot_num=x"],
])
def test_garbage_argv_never_raises(healthy, argv):
    before = io_state(healthy)
    spec = REGISTRY.lookup(argv[0])
    ctx = CommandContext(argv=argv, stdin="", env={}, session=healthy.session)
    rc = spec.fn(ctx)
    out = "".join(ctx.out)
    assert rc == 1 and "HSCL0001" not in out and "Traceback" not in out, out
    assert io_state(healthy) == before
