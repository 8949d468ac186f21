"""Ansible (ansible-core from the test extras) against a fake partition with a plain inventory: `script`
copies a shell script there (SFTP) and runs it, the script calls lssrc and df and writes a file, and a
later `raw` reads that file back. Neither module needs Python on the target, so nothing is faked for it.

Connections: ansible's `paramiko` plugin with ansible_password, and its default `ssh` plugin (OpenSSH,
ControlMaster multiplexing, SFTP transfers) with a key, since a password there would need sshpass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from tests.conftest import require_binary

SCRIPT = """#!/bin/sh
out=/tmp/ansible-check.txt
lssrc -g rsct_rm > $out || exit 3
df -g /var >> $out
echo "script ran on $(hostname)"
"""

PLAYBOOK = """- hosts: aix
  gather_facts: false
  tasks:
    - name: copy and run a shell script (ansible.builtin.script)
      script: check.sh
      register: ran
    - name: read what it wrote (ansible.builtin.raw)
      raw: cat /tmp/ansible-check.txt
      register: back
    - name: what the controller saw
      assert:
        that:
          - ran.rc == 0
          - "'script ran on lpar1' in ran.stdout"
          - back.rc == 0
          - "' IBM.DRM          rsct_rm ' in back.stdout"
          - "'/dev/hd9var' in back.stdout"
    - name: a failing command keeps its exit status
      raw: ls /nonexistent
      register: missing
      failed_when: missing.rc != 2
"""


def _ansible_playbook() -> str:
    path = Path(sys.executable).parent / "ansible-playbook"
    if not path.exists():
        msg = "ansible-core not installed: pip install -e '.[test]'"
        if os.environ.get("FAKEHMC_REQUIRE_CLIENTS"):
            pytest.fail(msg)
        pytest.skip(msg)
    return str(path)


@pytest.mark.parametrize("connection", ["paramiko", "ssh"])
def test_ansible_script_then_raw_on_a_partition(estate_factory, tmp_path, connection):
    playbook = _ansible_playbook()
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    (tmp_path / "check.sh").write_text(SCRIPT)
    (tmp_path / "site.yml").write_text(PLAYBOOK)
    if connection == "paramiko":
        auth = f"ansible_password={lpar.password} ansible_connection=paramiko"
    else:
        require_binary("ssh", "openssh-client")
        key = asyncssh.generate_private_key("ssh-ed25519")
        key.write_private_key(str(tmp_path / "id"))
        (tmp_path / "id").chmod(0o600)
        public = key.export_public_key().decode().strip()
        est.call(lambda: est.world.host("lpar1").partition.os.authorized_keys.setdefault("root", []).append(public))
        auth = f"ansible_ssh_private_key_file={tmp_path / 'id'} ansible_connection=ssh"
    (tmp_path / "inventory").write_text(
        "[aix]\n"
        f"lpar1 ansible_host={lpar.address} ansible_port={lpar.port} ansible_user={lpar.username} {auth}\n")
    env = dict(os.environ, HOME=str(tmp_path), ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"),
               ANSIBLE_SSH_CONTROL_PATH_DIR=str(tmp_path / "cp"),
               ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_PARAMIKO_LOOK_FOR_KEYS="False",
               ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="False", ANSIBLE_CONFIG=str(tmp_path / "none.cfg"))
    r = subprocess.run([playbook, "-i", str(tmp_path / "inventory"), str(tmp_path / "site.yml")],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok=4" in r.stdout and "failed=0" in r.stdout

    def seen():
        os_ = est.world.host("lpar1").partition.os
        entries = [(e.channel, e.command) for e in est.world.transcript]
        return os_.files.get("/tmp/ansible-check.txt"), entries, [p for p in os_.files if "/.ansible/" in p]

    report, entries, leftovers = est.call(seen)
    assert report.startswith("Subsystem         Group            PID          Status\n")
    # the script reached the partition by SFTP, ran there, and ansible cleaned its temporary directory
    assert any(ch == "sftp" and cmd.endswith("/check.sh (%d bytes)" % len(SCRIPT)) for ch, cmd in entries)
    assert any("/check.sh" in cmd and ch.startswith("exec") and "chmod" not in cmd for ch, cmd in entries)
    assert leftovers == []
