"""--filter: parsing every quoting style clients send, and selecting partitions with it.

The filter is CSV ``name=value`` pairs; a filter with several values is written with inner quotes
``"lpar_names=a,b"`` [V IBM man page boilerplate / I details]. By the time the command sees it the
HMC's bash has removed one level of quoting, so all of these arrive and must work [V-client]:
  --filter lpar_ids=3                        -> lpar_ids=3
  --filter "lpar_names=a,profile_names=b"    -> lpar_names=a,profile_names=b
  --filter 'lpar_names=X'                    -> lpar_names=X
  --filter "\"lpar_names=a,b\""              -> "lpar_names=a,b"        (ansible filterBuilder)
  --filter ""lpar_names=a,b""                -> lpar_names=a,b          (bond-huang)
  --filter "lpar_ids=2,"profile_names=p1,p2"" -> lpar_ids=2,profile_names=p1,p2
So a field that does not start with ``name=`` continues the value list of the filter before it.
"""

from __future__ import annotations

import re

from .messages import error

_FILTER_START = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


def _fields(data: str) -> list[tuple[str, bool]]:
    """Split on commas outside double quotes; (field text without quotes, was it quoted)."""
    out: list[tuple[str, bool]] = []
    cur: list[str] = []
    quoted = in_quotes = False
    for ch in data:
        if ch == '"':
            in_quotes = not in_quotes
            quoted = True
        elif ch == "," and not in_quotes:
            out.append(("".join(cur), quoted))
            cur, quoted = [], False
        else:
            cur.append(ch)
    out.append(("".join(cur), quoted))
    return out


def parse_filter(data: str, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """``data`` -> {filter name: [values]}; raises HmcError for a name not in ``allowed``."""
    filters: dict[str, list[str]] = {}
    current: str | None = None
    for text, quoted in _fields(data):
        m = _FILTER_START.match(text)
        if m:
            name, value = m.group(1), m.group(2)
            if name not in allowed:
                raise error("invalid_filter", name=name)
            # a quoted pair holds a whole value list: "lpar_names=a,b"
            values = value.split(",") if quoted else [value]
            filters.setdefault(name, []).extend(values)
            current = name
        elif current is not None:
            filters[current].append(text)
        else:
            raise error("invalid_filter", name=text)
    for name in list(filters):
        filters[name] = [v for v in filters[name] if v != ""]
        if not filters[name]:
            raise error("invalid_filter", name=name)
    return filters


def select_partitions(parts: list, filters: dict[str, list[str]]) -> list:
    """Partitions matching every filter. An unknown name in lpar_names is HSCL8012 [V-client]."""
    names = filters.get("lpar_names")
    if names:
        known = {p.name for p in parts}
        missing = next((n for n in names if n not in known), None)
        if missing is not None:
            raise error("lpar_name_not_found", name=missing)
        parts = [p for p in parts if p.name in names]
    ids = filters.get("lpar_ids")
    if ids:
        wanted = {int(i) for i in ids if i.isascii() and i.isdigit()}
        parts = [p for p in parts if p.id in wanted]
    return parts
