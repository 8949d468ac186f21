"""Pipelines of realistic HMC output through the text filters, as real clients write them."""

from shell_fixtures import LPAR_DEFAULT, make_shell


def run(shell, line):
    res = shell.run(line)
    return res.stdout, res.stderr, res.exit_code


def test_rc_suffix_xcat_style(hmc):
    assert run(hmc, "lssyscfg -r sys -F name,state | grep Operating; echo Rc=$?") == (
        "Server-9117-570-SN65YDR6E,Operating\np750-prod,Operating\nRc=0\n", "", 0)
    assert run(hmc, "lssyscfg -r sys -F name,state | grep Nothing; echo Rc=$?")[0] == "Rc=1\n"
    assert run(hmc, "failcmd; echo Rc=$?")[0] == "HSCL8012 The partition named nope was not found.\nRc=1\n"


def test_inventory_pipeline_while_read(hmc):
    line = ('lssyscfg -r sys -F name,state | grep Operating | egrep -v "No Connection|Power Off" '
            '| cut -f 1 -d , | while IFS= read -r ms; do echo "<$ms>"; lshwres -r proc -m "$ms" --level lpar '
            '| head -1 | cut -d, -f1; done')
    stdout, stderr, rc = run(hmc, line)
    assert stdout == ("<Server-9117-570-SN65YDR6E>\nlpar_name=aixlpar1\n"
                      "<p750-prod>\nlpar_name=aixlpar1\n")
    assert rc == 0 and stderr == ""
    assert ["lshwres", "-r", "proc", "-m", "p750-prod", "--level", "lpar"] in hmc.session.calls


def test_exit_status_of_pipeline_is_last(hmc):
    assert run(hmc, "failcmd | cat; echo $?")[0].endswith("\n0\n")
    assert run(hmc, "echo x | grep y | cat; echo $?")[0] == "0\n"
    assert run(hmc, "set -o pipefail; echo x | grep y | cat; echo $?")[0] == "1\n"
    assert run(hmc, "! echo x | grep -q x; echo $?")[0] == "1\n"


def test_grep_options(hmc):
    text = "lssyscfg -r lpar -m p750"
    assert run(hmc, f"{text} | grep -c Running")[0] == "2\n"
    assert run(hmc, f"{text} | grep -i 'STATE=not activated' | cut -d, -f1")[0] == "name=linux3\n"
    assert run(hmc, f"{text} | grep -v Running | grep -o 'lpar_id=[0-9]*'")[0] == "lpar_id=3\n"
    assert run(hmc, f"{text} | grep -n vios | cut -d, -f1")[0] == "2:name=vios1\n"
    assert run(hmc, f"{text} | grep -E 'name=(vios|linux)[0-9]' | wc -l")[0] == "2\n"
    assert run(hmc, f"{text} | grep 'name=\\(vios\\|linux\\)' | wc -l")[0] == "2\n"
    assert run(hmc, f"{text} | grep -F 'state=Not Activated' | wc -l")[0] == "1\n"
    assert run(hmc, f"{text} | grep -w 'lpar_id=1' | cut -d, -f1")[0] == "name=vios1\n"
    assert run(hmc, f"{text} | grep -q vios && echo found")[0] == "found\n"
    assert run(hmc, f"{text} | grep -e aixlpar1 -e linux3 | cut -d, -f1")[0] == "name=aixlpar1\nname=linux3\n"
    assert run(hmc, f"{text} | grep -x 'name=vios1' ; echo $?")[0] == "1\n"


def test_fgrep_context_like_rsct_doc(hmc):
    """RSCT doc: lspartition -dlpar | fgrep 214 -A1 (option after the pattern)."""
    out = run(hmc, "lspartition -dlpar | fgrep 214 -A1")[0]
    assert out == ("<#1> Partition:<214*8233-E8B*069991R, lpar214.example.com, 10.8.251.214>\n"
                   "       Active:<0>, OS:<, , >, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<0>\n")
    out = run(hmc, "lspartition -dlpar | grep -B1 'DCaps:<0x0>'")[0]
    assert out.startswith("<#1> Partition:<214") and out.count("\n") == 2
    out = run(hmc, "printf 'a\\nx\\nb\\nc\\nx\\nd\\n' | grep -n -A1 x")[0]
    assert out == "2:x\n3-b\n--\n5:x\n6-d\n"


