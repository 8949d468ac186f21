"""The REST server of one HMC: HTTPS (aiohttp) on the HMC's address, port 12443 [V pypowervm default].

Every handler runs on the estate's event loop between two SSH commands, so it sees the same consistent
world as the CLI. Errors answer with the HttpErrorResponse Atom entry a real HMC sends; nothing ever
answers with a traceback.
"""

from __future__ import annotations

import json
import logging
import ssl
import uuid
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from ..hmc.messages import world_error
from ..hmc.targets import HmcTarget
from ..world import roles
from ..world.errors import WorldError
from ..world.world import TranscriptEntry, World
from . import changes, events, ids, jobs, levels, resources, uomxml, xag
from .resources import View
from .sessions import SessionTable

log = logging.getLogger("fakehmc.rest")

REST_PORT = levels.REST_PORT
MAX_BODY = 4 * 1024 * 1024
PARTITION_KINDS = ("LogicalPartition", "VirtualIOServer")
CHILDREN = "SharedProcessorPool|VirtualSwitch|VirtualNetwork"  # feeds under a managed system


class Dropped(Exception):
    """A drop rule (faults.py): the connection closes without a reply."""


class HttpError(Exception):
    def __init__(self, status: int, reason: str, message: str):
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


# [I] reason codes and texts: the captured 500 says "Unknown internal error."; the others are guesses
def unauthorized(message: str = "Unauthorized: the request carries no valid X-API-Session.") -> HttpError:
    return HttpError(401, "Unauthorized", message)


