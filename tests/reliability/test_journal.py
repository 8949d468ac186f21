"""Persistence as a journal (harness/runtime/persist.py): what is on disk always loads back as the live
world; one command's line does not grow with the estate; nothing changed, nothing written; a torn
tail is ignored; compaction keeps it bounded; the transcript is a ring with a spill file."""

from __future__ import annotations

import json

import pytest

from harness.runtime import persist
from harness.runtime.backend import HostBackend
from harness.scenario.builder import build_world
from harness.scenario.catalogue import load_scenario
from harness.world import world as world_mod

SYSTEM = "Server-8286-42A-SN2112ABC"


def run(world, host: str, user: str, command: str) -> int:
    """A command as the SSH layer runs it: the shell, then the transcript record (which persists)."""
    journal = world.__dict__["_test_journal"]
    backend = HostBackend(lambda: world, host, journal.persist)
    res = backend.new_shell(user, interactive=False, pty=False).run(command)
    backend.record(user=user, channel="exec", command=command, exit_code=res.exit_code, bytes_out=len(res.stdout))
    return res.exit_code


def open_journal(world, tmp_path):
    journal = persist.Journal(tmp_path, world)
    world.__dict__["_test_journal"] = journal
    return journal


def comparable(data: dict) -> str:
    return json.dumps(data, sort_keys=True)


def journal_lines(tmp_path) -> list[str]:
    return (tmp_path / persist.JOURNAL_FILE).read_text().splitlines()


def test_every_acknowledged_change_loads_back(tmp_path):
    world = load_scenario("healthy", None)
    journal = open_journal(world, tmp_path)
    assert run(world, "hmc1", "hscroot", f"chhwres -r mem -m {SYSTEM} -o a -p lpar2 -q 256") == 0
    assert run(world, "hmc1", "hscroot", f"chhwres -r proc -m {SYSTEM} -o r -p lpar1 --procunits 0.1") == 0
    assert run(world, "hmc1", "hscroot", f"chsysstate -r lpar -m {SYSTEM} -o shutdown -n lpar3 --immed") == 0
    world.advance(600)  # timers fire (shutdown, RMC polls)
    journal.persist(tick=True)
    assert len(journal_lines(tmp_path)) > 4  # header + lines, no compaction in between
    loaded = persist.load(persist.state_path(tmp_path))
    assert comparable(loaded.to_dict()) == comparable(world.to_dict())
    assert loaded.find_system(SYSTEM).partition("lpar3").state == world.find_system(SYSTEM).partition("lpar3").state


def test_nothing_changed_nothing_written(tmp_path):
    world = load_scenario("healthy", None)
    world.advance(3600)  # past the start-up timers
    journal = open_journal(world, tmp_path)
    size = (tmp_path / persist.JOURNAL_FILE).stat().st_size
    assert journal.persist() is False
    due = world.clock.next_due()
    world.clock.advance_to(world.clock.now + 0.5 if due is None else min(world.clock.now + 0.5, due - 0.01))
    assert world.clock.log == []  # a tick with no timer due: only time moved
    assert journal.persist(tick=True) is False
    assert (tmp_path / persist.JOURNAL_FILE).stat().st_size == size


def _estate(n_parts: int) -> dict:
    parts = [{"name": f"lpar{k:04d}", "id": k, "memory": {"min": 1024, "desired": 2048, "max": 4096},
              "processors": {"mode": "shared", "min_units": 0.05, "units": 0.1, "max_units": 1.0,
                             "min_procs": 1, "procs": 1, "max_procs": 2}} for k in range(1, n_parts + 1)]
    return {"scenario": {"name": f"journal-{n_parts}", "seed": 7}, "hmc": [{"name": "hmc1"}],
            "defaults": {"aix_level": "7.2", "rmc_poll_seconds": 300},
            "system": [{"name": "Server-8286-42A-SN2100000", "type_model": "8286-42A", "serial": "2100000",
                        "memory_mb": n_parts * 2048 + 65536, "proc_units": round(n_parts * 0.1 + 16, 2),
                        "max_lpars": 1000, "partition": parts}]}


