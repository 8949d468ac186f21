"""The HMC console over real SSH: users made with mkhmcusr log in at once with their role's rights,
changed passwords and removed users are shut out, chhmc changes what lshmc shows, and a read-only
role is refused every console change (harness/hmc/hmcusers.py, chhmc.py, runtime/backend.py)."""

from __future__ import annotations

import dataclasses

import asyncssh
import paramiko
import pytest

from tests.sshclients import asyncssh_run, paramiko_exec

DENIED = "HSCL350B The user does not have the appropriate authority.\n"  # [V-client code; I period]


@pytest.fixture(scope="module")
def estate(key_dir_module):
    from harness.runtime.embedded import EstateConfig
    from harness.runtime.thread import EstateThread

    est = EstateThread(EstateConfig(scenario="healthy", port=0, clock_scale=0, control_port=0,
                                    key_dir=key_dir_module)).start()
    yield est
    est.stop()


@pytest.fixture(scope="module")
def key_dir_module(tmp_path_factory):
    return str(tmp_path_factory.mktemp("keys"))


def as_user(estate, user: str, password: str):
    return dataclasses.replace(estate.host("hmc1"), username=user, password=password)


def run(estate, line: str, user: str | None = None, password: str | None = None):
    host = estate.host("hmc1") if user is None else as_user(estate, user, password)
    return paramiko_exec(host, line)


def refused_login(estate, user: str, password: str) -> bool:
    try:
        asyncssh_run(as_user(estate, user, password), "whoami")
    except asyncssh.PermissionDenied:
        return True
    return False


def test_new_user_logs_in_at_once_with_its_role_and_the_old_password_fails_after_chhmcusr(estate):
    out, err, rc = run(estate, "mkhmcusr -u newop -a hmcoperator -d 'New operator' --passwd Start1234")
    assert (out, err, rc) == ("", "", 0)
    # lshmcusr shows the user as created
    out, _, _ = run(estate, "lshmcusr --filter names=newop -F name:taskrole:description")
    assert out == "newop:hmcoperator:New operator\n"
    # it logs in over SSH right away (asyncssh), and whoami says who it is
    assert asyncssh_run(as_user(estate, "newop", "Start1234"), "whoami") == ("newop\n", "", 0)
    # an operator may not create users: the role's rights hold over SSH
    out, _, rc = run(estate, "mkhmcusr -u other -a hmcviewer --passwd Xyz12345", "newop", "Start1234")
    assert (out, rc) == (DENIED, 1)
    # the password changes: the old one no longer opens a session, the new one does
    assert run(estate, "chhmcusr -u newop -t passwd -v Changed987")[2] == 0
    assert refused_login(estate, "newop", "Start1234")
    assert asyncssh_run(as_user(estate, "newop", "Changed987"), "whoami")[0] == "newop\n"
    # a role change is what the next command is checked against
    assert run(estate, "chhmcusr -u newop -t taskrole -v hmcsuperadmin")[2] == 0
    out, _, rc = run(estate, "mkhmcusr -u other -a hmcviewer --passwd Xyz12345", "newop", "Changed987")
    assert (out, rc) == ("", 0)
    # removed users cannot log in any more
    assert run(estate, "rmhmcusr -u newop")[2] == 0
    assert run(estate, "rmhmcusr -u other")[2] == 0
    assert refused_login(estate, "newop", "Changed987")
    assert run(estate, "lshmcusr -F name")[0] == "hscroot\noperator1\nviewer1\n"  # the healthy site's accounts, newop gone


