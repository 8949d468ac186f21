"""The moving clock `make run` serves (issue 18.5): `fakehmc up` at real speed (its default) and with
--clock-scale, read through the control API while real time passes.

Relative checks only: virtual time that passed over a real window of at least WINDOW seconds must lie
between half and the full scaled window, with SLACK real seconds (four ticks of the ticker) either side;
a machine eight times slower still passes, a frozen, disabled or wrongly scaled clock does not.
"""

from __future__ import annotations

import time

from running_estate import fakehmc_up

WINDOW = 4.0  # real seconds
SLACK = 2.0  # real seconds


def test_virtual_time_passes_at_the_given_scale(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "fast").mkdir()
    with fakehmc_up(tmp_path / "real", "--scenario", "healthy") as real, \
            fakehmc_up(tmp_path / "fast", "--scenario", "healthy", "--clock-scale", "120") as fast:
        assert real.banner[0] == "fakehmc: scenario healthy, clock x1"
        assert fast.banner[0] == "fakehmc: scenario healthy, clock x120"
        assert (real.control("/clock")["scale"], fast.control("/clock")["scale"]) == (1.0, 120.0)
        r0_before = time.monotonic()
        v0 = {"real": real.control("/clock")["now"], "fast": fast.control("/clock")["now"]}
        r0_after = time.monotonic()
        while time.monotonic() - r0_after < WINDOW:
            time.sleep(0.2)
        r1_before = time.monotonic()
        v1 = {"real": real.control("/clock")["now"], "fast": fast.control("/clock")["now"]}
        r1_after = time.monotonic()
    shortest, longest = r1_before - r0_after, r1_after - r0_before
    for name, scale in (("real", 1.0), ("fast", 120.0)):
        passed = v1[name] - v0[name]
        assert scale * (shortest / 2 - SLACK) <= passed <= scale * (longest + SLACK), \
            (name, passed, shortest, longest)


def test_clock_scale_zero_freezes_the_clock(tmp_path):
    with fakehmc_up(tmp_path, "--scenario", "healthy", "--clock-scale", "0") as frozen:
        assert frozen.banner[0] == "fakehmc: scenario healthy, clock x0"
        before = frozen.control("/clock")["now"]
        time.sleep(1.5)  # three ticks of the ticker, were it running
        assert frozen.control("/clock")["now"] == before


def test_an_idle_estates_clock_moves_on_its_own(tmp_path):
    """The ticker moves the clock between commands: with no client at all, the world's timers (RMC polls,
    heartbeats) fire and the state dir's journal grows. (Reading /clock moves the clock itself, so the
    tests above cannot tell a ticker that never runs.)"""
    with fakehmc_up(tmp_path, "--scenario", "healthy", "--clock-scale", "120"):
        journal = tmp_path / "state" / "journal.jsonl"
        start = journal.stat().st_size
        deadline = time.monotonic() + 120  # the first tick after 0.5 s, here or eight times slower
        while journal.stat().st_size == start and time.monotonic() < deadline:
            time.sleep(0.2)
        assert journal.stat().st_size > start
