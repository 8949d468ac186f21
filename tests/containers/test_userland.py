"""Partition containers with a real userland (``--userland real``): the seed's estate (seed-lpar30) where
each AIX/VIOS partition runs a real OpenSSH server, ksh93 and Python 3, and its AIX commands are shims
that ask the engine. A copied Python agent and Ansible run there for real; the HMC sees what they repair.

One estate for the module (clock frozen: only POST /clock/advance moves it); the tests run in order.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import asyncssh
import pytest

from harness.runtime.containers import ContainerEstate, leftovers
from harness.runtime.embedded import HostInfo
from tests.conftest import require_binary, unavailable
from tests.containers.conftest import estate_id

SYSTEM = "Server-9117-MMB-SN10284FP"
RMCCTRL = "/usr/sbin/rsct/bin/rmcctrl"


def ssh(host: HostInfo, command: str, address: str | None = None, port: int | None = None,
        timeout: float = 60) -> tuple[str, str, int]:
    async def go():
        async with asyncssh.connect(address or host.address, port=port or host.port, username=host.username,
                                    password=host.password, known_hosts=None, client_keys=None,
                                    connect_timeout=timeout) as conn:
            r = await conn.run(command)
            return r.stdout, r.stderr, r.exit_status

    return asyncio.run(asyncio.wait_for(go(), timeout))


def put(host: HostInfo, local: Path, remote: str, how: str) -> None:
    async def go():
        async with asyncssh.connect(host.address, username=host.username, password=host.password,
                                    known_hosts=None, client_keys=None) as conn:
            if how == "sftp":
                async with conn.start_sftp_client() as sftp:
                    await sftp.put(str(local), remote)
            else:
                await asyncssh.scp(str(local), (conn, remote))

    asyncio.run(asyncio.wait_for(go(), 60))


def embedded(estate: ContainerEstate, name: str, command: str) -> tuple[str, str, int]:
    """The same command through the embedded fake's SSH for the same world (the engine's own port)."""
    address, port = estate.console(name)
    return ssh(estate.host(name), command, address, port)


def rmc_state(estate: ContainerEstate, lpar: str) -> str:
    out, _, rc = ssh(estate.hmc, f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names={lpar} -F rmc_state")
    assert rc == 0, out
    return out.strip()


def dlpar_entry(estate: ContainerEstate, lpar_id: int) -> str:
    """The partition's two lines of `lspartition -dlpar` on the HMC ("" when it is not listed)."""
    out, _, rc = ssh(estate.hmc, "lspartition -dlpar")
    assert rc == 0, out
    lines = out.splitlines()
    i = next((n for n, line in enumerate(lines) if line.startswith("<#") and f":<{lpar_id}*" in line), None)
    return "" if i is None else "\n".join(lines[i:i + 2])


@pytest.fixture(scope="module")
def estate(image, userland_image):
    started = time.monotonic()
    est = ContainerEstate("seed-lpar30", image=image, userland_image=userland_image, userland="real",
                          clock_scale=0, estate_id=estate_id("u"))
    est.up()
    print(f"\n[containers] userland estate up, all healthy in {time.monotonic() - started:.1f}s ({est.timings})")
    yield est
    removed = est.down()
    assert len(removed["containers"]) == 8 and len(removed["networks"]) == 2
    assert leftovers(est.client, est.id) == {"containers": [], "networks": []}


def test_partition_runs_python_ksh_and_a_copied_script(estate, tmp_path):
    lpar = estate.host("lpar30")
    out, err, rc = ssh(lpar, "python3 -c 'import sys; print(sys.executable, sys.version_info[:2])'")
    assert (out, rc) == ("/usr/bin/python3 (3, 11)\n", 0), err
    out, _, rc = ssh(lpar, 'echo "$0" ${.sh.version}; readlink -f /bin/sh /usr/bin/ksh')
    assert rc == 0 and "93u+m" in out and out.splitlines()[1:] == ["/usr/bin/ksh93", "/usr/bin/ksh93"], out
    script = tmp_path / "count.py"
    script.write_text("import os, sys\nprint(sum(range(int(sys.argv[1]))), os.getcwd(), os.uname().sysname)\n")
    for how in ("sftp", "scp"):
        put(lpar, script, f"/tmp/count-{how}.py", how)
        out, err, rc = ssh(lpar, f"cd /tmp && python3 count-{how}.py 10")
        assert (out, rc) == ("45 /tmp Linux\n", 0), err  # a real program sees the real kernel...
    out, _, rc = ssh(lpar, "python3 -c 'import subprocess; print(subprocess.run([\"uname\"], "
                           "capture_output=True, text=True).stdout, end=\"\")'")
    assert (out, rc) == ("AIX\n", 0)  # ...and AIX through the commands it runs


