"""Runtime faults through the Python API, HTTP and the CLI: world causes (with the symptoms seen
over SSH), command rules (error, delay, hang, probability, max count), listing, healing, reset."""

from __future__ import annotations

import threading

import pytest

from harness.control import faults
from harness.world.world import World
from tests.control.controlhelp import call, cli
from tests.control.test_control_ssh_faults import fault, fired, heal, wait_for
from tests.sshclients import asyncssh_run

SYSTEM = "Server-8286-42A-SN2112ABC"


def rmc_state(est, lpar: str) -> str:
    out, _, _ = asyncssh_run(est.host("hmc1"), f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names={lpar} -F rmc_state")
    return out.strip()


def test_python_api_over_a_world():
    from harness.scenario.catalogue import load_scenario

    world: World = load_scenario("healthy")
    cut = faults.add_fault(world, {"cause": "lan_cut", "target": "lpar1"})
    rule = faults.add_fault(world, {"rule": {"command": "rmcctrl *", "action": "delay", "seconds": 30}})
    assert [len(v) for v in faults.list_faults(world).values()] == [1, 1, 0]
    assert faults.match_rule(world, "lpar1", "root", "rmcctrl -z") is rule
    assert faults.match_rule(world, "lpar1", "root", "lssrc -a") is None
    faults.heal(world, cut["id"])
    assert "lpar1" not in world.lan.cut
    with pytest.raises(faults.UnknownFault):
        faults.heal(world, cut["id"])
    assert faults.heal_all(world)["healed"] == [rule]
    assert faults.list_faults(world) == {"causes": [], "rules": [], "ssh": []}


@pytest.mark.parametrize("cause, target, value, lpar", [
    ("lan_cut", "lpar1", True, "lpar1"),
    ("block_port", "lpar2", {"port": 657, "direction": "in"}, "lpar2"),  # one way is enough to break RMC
    ("block_port", "lpar2", {"port": 657, "direction": "out", "peer": "hmc1", "proto": "udp"}, "lpar2"),
    ("service_path_down", SYSTEM, "hmc1", "lpar3"),
])
def test_a_cause_breaks_rmc_and_healing_restores_it(estate_factory, cause, target, value, lpar):
    est = estate_factory("healthy")
    assert rmc_state(est, lpar) == "active"
    f = fault(est, cause=cause, target=target, value=value)
    _, doc = call(est.estate.control_url + "/clock/advance", "POST",
                  {"until": f"hmc1 sees {lpar} inactive", "limit": 300})  # missed heartbeats
    assert doc["held"] and doc["now"] <= 180, doc
    if cause == "service_path_down":  # the HMC cannot even list the system
        assert rmc_state(est, lpar).startswith("HSCL2965 ")
    else:
        assert rmc_state(est, lpar) == "inactive"
    heal(est, f["id"])
    _, doc = call(est.estate.control_url + "/clock/advance", "POST",
                  {"until": f"{lpar} rmc_state is active", "limit": 900})
    assert doc["held"], doc
    assert rmc_state(est, lpar) == "active"


def test_hmc_swap_leaves_a_stale_mcp_resource_and_partitions_reauthenticate(estate_factory):
    est = estate_factory("healthy")
    f = fault(est, cause="hmc_swap", target="hmc1")
    assert f["healable"] is False
    assert rmc_state(est, "lpar1") == "inactive"  # the new DMSRM holds no session yet
    _, doc = call(est.estate.control_url + "/clock/advance", "POST",
                  {"until": "hmc1 sees lpar1 active", "limit": 1200})
    assert doc["held"]
    out, _, _ = asyncssh_run(est.host("lpar1"), "/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc")
    flags = [line.split()[0] for line in out.splitlines() if line.strip().startswith(("I", "O", "i"))]
    assert sorted(flags) == ["I", "O"], out  # the new HMC up, the old resource offline
    # DELETE /faults keeps what cannot be healed
    _, report = call(est.estate.control_url + "/faults", "DELETE")
    assert [k["cause"] for k in report["kept"]] == ["hmc_swap"]


def test_error_rule_with_max_count_then_the_real_command(estate_factory):
    est = estate_factory("healthy")
    hmc = est.host("hmc1")
    add = f"chhwres -r mem -m {SYSTEM} -o a -p lpar1 -q 256"
    f = fault(est, rule={"host": "hmc*", "user": "hscroot", "command": "chhwres * -o a *",
                         "output": "HSCL2932 The dynamic removal of memory resources failed", "max_count": 1})
    assert asyncssh_run(hmc, add) == ("HSCL2932 The dynamic removal of memory resources failed\n", "", 1)
    assert asyncssh_run(hmc, add) == ("", "", 0)
    assert fired(est, f["id"]) == 1
    entries = call(est.estate.control_url + "/transcript?host=hmc1")[1]
    assert [(e["command"], e["exit_code"]) for e in entries] == [(add, 1), (add, 0)]


def test_regex_rule_on_stderr_for_one_user_only(estate_factory):
    est = estate_factory("healthy")
    fault(est, rule={"host": "lpar2", "user": "root", "command": r"^lssrc\b.*-g rsct", "match": "regex",
                     "output": "0513-085 The rsct Subsystem is not on file.", "stream": "stderr", "exit_code": 1})
    out, err, rc = asyncssh_run(est.host("lpar2"), "lssrc -g rsct")
    assert (out, err, rc) == ("", "0513-085 The rsct Subsystem is not on file.\n", 1)
    assert asyncssh_run(est.host("lpar1"), "lssrc -g rsct")[2] == 0  # other hosts untouched


def test_probability_is_seeded_and_repeatable(estate_factory):
    def run_once() -> list[int]:
        est = estate_factory("healthy")
        fault(est, rule={"host": "lpar1", "command": "true", "output": "flaky", "probability": 0.5})
        return [asyncssh_run(est.host("lpar1"), "true")[2] for _ in range(8)]

    first = run_once()
    assert first == run_once()
    assert set(first) == {0, 1}


def test_delay_rule_moves_the_virtual_clock_before_the_command(estate_factory):
    est = estate_factory("healthy")
    fault(est, rule={"host": "hmc1", "command": "lshmc *", "action": "delay", "seconds": 600})
    asyncssh_run(est.host("hmc1"), "lshmc -V")
    entry = call(est.estate.control_url + "/transcript?host=hmc1")[1][-1]
    assert entry["time"] == 600.0 and entry["iso"].endswith("09:10:00+00:00")


def test_hang_rule_holds_the_command_until_healed(estate_factory):
    est = estate_factory("healthy")
    f = fault(est, rule={"host": "lpar1", "command": "uname*", "action": "hang"})
    result = {}
    thread = threading.Thread(target=lambda: result.update(r=asyncssh_run(est.host("lpar1"), "uname -s")))
    thread.start()
    wait_for(lambda: fired(est, f["id"]) == 1, "the command never reached the rule")
    thread.join(0.2)
    assert thread.is_alive()
    assert asyncssh_run(est.host("lpar1"), "hostname")[0] == "lpar1\n"  # other commands go on
    heal(est, f["id"])
    thread.join(10)
    assert result["r"] == ("AIX\n", "", 0)


def test_reset_clears_runtime_faults_and_keeps_the_scenarios_own(estate_factory):
    est = estate_factory("var-full")
    fault(est, cause="lan_cut", target="lpar1")
    fault(est, rule={"command": "*", "output": "no"})
    fault(est, ssh="auth_refused")
    call(est.estate.control_url + "/reset", "POST")
    doc = call(est.estate.control_url + "/faults")[1]
    assert ([c["cause"] for c in doc["causes"]], doc["rules"], doc["ssh"]) == (["var_full"], [], [])
    assert asyncssh_run(est.host("lpar1"), "hostname")[2] == 0


def test_cli_fault_list_heal_and_causes(estate_factory, capsys):
    est = estate_factory("healthy")
    assert cli(est, "fault", "lan_cut", "lpar1", capsys=capsys) == (0, "fault 1\n")
    assert cli(est, "fault", "block_port", "lpar2", '{"direction": "out"}', capsys=capsys)[0] == 0
    assert cli(est, "fault", "ssh", "kex_fail", "lpar3", "max_count=1", capsys=capsys)[0] == 0
    assert cli(est, "fault", "rule", "--host", "hmc1", "--command", "lshmc *", "--output", "HSCL1", capsys=capsys)[0] == 0
    rc, out = cli(est, "fault", "list", capsys=capsys)
    assert rc == 0 and len(out.splitlines()) == 4 and "kex_fail host=lpar3" in out
    assert asyncssh_run(est.host("hmc1"), "lshmc -V") == ("HSCL1\n", "", 1)
    assert cli(est, "heal", "1", capsys=capsys) == (0, "healed 1\n")
    assert cli(est, "heal", "all", capsys=capsys) == (0, "healed 3\n")
    assert cli(est, "heal", "1", capsys=capsys)[0] == 1  # 404: gone
    assert cli(est, "fault", "no_such", "lpar1", capsys=capsys)[0] == 1
    from harness.cli import main

    assert main(["causes"]) == 0
    assert "hmc_swap" in capsys.readouterr().out
