"""A long clock advance runs in slices with the event loop free in between (issue 14 item 1): a year's
advance used to block SSH and the API for 39 s. These tests observe the world *during* an advance: with a
blocking advance every observation would come before it started or after it ended."""

from __future__ import annotations

import threading
import time

from tests.control.controlhelp import call
from tests.sshclients import asyncssh_run

DAYS_30 = 30 * 86400


def _first_moved_clock(est) -> float:
    """Poll the clock through the estate's loop until it has moved; the first value seen."""
    while True:
        now = est.call(lambda: est.estate.world.clock.now)
        if now > 0:
            return now
        time.sleep(0.005)  # leave the loop (and the GIL) to the advance between looks


def test_api_advance_lets_the_loop_run_between_slices(estate_factory):
    est = estate_factory("healthy")
    done: dict = {}
    t = threading.Thread(target=lambda: done.update(r=call(est.estate.control_url + "/clock/advance", "POST",
                                                            {"seconds": DAYS_30})))
    t.start()
    seen = _first_moved_clock(est)
    t.join()  # however long the advance takes on this machine; pytest-timeout bounds a hang
    assert done["r"][0] == 200 and done["r"][1]["now"] == DAYS_30
    assert 0 < seen < DAYS_30  # the loop answered mid-advance


def test_ssh_is_answered_during_an_advance(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    t = threading.Thread(target=lambda: est.advance(DAYS_30))
    t.start()
    _first_moved_clock(est)
    out = asyncssh_run(lpar, "lssrc -s ctrmc")  # a new connection, login and command while time moves
    t.join()
    assert out[2] == 0 and "ctrmc" in out[0]
    assert est.call(lambda: est.estate.world.clock.now) == DAYS_30
    ran_at = est.call(lambda: [e.time for e in est.estate.world.transcript if e.command == "lssrc -s ctrmc"])
    assert len(ran_at) == 1 and 0 < ran_at[0] < DAYS_30  # it ran, in virtual time, mid-advance
