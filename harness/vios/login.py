"""padmin's login on a VIOS: the restricted ioscli shell, and the root ksh ``oem_setup_env`` opens on top
of it until ``exit`` returns to padmin [V reference §5 F15; a capture shows ``$ oem_setup_env`` then a
``#`` prompt].

The SSH layer sees one shell object; it delegates to whichever shell is on top.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..shell import Shell
from ..shell.flavours import AIX_FLAVOUR, VIOS_FLAVOUR
from ..shell.interpreter import RunResult


class PadminLogin:
    def __init__(self, registry_for: Callable[[str], Any], session: Any, interactive: bool = False):
        self._registry_for = registry_for
        self._session = session
        self._interactive = interactive
        self.padmin = Shell(registry_for("vios"), VIOS_FLAVOUR, session, interactive=interactive)
        self.padmin.enter_root = self.enter_root  # type: ignore[attr-defined]
        self.padmin.make_root_shell = self.make_root_shell  # type: ignore[attr-defined]
        self.root: Shell | None = None

    # ---- the root ksh ----------------------------------------------------------------------------------
    def make_root_shell(self) -> Shell:
        return Shell(self._registry_for("aix"), AIX_FLAVOUR, replace(self._session, user="root"),
                     interactive=self._interactive)

    def enter_root(self) -> None:
        self.root = self.make_root_shell()
        take = getattr(self.padmin, "take_over", None)
        if take is not None:
            self.root.take_over = take  # type: ignore[attr-defined]

    @property
    def active(self) -> Shell:
        return self.root or self.padmin

    # ---- what the SSH session calls --------------------------------------------------------------------
    def run(self, source: str, stdin: str = "") -> RunResult:
        shell = self.active
        result = shell.run(source, stdin)
        if shell is self.root and result.exited:
            self.root = None  # exit in the root ksh: back to padmin's shell, the login goes on
            return RunResult(result.stdout, result.stderr, result.exit_code, exited=False)
        return result

    def is_complete(self, source: str) -> bool:
        return self.active.is_complete(source)

    def prompt(self) -> str:
        return self.active.prompt()

    def prompt2(self) -> str:
        return self.active.prompt2()

    @property
    def take_over(self):
        return getattr(self.padmin, "take_over", None)

    @take_over.setter
    def take_over(self, fn) -> None:
        self.padmin.take_over = fn  # type: ignore[attr-defined]
