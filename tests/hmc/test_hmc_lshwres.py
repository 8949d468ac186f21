"""lshwres -r mem | proc --level lpar | sys."""

from __future__ import annotations

from hmc_helpers import HEALTHY_SYS, SEED_SYS

from harness.hmc.attributes import MEM_SYS, PROC_LPAR_DED, PROC_LPAR_SHARED, PROC_SYS

M = f"-m {HEALTHY_SYS}"


def test_mem_lpar_line(seed):
    r = seed.run(f"lshwres -r mem --level lpar -m {SEED_SYS} --filter lpar_names=lpar30")
    assert r.out == (
        "lpar_name=lpar30,lpar_id=24,curr_min_mem=2048,curr_mem=8192,curr_max_mem=16384,pend_min_mem=2048,"
        "pend_mem=8192,pend_max_mem=16384,run_min_mem=2048,run_mem=8192,curr_min_num_huge_pages=0,"
        "curr_num_huge_pages=0,curr_max_num_huge_pages=0,pend_min_num_huge_pages=0,pend_num_huge_pages=0,"
        "pend_max_num_huge_pages=0,run_num_huge_pages=0,mem_mode=ded,curr_hpt_ratio=1:64\n")


def test_mem_lpar_vios_omits_huge_pages_and_not_activated_is_zero(mixed):
    out = mixed().run(f"lshwres -r mem --level lpar {M}").out.splitlines()
    assert out[0] == ("lpar_name=vios1,lpar_id=1,curr_min_mem=1024,curr_mem=4096,curr_max_mem=8192,"
                      "pend_min_mem=1024,pend_mem=4096,pend_max_mem=8192,run_min_mem=1024,run_mem=4096,"
                      "mem_mode=ded,curr_hpt_ratio=1:64")
    assert out[2].startswith("lpar_name=off1,lpar_id=3,curr_min_mem=0,curr_mem=0,curr_max_mem=0,pend_min_mem=0,"
                             "pend_mem=0,pend_max_mem=0,run_min_mem=0,run_mem=0,")


def test_mem_sys(healthy):
    system = healthy.system()
    r = healthy.run(f"lshwres -r mem --level sys {M}")
    assert r.out == (
        f"configurable_sys_mem=131072,curr_avail_sys_mem={system.avail_mem()},"
        f"pend_avail_sys_mem={system.avail_mem()},installed_sys_mem=131072,deconfig_sys_mem=0,"
        "sys_firmware_mem=2048,mem_region_size=256,configurable_num_sys_huge_pages=0,"
        "curr_avail_num_sys_huge_pages=0,pend_avail_num_sys_huge_pages=0,max_num_sys_huge_pages=4,"
        "requested_num_sys_huge_pages=0,huge_page_size=16384,max_mem_pools=0,default_hpt_ratios=1:64,"
        '"possible_hpt_ratios=1:32,1:64,1:128,1:256,1:512"\n')
    assert [p.strip('"').split("=")[0] for p in r.out.split(",") if "=" in p] == list(MEM_SYS)
    assert healthy.run(f"lshwres -r mem --level sys {M} -F curr_avail_sys_mem,mem_region_size").out == \
        f"{system.avail_mem()},256\n"
    assert healthy.run(f"lshwres -r mem --level sys {M} -F pend_mem_region_size").out == "256\n"


