"""The HMC's own commands (lssyscfg, lshwres, chhwres, lspartition, lshmc, uname) as a Registry.

Each command lives in its own module; they share one option parser (options.py), one --filter
parser (filters.py), one formatter (formatting.py), one message table (messages.py) and the
per-level attribute lists (attributes.py).
"""

from __future__ import annotations

from ..shell.command import Registry

# [I] the HMC's restricted PATH is /hmcrbin:/usr/hmcrbin (shell/flavours.py); its commands live there
HMC_BIN = "/usr/hmcrbin"


def build_registry() -> Registry:
    from . import chhwres, lshmc, lshwres, lspartition, lssyscfg, uname

    reg = Registry("hmc")
    for name, module in (("lssyscfg", lssyscfg), ("lshwres", lshwres), ("chhwres", chhwres),
                         ("lspartition", lspartition), ("lshmc", lshmc)):
        reg.register(name, getattr(module, name), paths=(f"{HMC_BIN}/{name}",), summary=module.SUMMARY,
                     flags=module.FLAGS)
    reg.register("uname", uname.uname, paths=("/bin/uname", "/usr/bin/uname"), summary=uname.SUMMARY,
                 flags=uname.FLAGS)
    try:
        from ..shell.utilities import base_registry
    except Exception:  # noqa: BLE001 - optional: harness/runtime/registries.py merges them too
        return reg
    return base_registry("hmc").merged(reg)
