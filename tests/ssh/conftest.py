"""Fake backend + fake shell for the SSH transport tests, and a server running in a thread.

The server runs on its own event loop in a background thread, so blocking clients (paramiko,
OpenSSH through subprocess) and asyncssh clients (``asyncio.run`` in the test) can both reach it.
"""

from __future__ import annotations

import asyncio
import re
import shlex
import threading
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pytest

from harness.ssh import EndpointSpec, SshServer

PASSWORDS = {"hscroot": "abc123", "root": "secret"}


@dataclass
class FakeResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    exited: bool = False


class FakeShell:
    """Just enough shell: echo, err, big, true/false, exit, `;` and one-level for loops."""

    def __init__(self, backend: FakeBackend, user: str, interactive: bool, pty: bool):
        self.backend = backend
        self.user = user
        self.interactive = interactive
        self.pty = pty
        self.status = 0

    def prompt(self) -> str:
        return self.backend.prompt_text

    def prompt2(self) -> str:
        return "> "

    def is_complete(self, source: str) -> bool:
        if source.count("'") % 2 or source.count('"') % 2:
            return False
        words = re.findall(r"[^\s;]+", source)
        opened = sum(w in ("for", "while") for w in words)
        return opened <= sum(w == "done" for w in words)

    def run(self, source: str) -> FakeResult:
        if source == "crash":
            raise RuntimeError("boom")
        res = FakeResult()
        try:
            self._block(source.replace("\n", ";"), res, {})
        except SystemExit as exc:
            res.exited = True
            self.status = int(exc.code or 0)
        res.exit_code = self.status
        return res

    def _block(self, src: str, res: FakeResult, env: dict) -> None:
        m = re.fullmatch(r"\s*for (\w+) in ([^;]*);\s*do;?(.*?);?\s*done\s*;?\s*", src)
        if m:
            for value in m.group(2).split():
                self._block(m.group(3), res, {**env, m.group(1): value})
            return
        for cmd in src.split(";"):
            if cmd.strip():
                self._one(cmd, res, env)

    def _one(self, cmd: str, res: FakeResult, env: dict) -> None:
        cmd = cmd.replace("$?", str(self.status))
        for k, v in env.items():
            cmd = cmd.replace("$" + k, v)
        argv = shlex.split(cmd)
        name, args = argv[0], argv[1:]
        status = 0
        if name == "echo":
            res.stdout += " ".join(args) + "\n"
        elif name == "err":
            res.stderr += " ".join(args) + "\n"
            status = 2
        elif name == "big":
            res.stdout += ("x" * 99 + "\n") * (int(args[0]) // 100)
        elif name == "whoami":
            res.stdout += self.user + "\n"
        elif name == "mode":
            res.stdout += f"interactive={self.interactive} pty={self.pty}\n"
        elif name in ("true", "false"):
            status = int(name == "false")
        elif name == "exit":
            self.status = int(args[0]) if args else self.status
            raise SystemExit(self.status)
        else:
            res.stderr += f"bash: {name}: command not found\n"
            status = 127
        self.status = status


@dataclass
class FakeBackend:
    name: str
    prompt_text: str
    keys: dict = field(default_factory=dict)
    records: list = field(default_factory=list)
    settles: int = 0
    shells: list = field(default_factory=list)

    def check_password(self, user: str, password: str) -> bool:
        return PASSWORDS.get(user) == password

    def authorized_keys(self, user: str) -> list[str]:
        return list(self.keys.get(user, []))

    def user_exists(self, user: str) -> bool:
        return user in PASSWORDS or user in self.keys

    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> FakeShell:
        self.shells.append((user, interactive, pty))
        return FakeShell(self, user, interactive, pty)

    def record(self, *, user: str, channel: str, command: str, exit_code: int,
               bytes_out: int) -> None:
        self.records.append({"user": user, "channel": channel, "command": command,
                                 "exit_code": exit_code, "bytes_out": bytes_out})

    async def settle(self) -> None:
        self.settles += 1
        await asyncio.sleep(0)


class ServerThread:
    """An SshServer on an event loop in a daemon thread."""

    def __init__(self, state_dir: Path, backends: list[FakeBackend], address: str = "127.0.0.1"):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.backends = {b.name: b for b in backends}
        self.server = SshServer(state_dir=state_dir, server_version="OpenSSH_8.0")
        self.call(self.server.start([EndpointSpec(backend=b, address=address, port=0)
                                     for b in backends]))
        self.ports = {name: port for name, _, port in self.server.bound}
        self.address = address

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        try:
            self.call(self.server.close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


@pytest.fixture(scope="session")
def client_key():
    return asyncssh.generate_private_key("ssh-ed25519", comment="tester@ci")


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("state")


@pytest.fixture(scope="session")
def srv(state_dir, client_key):
    pub = client_key.export_public_key("openssh").decode().strip()
    hmc = FakeBackend("hmc1", "hscroot@hmc1:~> ", keys={"hscroot": [pub], "keyonly": [pub]})
    lpar = FakeBackend("lpar30", "# ")
    st = ServerThread(state_dir, [hmc, lpar])
    yield st
    st.stop()


def _connect(srv: ServerThread, host: str = "hmc1", **kw):
    """asyncssh.connect to one endpoint of srv (password hscroot/abc123 unless overridden)."""
    opts = {"username": "hscroot", "password": "abc123", "known_hosts": None, "client_keys": None,
                "agent_path": None, "config": None}
    opts.update(kw)
    return asyncssh.connect(srv.address, srv.ports[host], **opts)


@pytest.fixture(scope="session")
def connect():
    """``connect(srv, host="hmc1", **asyncssh_options)`` -> asyncssh connection context manager."""
    return _connect


@pytest.fixture
def server_factory():
    """``server_factory(state_dir, [backend, ...], address=...)`` -> a started ServerThread."""
    started: list[ServerThread] = []

    def make(state_dir: Path, backends: list, address: str = "127.0.0.1") -> ServerThread:
        st = ServerThread(state_dir, backends, address)
        started.append(st)
        return st

    yield make
    for st in started:
        st.stop()


@pytest.fixture(scope="session")
def fake_backend():
    """The FakeBackend class: ``fake_backend("hmc2", "hscroot@hmc2:~> ")``."""
    return FakeBackend
