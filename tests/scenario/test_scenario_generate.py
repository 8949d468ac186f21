"""Count-based generation: `count = N` on partitions and systems, Faker-made names, serials, FSP
addresses and MACs from the seed; the same file and seed always give a byte-identical world."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.scenario.builder import ScenarioError
from harness.scenario.catalogue import load_scenario
from tests.sshclients import asyncssh_run

BIG = """\
[scenario]
name = "big"
seed = 7

[defaults]
aix_level = "7.2"
rmc_poll_seconds = 300

[[system]]
type_model = "9119-MHE"
count = 2
memory_mb = 2097152
proc_units = 128.0

  [[system.partition]]
  name = "vios{sys}"
  id = 1
  aix_level = "vios-3.1"

  [[system.partition]]
  count = 100
  id = 10
  memory = { min = 256, desired = 1024, max = 2048 }
  processors = { min_units = 0.1, units = 0.1, procs = 1 }
"""

NAMED = """\
[scenario]
name = "named"
seed = 1

[[system]]
name = "Server-8286-42A-SN2112ABC"
aix_level = "7.1"

  [[system.partition]]
  name = "lpar1"
  id = 1

  [[system.partition]]
  name = "db{n:03d}"
  count = 3
  aix_level = "6.1"
"""


def scenario(tmp_path: Path, text: str) -> str:
    path = tmp_path / "gen.toml"
    path.write_text(text)
    return str(path)


def dump(world) -> str:
    return json.dumps(world.to_dict(), sort_keys=True)


def test_two_hundred_partitions_deterministic_from_the_seed(tmp_path):
    path = scenario(tmp_path, BIG)
    world = load_scenario(path)
    assert len(world.systems) == 2 and len(world.partitions()) == 202
    assert dump(world) == dump(load_scenario(path))  # byte-identical
    assert dump(world) != dump(load_scenario(path, seed=8))
    names = [p.name for p in world.partitions()]
    assert len(set(names)) == 202 and {"vios1", "vios2"} <= set(names)
    generated = [p for p in world.partitions() if not p.name.startswith("vios")]
    assert all(re.fullmatch(r"[a-z0-9-]+[0-9]{2}", p.name) for p in generated), names[:5]
    assert all(re.fullmatch(r"fa[0-9a-f]{10}", p.os.net.primary().mac) for p in generated)
    for system in world.systems.values():
        assert re.fullmatch(r"[0-9]{2}[A-Z]{5}", system.serial)
        assert system.name == f"Server-9119-MHE-SN{system.serial}"
        assert sorted(system.partitions) == [1, *range(10, 110)]
    assert len({p.os.net.primary().ip for p in world.partitions()}) == 202
    assert world.check_invariants() == []


def test_inheritance_and_name_patterns(tmp_path):
    world = load_scenario(scenario(tmp_path, NAMED))
    by_name = {p.name: p for p in world.partitions()}
    assert list(by_name) == ["lpar1", "db001", "db002", "db003"]
    assert [p.id for p in by_name.values()] == [1, 2, 3, 4]  # generated ids skip the taken ones
    assert by_name["lpar1"].os.level_key == "7.1"  # system -> partition
    assert by_name["db002"].os.level_key == "6.1"  # the entry wins


def test_a_pattern_that_repeats_a_name_is_refused(tmp_path):
    text = NAMED.replace('name = "db{n:03d}"', 'name = "lpar{i}"')  # lpar1 clashes with the explicit one
    with pytest.raises(ScenarioError, match="'lpar1' generated twice"):
        load_scenario(scenario(tmp_path, text))


def test_generated_estate_is_served_over_ssh(tmp_path, estate_factory):
    text = NAMED.replace("count = 3", "count = 2")
    est = estate_factory(scenario(tmp_path, text))
    assert {h.name for h in est.hosts} == {"hmc1", "lpar1", "db001", "db002"}
    out, _, rc = asyncssh_run(est.host("db002"), "hostname; oslevel")
    assert (out.split()[0], rc) == ("db002", 0)
    out, _, _ = asyncssh_run(est.host("hmc1"), "lssyscfg -r lpar -m Server-8286-42A-SN2112ABC -F name,rmc_state")
    assert "db002,active" in out.split()
