"""The plugin as users meet it: inner pytest runs (pytester) of test files that use the fixtures,
the failure report, --fakehmc-target real against a stand-in HMC, and pytest-xdist workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.api import Estate

pytest_plugins = ["pytester"]


# the heavy third-party plugins cost seconds per inner session and nothing here needs them
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:faker")


@pytest.fixture(scope="module")
def _warm(key_dir):
    """An in-process inner run restores sys.modules afterwards: modules it imported first (the SSH
    client's and server's crypto) would come back as second copies and fail isinstance checks. Import
    them all here, once, by serving and using one estate in this process."""
    with Estate("healthy", key_dir=key_dir) as est:
        assert est.ssh("hmc1", "lshmc -V").ok


@pytest.fixture(autouse=True)
def _shared_host_keys(_warm, key_dir, monkeypatch):
    """pytester gives inner runs a fresh HOME: keep host keys in one place (RSA generation is slow)."""
    monkeypatch.setenv("FAKEHMC_KEY_DIR", str(key_dir))

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

FAILING = '''
import pytest

@pytest.mark.fakehmc(scenario="var-full")
def test_tool_forgot_rmc(fakehmc):
    assert fakehmc.ssh("lpar2", "chfs -a size=+1G /var").ok
    fakehmc.advance(90)
    fakehmc.transcript.assert_ran("lpar2", "rmcctrl -A")
'''


def test_failure_report_carries_the_transcript(pytester):
    pytester.makepyfile(FAILING)
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*AssertionError: no command matching 'rmcctrl -A' ran on lpar2",
        "*- fakehmc transcript (fakehmc) -*",
        "scenario var-full, virtual time 2026-11-26T09:01:30+00:00, active faults: #1 var_full(lpar2)",
        "time*host*user*channel*rc*command",
        "09:00:00*lpar2*root*exec*0*chfs -a size=+1G /var",
    ])


def test_shared_estates_report_only_the_failing_tests_commands(pytester):
    pytester.makepyfile('''
        import pytest
        pytestmark = pytest.mark.fakehmc(scenario="healthy")

        def test_one(fakehmc_module):
            fakehmc_module.ssh("lpar1", "echo one")

        def test_two(fakehmc_module):
            fakehmc_module.ssh("lpar1", "echo two")
            assert False, "boom"
    ''')
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*- fakehmc transcript (fakehmc_module) -*", "*echo two"])
    assert "echo one" not in result.stdout.str()


def test_passing_tests_add_no_section(pytester):
    pytester.makepyfile('''
        def test_ok(fakehmc):
            assert fakehmc.ssh("hmc1", "lshmc -V").ok
    ''')
    result = pytester.runpytest(*QUIET, "-rA")
    result.assert_outcomes(passed=1)
    assert "fakehmc transcript" not in result.stdout.str()


def test_bad_marker_argument_is_a_usage_error(pytester):
    pytester.makepyfile('''
        import pytest
        @pytest.mark.fakehmc(scenaro="var-full")
        def test_typo(fakehmc):
            pass
    ''')
    result = pytester.runpytest(*QUIET)
    result.stdout.fnmatch_lines(["*unknown argument(s) scenaro*"])
    assert result.ret != 0


REAL = '''
import pytest

def test_same_test_against_any_hmc(fakehmc):
    r = fakehmc.ssh(fakehmc.hmc, "lssyscfg -r sys -F name")
    assert r.stdout == "Server-8286-42A-SN2112ABC\\n", r.stdout
    assert fakehmc.target == "real" and fakehmc.env(base=None)["FAKEHMC_HMC_USER"] == "hscroot"

def test_fake_only_feature_says_so(fakehmc):
    fakehmc.advance(60)

@pytest.mark.fakehmc(requires_fake=True)
def test_marked_fake_only(fakehmc):
    fakehmc.advance(60)
'''


def test_target_real_points_the_fixture_at_another_hmc(pytester, monkeypatch):
    # a second estate stands in for real hardware: the inner run must not start one of its own
    with Estate("var-full") as stand_in:
        hmc = stand_in.hmc
        pytester.makepyfile(REAL)
        monkeypatch.setenv("FAKEHMC_PASSWORD", hmc.password)  # options may come from the environment
        result = pytester.runpytest(*QUIET, "-rs", "--fakehmc-target", "real",
                                    "--fakehmc-hmc", f"{hmc.address}:{hmc.port}", "--fakehmc-user", hmc.username)
        result.assert_outcomes(passed=1, failed=1, skipped=1)
        result.stdout.fnmatch_lines([
            "*FakeOnlyError: advancing the virtual clock is not available against a real HMC*",
            "*needs the fake estate (requires_fake=True)*",
        ])
        stand_in.transcript.assert_ran("hmc1", "lssyscfg -r sys -F name", user="hscroot")
        assert stand_in.now() == 0  # nobody moved the stand-in's clock


def test_target_real_without_hmc_is_a_usage_error(pytester):
    pytester.makepyfile("def test_x(fakehmc):\n    pass\n")
    result = pytester.runpytest(*QUIET, "--fakehmc-target", "real")
    result.stdout.fnmatch_lines(["*--fakehmc-target real needs --fakehmc-hmc*"])
    assert result.ret != 0


def test_xdist_workers_run_estates_side_by_side(pytester):
    import xdist  # noqa: F401 - pytest-xdist, a test dependency (pyproject.toml [test])
    pytester.makepyfile('''
        import os
        import pytest
        from harness.api import rmc_active

        @pytest.mark.parametrize("n", range(3))
        @pytest.mark.parametrize("fakehmc_scenario", ["healthy", "rmc-stopped"])
        def test_many(fakehmc, fakehmc_scenario, n):
            with open("runs.txt", "a") as fh:
                fh.write(f"{os.environ.get('PYTEST_XDIST_WORKER')} {fakehmc.hmc.address}:{fakehmc.hmc.port}\\n")
            assert fakehmc.ssh("lpar2", "hostname").stdout == "lpar2\\n"
            if fakehmc_scenario == "rmc-stopped":
                fakehmc.ssh("lpar2", "/usr/sbin/rsct/bin/rmcctrl -A; /usr/sbin/rsct/bin/rmcctrl -p")
            fakehmc.advance_until(rmc_active("lpar2"), limit=900)

        def test_session(fakehmc_session):
            assert fakehmc_session.ssh("hmc1", "lshmc -V").ok
    ''')
    result = pytester.runpytest_subprocess(*QUIET, "-n", "2")
    result.assert_outcomes(passed=7)
    runs = [line.split() for line in (pytester.path / "runs.txt").read_text().splitlines()]
    assert {worker for worker, _ in runs} == {"gw0", "gw1"}  # two workers, estates side by side
    assert len(runs) == 6  # every estate served on port 0 of its loopback addresses: no clashes


def test_the_readme_example_passes(pytester):
    example = EXAMPLES / "test_my_tool_var_full.py"
    code = [line for line in example.read_text().splitlines() if line.strip()]
    assert len(code) <= 18  # docstring + imports + a dozen lines of test
    result = pytester.runpytest(*QUIET, str(example))
    result.assert_outcomes(passed=1)
