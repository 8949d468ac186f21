"""Shared by the certify tests: the scenarios, the example tools, and how to invoke certify."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "certify"
# a subset keeps the suite fast; the custom file exercises exit_nonzero and output_contains
SCENARIOS = ["healthy", "var-full", "caa-node", "seed-lpar30", str(EXAMPLES / "caa-node-damaged.toml")]
TOOLS = {"good": f"{sys.executable} {EXAMPLES / 'good_tool.py'}", "naive": f"sh {EXAMPLES / 'naive_tool.sh'}"}


def certify_command() -> list[str]:
    """The installed console script, as a vendor runs it: no fallback to the module, so that `certify`
    vanishing from the CLI fails every test here (issue 18.2)."""
    fakehmc = Path(sys.executable).with_name("fakehmc")
    assert fakehmc.exists(), f"no fakehmc console script next to {sys.executable}: pip install -e ."
    return [str(fakehmc), "certify"]
