"""The coverage tables in docs/ are generated from the command registry and must stay in step with it
(regenerate with `fakehmc coverage > docs/coverage-hmc.md`, `--kind aix > docs/coverage-aix.md` and
`--kind vios > docs/coverage-vios.md`, padmin's ioscli set)."""

from pathlib import Path

import pytest

from harness.hmc.coverage import coverage_text
from harness.runtime.registries import registry_for

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("kind", ["hmc", "aix", "vios"])
def test_coverage_doc_matches_registry(kind):
    if kind == "aix":  # the AIX table adds each command's status
        from harness.aix.coverage import aix_coverage_table
        assert (DOCS / "coverage-aix.md").read_text() == aix_coverage_table(registry_for("aix"))
        return
    assert (DOCS / f"coverage-{kind}.md").read_text() == coverage_text(registry_for(kind))


def test_every_registered_command_has_a_summary():
    for kind in ("hmc", "aix", "vios"):
        missing = [s.name for s in registry_for(kind).specs() if not s.summary]
        assert missing == [], f"{kind}: commands without a summary: {missing}"
