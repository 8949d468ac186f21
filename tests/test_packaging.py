"""A wheel holds only the packages pyproject.toml lists: every package folder must be listed."""

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "harness").rglob("__init__.py")}
    assert found - listed == set(), "packages missing from [tool.setuptools] packages"


def test_every_folder_of_package_data_is_a_listed_package():
    """A data folder that is not a package makes setuptools print its long 'absent from the packages
    configuration' warning on every install (issue 17.1); each one is listed with its package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed, data = set(config["packages"]), config["package-data"]
    for package, folder in config["package-dir"].items():
        for sub in (ROOT / folder).rglob("*"):
            if sub.is_dir() and sub.name != "__pycache__" and any(f.is_file() for f in sub.iterdir()):
                name = ".".join((package, *sub.relative_to(ROOT / folder).parts))
                assert name in listed, f"{name} ({sub}) is not in [tool.setuptools] packages"
                assert name in data, f"{name} has no [tool.setuptools.package-data] entry"
