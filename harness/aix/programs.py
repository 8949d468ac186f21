"""The registered commands as files: where each lives, its mode, owner and group.

One table answers both `ls -l /usr/sbin/rsct/bin` and whether a user may run `rmcctrl`: the shell
refuses to run a program whose file the user may not execute (ksh's "Execute permission denied."),
and `ls`, `find`, `test -x` show the same file.
"""

from __future__ import annotations

from functools import lru_cache

from ..shell.command import Registry

# [I] AIX ships most commands r-xr-xr-x bin/bin; the RSCT and system configuration commands that
# only root may run are r-xr-x--- (group system or bin), so padmin (group staff) is refused.
DEFAULT_MODE = (0o555, "bin", "bin")
ROOT_ONLY = (0o550, "bin", "bin")
ROOT_ONLY_COMMANDS = frozenset({
    "rmcctrl", "recfgct", "chrsrc", "ctsnap", "installp", "chdev", "mkfilt", "rmfilt", "route",
    "chfs", "emgr", "drmgr",
})


@lru_cache(maxsize=8)
def program_files(registry: Registry) -> dict[str, tuple[int, str, str]]:
    """path -> (mode, owner, group) of every full path a registered command is reachable by."""
    table: dict[str, tuple[int, str, str]] = {}
    for spec in registry.specs():
        meta = ROOT_ONLY if spec.name in ROOT_ONLY_COMMANDS else DEFAULT_MODE
        for path in spec.paths:
            if path.startswith("/bin/"):  # /bin is a symbolic link to /usr/bin on AIX
                path = "/usr" + path
            table.setdefault(path, meta)
    return table
