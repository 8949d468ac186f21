"""The command tables of each kind of host: shell utilities with the host's own commands on top."""

from __future__ import annotations

from functools import lru_cache

from ..shell.command import Registry


@lru_cache(maxsize=None)
def registry_for(flavour: str) -> Registry:
    from ..shell.utilities import base_registry

    if flavour == "hmc":
        from ..hmc import build_registry
    elif flavour == "vios":
        from ..vios import build_registry  # padmin's ioscli set (root on a VIOS has the AIX set)
    else:
        from ..aix import build_registry
    return base_registry(flavour).merged(build_registry())


@lru_cache(maxsize=None)
def own_registry(flavour: str) -> Registry:
    """Only the host kind's own commands, without the shell utilities (what ``ioscli CMD`` runs)."""
    if flavour == "hmc":
        from ..hmc import build_registry
    elif flavour == "vios":
        from ..vios import build_registry
    else:
        from ..aix import build_registry
    return build_registry()
