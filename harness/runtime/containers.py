"""Containers runtime: an estate as Docker containers (the docker SDK), one per host, one world.

Layout (docs/containers.md):

- a LAN network ``fakehmc-<id>-lan`` (bridge, its own subnet): one container per host with a static
  IP and its name as DNS alias (``hmc1``, ``lpar30``), listening on 22 (SSH) and 657 (RMC);
- an internal network ``fakehmc-<id>-svc`` (``--internal``): the service path between the per-host
  containers and the ENGINE container, which serves the whole world (``python -m
  harness.runtime.engine``: every host on its own port 2222, 2223, ..., control API on 8080, LAN
  observer on 7657) with the hosts' addresses set to their LAN IPs;
- each per-host container relays its port 22 to its port on the engine and probes the LAN
  (harness/runtime/relay.py); the engine turns what the probers see into ``lan_cut``/``block_port``,
  so ``docker network disconnect`` or an iptables rule is a real fault with no fault-API call.

Everything carries the label ``fakehmc.estate=<id>``; ``down`` (and :func:`remove_estates` for runs
that crashed) removes containers and networks by that label.

    with ContainerEstate("healthy") as estate:          # or estate = ContainerEstate(...).up()
        estate.hosts                                    # [HostInfo(name, kind, LAN IP, 22, user, pw)]
        estate.control("POST", "/clock/advance", {"seconds": 180})
        estate.disconnect("lpar2"); estate.connect("lpar2")
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from ..control.guard import TOKEN_HEADER
from .embedded import HostInfo, _write_json_atomic

log = logging.getLogger("fakehmc.containers")

LABEL = "fakehmc.estate"
ROLE_LABEL = "fakehmc.role"
HOST_LABEL = "fakehmc.host"
USERLAND_LABEL = "fakehmc.userland"  # on a partition container with a real userland: "real"
KIND_LABEL = "fakehmc.kind"
USER_LABEL = "fakehmc.user"
PASSWORD_LABEL = "fakehmc.password"
NETWORK_LABEL = "fakehmc.lan"
DEFAULT_IMAGE = "fakehmc:latest"
ENGINE_PORT = 2222  # the engine's first SSH port; host i is served on ENGINE_PORT + i
CONTROL_PORT = 8080
OBSERVER_PORT = 7657
SSH_PORT = 22
RMC_PORT = 657
READY_FILE = "/tmp/fakehmc/ready.json"
STATE_MOUNT = "/state"  # where --state-dir appears inside the engine container
FIRST_HOST = 10  # hosts get LAN addresses from .10 on (.1 is the bridge's gateway)
SUBNET_POOL = "10.213.0.0/16"  # /24s are picked from here, skipping those in use


class ContainerError(RuntimeError):
    pass


def default_image() -> str:
    return os.environ.get("FAKEHMC_IMAGE", DEFAULT_IMAGE)


# ---- the plan: who gets which address and engine port --------------------------------------------
@dataclass
class HostPlan:
    name: str
    kind: str
    address: str  # LAN IP of its container
    engine_port: int
    username: str
    password: str
    users: list[dict] = field(default_factory=list)  # a partition's users (a real userland makes them)

    def info(self) -> HostInfo:
        return HostInfo(self.name, self.kind, self.address, SSH_PORT, self.username, self.password)


@dataclass
class EstatePlan:
    scenario: str  # a built-in name, or the file's stem when ``scenario_text`` carries the file
    scenario_text: str | None
    seed: int | None
    subnet: str
    gateway: str
    hosts: list[HostPlan] = field(default_factory=list)
    userland: str = "fake"  # "real": partitions get a real userland (harness/runtime/userland.py)

    def real_userland(self, host: HostPlan) -> bool:
        return self.userland == "real" and host.kind != "hmc"

    @property
    def hmcs(self) -> list[HostPlan]:
        return [h for h in self.hosts if h.kind == "hmc"]

    def addresses(self) -> dict[str, str]:
        return {h.name: h.address for h in self.hosts}

    def engine_env(self, clock_scale: float, control_url: str = f"http://engine:{CONTROL_PORT}",
                   control_token: str = "") -> dict[str, str]:
        env = {"FAKEHMC_CONTROL_TOKEN": control_token,"FAKEHMC_SCENARIO": self.scenario, "FAKEHMC_ADDRESSES": json.dumps(self.addresses()),
               "FAKEHMC_LAN_OBSERVER": "1", "FAKEHMC_CLOCK_SCALE": f"{clock_scale:g}",
               "FAKEHMC_PORT": str(ENGINE_PORT), "FAKEHMC_PUBLIC_PORT": str(SSH_PORT),
               "FAKEHMC_CONTROL_PORT": str(CONTROL_PORT), "FAKEHMC_CONTROL_URL": control_url,
               "FAKEHMC_OBSERVER_PORT": str(OBSERVER_PORT)}
        if self.seed is not None:
            env["FAKEHMC_SEED"] = str(self.seed)
        if self.scenario_text is not None:
            env["FAKEHMC_SCENARIO_TOML"] = self.scenario_text
        if any(self.real_userland(h) for h in self.hosts):
            from .userland import EXEC_PORT

            env["FAKEHMC_EXEC_PORT"] = str(EXEC_PORT)
        return env

    def relay_probe_args(self, host: HostPlan) -> list[str]:
        """The LAN prober's arguments of a partition: report to the observer what reaching the HMCs gives."""
        if host.kind == "hmc":
            return []
        return ["--observer", f"http://engine:{OBSERVER_PORT}/observe"] + [
            a for hmc in self.hmcs for a in ("--probe", f"{hmc.name}={hmc.address}")]

    def userland_env(self, host: HostPlan, control_token: str, engine: str = "engine") -> dict[str, str]:
        """What a real-userland container's init (userland_guest.py) needs. ``engine``: its address
        (every shim asks it: an IP spares a DNS lookup per command)."""
        from .userland import EXEC_PORT, exec_token

        return {"FAKEHMC_HOST": host.name, "FAKEHMC_KIND": host.kind,
                "FAKEHMC_EXEC_URL": f"http://{engine}:{EXEC_PORT}/exec",
                "FAKEHMC_EXEC_TOKEN": exec_token(control_token, host.name),
                "FAKEHMC_USERS": json.dumps(host.users),
                "FAKEHMC_RELAY_ARGS": json.dumps(["--host", host.name, "--upstream", f"engine:{host.engine_port}",
                                                  "--rmc-port", str(RMC_PORT), *self.relay_probe_args(host)])}

    def relay_command(self, host: HostPlan) -> list[str]:
        cmd = ["python3", "-m", "harness.runtime.relay", "--host", host.name, "--port", str(SSH_PORT),
               "--upstream", f"engine:{host.engine_port}", "--rmc-port", str(RMC_PORT)]
        return cmd + self.relay_probe_args(host)


