"""Faults say where they stand: GET /faults, `fakehmc fault list` and estate.faults() tell whether each
injected cause still holds in the world, so a cause the tool repaired is not reported as active damage."""

from __future__ import annotations

import jsonschema
import pytest
from controlhelp import call

from harness.api import Estate
from harness.control.api import openapi_document
from harness.scenario.catalogue import builtin_names, load_scenario
from harness.world.causes.standing import STANDING, holds

RSCT = "/usr/sbin/rsct/bin"
# scenario, partition, the repair an admin runs (each one the cure the cause's summary names)
REPAIRS = [
    ("var-full", "lpar2", ["chfs -a size=+1G /var"]),
    ("rmc-stopped", "lpar2", [f"{RSCT}/rmcctrl -A", f"{RSCT}/rmcctrl -p"]),
    ("network-down", "lpar2", ["route delete -host 127.0.0.10 127.0.0.254"]),
    ("port-657-blocked", "lpar2", ["rmfilt -v 4 -n 3"]),
    ("mtu-mismatch", "lpar2", ["chdev -l en0 -a mtu=1500"]),
    ("missing-rsct-fileset", "lpar2", ["installp -acgXd /dev/cd0 rsct.core.rmc"]),
    ("backlevel-rsct", "lpar2", ["installp -agXd /dev/cd0 rsct.core.rmc"]),
    ("power4-hosts", "lpar2", ["echo '127.0.0.10 hmc1' >> /etc/hosts"]),
    ("seed-lpar30", "lpar30", ["/usr/sbin/rsct/install/bin/recfgct"]),
    ("two-interfaces", "lpar2", ["route delete -host 127.0.0.10 10.10.20.1"]),
    ("hmc-rmc-stuck", "hmc1", ["diagrmc -m Server-8286-42A-SN2112ABC -p lpar2 --autocorrect"]),
    ("recycled-ip", "hmc1", ["chsysstate -r sys -m Server-8286-42A-SN2112ABC -o rebuild"]),
]


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_cause_holds_at_the_start(name):
    world = load_scenario(name)
    for entry in world.active_causes:
        assert holds(world, entry) is (True if entry["cause"] in STANDING else None), entry


@pytest.mark.parametrize("scenario, host, commands", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_a_repair_over_ssh_shows_in_get_faults(scenario, host, commands, key_dir):
    doc = openapi_document()
    schema = {"allOf": [doc["paths"]["/faults"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]],
              "components": doc["components"]}
    with Estate(scenario, key_dir=key_dir, control_port=0) as est:
        status, before = call(est.control_url + "/faults")
        assert status == 200 and [c["holds"] for c in before["causes"]] == [True]
        for command in commands:
            r = est.ssh(host, command)
            assert r.ok, (command, r.stdout, r.stderr)
        status, after = call(est.control_url + "/faults")
        jsonschema.Draft202012Validator(schema).validate(after)
        assert [c["holds"] for c in after["causes"]] == [False]  # still listed: nobody healed it, the tool did
        assert [f["holds"] for f in est.faults()] == [False]


def test_fault_list_says_healed_in_the_world(key_dir, capsys):
    from harness.cli import main

    with Estate("var-full", key_dir=key_dir, control_port=0) as est:
        assert main(["fault", "list", "--control", est.control_url]) == 0
        assert capsys.readouterr().out.rstrip().endswith("var_full lpar2 true  still holds")
        est.ssh("lpar2", "chfs -a size=+1G /var")
        assert main(["fault", "list", "--control", est.control_url]) == 0
        assert capsys.readouterr().out.rstrip().endswith("var_full lpar2 true  healed in the world (no longer holds)")
