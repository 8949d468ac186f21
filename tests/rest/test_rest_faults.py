"""REST-level faults are control-API rules naming a REST call: a refused logon, a 5xx on one path (a
bounded number of times), a slow response on the virtual clock; SSH commands never see them."""

from __future__ import annotations

from rest_client import error_of

from harness.control import faults
from tests.sshclients import asyncssh_run


def test_rest_rules_refuse_fail_and_delay(seed, rest_for):
    add = lambda rule: seed.call(lambda: faults.add_fault(seed.world, {"rule": rule}))  # noqa: E731
    info = seed.host("hmc1")
    refused = add({"host": "hmc1", "command": "PUT /rest/api/web/Logon", "output": "Logon is disabled."})
    client = rest_for(seed, login=False)
    r = client.logon(info.username, info.password)
    assert r.status_code == 401 and error_of(r)["Message"] == "Logon is disabled."
    seed.call(lambda: faults.heal(seed.world, refused["id"]))
    assert client.logon(info.username, info.password).status_code == 200

    add({"command": "GET /rest/api/uom/ManagedSystem", "output": "503 The console is busy.", "max_count": 1})
    r = client.get("uom/ManagedSystem")
    assert r.status_code == 503 and error_of(r)["Message"] == "The console is busy."
    assert client.get("uom/ManagedSystem").status_code == 200  # max_count 1: once only

    add({"command": "* /rest/api/uom/LogicalPartition*", "action": "delay", "seconds": 90})
    before = seed.call(lambda: seed.world.clock.now)
    assert client.get("uom/LogicalPartition").status_code == 200
    assert seed.call(lambda: seed.world.clock.now) == before + 90

    # an SSH command is untouched by REST rules
    out, _, rc = asyncssh_run(info, "lshmc -V")
    assert rc == 0 and out


def test_rest_drop_rule_closes_the_connection_without_a_reply(seed, rest_for):
    import pytest
    import requests

    client = rest_for(seed)
    rule = seed.call(lambda: faults.add_fault(seed.world, {"rule": {
        "host": "hmc1", "command": "PUT /rest/api/uom/LogicalPartition/*/do/*", "action": "drop"}}))
    lpars = client.get("uom/LogicalPartition/quick/All").json()
    lp = next(p for p in lpars if p["PartitionState"] == "running")
    with pytest.raises(requests.ConnectionError):
        client.request("PUT", f"uom/LogicalPartition/{lp['UUID']}/do/PowerOff",
                       data=b"<JobRequest/>", headers={"Connection": "close"})
    # nothing of the call ran, the transcript says no reply (status 0), other calls still answer
    assert client.get(f"uom/LogicalPartition/{lp['UUID']}/quick/PartitionState").json() == "running"
    dropped = seed.call(lambda: [(e.command, e.exit_code) for e in seed.world.transcript if e.channel == "rest"
                                 and e.command.startswith("PUT /rest/api/uom/")])
    assert dropped == [(f"PUT /rest/api/uom/LogicalPartition/{lp['UUID']}/do/PowerOff", 0)]
    seed.call(lambda: faults.heal(seed.world, rule["id"]))
    r = client.request("PUT", f"uom/LogicalPartition/{lp['UUID']}/do/PowerOff", data=b"<JobRequest/>")
    assert r.status_code == 200


def test_drop_is_refused_for_ssh_rules(seed):
    import pytest

    with pytest.raises(faults.FaultError, match="drop applies to REST calls only"):
        seed.call(lambda: faults.add_fault(seed.world, {"rule": {"command": "chhwres *", "action": "drop"}}))
