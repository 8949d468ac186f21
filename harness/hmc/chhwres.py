"""chhwres -r {mem | proc}: dynamic LPAR through harness.world.dlpar (-r io | virtualio: chhwres_io.py).

  chhwres -r mem  -m sys -o {a | r | m | s} {-p lpar | --id N} [{-t tgt | --tid N}] -q MB
                  [-w wait] [-d detail] [--force]
  chhwres -r proc -m sys -o {a | r | m} {-p lpar | --id N} [{-t tgt | --tid N}]
                  {--procs N | --procunits X} [-w wait] [-d detail] [--force]

Success prints nothing and exits 0 [V-client: avocado treats any stdout as failure]. A failure prints
the HMC message and exits 1, and the world is left as it was (dlpar checks before it changes).
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import dlpar
from ..world.system import ManagedSystem, Partition
from . import chhwres_io, chhwres_sys
from .boundary import hmc_command
from .messages import error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: chhwres -r mem -m managed-system -o {a | r | m | s}
               {-p partition-name | --id partition-ID}
               [{-t target-partition-name | --tid target-partition-ID}]
               -q quantity [-w wait-time] [-d detail-level] [--force] [--help]
       chhwres -r proc -m managed-system -o {a | r | m}
               {-p partition-name | --id partition-ID}
               [{-t target-partition-name | --tid target-partition-ID}]
               [--procs quantity] [--procunits quantity]
               [-w wait-time] [-d detail-level] [--force] [--help]
       chhwres -r io -m managed-system -o {a | r | m}
               {-p partition-name | --id partition-ID}
               [{-t target-partition-name | --tid target-partition-ID}]
               -l slot-DRC-index [-w wait-time] [-d detail-level] [--force] [--help]
       chhwres -r mem -m managed-system -o s -a "attributes"
       chhwres -r procpool -m managed-system -o s
               {--poolname pool-name | --poolid pool-ID | -p partition-name | --id partition-ID}
               -a "attributes" [--help]
       chhwres -r virtualio -m managed-system -o {a | r}
               {-p partition-name | --id partition-ID}
               [--rsubtype {eth | fc | scsi | serial}] [-s virtual-slot-number]
               [-a "attributes"] [-w wait-time] [-d detail-level] [--force] [--help]
"""  # [I] layout; flags [V-client]/[I] man page

SPEC = {"-r": VALUE, "-m": VALUE, "-o": VALUE, "-p": VALUE, "--id": VALUE, "-t": VALUE, "--tid": VALUE,
        "-q": VALUE, "--procs": VALUE, "--procunits": VALUE, "-w": VALUE, "-d": VALUE, "--force": FLAG,
        "--help": FLAG, "-l": VALUE, "-s": VALUE, "-a": VALUE, "--rsubtype": VALUE, "--poolname": VALUE,
        "--poolid": VALUE}
SUMMARY = ("dynamically add, remove, move or set memory, processors, I/O slots and virtual adapters of a "
           "running partition")
FLAGS = ("-r mem", "-r proc", "-m", "-o a", "-o r", "-o m", "-o s", "-p", "--id", "-t", "--tid", "-q",
         "--procs", "--procunits", "-w", "-d", "--force", "-r io", "-r virtualio", "-l", "-s", "-a",
         "--rsubtype slot", "--rsubtype eth", "--rsubtype scsi", "--rsubtype serial", "--rsubtype fc", "-r procpool",
         "--poolname", "--poolid")


@hmc_command(USAGE)
def chhwres(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("mem", "proc", "io", "virtualio", "procpool"))  # accel, pmem ... not modelled
    if resource in ("io", "virtualio"):
        chhwres_io.run(t, opts, resource)
        return 0
    if resource == "procpool":
        chhwres_sys.procpool(t, opts)
        return 0
    opts.require("-m", "-o")
    op = opts.choice("-o", ("a", "r", "m", "s") if resource == "mem" else ("a", "r", "m"))
    if resource == "mem" and op == "s" and opts.has("-a") and not (opts.has("-p") or opts.has("--id")):
        chhwres_sys.memory(t, opts)  # system-level memory settings
        return 0
    for numeric in ("-w", "-d"):
        opts.integer(numeric)  # [V-client] -w minutes, -d level: accepted, nothing to wait for
    if resource == "mem":
        opts.require("-q")
        quantity = opts.integer("-q")
        procs = units = None
    else:
        quantity = None
        if not (opts.has("--procs") or opts.has("--procunits")):
            raise error("missing_parameter", name="--procs")  # both may be given together [I]
        procs, units = opts.integer("--procs"), opts.number("--procunits")
        if not procs and not units:
            raise error("bad_quantity", quantity=opts.get("--procs") or opts.get("--procunits"))
    system = t.system(opts.get("-m"))
    part = t.pick_partition(system, opts, "-p", "--id")
    target = t.pick_partition(system, opts, "-t", "--tid", required=(op == "m"))
    if resource == "mem":
        dlpar.memory(t.world, t.hmc, system, part, op, quantity, target)
    elif op == "m":
        _move_processors(t, system, part, target, procs, units)
    else:
        dlpar.processors(t.world, t.hmc, system, part, op, procs, units)
    t.world.changed(*(p for p in (part, target) if p is not None))  # only these two partitions moved
    return 0


def _move_processors(t: HmcTarget, system: ManagedSystem, source: Partition, target: Partition,
                     procs: int | None, units: float | None) -> None:
    """A move is a remove from the source and an add to the target; if the add fails the removal
    is given back, so a failed move changes nothing [I: the HMC moves atomically]."""
    dlpar.processors(t.world, t.hmc, system, source, "r", procs, units)
    try:
        dlpar.processors(t.world, t.hmc, system, target, "a", procs, units)
    except Exception:
        dlpar.processors(t.world, t.hmc, system, source, "a", procs, units)
        raise
