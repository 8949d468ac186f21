"""Partition containers with a real userland (``fakehmc up --docker --userland real``): the engine's side.

A partition's container then runs a real OpenSSH server, ksh93 and Python 3 (images/userland/); its
AIX and VIOS commands are shims (harness/runtime/userland_guest.py) that POST the command line here,
to the engine's exec endpoint on the internal network, which runs it through the same interpreter
and fault rules as an SSH client of that host gets, records it in the transcript, and answers
stdout, stderr and the exit code.

- :func:`shim_manifest`: which commands are shims, derived from the fake's command registries
  (harness/aix, harness/vios): every command of the host kind except the shells and the file tools,
  which act on the container's real files there;
- :func:`exec_token`: each partition container gets its own token (an HMAC of the control token and
  its host name), so a partition can run commands as itself and nothing else: no clock, no faults;
- :class:`ExecServer`: ``POST /exec`` {host, user, cwd, command, stdin} with header
  ``X-Fakehmc-Exec-Token``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .embedded import Estate

log = logging.getLogger("fakehmc.userland")

USERLANDS = ("fake", "real")  # fake: the SSH fake answers everything (the default); real: see above
EXEC_PORT = 7659
TOKEN_HEADER = "X-Fakehmc-Exec-Token"
DEFAULT_IMAGE = "fakehmc-userland:latest"
CHANNEL = "userland"  # the transcript's channel of a command a shim sent

# Run for real in the container, never shimmed: the shells (ksh93 is /usr/bin/ksh and /bin/sh there)
# and the tools that act on files, which are the container's real files. The rest of the registry
# (lssrc, df, ps, uname, ifconfig, ...) answers from the world, Linux twins included.
REAL_FILE_TOOLS = frozenset({"ls", "rm", "du", "find", "cat"})


def default_image() -> str:
    return os.environ.get("FAKEHMC_USERLAND_IMAGE", DEFAULT_IMAGE)


def exec_token(secret: str, host: str) -> str:
    return hmac.new(secret.encode(), f"fakehmc-exec:{host}".encode(), hashlib.sha256).hexdigest()


def _is_real(spec) -> bool:
    return spec.name in REAL_FILE_TOOLS or spec.fn.__module__.endswith(".aix.files")


def shim_manifest() -> dict[str, dict[str, Any]]:
    """{kind: {"commands": {name: [AIX paths]}, "stdin": [names that read stdin]}} for "aix" and
    "vios" (a VIOS has root's AIX set plus padmin's ioscli set)."""
    from .registries import own_registry

    out: dict[str, dict[str, Any]] = {}
    for kind, flavours in (("aix", ("aix",)), ("vios", ("aix", "vios"))):
        commands: dict[str, list[str]] = {}
        stdin: set[str] = set()
        for flavour in flavours:
            for spec in own_registry(flavour).specs():
                if _is_real(spec):
                    continue
                paths = commands.setdefault(spec.name, [])
                paths += [p for p in spec.paths if p not in paths]
                if getattr(spec.fn, "consumes_stdin", False):
                    stdin.add(spec.name)
        out[kind] = {"commands": dict(sorted(commands.items())), "stdin": sorted(stdin)}
    return out


def guest_users(host) -> list[dict[str, Any]]:
    """The partition's users as the world has them (root; padmin on a VIOS; any the scenario adds)."""
    os_ = host.partition.os
    return [{"name": u, "password": pw, "authorized_keys": list(os_.authorized_keys.get(u, []))}
            for u, pw in sorted(os_.users.items())]


class ExecServer:
    """The engine's exec endpoint for the shims of the partition containers (internal network only)."""

    def __init__(self, estate: Estate, secret: str):
        from aiohttp import web

        if not secret:
            raise ValueError("the exec endpoint needs the control token to derive the partitions' tokens")
        self.estate = estate
        self._secret = secret
        self._backends: dict[str, Any] = {}
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.add_routes([web.post("/exec", self.exec)])
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self, address: str, port: int) -> int:
        """Listen; returns the bound port (``port`` 0: a free one)."""
        from aiohttp import web

        await self._runner.setup()
        await web.TCPSite(self._runner, address, port).start()
        return self._runner.addresses[0][1]

    async def close(self) -> None:
        await self._runner.cleanup()

    def _backend(self, name: str):
        from .backend import HostBackend

        if name not in self._backends:
            est = self.estate
            self._backends[name] = HostBackend(lambda: est.world, name, est.persist, est.gate, est.sync_clock)
        return self._backends[name]

    async def exec(self, request):
        from aiohttp import web

        try:
            body = await request.json()
            host, user, command = str(body["host"]), str(body["user"]), str(body["command"])
            cwd, stdin = str(body.get("cwd") or "/"), str(body.get("stdin") or "")
        except (ValueError, KeyError, TypeError):
            return web.json_response({"error": "expected JSON {host, user, command, cwd, stdin}"}, status=400)
        token = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token, exec_token(self._secret, host)):
            return web.json_response({"error": "bad exec token for this host"}, status=403)
        h = self.estate.world.host(host)
        if h is None or h.partition is None:
            return web.json_response({"error": f"{host} is not a partition of this world"}, status=404)
        return web.json_response(await self.run(host, user, command, cwd, stdin))

    async def run(self, host: str, user: str, command: str, cwd: str = "/", stdin: str = "") -> dict:
        """As HostSession._execute does for an SSH exec: settle the clock, the fault rules, the shell, the
        transcript."""
        backend = self._backend(host)
        await backend.settle()
        override = await backend.before_command(user, command)
        if override is not None and override.stdout is not None:
            out, err, code = override.stdout, override.stderr, override.exit_code
        else:
            try:
                shell = self._shell(backend, user, cwd)
                result = shell.run(command, stdin)
                out, err, code = result.stdout or "", result.stderr or "", int(result.exit_code)
            except Exception:
                log.exception("%s: run %r failed", host, command)
                out, err, code = "", "fakehmc: internal error\n", 1
        backend.record(user=user, channel=CHANNEL, command=command, exit_code=code,
                       bytes_out=len(out.encode("utf-8", "replace")) + len(err.encode("utf-8", "replace")))
        return {"stdout": out, "stderr": err, "exit_code": code}

    @staticmethod
    def _shell(backend, user: str, cwd: str):
        from ..shell import AIX_FLAVOUR, Shell
        from .registries import registry_for
        from .session import Session

        session = Session(backend.world, backend._host(), user)
        vfs = session.vfs
        here = vfs is not None and vfs.is_dir(cwd)  # the fake's tree has AIX's directories, not all of Linux's
        if here:
            session.cwd = cwd
        if session.flavour == "vios":
            from ..vios.login import PadminLogin

            shell = PadminLogin(registry_for, session)
            inner = shell.padmin
        else:
            shell = inner = Shell(registry_for(session.flavour), AIX_FLAVOUR, session)
        if here:
            inner.vars["PWD"] = cwd
        return shell


def main(argv: list[str] | None = None) -> int:
    """``python -m harness.runtime.userland manifest``: the shim manifest as JSON (images/build-userland.sh)."""
    import json
    import sys

    argv = sys.argv[1:] if argv is None else argv
    if argv != ["manifest"]:
        print("usage: python -m harness.runtime.userland manifest", file=sys.stderr)
        return 2
    json.dump(shim_manifest(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
