"""The engine of a containerised estate: ``python -m harness.runtime.engine``.

One process serves the whole world, as ``fakehmc up --listen 0.0.0.0`` does (every host on its own
port, 2222, 2223, ... in the order of ``world.hosts()``), with two differences that containers need:

- the scenario's host addresses are replaced by the LAN addresses the per-host containers get
  (``FAKEHMC_ADDRESSES``, JSON ``{"hmc1": "10.213.0.10", ...}``), so ``rmc_ipaddr``, ``lspartition``
  and ``ifconfig`` show the addresses a tool really reaches; the host table (ready file, GET /hosts)
  shows those addresses and the per-host port (22);
- an address ``dns:NAME`` is resolved in the container before the world is built (a swarm gives
  tasks their addresses when they start: harness/runtime/swarm.py), waiting for NAME to appear;
- with ``FAKEHMC_LAN_OBSERVER=1`` it also listens for the LAN probers of the per-host containers
  (harness/runtime/observer.py) and turns what they see into ``lan_cut``/``block_port`` causes;
- with ``FAKEHMC_EXEC_PORT`` it serves the shims of partition containers with a real userland
  (harness/runtime/userland.py), each authenticated by its own token derived from the control token.

The scenario is a built-in name or a file; ``FAKEHMC_SCENARIO_TOML`` carries a file's text into the
container (no volume needed, so compose files and remote Docker engines work alike).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .embedded import Estate, EstateConfig, HostInfo, _write_json_atomic
from .serve import serve

log = logging.getLogger("fakehmc.engine")

DEFAULT_READY_FILE = "/tmp/fakehmc/ready.json"
OBSERVER_PORT = 7657


@dataclass
class EngineConfig(EstateConfig):
    addresses: dict[str, str] = field(default_factory=dict)  # host name -> LAN address
    public_port: int = 22  # the port each per-host container relays
    control_url: str = ""  # the control API as seen from outside the engine


def load_with_addresses(scenario: str, seed: int | None, addresses: dict[str, str]):
    """Like catalogue.load_scenario, with every host's address replaced by ``addresses[name]``.
    Values elsewhere in the scenario that named an old address (a cause's route to the HMC) follow."""
    from ..scenario.builder import build_world
    from ..scenario.catalogue import build_scenario, read_scenario

    def with_addresses(data: dict) -> dict:
        if not addresses:
            return data
        old = {h.name: h.address for h in build_world(json.loads(json.dumps(data)), seed).hosts()}
        renames = {old[n]: a for n, a in addresses.items() if old.get(n)}
        if not data.get("hmc"):
            data["hmc"] = [{"name": "hmc1"}]  # the builder's default HMC, made explicit
        for h in data["hmc"]:
            if h["name"] in addresses:
                h["address"] = addresses[h["name"]]
        for s in data.get("system", []):
            for p in s.get("partition", []):
                name = p.get("ssh_name") or p["name"]
                if name in addresses:
                    p["address"] = addresses[name]
        return _rename(data, renames)

    data, path = read_scenario(scenario)
    return build_scenario(data, path, seed, prepare=with_addresses)


def resolve_addresses(addresses: dict[str, str], timeout: float = 120.0) -> dict[str, str]:
    """Replace every ``dns:NAME`` value by NAME's address, retrying while the name does not resolve
    (the per-host task that carries it may start after the engine)."""
    import socket
    import time

    out, deadline = dict(addresses), time.monotonic() + timeout
    for host, value in addresses.items():
        if not value.startswith("dns:"):
            continue
        while True:
            try:
                out[host] = socket.getaddrinfo(value[4:], None, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
                break
            except socket.gaierror:
                if time.monotonic() > deadline:
                    raise SystemExit(f"fakehmc engine: {value[4:]} ({host}) does not resolve after {timeout:.0f}s")
                time.sleep(0.5)
    log.info("addresses: %s", out)
    return out


def _rename(value, renames: dict[str, str]):
    if isinstance(value, dict):
        return {k: _rename(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, renames) for v in value]
    if isinstance(value, str):
        return renames.get(value, value)
    return value


class EngineEstate(Estate):
    """An embedded estate whose world uses the containers' LAN addresses."""

    config: EngineConfig

    def _initial_world(self):
        from . import persist

        sd = self.config.state_dir
        if sd is not None and persist.state_path(sd).exists():
            return persist.load(persist.state_path(sd))
        return load_with_addresses(self.config.scenario, self.config.seed, self.config.addresses)

    def reset(self) -> None:
        self.replace_world(load_with_addresses(self.config.scenario, self.config.seed, self.config.addresses))

    async def start(self) -> None:
        await super().start()
        if self.config.addresses:
            self.hosts = [HostInfo(h.name, h.kind, self.config.addresses.get(h.name, h.address),
                                   self.config.public_port, h.username, h.password) for h in self.hosts]
        if self.config.control_url:
            self.control_url = self.config.control_url
        if self.config.ready_file is not None:
            _write_json_atomic(self.config.ready_file, self.ready_document())

    def engine_ports(self) -> dict[str, int]:
        base = self.config.port
        return {h.name: base + i for i, h in enumerate(self.world.hosts())}


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="python -m harness.runtime.engine", description=__doc__.split("\n\n")[0])
    p.add_argument("--scenario", default=env("FAKEHMC_SCENARIO"))
    p.add_argument("--seed", type=int, default=int(env("FAKEHMC_SEED")) if env("FAKEHMC_SEED") else None)
    p.add_argument("--listen", default=env("FAKEHMC_LISTEN", "0.0.0.0"))
    p.add_argument("--port", type=int, default=int(env("FAKEHMC_PORT", "2222")))
    p.add_argument("--public-port", type=int, default=int(env("FAKEHMC_PUBLIC_PORT", "22")))
    p.add_argument("--control-port", type=int, default=int(env("FAKEHMC_CONTROL_PORT", "8080")))
    p.add_argument("--control-url", default=env("FAKEHMC_CONTROL_URL", ""))
    p.add_argument("--clock-scale", type=float, default=float(env("FAKEHMC_CLOCK_SCALE", "1")))
    p.add_argument("--state-dir", type=Path, default=Path(env("FAKEHMC_STATE_DIR")) if env("FAKEHMC_STATE_DIR") else None)
    p.add_argument("--ready-file", type=Path, default=Path(env("FAKEHMC_READY_FILE", DEFAULT_READY_FILE)))
    p.add_argument("--addresses", default=env("FAKEHMC_ADDRESSES", ""), help="JSON {host: LAN address}")
    p.add_argument("--observer-port", type=int, default=int(env("FAKEHMC_OBSERVER_PORT", str(OBSERVER_PORT))))
    p.add_argument("--exec-port", type=int, default=int(env("FAKEHMC_EXEC_PORT", "0")),
                   help="serve the real-userland shims' exec endpoint here (0: no)")
    p.add_argument("--lan-observer", action="store_true", default=env("FAKEHMC_LAN_OBSERVER", "") == "1")
    return p


def main(argv: list[str] | None = None) -> int:
    from ..scenario.catalogue import DEFAULT_SCENARIO

    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    if args.ready_file.exists():  # left by an earlier life of this container
        args.ready_file.unlink()
    scenario = args.scenario or DEFAULT_SCENARIO
    text = os.environ.get("FAKEHMC_SCENARIO_TOML")
    if text:
        tmp = Path(tempfile.mkdtemp(prefix="fakehmc-")) / f"{Path(scenario).stem or 'scenario'}.toml"
        tmp.write_text(text)
        scenario = str(tmp)
    config = EngineConfig(scenario=scenario, seed=args.seed, listen=args.listen, port=args.port,
                          state_dir=args.state_dir, clock_scale=args.clock_scale, control_port=args.control_port,
                          control_address="0.0.0.0", ready_file=args.ready_file,
                          control_token=os.environ.get("FAKEHMC_CONTROL_TOKEN") or None,
                          addresses=resolve_addresses(json.loads(args.addresses)) if args.addresses else {},
                          public_port=args.public_port, control_url=args.control_url)

    async def sidecars(estate):
        started = []
        if args.lan_observer:
            from .observer import LanObserver

            observer = LanObserver(estate)
            await observer.start("0.0.0.0", args.observer_port)
            estate.before_advance = observer.probe_now  # a cut made just before an advance is seen by it
            started.append(observer)
        if args.exec_port:  # partition containers with a real userland: their shims' endpoint
            from .userland import ExecServer

            server = ExecServer(estate, config.control_token or "")
            await server.start("0.0.0.0", args.exec_port)
            started.append(server)
        return _Sidecars(started)

    wanted = args.lan_observer or args.exec_port
    return asyncio.run(serve(lambda: EngineEstate(config), sidecars if wanted else None))


class _Sidecars:
    def __init__(self, services: list):
        self.services = services

    async def close(self) -> None:
        for s in self.services:
            await s.close()


if __name__ == "__main__":
    sys.exit(main())
