"""The HTML report in a real browser: Debian's chromium, headless, renders the rows and the states."""

from __future__ import annotations

import re
import shutil
import subprocess

from certify_support import SCENARIOS

from tests.conftest import unavailable


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        unavailable("chromium not installed: apt-get install chromium")
    return path


def browse(html_path, *flags: str, cwd) -> subprocess.CompletedProcess:
    # a private profile: no state shared with other runs, nothing read from the user's browser
    return subprocess.run([chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                           f"--user-data-dir={cwd / 'profile'}", *flags, html_path.as_uri()],
                          check=False, capture_output=True, text=True, timeout=90, cwd=cwd)


def test_rendered_dom_has_every_row_and_the_world_states(certified, tmp_path):
    r = browse(certified["naive"].html, "--dump-dom", cwd=tmp_path)
    dom = r.stdout
    assert r.returncode == 0 and "<table" in dom, r.stderr[-2000:]
    rows = re.findall(r'<tr class="scenario (pass|fail)" id="scenario-([^"]+)"', dom)
    verdicts = {name: verdict for verdict, name in rows}
    assert list(verdicts) == SCENARIOS
    assert verdicts["healthy"] == verdicts["seed-lpar30"] == "pass"
    assert verdicts["caa-node"] == verdicts["var-full"] == "fail"
    assert f"2 of {len(SCENARIOS)} scenarios passed" in dom
    assert "must not run recfgct on a CAA node" in dom
    assert "/usr/sbin/rsct/install/bin/recfgct" in dom  # the transcript of what it ran
    # the seed's timeline: lpar30 starts without DLPAR and is DLPAR-capable after the final advance
    assert "rmc_state active, DCaps 0x0" in dom and "rmc_state active, DCaps 0xc5f" in dom


def test_screenshot_renders(certified, tmp_path):
    shot = tmp_path / "report.png"
    r = browse(certified["good"].html, f"--screenshot={shot}", "--window-size=1280,2000", cwd=tmp_path)
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
