"""`make test` ends with the list of skips, grouped by reason (issue 17.6), and CI turns them into failures."""

from __future__ import annotations

pytest_plugins = ["pytester"]
ARGS = ("-p", "tests.skip_summary", "-p", "no:fakehmc", "-p", "no:xdist", "-q")

TESTS = '''
from tests.conftest import require_binary

def test_needs_a_missing_client():
    require_binary("no-such-client-4711", "no-such-package")

def test_needs_it_too():
    require_binary("no-such-client-4711", "no-such-package")

def test_runs():
    assert True
'''


def test_the_summary_lists_each_skip_reason_with_its_count(pytester, monkeypatch):
    monkeypatch.delenv("FAKEHMC_REQUIRE_CLIENTS", raising=False)
    pytester.makepyfile(TESTS)
    result = pytester.runpytest_inprocess(*ARGS)
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines([
        "*fakehmc: skipped tests (install what each reason names to run them)*",
        "   2 skipped: no-such-client-4711 not installed: apt-get install no-such-package",
    ])


def test_in_ci_a_missing_client_fails(pytester, monkeypatch):
    monkeypatch.setenv("FAKEHMC_REQUIRE_CLIENTS", "1")
    pytester.makepyfile(TESTS)
    result = pytester.runpytest_inprocess(*ARGS)
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["nothing skipped"])
