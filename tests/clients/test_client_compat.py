"""Real, unmodified SSH clients against a fake HMC served on loopback (reference/ssh-clients.md).

OpenSSH (exec and -tt, through sshpass), paramiko exec_command and invoke_shell, asyncssh, fabric,
netmiko (device_type 'generic'), scrapli (2026, libssh2 transport) and Debian's fence_lpar
(fence-agents): each sends what it sends to a real HMC and must get what a real HMC answers. Python
clients that are not installed are skipped with the pip command; system clients are skipped with
the apt-get command, or fail when FAKEHMC_REQUIRE_CLIENTS is set (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from harness.runtime.embedded import EstateConfig
from harness.runtime.thread import EstateThread
from tests.sshclients import InteractiveShell, asyncssh_run, openssh, paramiko_exec

SYS = "Server-8286-42A-SN2112ABC"
PROMPT = "hscroot@hmc1:~> "
SYS_LINE = f"{SYS},Operating\n"


def _require(what: str, how: str) -> None:
    msg = f"{what} not installed: {how}"
    if os.environ.get("FAKEHMC_REQUIRE_CLIENTS"):
        pytest.fail(msg)
    pytest.skip(msg)


def _module(name: str, package: str | None = None):
    try:
        return __import__(name)
    except ImportError:
        _require(name, f"pip install {package or name}")


@pytest.fixture(scope="module")
def estate(key_dir):
    est = EstateThread(EstateConfig(scenario="healthy", port=0, clock_scale=0, control_port=None,
                                    key_dir=key_dir)).start()
    yield est
    est.stop()


@pytest.fixture(scope="module")
def hmc(estate):
    return estate.host("hmc1")


def lpar_state(est: EstateThread, name: str) -> str:
    out, _, _ = asyncssh_run(est.host("hmc1"), f"lssyscfg -r lpar -m {SYS} --filter lpar_names={name} -F state")
    return out.strip()


# ---- OpenSSH, sshpass ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def openssh_ok():
    if shutil.which("ssh") is None:
        _require("ssh", "apt-get install openssh-client")
    if shutil.which("sshpass") is None:
        _require("sshpass", "apt-get install sshpass")


def test_openssh_exec(hmc, openssh_ok):
    r = openssh(hmc, "lssyscfg -r sys -F name,state")
    assert (r.stdout.decode(), r.stderr.decode(), r.returncode) == (SYS_LINE, "", 0)
    # errors on stdout with exit 1 [V]
    r = openssh(hmc, f"lssyscfg -r lpar -m {SYS} --filter lpar_names=nope")
    assert (r.stdout, r.returncode) == (b"HSCL8012 The partition named nope was not found.\n", 1)


def test_openssh_exec_with_env_prefix_and_pipes(hmc, openssh_ok):
    # [V-client] lpar2rrd's locale prefix; rbvppc's grep | cut pipeline
    r = openssh(hmc, " LC_ALL=en_US LANG=en_US LC_NUMERIC=en_US lshmc -V | grep 'Version:'|cut -d':' -f2")
    assert (r.stdout, r.returncode) == (b" 9\n", 0)


def test_openssh_tt_gives_crlf(hmc, openssh_ok):
    r = openssh(hmc, f"lssyscfg -r lpar -m {SYS} -F name:state", tty=True)
    assert r.stdout == b"lpar1:Running\r\nlpar2:Running\r\nlpar3:Running\r\nvios1:Running\r\n"


def test_sshpass_change_command_prints_nothing(estate, openssh_ok):
    # [V-client] ansible: sshpass ... ssh user@hmc 'cmd'; success is rc 0 and empty output
    r = openssh(estate.host("hmc1"), f"chhwres -r mem -m {SYS} -o a -p lpar3 -q 256; echo Rc=$?")
    assert r.stdout == b"Rc=0\n"


# ---- paramiko --------------------------------------------------------------------------------------
def test_paramiko_exec_command(hmc):
    assert paramiko_exec(hmc, "lssyscfg -r sys -F name,state") == (SYS_LINE, "", 0)
    out, err, rc = paramiko_exec(hmc, "lssyscfg -r sys -F name,bogus")
    assert (rc, err) == (1, "") and out.startswith("An invalid attribute was entered.")


def test_paramiko_invoke_shell_like_xcat_and_op_test(hmc):
    sh = InteractiveShell(hmc, PROMPT)
    try:
        # xCAT: `cmd; echo Rc=$?` with CRLF output and the command echoed
        out = sh.run(f"lssyscfg -r lpar -m {SYS} -F name --filter lpar_ids=1; echo Rc=$?")
        assert out.endswith("\r\nlpar1\r\nRc=0\r\n" + PROMPT)
        # op-test: PS1 then `which whoami && whoami`
        sh.prompt = "[console-expect]#"
        out = sh.run("PS1='[console-expect]#'")
        out = sh.run("which whoami && whoami")
        assert "hscroot\r\n" in out
    finally:
        sh.close()


# ---- asyncssh --------------------------------------------------------------------------------------
def test_asyncssh_run(hmc):
    assert asyncssh_run(hmc, "lssyscfg -r sys -F name,state") == (SYS_LINE, "", 0)
    out, _, rc = asyncssh_run(hmc, "awk 1")
    assert (out, rc) == ("", 127)


# ---- fabric ----------------------------------------------------------------------------------------
def test_fabric(hmc):
    fabric = _module("fabric")
    c = fabric.Connection(hmc.address, port=hmc.port, user=hmc.username,
                          connect_kwargs={"password": hmc.password, "look_for_keys": False, "allow_agent": False})
    try:
        r = c.run("lssyscfg -r sys -F name,state", hide=True, warn=True, in_stream=False)
        assert (r.stdout, r.exited) == (SYS_LINE, 0)
        r = c.run(f"lssyscfg -r lpar -m {SYS} --filter lpar_names=nope", hide=True, warn=True, in_stream=False)
        assert r.exited == 1 and r.stdout.startswith("HSCL8012 ")
        r = c.run("lshmc -V", hide=True, pty=True, in_stream=False)
        assert r.stdout.startswith('"version= Version: 9\r\n')
    finally:
        c.close()


# ---- netmiko ---------------------------------------------------------------------------------------
def test_netmiko_generic(hmc):
    netmiko = _module("netmiko")
    c = netmiko.ConnectHandler(device_type="generic", host=hmc.address, port=hmc.port, username=hmc.username,
                               password=hmc.password, fast_cli=False)
    try:
        assert c.find_prompt() == PROMPT.strip()
        assert c.send_command("lssyscfg -r sys -F name,state").strip() == SYS_LINE.strip()
    finally:
        c.disconnect()


# ---- scrapli ---------------------------------------------------------------------------------------
def test_scrapli_ssh2(hmc):
    scrapli = _module("scrapli")
    try:
        from scrapli.auth import Options as AuthOptions
        from scrapli.transport import Ssh2Options
    except ImportError:
        _require("a 2026-style scrapli Cli", "pip install 'scrapli>=2026'")
    try:
        cli = scrapli.Cli(hmc.address, port=hmc.port, definition_file_or_name="default",
                          auth_options=AuthOptions(username=hmc.username, password=hmc.password),
                          transport_options=Ssh2Options())
    except Exception as exc:  # noqa: BLE001 - libscrapli missing for this platform
        _require(f"a scrapli that starts here ({exc})", "pip install 'scrapli>=2026' (libscrapli for this platform)")
    with cli as c:
        assert c.get_prompt().result.strip() == PROMPT.strip()
        assert c.send_input("lssyscfg -r sys -F name,state").result.strip() == SYS_LINE.strip()


# ---- fence_lpar ------------------------------------------------------------------------------------
FENCE_LPAR = os.environ.get("FAKEHMC_FENCE_LPAR", "/usr/sbin/fence_lpar")


def _fence(est: EstateThread, action: str, plug: str = "lpar2") -> subprocess.CompletedProcess:
    if not os.path.exists(FENCE_LPAR):
        _require("fence_lpar", "apt-get install fence-agents")
    hmc = est.host("hmc1")
    argv = [FENCE_LPAR, "--ip", hmc.address, "--ipport", str(hmc.port), "--username", hmc.username,
            "--password", hmc.password, "--ssh", "--managed", SYS, "--plug", plug, "--action", action,
            "--ssh-options", "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null", "--power-timeout", "20",
            "--power-wait", "0", "--login-timeout", "10", "--shell-timeout", "10"]
    if FENCE_LPAR.endswith(".py") or os.environ.get("FAKEHMC_FENCE_PYTHON"):
        argv = [os.environ.get("FAKEHMC_FENCE_PYTHON", sys.executable), *argv]
    return subprocess.run(argv, capture_output=True, timeout=120, stdin=subprocess.DEVNULL, check=False)


@pytest.fixture
def fresh(key_dir):
    est = EstateThread(EstateConfig(scenario="healthy", port=0, clock_scale=0, control_port=None,
                                    key_dir=key_dir)).start()
    yield est
    est.stop()


def test_fence_lpar_status_off_on(fresh):
    r = _fence(fresh, "status")
    assert (r.returncode, r.stdout.decode().strip()) == (0, "Status: ON"), r.stderr.decode()[-2000:]
    # off: chsysstate -o shutdown --immed; fence_lpar polls status until OFF, so the clock must run:
    # it is advanced here between the agent's polls by a helper thread.
    import threading

    stop = threading.Event()

    def tick():
        while not stop.is_set():
            fresh.advance(10)
            time.sleep(0.2)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        r = _fence(fresh, "off")
        assert r.returncode == 0, (r.stdout.decode(), r.stderr.decode()[-2000:])
        assert lpar_state(fresh, "lpar2") == "Not Activated"
        r = _fence(fresh, "on")  # lscomgmt, then -f `lssyscfg ... -F curr_profile` in backticks
        assert r.returncode == 0, (r.stdout.decode(), r.stderr.decode()[-2000:])
        assert lpar_state(fresh, "lpar2") in ("Starting", "Running")
    finally:
        stop.set()
        ticker.join()
    fresh.advance(60)
    assert lpar_state(fresh, "lpar2") == "Running"
    assert fresh.call(fresh.world.check_invariants) == []
