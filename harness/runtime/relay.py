"""The per-host container of a containerised estate: ``python -m harness.runtime.relay``.

- relays its SSH port (22) to the engine's port for this host over the internal network, so every
  byte is served by the one world (faults, time and transcripts work as in embedded mode);
- listens on the RMC port (657) like a real HMC or partition, so peers can probe it;
- probes the LAN (``--probe``: the HMCs' LAN addresses): every ``--interval`` seconds a TCP connect
  to port 657 and an ICMP echo (an unprivileged datagram socket), and posts what it saw to the
  engine's LAN observer (harness/runtime/observer.py) on change and every ``--refresh`` seconds.

Writes its ready file once its listeners are bound and the engine answers. Stops on SIGTERM.
Small on purpose: stdlib only, no import of the world.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import struct
import sys
import time
import urllib.parse
from pathlib import Path

log = logging.getLogger("fakehmc.relay")

RMC_PORT = 657


# ---- relay ---------------------------------------------------------------------------------------
async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError):
            pass


class Relay:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.connections = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), 10)
        except (TimeoutError, OSError) as exc:
            log.warning("engine %s:%s unreachable: %s", *self.upstream, exc)
            writer.close()
            return
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            for w in (writer, up_writer):
                w.close()


async def _rmc_listener(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Port 657: accept and close (a probe only needs the handshake)."""
    writer.close()


