"""Authentication under attack, against the real estate (the seed's HMC and lpar30).

What tests/ssh/test_exec_auth.py already covers against a fake backend is not repeated here: wrong
passwords, unknown users and "none" refused (test_password_auth_refusals), keyboard-interactive
(test_keyboard_interactive), wrong and unauthorised keys (test_publickey_auth). Here: the same
refusals with the real backends of an estate, and brute force slowed down in wall-clock time
(harness/ssh/auth.py FAIL_DELAY_*), checked with lower bounds and generous deadlines only.
"""

from __future__ import annotations

import asyncio
import time

import asyncssh
import pytest

from harness.ssh import auth


class _Guesser(asyncssh.SSHClient):
    """Tries each password in turn on one connection, as a brute-force tool does."""

    def __init__(self, guesses: list[str]):
        self.guesses = list(guesses)
        self.tried = 0

    def password_auth_requested(self):
        if not self.guesses:
            return None
        self.tried += 1
        return self.guesses.pop(0)


async def _login(host, guesses: list[str], username: str | None = None) -> tuple[bool, int, float]:
    client = _Guesser(guesses)
    t = time.perf_counter()
    try:
        async with asyncssh.connect(host.address, port=host.port, username=username or host.username,
                                    known_hosts=None, client_keys=None, agent_path=None, config=None,
                                    preferred_auth="password", client_factory=lambda: client) as conn:
            r = await conn.run("whoami")
            ok = r.exit_status == 0
    except (asyncssh.PermissionDenied, asyncssh.DisconnectError, ConnectionError):
        ok = False
    return ok, client.tried, time.perf_counter() - t


@pytest.fixture(scope="module")
def seed(key_dir):
    from harness.runtime.embedded import EstateConfig
    from harness.runtime.thread import EstateThread

    est = EstateThread(EstateConfig(scenario="seed-lpar30", port=0, clock_scale=0, control_port=0,
                                    key_dir=key_dir)).start()
    yield est
    est.stop()


@pytest.mark.parametrize("name", ["hmc1", "lpar30", "vios1"])
def test_real_backends_refuse_wrong_passwords_and_unknown_users(seed, name):
    host = seed.host(name)
    assert asyncio.run(_login(host, [host.password]))[0]
    assert not asyncio.run(_login(host, ["wrong"]))[0]
    assert not asyncio.run(_login(host, [host.password], username="nobody"))[0]
    assert not asyncio.run(_login(host, [""]))[0]
    assert not asyncio.run(_login(host, [host.password.upper()]))[0]
    assert not asyncio.run(_login(host, [host.password + "\x00"]))[0]


def test_wrong_key_refused_by_real_backend(seed):
    host = seed.host("hmc1")
    stranger = asyncssh.generate_private_key("ssh-ed25519")

    async def go():
        async with asyncssh.connect(host.address, port=host.port, username=host.username, known_hosts=None,
                                    client_keys=[stranger], agent_path=None, config=None, password=None,
                                    preferred_auth="publickey"):
            return True

    with pytest.raises(asyncssh.PermissionDenied):
        asyncio.run(go())


def test_brute_force_is_slowed_down(seed, monkeypatch):
    """Lower bounds only: a server-side sleep never ends early, so they hold on any machine, however slow.
    Per connection: the module's estate has seen other tests' failures from this address, which the
    per-source ledger would count (tested on its own below), so the source allowance is lifted here."""
    host = seed.host("hmc1")
    monkeypatch.setattr(auth, "SOURCE_FREE", 10**6)
    # three wrong guesses, then the right one, on one connection: at least the sum of the delays
    ok, tried, slow = asyncio.run(_login(host, ["a", "b", "c", host.password]))
    assert ok and tried == 4
    penalty = sum(min(auth.FAIL_DELAY_STEP * (n - 1), auth.FAIL_DELAY_MAX) for n in (1, 2, 3))
    assert slow >= penalty, (slow, penalty)
    # with an hour per step: a single typo still logs in within a generous deadline (it costs nothing),
    # while a second failure on the connection makes the client wait past any deadline
    step, most = auth.FAIL_DELAY_STEP, auth.FAIL_DELAY_MAX
    monkeypatch.setattr(auth, "FAIL_DELAY_STEP", 3600.0)
    monkeypatch.setattr(auth, "FAIL_DELAY_MAX", 3600.0)
    ok, tried, _ = asyncio.run(asyncio.wait_for(_login(host, ["typo", host.password]), 120))
    assert ok and tried == 2
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(_login(host, ["typo", "typo again", host.password]), 3))
    monkeypatch.setattr(auth, "FAIL_DELAY_STEP", step)
    monkeypatch.setattr(auth, "FAIL_DELAY_MAX", most)
    # the sixth failure ends the connection, as sshd's MaxAuthTries
    ok, tried, _ = asyncio.run(_login(host, [f"guess{i}" for i in range(10)]))
    assert not ok and tried == auth.MAX_AUTH_TRIES


