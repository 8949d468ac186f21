"""`fakehmc record`: an SSH proxy between a tool and a real HMC or partition. The tool's login here
succeeds only when the same credentials log in upstream (kept in memory only; the upstream host key
is verified first: upstream_keys.py); then the proxy forwards every exec command and every
interactive shell line (each as its own upstream exec: shell state such as cd or variables does not
carry over) and writes the exchange to a transcript file (mode 0600), rewritten after each command,
with every password seen, and every password-bearing argument, replaced by ********."""

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
# Arguments that carry a password in HMC and AIX commands: chhmcusr/mkhmcusr -v, --passwd/--password
# (mkauthkeys, migrlpar, updlic ...), passwd=/password= inside -i attribute lists, user:pw to chpasswd.
_SECRET_ARGS = (
    re.compile(r"(?<![\w-])(--passwd|--password|--pw)(\s+|=)(['\"]?)([^\s'\",]+)"),
    re.compile(r"(?<![\w-])(passwd|password|new_passwd)(=)(['\"]?)([^\s'\",]+)"),
)
_SECRET_V = re.compile(r"(?<![\w-])(-v)(\s+)(['\"]?)([^\s'\"]+)")
_PASSWD_COMMANDS = re.compile(r"(^|[\s;|&/])(chhmcusr|mkhmcusr)\s")


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

    def learn(self, command: str) -> None:
        """Remember the passwords a command line carries as arguments."""
        patterns = list(_SECRET_ARGS) + ([_SECRET_V] if _PASSWD_COMMANDS.search(command) else [])
        for pattern in patterns:
            for m in pattern.finditer(command):
                self.secrets.add(m.group(4))

    def scrub(self, text: str) -> str:
        """Replace each known secret where it stands as a whole value, never inside a longer word (a
        one-letter password must not turn every 'name' into 'nam********')."""
        for s in sorted(self.secrets, key=len, reverse=True):
            if s:
                text = re.sub(rf"(?<![\w]){re.escape(s)}(?![\w])", SCRUBBED, text)
        return text

    def add(self, **entry) -> None:
        entry = {"seq": len(self.entries), "time": round(time.time() - self.started, 3), **entry}
        self.entries.append(entry)
        self.save()

    def save(self) -> None:
        doc = {"format": FORMAT, "upstream": self.upstream,
               "entries": [{k: self.scrub(v) if isinstance(v, str) else v for k, v in e.items()}
                           for e in self.entries]}
        write_private(self.path, json.dumps(doc, indent=1) + "\n")


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically, readable by its owner alone (recordings and captures hold real estates)."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o600)  # an older tmp file kept its mode through O_CREAT
    os.replace(tmp, path)


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
    def __init__(self, upstream: tuple[str, int], recording: Recording, user_map: dict[str, str] | None = None,
                 host_keys=None):
        from .upstream_keys import HostKeyPolicy

        self.name = "record"
        self.upstream = upstream
        self.recording = recording
        self.user_map = user_map or {}
        self.host_keys = host_keys or HostKeyPolicy()
        # memory only; the last login of a user names the password its commands go upstream with
        self._passwords: dict[str, str] = {}
        self._conns: dict[tuple[str, str], object] = {}
        self._pending: Reply | None = None

    def user_exists(self, user: str) -> bool:
        return True

    def check_password(self, user: str, password: str):
        """The tool gets in only if upstream lets the same credentials in (an awaitable: auth.py awaits it)."""
        self.recording.secrets.add(password)

        async def upstream_login() -> bool:
            from .upstream_keys import HostKeyRefused

            try:
                await self._connect(user, password)
            except HostKeyRefused as exc:
                print(f"fakehmc record: upstream host key {exc}", file=sys.stderr, flush=True)
                return False
            except Exception as exc:  # noqa: BLE001  refused or unreachable: the tool's login fails too
                print(f"fakehmc record: upstream login of {user!r} failed: {type(exc).__name__}: {exc}",
                      file=sys.stderr, flush=True)
                return False
            self._passwords[user] = password
            return True

        return upstream_login()

    def authorized_keys(self, user: str) -> list[str]:
        return []

    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> _Shell:
        return _Shell(f"{self.user_map.get(user, user)}@{self.upstream[0]}:~> ")

    async def settle(self) -> None:
        return None

    async def _connect(self, user: str, password: str | None = None):
        from .upstream_keys import connect

        key = (user, self._passwords.get(user, "") if password is None else password)
        conn = self._conns.get(key)
        if conn is None or conn.is_closed():
            conn = await connect(self.host_keys, self.upstream[0], self.upstream[1],
                                 username=self.user_map.get(user, user), password=key[1], client_keys=None,
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
        self.recording.learn(command)
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
                       user_map: dict[str, str], key_dir: Path | None, host_keys=None) -> int:
    recording = Recording(output, f"{upstream[0]}:{upstream[1]}")
    recording.save()
    backend = RecordBackend(upstream, recording, user_map, host_keys)
    return await serve_backend(backend, listen, key_dir, f"(upstream {upstream[0]}:{upstream[1]}, writing {output})")
