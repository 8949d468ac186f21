"""The built-in scenarios (fixtures/scenarios/*.toml) and loading a scenario by name or path."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..world.errors import WorldError
from ..world.world import World
from . import generate, schema
from .builder import ScenarioError, build_world

DEFAULT_SCENARIO = "seed-lpar30"


def _builtin_dir() -> Path:
    return Path(str(resources.files("harness.fixtures") / "scenarios"))


def builtin_names() -> list[str]:
    return sorted(p.stem for p in _builtin_dir().glob("*.toml"))


def describe_builtins() -> list[tuple[str, str]]:
    return [(name, read_scenario(name)[0].get("scenario", {}).get("description", "")) for name in builtin_names()]


def scenario_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _builtin_dir() / f"{name_or_path}.toml"
    if not path.exists():
        raise ScenarioError(f"no scenario named {name_or_path!r} (built-in: {', '.join(builtin_names())})")
    return path


def scenario_name(name_or_path: str) -> str | None:
    """The name a world built from this scenario carries ([scenario] name, else the file's stem); None
    when the file cannot be read (whoever loads it will say why)."""
    try:
        path = scenario_path(name_or_path)
        meta = tomllib.loads(path.read_text()).get("scenario", {})
    except (ScenarioError, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name else path.stem


def read_scenario(name_or_path: str, check: bool = True) -> tuple[dict[str, Any], Path]:
    """Parse and check a scenario file against the JSON Schema; errors name the file, line and key.
    ``check=False`` skips the schema (for the shipped scenarios only: see load_scenario)."""
    path = scenario_path(name_or_path)
    try:
        text = path.read_text()
        data = schema.normalise(tomllib.loads(text))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{path}: nested too deeply to be a scenario") from None
    found = schema.problems(data, text) if check else []
    if found:
        raise ScenarioError("\n".join(f"{path}:{line or '?'}: {key}: {msg}" for line, key, msg in found))
    return data, path


# The largest estate a scenario may generate: the benchmarks serve 10,000 partitions; far beyond that,
# validation alone would run for minutes (500 systems x 5,000 partitions ran past a minute).
MAX_PARTITIONS = 20_000
MAX_SYSTEMS = 1_000


def planned_size(data: dict[str, Any]) -> tuple[int, int]:
    """(systems, partitions) a scenario will have once its ``count`` entries are expanded."""
    systems = partitions = 0
    for s in data.get("system", []):
        n = _count(s.get("count", 1))
        systems += n
        partitions += n * sum(_count(p.get("count", 1)) for p in s.get("partition", []))
    return systems, partitions


def _count(value: Any) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def expanded(data: dict[str, Any], seed: int | None = None) -> dict[str, Any]:
    """``count`` entries expanded with the seed the world will use."""
    systems, partitions = planned_size(data)
    if systems > MAX_SYSTEMS or partitions > MAX_PARTITIONS:
        raise ScenarioError(f"the scenario would generate {systems} systems and {partitions} partitions; "
                            f"fakehmc serves at most {MAX_SYSTEMS} systems and {MAX_PARTITIONS} partitions")
    return generate.expand(data, int(seed if seed is not None else data.get("scenario", {}).get("seed", 0)))


def load_scenario(name_or_path: str = DEFAULT_SCENARIO, seed: int | None = None) -> World:
    # The shipped scenarios pass the schema (tests/scenario/test_scenario_schema.py checks each one);
    # checking them again on every start costs jsonschema's import, a third of `fakehmc up`'s own
    # start-up. Any other file is checked. The world builder's own checks run for all.
    path = scenario_path(name_or_path)
    data, path = read_scenario(name_or_path, check=path.parent != _builtin_dir())
    return build_scenario(data, path, seed)


def build_scenario(data: dict, path: Path, seed: int | None = None,
                   prepare: Callable[[dict], dict] | None = None) -> World:
    """Scenario data -> World; every failure becomes a ScenarioError naming the file.
    ``prepare`` may rewrite the expanded data first (the container engine swaps in LAN addresses)."""
    try:
        data = expanded(data, seed)
        if prepare is not None:
            data = prepare(data)
        world = build_world(data, seed)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    except WorldError as exc:
        raise ScenarioError(f"{path}: {exc.code}: {exc.facts}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError(f"{path}: invalid scenario: {exc}") from None
    world.scenario = world.scenario or path.stem
    return world
