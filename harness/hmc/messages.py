"""HMC message texts as a table, and the mapping from world failures to them.

Every message goes to stdout [V]; HSCL errors, usage errors and the invalid-attribute error exit 1,
"No results were found." exits 0 [V]. Texts tagged [I] are guesses: the reference found no English
original (searched the docs, pages and code corpora for HSCL2957, missing -m, unknown option, over
max, not enough memory); confirm them on a real HMC and fix them here, nowhere else.
"""

from __future__ import annotations

from ..world.errors import WorldError

TWO = "  "  # the HMC separates sentences with two spaces [V invalid-attribute message]

MESSAGES: dict[str, str] = {
    # ---- listing ---------------------------------------------------------------------------------
    "no_results": "No results were found.",  # [V] exit 0
    # [V] Polish V7 form and English prefix (lpar2rrd, powercollector); [T] full English text
    "invalid_attribute": ("An invalid attribute was entered." + TWO + "The invalid attribute is {name}." + TWO
                          + "Please correct your entry and retry the command."),
    # [V-client code, T text] ansible matches HSCL8012 for an unknown lpar name
    "lpar_name_not_found": "HSCL8012 The partition named {name} was not found.",
    # [I] the same family for an unknown partition ID and an unknown managed system
    "lpar_id_not_found": "HSCL8013 The partition with ID {id} was not found.",
    "system_not_found": "HSCL8014 The managed system {name} was not found.",
    # ---- usage (all [I]: shaped like the verified invalid-attribute message, so that clients that
    # parse "An invalid ... is <x>." (powercollector) find the offending word) ----------------------
    "invalid_parameter": ("An invalid parameter was entered." + TWO + "The invalid parameter is {name}." + TWO
                          + "Please correct your entry and retry the command."),
    "missing_parameter": ("A required parameter was not entered." + TWO + "The missing parameter is {name}." + TWO
                          + "Please correct your entry and retry the command."),
    "missing_value": ("A value is required for the {name} parameter." + TWO
                      + "Please correct your entry and retry the command."),
    "invalid_value": ("An invalid parameter value was entered." + TWO + "The invalid value is {value} for the "
                      "{name} parameter." + TWO + "Please correct your entry and retry the command."),
    "invalid_filter": ("An invalid filter was entered." + TWO + "The invalid filter is {name}." + TWO
                       + "Please correct your entry and retry the command."),
    "conflicting_parameters": ("The {first} and {second} parameters cannot be specified together." + TWO
                               + "Please correct your entry and retry the command."),
    "internal_error": "HSCL0001 An internal error occurred while processing the command.",  # [I]
    # ---- DLPAR ------------------------------------------------------------------------------------
    # [V code, I English wording] Chinese original: "HSCL2957 管理控制台与分区 2 之间当前未建立 RMC 连接，
    # 或者该分区不支持动态分区操作。" -- the partition is named by its ID.
    "HSCL2957": ("HSCL2957 There is currently no RMC connection between the management console and partition "
                 "{lpar_id}, or the partition does not support dynamic partitioning operations."),
    # [V] power-virt-tests remove-all.bats; "some of" for a partial removal is [I]
    "HSCL2932": ("HSCL2932 The dynamic removal of memory resources failed:\n"
                 "  The operating system prevented {how_much} of the requested memory from being removed.\n"
                 "  Amount of memory removed: {removed} MB of {requested} MB.\n"
                 "  The detailed output of the OS operation follows:\n"
                 "{os_output}\n"
                 "The OS return code is {os_rc}."),
    # [I] codes and texts below: no English original found
    "mem_over_max": ("HSCL2959 The requested memory amount of {quantity} MB would bring partition {lpar} to "
                     "{new} MB, which is more than its maximum memory of {max} MB."),
    "mem_under_min": ("HSCL2960 The requested memory amount of {quantity} MB would bring partition {lpar} to "
                      "{new} MB, which is less than its minimum memory of {min} MB."),
    "mem_insufficient": ("HSCL2961 There is not enough memory available on the managed system for the request."
                         + TWO + "Requested: {quantity} MB, available: {avail} MB."),
    "not_lmb_multiple": ("HSCL2962 The memory amount {quantity} MB is not a multiple of the memory region size "
                         "of {lmb} MB."),
    "bad_quantity": "HSCL2963 The quantity {quantity} is not valid for this operation.",
    "not_running": ("HSCL2964 The partition {lpar} is in the {state} state." + TWO
                    + "Dynamic partitioning operations are only allowed on a running partition."),
    "no_connection": "HSCL2965 The management console has no connection to the managed system {system}.",
    "proc_out_of_range": ("HSCL2966 The request would change the number of processors of partition {lpar} to "
                          "{value}, which is outside its minimum of {min} and maximum of {max}."),
    "units_out_of_range": ("HSCL2967 The request would change the processing units of partition {lpar} to "
                           "{value}, which is outside its minimum of {min} and maximum of {max}."),
    "units_per_proc": ("HSCL2968 Partition {lpar} cannot have {units} processing units with {procs} virtual "
                       "processors."),
    "proc_insufficient": ("HSCL2969 There are not enough processing resources available on the managed system "
                          "for the request." + TWO + "Requested: {quantity}, available: {avail}."),
    "ded_units": ("HSCL2970 Processing units cannot be specified for partition {lpar}, which uses dedicated "
                  "processors."),
    "bad_operation": "HSCL2971 The operation {op} is not valid for this resource.",
    # ---- power (chsysstate), all [I]: no English original found -----------------------------------
    "sys_not_operating": ("HSCL0378 The managed system {system} is in the {state} state." + TWO
                          + "The operation is only allowed when the managed system is in the Operating state."),
    "sys_not_off": ("HSCL0379 The managed system {system} is in the {state} state." + TWO
                    + "It can only be powered on from the Power Off state."),
    "lpar_not_inactive": ("HSCL0DB1 The partition {lpar} cannot be activated because it is in the {state} "
                          "state."),
    "lpar_not_active": "HSCL0DB2 The partition {lpar} is not activated.",
    "profile_not_found": "HSCL8018 The partition profile named {name} was not found.",
    "activate_no_mem": ("HSCL1565 There is not enough memory available on the managed system to activate "
                        "partition {lpar}." + TWO + "Required: {quantity} MB, available: {avail} MB."),
    "activate_no_proc": ("HSCL1566 There are not enough processing resources available on the managed system "
                         "to activate partition {lpar}." + TWO + "Required: {quantity}, available: {avail}."),
    # [I] osshutdown goes through RMC (RSCT overview lists it among the RMC functions [V]); the HMC's
    # refusal is assumed to be the same HSCL2957 as for DLPAR
    "osshutdown_no_rmc": ("HSCL2957 There is currently no RMC connection between the management console and "
                          "partition {lpar_id}, or the partition does not support dynamic partitioning "
                          "operations."),
    # ---- authority ----------------------------------------------------------------------------------
    # [V-client] ansible hmc_user.py USER_AUTHORITY_ERR; the trailing period is [I]
    "no_authority": "HSCL350B The user does not have the appropriate authority.",
    # ---- partition and profile configuration (mksyscfg/chsyscfg/rmsyscfg) ---------------------------
    # [T] op-test comment: an unquoted list in -i splits on commas and is reported like this
    "invalid_config_attr": ("An invalid attribute was entered." + TWO + "The invalid attribute is {name}." + TWO
                            + "Please correct your entry and retry the command."),
    # [V-client] powervmtools matches this text for -a/-i errors
    "bad_config_format": "The format of the configuration data is invalid.",
    "config_missing": ("HSCL1502 The {name} attribute is required." + TWO
                       + "Please correct your entry and retry the command."),  # [I]
    "lpar_exists": "HSCL1503 A partition named {name} already exists on the managed system.",  # [I]
    "lpar_id_in_use": "HSCL1504 The partition ID {id} is already in use.",  # [I]
    "profile_exists": "HSCL1505 A profile named {name} already exists for partition {lpar}.",  # [I]
    "lpar_must_be_off": ("HSCL1506 The partition {lpar} must be in the Not Activated state for this "
                         "operation."),  # [I]
    "last_profile": "HSCL1507 The profile {name} is the only profile of partition {lpar} and cannot be removed.",
    "bad_config_value": ("An invalid value was entered for the {name} attribute." + TWO
                         + "Please correct your entry and retry the command."),  # [I]
    "min_max_order": ("HSCL1508 The minimum, desired and maximum values of {name} must satisfy "
                      "minimum <= desired <= maximum."),  # [I]
    # ---- keys and connections ----------------------------------------------------------------------
    # [V] bond-huang mkauthkeys transcript: no trailing period
    "HSCL3653": ("HSCL3653 The Secure Shell (SSH) communication configuration between the source and "
                 "destination management consoles has not been set up properly for the remote user {user}. "
                 "Run the mkauthkeys command to set up the SSH communication authentication keys"),
    "key_not_found": "HSCL3654 The key for {name} was not found in the authorized keys file.",  # [I]
    "bad_key": "HSCL3655 The key specified is not a valid SSH public key.",  # [I]
    # ---- mobility [I] -------------------------------------------------------------------------------
    "HSCLA27C": ("HSCLA27C The operation to get the physical device location for adapter {adapter} on the "
                 "virtual I/O server partition {vios} has failed."),
    "migr_no_rmc": ("HSCL365C The partition migration has been stopped because of an RMC communication "
                    "failure with partition {lpar_id}." + TWO + "There is currently no RMC connection "
                    "between the management console and partition {lpar_id}."),
    "migr_same_system": ("HSCL3660 The source and destination managed systems cannot be the same managed "
                         "system."),
    "migr_name_in_use": "HSCL3661 A partition named {lpar} already exists on the destination managed system.",
    "migr_not_running": ("HSCL3662 The partition {lpar} is in the {state} state." + TWO + "Only Running "
                         "partitions can be migrated actively."),
    "migr_no_resources": ("HSCL3663 The destination managed system {system} does not have enough {what} "
                          "available for partition {lpar}."),
    "migr_none": "HSCL3664 There is no migration in progress for partition {lpar}.",  # [I]
    "migr_msp": ("HSCL3665 No Virtual I/O Server partition with an active RMC connection is available on the "
                 "managed system {system} to act as a mover service partition."),  # [I]
    "migr_remote_system": "HSCL3666 The managed system {name} is not managed by the remote management console.",
    # ---- viosvrcmd [I/T]: seen in another project's fake -------------------------------------------
    "HSCL2970_ioserver": "HSCL2970 The IOServer command has failed because of the following reason:",
    "not_vios": "HSCL2975 The partition {lpar} is not a Virtual I/O Server partition.",
    # ---- vterm ---------------------------------------------------------------------------------------
    # [V-client] xCAT comment quotes the start of it; the rest is [I]
    "vterm_open": ("A terminal session is already open for this partition." + TWO
                   + "Only one open session is allowed for a partition." + TWO + "Exiting...."),
    "vterm_not_open": "HSCL0D6A There is no terminal session open for partition {lpar}.",  # [I]
}


