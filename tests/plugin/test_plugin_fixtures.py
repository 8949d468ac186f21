"""The plugin's fixtures used directly: scenarios from markers and parameters, scopes, the clock,
faults, world access and connection details."""

from __future__ import annotations

import json

import pytest

from harness.api import AdvanceTimeout, Estate, FakeOnlyError, RealHmc, parse_hostport, rmc_active, rmc_state

pytestmark = pytest.mark.fakehmc(scenario="rmc-stopped")  # what fakehmc_module serves here


def test_default_is_the_modules_marker(fakehmc, fakehmc_scenario):
    assert fakehmc_scenario == "rmc-stopped" and fakehmc.scenario == "rmc-stopped"


@pytest.mark.fakehmc("var-full", seed=7)
def test_marker_positional_scenario_and_seed(fakehmc):
    assert fakehmc.scenario == "var-full" and fakehmc.config.seed == 7
    assert fakehmc.call(lambda w: w.scenario) == "var-full"


@pytest.mark.parametrize("fakehmc_scenario", ["healthy", "network-down"])
def test_parametrized_scenario(fakehmc, fakehmc_scenario):
    assert fakehmc.scenario == fakehmc_scenario
    assert fakehmc.call(rmc_state, "lpar2") == ("active" if fakehmc_scenario == "healthy" else "inactive")


@pytest.mark.fakehmc(scenario="healthy")
def test_connection_details(fakehmc):
    hmc = fakehmc.hmc
    assert (hmc.name, hmc.kind, hmc.username, hmc.password) == ("hmc1", "hmc", "hscroot", "abc123")
    assert hmc.port > 0 and hmc.address.startswith("127.")
    assert [p.name for p in fakehmc.partitions] == ["lpar1", "lpar2", "lpar3", "vios1"]
    assert fakehmc.host("lpar2").username == "root"
    with pytest.raises(LookupError, match="no host 'nope'"):
        fakehmc.host("nope")
    env = fakehmc.env()
    assert env["FAKEHMC_HMC_PORT"] == str(hmc.port) and env["FAKEHMC_TARGET"] == "fake"
    assert "PATH" in env and "PATH" not in fakehmc.env(base=None)
    assert [h["name"] for h in json.loads(env["FAKEHMC_HOSTS"])] == ["hmc1", "lpar1", "lpar2", "lpar3", "vios1"]
    r = fakehmc.ssh("lpar2", "hostname")
    assert (r.stdout, r.exit_status, r.ok) == ("lpar2\n", 0, True)
    fakehmc.transcript.assert_ran("lpar2", "hostname", user="root", channel="exec")


@pytest.mark.fakehmc(scenario="rmc-stopped")
def test_clock_and_advance_until(fakehmc):
    t0 = fakehmc.now()
    assert fakehmc.advance(minutes=1) == t0 + 60
    assert fakehmc.time().minute == (fakehmc.call(lambda w: w.clock.epoch).minute + 1) % 60
    with pytest.raises(AdvanceTimeout, match=r"rmc_active\('lpar2'\) still false after 600 virtual seconds"):
        fakehmc.advance_until(rmc_active("lpar2"), limit=600)
    assert fakehmc.now() == t0 + 660
    fakehmc.ssh("lpar2", "/usr/sbin/rsct/bin/rmcctrl -A; /usr/sbin/rsct/bin/rmcctrl -p")
    elapsed = fakehmc.advance_until(rmc_active("lpar2"), limit=900)
    assert 0 < elapsed <= 420 and fakehmc.call(rmc_state, "lpar2") == "active"
    assert fakehmc.advance_until(rmc_active("lpar2")) == 0  # already true: no time passes
    with pytest.raises(ValueError):
        fakehmc.advance(-1)
    with pytest.raises(TypeError, match="must be a callable"):
        fakehmc.advance_until(42)


@pytest.mark.fakehmc(scenario="var-full")
def test_advance_until_a_condition_string(fakehmc):
    with pytest.raises(ValueError, match="unknown partition 'lpar9'"):
        fakehmc.advance_until("lpar9 rmc_state is active")
    assert fakehmc.advance_until("lpar2 rmc_state is active", limit=600, raise_on_timeout=False) == -1
    fakehmc.ssh("lpar2", "chfs -a size=+1G /var && /usr/sbin/rsct/bin/rmcctrl -z && "
                         "/usr/sbin/rsct/bin/rmcctrl -A && /usr/sbin/rsct/bin/rmcctrl -p")
    assert 0 < fakehmc.advance_until("lpar2 rmc_state is active and lpar2 dcaps is nonzero", limit=600) <= 420


