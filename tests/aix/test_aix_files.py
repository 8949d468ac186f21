"""The partition's filesystem through the shell: files a tool writes and reads back, scripts it runs,
space taken from the filesystems (a full /var refuses writes), the state that survives a restart, and
one truth for what exists and who may run it (issue 12 item 4, issue 17 item 4)."""

from __future__ import annotations

import pytest

from harness.runtime.backend import HostBackend
from harness.scenario.catalogue import load_scenario
from harness.world.causes import apply_cause
from harness.world.world import World

SCRIPT = """#!/bin/sh
# what a tool copies to a partition: a function, a here-document, redirections, modelled commands
log() { echo "$(date +%H:%M) $*"; }
out=/var/tmp/report.txt
lssrc -g rsct_rm > $out || exit 3
df -g /var >> $out
cat >> $out <<EOF
host $(hostname)
EOF
log done
"""


@pytest.fixture
def w():
    return load_scenario("healthy")


def sh(world, host: str, line: str, user: str = "root"):
    backend = HostBackend(lambda: world, host, lambda: None)
    return backend.new_shell(user, interactive=False, pty=False).run(line)


def put(world, host: str, path: str, text: str) -> None:
    r = sh(world, host, f"cat > {path} <<'END_OF_FILE'\n{text}END_OF_FILE")
    assert r.exit_code == 0, r.stderr


# ---- files and directories --------------------------------------------------------------------------
def test_mkdir_redirect_and_read_back(w):
    r = sh(w, "lpar1", "mkdir -p /tmp/a/b && echo hello > /tmp/a/b/f && echo more >> /tmp/a/b/f; "
                       "cat /tmp/a/b/f; test -d /tmp/a && test -f /tmp/a/b/f && echo yes; ls /tmp/a")
    assert (r.stdout, r.stderr, r.exit_code) == ("hello\nmore\nyes\nb\n", "", 0)
    assert sh(w, "lpar1", "wc -l < /tmp/a/b/f").stdout.strip() == "2"
    r = sh(w, "lpar1", "echo x > /tmp/nodir/f")
    assert (r.exit_code, r.stderr) == (1, "ksh: /tmp/nodir/f: 0403-005 Cannot create the specified file.\n")
    r = sh(w, "lpar1", "mkdir /tmp/a")
    assert r.exit_code == 2 and r.stderr == ("mkdir: 0653-358 Cannot create /tmp/a.\n"
                                             "/tmp/a: Do not specify an existing file.\n")


def test_ls_l_shows_mode_owner_size_and_virtual_time(w):
    w.advance(3600)
    sh(w, "lpar1", "umask 022; echo 12345 > /tmp/f; chmod 750 /tmp/f; mkdir /tmp/d")
    out = sh(w, "lpar1", "ls -l /tmp").stdout.splitlines()
    when = (w.clock.datetime()).strftime("%b %d %H:%M")
    assert f"-rwxr-x---    1 root     system            6 {when} f" in out
    assert f"drwxr-xr-x    2 root     system          256 {when} d" in out
    assert sh(w, "lpar1", "ls -ld /bin").stdout.endswith("/bin -> /usr/bin\n")


def test_cp_mv_rm_touch_chown_find_tee_head_tail_grep_tar(w):
    r = sh(w, "lpar1", "mkdir /tmp/src; printf 'a\\nb\\nc\\n' > /tmp/src/one; cp /tmp/src/one /tmp/src/two; "
                       "mv /tmp/src/two /tmp/src/three; touch /tmp/src/empty; chown bin:staff /tmp/src/one; "
                       "echo teed | tee /tmp/src/t >/dev/null; head -1 /tmp/src/one; tail -1 /tmp/src/three; "
                       "grep -c . /tmp/src/three /tmp/src/t; find /tmp/src -type f | sort")
    assert r.stderr == ""
    assert r.stdout == ("a\nc\n/tmp/src/three:3\n/tmp/src/t:1\n"
                        "/tmp/src/empty\n/tmp/src/one\n/tmp/src/t\n/tmp/src/three\n")
    assert "bin      staff" in sh(w, "lpar1", "ls -l /tmp/src/one").stdout
    r = sh(w, "lpar1", "cd /tmp && tar -cf /tmp/src.tar src && rm -r /tmp/src && test ! -d /tmp/src && "
                       "tar -xf /tmp/src.tar && cat /tmp/src/three && tar -tf /tmp/src.tar | sort")
    assert r.stdout == "a\nb\nc\nsrc\nsrc/empty\nsrc/one\nsrc/t\nsrc/three\n", r.stderr
    assert sh(w, "lpar1", "rm -r /tmp/src; ls /tmp/src").exit_code == 2


