"""``?group=``: the extended attribute groups a client asks for [V: pypowervm sends ``group=None`` on every
read unless it names groups, and marks extended elements with ``group="..."`` as the HMC does].

- no ``group`` parameter, or ``All`` among the groups: every element [I: the HMC's default];
- ``group=None``: the base object only, without any extended group's elements;
- ``group=Advanced,ViosStorage,...``: the base object and the named groups' elements.
Unknown group names are ignored [I]. Served groups: ViosStorage, ViosNetwork (VirtualIOServer), Advanced
(ClientNetworkAdapter, from schema V1_6_0), Hypervisor (ManagedSystem). Which elements belong to which
group is declared where the element is built (``El(xag=...)``).
"""

from __future__ import annotations

from .uomxml import El


def requested(query) -> set[str] | None:
    """The groups asked for (None: all of them)."""
    raw = query.get("group")
    if raw is None:
        return None
    groups = {g.strip() for g in raw.split(",") if g.strip()}
    return None if "All" in groups else groups - {"None"}


def select(elements: list[El], groups: set[str] | None) -> list[El]:
    if groups is None:
        return elements
    return [e for e in elements if e.xag is None or e.xag in groups]
