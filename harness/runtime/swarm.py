"""Estates on a Docker swarm: ``fakehmc compose TOPOLOGY --swarm`` (a stack file for ``docker stack
deploy``) and ``fakehmc up --docker --swarm`` (the same through the docker SDK).

The layout of harness/runtime/compose.py, in swarm terms:

- two overlay networks, ``lan`` (attachable: a tool's container can join it) and ``svc`` (internal);
- one service per host (its relay, harness/runtime/relay.py) and an ``engine`` service that serves
  the world, its state and host keys on the named volume ``state`` (a restarted task continues the world);
- a swarm gives no static addresses: services use ``endpoint_mode: dnsrr`` (a name resolves to the
  task's own address, which answers ping as a host does), the engine joins the LAN and resolves each
  host's LAN alias when it starts (``dns:NAME`` in FAKEHMC_ADDRESSES), so ``rmc_ipaddr`` shows the
  address peers really reach;
- outside the swarm a client reaches the hosts through published ports (mode ``host``: on the node that
  runs the task): the control API on PUBLISH_BASE, host i on PUBLISH_BASE + 1 + i. The base derives from
  the LAN's /24 (10.213.N.0/24 -> 30000 + 100 * N) unless chosen (``--publish-base``), so estates with
  distinct subnets never collide on ports either;
- names are namespaced by the estate: the stack is deployed as ``docker stack deploy ... ESTATE``, and
  the SDK names every object ``ESTATE_<name>`` with the stack's namespace label, so ``docker stack
  ps/rm ESTATE`` work on both; everything carries ``fakehmc.estate=ESTATE`` and ``down`` removes by it.

Images: there is no registry here; a stack is deployed with ``--resolve-image never`` and the local
image is used on each node (README: ``docker save | docker load`` or a registry on a multi-node farm).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import time
import uuid
from pathlib import Path
from typing import Any, Self

from .compose import _escape_dollars, service_subnet, to_yaml, with_token_from_shell
from .containers import (CONTROL_PORT, HOST_LABEL, LABEL, READY_FILE, RMC_PORT, ROLE_LABEL, SSH_PORT,
                         ContainerError, EstateHandle, EstatePlan, default_image, docker_client, free_subnet,
                         image_exists, plan_estate)
from .embedded import HostInfo, _write_json_atomic

log = logging.getLogger("fakehmc.swarm")

STACK_LABEL = "com.docker.stack.namespace"  # what `docker stack deploy` puts on what it creates
STATE_HOME = "/home/fakehmc"  # the engine's home, on the volume: the image's owner and files come along
STATE_DIR = f"{STATE_HOME}/state"
PORT_FLOOR = 30000
PORTS_PER_ESTATE = 100  # one /24 slot: the control API and up to 99 hosts
SYSCTLS = {"net.ipv4.ip_unprivileged_port_start": "0", "net.ipv4.ping_group_range": "0 2147483647"}
HEALTH = {"test": ["CMD", "test", "-f", READY_FILE], "interval": "2s", "timeout": "3s", "retries": 3,
          "start_period": "120s"}


def default_publish_base(subnet: str) -> int:
    """10.213.N.0/24 -> 30000 + 100 * N: one subnet, one range of ports."""
    net = ipaddress.ip_network(subnet)
    return PORT_FLOOR + PORTS_PER_ESTATE * ((int(net.network_address) >> 8) & 0xFF)


def published_ports(plan: EstatePlan, base: int) -> dict[str, int]:
    """{"engine": control API port, host: SSH port}."""
    if len(plan.hosts) + 1 > PORTS_PER_ESTATE:
        raise ContainerError(f"{len(plan.hosts)} hosts do not fit in {PORTS_PER_ESTATE} published ports")
    if not 1 <= base or base + len(plan.hosts) > 65535:
        raise ContainerError(f"publish base {base}: ports {base}-{base + len(plan.hosts)} are not valid ports")
    return {"engine": base} | {h.name: base + 1 + i for i, h in enumerate(plan.hosts)}


def engine_env(plan: EstatePlan, clock_scale: float, token: str) -> dict[str, str]:
    env = plan.engine_env(clock_scale, f"http://engine:{CONTROL_PORT}", control_token=token)
    env["FAKEHMC_ADDRESSES"] = json.dumps({h.name: f"dns:{h.name}" for h in plan.hosts})
    env["FAKEHMC_STATE_DIR"] = STATE_DIR
    return env


def relay_command(plan: EstatePlan, host) -> list[str]:
    """The relay probes the HMCs by their LAN alias (their addresses are the swarm's to give), and is
    healthy before the engine: swarm's DNS names only healthy tasks, and the engine waits for the hosts'
    names before it serves (so the engine's health is the estate's)."""
    by_name = {f"{hmc.name}={hmc.address}": f"{hmc.name}={hmc.name}" for hmc in plan.hmcs}
    return [by_name.get(arg, arg) for arg in plan.relay_command(host)] + ["--no-wait-upstream"]


# ---- the stack file ------------------------------------------------------------------------------
def stack_document(scenario: str, seed: int | None = None, image: str | None = None,
                   subnet: str = "10.213.0.0/24", clock_scale: float = 1.0, estate_id: str = "fakehmc",
                   publish_base: int | None = None, constraints: list[str] | None = None) -> dict:
    plan = plan_estate(scenario, seed, subnet)
    image = image or default_image()
    ports = published_ports(plan, default_publish_base(subnet) if publish_base is None else publish_base)

    def deploy(role: str, host: str | None = None) -> dict:
        labels = {LABEL: estate_id, ROLE_LABEL: role} | ({HOST_LABEL: host} if host else {})
        out: dict[str, Any] = {"endpoint_mode": "dnsrr", "labels": labels,
                               "restart_policy": {"condition": "on-failure", "delay": "2s"}}
        if constraints:
            out["placement"] = {"constraints": list(constraints)}
        return out

    def publish(target: int, port: int) -> list[dict]:
        return [{"target": target, "published": port, "protocol": "tcp", "mode": "host"}]

    services: dict[str, Any] = {
        "engine": {
            "image": image, "hostname": "fakehmc-engine",
            "command": ["python3", "-m", "harness.runtime.engine"],
            "environment": engine_env(plan, clock_scale, ""),
            # on the LAN too, to resolve the hosts' aliases there (no alias of its own on it)
            "networks": {"svc": {"aliases": ["engine"]}, "lan": {}},
            "ports": publish(CONTROL_PORT, ports["engine"]),
            "volumes": [{"type": "volume", "source": "state", "target": STATE_HOME}],
            "labels": {LABEL: estate_id, ROLE_LABEL: "engine"},
            "healthcheck": HEALTH, "sysctls": SYSCTLS, "stop_grace_period": "10s",
            "deploy": deploy("engine"),
        }
    }
    for h in plan.hosts:
        services[h.name] = {
            "image": image, "hostname": h.name,
            "command": relay_command(plan, h),
            "environment": {"FAKEHMC_HOST": h.name},
            "networks": {"lan": {"aliases": [h.name]}, "svc": {}},
            "ports": publish(SSH_PORT, ports[h.name]),
            "labels": {LABEL: estate_id, ROLE_LABEL: "host", HOST_LABEL: h.name},
            "healthcheck": HEALTH, "sysctls": SYSCTLS, "cap_add": ["NET_ADMIN"], "stop_grace_period": "10s",
            "deploy": deploy("host", h.name),
        }
    svc = service_subnet(subnet)
    return with_token_from_shell(_escape_dollars({
        "version": "3.8",
        "services": services,
        "networks": {
            "lan": {"driver": "overlay", "attachable": True, "labels": {LABEL: estate_id},
                    "ipam": {"config": [{"subnet": plan.subnet}]}},
            "svc": {"driver": "overlay", "internal": True, "labels": {LABEL: estate_id},
                    "ipam": {"config": [{"subnet": svc}]}},
        },
        "volumes": {"state": {"labels": {LABEL: estate_id}}},
    }))


def stack_header(doc: dict, scenario: str, estate_id: str) -> str:
    ports = {name: s["ports"][0]["published"] for name, s in doc["services"].items()}
    lines = [f"# fakehmc estate for {scenario} on a Docker swarm (stack {estate_id}):",
             f"#   docker stack deploy --resolve-image never -c THIS_FILE {estate_id}",
             "# then ssh to each host on the node that runs its task (published in mode host):"]
    lines += [f"#   {name:<12} port {port}" for name, port in ports.items() if name != "engine"]
    lines += [f"# control API: http://NODE:{ports['engine']} with $FAKEHMC_CONTROL_TOKEN in X-Fakehmc-Token",
              f"#   (unset, the engine makes one: `docker exec` its task and cat {READY_FILE});",
              f"# remove: docker stack rm {estate_id}; docker volume rm {estate_id}_state (or: fakehmc down)",
              "# generated by `fakehmc compose --swarm`; the image is built by images/build.sh"]
    return "\n".join(lines) + "\n"


def render_stack(scenario: str, estate_id: str = "fakehmc", **kwargs: Any) -> str:
    doc = stack_document(scenario, estate_id=estate_id, **kwargs)
    return stack_header(doc, scenario, estate_id) + to_yaml(doc) + "\n"


# ---- the swarm itself ----------------------------------------------------------------------------
def swarm_active(client) -> bool:
    return client.info().get("Swarm", {}).get("LocalNodeState") == "active"


def require_manager(client) -> None:
    swarm = client.info().get("Swarm", {})
    if swarm.get("LocalNodeState") != "active" or not swarm.get("ControlAvailable"):
        raise ContainerError("this Docker engine is not a swarm manager (docker swarm init)")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
            return True
        except OSError:
            return False


def _published_in_swarm(client) -> set[int]:
    used = set()
    for s in client.api.services():
        for p in ((s.get("Spec") or {}).get("EndpointSpec") or {}).get("Ports") or []:
            used.add(p.get("PublishedPort"))
    return used


def remove_swarm_estates(client=None, estate_id: str | None = None, timeout: float = 90.0) -> dict[str, list[str]]:
    """Remove the services, then (once their tasks are gone) the networks and volumes labelled
    ``fakehmc.estate`` (``=estate_id``): the engine's world goes with its volume."""
    import docker

    client = client or docker_client()
    selector = LABEL if estate_id is None else f"{LABEL}={estate_id}"
    removed: dict[str, list[str]] = {"services": [], "networks": [], "volumes": []}
    if swarm_active(client):
        services = client.services.list(filters={"label": selector})
        for s in services:
            try:
                s.remove()
                removed["services"].append(s.name)
            except docker.errors.NotFound:
                pass
        _wait_gone(client, {s.id for s in services}, timeout)
    deadline = time.monotonic() + timeout
    for kind, listing in (("networks", client.networks), ("volumes", client.volumes)):
        for obj in listing.list(filters={"label": selector}):
            while True:  # a task's container may still hold it for a moment
                try:
                    obj.remove()
                    removed[kind].append(obj.name)
                    break
                except docker.errors.NotFound:
                    break
                except docker.errors.APIError as exc:
                    if time.monotonic() > deadline:
                        log.warning("cannot remove %s %s: %s", kind, obj.name, exc)
                        break
                    time.sleep(0.5)
    return {k: sorted(v) for k, v in removed.items()}


def _wait_gone(client, service_ids: set[str], timeout: float) -> None:
    """Until no container of these services is left on this node (swarm removes them after the service)."""
    deadline = time.monotonic() + timeout
    while service_ids and time.monotonic() < deadline:
        left = [c for c in client.api.containers(all=True, filters={"label": "com.docker.swarm.service.id"})
                if c["Labels"].get("com.docker.swarm.service.id") in service_ids]
        if not left:
            return
        time.sleep(0.5)


def swarm_leftovers(client=None, estate_id: str | None = None) -> dict[str, list[str]]:
    client = client or docker_client()
    selector = LABEL if estate_id is None else f"{LABEL}={estate_id}"
    services = client.services.list(filters={"label": selector}) if swarm_active(client) else []
    return {"services": sorted(s.name for s in services),
            "containers": sorted(c.name for c in client.containers.list(all=True, filters={"label": selector})),
            "networks": sorted(n.name for n in client.networks.list(filters={"label": selector})),
            "volumes": sorted(v.name for v in client.volumes.list(filters={"label": selector}))}


# ---- the estate through the SDK ------------------------------------------------------------------
class SwarmEstate(EstateHandle):
    """``fakehmc up --docker --swarm``: the stack of :func:`stack_document`, created with the SDK.

        with SwarmEstate("healthy") as estate:
            estate.hosts                       # [HostInfo(name, kind, node address, published port, ...)]
            estate.advance(180)
    """

    def __init__(self, scenario: str | None = None, seed: int | None = None, image: str | None = None,
                 clock_scale: float = 1.0, subnet: str | None = None, estate_id: str | None = None,
                 publish_base: int | None = None, constraints: list[str] | None = None,
                 ready_file: Path | None = None, client=None, timeout: float = 240.0):
        from ..control.guard import new_token
        from ..scenario.catalogue import DEFAULT_SCENARIO

        self.scenario = scenario or DEFAULT_SCENARIO
        self.seed, self.clock_scale, self.subnet = seed, clock_scale, subnet
        self.image = image or default_image()
        self.id = estate_id or f"fakehmc-{uuid.uuid4().hex[:8]}"
        self.publish_base, self.constraints = publish_base, list(constraints or [])
        self.ready_file, self.timeout, self._client = ready_file, timeout, client
        self.control_token = new_token()
        self.plan: EstatePlan | None = None
        self.ports: dict[str, int] = {}
        self.nodes: dict[str, str] = {}  # service key ("engine", host) -> address of the node running it
        self.lan_addresses: dict[str, str] = {}  # host -> its task's address on the LAN
        self.timings: dict[str, float] = {}

    @property
    def client(self):
        if self._client is None:
            self._client = docker_client()
        return self._client

    def name(self, key: str) -> str:
        return f"{self.id}_{key}"  # as `docker stack deploy` names what it creates

    @property
    def lan_network(self) -> str:
        return self.name("lan")

    def labels(self, role: str | None = None, host: str | None = None) -> dict[str, str]:
        out = {LABEL: self.id, STACK_LABEL: self.id}
        if role:
            out[ROLE_LABEL] = role
        if host:
            out[HOST_LABEL] = host
        return out

    # ---- up / down -------------------------------------------------------------------------------
    def up(self) -> Self:
        t0 = time.monotonic()
        require_manager(self.client)
        if not image_exists(self.client, self.image):
            raise ContainerError(f"image {self.image} not found: build it with images/build.sh")
        try:
            self._create_networks()
            self.client.volumes.create(self.name("state"), labels=self.labels())
            self._create_services()
            self.timings["created"] = time.monotonic() - t0
            self._wait_healthy()
            self.timings["healthy"] = time.monotonic() - t0
        except BaseException:
            self.down()
            raise
        if self.ready_file is not None:
            _write_json_atomic(self.ready_file, self.ready_document())
        return self

    def attach(self) -> Self:
        """An estate deployed from :func:`render_stack` with the same scenario, seed, subnet and publish
        base (``docker stack deploy ... ESTATE``): wait for it healthy and know its ports and addresses."""
        if self.subnet is None:
            raise ContainerError("attach needs the subnet the stack was rendered with")
        self.plan = plan_estate(self.scenario, self.seed, self.subnet)
        base = default_publish_base(self.subnet) if self.publish_base is None else self.publish_base
        self.ports = published_ports(self.plan, base)
        self._wait_healthy()
        return self

    def down(self) -> dict[str, list[str]]:
        removed = remove_swarm_estates(self.client, self.id)
        if self.ready_file is not None and self.ready_file.exists():
            self.ready_file.unlink()
        return removed

    def _create_networks(self) -> None:
        import docker

        hosts = len(plan_estate(self.scenario, self.seed).hosts)
        taken = _published_in_swarm(self.client)
        for attempt in range(20):  # a subnet (and its ports) another estate took at the same moment: the next
            subnet = self.subnet or free_subnet(self.client, hosts, skip=attempt)
            self.plan = plan_estate(self.scenario, self.seed, subnet)
            base = default_publish_base(subnet) if self.publish_base is None else self.publish_base
            self.ports = published_ports(self.plan, base)
            busy = [p for p in self.ports.values() if p in taken or not port_free(p)]
            if busy and self.subnet is None and self.publish_base is None:
                continue
            if busy:
                raise ContainerError(f"published ports in use: {', '.join(map(str, busy))} (choose --publish-base)")
            ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=subnet)])
            try:
                self.client.api.create_network(self.name("lan"), driver="overlay", attachable=True, ipam=ipam,
                                               labels=self.labels(), check_duplicate=True)
                break
            except docker.errors.APIError as exc:
                if self.subnet is None and "overlap" in str(exc).lower():
                    continue
                raise ContainerError(f"cannot create network {self.name('lan')}: {exc}") from None
        else:
            raise ContainerError("no free subnet (and ports) for the LAN")
        svc = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=service_subnet(subnet))])
        self.client.api.create_network(self.name("svc"), driver="overlay", internal=True, ipam=svc,
                                       labels=self.labels(), check_duplicate=True)

    def _service(self, key: str, role: str, command: list[str], env: dict[str, str], hostname: str,
                 networks: list[tuple[str, list[str]]], target_port: int, host: str | None = None,
                 mounts: list | None = None, cap_add: list[str] | None = None) -> None:
        from docker import types

        health = types.Healthcheck(test=HEALTH["test"], interval=2_000_000_000, timeout=3_000_000_000, retries=3,
                                   start_period=120_000_000_000)
        labels = self.labels(role, host)
        self.client.services.create(
            self.image, command=command, name=self.name(key), hostname=hostname, env=env, labels=labels,
            container_labels=labels, healthcheck=health, sysctls=SYSCTLS, cap_add=cap_add, mounts=mounts,
            networks=[types.NetworkAttachmentConfig(self.name(n), aliases=aliases) for n, aliases in networks],
            endpoint_spec=types.EndpointSpec(mode="dnsrr", ports={self.ports[key]: (target_port, "tcp", "host")}),
            restart_policy=types.RestartPolicy(condition="on-failure", delay=2_000_000_000),
            constraints=self.constraints or None, stop_grace_period=10_000_000_000)

    def _create_services(self) -> None:
        from docker import types

        plan = self.plan
        assert plan is not None
        self._service("engine", "engine", ["python3", "-m", "harness.runtime.engine"],
                      engine_env(plan, self.clock_scale, self.control_token), "fakehmc-engine",
                      [("svc", ["engine"]), ("lan", [])], CONTROL_PORT,
                      mounts=[types.Mount(STATE_HOME, self.name("state"), type="volume")])
        for h in plan.hosts:
            self._service(h.name, "host", relay_command(plan, h), {"FAKEHMC_HOST": h.name}, h.name,
                          [("lan", [h.name]), ("svc", [])], SSH_PORT, host=h.name, cap_add=["NET_ADMIN"])

    def _wait_healthy(self) -> None:
        """Until every service has a running task (swarm holds a task in ``starting`` until its health
        check passes); a service whose tasks keep failing is an error with its logs."""
        assert self.plan is not None
        keys = ["engine"] + [h.name for h in self.plan.hosts]
        deadline = time.monotonic() + self.timeout
        pending = set(keys)
        while pending:
            for key in sorted(pending):
                tasks = self.client.api.tasks(filters={"service": self.name(key)})
                running = [t for t in tasks if t["Status"]["State"] == "running" and t["DesiredState"] == "running"]
                failed = [t for t in tasks if t["Status"]["State"] in ("failed", "rejected")]
                if running:
                    pending.discard(key)
                    self.nodes[key] = self._node_address(running[0]["NodeID"])
                    for att in running[0].get("NetworksAttachments") or []:
                        if att["Network"]["Spec"]["Name"] == self.lan_network and att.get("Addresses"):
                            self.lan_addresses[key] = att["Addresses"][0].split("/")[0]
                elif len(failed) >= 3:
                    raise ContainerError(f"{self.name(key)}: {len(failed)} tasks failed "
                                         f"({failed[-1]['Status'].get('Err', '')}):\n{self.logs(key)}")
            if pending and time.monotonic() > deadline:
                raise ContainerError(f"not healthy after {self.timeout:.0f}s: {', '.join(sorted(pending))}")
            if pending:
                time.sleep(0.5)

    def _node_address(self, node_id: str) -> str:
        addr = self.client.api.inspect_node(node_id)["Status"].get("Addr", "")
        return "127.0.0.1" if addr in ("", "0.0.0.0") else addr

    # ---- the running estate ----------------------------------------------------------------------
    @property
    def hosts(self) -> list[HostInfo]:
        """How a client outside the swarm reaches each host: its task's node, its published port."""
        if not self.plan:
            return []
        return [HostInfo(h.name, h.kind, self.nodes.get(h.name, ""), self.ports[h.name], h.username, h.password)
                for h in self.plan.hosts]

    @property
    def control_url(self) -> str:
        return f"http://{self.nodes.get('engine', '127.0.0.1')}:{self.ports.get('engine', CONTROL_PORT)}"

    def ready_document(self) -> dict:
        return {"hosts": [h.to_dict() for h in self.hosts], "control": self.control_url, "token": self.control_token,
                "estate": self.id, "swarm": True,
                "services": {k: self.name(k) for k in self.ports},
                "networks": {"lan": self.name("lan"), "service": self.name("svc"), "subnet": self.plan.subnet},
                "volume": self.name("state"), "lan_addresses": self.lan_addresses, "rmc_port": RMC_PORT}

    def logs(self, key: str = "engine", tail: int = 30) -> str:
        try:
            chunks = self.client.api.service_logs(self.name(key), stdout=True, stderr=True, tail=tail)
            return b"".join(chunks).decode(errors="replace")
        except Exception as exc:  # noqa: BLE001 - logs are a diagnosis, never the failure itself
            return f"(no logs: {exc})"
