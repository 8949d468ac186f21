"""Managed-system resources: shared processor pools, system memory settings, chsyscfg -r sys, LEDs,
CoD and memory-affinity listings. Each change command is followed by the listings that must show it;
a read-only user is refused with HSCL350B and nothing changes; bad -m, -r and attributes get the
HMC's errors. Message texts tagged [I] in messages.py are guesses; the tests pin the codes and rc."""

from __future__ import annotations

import json

import pytest
from hmc_helpers import HEALTHY_SYS, Hmc
from hmc_parse import attr_records

from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario

M = f"-m {HEALTHY_SYS}"
NO_RESULTS = "No results were found.\n"


def one(h: Hmc, cmd: str) -> dict[str, str]:
    r = h.run(cmd)
    assert r.rc == 0, r.out
    recs = attr_records(r.out)
    assert len(recs) == 1, r.out
    return recs[0]


def test_procpool_lists_default_and_user_pools_with_their_partitions(healthy):
    recs = attr_records(healthy.run(f"lshwres -r procpool {M}").out)
    assert len(recs) == 64  # [V] 64 pools on POWER6+
    assert recs[0] == {"name": "DefaultPool", "shared_proc_pool_id": "0", "lpar_names": "lpar1,lpar2,lpar3,vios1",
                       "lpar_ids": "1,2,3,10"}
    assert recs[1]["name"] == "SharedPool01" and recs[1]["max_pool_proc_units"] == "0.0"
    # -F of the default pool's maximum prints null [V-client]
    assert healthy.run(f"lshwres -r procpool {M} --filter pool_ids=0 -F name,max_pool_proc_units").out == \
        "DefaultPool,null\n"


def test_a_pool_configured_and_a_partition_moved_show_everywhere(healthy):
    before = float(healthy.run(f"lshwres -r proc --level sys {M} -F curr_avail_sys_proc_units").out)
    r = healthy.run(f'chhwres -r procpool {M} -o s --poolname SharedPool01 '
                    f'-a "new_name=prod,max_pool_proc_units=4,reserved_pool_proc_units=0.5"')
    assert (r.rc, r.out) == (0, "")
    r = healthy.run(f"chhwres -r procpool {M} -o s -p lpar2 -a shared_proc_pool_name=prod")
    assert (r.rc, r.out) == (0, "")
    pool = one(healthy, f"lshwres -r procpool {M} --filter pool_names=prod")
    assert pool == {"name": "prod", "shared_proc_pool_id": "1", "max_pool_proc_units": "4.0",
                    "curr_reserved_pool_proc_units": "0.5", "pend_reserved_pool_proc_units": "0.5",
                    "lpar_names": "lpar2", "lpar_ids": "2"}
    assert one(healthy, f"lshwres -r procpool {M} --filter pool_ids=0")["lpar_names"] == "lpar1,lpar3,vios1"
    out = healthy.run(f"lshwres -r proc --level lpar {M} --filter lpar_names=lpar2 "
                      f"-F curr_shared_proc_pool_id,curr_shared_proc_pool_name").out
    assert out == "1,prod\n"
    # the reserve comes out of the system's free processing units
    after = float(healthy.run(f"lshwres -r proc --level sys {M} -F curr_avail_sys_proc_units").out)
    assert after == pytest.approx(before - 0.5)
    assert healthy.world.check_invariants() == []


@pytest.mark.parametrize("cmd, code", [
    ("--poolname DefaultPool -a max_pool_proc_units=2", "HSCL1523"),
    ("--poolname nosuch -a max_pool_proc_units=2", "HSCL1522"),
    ("--poolid 64 -a max_pool_proc_units=2", "HSCL1522"),
    ("--poolname SharedPool01 -a max_pool_proc_units=1.5", "HSCL1525"),
    ("--poolname SharedPool01 -a max_pool_proc_units=99", "HSCL1526"),
    ("--poolname SharedPool02 -a new_name=DefaultPool", "HSCL1524"),
    ("-p lpar1 -a shared_proc_pool_name=SharedPool03", "HSCL1529"),
])
def test_pool_changes_the_model_cannot_hold_are_refused_and_change_nothing(healthy, cmd, code):
    before = healthy.run(f"lshwres -r procpool {M}").out
    r = healthy.run(f"chhwres -r procpool {M} -o s {cmd}")
    assert r.rc == 1 and r.out.startswith(code), r.out  # [I] codes
    assert healthy.run(f"lshwres -r procpool {M}").out == before