def _chhwres_line(tmp_path, n_parts: int) -> str:
    world = build_world(_estate(n_parts))
    open_journal(world, tmp_path)
    before = len(journal_lines(tmp_path))
    assert run(world, "hmc1", "hscroot", "chhwres -r mem -m Server-8286-42A-SN2100000 -o a -p lpar0001 -q 256") == 0
    lines = journal_lines(tmp_path)
    assert len(lines) == before + 1
    loaded = persist.load(persist.state_path(tmp_path))
    assert loaded.find_system("Server-8286-42A-SN2100000").partition("lpar0001").mem.cur == 2048 + 256
    return lines[-1]


def test_one_command_costs_what_it_changed_not_the_estate(tmp_path):
    small = _chhwres_line(tmp_path / "small", 4)
    big = _chhwres_line(tmp_path / "big", 400)
    rec = json.loads(big)
    # that partition, its RMC session, its HMC node slot (and its I/O entry, first written after the
    # compaction at start-up); nothing of the 399 others
    assert {k.split(persist.SEP)[0] for k in rec.get("set", {})} - {"i"} == {"n", "p", "s"}
    assert all(k.endswith(f"{persist.SEP}1") for k in rec["set"] if k[0] == "i")
    assert {k for k in rec["set"] if k[0] == "p"} == {f"p{persist.SEP}Server-8286-42A-SN2100000{persist.SEP}1"}
    assert len(big) < 1.2 * len(small) + 200, (len(small), len(big))


def test_torn_tail_and_foreign_generation_are_ignored(tmp_path):
    world = load_scenario("healthy", None)
    open_journal(world, tmp_path)
    assert run(world, "hmc1", "hscroot", f"chhwres -r mem -m {SYSTEM} -o a -p lpar2 -q 256") == 0
    expect = comparable(world.to_dict())
    with (tmp_path / persist.JOURNAL_FILE).open("a") as fh:
        fh.write('{"set": {"p\\u001fServer')  # a write cut by SIGKILL before its reply
    assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == expect
    lines = journal_lines(tmp_path)
    lines[0] = json.dumps({"gen": 999})  # a journal the base already contains (compaction cut midway)
    (tmp_path / persist.JOURNAL_FILE).write_text("\n".join(lines) + "\n")
    loaded = persist.load(persist.state_path(tmp_path))
    assert loaded.find_system(SYSTEM).partition("lpar2").mem.cur != world.find_system(SYSTEM).partition("lpar2").mem.cur


def test_compaction_bounds_the_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(persist, "COMPACT_MIN_BYTES", 2000)
    world = load_scenario("healthy", None)
    journal = open_journal(world, tmp_path)
    for i in range(30):
        op = "a" if i % 2 == 0 else "r"
        assert run(world, "hmc1", "hscroot", f"chhwres -r mem -m {SYSTEM} -o {op} -p lpar1 -q 256") == 0
        assert run(world, "lpar1", "root", "oslevel") == 0
    assert journal.compactions > 1
    assert (tmp_path / persist.JOURNAL_FILE).stat().st_size <= max(2000, journal.base_bytes) + 5000
    assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == comparable(world.to_dict())


def test_transcript_is_a_ring_spilled_to_the_state_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(world_mod, "TRANSCRIPT_RING", 8)
    world = load_scenario("healthy", None)
    open_journal(world, tmp_path)
    for i in range(25):
        run(world, "lpar1", "root", f"echo {i}")
    assert len(world.transcript) <= 8 + 8 // 4
    assert world.transcript[-1].command == "echo 24" and world.transcript_total == 25
    spilled = [json.loads(line)["command"] for line in (tmp_path / persist.TRANSCRIPT_FILE).read_text().splitlines()]
    assert spilled == [f"echo {i}" for i in range(25)]
    loaded = persist.load(persist.state_path(tmp_path))
    assert [e.command for e in loaded.transcript] == [f"echo {i}" for i in range(25 - 8, 25)]
    assert loaded.transcript_total == 25


@pytest.mark.parametrize("command", ["rmsyscfg -r lpar -m {s} -n lpar3",
                                     "chsyscfg -r lpar -m {s} -i name=lpar3,new_name=db3"])
