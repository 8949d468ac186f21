"""Every built-in fault scenario: DLPAR fails with HSCL2957 until the admin's fix, then works and shows
on both sides. Each walk goes through real SSH (asyncssh) to the HMC and to the broken partition."""

from __future__ import annotations

import pytest

from tests.sshclients import asyncssh_run

SYSTEM = "Server-8286-42A-SN2112ABC"

# scenario -> the admin's repair on lpar2, command by command, and whether each must succeed
REPAIRS = {
    "network-down": [("route delete -host 127.0.0.10 127.0.0.254", 0)],
    "var-full": [("chfs -a size=+1G /var", 0), ("/usr/sbin/rsct/bin/rmcctrl -z", 0),
                 ("/usr/sbin/rsct/bin/rmcctrl -A", 0), ("/usr/sbin/rsct/bin/rmcctrl -p", 0)],
    "rmc-stopped": [("/usr/sbin/rsct/bin/rmcctrl -A", 0), ("/usr/sbin/rsct/bin/rmcctrl -p", 0)],
    "cloned-node-id": [("/usr/sbin/rsct/install/bin/recfgct", 0)],
    "caa-node": [("/usr/sbin/rsct/install/bin/recfgct", 1),  # refused on an online peer domain
                 ("/usr/sbin/rsct/bin/rmcctrl -z", 0), ("/usr/sbin/rsct/bin/rmcctrl -A", 0),
                 ("/usr/sbin/rsct/bin/rmcctrl -p", 0)],
}


def curr_mem(hmc, lpar: str) -> int:
    out, _, rc = asyncssh_run(hmc, f'lshwres -r mem -m {SYSTEM} --level lpar --filter "lpar_names={lpar}" -F curr_mem')
    assert rc == 0, out
    return int(out)


@pytest.mark.parametrize("scenario", sorted(REPAIRS))
def test_dlpar_fails_until_repaired(estate_factory, scenario):
    est = estate_factory(scenario)
    hmc, lpar2 = est.host("hmc1"), est.host("lpar2")
    add = f"chhwres -r mem -m {SYSTEM} -o a -p lpar2 -q 1024"
    before = curr_mem(hmc, "lpar2")

    out, _, rc = asyncssh_run(hmc, add)
    assert rc == 1 and out.startswith("HSCL2957 "), out
    assert curr_mem(hmc, "lpar2") == before
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar2 -F rmc_state")
    if scenario != "caa-node":  # there the session is up but IBM.DRM is down: DCaps 0x0
        assert out == "inactive\n"

    for command, expected_rc in REPAIRS[scenario]:
        out, err, rc = asyncssh_run(lpar2, command)
        assert rc == expected_rc, (command, out, err)
    est.advance(420)  # the management-domain RM polls every 5-7 minutes

    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar2 -F rmc_state")
    assert out == "active\n"
    out, _, rc = asyncssh_run(hmc, add)
    assert (out, rc) == ("", 0)
    assert curr_mem(hmc, "lpar2") == before + 1024
    out, _, _ = asyncssh_run(lpar2, "lparstat -i | grep '^Online Memory'")
    assert out.split(":", 1)[1].strip() == f"{before + 1024} MB"
    assert est.call(est.world.check_invariants) == []


def test_healthy_dlpar_works_at_once(estate_factory):
    est = estate_factory("healthy")
    hmc = est.host("hmc1")
    for lpar in ("lpar1", "lpar2", "lpar3"):
        before = curr_mem(hmc, lpar)
        out, _, rc = asyncssh_run(hmc, f"chhwres -r mem -m {SYSTEM} -o a -p {lpar} -q 512")
        assert (out, rc) == ("", 0)
        assert curr_mem(hmc, lpar) == before + 512
