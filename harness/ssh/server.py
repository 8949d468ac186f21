"""SSH listeners: one asyncssh server per simulated host (endpoint).

    server = SshServer(state_dir=Path(...), server_version="OpenSSH_8.0")
    await server.start([EndpointSpec(backend=hmc1, address="127.0.0.10", port=22), ...])
    server.bound        # [("hmc1", "127.0.0.10", 22), ...] with the real ports when port=0
    await server.close()

SFTP and scp reach a partition's files (harness/ssh/sftp.py; the session hands its channel over);
an HMC refuses the sftp subsystem. What is refused, as a locked-down sshd would: TCP/Unix port
forwarding in both directions, X11 and agent forwarding, tun/tap. ``env`` requests are accepted (and ignored
by the shells). Nothing is logged to stdout: messages go to the ``fakehmc.ssh`` logger and
asyncssh's own logger is turned down to WARNING.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import asyncssh

from . import faults
from .auth import AuthenticatingServer, FailureLedger
from .hostkeys import HostKeyStore
from .session import HostSession

log = logging.getLogger("fakehmc.ssh")


class SshBindError(OSError):
    """An endpoint could not listen on its address:port."""


@dataclass(frozen=True)
class EndpointSpec:
    backend: Any  # harness.ssh.Backend
    address: str = "127.0.0.1"
    port: int = 22

    @property
    def name(self) -> str:
        return self.backend.name


class _LatePacketSink:
    """Swallows a packet that reaches a channel which has just been closed."""

    def log_received_packet(self, pkttype: int, pktid: Any, packet: Any, note: str = "") -> None:
        log.debug("ignored packet type %s for a channel that was already closed", pkttype)

    def process_packet(self, pkttype: int, pktid: int, packet: Any) -> bool:
        return True


_LATE_PACKET_SINK = _LatePacketSink()


class _ChannelTable(dict):
    """asyncssh's per-connection channel table, tolerant of late packets.

    A threaded client (paramiko with one exec channel per thread) can send EOF on a channel right
    after both sides exchanged CLOSE. asyncssh treats that as a protocol error and drops the whole
    connection with every other channel on it. Here a packet for one of the last channels closed
    on this connection is dropped instead. (Only ``table[n]``, the lookup
    asyncssh uses for incoming channel packets, is affected; channel numbers are not reused.)
    """

    _KEEP = 256

    def __init__(self, *args: Any):
        super().__init__(*args)
        self._recent: dict[int, None] = {}

    def __delitem__(self, key: int) -> None:
        super().__delitem__(key)
        self._recent[key] = None
        if len(self._recent) > self._KEEP:
            del self._recent[next(iter(self._recent))]

    def __missing__(self, key: int) -> Any:
        if key in self._recent:
            return _LATE_PACKET_SINK
        raise KeyError(key)


# Channel message numbers (RFC 4254) that a client may still have in flight when it closes.
_MSG_WINDOW_ADJUST, _MSG_DATA, _MSG_EXTENDED_DATA, _MSG_EOF, _MSG_REQUEST = 93, 94, 95, 96, 98
_LATE_OK = {_MSG_WINDOW_ADJUST: ("close_pending", "closed"),
            _MSG_DATA: ("close_pending", "closed"),
            _MSG_EXTENDED_DATA: ("close_pending", "closed"),
            _MSG_EOF: ("eof_pending", "eof", "close_pending", "closed"),
            _MSG_REQUEST: ("close_pending", "closed")}


def _tolerate_late_packets(chan: Any) -> None:
    """Let a channel ignore what a racing client sends after CLOSE (or a second EOF).

    paramiko closes a channel from its transport thread while a user thread may still send EOF
    on it (a stdin file object being garbage-collected): CLOSE then EOF on the wire. asyncssh
    calls that a protocol error and disconnects, killing every other channel on the connection.
    This swaps in per-channel packet handlers that drop such packets. asyncssh internals as of
    2.14-2.24 (class attribute ``_packet_handlers``, attribute ``_recv_state``); left alone if
    they are not there.
    """
    cls = type(chan)
    patched = _PATCHED_HANDLERS.get(cls)
    if patched is None:
        patched = _PATCHED_HANDLERS[cls] = _lenient_handlers(cls)
    if patched and hasattr(chan, "_recv_state"):
        chan._packet_handlers = patched


_PATCHED_HANDLERS: dict[type, dict] = {}


def _lenient_handlers(cls: type) -> dict:
    handlers = getattr(cls, "_packet_handlers", None)
    if not isinstance(handlers, dict):
        return {}
    patched = dict(handlers)
    for pkttype, late_states in _LATE_OK.items():
        original = handlers.get(pkttype)
        if original is None:
            continue

        def handler(self: Any, ptype: int, pktid: int, packet: Any, _original: Any = original,
                    _late: tuple = late_states) -> Any:
            if self._recv_state in _late:
                log.debug("ignored late packet type %d on a closing channel", ptype)
                return None
            return _original(self, ptype, pktid, packet)

        patched[pkttype] = handler
    return patched


def _ack_at_once(conn: asyncssh.SSHServerConnection) -> None:
    """Acknowledge every packet at once (TCP_QUICKACK). A client without TCP_NODELAY (paramiko)
    holds its next small packet until the last is acknowledged, and a delayed ACK is 40 ms: 40 ms per
    command in real time, and scale times that in virtual time under a moving clock (runtime/warp.py)."""
    sock = conn.get_extra_info("socket")
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if sock is None or quickack is None:
        return
    received = conn.data_received

    def data_received(data: bytes, datatype: Any = None) -> None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)  # Linux resets it: set it on every read
        except OSError:
            pass
        received(data, datatype)

    conn.data_received = data_received  # type: ignore[method-assign]


class _HostConnection(AuthenticatingServer):
    """Per-connection asyncssh server object: auth (inherited) plus sessions."""

    def __init__(self, endpoint: _Endpoint):
        super().__init__(endpoint.spec.backend, endpoint.ledger)
        self._endpoint = endpoint

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        super().connection_made(conn)
        table = getattr(conn, "_channels", None)
        if type(table) is dict:  # asyncssh internals as of 2.14-2.24; skipped if they change
            conn._channels = _ChannelTable(table)
        self._endpoint.connections.add(conn)
        _ack_at_once(conn)
        log.debug("%s: connection from %s", self._backend.name, self._peer)
        _apply_connection_faults(self._endpoint, conn)
        self._endpoint.preauth.add(conn)

    def auth_completed(self) -> None:
        self._endpoint.preauth.discard(self._conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._endpoint.connections.discard(self._conn)
            self._endpoint.preauth.discard(self._conn)
        log.debug("%s: connection from %s closed%s", self._backend.name, self._peer,
                  f" ({exc})" if exc else "")

    def session_requested(self) -> Any:
        assert self._conn is not None
        user = self._conn.get_extra_info("username") or ""
        session = HostSession(self._backend, user, self._peer)
        chan = self._conn.create_server_channel()
        _tolerate_late_packets(chan)
        return chan, session

    # Everything below is refused (asyncssh's defaults too, spelled out for the reader).
    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str,
                             orig_port: int) -> bool:
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


@dataclass
class _Endpoint:
    spec: EndpointSpec
    acceptor: Any = None
    port: int = 0
    connections: set = field(default_factory=set)
    preauth: set = field(default_factory=set)  # connections not yet authenticated (MaxStartups)
    ledger: FailureLedger | None = None  # password failures by source address, shared by the server's endpoints


_BACKGROUND: set = set()


def _apply_connection_faults(endpoint: _Endpoint, conn: asyncssh.SSHServerConnection) -> None:
    """SSH faults at connect time (harness/ssh/faults.py). asyncssh sends its version string right
    after this hook returns (2.14-2.24: ``_send_version``), so holding or dropping it happens here."""
    backend = endpoint.spec.backend
    send_version = getattr(conn, "_send_version", None)
    transport = getattr(conn, "_transport", None)
    if send_version is None or transport is None:
        return
    stopped = getattr(backend, "sshd_stopped", None)
    if stopped is not None and stopped():  # the host's sshd is off (HMC: chhmc -c ssh -s disable)
        conn._send_version = lambda: None
        transport.close()
        return
    full = faults.consult(backend, "max_startups")
    if full is not None and len(endpoint.preauth) < full["limit"]:
        full["count"] -= 1  # [I] only a refusal counts as the fault firing
        full = None
    if full is not None:  # sshd closes beyond MaxStartups before its banner
        conn._send_version = lambda: None
        transport.close()
        return
    stall = faults.consult(backend, "banner_stall")
    if stall is not None:
        conn._send_version = lambda: None

        async def later() -> None:
            await faults.hold(backend, stall, stall.get("seconds"))
            if not transport.is_closing():
                send_version()
        task = asyncio.get_running_loop().create_task(later())
        _BACKGROUND.add(task)  # keep a reference until done (asyncio holds only weak ones)
        task.add_done_callback(_BACKGROUND.discard)
        return
    if faults.consult(backend, "kex_fail") is not None:
        def version_then_drop() -> None:
            send_version()
            asyncio.get_running_loop().call_soon(transport.close)
        conn._send_version = version_then_drop


class SshServer:
    """All SSH endpoints of a topology, served from the running event loop."""

    def __init__(self, state_dir: Path | str | None, server_version: str = "OpenSSH_8.0", *,
                 login_timeout: float = 120.0):
        logging.getLogger("asyncssh").setLevel(logging.WARNING)
        self.state_dir = Path(state_dir) if state_dir is not None else None
        self.server_version = server_version
        self.login_timeout = login_timeout
        self.host_keys = HostKeyStore(self.state_dir)
        self._endpoints: list[_Endpoint] = []
        self.failures = FailureLedger()

    @property
    def bound(self) -> list[tuple[str, str, int]]:
        return [(e.spec.name, e.spec.address, e.port) for e in self._endpoints]

    async def start(self, specs: Iterable[EndpointSpec]) -> None:
        """Bind every endpoint. On any failure nothing from this call stays bound."""
        specs = list(specs)
        # Keys first, all hosts at once, off the loop (RSA generation is slow the first time).
        names = list(dict.fromkeys(s.name for s in specs))
        keys = dict(zip(names, await asyncio.gather(*(self.host_keys.get(n) for n in names))))
        started: list[_Endpoint] = []
        try:
            for spec in specs:
                ep = _Endpoint(spec, ledger=self.failures)
                try:
                    ep.acceptor = await asyncssh.create_server(
                        lambda ep=ep: _HostConnection(ep), spec.address, spec.port,
                        server_host_keys=keys[spec.name],
                        server_version=self.server_version,
                        login_timeout=self.login_timeout,
                        line_editor=False,  # HostSession drives asyncssh's editor itself
                        encoding="utf-8", errors="replace",
                        allow_scp=False, sftp_factory=None,
                        x11_forwarding=False, agent_forwarding=False,
                        gss_kex=False, gss_auth=False, host_based_auth=False,
                        rdns_lookup=False, config=None,
                    )
                except OSError as exc:
                    raise SshBindError(
                        exc.errno, f"cannot listen on {spec.address}:{spec.port} for host "
                        f"{spec.name!r}: {exc.strerror or exc}") from exc
                ep.port = ep.acceptor.get_port()
                started.append(ep)
                log.info("%s: listening on %s:%d", spec.name, spec.address, ep.port)
        except BaseException:
            await self._close(started)
            raise
        self._endpoints.extend(started)

    def drop_connections(self) -> int:
        """Close every open connection, keep listening: after a reset or a state load, no shell opened on
        the discarded world may go on changing it (a client reconnects to the new one)."""
        dropped = 0
        for ep in self._endpoints:
            for conn in list(ep.connections):
                conn.close()
                dropped += 1
        return dropped

    async def close(self) -> None:
        """Stop listening and drop every open connection."""
        endpoints, self._endpoints = self._endpoints, []
        await self._close(endpoints)

    @staticmethod
    async def _close(endpoints: list[_Endpoint]) -> None:
        for ep in endpoints:
            if ep.acceptor is not None:
                ep.acceptor.close()
            for conn in list(ep.connections):
                conn.close()
        for ep in endpoints:
            if ep.acceptor is not None:
                try:
                    await ep.acceptor.wait_closed()
                except OSError:
                    log.debug("wait_closed failed", exc_info=True)
            for conn in list(ep.connections):
                try:
                    await asyncio.wait_for(conn.wait_closed(), 2)
                except (TimeoutError, OSError, asyncssh.Error):
                    log.debug("connection did not close cleanly", exc_info=True)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
