"""How real collectors parse HMC listings (HMC Scanner's DataParser, ansible's parseCSV): records are
split on commas outside double quotes, a doubled quote inside a quoted field is one literal quote (so a
list element holding commas nests, as in the profile's virtual_eth_adapters), a newline
inside quotes belongs to the field (lshmc -V). Every helper raises ParseError on anything a strict
parser would reject, so a listing that parses here parses in those tools."""

from __future__ import annotations

import re

NO_RESULTS = "No results were found.\n"
_NAME = re.compile(r"^[A-Za-z0-9_]+$")


class ParseError(AssertionError):
    pass


def records(text: str) -> list[list[str]]:
    """The whole output -> records (lists of fields); quotes removed, doubled quotes made single."""
    out: list[list[str]] = []
    fields: list[str] = []
    cur: list[str] = []
    in_q = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if in_q and text[i + 1:i + 2] == '"':
                cur.append('"')
                i += 2
                continue
            in_q = not in_q
        elif ch == "," and not in_q:
            fields.append("".join(cur))
            cur = []
        elif ch == "\n" and not in_q:
            fields.append("".join(cur))
            out.append(fields)
            fields, cur = [], []
        else:
            cur.append(ch)
        i += 1
    if in_q:
        raise ParseError(f"unbalanced quotes in {text!r}")
    if cur or fields:
        raise ParseError(f"output does not end with a newline: {text[-80:]!r}")
    return out


def attr_records(text: str) -> list[dict[str, str]]:
    """Default listing output -> [{attr: value}]; every field must be ``name=value`` with a new name."""
    out = []
    for rec in records(text):
        d: dict[str, str] = {}
        for f in rec:
            name, eq, value = f.partition("=")
            if not eq or not _NAME.match(name):
                raise ParseError(f"field {f!r} is not attr=value in {rec!r}")
            if name in d:
                raise ParseError(f"attribute {name} twice in {rec!r}")
            d[name] = value
            if value.startswith('"') or '""' in value:
                list_elements(value)  # nested quoting must parse too
        out.append(d)
    return out


def list_elements(value: str) -> list[str]:
    """A list value (``a,b`` or ``"a,1","b,2"``) -> its elements."""
    recs = records(value + "\n")
    if len(recs) != 1:
        raise ParseError(f"list value spans records: {value!r}")
    return recs[0]


def field_rows(text: str, names: list[str], delimiter: str = ",") -> list[list[str]]:
    """-F output with ``names`` asked -> rows; each row must have exactly len(names) values."""
    if delimiter != ",":
        raise ParseError("only the comma delimiter is parsed here")
    rows = records(text)
    for row in rows:
        if len(row) != len(names):
            raise ParseError(f"{len(row)} values for {len(names)} names {names}: {row!r}")
    return rows
