"""Issue 17.2: a subcommand group named alone answers with its own help and exit 2, not the top-level usage."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import cli

# Written out rather than read from the parser, so that a group that loses its subcommands fails here.
GROUPS = {"clock": ("advance", "show"), "state": ("dump", "load", "snapshot", "restore")}


def _groups(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            if prefix:
                yield prefix
            for name, child in action.choices.items():
                yield from _groups(child, prefix + (name,))


def test_the_written_out_groups_are_all_the_groups():
    assert {g[0] for g in _groups(cli._parser())} == set(GROUPS)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_a_group_alone_prints_its_own_help_and_exits_2(group, capsys):
    assert cli.main([group]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"usage: fakehmc {group} [-h] {{{','.join(GROUPS[group])}}} ...\n"), out
    for sub in GROUPS[group]:
        assert f"\n    {sub} " in out or f"\n    {sub}\n" in out, (sub, out)
    assert "validate" not in out  # none of the top-level commands


def test_the_top_level_alone_still_prints_the_top_level_help(capsys):
    assert cli.main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("usage: fakehmc [-h]") and "clock" in out and "state" in out


def test_the_installed_console_script_answers_the_same():
    exe = shutil.which("fakehmc", path=str(Path(sys.executable).parent))
    assert exe, "the fakehmc console script is not installed next to this python"
    r = subprocess.run([exe, "clock"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout.startswith("usage: fakehmc clock "), (r.returncode, r.stdout, r.stderr)
