"""Quote removal, expansions and word splitting: what argv a host command receives."""

import pytest


def argv_of(shell, line):
    shell.session.calls.clear()
    res = shell.run(line)
    assert res.exit_code == 0, res
    return shell.session.calls[-1][1:]


@pytest.mark.parametrize("line, expected", [
    ('echoargs --filter "lpar_names=a,b"', ["--filter", "lpar_names=a,b"]),
    ("echoargs --filter 'lpar_names=X'", ["--filter", "lpar_names=X"]),
    ('echoargs -i "x=\\"a,b\\""', ["-i", 'x="a,b"']),
    ('echoargs --filter "\\"lpar_names=a,b\\""', ["--filter", '"lpar_names=a,b"']),
    ('echoargs --filter ""lpar_names=l1,l2""', ["--filter", "lpar_names=l1,l2"]),
    ('echoargs --filter lpar_names="my lpar"', ["--filter", "lpar_names=my lpar"]),
    ('echoargs -m "Server 1" -p \'a b\'', ["-m", "Server 1", "-p", "a b"]),
    ("echoargs   a    b   ", ["a", "b"]),
    ('echoargs "" \'\' x', ["", "", "x"]),
    ("echoargs a\\ b c\\\"d", ["a b", 'c"d']),
    ("echoargs $'a\\tb' \"q\\$x\"", ["a\tb", "q$x"]),
    ("echoargs 'single $HOME \"x\"'", ['single $HOME "x"']),
    ('echoargs -i "name=L, vtpm_enabled=1"', ["-i", "name=L, vtpm_enabled=1"]),
])
def test_quote_removal(hmc, line, expected):
    assert argv_of(hmc, line) == expected


def test_variables_and_splitting(hmc):
    assert argv_of(hmc, 'x="a  b"; echoargs $x "$x" ${x}c') == ["a", "b", "a  b", "a", "bc"]
    assert argv_of(hmc, 'e=; echoargs $e "$e" x') == ["", "x"]
    assert argv_of(hmc, 'IFS=,; v=a,b,,c; echoargs $v') == ["a", "b", "", "c"]


def test_parameter_expansion_forms(hmc):
    r = hmc.run('u=; s=hscroot@hmc1.example.com; echo ${u:-def} ${nope-unset} ${s#*@} ${s%%.*} '
                '${s/hmc1/hmc2} ${#s} ${s:0:7} ${s^^} "${u:+set}" ${u:=now}; echo $u')
    assert r.stdout == "def unset hmc1.example.com hscroot@hmc1 hscroot@hmc2.example.com 24 hscroot " \
                       "HSCROOT@HMC1.EXAMPLE.COM  now\nnow\n"


def test_unset_with_message_fails(hmc):
    r = hmc.run('echo ${nope:?is required}; echo after')
    assert r.stderr == "bash: nope: is required\n"
    assert r.stdout == "after\n"


def test_special_parameters(hmc):
    r = hmc.run('set -- a "b c"; echo $# "$1" "$2" "$*"; for a in "$@"; do echo "[$a]"; done; echo $0')
    assert r.stdout == "2 a b c a b c\n[a]\n[b c]\nbash\n"
    assert hmc.run("echo $$").stdout.strip().isdigit()


def test_backticks_and_command_substitution(hmc):
    assert hmc.run("echo `echo a` $(echo b; echo c) \"$(printf 'x\\n\\n\\n')\"").stdout == "a b c x\n"
    assert hmc.run("x=$(echo nested $(echo inner)); echo \"$x\"").stdout == "nested inner\n"


def test_fence_lpar_backticks(hmc):
    """fence_lpar power-on: the profile comes from a backtick substitution with a quoted filter."""
    line = ('chsysstate -o on -r lpar -m p750-prod -n aixlpar1 -f '
            '`lssyscfg -r lpar -F curr_profile  -m p750-prod --filter "lpar_names=aixlpar1"`')
    res = hmc.run(line)
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""
    assert hmc.session.calls[0] == ["lssyscfg", "-r", "lpar", "-F", "curr_profile", "-m", "p750-prod",
                                    "--filter", "lpar_names=aixlpar1"]
    assert hmc.session.calls[1] == ["chsysstate", "-o", "on", "-r", "lpar", "-m", "p750-prod", "-n",
                                    "aixlpar1", "-f", "normal"]