class HmcError(Exception):
    """A failure the command reports as HMC text on stdout."""

    def __init__(self, text: str, code: int = 1):
        super().__init__(text)
        self.text = text
        self.code = code


def text(key: str, **facts) -> str:
    return MESSAGES[key].format(**facts)


def error(key: str, **facts) -> HmcError:
    return HmcError(text(key, **facts))


def _fmt_num(value) -> str:
    # processing units print as the HMC does (0.5, 1.0); MB and counts as integers
    if isinstance(value, float):
        return repr(round(value, 2))
    return str(value)


def world_error(exc: WorldError) -> HmcError:
    """The HMC's words for a failure the world reported."""
    facts = {k: _fmt_num(v) for k, v in exc.facts.items()}
    code = exc.code
    if code == "HSCL2932":
        removed = int(exc.facts.get("removed", 0))
        facts["how_much"] = "all" if removed == 0 else "some"
        facts["os_output"] = str(exc.facts.get("os_output", "")).rstrip("\n") + "\n"
    elif code in ("mem_over_max", "mem_under_min"):
        sign = 1 if code == "mem_over_max" else -1
        facts["new"] = str(int(exc.facts["cur"]) + sign * int(exc.facts["quantity"]))
    if code not in MESSAGES:
        return HmcError(text("internal_error"))
    return HmcError(MESSAGES[code].format_map(_Missing(facts)))