def test_removed_and_renamed_partitions(tmp_path, command):
    world = load_scenario("healthy", None)
    open_journal(world, tmp_path)
    run(world, "hmc1", "hscroot", f"chsysstate -r lpar -m {SYSTEM} -o shutdown -n lpar3 --immed")
    world.advance(600)
    run(world, "hmc1", "hscroot", command.format(s=SYSTEM))
    assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == comparable(world.to_dict())


def test_transcript_marks_survive_the_ring(monkeypatch):
    from harness.control.transcript import Transcript, Window

    monkeypatch.setattr(world_mod, "TRANSCRIPT_RING", 8)
    world = load_scenario("healthy", None)
    t = Transcript(lambda: Window.of_world(world))
    for i in range(12):
        world.record(world_mod.TranscriptEntry(0.0, "lpar1", "root", "exec", f"echo {i}", 0, 1))
    mark = t.mark()
    assert mark == 12
    for i in range(12, 20):  # the ring trims the oldest entries meanwhile
        world.record(world_mod.TranscriptEntry(0.0, "lpar1", "root", "exec", f"echo {i}", 0, 1))
    assert t.since(mark).commands() == [f"echo {i}" for i in range(12, 20)]
    t.since(mark).assert_not_ran("lpar1", "echo 11")


@pytest.mark.parametrize("cause", ["lan_cut", "hmc_swap"])
def test_heartbeats_and_pushes_persist_what_they_change(tmp_path, cause):
    """rmc.heartbeat and rmc.hmc_push name no partition: they mark the sessions and NVRAM they change
    (a whole comparison each minute would cost a 10,000-partition estate seconds)."""
    from harness.world.causes import apply_cause

    world = load_scenario("healthy", None)
    journal = open_journal(world, tmp_path)
    world.advance(30)
    journal.persist(tick=True)
    apply_cause(world, cause, "lpar2" if cause == "lan_cut" else "hmc1")
    journal.persist()
    world.clock.cancel_where(lambda t: t.event == "rmc.poll")  # polls name their partition: leave them out
    journal.persist()
    world.advance(900)  # heartbeats miss, sessions drop, the HMC re-pushes
    assert journal.persist(tick=True) is True
    last = json.loads(journal_lines(tmp_path)[-1])
    assert any(k[0] in "ps" for k in [*last.get("set", {}), *last.get("del", [])])  # sessions or NVRAM moved
    assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == comparable(world.to_dict())


# HMC change commands that name what they changed: the partition (its line holds that partition and
# nothing of the others), or nothing outside the world's meta (HMC users, a system's LEDs, pools,
# system profiles). Each line must still load back as the live world.
PRECISE = [
    ("chhwres -r virtualio -m {s} -o a -p lpar1 --rsubtype eth -s 6 -a port_vlan_id=5", {"1"}),
    ("chhwres -r virtualio -m {s} -o r -p lpar1 -s 6", {"1"}),
    ("chhwres -r procpool -m {s} -o s --poolid 1 -a max_pool_proc_units=2", set()),
    ("chhwres -r procpool -m {s} -o s -p lpar2 -a shared_proc_pool_id=1", {"2"}),
    ("chled -r sa -t virtuallpar -m {s} -p lpar1 -o on", set()),
    ("mksyscfg -r prof -m {s} -o save -p lpar1 -n saved --force", {"1"}),
    ("chsyscfg -r prof -m {s} -i name=saved,lpar_name=lpar1,min_mem=512", {"1"}),
    ("chsyscfg -r lpar -m {s} -o apply -p lpar1 -n saved", {"1"}),
    ("chsyscfg -r lpar -m {s} -i name=lpar3,boot_mode=sms", {"3"}),
    ("chsyscfg -r lpar -m {s} -o apply -p lpar1 -n default_profile", {"1"}),
    ("rmsyscfg -r prof -m {s} -p lpar1 -n saved", {"1"}),
    ("mkauthkeys --add 'ssh-rsa AAAAB3NzaC1yc2E journal@test'", set()),
    ("mksyscfg -r sysprof -m {s} -i name=sp1,lpar_names=lpar1", set()),
    ("viosvrcmd -m {s} -p vios1 -c 'lspv -free'", {"10"}),
    ("viosvrcmd -m {s} -p vios1 -c 'mkvdev -vdev hdisk4 -vadapter vhost0 -dev vtjournal'", {"10"}),
]