# ---- scripts ---------------------------------------------------------------------------------------------
def test_scripts_run_by_sh_by_path_once_executable_and_sourced(w):
    put(w, "lpar1", "/tmp/x.sh", SCRIPT)
    r = sh(w, "lpar1", "/tmp/x.sh")
    assert (r.exit_code, r.stderr) == (126, "ksh: /tmp/x.sh: 0403-006 Execute permission denied.\n")
    assert sh(w, "lpar1", "test -x /tmp/x.sh").exit_code == 1
    for run in ("sh /tmp/x.sh", "ksh /tmp/x.sh", "chmod +x /tmp/x.sh && /tmp/x.sh", "cd /tmp; ./x.sh",
                "/bin/sh -c /tmp/x.sh", "/usr/bin/ksh -c 'sh /tmp/x.sh'"):
        sh(w, "lpar1", "rm -f /var/tmp/report.txt")
        r = sh(w, "lpar1", run)
        assert (r.exit_code, r.stderr) == (0, ""), run
        assert r.stdout.endswith(" done\n"), run
        report = sh(w, "lpar1", "cat /var/tmp/report.txt").stdout
        assert report.startswith("Subsystem         Group ") and "/dev/hd9var" in report, run
        assert report.endswith("host lpar1\n"), run
    put(w, "lpar1", "/tmp/lib.sh", "greet() { echo \"hi $1\"; }\nLIBVAR=set\n")
    assert sh(w, "lpar1", ". /tmp/lib.sh; greet there; echo $LIBVAR").stdout == "hi there\nset\n"
    # a child shell does not change its parent: variables, functions and cd stay where they were
    assert sh(w, "lpar1", "X=1; sh -c 'X=2; cd /var'; echo $X $PWD").stdout == "1 /\n"
    r = sh(w, "lpar1", "sh /tmp/nope.sh")
    assert (r.exit_code, r.stderr) == (127, "sh: /tmp/nope.sh: 0403-016 Cannot find or open the file.\n")


def test_a_script_that_runs_itself_stops_at_the_nesting_bound(w):
    put(w, "lpar1", "/tmp/loop.sh", "sh /tmp/loop.sh\n")
    r = sh(w, "lpar1", "sh /tmp/loop.sh; echo after=$?")
    # [I] fakehmc's bound: the whole command line stops, as for any runaway nesting
    assert (r.stdout, r.stderr, r.exit_code) == ("", "ksh: maximum nesting level exceeded\n", 1)


# ---- space ------------------------------------------------------------------------------------------------
def test_full_var_refuses_the_script_as_aix_does(w):
    put(w, "lpar1", "/tmp/x.sh", SCRIPT)
    apply_cause(w, "var_full", "lpar1")
    r = sh(w, "lpar1", "sh /tmp/x.sh")
    assert r.exit_code == 3
    assert r.stderr == "ksh: /var/tmp/report.txt: 0403-005 Cannot create the specified file.\n"
    assert sh(w, "lpar1", "test -f /var/tmp/report.txt").exit_code == 1
    r = sh(w, "lpar1", "cp /tmp/x.sh /var/tmp/x.sh")
    assert (r.exit_code, r.stderr) == (1, "cp: /var/tmp/x.sh: There is not enough space in the file system.\n")
    # the admin's repair (chfs) gives the space back and the same script works
    assert sh(w, "lpar1", "chfs -a size=+64M /var").exit_code == 0
    assert sh(w, "lpar1", "sh /tmp/x.sh").exit_code == 0


def test_writes_fill_tmp_and_df_shows_it(w):
    before = sh(w, "lpar1", "df -k /tmp").stdout.splitlines()[1].split()
    r = sh(w, "lpar1", "dd if=/dev/zero of=/tmp/big bs=1m count=100000")
    assert r.exit_code == 2 and "There is not enough space in the file system." in r.stderr
    after = sh(w, "lpar1", "df -k /tmp").stdout.splitlines()[1].split()
    assert int(before[2]) > 0 and (after[2], after[3]) == ("0", "100%")
    r = sh(w, "lpar1", "echo x >> /tmp/big")
    assert r.exit_code == 1 and "There is not enough space in the file system." in r.stderr
    assert sh(w, "lpar1", "rm /tmp/big; df -k /tmp").stdout.splitlines()[1].split()[2] == before[2]


