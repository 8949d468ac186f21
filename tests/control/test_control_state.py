"""State: dump and load, named snapshots (in memory and in the state dir), and a server killed with
SIGKILL right after a DLPAR reply restarting with the change."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from harness.runtime.embedded import HostInfo
from tests.control.controlhelp import call, cli
from tests.sshclients import asyncssh_run

SYSTEM = "Server-8286-42A-SN2112ABC"
ADD = f"chhwres -r mem -m {SYSTEM} -o a -p lpar1 -q 512"
CURR = f'lshwres -r mem -m {SYSTEM} --level lpar --filter "lpar_names=lpar1" -F curr_mem'


def test_snapshot_restore_dump_load(estate_factory, tmp_path, capsys):
    est = estate_factory("healthy", state_dir=tmp_path / "state")
    url = est.estate.control_url
    hmc = est.host("hmc1")
    before = int(asyncssh_run(hmc, CURR)[0])
    assert call(url + "/state/snapshot", "POST", {"name": "clean"})[0] == 201
    assert (tmp_path / "state" / "snapshots" / "clean.json").exists()
    assert cli(est, "state", "dump", str(tmp_path / "clean.json"), capsys=capsys)[0] == 0

    assert asyncssh_run(hmc, ADD)[2] == 0
    call(url + "/faults", "POST", {"rule": {"command": "lshmc*", "output": "x"}})
    est.advance(600)
    assert int(asyncssh_run(hmc, CURR)[0]) == before + 512

    assert call(url + "/state/restore", "POST", {"name": "clean"})[0] == 200
    assert int(asyncssh_run(hmc, CURR)[0]) == before
    assert call(url + "/clock")[1]["now"] == 0 and call(url + "/faults")[1]["rules"] == []

    asyncssh_run(hmc, ADD)
    rc, out = cli(est, "state", "load", str(tmp_path / "clean.json"), capsys=capsys)
    assert rc == 0 and out.startswith("loaded healthy at ")
    assert int(asyncssh_run(hmc, CURR)[0]) == before
    dumped = json.loads((tmp_path / "clean.json").read_text())
    assert call(url + "/state")[1]["systems"] == dumped["systems"]
    est.call(est.estate.snapshots.clear)  # a snapshot kept only on disk is found there
    assert call(url + "/state/restore", "POST", {"name": "clean"})[0] == 200


def _start(state_dir: Path, ready: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "harness.cli", "up", "--scenario", "healthy",
                             "--state-dir", str(state_dir), "--clock-scale", "0", "--listen", "127.0.0.1",
                             "--port", "0", "--ready-file", str(ready)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not ready.exists():  # a short real wait for the process to start
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    return proc


def _hmc(ready: Path) -> HostInfo:
    doc = json.loads(ready.read_text())
    return HostInfo(**next(h for h in doc["hosts"] if h["name"] == "hmc1"))


def test_sigkill_right_after_a_dlpar_reply_loses_nothing(tmp_path, key_dir):
    state, ready = tmp_path / "state", tmp_path / "ready.json"
    shutil.copytree(key_dir, state)  # reuse the session's host keys: RSA generation is slow
    proc = _start(state, ready)
    try:
        hmc = _hmc(ready)
        before = int(asyncssh_run(hmc, CURR)[0])
        assert asyncssh_run(hmc, ADD) == ("", "", 0)
        os.kill(proc.pid, signal.SIGKILL)  # the reply is in: the change must already be on disk
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    ready.unlink()  # a killed server leaves its ready file behind
    proc = _start(state, ready)
    try:
        hmc = _hmc(ready)
        assert int(asyncssh_run(hmc, CURR)[0]) == before + 512
        transcript = call(json.loads(ready.read_text())["control"] + "/transcript?host=hmc1")[1]
        assert [e["command"] for e in transcript][:2] == [CURR, ADD]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
