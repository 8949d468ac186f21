"""mkvterm typed in an interactive HMC shell: the terminal goes to the partition's console until ~.
(harness/hmc/vterm.py Console, the hand-over in harness/ssh/session.py), over real SSH (paramiko, PTY)."""

from __future__ import annotations

import time

import pytest

from tests.sshclients import InteractiveShell, paramiko_exec

SYS = "Server-8286-42A-SN2112ABC"
HMC_PROMPT = "hscroot@hmc1:~> "
OPEN_BANNER = " \r\n Open in progress \r\n\r\n Open Completed.\r\n\r\n"


@pytest.fixture
def estate(estate_factory):
    return estate_factory("healthy")


@pytest.fixture
def hmc(estate):
    sh = InteractiveShell(estate.host("hmc1"), HMC_PROMPT)
    yield sh
    sh.close()


def _read_until(hmc: InteractiveShell, text: str, timeout: float = 60) -> str:
    """Read the channel until ``text`` has arrived: a condition polled with a generous deadline, not a
    fixed sleep that a loaded machine outlasts."""
    buf = b""
    deadline = time.monotonic() + timeout
    while not buf.decode(errors="replace").endswith(text):
        assert time.monotonic() < deadline, f"no {text!r}; got {buf!r}"
        if hmc.chan.recv_ready():
            buf += hmc.chan.recv(65536)
        else:
            time.sleep(0.01)
    return buf.decode(errors="replace")


def _open_console(hmc: InteractiveShell, target: str = "-p lpar1") -> str:
    hmc.prompt = "# "
    text = hmc.run(f"mkvterm -m {SYS} {target}")
    return text


def test_console_runs_lines_in_the_partition_until_tilde_dot(estate, hmc):
    text = _open_console(hmc)
    assert text == f"mkvterm -m {SYS} -p lpar1\r\n" + OPEN_BANNER + "# "
    assert hmc.run("hostname") == "hostname\r\nlpar1\r\n# "
    assert hmc.run("uname -s; whoami") == "uname -s; whoami\r\nAIX\r\nroot\r\n# "
    # a shell state survives between lines, as in one login
    hmc.run("X=console")
    assert hmc.run("echo $X") == "echo $X\r\nconsole\r\n# "
    hmc.prompt = HMC_PROMPT
    assert hmc.run("~.") == "~.\r\n" + HMC_PROMPT
    # back on the HMC: its commands run again, and the console is free
    assert hmc.run("whoami") == "whoami\r\nhscroot\r\n" + HMC_PROMPT
    hmc.prompt = "# "
    assert hmc.run(f"mkvterm -m {SYS} --id 1").endswith(OPEN_BANNER + "# ")
    hmc.prompt = HMC_PROMPT
    hmc.run("~.")


def test_changes_made_on_the_console_are_seen_by_the_hmc(estate, hmc):
    _open_console(hmc, "-p lpar2")
    hmc.run("stopsrc -s ctrmc")
    hmc.prompt = HMC_PROMPT
    hmc.run("~.")
    out = hmc.run(f"lssyscfg -r lpar -m {SYS} --filter lpar_names=lpar2 -F rmc_state")
    assert "inactive" in out or "none" in out, out


def test_a_second_mkvterm_for_the_same_partition_fails_while_open(estate, hmc):
    _open_console(hmc)
    other = InteractiveShell(estate.host("hmc1"), HMC_PROMPT)
    try:
        text = other.run(f"mkvterm -m {SYS} -p lpar1; echo Rc=$?")
        assert ("A terminal session is already open for this partition.  Only one open session is "
                "allowed for a partition.  Exiting....\r\nRc=1\r\n") in text
        # exec (no PTY) keeps its behaviour too
        out, _, rc = paramiko_exec(estate.host("hmc1"), f"mkvterm -m {SYS} --id 1")
        assert rc == 1 and out.startswith("A terminal session is already open")
    finally:
        other.close()
    hmc.prompt = HMC_PROMPT
    hmc.run("~.")


def test_rmvterm_from_another_session_gives_the_terminal_back(estate, hmc):
    _open_console(hmc)
    out, _, rc = paramiko_exec(estate.host("hmc1"), f"rmvterm -m {SYS} -p lpar1")
    assert (out, rc) == ("", 0)
    hmc.prompt = HMC_PROMPT
    text = hmc.read_until_prompt()  # no key pressed: the console session ends by itself
    assert text == "\r\n\r\n Connection closed by rmvterm.\r\n\r\n" + HMC_PROMPT
    assert hmc.run("whoami") == "whoami\r\nhscroot\r\n" + HMC_PROMPT


def test_exit_on_the_console_starts_a_new_root_shell(estate, hmc):
    _open_console(hmc)
    hmc.run("Y=1")
    assert hmc.run("exit") == "exit\r\n# "
    assert hmc.run("echo ${Y:-unset}") == "echo ${Y:-unset}\r\nunset\r\n# "
    hmc.prompt = HMC_PROMPT
    hmc.run("~.")


def test_console_of_a_partition_not_running_shows_nothing_until_tilde_dot(estate, hmc):
    hmc.run(f"chsysstate -m {SYS} -r lpar -o shutdown -n lpar3 --immed")
    estate.advance(600)
    hmc.chan.send(f"mkvterm -m {SYS} -p lpar3\n")
    opened = _read_until(hmc, OPEN_BANNER)  # the console is open: what is typed now goes to it
    hmc.chan.send("ls\n")
    hmc.chan.send("~.\n")
    text = opened + hmc.read_until_prompt()
    assert text == f"mkvterm -m {SYS} -p lpar3\r\n" + OPEN_BANNER + "ls\r\n~.\r\n" + HMC_PROMPT


def test_exec_mkvterm_keeps_reading_its_stdin(estate):
    out, _, rc = paramiko_exec(estate.host("hmc1"), f"mkvterm -m {SYS} -p lpar1")
    assert rc == 0 and out.endswith("Console login: ")
    out, _, rc = paramiko_exec(estate.host("hmc1"), f"rmvterm -m {SYS} -p lpar1")
    assert rc == 0


def test_console_continuation_lines_and_ctrl_c_stay_on_the_console(estate, hmc):
    _open_console(hmc)
    hmc.prompt = "> "
    assert hmc.run("for i in 1 2") == "for i in 1 2\r\n> "
    hmc.prompt = "# "
    assert hmc.run("do echo $i; done") == "do echo $i; done\r\n1\r\n2\r\n# "
    hmc.chan.send("\x03")
    assert hmc.read_until_prompt() == "^C\r\n# "
    hmc.prompt = HMC_PROMPT
    hmc.run("~.")
