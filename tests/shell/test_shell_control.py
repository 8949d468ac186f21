"""Lists, groups, loops, conditionals, functions, builtins and exit."""

import pytest


def run(shell, line):
    res = shell.run(line)
    return res.stdout, res.stderr, res.exit_code


def test_lists_and_status(hmc):
    assert run(hmc, "true && echo a || echo b; false && echo c || echo d") == ("a\nd\n", "", 0)
    assert run(hmc, "false; echo $?; true; echo $?; :; echo $?") == ("1\n0\n0\n", "", 0)
    assert run(hmc, "false")[2] == 1
    assert run(hmc, "nosuch; echo $?")[0] == "127\n"
    assert run(hmc, "echo a\necho b\n\necho c")[0] == "a\nb\nc\n"


def test_groups_and_subshells(hmc):
    assert run(hmc, "{ echo a; echo b; } | wc -l")[0] == "2\n"
    assert run(hmc, "x=1; (x=2; echo $x); echo $x")[0] == "2\n1\n"
    assert run(hmc, "x=1; { x=2; }; echo $x")[0] == "2\n"
    assert run(hmc, "(exit 4); echo $?")[0] == "4\n"
    assert run(hmc, "{ failcmd; } 2>&1 >/dev/null; echo $?")[0] == "1\n"


def test_if_elif_else(hmc):
    script = 'for v in 1 2 3; do if [ $v -eq 1 ]; then echo one; elif [ "$v" = 2 ]; then echo two; else echo many; fi; done'
    assert run(hmc, script)[0] == "one\ntwo\nmany\n"
    assert run(hmc, "if false; then echo x; fi; echo $?")[0] == "0\n"
    assert run(hmc, "if lssyscfg -r sys | grep -q p750; then echo up; fi")[0] == "up\n"


def test_loops(hmc):
    assert run(hmc, "for i in {2..5}; do echo -n $i; done; echo")[0] == "2345\n"
    assert run(hmc, "for i in a b c; do [ $i = b ] && continue; echo $i; done")[0] == "a\nc\n"
    assert run(hmc, "for i in 1 2 3; do for j in x y; do [ $j = y ] && break 2; echo $i$j; done; done")[0] == "1x\n"
    assert run(hmc, "i=0; until [ $i -ge 3 ]; do i=$((i+1)); done; echo $i")[0] == "3\n"
    assert run(hmc, "for ((i=0; i<3; i++)); do echo $i; done")[0] == "0\n1\n2\n"
    assert run(hmc, "set -- p q; for a; do echo $a; done")[0] == "p\nq\n"
    assert run(hmc, "n=0; while true; do n=$((n+1)); [ $n -gt 4 ] && break; done; echo $n")[0] == "5\n"


def test_while_read_variants(hmc):
    data = "printf 'a b c\\n  lead\\nlast-no-newline'"
    assert run(hmc, data + ' | while IFS= read -r ms; do echo "<$ms>"; done')[0] == "<a b c>\n<  lead>\n"
    assert run(hmc, data + ' | while read x y; do echo "[$x|$y]"; done')[0] == "[a|b c]\n[lead|]\n"
    assert run(hmc, "echo 'x\\ty' | while read -r l; do echo \"$l\"; done")[0] == "x\\ty\n"
    assert run(hmc, "echo 'a:b:c' | { IFS=: read f1 f2 f3; echo $f3 $f2 $f1; }")[0] == "c b a\n"
    assert run(hmc, "read line <<< 'hello world'; echo $line")[0] == "hello world\n"
    # bash runs the while loop of a pipeline in a subshell: the variable does not survive
    assert run(hmc, "n=0; seq 3 | while read i; do n=$i; done; echo $n")[0] == "0\n"


def test_lastpipe_on_aix(aix):
    assert run(aix, "n=0; seq 3 | while read i; do n=$i; done; echo $n")[0] == "3\n"
    assert run(aix, "echo hi | read x; echo $x")[0] == "hi\n"


def test_case(hmc):
    script = ('for s in Running "Not Activated" Starting odd; do case "$s" in Running|Starting) echo on;; '
              '"Not Activated") echo off;; *) echo "? $s";; esac; done')
    assert run(hmc, script)[0] == "on\noff\non\n? odd\n"


