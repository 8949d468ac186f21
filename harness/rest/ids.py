"""UUIDs stable per world: the same scenario and seed give the same ids on every start.

Partitions carry their own ``uuid`` (lssyscfg prints it); managed systems and HMCs get a name-based
UUID (version 3, as the HMC's own lower-case ids look [I]) from the world seed and their identity.
"""

from __future__ import annotations

import uuid

_BASE = uuid.UUID("5c1d6a3e-7f0b-4b8e-9a52-f4b1c0e2d7a9")  # fakehmc's namespace (arbitrary, fixed)


def _ns(world) -> uuid.UUID:
    return uuid.uuid3(_BASE, f"world/{world.seed}")


def system_uuid(world, system) -> str:
    return str(uuid.uuid3(_ns(world), f"sys/{system.mtms}"))


def hmc_uuid(world, hmc) -> str:
    return str(uuid.uuid3(_ns(world), f"hmc/{hmc.name}/{hmc.mtms}"))


def partition_uuid(world, system, part) -> str:
    """The partition's own uuid (upper case, as the HMC prints partition UUIDs [V pypowervm data])."""
    if part.uuid:
        return part.uuid.upper()
    return str(uuid.uuid3(_ns(world), f"lpar/{system.mtms}/{part.id}")).upper()


def profile_uuid(world, system, part, name: str) -> str:
    """Stable per world: the system's UUID, the partition id and the profile name (lower case, as the
    captured AssociatedPartitionProfile links show profile ids [V])."""
    return str(uuid.uuid3(uuid.UUID(system_uuid(world, system)), f"prof/{part.id}/{name}"))
