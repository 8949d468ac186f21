"""Doors bound at start-up whose web stack is imported when the first client knocks.

The control API and the REST API run on aiohttp, whose import is a quarter of the start-up: their
sockets are bound (and announced in the ready file) with the SSH listeners, and the server behind them
is imported and started when a connection first waits on one of them (it waits in the backlog
meanwhile, as on a busy server).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable


def bind(address: str, port: int) -> socket.socket:
    return socket.create_server((address, port), family=socket.AF_INET6 if ":" in address else socket.AF_INET)


def url(scheme: str, address: str, sock: socket.socket) -> str:
    """The door's URL as configured (a name stays a name: the API checks Host against it), with the port
    the socket got."""
    host = f"[{address}]" if ":" in address else address
    return f"{scheme}://{host}:{sock.getsockname()[1]}"


async def open_on_knock(socks: list[socket.socket], start: Callable[[], Awaitable[None]]) -> None:
    """Wait until a client connects to any of ``socks``, then ``await start()`` (which serves on them).
    Cancelled before that, the sockets are closed: nothing was started."""
    loop = asyncio.get_running_loop()
    knocked = loop.create_future()
    fds = [s.fileno() for s in socks]
    for fd in fds:
        loop.add_reader(fd, lambda: knocked.done() or knocked.set_result(None))
    try:
        await knocked
    finally:
        for fd in fds:
            loop.remove_reader(fd)
        if not knocked.done() or knocked.cancelled():  # cancelled while waiting: never served
            for s in socks:
                s.close()
    await start()
