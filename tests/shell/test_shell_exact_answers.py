"""Whole answers of shell builtins and utilities that no test pinned: each test here kills a mutant that
survived `make mutate MUTATE_ARGS="--paths harness/shell --sample 12 --seed 21"` (issue 18.8). Every
expected text was checked against GNU bash 5 and coreutils on Debian."""

from __future__ import annotations

import pytest
from shell_fixtures import make_shell


def run(line: str, flavour: str = "hmc"):
    r = make_shell(flavour).run(line)
    return r.stdout, r.stderr, r.exit_code


def test_command_v_is_silent_and_command_capital_v_says_not_found():
    # builtins.py: only -V reports the missing name (run apart: one stderr could hide which one spoke)
    assert run('command -v nosuchcmd; echo "rc=$?"') == ("rc=1\n", "", 0)
    assert run('command -V nosuchcmd; echo "rc=$?"') == ("rc=1\n", "bash: command: nosuchcmd: not found\n", 0)


def test_pipefail_shows_in_the_o_test():
    assert run("set -o pipefail; [[ -o pipefail ]] && echo on; set +o pipefail; [[ -o pipefail ]] || echo off") == (
        "on\noff\n", "", 0)


def test_an_unclosed_bracket_matches_itself():
    # patterns.py: the bracket scan stops at the end of the pattern
    assert run('case "[ab" in [ab) echo lit;; *) echo no;; esac; [[ "[ab" == [ab ]] && echo lit2') == (
        "lit\nlit2\n", "", 0)


def test_missing_files_are_false_for_every_test_on_a_partition():
    # testexpr.py's answers from a real partition's filesystem (harness/world/vfs.py), not the fixture's
    from harness.runtime.registries import registry_for
    from harness.runtime.session import Session
    from harness.scenario.catalogue import load_scenario
    from harness.shell.interpreter import Shell

    world = load_scenario("healthy")
    shell = Shell(registry_for("aix"), "aix", Session(world, world.host("lpar1"), "root"))
    r = shell.run("test -f /no/such/file; echo $?; [ -e /no/such ]; echo $?; [ -d /no/such ] || echo nodir; "
                  "[ -f /etc/hosts ] && echo hosts")
    assert (r.stdout, r.stderr, r.exit_code) == ("1\n1\nnodir\nhosts\n", "", 0)


@pytest.mark.parametrize("line,out", [
    ("echo hello | tr l L", "heLLo\n"),          # a one-character set ends at the end of its spec
    ("echo hello | tr a-z A-Z", "HELLO\n"),
    ("echo a-b | tr - +", "a+b\n"),             # a lone '-' is a character, not a range
    ("echo a-b | tr a- xy", "xyb\n"),           # so is a '-' that ends the set
])
def test_tr_sets(line, out):
    assert run(line) == (out, "", 0)


def test_sort_h_reads_a_bare_number_as_units():
    # 1000 (no suffix) is less than 2K (2048); so is 100 followed by a character that is no unit
    assert run("printf '2K\\n1000\\n3M\\n1G\\n' | sort -h") == ("1000\n2K\n3M\n1G\n", "", 0)
    assert run("printf '2K\\n100 apples\\n' | sort -h") == ("100 apples\n2K\n", "", 0)


@pytest.mark.parametrize("expr,out,rc", [
    ("2 \\> 2", "0", 1), ("3 \\> 2", "1", 0), ("2 \\>= 2", "1", 0), ("2 \\< 2", "0", 1), ("1 \\<= 2", "1", 0),
])
def test_expr_comparisons_at_the_boundary(expr, out, rc):
    assert run(f"expr {expr}; echo $?") == (f"{out}\n{rc}\n", "", 0)
