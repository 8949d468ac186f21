"""The coverage table: every HMC command the fake implements, with its flags, from the registry.

``fakehmc coverage`` prints it; the docs include it. Commands not in the table answer
``bash: <name>: command not found`` (rc 127) as a real HMC does for unknown commands.
"""

from __future__ import annotations

from ..shell.command import Registry


def coverage_table(registry: Registry) -> str:
    """A Markdown table: command, where it lives, implemented flags, what it does."""
    lines = ["| command | path | implemented flags | summary |", "|---|---|---|---|"]
    for spec in registry.specs():
        flags = " ".join(f"`{f}`" for f in spec.flags) or "-"
        path = spec.paths[0] if spec.paths else "(builtin)"
        summary = spec.summary.replace("|", "\\|")
        lines.append(f"| `{spec.name}` | {path} | {flags} | {summary} |")
    return "\n".join(lines) + "\n"
