"""Containers (docs/containers.md): image build time, image size and `fakehmc up --docker` to healthy,
each against a baseline measured in the same run on the same Docker engine.

- build: `images/build.sh` when nothing changed, and after an edit to one harness file (both in a
  snapshot of the tree, so other work on the tree cannot change "nothing changed" and the working
  tree is never edited), against `docker build` of a
  one-line Dockerfile `FROM <the image's base>`. When the image is absent it is built first and that
  (cold) build is reported too.
- size: the image against its base image.
- start: `fakehmc up --docker --detach` of benchmarks/containers-hmc3.toml (one HMC, three partitions:
  five containers with the engine), process start to exit (= every container healthy), against
  `docker run -d ... sleep infinity` of five containers from the same image until all are running,
  and the engine container alone until healthy.

Every container and network the benchmark starts carries ``fakehmc.estate=bench-<pid>-...`` and is
removed by that label afterwards (also those of an earlier benchmark run that crashed).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import FAKEHMC, PY, ROOT, median

IMAGE = os.environ.get("FAKEHMC_IMAGE", "fakehmc:latest")
TOPOLOGY = ROOT / "benchmarks" / "containers-hmc3.toml"
BUILD = ["bash", str(ROOT / "images" / "build.sh")]
LOCK = ROOT / "images" / ".build.lock"
EDITED = "harness/runtime/relay.py"  # the harness file the "after an edit" build changes (in the copy)
ROUNDS = 3
LABEL = "fakehmc.estate"


class Unavailable(RuntimeError):
    pass


def _docker(*argv: str, timeout: float = 120, check: bool = True) -> str:
    out = subprocess.run(["docker", *argv], capture_output=True, text=True, timeout=timeout, check=False)
    if check and out.returncode != 0:
        raise RuntimeError(f"docker {' '.join(argv[:3])}: {out.stderr.strip()[-800:]}")
    return out.stdout.strip()


def _wait_for_build_lock() -> float:
    """images/build.sh serialises builds with a lock: wait (untimed) until no other build holds it,
    so a concurrent test run's build is not counted as ours. Returns the seconds waited."""
    t = time.perf_counter()
    LOCK.parent.mkdir(exist_ok=True)
    with open(LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fcntl.flock(fh, fcntl.LOCK_UN)
    return time.perf_counter() - t


def _build(script: list[str], tag: str, env: dict | None = None, cwd: Path = ROOT) -> tuple[float, str]:
    _wait_for_build_lock()
    t = time.perf_counter()
    out = subprocess.run([*script, "--tag", tag], cwd=cwd, env={**os.environ, "FAKEHMC_IMAGE": tag, **(env or {})},
                         capture_output=True, text=True, timeout=900, check=False)
    elapsed = time.perf_counter() - t
    if out.returncode == 3:
        raise Unavailable("no base image: apt-get install debootstrap (or make python:3.11-slim pullable)")
    if out.returncode != 0:
        raise RuntimeError(f"{script[-1]} failed ({out.returncode}): {(out.stdout + out.stderr)[-2000:]}")
    return elapsed, out.stdout


def _from_base_build(base: str, tmp: Path, tag: str) -> float:
    """The baseline: `docker build` of `FROM <base>` and nothing else (same builder as build.sh)."""
    ctx = tmp / "from-base"
    ctx.mkdir(exist_ok=True)
    (ctx / "Dockerfile").write_text(f"FROM {base}\n")
    t = time.perf_counter()
    subprocess.run(["docker", "build", "-q", "-t", tag, str(ctx)], env={**os.environ, "DOCKER_BUILDKIT": "0"},
                   capture_output=True, text=True, timeout=300, check=True)
    return time.perf_counter() - t


def _image_size(image: str) -> int:
    return int(_docker("image", "inspect", "-f", "{{.Size}}", image))


def _copy_tree(dst: Path) -> None:
    """What build-wheels.sh packs (tracked and new files, never ignored ones) plus the images/ directory
    with its wheels (so the copy starts warm), as a git work tree of its own."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.split(b"\0")
    for rel in filter(None, files):
        src = ROOT / rel.decode()
        if src.is_file():
            (dst / rel.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel.decode())
    shutil.copytree(ROOT / "images" / "wheels", dst / "images" / "wheels", dirs_exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=dst, check=True)


# ---- the estate and its baselines ----------------------------------------------------------------
def _estate_ids(client) -> set[str]:
    labels = [c.labels for c in client.containers.list(all=True, filters={"label": LABEL})]
    labels += [n.attrs.get("Labels") or {} for n in client.networks.list(filters={"label": LABEL})]
    return {lab.get(LABEL, "") for lab in labels}


def _remove_crashed_runs(client) -> list[str]:
    """Estates of earlier benchmark runs whose process is gone (bench-<pid>-...)."""
    from harness.runtime.containers import remove_estates

    gone = []
    for eid in _estate_ids(client):
        if not eid.startswith("bench-"):
            continue
        try:
            os.kill(int(eid.split("-")[1]), 0)
            continue
        except (IndexError, ValueError, ProcessLookupError):
            pass
        except PermissionError:
            continue
        remove_estates(client, eid)
        gone.append(eid)
    return gone


def _force_remove(client, eid: str) -> None:
    """Baseline containers (sleep, engine alone): SIGKILL and remove, by label."""
    for c in client.containers.list(all=True, filters={"label": f"{LABEL}={eid}"}):
        c.remove(force=True)


def _up_docker(eid: str, tmp: Path) -> dict:
    argv = [*FAKEHMC, "up", "--docker", "--detach", "--scenario", str(TOPOLOGY), "--clock-scale", "0",
            "--image", IMAGE, "--estate-id", eid, "--ready-file", str(tmp / f"{eid}.json")]
    t = time.perf_counter()
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"fakehmc up --docker exited {out.returncode}: {(out.stdout + out.stderr)[-2000:]}")
    m = re.search(r"healthy after ([0-9.]+)s", out.stdout)
    return {"cli_s": elapsed, "in_process_s": float(m.group(1)) if m else float("nan"),
            "hosts": len(re.findall(r"^\S+\s+(?:hmc|aix|vios)\s", out.stdout, re.M))}


def _run_sleepers(client, eid: str, n: int) -> float:
    """`docker run -d IMAGE sleep infinity` n times at once, until every one is running."""
    names = [f"{eid}-{i}" for i in range(n)]

    def run(name: str) -> None:
        _docker("run", "-d", "--name", name, "--label", f"{LABEL}={eid}", "--label", "fakehmc.role=bench-baseline",
                IMAGE, "sleep", "infinity")

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(run, names))
    while not all(client.api.inspect_container(name)["State"]["Running"] for name in names):
        time.sleep(0.05)
    return time.perf_counter() - t


def _engine_alone(client, eid: str, env: dict[str, str]) -> float:
    """The engine container alone (same topology, same healthcheck interval as `up --docker`) until healthy."""
    argv = ["run", "-d", "--name", f"{eid}-engine", "--label", f"{LABEL}={eid}", "--label",
            "fakehmc.role=bench-baseline", "--health-interval", "1s", "--health-start-period", "120s"]
    for k, v in env.items():
        argv += ["-e", f"{k}={v}"]
    t = time.perf_counter()
    _docker(*argv, IMAGE, "python3", "-m", "harness.runtime.engine")
    deadline = time.monotonic() + 120
    while True:
        state = client.api.inspect_container(f"{eid}-engine")["State"]
        if state.get("Health", {}).get("Status") == "healthy":
            return time.perf_counter() - t
        if state["Status"] in ("exited", "dead") or time.monotonic() > deadline:
            raise RuntimeError(f"engine alone not healthy: {client.api.logs(f'{eid}-engine', tail=20).decode()}")
        time.sleep(0.25)


def run(tmp: Path, quick: bool = False) -> dict:
    from harness.runtime.containers import (ContainerError, docker_client, image_exists, leftovers, plan_estate,
                                           remove_estates)

    try:
        client = docker_client()
    except ContainerError as exc:
        raise Unavailable(str(exc)) from None
    pid = os.getpid()
    mine: list[str] = []
    res: dict = {"image": IMAGE, "topology": str(TOPOLOGY.relative_to(ROOT)),
                 "crashed_runs_removed": _remove_crashed_runs(client)}
    rounds = 1 if quick else ROUNDS
    from_base_tag = f"fakehmc-bench-from-base:{pid}"
    touched_tag = f"fakehmc-bench-snapshot:{pid}"
    try:
        # ---- build -------------------------------------------------------------------------------
        absent = not image_exists(client, IMAGE)
        cached_from = sorted({t for img in client.images.list(filters={"label": "fakehmc.base"}) for t in img.tags})
        first_s, first_out = _build(BUILD, IMAGE)
        res["first_build"] = {"image_was_absent": absent, "s": first_s, "output": first_out.strip(),
                              "layer_cache_from": cached_from}
        base = _docker("image", "inspect", "-f", '{{index .Config.Labels "fakehmc.base"}}', IMAGE)
        res["base"] = base
        from_base = [_from_base_build(base, tmp, from_base_tag) for _ in range(rounds)]
        # The warm and edited builds run in a snapshot of the tree: the working tree may change under
        # a benchmark (other work on the repository), and this one must never be edited by it.
        tree = tmp / "tree"
        t = time.perf_counter()
        _copy_tree(tree)
        res["copy_tree_s"] = time.perf_counter() - t
        copy_build = ["bash", str(tree / "images" / "build.sh")]
        copy_env = {"PYTHON": PY, "FAKEHMC_BASE": base}
        res["sync_build_s"] = _build(copy_build, touched_tag, copy_env, tree)[0]  # the snapshot, as is
        warm = [_build(copy_build, touched_tag, copy_env, tree)[0] for _ in range(rounds)]
        res["warm_build_s"], res["from_base_build_s"] = warm, from_base
        edited = []
        for i in range(1 if quick else 2):
            with open(tree / EDITED, "a") as fh:
                fh.write(f"# benchmark edit {pid}.{i}\n")
            edited.append(_build(copy_build, touched_tag, copy_env, tree)[0])
        res["edited_build_s"], res["edited_file"] = edited, EDITED
        res["image_size"], res["base_size"] = _image_size(IMAGE), _image_size(base)

        # ---- start -------------------------------------------------------------------------------
        plan = plan_estate(str(TOPOLOGY))
        n_containers = len(plan.hosts) + 1
        env = {k: v for k, v in plan.engine_env(0).items() if k != "FAKEHMC_LAN_OBSERVER"}
        ups, downs, sleepers, engines = [], [], [], []
        for i in range(rounds):
            eid = f"bench-{pid}-up{i}"
            mine.append(eid)
            ups.append(_up_docker(eid, tmp))
            t = time.perf_counter()
            remove_estates(client, eid)
            downs.append(time.perf_counter() - t)
            eid = f"bench-{pid}-sleep{i}"
            mine.append(eid)
            sleepers.append(_run_sleepers(client, eid, n_containers))
            _force_remove(client, eid)
            eid = f"bench-{pid}-engine{i}"
            mine.append(eid)
            engines.append(_engine_alone(client, eid, env))
            _force_remove(client, eid)
        res.update(containers=n_containers, hosts=len(plan.hosts), up=ups, down_s=downs, sleepers_s=sleepers,
                   engine_alone_s=engines)
        res["up_cli_s"] = median([u["cli_s"] for u in ups])
        res["up_in_process_s"] = median([u["in_process_s"] for u in ups])
    finally:
        for eid in mine:
            remove_estates(client, eid)
            _force_remove(client, eid)
        for tag in (from_base_tag, touched_tag):
            _docker("rmi", tag, check=False)  # untags (the FROM-only build is the base itself)
        left = {eid: leftovers(client, eid) for eid in mine}
        res["leftovers"] = {"containers": sum(len(v["containers"]) for v in left.values()),
                            "networks": sum(len(v["networks"]) for v in left.values())}
    return res
