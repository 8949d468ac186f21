"""Transcript assertions over synthetic entries: matching, order, filters and the failure table."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from harness.control.transcript import Transcript
from harness.world.world import TranscriptEntry

EPOCH = datetime(2026, 11, 26, 9, 0, 0, tzinfo=UTC)

ENTRIES = [
    TranscriptEntry(0, "hmc1", "hscroot", "exec", "lspartition -dlpar", 0, 300),
    TranscriptEntry(5, "lpar2", "root", "exec", "df -g /var", 0, 120),
    TranscriptEntry(6, "lpar2", "root", "exec", "chfs -a size=+1G /var", 0, 0),
    TranscriptEntry(7, "lpar2", "root", "shell-pty", "rmcctrl -z; rmcctrl -A; rmcctrl -p", 0, 80),
    TranscriptEntry(65, "lpar2", "admin", "exec", "lssrc -s ctrmc", 0, 90),
    TranscriptEntry(70, "lpar1", "root", "exec", "/usr/sbin/rsct/install/bin/recfgct", 1, 40),
]


@pytest.fixture
def t() -> Transcript:
    return Transcript(lambda: ENTRIES, EPOCH)


def test_assert_ran_substring_returns_entry(t):
    e = t.assert_ran("lpar2", "chfs -a size=+1G")
    assert (e.host, e.time, e.exit_code, e.index) == ("lpar2", 6.0, 0, 2)


def test_assert_ran_regex_and_rc(t):
    assert t.assert_ran("lpar1", re.compile(r"recfgct$"), rc=1).host == "lpar1"
    assert t.assert_ran(None, r"df -g /v\w+", regex=True).command == "df -g /var"
    with pytest.raises(AssertionError, match="with exit code 0"):
        t.assert_ran("lpar1", "recfgct", rc=0)


def test_assert_ran_times(t):
    t.assert_ran("lpar2", "rmcctrl", times=1)
    with pytest.raises(AssertionError, match="ran 1 times on lpar2, expected 2"):
        t.assert_ran("lpar2", "rmcctrl", times=2)


def test_assert_ran_failure_shows_that_hosts_commands(t):
    with pytest.raises(AssertionError) as exc:
        t.assert_ran("lpar2", "recfgct")
    msg = str(exc.value)
    assert msg.startswith("no command matching 'recfgct' ran on lpar2\n")
    assert "chfs -a size=+1G /var" in msg and "lspartition" not in msg  # only lpar2's part
    assert "09:00:06" in msg


def test_assert_ran_unknown_host_names_the_hosts_that_had_commands(t):
    with pytest.raises(AssertionError, match="hosts that received commands: hmc1, lpar2, lpar1"):
        t.assert_ran("lpar9", "x")


def test_assert_not_ran_points_at_the_offender(t):
    t.assert_not_ran("lpar2", "recfgct")
    with pytest.raises(AssertionError) as exc:
        t.assert_not_ran("lpar1", "recfgct")
    msg = str(exc.value)
    assert "ran on lpar1 (1 times), but it must not" in msg
    line = next(ln for ln in msg.splitlines() if "recfgct" in ln and "09:01:10" in ln)
    assert line.startswith(">")


def test_assert_order_across_and_within_command_lines(t):
    found = t.assert_order("lpar2", ["df -g", "chfs", "rmcctrl -z", "rmcctrl -A", "rmcctrl -p", "lssrc"])
    assert [e.index for e in found] == [1, 2, 3, 3, 3, 4]
    with pytest.raises(AssertionError, match="then 'rmcctrl -z' ran only before the earlier ones"):
        t.assert_order("lpar2", ["rmcctrl -p", "rmcctrl -z"])
    with pytest.raises(AssertionError, match="then 'recfgct' never ran"):
        t.assert_order("lpar2", ["chfs", "recfgct"])


def test_filters_user_channel_and_commands(t):
    assert t.commands("lpar2", user="admin") == ["lssrc -s ctrmc"]
    assert t.commands(channel="shell") == ["rmcctrl -z; rmcctrl -A; rmcctrl -p"]  # shell-pty is a shell
    assert t.commands(channel="exec-pty") == []
    root = t.filter(user="root")
    root.assert_not_ran("lpar2", "lssrc")
    assert len(root) == 4 and root.hosts() == ["lpar2", "lpar1"]
    with pytest.raises(AssertionError, match="on lpar2 as admin over exec"):
        t.filter("lpar2", user="admin", channel="exec").assert_ran(None, "chfs")


def test_mark_and_since_see_only_later_commands():
    live = list(ENTRIES[:2])
    t = Transcript(lambda: live)
    mark = t.mark()
    live.extend(ENTRIES[2:4])
    assert t.since(mark).commands() == ["chfs -a size=+1G /var", "rmcctrl -z; rmcctrl -A; rmcctrl -p"]
    t.since(mark).assert_not_ran("lpar2", "df -g")
    t.assert_ran("lpar2", "df -g")  # the view itself reads the live list


def test_dump_is_a_table(t):
    lines = t.dump().splitlines()
    assert lines[0].split() == ["time", "host", "user", "channel", "rc", "command"]
    assert lines[1].split()[:5] == ["09:00:00", "hmc1", "hscroot", "exec", "0"]
    assert lines[1].endswith("lspartition -dlpar")
    assert len(lines) == 7
    assert t.dump("lpar1").splitlines()[1].split()[4] == "1"
    tail = t.dump(limit=2)
    assert tail.startswith("... 4 earlier commands not shown\n") and "recfgct" in tail
    assert Transcript(lambda: ENTRIES).dump().splitlines()[2].startswith("+5s ")  # no epoch: offsets


def test_dump_truncates_long_commands_and_shows_newlines():
    long = TranscriptEntry(0, "h", "u", "exec", "echo " + "x" * 300 + "\nls", 0, 0)
    row = Transcript(lambda: [long]).dump().splitlines()[1]
    assert row.endswith("...") and len(row) < 150
    assert "\\n" in Transcript(lambda: [TranscriptEntry(0, "h", "u", "exec", "a\nb", 0, 0)]).dump()


def test_bad_pattern_type(t):
    with pytest.raises(TypeError):
        t.assert_ran("lpar2", 42)
