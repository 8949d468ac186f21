"""The OpenSSH client (/usr/bin/ssh) through sshpass: exec, -tt, a real terminal, ControlMaster."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time

import pytest

from tests.conftest import require_binary

SSH = shutil.which("ssh")
SSHPASS = shutil.which("sshpass")


@pytest.fixture(autouse=True)
def _clients():
    """Skip without the clients; in CI (FAKEHMC_REQUIRE_CLIENTS=1) fail."""
    require_binary("ssh", "openssh-client")
    require_binary("sshpass")
PROMPT = b"hscroot@hmc1:~> "


def ssh_argv(srv, *args, password="abc123", user="hscroot", host="hmc1"):
    return [SSHPASS, "-p", password, SSH, "-p", str(srv.ports[host]),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5", *args, f"{user}@{srv.address}"]


def ssh(srv, *args, command=None, input=None, env=None, **kw) -> subprocess.CompletedProcess:
    argv = ssh_argv(srv, *args, **kw) + ([command] if command is not None else [])
    return subprocess.run(argv, input=input, capture_output=True, check=False, timeout=15,
                          stdin=None if input is not None else subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def test_exec(srv):
    r = ssh(srv, command="echo hi; err oops")
    assert (r.stdout, r.stderr, r.returncode) == (b"hi\n", b"oops\n", 2)
    rec = srv.backends["hmc1"].records[-1]
    assert (rec["channel"], rec["command"]) == ("exec", "echo hi; err oops")


def test_exec_tt_uses_crlf(srv):
    r = ssh(srv, "-tt", command="echo a; echo b")
    assert (r.stdout, r.returncode) == (b"a\r\nb\r\n", 0)
    assert srv.backends["hmc1"].records[-1]["channel"] == "exec-pty"


def test_wrong_password_is_refused(srv):
    r = ssh(srv, command="echo hi", password="wrong")
    assert r.returncode == 5   # sshpass: "Invalid/incorrect password"
    assert r.stdout == b""


def test_tt_shell_with_piped_stdin(srv):
    r = ssh(srv, "-tt", input=b"echo a\nexit 5\n")
    assert r.stdout == PROMPT + b"echo a\r\na\r\n" + PROMPT + b"exit 5\r\n"
    assert r.returncode == 5


def test_T_shell_script_on_stdin(srv):
    r = ssh(srv, "-T", input=b"echo a\nfor i in 1 2\ndo echo $i\ndone\nexit 4\n")
    assert (r.stdout, r.returncode) == (b"a\n1\n2\n", 4)


def test_remote_forwarding_refused(srv):
    r = ssh(srv, "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:9",
            command="echo hi")
    assert r.returncode == 255
    assert b"forwarding failed" in r.stderr


def test_x11_agent_and_sftp_subsystem_refused(srv):
    r = ssh(srv, "-X", "-A", command="echo hi", env={"DISPLAY": ":99"})
    assert (r.stdout, r.returncode) == (b"hi\n", 0)
    assert b"X11 forwarding request failed" in r.stderr
    r = ssh(srv, "-s", command="sftp")
    assert r.returncode == 255
    assert b"subsystem request failed" in r.stderr


def test_controlmaster_shell_at_eof_then_multiplexed_execs(srv, tmp_path):
    """avocado: the master runs `ssh -T -n` (shell, no PTY, stdin at EOF); commands reuse it."""
    sock = str(tmp_path / "cm.sock")
    cm = ["-o", f"ControlPath={sock}"]
    master = ssh(srv, "-T", "-n", "-o", "ControlMaster=yes", "-o", "ControlPersist=20", *cm)
    try:
        assert master.returncode == 0
        assert os.path.exists(sock)
        r1 = subprocess.run(ssh_argv(srv, *cm)[3:] + ["echo one; exit 3"], capture_output=True, check=False,
                            stdin=subprocess.DEVNULL, timeout=10)
        r2 = subprocess.run(ssh_argv(srv, *cm)[3:] + ["whoami"], capture_output=True, check=False,
                            stdin=subprocess.DEVNULL, timeout=10)
        assert (r1.stdout, r1.returncode) == (b"one\n", 3)
        assert (r2.stdout, r2.returncode) == (b"hscroot\n", 0)
    finally:
        subprocess.run(ssh_argv(srv, *cm, "-O", "exit")[3:], capture_output=True, check=False, timeout=10)


def test_interactive_login_on_a_real_terminal(srv):
    """fence_lpar/pexpect style: ssh on a PTY, password prompt answered by sshpass."""
    master, slave = os.openpty()
    proc = subprocess.Popen(ssh_argv(srv, "-o", "PubkeyAuthentication=no"), stdin=slave,
                            stdout=slave, stderr=slave, start_new_session=True, close_fds=True)
    os.close(slave)
    buf = b""

    def expect(marker: bytes) -> bytes:
        nonlocal buf
        deadline = time.monotonic() + 8
        while marker not in buf:
            assert time.monotonic() < deadline, f"timeout waiting for {marker!r}: {buf!r}"
            if select.select([master], [], [], 0.2)[0]:
                try:
                    buf += os.read(master, 65536)
                except OSError:
                    break
        head, _, buf = buf.partition(marker)
        return head + marker

    try:
        expect(PROMPT)
        os.write(master, b"echo hello\n")
        got = expect(PROMPT)
        assert got == b"echo hello\r\nhello\r\n" + PROMPT
        os.write(master, b"exit 2\n")
        assert proc.wait(timeout=8) == 2
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