def test_remote_ssh_access_0_and_chhmc_ssh_disable_shut_logins_out(estate):
    assert run(estate, 'mkhmcusr -i "name=gui,taskrole=hmcviewer,passwd=Gui12345,remote_ssh_access=0"')[2] == 0
    assert run(estate, "lshmcusr --filter names=gui -F remote_ssh_access")[0] == "0\n"
    assert refused_login(estate, "gui", "Gui12345")
    assert run(estate, 'chhmcusr -i "name=gui,remote_ssh_access=1"')[2] == 0
    assert asyncssh_run(as_user(estate, "gui", "Gui12345"), "whoami")[0] == "gui\n"
    run(estate, "rmhmcusr -u gui")
    # the HMC's own SSH switch: the open session goes on; new connections are closed
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    host = estate.host("hmc1")
    client.connect(host.address, port=host.port, username=host.username, password=host.password,
                   look_for_keys=False, allow_agent=False, timeout=10)
    try:
        _, out, _ = client.exec_command("chhmc -c ssh -s disable; lshmc -r -F ssh")
        assert out.read().decode() == "disable\n"
        # sshd is off: a new connection is closed before the SSH banner [I: the real port refuses]
        with pytest.raises((asyncssh.Error, OSError)) as failed:
            asyncssh_run(host, "whoami")
        assert not isinstance(failed.value, asyncssh.PermissionDenied)
        # the session that turned it off goes on
        _, out, _ = client.exec_command("lshmc -r -F ssh")
        assert out.read().decode() == "disable\n"
    finally:
        # the lever an administrator has on the console: here the world itself
        estate.call(lambda: estate.world.hmcs["hmc1"].console.remote.__setitem__("ssh", "enable"))
        client.close()
    assert run(estate, "lshmc -r -F ssh")[0] == "enable\n"


def test_password_policy_refuses_a_weak_password_and_nothing_changes(estate):
    assert run(estate, 'mkpwdpolicy -i "name=strict,min_length=10,min_digits=2,min_uppercase_chars=1"')[2] == 0
    assert run(estate, "chpwdpolicy -o a -n strict")[2] == 0
    try:
        assert run(estate, "lspwdpolicy -t s")[0] == "active=1,active_policy_name=strict\n"
        out, _, rc = run(estate, "mkhmcusr -u weak -a hmcviewer --passwd short1")
        assert rc == 1 and out.startswith("HSCL3565 The password does not meet the requirements of the active "
                                          "password policy strict: at least 10 characters, at least 2 digits")
        assert run(estate, "lshmcusr --filter names=weak")[0] == "No results were found.\n"
        assert refused_login(estate, "weak", "short1")
        assert run(estate, "mkhmcusr -u strong -a hmcviewer --passwd Long3nough9")[2] == 0
        assert asyncssh_run(as_user(estate, "strong", "Long3nough9"), "whoami")[0] == "strong\n"
        # a policy-breaking change of password leaves the old one working
        assert run(estate, "chhmcusr -u strong -t passwd -v weakpw")[2] == 1
        assert asyncssh_run(as_user(estate, "strong", "Long3nough9"), "whoami")[0] == "strong\n"
        # the active policy cannot be removed
        assert run(estate, "rmpwdpolicy -n strict")[2] == 1
    finally:
        run(estate, "chpwdpolicy -o d")
        run(estate, "rmpwdpolicy -n strict")
        run(estate, "rmhmcusr -u strong")
    assert run(estate, "lspwdpolicy -t p")[0] == "No results were found.\n"


CHANGES = [
    "chhmc -c ssh -s disable",
    "chhmc -c xntp -s add -a 10.1.1.1",
    "chhmc -c network -s modify -i eth0 --lparcomm on",
    "mkhmcusr -u x1 -a hmcviewer --passwd Abcdef123",
    "chhmcusr -u hscroot -t desc -v changed",
    "chhmcusr -u hscroot -t passwd -v Other1234",
    'chhmcusr -i "name=viewer,passwd=Other1234,taskrole=hmcsuperadmin"',
    "rmhmcusr -u hscroot",
    'mkpwdpolicy -i "name=p1,min_length=9"',
    "chpwdpolicy -o a -n p1",
    "chpwdpolicy -o d",
    "rmpwdpolicy -n p1",
    "chhmcldap -o s --primary ldap://ldap.example.com --basedn dc=example,dc=com",
    "chhmcldap -o r -r ldap",
    "chled -m sys -r sa -o on",
    "chsvcevent -p 1 -h hmc1 -o close",
]


