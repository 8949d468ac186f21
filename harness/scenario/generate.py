"""Count-based generation: ``count = N`` on a [[system]] or [[system.partition]] entry expands into N
entries, with realistic names, serials, FSP addresses and MACs made by Faker from the scenario seed.

Deterministic: the same file and seed always give the same entries (Faker is seeded per expansion and
nothing else draws from it). Faker is imported only when a file uses ``count``.
"""

from __future__ import annotations

import copy
from typing import Any

from .builder import ScenarioError

_ROLES = ("db", "app", "web", "mq", "batch", "etl", "bkp", "tsm", "nim", "sap")  # [I] common LPAR roles
_SERIAL_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uses_count(data: dict) -> bool:
    return any("count" in s or any("count" in p for p in s.get("partition", []))
               for s in data.get("system", []))


def expand(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """A copy of ``data`` with every ``count`` entry expanded; ``data`` itself is not changed."""
    if not uses_count(data):
        return data
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    out = copy.deepcopy(data)
    taken = {p["name"] for s in data.get("system", []) if "count" not in s
             for p in s.get("partition", []) if "count" not in p and "name" in p}
    systems = []
    for s in out.get("system", []):
        counted = "count" in s
        if counted:  # each copy's partitions are generated, so names can carry {sys}
            for p in s.get("partition", []):
                p.setdefault("count", 1)
        for k in range(int(s.pop("count", 1))):
            systems.append(_one_system(fake, s, k, counted))
    for sys_index, s in enumerate(systems, 1):
        parts, ids = [], {p["id"] for p in s.get("partition", []) if "count" not in p and "id" in p}
        for p in s.get("partition", []):
            if "count" not in p:
                parts.append(p)
                continue
            parts.extend(_partitions(fake, p, sys_index, ids, taken))
        s["partition"] = parts
    out["system"] = systems
    return out


def _one_system(fake, s: dict, k: int, counted: bool) -> dict:
    s = copy.deepcopy(s)
    if not counted:
        return s
    tm = s.get("type_model", "8286-42A")
    serial = fake.bothify("##?????", letters=_SERIAL_LETTERS)
    s["serial"] = serial
    s["fsp_address"] = fake.ipv4_private()
    pattern = s.get("name")
    s["name"] = _fmt(pattern, n=k + 1, i=k) if pattern else f"Server-{tm}-SN{serial}"
    return s


def _partitions(fake, p: dict, sys_index: int, ids: set[int], taken: set[str]) -> list[dict]:
    count = int(p.pop("count"))
    pattern = p.pop("name", None)
    next_id = int(p.pop("id", 1))
    out = []
    for k in range(count):
        while next_id in ids:
            next_id += 1
        ids.add(next_id)
        entry = copy.deepcopy(p)
        entry["id"] = next_id
        if pattern:
            name = _fmt(pattern, n=k + 1, i=k, id=next_id, sys=sys_index)
            if "{" not in pattern and count > 1:
                name = f"{pattern}{k + 1:0{len(str(count))}d}"
        else:
            name = _faker_name(fake, taken)
        if name in taken:
            raise ScenarioError(f"partition name {name!r} generated twice: put {{sys}} or {{n}} in the name pattern")
        taken.add(name)
        entry["name"] = name
        entry.setdefault("mac", "fa" + fake.hexify("^" * 10))  # locally administered, like a virtual NIC
        out.append(entry)
    return out


def _faker_name(fake, taken: set[str]) -> str:
    for _ in range(1000):
        name = f"{fake.domain_word()[:8]}{fake.random_element(_ROLES)}{fake.random_int(1, 99):02d}".lower()
        if name not in taken and name.replace("-", "").isalnum():
            return name
    raise ScenarioError("could not make a unique partition name")


def _fmt(pattern: str, **fields: Any) -> str:
    try:
        return pattern.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        raise ScenarioError(f"bad name pattern {pattern!r}: {exc} (fields: n, i, id, sys)") from None
