"""`fakehmc up` as `make run` starts it: the installed console script in a subprocess, read through what
it prints, its ready file and its control API (not through the in-process world)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_DEADLINE = 180  # real seconds; generous so that a loaded machine still starts it


@dataclass
class Running:
    proc: subprocess.Popen
    banner: list[str]  # what `fakehmc up` printed, up to and including its "ready file:" line
    ready_file: Path
    doc: dict  # the ready file's JSON: hosts and control URL

    def host(self, name: str) -> dict:
        return next(h for h in self.doc["hosts"] if h["name"] == name)

    def control(self, path: str) -> dict:
        with urllib.request.urlopen(self.doc["control"] + path, timeout=60) as r:
            return json.loads(r.read())


@contextmanager
def fakehmc_up(workdir: Path, *args: str) -> Iterator[Running]:
    exe = Path(sys.executable).with_name("fakehmc")
    assert exe.exists(), f"no fakehmc console script next to {sys.executable}"
    ready = workdir / "ready.json"
    argv = [str(exe), "up", "--port", "0", "--state-dir", str(workdir / "state"), "--ready-file", str(ready), *args]
    proc = subprocess.Popen(argv, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner: list[str] = []
        deadline = time.monotonic() + STARTUP_DEADLINE
        while not (banner and banner[-1].startswith("ready file:")):
            line = proc.stdout.readline()
            assert line, f"fakehmc up ended before it was ready: {proc.wait(10)} {proc.stderr.read()}"
            assert time.monotonic() < deadline, "fakehmc up did not get ready"
            banner.append(line.rstrip("\n"))
        yield Running(proc, banner, ready, json.loads(ready.read_text()))
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
