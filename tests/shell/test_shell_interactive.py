"""is_complete() drives the PS2 '> ' continuation prompt of interactive sessions."""

import pytest
from shell_fixtures import make_shell


@pytest.mark.parametrize("text", [
    "for i in 1 2; do",
    "for i in 1 2",
    "for i in {2..5}\ndo\necho $i",
    "while IFS= read -r x; do echo $x",
    "while true",
    "if true; then",
    "if true; then echo; else",
    "for i in 1; do if true; then",
    'echo "abc',
    "echo 'abc",
    "echo `date",
    "x=$(echo",
    "echo ${x",
    "echo a |",
    "echo a &&",
    "echo a ||",
    "echo a \\",
    "{ echo a",
    "( echo a",
    "case x in",
    "f() {",
    "cat <<EOF\nline",
])
def test_incomplete(hmc, text):
    assert hmc.is_complete(text) is False


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "echo hi",
    "for i in 1 2; do echo $i; done",
    "for i in {2..5}\ndo\necho $i\ndone",
    'echo "a b"',
    "lssyscfg -r sys -F name | grep x; echo Rc=$?",
    "# comment",
    "cat <<EOF\nline\nEOF",
    # syntax errors are complete: running them reports the error instead of waiting forever
    "done",
    "fi",
    "echo )",
    "if then fi",
    ")))(((",
    "echo a;; b",
])
def test_complete(hmc, text):
    assert hmc.is_complete(text) is True


def test_multiline_session_flow():
    shell = make_shell("hmc", interactive=True)
    lines = ["for i in {2..5}", "do", "  echo $i", "done"]
    buf = []
    for line in lines[:-1]:
        buf.append(line)
        assert not shell.is_complete("\n".join(buf))
    buf.append(lines[-1])
    assert shell.is_complete("\n".join(buf))
    assert shell.run("\n".join(buf)).stdout == "2\n3\n4\n5\n"


def test_syntax_errors_interactive_and_exec():
    inter = make_shell("hmc", interactive=True)
    assert inter.run("echo )").stderr == "bash: syntax error near unexpected token `)'\n"
    assert inter.run("for i in 1; do").stderr == "bash: syntax error: unexpected end of file\n"
    exe = make_shell("hmc")
    res = exe.run("echo )")
    assert res.exit_code == 2
    assert res.stderr == "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo )'\n"
    # lines before the faulty one run first, as bash -c does
    res = exe.run("echo first\nfi")
    assert res.stdout == "first\n" and "`fi'" in res.stderr
    aix = make_shell("aix")
    assert aix.run("done").stderr == "ksh: 0403-057 Syntax error at line 1 : `done' is not expected.\n"  # [I]


@pytest.mark.parametrize("word", ["then", "else", "elif", "esac", "}", "done", "fi", "do", ";;"])
def test_reserved_word_out_of_place_is_a_syntax_error(word):
    # a line with no ERROR node still holds a problem when a reserved word stands as a command (or a
    # stray ;;): syntax.find_problem must look for these before it skips its query
    line = f"echo a {word}" if word == ";;" else f"echo a; {word}"
    res = make_shell("hmc").run(line)
    assert (res.stdout, res.exit_code) == ("", 2)
    assert res.stderr == (f"bash: -c: line 1: syntax error near unexpected token `{word}'\n"
                          f"bash: -c: line 1: `{line}'\n")
