"""The partition and profile attributes that are plain settings: what ``chsyscfg -r lpar|prof`` and
``mksyscfg`` may set besides resources and adapters, their defaults and the values each accepts.

A setting the model cannot act on is still *held* (stored and listed back), so a change is never
answered with rc 0 and then forgotten; a value the model cannot hold (AMS memory, HEA ports, vNIC
adapters) is refused with the invalid-value message [I: the real HMC would accept them on hardware
that has them]. Values and defaults [V] where the captured profile and partition lines show them
(ziutus/Veritas/kfsolutions profiles, the POWER7/POWER8 lssyscfg lines), else [I].
"""

from __future__ import annotations

import re
from typing import Callable

from .messages import error

Check = Callable[[str], bool]


def _one_of(*values: str) -> Check:
    return lambda v: v in values


def _int_range(low: int, high: int) -> Check:
    return lambda v: v.isascii() and v.isdigit() and low <= int(v) <= high


def _none_or_int(v: str) -> bool:
    return v == "none" or (v.isascii() and v.isdigit())


FLAG = _one_of("0", "1")

# profile settings: name -> (default, check)
PROFILE: dict[str, tuple[str, Check]] = {
    "conn_monitoring": ("0", FLAG),
    "redundant_err_path_reporting": ("0", _one_of("0", "1", "null")),
    "work_group_id": ("none", _none_or_int),
    "hca_adapters": ("none", _one_of("none")),  # [I] no HCA modelled
    "mem_mode": ("ded", _one_of("ded")),  # [I] AMS (shared) needs a memory pool, not modelled here
    "hpt_ratio": ("1:64", _one_of("1:32", "1:64", "1:128", "1:256", "1:512")),
    "min_num_huge_pages": ("0", _int_range(0, 1 << 20)),
    "desired_num_huge_pages": ("0", _int_range(0, 1 << 20)),
    "max_num_huge_pages": ("0", _int_range(0, 1 << 20)),
    "lpar_proc_compat_mode": ("default", _one_of("default", "POWER6", "POWER6+", "POWER7", "POWER7+", "POWER8",
                                                 "POWER9", "POWER9_base", "POWER10")),
    "mem_expansion": ("0.0", lambda v: bool(re.fullmatch(r"0(\.0+)?|([1-9]|10)(\.\d{1,2})?", v))),
    "affinity_group_id": ("none", _none_or_int),
    "bsr_arrays": ("0", _int_range(0, 64)),
    "lhea_logical_ports": ("none", _one_of("none")),  # [I] no HEA modelled
    "lhea_capabilities": ("none", _one_of("none")),
    "electronic_err_reporting": ("null", _one_of("null", "0", "1")),
    "vtpm_enabled": ("0", FLAG),
    "sync_curr_profile": ("0", _one_of("0", "1", "2")),
    "lpar_avail_priority": ("127", _int_range(0, 255)),
    "vnic_adapters": ("none", _one_of("none")),  # [I] vNIC not modelled
    "virtual_opti_pool_id": ("none", _one_of("none")),
    "power_ctrl_lpar_ids": ("none", _none_or_int),
    "auto_start": ("0", FLAG),
}

# partition settings chsyscfg -r lpar may change (name, default_profile, auto_start and boot_mode are
# handled with the partition itself)
LPAR: dict[str, tuple[str, Check]] = {
    "lpar_avail_priority": ("127", _int_range(0, 255)),
    "work_group_id": ("none", _none_or_int),
    "shared_proc_pool_util_auth": ("0", FLAG),
    "allow_perf_collection": ("0", FLAG),
    "power_ctrl_lpar_ids": ("none", _none_or_int),
    "redundant_err_path_reporting": ("0", FLAG),
    "sync_curr_profile": ("0", _one_of("0", "1", "2")),
    "time_ref": ("0", FLAG),
    "suspend_capable": ("0", FLAG),
    "remote_restart_capable": ("0", FLAG),
    "simplified_remote_restart_capable": ("0", FLAG),
    "vtpm_enabled": ("0", FLAG),
    "description": ("", lambda v: "," not in v and len(v) <= 256),
}


def checked(table: dict[str, tuple[str, Check]], cfg: dict) -> dict[str, str]:
    """The settings of ``table`` named in the -i data, validated (invalid-value error on the first
    bad one). A list value (power_ctrl_lpar_ids) is checked element by element and kept joined."""
    out: dict[str, str] = {}
    for name, (_default, ok) in table.items():
        if name not in cfg:
            continue
        op, value = cfg[name]
        if isinstance(value, list) and not value and _default == "none":
            out[name] = "none"  # `none` parses to an empty list
            continue
        items = value if isinstance(value, list) else [value]
        if op != "=" or not items or not all(ok(v) for v in items):
            raise error("bad_config_value", name=name)
        out[name] = ",".join(items) if isinstance(value, list) else value
    return out
