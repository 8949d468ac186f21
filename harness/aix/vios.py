"""VIOS: `oem_setup_env` takes padmin out of the restricted ioscli shell into a root ksh, where the RSCT
commands (rmcctrl, recfgct) run as on AIX [V reference §5 F15; French notes, T1020611 "as root (AIX or
VIOS)"].

With input on stdin (``echo 'rmcctrl -z' | oem_setup_env``, the usual way automation drives it over
ssh) the input runs as root and the caller stays padmin [I]. Without input (an interactive login) the
rest of the session runs as root [I: the real command starts a nested root shell that `exit` leaves;
here `exit` ends the login].
"""

from __future__ import annotations

from dataclasses import replace

from ..shell.command import CommandContext
from .common import aix_command, partition


@aix_command
def oem_setup_env(ctx: CommandContext) -> int:
    part = partition(ctx)
    if not part.os.level_key.startswith("vios"):
        ctx.error("ksh: oem_setup_env:  not found.\n")  # [I] not installed on AIX
        return 127
    if len(ctx.argv) > 1:
        ctx.error("Usage: oem_setup_env\n")  # [U]
        return 1
    session = ctx.session
    shell = getattr(ctx, "shell", None)
    if ctx.stdin.strip() and shell is not None:
        from ..shell import Shell
        root = replace(session, user="root")
        sub = Shell(shell.registry, shell.flavour, root)
        result = sub.run(ctx.stdin)
        ctx.write(result.stdout)
        ctx.error(result.stderr)
        return result.exit_code
    session.user = "root"
    if shell is not None:
        shell.vars["USER"] = shell.vars["LOGNAME"] = "root"
        shell.vars["HOME"] = shell.flavour.home("root")
    return 0


oem_setup_env.consumes_stdin = True  # type: ignore[attr-defined]
