"""Scenario files are input too (issue 14 item 2): duplicate names, wildcard addresses, deep nesting and
estates too large to build are refused at validation with a message, never a traceback or a long wait."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAD = """[scenario]
name = "t"
[[hmc]]
name = "hmc1"
{hmc_extra}
[[system]]
name = "S1"
type_model = "8286-42A"
serial = "2112ABC"
{system_count}
  [[system.partition]]
  name = "lpar1"
  {part_extra}
"""


def _validate(tmp_path, text: str) -> tuple[int, str]:
    path = tmp_path / "t.toml"
    path.write_text(text)
    r = subprocess.run([sys.executable, "-m", "harness.cli", "validate", str(path)], capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def _file(hmc_extra="", system_count="", part_extra="id = 1") -> str:
    return HEAD.format(hmc_extra=hmc_extra, system_count=system_count, part_extra=part_extra)


CASES = [
    ("a good file", _file(), 0, "t.toml: ok (1 HMC, 1 systems, 1 partitions)"),
    ("duplicate partition", _file() + '  [[system.partition]]\n  name = "lpar1"\n  id = 2\n', 1,
     "partition lpar1: duplicate name (also a partition)"),
    ("partition named like the HMC", _file() + '  [[system.partition]]\n  name = "hmc1"\n  id = 2\n', 1,
     "partition hmc1: duplicate name (also a hmc)"),
    ("duplicate system", _file() + '[[system]]\nname = "S1"\ntype_model = "8286-42A"\nserial = "2112ABD"\n', 1,
     "system S1: duplicate name (also a system)"),
    ("wildcard HMC address", _file(hmc_extra='address = "0.0.0.0"'), 1,
     "hmc hmc1: address 0.0.0.0 would listen on every interface"),
    ("wildcard partition address", _file(part_extra='id = 1\n  address = "0.0.0.0"'), 1,
     "partition lpar1: address 0.0.0.0 would listen on every interface"),
    ("an estate too large", _file(system_count="count = 500", part_extra="count = 5000"), 1,
     "would generate 500 systems and 2500000 partitions; fakehmc serves at most 1000 systems and 20000"),
    ("deep nesting", "x = " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply to be a scenario"),
]


@pytest.mark.parametrize("label,text,rc,message", CASES, ids=[c[0] for c in CASES])
def test_validate_refuses_with_a_message(tmp_path, label, text, rc, message):
    code, out = _validate(tmp_path, text)
    assert code == rc and message in out and "Traceback" not in out, out
