"""`fakehmc coverage --kind aix` tells the truth: a "not modelled" command answers as ksh does for a
missing program, a "modelled" one is found and runs (whatever its answer to no arguments)."""

from __future__ import annotations

from harness.aix.coverage import REFERENCE, aix_coverage_table
from harness.runtime.registries import registry_for
from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario
from harness.shell import Shell


def _rows() -> dict[str, str]:
    out = {}
    for line in aix_coverage_table(registry_for("aix")).splitlines()[2:]:
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out[cells[0].strip("`")] = cells[1]
    return out


def test_statuses_match_what_the_shell_does():
    w = load_scenario("healthy")
    shell = Shell(registry_for("aix"), "aix", Session(w, w.host("lpar1"), "root"))
    rows = _rows()
    assert rows["ps"] == rows["lsvg"] == rows["svmon"] == rows["kill"] == "modelled"
    assert rows["grep"] == "utility"
    missing = [n for n, s in rows.items() if s == "not modelled"]
    assert "chlv" in missing and "mklv" not in missing and set(missing) <= set(REFERENCE)
    for name in missing:
        res = shell.run(name)
        assert (res.exit_code, res.stderr) == (127, f"ksh: {name}:  not found.\n"), name
    for name in ("ps -ef", "lsvg rootvg", "svmon -G", "uptime", "lssrc -a", "lspv", "mount"):
        res = shell.run(name)
        assert res.exit_code == 0 and "not found" not in res.stderr, name
