"""What every AIX command shares: the exception boundary, option parsing with AIX getopt's
messages, and access to the partition the session runs on.
"""

from __future__ import annotations

import functools
import getopt
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..shell.command import CommandContext, CommandExit

if TYPE_CHECKING:
    from ..world.aix import AixOS
    from ..world.system import Partition
    from ..world.world import World

CommandFn = Callable[[CommandContext], int]


def aix_command(fn: Callable[[CommandContext], int | None]) -> CommandFn:
    """The boundary: a command returns an exit code and never lets an exception out."""

    @functools.wraps(fn)
    def run(ctx: CommandContext) -> int:
        try:
            rc = fn(ctx)
            return 0 if rc is None else int(rc)
        except CommandExit as exc:
            return exc.code
        except Exception:  # noqa: BLE001 - nothing may escape to the shell
            # [I] same words as the shell's own command_failed message
            ctx.error(f"{ctx.name}: unexpected error\n")
            return 1

    return run


def parse(ctx: CommandContext, optstring: str, usage: Callable[[CommandContext], None],
          args: list[str] | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """POSIX getopt over argv[1:]; a bad flag prints AIX getopt's message and the usage, exit 1."""
    argv = ctx.argv[1:] if args is None else args
    try:
        return getopt.getopt(argv, optstring)
    except getopt.GetoptError as exc:
        flag = exc.opt or "?"
        if "requires argument" in exc.msg:
            ctx.error(f"{ctx.name}: Flag requires a parameter: {flag}\n")  # [U] AIX libc getopt text
        else:
            ctx.error(f"{ctx.name}: Not a recognized flag: {flag}\n")  # [U] AIX libc getopt text
        usage(ctx)
        raise CommandExit(1) from None


def world(ctx: CommandContext) -> World:
    return ctx.session.world


def partition(ctx: CommandContext) -> Partition:
    part = ctx.session.partition
    if part is None or part.os is None:
        ctx.error(f"{ctx.name}: not available on this host\n")  # [I] AIX commands run on partitions only
        raise CommandExit(1)
    return part


def aix_os(ctx: CommandContext) -> AixOS:
    return partition(ctx).os


def cwd(ctx: CommandContext) -> str:
    """The working directory: the shell keeps it in PWD (exported or not), else the session's."""
    shell = getattr(ctx, "shell", None)
    pwd = getattr(shell, "vars", {}).get("PWD") if shell is not None else None
    return pwd or ctx.env.get("PWD") or getattr(ctx.session, "cwd", "") or "/"


def require_root(ctx: CommandContext) -> None:
    """RSCT configuration commands are not executable by other users.
    [I] The message text is ksh's real one (`sh: ./a.out: 0403-006 Execute permission denied.` seen
    in a capture); that rmcctrl/recfgct are not executable by non-root users is inferred."""
    if ctx.session.user != "root":
        ctx.error(f"ksh: {ctx.argv[0]}: 0403-006 Execute permission denied.\n")
        raise CommandExit(126)


def out_lines(ctx: CommandContext, lines: list[str]) -> None:
    for line in lines:
        ctx.writeln(line)
