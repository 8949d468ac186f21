"""mkvterm / rmvterm: the virtual console of a partition, through the HMC.

  mkvterm -m sys {-p lpar | --id N}
  rmvterm -m sys {-p lpar | --id N}

One console per partition: a second mkvterm while one is open prints "A terminal session is already
open for this partition..." [V-client xCAT comment; the rest of the text is I] and exits 1; rmvterm
closes it (op-test runs rmvterm before each mkvterm [V-client]). The console is basic [I]: it prints
the banner and, for a running AIX partition, its console login prompt; the lines it is given on stdin
run through the partition's own shell (as root) until ``~.`` closes the console. A console left
without ``~.`` stays open until rmvterm, as a real one does when its SSH session drops.

Typed in an interactive HMC shell on a terminal (the SSH layer offers ``shell.take_over``), mkvterm
hands the terminal to a :class:`Console` instead: after the banner the user is at an already
logged-in root console of the partition (``# `` [I]: no login dialogue), every line runs in the
partition's own shell until ``~.`` (the escape the real vterm takes [I]) brings the HMC prompt
back. ``exit`` in the console starts a fresh root shell [I]. rmvterm from another session closes
the console: its terminal gets ``CLOSED_BY_RMVTERM`` and the HMC prompt.
"""

from __future__ import annotations

from dataclasses import dataclass

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
CLOSED_BY_RMVTERM = "\n\n Connection closed by rmvterm.\n\n"  # [I] wording unknown


def _live(world) -> dict:
    """The consoles attached to a terminal, by (system, lpar id): rmvterm wakes them up."""
    return world.__dict__.setdefault("_vterms_live", {})


@dataclass
class ConsoleResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    exited: bool = False
    ended: bool = False  # ~. typed: the terminal goes back to the HMC shell


class Console:
    """A partition's console holding an HMC terminal (a ShellLike for harness/ssh/session.py)."""

    def __init__(self, world, key: tuple[str, int], shell_on):
        self.world = world
        self.key = key
        self._shell_on = shell_on  # the HMC session's Session.shell_on: how a console reaches its partition
        self.ended = False
        self.farewell = ""
        self._wake = None
        self._shell = None

    # --- what harness/ssh/session.py calls --------------------------------------------------------
    def attach(self, wake) -> None:
        self._wake = wake

    def prompt(self) -> str:
        shell = self._current()
        return shell.prompt() if shell is not None else ""

    def prompt2(self) -> str:
        shell = self._current()
        return shell.prompt2() if shell is not None else "> "

    def is_complete(self, source: str) -> bool:
        shell = self._current()
        return True if shell is None or source.strip() == CLOSE else shell.is_complete(source)

    def run(self, source: str) -> ConsoleResult:
        if self.ended:
            return ConsoleResult(self.farewell, ended=True)
        if source.strip() == CLOSE:
            self.ended = True
            _open(self.world).discard(self.key)
            _live(self.world).pop(self.key, None)
            return ConsoleResult(ended=True)
        shell = self._current()
        if shell is None:  # nothing is running on the console: the line goes nowhere
            return ConsoleResult()
        res = shell.run(source)
        self.world.touched.add(self.key)  # a console line changes the partition's OS unannounced (journal)
        if res.exited:  # logged out: the console starts a new root shell [I]
            self._shell = None
        return ConsoleResult(res.stdout, res.stderr, res.exit_code)

    # --- what rmvterm calls ----------------------------------------------------------------------
    def close(self, message: str = CLOSED_BY_RMVTERM) -> None:
        self.ended = True
        self.farewell = message
        if self._wake is not None:
            self._wake()

    # --- the partition ------------------------------------------------------------------------------
    def _partition(self):
        system = self.world.systems.get(self.key[0])
        return system.partitions.get(self.key[1]) if system else None

    def _current(self):
        """The root shell of the running partition, started on first use; None while it is down."""
        part = self._partition()
        if part is None or not part.running or part.os is None:
            self._shell = None
            return None
        if self._shell is None:
            self._shell = _root_shell(self.world, part, self._shell_on)
        return self._shell


def _root_shell(world, part, shell_on):
    """A root shell on the partition's host, built as HostBackend.new_shell builds one (root's command
    set is AIX's, on a VIOS too)."""
    from ..shell import AIX_FLAVOUR

    host = world.host(part.host)
    if host is None:
        return None
    return shell_on(host, "root", "aix", AIX_FLAVOUR, interactive=True)


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
    take_over = getattr(getattr(ctx, "shell", None), "take_over", None)
    if take_over is not None and not ctx.stdin:  # typed on a terminal: the console holds it
        console = Console(t.world, key, ctx.session.shell_on)
        _live(t.world)[key] = console
        take_over(console)
        return 0
    if not (part.running and part.os is not None):
        return 0
    ctx.write(_login_banner(part))
    lines = ctx.stdin.split("\n") if ctx.stdin else []
    if not lines:
        return 0
    host = t.world.host(part.host)
    shell = ctx.session.shell_on(host, "root", "aix", "aix", interactive=True) if host else None
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
    key = (system.name, part.id)
    _open(t.world).discard(key)  # [I] closing a closed console is not an error
    console = _live(t.world).pop(key, None)
    if console is not None:
        console.close()
    return 0
