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
    """`fakehmc certify` once the lead has wired it into harness/cli.py, else the module itself."""
    from harness import cli

    fakehmc = Path(sys.executable).with_name("fakehmc")
    if "certify" in cli._parser().format_help() and fakehmc.exists():
        return [str(fakehmc), "certify"]
    return [sys.executable, "-m", "harness.certify.cli"]
