"""SSH-level faults, each switched on and healed through the control API and seen by real clients."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import asyncssh
import pytest

from tests.control.controlhelp import call
from tests.sshclients import asyncssh_run, paramiko_client

SYSTEM = "Server-8286-42A-SN2112ABC"


@pytest.fixture
def est(estate_factory):
    return estate_factory("healthy")


def fault(est, **body) -> dict:
    status, doc = call(est.estate.control_url + "/faults", "POST", body)
    assert status == 201, doc
    return doc


def heal(est, fault_id: int) -> None:
    status, doc = call(est.estate.control_url + f"/faults/{fault_id}/heal", "POST")
    assert status == 200, doc


def fired(est, fault_id: int) -> int:
    doc = call(est.estate.control_url + "/faults")[1]
    return next(f["count"] for f in doc["rules"] + doc["ssh"] if f["id"] == fault_id)


def wait_for(pred, what: str, timeout: float = 10) -> None:
    """Short real waits for another thread's progress (never to imitate the machine)."""
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def connect_fails(host, **kw) -> Exception:
    async def go():
        async with asyncssh.connect(host.address, port=host.port, username=host.username,
                                    password=kw.get("password", host.password), known_hosts=None,
                                    client_keys=None, connect_timeout=10):
            pass

    with pytest.raises((asyncssh.Error, OSError)) as info:
        asyncio.run(go())
    return info.value


def test_banner_stall_holds_the_version_string_until_healed(est):
    lpar = est.host("lpar1")
    f = fault(est, ssh="banner_stall", host="lpar1")
    with socket.create_connection((lpar.address, lpar.port), timeout=5) as sock:
        sock.settimeout(0.3)
        with pytest.raises(socket.timeout):
            sock.recv(100)
        assert fired(est, f["id"]) == 1
        heal(est, f["id"])
        sock.settimeout(5)
        assert sock.recv(100).startswith(b"SSH-2.0-OpenSSH_8.0")
    assert asyncssh_run(lpar, "hostname")[0] == "lpar1\n"
    fault(est, ssh="banner_stall", host="lpar1", seconds=0.2)  # a slow sshd rather than a dead one
    with socket.create_connection((lpar.address, lpar.port), timeout=5) as sock:
        assert sock.recv(100).startswith(b"SSH-2.0-")


def test_kex_failure_drops_after_the_banner_then_max_count_lets_the_retry_in(est):
    lpar = est.host("lpar1")
    fault(est, ssh="kex_fail", host="lpar*", max_count=1)
    with socket.create_connection((lpar.address, lpar.port), timeout=5) as sock:
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
        assert data == b"SSH-2.0-OpenSSH_8.0\r\n"  # the banner, then the connection is closed
    assert asyncssh_run(lpar, "hostname")[0] == "lpar1\n"  # the fault fired its one time


def test_kex_failure_as_openssh_sees_it(est):
    from tests.conftest import require_binary
    from tests.sshclients import openssh

    require_binary("sshpass")
    fault(est, ssh="kex_fail", host="lpar1")
    proc = openssh(est.host("lpar1"), "hostname")
    assert (proc.returncode, proc.stdout) == (255, b"")  # ssh's own failure code (LogLevel=ERROR hides why)


def test_refused_and_slow_authentication(est):
    hmc = est.host("hmc1")
    f = fault(est, ssh="auth_refused", host="hmc1")
    assert isinstance(connect_fails(hmc), asyncssh.PermissionDenied)
    heal(est, f["id"])
    assert asyncssh_run(hmc, "lshmc -V")[2] == 0

    fault(est, ssh="slow_auth", host="hmc1", seconds=0.3)
    start = time.monotonic()
    assert asyncssh_run(hmc, "lshmc -V")[2] == 0
    assert time.monotonic() - start >= 0.3
    assert isinstance(connect_fails(hmc, password="wrong"), asyncssh.PermissionDenied)  # still checked


def test_max_startups_refuses_beyond_the_unauthenticated_limit(est):
    lpar = est.host("lpar2")
    f = fault(est, ssh="max_startups", host="lpar2", limit=1)
    with socket.create_connection((lpar.address, lpar.port), timeout=5) as held:
        assert held.recv(100).startswith(b"SSH-2.0-")  # one unauthenticated connection, held open
        connect_fails(lpar)
        assert fired(est, f["id"]) == 1
    wait_for(lambda: _connects(lpar), "the slot was not freed after the first client left")


def _connects(host) -> bool:
    try:
        return asyncssh_run(host, "true")[2] == 0
    except (asyncssh.Error, OSError):
        return False


def test_channel_hang_answers_once_healed(est):
    hmc = est.host("hmc1")
    f = fault(est, ssh="channel_hang", host="hmc1")
    result = {}
    thread = threading.Thread(target=lambda: result.update(r=asyncssh_run(hmc, "lshmc -V")))
    thread.start()
    wait_for(lambda: fired(est, f["id"]) == 1, "the command never reached the fault")
    thread.join(0.2)
    assert thread.is_alive() and est.call(lambda: len(est.world.transcript)) == 0
    heal(est, f["id"])
    thread.join(10)
    assert result["r"][2] == 0 and "Version" in result["r"][0]


def test_hung_channel_is_released_when_the_client_goes(est):
    hmc = est.host("hmc1")
    f = fault(est, ssh="channel_hang", host="hmc1")
    client = paramiko_client(hmc)
    chan = client.get_transport().open_session()
    chan.exec_command("lshmc -V")
    wait_for(lambda: fired(est, f["id"]) == 1, "the command never reached the fault")
    client.close()
    wait_for(lambda: est.call(_open_connections, est) == 0, "the server did not see the client go")
    heal(est, f["id"])
    assert asyncssh_run(hmc, "lshmc -V")[2] == 0
    assert [e.command for e in est.call(lambda: list(est.world.transcript))] == ["lshmc -V"]


def _open_connections(est) -> int:
    return sum(len(ep.connections) for ep in est.estate._ssh._endpoints)


def test_connection_dropped_mid_output(est):
    hmc = est.host("hmc1")
    fault(est, ssh="drop_mid_output", host="hmc1", after_bytes=10)
    client = paramiko_client(hmc)
    try:
        _, out, _ = client.exec_command(f"lssyscfg -r lpar -m {SYSTEM} -F name")
        assert out.read() == b"lpar1\nlpar"  # 10 characters, then nothing
        assert out.channel.recv_exit_status() == -1  # no exit status ever came
    finally:
        client.close()
