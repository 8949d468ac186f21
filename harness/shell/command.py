"""The contract between the shell and the commands it runs.

A command is a plain function ``fn(ctx) -> int``: it reads ``ctx.argv`` and ``ctx.stdin``, reads or
changes the world through ``ctx.session``, writes text with ``ctx.write``/``ctx.error`` and returns
the exit code. Commands never block and never touch the host machine: the whole command line runs
holding the world (in a worker thread behind the world gate, or on the event loop when it is short:
harness/runtime/commandlane.py, inline.py), yielding between simple commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


class CommandExit(Exception):
    """Raised by a command (or a helper it calls) to stop with an exit code after writing output."""

    def __init__(self, code: int = 1):
        super().__init__(code)
        self.code = code


@dataclass
class CommandContext:
    argv: list[str]
    stdin: str
    env: dict[str, str]
    session: Any  # the Session of the host the command runs on (harness.runtime.session)
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    def write(self, text: str) -> None:
        self.out.append(text)

    def writeln(self, line: str = "") -> None:
        self.out.append(line + "\n")

    def error(self, text: str) -> None:
        self.err.append(text)

    def fail(self, message: str, code: int = 1, stream: str = "out") -> None:
        """Write ``message`` (newline added) and stop the command with ``code``."""
        (self.out if stream == "out" else self.err).append(message + "\n")
        raise CommandExit(code)

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1]


CommandFn = Callable[[CommandContext], int]


@dataclass
class CommandSpec:
    name: str
    fn: CommandFn
    paths: tuple[str, ...] = ()  # full paths the command is also reachable by, e.g. /usr/sbin/lssrc
    summary: str = ""
    flags: tuple[str, ...] = ()  # implemented flags, for the coverage table


class LazyCommandSpec(CommandSpec):
    """A command whose module is imported on its first run or description, not when the table is built:
    a host serves its first client after importing only the commands that client uses."""

    def __init__(self, name: str, load: Callable[[], tuple[CommandFn, str, tuple[str, ...]]],
                 paths: tuple[str, ...] = ()):
        self.name = name
        self.paths = tuple(paths)
        self._load = load
        self._loaded: tuple[CommandFn, str, tuple[str, ...]] | None = None

    def _spec(self) -> tuple[CommandFn, str, tuple[str, ...]]:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    fn = property(lambda self: self._spec()[0])  # type: ignore[assignment]
    summary = property(lambda self: self._spec()[1])  # type: ignore[assignment]
    flags = property(lambda self: self._spec()[2])  # type: ignore[assignment]


class Registry:
    """A declarative command table: name and full paths -> CommandSpec."""

    def __init__(self, flavour: str):
        self.flavour = flavour
        self._by_name: dict[str, CommandSpec] = {}
        self._by_path: dict[str, CommandSpec] = {}

    def register(self, name: str, fn: CommandFn, paths: tuple[str, ...] = (), summary: str = "",
                 flags: tuple[str, ...] = ()) -> CommandSpec:
        return self._add(CommandSpec(name, fn, tuple(paths), summary, tuple(flags)))

    def register_lazy(self, name: str, load: Callable[[], tuple[CommandFn, str, tuple[str, ...]]],
                      paths: tuple[str, ...] = ()) -> CommandSpec:
        """Register ``name`` with ``load() -> (fn, summary, flags)`` called on first use."""
        return self._add(LazyCommandSpec(name, load, paths))

    def _add(self, spec: CommandSpec) -> CommandSpec:
        self._by_name[spec.name] = spec
        for p in spec.paths:
            self._by_path[p] = spec
        return spec

    def command(self, name: str, paths: tuple[str, ...] = (), summary: str = "",
                flags: tuple[str, ...] = ()):
        """Decorator form of :meth:`register`."""

        def deco(fn: CommandFn) -> CommandFn:
            self.register(name, fn, paths, summary, flags)
            return fn

        return deco

    def lookup(self, word: str) -> CommandSpec | None:
        if "/" in word:
            return self._by_path.get(word)
        return self._by_name.get(word)

    def specs(self) -> list[CommandSpec]:
        return sorted(self._by_name.values(), key=lambda s: s.name)

    def merged(self, other: "Registry") -> "Registry":
        """A new registry with ``other``'s commands added on top of this one's."""
        reg = Registry(self.flavour)
        reg._by_name = {**self._by_name, **other._by_name}
        reg._by_path = {**self._by_path, **other._by_path}
        return reg