# ---- prober --------------------------------------------------------------------------------------
def _icmp_checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def icmp_echo(address: str, timeout: float = 1.0) -> bool | None:
    """One ICMP echo through an unprivileged datagram socket (net.ipv4.ping_group_range);
    None when this container cannot send ICMP at all."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except OSError:
        return None
    with sock:
        sock.settimeout(timeout)
        header = struct.pack("!BBHHH", 8, 0, 0, 0, 1)
        payload = b"fakehmc-probe"
        packet = struct.pack("!BBHHH", 8, 0, _icmp_checksum(header + payload), 0, 1) + payload
        try:
            sock.sendto(packet, (address, 0))
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                data, _ = sock.recvfrom(1024)
                if data and data[0] == 0:  # echo reply
                    return True
        except OSError:  # timeout, network unreachable
            return False
    return False


async def tcp_connect(address: str, port: int, timeout: float = 1.5) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
    except (TimeoutError, OSError):
        return False
    writer.close()
    return True


async def probe(peers: dict[str, str], port: int = RMC_PORT) -> dict[str, dict]:
    async def one(address: str) -> dict:
        tcp, icmp = await asyncio.gather(tcp_connect(address, port), asyncio.to_thread(icmp_echo, address))
        return {"address": address, "tcp": tcp, "icmp": icmp}

    results = await asyncio.gather(*(one(a) for a in peers.values()))
    return dict(zip(peers, results))


async def post_json(url: str, body: dict, timeout: float = 5.0) -> dict:
    """A minimal HTTP/1.1 POST (stdlib only): the prober must not depend on the engine's stack."""
    u = urllib.parse.urlsplit(url)
    data = json.dumps(body).encode()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(u.hostname, u.port or 80), timeout)
    try:
        writer.write(f"POST {u.path or '/'} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if status >= 300:
        raise OSError(f"observer answered {status}: {payload[:200]!r}")
    return json.loads(payload or b"{}")


PROBE_PORT = 7658  # the engine asks "probe now" here before it moves the clock (observer.probe_now)


def probe_server(host: str, peers: dict[str, str]):
    """A one-request-per-connection HTTP answer to ``GET /probe``: probe the LAN now and say what was
    seen, so a cut made a moment ago is known before the engine advances the clock (no 2 s lag)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            seen = await probe(peers)
            data = json.dumps({"host": host, "peers": seen}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(data)).encode() + b"\r\nConnection: close\r\n\r\n" + data)
            await writer.drain()
        except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    return handle


class Prober:
    def __init__(self, host: str, peers: dict[str, str], observer: str, interval: float = 2.0,
                 refresh: float = 10.0):
        self.host, self.peers, self.observer = host, peers, observer
        self.interval, self.refresh = interval, refresh
        self.last: dict | None = None

    async def run(self) -> None:
        sent_at = 0.0
        while True:
            started = time.monotonic()
            seen = await probe(self.peers)
            state = {n: {"tcp": r["tcp"], "icmp": r["icmp"]} for n, r in seen.items()}
            if state != self.last or started - sent_at >= self.refresh:
                try:
                    reply = await post_json(self.observer, {"host": self.host, "peers": seen})
                    if state != self.last:
                        log.info("LAN to %s: %s -> %s", ", ".join(self.peers), state, reply.get("cause"))
                    self.last, sent_at = state, started
                except (TimeoutError, OSError, ValueError) as exc:
                    log.warning("cannot report to the observer %s: %s", self.observer, exc)
            await asyncio.sleep(max(0.1, self.interval - (time.monotonic() - started)))


# ---- main ----------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="python -m harness.runtime.relay", description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default=env("FAKEHMC_HOST", socket.gethostname()), help="this host's name")
    p.add_argument("--listen", default="0.0.0.0")
    p.add_argument("--port", type=int, default=22, help="the port to relay (default 22; 0: none)")
    p.add_argument("--upstream", required=True, help="ENGINE:PORT serving this host")
    p.add_argument("--rmc-port", type=int, default=RMC_PORT, help="listen here too (0: no)")
    p.add_argument("--probe", action="append", default=[], metavar="NAME=ADDRESS",
                   help="probe this peer's RMC port (repeatable)")
    p.add_argument("--observer", default=None, help="URL of the engine's LAN observer (POST /observe)")
    p.add_argument("--interval", type=float, default=2.0)
    p.add_argument("--probe-port", type=int, default=PROBE_PORT, help="answer GET /probe here (0: no)")
    p.add_argument("--refresh", type=float, default=10.0)
    p.add_argument("--no-wait-upstream", action="store_true",
                   help="ready once the listeners are bound, without waiting for the engine: a swarm gives a "
                        "task its DNS name only once healthy, and the engine waits for the hosts' names")
    p.add_argument("--ready-file", type=Path, default=Path(env("FAKEHMC_READY_FILE", "/tmp/fakehmc/ready.json")))
    return p


async def serve(args: argparse.Namespace) -> int:
    upstream_host, _, upstream_port = args.upstream.rpartition(":")
    relay = Relay(upstream_host, int(upstream_port))
    servers = []
    if args.port:  # 0: a partition container with a real sshd (userland_guest.py) relays nothing
        servers.append(await asyncio.start_server(relay.handle, args.listen, args.port, reuse_address=True))
    if args.rmc_port:
        servers.append(await asyncio.start_server(_rmc_listener, args.listen, args.rmc_port, reuse_address=True))
    while not args.no_wait_upstream and not await tcp_connect(upstream_host, int(upstream_port)):  # the engine starts
        await asyncio.sleep(0.5)
    tasks = []
    peers = dict(p.split("=", 1) for p in args.probe)
    if peers and args.observer:
        tasks.append(asyncio.create_task(Prober(args.host, peers, args.observer, args.interval, args.refresh).run()))
        if args.probe_port:
            servers.append(await asyncio.start_server(probe_server(args.host, peers), "0.0.0.0", args.probe_port,
                                                      reuse_address=True))
    args.ready_file.parent.mkdir(parents=True, exist_ok=True)
    args.ready_file.write_text(json.dumps({"host": args.host, "port": args.port, "upstream": args.upstream}) + "\n")
    log.info("%s: relaying :%s to %s", args.host, args.port, args.upstream)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for t in tasks:
        t.cancel()
    for s in servers:
        s.close()
    args.ready_file.unlink(missing_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args.ready_file.unlink(missing_ok=True)  # left by an earlier life of this container
    try:
        return asyncio.run(serve(args))
    except OSError as exc:
        print(f"relay: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
