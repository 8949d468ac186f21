"""The coverage table: every HMC command the fake implements, with its flags, from the registry.

``fakehmc coverage`` prints it; the docs include it. Commands not in the table answer
``bash: <name>: command not found`` (rc 127) as a real HMC does for unknown commands.
"""

from __future__ import annotations

from ..shell.command import Registry


def coverage_table(registry: Registry) -> str:
    """A Markdown table: command, where it lives, implemented flags, what it does."""
    lines = ["| command | path | implemented flags | summary |", "|---|---|---|---|"]
    from .reference import FALLBACKS

    for spec in registry.specs():
        if spec.name in FALLBACKS and registry.flavour == "hmc":
            continue  # reference commands the model does not hold: listed by reference_table
        flags = " ".join(f"`{f}`" for f in spec.flags) or "-"
        path = spec.paths[0] if spec.paths else "(builtin)"
        summary = spec.summary.replace("|", "\\|")
        lines.append(f"| `{spec.name}` | {path} | {flags} | {summary} |")
    return "\n".join(lines) + "\n"


def reference_table(registry: Registry) -> str:
    """Every command of the HMC command reference (reference.py) with its status: implemented,
    partial (what is missing) or not modelled (why, and how it answers instead)."""
    from .reference import NOT_IN_REFERENCE, REFERENCE, status

    counts: dict[str, int] = {}
    rows = []
    for cmd in REFERENCE:
        state, note = status(cmd.name, registry.lookup(cmd.name) is not None)
        counts[state] = counts.get(state, 0) + 1
        since = "" if cmd.since == "V7" else f" (HMC {cmd.since}+)"
        rows.append(f"| `{cmd.name}` | {state} | {cmd.purpose}{since} | {note.replace('|', chr(92) + '|') or '-'} |")
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    lines = ["", "## The HMC command reference", "",
             f"{len(REFERENCE)} commands of the V9/V10 HMC command reference: {summary}. A command that is not "
             "modelled still answers as an HMC would (its usage on `--help`, \"No results were found.\" for a "
             "listing of things the world never holds, otherwise an HSCL refusal that changes nothing); on an "
             "HMC level older than the command, bash's \"command not found\".", "",
             "| command | status | purpose | missing / why not modelled |", "|---|---|---|---|", *rows]
    if NOT_IN_REFERENCE:
        lines += ["", "Not HMC commands (they answer `bash: <name>: command not found`, as a real HMC does):", ""]
        lines += [f"- `{name}`: {why}" for name, why in NOT_IN_REFERENCE.items()]
    return "\n".join(lines) + "\n"


def coverage_text(registry: Registry) -> str:
    """What `fakehmc coverage` prints: the implemented table, and for the HMC the whole reference."""
    text = coverage_table(registry)
    if registry.flavour == "hmc":
        text += reference_table(registry)
    return text
