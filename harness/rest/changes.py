"""POST of an edited LogicalPartition (or VirtualIOServer): the differences between the posted desired
values and the partition become the same world operations chhwres runs (harness/world/dlpar.py), with
the same checks and the same HSCL messages when they fail.

A running partition changes dynamically: DesiredMemory -> dlpar.memory(set), DesiredVirtualProcessors /
DesiredProcessingUnits (shared) or DesiredProcessors (dedicated) -> dlpar.processors. A Not Activated
partition takes the new desired values within its bounds, in its current profile too (the next
activation uses them) [I]. Bounds (Minimum*/Maximum*), the name and
the processor mode cannot change here: such an edit is refused and nothing changes [I].
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..world import dlpar
from ..world.errors import WorldError
from .uomxml import UOM_NS


class ChangeRefused(Exception):
    """A change the REST server refuses: (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _find(root: ET.Element, path: str) -> str | None:
    el = root.find("/".join(f"{{{UOM_NS}}}{p}" for p in path.split("/")))
    return el.text.strip() if el is not None and el.text is not None else None


def parse_partition(body: bytes) -> ET.Element:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ChangeRefused(400, f"The request body is not valid XML: {exc}") from None  # [I]
    if root.tag == "{http://www.w3.org/2005/Atom}entry":  # an Atom-wrapped entry is accepted too [I]
        content = root.find("{http://www.w3.org/2005/Atom}content")
        root = content[0] if content is not None and len(content) else root
    local = root.tag.rsplit("}", 1)[-1]
    if local not in ("LogicalPartition", "VirtualIOServer"):
        raise ChangeRefused(400, f"The request body is a {local}, not a LogicalPartition.")  # [I]
    return root


def _int(root, path: str) -> int | None:
    v = _find(root, path)
    if v is None:
        return None
    try:
        return int(v)
    except ValueError:
        raise ChangeRefused(400, f"The value {v} of {path.rsplit('/', 1)[-1]} is not valid.") from None


def _float(root, path: str) -> float | None:
    v = _find(root, path)
    if v is None:
        return None
    try:
        return round(float(v), 2)
    except ValueError:
        raise ChangeRefused(400, f"The value {v} of {path.rsplit('/', 1)[-1]} is not valid.") from None


MEM = "PartitionMemoryConfiguration"
SHARED = "PartitionProcessorConfiguration/SharedProcessorConfiguration"
DED = "PartitionProcessorConfiguration/DedicatedProcessorConfiguration"


def apply(world, hmc, system, part, root: ET.Element) -> None:
    """Apply the posted values; WorldError (the HSCL text) or ChangeRefused when they cannot be."""
    p, m = part.proc, part.mem
    fixed = {f"{MEM}/MinimumMemory": m.min, f"{MEM}/MaximumMemory": m.max, "PartitionID": part.id}
    if p.mode == "ded":
        fixed.update({f"{DED}/MinimumProcessors": p.min_procs, f"{DED}/MaximumProcessors": p.max_procs})
    else:
        fixed.update({f"{SHARED}/MinimumVirtualProcessors": p.min_procs,
                      f"{SHARED}/MaximumVirtualProcessors": p.max_procs})
    for path, have in fixed.items():
        got = _int(root, path)
        if got is not None and got != have:
            raise ChangeRefused(400, f"{path.rsplit('/', 1)[-1]} cannot be changed on partition {part.name} "
                                     "with this request.")  # [I]
    name = _find(root, "PartitionName")
    if name is not None and name != part.name:
        raise ChangeRefused(400, f"PartitionName cannot be changed on partition {part.name} with this request.")
    want_mem = _int(root, f"{MEM}/DesiredMemory")
    if p.mode == "ded":
        want_procs, want_units = _int(root, f"{DED}/DesiredProcessors"), None
    else:
        want_procs, want_units = _int(root, f"{SHARED}/DesiredVirtualProcessors"), _float(
            root, f"{SHARED}/DesiredProcessingUnits")
    if part.state == "Not Activated":
        _pending(part, want_mem, want_procs, want_units)
        return
    if part.state != "Running":
        # [I] a starting or stopping partition is neither changed dynamically nor through its profile
        raise WorldError("not_running", lpar=part.name, lpar_id=part.id, state=part.state)
    if want_mem is not None and want_mem != m.cur:
        dlpar.memory(world, hmc, system, part, "s", want_mem)
    d_procs = 0 if want_procs is None else want_procs - p.procs
    d_units = 0.0 if want_units is None else round(want_units - p.units, 2)
    if d_procs or d_units:
        _processors(world, hmc, system, part, d_procs, d_units)


def _processors(world, hmc, system, part, d_procs: int, d_units: float) -> None:
    """One add or remove when both move the same way (as chhwres --procs N --procunits X does), else the
    removal first and then the addition; a failed second step gives the first one back."""
    if d_procs * d_units >= 0:
        op = "a" if (d_procs > 0 or d_units > 0) else "r"
        dlpar.processors(world, hmc, system, part, op, abs(d_procs) or None, abs(d_units) or None)
        return
    first = ("r", abs(d_procs), None) if d_procs < 0 else ("r", None, abs(d_units))
    second = ("a", None, abs(d_units)) if d_procs < 0 else ("a", abs(d_procs), None)
    dlpar.processors(world, hmc, system, part, *first)
    try:
        dlpar.processors(world, hmc, system, part, *second)
    except WorldError:
        dlpar.processors(world, hmc, system, part, "a", first[1], first[2])
        raise


def _pending(part, mem: int | None, procs: int | None, units: float | None) -> None:
    m, p = part.mem, part.proc
    if mem is not None and not (m.min <= mem <= m.max):
        raise ChangeRefused(400, f"DesiredMemory {mem} is outside {m.min}-{m.max} MB for partition "
                                 f"{part.name}.")  # [I]
    if procs is not None and not (p.min_procs <= procs <= p.max_procs):
        raise ChangeRefused(400, f"The desired processors {procs} are outside {p.min_procs}-{p.max_procs} for "
                                 f"partition {part.name}.")  # [I]
    if units is not None and not (p.min_units <= units <= p.max_units):
        raise ChangeRefused(400, f"DesiredProcessingUnits {units} is outside {p.min_units}-{p.max_units} for "
                                 f"partition {part.name}.")  # [I]
    # the values the next activation uses: the current profile's desired ones [I: the REST server keeps
    # the partition and its current profile in step, as "sync current configuration" does]
    from ..world.power import find_profile

    prof = find_profile(part, None)
    for alloc in ([m] + ([prof.mem] if prof else [])):
        if mem is not None:
            alloc.cur = mem
    for alloc in ([p] + ([prof.proc] if prof else [])):
        if procs is not None:
            alloc.procs = procs
        if units is not None:
            alloc.units = units
