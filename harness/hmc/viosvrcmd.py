"""viosvrcmd -m sys {-p vios | --id N} -c "command": run a command on a Virtual I/O Server over RMC.

[V-client] ansible, rbvppc, powercollector (``-c "lsdev -vpd"``), ManageIQ (``result.split("\\n").last``).
The command runs as padmin in the VIOS's restricted ioscli shell (harness.runtime.registries "vios"
commands, the same as an SSH login as padmin); a leading ``ioscli`` word is dropped. Its output comes back on stdout and its
exit code is the command's [I]. The HMC needs an RMC session with the VIOS (HSCL2957 otherwise [I]).
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .boundary import hmc_command
from .messages import error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: viosvrcmd -m managed-system {-p partition-name | --id partition-ID}
                 -c "command" [--help]
"""  # [I] layout
SPEC = {"-m": VALUE, "-p": VALUE, "--id": VALUE, "-c": VALUE, "-t": VALUE, "--help": FLAG}
SUMMARY = "run an I/O server command on a Virtual I/O Server partition"
FLAGS = ("-m", "-p", "--id", "-c")


@hmc_command(USAGE)
def viosvrcmd(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    part = t.pick_partition(system, opts, "-p", "--id")
    opts.require("-c")
    if part.env != "vioserver":
        raise error("not_vios", lpar=part.name)
    if not part.running or part.os is None or not t.view(system, part).active:
        raise error("HSCL2957", lpar_id=part.id)
    command = opts.get("-c").strip()
    if command.split(None, 1)[:1] == ["ioscli"]:
        command = command.split(None, 1)[1] if " " in command else ""
    host = t.world.host(part.host)
    if host is None:
        raise error("HSCL2957", lpar_id=part.id)
    shell = ctx.session.shell_on(host, "padmin", "vios", "vios")
    res = shell.run(command)
    t.world.touch(part)  # the VIOS's commands change its OS and maps without saying so (journal marks)
    ctx.write(res.stdout + res.stderr)
    return res.exit_code
