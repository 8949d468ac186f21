"""HMC (restricted bash) versus AIX (ksh) behaviour: lookup, messages, redirections, prompts.

Texts tagged [I] in harness/shell/flavours.py are inferences (stock rbash/ksh wording), not
verified on a real HMC or AIX; the test names say so.
"""

from shell_fixtures import FakeSession, make_shell

from harness.shell import AIX_FLAVOUR, HMC_FLAVOUR, Shell
from harness.shell.utilities import base_registry


def run(shell, line):
    res = shell.run(line)
    return res.stdout, res.stderr, res.exit_code


def test_hmc_command_not_found_verified_text(hmc):
    # [V] "bash: bc: command not found" (bond-huang HMC shell doc, V7R7.9 and V9R1)
    assert run(hmc, "bc") == ("", "bash: bc: command not found\n", 127)
    assert run(hmc, "awk '{print $1}'") == ("", "bash: awk: command not found\n", 127)  # hidden even if registered
    assert run(hmc, "gawk x; echo $?") == ("127\n", "bash: gawk: command not found\n", 0)
    assert run(hmc, "quit")[2] == 127  # fence_lpar's logout word must not hang


def test_aix_not_found_inferred_text(aix):  # [I] AIX ksh wording
    assert run(aix, "nosuch") == ("", "ksh: nosuch:  not found.\n", 127)
    assert run(aix, "/usr/bin/nosuch") == ("", "ksh: /usr/bin/nosuch:  not found.\n", 127)


def test_hmc_restricted_slash_inferred_text(hmc):  # [I] rbash wording with the bash: prefix
    assert run(hmc, "/bin/ls") == ("", "bash: /bin/ls: restricted: cannot specify `/' in command names\n", 1)
    assert run(hmc, "/usr/sbin/rsct/bin/rmcctrl -z")[2] == 1
    assert run(hmc, "./script.sh")[1] == "bash: ./script.sh: restricted: cannot specify `/' in command names\n"


def test_hmc_restricted_redirect_inferred_text(hmc):  # [I]
    assert run(hmc, "lssyscfg -r sys -F name > out.txt") == (
        "", "bash: out.txt: restricted: cannot redirect output\n", 1)
    assert run(hmc, "echo a >> /tmp/log; echo $?") == ("1\n", "bash: /tmp/log: restricted: cannot redirect output\n", 0)
    assert run(hmc, "echo a 2>err")[2] == 1
    assert run(hmc, "{ echo a; } > f")[2] == 1


def test_redirections_allowed_everywhere(hmc, aix):
    for shell in (hmc, aix):
        assert run(shell, "echo a > /dev/null; echo b") == ("b\n", "", 0)
        assert run(shell, "nosuch 2>/dev/null; echo $?")[:2] == ("127\n", "")
        assert run(shell, "nosuch 2>&1 | sed 's/^/E:/'")[0].startswith("E:")
        assert run(shell, "failcmd >/dev/null 2>&1; echo $?") == ("1\n", "", 0)
        assert run(shell, "echo err 1>&2")[:2] == ("", "err\n")
        assert run(shell, "echo x &>/dev/null; echo y") == ("y\n", "", 0)


def test_hmc_cd_restricted_inferred_text(hmc):  # [I]
    assert run(hmc, "cd /tmp") == ("", "bash: cd: restricted\n", 1)
    assert run(hmc, "pwd")[0] == "/home/hscroot\n"


def test_hmc_readonly_path(hmc):  # [I] rbash makes PATH/SHELL read-only
    assert run(hmc, "PATH=/bin") == ("", "bash: PATH: readonly variable\n", 1)
    assert run(hmc, "echo $PATH")[0] == "/hmcrbin:/usr/hmcrbin\n"


def test_aix_full_paths_and_cd(aix):
    assert run(aix, "/usr/sbin/rsct/bin/rmcctrl -z") == ("rmcctrl -z\n", "", 0)
    assert run(aix, "/usr/bin/grep loop /etc/hosts")[0] == "127.0.0.1 loopback\n"
    assert run(aix, "cd /var/ct; pwd; cd ..; pwd; cd; pwd")[0] == "/var/ct\n/var\n/\n"
    assert run(aix, "cd /tmp && cd - && pwd")[0] == "/\n/\n"


def test_aix_redirect_to_session_files(aix):
    files = aix.session.files
    assert run(aix, "echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f") == ("one\ntwo\n", "", 0)
    assert files["/tmp/f"] == "one\ntwo\n"
    assert run(aix, "grep two < /tmp/f")[0] == "two\n"
    assert run(aix, "cd /tmp; echo rel > g; cat /tmp/g")[0] == "rel\n"
    assert run(aix, "cat /nope")[1] == "cat: /nope: No such file or directory\n"
    assert run(aix, "[ -f /tmp/f ] && echo file; [ -d /tmp ] && echo dir")[0] == "file\ndir\n"