def test_test_builtin(hmc):
    assert run(hmc, '[ -n "x" ] && [ -z "" ] && [ 3 -gt 2 ] && [ a != b ] && echo ok')[0] == "ok\n"
    assert run(hmc, "[ 1 -eq 2 ]; echo $?")[0] == "1\n"
    assert run(hmc, 'x=; [ $x = a ]; echo $?') == ("2\n", "bash: [: =: unary operator expected\n", 0)
    assert run(hmc, "[ abc -lt 2 ]; echo $?") == ("2\n", "bash: [: abc: integer expression expected\n", 0)
    assert run(hmc, "test ! -n ''; echo $?")[0] == "0\n"
    assert run(hmc, '[[ "Running" == R* && 2 -lt 10 ]] && echo yes')[0] == "yes\n"
    assert run(hmc, '[[ abc =~ ^a(b)c$ ]] && echo ${BASH_REMATCH[1]}')[0] == "b\n"


def test_functions(hmc):
    assert run(hmc, 'f() { echo "f:$1:$#"; return 3; }; f a b; echo $?')[0] == "f:a:2\n3\n"
    assert run(hmc, 'g() { local v=in; echo $v; }; v=out; g; echo $v')[0] == "in\nout\n"
    r = run(hmc, "r() { r; }; r")
    assert r[2] == 1 and "maximum function nesting level exceeded" in r[1]


def test_echo_printf(hmc):
    assert run(hmc, "echo -n a; echo b")[0] == "ab\n"
    assert run(hmc, "echo -e 'a\\tb\\nc'")[0] == "a\tb\nc\n"
    assert run(hmc, "echo 'a\\tb'")[0] == "a\\tb\n"
    assert run(hmc, "echo -x")[0] == "-x\n"
    assert run(hmc, "printf '%-10s|%5d|%05.1f|%x\\n' ab 42 3.14159 255")[0] == "ab        |   42|003.1|ff\n"
    assert run(hmc, "printf '%s,' a b c; echo")[0] == "a,b,c,\n"
    assert run(hmc, "printf '%d\\n' abc") == ("0\n", "bash: printf: abc: invalid number\n", 1)
    assert run(hmc, "printf -v out '%03d' 7; echo $out")[0] == "007\n"


def test_exit(hmc):
    res = hmc.run("echo before; exit 3; echo after")
    assert (res.stdout, res.exit_code, res.exited) == ("before\n", 3, True)
    res = hmc.run("false; exit")
    assert (res.exit_code, res.exited) == (1, True)
    res = hmc.run("x=$(exit 5); echo $?")
    assert (res.stdout, res.exited) == ("5\n", False)
    res = hmc.run("echo a | exit 7; echo $?")
    assert (res.stdout, res.exited) == ("7\n", False)
    res = hmc.run("exit abc")
    assert res.exit_code == 2 and res.exited and "numeric argument required" in res.stderr


def test_command_exceptions_are_contained(hmc):
    assert run(hmc, "exitcmd; echo rc=$?") == ("stopping\nrc=5\n", "", 0)
    out, err, _rc = run(hmc, "boom; echo rc=$?")
    assert out == "rc=1\n" and err == "boom: unexpected error\n"
    assert "Traceback" not in err


def test_set_and_options(hmc):
    assert run(hmc, "set -e; echo a; false; echo b") == ("a\n", "", 1)
    assert run(hmc, "set -e; if false; then :; fi; false || true; echo ok")[0] == "ok\n"
    out, err, _ = run(hmc, "set -x; echo hi; set +x")
    assert out == "hi\n" and err == "+ echo hi\n+ set +x\n"
    assert run(hmc, "set -u; echo $nope")[1] == "bash: nope: unbound variable\n"


def test_type_and_command(hmc):
    out, _, _ = run(hmc, "type echo lssyscfg if; command -v whoami")
    assert out == "echo is a shell builtin\nlssyscfg is /usr/bin/lssyscfg\nif is a shell keyword\n/usr/bin/whoami\n"


def test_eval(hmc):
    assert run(hmc, "cmd='echo evaluated'; eval $cmd; eval 'x=3'; echo $x")[0] == "evaluated\n3\n"


@pytest.mark.parametrize("line", [
    "while true; do :; done",
    "for ((;;)); do :; done",
    "until false; do echo y; done | head -1",
])
def test_loops_are_capped(hmc, line):
    res = hmc.run(line)
    assert res.exit_code != 0 or res.stdout == "y\n"
    assert "loop iteration limit exceeded" in res.stderr