def test_arithmetic(hmc):
    assert hmc.run("x=7; echo $((x*2+1)) $[x%4] $(( (1+2)*3 )) $((2**10)) $((-7/2)) $((x>3?1:0))").stdout \
        == "15 3 9 1024 -3 1\n"
    assert hmc.run("i=1; ((i++)); ((i+=5)); echo $i; let j=i*2; echo $j").stdout == "7\n14\n"
    assert hmc.run("echo $((0x1f + 010 + 2#101))").stdout == "44\n"
    assert hmc.run("echo $((2**64)) $((1<<70))").stdout == "0 64\n"


def test_arithmetic_errors_do_not_crash(hmc):
    r = hmc.run("echo $((1/0)); echo next")
    assert r.stdout == "next\n" and "division by 0" in r.stderr
    r = hmc.run("x='1 +* '; echo $((x))")
    assert "syntax error" in r.stderr and r.exit_code == 1
    # tree-sitter rejects malformed literal arithmetic while parsing: a syntax error, rc 2
    r = hmc.run("echo $((1 +* ))")
    assert "syntax error" in r.stderr and r.exit_code == 2


@pytest.mark.parametrize("line, expected", [
    ("echo {1..5}", "1 2 3 4 5"),
    ("echo {5..1}", "5 4 3 2 1"),
    ("echo {01..03}", "01 02 03"),
    ("echo {00..02} {08..010}", "00 01 02 008 009 010"),  # zero is padded like the rest (bash)
    ("echo {1..10..3}", "1 4 7 10"),
    ("echo {a..e}", "a b c d e"),
    ("echo a{b,c}d", "abd acd"),
    ("echo {x,y}{1,2}", "x1 x2 y1 y2"),
    ("echo pre{a,\"b c\"}post", "preapost preb cpost"),
    ("echo \"{a,b}\" '{1..3}' {a} {}", "{a,b} {1..3} {a} {}"),
    ("v=q; echo {$v,r}", "q r"),
])
def test_brace_expansion(hmc, line, expected):
    assert hmc.run(line).stdout == expected + "\n"


def test_prefix_assignments_only_for_that_command(hmc):
    r = hmc.run("LC_ALL=en_US LANG=en_US LC_NUMERIC=en_US echoargs -r proc; echo \"[$LC_ALL]\"")
    assert r.stdout == "<-r>\n<proc>\n[]\n"
    env = hmc.session.envs[-1]
    assert env["LC_ALL"] == "en_US" and env["LANG"] == "en_US" and env["LC_NUMERIC"] == "en_US"
    assert env["USER"] == "hscroot" and "IFS" not in env


def test_lpar2rrd_style_leading_space_and_quotes(hmc):
    r = hmc.run(' LC_ALL=en_US LANG=en_US LC_NUMERIC=en_US lshwres -m "p750-prod" -r proc --level lpar')
    assert r.exit_code == 0
    assert hmc.session.calls[-1] == ["lshwres", "-m", "p750-prod", "-r", "proc", "--level", "lpar"]


def test_export_and_env(hmc):
    r = hmc.run("FOO=1; echoargs; export FOO; BAR=2 echoargs")
    assert "FOO" not in hmc.session.envs[0]
    assert hmc.session.envs[1]["FOO"] == "1" and hmc.session.envs[1]["BAR"] == "2"
    assert r.exit_code == 0


def test_tilde(hmc):
    assert hmc.run("echo ~ ~/x a~").stdout == "/home/hscroot /home/hscroot/x a~\n"


def test_unicode(hmc):
    r = hmc.run("x='Zażółć gęślą jaźń ✓'; echo \"$x\" | grep -o 'gęślą'; echo ${#x}; echo 日本 | wc -m")
    assert r.stdout == "gęślą\n19\n3\n"
    assert hmc.run("echoargs 'Nie znaleziono wyników.'").stdout == "<Nie znaleziono wyników.>\n"


def test_comments_and_blank_lines(hmc):
    assert hmc.run("# just a comment\n\necho a # trailing\n  \n").stdout == "a\n"
    assert hmc.run("").exit_code == 0


def test_heredoc_and_herestring(aix):
    r = aix.run("x=1\ncat <<EOF\nval=$x\n\\$x\nEOF\ncat <<'Q'\nlit $x\nQ\ngrep b <<< \"a b c\"")
    assert r.stdout == "val=1\n$x\nlit $x\na b c\n"
