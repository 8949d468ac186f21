"""What the ioscli commands share: the VIOS the session runs on, ioscli's word flags (``-all``,
``-field name status``), the ``-field``/``-fmt`` table rendering and the messages.

ioscli flags are whole words after one dash; ``-field`` and ``-type`` take every following word up to
the next flag [V: IBM syntax ``-field FieldName ...``].
"""

from __future__ import annotations

from ..aix.common import aix_command
from ..shell.command import CommandContext, CommandExit
from ..world import vios_maps

__all__ = ["aix_command", "vios", "parse", "usage_error", "table", "ONE", "MANY", "FLAG"]

FLAG, ONE, MANY = 0, 1, 2


def vios(ctx: CommandContext):
    """(system, vios partition) of the session; ioscli exists only on a VIOS."""
    part = ctx.session.partition
    if part is None or part.os is None or not vios_maps.is_vios(part):
        ctx.error(f"ksh: {ctx.name}:  not found.\n")  # [I] no ioscli outside a VIOS
        raise CommandExit(127)
    return ctx.session.world.system_of(part), part


def usage_error(ctx: CommandContext, usage: str, detail: str = "") -> None:
    """A bad flag or missing operand: ioscli names the problem and shows the usage, exit 1 [U wording]."""
    if detail:
        ctx.error(detail + "\n")
    ctx.error(usage if usage.endswith("\n") else usage + "\n")
    raise CommandExit(1)


def parse(ctx: CommandContext, spec: dict[str, int], usage: str,
          args: list[str] | None = None) -> dict[str, object]:
    """ioscli word flags: FLAG -> True, ONE -> str, MANY -> list[str]; positional words under ``""``."""
    argv = list(ctx.argv[1:] if args is None else args)
    out: dict[str, object] = {"": []}
    i = 0
    while i < len(argv):
        word = argv[i]
        if word.startswith("-") and len(word) > 1:
            kind = spec.get(word)
            if kind is None:
                usage_error(ctx, usage, f'"{word}" is not a valid flag.')  # [U]
            if kind == FLAG:
                out[word] = True
                i += 1
            elif kind == ONE:
                if i + 1 >= len(argv):
                    usage_error(ctx, usage, f'The "{word}" flag requires a parameter.')  # [U]
                out[word] = argv[i + 1]
                i += 2
            else:
                values = []
                i += 1
                while i < len(argv) and not (argv[i].startswith("-") and len(argv[i]) > 1):
                    values.append(argv[i])
                    i += 1
                if not values:
                    usage_error(ctx, usage, f'The "{word}" flag requires a parameter.')  # [U]
                out[word] = values
        else:
            out[""].append(word)  # type: ignore[union-attr]
            i += 1
    return out


def table(rows: list[dict[str, str]], columns: list[tuple[str, str, int]], fields: list[str] | None,
          fmt: str | None, header: bool = True) -> list[str]:
    """ioscli's listing tables: ``columns`` are (field, heading, width); ``-field`` picks and orders
    them, ``-fmt D`` joins the values with D and drops the heading [V: ``-fmt :`` output parsed by
    tools; I: widths]."""
    cols = columns
    if fields:
        by = {c[0]: c for c in columns}
        cols = [by[f.lower()] for f in fields if f.lower() in by]
    if fmt is not None:
        return [fmt.join(r.get(c[0], "") for c in cols) for r in rows]
    out = []
    if header:
        out.append(_row([c[1] for c in cols], cols))
    out += [_row([r.get(c[0], "") for c in cols], cols) for r in rows]
    return out


def _row(values: list[str], cols: list[tuple[str, str, int]]) -> str:
    parts = []
    for n, (v, c) in enumerate(zip(values, cols)):
        parts.append(v if n == len(cols) - 1 else f"{v:<{c[2]}}" if len(v) < c[2] else v + " ")
    return "".join(parts)


def out_lines(ctx: CommandContext, lines: list[str]) -> None:
    for line in lines:
        ctx.writeln(line)
