"""chhwres -r io | virtualio: dynamic LPAR of I/O slots and virtual adapters (harness.world.dlpar_io).

  chhwres -r io -m sys -o {a | r | m} {-p lpar | --id N} [{-t tgt | --tid N}] -l slot-DRC-index
          [--rsubtype slot] [-a "attributes"] [-w wait] [-d detail] [--force]
  chhwres -r virtualio -m sys -o {a | r} {-p lpar | --id N} [--rsubtype {eth | fc | scsi | serial}]
          [-s virtual-slot-number] [-a "attributes"] [-w wait] [-d detail] [--force]

[V] synopsis (POWER9 man page, reference 5); avocado sends ``-r io --rsubtype slot -o r|a --id N -l DRC``
and rbvppc/bond-huang ``-r virtualio ... -s slot -a "..."``. Success prints nothing, exit 0; a failure
prints the HMC message, exits 1 and changes nothing.
"""

from __future__ import annotations

from ..world import dlpar_io
from .messages import error
from .options import Options
from .syscfg_change import parse_config
from .targets import HmcTarget


def _attrs(opts: Options, known: tuple[str, ...]) -> dict[str, str | list[str]]:
    if not opts.has("-a"):
        return {}
    out: dict[str, str | list[str]] = {}
    for name, op, value in parse_config(opts.get("-a")):
        if name not in known:
            raise error("invalid_config_attr", name=name)
        if op != "=":
            raise error("bad_config_format")  # [I] +=/-= only with -o s, which is not modelled
        out[name] = value
    return out


def run(t: HmcTarget, opts: Options, resource: str) -> None:
    opts.require("-m", "-o")
    if resource == "io":
        op = opts.choice("-o", ("a", "r", "m"))
        opts.choice("--rsubtype", ("slot",))
    else:
        op = opts.choice("-o", ("a", "r"))
        opts.choice("--rsubtype", dlpar_io.KINDS)
    for numeric in ("-w", "-d"):
        opts.integer(numeric)
    if resource == "io":
        opts.require("-l")
        _attrs(opts, ())  # [I] no slot attributes are modelled
    else:
        if op == "a":
            opts.require("--rsubtype")
        else:
            opts.require("-s")
        slot = opts.integer("-s")
        kind = opts.get("--rsubtype")
        attrs = _attrs(opts, dlpar_io.ATTRS[kind]) if kind else _attrs(opts, ())
    system = t.system(opts.get("-m"))
    part = t.pick_partition(system, opts, "-p", "--id")
    target = t.pick_partition(system, opts, "-t", "--tid", required=(op == "m"))
    world, hmc = t.world, t.hmc
    if resource == "io":
        drc = opts.get("-l")
        if op == "a":
            dlpar_io.slot_add(world, hmc, system, part, drc)
        elif op == "r":
            dlpar_io.slot_remove(world, hmc, system, part, drc)
        else:
            dlpar_io.slot_move(world, hmc, system, part, target, drc)
    elif op == "a":
        dlpar_io.virtual_add(world, hmc, system, part, kind, slot, attrs)
    else:
        dlpar_io.virtual_remove(world, hmc, system, part, slot, kind)
    world.changed(part, *([target] if target is not None else []))  # and the system's slots
