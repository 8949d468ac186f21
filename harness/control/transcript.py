"""Assertions over what every simulated host was asked to run.

A ``Transcript`` is a view over the world's transcript entries (time, host, user, channel, command,
exit code, bytes out). It reads them afresh on every call, so one object can be kept for a whole
test::

    t = estate.transcript
    t.assert_ran("lpar2", "chfs -a size=+1G /var")
    t.assert_order("lpar2", ["rmcctrl -z", "rmcctrl -A", "rmcctrl -p"])
    t.assert_not_ran("lpar2", "recfgct")

A pattern is a substring of the command line, or a regular expression (``re.compile(...)``, or a
string with ``regex=True``) searched in it. Failures raise ``AssertionError`` with the relevant part
of the transcript as a table; ``dump()`` gives the same table for a failed test's report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

_MAX_DUMP_COMMAND = 100  # characters of a command line shown in a table cell


@dataclass(frozen=True)
class Entry:
    """One command a host received (a read-only copy of a world TranscriptEntry)."""

    index: int
    time: float
    host: str
    user: str
    channel: str
    command: str
    exit_code: int
    bytes_out: int

    @classmethod
    def of(cls, index: int, raw: Any) -> Entry:
        d = raw if isinstance(raw, dict) else raw.__dict__
        return cls(index, float(d["time"]), d["host"], d["user"], d["channel"], d["command"],
                   int(d["exit_code"]), int(d["bytes_out"]))

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _matcher(pattern: Any, regex: bool) -> tuple[Callable[[str, int], int | None], str]:
    """(find(text, start) -> end offset of the first match at or after start, or None; description)."""
    if isinstance(pattern, re.Pattern) or regex:
        rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)

        def find_rx(text: str, start: int = 0) -> int | None:
            m = rx.search(text, start)
            return m.end() if m else None

        return find_rx, f"/{rx.pattern}/"
    if not isinstance(pattern, str):
        raise TypeError(f"a pattern is a str or a compiled regular expression, not {type(pattern).__name__}")

    def find_sub(text: str, start: int = 0) -> int | None:
        i = text.find(pattern, start)
        return None if i < 0 else i + len(pattern)

    return find_sub, repr(pattern)


class Window(list):
    """The transcript entries a world still holds (a ring: harness/world/world.py TRANSCRIPT_RING) and
    ``first``, the number of the first of them since the estate started, so marks stay right after
    older entries left the ring."""

    def __init__(self, entries=(), first: int = 0):
        super().__init__(entries)
        self.first = first

    @classmethod
    def of_world(cls, world) -> "Window":
        return cls(world.transcript, getattr(world, "transcript_total", len(world.transcript)) - len(world.transcript))


class Transcript:
    """Every command the estate's hosts received, in order, with filters and assertions.

    ``source`` returns the raw entries (world TranscriptEntry objects or their dicts); ``epoch`` (the
    world clock's start) turns entry times into wall-clock-like times in the dump.
    """

    def __init__(self, source: Callable[[], Sequence[Any]], epoch: datetime | None = None, *,
                 host: str | None = None, user: str | None = None, channel: str | None = None,
                 after: int = 0):
        self._source = source
        self._epoch = epoch
        self._host, self._user, self._channel, self._after = host, user, channel, after

    # ---- views -----------------------------------------------------------------------------------
    def filter(self, host: str | None = None, *, user: str | None = None, channel: str | None = None,
               after: int | None = None) -> Transcript:
        """A narrower view. ``channel`` matches the kind ("exec", "shell") or the exact name
        ("exec-pty", "shell-pty"); ``after`` is a ``mark()``: only commands received since."""
        return Transcript(self._source, self._epoch, host=host or self._host, user=user or self._user,
                          channel=channel or self._channel,
                          after=self._after if after is None else max(after, self._after))

    def mark(self) -> int:
        """A position in the transcript, for ``filter(after=...)`` / ``since(...)``."""
        raw = self._source()
        return getattr(raw, "first", 0) + len(raw)

    def since(self, mark: int) -> Transcript:
        return self.filter(after=mark)

    def entries(self, host: str | None = None, *, user: str | None = None,
                channel: str | None = None) -> list[Entry]:
        host, user, channel = host or self._host, user or self._user, channel or self._channel
        out = []
        source = self._source()
        for i, raw in enumerate(source, getattr(source, "first", 0)):
            if i < self._after:
                continue
            e = Entry.of(i, raw)
            if host is not None and e.host != host:
                continue
            if user is not None and e.user != user:
                continue
            if channel is not None and e.channel != channel and e.channel.split("-")[0] != channel:
                continue
            out.append(e)
        return out

    def commands(self, host: str | None = None, *, user: str | None = None,
                 channel: str | None = None) -> list[str]:
        return [e.command for e in self.entries(host, user=user, channel=channel)]

    def hosts(self) -> list[str]:
        return list(dict.fromkeys(e.host for e in self.entries()))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __len__(self) -> int:
        return len(self.entries())

    def find(self, host: str | None, pattern: Any, *, regex: bool = False, user: str | None = None,
             channel: str | None = None, rc: int | None = None) -> list[Entry]:
        """Every entry on ``host`` (None: any host) whose command line matches ``pattern``."""
        find, _ = _matcher(pattern, regex)
        return [e for e in self.entries(host, user=user, channel=channel)
                if find(e.command, 0) is not None and (rc is None or e.exit_code == rc)]

    # ---- assertions ------------------------------------------------------------------------------
    def assert_ran(self, host: str | None, pattern: Any, *, regex: bool = False, user: str | None = None,
                   channel: str | None = None, rc: int | None = None, times: int | None = None) -> Entry:
        """The first command on ``host`` matching ``pattern`` (with exit code ``rc`` when given;
        exactly ``times`` matches when given). Raises AssertionError showing that host's commands."""
        _, desc = _matcher(pattern, regex)
        hits = self.find(host, pattern, regex=regex, user=user, channel=channel, rc=rc)
        where = self._where(host, user, channel)
        if not hits:
            extra = f" with exit code {rc}" if rc is not None else ""
            raise AssertionError(f"no command matching {desc}{extra} ran {where}\n"
                                 + self._context(host, user, channel, pattern, regex))
        if times is not None and len(hits) != times:
            raise AssertionError(f"a command matching {desc} ran {len(hits)} times {where}, expected {times}\n"
                                 + self._context(host, user, channel, pattern, regex))
        return hits[0]

    def assert_not_ran(self, host: str | None, pattern: Any, *, regex: bool = False, user: str | None = None,
                       channel: str | None = None) -> None:
        _, desc = _matcher(pattern, regex)
        hits = self.find(host, pattern, regex=regex, user=user, channel=channel)
        if hits:
            raise AssertionError(f"a command matching {desc} ran {self._where(host, user, channel)} "
                                 f"({len(hits)} times), but it must not\n"
                                 + self._context(host, user, channel, pattern, regex))

    def assert_order(self, host: str | None, patterns: Iterable[Any], *, regex: bool = False,
                     user: str | None = None, channel: str | None = None) -> list[Entry]:
        """Each pattern matches a command after the previous one's match (other commands may come in
        between; several may match one command line, left to right, as in ``a; b; c``). Returns the
        matching entries, one per pattern."""
        patterns = list(patterns)
        entries = self.entries(host, user=user, channel=channel)
        found: list[Entry] = []
        i, offset = 0, 0
        for n, pattern in enumerate(patterns):
            find, desc = _matcher(pattern, regex)
            while i < len(entries):
                end = find(entries[i].command, offset)
                if end is not None:
                    found.append(entries[i])
                    offset = end
                    break
                i, offset = i + 1, 0
            else:
                done = ", ".join(_matcher(p, regex)[1] for p in patterns[:n]) or "nothing"
                ever = self.find(host, pattern, regex=regex, user=user, channel=channel)
                why = "never ran" if not ever else "ran only before the earlier ones"
                raise AssertionError(
                    f"commands out of order {self._where(host, user, channel)}: expected "
                    f"{' -> '.join(_matcher(p, regex)[1] for p in patterns)}; matched {done}, "
                    f"then {desc} {why}\n" + self._table(entries, highlight={e.index for e in found}))
        return found

    # ---- rendering -------------------------------------------------------------------------------
    def dump(self, host: str | None = None, *, limit: int | None = None) -> str:
        """A readable table: time, host, user, channel, rc, command (the last ``limit`` rows)."""
        entries = self.entries(host)
        skipped = 0
        if limit is not None and len(entries) > limit:
            skipped = len(entries) - limit
            entries = entries[-limit:]
        table = self._table(entries)
        return (f"... {skipped} earlier commands not shown\n" if skipped else "") + table

    def __str__(self) -> str:
        return self.dump()

    def _time(self, t: float) -> str:
        if self._epoch is None:
            return f"+{t:.0f}s"
        return (self._epoch + timedelta(seconds=t)).strftime("%H:%M:%S")

    def _table(self, entries: list[Entry], highlight: set[int] = frozenset()) -> str:  # type: ignore[assignment]
        if not entries:
            return "  (no commands)\n"
        rows = [(" ", "time", "host", "user", "channel", "rc", "command")]
        for e in entries:
            cmd = e.command.replace("\n", "\\n")
            if len(cmd) > _MAX_DUMP_COMMAND:
                cmd = cmd[:_MAX_DUMP_COMMAND - 3] + "..."
            rows.append((">" if e.index in highlight else " ", self._time(e.time), e.host, e.user, e.channel,
                         str(e.exit_code), cmd))
        widths = [max(len(r[c]) for r in rows) for c in range(6)]
        first = 0 if highlight else 1  # the ">" column only when something is pointed at
        lines = []
        for r in rows:
            cells = [r[c].rjust(widths[c]) if c == 5 else r[c].ljust(widths[c]) for c in range(first, 6)]
            lines.append(" ".join(cells) + "  " + r[6])
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def _context(self, host, user, channel, pattern, regex) -> str:
        entries = self.entries(host, user=user, channel=channel)
        hits = {e.index for e in self.find(host, pattern, regex=regex, user=user, channel=channel)}
        if not entries and (host is not None or user is not None or channel is not None):
            others = self.hosts()
            return (f"  (no commands {self._where(host, user, channel)}; hosts that received commands: "
                    f"{', '.join(others) or 'none'})\n")
        return self._table(entries, highlight=hits)

    def _where(self, host, user, channel) -> str:
        host, user, channel = host or self._host, user or self._user, channel or self._channel
        parts = [f"on {host}" if host else "on any host"]
        if user:
            parts.append(f"as {user}")
        if channel:
            parts.append(f"over {channel}")
        if self._after:
            parts.append(f"since mark {self._after}")
        return " ".join(parts)