def test_a_pool_cannot_shrink_below_its_partitions(healthy):
    healthy.run(f"chhwres -r procpool {M} -o s --poolid 1 -a max_pool_proc_units=2")
    assert healthy.run(f"chhwres -r procpool {M} -o s --id 1 -a shared_proc_pool_id=1").rc == 0
    r = healthy.run(f"chhwres -r procpool {M} -o s --poolid 1 -a max_pool_proc_units=0")
    assert r.rc == 1 and r.out.startswith("HSCL1527")
    assert one(healthy, f"lshwres -r procpool {M} --filter pool_ids=1")["max_pool_proc_units"] == "2.0"


def test_huge_pages_are_requested_while_off_and_set_aside_at_the_next_power_on(healthy):
    h = healthy
    r = h.run(f'chhwres -r mem {M} -o s -a "requested_num_sys_huge_pages=2"')
    assert r.rc == 1 and r.out.startswith("HSCL1532")  # only while powered off [V-client rule, I code]
    assert h.run(f"chsysstate -r sys {M} -o off --immed").rc == 0
    h.world.advance(120)
    r = h.run(f'chhwres -r mem {M} -o s -a "requested_num_sys_huge_pages=2"')
    assert (r.rc, r.out) == (0, "")
    fields = "requested_num_sys_huge_pages,configurable_num_sys_huge_pages"
    assert h.run(f"lshwres -r mem --level sys {M} -F {fields}").out == "2,0\n"
    r = h.run(f'chhwres -r mem {M} -o s -a "requested_num_sys_huge_pages=999"')
    assert r.rc == 1 and r.out.startswith("HSCL1530")
    assert h.run(f"chsysstate -r sys {M} -o on").rc == 0
    h.world.advance(120)
    # 2 x 16 GB huge pages leave the free pool; conservation still holds
    fields += ",curr_avail_sys_mem"
    assert h.run(f"lshwres -r mem --level sys {M} -F {fields}").out == f"2,2,{129024 - 2 * 16384}\n"
    assert h.world.check_invariants() == []


def test_region_size_and_mirroring_wait_for_the_next_power_on(healthy, seed):
    h = healthy
    assert h.run(f'chhwres -r mem {M} -o s -a "pend_mem_region_size=128"').rc == 0
    assert h.run(f"lshwres -r mem --level sys {M} -F mem_region_size,pend_mem_region_size").out == "256,128\n"
    assert h.run(f'chhwres -r mem {M} -o s -a "pend_mem_region_size=auto"').rc == 0  # [V-client] ansible's choice
    r = h.run(f'chhwres -r mem {M} -o s -a "mem_mirroring_mode=sys_firmware_only"')
    assert r.rc == 1 and r.out.startswith("HSCL1533")  # a scale-out system cannot mirror [I]
    assert "mirroring" not in h.run(f"lshwres -r mem --level sys {M}").out
    big = next(iter(seed.world.systems))  # a 9117-MMB can
    line = attr_records(seed.run(f"lshwres -r mem --level sys -m {big}").out)[0]
    assert line["curr_mem_mirroring_mode"] == "none"  # [V-client] ansible reads it from the default line
    assert seed.run(f'chhwres -r mem -m {big} -o s -a "mem_mirroring_mode=sys_firmware_only"').rc == 0
    names = "curr_mem_mirroring_mode,pend_mem_mirroring_mode"
    assert seed.run(f"lshwres -r mem --level sys -m {big} -F {names}").out == "none,sys_firmware_only\n"
    seed.run(f"chsysstate -r sys -m {big} -o off --immed")
    seed.world.advance(120)
    seed.run(f"chsysstate -r sys -m {big} -o on")
    seed.world.advance(120)
    assert seed.run(f"lshwres -r mem --level sys -m {big} -F {names}").out == "sys_firmware_only,sys_firmware_only\n"


