"""A user's login on one simulated host: what a command sees as ``ctx.session``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from ..world import hosts
from ..world.hmc import Hmc
from ..world.system import ManagedSystem, Partition
from ..world.vfs import Vfs
from ..world.world import Host, World


@dataclass
class Session:
    world: World
    host: Host
    user: str
    cwd: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    umask: int = 0o022  # the login's file creation mask (the shell's `umask` sets it)
    login_at: float | None = None  # virtual-clock second of the login (who, ps, uptime's users)

    def __post_init__(self) -> None:
        if self.login_at is None:
            self.login_at = self.world.clock.now

    @property
    def flavour(self) -> str:
        """hmc, aix, or vios: padmin on a Virtual I/O Server logs in to the restricted ioscli shell."""
        if self.host.kind == "hmc":
            return "hmc"
        part = self.host.partition
        if self.user == "padmin" and part is not None and part.env == "vioserver":
            return "vios"
        return "aix"

    def shell_on(self, host: Host, user: str, registry: str, flavour, *, interactive: bool = False,
                 same_login: bool = False):
        """A shell of ``user`` on ``host`` of this world with the ``registry`` command set ("hmc",
        "aix", "vios"), as a login there gets. Commands that reach another shell (viosvrcmd, mkvterm,
        oem_setup_env) ask their session for one instead of importing the runtime: the layers point
        down. ``same_login`` keeps this login's directory and environment (su-like)."""
        from ..shell import Shell
        from .registries import registry_for

        session = replace(self, host=host, user=user) if same_login else Session(self.world, host, user)
        return Shell(registry_for(registry), flavour, session, interactive=interactive)

    def own_commands(self, kind: str):
        """The commands host kind ``kind`` adds to the shell utilities (ioscli runs only these)."""
        from .registries import own_registry

        return own_registry(kind)

    @property
    def hmc(self) -> Hmc | None:
        return self.host.hmc

    @property
    def partition(self) -> Partition | None:
        return self.host.partition

    @property
    def system(self) -> ManagedSystem | None:
        return self.world.system_of(self.host.partition) if self.host.partition else None

    @property
    def hostname(self) -> str:
        if self.host.hmc is not None:
            return self.host.hmc.hostname
        return self.host.partition.os.hostname

    @property
    def files(self) -> dict[str, int | str] | None:
        part = self.host.partition
        if not (part and part.os):
            return None
        # /etc/hosts is written out only when a login may read it: generating it for every
        # partition of a 10,000-partition estate up front would cost O(n^2)
        hosts.materialise(self.world, part)
        return part.os.files

    @property
    def vfs(self) -> Vfs | None:
        """The partition's files as this user sees them now (None on an HMC: it has no files)."""
        part = self.host.partition
        if not (part and part.os):
            return None
        hosts.materialise(self.world, part)
        from ..aix.programs import program_files
        from .registries import registry_for
        return Vfs(part.os, user=self.user, now=self.world.clock.now,
                   programs=program_files(registry_for(self.flavour)), umask=self.umask)

    def now(self) -> datetime:
        return self.world.clock.datetime()
