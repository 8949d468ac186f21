"""Checking a scenario file against the shipped JSON Schema (scenario.schema.json).

Errors name the file, the line and the key. TOML parsers give no positions, so the line is found by
scanning the text: walk the key path through ``[[table]]`` headers and ``key =`` lines.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "scenario.schema.json"


@lru_cache(maxsize=1)
def shipped_schema() -> dict:
    return json.loads((resources.files("harness.scenario") / SCHEMA_FILE).read_text())


def live_schema() -> dict:
    """The shipped schema with the enums that live in code tables (causes, AIX levels) refreshed."""
    from ..world.causes import CAUSES
    from ..world.versions import AIX_LEVELS

    schema = json.loads(json.dumps(shipped_schema()))
    schema["$defs"]["cause_name"]["enum"] = sorted(CAUSES)
    schema["$defs"]["aix_level"]["enum"] = list(AIX_LEVELS)
    return schema


def normalise(data: Any) -> Any:
    """TOML dates and times -> ISO strings, so JSON Schema (and the world dump) can take them."""
    if isinstance(data, dict):
        return {k: normalise(v) for k, v in data.items()}
    if isinstance(data, list):
        return [normalise(v) for v in data]
    if isinstance(data, (datetime, date, time)):
        return data.isoformat()
    return data


def problems(data: dict, text: str = "") -> list[tuple[int | None, str, str]]:
    """Every schema violation as (line or None, dotted key, message), in file order."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(live_schema())
    out = []
    for err in validator.iter_errors(data):
        path = list(err.absolute_path)
        message = err.message
        if err.validator == "additionalProperties":
            allowed = set(err.schema.get("properties", {}))
            extra = sorted(k for k in err.instance if k not in allowed)
            path.append(extra[0])
            message = f"unknown key (allowed: {', '.join(sorted(allowed))})"
        elif err.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", err.message)
            message = f"missing key {missing.group(1)!r}" if missing else err.message
        elif "propertyNames" in err.absolute_schema_path:
            path.append(err.instance)
            message = f"unknown cause {err.instance!r} (see `fakehmc causes`)"
        elif err.validator == "enum":
            message = f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
        out.append((find_line(text, path), _dotted(path), message))
    return sorted(out, key=lambda p: (p[0] or 0, p[1]))


def _dotted(path: list) -> str:
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out or "(top level)"


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")


def find_line(text: str, path: list) -> int | None:
    """1-based line of the key at ``path`` (e.g. ["system", 0, "partition", 2, "memory"]), or of the
    nearest enclosing table when the key itself is not written in the file."""
    if not text:
        return None
    lines = text.splitlines()
    start, end, line = 0, len(lines), None
    tables: list[str] = []  # the dotted table name we are inside, without indexes
    for seg in path:
        if isinstance(seg, int):
            name = ".".join(tables)
            seen = -1
            for i in range(start, end):
                m = _HEADER.match(lines[i])
                if m and lines[i].lstrip().startswith("[[") and m.group(1) == name:
                    seen += 1
                    if seen == seg:
                        start, line = i, i + 1
                        end = _table_end(lines, i + 1, end, name)
                        break
            else:
                return line
            continue
        header = ".".join(tables + [seg])
        hit = _find_header(lines, start, end, header)
        if hit is not None:
            tables.append(seg)
            start, line = hit, hit + 1
            if not lines[hit].lstrip().startswith("[["):  # an array's extent is found by its index
                end = _table_end(lines, hit + 1, end, header)
            continue
        key = re.compile(rf"(^|[\s{{,]){re.escape(seg)}\s*=")
        for i in range(start, end):
            if key.search(lines[i]) and (i == start or not _HEADER.match(lines[i])):
                line = i + 1
                start = i
                break
        else:
            return line
        tables.append(seg)
    return line


def _find_header(lines: list[str], start: int, end: int, name: str) -> int | None:
    for i in range(start, end):
        m = _HEADER.match(lines[i])
        if m and m.group(1) == name:
            return i
    return None


def _table_end(lines: list[str], start: int, end: int, name: str) -> int:
    """The table ``name`` runs until a header that is neither a sub-table of it."""
    for i in range(start, end):
        m = _HEADER.match(lines[i])
        if m and not m.group(1).startswith(name + "."):
            return i
    return end