def test_chsyscfg_sys_rename_shows_everywhere_and_the_old_name_is_gone(healthy):
    h = healthy
    dlpar_before = h.run("lspartition -dlpar").out
    assert h.run(f"chsysstate -r lpar {M} -o shutdown -n lpar3 --immed --restart").rc == 0  # timers pending
    r = h.run(f'chsyscfg -r sys {M} -i "new_name=prod1,power_off_policy=0"')
    assert (r.rc, r.out) == (0, "")
    assert h.run("lssyscfg -r sys -F name,power_off_policy").out == "prod1,0\n"
    assert h.run("lshwres -r mem --level lpar -m prod1 -F lpar_name").out == "lpar1\nlpar2\nlpar3\nvios1\n"
    assert h.run("lsled -r sa -t phys -m prod1").out == "state=off\n"
    assert h.run("lssacfg -t callhome -F name,type_model_serial_num").out == "prod1,8286-42A*2112ABC\n"
    r = h.run(f"lshwres -r mem --level sys {M}")
    assert (r.rc, r.out) == (1, f"HSCL8014 The managed system {HEALTHY_SYS} was not found.\n")
    # the HMC's RMC records follow the system: lspartition still lists its partitions
    assert h.run("lspartition -dlpar").out.count("Partition:<") == dlpar_before.count("Partition:<") == 4
    # the machinery keeps working under the new name: pending power timers, RMC polls, DLPAR
    h.world.advance(900)
    assert h.run("lssyscfg -r lpar -m prod1 --filter lpar_names=lpar3 -F state").out == "Running\n"
    assert h.run("lssyscfg -r lpar -m prod1 --filter lpar_names=lpar2 -F rmc_state").out == "active\n"
    assert h.run("chhwres -r mem -m prod1 -o a -p lpar2 -q 1024").rc == 0
    assert h.run("lshwres -r mem --level lpar -m prod1 --filter lpar_names=lpar2 -F curr_mem").out == "5120\n"


def test_pending_system_settings_become_current_at_the_next_power_on(healthy):
    h = healthy
    assert h.run(f'chsyscfg -r sys {M} -i "power_on_side=perm,power_on_option=standby"').rc == 0
    names = "curr_power_on_side,pend_power_on_side,power_on_option,pend_power_on_option"
    assert h.run(f"lssyscfg -r sys {M} -F {names}").out == "temp,perm,autostart,standby\n"
    h.run(f"chsysstate -r sys {M} -o off --immed")
    h.world.advance(60)
    h.run(f"chsysstate -r sys {M} -o on")
    h.world.advance(120)
    assert h.run(f"lssyscfg -r sys {M} -F {names}").out == "perm,perm,standby,standby\n"


def test_a_bad_value_in_chsyscfg_sys_changes_nothing_not_even_the_name(healthy):
    h = healthy
    r = h.run(f'chsyscfg -r sys {M} -i "new_name=x1,power_off_policy=7"')
    assert r.rc == 1 and "power_off_policy" in r.out
    r = h.run(f'chsyscfg -r sys {M} -i "new_name=x1,state=Operating"')
    assert r.rc == 1 and "The invalid attribute is state." in r.out
    assert h.run("lssyscfg -r sys -F name,power_off_policy").out == f"{HEALTHY_SYS},1\n"


