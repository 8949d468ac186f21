"""Shared test helpers: an estate served on loopback with a frozen clock, and real-client checks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from harness.runtime.embedded import EstateConfig
from harness.runtime.thread import EstateThread


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory) -> Path:
    """Host keys are generated once for the whole run (RSA generation is slow)."""
    return tmp_path_factory.mktemp("hostkeys")


@pytest.fixture
def estate_factory(key_dir):
    started: list[EstateThread] = []

    def make(scenario: str, **overrides) -> EstateThread:
        config = EstateConfig(scenario=scenario, port=0, clock_scale=0, control_port=0, key_dir=key_dir,
                              **overrides)
        est = EstateThread(config).start()
        started.append(est)
        return est

    yield make
    for est in started:
        est.stop()


def unavailable(msg: str) -> None:
    """Skip a test whose system dependency is missing; in CI (FAKEHMC_REQUIRE_CLIENTS=1) fail it instead."""
    if os.environ.get("FAKEHMC_REQUIRE_CLIENTS"):
        pytest.fail(msg)
    pytest.skip(msg)


def require_binary(name: str, package: str | None = None) -> str:
    """The path of a system client; skip (or fail in CI) when it is not installed."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} not installed: apt-get install {package or name}")
    return path


from tests.skip_summary import pytest_terminal_summary  # noqa: E402,F401 - the list of skips at the end
