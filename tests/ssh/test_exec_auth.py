"""Exec channels and authentication, driven by the asyncssh client."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 15))


def test_exec_stdout_stderr_exit_status(srv, connect):
    hmc = srv.backends["hmc1"]
    before, settles = len(hmc.records), hmc.settles

    async def go():
        async with connect(srv) as conn:
            return await conn.run("echo hello world; err oops")

    r = run(go())
    assert r.stdout == "hello world\n"
    assert r.stderr == "oops\n"
    assert r.exit_status == 2
    assert hmc.records[before:] == [{"user": "hscroot", "channel": "exec",
                                         "command": "echo hello world; err oops", "exit_code": 2,
                                         "bytes_out": len("hello world\noops\n")}]
    assert hmc.settles == settles + 1
    assert hmc.shells[-1] == ("hscroot", False, False)


def test_exec_with_pty_is_crlf_and_merges_stderr(srv, connect):
    async def go():
        async with connect(srv) as conn:
            return await conn.run("echo a; err b; echo c", term_type="xterm")

    r = run(go())
    assert r.stdout == "a\r\nc\r\nb\r\n"
    assert r.stderr == ""
    assert r.exit_status == 0
    rec = srv.backends["hmc1"].records[-1]
    assert rec["channel"] == "exec-pty"
    assert srv.backends["hmc1"].shells[-1] == ("hscroot", False, True)


def test_exec_env_request_accepted_and_second_host(srv, connect):
    async def go():
        async with connect(srv, host="lpar30", username="root", password="secret") as conn:
            return await conn.run("whoami", env={"LANG": "C.UTF-8"})

    r = run(go())
    assert (r.stdout, r.exit_status) == ("root\n", 0)
    assert srv.backends["lpar30"].records[-1]["channel"] == "exec"


def test_exec_unknown_command(srv, connect):
    async def go():
        async with connect(srv) as conn:
            return await conn.run("nosuch")

    r = run(go())
    assert (r.stdout, r.stderr, r.exit_status) == ("", "bash: nosuch: command not found\n", 127)


def test_backend_exception_is_not_a_traceback(srv, connect):
    async def go():
        async with connect(srv) as conn:
            bad = await conn.run("crash")
            good = await conn.run("echo still here")
            return bad, good

    bad, good = run(go())
    assert bad.exit_status == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert good.stdout == "still here\n"


def test_server_version_string(srv, connect):
    async def go():
        async with connect(srv) as conn:
            return conn.get_extra_info("server_version")

    assert run(go()) == "SSH-2.0-OpenSSH_8.0"


# --- authentication -----------------------------------------------------------------------------

def test_password_auth_refusals(srv, connect):
    async def attempt(**kw):
        try:
            async with connect(srv, preferred_auth="password", **kw) as conn:
                return (await conn.run("whoami")).stdout
        except asyncssh.PermissionDenied:
            return "denied"

    assert run(attempt()) == "hscroot\n"
    assert run(attempt(password="wrong")) == "denied"
    assert run(attempt(username="nobody", password="abc123")) == "denied"
    # no credentials at all: "none" must not succeed
    assert run(attempt(password=None)) == "denied"


class _KbdClient(asyncssh.SSHClient):
    def __init__(self, answer):
        self.answer = answer
        self.prompts = []

    def kbdint_auth_requested(self):
        return ""

    def kbdint_challenge_received(self, name, instructions, lang, prompts):
        self.prompts.append(list(prompts))
        return [self.answer] * len(prompts)


@pytest.mark.parametrize("user,answer,ok", [("hscroot", "abc123", True),
                                            ("hscroot", "nope", False),
                                            ("ghost", "abc123", False)])
def test_keyboard_interactive(srv, connect, user, answer, ok):
    client = _KbdClient(answer)

    async def go():
        try:
            async with connect(srv, username=user, password=None,
                               preferred_auth="keyboard-interactive",
                               client_factory=lambda: client) as conn:
                return (await conn.run("whoami")).stdout
        except (asyncssh.PermissionDenied, asyncssh.DisconnectError, ConnectionError):
            return "denied"  # the client keeps answering: sshd-like drop after MaxAuthTries

    assert run(go()) == ("hscroot\n" if ok else "denied")
    assert client.prompts[0] == [("Password: ", False)]


def test_publickey_auth(srv, connect, client_key):
    other = asyncssh.generate_private_key("ssh-ed25519")

    async def attempt(user, key):
        try:
            async with connect(srv, username=user, password=None, client_keys=[key],
                               preferred_auth="publickey") as conn:
                return (await conn.run("whoami")).stdout
        except asyncssh.PermissionDenied:
            return "denied"

    assert run(attempt("keyonly", client_key)) == "keyonly\n"
    assert run(attempt("hscroot", client_key)) == "hscroot\n"
    assert run(attempt("keyonly", other)) == "denied"
    assert run(attempt("root", client_key)) == "denied"   # key not authorized for root
    assert run(attempt("ghost", client_key)) == "denied"


def test_forwarding_and_subsystems_refused(srv, connect):
    async def go():
        async with connect(srv) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", 9)
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
            with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError, OSError)):
                async with conn.start_sftp_client():
                    pass
            # the connection is still fine afterwards
            return (await conn.run("echo ok")).stdout

    assert run(go()) == "ok\n"