def test_rewriting_a_big_file_frees_its_old_blocks_first(w):
    # opening for write truncates (vfs.create's default, a make mutate survivor): 400 MB written twice over
    # the same file of a 512 MB /tmp fits, and df shows one copy
    line = "dd if=/dev/zero of=/tmp/big bs=1m count=400"
    for _ in range(2):
        r = sh(w, "lpar1", line)
        assert (r.exit_code, r.stderr) == (0, "400+0 records in\n400+0 records out\n")
    assert sh(w, "lpar1", "df -m /tmp").stdout.splitlines()[1].split()[1:4] == ["512.00", "91.52", "83%"]


def test_one_file_is_bounded_in_memory(w, monkeypatch):
    monkeypatch.setattr("harness.world.vfs.MAX_FILE_CHARS", 4096)  # the bound, made small to test fast
    r = sh(w, "lpar1", "x=0123456789abcdef; i=0; while [ $i -lt 7 ]; do x=$x$x; i=$((i+1)); done; "
                       "echo $x > /tmp/huge; echo rc=$?; echo $x >> /tmp/huge; echo rc=$?")
    assert r.stdout == "rc=0\nrc=1\n"
    assert r.stderr == "ksh: /tmp/huge: There is not enough space in the file system.\n"
    assert len(w.host("lpar1").partition.os.files["/tmp/huge"]) == 4096


# ---- the state -------------------------------------------------------------------------------------------
def test_files_directories_and_modes_survive_a_restart(w):
    sh(w, "lpar1", "mkdir -p /home/tool/bin; echo 'echo kept' > /home/tool/bin/run.sh; chmod 700 /home/tool/bin/run.sh")
    again = World.from_dict(w.to_dict())
    r = sh(again, "lpar1", "ls -l /home/tool/bin; /home/tool/bin/run.sh")
    assert "-rwx------    1 root     system" in r.stdout and r.stdout.endswith("kept\n")


# ---- one truth for programs (issue 17 item 4) ----------------------------------------------------------------
def _with_guest(w, host: str = "vios1"):
    """A plain non-root login on the VIOS's AIX: padmin itself lands in the restricted ioscli shell."""
    w.host(host).partition.os.users["guest"] = "guest"
    return w


def test_registered_commands_are_files_and_their_mode_decides_who_runs_them():
    w = _with_guest(load_scenario("vios-rmc-stopped"))
    rmcctrl = "/usr/sbin/rsct/bin/rmcctrl"
    for user in ("guest", "root"):
        r = sh(w, "vios1", f"ls -l {rmcctrl}", user)
        assert r.stdout.startswith("-r-xr-x---    1 bin      bin  ") and r.stdout.endswith(f" {rmcctrl}\n"), user
        assert "rmcctrl" in sh(w, "vios1", "ls /usr/sbin/rsct/bin", user).stdout.split()
        assert rmcctrl in sh(w, "vios1", "find /usr/sbin/rsct/bin -name 'rmc*'", user).stdout.split()
    # a non-root user: the file is there, and not executable -- by path, by name and to test -x alike
    for line in (rmcctrl + " -A", "rmcctrl -A"):
        r = sh(w, "vios1", line, "guest")
        assert (r.exit_code, r.stderr) == (126, f"ksh: {line.split()[0]}: 0403-006 Execute permission denied.\n")
    assert sh(w, "vios1", f"test -x {rmcctrl} || echo no", "guest").stdout == "no\n"
    assert sh(w, "vios1", "test -x /usr/bin/lssrc && echo yes", "guest").stdout == "yes\n"
    # padmin's restricted shell refuses the path outright; root after oem_setup_env runs the same file
    r = sh(w, "vios1", rmcctrl + " -A", "padmin")
    assert r.exit_code != 0 and "restricted" in r.stderr
    r = sh(w, "vios1", f"echo 'test -x {rmcctrl} && {rmcctrl} -A' | oem_setup_env", "padmin")
    assert r.exit_code == 0 and "0513-059 The ctrmc Subsystem has been started." in r.stdout
    # and nobody may overwrite or remove an installed program
    r = sh(w, "vios1", f"rm -f {rmcctrl}; echo x > {rmcctrl}")
    assert r.exit_code == 1 and sh(w, "vios1", f"ls {rmcctrl}").exit_code == 0


