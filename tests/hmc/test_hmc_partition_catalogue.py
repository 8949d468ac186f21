"""lssyscfg -r sys / -r lpar attribute catalogues per HMC level and processor, written out here from
the captures (not read from harness/hmc/attributes.py), and the values a powered-off system keeps."""

from __future__ import annotations

import pytest
from hmc_helpers import Hmc

from harness.scenario.catalogue import load_scenario

SYS = "Server-9131-52A-SN6535CCG"

TOML = """
[scenario]
name = "catalogue"
seed = 3

[[hmc]]
name = "hmc1"
level = "{level}"

[[system]]
name = "{sys}"
type_model = "{tm}"
serial = "{serial}"
processor = "{processor}"
max_lpars = 20

  [[system.partition]]
  name = "aix1"
  id = 1
  aix_level = "6.1"

  [[system.partition]]
  name = "off1"
  id = 2
  aix_level = "7.1"
  state = "Not Activated"
"""


@pytest.fixture
def estate(tmp_path):
    def make(level="V7", processor="POWER5", tm="9131-52A", serial="6535CCG", sys=SYS) -> Hmc:
        path = tmp_path / f"cat-{level}-{processor}.toml"
        path.write_text(TOML.format(level=level, processor=processor, tm=tm, serial=serial, sys=sys))
        return Hmc(load_scenario(str(path)))
    return make


def names_of(line: str) -> list[str]:
    return [field.split("=")[0] for field in line.strip().split(",") if "=" in field]


# [V] ziutus test/hmc_sys_test.rb: V7R7.9, 9131-52A (POWER5), Operating: 73 names in this order
V7_SYS_OPERATING = """name type_model serial_num ipaddr state detailed_state sys_time power_off_policy
active_lpar_mobility_capable inactive_lpar_mobility_capable active_lpar_share_idle_procs_capable
active_mem_expansion_capable hardware_active_mem_expansion_capable active_mem_sharing_capable
addr_broadcast_perf_policy_capable bsr_capable cod_mem_capable cod_proc_capable dynamic_platform_optimization_capable
electronic_err_reporting_capable firmware_power_saver_capable hardware_power_saver_capable hardware_discovery_capable
hca_capable huge_page_mem_capable lhea_capable lpar_avail_priority_capable lpar_proc_compat_mode_capable
lpar_remote_restart_capable powervm_lpar_remote_restart_capable lpar_suspend_capable micro_lpar_capable
os400_capable 5250_application_capable redundant_err_path_reporting_capable shared_eth_failover_capable
sni_msg_passing_capable sp_failover_capable vet_activation_capable virtual_fc_capable virtual_io_server_capable
virtual_switch_capable vsn_phase2_capable vsi_on_veth_capable assign_5250_cpw_percent max_lpars max_power_ctrl_lpars
hca_bandwidth_capabilities service_lpar_id curr_sys_keylock pend_sys_keylock curr_power_on_side pend_power_on_side
curr_power_on_speed pend_power_on_speed curr_power_on_speed_override pend_power_on_speed_override power_on_type
power_on_option power_on_lpar_start_policy pend_power_on_option pend_power_on_lpar_start_policy power_on_method
power_on_attr sp_boot_attr sp_boot_major_type sp_boot_minor_type sp_version mfg_default_config
curr_mfg_default_ipl_source pend_mfg_default_ipl_source curr_mfg_default_boot_mode pend_mfg_default_boot_mode""".split()

# [V] the captured values of the POWER5's capabilities (hmc_sys_test.rb)
POWER5_CAPS = dict(pair.split("=") for pair in """active_lpar_mobility_capable=0 inactive_lpar_mobility_capable=0
active_lpar_share_idle_procs_capable=0 active_mem_expansion_capable=0 hardware_active_mem_expansion_capable=0
active_mem_sharing_capable=0 addr_broadcast_perf_policy_capable=0 bsr_capable=0 cod_mem_capable=0 cod_proc_capable=1
dynamic_platform_optimization_capable=0 electronic_err_reporting_capable=0 firmware_power_saver_capable=0
hardware_power_saver_capable=0 hardware_discovery_capable=0 hca_capable=1 huge_page_mem_capable=1 lhea_capable=0
lpar_avail_priority_capable=0 lpar_proc_compat_mode_capable=0 lpar_remote_restart_capable=0
powervm_lpar_remote_restart_capable=0 lpar_suspend_capable=0 micro_lpar_capable=1 os400_capable=0
5250_application_capable=0 redundant_err_path_reporting_capable=1 shared_eth_failover_capable=1
sni_msg_passing_capable=0 sp_failover_capable=1 vet_activation_capable=1 virtual_fc_capable=0
virtual_io_server_capable=1 virtual_switch_capable=0 vsn_phase2_capable=0 vsi_on_veth_capable=0 max_lpars=20
max_power_ctrl_lpars=1 hca_bandwidth_capabilities=null service_lpar_id=none sp_version=00030030""".split())

