"""The command boundary: whatever goes wrong inside an HMC command ends as HMC text and an exit code.

No exception ever escapes to the shell (DESIGN: "never a Python traceback"): HMC errors print
their text on stdout [V] and exit 1; a failure the world reports is translated by messages.py;
anything unexpected prints a generic HSCL internal error [I].
"""

from __future__ import annotations

import functools
from typing import Callable

from ..shell.command import CommandContext, CommandExit
from ..world.errors import WorldError
from .messages import HmcError, text, world_error
from .targets import HmcTarget, target_of

HmcCommandFn = Callable[[CommandContext, HmcTarget], int]


def hmc_command(usage: str = "") -> Callable[[HmcCommandFn], Callable[[CommandContext], int]]:
    """Wrap ``fn(ctx, target)`` into a registry command ``fn(ctx) -> int``."""

    def deco(fn: HmcCommandFn) -> Callable[[CommandContext], int]:
        @functools.wraps(fn)
        def run(ctx: CommandContext) -> int:
            try:
                if usage and "--help" in ctx.argv[1:]:
                    ctx.write(usage.rstrip("\n") + "\n")  # [I] wording of the usage text
                    return 0
                return fn(ctx, target_of(ctx.session))
            except HmcError as exc:
                ctx.write(exc.text + "\n")
                return exc.code
            except WorldError as exc:
                ctx.write(world_error(exc).text + "\n")
                return 1
            except CommandExit as exc:
                return exc.code
            except Exception:  # noqa: BLE001 - the boundary: never a traceback to the client
                ctx.write(text("internal_error") + "\n")
                return 1

        return run

    return deco
