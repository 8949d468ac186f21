"""The HTTP JSON control API, on its own port: readiness, hosts, the clock, transcripts, reset.

Every handler runs on the estate's event loop, between two commands, so it sees a consistent world.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from ..runtime.embedded import Estate

MAX_ADVANCE_SECONDS = 366 * 24 * 3600


class ControlApi:
    def __init__(self, estate: "Estate"):
        self.estate = estate
        self.ready = False
        app = web.Application()
        app.add_routes([
            web.get("/health", self.health),
            web.get("/hosts", self.hosts),
            web.post("/clock/advance", self.clock_advance),
            web.get("/clock", self.clock),
            web.get("/transcript", self.transcript),
            web.post("/reset", self.reset),
        ])
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self, address: str, port: int) -> str:
        await self._runner.setup()
        site = web.TCPSite(self._runner, address, port)
        await site.start()
        sock = site._server.sockets[0]  # the real port when 0 was asked for
        self.ready = True
        return f"http://{address}:{sock.getsockname()[1]}"

    async def close(self) -> None:
        self.ready = False
        await self._runner.cleanup()

    async def health(self, request: web.Request) -> web.Response:
        if not (self.ready and self.estate.hosts):
            return web.json_response({"status": "starting"}, status=503)
        return web.json_response({"status": "ready", "scenario": self.estate.world.scenario,
                                  "hosts": len(self.estate.hosts)})

    async def hosts(self, request: web.Request) -> web.Response:
        return web.json_response([h.to_dict() for h in self.estate.hosts])

    def _clock_doc(self) -> dict:
        clock = self.estate.world.clock
        return {"now": clock.now, "time": clock.datetime().isoformat(), "scale": self.estate.config.clock_scale}

    async def clock(self, request: web.Request) -> web.Response:
        return web.json_response(self._clock_doc())

    async def clock_advance(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            seconds = float(body["seconds"])
        except (ValueError, KeyError, TypeError):
            return _bad('body must be JSON like {"seconds": 360}')
        if not 0 <= seconds <= MAX_ADVANCE_SECONDS:
            return _bad(f"seconds must be between 0 and {MAX_ADVANCE_SECONDS}")
        self.estate.advance(seconds)  # returns once every timer due has fired: the world has settled
        return web.json_response(self._clock_doc())

    async def transcript(self, request: web.Request) -> web.Response:
        host = request.query.get("host")
        entries = [e.to_dict() for e in self.estate.world.transcript if host is None or e.host == host]
        return web.json_response(entries)

    async def reset(self, request: web.Request) -> web.Response:
        self.estate.reset()
        return web.json_response({"status": "reset", "scenario": self.estate.world.scenario})


def _bad(message: str) -> web.Response:
    return web.json_response({"error": message}, status=400)


def parse_duration(text: str) -> float:
    """'6m', '90s', '1h30m', '2.5m' or a plain number of seconds -> seconds."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {text!r} (use e.g. 6m, 90s, 1h30m)")
    mult = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    return sum(float(n) * mult[u] for n, u in parts)
