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
