"""Container tests: the real Docker engine, an image built offline from nothing.

The image is built once per session by images/build.sh (wheels on the host, the base bootstrapped
with debootstrap when no registry can be reached); Docker's layer cache keeps later builds short.
Deselect with ``-m "not containers"``. Without Docker or debootstrap the tests skip and say why,
unless FAKEHMC_REQUIRE_CLIENTS is set (CI), where that is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IMAGE = os.environ.get("FAKEHMC_IMAGE", "fakehmc:test")
BUILD_TIMEOUT = 900
TIMINGS: dict[str, float] = {}


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "containers: needs the Docker engine; builds the fakehmc image "
                                       "(deselect with -m 'not containers')")


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.containers)
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT))


def _unavailable(msg: str):
    if os.environ.get("FAKEHMC_REQUIRE_CLIENTS"):
        pytest.fail(msg)
    pytest.skip(msg)


def estate_id(kind: str = "") -> str:
    """pytest-<pid>-...: a later run removes the estates of runs that are no longer alive."""
    import uuid

    return f"pytest-{os.getpid()}-{kind}{uuid.uuid4().hex[:6]}"


def _alive(estate_id: str) -> bool:
    try:
        pid = int(estate_id.split("-")[1])
        os.kill(pid, 0)
        return True
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True


@pytest.fixture(scope="session")
def docker_client():
    from harness.runtime.containers import ContainerError
    from harness.runtime.containers import docker_client as connect

    try:
        return connect()
    except ContainerError as exc:
        _unavailable(str(exc))


@pytest.fixture(scope="session")
def image(docker_client) -> str:
    """Build the image (from nothing when need be): base, wheels, docker build."""
    from harness.runtime.containers import remove_estates
    from harness.runtime.swarm import remove_swarm_estates, swarm_active

    # what a crashed earlier run of these tests left behind (estates of live runs are left alone)
    labels = [c.labels for c in docker_client.containers.list(all=True, filters={"label": "fakehmc.estate"})]
    labels += [n.attrs.get("Labels") or {} for n in docker_client.networks.list(filters={"label": "fakehmc.estate"})]
    if swarm_active(docker_client):
        labels += [s.attrs["Spec"].get("Labels") or {}
                   for s in docker_client.services.list(filters={"label": "fakehmc.estate"})]
    for estate_id in {lab.get("fakehmc.estate", "") for lab in labels}:
        if estate_id.startswith("pytest-") and not _alive(estate_id):
            remove_swarm_estates(docker_client, estate_id)  # services first: swarm would restart their containers
            remove_estates(docker_client, estate_id)
    env = dict(os.environ, FAKEHMC_IMAGE=IMAGE)
    started = time.monotonic()
    proc = subprocess.run(["bash", str(ROOT / "images" / "build.sh"), "--tag", IMAGE], check=False, env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    TIMINGS["build"] = time.monotonic() - started
    if proc.returncode == 3:  # no base image, no registry, no debootstrap
        _unavailable("no base image can be had: apt-get install debootstrap (or make python:3.11-slim pullable)")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
        pytest.fail(f"images/build.sh failed ({proc.returncode}):\n{tail}", pytrace=False)
    print(f"\n[containers] {proc.stdout.strip()} in {TIMINGS['build']:.1f}s")
    return IMAGE


USERLAND_IMAGE = os.environ.get("FAKEHMC_USERLAND_IMAGE", "fakehmc-userland:test")


@pytest.fixture(scope="session")
def userland_image(image) -> str:
    """The partition image with a real userland (images/build-userland.sh; its base bootstrapped once)."""
    started = time.monotonic()
    proc = subprocess.run(["bash", str(ROOT / "images" / "build-userland.sh"), "--tag", USERLAND_IMAGE], check=False,
                          cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
                          env=dict(os.environ, PYTHON=sys.executable))  # the manifest from this checkout
    TIMINGS["build-userland"] = time.monotonic() - started
    if proc.returncode == 3:
        _unavailable("no userland base can be had: apt-get install debootstrap")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
        pytest.fail(f"images/build-userland.sh failed ({proc.returncode}):\n{tail}", pytrace=False)
    print(f"\n[containers] {proc.stdout.strip()} in {TIMINGS['build-userland']:.1f}s")
    return USERLAND_IMAGE
