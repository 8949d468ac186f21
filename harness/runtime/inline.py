"""Which command lines run on the event loop itself instead of in a worker thread (commandlane.py).

Handing a line to a worker and back costs several thread switches: on a 2-core VM about as much CPU
as an HMC listing takes, and twice the latency. A line runs inline only when nothing in it can make it
long, so that isolation (no client held up more than a millisecond or so) still holds:

- it is one simple command of literal words (harness/shell/plainline.py, at most MAX_SOURCE characters): no
  expansions, patterns, redirections, pipes, lists or substitutions, so the shell itself does a bounded
  amount of work;
- the command is one of the host's own inventory and configuration commands (INLINE_HMC, INLINE_AIX),
  whose cost depends on the size of the world, not on its arguments; never a shell function, a
  builtin, a text utility, an interpreter, or a command that attaches a terminal or runs other lines;
- its last run on this host, measured in CPU time, took under INLINE_BELOW. The first run of every
  command goes to a worker, and a run that takes longer sends the next one back to a worker; a new
  world (reset, state load) forgets every measure.
"""

from __future__ import annotations

import re
from typing import Any

from ..shell.plainline import MAX_PLAIN, plain_words

INLINE_BELOW = 0.001  # CPU seconds: what a hand-over to a worker costs, roughly
MAX_SOURCE = MAX_PLAIN
_HMC_VERB = re.compile(r"(ls|ch|mk|rm)[a-z]+|migrlpar")
_HMC_NEVER = frozenset({"mkvterm", "rmvterm"})  # they attach or detach a terminal
INLINE_AIX = frozenset({
    "lssrc", "lsrsrc", "lparstat", "oslevel", "uname", "lsattr", "lsdev", "lscfg", "lsvg", "lspv", "lslv",
    "lsfs", "lsps", "df", "prtconf", "bootinfo", "lsnodeid", "rmcdomainstatus", "lslpp", "hostname", "id",
    "lsslot", "lsrpdomain", "uptime",
})


def may_inline(shell: Any) -> bool:
    """The shell kinds this module understands (a VIOS padmin login wraps its own)."""
    return hasattr(shell, "functions") and hasattr(shell, "builtins") and hasattr(shell, "registry")


def command_of(shell: Any, source: str) -> str | None:
    """The command ``source`` runs when the line is eligible to run inline (before its cost is known)."""
    words = plain_words(source) if may_inline(shell) else None
    if words is None:
        return None
    name = words[0]
    if not name.isidentifier() or name in shell.functions or name in shell.builtins:
        return None
    registry = shell.registry
    if registry is None or registry.lookup(name) is None:
        return None
    if registry.flavour == "hmc":
        return name if _HMC_VERB.fullmatch(name) and name not in _HMC_NEVER else None
    return name if name in INLINE_AIX else None


class InlineCosts:
    """The last measured CPU cost of each (host, command), for the world it was measured in."""

    def __init__(self) -> None:
        self._world: Any = None
        self._cost: dict[tuple[str, str], float] = {}

    def _check_world(self, world: Any) -> None:
        if world is not self._world:
            self._world = world
            self._cost.clear()

    def cheap(self, world: Any, key: tuple[str, str]) -> bool:
        self._check_world(world)
        cost = self._cost.get(key)
        return cost is not None and cost < INLINE_BELOW

    def learn(self, world: Any, key: tuple[str, str], cpu_seconds: float) -> None:
        self._check_world(world)
        self._cost[key] = cpu_seconds
