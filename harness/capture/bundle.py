"""Bug-report bundles: one tar.gz with everything needed to bring a running estate back exactly.

    manifest.json    versions (fakehmc, python, asyncssh, HMC levels), scenario name, when, what
    state.json       GET /state: the world, its clock, active faults (causes, rules, SSH faults), transcript
    faults.json, clock.json, transcript.json, hosts.json   the same facts as the API shows them, for reading
    scenario.toml    the scenario file served, when known (built-in, or given with --scenario)

``fakehmc up --from BUNDLE`` loads state.json: see ``load_bundle`` and ``apply_bundle``.
"""

from __future__ import annotations

import io
import json
import platform
import re
import tarfile
import tempfile
import time
from pathlib import Path

from ..world.world import World

FORMAT = "fakehmc-bundle/1"
MAX_MEMBER = 64 * 1024 * 1024  # as PUT /state: a large estate's world dump
MAX_TOTAL = 256 * 1024 * 1024


class BundleError(ValueError):
    """Not a readable fakehmc bundle; the message names the file."""


def _get(url: str, path: str, token: str | None = None):
    from ..control.client import ControlError, call

    try:
        return call(url, "GET", path, token=token, timeout=120)
    except ControlError as exc:
        raise OSError(str(exc)) from None


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def _scenario_text(name: str, given: Path | None) -> str | None:
    if given is not None:
        return given.read_text()
    from ..scenario.catalogue import builtin_names, scenario_path

    return scenario_path(name).read_text() if name in builtin_names() else None


def write_bundle(url: str, output: Path, scenario: Path | None = None, token: str | None = None) -> str:
    state = _get(url, "/state", token)
    files = {name: _get(url, path, token) for name, path in (
        ("faults.json", "/faults"), ("clock.json", "/clock"), ("transcript.json", "/transcript"),
        ("hosts.json", "/hosts"))}
    files = {"state.json": state, **files}
    text = _scenario_text(state.get("scenario", ""), scenario)
    manifest = {
        "format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scenario": state.get("scenario", ""), "scenario_file": text is not None,
        "versions": {"fakehmc": _version("fakehmc"), "python": platform.python_version(),
                     "asyncssh": _version("asyncssh"),
                     "hmc": {h["name"]: h.get("level_key", "") for h in state.get("hmcs", [])}},
        "files": sorted([*files, *(["scenario.toml"] if text is not None else [])]),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w:gz") as tar:
        _add(tar, "manifest.json", json.dumps(manifest, indent=1) + "\n")
        for name, doc in files.items():
            _add(tar, name, json.dumps(doc, indent=1) + "\n")
        if text is not None:
            _add(tar, "scenario.toml", text)
    faults = files["faults.json"]
    nfaults = sum(len(faults.get(k, [])) for k in ("causes", "rules", "ssh"))
    return (f"scenario {manifest['scenario']}, clock {files['clock.json'].get('time')}, {nfaults} faults, "
            f"{len(files['transcript.json'])} transcript entries")


def _add(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(f"bundle/{name}")
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
    tar.addfile(info, io.BytesIO(data))


def read_bundle(path: Path) -> dict[str, str]:
    """Member name (without the bundle/ folder) -> text."""
    out = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            total = 0
            for m in tar:
                if m.isfile() and m.name.startswith("bundle/") and "/" not in m.name[7:]:
                    total += m.size
                    if m.size > MAX_MEMBER or total > MAX_TOTAL:
                        raise BundleError(f"{path}: {m.name} makes the bundle larger than fakehmc reads "
                                          f"({MAX_MEMBER >> 20} MiB a file, {MAX_TOTAL >> 20} MiB in all)")
                    out[m.name[7:]] = tar.extractfile(m).read().decode()
    except (OSError, tarfile.TarError, UnicodeDecodeError) as exc:
        raise BundleError(f"{path}: {exc}") from None
    if "state.json" not in out:
        raise BundleError(f"{path}: not a fakehmc bundle (no state.json)")
    return out


def load_bundle(path: Path | str) -> tuple[World, dict]:
    """The bundled world and EstateConfig overrides: ``scenario`` (a built-in name, or the bundled
    file extracted to a temporary folder, so that reset goes back to the same start)."""
    members = read_bundle(Path(path))
    from ..control.dump_check import load_world_dump

    try:
        state = json.loads(members["state.json"])
        world = load_world_dump(state, "state.json")
    except (ValueError, RecursionError) as exc:
        raise BundleError(f"{path}: {exc}") from None
    overrides: dict = {}
    if "scenario.toml" in members:
        from ..scenario.catalogue import builtin_names, scenario_path

        name = state.get("scenario", "")
        if name in builtin_names() and scenario_path(name).read_text() == members["scenario.toml"]:
            overrides["scenario"] = name
        else:
            folder = Path(tempfile.mkdtemp(prefix="fakehmc-bundle-"))
            # the name comes from the bundle: a file name of its letters only, never a path (../, /etc/...)
            target = folder / f"{re.sub(r'[^A-Za-z0-9_-]', '_', name)[:64] or 'bundle'}.toml"
            target.write_text(members["scenario.toml"])
            overrides["scenario"] = str(target)
    return world, overrides


def apply_bundle(config, path: Path | str) -> World:
    """Make an EstateConfig start from a bundle: the world is written to the state directory (a new
    temporary one unless --state-dir was given), from which Estate restores it."""
    from ..runtime import persist
    from ..runtime.embedded import _default_key_dir

    world, overrides = load_bundle(path)
    for key, value in overrides.items():
        setattr(config, key, value)
    if config.key_dir is None:
        config.key_dir = config.state_dir or _default_key_dir()  # keep the usual host keys
    if config.state_dir is None:
        config.state_dir = Path(tempfile.mkdtemp(prefix="fakehmc-from-"))
    config.reuse_state = True  # the bundle's own world, whatever its scenario file is now called
    persist.save(world, persist.state_path(config.state_dir))
    return world
