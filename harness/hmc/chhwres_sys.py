"""chhwres -o s at system level: shared processor pools and system memory settings.

  chhwres -r procpool -m sys -o s {--poolname name | --poolid N}
          -a "new_name=..,max_pool_proc_units=N,reserved_pool_proc_units=X"
  chhwres -r procpool -m sys -o s {-p lpar | --id N} -a "shared_proc_pool_name=name" | "shared_proc_pool_id=N"
  chhwres -r mem -m sys -o s -a "requested_num_sys_huge_pages=N,pend_mem_region_size=MB|auto,
          mem_mirroring_mode=none|sys_firmware_only"

[V-client] the pool form with --poolname and max_pool_proc_units (a site's LPAR-build script);
requested_num_sys_huge_pages, mem_mirroring_mode and pend_mem_region_size (ansible power_system,
op-test); huge pages only while the system is powered off (ansible's doc). --poolid and the
partition form's attribute names are [I] from the man page as remembered. Success prints nothing.
Huge pages and the region size are pending until the system's next power-on (sysres.ipl).
"""

from __future__ import annotations

from ..world import sysres
from .messages import error
from .options import Options
from .syscfg_change import parse_config
from .targets import HmcTarget

POOL_ATTRS = ("new_name", "max_pool_proc_units", "reserved_pool_proc_units")
LPAR_POOL_ATTRS = ("shared_proc_pool_name", "shared_proc_pool_id")
MEM_ATTRS = ("requested_num_sys_huge_pages", "pend_mem_region_size", "mem_mirroring_mode")


def _attrs(opts: Options, known: tuple[str, ...]) -> dict[str, str]:
    opts.require("-a")
    out: dict[str, str] = {}
    for name, op, value in parse_config(opts.get("-a")):
        if name not in known:
            raise error("invalid_config_attr", name=name)
        if op != "=" or not isinstance(value, str):
            raise error("bad_config_format")
        out[name] = value
    if not out:
        raise error("bad_config_format")
    return out


def _number(name: str, value: str) -> float:
    head, dot, tail = value.partition(".")
    if not (value.isascii() and head.isdigit() and (not dot or tail.isdigit())):
        raise error("bad_config_value", name=name)
    return float(value)


def _integer(name: str, value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise error("bad_config_value", name=name)
    return int(value)


def procpool(t: HmcTarget, opts: Options) -> None:
    opts.require("-m", "-o")
    opts.choice("-o", ("s",))
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    by_pool = [o for o in ("--poolname", "--poolid") if opts.has(o)]
    if len(by_pool) > 1:
        raise error("conflicting_parameters", first="--poolname", second="--poolid")
    if by_pool:
        if opts.has("-p") or opts.has("--id"):
            raise error("conflicting_parameters", first=by_pool[0], second="-p" if opts.has("-p") else "--id")
        target = sysres.find_pool(system, name=opts.get("--poolname"), pool_id=opts.get("--poolid"))
        a = _attrs(opts, POOL_ATTRS)
        max_units = _number("max_pool_proc_units", a["max_pool_proc_units"]) if "max_pool_proc_units" in a else None
        reserved = (_number("reserved_pool_proc_units", a["reserved_pool_proc_units"])
                    if "reserved_pool_proc_units" in a else None)
        sysres.change_pool(system, target, a.get("new_name"), max_units, reserved)
        t.world.changed_outside_partitions()
    else:
        part = t.pick_partition(system, opts, "-p", "--id")
        a = _attrs(opts, LPAR_POOL_ATTRS)
        if len(a) > 1:
            raise error("conflicting_parameters", first="shared_proc_pool_name", second="shared_proc_pool_id")
        target = sysres.find_pool(system, name=a.get("shared_proc_pool_name"), pool_id=a.get("shared_proc_pool_id"))
        sysres.move_partition(system, part, target)
        t.world.changed(part)


def memory(t: HmcTarget, opts: Options) -> None:
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    a = _attrs(opts, MEM_ATTRS)
    pages = (_integer("requested_num_sys_huge_pages", a["requested_num_sys_huge_pages"])
             if "requested_num_sys_huge_pages" in a else None)
    sysres.set_mem(system, pages, a.get("pend_mem_region_size"), a.get("mem_mirroring_mode"))
    t.world.changed_outside_partitions()