@pytest.mark.fakehmc(scenario="healthy")
def test_fault_and_heal(fakehmc):
    f = fakehmc.fault("lan_cut", "lpar1")
    assert fakehmc.faults()[-1]["id"] == f["id"]
    fakehmc.advance(minutes=3)  # heartbeats notice the cut
    assert fakehmc.call(rmc_state, "lpar1") == "inactive"
    healed = fakehmc.heal(f)
    assert [h["id"] for h in healed] == [f["id"]] and f["id"] not in [x["id"] for x in fakehmc.faults()]
    fakehmc.advance_until(rmc_active("lpar1"), limit=900)
    with pytest.raises(ValueError, match="unknown cause 'no_such_cause'"):
        fakehmc.fault("no_such_cause", "lpar1")


@pytest.mark.fakehmc(scenario="healthy")
def test_command_rule_and_heal_all(fakehmc):
    rule = fakehmc.rule("chhwres *", host="hmc1", output="HSCL1234 try again later\n", exit_code=1, max_count=1)
    add = "chhwres -r mem -m Server-8286-42A-SN2112ABC -o a -p lpar1 -q 256"
    first, second = fakehmc.ssh("hmc1", add), fakehmc.ssh("hmc1", add)
    assert (first.stdout, first.exit_status, second.exit_status) == ("HSCL1234 try again later\n", 1, 0)
    fakehmc.transcript.assert_ran("hmc1", "chhwres", rc=1)
    cut = fakehmc.fault("lan_cut", "lpar2")
    assert [f["id"] for f in fakehmc.faults()] == [cut["id"], rule["id"]]  # causes first, then rules
    assert {h["id"] for h in fakehmc.heal()} == {rule["id"], cut["id"]}
    assert fakehmc.faults() == []


@pytest.mark.fakehmc(scenario="var-full")
def test_reset_and_invariants(fakehmc):
    fakehmc.ssh("lpar2", "chfs -a size=+1G /var")
    fakehmc.advance(600)
    fakehmc.reset()
    assert fakehmc.now() == 0 and len(fakehmc.transcript) == 0
    assert "100%" in fakehmc.ssh("lpar2", "df -g /var").stdout
    assert fakehmc.check_invariants() == []


def test_module_estate_is_shared(fakehmc_module, request):
    assert fakehmc_module.scenario == "rmc-stopped"
    fakehmc_module.ssh("lpar1", "echo first")
    request.config.stash.setdefault(_SHARED, []).append(fakehmc_module)


def test_module_estate_is_shared_2(fakehmc_module, request):
    assert request.config.stash.get(_SHARED, [None])[-1] is fakehmc_module
    fakehmc_module.transcript.assert_ran("lpar1", "echo first")


def test_session_estate(fakehmc_session):
    assert fakehmc_session.scenario == "healthy" and fakehmc_session.running


_SHARED = pytest.StashKey[list]()


def test_estate_as_a_context_manager():
    with Estate("network-down") as est:
        assert est.running and est.call(rmc_state, "lpar2") == "inactive"
        assert repr(est) == "<fakehmc Estate 'network-down' running>"
    assert not est.running
    with pytest.raises(RuntimeError, match="not running"):
        est.host("hmc1")


def test_real_hmc_refuses_fake_only_features():
    real = RealHmc("hmc.example.com", 22, "hscroot", "secret", lpar_user="root", lpar_password="pw")
    assert real.hmc.address == "hmc.example.com" and real.target == "real"
    env = real.env(base=None)
    assert env["FAKEHMC_HMC_ADDRESS"] == "hmc.example.com" and env["FAKEHMC_LPAR_PASSWORD"] == "pw"
    for action in (lambda: real.advance(60), lambda: real.fault("lan_cut", "x"), lambda: real.transcript,
                   lambda: real.call(len), lambda: real.advance_until(lambda w: True), lambda: real.heal()):
        with pytest.raises(FakeOnlyError, match="not available against a real HMC"):
            action()


def test_parse_hostport():
    assert parse_hostport("hmc1") == ("hmc1", 22)
    assert parse_hostport("10.0.0.5:2222") == ("10.0.0.5", 2222)
    assert parse_hostport("[::1]:2200") == ("::1", 2200)
    assert parse_hostport("[fe80::1]") == ("fe80::1", 22)


@pytest.mark.fakehmc(scenario="healthy")
def test_ssh_fault(fakehmc):
    import asyncssh

    fault = fakehmc.ssh_fault("auth_refused", host="lpar1")
    with pytest.raises(asyncssh.PermissionDenied):
        fakehmc.ssh("lpar1", "hostname")
    assert fakehmc.ssh("lpar2", "hostname").ok  # other hosts are untouched
    fakehmc.heal(fault)
    assert fakehmc.ssh("lpar1", "hostname").stdout == "lpar1\n"
