"""lssyscfg -r lpar | sys | prof: default lines, -F, --header, filters, errors."""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS, SEED_SYS, deactivate, repair_seed

from harness.hmc.attributes import LPAR_V7, LPAR_V8, LPAR_V9

RSCT_F = ("-F lpar_id,state,rmc_state,rmc_ipaddr,os_version,dlpar_mem_capable,dlpar_proc_capable,"
          "dlpar_io_capable")


def test_rsct_doc_line_shape(healthy):
    # [V] IBM RSCT doc: 3,Running,active,10.32.244.214,AIX 6.1 6100-06-06-1140,1,1,1
    ip = healthy.part("lpar3").os.net.primary().ip
    r = healthy.run(f'lssyscfg -r lpar -m {HEALTHY_SYS} {RSCT_F} --filter "lpar_ids=3"')
    assert (r.rc, r.err) == (0, "")
    assert r.out == f"3,Running,active,{ip},AIX 6.1 6100-05-01-1016,1,1,1\n"


def test_rsct_line_for_a_partition_without_rmc(hmc_for):
    hmc = hmc_for("network-down")
    r = hmc.run(f'lssyscfg -r lpar -m {HEALTHY_SYS} {RSCT_F} --filter "lpar_ids=2"')
    ip = hmc.part("lpar2").os.net.primary().ip
    assert r.out == f"2,Running,inactive,{ip},AIX 7.2 7200-05-06-2320,0,0,0\n"


def test_seed_dlpar_flags_follow_the_repair(seed):
    line = f"lssyscfg -r lpar -m {SEED_SYS} -F name,rmc_state,dlpar_mem_capable --filter lpar_names=lpar30"
    assert seed.run(line).out == "lpar30,active,0\n"
    repair_seed(seed.world)
    assert seed.run(line).out == "lpar30,active,1\n"


def test_v7_default_line_of_a_power7_has_the_power7_fields(seed):
    # [V] the V7 POWER5 sample's 20 attributes plus the POWER7 fields of the Veritas SFHA 6.1 line
    r = seed.run(f"lssyscfg -r lpar -m {SEED_SYS} --filter lpar_names=lpar30")
    assert r.out == (
        "name=lpar30,lpar_id=24,lpar_env=aixlinux,state=Running,resource_config=1,"
        "os_version=AIX 6.1 6100-05-01-1016,logical_serial_num=10284FP18,default_profile=default_profile,"
        "curr_profile=default_profile,work_group_id=none,shared_proc_pool_util_auth=0,allow_perf_collection=0,"
        "power_ctrl_lpar_ids=none,boot_mode=norm,lpar_keylock=norm,auto_start=0,redundant_err_path_reporting=0,"
        "rmc_state=active,rmc_ipaddr=127.0.0.16,time_ref=0,lpar_avail_priority=127,"
        "desired_lpar_proc_compat_mode=default,curr_lpar_proc_compat_mode=POWER7,suspend_capable=0,remote_restart_capable=0,sync_curr_profile=0,"
        "affinity_group_id=none\n")  # redaction covers only the outputs the seed published
    assert [p.split("=")[0] for p in r.out.strip().split(",")] == list(LPAR_V7)


@pytest.mark.parametrize("level,names", [("V7", LPAR_V7), ("V8", LPAR_V8), ("V9", LPAR_V9), ("V10", LPAR_V9)])
def test_header_of_F_alone_is_the_level_default_list(mixed, level, names):
    r = mixed(level).run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F --header --filter lpar_names=sh1")
    header, values = r.out.splitlines()
    assert header == ",".join(names)
    assert len(values.split(",")) == len(names)


def test_vios_line_omits_boot_mode(mixed):
    out = mixed("V7").run(f"lssyscfg -r lpar -m {HEALTHY_SYS}").out.splitlines()
    assert "boot_mode=" not in out[0] and "lpar_env=vioserver" in out[0]
    assert ",boot_mode=norm," in out[1]


def test_not_activated_partition(mixed):
    r = mixed().run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name,state,curr_profile,os_version,rmc_state "
                    "--filter lpar_ids=3")
    assert r.out == "off1,Not Activated,,Unknown,inactive\n"  # [V] ziutus aix53_15: Not Activated, inactive


def test_v7_knows_dlpar_flags_with_F_only(mixed):
    hmc = mixed("V7")
    assert "dlpar_mem_capable" not in hmc.run(f"lssyscfg -r lpar -m {HEALTHY_SYS}").out
    assert hmc.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F dlpar_mem_capable --filter lpar_ids=4").out == "1\n"
    r = hmc.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F uuid")
    assert r.rc == 1 and "The invalid attribute is uuid." in r.out


def test_F_only_attributes_on_v9(mixed):
    r = mixed().run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name,msp,curr_lpar_proc_compat_mode")
    assert r.out.splitlines()[:3] == ["vios1,1,POWER8", "ded1,0,POWER8", "off1,0,default"]


