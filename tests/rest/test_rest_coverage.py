"""docs/coverage-rest.md is generated from the REST server's router (`fakehmc coverage --kind rest`) and
must stay in step with it; every routed path says what it serves."""

from pathlib import Path

from harness.rest.coverage import rest_coverage_table

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_rest_coverage_doc_matches_router():
    table = rest_coverage_table()
    assert (DOCS / "coverage-rest.md").read_text() == table
    assert "| ? |" not in table.replace("| ?group", "")
    assert "`/rest/api/uom/{kind}/{uuid}`" in table and "GET POST" in table
