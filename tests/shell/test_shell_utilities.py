"""The small utilities of base_registry(): behaviour, GNU-style errors, registry integration."""

import pytest
from shell_fixtures import FakeSession, make_shell

from harness.shell import HMC_FLAVOUR, Shell
from harness.shell.command import Registry
from harness.shell.utilities import base_registry


def run(shell, line):
    res = shell.run(line)
    return res.stdout, res.stderr, res.exit_code


def test_registry_contents_and_paths():
    reg = base_registry("hmc")
    names = {s.name for s in reg.specs()}
    for name in ("grep", "egrep", "fgrep", "sed", "cut", "sort", "uniq", "head", "tail", "wc", "tr",
                 "cat", "sleep", "which", "whoami", "date", "hostname", "env", "printenv", "seq"):
        assert name in names
    assert "awk" not in names and "bc" not in names
    assert reg.lookup("/usr/bin/grep").name == "grep"
    assert base_registry("aix").lookup("/usr/bin/sed").name == "sed"


def test_host_commands_override_base_utilities():
    host = Registry("hmc")
    host.register("date", lambda ctx: (ctx.writeln("host date"), 0)[1])
    shell = Shell(base_registry("hmc").merged(host), HMC_FLAVOUR, FakeSession())
    assert shell.run("date").stdout == "host date\n"


def test_seq(hmc):
    assert run(hmc, "seq 3")[0] == "1\n2\n3\n"
    assert run(hmc, "seq 2 4")[0] == "2\n3\n4\n"
    assert run(hmc, "seq 10 -3 1")[0] == "10\n7\n4\n1\n"
    assert run(hmc, "seq -s, 3")[0] == "1,2,3\n"
    assert run(hmc, "seq -w 8 10")[0] == "08\n09\n10\n"
    assert run(hmc, "seq 0.5 0.5 1.5")[0] == "0.5\n1.0\n1.5\n"
    assert run(hmc, "seq x")[1].startswith("seq: invalid floating point argument: 'x'")


def test_expr(hmc):
    assert run(hmc, "expr 1 + 2 \\* 3")[0] == "7\n"
    assert run(hmc, "expr 7 / 2; expr 7 % 2")[0] == "3\n1\n"
    assert run(hmc, "expr abc : 'a\\(.\\)'")[0] == "b\n"
    assert run(hmc, "expr length hello")[0] == "5\n"
    assert run(hmc, "expr 2 \\> 10; echo $?")[0] == "0\n1\n"
    assert run(hmc, "expr a + 1")[1] == "expr: non-integer argument\n"


def test_date_formats(hmc):
    assert run(hmc, "date +%F_%T")[0] == "2026-11-26_11:00:00\n"
    assert run(hmc, "date '+%A %B %-d %I%p %u'")[0] == "Thursday November 26 11AM 4\n"
    assert run(hmc, "date -u +%H")[0] == "11\n"
    assert run(hmc, "date 0101")[2] == 1


def test_env_printenv(hmc):
    out = run(hmc, "env | grep -c '^USER=hscroot$'")[0]
    assert out == "1\n"
    assert run(hmc, "printenv HOME")[0] == "/home/hscroot\n"
    assert run(hmc, "FOO=bar printenv FOO")[0] == "bar\n"
    assert run(hmc, "env FOO=baz printenv FOO")[0] == "baz\n"
    assert run(hmc, "printenv NOPE; echo $?")[0] == "1\n"


def test_basename_dirname(hmc):
    assert run(hmc, "basename /usr/sbin/rsct/bin/rmcctrl; basename /a/b.txt .txt; dirname /a/b/c; dirname x")[0] \
        == "rmcctrl\nb\n/a/b\n.\n"


def test_cat_and_tee(hmc, aix):
    assert run(hmc, "printf 'a\\nb\\n' | cat -n")[0] == "     1\ta\n     2\tb\n"
    assert run(hmc, "echo x | tee out.txt")[0] == "x\n"  # no file system on the HMC: discarded
    assert run(aix, "echo y | tee -a /tmp/t >/dev/null; cat /tmp/t")[0] == "y\n"


def test_uniq_sort_more(hmc):
    assert run(hmc, "printf 'B\\na\\nb\\n' | sort -f")[0] == "a\nB\nb\n"
    assert run(hmc, "printf 'x 3\\ny 1\\nz 2\\n' | sort -k2n")[0] == "y 1\nz 2\nx 3\n"
    assert run(hmc, "printf '1K\\n2M\\n3\\n' | sort -h")[0] == "3\n1K\n2M\n"
    assert run(hmc, "printf 'a\\nA\\nb\\n' | uniq -i -c")[0] == "      2 a\n      1 b\n"
    assert run(hmc, "printf 'a\\na\\nb\\n' | uniq -u")[0] == "b\n"


def test_grep_file_errors(hmc):
    assert run(hmc, "grep x /etc/passwd") == ("", "grep: /etc/passwd: No such file or directory\n", 2)
    assert run(hmc, "grep -s x /etc/passwd")[1] == ""
    assert run(hmc, "echo a | grep '\\(' ")[1] == "grep: Unmatched ( or \\(\n"
    assert run(hmc, "grep")[2] == 2


def test_sleep_never_waits(hmc):
    """An hour and a minute of sleep end within a generous real deadline: sleep is a no-op here."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(run, hmc, "sleep 3600; sleep 1m; echo done")
        assert done.result(timeout=120)[0] == "done\n"


def test_echo_printf_true_false_by_path():
    shell = make_shell("aix")
    assert run(shell, "/usr/bin/echo hi; /usr/bin/true && /usr/bin/false; echo $?")[0] == "hi\n1\n"
    assert run(shell, "/usr/bin/printf '%s-%s\\n' a b")[0] == "a-b\n"
    assert run(shell, "/usr/bin/test 3 -gt 2 && echo yes")[0] == "yes\n"


@pytest.mark.parametrize("line, code", [
    ("cut -f", 1), ("sort -k", 2), ("head -c", 1), ("tr -z a b", 1), ("wc --bogus", 1),
    ("uniq -f x", 1), ("sed -Q", 1), ("grep -A x y", 2), ("date -Q", 1), ("seq", 1),
])
def test_bad_options_are_gnu_like(hmc, line, code):
    _out, err, rc = run(hmc, "echo a | " + line)
    assert rc == code
    assert err and "Traceback" not in err and err.split(":")[0] == line.split()[0]
