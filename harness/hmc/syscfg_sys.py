"""chsyscfg -r sys: the managed system's own settable attributes (harness/world/sysres.py).

  chsyscfg -r sys -m sys -i "new_name=..,power_off_policy=0|1,power_on_side=perm|temp,
           power_on_speed=slow|fast|norm,power_on_option=autostart|standby,
           power_on_lpar_start_policy=autostart|userinit|inactive|autorecovery,
           mfg_default_ipl_source=a|b|c|d,mfg_default_boot_mode=norm|dd|ds|of|sms,
           max_power_ctrl_lpars=N,service_lpar_id=N|none,service_lpar_name=name|none,sp_failover_enabled=0|1"

[V-client] ansible and xCAT send ``chsyscfg -r sys -m X -i "..."``; ``new_name`` renames [V: IBM man
page]. The other names and values are [I] from the man page as remembered. Every name is checked
before anything changes; a name lssyscfg lists but nobody can set is the invalid-attribute error [I].
A rename is seen everywhere at once: lssyscfg, lshwres, lspartition, and ``-m`` with the new name.
"""

from __future__ import annotations

from ..world import sysres
from ..world.system import ManagedSystem
from .messages import error
from .targets import HmcTarget


def change_system(t: HmcTarget, system: ManagedSystem, cfg: dict[str, tuple[str, str | list[str]]]) -> None:
    changes: dict[str, str] = {}
    for name, (op, value) in cfg.items():
        if name != "new_name" and name not in sysres.SETTINGS:
            raise error("invalid_config_attr", name=name)
        if op != "=" or not isinstance(value, str):
            raise error("bad_config_format")
        changes[name] = value
    if not changes:
        raise error("bad_config_format")
    new_name = changes.pop("new_name", None)
    if new_name is not None:
        if not new_name or any(s.name == new_name for s in t.world.systems.values() if s is not system):
            raise error("sys_name_in_use", name=new_name)
    sysres.change_settings(system, changes)  # raises before changing when a value is bad
    if new_name is not None:
        sysres.rename(t.world, system, new_name)