class RestServer:
    def __init__(self, world_ref: Callable[[], World], hmc_name: str, after_change: Callable[[], None],
                 gate=None):
        self._world_ref = world_ref
        self.gate = gate  # harness.ssh.faults.Gate: pulsed when the world changes (wakes Event long polls)
        self.listeners: dict[str, events.Listener] = {}
        self.hmc_name = hmc_name
        self._after_change = after_change
        self.sessions = SessionTable()
        self._runner: web.AppRunner | None = None

        @web.middleware
        async def errors(request: web.Request, handler) -> web.StreamResponse:
            try:
                resp = await self._fault(request)
                if resp is None:
                    resp = await handler(request)
            except Dropped:
                self._record(request, 0)
                if request.transport is not None:
                    request.transport.abort()  # no reply at all: the client's read fails
                raise web.HTTPInternalServerError() from None  # nothing is left to write it to
            except HttpError as exc:
                resp = self._error(request, exc.status, exc.reason, exc.message)
            except web.HTTPException as exc:
                if exc.status < 400:
                    raise
                resp = self._error(request, exc.status, exc.reason, exc.reason)
            except Exception:  # noqa: BLE001 - never a traceback to the client
                log.exception("REST %s %s failed", request.method, request.path)
                resp = self._error(request, 500, "Unknown internal error.", "Unknown internal error.")
            schema = self._error_schema()
            if schema and not resp.prepared:
                resp.headers.setdefault("X-HMC-Schema-Version", schema)  # [V header of captured responses]
            self._record(request, resp.status)
            return resp

        app = web.Application(middlewares=[errors], client_max_size=MAX_BODY)
        api = "/rest/api"
        part = "{kind:LogicalPartition|VirtualIOServer}"
        app.add_routes([
            web.put(f"{api}/web/Logon", self.logon),
            web.delete(f"{api}/web/Logon", self.logoff),
            web.get(f"{api}/uom/ManagementConsole", self.consoles),
            web.get(f"{api}/uom/ManagementConsole/{{uuid}}", self.console),
            web.get(f"{api}/uom/ManagedSystem", self.systems),
            web.get(f"{api}/uom/ManagedSystem/quick/All", self.systems_quick),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}", self.system),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/quick", self.system_quick),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/quick/{{prop}}", self.system_quick),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/{{child:{CHILDREN}}}", self.children),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/{{child:{CHILDREN}}}/{{uuid}}", self.children),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/{part}", self.partitions),
            web.get(f"{api}/uom/ManagedSystem/{{sys}}/{part}/{{uuid}}", self.partition),
            web.post(f"{api}/uom/ManagedSystem/{{sys}}/{part}/{{uuid}}", self.partition_update),
            web.get(f"{api}/uom/{part}", self.partitions),
            web.get(f"{api}/uom/{part}/quick/All", self.partitions_quick),
            web.get(f"{api}/uom/{part}/{{uuid}}", self.partition),
            web.post(f"{api}/uom/{part}/{{uuid}}", self.partition_update),
            web.get(f"{api}/uom/{part}/{{uuid}}/quick", self.partition_quick),
            web.get(f"{api}/uom/{part}/{{uuid}}/ClientNetworkAdapter", self.cnas),
            web.get(f"{api}/uom/{part}/{{uuid}}/ClientNetworkAdapter/{{cna}}", self.cnas),
            web.get(f"{api}/uom/{part}/{{uuid}}/quick/{{prop}}", self.partition_quick),
            web.get(f"{api}/uom/{part}/{{uuid}}/LogicalPartitionProfile", self.profiles),
            web.get(f"{api}/uom/{part}/{{uuid}}/LogicalPartitionProfile/{{prof}}", self.profiles),
            web.put(f"{api}/uom/{part}/{{uuid}}/LogicalPartitionProfile", self.profile_change),
            web.post(f"{api}/uom/{part}/{{uuid}}/LogicalPartitionProfile", self.profile_change),
            web.post(f"{api}/uom/{part}/{{uuid}}/LogicalPartitionProfile/{{prof}}", self.profile_change),
            web.get(f"{api}/uom/{{group:LogicalPartition|VirtualIOServer|ManagementConsole|ManagedSystem}}/{{uuid}}/do/{{op}}",
                    self.job_template),
            web.put(f"{api}/uom/{{group:LogicalPartition|VirtualIOServer|ManagementConsole|ManagedSystem}}/{{uuid}}/do/{{op}}",
                    self.job_run),
            web.get(f"{api}/pcm/ManagedSystem/{{sys}}/preferences", self.pcm_preferences),
            web.post(f"{api}/pcm/ManagedSystem/{{sys}}/preferences", self.pcm_preferences),
            web.get(f"{api}/pcm/ManagedSystem/{{sys}}/RawMetrics/LongTermMonitor", self.pcm_ltm),
            web.get(f"{api}/pcm/ManagedSystem/{{sys}}/RawMetrics/LongTermMonitor/{{file}}", self.pcm_ltm),
            web.get(f"{api}/uom/jobs/{{id}}", self.job_status),
            web.get(f"{api}/uom/Event", self.events),
            web.delete(f"{api}/uom/jobs/{{id}}", self.job_delete),
        ])
        self.jobs: dict[int, jobs.Job] = {}
        self._job_seq = 0
        self._app = app

    # ---- lifecycle ---------------------------------------------------------------------------------
    async def start_on(self, socks: list, cert: Path, key: Path) -> None:
        """Serve on sockets the estate bound (and announced) before this web stack was imported: the
        REST port and its 443 twin (levels.py) share the certificate, sessions and world; links name
        the port a request came in on."""
        self._ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ssl.load_cert_chain(str(cert), str(key))
        self._runner = web.AppRunner(self._app, access_log=None)
        await self._runner.setup()
        for sock in socks:
            await web.SockSite(self._runner, sock, ssl_context=self._ssl).start()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _fault(self, request: web.Request) -> web.Response | None:
        """A REST rule of the control API (faults.py) answers, delays or holds this call."""
        from ..ssh.faults import hold
        from . import faults as rest_faults

        world = self.world
        s = self.sessions.find(request.headers.get("X-API-Session"), world.clock.now)
        user = s.user if s else ""
        rule = rest_faults.match(world, self.hmc_name, user, f"{request.method} {request.path}")
        if rule is None:
            return None
        if rule["action"] == "error":
            status, message = rest_faults.error_status(rule, request.path)
            return self._error(request, status, "Injected fault", message)  # [I] reason code
        if rule["action"] == "delay":
            world.advance(rule["seconds"])
            return None
        if rule["action"] == "drop":
            raise Dropped()
        shim = type("Held", (), {"gate": self.gate, "fault_active": staticmethod(
            lambda fid: any(r["id"] == fid for r in self.world.rules))})()
        await hold(shim, rule)
        return None

    # ---- helpers -----------------------------------------------------------------------------------
    @property
    def world(self) -> World:
        return self._world_ref()

    def _hmc(self):
        host = self.world.host(self.hmc_name)
        if host is None or host.hmc is None:
            raise HttpError(503, "Service Unavailable", "The management console is not available.")
        return host.hmc

    def _schema(self) -> str:
        """The schemaVersion every object, job and error this HMC writes carries (its level's, levels.py)."""
        return levels.schema(self._hmc().level.key)

    def _error_schema(self) -> str:
        """The level's schemaVersion, or "" when the HMC is gone (its 503 still needs writing)."""
        host = self.world.host(self.hmc_name)
        return levels.schema(host.hmc.level.key) if host is not None and host.hmc is not None else ""

    def _view(self, request: web.Request) -> View:
        # links name the address the client used, as the real server does [I]
        return View(HmcTarget(self.world, self._hmc()), f"{request.scheme}://{request.host}")

    def _session(self, request: web.Request):
        s = self.sessions.find(request.headers.get("X-API-Session"), self.world.clock.now)
        if s is None or s.user not in self._hmc().users:
            raise unauthorized()
        request["user"] = s.user
        return s

    def _error(self, request: web.Request, status: int, reason: str, message: str) -> web.Response:
        v = self.world.clock.datetime()
        stamp = v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"
        body = uomxml.http_error(status, request.path, reason, message, str(uuid.uuid4()), stamp,
                                 self._error_schema() or "V1_0")
        return web.Response(status=status, body=body.encode(), content_type=uomxml.ATOM_TYPE)

    def _record(self, request: web.Request, status: int) -> None:
        """The transcript holds REST calls beside SSH commands: channel ``rest``, the method and path as
        the command, the HTTP status as the exit code."""
        world = self.world
        path = request.path_qs
        world.record(TranscriptEntry(world.clock.now, self.hmc_name, request.get("user", ""), "rest",
                                     f"{request.method} {path}", status, 0))

    @staticmethod
    def _atom(request: web.Request, text: str, etag: str) -> web.Response:
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"etag": etag})
        headers = {"etag": etag, "Cache-Control": "no-cache"}
        return web.Response(body=text.encode(), headers=headers, content_type=uomxml.ATOM_TYPE)

    def _system(self, v: View, sys_uuid: str):
        system = v.system_by_uuid(sys_uuid)
        if system is None:
            raise HttpError(404, "Not Found", f"The ManagedSystem with UUID {sys_uuid} was not found.")  # [I]
        return system

    def _part(self, v: View, request: web.Request):
        kind = request.match_info["kind"]
        system = self._system(v, request.match_info["sys"]) if "sys" in request.match_info else None
        uid = request.match_info["uuid"]
        s, p = v.partition_by_uuid(uid, system, vios=(kind == "VirtualIOServer"))
        if p is None:
            raise HttpError(404, "Not Found", f"The {kind} with UUID {uid} was not found.")  # [I]
        return s, p

    # ---- sessions ----------------------------------------------------------------------------------
    async def logon(self, request: web.Request) -> web.Response:
        import xml.etree.ElementTree as ET

        body = await request.read()
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            raise HttpError(400, "Bad Request", "The LogonRequest is not valid XML.") from None  # [I]
        ns = f"{{{uomxml.WEB_NS}}}"
        user = (root.findtext(f"{ns}UserID") or "").strip()
        password = root.findtext(f"{ns}Password") or ""
        request["user"] = user
        hmc = self._hmc()
        account = hmc.users.get(user)
        if account is None or not account.password or account.password != password:
            # [I] the same answer for an unknown user and a wrong password
            raise unauthorized("User " + user + " could not be authenticated: the user ID or password is "
                               "not valid.")
        asked = root.get("schemaVersion")
        if asked is not None and not levels.valid_schema(asked):
            raise HttpError(400, "Bad Request", f"The schemaVersion {asked} of the LogonRequest is not "
                                                "valid.")  # [I] wording
        s = self.sessions.open(user, self.world.clock.now)
        # the answer carries the HMC's own version whatever the client asked for (levels.py) [V]
        return web.Response(body=uomxml.logon_response(s.token, self._schema()).encode(),
                            content_type="application/vnd.ibm.powervm.web+xml",
                            charset=None, headers={"X-MC-Type": "HMC"})  # [V] pypowervm reads X-MC-Type

    async def logoff(self, request: web.Request) -> web.Response:
        s = self._session(request)
        self.sessions.close(s.token)
        self.listeners.pop(s.token, None)
        return web.Response(status=204)

    # ---- ManagementConsole -------------------------------------------------------------------------
    async def consoles(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        entry = resources.console_entry(v, self._schema())
        doc = uomxml.feed_document(_feed_id(v, "ManagementConsole"), v.stamp(), v.url("ManagementConsole"),
                                   [entry])
        return self._atom(request, doc, uomxml.feed_etag([entry]))

    async def console(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        entry = resources.console_entry(v, self._schema())
        if request.match_info["uuid"].lower() != entry.atom_id:
            raise HttpError(404, "Not Found", f"The ManagementConsole with UUID {request.match_info['uuid']} "
                                              "was not found.")
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    # ---- ManagedSystem -----------------------------------------------------------------------------
    async def systems(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        groups = xag.requested(request.query)
        entries = [resources.system_entry(v, s, self._schema(), groups) for s in v.t.systems()]
        return self._feed(request, v, "ManagedSystem", entries)

    def _feed(self, request, v: View, path: str, entries) -> web.Response:
        if not entries:
            return web.Response(status=204)  # [V pypowervm: an empty feed is HTTP 204]
        console = v.url(f"ManagementConsole/{ids.hmc_uuid(v.world, v.t.hmc)}")
        doc = uomxml.feed_document(_feed_id(v, path), v.stamp(), v.url(path), entries, console)
        return self._atom(request, doc, uomxml.feed_etag(entries))

    async def system(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        entry = resources.system_entry(v, self._system(v, request.match_info["sys"]), self._schema(),
                                       xag.requested(request.query))
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    async def systems_quick(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        return _json([resources.system_quick(v, s) for s in v.t.systems()])

    async def system_quick(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        return _quick(resources.system_quick(v, self._system(v, request.match_info["sys"])),
                      request.match_info.get("prop"))

    async def children(self, request: web.Request) -> web.Response:
        """SharedProcessorPool, VirtualSwitch and VirtualNetwork feeds and entries of a managed system."""
        self._session(request)
        v = self._view(request)
        system = self._system(v, request.match_info["sys"])
        child = request.match_info["child"]
        build = {"SharedProcessorPool": resources.pool_entries, "VirtualSwitch": resources.switch_entries,
                 "VirtualNetwork": resources.network_entries}[child]
        entries = build(v, system, self._schema())
        uid = request.match_info.get("uuid")
        if uid is None:
            return self._feed(request, v, f"ManagedSystem/{request.match_info['sys']}/{child}", entries)
        entry = next((e for e in entries if e.atom_id == uid.lower()), None)
        if entry is None:
            raise HttpError(404, "Not Found", f"The {child} with UUID {uid} was not found.")  # [I]
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    # ---- partitions --------------------------------------------------------------------------------
    async def partitions(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        kind = request.match_info["kind"]
        system = self._system(v, request.match_info["sys"]) if "sys" in request.match_info else None
        under = system is not None
        groups = xag.requested(request.query)
        entries = [resources.partition_entry(v, s, p, self._schema(), under, groups)
                   for s, p in v.partitions(system, vios=(kind == "VirtualIOServer"))]
        path = kind if system is None else f"ManagedSystem/{request.match_info['sys']}/{kind}"
        return self._feed(request, v, path, entries)

    async def partition(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        s, p = self._part(v, request)
        entry = resources.partition_entry(v, s, p, self._schema(), "sys" in request.match_info,
                                          xag.requested(request.query))
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    async def cnas(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        s, p = self._part(v, request)
        kind = request.match_info["kind"]
        entries = resources.cna_entries(v, s, p, self._schema(), kind, xag.requested(request.query))
        cna = request.match_info.get("cna")
        if cna is None:
            return self._feed(request, v, f"{kind}/{request.match_info['uuid']}/ClientNetworkAdapter", entries)
        entry = next((e for e in entries if e.atom_id == cna.lower()), None)
        if entry is None:
            raise HttpError(404, "Not Found", f"The ClientNetworkAdapter with UUID {cna} was not found.")  # [I]
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    async def profiles(self, request: web.Request) -> web.Response:
        from .profiles import profile_entries

        self._session(request)
        v = self._view(request)
        s, p = self._part(v, request)
        kind = request.match_info["kind"]
        entries = profile_entries(v, s, p, self._schema(), kind)
        prof = request.match_info.get("prof")
        if prof is None:
            return self._feed(request, v, f"{kind}/{request.match_info['uuid']}/LogicalPartitionProfile", entries)
        entry = next((e for e in entries if e.atom_id == prof.lower()), None)
        if entry is None:
            raise HttpError(404, "Not Found", f"The LogicalPartitionProfile with UUID {prof} was not found.")  # [I]
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    async def profile_change(self, request: web.Request) -> web.Response:
        """Create (PUT/POST on the feed) or change (POST on the entry, If-Match) a profile through
        mksyscfg/chsyscfg -r prof's own change (profile_changes.py)."""
        from ..hmc import syscfg_change
        from ..hmc.messages import HmcError
        from . import profile_changes
        from .profiles import profile_entries

        sess = self._session(request)
        v = self._view(request)
        prof_id = request.match_info.get("prof")
        command = "mksyscfg" if prof_id is None else "chsyscfg"
        if not roles.allowed(v.t.hmc.users[sess.user].role, command, ["-r", "prof"]):
            raise HttpError(403, "Forbidden", f"User {sess.user} is not authorized to change partition "
                                              "profiles.")  # [I] wording
        s, p = self._part(v, request)
        kind = request.match_info["kind"]
        schema = self._schema()
        body = await request.read()
        try:
            cfg = profile_changes.to_config(body)
            name = profile_changes.profile_name(body)
        except profile_changes.BadProfile as exc:
            raise HttpError(400, "Bad Request", str(exc)) from None
        cfg["lpar_id"] = ("=", str(p.id))
        if prof_id is None:
            cfg["name"] = ("=", name or "")
        else:
            current = next((e for e in profile_entries(v, s, p, schema, kind) if e.atom_id == prof_id.lower()), None)
            if current is None:
                raise HttpError(404, "Not Found", f"The LogicalPartitionProfile with UUID {prof_id} was not "
                                                  "found.")  # [I]
            if_match = request.headers.get("If-Match")
            if if_match is not None and if_match != current.etag:
                raise HttpError(412, "Precondition Failed",
                                f"The etag {if_match} does not match the current etag {current.etag} of the "
                                "LogicalPartitionProfile: it was changed since it was read.")  # [I] wording
            old = next(pr.name for pr in p.profiles if ids.profile_uuid(v.world, s, p, pr.name) == current.atom_id)
            cfg["name"] = ("=", old)
            if name and name != old:
                cfg["new_name"] = ("=", name)
        try:
            v.t.require_connected(s)
            if prof_id is None:
                prof = syscfg_change.create_profile(v.t, s, cfg)
            else:
                syscfg_change.change_profile(v.t, s, cfg)
                prof = next(pr for pr in p.profiles if pr.name == cfg.get("new_name", cfg["name"])[1])
        except HmcError as exc:
            raise HttpError(400, "Bad Request", exc.text.rstrip("\n")) from None  # the CLI's HSCL text [I status]
        finally:
            v.world.changed()
            self._after_change()
        uid = ids.profile_uuid(v.world, s, p, prof.name)
        entry = next(e for e in profile_entries(v, s, p, schema, kind) if e.atom_id == uid)
        return self._atom(request, uomxml.entry_document(entry), entry.etag)

    async def partitions_quick(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        vios = request.match_info["kind"] == "VirtualIOServer"
        return _json([resources.partition_quick(v, s, p) for s, p in v.partitions(vios=vios)])

    async def partition_quick(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        s, p = self._part(v, request)
        return _quick(resources.partition_quick(v, s, p), request.match_info.get("prop"))

    async def partition_update(self, request: web.Request) -> web.Response:
        sess = self._session(request)
        v = self._view(request)
        hmc = v.t.hmc
        if not roles.allowed(hmc.users[sess.user].role, "chhwres", ["-o", "a"]):
            # [I] wording; the task role may not change partitions (HSCL350B on the CLI)
            raise HttpError(403, "Forbidden", f"User {sess.user} is not authorized to modify partitions.")
        s, p = self._part(v, request)
        under = "sys" in request.match_info
        current = resources.partition_entry(v, s, p, self._schema(), under)
        if_match = request.headers.get("If-Match")
        # the etag of the object as read: whole, base only (group=None, pypowervm's reads) or the groups named
        read_as = {current.etag} | {resources.partition_entry(v, s, p, self._schema(), under, g).etag
                                    for g in (set(), xag.requested(request.query))}
        if if_match is not None and if_match not in read_as:
            raise HttpError(412, "Precondition Failed",
                            f"The etag {if_match} does not match the current etag {current.etag} of the "
                            f"{current.kind}: it was changed since it was read.")  # [I] wording
        body = await request.read()
        try:
            changes.apply(v.world, hmc, s, p, changes.parse_partition(body))
        except changes.ChangeRefused as exc:
            raise HttpError(exc.status, "Bad Request", exc.message) from None
        except WorldError as exc:
            # the CLI's words for the same failure (HSCL2957 when RMC is down) [I: status 500]
            raise HttpError(500, "Unknown internal error.", world_error(exc).text) from None
        finally:
            v.world.changed()
            self._after_change()
        entry = resources.partition_entry(v, s, p, self._schema(), under)
        return self._atom(request, uomxml.entry_document(entry), entry.etag)


    # ---- jobs (jobs.py) -----------------------------------------------------------------------------
    def _job_target(self, v: View, request: web.Request):
        group, op, uid = request.match_info["group"], request.match_info["op"], request.match_info["uuid"]
        if group not in jobs.GROUPS.get(op, ()):
            raise HttpError(404, "Not Found", f"The operation {op} does not exist for {group}.")  # [I]
        if group == "ManagementConsole":
            if uid.lower() != ids.hmc_uuid(v.world, v.t.hmc):
                raise HttpError(404, "Not Found", f"The ManagementConsole with UUID {uid} was not found.")
            return group, op, uid.lower(), None, None
        if group == "ManagedSystem":
            return group, op, uid.lower(), self._system(v, uid), None
        s, p = v.partition_by_uuid(uid, vios=(group == "VirtualIOServer"))
        if p is None:
            raise HttpError(404, "Not Found", f"The {group} with UUID {uid} was not found.")
        return group, op, uid.upper(), s, p

    async def job_template(self, request: web.Request) -> web.Response:
        self._session(request)
        v = self._view(request)
        group, op, _, _, _ = self._job_target(v, request)
        body = jobs.template(op, group, str(uuid.uuid4()), v.stamp(), self._schema())
        return web.Response(body=body.encode(), content_type=uomxml.ATOM_TYPE)

    async def job_run(self, request: web.Request) -> web.Response:
        sess = self._session(request)
        v = self._view(request)
        group, op, target, s, p = self._job_target(v, request)
        try:
            params = jobs.parse_request(await request.read())
        except Exception:  # noqa: BLE001 - any unparsable body is the client's error
            raise HttpError(400, "Bad Request", "The JobRequest is not valid XML.") from None  # [I]
        started = v.created_ms() + int(v.world.clock.now * 1000)
        results, message = self._run_job(v, sess.user, op, s, p, params)
        status = "COMPLETED_OK" if not message else "COMPLETED_WITH_ERROR"  # [V enum; I which one]
        self._job_seq += 1
        job_id = started + self._job_seq
        job = jobs.Job(job_id, dict(op=op, group=group, target=target,
                                    request_url=f"{group}/{request.match_info['uuid']}/do/{op}", params=params,
                                    results=results, started_ms=started, entry_id=str(uuid.uuid4()),
                                    stamp=v.stamp(), self_href=v.url(f"jobs/{job_id}")),
                       status=status, message=message, done_ms=v.created_ms() + int(v.world.clock.now * 1000))
        if not message and op in ("PowerOn", "PowerOff"):
            job.watch = jobs.watch_for(v.world, op, s, p)  # the transition the job now waits on
            if job.watch is not None:
                job.status, job.done_ms = "RUNNING", 0
        self.jobs[job_id] = job
        v.world.changed()
        self._after_change()
        return web.Response(body=jobs.render(job, self._schema()).encode(), content_type=uomxml.ATOM_TYPE)

    def _run_job(self, v: View, user: str, op: str, system, part, params: dict[str, str]):
        """(results, error message) of one job, through the world operations the CLI uses."""
        from ..hmc.messages import text as hmc_text
        from ..world import power

        role = v.t.hmc.users[user].role
        if op == "CLIRunner":
            from ..runtime.backend import HostBackend

            cmd = params.get("cmd", "")
            backend = HostBackend(self._world_ref, self.hmc_name, self._after_change)
            result = backend.new_shell(user, interactive=False, pty=False).run(cmd)
            backend.record(user=user, channel="rest", command=cmd, exit_code=result.exit_code,
                           bytes_out=len(result.stdout) + len(result.stderr))
            out = result.stdout + result.stderr
            return [("returnCode", str(result.exit_code)), ("result", out)], (out if result.exit_code else "")
        if op in ("MigrateValidate", "Migrate", "MigrateAbort", "MigrateRecover"):
            return self._migrate_job(v, user, role, op, system, part, params)
        if not roles.allowed(role, "chsysstate", ["-o", "on"]):
            raise HttpError(403, "Forbidden", f"User {user} is not authorized to run {op}.")  # [I]
        try:
            if part is None:  # the managed system itself [I: PowerOff takes no parameters here]
                if op == "PowerOn":
                    power.system_on(v.world, system)
                else:
                    power.system_off(v.world, system, restart=params.get("restart", "false").lower() == "true")
            elif op == "PowerOn":
                power.activate(v.world, system, part)
            else:
                kind = params.get("operation", "shutdown")
                immediate = params.get("immediate", "false").lower() == "true"
                if kind not in ("shutdown", "osshutdown"):
                    return [], f"The value {kind} of the operation parameter is not valid."  # [I]
                if kind == "osshutdown" and part.state != "Not Activated" and not v.t.view(system, part).active:
                    return [], hmc_text("osshutdown_no_rmc", lpar_id=part.id)
                power.shutdown(v.world, system, part, kind, immediate)
        except WorldError as exc:
            return [], world_error(exc).text
        return [], ""

    def _migrate_job(self, v: View, user: str, role, op: str, system, part, params: dict[str, str]):
        """MigrateValidate / Migrate / MigrateAbort / MigrateRecover: ``migrlpar -o v|m|s|r`` (hmc/migration.py),
        the destination named as migrlpar's -t/--ip/-u would name it. Like migrlpar in the model, a
        migration completes at once [I: the real job runs for minutes]."""
        from ..hmc import migration
        from ..hmc.messages import HmcError
        from ..hmc.options import parse

        flag = {"MigrateValidate": "v", "Migrate": "m", "MigrateAbort": "s", "MigrateRecover": "r"}[op]
        if not roles.allowed(role, "migrlpar", ["-o", flag]):
            raise HttpError(403, "Forbidden", f"User {user} is not authorized to run {op}.")  # [I]
        if flag in ("s", "r"):  # migrlpar -o s / -o r (Force: --force, nothing to force in the model)
            try:
                migration.stop_or_recover(v.t, system, part, flag)
            except HmcError as exc:
                return [], exc.text.rstrip("\n")
            return [], ""
        argv = ["-o", flag, "-t", params.get("TargetManagedSystemName", "")]
        if params.get("TargetRemoteHMCIPAddress"):
            argv += ["--ip", params["TargetRemoteHMCIPAddress"]]
            if params.get("TargetRemoteHMCUserID"):
                argv += ["-u", params["TargetRemoteHMCUserID"]]
        try:
            if not params.get("TargetManagedSystemName"):
                return [], "The job parameter TargetManagedSystemName is required."  # [I]
            opts = parse(argv, migration.MIGR_SPEC)
            dest_hmc, dest = migration._destination(v.t, opts, user)
            migration.validate(v.t, system, part, dest_hmc, dest)
            if flag == "m":
                migration.migrate(v.t, system, part, dest)
                v.world.changed()
        except HmcError as exc:
            return [], exc.text.rstrip("\n")
        except WorldError as exc:
            return [], world_error(exc).text
        return [], ""

    async def job_status(self, request: web.Request) -> web.Response:
        self._session(request)
        try:
            job = self.jobs[int(request.match_info["id"])]
        except (KeyError, ValueError):
            raise HttpError(404, "Not Found", f"The job {request.match_info['id']} was not found.") from None
        jobs.settle(job, self.world, self._view(request).created_ms())
        return web.Response(body=jobs.render(job, self._schema()).encode(), content_type=uomxml.ATOM_TYPE)


    async def job_delete(self, request: web.Request) -> web.Response:
        """A finished job is cleaned off the server (pypowervm deletes each job it ran) [V client]."""
        self._session(request)
        try:
            del self.jobs[int(request.match_info["id"])]
        except (KeyError, ValueError):
            raise HttpError(404, "Not Found", f"The job {request.match_info['id']} was not found.") from None
        return web.Response(status=204)


    # ---- performance and capacity monitoring (pcm.py) ---------------------------------------------------
    async def pcm_preferences(self, request: web.Request) -> web.Response:
        """GET the system's PCM preferences feed; POST the edited preference (If-Match: the feed's etag)."""
        from . import pcm

        sess = self._session(request)
        v = self._view(request)
        system = self._system(v, request.match_info["sys"])

        def etag() -> str:
            return uomxml.etag_of(json.dumps(pcm.prefs(system), sort_keys=True) + system.name)

        if request.method == "POST":
            if not roles.allowed(v.t.hmc.users[sess.user].role, "chlparutil", ["-r", "config"]):
                raise HttpError(403, "Forbidden", f"User {sess.user} is not authorized to change the "
                                                  "performance monitoring preferences.")  # [I] wording
            if_match = request.headers.get("If-Match")
            if if_match is not None and if_match != etag():
                raise HttpError(412, "Precondition Failed", f"The etag {if_match} does not match the current "
                                                            f"etag {etag()}: the preferences changed since they "
                                                            "were read.")  # [I] wording
            try:
                pcm.apply_preferences(v, system, await request.read())
            except pcm.BadPreference as exc:
                raise HttpError(400, "Bad Request", str(exc)) from None
            v.world.changed()
            self._after_change()
        body = pcm.preference_feed(v, system, f"{v.base}{request.path_qs}", self._schema())
        return self._atom(request, body, etag())

    async def pcm_ltm(self, request: web.Request) -> web.Response:
        """The long-term monitor feed (204 while there is no sample), or one sample's JSON."""
        from . import pcm

        self._session(request)
        v = self._view(request)
        system = self._system(v, request.match_info["sys"])
        base = f"{v.base}/rest/api/pcm/ManagedSystem/{request.match_info['sys']}/RawMetrics/LongTermMonitor"
        name = request.match_info.get("file")
        if name is None:
            feed = pcm.ltm_feed(v, system, base, base)
            if feed is None:
                return web.Response(status=204)
            return web.Response(body=feed.encode(), content_type=uomxml.ATOM_TYPE)
        at = pcm.sample_at(v, system, name)
        if at is None:
            raise HttpError(404, "Not Found", f"The metrics file {name} was not found.")  # [I]
        return web.Response(body=pcm.phyp_json(v, system, at).encode(), content_type="application/json")

    # ---- events (events.py) -------------------------------------------------------------------------
    async def events(self, request: web.Request) -> web.Response:
        import asyncio

        sess = self._session(request)
        v = self._view(request)
        listener = self.listeners.get(sess.token)
        if listener is None:  # the first GET registers this session's queue [I]
            start = v.created_ms() + int(v.world.clock.now * 1000)
            self.listeners[sess.token] = events.Listener(events.snapshot(v), start)
            return web.Response(status=204)
        for token in [t for t in self.listeners if t not in self.sessions]:  # expired or logged off
            del self.listeners[token]

        def nothing_yet() -> bool:
            listener.collect(self._view(request))  # the world may have been replaced meanwhile
            return not listener.pending and not (request.transport is None or request.transport.is_closing())

        if self.gate is not None:
            await self.gate.wait_while(nothing_yet, events.LONG_POLL_SECONDS)  # woken by every world change
        else:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + events.LONG_POLL_SECONDS
            while nothing_yet() and loop.time() < deadline:
                await asyncio.sleep(0.2)
        v = self._view(request)
        pending, listener.pending = listener.pending, []
        if not pending:
            return web.Response(status=204)
        entries = events.event_entries(v, pending, self._schema())
        doc = uomxml.feed_document(_feed_id(v, "Event"), v.stamp(), v.url("Event"), entries)
        return web.Response(body=doc.encode(), content_type=uomxml.ATOM_TYPE)


def _feed_id(v: View, path: str) -> str:
    return str(uuid.uuid3(uuid.UUID(ids.hmc_uuid(v.world, v.t.hmc)), path))


def _json(data) -> web.Response:
    return web.Response(body=json.dumps(data, indent=2).encode(), content_type="application/json")


def _quick(values: dict, prop: str | None) -> web.Response:
    if prop is None or prop == "All":
        return _json(values)
    if prop not in values:
        raise HttpError(404, "Not Found", f"The quick property {prop} does not exist.")  # [I]
    return web.Response(body=json.dumps(values[prop]).encode(), content_type="text/plain")  # [I]
