"""The built-in scenarios (fixtures/scenarios/*.toml) and loading a scenario by name or path."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..world.world import World
from .builder import ScenarioError, build_world

DEFAULT_SCENARIO = "seed-lpar30"


def _builtin_dir() -> Path:
    return Path(str(resources.files("harness.fixtures") / "scenarios"))


def builtin_names() -> list[str]:
    return sorted(p.stem for p in _builtin_dir().glob("*.toml"))


def describe_builtins() -> list[tuple[str, str]]:
    return [(name, read_scenario(name)[0].get("scenario", {}).get("description", "")) for name in builtin_names()]


def read_scenario(name_or_path: str) -> tuple[dict[str, Any], Path]:
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _builtin_dir() / f"{name_or_path}.toml"
    if not path.exists():
        raise ScenarioError(f"no scenario named {name_or_path!r} (built-in: {', '.join(builtin_names())})")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh), path
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}") from None


def load_scenario(name_or_path: str = DEFAULT_SCENARIO, seed: int | None = None) -> World:
    data, path = read_scenario(name_or_path)
    try:
        world = build_world(data, seed)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError(f"{path}: invalid scenario: {exc}") from None
    world.scenario = world.scenario or path.stem
    return world
