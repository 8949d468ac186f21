"""The HTTP JSON control API, on its own port: readiness, hosts, scenarios, faults, the clock,
transcripts, state and coverage. Documented in openapi.json (beside this file, also served at
GET /openapi.json); tests validate real responses against it.

Every handler runs on the estate's event loop, between two commands, so it sees a consistent world.
Bad requests get 400 with {"error": ...}, unknown ids 404, and nothing ever answers with a traceback.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import web

from . import faults
from .guard import MAX_STATE_BODY, Door, body_limit

if TYPE_CHECKING:
    from ..world.world import World

log = logging.getLogger("fakehmc.control")

MAX_ADVANCE_SECONDS = 366 * 24 * 3600
_SNAPSHOT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class BadRequest(Exception):
    pass


@web.middleware
async def _json_errors(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except BadRequest as exc:
        return _error(400, str(exc))
    except BodyTooLarge as exc:
        return _error(413, str(exc))
    except faults.FaultError as exc:
        return _error(400, str(exc))
    except faults.UnknownFault as exc:
        return _error(404, f"no active fault with id {exc.args[0]}")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _error(exc.status, exc.reason)
    except Exception:
        log.exception("control API %s %s failed", request.method, request.path)
        return _error(500, "internal error (see the server log)")


class BodyTooLarge(Exception):
    pass


class Estate(Protocol):
    """What the control API drives: the runtime's estate (harness/runtime/embedded.py) as this layer
    sees it, so the API never imports the runtime that starts it."""

    world: World
    hosts: list
    config: Any

    def persist(self, tick: bool = False) -> None: ...
    def reset(self) -> None: ...
    def dump(self) -> dict: ...
    def load(self, data: dict) -> None: ...
    def snapshot(self, name: str) -> dict: ...
    def restore(self, name: str) -> dict: ...
    def snapshot_names(self) -> list[str]: ...
    async def advance_in_slices(self, seconds: float, until=None) -> bool: ...


class ControlApi:
    def __init__(self, estate: Estate, token: str, address: str = "127.0.0.1"):
        self.estate = estate
        self.ready = False
        self.door = Door(token, address)

        @web.middleware
        async def guard(request: web.Request, handler) -> web.StreamResponse:
            refused = self.door.refuse(request)
            if refused is not None:
                return _error(*refused)
            return await handler(request)

        app = web.Application(middlewares=[guard, self._sync_clock, _json_errors], client_max_size=MAX_STATE_BODY)
        app.add_routes([
            web.get("/health", self.health),
            web.get("/hosts", self.hosts),
            web.get("/scenarios", self.scenarios),
            web.get("/causes", self.causes),
            web.get("/coverage", self.coverage),
            web.get("/openapi.json", self.openapi),
            web.get("/faults", self.faults_list),
            web.post("/faults", self.faults_add),
            web.delete("/faults", self.faults_heal_all),
            web.post("/faults/{id}/heal", self.faults_heal),
            web.get("/clock", self.clock),
            web.post("/clock/advance", self.clock_advance),
            web.get("/transcript", self.transcript),
            web.get("/state", self.state_get),
            web.put("/state", self.state_put),
            web.get("/state/snapshots", self.snapshots),
            web.post("/state/snapshot", self.snapshot),
            web.post("/state/restore", self.restore),
            web.post("/reset", self.reset),
        ])
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self, address: str, port: int) -> str:
        await self._runner.setup()
        site = web.TCPSite(self._runner, address, port)
        await site.start()
        sock = site._server.sockets[0]  # the real port when 0 was asked for
        self.door.port = sock.getsockname()[1]
        self.ready = True
        return f"http://{address}:{self.door.port}"

    async def start_on(self, sock, address: str) -> None:
        """Serve on a socket the estate bound (and announced) before this web stack was imported."""
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self.door.port = sock.getsockname()[1]
        self.ready = True

    async def close(self) -> None:
        self.ready = False
        await self._runner.cleanup()

    # ---- about the estate ----------------------------------------------------------------------
    async def health(self, request: web.Request) -> web.Response:
        if not (self.ready and self.estate.hosts):
            return web.json_response({"status": "starting"}, status=503)
        return web.json_response({"status": "ready", "scenario": self.estate.world.scenario,
                                  "hosts": len(self.estate.hosts)})

    async def hosts(self, request: web.Request) -> web.Response:
        return web.json_response([h.to_dict() for h in self.estate.hosts])

    async def scenarios(self, request: web.Request) -> web.Response:
        from ..scenario.catalogue import describe_builtins

        return web.json_response([{"name": n, "description": d} for n, d in describe_builtins()])

    async def causes(self, request: web.Request) -> web.Response:
        return web.json_response(faults.cause_table())

    async def coverage(self, request: web.Request) -> web.Response:
        return web.json_response(coverage_table())

    async def openapi(self, request: web.Request) -> web.Response:
        return web.json_response(openapi_document())

    # ---- faults --------------------------------------------------------------------------------
    async def faults_list(self, request: web.Request) -> web.Response:
        return web.json_response(faults.list_faults(self.estate.world))

    async def faults_add(self, request: web.Request) -> web.Response:
        entry = faults.add_fault(self.estate.world, await _body(request))
        self.estate.persist()
        return web.json_response(entry, status=201)

    async def faults_heal(self, request: web.Request) -> web.Response:
        try:
            fault_id = int(request.match_info["id"])
        except ValueError:
            raise BadRequest("fault ids are integers") from None
        entry = faults.heal(self.estate.world, fault_id)
        self.estate.persist()
        return web.json_response(entry)

    async def faults_heal_all(self, request: web.Request) -> web.Response:
        report = faults.heal_all(self.estate.world)
        self.estate.persist()
        return web.json_response(report)

    # ---- clock ---------------------------------------------------------------------------------
    @web.middleware
    async def _sync_clock(self, request: web.Request, handler) -> web.StreamResponse:
        sync = getattr(self.estate, "sync_clock", None)
        if sync is not None:
            sync()  # a moving clock: the request sees the world as of the instant it arrives
        return await handler(request)

    def _clock_doc(self) -> dict:
        clock = self.estate.world.clock
        scale = getattr(self.estate, "clock_scale", self.estate.config.clock_scale)  # 0 while frozen
        return {"now": clock.now, "time": clock.datetime().isoformat(), "scale": scale}

    async def clock(self, request: web.Request) -> web.Response:
        return web.json_response(self._clock_doc())

    async def clock_advance(self, request: web.Request) -> web.Response:
        body = await _body(request)
        if not isinstance(body, dict) or not ("seconds" in body or "until" in body):
            raise BadRequest('body must be JSON like {"seconds": 360} or {"until": "lpar30 rmc_state is active", '
                             '"limit": 900}')
        before = getattr(self.estate, "before_advance", None)
        if before is not None:  # containers: learn of real link changes before the clock moves
            await before()
        if "until" in body:
            from ..world.conditions import ConditionError

            limit = _seconds(body.get("limit", 3600), "limit")
            if not isinstance(body["until"], str):
                raise BadRequest("until must be a condition string")
            from ..world.conditions import compile_condition

            try:
                pred = compile_condition(self.estate.world, body["until"])
            except ConditionError as exc:
                raise BadRequest(str(exc)) from None
            held = await self.estate.advance_in_slices(limit, until=pred)
            return web.json_response({**self._clock_doc(), "held": held, "until": body["until"]})
        # returns once the world has settled; SSH and the API are served between slices
        await self.estate.advance_in_slices(_seconds(body["seconds"], "seconds"))
        return web.json_response(self._clock_doc())

    # ---- transcript ----------------------------------------------------------------------------
    async def transcript(self, request: web.Request) -> web.Response:
        world = self.estate.world
        host = request.query.get("host")
        since = _since(world, request.query.get("since"))
        out = []
        for i, e in enumerate(world.transcript):
            if (host is None or e.host == host) and e.time >= since:
                out.append({"seq": i, **e.to_dict(), "iso": _iso(world, e.time)})
        return web.json_response(out)

    # ---- state ---------------------------------------------------------------------------------
    async def state_get(self, request: web.Request) -> web.Response:
        return web.json_response(self.estate.dump())

    async def state_put(self, request: web.Request) -> web.Response:
        body = await _body(request)
        if not isinstance(body, dict):
            raise BadRequest("body must be a world dump (GET /state)")
        try:
            self.estate.load(body)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
        return web.json_response({"status": "loaded", "scenario": self.estate.world.scenario, **self._clock_doc()})

    async def snapshots(self, request: web.Request) -> web.Response:
        return web.json_response({"snapshots": self.estate.snapshot_names()})

    async def snapshot(self, request: web.Request) -> web.Response:
        return web.json_response(self.estate.snapshot(_snapshot_name(await _body(request))), status=201)

    async def restore(self, request: web.Request) -> web.Response:
        name = _snapshot_name(await _body(request))
        try:
            return web.json_response(self.estate.restore(name))
        except KeyError:
            return _error(404, f"no snapshot named {name!r}")
        except ValueError as exc:  # a snapshot file in the state dir that is no longer a usable dump
            raise BadRequest(str(exc)) from None

    async def reset(self, request: web.Request) -> web.Response:
        self.estate.reset()
        return web.json_response({"status": "reset", "scenario": self.estate.world.scenario})


# ---- helpers -------------------------------------------------------------------------------------
def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _body(request: web.Request) -> Any:
    limit = body_limit(request)
    chunks, size = [], 0
    while chunk := await request.content.read(64 * 1024):  # a chunked body has no length to check first
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"request body over {limit} bytes")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks) or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest("body must be JSON") from None


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, str):
        try:
            value = parse_duration(value)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_ADVANCE_SECONDS:
        raise BadRequest(f"{name} must be between 0 and {MAX_ADVANCE_SECONDS} seconds")
    return float(value)


def _snapshot_name(body: Any) -> str:
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not _SNAPSHOT_NAME.match(name):
        raise BadRequest('body must be like {"name": "before-repair"} (letters, digits, _ . -)')
    return name


def _iso(world, seconds: float) -> str:
    from datetime import timedelta

    return (world.clock.epoch + timedelta(seconds=seconds)).isoformat()


def _since(world, text: str | None) -> float:
    """?since= takes virtual seconds or an ISO time."""
    if text is None:
        return float("-inf")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text)  # 3.11 reads a trailing Z
    except ValueError:
        raise BadRequest(f"since must be virtual seconds or an ISO time, not {text!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=world.clock.epoch.tzinfo)
    return (when - world.clock.epoch).total_seconds()


def coverage_table() -> dict:
    from ..runtime.registries import registry_for

    return {flavour: [{"name": s.name, "paths": list(s.paths), "summary": s.summary, "flags": list(s.flags)}
                      for s in registry_for(flavour).specs()] for flavour in ("hmc", "aix")}


def openapi_document() -> dict:
    return json.loads((resources.files("harness.control") / "openapi.json").read_text())


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