def test_aix_files_with_modelled_sizes():
    """The world keeps some files as a size only (no text): reading gives nothing, -s sees the size."""
    shell = make_shell("aix", files={"/var/adm/ras/trace": 4096, "/etc/hosts": "127.0.0.1 loopback\n"})
    assert run(shell, "cat /var/adm/ras/trace; echo rc=$?") == ("rc=0\n", "", 0)
    assert run(shell, "[ -s /var/adm/ras/trace ] && [ -f /var/adm/ras/trace ] && echo big")[0] == "big\n"
    assert run(shell, "echo note >> /var/adm/ras/trace; cat /var/adm/ras/trace")[0] == "note\n"
    assert run(shell, "cd /var/adm; pwd")[0] == "/var/adm\n"
    assert shell.session.files["/etc/hosts"] == "127.0.0.1 loopback\n"


def test_aix_redirect_without_files_is_discarded():
    shell = make_shell("aix")  # session without a files dict
    assert run(shell, "echo x > /tmp/f; echo $?") == ("0\n", "", 0)


def test_aix_echo_and_print_ksh_style(aix):
    assert run(aix, "echo 'a\\tb'")[0] == "a\tb\n"  # [I] AIX echo interprets escapes
    assert run(aix, "print -n abc; print ' x'")[0] == "abc x\n"
    assert run(aix, "whence lssyscfg")[0] == "/usr/bin/lssyscfg\n"


def test_prompts():
    hmc = make_shell("hmc")
    assert hmc.prompt() == "hscroot@hmc1:~> "  # [V]
    assert hmc.prompt2() == "> "
    hmc.run("PS1='[console-expect]#'")  # op-test
    assert hmc.prompt() == "[console-expect]#"
    hmc.run("PS1='\\u@\\h \\$ '")
    assert hmc.prompt() == "hscroot@hmc1 $ "
    assert make_shell("aix").prompt() == "# "
    assert make_shell("aix", user="padmin").prompt() == "$ "
    aix = make_shell("aix")
    aix.run("PS1='$LOGNAME@aix> '")
    assert aix.prompt() == "root@aix> "


def test_prompt_w_and_W_follow_pwd_with_home_as_a_tilde():
    # bash(1) PROMPTING: \\w is $PWD with $HOME abbreviated with a tilde, \\W its basename (the same tilde);
    # \\nnn is an octal byte of up to three digits; a lone backslash at the end stays
    hmc = make_shell("hmc")
    hmc.run("PS1='\\w|\\W> '")
    seen = {}
    for pwd in ("/home/hscroot", "/home/hscroot/sub/dir", "/tmp", "/", "/home/hscrootx"):
        hmc.run(f"PWD={pwd}")
        seen[pwd] = hmc.prompt()
    assert seen == {"/home/hscroot": "~|~> ", "/home/hscroot/sub/dir": "~/sub/dir|dir> ", "/tmp": "/tmp|tmp> ",
                    "/": "/|/> ", "/home/hscrootx": "/home/hscrootx|hscrootx> "}
    hmc.run("PS1='a\\u'")
    assert hmc.prompt() == "ahscroot"
    hmc.run("PS1='a\\'")
    assert hmc.prompt() == "a\\"
    hmc.run("PS1='\\101\\0101x'")
    assert hmc.prompt() == "A\x081x"


def test_hmc_prompt_uses_short_hostname():
    shell = Shell(base_registry("hmc"), HMC_FLAVOUR, FakeSession(hostname="hmc7.lab.example.com"))
    assert shell.prompt() == "hscroot@hmc7:~> "


def test_last_status_attribute(hmc):
    hmc.run("false")
    assert hmc.last_status == 1
    hmc.run("true")
    assert hmc.last_status == 0


def test_env_argument_and_flavour_by_name():
    shell = Shell(base_registry("aix"), "aix", FakeSession(user="root", flavour="aix"), env={"LANG": "C"})
    assert run(shell, "echo $LANG $HOME $SHELL")[0] == "C / /usr/bin/ksh\n"
    assert Shell(None, AIX_FLAVOUR, FakeSession()).run("ls").exit_code == 127


def test_which_on_aix(aix):
    assert run(aix, "which grep")[0] == "/usr/bin/grep\n"
    assert run(aix, "which rmcctrl")[0] == "/usr/sbin/rsct/bin/rmcctrl\n"
    err = run(aix, "which nosuch")[1]
    assert err.startswith("which: 0652-141 There is no nosuch in /usr/bin /etc")  # [I]


def test_uname(hmc, aix):
    assert run(hmc, "uname")[0] == "Linux\n"
    assert run(hmc, "uname -n")[0] == "hmc1\n"
    assert run(aix, "uname -s")[0] == "AIX\n"
