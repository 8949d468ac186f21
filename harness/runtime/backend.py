"""The SSH layer's view of one simulated host: credentials, shells and the transcript."""

from __future__ import annotations

from typing import Callable

from ..shell import AIX_FLAVOUR, HMC_FLAVOUR, Shell
from ..world.world import TranscriptEntry, World
from .registries import registry_for
from .session import Session

class HostBackend:
    def __init__(self, world_ref: Callable[[], World], name: str, after_command: Callable[[], None]):
        self._world_ref = world_ref  # the world can be replaced (reset, load): always look it up
        self.name = name
        self._after_command = after_command

    @property
    def world(self) -> World:
        return self._world_ref()

    def _host(self):
        host = self.world.host(self.name)
        if host is None:
            raise LookupError(self.name)
        return host

    def _users(self) -> dict[str, tuple[str, list[str]]]:
        host = self._host()
        if host.hmc is not None:
            return {u.name: (u.password, u.authorized_keys) for u in host.hmc.users.values()}
        os = host.partition.os
        return {u: (pw, os.authorized_keys.get(u, [])) for u, pw in os.users.items()}

    def user_exists(self, user: str) -> bool:
        return user in self._users()

    def check_password(self, user: str, password: str) -> bool:
        entry = self._users().get(user)
        return entry is not None and bool(entry[0]) and entry[0] == password

    def authorized_keys(self, user: str) -> list[str]:
        entry = self._users().get(user)
        return list(entry[1]) if entry else []

    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> Shell:
        host = self._host()
        session = Session(self.world, host, user)
        flavour = HMC_FLAVOUR if host.kind == "hmc" else AIX_FLAVOUR
        return Shell(registry_for(session.flavour), flavour, session)

    def record(self, *, user: str, channel: str, command: str, exit_code: int, bytes_out: int) -> None:
        world = self.world
        world.record(TranscriptEntry(world.clock.now, self.name, user, channel, command, exit_code, bytes_out))
        # The SSH layer records a command before it sends the reply: persisting here means what a
        # client is told has happened is already on disk.
        self._after_command()

    async def settle(self) -> None:
        return None