@pytest.mark.parametrize("command", ["lssrc -g rsct_rm", "df -g /var", "uname -a", "ps -ef", "ifconfig -a",
                                     "netstat -rn", "mount", f"{RMCCTRL} -Q", "/usr/bin/df -k /tmp",
                                     "lsvg -l rootvg", "oslevel -s", "lsrsrc IBM.ManagementServer"])
def test_aix_commands_answer_as_the_embedded_fake(estate, command):
    """Byte for byte what an SSH client of the embedded fake gets for the same world, Linux twins included.
    (An unknown command is the real ksh93's business here: "ksh: nosuch: not found", not AIX ksh88's
    "ksh: nosuch:  not found." of the embedded fake: a known difference, docs/containers.md.)"""
    assert ssh(estate.host("lpar30"), command) == embedded(estate, "lpar30", command)


def test_padmin_on_a_vios_container(estate):
    vios = estate.host("vios1")
    assert vios.username == "padmin"
    for command in ("ioslevel", "lsmap -all", "lsdev -virtual"):
        assert ssh(vios, command) == embedded(estate, "vios1", command), command
    out, _, rc = ssh(vios, "python3 -c 'print(42)'")
    assert (out, rc) == ("42\n", 0)


AGENT = '''"""A tool's agent: checks RSCT and /var, grows a full /var and restarts RMC (runs on the partition)."""
import subprocess
import sys


def run(*argv):
    p = subprocess.run(argv, capture_output=True, text=True)
    print(f"$ {' '.join(argv)} -> {p.returncode}")
    return p


lssrc = run("lssrc", "-g", "rsct_rm")
print("inoperative:", sum(" inoperative" in line for line in lssrc.stdout.splitlines()))
used = int(run("df", "-g", "/var").stdout.splitlines()[1].split()[3].rstrip("%"))
print(f"/var used {used}%")
if used >= 95:
    if run("chfs", "-a", "size=+1G", "/var").returncode != 0:
        sys.exit(1)
    for flag in ("-z", "-A", "-p"):
        if run("/usr/sbin/rsct/bin/rmcctrl", flag).returncode != 0:
            sys.exit(2)
print("after:", run("df", "-g", "/var").stdout.splitlines()[1].split()[3])
'''


def test_a_copied_agent_repairs_var_full_and_the_hmc_sees_it(estate, tmp_path):
    lpar = estate.host("lpar21")
    estate.control("POST", "/faults", {"cause": "var_full", "target": "lpar21"})
    estate.advance(420)
    assert rmc_state(estate, "lpar21") == "inactive"
    assert "Active:<1>" not in dlpar_entry(estate, 21)
    agent = tmp_path / "agent.py"
    agent.write_text(AGENT)
    put(lpar, agent, "/tmp/agent.py", "sftp")
    out, err, rc = ssh(lpar, "python3 /tmp/agent.py")
    assert rc == 0, out + err
    assert "/var used 100%\n" in out and "$ chfs -a size=+1G /var -> 0\n" in out and "after: 34%\n" in out, out
    assert "inoperative: 6\n" in out
    transcript = estate.control("GET", "/transcript?host=lpar21")
    commands = [e["command"] for e in transcript if e["channel"] == "userland"]
    assert [c for c in commands if c.startswith(("chfs", RMCCTRL))][-4:] == [
        "chfs -a size=+1G /var", f"{RMCCTRL} -z", f"{RMCCTRL} -A", f"{RMCCTRL} -p"]
    assert rmc_state(estate, "lpar21") == "inactive"  # not before the management-domain RM polls
    estate.advance(420)
    assert rmc_state(estate, "lpar21") == "active"
    entry = dlpar_entry(estate, 21)
    assert "Active:<1>" in entry and "DCaps:<0x0>" not in entry, entry


# ---- Ansible -------------------------------------------------------------------------------------
def ansible_playbook() -> str:
    path = Path(sys.executable).parent / "ansible-playbook"
    if not path.exists():
        unavailable("ansible-core is missing (pip install -e '.[test]')")
    require_binary("sshpass")  # password logins of Ansible's ssh connection
    return str(path)


