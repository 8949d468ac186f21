"""Both example tools certified once per session, through the command line, with both reports."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from certify_support import ROOT, SCENARIOS, TOOLS, certify_command

from tests.conftest import require_binary


@dataclass
class Certified:
    proc: subprocess.CompletedProcess
    junit: Path
    html: Path


@pytest.fixture(scope="session")
def certified(tmp_path_factory, key_dir) -> dict[str, Certified]:
    require_binary("sshpass")  # the naive example tool logs in with sshpass and ssh
    require_binary("ssh", "openssh-client")
    out = {}
    for name, tool in TOOLS.items():
        d = tmp_path_factory.mktemp(f"certify-{name}")
        cmd = [*certify_command(), "--tool", tool, "--scenarios", ",".join(SCENARIOS), "--junit", str(d / "r.xml"),
               "--html", str(d / "r.html"), "--timeout", "60", "--key-dir", str(key_dir)]
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300, cwd=ROOT)
        out[name] = Certified(proc, d / "r.xml", d / "r.html")
    return out
