"""pytest plugin (entry point ``pytest11``): fixtures that run an embedded estate.

Fixtures
    ``fakehmc``          an estate per test (scenario from ``@pytest.mark.fakehmc`` or ``fakehmc_scenario``)
    ``fakehmc_module``   one estate per module (scenario from the module's ``pytestmark``)
    ``fakehmc_session``  one estate per session (``--fakehmc-scenario``)
    ``fakehmc_scenario`` the scenario name; parametrize it to run a test over several scenarios

Marker
    ``@pytest.mark.fakehmc(scenario="var-full", seed=None, clock_scale=0, requires_fake=False)``
    ``time_scale=60``: the tool's own clock moves too (libfaketime, see harness/runtime/warp.py):
    ``estate.env()`` starts the world and the tool's clock together at 60 virtual seconds per second

Each estate listens on its hosts' loopback addresses with port 0, so parallel workers
(pytest-xdist) and parallel estates never collide. On failure the transcript (every command the
hosts received) is added to the test's report.

``--fakehmc-target real --fakehmc-hmc HOST[:PORT] --fakehmc-user U --fakehmc-password P`` (or the
FAKEHMC_TARGET, FAKEHMC_HMC, FAKEHMC_USER, FAKEHMC_PASSWORD environment variables) makes the same
fixtures yield the connection details of a real HMC instead; fake-only features then raise
``FakeOnlyError``, and tests marked ``requires_fake=True`` are skipped.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

DEFAULT_SCENARIO = "healthy"
_FIXTURES = ("fakehmc", "fakehmc_module", "fakehmc_session")
_MARK_KEYS = {"scenario", "seed", "clock_scale", "time_scale", "requires_fake"}
_DUMP_ROWS = 200


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fakehmc", "fakehmc: a fake IBM HMC and AIX partitions")

    def add(name: str, env: str, help: str, **kw: Any) -> None:
        group.addoption(f"--fakehmc-{name}", dest=f"fakehmc_{name.replace('-', '_')}",
                        default=os.environ.get(env, kw.pop("default", None)), help=f"{help} (env {env})", **kw)

    add("target", "FAKEHMC_TARGET", "fake (default): serve an embedded estate; real: use the HMC given by "
        "--fakehmc-hmc", default="fake", choices=("fake", "real"))
    add("hmc", "FAKEHMC_HMC", "the real HMC, HOST[:PORT]", metavar="HOST[:PORT]")
    add("user", "FAKEHMC_USER", "the real HMC's user", default="hscroot")
    add("password", "FAKEHMC_PASSWORD", "the real HMC user's password", default="")
    add("lpar-user", "FAKEHMC_LPAR_USER", "partition user handed to tools against a real HMC")
    add("lpar-password", "FAKEHMC_LPAR_PASSWORD", "partition password handed to tools against a real HMC")
    add("scenario", "FAKEHMC_SCENARIO", f"default scenario (default {DEFAULT_SCENARIO})", default=DEFAULT_SCENARIO)
    add("key-dir", "FAKEHMC_KEY_DIR", "where host keys are kept (default ~/.local/state/fakehmc)")
    add("hmc-name", "FAKEHMC_HMC_NAME", "the real HMC's name in tests (default hmc1, as the fake's)",
        default="hmc1")
    add("bundle-on-failure", "FAKEHMC_BUNDLE_ON_FAILURE", "write a bug-report bundle of a failed test's estate "
        "into this directory (fakehmc up --from it)", metavar="DIR")
    add("listen", "FAKEHMC_LISTEN", "serve every host on this one address (one port each) instead of "
        "each host on its own loopback address")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fakehmc(scenario='healthy', seed=None, clock_scale=0, time_scale=None, requires_fake=False): the fakehmc "
        "estate this test (or module) runs against; requires_fake skips it with --fakehmc-target real")


# ---- options and markers ---------------------------------------------------------------------------
def _marker_kwargs(node: Any) -> dict:
    """The fakehmc marker's arguments merged as pytest users expect: module, then class, then the
    function's own, the closest winning key by key (a module's requires_fake=True holds for a test
    that only names its own scenario)."""
    marks = list(node.iter_markers("fakehmc")) if node is not None else []  # closest first
    kwargs: dict = {}
    for mark in reversed(marks):
        own = dict(mark.kwargs)
        if mark.args:
            own.setdefault("scenario", mark.args[0])
        kwargs.update(own)
    unknown = set(kwargs) - _MARK_KEYS
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.fakehmc: unknown argument(s) {', '.join(sorted(unknown))} "
                                f"(known: {', '.join(sorted(_MARK_KEYS))})")
    return kwargs


def _is_real(config: pytest.Config) -> bool:
    return config.getoption("fakehmc_target") == "real"


def _real_hmc(config: pytest.Config):
    from .api import RealHmc, parse_hostport

    spec = config.getoption("fakehmc_hmc")
    if not spec:
        raise pytest.UsageError("--fakehmc-target real needs --fakehmc-hmc HOST[:PORT] (or FAKEHMC_HMC)")
    address, port = parse_hostport(spec)
    return RealHmc(address, port, config.getoption("fakehmc_user"), config.getoption("fakehmc_password") or "",
                   name=config.getoption("fakehmc_hmc_name") or "hmc1",
                   lpar_user=config.getoption("fakehmc_lpar_user"),
                   lpar_password=config.getoption("fakehmc_lpar_password"))


def _start(config: pytest.Config, scenario: str, kwargs: dict):
    from .api import Estate

    # control_port=0: the control API runs, so env() gives FAKEHMC_CONTROL as certify does and
    # bundle() can write a bug report
    return Estate(scenario, seed=kwargs.get("seed"), clock_scale=kwargs.get("clock_scale", 0) or 0,
                  time_scale=kwargs.get("time_scale"), control_port=0,
                  key_dir=config.getoption("fakehmc_key_dir"), listen=config.getoption("fakehmc_listen")).start()


def _provide(request: pytest.FixtureRequest, scenario: str, kwargs: dict):
    """The generator body shared by the three scopes."""
    config = request.config
    if _is_real(config):
        if kwargs.get("requires_fake"):
            pytest.skip("needs the fake estate (requires_fake=True): not run against a real HMC")
        yield _real_hmc(config)
        return
    estate = _start(config, scenario, kwargs)
    try:
        yield estate
    finally:
        estate.stop()


# ---- fixtures ----------------------------------------------------------------------------------------
@pytest.fixture
def fakehmc_scenario(request: pytest.FixtureRequest) -> str:
    """The scenario of the ``fakehmc`` fixture: the marker's, else --fakehmc-scenario (healthy).
    Parametrize it (``@pytest.mark.parametrize("fakehmc_scenario", [...])``) to run over several."""
    if hasattr(request, "param"):
        return request.param
    return _marker_kwargs(request.node).get("scenario") or request.config.getoption("fakehmc_scenario")


@pytest.fixture
def fakehmc(request: pytest.FixtureRequest, fakehmc_scenario: str):
    """A fresh estate for this test (or the real HMC's connection details with --fakehmc-target real)."""
    yield from _provide(request, fakehmc_scenario, _marker_kwargs(request.node))


@pytest.fixture(scope="module")
def fakehmc_module(request: pytest.FixtureRequest):
    """One estate shared by a module's tests; scenario from the module's ``pytestmark``."""
    kwargs = _marker_kwargs(request.node)
    yield from _provide(request, kwargs.get("scenario") or request.config.getoption("fakehmc_scenario"), kwargs)


@pytest.fixture(scope="session")
def fakehmc_session(request: pytest.FixtureRequest):
    """One estate for the whole session (per xdist worker); scenario from --fakehmc-scenario."""
    yield from _provide(request, request.config.getoption("fakehmc_scenario"), {})


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_real(item.config) and _marker_kwargs(item).get("requires_fake"):
        pytest.skip("needs the fake estate (requires_fake=True): not run against a real HMC")
    if "fakehmc_module" in getattr(item, "fixturenames", ()):
        module = item.getparent(pytest.Module)
        shared = _marker_kwargs(module).get("scenario") or item.config.getoption("fakehmc_scenario")
        wanted = _marker_kwargs(item).get("scenario")
        if wanted and wanted != shared:
            pytest.fail(f"{item.name} asks for scenario {wanted!r} but uses fakehmc_module, the module's one "
                        f"estate of scenario {shared!r}: use the fakehmc fixture for a scenario of its own",
                        pytrace=False)


# ---- the transcript in failure reports -------------------------------------------------------------
_MARKS = pytest.StashKey[dict]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Remember where shared estates' transcripts stood when the test began."""
    marks = {}
    for name in ("fakehmc_module", "fakehmc_session"):
        est = getattr(item, "funcargs", {}).get(name)
        if est is not None and getattr(est, "target", "") == "fake" and est.running:
            try:
                marks[name] = est.transcript.mark()
            except Exception:  # noqa: BLE001  (no mark: the report shows the whole transcript)
                marks.pop(name, None)
    item.stash[_MARKS] = marks
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    marks = item.stash.get(_MARKS, {})
    for name in _FIXTURES:
        est = funcargs.get(name)
        if est is None or getattr(est, "target", "") != "fake" or not est.running:
            continue
        try:
            transcript = est.transcript
            if name in marks:
                transcript = transcript.since(marks[name])
            text = transcript.dump(limit=_DUMP_ROWS)
            faults = est.faults()
            clock = est.time().isoformat()
        except Exception as exc:  # noqa: BLE001  (the report must never fail because of us)
            text, faults, clock = f"(transcript unavailable: {exc!r})\n", [], "?"
        head = f"scenario {est.scenario}, virtual time {clock}"
        if faults:
            head += ", active faults: " + ", ".join(_describe(f) for f in faults)
        bundle_dir = item.config.getoption("fakehmc_bundle_on_failure")
        if bundle_dir:
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.nodeid)
            try:
                path = est.bundle(os.path.join(bundle_dir, f"{safe}.{name}.tar.gz"))
                head += f"\nbug-report bundle: {path} (fakehmc up --from {path})"
            except Exception as exc:  # noqa: BLE001  (the report must never fail because of us)
                head += f"\nno bundle: {exc!r}"
        report.sections.append((f"fakehmc transcript ({name})", head + "\n" + text))


def _describe(fault: dict) -> str:
    if "cause" in fault:
        return f"#{fault['id']} {fault['cause']}({fault.get('target')})"
    if fault.get("kind") == "rule":
        return f"#{fault['id']} rule({fault.get('host')}: {fault.get('command')} -> {fault.get('action')})"
    return f"#{fault['id']} ssh {fault.get('ssh')}({fault.get('host')})"