# ---- delimiters, quoting and names with spaces -----------------------------------------------------
@pytest.fixture
def spaced(healthy):
    healthy.part("lpar2").name = "teacher02 9.210.114.218"  # [V] a real partition name with a space
    deactivate(healthy.world, healthy.part("lpar3"))
    return healthy


def test_colon_delimiter(spaced):
    r = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name:state")
    assert r.out == "lpar1:Running\nteacher02 9.210.114.218:Running\nlpar3:Not Activated\nvios1:Running\n"


def test_space_delimiter_quotes_values_with_spaces(spaced):
    r = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F 'name state'")
    assert r.out == 'lpar1 Running\n"teacher02 9.210.114.218" Running\nlpar3 "Not Activated"\nvios1 Running\n'


def test_unquoted_F_words_join_with_a_space(spaced):
    # op-test sends `-F name state` unquoted and expects the token '"Not' [V-client]
    r = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name state")
    assert r.out.splitlines()[2].split(" ")[1] == '"Not'


def test_comma_delimiter_with_header_and_spaces(spaced):
    r = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F lpar_id,name,state --header")
    assert r.out == ("lpar_id,name,state\n1,lpar1,Running\n2,teacher02 9.210.114.218,Running\n"
                     "3,lpar3,Not Activated\n10,vios1,Running\n")


def test_blanks_around_a_comma_delimiter_are_dropped(healthy):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F 'lpar_id, state' --filter lpar_ids=1")
    assert r.out == "1,Running\n"


def test_filter_on_a_name_with_spaces(spaced):
    r = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} --filter 'lpar_names=teacher02 9.210.114.218' -F lpar_id")
    assert r.out == "2\n"


def test_default_line_does_not_quote_spaces(spaced):
    out = spaced.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} --filter lpar_ids=2,3").out
    assert out.startswith("name=teacher02 9.210.114.218,lpar_id=2,")
    assert ",state=Not Activated," in out.splitlines()[1]


def test_value_with_a_comma_quotes_the_pair(healthy):
    healthy.part("lpar1").name = "odd,name"
    out = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} --filter lpar_ids=1").out
    assert out.startswith('"name=odd,name",lpar_id=1,')
    assert healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name,lpar_id --filter lpar_ids=1").out == \
        '"odd,name",1\n'
    assert healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name:lpar_id --filter lpar_ids=1").out == \
        "odd,name:1\n"


# ---- --filter styles ---------------------------------------------------------------------------
@pytest.mark.parametrize("flt", [
    '--filter "\\"lpar_names=lpar1,lpar3\\""',  # ansible filterBuilder
    '--filter ""lpar_names=lpar1,lpar3""',  # bond-huang
    "--filter 'lpar_names=lpar1,lpar3'",
    "--filter lpar_names=lpar1,lpar3",
    '--filter "lpar_ids=1,3"',
    '--filter "lpar_names=lpar1,lpar3,lpar_ids=1,3"',
])
def test_filter_quoting_styles(healthy, flt):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name {flt}")
    assert (r.rc, r.out) == (0, "lpar1\nlpar3\n")


def test_single_name_filter_styles(healthy):
    for flt in ("lpar_names=lpar2", "'lpar_names=lpar2'", '"lpar_names=lpar2"', 'lpar_names="lpar2"'):
        assert healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name --filter {flt}").out == "lpar2\n"


# ---- errors ------------------------------------------------------------------------------------
def test_unknown_partition_name_is_hscl8012(healthy):
    r = healthy.run(f'lssyscfg -r lpar -m {HEALTHY_SYS} --filter "lpar_names=nosuch"')
    assert (r.rc, r.out) == (1, "HSCL8012 The partition named nosuch was not found.\n")


def test_unknown_id_is_no_results(healthy):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} --filter lpar_ids=42")
    assert (r.rc, r.out) == (0, "No results were found.\n")


def test_invalid_attribute(healthy):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F name,type_serial")
    assert r.rc == 1
    assert r.out == ("An invalid attribute was entered.  The invalid attribute is type_serial.  "
                     "Please correct your entry and retry the command.\n")


def test_invalid_attribute_wins_over_unknown_partition(healthy):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F bogus --filter lpar_names=nosuch")
    assert r.rc == 1 and r.out.startswith("An invalid attribute was entered.")


def test_missing_m_for_lpar(healthy):
    r = healthy.run("lssyscfg -r lpar")
    assert r.rc == 1 and "The missing parameter is -m." in r.out


def test_missing_r_and_bad_r(healthy):
    assert healthy.run("lssyscfg").rc == 1
    r = healthy.run("lssyscfg -r lpars -m x")
    assert r.rc == 1 and "lpars" in r.out


def test_unknown_system(healthy):
    r = healthy.run("lssyscfg -r lpar -m Server-0000-000-SN0")
    assert r.rc == 1 and r.out.startswith("HSCL") and "Server-0000-000-SN0" in r.out


