"""Fixtures of the HMC command tests (helpers live in hmc_helpers.py: a unique module name)."""

from __future__ import annotations

import pytest
from hmc_helpers import MIXED_TOML, Hmc

from harness.scenario.catalogue import load_scenario


@pytest.fixture
def hmc_for():
    def make(scenario: str = "healthy") -> Hmc:
        return Hmc(load_scenario(scenario))

    return make


@pytest.fixture
def healthy(hmc_for) -> Hmc:
    return hmc_for("healthy")


@pytest.fixture
def seed(hmc_for) -> Hmc:
    return hmc_for("seed-lpar30")


@pytest.fixture
def mixed(tmp_path):
    """A V9 (or other level) world with a VIOS, a dedicated, a Not Activated and a shared partition."""

    def make(level: str = "V9") -> Hmc:
        path = tmp_path / f"mixed-{level}.toml"
        path.write_text(MIXED_TOML.format(level=level))
        return Hmc(load_scenario(str(path)))

    return make
