"""fakehmc bundle -> fakehmc up --from: the world comes back exactly (dump, clock, faults, transcript)."""

from __future__ import annotations

import json
import tarfile
import urllib.request

from harness.capture.bundle import apply_bundle, load_bundle
from harness.capture.cli import main
from harness.runtime.embedded import EstateConfig
from harness.runtime.thread import EstateThread
from tests.sshclients import asyncssh_run

SYS = "Server-9117-MMB-SN10284FP"


def _api(est, method: str, path: str, body=None):
    req = urllib.request.Request(est.estate.control_url + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


COMMANDS = {"hmc1": ["lspartition -dlpar", f"lshwres -r mem -m {SYS} --level lpar -F lpar_name,curr_mem",
                     f"lssyscfg -r lpar -m {SYS} -F name,state,rmc_state", "date"],
            "lpar22": ["df -k /var", "lssrc -g rsct"]}


def test_bundle_brings_the_world_back(estate_factory, key_dir, tmp_path):
    a = estate_factory("seed-lpar30")
    hmc = a.host("hmc1")
    assert asyncssh_run(hmc, f"chhwres -r mem -m {SYS} -o a -p lpar21 -q 1024")[2] == 0
    _api(a, "POST", "/faults", {"cause": "var_full", "target": "lpar22"})
    _api(a, "POST", "/faults", {"rule": {"host": "hmc1", "command": "chhwres *", "action": "error",
                                         "output": "HSCL1234 no", "exit_code": 1}})
    _api(a, "POST", "/clock/advance", {"seconds": 600})
    out = tmp_path / "bug.tar.gz"
    assert main(["bundle", "--control", a.estate.control_url, "-o", str(out)]) == 0
    before = _api(a, "GET", "/state")

    with tarfile.open(out) as tar:
        names = {m.name for m in tar.getmembers()}
        manifest = json.load(tar.extractfile("bundle/manifest.json"))
    assert {"bundle/state.json", "bundle/scenario.toml", "bundle/faults.json", "bundle/transcript.json"} <= names
    assert manifest["versions"]["hmc"] == {"hmc1": "V7"} and manifest["versions"]["asyncssh"]
    _, overrides = load_bundle(out)
    assert overrides == {"scenario": "seed-lpar30"}

    config = EstateConfig(scenario="healthy", port=0, clock_scale=0, control_port=0, key_dir=key_dir)
    apply_bundle(config, out)  # what `fakehmc up --from` does
    b = EstateThread(config).start()
    try:
        assert _api(b, "GET", "/state") == before
        assert _api(b, "GET", "/clock") == _api(a, "GET", "/clock")
        assert _api(b, "GET", "/faults") == _api(a, "GET", "/faults")
        for host, commands in COMMANDS.items():
            for c in commands:
                assert asyncssh_run(b.host(host), c) == asyncssh_run(a.host(host), c), c
        assert asyncssh_run(b.host("hmc1"), f"chhwres -r mem -m {SYS} -o a -p lpar22 -q 256")[0] == "HSCL1234 no\n"
        _api(b, "POST", "/reset")  # reset goes back to the bundled scenario's start
        assert _api(b, "GET", "/state")["scenario"] == "seed-lpar30"
    finally:
        b.stop()


def test_up_from_option_parses():
    import argparse

    from harness.capture.cli import add_up_arguments

    p = argparse.ArgumentParser()
    add_up_arguments(p)
    assert str(p.parse_args(["--from", "bug.tar.gz"]).from_bundle) == "bug.tar.gz"


def test_not_a_bundle(tmp_path):
    import pytest

    from harness.capture.bundle import BundleError

    (tmp_path / "x.tar.gz").write_text("nope")
    with pytest.raises(BundleError, match="x.tar.gz"):
        load_bundle(tmp_path / "x.tar.gz")


def test_fakehmc_up_from_bundle_cli(estate_factory, tmp_path):
    """The real front door: `fakehmc up --from BUNDLE` in a subprocess serves the bundled world."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from harness.runtime.embedded import HostInfo

    a = estate_factory("seed-lpar30")
    assert asyncssh_run(a.host("hmc1"), f"chhwres -r mem -m {SYS} -o a -p lpar21 -q 1024")[2] == 0
    out = tmp_path / "bug.tar.gz"
    assert main(["bundle", "--control", a.estate.control_url, "-o", str(out)]) == 0
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen([sys.executable, "-m", "harness.cli", "up", "--from", str(out), "--listen", "127.0.0.1",
                             "--port", "0", "--clock-scale", "0", "--ready-file", str(ready),
                             "--state-dir", str(tmp_path / "state")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        hosts = {h["name"]: HostInfo(**h) for h in json.loads(ready.read_text())["hosts"]}
        cmd = f"lshwres -r mem -m {SYS} --level lpar --filter lpar_names=lpar21 -F curr_mem"
        assert asyncssh_run(hosts["hmc1"], cmd) == asyncssh_run(a.host("hmc1"), cmd)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
