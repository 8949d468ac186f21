"""`fakehmc replay`: serve a recording (fakehmc record) back over SSH. A command is answered by the
next recorded reply with the same exact text (in order; the last one repeats once they run out).
Strict: anything else is an error naming the closest recorded command. Lenient: anything else is
answered by a fakehmc model host built from a scenario. Any user and password are accepted."""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from pathlib import Path

from .record import FORMAT, Reply, serve_backend


MAX_RECORDING = 64 * 1024 * 1024


def load_recording(path: Path) -> dict:
    """A recording, checked entry by entry (ValueError naming the entry and field)."""
    if Path(path).stat().st_size > MAX_RECORDING:
        raise ValueError(f"{path}: larger than {MAX_RECORDING >> 20} MiB")
    try:
        doc = json.loads(Path(path).read_text())
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: not JSON: {type(exc).__name__}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"{path}: not a fakehmc recording ({FORMAT})")
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        raise ValueError(f"{path}: entries: must be a list")
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            raise ValueError(f"{path}: entries[{i}]: must be an object")
        for key in ("command", "stdout", "stderr"):
            if not isinstance(e.get(key, ""), str) or (key == "command" and key not in e):
                raise ValueError(f"{path}: entries[{i}].{key}: must be a string")
        code = e.get("exit_code", 0)
        if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code <= 255:
            raise ValueError(f"{path}: entries[{i}].exit_code: must be an integer from 0 to 255")
    return doc


class Replay:
    def __init__(self, entries: list[dict]):
        self.order = [e["command"] for e in entries]
        self.by_command: dict[str, list[dict]] = defaultdict(list)
        for e in entries:
            self.by_command[e["command"]].append(e)
        self.used: dict[str, int] = defaultdict(int)

    def answer(self, command: str) -> Reply | None:
        found = self.by_command.get(command)
        if not found:
            return None
        e = found[min(self.used[command], len(found) - 1)]
        self.used[command] += 1
        return Reply(e.get("stdout", ""), e.get("stderr", ""), int(e.get("exit_code", 0)))

    def closest(self, command: str) -> str | None:
        names = list(dict.fromkeys(self.order))
        best = difflib.get_close_matches(command, names, n=1, cutoff=0.0)
        return best[0] if best else None


def unexpected(command: str, closest: str | None) -> Reply:
    near = f"'{closest}'" if closest is not None else "none"
    return Reply("", f"fakehmc replay: unexpected command '{command}'; closest recorded: {near}\n", 1)


class _ReplayShell:
    def __init__(self, replay: Replay, prompt: str, model=None):
        self.replay = replay
        self._prompt = prompt
        self.model = model  # a fakehmc Shell, or None (strict)

    def run(self, source: str):
        reply = self.replay.answer(source)
        if reply is not None:
            return reply
        if self.model is not None:
            return self.model.run(source)
        return unexpected(source, self.replay.closest(source))

    def is_complete(self, source: str) -> bool:
        return True if self.model is None else self.model.is_complete(source)

    def prompt(self) -> str:
        return self._prompt

    def prompt2(self) -> str:
        return "> "


class ReplayBackend:
    def __init__(self, doc: dict, model=None):
        """``model``: a harness.runtime.backend.HostBackend answering what was not recorded (lenient)."""
        entries = doc.get("entries", [])
        self.name = "replay"
        self.host = entries[0]["host"] if entries else "replay"
        self.replay = Replay(entries)
        self.model = model
        self.log: list[dict] = []  # what the tool ran against the replay

    def user_exists(self, user: str) -> bool:
        return True

    def check_password(self, user: str, password: str) -> bool:
        return True

    def authorized_keys(self, user: str) -> list[str]:
        return []

    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> _ReplayShell:
        model = self.model.new_shell(user, interactive=interactive, pty=pty) if self.model is not None else None
        return _ReplayShell(self.replay, f"{user}@{self.host}:~> ", model)

    def record(self, *, user: str, channel: str, command: str, exit_code: int, bytes_out: int) -> None:
        self.log.append({"user": user, "channel": channel, "command": command, "exit_code": exit_code})

    async def settle(self) -> None:
        return None


def model_backend(scenario: str | None, host: str | None):
    from ..runtime.backend import HostBackend
    from ..scenario.catalogue import DEFAULT_SCENARIO, load_scenario

    world = load_scenario(scenario or DEFAULT_SCENARIO)
    name = host or next(iter(world.hmcs))
    if world.host(name) is None:
        raise ValueError(f"no host {name!r} in scenario {world.scenario}")
    return HostBackend(lambda: world, name, lambda: None)


async def serve_replay(path: Path, listen: tuple[str, int], *, lenient: bool, scenario: str | None,
                       model_host: str | None, key_dir: Path | None) -> int:
    import sys

    from ..scenario.builder import ScenarioError

    try:
        doc = load_recording(path)
        model = model_backend(scenario, model_host) if lenient else None
    except (OSError, ValueError, ScenarioError) as exc:
        print(f"fakehmc replay: {exc}", file=sys.stderr)
        return 2
    backend = ReplayBackend(doc, model)
    mode = "lenient" if lenient else "strict"
    return await serve_backend(backend, listen, key_dir, f"({mode}, {len(doc.get('entries', []))} recorded commands)")
