"""Keeping the world on disk: every change is written atomically (temp file, fsync, rename) before
the command that made it replies, so a server killed at any moment restarts with what it acknowledged.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..world.world import World

STATE_FILE = "world.json"


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def save(world: World, path: Path) -> None:
    data = json.dumps(world.to_dict(), separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".world.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load(path: Path) -> World:
    """The world of a state file, checked like any dump from outside (ValueError naming the field)."""
    from ..control.dump_check import load_world_dump

    with path.open() as fh:
        try:
            data = json.load(fh)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"{path}: not JSON: {exc}") from None
    return load_world_dump(data, str(path))


SNAPSHOT_DIR = "snapshots"


def snapshot_path(state_dir: Path, name: str) -> Path:
    """Where a named snapshot is kept; names are checked by the caller (no path separators)."""
    return state_dir / SNAPSHOT_DIR / f"{name}.json"


def snapshot_names(state_dir: Path) -> list[str]:
    return sorted(p.stem for p in (state_dir / SNAPSHOT_DIR).glob("*.json"))