def test_sed(hmc):
    assert run(hmc, "lssyscfg -r sys -F name,state | sed 's/,/ /g' | head -1")[0] == \
        "Server-9117-570-SN65YDR6E Operating\n"
    # the Chinese VIOS doc: unquoted s/,/\ /g then while read with two variables
    out = run(hmc, "lssyscfg -r sys -F name,state | grep Operating | sed s/,/\\ /g | "
                   "while read lpn lpp; do echo \"$lpp:$lpn\"; done")[0]
    assert out == "Operating:Server-9117-570-SN65YDR6E\nOperating:p750-prod\n"
    assert run(hmc, "echo aXbXc | sed -e 's/x/-/gi'")[0] == "a-b-c\n"
    assert run(hmc, "echo a/b/c | sed 's,/,_,2'")[0] == "a/b_c\n"
    assert run(hmc, "lssyscfg -r lpar -m x | sed -n '/vios/p' | cut -d, -f1")[0] == "name=vios1\n"
    assert run(hmc, "lssyscfg -r lpar -m x | sed '/vios/d' | cut -d, -f1")[0] == "name=aixlpar1\nname=linux3\n"
    assert run(hmc, "lssyscfg -r lpar -m x | sed -n '2p' | cut -d, -f2")[0] == "lpar_id=1\n"
    assert run(hmc, "echo 'name=a,state=Running,x' | sed 's/.*state=\\([^,]*\\).*/\\1/'")[0] == "Running\n"
    assert run(hmc, "echo 'name=a,state=Running,x' | sed -E 's/.*state=([^,]*).*/[&]/' | cut -c1-8")[0] == "[name=a,\n"
    assert run(hmc, "printf '1\\n2\\n3\\n4\\n' | sed -n '2,3p'")[0] == "2\n3\n"
    assert run(hmc, "printf '1\\n2\\n3\\n' | sed '$d'")[0] == "1\n2\n"
    assert run(hmc, "printf '1\\n2\\n' | sed -e 1d -e 's/2/two/'")[0] == "two\n"
    assert run(hmc, "echo abc | sed 'y/abc/xyz/'")[0] == "xyz\n"
    assert run(hmc, "printf 'a\\nb\\n' | sed '1!G;h;$!d'")[0] == "b\na\n"


def test_sed_errors(hmc):
    assert run(hmc, "echo a | sed 's/a/b'") == ("", "sed: -e expression #1, char 5: unterminated `s' command\n", 1)
    _out, err, rc = run(hmc, "echo a | sed 'k'")
    assert rc == 1 and "unknown command: `k'" in err


def test_cut(hmc):
    assert run(hmc, "lshmc -V | grep 'Release:' | cut -d':' -f2")[0] == " 2\n"
    assert run(hmc, "lssyscfg -r sys -F name,state | cut -d, -f2 | sort -u")[0] == \
        "No Connection\nOperating\nPower Off\n"
    assert run(hmc, "echo abcdef | cut -c2-4")[0] == "bcd\n"
    assert run(hmc, "echo a:b:c:d | cut -d: -f1,3-")[0] == "a:c:d\n"
    assert run(hmc, "echo nodelim | cut -d, -f2")[0] == "nodelim\n"
    assert run(hmc, "echo nodelim | cut -s -d, -f2")[0] == ""
    assert run(hmc, "echo a | cut -d, ") == ("", ("cut: you must specify a list of bytes, characters, or fields\n"
                                              "Try 'cut --help' for more information.\n"), 1)


def test_sort_uniq(hmc):
    assert run(hmc, "printf '10\\n9\\n100\\n' | sort -n")[0] == "9\n10\n100\n"
    assert run(hmc, "printf '10\\n9\\n100\\n' | sort")[0] == "10\n100\n9\n"
    assert run(hmc, "printf '10\\n9\\n100\\n' | sort -rn")[0] == "100\n10\n9\n"
    assert run(hmc, "printf 'b,2\\na,10\\nc,1\\n' | sort -t, -k2 -n")[0] == "c,1\nb,2\na,10\n"
    assert run(hmc, "printf 'b,2\\na,10\\nc,1\\n' | sort -t, -k1,1r")[0] == "c,1\nb,2\na,10\n"
    assert run(hmc, "printf 'a\\na\\nb\\na\\n' | uniq -c")[0] == "      2 a\n      1 b\n      1 a\n"
    assert run(hmc, "printf 'a\\na\\nb\\n' | uniq -d")[0] == "a\n"
    assert run(hmc, "lssyscfg -r sys -F name,state | cut -d, -f2 | sort | uniq -c | sort -rn | head -1")[0] == \
        "      2 Operating\n"


