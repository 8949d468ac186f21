"""Profiles hold adapters, slots, max_virtual_slots and boot mode: mksyscfg/chsyscfg -r prof store them,
-o save saves the running configuration, activation gives them to the partition (lshwres agrees)."""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS

M = f"-m {HEALTHY_SYS}"

# a profile for off1 (Not Activated) of the `mixed` estate; vios1 is partition 1
P2 = ("name=p2,lpar_name=off1,min_mem=1024,desired_mem=2048,max_mem=4096,proc_mode=shared,min_proc_units=0.1,"
      "desired_proc_units=0.2,max_proc_units=1.0,min_procs=1,desired_procs=1,max_procs=2,sharing_mode=cap,"
      "max_virtual_slots=20,boot_mode=sms,"
      '"virtual_eth_adapters=""2/1/1/10,20/0/1"",5/0/30//0/0",'
      '"virtual_scsi_adapters=3/client/1/vios1/13/1",'
      '"virtual_fc_adapters=""6/client/1/vios1/16/c0507604ab120010,c0507604ab120011/1""",'
      '"io_slots=21010004/none/1"')


def prof_line(hmc, lpar: str, prof: str) -> str:
    return hmc.run(f'lssyscfg -r prof {M} --filter "lpar_names={lpar},profile_names={prof}"').out


def test_mksyscfg_prof_stores_every_list_with_the_nested_quoting(mixed):
    hmc = mixed()
    r = hmc.run(f"mksyscfg -r prof {M} -i '{P2}'")
    assert (r.rc, r.out) == (0, "")
    line = prof_line(hmc, "off1", "p2")
    # [V shapes] ziutus/Veritas profile lines; the POWER8 eth elements carry vswitch//all/none
    assert (",sharing_mode=cap,uncap_weight=0,shared_proc_pool_id=0,shared_proc_pool_name=DefaultPool,"
            "affinity_group_id=none,io_slots=21010004/none/1,lpar_io_pool_ids=none,max_virtual_slots=20,"
            '"virtual_serial_adapters=0/server/1/any//any/1,1/server/1/any//any/1",'
            "virtual_scsi_adapters=3/client/1/vios1/13/1,"
            '"virtual_eth_adapters=""2/1/1/10,20/0/1/ETHERNET0//all/none"",5/0/30//0/0/ETHERNET0//all/none",'
            'vtpm_adapters=none,"virtual_fc_adapters=""6/client/1/vios1/16/c0507604ab120010,c0507604ab120011/1""",'
            "hca_adapters=none,boot_mode=sms,") in line
    # [V] the kfsolutions/Veritas POWER7 lines end so (no lhea_* fields on a POWER8: no HEA)
    assert line.endswith(",bsr_arrays=0,lpar_proc_compat_mode=default,electronic_err_reporting=null\n")
    assert ",mem_mode=ded,mem_expansion=0.0,hpt_ratio=1:64," in line
    r = hmc.run(f'lssyscfg -r prof {M} --filter "lpar_names=off1,profile_names=p2" -F virtual_scsi_adapters,boot_mode')
    assert r.out == "3/client/1/vios1/13/1,sms\n"


def test_activating_the_profile_gives_the_partition_its_adapters(mixed):
    hmc = mixed()
    assert hmc.run(f"mksyscfg -r prof {M} -i '{P2}'").rc == 0
    assert hmc.run(f"chsysstate -r lpar {M} -n off1 -o on -f p2").out == ""
    hmc.world.advance(60)
    r = hmc.run(f"lssyscfg -r lpar {M} --filter lpar_names=off1 -F state,curr_profile,boot_mode")
    assert r.out == "Open Firmware,p2,sms\n"  # sms stops at the firmware prompt
    eth = hmc.run(f"lshwres -r virtualio {M} --rsubtype eth --level lpar --filter lpar_names=off1 "
                  "-F slot_num,ieee_virtual_eth,port_vlan_id,addl_vlan_ids,vswitch").out
    assert eth == '2,1,1,"10,20",ETHERNET0\n5,0,30,,ETHERNET0\n'
    scsi = hmc.run(f"lshwres -r virtualio {M} --rsubtype scsi --level lpar --filter lpar_names=off1 "
                   "-F slot_num,adapter_type,remote_lpar_id,remote_lpar_name,remote_slot_num").out
    assert scsi == "3,client,1,vios1,13\n"
    fc = hmc.run(f"lshwres -r virtualio {M} --rsubtype fc --level lpar --filter lpar_names=off1 "
                 "-F slot_num,remote_slot_num,wwpns").out
    assert fc == '6,16,"c0507604ab120010,c0507604ab120011"\n'
    slot = hmc.run(f"lshwres -r io --rsubtype slot {M} -F drc_index,lpar_name").out
    assert "21010004,off1\n" in slot
    r = hmc.run(f"lshwres -r virtualio {M} --rsubtype slot --level lpar --filter lpar_names=off1 "
                "-F curr_max_virtual_slots")
    assert r.out == "20\n"
    assert hmc.world.check_invariants() == []