@pytest.mark.parametrize("line", CHANGES)
def test_hmcviewer_is_refused_every_console_change_over_ssh(estate, line):
    if run(estate, "lshmcusr --filter names=viewer -F name")[0] != "viewer\n":
        assert run(estate, "mkhmcusr -u viewer -a hmcviewer --passwd View12345")[2] == 0
    before = estate.call(lambda: estate.world.hmcs["hmc1"].to_dict())
    out, err, rc = run(estate, line, "viewer", "View12345")
    assert (out, err, rc) == (DENIED, "", 1)
    assert estate.call(lambda: estate.world.hmcs["hmc1"].to_dict()) == before
    # and the viewer still reads
    assert run(estate, "lshmc -r -F ssh", "viewer", "View12345") == ("enable\n", "", 0)


def test_a_session_open_when_its_user_is_removed_changes_nothing_more(estate):
    assert run(estate, "mkhmcusr -u leaving -a hmcsuperadmin --passwd Leave1234")[2] == 0
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    host = as_user(estate, "leaving", "Leave1234")
    client.connect(host.address, port=host.port, username=host.username, password=host.password,
                   look_for_keys=False, allow_agent=False, timeout=10)
    try:
        assert run(estate, "rmhmcusr -u leaving")[2] == 0
        _, out, _ = client.exec_command("mkhmcusr -u sneaky -a hmcsuperadmin --passwd Sneak1234")
        assert out.read().decode() == DENIED  # [I] the real HMC may end the session instead
        assert run(estate, "lshmcusr --filter names=sneaky")[0] == "No results were found.\n"
    finally:
        client.close()


def test_builtin_hmc_console_estate_users_log_in_with_their_roles(estate_factory):
    est = estate_factory("hmc-console")
    # the operator may run partitions but not manage users; the estate behind the console is healthy
    out, _, rc = run(est, "lssyscfg -r lpar -m Server-8286-42A-SN2112ABC -F name:rmc_state", "operator1", "Operat0r1")
    assert (out, rc) == ("lpar1:active\nlpar2:active\n", 0)
    assert run(est, "rmhmcusr -u viewer1", "operator1", "Operat0r1")[:3:2] == (DENIED, 1)
    # the site policy holds for a new password (min_length 9, a digit, an uppercase letter)
    out, _, rc = run(est, "chhmcusr -u viewer1 -t passwd -v short")
    assert rc == 1 and "password policy site" in out
    assert run(est, "lssvcevents -t hardware --filter status=open -F problem_num")[0] == "2\n1\n"


def test_an_expired_password_shuts_the_user_out_until_it_is_changed(estate):
    assert run(estate, "mkhmcusr -u aging -a hmcviewer --passwd Aging1234 -M 2")[2] == 0
    assert run(estate, "lshmcusr --filter names=aging -F pwage")[0] == "2\n"
    estate.advance(86400)  # a day later, on the world's clock
    assert asyncssh_run(as_user(estate, "aging", "Aging1234"), "whoami")[0] == "aging\n"
    estate.advance(2 * 86400)
    assert refused_login(estate, "aging", "Aging1234")
    assert run(estate, "chhmcusr -u aging -t passwd -v Renewed123")[2] == 0
    assert asyncssh_run(as_user(estate, "aging", "Renewed123"), "whoami")[0] == "aging\n"
    run(estate, "rmhmcusr -u aging")


def test_any_role_changes_its_own_password_and_only_that(estate):
    """[V] every predefined role holds ChangeUserPasswords, only hmcsuperadmin ManageHMCUser (a V8
    HMC's lsaccfg -t taskrole)."""
    assert run(estate, "mkhmcusr -u selfpw -a hmcviewer --passwd First1234")[2] == 0
    out, _, rc = run(estate, "chhmcusr -u selfpw -t passwd -v Second123", "selfpw", "First1234")
    assert (out, rc) == ("", 0)
    assert refused_login(estate, "selfpw", "First1234")
    out, _, rc = run(estate, 'chhmcusr -i "name=selfpw,passwd=Third1234,current_passwd=Second123"',
                     "selfpw", "Second123")
    assert (out, rc) == ("", 0)
    assert run(estate, "chhmcusr -u selfpw -t taskrole -v hmcsuperadmin", "selfpw", "Third1234")[:3:2] == (DENIED, 1)
    assert run(estate, "lshmcusr --filter names=selfpw -F taskrole")[0] == "hmcviewer\n"
    run(estate, "rmhmcusr -u selfpw")
