"""Authentication of one SSH connection against a host's backend.

Offered methods: publickey (keys from ``backend.authorized_keys(user)``, OpenSSH authorized_keys
lines, options such as ``from=`` and ``command=`` honoured by asyncssh), keyboard-interactive (one
prompt ``Password: `` with echo off: what sshpass, SSH_ASKPASS, fence_lpar's ``ssword:`` and
xCAT's ``assword: $`` look for) and password. There is never a "none" success; unknown users are
refused exactly like a wrong password, so the client cannot tell them apart.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections import OrderedDict, deque
from typing import Any

import asyncssh

from . import faults

log = logging.getLogger("fakehmc.ssh")

KBDINT_PROMPT = "Password: "
MAX_AUTH_TRIES = 6  # sshd's MaxAuthTries default: then "Too many authentication failures"
# Brute force costs wall-clock time, as on a real HMC (sshd + PAM's pam_faildelay, ~2 s a failure):
# a password failure after the first on one connection is answered FAIL_DELAY_STEP seconds later per
# earlier failure, at most FAIL_DELAY_MAX. The first one (a typo) is answered at once. A real defence
# in wall-clock time, not an imitation of the machine (that is what the virtual clock is for).
FAIL_DELAY_STEP = 0.25
FAIL_DELAY_MAX = 2.0
SOURCE_FREE = 10  # failures from one source address within FailureLedger.WINDOW before new connections wait too


class FailureLedger:
    """Recent password failures by source address, across connections and hosts: a client that opens a
    new connection for every guess is slowed as much as one that keeps guessing on one connection."""

    WINDOW = 60.0  # seconds a failure is remembered
    MAX_SOURCES = 10_000  # the oldest sources are forgotten first

    def __init__(self) -> None:
        self._seen: OrderedDict[str, deque] = OrderedDict()

    def _recent(self, source: str) -> deque:
        q = self._seen.setdefault(source, deque(maxlen=64))
        self._seen.move_to_end(source)
        while len(self._seen) > self.MAX_SOURCES:
            self._seen.popitem(last=False)
        cutoff = time.monotonic() - self.WINDOW
        while q and q[0] < cutoff:
            q.popleft()
        return q

    def fail(self, source: str) -> int:
        q = self._recent(source)
        q.append(time.monotonic())
        return len(q)

    def count(self, source: str) -> int:
        return len(self._recent(source))


class AuthenticatingServer(asyncssh.SSHServer):
    """asyncssh per-connection server object: the authentication part."""

    def __init__(self, backend: Any, ledger: FailureLedger | None = None):
        self._backend = backend
        self._conn: asyncssh.SSHServerConnection | None = None
        self._peer = "?"
        self._source = "?"
        self._failures = 0
        self._ledger = ledger if ledger is not None else FailureLedger()

    # -- connection -------------------------------------------------------------------------
    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        peer = conn.get_extra_info("peername")
        if peer:
            self._peer = f"{peer[0]}:{peer[1]}"
            self._source = str(peer[0])

    # -- helpers ----------------------------------------------------------------------------
    def _user_exists(self, user: str) -> bool:
        try:
            return bool(self._backend.user_exists(user))
        except Exception:
            log.exception("%s: backend.user_exists(%r) failed", self._backend.name, user)
            return False

    def _check(self, user: str, password: str, method: str) -> Any:
        slow = faults.consult(self._backend, "slow_auth")
        if slow is not None:  # an SSH fault: answer only after a while (asyncssh awaits this)
            async def later() -> bool:
                await faults.hold(self._backend, slow, slow.get("seconds"))
                result = self._check_now(user, password, method)
                return await result if inspect.isawaitable(result) else result
            return later()
        return self._check_now(user, password, method)

    def _check_now(self, user: str, password: str, method: str) -> Any:
        """True/False, or an awaitable of it when the backend decides later (record asks upstream)."""
        result: Any = False
        if faults.consult(self._backend, "auth_refused") is not None:
            pass  # an SSH fault: every password is refused
        elif self._user_exists(user):
            try:
                result = self._backend.check_password(user, password)
            except Exception:
                log.exception("%s: backend.check_password(%r) failed", self._backend.name, user)
                result = False
        if inspect.isawaitable(result):
            async def later() -> bool:
                try:
                    ok = bool(await result)
                except Exception:
                    log.exception("%s: backend.check_password(%r) failed", self._backend.name, user)
                    ok = False
                return self._checked(user, method, ok)
            return later()
        return self._checked(user, method, bool(result))

    def _checked(self, user: str, method: str, ok: bool) -> bool:
        log.debug("%s: %s auth for %r from %s: %s", self._backend.name, method, user, self._peer,
                  "accepted" if ok else "refused")
        if not ok:
            self._failed()
        return ok

    def _failed(self) -> None:
        """Count a failed attempt; like sshd, drop the client after MAX_AUTH_TRIES of them."""
        self._failures += 1
        self._ledger.fail(self._source)
        if self._failures >= MAX_AUTH_TRIES and self._conn is not None:
            conn = self._conn
            asyncio.get_running_loop().call_soon(
                conn.disconnect, asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                "Too many authentication failures")

    # -- asyncssh hooks ---------------------------------------------------------------------
    def begin_auth(self, username: str) -> bool:
        keys = None
        if self._user_exists(username) and faults.consult(self._backend, "auth_refused") is None:
            try:
                lines = [ln.strip() for ln in (self._backend.authorized_keys(username) or [])]
                text = "\n".join(ln for ln in lines if ln)
                if text:
                    keys = asyncssh.import_authorized_keys(text)
            except ValueError:  # no valid entries
                log.warning("%s: no usable authorized key for %r", self._backend.name, username)
            except Exception:
                log.exception("%s: backend.authorized_keys(%r) failed", self._backend.name, username)
        assert self._conn is not None
        self._conn.set_authorized_keys(keys)  # None clears keys set for a previous user name
        return True  # authentication is always required

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        self._failed()  # only keys in the authorized list (checked by asyncssh) are accepted
        return False

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self._slow_down(self._check(username, password, "password"))

    def _slow_down(self, result: Any) -> Any:
        """``result`` of a password check, delayed after repeated failures (see FAIL_DELAY_STEP) from
        this connection or from its source address."""
        if result is True or (result is False and self._strikes() <= 1):
            return result

        async def later() -> bool:
            ok = await result if inspect.isawaitable(result) else result
            if not ok:
                await asyncio.sleep(min(FAIL_DELAY_STEP * (self._strikes() - 1), FAIL_DELAY_MAX))
            return ok

        return later()

    def _strikes(self) -> int:
        """Failures that count towards the delay: this connection's, or its source address's beyond the
        SOURCE_FREE a few users mistyping from one address (or one CI machine) may make."""
        return max(self._failures, self._ledger.count(self._source) - SOURCE_FREE + 1)

    def kbdint_auth_supported(self) -> bool:
        return True

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str):
        return "", "", "", [(KBDINT_PROMPT, False)]

    def validate_kbdint_response(self, username: str, responses: list[str]):
        if len(responses) != 1:
            return False
        return self._slow_down(self._check(username, responses[0], "keyboard-interactive"))
