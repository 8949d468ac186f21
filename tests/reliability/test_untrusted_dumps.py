"""World dumps from outside (PUT /state, the state file, bundles) are checked before use: the error names
the field, and the running world is untouched (issue 14 item 2)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from harness.capture.bundle import BundleError, load_bundle
from harness.control.dump_check import DumpError, load_world_dump
from harness.runtime import persist
from harness.scenario.catalogue import load_scenario
from tests.control.controlhelp import call
from tests.sshclients import asyncssh_run


def _dump() -> dict:
    return json.loads(json.dumps(load_scenario("healthy", None).to_dict()))


def _lpar(d: dict, name: str) -> dict:
    return next(p for s in d["systems"] for p in s["partitions"] if p["name"] == name)


def _mutations():
    def ssh_kind(d):
        d["ssh_faults"] = [{"id": 1, "kind": "ssh", "ssh": "drop_everything", "host": "*", "max_count": None,
                            "count": 0, "since": 0}]

    def nan_clock(d):
        d["clock"]["now"] = float("nan")

    def overcommit(d):
        _lpar(d, "lpar1")["mem"] = {"min": 1024, "cur": 999_999, "max": 999_999}

    def duplicate(d):
        _lpar(d, "lpar2")["name"] = "lpar1"

    def wildcard(d):
        d["hmcs"][0]["net"]["interfaces"][0]["ip"] = "0.0.0.0"

    def unknown_cause(d):
        d["active_causes"] = [{"id": 1, "cause": "solar_flare", "target": "lpar1"}]

    return [("ssh fault kind", ssh_kind, "ssh_faults[0]: unknown ssh fault 'drop_everything'"),
            ("NaN clock", nan_clock, "clock.now: nan is not a finite number"),
            ("over-committed memory", overcommit, "memory over-committed"),
            ("duplicate name", duplicate, "duplicate name 'lpar1'"),
            ("wildcard address", wildcard, "address 0.0.0.0 would listen on every interface"),
            ("unknown cause", unknown_cause, "active_causes[0].cause: unknown cause 'solar_flare'")]


@pytest.mark.parametrize("label,mutate,message", _mutations(), ids=[m[0] for m in _mutations()])
def test_bad_dumps_are_refused_naming_the_field(label, mutate, message):
    d = _dump()
    load_world_dump(d)  # the untouched dump loads
    mutate(d)
    with pytest.raises(DumpError) as exc:
        load_world_dump(d)
    assert message in str(exc.value)


def test_deep_nesting_is_refused_without_recursion():
    d = _dump()
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    d["rules"] = deep
    with pytest.raises(DumpError, match="nested deeper than"):
        load_world_dump(d)


def test_put_state_refuses_and_the_estate_keeps_serving(estate_factory):
    est = estate_factory("healthy")
    hmc = est.host("hmc1")
    before = asyncssh_run(hmc, "lshwres -r mem -m Server-8286-42A-SN2112ABC --level lpar -F lpar_name,curr_mem")
    status, current = call(est.estate.control_url + "/state")
    assert status == 200
    for _, mutate, message in _mutations():
        d = json.loads(json.dumps(current))
        mutate(d)
        status, doc = call(est.estate.control_url + "/state", "PUT", d)
        assert status == 400 and message in doc["error"], (message, doc)
    # every connection and listing still works, on the same world
    assert asyncssh_run(hmc, "lshwres -r mem -m Server-8286-42A-SN2112ABC --level lpar -F lpar_name,curr_mem") == before


def test_a_tampered_state_file_is_refused(tmp_path):
    d = _dump()
    d["clock"]["now"] = float("inf")
    path = tmp_path / "world.json"
    path.write_text(json.dumps(d))
    with pytest.raises(ValueError, match="clock.now: inf is not a finite number"):
        persist.load(path)


def _bundle(path: Path, state: dict, scenario_text: str | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        members = {"state.json": json.dumps(state)}
        if scenario_text is not None:
            members["scenario.toml"] = scenario_text
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"bundle/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_bundle_cannot_write_outside_its_folder(tmp_path):
    d = _dump()
    d["scenario"] = "../../../../tmp/evil"
    target = tmp_path / "evil.toml"
    world, overrides = load_bundle(_bundle(tmp_path / "b.tar.gz", d, "# not a built-in scenario\n"))
    written = Path(overrides["scenario"])
    assert written.name == "_" * 12 + "tmp_evil.toml" and written.parent.name.startswith("fakehmc-bundle-")
    assert not target.exists() and not Path("/tmp/evil.toml").exists()


def test_a_bundle_with_a_bad_world_is_refused(tmp_path):
    d = _dump()
    _lpar(d, "lpar1")["mem"]["cur"] = 999_999
    with pytest.raises(BundleError, match="state.json: .*memory"):
        load_bundle(_bundle(tmp_path / "b.tar.gz", d))


def test_a_state_dir_of_another_scenario_is_refused_unless_asked(tmp_path, key_dir):
    from harness.runtime.embedded import Estate, EstateConfig
    from harness.scenario.builder import ScenarioError

    state = tmp_path / "state"
    first = Estate(EstateConfig(scenario="var-full", state_dir=state, key_dir=key_dir))
    assert first.world.scenario == "var-full"
    first._open_journal()  # writes the base world.json, as a served estate does
    with pytest.raises(ScenarioError, match="holds a world of scenario 'var-full', not 'healthy'"):
        Estate(EstateConfig(scenario="healthy", state_dir=state, key_dir=key_dir))
    again = Estate(EstateConfig(scenario="var-full", state_dir=state, key_dir=key_dir))
    assert again.world.scenario == "var-full"
    asked = Estate(EstateConfig(scenario="healthy", state_dir=state, key_dir=key_dir, reuse_state=True))
    assert asked.world.scenario == "var-full"  # served as it is