@pytest.fixture(scope="module")
def inventory(estate, tmp_path_factory) -> Path:
    out = subprocess.run([sys.executable, "-m", "harness.cli", "inventory", "--ansible", "--estate-id", estate.id],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    path = tmp_path_factory.mktemp("ansible") / "inventory.ini"
    path.write_text(out)
    return path


# ansible-core's own stdout callbacks print text (the json one lives in the ansible.posix collection):
# this one prints every task result of every host as one JSON document
CALLBACK = """
import json
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "fakehmc_results"

    def __init__(self):
        super().__init__()
        self.results = []

    def _keep(self, result, **kwargs):
        self.results.append({"host": result._host.get_name(), "task": result._task.get_name(),
                             "result": result._result})

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_unreachable = _keep

    def v2_playbook_on_stats(self, stats):
        self._display.display(json.dumps(self.results, default=str))
"""


def play(inventory: Path, text: str) -> list[dict]:
    """Run a playbook; every task's result as Ansible reports it, in order."""
    here = inventory.parent
    (here / "play.yml").write_text(text)
    (here / "callbacks").mkdir(exist_ok=True)
    (here / "callbacks" / "fakehmc_results.py").write_text(CALLBACK)
    config = here / "ansible.cfg"  # this one, not a user's or /etc/ansible's
    config.write_text("[defaults]\n")
    env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="fakehmc_results", ANSIBLE_CALLBACK_PLUGINS=str(here / "callbacks"),
               ANSIBLE_LOCAL_TEMP=str(here / "tmp"), ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_CONFIG=str(config))
    proc = subprocess.run([ansible_playbook(), "-i", str(inventory), str(here / "play.yml")], capture_output=True,
                          text=True, cwd=here, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def results(report: list[dict], host: str) -> list[dict]:
    return [r["result"] for r in report if r["host"] == host]


def test_inventory_lists_the_partitions(inventory, estate):
    text = inventory.read_text()
    for h in estate.hosts:
        line = f"{h.name} ansible_host={h.address} ansible_user={h.username} ansible_password={h.password}\n"
        assert (line in text) == (h.kind != "hmc"), h.name
    assert "\n[vios]\nvios1 " in text and "ansible_python_interpreter=/usr/bin/python3\n" in text


def test_ansible_modules_run_on_a_partition(inventory, estate):
    (inventory.parent / "probe.sh").write_text('#!/bin/sh\necho "shell ${.sh.version}"\nuname -s\n'
                                               'python3 -c "print(6 * 7)"\n')
    report = play(inventory, """
- hosts: lpar22
  gather_facts: false
  tasks:
    - ping:
    - command: lssrc -g rsct_rm
    - shell: df -g /var | tail -1
    - copy: {content: "hello from ansible\\n", dest: /tmp/copied.txt}
    - fetch: {src: /tmp/copied.txt, dest: "{{ playbook_dir }}/fetched/", flat: true}
    - script: probe.sh
""")
    ping, command, shell, copy, fetch, script = results(report, "lpar22")
    assert ping["ping"] == "pong"
    lssrc, _, _ = embedded(estate, "lpar22", "lssrc -g rsct_rm")
    assert (command["stdout"] + "\n", command["rc"]) == (lssrc, 0)
    assert shell["stdout"] == embedded(estate, "lpar22", "df -g /var")[0].splitlines()[-1]
    assert copy["changed"] and fetch["changed"]
    assert (inventory.parent / "fetched" / "copied.txt").read_text() == "hello from ansible\n"
    assert script["rc"] == 0 and "93u+m" in script["stdout"] and script["stdout_lines"][-2:] == ["AIX", "42"]


def test_ansible_rmcctrl_repairs_rmc_stopped(inventory, estate):
    estate.control("POST", "/faults", {"cause": "rmc_stopped", "target": "lpar23"})
    estate.advance(420)
    assert rmc_state(estate, "lpar23") == "inactive"
    report = play(inventory, f"""
- hosts: lpar23
  gather_facts: false
  tasks:
    - command: {RMCCTRL} -z
    - command: {RMCCTRL} -A
    - command: {RMCCTRL} -p
""")
    z, a, p = results(report, "lpar23")
    assert (z["rc"], a["rc"], p["rc"]) == (0, 0, 0)
    assert a["stdout_lines"][0] == "0513-071 The ctrmc Subsystem has been added."
    estate.advance(420)
    assert rmc_state(estate, "lpar23") == "active"


def test_the_hmc_container_stays_an_hmc(estate):
    hmc = estate.hmc
    info = estate.client.api.inspect_container(estate.container_name(hmc.name))
    assert info["Config"]["Image"] == estate.image and "fakehmc.userland" not in info["Config"]["Labels"]

    async def sftp():
        async with asyncssh.connect(hmc.address, username=hmc.username, password=hmc.password,
                                    known_hosts=None, client_keys=None) as conn:
            async with conn.start_sftp_client():
                pass

    with pytest.raises((asyncssh.Error, OSError)):
        asyncio.run(asyncio.wait_for(sftp(), 60))
    command = "python3 -c 'print(1)'"  # the restricted shell of the embedded fake, not a Linux
    answer = ssh(hmc, command)
    assert answer[2] == 127 and "python3" in answer[1] and answer == embedded(estate, "hmc1", command)
