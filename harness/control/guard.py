"""Who may talk to the control API: the door checks run before any handler (issue 14).

- A per-estate token (``X-Fakehmc-Token: T`` or ``Authorization: Bearer T``) is required when the API
  listens beyond loopback and accepted everywhere; a wrong token is refused even on loopback.
- A browser page must not drive the estate: a request whose ``Origin`` is not the API's own origin is
  refused (a ``text/plain`` POST from any web page carries one), and on loopback the ``Host`` header
  must name the API itself (a DNS-rebinding page names its own host).
- Bodies are bounded: MAX_BODY for every route, MAX_STATE_BODY for ``PUT /state`` (a world dump of a
  large estate is legitimately bigger than a command's body).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the estate imports this before the web stack (start-up time)
    from aiohttp import web

TOKEN_HEADER = "X-Fakehmc-Token"
MAX_BODY = 1024 * 1024
MAX_STATE_BODY = 64 * 1024 * 1024
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def body_limit(request: web.Request) -> int:
    return MAX_STATE_BODY if (request.method, request.path) == ("PUT", "/state") else MAX_BODY


class Door:
    """The checks for one API bound on ``address``:``port`` with ``token``."""

    def __init__(self, token: str, address: str):
        self.token = token
        self.address = address
        self.loopback = is_loopback(address)
        self.port = 0  # known once bound

    def hosts(self) -> set[str]:
        """The Host header values that name this API (a bare name only on port 80)."""
        names = ({self.address, *_LOOPBACK_NAMES} if self.loopback else {self.address})
        names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
        return {f"{n}:{self.port}" for n in names} | (names if self.port == 80 else set())

    def refuse(self, request: web.Request) -> tuple[int, str] | None:
        """None when the request may go on, else (status, message)."""
        sent = _sent_token(request)
        if sent is not None and not hmac.compare_digest(sent.encode(), self.token.encode()):
            return 401, "wrong control API token"
        if sent is None and not self.loopback:
            return 401, (f"this control API listens on {self.address}: send the token of the ready file "
                         f"in the {TOKEN_HEADER} header")
        if self.loopback and request.host not in self.hosts():
            return 403, f"Host {request.host!r} is not this control API"
        origin = request.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in self.hosts():
            return 403, f"requests from origin {origin!r} are refused"
        length = request.content_length
        if length is not None and length > body_limit(request):
            return 413, f"request body over {body_limit(request)} bytes"
        return None


def _sent_token(request: web.Request) -> str | None:
    token = request.headers.get(TOKEN_HEADER)
    if token is not None:
        return token
    auth = request.headers.get("Authorization", "")
    return auth[7:] if auth.startswith("Bearer ") else None
