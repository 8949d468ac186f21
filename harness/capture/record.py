"""`fakehmc record`: an SSH proxy between a tool and a real HMC or partition. The tool logs in here
with any password; the proxy logs in upstream with the same credentials (kept in memory only),
forwards every exec command and every interactive shell line (each as its own upstream exec: shell
state such as cd or variables does not carry over) and writes the exchange to a transcript file,
rewritten after each command, with every password seen replaced by ********."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

FORMAT = "fakehmc-recording/1"
SCRUBBED = "********"
_EXIT = re.compile(r"^\s*(exit|logout)(?:\s+(\d+))?\s*$")


@dataclass
class Reply:
    stdout: str
    stderr: str = ""
    exit_code: int = 0
    exited: bool = False


class Recording:
    def __init__(self, path: Path, upstream: str):
        self.path = path
        self.upstream = upstream
        self.entries: list[dict] = []
        self.secrets: set[str] = set()
        self.started = time.time()

    def scrub(self, text: str) -> str:
        for s in sorted(self.secrets, key=len, reverse=True):
            if s:
                text = text.replace(s, SCRUBBED)
        return text

    def add(self, **entry) -> None:
        entry = {"seq": len(self.entries), "time": round(time.time() - self.started, 3), **entry}
        self.entries.append(entry)
        self.save()

    def save(self) -> None:
        doc = {"format": FORMAT, "upstream": self.upstream,
               "entries": [{k: self.scrub(v) if isinstance(v, str) else v for k, v in e.items()}
                           for e in self.entries]}
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps(doc, indent=1) + "\n")
        os.replace(tmp, self.path)


class _Shell:
    """Never runs anything itself: before_command answers every command."""

    def __init__(self, prompt: str):
        self._prompt = prompt

    def run(self, source: str) -> Reply:
        return Reply("", "fakehmc record: not forwarded\n", 1)

    def is_complete(self, source: str) -> bool:
        return True

    def prompt(self) -> str:
        return self._prompt

    def prompt2(self) -> str:
        return "> "


class RecordBackend:
    def __init__(self, upstream: tuple[str, int], recording: Recording, user_map: dict[str, str] | None = None):
        self.name = "record"
        self.upstream = upstream
        self.recording = recording
        self.user_map = user_map or {}
        # memory only; the last login of a user names the password its commands go upstream with
        self._passwords: dict[str, str] = {}
        self._conns: dict[tuple[str, str], object] = {}
        self._pending: Reply | None = None

    def user_exists(self, user: str) -> bool:
        return True

    def check_password(self, user: str, password: str) -> bool:
        self._passwords[user] = password
        self.recording.secrets.add(password)
        return True  # upstream decides: a refused login shows as an error on the first command

    def authorized_keys(self, user: str) -> list[str]:
        return []

    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> _Shell:
        return _Shell(f"{self.user_map.get(user, user)}@{self.upstream[0]}:~> ")

    async def settle(self) -> None:
        return None

    async def _connect(self, user: str):
        import asyncssh

        key = (user, self._passwords.get(user, ""))
        conn = self._conns.get(key)
        if conn is None or conn.is_closed():
            conn = await asyncssh.connect(self.upstream[0], port=self.upstream[1], username=self.user_map.get(user, user),
                                          password=key[1], known_hosts=None, client_keys=None,
                                          agent_path=None, preferred_auth="password,keyboard-interactive")
            self._conns[key] = conn
        return conn

    async def before_command(self, user: str, command: str) -> Reply:
        m = _EXIT.match(command)
        if m:  # ends the tool's shell here; nothing to forward
            self._pending = Reply("", "", int(m.group(2) or 0), exited=True)
            return self._pending
        try:
            conn = await self._connect(user)
            r = await conn.run(command, check=False)
            code = r.exit_status if r.exit_status is not None else 255
            reply = Reply(str(r.stdout or ""), str(r.stderr or ""), code)
        except Exception as exc:  # noqa: BLE001  upstream refused or gone: the tool sees it, ssh-style (255)
            reply = Reply("", f"fakehmc record: upstream {self.upstream[0]}:{self.upstream[1]}: {exc}\n", 255)
        self._pending = reply
        return reply

    def record(self, *, user: str, channel: str, command: str, exit_code: int, bytes_out: int) -> None:
        # called right after before_command with no await between: _pending is this command's reply
        reply, self._pending = self._pending, None
        self.recording.add(host=self.upstream[0], user=self.user_map.get(user, user), channel=channel,
                           command=command, stdout=reply.stdout if reply else "",
                           stderr=reply.stderr if reply else "", exit_code=exit_code)

    async def close(self) -> None:
        for conn in self._conns.values():
            conn.close()


def default_key_dir() -> Path:
    from ..runtime.embedded import _default_key_dir

    return _default_key_dir()


async def serve_backend(backend, listen: tuple[str, int], key_dir: Path | None, banner: str) -> int:
    """Serve one backend until SIGINT/SIGTERM; the first stdout line says where (port 0 resolved)."""
    from ..ssh import EndpointSpec, SshServer

    server = SshServer(state_dir=key_dir or default_key_dir(), server_version="OpenSSH_8.0")
    try:
        await server.start([EndpointSpec(backend=backend, address=listen[0], port=listen[1])])
    except OSError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    _, addr, port = server.bound[0]
    print(f"listening on {addr}:{port} {banner}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.close()
    if hasattr(backend, "close"):
        await backend.close()
    return 0


async def serve_record(upstream: tuple[str, int], listen: tuple[str, int], output: Path,
                       user_map: dict[str, str], key_dir: Path | None) -> int:
    recording = Recording(output, f"{upstream[0]}:{upstream[1]}")
    recording.save()
    backend = RecordBackend(upstream, recording, user_map)
    return await serve_backend(backend, listen, key_dir, f"(upstream {upstream[0]}:{upstream[1]}, writing {output})")