def test_proc_lpar_shared_and_dedicated_forms(mixed):
    out = mixed().run(f"lshwres -r proc --level lpar {M}").out.splitlines()
    ded = dict(p.split("=") for p in out[1].split(","))
    assert list(ded) == list(PROC_LPAR_DED)
    assert (ded["curr_proc_mode"], ded["curr_procs"], ded["curr_sharing_mode"]) == ("ded", "2", "share_idle_procs")
    shared = dict(p.split("=") for p in out[3].split(","))
    assert list(shared) == list(PROC_LPAR_SHARED)
    assert out[3] == (
        "lpar_name=sh1,lpar_id=4,curr_shared_proc_pool_id=0,curr_proc_mode=shared,curr_min_proc_units=0.1,"
        "curr_proc_units=0.5,curr_max_proc_units=2.0,curr_min_procs=1,curr_procs=1,curr_max_procs=2,"
        "curr_sharing_mode=uncap,curr_uncap_weight=128,pend_shared_proc_pool_id=0,pend_proc_mode=shared,"
        "pend_min_proc_units=0.1,pend_proc_units=0.5,pend_max_proc_units=2.0,pend_min_procs=1,pend_procs=1,"
        "pend_max_procs=2,pend_sharing_mode=uncap,pend_uncap_weight=128,run_proc_units=0.5,run_procs=1,"
        "run_uncap_weight=128")
    off = dict(p.split("=") for p in out[2].split(","))
    assert off["curr_proc_units"] == "0.0" and off["curr_procs"] == "0" and off["run_procs"] == "0"


def test_proc_lpar_F_mixed_forms(mixed):
    r = mixed().run(f"lshwres -r proc --level lpar {M} -F lpar_name:curr_proc_mode:curr_proc_units:curr_procs")
    assert r.out == "vios1:shared:0.5:1\nded1:ded::2\noff1:shared:0.0:0\nsh1:shared:0.5:1\n"


def test_proc_sys(healthy):
    r = healthy.run(f"lshwres -r proc --level sys {M}")
    vals = dict(p.split("=") for p in r.out.strip().split(","))
    assert list(vals) == list(PROC_SYS)
    assert vals["configurable_sys_proc_units"] == "16.0"
    assert vals["curr_avail_sys_proc_units"] == "14.0"  # three partitions and a VIOS of 0.5 units
    assert vals["deconfig_sys_proc_units"] == "0"
    assert healthy.run(f"lshwres -r proc --level sys {M} -F curr_sys_virtual_procs").out == "4\n"


def test_filters_and_errors(healthy):
    assert healthy.run(f'lshwres -r mem --level lpar {M} --filter "lpar_names=lpar2" -F curr_mem').out == "4096\n"
    assert healthy.run(f"lshwres -r mem --level lpar {M} --filter lpar_ids=1,3 -F lpar_id").out == "1\n3\n"
    r = healthy.run(f"lshwres -r mem --level lpar {M} --filter lpar_names=nosuch")
    assert (r.rc, r.out) == (1, "HSCL8012 The partition named nosuch was not found.\n")
    r = healthy.run(f"lshwres -r mem --level lpar {M} --filter lpar_ids=9")
    assert (r.rc, r.out) == (0, "No results were found.\n")
    r = healthy.run(f"lshwres -r mem --level lpar {M} -F lpar_name,curr_shared_proc_pool_name")
    assert r.rc == 1 and "The invalid attribute is curr_shared_proc_pool_name." in r.out
    assert "--level" in healthy.run(f"lshwres -r mem {M}").out
    assert healthy.run(f"lshwres -r accel {M}").rc == 1  # not modelled (sriov is: test_hmc_system_resources.py)
    assert healthy.run(f"lshwres -r mem --level sys {M} --filter lpar_names=lpar1").rc == 1


def test_option_order_does_not_matter(healthy):
    a = healthy.run(f"lshwres -r proc -m {HEALTHY_SYS} --level lpar -F lpar_name,curr_procs")
    b = healthy.run(f"lshwres -F lpar_name,curr_procs --level lpar -m {HEALTHY_SYS} -r proc")
    assert a.out == b.out and a.rc == 0


def test_lpar2rrd_env_prefix_style_quoting(healthy):
    # lpar2rrd: lshwres -m "<sys>" -r mem --level lpar -F lpar_name,curr_min_mem,curr_mem,curr_max_mem,run_mem
    r = healthy.run(f'lshwres -m "{HEALTHY_SYS}" -r mem --level lpar -F lpar_name,curr_min_mem,curr_mem,'
                    "curr_max_mem,run_mem")
    assert r.out.splitlines()[0] == "lpar1,1024,4096,8192,4096"