def test_chsyscfg_prof_adds_and_removes_list_elements(mixed):
    hmc = mixed()
    before = prof_line(hmc, "sh1", "default_profile")
    assert "virtual_eth_adapters=2/0/1//0/0/ETHERNET0//all/none," in before  # its running en0
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,"
                '"virtual_eth_adapters+=""7/1/7/70,71/0/0"""\'')
    assert (r.rc, r.out) == (0, "")
    line = prof_line(hmc, "sh1", "default_profile")
    assert ('"virtual_eth_adapters=2/0/1//0/0/ETHERNET0//all/none,""7/1/7/70,71/0/0/ETHERNET0//all/none"""'
            in line)
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,virtual_eth_adapters-=2/0/1//0/0'")
    assert (r.rc, r.out) == (0, "")
    line = prof_line(hmc, "sh1", "default_profile")
    assert '"virtual_eth_adapters=""7/1/7/70,71/0/0/ETHERNET0//all/none"""' in line
    # the running partition is unchanged until it is activated with the profile
    eth = hmc.run(f"lshwres -r virtualio {M} --rsubtype eth --level lpar --filter lpar_names=sh1 -F slot_num").out
    assert eth == "2\n"
    assert hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,max_virtual_slots=30,"
                   "boot_mode=sms'").rc == 0
    r = hmc.run(f"lssyscfg -r prof {M} --filter lpar_names=sh1 -F max_virtual_slots,boot_mode")
    assert r.out == "30,sms\n"


@pytest.mark.parametrize("data,start", [
    ('"virtual_eth_adapters+=2/0/5//0/0"', "HSCL2944 Virtual slot 2 of partition sh1 is already in use."),
    ('virtual_scsi_adapters=12/client/9/nope/3/1', "HSCL8013 "),
    ('virtual_eth_adapters=x/0/5//0/0', "An invalid value was entered for the virtual_eth_adapters attribute."),
    ('virtual_eth_adapters=40/0/5//0/0', "HSCL2943 The virtual slot number 40 is not valid for partition sh1."),
    ('io_slots=21019999/none/1', "HSCL2940 "),
    ('boot_mode=fast', "An invalid value was entered for the boot_mode attribute."),
    ('lpar_io_pool_ids=x', "An invalid value was entered for the lpar_io_pool_ids attribute."),
])
def test_bad_profile_lists_are_refused_and_change_nothing(mixed, data, start):
    hmc = mixed()
    before = prof_line(hmc, "sh1", "default_profile")
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,desired_mem=1024,{data}'")
    assert r.rc == 1 and r.out.startswith(start), r.out
    assert prof_line(hmc, "sh1", "default_profile") == before


def test_save_keeps_the_running_adapters_and_needs_force_to_overwrite(mixed):
    hmc = mixed()
    hmc.world.advance(600)  # RMC up everywhere
    r = hmc.run(f'chhwres -r virtualio {M} -o a -p sh1 --rsubtype eth -s 7 -a "port_vlan_id=7"')
    assert (r.rc, r.out) == (0, "")
    assert "7/0/7//0/0" not in prof_line(hmc, "sh1", "default_profile")  # DLPAR leaves profiles alone
    assert hmc.run(f"mksyscfg -r prof {M} -o save -p sh1 -n saved").out == ""
    line = prof_line(hmc, "sh1", "saved")
    assert '"virtual_eth_adapters=2/0/1//0/0/ETHERNET0//all/none,7/0/7//0/0/ETHERNET0//all/none"' in line
    assert "virtual_scsi_adapters=3/client/1/vios1/14/1," in line  # its disk adapter on vios1 [model]
    r = hmc.run(f"mksyscfg -r prof {M} -o save -p sh1 -n default_profile")
    assert r.rc == 1 and r.out.startswith("HSCL1505 ")
    assert hmc.run(f"mksyscfg -r prof {M} -o save -p sh1 -n default_profile --force").rc == 0
    assert "7/0/7//0/0/ETHERNET0//all/none" in prof_line(hmc, "sh1", "default_profile")


def test_vios_profile_keeps_boot_mode_and_drops_huge_pages(mixed):
    line = prof_line(mixed(), "vios1", "default_profile")
    # [V] ziutus vios2 profile: no *_num_huge_pages, boot_mode=norm
    assert "huge_pages" not in line and ",boot_mode=norm," in line
    assert "virtual_scsi_adapters=" in line and "/server/" in line


def test_mksyscfg_lpar_takes_the_lists_into_its_first_profile(mixed):
    hmc = mixed()
    r = hmc.run(f"mksyscfg -r lpar {M} -i 'name=new1,profile_name=p1,lpar_env=aixlinux,min_mem=1024,"
                "desired_mem=1024,max_mem=2048,proc_mode=shared,min_proc_units=0.1,desired_proc_units=0.1,"
                "max_proc_units=1.0,min_procs=1,desired_procs=1,max_procs=1,sharing_mode=uncap,uncap_weight=64,"
                '"virtual_eth_adapters=4/0/1//0/1",virtual_scsi_adapters=5/client/1/vios1/25/1\'')
    assert (r.rc, r.out) == (0, "")
    r = hmc.run(f"lssyscfg -r prof {M} --filter lpar_names=new1 -F virtual_eth_adapters,virtual_scsi_adapters,"
                "max_virtual_slots")
    assert r.out == "4/0/1//0/1/ETHERNET0//all/none,5/client/1/vios1/25/1,10\n"