def plan_estate(scenario: str, seed: int | None = None, subnet: str = "10.213.0.0/24",
                userland: str | None = None) -> EstatePlan:
    """Load the scenario on this side (errors surface here, not in a container) and hand out addresses
    in the order of ``world.hosts()``, which is also the order of the engine's ports. ``userland``
    (fake or real) overrides the scenario's ``userland`` key."""
    from ..scenario.catalogue import _builtin_dir, load_scenario, read_scenario, scenario_path
    from .embedded import Estate
    from .userland import USERLANDS, guest_users

    path = scenario_path(scenario)
    builtin = path.parent.resolve() == _builtin_dir().resolve()
    world = load_scenario(scenario, seed)
    net = ipaddress.ip_network(subnet)
    hosts = world.hosts()
    if len(hosts) + FIRST_HOST + 1 > net.num_addresses:
        raise ContainerError(f"subnet {subnet} is too small for {len(hosts)} hosts")
    userland = userland or read_scenario(scenario)[0].get("scenario", {}).get("userland") or "fake"
    if userland not in USERLANDS:
        raise ContainerError(f"userland {userland!r}: choose one of {', '.join(USERLANDS)}")
    plan = EstatePlan(scenario=path.stem,
                      scenario_text=None if builtin else path.read_text(), seed=seed, subnet=str(net),
                      gateway=str(net.network_address + 1), userland=userland)
    for i, host in enumerate(hosts):
        address = str(net.network_address + FIRST_HOST + i)
        info = Estate._host_info(None, host, address, SSH_PORT)  # type: ignore[arg-type]  (uses no state)
        users = guest_users(host) if host.partition is not None else []
        plan.hosts.append(HostPlan(host.name, info.kind, address, ENGINE_PORT + i, info.username, info.password,
                                   users))
    return plan