class _Missing(dict):
    """Leave an unknown placeholder empty rather than fail while rendering an error."""

    def __missing__(self, key: str) -> str:
        return ""


# ---- I/O DLPAR (chhwres -r io | virtualio) ----------------------------------------------------------
MESSAGES.update({
    # [V] avocado-misc-tests #1706 (reference 5): the header sentence, the OS's lines, then the return
    # code followed by the failed slot's DRC name and index
    "HSCL2929": ("HSCL2929 The dynamic removal of I/O resources failed: The I/O slot dynamic partitioning "
                 "operation failed." + TWO + "Here are the I/O slot IDs that failed and the reasons for failure:\n"
                 "{os_output}\n"
                 "The OS return code is {os_rc}." + TWO + "{drc_name} ({drc_index})"),
    # [V-client] the first sentence (powervmtools, pypowervm); the rest [I], shaped like HSCL2929
    "HSCL294D": ("HSCL294D Dynamic remove of virtual I/O resources failed: The I/O slot dynamic partitioning "
                 "operation failed." + TWO + "Here are the I/O slot IDs that failed and the reasons for failure:\n"
                 "{os_output}\n"
                 "The OS return code is {os_rc}." + TWO + "{drc_name} ({drc_index})"),
    # [I] below: no English original found
    "io_slot_not_found": "HSCL2940 The I/O slot with DRC index {drc_index} was not found on the managed system.",
    "io_slot_assigned": ("HSCL2941 The I/O slot {drc_index} is assigned to partition {owner}." + TWO
                         + "Remove it from that partition before adding it to partition {lpar}."),
    "io_slot_not_owned": "HSCL2942 The I/O slot {drc_index} is not assigned to partition {lpar}.",
    "vslot_invalid": ("HSCL2943 The virtual slot number {slot} is not valid for partition {lpar}." + TWO
                      + "Specify a slot number from {low} to {max}."),
    "vslot_in_use": "HSCL2944 Virtual slot {slot} of partition {lpar} is already in use.",
    "vslot_not_found": "HSCL2945 There is no virtual adapter in slot {slot} of partition {lpar}.",
    # [V code] reference 4.6: "HSCLA4C0 <message>" on a system without virtual fibre channel
    "vfc_unsupported": "HSCLA4C0 The managed system {system} does not support virtual fibre channel adapters.",
})


