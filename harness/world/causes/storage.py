"""Causes on a partition's filesystems."""

from __future__ import annotations

from .. import src
from .registry import cause

TRACE_FILE = "/var/adm/ras/trace.20261125"
CORE_FILE = "/var/adm/core"


@cause("var_full", "/var at 100%: a runaway trace and a core file fill it, the RMC daemons cannot start "
       "(running ones crash); chfs or removing the files, then rmcctrl -z/-A/-p")
def _var_full(world, part, value) -> None:
    os = part.os
    var = os.filesystem("/var")
    free_bytes = os.free_blocks(var) * 512
    # [V seed] "examine subdirectories and remove unnecessary files (for example, trace.*, core)"
    os.files[TRACE_FILE] = os.files.get(TRACE_FILE, 0) + free_bytes * 3 // 4
    os.files[CORE_FILE] = os.files.get(CORE_FILE, 0) + free_bytes - free_bytes * 3 // 4
    if part.running:
        for sub in list(src.rsct_rms(part)) + [os.subsystem("ctrmc")]:
            if sub is not None and sub.status == "active" and src.start_blocker(part, sub.name):
                src.stop(world, part, sub.name)  # [I] daemons that cannot write /var/ct exit


@_var_full.healer
def _(world, part, value) -> None:
    part.os.files.pop(TRACE_FILE, None)
    part.os.files.pop(CORE_FILE, None)
