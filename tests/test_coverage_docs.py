"""The coverage tables in docs/ are generated from the command registry and must stay in step with it
(regenerate with `fakehmc coverage > docs/coverage-hmc.md` and `--kind aix > docs/coverage-aix.md`)."""

from pathlib import Path

import pytest

from harness.hmc.coverage import coverage_text
from harness.runtime.registries import registry_for

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("kind", ["hmc", "aix"])
def test_coverage_doc_matches_registry(kind):
    # the HMC's doc also holds the whole command reference with a status per command (reference.py)
    assert (DOCS / f"coverage-{kind}.md").read_text() == coverage_text(registry_for(kind))


def test_every_registered_command_has_a_summary():
    for kind in ("hmc", "aix"):
        missing = [s.name for s in registry_for(kind).specs() if not s.summary]
        assert missing == [], f"{kind}: commands without a summary: {missing}"
