"""Embedded runtime: one asyncio loop serving a whole estate (every host's SSH endpoint, the control
API, the scaled clock) from one world.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..scenario.catalogue import DEFAULT_SCENARIO, load_scenario
from ..world.world import World
from . import lazydoor, persist
from .backend import HostBackend
from .commandlane import CommandRunner
from .worldgate import WorldGate, install, uninstall

log = logging.getLogger("fakehmc.runtime")

DEFAULT_PORT = 2222
SLICE_TIMERS = 200  # timers fired between two turns of the event loop during a long clock advance


@dataclass
class EstateConfig:
    scenario: str = DEFAULT_SCENARIO
    seed: int | None = None
    listen: str | None = None  # serve every host on this one address, one port each
    port: int = DEFAULT_PORT  # 0: pick free ports
    state_dir: Path | None = None
    key_dir: Path | None = None  # host keys (default: the state dir, else ~/.local/state/fakehmc)
    clock_scale: float = 1.0  # virtual seconds per real second; 0 freezes time
    control_port: int | None = 0  # None: no control API; 0: a free port
    control_address: str = "127.0.0.1"
    control_token: str | None = None  # None: a new random token (in the ready file)
    ready_file: Path | None = None
    reuse_state: bool = False  # serve a state directory written for another scenario
    rest: bool = True  # serve the HMC REST API (harness/rest/) beside each HMC's SSH endpoint


@dataclass
class HostInfo:
    name: str
    kind: str
    address: str
    port: int
    username: str
    password: str
    rest: str = ""  # an HMC's REST API (https://ADDR:PORT), when served
    rest_sha256: str = ""  # the SHA-256 fingerprint of its certificate (AB:CD:...)
    rest_443: str = ""  # the same API on the HMC's port 443, where its level serves it (rest/levels.py)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v != "" or k not in ("rest", "rest_sha256", "rest_443")}


@dataclass
class Estate:
    config: EstateConfig
    world: World = field(init=False)
    hosts: list[HostInfo] = field(default_factory=list)
    control_url: str = ""

    def __post_init__(self) -> None:
        from ..ssh.faults import Gate

        self.gate = Gate()  # wakes hung channels and stalled banners when faults change
        self.world_gate = WorldGate()  # whoever touches the world holds it (worldgate.py)
        self.runner = CommandRunner(self.world_gate)  # commands run off the loop (commandlane.py)
        self._gated_loop: asyncio.AbstractEventLoop | None = None
        self.snapshots: dict[str, dict] = {}  # name -> world dump (also in the state dir when set)
        self.world = self._initial_world()
        self._watch(self.world)
        self._journal: persist.Journal | None = None
        self._open_journal()
        self._ssh = None
        self._control = None
        self._rest: list = []  # harness.rest.server.RestServer per HMC that a client knocked on
        self._rest_tasks: list[asyncio.Task] = []  # lazydoor.open_on_knock per HMC
        self.rest_endpoints: dict[str, dict] = {}  # HMC name -> {"rest": url, "rest_sha256": fingerprint}
        self._control_task: asyncio.Task | None = None
        self._ticker: asyncio.Task | None = None
        self._lock = asyncio.Lock()
        from ..control.guard import new_token  # (no web stack: that comes after the listeners)

        self.control_token = self.config.control_token or new_token()
        self.clock_scale = 0.0  # virtual seconds per real second right now (0: frozen)
        self._clock_last = 0.0  # time.monotonic() of the last sync
        self.anchor = None  # warp.Anchor while tools get the warped clock

    def _watch(self, world: World) -> None:
        world.on_change.append(self.gate.pulse)

    # ---- world lifecycle -------------------------------------------------------------------------
    def _initial_world(self) -> World:
        sd = self.config.state_dir
        if sd is not None and persist.state_path(sd).exists():
            log.info("restoring the world from %s", persist.state_path(sd))
            world = persist.load(persist.state_path(sd))
            self._check_state_scenario(world)
            return world
        return load_scenario(self.config.scenario, self.config.seed)

    def _check_state_scenario(self, world: World) -> None:
        """A state directory written for another scenario is refused unless asked (--reuse-state): serving
        yesterday's lpar30 world when today's run asked for var-full would mislead every test."""
        from ..scenario.builder import ScenarioError
        from ..scenario.catalogue import scenario_name

        wanted = scenario_name(self.config.scenario)
        if self.config.reuse_state or wanted is None or world.scenario == wanted:
            return
        raise ScenarioError(f"{self.config.state_dir} holds a world of scenario {world.scenario!r}, not "
                            f"{wanted!r}: give another --state-dir, or --reuse-state to serve it as it is")

    def _open_journal(self) -> None:
        """A fresh base of the current world and an empty journal (harness/runtime/persist.py)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self.config.state_dir is not None:
            self._journal = persist.Journal(self.config.state_dir, self.world)

    def persist(self, tick: bool = False) -> None:
        """Journal what changed (nothing when nothing did); called after every command before its reply."""
        if self._journal is not None:
            self._journal.persist(tick)

    def reset(self) -> None:
        """Back to the scenario's start, every fault cleared (the state directory is overwritten too)."""
        self.replace_world(load_scenario(self.config.scenario, self.config.seed))

    def replace_world(self, world: World) -> None:
        self.world = world
        self._watch(world)
        if self._ssh is not None:  # shells opened on the old world must not go on changing it
            self._ssh.drop_connections()
        self.gate.pulse()  # faults of the old world are gone: waiters re-check
        self._open_journal()

    def advance(self, seconds: float) -> None:
        self.sync_clock()
        self.world.advance(seconds)
        self.persist()

    async def advance_in_slices(self, seconds: float, until=None) -> bool:
        """Move the clock like ``advance`` (or ``advance_until`` with a compiled ``until``), SLICE_TIMERS
        timers at a time with the loop free in between: a year's advance never blocks SSH or the API.
        Stops if the world is replaced meanwhile (reset, state load). True when ``until`` held."""
        world = self.world
        target = world.clock.now + seconds
        if until is not None and until():
            return True
        while world is self.world:
            world.clock.advance_to(target, until=until, max_fired=SLICE_TIMERS)
            held = until is not None and until()
            if held or world.clock.now >= target:
                break
            await asyncio.sleep(0)
        world.notify()
        self.persist()
        return until is not None and until()

    # ---- the moving clock: one source for the world and the tools (warp.py) ------------------------
    def sync_clock(self) -> None:
        """Bring virtual time up to real time x scale. Called before every command, every control
        request and on each tick, so a command sees the world as of the instant it arrives; timers
        fire in virtual order however the real time is chunked."""
        if self.clock_scale <= 0:
            return
        now = time.monotonic()
        delta = (now - self._clock_last) * self.clock_scale
        self._clock_last = now
        if delta > 0:
            self.world.advance(delta)

    def set_clock_scale(self, scale: float) -> None:
        """Start, change or (0) stop the moving clock, from this instant."""
        self.sync_clock()
        self.clock_scale = max(0.0, float(scale))
        self._clock_last = time.monotonic()
        if self.clock_scale > 0 and self._ticker is None:
            self._ticker = asyncio.get_running_loop().create_task(self._tick())

    def start_warp(self, scale: float) -> dict[str, str]:
        """Move the clock at ``scale`` from the next whole virtual second and start the libfaketime
        anchor at that instant; returns the variables a tool needs to share the clock.
        LibfaketimeMissing when the library is absent (the clock is left as it was)."""
        from . import warp

        warp.find_libfaketime()
        self.stop_warp()
        self.set_clock_scale(0)
        clock = self.world.clock
        unix = clock.epoch.timestamp() + clock.now
        start = int(unix) if unix == int(unix) else int(unix) + 1
        self.world.advance(start - unix)
        self.set_clock_scale(scale)
        self.anchor = warp.start_anchor(start, scale)
        return dict(self.anchor.variables)

    def stop_warp(self, freeze: bool = True) -> None:
        """Stop the tools' warped clock (and, with ``freeze``, the world's)."""
        if freeze:
            self.set_clock_scale(0)
        if self.anchor is not None:
            self.anchor.stop()
            self.anchor = None
        self.persist()

    def advance_until(self, condition: str, limit: float) -> bool:
        """Advance until ``condition`` (harness/world/conditions.py) holds, at most ``limit`` virtual
        seconds. ConditionError when it does not parse."""
        from ..world.conditions import compile_condition

        self.sync_clock()
        held = self.world.advance_until(compile_condition(self.world, condition), limit)
        self.persist()
        return held

    # ---- state: dump, load, snapshots --------------------------------------------------------
    def dump(self) -> dict:
        # a deep copy through JSON: to_dict shares the world's own lists (faults, causes)
        return json.loads(json.dumps(self.world.to_dict()))

    def load(self, data: dict) -> None:
        """Replace the world by a dump; ValueError when it is not one."""
        from ..control.dump_check import load_world_dump

        self.replace_world(load_world_dump(json.loads(json.dumps(data))))

    def snapshot(self, name: str) -> dict:
        data = self.dump()
        self.snapshots[name] = data
        if self.config.state_dir is not None:
            _write_json_atomic(persist.snapshot_path(self.config.state_dir, name), data)
        return {"name": name, "time": self.world.clock.now}

    def restore(self, name: str) -> dict:
        data = self.snapshots.get(name)
        if data is None and self.config.state_dir is not None:
            path = persist.snapshot_path(self.config.state_dir, name)
            if path.exists():
                data = json.loads(path.read_text())
        if data is None:
            raise KeyError(name)
        self.load(data)
        return {"name": name, "time": self.world.clock.now}

    def snapshot_names(self) -> list[str]:
        names = set(self.snapshots)
        if self.config.state_dir is not None:
            names |= set(persist.snapshot_names(self.config.state_dir))
        return sorted(names)

    # ---- serving ---------------------------------------------------------------------------------
    async def start(self) -> None:
        from ..ssh import EndpointSpec, SshServer

        loop = asyncio.get_running_loop()
        if install(loop, self.world_gate):  # the loop holds the world except while it waits for I/O
            self._gated_loop = loop
        runner = self.runner if self._gated_loop is not None else None
        key_dir = self.config.key_dir or self.config.state_dir or _default_key_dir()
        self._ssh = SshServer(state_dir=key_dir, server_version="OpenSSH_8.0")
        specs = []
        for i, host in enumerate(self.world.hosts()):
            if self.config.listen:
                address = self.config.listen
                port = self.config.port + i if self.config.port else 0
            else:
                address, port = host.address, self.config.port
            backend = HostBackend(lambda: self.world, host.name, self.persist, self.gate, self.sync_clock,
                                  runner)
            specs.append(EndpointSpec(backend=backend, address=address, port=port))
        from .keystore import SHARED_RSA_ABOVE, SharedRsaKeyStore

        if len(specs) > SHARED_RSA_ABOVE:  # huge estates share one RSA host key: see keystore.py (flagged)
            self._ssh.host_keys = SharedRsaKeyStore(key_dir)
        await self._ssh.start(specs)
        bound = {name: (addr, port) for name, addr, port in self._ssh.bound}
        self.hosts = [self._host_info(h, *bound[h.name]) for h in self.world.hosts()]
        if self.config.rest:
            await self._start_rest(key_dir)
        if self.config.control_port is not None:  # its web stack comes with the first request (lazydoor.py)
            sock = lazydoor.bind(self.config.control_address, self.config.control_port)
            self.control_url = lazydoor.url("http", self.config.control_address, sock)
            self._control_task = asyncio.create_task(lazydoor.open_on_knock([sock], lambda: self._open_control(sock)))
        if self.config.clock_scale > 0:
            self.set_clock_scale(self.config.clock_scale)
        self.persist()
        if self.config.ready_file is not None:
            _write_json_atomic(self.config.ready_file, self.ready_document())

    async def _start_rest(self, key_dir: Path) -> None:
        """One HTTPS REST server per HMC: port 12443 on the HMC's address, or (with --listen / port 0)
        a port beside the SSH endpoints, and its 443 twin where the HMC's level serves 443; its
        self-signed certificate is kept in the key directory. The ports are bound now; the web stack
        behind them comes with the first client (lazydoor.py)."""
        from ..rest import certs, levels

        for i, host in enumerate(h for h in self.world.hosts() if h.hmc is not None):
            if self.config.listen:
                address, port = self.config.listen, (levels.REST_PORT + i if self.config.port else 0)
            else:
                address, port = host.address, (levels.REST_PORT if self.config.port else 0)
            cert, key = certs.ensure(key_dir, host.name, host.hmc.hostname, address)
            socks = [lazydoor.bind(address, port)]
            self.rest_endpoints[host.name] = {"rest": lazydoor.url("https", address, socks[0]),
                                              "rest_sha256": certs.fingerprint(cert)}
            if levels.serves_443(host.hmc.level.key):  # port 443 too, as a twin port like 22 -> 2222
                twin = (levels.TWIN_PORT_443 + (i if self.config.listen else 0)) if self.config.port else 0
                socks.append(lazydoor.bind(address, twin))
                self.rest_endpoints[host.name]["rest_443"] = lazydoor.url("https", address, socks[1])
            self._rest_tasks.append(asyncio.create_task(
                lazydoor.open_on_knock(socks, functools.partial(self._open_rest, host.name, socks, cert, key))))
        for info in self.hosts:
            if info.name in self.rest_endpoints:
                info.rest = self.rest_endpoints[info.name]["rest"]
                info.rest_sha256 = self.rest_endpoints[info.name]["rest_sha256"]
                info.rest_443 = self.rest_endpoints[info.name].get("rest_443", "")

    async def _open_rest(self, hmc_name: str, socks: list, cert: Path, key: Path) -> None:
        from ..rest.server import RestServer

        server = RestServer(lambda: self.world, hmc_name, self.persist, self.gate)
        self._rest.append(server)
        await server.start_on(socks, cert, key)

    async def _open_control(self, sock: socket.socket) -> None:
        from ..control.api import ControlApi

        self._control = ControlApi(self, self.control_token, self.config.control_address)
        await self._control.start_on(sock, self.config.control_address)

    def _host_info(self, host, address: str, port: int) -> HostInfo:
        if host.hmc is not None:
            user = next(iter(host.hmc.users.values()))
            return HostInfo(host.name, "hmc", address, port, user.name, user.password)
        os = host.partition.os
        username = "padmin" if "padmin" in os.users else "root"
        kind = "vios" if os.level_key.startswith("vios") else "aix"
        return HostInfo(host.name, kind, address, port, username, os.users[username])

    def ready_document(self) -> dict:
        return {"hosts": [h.to_dict() for h in self.hosts], "control": self.control_url, "token": self.control_token,
                "ssh_config": self.ssh_config()}

    def ssh_config(self) -> str:
        """OpenSSH config: every name and address the estate reports -> where that host listens."""
        from . import sshconfig

        return sshconfig.render(self.hosts, sshconfig.aliases(self.world), self.world.scenario)

    async def _tick(self) -> None:
        """The scaled clock: virtual time follows real time times the scale, also between commands."""
        while True:
            await asyncio.sleep(0.5)
            if self.clock_scale > 0:
                self.sync_clock()
                self.persist(tick=True)  # an idle estate writes nothing

    async def close(self) -> None:
        if self.anchor is not None:
            self.anchor.stop()
            self.anchor = None
        if self._ticker is not None:
            self._ticker.cancel()
            try:
                await self._ticker
            except asyncio.CancelledError:
                pass
        for task in [self._control_task, *self._rest_tasks]:
            if task is None:
                continue
            if not task.done():
                task.cancel()  # never asked: no web stack to close
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:  # noqa: BLE001 - it failed to start: nothing to close
                log.exception("a web API did not start")
        if self._control is not None:
            await self._control.close()
        for server in self._rest:
            await server.close()
        if self._ssh is not None:
            await self._ssh.close()
        self.runner.close()
        if self._gated_loop is not None:
            uninstall(self._gated_loop, self.world_gate)
            self._gated_loop = None
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self.config.ready_file is not None and self.config.ready_file.exists():
            self.config.ready_file.unlink()


def _default_key_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "fakehmc"


def _write_json_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)
