"""The seed's story end to end through real SSH clients (shared/seed/000_e7623ecdb7034621.txt).

lpar30's RSCT registry is damaged: IBM.DRM dies at start, DCaps is 0x0. The admin checks, recycles
RMC with rmcctrl -z/-A/-p (no cure, even 10 minutes later), runs recfgct, waits about five minutes,
and DLPAR works. Every output the seed shows is compared byte for byte.
"""

from __future__ import annotations

import pytest

from tests.conftest import require_binary
from tests.seed_texts import RECFGCT_LINE1, SEED_AFTER, SEED_BEFORE, SEED_LSSRC, SEED_MGMT_SERVER
from tests.sshclients import InteractiveShell, asyncssh_run, openssh, paramiko_exec

SYSTEM = "Server-9117-MMB-SN10284FP"


def entry5(lspartition_out: str) -> str:
    lines = lspartition_out.splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.startswith("<#5>"))
    return "".join(lines[i:i + 2])


@pytest.fixture
def seed(estate_factory):
    return estate_factory("seed-lpar30")


def test_seed_story_end_to_end(seed):
    hmc, lpar = seed.host("hmc1"), seed.host("lpar30")
    assert lpar.username == "root"

    # DLPAR is broken: DCaps 0x0, and IBM.DRM is not running.
    out, err, rc = asyncssh_run(hmc, "lspartition -dlpar")
    assert rc == 0 and err == ""
    assert entry5(out) == SEED_BEFORE
    out, _, rc = asyncssh_run(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert rc == 1 and out.startswith("HSCL2957 ")
    out, _, _ = asyncssh_run(lpar, "lssrc -g rsct_rm")
    assert " IBM.DRM          rsct_rm                       inoperative\n" in out

    # The basics first: the network is fine.
    out, _, rc = asyncssh_run(lpar, "ping -c 3 hmc1")
    assert rc == 0 and "3 packets transmitted, 3 packets received, 0% packet loss" in out

    # The RMC recycle does not cure it, even ten minutes later.
    for flag in ("-z", "-A", "-p"):
        _, _, rc = asyncssh_run(lpar, f"/usr/sbin/rsct/bin/rmcctrl {flag}")
        assert rc == 0
    seed.advance(600)
    out, _, _ = asyncssh_run(hmc, "lspartition -dlpar")
    assert entry5(out) == SEED_BEFORE

    # recfgct wipes /var/ct; about five minutes later DCaps is good.
    out, _, rc = asyncssh_run(lpar, "/usr/sbin/rsct/install/bin/recfgct")
    assert rc == 0
    lines = out.splitlines(keepends=True)
    assert lines[0] == RECFGCT_LINE1
    assert lines[1:3] == ["0513-071 The ctcas Subsystem has been added.\n",
                          "0513-071 The ctrmc Subsystem has been added.\n"]
    assert lines[3].startswith("0513-059 The ctrmc Subsystem has been started. Subsystem PID is ")
    seed.advance(240)
    out, _, _ = asyncssh_run(hmc, "lspartition -dlpar")
    assert "DCaps:<0x0>" in entry5(out)  # not yet: the next poll is five minutes after the restart
    seed.advance(120)
    out, _, _ = asyncssh_run(hmc, "lspartition -dlpar")
    assert entry5(out) == SEED_AFTER
    out, _, rc = asyncssh_run(lpar, "lssrc -g rsct_rm")
    assert (out, rc) == (SEED_LSSRC, 0)
    out, _, rc = asyncssh_run(lpar, 'lsrsrc "IBM.ManagementServer"')
    assert (out, rc) == (SEED_MGMT_SERVER, 0)

    # DLPAR works now, and shows on both sides.
    out, _, rc = asyncssh_run(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert (out, rc) == ("", 0)
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar30 -F curr_mem")
    assert out == "9216\n"
    out, _, _ = asyncssh_run(lpar, "lparstat -i | grep '^Online Memory'")
    assert out.split(":", 1)[1].strip() == "9216 MB"
    assert seed.call(seed.world.check_invariants) == []

    # The transcript saw every command, in order.
    cmds = [e.command for e in seed.world.transcript if e.host == "lpar30"]
    assert cmds.index("/usr/sbin/rsct/bin/rmcctrl -z") < cmds.index("/usr/sbin/rsct/install/bin/recfgct")


def test_seed_before_through_paramiko_and_openssh(seed):
    hmc = seed.host("hmc1")
    out, err, rc = paramiko_exec(hmc, "lspartition -dlpar")
    assert (entry5(out), err, rc) == (SEED_BEFORE, "", 0)
    require_binary("sshpass")
    proc = openssh(hmc, "lspartition -dlpar")
    assert proc.returncode == 0, proc.stderr
    assert entry5(proc.stdout.decode()) == SEED_BEFORE
    # With -tt the output comes through a terminal: CRLF line endings.
    proc = openssh(hmc, "lspartition -dlpar", tty=True)
    assert proc.returncode == 0
    assert entry5(proc.stdout.decode().replace("\r\n", "\n")) == SEED_BEFORE
    assert b"\r\n" in proc.stdout


def test_seed_story_interactive_shells(seed):
    hmc_host, lpar_host = seed.host("hmc1"), seed.host("lpar30")
    hmc = InteractiveShell(hmc_host, "hscroot@hmc1:~> ")
    lpar = InteractiveShell(lpar_host, "# ")
    try:
        # the command is echoed, output comes with CRLF, then the prompt
        text = hmc.run("lspartition -dlpar | grep -A1 '<#5>'")
        echoed = "lspartition -dlpar | grep -A1 '<#5>'\r\n"
        assert text == echoed + SEED_BEFORE.replace("\n", "\r\n") + "hscroot@hmc1:~> "
        for cmd in ("/usr/sbin/rsct/bin/rmcctrl -z", "/usr/sbin/rsct/bin/rmcctrl -A", "/usr/sbin/rsct/bin/rmcctrl -p",
                    "/usr/sbin/rsct/install/bin/recfgct"):
            lpar.run(cmd)
        seed.advance(360)
        text = lpar.run("lssrc -g rsct_rm")
        assert text == "lssrc -g rsct_rm\r\n" + SEED_LSSRC.replace("\n", "\r\n") + "# "
        text = hmc.run("lspartition -dlpar; echo Rc=$?")
        assert "\r\n".join(SEED_AFTER.splitlines()) in text and "Rc=0\r\n" in text
    finally:
        hmc.close()
        lpar.close()
