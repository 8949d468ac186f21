"""What follows the HMC's level: the schemaVersion its XML carries (objects, nested groups, jobs, errors,
the LogonResponse and the X-HMC-Schema-Version header), and port 443 beside 12443 (a twin port in the
embedded fake, published as ``rest_443``) where the level serves it (harness/rest/levels.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from rest_client import WEB, Rest, error_of, logon_body

from harness.rest import certs


@pytest.fixture
def healthy(estate_factory):
    return estate_factory("healthy")  # a V9 HMC


def _schemas(body: bytes) -> set[str]:
    return set(re.findall(rb'schemaVersion="([^"]+)"', body))


def test_a_v7_hmc_writes_v1_0_and_serves_no_443(seed, rest_for):
    rest = rest_for(seed)
    r = rest.get("uom/ManagedSystem")
    assert _schemas(r.content) == {b"V1_0"}
    assert r.headers["X-HMC-Schema-Version"] == "V1_0"
    assert "rest_443" not in seed.estate.rest_endpoints["hmc1"]
    assert "rest_443" not in seed.estate.ready_document()["hosts"][0]


def test_a_v9_hmc_writes_its_own_version_everywhere(healthy, rest_for, key_dir):
    client = Rest(healthy.estate.rest_endpoints["hmc1"]["rest"], certs.paths(key_dir, "hmc1")[0])
    info = healthy.host("hmc1")
    # the client asks for V1_0 (as pypowervm does); the answer is the HMC's version
    r = client.logon_raw(logon_body(info.username, info.password).replace('"V1_1_0"', '"V1_0"').encode())
    assert r.status_code == 200
    assert ET.fromstring(r.content).get("schemaVersion") == "V1_8_0"
    client.token = ET.fromstring(r.content).findtext(f"{WEB}X-API-Session")
    systems = client.get("uom/ManagedSystem")
    assert _schemas(systems.content) == {b"V1_8_0"}  # the object and its nested groups
    assert systems.headers["X-HMC-Schema-Version"] == "V1_8_0"
    lpars = client.get("uom/LogicalPartition")
    assert _schemas(lpars.content) == {b"V1_8_0"}
    uid = re.search(rb"<PartitionUUID [^>]*>([^<]+)<", lpars.content).group(1).decode()
    template = client.get(f"uom/LogicalPartition/{uid}/do/PowerOn")
    assert _schemas(template.content) == {b"V1_8_0"}
    missing = client.get("uom/LogicalPartition/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and _schemas(missing.content) == {b"V1_8_0"}


def test_a_malformed_schema_version_is_refused(healthy, key_dir):
    client = Rest(healthy.estate.rest_endpoints["hmc1"]["rest"], certs.paths(key_dir, "hmc1")[0])
    info = healthy.host("hmc1")
    r = client.logon_raw(logon_body(info.username, info.password).replace('"V1_1_0"', '"1.1"').encode())
    assert r.status_code == 400
    assert "schemaVersion 1.1" in error_of(r)["Message"]


def test_a_v9_hmc_serves_the_same_api_on_its_443_twin(healthy, rest_for, key_dir):
    ep = healthy.estate.rest_endpoints["hmc1"]
    twin = ep["rest_443"]
    assert twin != ep["rest"] and twin.rsplit(":", 1)[0] == ep["rest"].rsplit(":", 1)[0]  # same address
    assert healthy.estate.ready_document()["hosts"][0]["rest_443"] == twin
    rest = rest_for(healthy)
    other = Rest(twin, certs.paths(key_dir, "hmc1")[0])  # the same certificate
    other.token = rest.token  # one server: a session of one port is good on the other
    r = other.get("uom/ManagedSystem")
    assert r.status_code == 200
    assert (twin + "/rest/api/uom/ManagedSystem").encode() in r.content  # links name the port asked
    def same(body: bytes) -> bytes:  # etags hash the links, which name the port
        return re.sub(rb"<etag:etag [^>]*>[^<]*<", b"", body.replace(twin.encode(), ep["rest"].encode()))

    assert same(r.content) == same(rest.get("uom/ManagedSystem").content)
