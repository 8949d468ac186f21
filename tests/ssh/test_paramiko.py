"""paramiko 5.x: exec_command (with and without PTY), invoke_shell, many channels, host key types."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import paramiko
import pytest

PROMPT = b"hscroot@hmc1:~> "


def client(srv, host="hmc1", user="hscroot", password="abc123", **kw) -> paramiko.SSHClient:
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(srv.address, port=srv.ports[host], username=user, password=password,
              look_for_keys=False, allow_agent=False, timeout=5, **kw)
    return c


def read_until(ch: paramiko.Channel, marker: bytes, timeout: float = 5) -> bytes:
    buf = b""
    deadline = time.monotonic() + timeout
    ch.settimeout(0.1)
    while marker not in buf:
        if time.monotonic() > deadline:
            raise AssertionError(f"timeout waiting for {marker!r}; got {buf!r}")
        try:
            data = ch.recv(65535)
        except TimeoutError:
            continue
        if not data:
            break
        buf += data
    return buf


@pytest.fixture
def pc(srv):
    c = client(srv)
    yield c
    c.close()


def test_exec_command(pc):
    _, out, err = pc.exec_command("echo hi there; err warn")
    assert out.read() == b"hi there\n"
    assert err.read() == b"warn\n"
    assert out.channel.recv_exit_status() == 2


def test_exec_command_with_pty_uses_crlf(pc):
    _, out, err = pc.exec_command("echo a; echo b; err c", get_pty=True)
    assert out.read() == b"a\r\nb\r\nc\r\n"
    assert err.read() == b""
    assert out.channel.recv_exit_status() == 2


def test_exec_empty_command(pc):
    _, out, _ = pc.exec_command("")
    assert out.read() == b""
    assert out.channel.recv_exit_status() == 0


def test_invoke_shell_prompt_echo_crlf(pc, srv):
    ch = pc.invoke_shell()                       # vt100 80x24, like paramiko/fabric
    assert read_until(ch, PROMPT) == PROMPT
    ch.send("echo hello\n")
    assert read_until(ch, PROMPT) == b"echo hello\r\nhello\r\n" + PROMPT
    ch.send("exit 7\n")
    assert ch.recv_exit_status() == 7
    assert srv.backends["hmc1"].records[-1]["channel"] == "shell-pty"


def test_netmiko_style_prompt_probing(srv):
    c = client(srv, host="lpar30", user="root", password="secret")
    try:
        ch = c.invoke_shell(width=511, height=1000)
        assert read_until(ch, b"# ") == b"# "
        ch.send("\n")
        assert read_until(ch, b"# ") == b"\r\n# "
        ch.send("\n")
        assert read_until(ch, b"# ") == b"\r\n# "
        ch.send("echo x\n")
        assert read_until(ch, b"# ") == b"echo x\r\nx\r\n# "
        ch.send("exit\n")
        assert ch.recv_exit_status() == 0
    finally:
        c.close()


def test_many_exec_channels_on_one_transport(pc):
    def one(i: int) -> tuple[bytes, int]:
        _, out, _ = pc.exec_command(f"echo n{i}")
        return out.read(), out.channel.recv_exit_status()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(24)))
    assert results == [(f"n{i}\n".encode(), 0) for i in range(24)]


@pytest.mark.parametrize("algo,disabled", [
    ("ssh-ed25519", []),
    ("rsa-sha2-512", ["ssh-ed25519"]),
    ("rsa-sha2-256", ["ssh-ed25519", "rsa-sha2-512"]),
])
def test_host_key_algorithms(srv, algo, disabled):
    c = client(srv, disabled_algorithms={"keys": disabled})
    try:
        t = c.get_transport()
        assert t.host_key_type == algo
        assert t.remote_version == "SSH-2.0-OpenSSH_8.0"
        _, out, _ = c.exec_command("echo ok")
        assert out.read() == b"ok\n"
    finally:
        c.close()



def test_paramiko_wrong_password(srv):
    with pytest.raises(paramiko.AuthenticationException):
        client(srv, password="bad")
    with pytest.raises(paramiko.AuthenticationException):
        client(srv, user="nobody")