# [V] ziutus test/hmc_sys_power5_off_test.rb: the same system powered off. Name order, and which
# attributes print `unavailable` (every other one keeps a value).
V7_SYS_OFF_UNAVAILABLE = set("""power_off_policy active_lpar_mobility_capable inactive_lpar_mobility_capable
active_lpar_share_idle_procs_capable active_mem_expansion_capable hardware_active_mem_expansion_capable
active_mem_sharing_capable bsr_capable cod_mem_capable cod_proc_capable dynamic_platform_optimization_capable
electronic_err_reporting_capable hardware_discovery_capable lhea_capable lpar_avail_priority_capable
lpar_proc_compat_mode_capable lpar_remote_restart_capable powervm_lpar_remote_restart_capable lpar_suspend_capable
micro_lpar_capable os400_capable redundant_err_path_reporting_capable shared_eth_failover_capable
vet_activation_capable virtual_fc_capable virtual_io_server_capable virtual_switch_capable vsn_phase2_capable
vsi_on_veth_capable assign_5250_cpw_percent max_lpars max_remote_restart_capable_lpars max_suspend_capable_lpars
service_lpar_id service_lpar_name mfg_default_config""".split())


def test_v7_power5_sys_line_has_the_73_captured_names_in_order(estate):
    hmc = estate()
    line = hmc.run("lssyscfg -r sys").out
    assert names_of(line) == V7_SYS_OPERATING and len(V7_SYS_OPERATING) == 73
    values = dict(f.split("=", 1) for f in line.strip().split(","))
    assert {k: values[k] for k in POWER5_CAPS} == POWER5_CAPS


def test_powered_off_system_keeps_what_the_real_one_keeps(estate):
    hmc = estate()
    hmc.system(SYS).state = "Power Off"
    line = hmc.run("lssyscfg -r sys").out.strip()
    values = dict(f.split("=", 1) for f in line.split(","))
    unavailable = {k for k, v in values.items() if v == "unavailable"}
    assert unavailable == V7_SYS_OFF_UNAVAILABLE
    # [V] kept: time, keylock, power-on settings, a few capabilities; max_power_ctrl_lpars drops to 0
    assert values["state"] == "Power Off" and values["sys_time"] == hmc.world.clock.datetime().strftime(
        "%m/%d/%Y %H:%M:%S")
    assert (values["curr_sys_keylock"], values["power_on_type"], values["sp_version"]) == ("norm", "power on",
                                                                                           "00030030")
    assert (values["hca_capable"], values["sp_failover_capable"], values["max_power_ctrl_lpars"]) == ("1", "1", "0")
    # [V] the Power Off line prints the three conditional names and drops 5250_application_capable
    names = names_of(line)
    assert "5250_application_capable" not in names
    assert names.index("max_suspend_capable_lpars") == names.index("max_power_ctrl_lpars") + 2
    assert names[names.index("service_lpar_id") + 1] == "service_lpar_name"
    assert len(names) == 75


def test_no_connection_system_is_shown_like_a_powered_off_one(estate):
    hmc = estate()
    hmc.system(SYS).hmc_connected["hmc1"] = False
    r = hmc.run("lssyscfg -r sys -F state,sys_time,curr_sys_keylock,max_lpars,hca_capable,cod_proc_capable")
    assert r.out.split(",")[0] == "No Connection"
    assert r.out.strip().split(",")[2:] == ["norm", "unavailable", "1", "unavailable"]


def test_power8_sys_line_on_v9_adds_the_later_names_and_capabilities(estate):
    hmc = estate("V9", "POWER8", "8286-42A", "2112ABC", "Server-8286-42A-SN2112ABC")
    line = hmc.run("lssyscfg -r sys").out.strip()
    names = names_of(line.replace('"', ""))
    values = dict(f.split("=", 1) for f in line.replace('"', "").split(",") if "=" in f)
    # every captured V7 name still there, in the same relative order
    assert [n for n in names if n in V7_SYS_OPERATING] == V7_SYS_OPERATING
    assert {"powervm_lpar_simplified_remote_restart_capable", "lpar_proc_compat_modes",
            "max_remote_restart_capable_lpars", "max_suspend_capable_lpars"} <= set(names)
    assert values["lpar_remote_restart_capable"] == "1" and values["virtual_fc_capable"] == "1"
    assert '"lpar_proc_compat_modes=default,POWER6,POWER6+,POWER7,POWER7+,POWER8"' in line  # [I] list
    r = hmc.run("lssyscfg -r sys -F lpar_suspend_capable,powervm_lpar_simplified_remote_restart_capable")
    assert r.out == "1,1\n"
    # V7 does not know the V8 names
    v7 = estate("V7", "POWER8", "8286-42A", "2112ABC", "Server-8286-42A-SN2112ABC")
    assert v7.run("lssyscfg -r sys -F lpar_proc_compat_modes").rc == 1


