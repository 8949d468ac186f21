"""The HMC's command table is built without importing its command modules (issue 14, start-up): each
module is imported on the first run or description of one of its commands. These tests hold the static
name list in harness/hmc/__init__.py to the modules and check that nothing is imported early."""

from __future__ import annotations

import importlib
import subprocess
import sys

from harness.hmc import MULTI, SINGLE, build_registry


def test_static_names_match_each_modules_commands():
    for mod_name, names in MULTI.items():
        module = importlib.import_module(f"harness.hmc.{mod_name}")
        assert tuple(module.COMMANDS) == names, mod_name
    for name in SINGLE:
        module = importlib.import_module(f"harness.hmc.{name}")
        assert callable(getattr(module, name)) and module.SUMMARY, name


def test_every_command_describes_itself_from_its_module():
    reg = build_registry()
    for mod_name, names in MULTI.items():
        module = importlib.import_module(f"harness.hmc.{mod_name}")
        for name in names:
            spec = reg.lookup(name)
            summary, flags = module.COMMANDS[name]
            assert (spec.summary, spec.flags) == (summary, tuple(flags))
            assert spec.fn.__wrapped__ is getattr(module, name)  # behind the task-role check
            assert reg.lookup(f"/usr/hmcrbin/{name}") is spec
    spec = reg.lookup("lssyscfg")
    assert spec.summary == importlib.import_module("harness.hmc.lssyscfg").SUMMARY


_PROBE = """
import sys
from harness.runtime.registries import registry_for
reg = registry_for("hmc")
early = sorted(m for m in sys.modules if m.rsplit(".", 1)[-1] in {names})
spec = reg.lookup("lspartition")
print(",".join(early) or "-")
print("harness.hmc.lspartition" in sys.modules, "harness.hmc.migration" in sys.modules)
spec.fn
print("harness.hmc.lspartition" in sys.modules, "harness.hmc.migration" in sys.modules)
"""


def test_building_the_table_imports_no_command_module():
    names = set(SINGLE) | set(MULTI)
    out = subprocess.run([sys.executable, "-c", _PROBE.format(names=sorted(names))], capture_output=True,
                         text=True, check=True).stdout
    assert out == "-\nFalse False\nTrue False\n"
