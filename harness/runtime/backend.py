"""The SSH layer's view of one simulated host: credentials, shells and the transcript."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..shell import AIX_FLAVOUR, HMC_FLAVOUR, Shell
from ..world.world import TranscriptEntry, World
from .registries import registry_for
from .session import Session


@dataclass
class RuleResult:
    """What a command rule answers instead of running the command (or, with ``drop_after``, how much of
    the real output goes out before the connection is dropped)."""

    stdout: str | None = None
    stderr: str = ""
    exit_code: int = 0
    exited: bool = False
    drop_after: int | None = None


class HostBackend:
    def __init__(self, world_ref: Callable[[], World], name: str, after_command: Callable[[], None],
                 gate: Any = None, sync_clock: Callable[[], None] | None = None, runner: Any = None):
        self._world_ref = world_ref  # the world can be replaced (reset, load): always look it up
        self.name = name
        self._after_command = after_command
        self.gate = gate  # harness.ssh.faults.Gate: wakes hung channels and stalled banners on a heal
        self._sync_clock = sync_clock  # a moving clock catches up before each command (runtime/warp.py)
        self.runner = runner  # commandlane.CommandRunner: commands off the loop (None: on it)

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
            # a disabled user and remote_ssh_access=0 shut SSH logins out (HmcUser.may_log_in_over_ssh)
            now = self.world.clock.now
            return {u.name: (u.password, u.authorized_keys) for u in host.hmc.users.values()
                    if u.may_log_in_over_ssh(now)}
        os = host.partition.os
        return {u: (pw, os.authorized_keys.get(u, [])) for u, pw in os.users.items()}

    def sshd_stopped(self) -> bool:
        """chhmc -c ssh -s disable stops the HMC's sshd: new connections close before the banner [I]."""
        try:
            host = self._host()
        except LookupError:
            return False
        return host.hmc is not None and host.hmc.console.remote.get("ssh") == "disable"

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
        if session.flavour == "vios":
            from ..vios.login import PadminLogin

            return PadminLogin(registry_for, session, interactive=interactive)
        flavour = HMC_FLAVOUR if host.kind == "hmc" else AIX_FLAVOUR
        return Shell(registry_for(session.flavour), flavour, session)

    def vfs_for(self, user: str):
        """The files of this host as ``user`` sees them (SFTP/scp), None on an HMC."""
        return Session(self.world, self._host(), user).vfs

    def record(self, *, user: str, channel: str, command: str, exit_code: int, bytes_out: int) -> None:
        world = self.world
        world.record(TranscriptEntry(world.clock.now, self.name, user, channel, command, exit_code, bytes_out))
        host = world.host(self.name)
        if host is not None and host.partition is not None:
            world.touch(host.partition)  # a partition's own commands change its OS without saying so
        # The SSH layer records a command before it sends the reply: persisting here means what a
        # client is told has happened is already on disk.
        self._after_command()

    async def settle(self) -> None:
        if self._sync_clock is not None:
            self._sync_clock()

    # ---- faults (harness/control/faults.py) ------------------------------------------------------
    def ssh_fault(self, kind: str) -> dict | None:
        from ..control import faults

        return faults.ssh_fault(self.world, self.name, kind)

    def fault_active(self, fault_id: int) -> bool:
        from ..control import faults

        return faults.find(self.world, fault_id) is not None

    async def before_command(self, user: str, command: str) -> RuleResult | None:
        """Awaited by the SSH session before each command: a matching rule answers instead (error),
        moves the virtual clock first (delay) or holds the channel until healed (hang)."""
        world = self.world
        if not world.rules and not world.ssh_faults:
            return None  # nothing injected (the usual case): no search per command
        from ..control import faults
        from ..ssh.faults import hold

        hang = self.ssh_fault("channel_hang")
        if hang is not None:
            await hold(self, hang)
        drop = self.ssh_fault("drop_mid_output")
        rule = faults.match_rule(self.world, self.name, user, command)
        if rule is not None:
            if rule["action"] == "error":
                out = rule["output"]
                if out and not out.endswith("\n"):
                    out += "\n"
                stdout, stderr = (out, "") if rule["stream"] == "stdout" else ("", out)
                return RuleResult(stdout, stderr, rule["exit_code"],
                                  drop_after=drop["after_bytes"] if drop else None)
            if rule["action"] == "delay":
                self.world.advance(rule["seconds"])
            else:
                await hold(self, rule)
        if drop is not None:
            return RuleResult(drop_after=drop["after_bytes"])
        return None
