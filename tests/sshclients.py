"""Real SSH clients for the tests: asyncssh, paramiko and OpenSSH (through sshpass)."""

from __future__ import annotations

import asyncio
import subprocess
import time

import asyncssh
import paramiko

from harness.runtime.embedded import HostInfo

SSH_OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "PubkeyAuthentication=no"]


def asyncssh_run(host: HostInfo, command: str, password: str | None = None) -> tuple[str, str, int]:
    async def go():
        async with asyncssh.connect(host.address, port=host.port, username=host.username,
                                    password=password or host.password, known_hosts=None,
                                    client_keys=None) as conn:
            r = await conn.run(command)
            return r.stdout, r.stderr, r.exit_status

    return asyncio.run(go())


def paramiko_client(host: HostInfo) -> paramiko.SSHClient:
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(host.address, port=host.port, username=host.username, password=host.password,
              look_for_keys=False, allow_agent=False, timeout=10)
    return c


def paramiko_exec(host: HostInfo, command: str) -> tuple[str, str, int]:
    c = paramiko_client(host)
    try:
        _, out, err = c.exec_command(command, timeout=30)
        stdout, stderr = out.read().decode(), err.read().decode()
        return stdout, stderr, out.channel.recv_exit_status()
    finally:
        c.close()


def openssh(host: HostInfo, command: str, *, tty: bool = False) -> subprocess.CompletedProcess:
    argv = ["sshpass", "-p", host.password, "ssh", *SSH_OPTS, "-p", str(host.port)]
    if tty:
        argv.append("-tt")
    argv += [f"{host.username}@{host.address}", command]
    return subprocess.run(argv, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


class InteractiveShell:
    """A paramiko shell channel with a PTY, read up to the prompt like expect-based tools do."""

    def __init__(self, host: HostInfo, prompt: str):
        self.client = paramiko_client(host)
        self.chan = self.client.invoke_shell(term="vt100", width=200, height=50)
        self.prompt = prompt
        self.banner = self.read_until_prompt()

    def read_until_prompt(self, timeout: float = 15) -> str:
        buf = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.chan.recv_ready():
                buf += self.chan.recv(65536)
                if buf.decode(errors="replace").endswith(self.prompt):
                    return buf.decode(errors="replace")
            else:
                time.sleep(0.01)
        raise TimeoutError(f"no prompt {self.prompt!r}; got {buf!r}")

    def run(self, line: str) -> str:
        """Send a line; return what came back before the next prompt (echo included), CRLF as sent."""
        self.chan.send(line + "\n")
        return self.read_until_prompt()

    def close(self) -> None:
        self.client.close()