def test_the_hmc_keeps_refusing_redirection_to_files(w):
    r = sh(w, "hmc1", "echo x > /tmp/f", user="hscroot")
    assert (r.exit_code, r.stderr) == (1, "bash: /tmp/f: restricted: cannot redirect output\n")


def test_permissions_follow_owner_and_mode_for_a_non_root_user():
    w = _with_guest(load_scenario("vios-rmc-stopped"))
    sh(w, "vios1", "echo secret > /tmp/secret; chmod 600 /tmp/secret")
    r = sh(w, "vios1", "echo x > /etc/guest.conf", "guest")
    assert (r.exit_code, r.stderr) == (1, "ksh: /etc/guest.conf: 0403-005 Cannot create the specified file.\n")
    r = sh(w, "vios1", "cat /tmp/secret; chmod 644 /tmp/secret", "guest")
    assert r.stderr == ("cat: /tmp/secret: The file access permissions do not allow the specified action.\n"
                        "chmod: /tmp/secret: The requested operation is not permitted.\n")
    r = sh(w, "vios1", "cd; echo mine > notes; ls -l notes; cd /nowhere", "guest")
    assert r.stdout.startswith("-rw-r--r--    1 guest    staff  ") and r.stdout.endswith(" notes\n")
    assert (r.exit_code, r.stderr) == (1, "ksh: /nowhere: bad directory\n")


def test_a_script_for_an_interpreter_that_is_not_modelled_is_not_run(w):
    put(w, "lpar1", "/tmp/p.pl", "#!/usr/bin/perl\nsystem('touch /tmp/ran');\n")
    r = sh(w, "lpar1", "chmod +x /tmp/p.pl; /tmp/p.pl; echo rc=$?; test -f /tmp/ran || echo not-run")
    assert (r.stdout, r.stderr) == ("rc=127\nnot-run\n", "ksh: /tmp/p.pl:  not found.\n")
    put(w, "lpar1", "/tmp/k", "#!/usr/bin/ksh\necho from ksh\n")
    assert sh(w, "lpar1", "chmod 755 /tmp/k; /tmp/k").stdout == "from ksh\n"


def test_a_tool_installed_on_path_is_found_and_run(w):
    r = sh(w, "lpar1", "mkdir -p /usr/local/bin; echo 'echo mine $1' > /usr/local/bin/mytool; "
                       "chmod 755 /usr/local/bin/mytool; PATH=$PATH:/usr/local/bin; command -v mytool; mytool x")
    assert (r.stdout, r.stderr) == ("/usr/local/bin/mytool\nmine x\n", "")
    assert sh(w, "lpar1", "mytool").exit_code == 127  # not on the default PATH


def test_pathname_expansion_matches_the_partitions_files(w):
    r = sh(w, "lpar1", "mkdir /tmp/g; touch /tmp/g/a.sh /tmp/g/b.sh /tmp/g/.hidden.sh /tmp/g/c1; cd /tmp/g; "
                       "echo *.sh; echo /tmp/g/[bc]*; echo '*.sh' \\*.sh; echo /tmp/g/*.none; "
                       "rm /tmp/g/*.sh; ls -a /tmp/g")
    assert r.stdout == ("a.sh b.sh\n/tmp/g/b.sh /tmp/g/c1\n*.sh *.sh\n/tmp/g/*.none\n"
                        ".\n..\n.hidden.sh\nc1\n")
    assert sh(w, "hmc1", "echo /tmp/*", user="hscroot").stdout == "/tmp/*\n"  # an HMC has no files to match


def test_find_selects_by_mode_and_age_and_runs_modelled_commands(w):
    sh(w, "lpar1", "mkdir /tmp/f; touch /tmp/f/old.log; chmod 600 /tmp/f/old.log")
    w.advance(3 * 86400)
    sh(w, "lpar1", "touch /tmp/f/new.log /tmp/f/keep")
    r = sh(w, "lpar1", "find /tmp/f -perm 600; find /tmp/f -type f -mtime +2; "
                       "find /tmp/f -name '*.log' -mtime -1 -exec rm {} \\; ; ls /tmp/f")
    assert r.stdout == "/tmp/f/old.log\n/tmp/f/old.log\nkeep\nold.log\n", r.stderr
    r = sh(w, "lpar1", "find /tmp/f -type f -exec ls -l {} +")
    assert [line.split()[-1] for line in r.stdout.splitlines()] == ["/tmp/f/keep", "/tmp/f/old.log"]