def test_hmc_changes_persist_precisely(tmp_path):
    world = load_scenario("healthy", None)
    open_journal(world, tmp_path)
    assert run(world, "hmc1", "hscroot", f"lshwres -r virtualio --rsubtype eth --level lpar -m {SYSTEM}") == 0
    for command, parts in PRECISE:
        before = len(journal_lines(tmp_path))
        assert run(world, "hmc1", "hscroot", command.format(s=SYSTEM)) == 0, command
        lines = journal_lines(tmp_path)
        assert len(lines) == before + 1, command
        rec = json.loads(lines[-1])
        written = {k.rsplit(persist.SEP, 1)[1] for k in rec.get("set", {}) if k[0] in "pi"}
        assert written <= parts, (command, written)
        assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == comparable(world.to_dict()), command


def test_error_log_wraps_and_journals_as_cut_and_append(tmp_path, monkeypatch):
    """The AIX error log wraps at its size (oldest entries go, sequence numbers keep counting); the
    journal writes each wrap as a cut plus the new entries, never the whole log again."""
    from harness.world import aix

    monkeypatch.setattr(aix, "ERRLOG_ENTRIES", 4)
    world = load_scenario("healthy", None)
    journal = open_journal(world, tmp_path)
    os_ = world.find_system(SYSTEM).partition("lpar1").os
    start = len(os_.errpt) + os_.errpt_dropped
    for i in range(10):
        op = "a" if i % 2 == 0 else "r"
        assert run(world, "hmc1", "hscroot", f"chhwres -r mem -m {SYSTEM} -o {op} -p lpar1 -q 256") == 0
    assert len(os_.errpt) == 4 and os_.errpt_dropped == start + 10 - 4
    recs = [json.loads(line) for line in journal_lines(tmp_path)[1:]]
    key = f"e{persist.SEP}{SYSTEM}{persist.SEP}1"
    assert any(key in r.get("cut", {}) for r in recs)
    assert all(len(r.get("app", {}).get(key, [])) <= 1 and key not in r.get("set", {}) for r in recs[1:])
    loaded = persist.load(persist.state_path(tmp_path))
    assert comparable(loaded.to_dict()) == comparable(world.to_dict())
    backend = HostBackend(lambda: world, "lpar1", journal.persist)
    out = backend.new_shell("root", interactive=False, pty=False).run("errpt -a").stdout
    numbers = [int(line.split()[-1]) for line in out.splitlines() if line.startswith("Sequence Number")]
    assert sorted(numbers) == list(range(start + 10 - 3, start + 10 + 1))


def test_console_lines_persist_on_their_partition(tmp_path):
    """A line typed on a partition's console (mkvterm) runs in the HMC's session: the journal learns
    from the console which partition it changed."""
    from harness.hmc.vterm import Console
    from harness.runtime.session import Session

    world = load_scenario("healthy", None)
    journal = open_journal(world, tmp_path)
    part = world.find_system(SYSTEM).partition("lpar1")
    console = Console(world, (SYSTEM, part.id), Session(world, world.host("hmc1"), "hscroot").shell_on)
    assert console.run("echo journal > /tmp/console.txt").exit_code == 0
    journal.persist()
    assert comparable(persist.load(persist.state_path(tmp_path)).to_dict()) == comparable(world.to_dict())


def test_equal_values_of_another_json_type_are_written(tmp_path):
    """16 == 16.0 and 1 == True in Python, but not in the JSON the world is loaded back from: the
    journal's change check must see a system field turn from float to int and a partition's from int
    to bool."""
    world = load_scenario("healthy", None)
    system = world.find_system(SYSTEM)
    part = system.partition("lpar2")
    system.installed_proc_units, part.auto_start = 16.0, 1
    journal = open_journal(world, tmp_path)  # the base holds 16.0 and 1
    system.installed_proc_units, part.auto_start = 16, True
    world.changed_outside_partitions()
    world.touch(part)
    assert journal.persist()
    loaded = persist.load(persist.state_path(tmp_path))
    assert comparable(loaded.to_dict()) == comparable(world.to_dict())
    assert type(loaded.find_system(SYSTEM).installed_proc_units) is int
    assert loaded.find_system(SYSTEM).partition("lpar2").auto_start is True
