"""Fixtures of the REST API tests: the seed estate and a logged-on raw client for its HMC."""

from __future__ import annotations

import pytest
from rest_client import Rest

from harness.rest import certs


@pytest.fixture
def seed(estate_factory):
    return estate_factory("seed-lpar30")


@pytest.fixture
def rest_for(key_dir):
    def make(estate, hmc: str = "hmc1", login: bool = True) -> Rest:
        client = Rest(estate.estate.rest_endpoints[hmc]["rest"], certs.paths(key_dir, hmc)[0])
        if login:
            info = estate.host(hmc)
            assert client.logon(info.username, info.password).status_code == 200
        return client

    return make