# ---- -r lpar -------------------------------------------------------------------------------------------
# [V] V7 on POWER5 (hmc-samples/v7_lssyscfg_r_lpar_default.txt): 20 names
V7_LPAR_POWER5 = """name lpar_id lpar_env state resource_config os_version logical_serial_num default_profile
curr_profile work_group_id shared_proc_pool_util_auth allow_perf_collection power_ctrl_lpar_ids boot_mode lpar_keylock
auto_start redundant_err_path_reporting rmc_state rmc_ipaddr sync_curr_profile""".split()
# [V] bond-huang `-F --header` of a V8 HMC on a POWER5 9117-570
V8_LPAR_POWER5 = """name lpar_id lpar_env state resource_config os_version logical_serial_num default_profile
curr_profile work_group_id shared_proc_pool_util_auth allow_perf_collection power_ctrl_lpar_ids boot_mode ipl_source
lpar_keylock auto_start redundant_err_path_reporting rmc_state rmc_ipaddr rmc_osshutdown_capable dlpar_mem_capable
dlpar_proc_capable dlpar_io_capable sync_curr_profile uuid""".split()
# [V] the POWER8 fields of IBM's SRR webinar line, in their order
POWER8_FIELDS = """time_ref lpar_avail_priority desired_lpar_proc_compat_mode curr_lpar_proc_compat_mode
suspend_capable remote_restart_capable simplified_remote_restart_capable remote_restart_status""".split()


def test_power5_lines_have_no_power7_fields(estate):
    assert names_of(estate("V7").run("lssyscfg -r lpar -m " + SYS + " --filter lpar_ids=1").out) == V7_LPAR_POWER5
    r = estate("V8").run(f"lssyscfg -r lpar -m {SYS} -F --header --filter lpar_ids=1")
    assert r.out.splitlines()[0] == ",".join(V8_LPAR_POWER5)


def test_power8_line_on_v8_and_later_has_the_webinar_fields(estate):
    for level in ("V8", "V9", "V10"):
        hmc = estate(level, "POWER8", "8286-42A", "2112ABC", "Server-8286-42A-SN2112ABC")
        line = hmc.run("lssyscfg -r lpar -m Server-8286-42A-SN2112ABC --filter lpar_ids=1").out
        names = names_of(line)
        assert [n for n in names if n in POWER8_FIELDS] == POWER8_FIELDS
        assert names[-4:] == ["sync_curr_profile", "affinity_group_id", "vtpm_enabled", "uuid"]
        assert [n for n in names if n in V8_LPAR_POWER5] == V8_LPAR_POWER5
        # [V] the webinar's values for a running POWER8 client
        assert (",time_ref=0,lpar_avail_priority=127,desired_lpar_proc_compat_mode=default,"
                "curr_lpar_proc_compat_mode=POWER8,suspend_capable=0,remote_restart_capable=0,"
                "simplified_remote_restart_capable=1,remote_restart_status=Remote Restartable,") in line


def test_not_activated_never_started_partition(estate):
    hmc = estate("V9", "POWER8", "8286-42A", "2112ABC", "Server-8286-42A-SN2112ABC")
    r = hmc.run("lssyscfg -r lpar -m Server-8286-42A-SN2112ABC -F state,rmc_state,curr_lpar_proc_compat_mode,"
                "remote_restart_status --filter lpar_names=off1")
    assert r.out == "Not Activated,inactive,default,Invalid\n"  # [V] inactive; Invalid until first started


@pytest.mark.parametrize("level", ["V7", "V8", "V9", "V10"])
@pytest.mark.parametrize("resource", ["sys", "lpar"])
def test_every_default_attribute_is_accepted_by_F(estate, level, resource):
    hmc = estate(level, "POWER8", "8286-42A", "2112ABC", "Server-8286-42A-SN2112ABC")
    m = "" if resource == "sys" else " -m Server-8286-42A-SN2112ABC"
    default = hmc.run(f"lssyscfg -r {resource}{m}").out.splitlines()[0]
    names = list(dict.fromkeys(names_of(default.replace('"', ""))))
    flt = " --filter lpar_ids=1" if resource == "lpar" else ""
    r = hmc.run(f"lssyscfg -r {resource}{m} -F {','.join(names)}{flt}")
    assert r.rc == 0, r.out
    assert len(r.out.splitlines()) == 1


# ---- -r prof -------------------------------------------------------------------------------------------
# [V] ziutus' POWER5 profile line (nim1, shared): its names in order
POWER5_PROF = """name lpar_name lpar_id lpar_env all_resources min_mem desired_mem max_mem min_num_huge_pages
desired_num_huge_pages max_num_huge_pages mem_mode hpt_ratio proc_mode min_proc_units desired_proc_units
max_proc_units min_procs desired_procs max_procs sharing_mode uncap_weight io_slots lpar_io_pool_ids
max_virtual_slots virtual_serial_adapters virtual_scsi_adapters virtual_eth_adapters hca_adapters boot_mode
conn_monitoring auto_start power_ctrl_lpar_ids work_group_id redundant_err_path_reporting""".split()


def test_power5_profile_line_has_the_captured_names(estate):
    line = estate().run(f"lssyscfg -r prof -m {SYS} --filter lpar_names=aix1").out
    assert names_of(line.replace('"', "")) == POWER5_PROF
    assert ',"virtual_serial_adapters=0/server/1/any//any/1,1/server/1/any//any/1",' in line
    # a POWER5 eth element has no vswitch part [V: 6/1/6//0/0]
    assert ",virtual_eth_adapters=2/0/1//0/0," in line