def test_mtms_addresses_the_system(healthy):
    by_name = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS}").out
    assert healthy.run("lssyscfg -r lpar -m '8286-42A*2112ABC'").out == by_name


def test_osrefresh_is_unknown_on_v7_and_known_later(mixed):
    r = mixed("V7").run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F os_version --osrefresh")
    assert r.rc == 1 and "The invalid parameter is --osrefresh." in r.out
    assert mixed("V9").run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F os_version --osrefresh").rc == 0


def test_bad_filter_name(healthy):
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS} --filter names=x")
    assert r.rc == 1 and "names" in r.out


# ---- -r sys / prof / frame ---------------------------------------------------------------------
def test_sys_listing(healthy):
    r = healthy.run("lssyscfg -r sys -F name,type_model,serial_num,state")
    assert r.out == f"{HEALTHY_SYS},8286-42A,2112ABC,Operating\n"
    default = healthy.run("lssyscfg -r sys").out
    assert default.startswith(f"name={HEALTHY_SYS},type_model=8286-42A,serial_num=2112ABC,ipaddr=")
    assert ",state=Operating,detailed_state=None,sys_time=11/26/2026 09:00:00," in default
    assert healthy.run("lssyscfg -r sys -m 8286-42A*2112ABC").out == default


def test_sys_without_connection(healthy):
    healthy.system().hmc_connected["hmc1"] = False
    r = healthy.run("lssyscfg -r sys -F name,state,max_lpars")
    assert r.out == f"{HEALTHY_SYS},No Connection,unavailable\n"
    r = healthy.run(f"lssyscfg -r lpar -m {HEALTHY_SYS}")
    assert r.rc == 1 and r.out.startswith("HSCL")


def test_sys_capabilities_list_is_quoted_on_v9_and_invalid_on_v7(mixed):
    out = mixed("V9").run("lssyscfg -r sys -F capabilities").out
    assert out.startswith('"active_lpar_mobility_capable,') and out.endswith('"\n')
    assert mixed("V7").run("lssyscfg -r sys -F capabilities").rc == 1


def test_prof_listing(healthy):
    r = healthy.run(f'lssyscfg -r prof -m {HEALTHY_SYS} --filter "lpar_names=lpar1,profile_names=default_profile"')
    assert r.out.startswith("name=default_profile,lpar_name=lpar1,lpar_id=1,lpar_env=aixlinux,all_resources=0,"
                            "min_mem=1024,desired_mem=4096,max_mem=8192,")
    assert ',"virtual_serial_adapters=0/server/1/any//any/1,1/server/1/any//any/1",' in r.out
    none = healthy.run(f'lssyscfg -r prof -m {HEALTHY_SYS} --filter "profile_names=other"')
    assert (none.rc, none.out) == (0, "No results were found.\n")


def test_frame_has_no_results(healthy):
    r = healthy.run("lssyscfg -r frame -F name")
    assert (r.rc, r.out) == (0, "No results were found.\n")


def test_F_alone_columns_line_up_with_the_header_for_every_record(mixed):
    lines = mixed("V7").run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F --header").out.splitlines()
    assert lines[0] == ",".join(LPAR_V7)
    assert all(len(line.split(",")) == len(LPAR_V7) for line in lines)
    vios = dict(zip(LPAR_V7, lines[1].split(",")))
    assert (vios["name"], vios["boot_mode"]) == ("vios1", "")  # no boot_mode for a VIOS [I: empty]


@pytest.mark.parametrize("scenario", ["seed-lpar30", "healthy", "power4-hosts", "vios-mappings"])
def test_an_F_list_prints_what_the_whole_record_holds(scenario):
    """-F asks only for its names and computes only those (syscfg_records.py): every name alone, and the
    partition's own values together, print what the full record holds, settings overrides included
    (an empty setting too), for VIOS and POWER5 partitions alike."""
    from harness.hmc.attributes import listing
    from harness.hmc.syscfg_records import _OWN_FIELDS, lpar_record
    from harness.hmc.targets import HmcTarget
    from harness.scenario.catalogue import load_scenario

    world = load_scenario(scenario)
    checked = 0
    for hmc_host in [h for h in world.hosts() if h.hmc is not None]:
        t = HmcTarget(world, hmc_host.hmc)
        names = listing("lssyscfg.lpar", t.level).names
        for system in t.systems():
            for k, part in enumerate(t.partitions(system)):
                if k == 0:
                    part.settings.update({"auto_start": "1", "lpar_keylock": ""})
                whole = lpar_record(t, system, part)
                for name in names:
                    assert lpar_record(t, system, part, frozenset({name})).get(name) == whole.get(name), name
                asked = frozenset(_OWN_FIELDS) & names  # (a V7 HMC has no uuid)
                own = lpar_record(t, system, part, asked)
                assert {n: own.get(n) for n in asked} == {n: whole.get(n) for n in asked}
                checked += 1
    assert checked >= 2
