"""One environment everywhere: estate.env() is what certify hands a tool; fakehmc markers merge from
module, class and function; fakehmc_module refuses a test asking for another scenario; a failed
test's estate can be bundled; against a real HMC the HMC is named as in the docs."""

from __future__ import annotations

import json
import os
import sys
import tarfile
from pathlib import Path

import pytest

from harness.api import Estate, RealHmc
from harness.certify.runner import run_scenario

pytest_plugins = ["pytester"]
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:faker")
FAKEHMC_VARS = ("FAKEHMC_TARGET", "FAKEHMC_HMC_ADDRESS", "FAKEHMC_HMC_PORT", "FAKEHMC_HMC_USER",
                "FAKEHMC_HMC_PASSWORD", "FAKEHMC_HOSTS", "FAKEHMC_HOSTS_JSON", "FAKEHMC_CONTROL",
                "FAKEHMC_SCENARIO", "FAKEHMC_SSH_CONFIG", "FAKEHMC_SSH", "FAKEHMC_HMC_REST")


@pytest.fixture(scope="module")
def _warm(key_dir):
    with Estate("healthy", key_dir=key_dir) as est:  # see test_plugin_pytester._warm
        assert est.ssh("hmc1", "lshmc -V").ok


@pytest.fixture(autouse=True)
def _shared_host_keys(_warm, key_dir, monkeypatch):
    monkeypatch.setenv("FAKEHMC_KEY_DIR", str(key_dir))


def test_plugin_env_names_the_same_variables_as_certify(key_dir):
    dump = f'{sys.executable} -c "import json, os; print(json.dumps(sorted(k for k in os.environ if k.startswith(\'FAKEHMC_\'))))"'
    r = run_scenario(dump, "healthy", key_dir=key_dir, clock="frozen")
    inherited = {k for k in os.environ if k.startswith("FAKEHMC_")}  # certify passes its own environment on
    certify_vars = set(json.loads(r.output.strip().splitlines()[-1])) - inherited
    with Estate("healthy", key_dir=key_dir, control_port=0) as est:
        env = est.env(None)
        assert set(env) == certify_vars == set(FAKEHMC_VARS)
        doc = json.loads(Path(env["FAKEHMC_HOSTS_JSON"]).read_text())
        assert [h["name"] for h in doc["hosts"]] == ["hmc1", "lpar1", "lpar2", "lpar3", "vios1"]
        assert doc["control"] == env["FAKEHMC_CONTROL"] and env["FAKEHMC_SCENARIO"] == "healthy"


def test_markers_merge_and_module_scenarios_are_not_silently_shared(pytester, tmp_path):
    pytester.makepyfile('''
import pytest, os
pytestmark = pytest.mark.fakehmc(scenario="var-full", requires_fake=True)

@pytest.mark.fakehmc(scenario="rmc-stopped")
def test_own_scenario_keeps_module_requires_fake(fakehmc):
    assert fakehmc.scenario == "rmc-stopped"
    env = fakehmc.env()
    assert env["FAKEHMC_CONTROL"].startswith("http://") and env["FAKEHMC_SCENARIO"] == "rmc-stopped"

@pytest.mark.fakehmc(scenario="rmc-stopped")
def test_module_estate_with_another_scenario(fakehmc_module):
    pass

def test_failing_gets_a_bundle(fakehmc):
    assert fakehmc.scenario == "var-full"
    fakehmc.ssh("lpar2", "chfs -a size=+1G /var")
    assert False, "tool broke"
''')
    bundles = tmp_path / "bundles"
    result = pytester.runpytest(*QUIET, f"--fakehmc-bundle-on-failure={bundles}", "-rA")
    result.assert_outcomes(passed=1, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*test_module_estate_with_another_scenario asks for scenario 'rmc-stopped' but "
                                 "uses fakehmc_module, the module's one estate of scenario 'var-full'*"])
    made = sorted(bundles.glob("*.tar.gz"))
    assert [p.name for p in made] == [
        "test_markers_merge_and_module_scenarios_are_not_silently_shared.py__test_failing_gets_a_bundle"
        ".fakehmc.tar.gz"]
    with tarfile.open(made[0]) as tar:
        state = json.load(tar.extractfile("bundle/state.json"))
    assert any(e["command"] == "chfs -a size=+1G /var" for e in state["transcript"])
    result.stdout.fnmatch_lines([f"bug-report bundle: {made[0]}*"])
    # the module's requires_fake=True still holds for the test with its own scenario: skipped there
    real = pytester.runpytest(*QUIET, "--fakehmc-target", "real", "--fakehmc-hmc", "192.0.2.1",
                              "-k", "own_scenario")
    real.assert_outcomes(skipped=1)


def test_real_hmc_has_the_docs_name():
    assert RealHmc("hmc.example.com").hmc.name == "hmc1"
