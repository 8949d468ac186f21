"""The engine's LAN observer: real network faults between containers become causes in the world.

Each per-host container runs a prober (harness/runtime/relay.py) that tries, every ~2 s of real time,
a TCP connect to every HMC container's LAN address on port 657 (the RMC port) and an ICMP echo, and
posts what it saw here (``POST /observe`` on the internal network). From those observations:

- nothing reaches any HMC (no echo, no connect): the partition's link is down -> cause ``lan_cut``
  (e.g. ``docker network disconnect`` of the partition's container);
- echoes come back but port 657 does not connect: a firewall drops RMC -> cause ``block_port`` 657
  (e.g. ``iptables -A OUTPUT -p tcp --dport 657 -j DROP`` inside the container);
- everything reaches: the cause this observer set is healed.

The model then does the rest on the virtual clock, exactly as for a modelled fault: heartbeats miss,
the session drops after two missed beats, the HMC shows Active:<0>/DCaps 0x0/rmc_state=inactive, the
partition's ping fails (lan_cut), and all of it heals once the link is back.
Before every clock advance the engine also asks each prober to probe at once (``probe_now``: GET /probe
on the relay, over the internal network), so a cut made a moment before an advance is in the world
when the clock moves, and a reconnect heals the same way.
A fault is observed only as a change, and only when seen twice in a row (``LinkJudge``): a prober that
starts before the HMC's container listens on 657, or a probe that times out on a loaded machine, is
not a firewall.
Started by the engine when FAKEHMC_LAN_OBSERVER=1. Causes set by hand through the control API are
never touched: the observer heals only what it set.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .embedded import Estate

log = logging.getLogger("fakehmc.observer")


def verdict(peers: dict[str, dict[str, Any]]) -> str | None:
    """What one partition's observations mean: "lan_cut", "block_port" or None (all fine)."""
    if not peers:
        return None
    if any(p.get("tcp") for p in peers.values()):
        return None
    if any(p.get("icmp") for p in peers.values()):
        return "block_port"
    return "lan_cut"


class LinkJudge:
    """Turns verdicts into decisions: a link must have been seen healthy once (start-up is not a fault),
    and a fault verdict must come twice in a row before it is applied; healthy applies at once."""

    SKIP = "skip"  # no decision yet: keep what is in force

    def __init__(self) -> None:
        self.healthy_once: set[str] = set()
        self.pending: dict[str, str] = {}  # host -> a fault verdict seen once

    def decide(self, host: str, seen: str | None) -> str | None:
        if seen is None:
            self.healthy_once.add(host)
            self.pending.pop(host, None)
            return None
        if host not in self.healthy_once:
            return self.SKIP
        if self.pending.get(host) == seen:
            del self.pending[host]
            return seen
        self.pending[host] = seen
        return self.SKIP


class LanObserver:
    def __init__(self, estate: Estate):
        self.estate = estate
        self.judge = LinkJudge()
        self.applied: dict[str, tuple[str, int]] = {}  # host -> (cause, fault id)
        self.seen: dict[str, dict] = {}  # host -> last observation
        self.relays: dict[str, str] = {}  # host -> its relay's address on the internal network
        app = web.Application()
        app.add_routes([web.post("/observe", self.observe), web.get("/observations", self.observations)])
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self, address: str, port: int) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, address, port).start()

    async def close(self) -> None:
        await self._runner.cleanup()

    async def observations(self, request: web.Request) -> web.Response:
        return web.json_response({"seen": self.seen, "applied": {h: c for h, (c, _) in self.applied.items()}})

    async def observe(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            host, peers = str(body["host"]), dict(body.get("peers", {}))
        except (ValueError, KeyError, TypeError):
            return web.json_response({"error": 'body must be {"host": NAME, "peers": {HMC: {"tcp": bool, '
                                               '"icmp": bool}}}'}, status=400)
        self.seen[host] = peers
        if request.remote:
            self.relays[host] = request.remote
        return web.json_response({"host": host, "cause": self.judged(host, peers)})

    async def probe_now(self, timeout: float = 5.0) -> None:
        """Ask every known prober to probe the LAN now and apply what they saw (before the clock moves)."""
        import asyncio
        import json

        from .relay import PROBE_PORT

        async def ask(host: str, address: str, again: bool = True) -> None:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(address, PROBE_PORT), timeout)
                try:
                    writer.write(f"GET /probe HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n".encode())
                    await writer.drain()
                    raw = await asyncio.wait_for(reader.read(), timeout)
                finally:
                    writer.close()
                peers = json.loads(raw.partition(b"\r\n\r\n")[2])["peers"]
            except (OSError, TimeoutError, ValueError, KeyError) as exc:
                log.debug("%s: no probe answer from %s: %s", host, address, exc)
                return
            self.seen[host] = peers
            if self.judged(host, peers) == LinkJudge.SKIP and again and host in self.judge.pending:
                await ask(host, address, again=False)  # a fault seen once: look again before the clock moves

        await asyncio.gather(*(ask(h, a) for h, a in list(self.relays.items())))

    def judged(self, host: str, peers: dict[str, dict[str, Any]]) -> str | None:
        """Apply what ``peers`` show once the judge has decided; SKIP while it has not."""
        decision = self.judge.decide(host, verdict(peers))
        return decision if decision == LinkJudge.SKIP else self.apply(host, decision)

    def apply(self, host: str, wanted: str | None) -> str | None:
        """Make the world's cause for ``host`` match what was observed; returns the cause in force."""
        from ..world.causes import apply_cause, heal_cause
        from ..world.errors import WorldError

        world = self.estate.world
        current = self.applied.get(host)
        if current is not None and not any(e["id"] == current[1] for e in world.active_causes):
            current = None  # healed by hand, reset or a state load: forget it
            self.applied.pop(host, None)
        if (current[0] if current else None) == wanted:
            return wanted
        try:
            if current is not None:
                heal_cause(world, current[1])
                del self.applied[host]
                log.info("%s: LAN observed healthy again, healed %s", host, current[0])
            if wanted is not None:
                if world.host(host) is None or world.host(host).partition is None:
                    return None  # only partitions' links are modelled as causes
                value = True if wanted == "lan_cut" else {"port": 657, "direction": "both"}
                entry = apply_cause(world, wanted, host, value)
                self.applied[host] = (wanted, entry["id"])
                log.info("%s: LAN observed %s, applied %s (fault %s)", host,
                         "down" if wanted == "lan_cut" else "dropping port 657", wanted, entry["id"])
        except WorldError as exc:
            log.warning("%s: cannot apply %s: %s", host, wanted, exc)
            return None
        self.estate.persist()
        return wanted