# ---- docker helpers ------------------------------------------------------------------------------
def docker_client():
    try:
        import docker
    except ImportError as exc:  # pragma: no cover
        raise ContainerError("the docker SDK is missing (pip install docker)") from exc
    try:
        client = docker.from_env(timeout=120)
        client.ping()
    except (docker.errors.DockerException, OSError) as exc:
        raise ContainerError(f"cannot reach the Docker engine: {exc}") from None
    return client


def image_exists(client, image: str) -> bool:
    import docker

    try:
        client.images.get(image)
        return True
    except docker.errors.ImageNotFound:
        return False


def _used_subnets(client) -> list[ipaddress.IPv4Network]:
    out = []
    for net in client.api.networks():
        for cfg in (net.get("IPAM") or {}).get("Config") or []:
            try:
                out.append(ipaddress.ip_network(cfg["Subnet"]))
            except (KeyError, ValueError):
                pass
    return out


def free_subnet(client, hosts: int, pool: str = SUBNET_POOL, skip: int = 0) -> str:
    prefix = 24 if hosts + FIRST_HOST + 2 <= 256 else 20
    used = _used_subnets(client)
    candidates = [n for n in ipaddress.ip_network(pool).subnets(new_prefix=prefix)
                  if not any(n.overlaps(u) for u in used if u.version == 4)]
    if len(candidates) <= skip:
        raise ContainerError(f"no free /{prefix} left in {pool}")
    return str(candidates[skip])


def remove_estates(client=None, estate_id: str | None = None) -> dict[str, list[str]]:
    """Remove every container and network labelled ``fakehmc.estate`` (or ``=estate_id``): the
    cleanup after a crashed run. Containers are stopped with SIGTERM first (they stop cleanly)."""
    import docker

    client = client or docker_client()
    selector = LABEL if estate_id is None else f"{LABEL}={estate_id}"
    containers = client.containers.list(all=True, filters={"label": selector})

    def stop_and_remove(c) -> str:
        try:
            if c.status == "running":
                c.stop(timeout=5)
            c.remove(force=True, v=True)
        except docker.errors.DockerException as exc:  # already gone
            log.debug("removing %s: %s", c.name, exc)
        return c.name

    # The engine first: while it runs, its LAN observer would see the relays go away and record that cut
    # as a fault in the world it persists (a state dir would then restart with a teardown's artefact).
    engines = [c for c in containers if c.labels.get(ROLE_LABEL) == "engine"]
    removed = [stop_and_remove(c) for c in engines]
    with ThreadPoolExecutor(max_workers=8) as pool:
        removed += list(pool.map(stop_and_remove, [c for c in containers if c not in engines]))
    networks = []
    for net in client.networks.list(filters={"label": selector}):
        try:
            net.remove()
            networks.append(net.name)
        except docker.errors.DockerException as exc:
            log.debug("removing network %s: %s", net.name, exc)
    return {"containers": sorted(removed), "networks": sorted(networks)}


def leftovers(client=None, estate_id: str | None = None) -> dict[str, list[str]]:
    client = client or docker_client()
    selector = LABEL if estate_id is None else f"{LABEL}={estate_id}"
    return {"containers": sorted(c.name for c in client.containers.list(all=True, filters={"label": selector})),
            "networks": sorted(n.name for n in client.networks.list(filters={"label": selector}))}


def _healthcheck(interval_s: float = 1.0, ready_file: str = READY_FILE) -> dict:
    ns = 1_000_000_000
    return {"test": ["CMD", "test", "-f", ready_file], "interval": int(interval_s * ns), "timeout": 3 * ns,
            "retries": 3, "start_period": 120 * ns}


