"""Issue 14 items 1 and 6: which command lines skip the hand-over to a worker thread and run on the event loop
(harness/runtime/inline.py). Only a line that cannot run long may: one simple command of literal words, one
of the host's own inventory or configuration commands, whose last measured run was short. Everything a
client could make long (expansions, patterns, loops, functions, utilities, interpreters) stays in a worker."""

from __future__ import annotations

import asyncio

import pytest

from harness.runtime.backend import HostBackend
from harness.runtime.commandlane import CommandRunner
from harness.runtime.inline import MAX_SOURCE, command_of
from harness.runtime.worldgate import WorldGate
from harness.scenario.catalogue import load_scenario

SYS = "Server-8286-42A-SN2112ABC"


@pytest.fixture(scope="module")
def world():
    return load_scenario("healthy")


def _shell(world, host: str):
    user = "hscroot" if host == "hmc1" else "root"
    return HostBackend(lambda: world, host, lambda: None).new_shell(user, interactive=False, pty=False)


@pytest.mark.parametrize("line, name", [
    (f"lssyscfg -r lpar -m {SYS} -F name,state", "lssyscfg"),
    (f"chhwres -r mem -m {SYS} -o a -p lpar1 -q 256", "chhwres"),
    ('lshwres -r mem -m SYS --level lpar --filter "lpar_names=lpar1"', "lshwres"),
    ("lspartition -dlpar", "lspartition"),
    ("lssyscfg -r lpar -m $SYS", None),  # an expansion
    ("lssyscfg -r sys; lssyscfg -r sys", None),  # a list
    ("lssyscfg -r sys | grep x", None),  # a pipeline
    ("lssyscfg -r sys -F `echo name`", None),  # a substitution
    ("lssyscfg -r sys -F *", None),  # a pattern
    ("lssyscfg -r sys > out", None),  # a redirection
    ("X=1 lssyscfg -r sys", None),  # an assignment
    ('"lssyscfg" -r sys', None),  # a quoted name
    ("grep -E x y", None),  # a text utility
    ("seq 1 100000000", None),  # a utility whose cost is its argument
    ("sleep 5", None),
    (f"mkvterm -m {SYS} -p lpar1", None),  # attaches a terminal
    (f"viosvrcmd -m {SYS} -p vios1 -c ioslevel", None),  # runs another host's command line
    ("echo hi", None),  # a builtin
    ("lssyscfg -r sys " + "-F name " * (MAX_SOURCE // 8), None),  # too long
])
def test_which_hmc_lines_may_run_on_the_loop(world, line, name):
    assert command_of(_shell(world, "hmc1"), line) == name


@pytest.mark.parametrize("line, name", [
    ("lssrc -g rsct_rm", "lssrc"),
    ("df -g /var", "df"),
    ("lparstat -i", "lparstat"),
    ("ksh /tmp/x.sh", None),  # an interpreter runs whatever the file says
    ("sh -c true", None),
    ("find / -name x", None),
    ("drmgr -l", None),  # runs DLPAR scripts
    ("cat /etc/hosts", None),
    ("lssrc -g rsct_rm 2>/dev/null", None),
])
def test_which_aix_lines_may_run_on_the_loop(world, line, name):
    assert command_of(_shell(world, "lpar1"), line) == name


def test_a_function_named_like_a_host_command_never_runs_on_the_loop(world):
    shell = _shell(world, "lpar1")
    assert command_of(shell, "lssrc -a") == "lssrc"
    shell.run("lssrc() { while true; do :; done; }")
    assert command_of(shell, "lssrc -a") is None


def test_a_command_runs_on_the_loop_only_after_a_short_measured_run(world, monkeypatch):
    """First run: a worker (its cost unknown). Second: here, done when run() returns. A run measured long
    sends the next one back to a worker; a new world forgets every measure."""
    from harness.runtime import inline

    monkeypatch.setattr(inline, "INLINE_BELOW", 1.0)  # "short" whatever the machine's load
    line = f"lssyscfg -r lpar -m {SYS} -F name,state"

    async def go():
        runner = CommandRunner(WorldGate())
        shell = _shell(world, "hmc1")
        first = runner.run("hmc1", world, shell, line)
        at_once = [first.future.done()]
        r1 = await first.future
        second = runner.run("hmc1", world, shell, line)
        at_once.append(second.future.done())
        r2 = await second.future
        runner.costs.learn(world, ("hmc1", "lssyscfg"), 2.0)  # as if the last run was long
        at_once.append(runner.run("hmc1", world, shell, line).future.done())
        runner.costs.learn(world, ("hmc1", "lssyscfg"), 0.0)
        at_once.append(runner.run("hmc1", load_scenario("healthy"), shell, line).future.done())
        runner.close()
        return at_once, r1, r2

    at_once, r1, r2 = asyncio.run(go())
    assert at_once == [False, True, False, False]
    assert r1.exit_code == r2.exit_code == 0 and r1.stdout == r2.stdout and "lpar1,Running" in r1.stdout
