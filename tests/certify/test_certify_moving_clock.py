"""Certify with a moving clock: an unchanged tool that sleeps and polls in real time (poller_tool.py:
20 s between polls, recfgct after 8 minutes, gives up after 20) gets the verdicts it would get on
real hardware, because its own clock (libfaketime) and the estate's move together.

The scale here is 120 (twice the default) to keep the suite short; README's certify section has the
measurements at the default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.api import dlpar_capable
from harness.certify.runner import certify
from harness.runtime.warp import LibfaketimeMissing, find_libfaketime

POLLER = Path(__file__).with_name("poller_tool.py")
TOOL = f"{sys.executable} {POLLER}"
SCALE = 120


def _need_libfaketime() -> None:
    try:
        find_libfaketime()
    except LibfaketimeMissing as exc:
        pytest.fail(f"{exc} (CI installs it: .ci/run)")


@pytest.fixture(scope="module")
def results(key_dir):
    _need_libfaketime()
    names = ["var-full", "rmc-stopped", "rmc-stopped", "rmc-stopped", "seed-lpar30"]
    return dict(enumerate(certify(TOOL, names, timeout=60, key_dir=key_dir, time_scale=SCALE)))


def _commands(result, host: str) -> list[tuple[float, str]]:
    return [(t["time"], t["command"]) for t in result.transcript if t["host"] == host]


def test_the_polling_tool_passes_each_scenario_unchanged(results):
    for r in results.values():
        assert r.passed, (r.scenario, r.error, [(c.expectation.description, c.detail) for c in r.failures], r.output)
        assert r.rc == 0


def test_verdicts_and_commands_are_identical_over_three_runs(results):
    runs = [results[i] for i in (1, 2, 3)]
    verdicts = [[(c.expectation.description, c.passed) for c in r.checks] for r in runs]
    assert verdicts[0] == verdicts[1] == verdicts[2]
    # the same repair, command for command, whatever the real-time jitter between polls
    repairs = [[c for _, c in _commands(r, "lpar2")] for r in runs]
    assert repairs[0] == repairs[1] == repairs[2]
    assert repairs[0][-3:] == ["/usr/sbin/rsct/bin/rmcctrl -z", "/usr/sbin/rsct/bin/rmcctrl -A",
                               "/usr/sbin/rsct/bin/rmcctrl -p"]


def test_the_tools_eight_minutes_are_the_worlds_eight_minutes(results):
    """The tool escalates to recfgct after 8 minutes of its own clock: the world's transcript puts
    recfgct 8 virtual minutes (plus the poll's and the commands' latency) after the RMC restart."""
    seed = results[4]
    times = dict((c, t) for t, c in reversed(_commands(seed, "lpar30")))
    restart, recfgct = times["/usr/sbin/rsct/bin/rmcctrl -p"], times["/usr/sbin/rsct/install/bin/recfgct"]
    gap = recfgct - restart
    # the tool's own clock, as it printed it before "restarting RMC" and before recfgct: each command
    # reaches the world some real time after the tool's reading, and at 120x a busy machine's second is two
    # virtual minutes, so the two clocks are compared by rate, not to the second
    printed = [_hms(line) for line in seed.output.splitlines() if "restarting RMC" in line or "running recfgct" in line]
    tool_gap = printed[1] - printed[0]
    assert 480 <= tool_gap and 480 <= gap, (restart, recfgct, seed.output)  # never before its 8 minutes
    assert gap <= 1.5 * tool_gap, (restart, recfgct, seed.output)  # a world clock faster than the tool's fails
    # DCaps returned about five minutes after recfgct, as on real hardware: the tool's last poll saw it
    # (one poll later at most; a poll's spacing grows with the machine's load)
    polls = [t for t, _ in _commands(seed, "hmc1")]
    spacing = max(b - a for a, b in zip(polls, polls[1:]))
    assert 4 * 60 < polls[-1] - recfgct < 6 * 60 + spacing, (recfgct, polls[-1], spacing, seed.output)
    assert "running recfgct" in seed.output and "DLPAR is back after 1" in seed.output


def _hms(line: str) -> int:
    """Seconds of the day of the HH:MM:SS the poller prints first on each line."""
    h, m, s = (int(x) for x in line.split()[0].split(":"))
    return h * 3600 + m * 60 + s


def test_var_full_never_escalates(results):
    """/var grown and RMC restarted: DCaps returns within the HMC's 6-minute poll, before 8 minutes."""
    r = results[0]
    commands = _commands(r, "lpar2")
    restart = next(t for t, c in commands if c.endswith("rmcctrl -p"))
    last_poll = _commands(r, "hmc1")[-1][0]
    assert "recfgct" not in r.output and 5 * 60 < last_poll - restart < 8 * 60, (restart, last_poll, r.output)


@pytest.mark.fakehmc(scenario="rmc-stopped", time_scale=SCALE)
def test_the_same_tool_under_the_pytest_plugin(fakehmc):
    _need_libfaketime()
    env = fakehmc.env()  # starts the tool's clock and the world's together
    assert env["FAKETIME"].endswith(f" x{SCALE}") and env["FAKETIME_SHARED"]
    proc = subprocess.run([sys.executable, str(POLLER)], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "DLPAR is back after" in proc.stdout
    fakehmc.transcript.assert_ran("lpar2", "rmcctrl -p")
    assert fakehmc.freeze() > 5 * 60  # minutes of virtual time passed while the tool polled
    assert fakehmc.call(dlpar_capable("lpar2"))


def test_frozen_clock_is_the_old_behaviour(key_dir):
    """Without the moving clock the same tool never sees the repair land: it times out."""
    [r] = certify(TOOL, ["rmc-stopped"], timeout=3, key_dir=key_dir, clock="frozen")
    assert r.rc is None and not r.passed
    assert r.virtual_seconds == 0


def test_missing_libfaketime_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("FAKEHMC_LIBFAKETIME", str(tmp_path / "nope.so"))
    with pytest.raises(LibfaketimeMissing, match="nope.so"):
        certify(TOOL, ["healthy"])
    proc = subprocess.run([sys.executable, "-m", "harness.certify.cli", "--tool", "true", "--scenarios", "healthy"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "FAKEHMC_LIBFAKETIME": str(tmp_path / "nope.so")})
    assert proc.returncode == 2 and "libfaketime" in proc.stderr and "--clock frozen" in proc.stderr
    assert "scenarios passed" not in proc.stdout  # refused before anything ran