def test_head_tail_wc(hmc):
    assert run(hmc, "seq 10 | head -3")[0] == "1\n2\n3\n"
    assert run(hmc, "seq 10 | head -n 2")[0] == "1\n2\n"
    assert run(hmc, "seq 10 | tail -2")[0] == "9\n10\n"
    assert run(hmc, "seq 5 | tail -n +4")[0] == "4\n5\n"
    assert run(hmc, "seq 5 | head -n -3")[0] == "1\n2\n"
    # GNU wc: a single count of stdin is not padded; several counts use width 7
    assert run(hmc, "lssyscfg -r lpar -m x | wc -l")[0] == "3\n"
    assert run(hmc, "printf 'a b\\nc\\n' | wc")[0] == "      2       3       6\n"
    assert run(hmc, "echo hello | wc -c")[0] == "6\n"


def test_tr(hmc):
    assert run(hmc, "echo a,b,c | tr , ' '")[0] == "a b c\n"
    assert run(hmc, "echo hello | tr a-z A-Z")[0] == "HELLO\n"
    assert run(hmc, "echo hello | tr '[:lower:]' '[:upper:]'")[0] == "HELLO\n"
    assert run(hmc, "echo 'a  b   c' | tr -s ' '")[0] == "a b c\n"
    assert run(hmc, "echo 'a1b2' | tr -d 0-9")[0] == "ab\n"
    assert run(hmc, "echo x | tr")[1].startswith("tr: missing operand\n")


def test_rbvppc_version_pipeline(hmc):
    assert run(hmc, "lshmc -V | grep 'Version:'|cut -d':' -f2")[0] == " 9\n"


def test_date_and_which_whoami(hmc):
    assert run(hmc, "date")[0] == "Thu Nov 26 11:00:00 UTC 2026\n"
    assert run(hmc, 'date +"%Y-%m-%d %H:%M:%S"')[0] == "2026-11-26 11:00:00\n"
    assert run(hmc, "date +%s")[0] == "1795690800\n"
    assert run(hmc, "date '+%a %b %e %Z %j %y %%'")[0] == "Thu Nov 26 UTC 330 26 %\n"
    assert run(hmc, "which whoami && whoami; echo $?") == ("/usr/bin/whoami\nhscroot\n0\n", "", 0)
    # [I] GNU which wording with the hscroot PATH
    assert run(hmc, "which nosuch") == ("", "which: no nosuch in (/hmcrbin:/usr/hmcrbin)\n", 1)
    assert run(hmc, "hostname")[0] == "hmc1\n"


def test_unknown_option_messages(hmc):
    _out, err, rc = run(hmc, "echo a | grep --bogus a")
    assert rc == 2 and err.startswith("grep: unrecognized option '--bogus'\n")
    _out, err, rc = run(hmc, "echo a | sort -Z")
    assert rc == 2 and err.startswith("sort: invalid option -- 'Z'")
    assert run(hmc, "echo a | head -n x")[1] == "head: invalid number of lines: 'x'\n"
    assert run(hmc, "sleep abc")[1].startswith("sleep: invalid time interval 'abc'")


def test_big_input_scales_linearly(hmc):
    """A pipeline over 8x the input takes well under 64x the time (what a quadratic step would cost):
    a ratio of two timings on the same machine, so a machine eight times slower passes too."""
    import time
    shell = make_shell("hmc")
    size = {"n": 1}

    @shell.registry.command("bigcmd")
    def bigcmd(ctx):
        ctx.write(LPAR_DEFAULT * size["n"])
        return 0

    line = "bigcmd | grep -v vios | sed 's/state=/S=/' | cut -d, -f1,4 | sort | uniq -c | wc -l"

    def fastest(n: int) -> float:
        size["n"] = n
        times = []
        for _ in range(3):  # the fastest of three runs: a busy moment only ever makes a run slower
            t0 = time.perf_counter()
            res = shell.run(line)
            times.append(time.perf_counter() - t0)
            assert res.stdout == "2\n"
        return min(times)

    small, big = fastest(100), fastest(800)
    assert big < 24 * small, (small, big)