def test_a_viewer_changes_nothing():
    """An hmcviewer may run every command line it likes: the world stays byte for byte the same
    (roles are harness/world/roles.py; the refusal text is tested with the HMC commands)."""
    import json

    from hypothesis import given, settings
    from hypothesis import strategies as st
    from test_fuzz_shell import run_checked

    from harness.runtime.backend import HostBackend
    from harness.scenario.catalogue import load_scenario
    from harness.world.hmc import HmcUser
    from harness.world.roles import CHANGE_COMMANDS

    world = load_scenario("seed-lpar30")
    world.advance(16 * 60)  # let the seed's RMC settle so the world is quiet between commands
    world.hmcs["hmc1"].users["viewer"] = HmcUser("viewer", "v", "hmcviewer", "", [])
    system = "Server-9117-MMB-SN10284FP"

    def state() -> str:
        d = world.to_dict()
        d.pop("transcript", None)
        return json.dumps(d, sort_keys=True, default=str)

    before = state()
    shell = HostBackend(lambda: world, "hmc1", lambda: None).new_shell("viewer", interactive=False, pty=False)
    for line in (f"chhwres -r mem -m {system} -o a -p lpar21 -q 1024",
                 f"chhwres -r proc -m {system} -o a -p lpar21 --procs 1",
                 f"chsysstate -r lpar -m {system} -o shutdown -n lpar21 --immed",
                 f"chsyscfg -r lpar -m {system} -i name=lpar21,new_name=x",
                 f"rmsyscfg -r lpar -m {system} -n lpar21", f"mksyscfg -r lpar -m {system} -i name=y,lpar_id=40"):
        res = shell.run(line)
        assert res.exit_code != 0, line
        assert state() == before, line

    words = st.sampled_from(["-r", "mem", "proc", "lpar", "-m", system, "-o", "a", "r", "s", "-p", "-n", "lpar21",
                             "lpar30", "-q", "1024", "--procs", "1", "-i", "name=lpar21,new_name=z", "--immed",
                             "shutdown", "on", "off", "--autocorrect", "-t", "lpar22"])

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(cmd=st.sampled_from(sorted(CHANGE_COMMANDS)), args=st.lists(words, max_size=10))
    def check(cmd, args):
        run_checked(world, "hmc1", "viewer", " ".join([cmd, *args]))
        assert state() == before, (cmd, args)

    check()


def test_brute_force_on_new_connections_is_slowed_by_source_address(estate_factory):
    """One guess per new connection used to be answered at once every time (277 guesses/s): failures now
    count per source address across connections, so past SOURCE_FREE of them a new connection's wrong
    guess waits too. A lower bound on elapsed time holds on any machine, however slow."""
    import time

    import asyncssh

    from harness.ssh.auth import FAIL_DELAY_STEP, SOURCE_FREE
    from tests.sshclients import asyncssh_run

    host = estate_factory("healthy").host("lpar1")
    elapsed = []
    for _ in range(SOURCE_FREE + 4):
        start = time.monotonic()
        with pytest.raises(asyncssh.PermissionDenied):
            asyncssh_run(host, "true", password="wrong-guess")
        elapsed.append(time.monotonic() - start)
    assert elapsed[-1] >= 4 * FAIL_DELAY_STEP, elapsed
    assert asyncssh_run(host, "echo ok")[0] == "ok\n"  # the right password still gets in