def test_leds_cod_and_memory_scores_come_from_the_system(healthy):
    h = healthy
    assert h.run(f"chled -r sa -t virtuallpar -o on -p lpar2 {M}").rc == 0
    assert h.run(f"lsled -r sa -t virtuallpar {M} -F lpar_name,state").out == "lpar1,off\nlpar2,on\nlpar3,off\nvios1,off\n"
    assert h.run(f"chled -r sa -t virtualsys -o on {M}").rc == 0
    assert h.run(f"lsled -r sa -t virtualsys {M}").out == "state=on\n"
    # CoD counts agree with the processor and memory pools
    installed = h.run(f"lshwres -r proc --level sys {M} -F installed_sys_proc_units").out.strip()
    cod = one(h, f"lscod -t cap -r proc -c cuod {M}")
    assert cod["perm_procs"] == str(int(float(installed))) == cod["installed_procs"]
    mem = h.run(f"lshwres -r mem --level sys {M} -F installed_sys_mem").out.strip()
    assert one(h, f"lscod -t cap -r mem -c cuod {M}")["perm_mem"] == mem
    assert h.run(f"lscod -t cap -c trial -r proc -F activated_trial_procs {M}").out == "0\n"  # [V-client]
    assert h.run(f"lscod -t hist {M}").out == NO_RESULTS
    h.run(f"chsysstate -r lpar {M} -o shutdown -n lpar3 --immed")
    h.world.advance(60)
    scores = h.run(f"lsmemopt -r lpar -o currscore {M} -F lpar_name,curr_lpar_score").out
    assert scores == "lpar1,100\nlpar2,100\nlpar3,none\nvios1,100\n"


def test_empty_resources_answer_no_results(healthy):
    for cmd in ("lshwres -r mempool", "lshwres -r mem --level pool", "lshwres -r sriov --rsubtype adapter",
                "lshwres -r sriov --rsubtype logport", "lshwres -r hca --level sys",
                "lshwres -r virtualio --rsubtype vnic"):
        r = healthy.run(f"{cmd} {M}")
        assert (r.rc, r.out) == (0, NO_RESULTS), cmd
    assert healthy.run(f"lshwres -r virtualio --rsubtype vswitch {M}").out == \
        "vswitch=ETHERNET0,switch_mode=VEB,vlan_ids=1\n"


@pytest.mark.parametrize("cmd, expect", [
    ("lshwres -r procpool -m nosuch", "HSCL8014 The managed system nosuch was not found.\n"),
    ("lslic -m nosuch", "HSCL8014 The managed system nosuch was not found.\n"),
    ("lscod -t cap -r proc -c cuod -m nosuch", "HSCL8014 The managed system nosuch was not found.\n"),
    (f"lshwres -r widgets {M}", "The invalid value is widgets for the -r parameter."),
    (f"lscod -t cap -r disk -c cuod {M}", "The invalid value is disk for the -r parameter."),
    (f"lsled -r sa -t blink {M}", "The invalid value is blink for the -t parameter."),
    (f"lshwres -r procpool {M} -F name,bogus", "The invalid attribute is bogus."),
    (f"lslic {M} -F bogus", "The invalid attribute is bogus."),
    (f"chhwres -r procpool {M} -o s --poolid 1 -a bogus=1", "The invalid attribute is bogus."),
    (f'chhwres -r mem {M} -o s -a "bogus=1"', "The invalid attribute is bogus."),
    (f"lshwres -r sriov {M}", "The missing parameter is --rsubtype."),
])
def test_errors_and_exit_codes(healthy, cmd, expect):
    r = healthy.run(cmd)
    assert r.rc == 1 and expect in r.out, r.out


VIEWER_TOML = f"""
[scenario]
name = "viewer"
seed = 3

[[hmc]]
name = "hmc1"
level = "V9"
users = [
  {{ name = "hscroot", password = "abc123", role = "hmcsuperadmin" }},
  {{ name = "viewer", password = "v", role = "hmcviewer" }},
]

[[system]]
name = "{HEALTHY_SYS}"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1
"""


