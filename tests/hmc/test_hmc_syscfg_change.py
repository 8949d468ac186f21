"""mksyscfg / chsyscfg / rmsyscfg for partitions and profiles; the -i quoting rules."""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS

from harness.hmc.syscfg_change import parse_config

M = f"-m {HEALTHY_SYS}"
NEW = ("name=new1,profile_name=p1,lpar_env=aixlinux,min_mem=1024,desired_mem=2048,max_mem=4096,"
       "proc_mode=shared,min_proc_units=0.1,desired_proc_units=0.5,max_proc_units=1.0,min_procs=1,"
       "desired_procs=1,max_procs=2,sharing_mode=uncap,uncap_weight=128")


@pytest.mark.parametrize("data,parsed", [
    ("name=a,new_name=b", [("name", "=", "a"), ("new_name", "=", "b")]),
    # [V-client] op-test sends blanks after the commas
    ("name=L, vtpm_enabled=1", [("name", "=", "L"), ("vtpm_enabled", "=", "1")]),
    # [V] a quoted pair holds a list; doubled quotes wrap an element holding commas
    ('name=p,"virtual_eth_adapters=""2/0/1/3,4/0/1"",3/0/2//0/1"',
     [("name", "=", "p"), ("virtual_eth_adapters", "=", ["2/0/1/3,4/0/1", "3/0/2//0/1"])]),
    # [V-client rbvppc] += on a list
    ('name=p,lpar_name=l,"virtual_scsi_adapters+=5/client//vios1/12/0"',
     [("name", "=", "p"), ("lpar_name", "=", "l"), ("virtual_scsi_adapters", "+=", ["5/client//vios1/12/0"])]),
])
def test_parse_config(data, parsed):
    assert parse_config(data) == parsed


def test_mksyscfg_lpar_then_profile_listing_and_removal(healthy):
    r = healthy.run(f"mksyscfg -r lpar {M} -i '{NEW}'")
    assert (r.rc, r.out) == (0, "")
    r = healthy.run(f"lssyscfg -r lpar {M} --filter lpar_names=new1 -F name,lpar_id,state,default_profile,curr_profile")
    assert r.out == "new1,4,Not Activated,p1,\n"
    r = healthy.run(f'lssyscfg -r prof {M} --filter "lpar_names=new1,profile_names=p1"')
    assert r.out == (
        "name=p1,lpar_name=new1,lpar_id=4,lpar_env=aixlinux,all_resources=0,min_mem=1024,desired_mem=2048,"
        "max_mem=4096,min_num_huge_pages=0,desired_num_huge_pages=0,max_num_huge_pages=0,mem_mode=ded,"
        "mem_expansion=0.0,hpt_ratio=1:64,proc_mode=shared,min_proc_units=0.1,desired_proc_units=0.5,"
        "max_proc_units=1.0,min_procs=1,desired_procs=1,max_procs=2,sharing_mode=uncap,uncap_weight=128,"
        "shared_proc_pool_id=0,shared_proc_pool_name=DefaultPool,affinity_group_id=none,io_slots=none,"
        "lpar_io_pool_ids=none,max_virtual_slots=10,"
        '"virtual_serial_adapters=0/server/1/any//any/1,1/server/1/any//any/1",virtual_scsi_adapters=none,'
        "virtual_eth_adapters=none,vtpm_adapters=none,virtual_fc_adapters=none,hca_adapters=none,boot_mode=norm,"
        "conn_monitoring=0,auto_start=0,power_ctrl_lpar_ids=none,work_group_id=none,"
        "redundant_err_path_reporting=0,bsr_arrays=0,lpar_proc_compat_mode=default,"
        "electronic_err_reporting=null\n")  # [V shape] the POWER7 profile lines (POWER8 system, no HEA)
    # creating it takes nothing from the pool; activating it does
    before = healthy.system().avail_mem()
    assert healthy.run(f"chsysstate -r lpar {M} -n new1 -o on -f p1").rc == 0
    assert healthy.system().avail_mem() == before - 2048
    healthy.world.advance(60)
    assert healthy.run(f"lssyscfg -r lpar {M} --filter lpar_names=new1 -F state").out == "Open Firmware\n"  # no OS [I]
    r = healthy.run(f"rmsyscfg -r lpar {M} -n new1")
    assert (r.rc, r.out) == (1, ("HSCL1506 The partition new1 must be in the Not Activated state for this "
                                "operation.\n"))  # [I]
    healthy.run(f"chsysstate -r lpar {M} -n new1 -o shutdown --immed")
    healthy.world.advance(5)
    assert healthy.run(f"rmsyscfg -r lpar {M} -n new1").rc == 0
    assert healthy.run(f"lssyscfg -r lpar {M} -F name").out == "lpar1\nlpar2\nlpar3\nvios1\n"
    assert healthy.system().avail_mem() == before
    assert healthy.world.check_invariants() == []


