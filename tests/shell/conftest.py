"""Fixtures for the shell tests (helpers live in shell_fixtures.py)."""

import pytest
from shell_fixtures import make_shell

from harness.shell import Shell


@pytest.fixture
def hmc() -> Shell:
    return make_shell("hmc")


@pytest.fixture
def aix() -> Shell:
    return make_shell("aix", files={"/etc/hosts": "127.0.0.1 loopback\n10.1.1.2 aixlpar1\n"})