@pytest.mark.parametrize("cmd", [
    "chhwres -r procpool {m} -o s --poolname SharedPool01 -a max_pool_proc_units=2",
    'chhwres -r mem {m} -o s -a "pend_mem_region_size=128"',
    'chsyscfg -r sys {m} -i "new_name=renamed,power_off_policy=0"',
    "updlic -o a -t sys -l latest -r ibmwebsite {m}",
    "updlic -o c -t sys {m}",
    "chled -r sa -t phys -o on {m}",
])
def test_a_viewer_is_refused_every_system_change_and_nothing_changes(tmp_path, cmd):
    path = tmp_path / "viewer.toml"
    path.write_text(VIEWER_TOML)
    world = load_scenario(str(path))
    viewer = Hmc(world)
    viewer.session = Session(world, world.host("hmc1"), "viewer")
    def systems() -> list[dict]:
        return json.loads(json.dumps(world.to_dict()["systems"]))  # a copy: to_dict shares nested state

    viewer.run(f"lslic {M}")  # lazily created defaults are not a change
    before = systems()
    r = viewer.run(cmd.format(m=M))
    assert (r.rc, r.out) == (1, "HSCL350B The user does not have the appropriate authority.\n")
    assert systems() == before
    world.advance(3600)
    assert systems()[0]["resources"] == before[0]["resources"]
    # the same command by the superadmin changes the system
    r = Hmc(world).run(cmd.format(m=M))
    assert r.rc == 0, r.out
    world.advance(3600)
    assert systems() != before


def test_pools_settings_firmware_and_a_rename_survive_a_dump_and_reload(healthy):
    """The state directory saves world.to_dict(): everything changed here must come back, timers too."""
    from harness.world.world import World

    h = healthy
    h.run(f'chhwres -r procpool {M} -o s --poolid 1 -a "new_name=db,max_pool_proc_units=3,reserved_pool_proc_units=1"')
    h.run(f"chhwres -r procpool {M} -o s -p lpar1 -a shared_proc_pool_id=1")
    h.run(f"chled -r sa -t phys -o on {M}")
    h.run(f"updlic -o a -l latestconcurrent -r disk {M}")
    h.run(f'chsyscfg -r sys {M} -i "new_name=renamed,power_on_side=perm"')
    again = Hmc(World.from_dict(json.loads(json.dumps(h.world.to_dict()))))
    m = "-m renamed"
    assert again.run(f"lshwres -r procpool {m} --filter pool_ids=1 -F name,lpar_names").out == "db,lpar1\n"
    assert again.run(f"lshwres -r proc --level sys {m} -F curr_avail_sys_proc_units").out == \
        h.run(f"lshwres -r proc --level sys {m} -F curr_avail_sys_proc_units").out
    assert again.run(f"lsled -r sa -t phys {m}").out == "state=on\n"
    assert again.run(f"lssyscfg -r sys {m} -F pend_power_on_side").out == "perm\n"
    again.world.advance(1200)  # the update's timers were saved with the new name
    assert again.run(f"lslic -t sys {m} -F activated_level").out == "215\n"
    assert again.world.check_invariants() == []


def test_raising_a_pool_reserve_needs_only_the_increase_free(healthy):
    # make mutate survivor (harness/world sample 8 seed 5): sysres.py checks reserved - current reserve
    avail = f"lshwres -r proc --level sys {M} -F curr_avail_sys_proc_units"
    assert healthy.run(avail).out == "14.0\n"
    pool = f'chhwres -r procpool {M} -o s --poolid 1 -a "{{}}"'
    assert healthy.run(pool.format("max_pool_proc_units=15,reserved_pool_proc_units=8")).rc == 0
    assert healthy.run(avail).out == "6.0\n"
    r = healthy.run(pool.format("reserved_pool_proc_units=8.5"))  # 0.5 more of the 6.0 free
    assert (r.rc, r.out) == (0, "")
    assert healthy.run(avail).out == "5.5\n"
    r = healthy.run(pool.format("reserved_pool_proc_units=15"))  # 6.5 more: not free
    assert r.rc == 1 and r.out.startswith("HSCL2969 "), r.out  # [I] code
    assert healthy.run(avail).out == "5.5\n"
