"""The one formatter of every HMC listing: default attr=value lines, -F value lines, --header.

Rules [V, reference 2.1/2.2]:
- Default output: one record per line, ``attr=value`` pairs joined by ``,`` in the listing's fixed
  order; attributes that do not apply to a record are left out of its line. A pair whose value holds
  a comma is wrapped whole in double quotes (``"ipaddr=a,b"``); a list element that itself holds a
  comma is wrapped in doubled quotes (``"virtual_eth_adapters=""2/1/1/3,4,5/0/1""\"``). Spaces, ``=``,
  ``<`` and ``>`` are never quoted; an empty value prints as ``attr=``.
- ``-F names``: only values, in the order asked, joined by the delimiter the user typed between the
  names (``,`` ``:`` or a space); a value holding that delimiter is wrapped in double quotes. ``-F``
  alone prints every default attribute. ``--header`` first prints the names joined the same way.
- An ``-F`` name the listing does not know is the invalid-attribute error (exit 1); an empty result
  is "No results were found." (exit 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .attributes import Listing
from .messages import error, text

Value = str | list[str]  # a list attribute prints its elements joined by commas

_NAME = re.compile(r"([A-Za-z0-9_]+)")


@dataclass
class Record:
    """One line of a listing: every value the command knows for it, and its default order."""

    values: dict[str, Value]
    order: tuple[str, ...]  # the default line's attributes (inapplicable ones left out)
    extra: dict[str, Value] = field(default_factory=dict)  # -F-only values

    def get(self, name: str) -> Value:
        if name in self.values:
            return self.values[name]
        return self.extra.get(name, "")


def record(values: dict[str, Value], listing: Listing, omit: frozenset[str] | set[str] = frozenset(),
           order: tuple[str, ...] | None = None) -> Record:
    """A Record whose default line is ``order`` (the listing's default by default) minus ``omit``."""
    names = [a for a in (order or listing.default) if a not in omit and a in values]
    shown = set(names)
    return Record({a: values[a] for a in names}, tuple(names),
                  {a: v for a, v in values.items() if a not in shown and a not in omit})


def proc_units(value: float) -> str:
    """Processing units: the shortest decimal with at least one fraction digit (0.1, 1.0, 1.5) [V]."""
    return repr(round(float(value), 2) + 0.0)


def value_text(value: Value) -> str:
    if isinstance(value, list):
        return ",".join(f'""{e}""' if "," in e else e for e in value)
    return value


def default_line(rec: Record) -> str:
    parts = []
    for name in rec.order:
        v = value_text(rec.values[name])
        pair = f"{name}={v}"
        parts.append(f'"{pair}"' if "," in v else pair)
    return ",".join(parts)


@dataclass(frozen=True)
class FieldSpec:
    """What the user asked with -F: names (None = all default attributes) and the delimiter."""

    names: tuple[str, ...] | None
    delimiter: str = ","


def parse_fields(spec: str) -> FieldSpec:
    """Split an -F argument into names and the delimiter the user typed between them.

    The delimiter is the first run of non-name characters between two names; blanks around a
    visible delimiter are dropped (``lpar_id, state`` prints with ``,``, as the RSCT doc shows) and a
    run of blanks alone is the space delimiter.
    """
    # a listing asks up to four times per command, and pollers send the same few lists again and again;
    # a long one (any client text) is not kept
    return _parse_fields_kept(spec) if len(spec) <= _KEEP_SPECS_UP_TO else _parse_fields(spec)


_KEEP_SPECS_UP_TO = 512


@lru_cache(maxsize=256)
def _parse_fields_kept(spec: str) -> FieldSpec:
    return _parse_fields(spec)


def _parse_fields(spec: str) -> FieldSpec:
    pieces = _NAME.split(spec)
    names = tuple(pieces[1::2])
    if not names:
        return FieldSpec(None)
    delimiter = ","
    if len(names) > 1:
        between = pieces[2]
        delimiter = between.strip() or " "
    return FieldSpec(names, delimiter)


def _field(value: Value, delimiter: str) -> str:
    v = value_text(value)
    return f'"{v}"' if delimiter in v else v


def check_fields(fields: str | None, listing: Listing) -> None:
    """The invalid-attribute error for the first -F name ``listing`` does not know."""
    if fields is None:
        return
    for name in parse_fields(fields).names or ():
        if name not in listing.names:
            raise error("invalid_attribute", name=name)


def render(records: list[Record], listing: Listing, fields: str | None = None, header: bool = False) -> str:
    """The listing's text. ``fields`` is the -F argument: None without -F, "" for -F alone.

    Raises HmcError for an -F name the listing does not know.
    """
    check_fields(fields, listing)
    spec = parse_fields(fields) if fields is not None else None
    if not records:
        return text("no_results") + "\n"
    lines: list[str] = []
    if spec is None:
        lines = [default_line(r) for r in records]
    else:
        # -F alone: every default attribute, the same columns on every line (an attribute that
        # does not apply to a record prints empty) so that the header lines up [I]
        # a column none of the records prints (a POWER5's missing POWER7 fields) is not there [V:
        # the V8 header of a POWER5 system]
        delim = spec.delimiter
        names = spec.names or tuple(n for n in listing.default if any(n in r.order for r in records))
        if header:
            lines.append(delim.join(names))
        for rec in records:
            get = rec.get
            lines.append(delim.join([_field(get(n), delim) for n in names]))
    return "".join(line + "\n" for line in lines)