# ---- managed-system resources, firmware, system settings: all [I] (no English original found) -------
MESSAGES.update({
    "pool_not_found": "HSCL1522 The shared processor pool {name} was not found on the managed system.",
    "default_pool": "HSCL1523 The attributes of the default shared processor pool cannot be changed.",
    "pool_name_in_use": "HSCL1524 A shared processor pool named {name} already exists on the managed system.",
    "pool_max_integer": ("HSCL1525 The maximum processing units of a shared processor pool must be a whole "
                         "number." + TWO + "The value {value} is not valid."),
    "pool_max_too_big": ("HSCL1526 The maximum processing units {value} of the shared processor pool exceed the "
                         "{avail} processing units configurable on the managed system."),
    "pool_max_too_small": ("HSCL1527 The shared processor pool {pool} needs at least {need} processing units for "
                           "its partitions and reserve, but its maximum would be {value}."),
    "pool_ded_partition": ("HSCL1528 The partition {lpar} uses dedicated processors and cannot be assigned to a "
                           "shared processor pool."),
    "pool_not_configured": ("HSCL1529 The shared processor pool {name} has no maximum processing units "
                            "configured." + TWO + "Set its maximum before assigning partitions to it."),
    "huge_pages_range": ("HSCL1530 The requested number of huge pages {value} is not valid." + TWO
                         + "Specify a number from 0 to {max}."),
    "huge_pages_powered_on": ("HSCL1532 The number of huge pages can only be changed while the managed system "
                              "is powered off." + TWO + "The managed system {system} is in the {state} state."),
    "mirroring_unsupported": "HSCL1533 The managed system {system} does not support memory mirroring.",
    "sys_name_in_use": "HSCL1531 A managed system named {name} is already managed by this management console.",
    "lic_level_not_found": ("HSCF0180 The LIC level {level} was not found in the repository for managed system "
                            "{system}."),
    "lic_level_current": ("HSCF0181 The managed system {system} is already at or above LIC level {level}." + TWO
                          + "No update is needed."),
    "lic_in_progress": "HSCF0182 A LIC update is already in progress on managed system {system}.",
    "lic_nothing_to_remove": ("HSCF0183 There are no installed LIC updates to remove on managed system "
                              "{system}."),
    "no_power_subsystem": "HSCF0184 The managed system {system} does not have a power subsystem.",
})
