"""X-API-Session tokens: one per logon, checked against the HMC's users (the same names, passwords
and task roles as SSH), dropped on logoff or after an idle time on the virtual clock.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

IDLE_SECONDS = 2 * 3600  # [I] idle expiry of a REST session
MAX_SESSIONS = 100  # [I] per HMC; the oldest idle session makes room


@dataclass
class ApiSession:
    token: str
    user: str
    last_used: float


class SessionTable:
    def __init__(self) -> None:
        self._by_token: dict[str, ApiSession] = {}

    def open(self, user: str, now: float) -> ApiSession:
        self.expire(now)
        if len(self._by_token) >= MAX_SESSIONS:
            oldest = min(self._by_token.values(), key=lambda s: s.last_used)
            del self._by_token[oldest.token]
        # the real token is a long URL-safe string [V form, logon.xml]
        s = ApiSession(secrets.token_urlsafe(150), user, now)
        self._by_token[s.token] = s
        return s

    def find(self, token: str | None, now: float) -> ApiSession | None:
        """The live session of ``token`` (its idle clock restarted), or None."""
        self.expire(now)
        s = self._by_token.get(token or "")
        if s is not None:
            s.last_used = now
        return s

    def close(self, token: str | None) -> bool:
        return self._by_token.pop(token or "", None) is not None

    def expire(self, now: float) -> None:
        for tok in [t for t, s in self._by_token.items() if now - s.last_used > IDLE_SECONDS]:
            del self._by_token[tok]

    def __contains__(self, token: str) -> bool:
        return token in self._by_token

    def __len__(self) -> int:
        return len(self._by_token)
