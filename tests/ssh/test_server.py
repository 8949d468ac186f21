"""Listeners, host keys, load and robustness."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import stat

import asyncssh
import paramiko
import pytest

from harness.ssh import EndpointSpec, SshBindError, SshServer


def run(coro, timeout=20):
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def host_keys(connect, srv, host):
    keys = {}
    for alg in ("ssh-ed25519", "rsa-sha2-512"):
        async with connect(srv, host=host, server_host_key_algs=[alg]) as conn:
            keys[alg] = conn.get_server_host_key().export_public_key("openssh")
    return keys


def test_host_keys_generated_once_and_reused_after_restart(tmp_path, server_factory,
                                                           fake_backend, connect):
    hmc = fake_backend("hmc9", "hscroot@hmc9:~> ")
    st = server_factory(tmp_path, [hmc], address="127.0.0.10")   # any 127.0.0.x works
    assert st.server.bound == [("hmc9", "127.0.0.10", st.ports["hmc9"])]
    key_dir = tmp_path / "hostkeys" / "hmc9"
    files = [key_dir / "ssh_host_ed25519_key", key_dir / "ssh_host_rsa_key"]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
        assert f.with_name(f.name + ".pub").exists()
    assert files[0].read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    mtimes = [f.stat().st_mtime_ns for f in files]
    first = run(host_keys(connect, st, "hmc9"))
    assert first["ssh-ed25519"].startswith(b"ssh-ed25519 ")
    assert first["rsa-sha2-512"].startswith(b"ssh-rsa ")
    assert first["ssh-ed25519"].split()[1] in files[0].with_name(files[0].name + ".pub").read_bytes()
    st.stop()

    again = server_factory(tmp_path, [fake_backend("hmc9", "hscroot@hmc9:~> ")],
                           address="127.0.0.10")
    assert run(host_keys(connect, again, "hmc9")) == first
    assert [f.stat().st_mtime_ns for f in files] == mtimes   # not rewritten

    other = server_factory(tmp_path / "elsewhere", [fake_backend("hmc9", "x> ")])
    assert run(host_keys(connect, other, "hmc9"))["ssh-ed25519"] != first["ssh-ed25519"]


def test_odd_host_names_get_a_safe_key_directory(tmp_path):
    from harness.ssh.hostkeys import HostKeyStore

    store = HostKeyStore(tmp_path)
    d1, d2 = store.key_dir("aix lpar/1"), store.key_dir("aix lpar 1")
    assert d1.parent == d2.parent == tmp_path / "hostkeys"
    assert d1 != d2 and "/" not in d1.name and " " not in d1.name
    assert store.key_dir("..").parent == tmp_path / "hostkeys"


def test_bind_failure_names_address_and_port(srv, state_dir, fake_backend):
    busy = srv.ports["hmc1"]

    async def go():
        server = SshServer(state_dir=state_dir, server_version="OpenSSH_8.0")
        specs = [EndpointSpec(backend=fake_backend("lpar30", "# "), address="127.0.0.1", port=0),
                 EndpointSpec(backend=fake_backend("hmc1", "> "), address="127.0.0.1", port=busy)]
        with pytest.raises(SshBindError) as info:
            await server.start(specs)
        assert server.bound == []    # the endpoint bound before the failure was released
        await server.close()
        return str(info.value)

    msg = run(go())
    assert f"127.0.0.1:{busy}" in msg and "hmc1" in msg


def test_twenty_concurrent_connections(srv, connect):
    async def one(i):
        host, user, pw = (("hmc1", "hscroot", "abc123") if i % 2 else
                          ("lpar30", "root", "secret"))
        async with connect(srv, host=host, username=user, password=pw) as conn:
            r = await conn.run(f"echo c{i}")
            return r.stdout, r.exit_status

    async def go():
        return await asyncio.gather(*(one(i) for i in range(20)))

    assert run(go()) == [(f"c{i}\n", 0) for i in range(20)]


def test_fifty_sockets_with_garbage_do_not_disturb_others(srv, connect, caplog):
    caplog.set_level(logging.WARNING)
    port = srv.ports["hmc1"]

    async def junk(i):
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            if i % 3 == 0:
                writer.write(b"GET / HTTP/1.0\r\n\r\n")
            elif i % 3 == 1:
                writer.write(b"SSH-2.0-evil\r\n" + os.urandom(2000))
            await writer.drain()
            await asyncio.sleep(0.05)
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def go():
        async with connect(srv) as conn:     # an established session during the storm
            proc = await conn.create_process(term_type="xterm")
            await proc.stdout.readuntil("> ")
            await asyncio.gather(*(junk(i) for i in range(50)))
            proc.stdin.write("echo survived\n")
            out = await proc.stdout.readuntil("~> ")
            after = await conn.run("echo fine")
            return out, after.stdout

    out, after = run(go())
    assert "survived\r\n" in out and after == "fine\n"
    assert not [r for r in caplog.records if r.name.startswith("fakehmc")
                and r.levelno >= logging.ERROR]


def test_client_vanishing_mid_output(srv, connect, caplog):
    caplog.set_level(logging.WARNING)

    async def go():
        conn = await connect(srv)
        proc = await conn.create_process("big 30000000")        # 30 MB, far beyond the window
        await proc.stdout.read(1000)
        conn.abort()                                             # drop the TCP connection
        async with connect(srv) as conn2:
            return (await conn2.run("echo next")).stdout

    assert run(go()) == "next\n"

    # a channel closed mid-output leaves the rest of the connection alone (paramiko)
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect(srv.address, port=srv.ports["hmc1"], username="hscroot", password="abc123",
              look_for_keys=False, allow_agent=False, timeout=5)
    try:
        _, out, _ = c.exec_command("big 10000000")
        out.channel.recv(1000)
        out.channel.close()
        _, out2, _ = c.exec_command("echo same transport")
        assert out2.read() == b"same transport\n"
    finally:
        c.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_nothing_is_printed_to_stdout(srv, connect, capfd):
    async def go():
        async with connect(srv) as conn:
            await conn.run("crash")
            await conn.run("echo quiet")
        try:
            async with connect(srv, password="bad"):
                pass
        except asyncssh.PermissionDenied:
            pass

    run(go())
    s = socket.create_connection(("127.0.0.1", srv.ports["hmc1"]))
    s.sendall(b"\x00\xff garbage\r\n")
    s.close()
    out, _ = capfd.readouterr()
    assert out == ""
    assert logging.getLogger("asyncssh").level == logging.WARNING
