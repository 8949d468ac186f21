"""Patterns that used to stall every host (issue 14 item 1): the shell's regexes and globs run on RE2,
in linear time, and the expansions that try every split of a value have a work budget. Each case asserts
the shell's real answer; the timeout marks are a backstop (the old code took 77 s, 68 s or never ended)."""

from __future__ import annotations

import pytest

from harness.runtime.backend import HostBackend
from harness.scenario.catalogue import load_scenario
from harness.shell import patterns, safe_regex


@pytest.fixture(scope="module")
def sh():
    world = load_scenario("healthy", None)
    return HostBackend(lambda: world, "lpar1", lambda: None).new_shell("root", interactive=False, pty=False)


CASES = [
    ("regex (a+)+b on 30 a's", "x=" + "a" * 30 + "; [[ $x =~ (a+)+b ]]; echo $?", "1\n"),
    ("regex that matches", "x=aab; [[ $x =~ (a+)+b ]]; echo $? ${BASH_REMATCH[1]}", "0 aa\n"),
    ("case with 8 stars on 300 a's", "x=" + "a" * 300 + "; case $x in *a*a*a*a*a*a*a*b) echo y;; *) echo n;; esac",
     "n\n"),
    ("glob with 8 stars on 5,000 a's", "x=" + "a" * 5000 + "; [[ $x == *a*a*a*a*a*a*a*a*b ]]; echo $?", "1\n"),
    ("${x//a*b/z} on 2,000 a's", "x=" + "a" * 2000 + "; y=${x//a*b/z}; echo ${#y}", "2000\n"),
    ("${x//a*b/z} replaces the longest match", "x=xaabab_ab; echo ${x//a*b/Z}", "xZ\n"),
    ("${x/a?/Z} first only", "x=banana; echo ${x/a?/Z}", "bZana\n"),
    ("egrep (a+)+b on 40 a's", "echo " + "a" * 40 + " | egrep '(a+)+b'; echo $?", "1\n"),
    ("sed with a backreference still works", "echo abab | sed 's/\\(ab\\)\\1/X/'", "X\n"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("label,source,expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_patterns_answer_correctly(sh, label, source, expected):
    r = sh.run(source)
    assert (r.stdout, r.stderr) == (expected, "")


def test_globs_and_extended_regexes_run_on_the_linear_engine():
    assert safe_regex.linear(patterns.compile_glob("*a*a*a*a*a*a*a*a*b"))
    assert safe_regex.linear(patterns.compile_posix("(a+)+b", True))
    assert not safe_regex.linear(safe_regex.compile(r"(ab)\1"))  # backreferences: re's engine, bounded by limits


@pytest.mark.timeout(60)
def test_trimming_a_huge_value_hits_the_work_limit(sh):
    r = sh.run("x=$(printf '%08000d' 0); x=$x$x$x$x$x$x$x$x; y=${x%%*b}; echo done")
    assert r.stdout == "" and "pattern matching limit exceeded" in r.stderr and r.exit_code == 1


@pytest.mark.timeout(60)
@pytest.mark.parametrize("tail", ["'", "''x'", " a'", '"'])
def test_a_long_word_with_an_unclosed_quote_fails_at_once(sh, tail):
    """harness/shell/plainline.py splits lines of literal words with a regex; its word pattern is possessive,
    so a line it refuses (an unclosed quote after a long word) is refused in linear time. Its first version
    tried every split of the word: 22 letters took 4.7 s, 1,000 would never end."""
    long, short = sh.run("echo " + "a" * 1000 + tail), sh.run("echo a" + tail)
    assert (long.stdout, long.stderr, long.exit_code) == (short.stdout, short.stderr, short.exit_code)
    assert short.exit_code == 2 and short.stderr
