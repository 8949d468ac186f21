"""A small TOML writer for scenario data (the standard library only reads TOML)."""

from __future__ import annotations

import json
import re

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _pairs(table: dict, indent: str = "") -> list[str]:
    return [f"{indent}{_key(k)} = {value(v)}" for k, v in table.items()
            if not (isinstance(v, list) and v and isinstance(v[0], dict))]


def dumps(data: dict, header: str = "") -> str:
    lines = [f"# {ln}" if ln else "#" for ln in header.splitlines()]
    for name in ("scenario", "network", "defaults"):
        if name in data:
            lines += ["", f"[{name}]", *_pairs(data[name])]
    for hmc in data.get("hmc", []):
        lines += ["", "[[hmc]]", *_pairs(hmc)]
        for key, items in hmc.items():  # interfaces, password_policies, ...: sub-tables
            if isinstance(items, list) and items and isinstance(items[0], dict):
                for item in items:
                    lines += ["", f"  [[hmc.{_key(key)}]]", *_pairs(item, "  ")]
    for system in data.get("system", []):
        lines += ["", "[[system]]", *_pairs(system)]
        for part in system.get("partition", []):
            lines += ["", "  [[system.partition]]", *_pairs(part, "  ")]
    return "\n".join(lines).lstrip("\n") + "\n"
