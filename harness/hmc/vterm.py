"""mkvterm / rmvterm: the virtual console of a partition, through the HMC.

  mkvterm -m sys {-p lpar | --id N}
  rmvterm -m sys {-p lpar | --id N}

One console per partition: a second mkvterm while one is open prints "A terminal session is already
open for this partition..." [V-client xCAT comment; the rest of the text is I] and exits 1; rmvterm
closes it (op-test runs rmvterm before each mkvterm [V-client]). The console is basic [I]: it prints
the banner and, for a running AIX partition, its console login prompt; the lines it is given on stdin
run through the partition's own shell (as root) until ``~.`` closes the console. A console left
without ``~.`` stays open until rmvterm, as a real one does when its SSH session drops.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .boundary import hmc_command
from .messages import error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

SPEC = {"-m": VALUE, "-p": VALUE, "--id": VALUE, "--help": FLAG}
MK_USAGE = "Usage: mkvterm -m managed-system {-p partition-name | --id partition-ID} [--help]\n"  # [I]
RM_USAGE = "Usage: rmvterm -m managed-system {-p partition-name | --id partition-ID} [--help]\n"  # [I]
COMMANDS = {
    "mkvterm": ("open a virtual terminal session to a partition", ("-m", "-p", "--id")),
    "rmvterm": ("close a partition's virtual terminal session", ("-m", "-p", "--id")),
}
OPEN_BANNER = " \n Open in progress \n\n Open Completed.\n\n"  # [I] from memory of real sessions
CLOSE = "~."


def _open(world) -> set:
    return world.__dict__.setdefault("_vterms_open", set())


def _target(ctx: CommandContext, t: HmcTarget):
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    part = t.pick_partition(system, opts, "-p", "--id")
    return system, part


def _login_banner(part) -> str:
    os = part.os
    return (f"\nAIX Version {os.level.uname_version}\n"
            f"Copyright IBM Corporation, 1982, 2023.\nConsole login: ")  # [I]


@hmc_command(MK_USAGE)
def mkvterm(ctx: CommandContext, t: HmcTarget) -> int:
    system, part = _target(ctx, t)
    key = (system.name, part.id)
    consoles = _open(t.world)
    if key in consoles:
        raise error("vterm_open")
    consoles.add(key)
    ctx.write(OPEN_BANNER)
    if not (part.running and part.os is not None):
        return 0
    ctx.write(_login_banner(part))
    lines = ctx.stdin.split("\n") if ctx.stdin else []
    if not lines:
        return 0
    from ..runtime.registries import registry_for
    from ..runtime.session import Session
    from ..shell import Shell

    host = t.world.host(part.host)
    shell = Shell(registry_for("aix"), "aix", Session(t.world, host, "root"), interactive=True) if host else None
    ctx.write("\n")
    for line in lines:
        if line.strip() == CLOSE:
            consoles.discard(key)
            ctx.write("\n")
            return 0
        if shell is None:
            continue
        res = shell.run(line)
        ctx.write(f"{shell.prompt()}{line}\n{res.stdout}{res.stderr}")
    return 0


@hmc_command(RM_USAGE)
def rmvterm(ctx: CommandContext, t: HmcTarget) -> int:
    system, part = _target(ctx, t)
    _open(t.world).discard((system.name, part.id))  # [I] closing a closed console is not an error
    return 0
