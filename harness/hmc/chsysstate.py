"""chsysstate: power partitions and managed systems on and off (asynchronously, on the world clock).

  chsysstate -r lpar -m sys {-n lpar | --id N} -o on [-f profile] [-b {norm|sms|of|dd|ds}] [-k keylock]
  chsysstate -r lpar -m sys {-n lpar | --id N} -o {shutdown | osshutdown} [--immed] [--restart]
  chsysstate -r sys {-m sys | --all} -o {on | off | rebuild} [--immed] [--restart]

Success prints nothing and exits 0 [V-client]; the state then moves on the clock (harness.world.power)
and clients poll ``lssyscfg -F state`` [V-client power-virt-tests, fence_lpar].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import power, rmc_repair
from .boundary import hmc_command
from .messages import error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: chsysstate -r lpar -m managed-system {-n partition-name | --id partition-ID}
                  -o on [-f profile-name] [-b boot-mode] [-k keylock]
       chsysstate -r lpar -m managed-system {-n partition-name | --id partition-ID}
                  -o {shutdown | osshutdown} [--immed] [--restart]
       chsysstate -r lpar -m managed-system {-n partition-name | --id partition-ID} -o dumprestart
       chsysstate -r sys {-m managed-system | --all} -o {on | off | rebuild} [--immed] [--restart]
"""  # [I] layout; forms [V] Power10 man page and clients

SPEC = {"-r": VALUE, "-m": VALUE, "-o": VALUE, "-n": VALUE, "--id": VALUE, "-f": VALUE, "-b": VALUE,
        "-k": VALUE, "--immed": FLAG, "--restart": FLAG, "--force": FLAG, "--all": FLAG, "--help": FLAG}
SUMMARY = "power partitions and managed systems on and off"
FLAGS = ("-r lpar", "-r sys", "-m", "--all", "-n", "--id", "-o on", "-o shutdown", "-o osshutdown",
         "-o dumprestart", "-o off", "-o rebuild", "-f", "-b", "-k", "--immed", "--restart", "--force")
LPAR_OPS = ("on", "shutdown", "osshutdown", "dumprestart")
SYS_OPS = ("on", "off", "rebuild")
BOOT_MODES = ("norm", "sms", "of", "dd", "ds")  # [V] xCAT/ansible -b values


@hmc_command(USAGE)
def chsysstate(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "sys"))
    if resource == "sys":
        if not opts.has("--all"):
            opts.require("-m")
        opts.require("-o")
        op = opts.choice("-o", SYS_OPS)
        systems = t.systems() if opts.has("--all") else [t.system(opts.get("-m"))]
        for system in systems:
            t.require_connected(system)
            if op == "off":
                power.system_off(t.world, system, restart=opts.flag("--restart"))
            elif op == "on":
                power.system_on(t.world, system)
            else:
                # [V RSCT doc] rebuild refreshes what the HMC knows: its NVRAM push runs again and
                # stale partition records are dropped (the recycled-IP repair, CN-RMC instance 1)
                t.world.rmc.push_nvram(t.hmc)
                rmc_repair.rebuild(t.world, t.hmc, system)
        t.world.changed()
        return 0
    opts.require("-m", "-o")
    op = opts.choice("-o", LPAR_OPS)
    boot_mode = opts.choice("-b", BOOT_MODES)
    opts.choice("-k", ("norm", "manual"))
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    part = t.pick_partition(system, opts, "-n", "--id")
    if op == "on":
        power.activate(t.world, system, part, opts.get("-f"), boot_mode)
    else:
        if op == "osshutdown" and part.state != "Not Activated" and not t.view(system, part).active:
            raise error("osshutdown_no_rmc", lpar_id=part.id)
        if op == "dumprestart":
            # [V-client op-test] dump the OS and restart: modelled as an immediate restart [I]
            power.shutdown(t.world, system, part, "shutdown", True, True)
        else:
            power.shutdown(t.world, system, part, op, opts.flag("--immed"), opts.flag("--restart"))
    # one partition changed (cheap to persist on a big estate); a VIOS serves others: compare all
    t.world.changed(*(() if part.env == "vioserver" else (part,)))
    return 0
