"""The real-userland machinery without Docker: the shim manifest derived from the registries, the
scenario's ``userland`` key, the inventory's text, and the engine's exec endpoint against an embedded
estate (same answer as an SSH client gets, a per-host token, the transcript)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from harness.runtime.inventory import Node, render_ini, render_yaml
from harness.runtime.registries import own_registry
from harness.runtime.userland import CHANNEL, TOKEN_HEADER, ExecServer, exec_token, shim_manifest
from harness.runtime.userland_guest import command_word
from harness.scenario.builder import ScenarioError
from tests.sshclients import asyncssh_run

SECRET = "control-token-for-the-test"


def test_every_aix_command_is_a_shim_but_the_shells_and_file_tools():
    manifest = shim_manifest()
    aix = manifest["aix"]["commands"]
    # the Linux twins answer in AIX's format, from the world
    for twin in ("df", "ps", "uname", "ifconfig", "netstat", "mount", "ping", "hostname", "id"):
        assert twin in aix, twin
    assert "/usr/sbin/rsct/bin/rmcctrl" in aix["rmcctrl"] and "/usr/bin/lssrc" in aix["lssrc"]
    assert "/usr/sbin/rsct/install/bin/recfgct" in aix["recfgct"]
    # the container's own shells and real files
    for real in ("sh", "ksh", "ls", "cat", "cp", "mkdir", "chmod", "rm", "find", "tee", "tar"):
        assert real not in aix, real
    registry = {s.name for s in own_registry("aix").specs()}
    assert set(aix) <= registry and len(aix) >= len(registry) - 25  # derived, not a hand list
    vios = manifest["vios"]["commands"]
    assert {"lsmap", "ioslevel", "mkvdev"} <= set(vios) and set(aix) <= set(vios)
    assert "lsmap" not in aix


def test_a_shim_asks_by_name_on_path_and_by_aix_path_at_that_path():
    paths = {"/usr/sbin/rsct/bin/rmcctrl", "/usr/bin/df"}
    assert command_word("/usr/local/bin/lssrc", paths) == "lssrc"
    assert command_word("/usr/sbin/rsct/bin/rmcctrl", paths) == "/usr/sbin/rsct/bin/rmcctrl"
    assert command_word("/usr/bin/df", paths) == "/usr/bin/df"
    assert command_word("./ps", paths) == "ps"


def test_scenario_userland_key(tmp_path):
    from harness.runtime.containers import ContainerError, plan_estate

    base = (tmp_path / "u.toml")
    base.write_text('[scenario]\nname = "u"\nuserland = "real"\n[[system]]\nname = "S"\n'
                    '  [[system.partition]]\n  name = "lpar1"\n  id = 1\n')
    plan = plan_estate(str(base))
    assert plan.userland == "real"
    part = next(h for h in plan.hosts if h.name == "lpar1")
    assert plan.real_userland(part) and not plan.real_userland(plan.hmcs[0])
    assert [u["name"] for u in part.users] == ["root"] and part.users[0]["password"] == part.password
    env = plan.userland_env(part, SECRET)
    assert env["FAKEHMC_EXEC_TOKEN"] == exec_token(SECRET, "lpar1") != exec_token(SECRET, "hmc1")
    assert "FAKEHMC_EXEC_PORT" in plan.engine_env(0)
    assert plan_estate(str(base), userland="fake").userland == "fake"
    assert "FAKEHMC_EXEC_PORT" not in plan_estate(str(base), userland="fake").engine_env(0)
    with pytest.raises(ContainerError):
        plan_estate(str(base), userland="bogus")
    base.write_text(base.read_text().replace('"real"', '"linux"'))
    with pytest.raises(ScenarioError, match="userland"):
        plan_estate(str(base))


def test_inventory_text():
    found = [Node("e1", "lpar2", "aix", "10.0.0.12", "root", "pw 'x"), Node("e1", "vios1", "vios", "10.0.0.11",
                                                                             "padmin", "fakeaix")]
    ini = render_ini(found)
    assert "[aix]\nlpar2 ansible_host=10.0.0.12 ansible_user=root ansible_password='pw \\'x'\n" in ini
    assert "[vios]\nvios1 ansible_host=10.0.0.11 ansible_user=padmin ansible_password=fakeaix\n" in ini
    assert "ansible_python_interpreter=/usr/bin/python3\n" in ini
    doc = json.loads(render_yaml(found))
    assert doc["all"]["children"]["vios"]["hosts"]["vios1"]["ansible_host"] == "10.0.0.11"


@pytest.fixture(scope="module")
def served(request):
    from harness.runtime.embedded import EstateConfig
    from harness.runtime.thread import EstateThread

    key_dir = request.getfixturevalue("tmp_path_factory").mktemp("keys")
    est = EstateThread(EstateConfig(scenario="seed-lpar30", port=0, clock_scale=0, control_port=0,
                                    key_dir=key_dir)).start()
    server = ExecServer(est.estate, SECRET)
    port = est._submit(server.start("127.0.0.1", 0)).result(timeout=30)
    yield est, f"http://127.0.0.1:{port}/exec"
    est._submit(server.close()).result(timeout=30)
    est.stop()


def post(url: str, body: dict, token: str) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", TOKEN_HEADER: token})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.parametrize("command", ["lssrc -g rsct_rm", "df -g /var", "/usr/sbin/rsct/bin/rmcctrl -Q",
                                     "uname -a", "lsrsrc -x IBM.Bogus", "nosuchcmd"])
def test_exec_answers_as_ssh_does(served, command):
    est, url = served
    lpar = est.host("lpar30")
    status, answer = post(url, {"host": "lpar30", "user": "root", "cwd": "/", "command": command},
                          exec_token(SECRET, "lpar30"))
    assert status == 200
    out, err, rc = asyncssh_run(lpar, command)
    assert (answer["stdout"], answer["stderr"], answer["exit_code"]) == (out, err, rc)
    last = est.call(lambda: est.world.transcript[-2])  # the SSH run came after the exec
    assert (last.host, last.channel, last.command, last.exit_code) == ("lpar30", CHANNEL, command, rc)


def test_exec_needs_that_hosts_token(served):
    _, url = served
    body = {"host": "lpar30", "user": "root", "command": "recfgct"}
    assert post(url, body, exec_token(SECRET, "lpar21"))[0] == 403  # another partition's token
    assert post(url, body, exec_token("other-secret", "lpar30"))[0] == 403
    assert post(url, body, "")[0] == 403
    assert post(url, {"host": "hmc1", "user": "hscroot", "command": "lshmc -V"},
                exec_token(SECRET, "hmc1"))[0] == 404  # only partitions have shims
    assert post(url, {"nothing": 1}, exec_token(SECRET, "lpar30"))[0] == 400


def test_exec_passes_stdin_and_cwd_and_padmin_gets_ioscli(served):
    est, url = served
    status, answer = post(url, {"host": "vios1", "user": "padmin", "command": "ioslevel"},
                          exec_token(SECRET, "vios1"))
    assert status == 200 and answer["exit_code"] == 0
    assert answer["stdout"] == asyncssh_run(est.host("vios1"), "ioslevel")[0]
    _, as_root = post(url, {"host": "vios1", "user": "root", "command": "oslevel"}, exec_token(SECRET, "vios1"))
    status, answer = post(url, {"host": "vios1", "user": "padmin", "command": "oem_setup_env",
                                "stdin": "oslevel\n"}, exec_token(SECRET, "vios1"))
    assert status == 200 and as_root["exit_code"] == 0 and as_root["stdout"] in answer["stdout"]
    status, answer = post(url, {"host": "lpar30", "user": "root", "cwd": "/etc", "command": "pwd"},
                          exec_token(SECRET, "lpar30"))
    assert answer["stdout"] == "/etc\n"
    status, answer = post(url, {"host": "lpar30", "user": "root", "cwd": "/no/such/dir/in/aix", "command": "pwd"},
                          exec_token(SECRET, "lpar30"))
    assert answer["stdout"] == "/\n"
