"""Lines of literal words skip the grammar (harness/shell/plainline.py): the words they give are bash's, and
every line runs exactly as the full path (tree-sitter parse, syntax check, expansion) runs it."""

from __future__ import annotations

import random

import pytest
from shell_fixtures import make_shell

from harness.shell import interpreter
from harness.shell.plainline import plain_words


@pytest.mark.parametrize("line,words", [
    # what bash 5 hands the command (printf '<%s>' checked on Debian)
    ("lssyscfg -r lpar -m Server-9117-MMB-SN10284FP -F name,state",
     ["lssyscfg", "-r", "lpar", "-m", "Server-9117-MMB-SN10284FP", "-F", "name,state"]),
    ('echo "a b"   c', ["echo", "a b", "c"]),
    ("echo a\"b c\"d'e f'", ["echo", "ab cde f"]),
    ("echo '' \"\"", ["echo", "", ""]),
    ("\t echo  x=1 \t", ["echo", "x=1"]),
    ("echo 'a\"b' \"c'd\"", ["echo", 'a"b', "c'd"]),
    ('chsysstate -r lpar -o on --filter "lpar_names=a,b"', ["chsysstate", "-r", "lpar", "-o", "on", "--filter",
                                                            "lpar_names=a,b"]),
])
def test_the_words_are_bashs(line, words):
    assert plain_words(line) == words


@pytest.mark.parametrize("line", [
    "", "   ", "A=1 echo", '"echo" a', "echo $HOME", "echo `id`", "echo a\\ b", "echo *", "echo a;b",
    "echo a | cat", "echo a > f", "echo ~", "echo {a,b}", "echo #c", "echo !x", "echo 'a", 'echo "a',
    "if true", "time echo", "for x", "export A", "unset A", "local a", "echo a\necho b", "x" * 1025,
])
def test_anything_else_takes_the_full_path(line):
    assert plain_words(line) is None


_FIRST = ["echo", "printf", "true", "false", "nosuchcmd", "echoargs", "lssyscfg", "cd", "pwd", "set", "exit",
          "return", "eval", "command", "type", "test", "shift", "read", "let", "echo", "if", "then", "fi", "done",
          "time", "export", "declare", "unset", "local", "in", "case", "function", "select", "coproc", "while"]
_ARG = ["a", "-e", "-x", "+x", "-n", "%s,", "x=1", "/tmp", "..", "-", "--", "a,b", "1", "0", "'q q'", '"d d"',
        "''", '""', "a'b'c", "-o", "errexit", "-r", "lpar", "'", '"', "=", "!=", "-F", "name,state", "7", "== a"]
# not a last `==` or `=~`: tree-sitter-bash makes an ERROR of it, and the full path answers a syntax error
# where bash runs the command (test_a_last_double_equals_is_a_word)


def _line(rng: random.Random) -> str:
    words = [rng.choice(_FIRST)] + [rng.choice(_ARG) for _ in range(rng.randrange(5))]
    return rng.choice([" ", "  ", "\t"]).join(words) + rng.choice(["", " "])


@pytest.mark.parametrize("flavour", ["hmc", "aix"])
def test_every_line_runs_as_the_full_path_runs_it(flavour, monkeypatch):
    """Two shells take the same 600 random lines of literal words, one with the plain path and one
    without: every answer (output, errors, status, exit) and the variables after are the same."""
    rng = random.Random(20261204)
    lines = [_line(rng) for _ in range(600)]
    plain_taken = sum(plain_words(line) is not None for line in lines)
    assert plain_taken > 300  # the sample exercises the plain path, not only the refusals

    def answers(use_plain: bool) -> list:
        if not use_plain:
            monkeypatch.setattr(interpreter, "plain_words", lambda source: None)
        out = []
        shell = make_shell(flavour)
        for k, line in enumerate(lines):
            if k % 40 == 0:
                shell = make_shell(flavour)  # `exit`, `set -e` and the like end or change a login
            r = shell.run(line)
            out.append((line, r.stdout, r.stderr, r.exit_code, r.exited, dict(shell.vars), sorted(shell.options)))
        monkeypatch.undo()
        return out

    fast, full = answers(True), answers(False)
    for a, b in zip(fast, full):
        assert a == b


def test_a_last_double_equals_is_a_word():
    """bash 5: `echo ==` prints ==, `nosuchcmd ==` is not found (the grammar alone calls both errors)."""
    shell = make_shell("hmc")
    assert [(r.stdout, r.stderr, r.exit_code) for r in (shell.run("echo =="), shell.run("nosuchcmd a =="))] == [
        ("==\n", "", 0), ("", "bash: nosuchcmd: command not found\n", 127)]


@pytest.mark.parametrize("flavour", ["hmc", "aix"])
def test_shell_options_reach_plain_lines(flavour, monkeypatch):
    """set -x traces a plain line as it traces any other; set -e ends the login at a failing one."""
    lines = ["set -x", "echo a", "set +x", "echo b", "set -e", "false", "echo never"]

    def answers() -> list:
        shell = make_shell(flavour)
        return [(r.stdout, r.stderr, r.exit_code, r.exited) for r in map(shell.run, lines)]

    fast = answers()
    monkeypatch.setattr(interpreter, "plain_words", lambda source: None)
    assert fast == answers()
    assert fast[1] == ("a\n", "+ echo a\n", 0, False) and fast[3] == ("b\n", "", 0, False)
    assert fast[5][2:] == (1, True)


def test_a_plain_line_is_complete_at_once():
    """An interactive shell runs `echo ==` when Enter is pressed (bash 5), as it runs any plain line;
    an open quote still asks for more."""
    shell = make_shell("hmc", interactive=True)
    assert shell.is_complete("echo ==") and shell.is_complete("lssyscfg -r sys -F name")
    assert not shell.is_complete("echo 'a")
