"""The control API answers every documented endpoint with what openapi.json says, bad requests with
400 and unknown ids with 404, always JSON, never a traceback."""

from __future__ import annotations

import re

import jsonschema
import pytest

from harness.control.api import openapi_document
from tests.control.controlhelp import call
from tests.sshclients import asyncssh_run

DOC = openapi_document()


def _validate(method: str, template: str, status: int, body) -> None:
    op = DOC["paths"][template][method.lower()]
    response = op["responses"].get(str(status))
    assert response is not None, f"{method} {template}: status {status} not documented"
    schema = {"allOf": [response["content"]["application/json"]["schema"]], "components": DOC["components"]}
    jsonschema.Draft202012Validator(schema).validate(body)


def _template(path: str) -> str:
    path = path.split("?")[0]
    return re.sub(r"^/faults/[^/]+/heal$", "/faults/{id}/heal", path)


@pytest.fixture
def api(estate_factory):
    est = estate_factory("var-full")
    seen: set[tuple[str, str]] = set()

    def request(method: str, path: str, body=None, expect: int = 200, raw: bytes | None = None):
        status, doc = call(est.estate.control_url + path, method, body, raw)
        assert status == expect, (method, path, status, doc)
        _validate(method, _template(path), status, doc)
        seen.add((method.lower(), _template(path)))
        return doc

    request.est = est
    request.seen = seen
    return request


def test_every_endpoint_matches_the_openapi_document(api):
    est = api.est
    assert api("GET", "/health")["status"] == "ready"
    hosts = api("GET", "/hosts")
    assert {h["name"] for h in hosts} == {"hmc1", "lpar1", "lpar2"}
    assert "var-full" in {s["name"] for s in api("GET", "/scenarios")}
    assert "var_full" in {c["name"] for c in api("GET", "/causes")}
    coverage = api("GET", "/coverage")
    assert "chhwres" in {c["name"] for c in coverage["hmc"]} and "lssrc" in {c["name"] for c in coverage["aix"]}
    assert api("GET", "/openapi.json")["openapi"].startswith("3.")

    faults = api("GET", "/faults")
    assert [c["cause"] for c in faults["causes"]] == ["var_full"]
    cut = api("POST", "/faults", {"cause": "lan_cut", "target": "lpar1"}, expect=201)
    rule = api("POST", "/faults", {"rule": {"host": "hmc1", "command": "lshmc *", "output": "HSCL0001 x"}}, expect=201)
    ssh = api("POST", "/faults", {"ssh": "kex_fail", "host": "lpar1", "max_count": 1}, expect=201)
    api("POST", f"/faults/{cut['id']}/heal")
    api("POST", f"/faults/{cut['id']}/heal", expect=404)
    api("POST", "/faults/x/heal", expect=400)
    out, _, rc = asyncssh_run(est.host("hmc1"), "lshmc -V")
    assert (out, rc) == ("HSCL0001 x\n", 1)
    healed = api("DELETE", "/faults")
    assert {h["id"] for h in healed["healed"]} >= {rule["id"], ssh["id"]}

    api("GET", "/clock")
    api("POST", "/clock/advance", {"seconds": 60})
    api("POST", "/clock/advance", {"seconds": "6m"})
    doc = api("POST", "/clock/advance", {"until": "lpar1 rmc_state is active", "limit": 900})
    assert doc["held"] is True
    entries = api("GET", "/transcript?host=hmc1")
    assert entries[-1]["command"] == "lshmc -V" and entries[-1]["exit_code"] == 1
    assert api("GET", "/transcript?since=1") == []

    dump = api("GET", "/state")
    api("POST", "/state/snapshot", {"name": "after"}, expect=201)
    assert api("GET", "/state/snapshots") == {"snapshots": ["after"]}
    api("POST", "/reset")
    api("PUT", "/state", dump)
    api("POST", "/state/restore", {"name": "after"})
    api("POST", "/state/restore", {"name": "nope"}, expect=404)

    documented = {(m, p) for p, ops in DOC["paths"].items() for m in ops}
    assert documented - api.seen == set()


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/faults", {"cause": "no_such_cause", "target": "lpar1"}),
    ("POST", "/faults", {"cause": "var_full", "target": "no_such_lpar"}),
    ("POST", "/faults", {"rule": {"action": "explode"}}),
    ("POST", "/faults", {"rule": {"command": "(", "match": "regex"}}),
    ("POST", "/faults", {"rule": {"probability": 2}}),
    ("POST", "/faults", {"ssh": "teleport"}),
    ("POST", "/faults", {"ssh": "max_startups", "limit": "many"}),
    ("POST", "/faults", [1, 2]),
    ("POST", "/faults", {}),
    ("POST", "/clock/advance", {"seconds": -5}),
    ("POST", "/clock/advance", {"seconds": "soon"}),
    ("POST", "/clock/advance", {"until": "lpar9 rmc_state is active"}),
    ("POST", "/clock/advance", {"until": "the moon is full"}),
    ("POST", "/clock/advance", {}),
    ("GET", "/transcript?since=yesterday", None),
    ("PUT", "/state", {"format": 1}),
    ("POST", "/state/snapshot", {"name": "../../etc"}),
    ("POST", "/state/restore", {}),
])
def test_bad_requests_get_400_with_a_json_error(api, method, path, body):
    doc = api(method, path, body, expect=400)
    assert doc["error"] and "Traceback" not in doc["error"]


def test_malformed_json_and_unknown_paths(api):
    est = api.est
    status, doc = call(est.estate.control_url + "/faults", "POST", raw=b"{not json")
    assert status == 400 and doc == {"error": "body must be JSON"}
    status, doc = call(est.estate.control_url + "/no/such/thing")
    assert status == 404 and "error" in doc
    status, doc = call(est.estate.control_url + "/faults", "PATCH", {})
    assert status == 405 and "error" in doc
