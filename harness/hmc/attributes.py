"""Attribute lists of every HMC listing, per HMC level, as data.

A listing has a *default* order (what the plain listing prints, and what ``-F`` alone prints) and
*extra* attributes that ``-F`` accepts although the default listing omits them [V: reference 2.2,
hmcpctl min_eth_capacity_granularity]. An ``-F`` name outside default+extra is the invalid-attribute
error. Tags: [V] verified in reference/hmc-cli.md, [I] inferred, to be confirmed on a real HMC.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

LEVELS = ("V7", "V8", "V9", "V10")


@dataclass(frozen=True)
class Listing:
    default: tuple[str, ...]
    extra: tuple[str, ...] = ()

    @cached_property  # asked by every -F check of every listing
    def names(self) -> frozenset[str]:
        return frozenset(self.default) | frozenset(self.extra)


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _listing(default: tuple[str, ...], extra: tuple[str, ...] = ()) -> Listing:
    return Listing(default, tuple(a for a in extra if a not in default))


# ---- lssyscfg -r lpar ------------------------------------------------------------------------------
# [V] hmc-samples/v7_lssyscfg_r_lpar_default.txt (V7R7.9 on a POWER5, 20 attributes); a POWER7 on a V7
# HMC adds the POWER7 fields after rmc_ipaddr [V: ziutus test_lpar_decode_aix71, the Veritas SFHA 6.1
# line `...,rmc_ipaddr=..,time_ref=0,lpar_avail_priority=127,desired_lpar_proc_compat_mode=default,
# curr_lpar_proc_compat_mode=POWER7,suspend_capable=0,remote_restart_capable=0,affinity_group_id=none`];
# sync_curr_profile's place before affinity_group_id follows the POWER8 line below [I].
LPAR_V7 = _t("""name lpar_id lpar_env state resource_config os_version logical_serial_num default_profile
    curr_profile work_group_id shared_proc_pool_util_auth allow_perf_collection power_ctrl_lpar_ids boot_mode
    lpar_keylock auto_start redundant_err_path_reporting rmc_state rmc_ipaddr time_ref lpar_avail_priority
    desired_lpar_proc_compat_mode curr_lpar_proc_compat_mode suspend_capable remote_restart_capable
    sync_curr_profile affinity_group_id""")
# [V] bond-huang `-F --header` of a V8 HMC on a POWER5 9117-570 (26 attributes) and [V] the POWER8 line
# of IBM's Simplified Remote Restart webinar (ziutus test_vtpm_power8: `...,rmc_ipaddr=..,time_ref=0,
# lpar_avail_priority=127,desired_lpar_proc_compat_mode=POWER8,curr_lpar_proc_compat_mode=POWER8,
# suspend_capable=0,remote_restart_capable=0,simplified_remote_restart_capable=1,remote_restart_status=
# Remote Restartable,sync_curr_profile=0,affinity_group_id=none,vtpm_enabled=0`). [I] the merge of the
# two: the POWER7+ fields after the DLPAR flags, uuid last. V9/V10 print the V8 list [I].
LPAR_V8 = _t("""name lpar_id lpar_env state resource_config os_version logical_serial_num default_profile
    curr_profile work_group_id shared_proc_pool_util_auth allow_perf_collection power_ctrl_lpar_ids boot_mode
    ipl_source lpar_keylock auto_start redundant_err_path_reporting rmc_state rmc_ipaddr rmc_osshutdown_capable
    dlpar_mem_capable dlpar_proc_capable dlpar_io_capable time_ref lpar_avail_priority
    desired_lpar_proc_compat_mode curr_lpar_proc_compat_mode suspend_capable remote_restart_capable
    simplified_remote_restart_capable remote_restart_status sync_curr_profile affinity_group_id vtpm_enabled
    uuid""")
LPAR_V9 = LPAR_V8
# Attributes a POWER4/5/6 system's lines do not have [V: the V7 POWER5 sample and the V8 POWER5 header
# lack all of them; I: POWER6 like POWER5].
LPAR_POWER7_ONLY = frozenset(_t("""time_ref lpar_avail_priority desired_lpar_proc_compat_mode
    curr_lpar_proc_compat_mode suspend_capable remote_restart_capable simplified_remote_restart_capable
    remote_restart_status affinity_group_id vtpm_enabled"""))
# -F-only attributes. [I] V7 already knew the RMC/DLPAR flags (the RSCT doc queries them on a
# V7-era HMC); the rest are attributes real clients query with -F on V8+ (op-test, hmcpctl,
# hmc-mcp's pend_lpar_proc_compat_mode).
LPAR_EXTRA_V7 = _t("ipl_source rmc_osshutdown_capable dlpar_mem_capable dlpar_proc_capable dlpar_io_capable")
LPAR_EXTRA_V8 = LPAR_EXTRA_V7 + _t("""time_ref lpar_avail_priority desired_lpar_proc_compat_mode
    curr_lpar_proc_compat_mode pend_lpar_proc_compat_mode suspend_capable remote_restart_capable
    simplified_remote_restart_capable affinity_group_id vtpm_enabled msp kvm_capable curr_secure_boot
    powervm_mgmt_capable description os""")

# ---- lssyscfg -r sys -------------------------------------------------------------------------------
# [V] the whole V7 list in its order: ziutus test/hmc_sys_test.rb (V7R7.9, a POWER5 9131-52A, Operating,
# 73 names) and test/hmc_sys_power5_off_test.rb (the same system powered off). Four names print only
# sometimes [V both lines; I the rules, syscfg_records.SYS_CONDITIONAL]: service_lpar_name (not when
# service_lpar_id=none), max_remote_restart_capable_lpars / max_suspend_capable_lpars (not when the
# system lacks the capability) and 5250_application_capable (not when os400_capable is unknown).
SYS_V7 = _t("""name type_model serial_num ipaddr state detailed_state sys_time power_off_policy
    active_lpar_mobility_capable inactive_lpar_mobility_capable active_lpar_share_idle_procs_capable
    active_mem_expansion_capable hardware_active_mem_expansion_capable active_mem_sharing_capable
    addr_broadcast_perf_policy_capable bsr_capable cod_mem_capable cod_proc_capable
    dynamic_platform_optimization_capable electronic_err_reporting_capable firmware_power_saver_capable
    hardware_power_saver_capable hardware_discovery_capable hca_capable huge_page_mem_capable lhea_capable
    lpar_avail_priority_capable lpar_proc_compat_mode_capable lpar_remote_restart_capable
    powervm_lpar_remote_restart_capable lpar_suspend_capable micro_lpar_capable os400_capable
    5250_application_capable redundant_err_path_reporting_capable shared_eth_failover_capable
    sni_msg_passing_capable sp_failover_capable vet_activation_capable virtual_fc_capable
    virtual_io_server_capable virtual_switch_capable vsn_phase2_capable vsi_on_veth_capable
    assign_5250_cpw_percent max_lpars max_power_ctrl_lpars max_remote_restart_capable_lpars
    max_suspend_capable_lpars hca_bandwidth_capabilities service_lpar_id service_lpar_name curr_sys_keylock
    pend_sys_keylock curr_power_on_side pend_power_on_side curr_power_on_speed pend_power_on_speed
    curr_power_on_speed_override pend_power_on_speed_override power_on_type power_on_option
    power_on_lpar_start_policy pend_power_on_option pend_power_on_lpar_start_policy power_on_method
    power_on_attr sp_boot_attr sp_boot_major_type sp_boot_minor_type sp_version mfg_default_config
    curr_mfg_default_ipl_source pend_mfg_default_ipl_source curr_mfg_default_boot_mode
    pend_mfg_default_boot_mode""")
SYS_ALL = SYS_V7  # the name the change commands import
# [I] V8+ additions (no captured V8+ default line): simplified remote restart came with V8R8.2 and
# POWER8; lpar_proc_compat_modes is [V-client] (hmc-mcp asks -F lpar_proc_compat_modes), its position [I].
SYS_V8 = tuple(a for n in SYS_V7 for a in (
    (n, "powervm_lpar_simplified_remote_restart_capable") if n == "powervm_lpar_remote_restart_capable"
    else (n, "lpar_proc_compat_modes") if n == "lpar_proc_compat_mode_capable" else (n,)))
# [V-client] powercollector asks -F capabilities; [I] V8+ only.
SYS_EXTRA_V8 = _t("capabilities")
# [V] hmc_sys_power5_off_test.rb: what a powered-off system still shows (the HMC keeps the service
# processor's view); every other attribute prints `unavailable`. [I] the same for No Connection.
SYS_KEPT_WHEN_OFF = frozenset(_t("""name type_model serial_num ipaddr state detailed_state sys_time
    addr_broadcast_perf_policy_capable firmware_power_saver_capable hardware_power_saver_capable hca_capable
    huge_page_mem_capable sni_msg_passing_capable sp_failover_capable max_power_ctrl_lpars
    hca_bandwidth_capabilities curr_sys_keylock pend_sys_keylock curr_power_on_side pend_power_on_side
    curr_power_on_speed pend_power_on_speed curr_power_on_speed_override pend_power_on_speed_override
    power_on_type power_on_option power_on_lpar_start_policy pend_power_on_option
    pend_power_on_lpar_start_policy power_on_method power_on_attr sp_boot_attr sp_boot_major_type
    sp_boot_minor_type sp_version curr_mfg_default_ipl_source pend_mfg_default_ipl_source
    curr_mfg_default_boot_mode pend_mfg_default_boot_mode"""))
SYS_ALWAYS_KNOWN = SYS_KEPT_WHEN_OFF

# ---- lssyscfg -r prof ------------------------------------------------------------------------------
# [V] v7_lssyscfg_r_prof_default.txt order up to redundant_err_path_reporting; later fields omitted [I].
# virtual_fc_adapters after virtual_eth_adapters [V: the POWER7 Veritas and kfsolutions profile lines];
# a POWER5/6 line has none [V ziutus POWER5 profiles].
PROF_ALL = _t("""name lpar_name lpar_id lpar_env all_resources min_mem desired_mem max_mem min_num_huge_pages
    desired_num_huge_pages max_num_huge_pages mem_mode hpt_ratio proc_mode min_proc_units desired_proc_units
    max_proc_units min_procs desired_procs max_procs sharing_mode uncap_weight io_slots lpar_io_pool_ids
    max_virtual_slots virtual_serial_adapters virtual_scsi_adapters virtual_eth_adapters virtual_fc_adapters
    hca_adapters boot_mode conn_monitoring auto_start power_ctrl_lpar_ids work_group_id
    redundant_err_path_reporting""")

# A POWER7+ system's profile line [V: the Veritas SFHA 6.1 line (POWER7, dedicated, AME and HEA
# capable) and the kfsolutions line (POWER7, shared)]: mem_expansion only where AME is possible, the
# pool fields only for shared processors, the lhea_* fields only where HEA is (syscfg_records.py).
PROF_POWER7 = _t("""name lpar_name lpar_id lpar_env all_resources min_mem desired_mem max_mem min_num_huge_pages
    desired_num_huge_pages max_num_huge_pages mem_mode mem_expansion hpt_ratio proc_mode min_proc_units
    desired_proc_units max_proc_units min_procs desired_procs max_procs sharing_mode uncap_weight
    shared_proc_pool_id shared_proc_pool_name affinity_group_id io_slots lpar_io_pool_ids max_virtual_slots
    virtual_serial_adapters virtual_scsi_adapters virtual_eth_adapters vtpm_adapters virtual_fc_adapters
    hca_adapters boot_mode conn_monitoring auto_start power_ctrl_lpar_ids work_group_id
    redundant_err_path_reporting bsr_arrays lhea_logical_ports lhea_capabilities lpar_proc_compat_mode
    electronic_err_reporting""")
# -F-only profile attributes [I]: clients set them with chsyscfg; the captured lines do not print them
PROF_EXTRA = _t("vtpm_enabled sync_curr_profile lpar_avail_priority vnic_adapters virtual_opti_pool_id")

# ---- lshwres -r mem ---------------------------------------------------------------------------------
# [V] v7_lshwres_r_mem_level_lpar.txt; VIOS lines omit the huge-page fields [V]
MEM_LPAR = _t("""lpar_name lpar_id curr_min_mem curr_mem curr_max_mem pend_min_mem pend_mem pend_max_mem
    run_min_mem run_mem curr_min_num_huge_pages curr_num_huge_pages curr_max_num_huge_pages
    pend_min_num_huge_pages pend_num_huge_pages pend_max_num_huge_pages run_num_huge_pages mem_mode
    curr_hpt_ratio""")
MEM_HUGE_PAGES = frozenset(a for a in MEM_LPAR if "huge_pages" in a)
# [V] v7_lshwres_r_mem_level_sys.txt
MEM_SYS = _t("""configurable_sys_mem curr_avail_sys_mem pend_avail_sys_mem installed_sys_mem deconfig_sys_mem
    sys_firmware_mem mem_region_size configurable_num_sys_huge_pages curr_avail_num_sys_huge_pages
    pend_avail_num_sys_huge_pages max_num_sys_huge_pages requested_num_sys_huge_pages huge_page_size
    max_mem_pools default_hpt_ratios possible_hpt_ratios""")
# [V-client] op-test sets/reads pend_mem_region_size; [I] that it is -F-only
MEM_SYS_EXTRA = _t("pend_mem_region_size")

# ---- lshwres -r proc --------------------------------------------------------------------------------
# [V] v7_lshwres_r_proc_level_lpar.txt (shared) and ziutus hmc_lpar_real_test.rb (dedicated)
PROC_LPAR_SHARED = _t("""lpar_name lpar_id curr_shared_proc_pool_id curr_proc_mode curr_min_proc_units
    curr_proc_units curr_max_proc_units curr_min_procs curr_procs curr_max_procs curr_sharing_mode
    curr_uncap_weight pend_shared_proc_pool_id pend_proc_mode pend_min_proc_units pend_proc_units
    pend_max_proc_units pend_min_procs pend_procs pend_max_procs pend_sharing_mode pend_uncap_weight
    run_proc_units run_procs run_uncap_weight""")
PROC_LPAR_DED = _t("""lpar_name lpar_id curr_proc_mode curr_min_procs curr_procs curr_max_procs
    curr_sharing_mode pend_proc_mode pend_min_procs pend_procs pend_max_procs pend_sharing_mode run_procs""")
# [V-client] lpar2rrd asks curr_shared_proc_pool_name (POWER5 rejects it); [I] -F-only here
PROC_LPAR_EXTRA = _t("curr_shared_proc_pool_name pend_shared_proc_pool_name")
# [V] first eight and the last of v7_lshwres_r_proc_level_sys.txt; the elided middle is [I]
PROC_SYS = _t("""configurable_sys_proc_units curr_avail_sys_proc_units pend_avail_sys_proc_units
    installed_sys_proc_units deconfig_sys_proc_units min_proc_units_per_virtual_proc max_virtual_procs_per_lpar
    max_procs_per_lpar max_curr_virtual_procs_per_aixlinux_lpar max_curr_virtual_procs_per_vios_lpar
    max_curr_virtual_procs_per_os400_lpar max_curr_procs_per_aixlinux_lpar max_curr_procs_per_vios_lpar
    max_curr_procs_per_os400_lpar max_shared_proc_pools""")
# [V-client] op-test reads curr_sys_virtual_procs; [I] -F-only
PROC_SYS_EXTRA = _t("curr_sys_virtual_procs")

# ---- lshmc -n -------------------------------------------------------------------------------------
# [V] the first three (hmc-samples/v7_lshmc_n.txt); the rest and their order are [I]
HMC_NETWORK = _t("""hostname domain ipaddr networkmask gateway nameserver domainsuffix slipipaddr slipnetmask
    ipaddrlpar networkmasklpar clients ipv6addrlpar ipv4addr_eth0 ipv4netmask_eth0 ipv4dhcp_eth0 ipv6addr_eth0
    ipv6auto_eth0 ipv6privacy_eth0 ipv6dhcp_eth0 lparcomm_eth0 jumboframe_eth0 speed_eth0 duplex_eth0""")


def _per_level(v7: Listing, later: Listing | None = None, **overrides: Listing) -> dict[str, Listing]:
    table = {level: (v7 if level == "V7" else (later or v7)) for level in LEVELS}
    table.update(overrides)
    return table


# ---- lssyscfg -r sysprof --------------------------------------------------------------------------------
# [I] names from the IBM man page's sysprof attribute list as remembered; order [I]
SYSPROF = _t("name lpar_names lpar_ids profile_names")

LISTINGS: dict[str, dict[str, Listing]] = {
    "lssyscfg.lpar": _per_level(_listing(LPAR_V7, LPAR_EXTRA_V7), _listing(LPAR_V8, LPAR_EXTRA_V8)),
    "lssyscfg.sys": _per_level(_listing(SYS_V7), _listing(SYS_V8, SYS_EXTRA_V8)),
    "lssyscfg.prof": _per_level(_listing(PROF_POWER7, PROF_EXTRA)),
    "lssyscfg.sysprof": _per_level(_listing(SYSPROF)),
    "lshwres.mem.lpar": _per_level(_listing(MEM_LPAR)),
    "lshwres.mem.sys": _per_level(_listing(MEM_SYS, MEM_SYS_EXTRA)),
    # the shared form is the listing's reference order; dedicated records use a subset [V]
    "lshwres.proc.lpar": _per_level(_listing(PROC_LPAR_SHARED, PROC_LPAR_EXTRA)),
    "lshwres.proc.sys": _per_level(_listing(PROC_SYS, PROC_SYS_EXTRA)),
    "lshmc.network": _per_level(_listing(HMC_NETWORK)),
}


def listing(kind: str, level: str) -> Listing:
    return LISTINGS[kind][level]


# ---- lsrefcode ---------------------------------------------------------------------------------------
# [V-client] xCAT/ansible parse `refcode=` from the default line; time_stamp/lpar_name/lpar_id [V]
# (LKML transcript with -F 'time_stamp refcode'); word2 and fru_call_out_loc_codes and the order [I]
REFCODE_LPAR = _t("lpar_name lpar_id time_stamp refcode word2 fru_call_out_loc_codes")
REFCODE_SYS = _t("time_stamp refcode word2 fru_call_out_loc_codes")

# ---- lshmcusr ------------------------------------------------------------------------------------------
# [V 2nd-hand] ziutus test/hmc_lshmcusr_test.rb (a line from an IBM developerWorks comment)
HMC_USER = _t("""name taskrole description pwage resourcerole authentication_type remote_webui_access
    remote_ssh_access min_pwage session_timeout verify_timeout idle_timeout inactivity_expiration resources
    password_encryption disabled""")

# ---- lssysconn -r all ----------------------------------------------------------------------------------
# [V] ziutus lssysconn_r_all.txt and the xCAT mailing-list line; connection_error_code only when not Connected
SYSCONN = _t("resource_type type_model_serial_num sp sp_phys_loc ipaddr alt_ipaddr state connection_error_code")

# ---- lslparmigr [I]: output not captured (reference 9) --------------------------------------------------
LPARMIGR_LPAR = _t("name lpar_id migration_state migration_type dest_sys_name dest_lpar_id source_msp_name "
                   "source_msp_id dest_msp_name dest_msp_id bytes_transmitted bytes_remaining")
LPARMIGR_SYS = _t("inactive_lpar_mobility_capable num_inactive_migrations_supported "
                  "num_inactive_migrations_in_progress active_lpar_mobility_capable "
                  "num_active_migrations_supported num_active_migrations_in_progress")

# ---- lslparutil [V-client names: lpar2rrd -F lists; I order and the rest] --------------------------------
LPARUTIL_CONFIG = _t("name type_model serial_num sample_rate")
LPARUTIL_LPAR = _t("""time event_type resource_type sys_time lpar_name lpar_id curr_proc_mode curr_proc_units
    curr_procs curr_sharing_mode curr_uncap_weight curr_shared_proc_pool_name curr_shared_proc_pool_id
    curr_5250_cpw_percent mem_mode curr_mem entitled_cycles capped_cycles uncapped_cycles""")
LPARUTIL_SYS = _t("""time event_type resource_type sys_time state configurable_sys_proc_units
    curr_avail_sys_proc_units configurable_sys_mem curr_avail_sys_mem sys_firmware_mem""")

# ---- lscomgmt [V-client] fence_lpar matches ",curr_master_mtms=(.*?)," in the default line; rest [I] ---
COMGMT = _t("is_comgmt_capable curr_master_mtms curr_master_name pend_master_mtms curr_master_mode")

LISTINGS.update({
    "lsrefcode.lpar": _per_level(_listing(REFCODE_LPAR)),
    "lsrefcode.sys": _per_level(_listing(REFCODE_SYS)),
    "lshmcusr": _per_level(_listing(HMC_USER)),
    "lssysconn": _per_level(_listing(SYSCONN)),
    "lslparmigr.lpar": _per_level(_listing(LPARMIGR_LPAR)),
    "lslparmigr.sys": _per_level(_listing(LPARMIGR_SYS)),
    "lslparutil.config": _per_level(_listing(LPARUTIL_CONFIG)),
    "lslparutil.lpar": _per_level(_listing(LPARUTIL_LPAR)),
    "lslparutil.sys": _per_level(_listing(LPARUTIL_SYS)),
    "lscomgmt": _per_level(_listing(COMGMT)),
})

# ---- lshwres -r io ------------------------------------------------------------------------------------
# [V] hmc-samples/v7_lshwres_r_io_rsubtype_slot.txt (ziutus hmc_frame_lshwres_io_slots.txt); lpar_name
# only on assigned slots [V]
IO_SLOT = _t("""unit_phys_loc bus_id phys_loc drc_index lpar_name lpar_id slot_io_pool_id description
    feature_codes pci_vendor_id pci_device_id pci_subs_vendor_id pci_subs_device_id pci_class pci_revision_id
    bus_grouping iop parent_slot_drc_index drc_name interposer_present interposer_pcie""")
# [I] the other io subtypes: names from the P8 man page's synopsis, attributes guessed
IO_UNIT = _t("unit_phys_loc")
IO_BUS = _t("unit_phys_loc bus_id backplane_phys_loc bus_drc_index bus_drc_name")
IO_IOPOOL_SYS = _t("io_pools")
IO_IOPOOL_POOL = _t("io_pool_id lpar_ids")
IO_SLOTCHILDREN = _t("parent_slot_drc_index phys_loc description lpar_name lpar_id")

# ---- lshwres -r virtualio -----------------------------------------------------------------------------
# [V] v7_lshwres_virtualio_eth_lpar.txt; trunk_priority only when is_trunk=1 [V]; vswitch [V] (V7
# developerWorks line), left out on POWER5 [V: the POWER5 line has none]; allowed_os_mac_addrs and
# qos_priority [V] (IBM docview isg3T7000527 line), their HMC level (V8+) [I]
VIO_ETH_V7 = _t("""lpar_name lpar_id slot_num state is_required is_trunk trunk_priority ieee_virtual_eth
    port_vlan_id vswitch addl_vlan_ids mac_addr""")
VIO_ETH_V8 = VIO_ETH_V7 + _t("allowed_os_mac_addrs qos_priority")
VIO_ETH_SYS = _t("max_vlans_per_port mac_prefix")  # [I]
# [V] ziutus hmc_VirtualScsiAdapter_test.rb real line
VIO_SCSI = _t("lpar_name lpar_id slot_num state is_required adapter_type remote_lpar_id remote_lpar_name "
              "remote_slot_num")
# [V] reference 4.6 (the tail from connect_status); lpar_name..is_required as the other adapters [I]
VIO_SERIAL = _t("lpar_name lpar_id slot_num state is_required connect_status adapter_type supports_hmc "
                "remote_lpar_id remote_lpar_name remote_slot_num")
VIO_FC = _t("lpar_name lpar_id slot_num adapter_type state is_required remote_lpar_id remote_lpar_name "
            "remote_slot_num wwpns")  # [I]
# [V] reference 4.6
VIO_SLOT_LPAR = _t("lpar_name lpar_id curr_max_virtual_slots pend_max_virtual_slots next_avail_virtual_slot")
VIO_SLOT_SLOT = _t("slot_num lpar_name lpar_id config state drc_name")  # [I]

LISTINGS.update({
    "lshwres.io.slot": _per_level(_listing(IO_SLOT)),
    "lshwres.io.unit": _per_level(_listing(IO_UNIT)),
    "lshwres.io.bus": _per_level(_listing(IO_BUS)),
    "lshwres.io.iopool.sys": _per_level(_listing(IO_IOPOOL_SYS)),
    "lshwres.io.iopool.pool": _per_level(_listing(IO_IOPOOL_POOL)),
    "lshwres.io.slotchildren": _per_level(_listing(IO_SLOTCHILDREN)),
    "lshwres.virtualio.eth.lpar": _per_level(_listing(VIO_ETH_V7), _listing(VIO_ETH_V8)),
    "lshwres.virtualio.eth.sys": _per_level(_listing(VIO_ETH_SYS)),
    "lshwres.virtualio.scsi.lpar": _per_level(_listing(VIO_SCSI)),
    "lshwres.virtualio.serial.lpar": _per_level(_listing(VIO_SERIAL)),
    "lshwres.virtualio.fc.lpar": _per_level(_listing(VIO_FC)),
    "lshwres.virtualio.slot.lpar": _per_level(_listing(VIO_SLOT_LPAR)),
    "lshwres.virtualio.slot.slot": _per_level(_listing(VIO_SLOT_SLOT)),
})

# ---- managed-system resources (hwres_system.py, firmware.py, sysinfo.py) ----------------------------
# lshwres -r procpool: names [V-client] (a collector's -F name:max_pool_proc_units:curr_reserved_pool_proc_units:
# pend_reserved_pool_proc_units:lpar_names); shared_proc_pool_id [V] (lshwres -r proc); lpar_ids and the order [I]
PROCPOOL = _t("name shared_proc_pool_id max_pool_proc_units curr_reserved_pool_proc_units "
              "pend_reserved_pool_proc_units lpar_names lpar_ids")
PROC_POOL_LEVEL = _t("configurable_pool_proc_units curr_avail_pool_proc_units pend_avail_pool_proc_units")  # [I]
# [I] AMS shared memory pool (none is modelled: every listing says "No results were found.")
MEMPOOL = _t("curr_pool_mem pend_pool_mem curr_max_pool_mem pend_max_pool_mem sys_firmware_pool_mem "
             "paging_vios_names paging_vios_ids curr_avail_pool_mem")
MEMPOOL_PGDEV = _t("device_name paging_vios_name paging_vios_id size type state lpar_id")
# [I] SR-IOV and HCA attribute names (the default inventory holds no such adapter)
SRIOV_ADAPTER = _t("adapter_id slot_id phys_loc adapter_type state config_state functional_state "
                   "max_logical_ports curr_logical_ports")
SRIOV_PHYSPORT = _t("adapter_id phys_port_id phys_port_loc phys_port_type state config_state curr_conn_speed "
                    "max_logical_ports curr_logical_ports")
SRIOV_LOGPORT = _t("config_id adapter_id logical_port_id lpar_name lpar_id phys_port_id logical_port_type "
                   "state is_required capacity mac_addr port_vlan_id")
HCA_SYS = _t("adapter_id phys_loc unassigned_guids")  # [V-client] xCAT -F adapter_id:phys_loc:unassigned_guids
HCA_LPAR = _t("lpar_name lpar_id adapter_id guid capability")
# [I] vswitch=ETHERNET0,switch_mode=VEB,"vlan_ids=1,10"
VIO_VSWITCH = _t("vswitch switch_mode vlan_ids")
VIO_VNIC = _t("lpar_name lpar_id slot_num state is_required port_vlan_id mac_addr backing_devices")  # [I]

# ---- lslic [V-client names: activated_spname, activated_level, ecnumber (ansible); curr_ecnumber_primary,
# curr_level_primary/_secondary, curr_ecnumber_a/_b, curr_level_a/_b (xCAT's lslic map)]; the rest and the order [I]
_SIDES = ("curr", "temp", "perm")
LIC_SYS = _t("""lic_type management_status disabled_reason activated_level activated_spname installed_level
    installed_spname accepted_level accepted_spname ecnumber mtms deferred_level deferred_spname platform_ipl_level
    platform_ipl_spname""") + tuple(f"{side}_{what}_primary" for side in _SIDES
                                    for what in ("ecnumber", "level", "spname")) + ("update_control",) + tuple(
    f"{side}_{what}_secondary" for side in _SIDES for what in ("ecnumber", "level", "spname"))
LIC_POWER = _t("""lic_type management_status disabled_reason activated_level activated_spname installed_level
    installed_spname accepted_level accepted_spname ecnumber mtms""") + tuple(
    f"{side}_{what}_{bpa}" for bpa in ("a", "b") for side in _SIDES for what in ("ecnumber", "level"))

# ---- lscod [V-client activated_trial_procs; the rest I] ----------------------------------------------
COD_CAP = {
    ("cuod", "proc"): _t("installed_procs perm_procs inactive_procs"),
    ("cuod", "mem"): _t("installed_mem perm_mem inactive_mem"),
    ("onoff", "proc"): _t("onoff_state activated_onoff_procs avail_procs_for_onoff unreturned_onoff_procs "
                          "onoff_request_days_left"),
    ("onoff", "mem"): _t("onoff_state activated_onoff_mem avail_mem_for_onoff unreturned_onoff_mem "
                         "onoff_request_days_left"),
    ("trial", "proc"): _t("trial_state activated_trial_procs avail_procs_for_trial trial_days_left"),
    ("trial", "mem"): _t("trial_state activated_trial_mem avail_mem_for_trial trial_days_left"),
    ("mobile", "proc"): _t("mobile_state installed_procs perm_procs mobile_procs inactive_procs"),
    ("mobile", "mem"): _t("mobile_state installed_mem perm_mem mobile_mem inactive_mem"),
}
COD_BILL = _t("sys_type sys_serial_num anchor_card_ccin anchor_card_serial_num anchor_card_unique_id "
              "resource_id sequence_num activated_onoff_resources avail_resources_for_onoff hist_expired_resource_days "
              "hist_unreturned_resource_days collection_date collection_time total_sys_run_time signature "
              "entry_check status")
COD_CODE = _t("sys_type sys_serial_num anchor_card_ccin anchor_card_serial_num anchor_card_unique_id "
              "resource_id activated_resources sequence_num entry_check")
COD_HIST = _t("time_stamp entry")

# ---- lsled [I names: state; lpar_id, lpar_name per partition] ------------------------------------------
LED_SYS = _t("state")
LED_LPAR = _t("lpar_id lpar_name state")

# ---- lsmemopt [T hmcpctl -o currscore; I names] -----------------------------------------------------------
MEMOPT_LPAR_CURR = _t("lpar_name lpar_id curr_lpar_score")
MEMOPT_LPAR_CALC = _t("lpar_name lpar_id curr_lpar_score predicted_lpar_score")
MEMOPT_SYS_CURR = _t("curr_sys_score")
MEMOPT_SYS_CALC = _t("curr_sys_score predicted_sys_score")

LISTINGS.update({
    "lshwres.procpool": _per_level(_listing(PROCPOOL)),
    # [V-client] curr_mem_mirroring_mode in the default line of a mirroring-capable system (ansible); pend_ [I]
    "lshwres.mem.sys": _per_level(_listing(MEM_SYS + ("curr_mem_mirroring_mode", "pend_mem_mirroring_mode"),
                                           MEM_SYS_EXTRA)),
    "lshwres.proc.pool": _per_level(_listing(PROC_POOL_LEVEL)),
    "lshwres.mem.pool": _per_level(_listing(MEMPOOL)),
    "lshwres.mempool": _per_level(_listing(MEMPOOL)),
    "lshwres.mempool.pgdev": _per_level(_listing(MEMPOOL_PGDEV)),
    "lshwres.sriov.adapter": _per_level(_listing(SRIOV_ADAPTER)),
    "lshwres.sriov.physport": _per_level(_listing(SRIOV_PHYSPORT)),
    "lshwres.sriov.logport": _per_level(_listing(SRIOV_LOGPORT)),
    "lshwres.hca.sys": _per_level(_listing(HCA_SYS)),
    "lshwres.hca.lpar": _per_level(_listing(HCA_LPAR)),
    "lshwres.virtualio.vswitch.sys": _per_level(_listing(VIO_VSWITCH)),
    "lshwres.virtualio.vnic.lpar": _per_level(_listing(VIO_VNIC)),
    "lslic.sys": _per_level(_listing(LIC_SYS)),
    "lslic.power": _per_level(_listing(LIC_POWER)),
    "lscod.bill": _per_level(_listing(COD_BILL)),
    "lscod.code": _per_level(_listing(COD_CODE)),
    "lscod.hist": _per_level(_listing(COD_HIST)),
    "lsled.sys": _per_level(_listing(LED_SYS)),
    "lsled.lpar": _per_level(_listing(LED_LPAR)),
    "lsmemopt.lpar.currscore": _per_level(_listing(MEMOPT_LPAR_CURR)),
    "lsmemopt.lpar.calcscore": _per_level(_listing(MEMOPT_LPAR_CALC)),
    "lsmemopt.sys.currscore": _per_level(_listing(MEMOPT_SYS_CURR)),
    "lsmemopt.sys.calcscore": _per_level(_listing(MEMOPT_SYS_CALC)),
    **{f"lscod.cap.{c}.{r}": _per_level(_listing(names)) for (c, r), names in COD_CAP.items()},
})

# ---- lssacfg [V: the -t types, IBM P9 man page]; every attribute name and order below is [I] ----------
SACFG = {
    "authuser": _t("name"),
    "callhome": _t("name type_model_serial_num callhome_enabled"),
    "callhomeserver": _t("callhome_server_enabled"),
    "connmon": _t("name type_model_serial_num connmon_enabled"),
    "connmontimer": _t("connmon_timer connmon_no_connection_timer"),
    "custinfo": _t("admin_company_name admin_name admin_email admin_phone admin_country sys_company_name "
                   "sys_country"),
    "email": _t("email_enabled smtp_server smtp_port email_addresses"),
    "ftpfirewall": _t("ftp_firewall_enabled"),
    "ftpoffload": _t("ftp_offload_enabled host port user directory passive_mode"),
    "snmp": _t("snmp_address"),
    "snmpopt": _t("snmp_community snmp_enabled"),
    "snmptrapnames": _t("snmp_trap_name"),
}
LISTINGS.update({f"lssacfg.{kind}": _per_level(_listing(names)) for kind, names in SACFG.items()})
