"""Scenario files are checked against the shipped JSON Schema: a bad file gets an error naming the
file, the line and the key, and nothing starts."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from harness.cli import main
from harness.scenario.builder import ScenarioError
from harness.scenario.catalogue import builtin_names, load_scenario, read_scenario
from harness.scenario.schema import find_line, live_schema
from harness.world.causes import CAUSES

GOOD = """\
[scenario]
name = "mine"
seed = 3

[[hmc]]
name = "hmc1"
users = [{ name = "hscroot", password = "abc123", role = "hmcsuperadmin" }]

[defaults]
aix_level = "7.2"

[[system]]
name = "S1"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "a"
  id = 1

  [[system.partition]]
  name = "b"
  id = 2
  memory = { min = 1024, desired = 2048, max = 4096 }
  causes = { var_full = true }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text)
    return path


def test_the_shipped_schema_is_valid_and_package_data():
    text = (resources.files("harness.scenario") / "scenario.schema.json").read_text()
    jsonschema.Draft202012Validator.check_schema(json.loads(text))
    assert set(live_schema()["$defs"]["cause_name"]["enum"]) == set(CAUSES)


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_scenario_passes(name):
    read_scenario(name)


def test_a_good_file_builds(tmp_path):
    world = load_scenario(str(write(tmp_path, GOOD)))
    assert [p.name for p in world.partitions()] == ["a", "b"]
    assert world.partitions()[1].mem.max == 4096


@pytest.mark.parametrize("old, new, line, key, words", [
    ('  id = 2\n', '  id = "two"\n', 23, "system[0].partition[1].id", "not of type 'integer'"),
    ('  id = 2\n', '', 21, "system[0].partition[1]", "missing key 'id'"),
    ('max = 4096 }', 'maxi = 4096 }', 24, "system[0].partition[1].memory.maxi", "unknown key (allowed: desired, max, min)"),
    ('var_full = true', 'var_fulll = true', 25, "system[0].partition[1].causes.var_fulll", "unknown cause 'var_fulll'"),
    ('role = "hmcsuperadmin"', 'role = "root"', 7, "hmc[0].users[0].role", "'root' is not one of hmcsuperadmin"),
    ('aix_level = "7.2"', 'aix_level = "8.1"', 10, "defaults.aix_level", "'8.1' is not one of 6.1, 7.1"),
    ('serial = "2112ABC"', 'serial = "2112ABC"\ncolour = "blue"', 16, "system[0].colour", "unknown key"),
    ('[scenario]', '[scenario]\nsed = 4', 2, "scenario.sed", "unknown key"),
])
def test_errors_name_file_line_and_key(tmp_path, old, new, line, key, words):
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: {key}: "), message
    assert words in message


def test_toml_syntax_errors_name_the_file(tmp_path):
    path = write(tmp_path, GOOD + "\n[[system\n")
    with pytest.raises(ScenarioError, match=f"^{path}: .*line 27"):
        load_scenario(str(path))


def test_find_line_walks_arrays_of_tables():
    text = GOOD
    assert find_line(text, ["system", 0, "partition", 0]) == 17
    assert find_line(text, ["system", 0, "partition", 1, "memory", "min"]) == 24
    assert find_line(text, ["hmc", 0, "users", 0, "role"]) == 7
    assert find_line(text, ["system", 0, "partition", 5]) == 17  # no such entry: the nearest table


def test_validate_cli(tmp_path, capsys):
    assert main(["validate", str(write(tmp_path, GOOD))]) == 0
    assert "ok (1 HMC, 1 systems, 2 partitions)" in capsys.readouterr().out
    bad = write(tmp_path, GOOD.replace("id = 2", "id = 0"))
    assert main(["validate", str(bad)]) == 1
    assert f"{bad}:23: system[0].partition[1].id: 0 is less than the minimum of 1" in capsys.readouterr().err


def test_up_with_a_bad_file_starts_nothing(tmp_path):
    bad = write(tmp_path, GOOD.replace('name = "a"', 'name = "a"\nnmae = "x"'))
    ready = tmp_path / "ready.json"
    proc = subprocess.run([sys.executable, "-m", "harness.cli", "up", "--scenario", str(bad), "--port", "0",
                           "--ready-file", str(ready), "--clock-scale", "0"],
                          check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"{bad}:19: system[0].partition[0].nmae: unknown key" in proc.stderr
    assert not ready.exists() and proc.stdout == ""
