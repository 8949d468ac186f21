"""DCaps/CmdCaps per OS level and processor generation (harness/world/versions.py PROCESSOR_CAPS)."""

from __future__ import annotations

import pytest
from hmc_helpers import Hmc

from harness.scenario.catalogue import load_scenario
from harness.world.versions import AIX_LEVELS, caps_for

TOML = """
[scenario]
name = "caps"
seed = 5

[[hmc]]
name = "hmc1"
level = "V9"

[[system]]
name = "Server-8203-E4A-SN0601234"
type_model = "8203-E4A"
serial = "0601234"
processor = "{processor}"
memory_mb = 65536
proc_units = 8.0

  [[system.partition]]
  name = "lp1"
  id = 1
  aix_level = "{level}"
"""


@pytest.mark.parametrize("level,proc,oslevel,dcaps,cmdcaps", [
    ("6.1", "POWER6", "", 0x2F, (0x0B, 0x0B)),  # [V] 8203-E4A doc example
    ("6.1", "POWER5", "", 0xC3F, (0x1B, 0x1B)),  # [V] 9117-570
    ("6.1", "POWER7", "6100-05-01-1016", 0xC5F, (0x1B, 0x1B)),  # [V seed]
    ("6.1", "POWER7", "6100-04-01-0944", 0xC4F, (0x1B, 0x1B)),  # [V] TL4
    ("6.1", "POWER7", "6100-07-06-1241", 0x2C5F, (0x4000001B, 0x1B)),  # [V] hmc-cli §6 sample
    ("7.1", "POWER8", "", 0x2C5F, (0x4000001B, 0x1B)),
    ("7.2", "POWER9", "", 0x2C5F, (0x4000001B, 0x1B)),  # no entry: the level's default
    ("vios-3.1", "POWER8", "", 0x14F9F, (0x4000003A, 0x3A)),
])
def test_caps_table(level, proc, oslevel, dcaps, cmdcaps):
    assert caps_for(AIX_LEVELS[level], proc, oslevel) == (dcaps, cmdcaps)


def test_every_key_names_a_known_processor_generation():
    from harness.world.versions import PROCESSOR_CAPS

    gens = {f"POWER{n}" for n in range(5, 11)}
    assert all(proc in gens for _, proc in PROCESSOR_CAPS)


@pytest.mark.parametrize("proc,level,want", [("POWER6", "6.1", "DCaps:<0x2f>, CmdCaps:<0x0b, 0x0b>"),
                                             ("POWER8", "6.1", "DCaps:<0xc5f>, CmdCaps:<0x1b, 0x1b>"),
                                             ("POWER8", "7.2", "DCaps:<0x2c5f>, CmdCaps:<0x4000001b, 0x1b>")])
def test_lspartition_shows_the_processor_dependent_caps(tmp_path, proc, level, want):
    path = tmp_path / "caps.toml"
    path.write_text(TOML.format(processor=proc, level=level))
    hmc = Hmc(load_scenario(str(path)))
    out = hmc.run("lspartition -dlpar").out
    assert want in out, out