# ---- the estate ----------------------------------------------------------------------------------
class EstateHandle:
    """What a containerised estate (here, or on a swarm: swarm.py) offers its user beyond its own up()/down(),
    hosts, control_url and control_token: a host by name, the HMC, the control API, a context manager."""

    def __enter__(self) -> Self:
        return self.up()  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        self.down()  # type: ignore[attr-defined]

    def host(self, name: str) -> HostInfo:
        return next(h for h in self.hosts if h.name == name)

    @property
    def hmc(self) -> HostInfo:
        return next(h for h in self.hosts if h.kind == "hmc")

    def control(self, method: str, path: str, body: Any = None, timeout: float = 300) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.control_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", TOKEN_HEADER: self.control_token})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise ContainerError(f"{method} {path}: {exc.code} {exc.read().decode(errors='replace')}") from None

    def advance(self, seconds: float) -> dict:
        return self.control("POST", "/clock/advance", {"seconds": seconds})


class ContainerEstate(EstateHandle):
    def __init__(self, scenario: str | None = None, seed: int | None = None, image: str | None = None,
                 clock_scale: float = 1.0, subnet: str | None = None, estate_id: str | None = None,
                 ready_file: Path | None = None, client=None, timeout: float = 180.0,
                 state_dir: Path | None = None, userland: str | None = None,
                 userland_image: str | None = None):
        from ..scenario.catalogue import DEFAULT_SCENARIO
        from .userland import default_image as default_userland_image

        self.scenario = scenario or DEFAULT_SCENARIO
        self.seed = seed
        self.image = image or default_image()
        self.userland = userland  # None: the scenario's `userland` (default fake)
        self.userland_image = userland_image or default_userland_image()
        self.clock_scale = clock_scale
        self.subnet = subnet
        self.id = estate_id or uuid.uuid4().hex[:8]
        self.ready_file = ready_file
        # the engine's world (and host keys) on this host path: the engine runs as the caller, so the
        # files are the caller's, and a new estate with the same directory continues that world
        self.state_dir = Path(state_dir).resolve() if state_dir else None
        self.timeout = timeout
        self._client = client
        self.plan: EstatePlan | None = None
        self.lan_network = f"fakehmc-{self.id}-lan"
        self.svc_network = f"fakehmc-{self.id}-svc"
        self.engine_name = f"fakehmc-{self.id}-engine"
        self.engine_address = ""
        self.control_url = ""
        from ..control.guard import new_token

        self.control_token = new_token()  # the engine's API listens beyond loopback: the token is required
        self.timings: dict[str, float] = {}

    @property
    def client(self):
        if self._client is None:
            self._client = docker_client()
        return self._client

    def container_name(self, host: str) -> str:
        return f"fakehmc-{self.id}-{host}"

    def userland_labels(self, h: HostPlan) -> dict[str, str]:
        """What `fakehmc inventory --ansible` reads back from a running estate (harness/runtime/inventory.py)."""
        return {USERLAND_LABEL: "real", KIND_LABEL: h.kind, USER_LABEL: h.username, PASSWORD_LABEL: h.password,
                NETWORK_LABEL: self.lan_network}

    def labels(self, role: str, host: str | None = None) -> dict[str, str]:
        out = {LABEL: self.id, ROLE_LABEL: role}
        if host:
            out[HOST_LABEL] = host
        return out

    # ---- up / down -------------------------------------------------------------------------------
    def up(self) -> Self:
        t0 = time.monotonic()
        if not image_exists(self.client, self.image):
            raise ContainerError(f"image {self.image} not found: build it with images/build.sh")
        try:
            self._create_networks()
            if any(self.plan.real_userland(h) for h in self.plan.hosts) \
                    and not image_exists(self.client, self.userland_image):
                raise ContainerError(f"image {self.userland_image} not found: build it with images/build-userland.sh")
            self.timings["networks"] = time.monotonic() - t0
            self._start_engine()
            self._start_hosts()
            self.timings["started"] = time.monotonic() - t0
            self._wait_healthy()
            self.timings["healthy"] = time.monotonic() - t0
        except BaseException:
            self.down()
            raise
        if self.ready_file is not None:
            _write_json_atomic(self.ready_file, self.ready_document())
        return self

    def down(self) -> dict[str, list[str]]:
        removed = remove_estates(self.client, self.id)
        if self.ready_file is not None and self.ready_file.exists():
            self.ready_file.unlink()
        return removed

    def _create_networks(self) -> None:
        import docker

        api = self.client.api
        hosts = len(plan_estate(self.scenario, self.seed, userland=self.userland).hosts) if self.subnet is None else 0
        for attempt in range(20):  # another estate may take the same free subnet at the same moment
            subnet = self.subnet or free_subnet(self.client, hosts, skip=attempt)
            self.plan = plan_estate(self.scenario, self.seed, subnet, self.userland)
            ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=subnet,
                                                                                gateway=self.plan.gateway)])
            try:
                api.create_network(self.lan_network, driver="bridge", ipam=ipam, labels=self.labels("lan"),
                                   check_duplicate=True)
                break
            except docker.errors.APIError as exc:
                if self.subnet is None and "overlap" in str(exc).lower():
                    continue
                raise ContainerError(f"cannot create network {self.lan_network}: {exc}") from None
        else:
            raise ContainerError("no free subnet for the LAN")
        api.create_network(self.svc_network, driver="bridge", internal=True, labels=self.labels("service"),
                           check_duplicate=True)

    def _create(self, name: str, command: list[str] | None, env: dict[str, str], labels: dict[str, str],
                networks: list[tuple[str, str | None, list[str]]], hostname: str,
                privileges: bool = False, binds: dict | None = None, user: str | None = None,
                ready_file: str = READY_FILE, image: str | None = None, init: bool = False) -> str:
        api = self.client.api
        host_config = api.create_host_config(
            cap_add=["NET_ADMIN"] if privileges else None,  # for `docker exec -u root ... iptables`
            sysctls={"net.ipv4.ip_unprivileged_port_start": "0", "net.ipv4.ping_group_range": "0 2147483647"},
            binds=binds, init=init or None)
        first, ip, aliases = networks[0]
        netcfg = api.create_networking_config({first: api.create_endpoint_config(ipv4_address=ip, aliases=aliases)})
        c = api.create_container(image or self.image, command=command, name=name, hostname=hostname, environment=env,
                                 labels=labels, host_config=host_config, networking_config=netcfg,
                                 healthcheck=_healthcheck(ready_file=ready_file), detach=True, user=user)
        for net, ip, aliases in networks[1:]:
            api.connect_container_to_network(c["Id"], net, ipv4_address=ip, aliases=aliases)
        api.start(c["Id"])
        return c["Id"]

    def _start_engine(self) -> None:
        assert self.plan is not None
        env, extra = self.plan.engine_env(self.clock_scale, control_token=self.control_token), {}
        if self.state_dir is not None:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            ready = f"{STATE_MOUNT}/.engine-ready.json"
            env.update(FAKEHMC_STATE_DIR=STATE_MOUNT, FAKEHMC_READY_FILE=ready, HOME=STATE_MOUNT)
            extra = {"binds": {str(self.state_dir): {"bind": STATE_MOUNT, "mode": "rw"}},
                     "user": f"{os.getuid()}:{os.getgid()}", "ready_file": ready}
        self._create(self.engine_name, ["python3", "-m", "harness.runtime.engine"], env, self.labels("engine"),
                     [(self.svc_network, None, ["engine"])], hostname="fakehmc-engine", **extra)
        info = self.client.api.inspect_container(self.engine_name)
        self.engine_address = info["NetworkSettings"]["Networks"][self.svc_network]["IPAddress"]
        self.control_url = f"http://{self.engine_address}:{CONTROL_PORT}"

    def _start_hosts(self) -> None:
        assert self.plan is not None
        plan = self.plan

        def start(h: HostPlan) -> str:
            if plan.real_userland(h):  # sshd, ksh93, python3 and the shims (runs as root, under docker's init)
                return self._create(self.container_name(h.name), None,
                                    plan.userland_env(h, self.control_token, self.engine_address),
                                    self.labels("host", h.name) | self.userland_labels(h),
                                    [(self.lan_network, h.address, [h.name]), (self.svc_network, None, [])],
                                    hostname=h.name, privileges=True, image=self.userland_image, init=True)
            return self._create(self.container_name(h.name), plan.relay_command(h), {"FAKEHMC_HOST": h.name},
                                self.labels("host", h.name),
                                [(self.lan_network, h.address, [h.name]), (self.svc_network, None, [])],
                                hostname=h.name, privileges=True)

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(start, plan.hosts))

    def _wait_healthy(self) -> None:
        assert self.plan is not None
        names = [self.engine_name] + [self.container_name(h.name) for h in self.plan.hosts]
        deadline = time.monotonic() + self.timeout
        pending = set(names)
        while pending:
            for name in sorted(pending):
                state = self.client.api.inspect_container(name)["State"]
                if state.get("Health", {}).get("Status") == "healthy":
                    pending.discard(name)
                elif state["Status"] in ("exited", "dead"):
                    logs = self.client.api.logs(name, tail=30).decode(errors="replace")
                    raise ContainerError(f"{name} exited ({state.get('ExitCode')}):\n{logs}")
            if pending and time.monotonic() > deadline:
                raise ContainerError(f"not healthy after {self.timeout:.0f}s: {', '.join(sorted(pending))}")
            if pending:
                time.sleep(0.25)

    # ---- the running estate ----------------------------------------------------------------------
    @property
    def hosts(self) -> list[HostInfo]:
        return [h.info() for h in self.plan.hosts] if self.plan else []

    def console(self, name: str) -> tuple[str, int]:
        """(address, port) of ``name``'s endpoint on the engine: SSH to a host whose container is cut
        off the LAN, as an admin would use the HMC's virtual terminal."""
        h = next(h for h in self.plan.hosts if h.name == name)
        return self.engine_address, h.engine_port

    def ready_document(self) -> dict:
        return {"hosts": [h.to_dict() for h in self.hosts], "control": self.control_url, "token": self.control_token,
                "estate": self.id,
                "networks": {"lan": self.lan_network, "service": self.svc_network, "subnet": self.plan.subnet},
                "containers": {h.name: self.container_name(h.name) for h in self.hosts} | {"engine": self.engine_name},
                "console": {h.name: [self.engine_address, h.engine_port] for h in self.plan.hosts}}

    def observations(self) -> dict:
        """What the LAN observer has seen and which causes it set (GET /observations on port 7657)."""
        with urllib.request.urlopen(f"http://{self.engine_address}:{OBSERVER_PORT}/observations", timeout=10) as r:
            return json.loads(r.read())

    def wait_observed(self, host: str, cause: str | None, timeout: float = 60.0) -> None:
        """Wait until the LAN observer has turned what ``host``'s prober sees into ``cause`` (None: healed)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.observations()["applied"].get(host) == cause:
                return
            if time.monotonic() > deadline:
                raise ContainerError(f"{host}: the LAN observer did not reach {cause!r} in {timeout:.0f}s: "
                                     f"{self.observations()}")
            time.sleep(0.25)

    # ---- real faults -----------------------------------------------------------------------------
    def disconnect(self, host: str) -> None:
        """``docker network disconnect`` of ``host``'s container from the LAN: its cable is pulled."""
        self.client.api.disconnect_container_from_network(self.container_name(host), self.lan_network)

    def connect(self, host: str) -> None:
        """Plug it back, with the same address and DNS name."""
        h = next(h for h in self.plan.hosts if h.name == host)
        self.client.api.connect_container_to_network(self.container_name(host), self.lan_network,
                                                     ipv4_address=h.address, aliases=[host])

    def exec_root(self, host: str, *argv: str) -> tuple[int, str]:
        """Run a command as root inside ``host``'s container (e.g. iptables; the container has NET_ADMIN)."""
        api = self.client.api
        ex = api.exec_create(self.container_name(host), list(argv), user="root")
        out = api.exec_start(ex["Id"]).decode(errors="replace")
        return api.exec_inspect(ex["Id"])["ExitCode"], out

    def logs(self, host: str | None = None, tail: int = 100) -> str:
        name = self.engine_name if host in (None, "engine") else self.container_name(host)
        return self.client.api.logs(name, tail=tail).decode(errors="replace")