def test_chsyscfg_rename_partition(healthy):
    # [V-client] rbvppc: chsyscfg -r lpar -m F -i 'name=a,new_name=b'
    assert healthy.run(f"chsyscfg -r lpar {M} -i 'name=lpar3,new_name=db01'").out == ""
    assert healthy.run(f"lssyscfg -r lpar {M} -F lpar_id,name --filter lpar_ids=3").out == "3,db01\n"
    assert healthy.world.host("lpar3").partition.name == "db01"  # the OS's SSH endpoint is unchanged
    r = healthy.run(f"chsyscfg -r lpar {M} -i 'name=lpar3,new_name=x'")
    assert (r.rc, r.out) == (1, "HSCL8012 The partition named lpar3 was not found.\n")  # [V-client code]
    r = healthy.run(f"chsyscfg -r lpar {M} -i 'name=db01,new_name=lpar1'")
    assert r.rc == 1 and r.out.startswith("HSCL1503 ")  # [I]


def test_chsyscfg_profile_quoted_lists_and_rename(healthy):
    line = (f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=lpar1,desired_mem=6144,"
            '"virtual_eth_adapters=""2/1/1/3,4/0/1"""\' --force')  # VLAN lists need IEEE 802.1Q
    assert healthy.run(line).rc == 0
    assert healthy.run(f"lssyscfg -r prof {M} --filter lpar_names=lpar1 -F desired_mem").out == "6144\n"
    assert healthy.part("lpar1").mem.cur == 4096  # the running partition is unchanged
    assert healthy.run(f"chsyscfg -r prof {M} -i name=default_profile,lpar_id=1,new_name=prod").rc == 0
    assert healthy.run(f"lssyscfg -r lpar {M} --filter lpar_ids=1 -F default_profile,curr_profile").out == "prod,prod\n"


@pytest.mark.parametrize("data,start", [
    ("name=default_profile,lpar_name=lpar1,min_mem=8192,desired_mem=4096", "HSCL1508 "),  # [I]
    ("name=default_profile,lpar_name=lpar1,bogus=1",
     "An invalid attribute was entered.  The invalid attribute is bogus."),  # [T] op-test comment
    ("name=default_profile,lpar_name=lpar1,virtual_eth_adapters=2/0/1/3,4/0/1",
     "The format of the configuration data is invalid."),  # [V-client] powervmtools
    ("name=default_profile,lpar_name=nope,desired_mem=1024", "HSCL8012 The partition named nope was not found."),
])
def test_chsyscfg_profile_errors_change_nothing(healthy, data, start):
    before = healthy.part("lpar1").profiles[0].to_dict()
    r = healthy.run(f"chsyscfg -r prof {M} -i '{data}'")
    assert r.rc == 1 and r.out.startswith(start)
    assert healthy.part("lpar1").profiles[0].to_dict() == before


def test_mksyscfg_prof_save_and_rmsyscfg_prof(healthy):
    # [V-client] op-test: mksyscfg -r prof -m S -o save -p L -n L_bck --force
    assert healthy.run(f"mksyscfg -r prof {M} -o save -p lpar2 -n lpar2_bck --force").rc == 0
    assert healthy.run(f"lssyscfg -r prof {M} --filter lpar_names=lpar2 -F name").out == "default_profile\nlpar2_bck\n"
    r = healthy.run(f"mksyscfg -r prof {M} -o save -p lpar2 -n lpar2_bck")
    assert r.rc == 1 and r.out.startswith("HSCL1505 ")  # [I]
    assert healthy.run(f"rmsyscfg -r prof {M} -n lpar2_bck -p lpar2").rc == 0
    r = healthy.run(f"rmsyscfg -r prof {M} -n default_profile --id 2")
    assert r.rc == 1 and r.out.startswith("HSCL1507 ")  # [I]


def test_mksyscfg_requires_name_profile_and_env(healthy):
    r = healthy.run(f"mksyscfg -r lpar {M} -i 'name=x,lpar_env=aixlinux'")
    assert (r.rc, r.out) == (1, ("HSCL1502 The profile_name attribute is required.  Please correct your entry "
                                "and retry the command.\n"))  # [I]
    r = healthy.run(f"mksyscfg -r lpar {M} -i 'name=lpar1,profile_name=p,lpar_env=aixlinux,all_resources=1'")
    assert r.rc == 1 and r.out.startswith("HSCL1503 ")
    # ansible's form: all_resources=1 without sizes [V-client]
    r = healthy.run(f'mksyscfg -r lpar {M} -i "name=big,lpar_env=aixlinux,all_resources=1,profile_name=default_profile"')
    assert r.rc == 0
    assert healthy.world.check_invariants() == []
