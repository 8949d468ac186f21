"""hmc-replaced (reference §5 F8) repaired the other documented way [V CN-RMC]: `chrsrc` points the stale
IBM.MCP resource at the new HMC (on the command line or from an input file), then RMC is restarted.
Walked through real SSH like test_fault_tree.py: both views before and after, then DLPAR."""

from __future__ import annotations

import pytest

from tests.integration.test_fault_tree import (POLL, RMCCTRL, SYSTEM, advance_until_active, dlpar_entry,
                                               hmc_view, is_active)
from tests.sshclients import asyncssh_run

SELECT = "-s 'MNName == \"127.0.0.12\"'"
FORMS = {
    "selection": [f"chrsrc {SELECT} IBM.MCP HMCIPAddr=127.0.0.10"],
    "file": ["printf 'PersistentResourceAttributes::\\nresource 1:\\n        HMCIPAddr = \"127.0.0.10\"\\n' "
             "> /tmp/infile.mcp", f"chrsrc -f /tmp/infile.mcp {SELECT} IBM.MCP"],
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_hmc_replaced_repaired_with_chrsrc(estate_factory, form):
    est = estate_factory("hmc-replaced")
    hmc, lpar = est.host("hmc1"), est.host("lpar2")
    add = f"chhwres -r mem -m {SYSTEM} -o a -p lpar2 -q 256"

    # ---- symptoms, both sides
    assert not advance_until_active(est, "lpar2", POLL)
    assert hmc_view(hmc, SYSTEM, "lpar2")[0] == "inactive"
    entry = dlpar_entry(hmc, 2)
    assert "Active:<0>" in entry and "DCaps:<0x0>" in entry
    out, _, rc = asyncssh_run(hmc, add)
    assert rc == 1 and out.startswith("HSCL"), out
    out, _, _ = asyncssh_run(lpar, "lsrsrc IBM.MCP HMCIPAddr")
    assert '"10.1.1.9"' in out

    # ---- the repair: edit the resource, then restart RMC; nothing is cured at once
    for command in FORMS[form]:
        out, err, rc = asyncssh_run(lpar, command)
        assert rc == 0, (command, out, err)
    out, _, _ = asyncssh_run(lpar, "lsrsrc IBM.MCP HMCIPAddr")
    assert out.endswith('        HMCIPAddr = "127.0.0.10"\n'), out
    assert not advance_until_active(est, "lpar2", POLL)  # the RM acts on it only when restarted
    for command in (f"{RMCCTRL} -z", f"{RMCCTRL} -A", f"{RMCCTRL} -p"):
        out, err, rc = asyncssh_run(lpar, command)
        assert rc == 0, (command, out, err)
    assert not is_active(est, "lpar2")
    assert advance_until_active(est, "lpar2", POLL)
    est.advance(3 * 60)
    state, _ = hmc_view(hmc, SYSTEM, "lpar2")
    entry = dlpar_entry(hmc, 2)
    assert state == "active" and "Active:<1>" in entry and "DCaps:<0x0>" not in entry, entry
    out, _, _ = asyncssh_run(lpar, "lsrsrc IBM.MCP")
    assert out.count("resource ") == 1 and '"10.1.1.9"' not in out  # edited in place: no second resource

    # ---- DLPAR works and shows on both sides
    before = est.call(lambda: est.world.host("lpar2").partition.os.online_mem_mb)
    out, _, rc = asyncssh_run(hmc, add)
    assert (out, rc) == ("", 0)
    out, _, _ = asyncssh_run(lpar, "prtconf -m")
    assert out == f"Memory Size: {before + 256} MB\n"
    assert est.call(est.world.check_invariants) == []