# ---- settings: held and listed back, or refused -----------------------------------------------------
def test_profile_settings_are_held_and_the_compat_mode_follows_activation(mixed):
    hmc = mixed()
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=off1,lpar_proc_compat_mode=POWER7,"
                "conn_monitoring=1,desired_num_huge_pages=2,mem_expansion=1.5,affinity_group_id=3'")
    assert (r.rc, r.out) == (0, "")
    r = hmc.run(f"lssyscfg -r prof {M} --filter lpar_names=off1 -F lpar_proc_compat_mode,conn_monitoring,"
                "desired_num_huge_pages,mem_expansion,affinity_group_id,shared_proc_pool_name")
    assert r.out == "POWER7,1,2,1.5,3,DefaultPool\n"
    assert ",conn_monitoring=1," in prof_line(hmc, "off1", "default_profile")
    assert hmc.run(f"chsysstate -r lpar {M} -n off1 -o on").rc == 0
    r = hmc.run(f"lssyscfg -r lpar {M} --filter lpar_names=off1 -F desired_lpar_proc_compat_mode,"
                "curr_lpar_proc_compat_mode")
    assert r.out == "POWER7,POWER7\n"


@pytest.mark.parametrize("data,name", [
    ("mem_mode=shared", "mem_mode"),  # [I] AMS is not modelled: refused rather than forgotten
    ("lpar_proc_compat_mode=POWER9", "lpar_proc_compat_mode"),  # a POWER8 cannot run POWER9 mode
    ("lhea_logical_ports=23000000/2/1/1", "lhea_logical_ports"),
    ("shared_proc_pool_name=pool9", "shared_proc_pool_name"),
])
def test_settings_the_model_cannot_hold_are_refused(mixed, data, name):
    hmc = mixed()
    before = prof_line(hmc, "off1", "default_profile")
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=off1,{data}'")
    assert (r.rc, r.out.split("  ")[0]) == (1, f"An invalid value was entered for the {name} attribute.")
    assert prof_line(hmc, "off1", "default_profile") == before


def test_chsyscfg_lpar_settings_show_and_read_only_ones_are_refused(mixed):
    hmc = mixed()
    r = hmc.run(f"chsyscfg -r lpar {M} -i 'name=sh1,lpar_avail_priority=200,allow_perf_collection=1,"
                "simplified_remote_restart_capable=0'")
    assert (r.rc, r.out) == (0, "")
    r = hmc.run(f"lssyscfg -r lpar {M} --filter lpar_names=sh1 -F lpar_avail_priority,allow_perf_collection,"
                "simplified_remote_restart_capable,remote_restart_status")
    assert r.out == "200,1,0,null\n"
    r = hmc.run(f"chsyscfg -r lpar {M} -i 'name=sh1,rmc_state=active'")
    assert r.rc == 1 and "The invalid attribute is rmc_state." in r.out
    r = hmc.run(f"chsyscfg -r lpar {M} -i 'name=sh1,lpar_avail_priority=300'")
    assert r.rc == 1 and "lpar_avail_priority" in r.out


def test_activation_gives_exactly_the_profiles_physical_slots(mixed):
    hmc = mixed()
    hmc.world.advance(600)
    assert hmc.run(f"chhwres -r io {M} -o a -p sh1 -l 21010005").rc == 0  # a DLPAR-added slot
    assert "21010005,sh1\n" in hmc.run(f"lshwres -r io --rsubtype slot {M} -F drc_index,lpar_name").out
    r = hmc.run(f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,io_slots=21010006/none/0'")
    assert (r.rc, r.out) == (0, "")
    hmc.run(f"chsysstate -r lpar {M} -n sh1 -o shutdown --immed")
    hmc.world.advance(10)
    assert hmc.run(f"chsysstate -r lpar {M} -n sh1 -o on -f default_profile").rc == 0
    slots = hmc.run(f"lshwres -r io --rsubtype slot {M} -F drc_index,lpar_id").out.splitlines()
    assert "21010005,none" in slots and "21010006,4" in slots


def test_io_pool_ids_are_numbers_kept_as_a_list(mixed):
    # make mutate survivor (harness/world sample 8 seed 5): profile_io.py's digit check
    hmc = mixed()
    line = f'lssyscfg -r prof {M} --filter "lpar_names=sh1" -F lpar_io_pool_ids'
    assert hmc.run(line).out == "none\n"
    change = f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=sh1,{{}}'"
    assert hmc.run(change.format("lpar_io_pool_ids=3")).rc == 0
    assert hmc.run(line).out == "3\n"
    assert hmc.run(change.format('"lpar_io_pool_ids=3,7"')).rc == 0
    assert hmc.run(line).out == '"3,7"\n'
    assert hmc.run(change.format("lpar_io_pool_ids=none")).rc == 0
    assert hmc.run(line).out == "none\n"
